"""Capacity pipeline: facility rows → effective capacity by year → contained mineral.

Effective capacity of a facility in year ``t``::

    nameplate × realisation[status] × ramp(t − start_year) × utilisation[stage]

``realisation`` is the scenario's share counted by status (operating and under construction
fully, announced at a discount, paused only if the scenario restarts it, cancelled never);
``ramp`` rises linearly from ``1 / ramp_years`` in the start year to 1 (a blank start year on an
operating row means it runs in every year). Only rows flagged ``in_capacity`` count.

Contained mineral per unit of capacity comes from cited conversion tables:
tonnes of a chain product × its stoichiometric mineral fraction (``product_content``);
GWh of cells × BatPaC kg/kWh of the cell chemistry (``mineral_intensity``); vehicles ×
kWh per battery-electric car of the region and year (``pack_size``) × the region's EV
chemistry mix; tonnes of black mass fed to a hydrometallurgical recycler × the cathode
metals of an NMC811 cell over its cathode and anode mass (BatPaC) × the scenario's
recovery rate (secondary supply at refining).

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

from corridor.coords import MINERALS, STAGE_NAMES, YEARS
from corridor.errors import InputError
from corridor.scenario import Supply
from corridor.supply.facilities import UNITS_BY_STAGE
from corridor.units import factor

#: How a facility row's capacity converts to contained mineral, and the product class it is
#: reported under (``Capacity|{Stage}|{Product}``), first match wins: (stage or None for any,
#: unit, keyword in the product or None, basis, key, product class). ``basis`` is ``product``
#: (a ``product_content`` row), ``chemistry`` (a ``mineral_intensity`` row, per GWh),
#: ``vehicle``, ``black mass`` (hydrometallurgical recycling: t of black mass fed, taken as
#: the cathode and anode active material of a ``key`` cell, see :func:`unit_content`), or
#: None for rows outside the mineral balances (packs, pre-processing feed, components,
#: cells counted in units). High-nickel NCM/NCMA cathodes, precursors and cells, and black
#: mass, take NMC811 (assumption: no plant publishes its exact composition).
CONVERSIONS = (
    (None, "t Ni/yr", None, "product", "nickel contained", "Nickel Contained"),
    (None, "t Co/yr", None, "product", "cobalt contained", "Cobalt Contained"),
    (None, "t LCE/yr", None, "product", "lithium carbonate", "Lithium Carbonate Equivalent"),
    ("mine", "t/yr", "spodumene", "product", "spodumene concentrate", "Spodumene Concentrate"),
    ("mine", "t/yr", "graphite", "product", "natural graphite", "Natural Graphite"),
    ("refining", "t/yr", "lithium hydroxide", "product", "lithium hydroxide",
     "Lithium Hydroxide"),
    ("refining", "t/yr", "lithium carbonate", "product", "lithium carbonate",
     "Lithium Carbonate"),
    ("refining", "t/yr", "nickel sulphate", "product", "nickel sulphate", "Nickel Sulphate"),
    ("refining", "t/yr", "cobalt sulphate", "product", "cobalt sulphate", "Cobalt Sulphate"),
    ("refining", "t/yr", "manganese sulphate", "product", "manganese sulphate",
     "Manganese Sulphate"),
    ("refining", "t/yr", "graphite", "product", "anode graphite", "Graphite"),
    ("precursor", "t/yr", None, "product", "precursor NMC811", "NCM"),
    ("cathode", "t/yr", "LFP", "product", "cathode LFP", "LFP"),
    ("cathode", "t/yr", "NCA cathode", "product", "cathode NCA", "NCA"),
    ("cathode", "t/yr", None, "product", "cathode NMC811", "NCM"),
    ("anode", "t/yr", None, "product", "anode graphite", "Graphite"),
    ("cell", "GWh/yr", "LFP ESS cells;", "chemistry", "LFP", "LFP"),
    ("cell", "GWh/yr", "NCA", "chemistry", "NCA", "NCA"),
    ("cell", "GWh/yr", None, "chemistry", "NMC811", "NCM"),
    ("cell", "million cells/yr", None, None, None, "Cells Counted"),
    ("pack", "GWh/yr", None, None, None, "Packs"),
    ("vehicle assembly", "vehicles/yr", None, "vehicle", None, "Electric Vehicles"),
    ("recycling", "t feed/yr", "from black mass", "black mass", "NMC811", "Black Mass Feed"),
    ("recycling", "t feed/yr", None, None, None, "Feed"),
    ("recycling", "t/yr", None, None, None, "Black Mass"),
    ("component", "t/yr", "copper foil", None, None, "Copper Foil"),
    ("component", "million m2/yr", "separator", None, None, "Separator"),
    ("component", "units/yr", "fuel cell", None, None, "Fuel Cell Systems"),
)


def conversion(stage: str, product: str, unit: str) -> tuple[str | None, ...]:
    """``(basis, key, product class)`` of the first matching rule in ``CONVERSIONS``
    (all None if no rule matches).

    >>> conversion("cathode", "high-nickel NCMA cathode", "t/yr")
    ('product', 'cathode NMC811', 'NCM')
    >>> conversion("refining", "lithium hydroxide (from brine)", "t/yr")
    ('product', 'lithium hydroxide', 'Lithium Hydroxide')
    """
    for rule_stage, rule_unit, keyword, basis, key, product_class in CONVERSIONS:
        if rule_stage in (None, stage) and rule_unit == unit and (
                keyword is None or keyword.lower() in product.lower()):
            return basis, key, product_class
    return None, None, None


def capacity_variables() -> list[tuple[str, str]]:
    """(``{Stage}|{Product}``, unit) of every product class a facility row can get
    (``CONVERSIONS`` rules for any stage apply to the stages whose units allow them).

    >>> ("Cell|NCM", "GWh/yr") in capacity_variables()
    True
    """
    out = []
    for rule_stage, unit, _, _, _, product_class in CONVERSIONS:
        stages = [rule_stage] if rule_stage else [s for s, units in UNITS_BY_STAGE.items()
                                                  if unit in units]
        out += [(f"{STAGE_NAMES[s]}|{product_class}", unit) for s in stages]
    return list(dict.fromkeys(out))


def product_classes(facilities: pd.DataFrame) -> pd.Series:
    """The ``CONVERSIONS`` product class of each row (None where no rule matches)."""
    return pd.Series([conversion(s, p, u)[2] for s, p, u in zip(
        facilities.stage, facilities["product"], facilities.unit, strict=True)],
        index=facilities.index, dtype=object)


def ramp(age: np.ndarray, years: int) -> np.ndarray:
    """Share of nameplate reached ``age`` years after the start year (linear ramp-up)."""
    if years == 0:
        return (age >= 0).astype(float)
    return np.clip((age + 1) / years, 0.0, 1.0)


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
        The facility table (``corridor.supply.facilities.load_facilities``).
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
    values = (fac.capacity.to_numpy(float) * share * use)[:, None] * ramp(age, settings.ramp_years)
    return xr.DataArray(values, dims=("facility", "year"),
                        coords={"facility": fac.id.to_numpy(), "year": list(years)})


def supplied_stage(facilities: pd.DataFrame) -> pd.Series:
    """The balance stage each row supplies: its own, except hydrometallurgical recycling
    (black mass in, refined salts out), which is secondary supply at refining."""
    recycled = [conversion(s, p, u)[0] == "black mass" for s, p, u in zip(
        facilities.stage, facilities["product"], facilities.unit, strict=True)]
    return facilities.stage.where(~np.asarray(recycled, dtype=bool), "refining")


def unit_content(facilities: pd.DataFrame, data) -> tuple[np.ndarray, np.ndarray]:
    """Scenario-independent part of :func:`mineral_content` for the rows counted in capacity:
    kt of each mineral per unit of capacity (``facility x mineral``, 0 for vehicle rows) and
    the basis of each row (``CONVERSIONS``; "" where none).

    Black mass is taken as the cell's cathode composite and anode graphite (BatPaC:
    ``cathode_per_gwh`` plus the graphite of ``mineral_intensity``, both per kWh), so a
    tonne of it holds ``intensity / (cathode + graphite)`` of each mineral: an upper bound,
    since real black mass also carries copper, aluminium, binder and electrolyte residue.
    """
    fac = facilities[facilities.in_capacity]

    def table(name: str, index: str) -> pd.DataFrame:
        wide = data.table(name).pivot(index=index, columns="mineral", values="value")
        return wide.reindex(columns=list(MINERALS), fill_value=0.0).fillna(0.0)

    product, intensity = table("product_content", "product"), table("mineral_intensity",
                                                                    "chemistry")
    cathodes = data.table("cathode_per_gwh").set_index("chemistry")
    cathode = cathodes.value * cathodes.unit.map(lambda u: factor(u, "kg/kWh"))
    out = np.zeros((len(fac), len(MINERALS)))
    bases = np.full(len(fac), "", dtype=object)
    for i, (stage, name, unit) in enumerate(zip(fac.stage, fac["product"], fac.unit,
                                                strict=True)):
        basis, key, _ = conversion(stage, name, unit)
        if basis == "product":
            out[i] = product.loc[key].to_numpy() * 1e-3  # t → kt
        elif basis == "chemistry":
            out[i] = intensity.loc[key].to_numpy()  # kg/kWh = kt/GWh
        elif basis == "black mass":
            black_mass = cathode[key] + intensity.loc[key, "Graphite"]  # kg/kWh
            # cathode metals only: foils and casing are not black mass, and its graphite is
            # not recovered as anode material
            active = intensity.loc[key].drop(["Copper", "Aluminium", "Graphite"]).reindex(
                MINERALS, fill_value=0.0)
            out[i] = active.to_numpy() / black_mass * 1e-3  # t → kt
        bases[i] = basis or ""
    return out, bases


def mineral_content(facilities: pd.DataFrame, data, chemistry_mix: xr.DataArray,
                    kwh_per_vehicle: xr.DataArray, years=YEARS,
                    static: tuple[np.ndarray, np.ndarray] | None = None,
                    recovery: xr.DataArray | None = None) -> xr.DataArray:
    """kt of each mineral per unit of capacity (dims ``facility, mineral, year``).

    Parameters
    ----------
    chemistry_mix
        EV chemistry shares (dims ``region, year, chemistry``) for vehicle assembly rows.
    kwh_per_vehicle
        kWh per battery-electric car (dims ``region, year``) for vehicle assembly rows.
    static
        :func:`unit_content` of ``facilities``, if already computed.
    recovery
        Share of each mineral a recycling plant recovers (dims ``mineral, year``), applied
        to black-mass rows (default: all of it).
    """
    fac = facilities[facilities.in_capacity]
    per_unit, bases = static if static is not None else unit_content(facilities, data)
    out = np.repeat(per_unit[:, :, None], len(years), axis=2)
    recycled = bases == "black mass"
    if recovery is not None and recycled.any():
        out[recycled] *= recovery.sel(mineral=list(MINERALS), year=list(years)).values
    vehicle = bases == "vehicle"
    if vehicle.any():
        intensity = data.table("mineral_intensity").pivot(
            index="chemistry", columns="mineral", values="value").fillna(0.0)
        intensity = xr.DataArray(intensity.reindex(columns=list(MINERALS), fill_value=0.0),
                                 dims=("chemistry", "mineral"))
        regions = fac.region.to_numpy()[vehicle]
        mix = chemistry_mix.sel(region=regions, year=list(years)).rename(region="facility")
        kwh = kwh_per_vehicle.sel(region=regions, year=list(years)).rename(region="facility")
        per_vehicle = xr.dot(mix, intensity, dim="chemistry") * kwh * 1e-6  # kt per vehicle
        out[vehicle] = per_vehicle.transpose("facility", "mineral", "year").values
    return xr.DataArray(out, dims=("facility", "mineral", "year"),
                        coords={"facility": fac.id.to_numpy(), "mineral": list(MINERALS),
                                "year": list(years)})
