"""Capacity pipeline: facility rows -> effective capacity by year -> contained mineral.

Effective capacity of a facility in year ``t``::

    nameplate x realisation[status] x ramp(t - start_year) x utilisation[stage]

``realisation`` is the scenario's share counted by status (operating and under construction
fully, announced at a discount, paused and cancelled not at all);
``ramp`` rises linearly from ``1 / ramp_years`` in the start year to 1 (a blank start year on an
operating row means it runs in every year). Only rows flagged ``in_capacity`` count; a
paused or cancelled row counts only when the scenario restarts it (``supply.restart``).

Contained mineral per unit of capacity follows the row's rule in the ``conversions`` table
(its ``basis``): ``element``, capacity stated as contained nickel, cobalt or LCE, converted
by its unit; ``product``, tonnes of a chain product x its stoichiometric mineral fraction
(``product_content``); ``chemistry``, GWh of cells x BatPaC kg/kWh of the row's chemistry
(``mineral_intensity``); ``vehicle``, vehicles x kWh per battery-electric car of the region
and year x the region's EV chemistry mix (result variables of the demand side); ``black
mass``, tonnes of black mass fed to a hydrometallurgical recycler x the cathode metals of a
cell of the row's chemistry over its cathode and anode mass (BatPaC) x the scenario's
recovery rate (secondary supply at refining); ``none``, capacity outside the balances.

Examples
--------
>>> import numpy as np
>>> ramp(np.array([-1, 0, 1, 2, 5]), 3).round(3).tolist()
[0.0, 0.333, 0.667, 1.0, 1.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from corridor.config.schema import Supply
from corridor.demand import materials
from corridor.dims import MINERALS, YEARS, label
from corridor.errors import InputError
from corridor.supply.registry import conversions
from corridor.units import ELEMENT, factor

#: Mineral named by a unit's contained element (``t LCE/yr`` is contained lithium).
UNIT_MINERAL = {"t Ni/yr": "Nickel", "t Co/yr": "Cobalt", "t LCE/yr": "Lithium"}


def capacity_variables(data) -> list[tuple[str, str]]:
    """(``{Stage}|{Product}``, unit) of every product class of the conversions table.

    >>> from corridor.data import Data
    >>> ("Cell|NCM", "GWh/yr") in capacity_variables(Data())
    True
    """
    return [(f"{label('stage', s, 'iamc')}|{p}", u) for s, p, u in conversions(data).index]


def ramp(age: np.ndarray, years) -> np.ndarray:
    """Share of nameplate reached ``age`` years after the start year (linear ramp-up over
    ``years``, a number or one per row of ``age``; 0: full output from the start year)."""
    years = np.broadcast_to(np.asarray(years, dtype=float), np.shape(age))
    linear = np.divide(np.asarray(age, dtype=float) + 1, years, out=np.ones(np.shape(age)),
                       where=years > 0)
    return np.clip(np.where(years > 0, linear, (np.asarray(age) >= 0).astype(float)), 0.0, 1.0)


def check_restart(facilities: pd.DataFrame, settings: Supply, label: str = "scenario") -> None:
    """Every id in ``settings.restart`` names a paused or cancelled row of the registry."""
    status = facilities.set_index("id").status
    for fid in settings.restart:
        if fid not in status.index:
            raise InputError(f"{label}: supply.restart: unknown facility id {fid!r} (see "
                             "'corridor facilities --status paused')")
        if status[fid] not in ("paused", "cancelled"):
            raise InputError(f"{label}: supply.restart: {fid} is {status[fid]}, not paused or "
                             "cancelled")


def effective_capacity(facilities: pd.DataFrame, settings: Supply,
                       years=YEARS) -> xr.DataArray:
    """Capacity counted in each year, in each row's own unit (dims ``facility, year``).

    Parameters
    ----------
    facilities
        The facility table (``corridor.supply.registry.load_facilities``).
    settings
        The scenario's supply settings.
    """
    fac = facilities[facilities.in_capacity]
    status = fac.status.where(~fac.id.isin(settings.restart), "under construction")
    start = fac.start_year.astype("Float64")
    restarted = fac.id.isin(settings.restart).to_numpy()
    start = np.where(restarted, np.fmax(start.fillna(-np.inf).to_numpy(float),
                                        settings.restart_year), start.fillna(-np.inf))
    share = status.map(settings.realisation).to_numpy(float)
    use = fac.stage.map(lambda s: settings.utilisation.get(s, 1.0)).to_numpy(float)
    age = np.asarray(years)[None, :] - start[:, None]
    # a proposed project may bring its own ramp (column ramp_years, not in the shipped table)
    ramps = (fac["ramp_years"].astype("Float64").fillna(settings.ramp_years).to_numpy(float)
             if "ramp_years" in fac else np.full(len(fac), float(settings.ramp_years)))
    values = (fac.capacity.to_numpy(float) * share * use)[:, None] * ramp(age, ramps[:, None])
    return xr.DataArray(values, dims=("facility", "year"),
                        coords={"facility": fac.id.to_numpy(), "year": list(years)},
                        attrs={"long_name": "effective capacity, in each row's unit"})


def supplied_stage(facilities: pd.DataFrame) -> pd.Series:
    """The balance stage each row supplies: its own, except hydrometallurgical recycling
    (black mass in, refined salts out), which is secondary supply at refining."""
    return facilities.stage.where(facilities.basis != "black mass", "refining")


def unit_content(facilities: pd.DataFrame, data) -> xr.DataArray:
    """Scenario-independent part of :func:`mineral_content` for the counted rows: kt/yr of
    each mineral per unit of capacity (dims ``facility, mineral``; 0 for vehicle rows).

    Black mass is taken as the cell's cathode composite and anode graphite (BatPaC:
    ``cathode_per_gwh`` plus the graphite of ``mineral_intensity``, both per kWh), so a
    tonne of it holds ``intensity / (cathode + graphite)`` of each mineral: an upper bound,
    since real black mass also carries copper, aluminium, binder and electrolyte residue.
    """
    fac = facilities[facilities.in_capacity]
    rules = conversions(data)

    contents = data.table("product_content")
    product = contents.pivot(index="product", columns="mineral", values="value").reindex(
        columns=list(MINERALS), fill_value=0.0).fillna(0.0)
    product_unit = contents.unit.iloc[0]
    kg_per_kwh = materials.intensity(data)
    # battery designs hold the chain's minerals only: none of the others
    intensity = kg_per_kwh.to_pandas().reindex(columns=list(MINERALS), fill_value=0.0)
    intensity_unit = kg_per_kwh.attrs["units"]
    cathodes = data.table("cathode_per_gwh").set_index("chemistry")
    cathode = cathodes.value * cathodes.unit.map(lambda u: factor(u, intensity_unit))
    out = np.zeros((len(fac), len(MINERALS)))
    for i, row in enumerate(fac.itertuples()):
        rule = rules.loc[(row.stage, row.product_class, row.unit)]
        if row.basis == "element":
            mineral = UNIT_MINERAL[row.unit]
            out[i, MINERALS.index(mineral)] = factor(
                row.unit, f"kt {ELEMENT[mineral]}/yr")
        elif row.basis == "product":
            key = rule.content.replace("{chemistry}", str(row.chemistry))
            if key not in product.index:
                raise InputError(f"data table {data.path('product_content')}: no rows for "
                                 f"{key!r} (facility {row.id})")
            out[i] = product.loc[key].to_numpy() * factor(f"({row.unit}) * ({product_unit})",
                                                          "kt/yr")
        elif row.basis == "chemistry":
            out[i] = intensity.loc[row.chemistry].to_numpy() * factor(
                f"({row.unit}) * ({intensity_unit})", "kt/yr")
        elif row.basis == "black mass":
            if row.chemistry not in cathode.index:
                raise InputError(f"data table {data.path('cathode_per_gwh')}: no row for "
                                 f"{row.chemistry} (black mass of facility {row.id})")
            black_mass = cathode[row.chemistry] + intensity.loc[row.chemistry, "Graphite"]
            # cathode metals only: foils and casing are not black mass, and its graphite is
            # not recovered as anode material
            active = intensity.loc[row.chemistry].drop(["Copper", "Aluminium", "Graphite"])
            share = active.reindex(MINERALS, fill_value=0.0).to_numpy() / black_mass
            out[i] = share * factor(f"({row.unit}) / feed", "kt/yr")
    return xr.DataArray(out, dims=("facility", "mineral"),
                        coords={"facility": fac.id.to_numpy(), "mineral": list(MINERALS),
                                "basis": ("facility", fac.basis.to_numpy())},
                        attrs={"units": "kt/yr per unit of capacity"})


def mineral_content(facilities: pd.DataFrame, data, chemistry_mix: xr.DataArray,
                    kwh_per_vehicle: xr.DataArray, recovery: xr.DataArray,
                    per_unit: xr.DataArray | None = None) -> xr.DataArray:
    """kt/yr of each mineral per unit of capacity (dims ``facility, mineral, year``).

    Parameters
    ----------
    chemistry_mix
        EV chemistry shares (dims ``region, year, chemistry``) for vehicle assembly rows.
    kwh_per_vehicle
        kWh per battery-electric car (dims ``region, year``, ``units`` kWh/vehicle) for
        vehicle assembly rows.
    recovery
        Share of each mineral a recycling plant recovers (dims ``mineral, year``), applied
        to black-mass rows.
    per_unit
        :func:`unit_content` of ``facilities``, if already computed.
    """
    fac = facilities[facilities.in_capacity]
    per_unit = per_unit if per_unit is not None else unit_content(facilities, data)
    years = kwh_per_vehicle.year.values
    out = np.repeat(per_unit.values[:, :, None], years.size, axis=2)
    recycled = (per_unit.basis == "black mass").values
    if recycled.any():
        out[recycled] *= recovery.reindex(mineral=list(MINERALS), fill_value=0.0).sel(
            year=years).values
    vehicle = (per_unit.basis == "vehicle").values
    if vehicle.any():
        intensity = materials.intensity(data)
        unit = intensity.attrs["units"]
        regions = fac.region.to_numpy()[vehicle]
        mix = chemistry_mix.sel(region=regions).rename(region="facility")
        kwh = kwh_per_vehicle.sel(region=regions).rename(region="facility")
        to_kt = factor(f"vehicle/yr * ({kwh_per_vehicle.attrs['units']}) * ({unit})", "kt/yr")
        per_vehicle = (xr.dot(mix, intensity, dim="chemistry") * kwh * to_kt).reindex(
            mineral=list(MINERALS), fill_value=0.0)
        out[vehicle] = per_vehicle.transpose("facility", "mineral", "year").values
    return xr.DataArray(out, dims=("facility", "mineral", "year"),
                        coords={**per_unit.coords, "year": years},
                        attrs={"units": "kt/yr per unit of capacity"})
