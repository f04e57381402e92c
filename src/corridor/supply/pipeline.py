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
chemistry mix.

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

from corridor.coords import MINERALS, YEARS
from corridor.scenario import Supply

#: How a facility row's capacity converts to contained mineral, first match wins:
#: (stage or None for any, unit, keyword in the product or None, basis, key). ``basis`` is
#: ``product`` (a ``product_content`` row), ``chemistry`` (a ``mineral_intensity`` row, per
#: GWh) or ``vehicle``. High-nickel NCM/NCMA cathodes, precursors and cells take NMC811
#: (assumption: no plant publishes its exact composition).
CONVERSIONS = (
    (None, "t Ni/yr", None, "product", "nickel contained"),
    (None, "t Co/yr", None, "product", "cobalt contained"),
    (None, "t LCE/yr", None, "product", "lithium carbonate"),
    ("mine", "t/yr", "spodumene", "product", "spodumene concentrate"),
    ("mine", "t/yr", "graphite", "product", "natural graphite"),
    ("refining", "t/yr", "lithium hydroxide", "product", "lithium hydroxide"),
    ("refining", "t/yr", "lithium carbonate", "product", "lithium carbonate"),
    ("refining", "t/yr", "nickel sulphate", "product", "nickel sulphate"),
    ("refining", "t/yr", "cobalt sulphate", "product", "cobalt sulphate"),
    ("refining", "t/yr", "manganese sulphate", "product", "manganese sulphate"),
    ("refining", "t/yr", "graphite", "product", "anode graphite"),
    ("precursor", "t/yr", None, "product", "precursor NMC811"),
    ("cathode", "t/yr", "LFP", "product", "cathode LFP"),
    ("cathode", "t/yr", "NCA cathode", "product", "cathode NCA"),
    ("cathode", "t/yr", None, "product", "cathode NMC811"),
    ("anode", "t/yr", None, "product", "anode graphite"),
    ("cell", "GWh/yr", "LFP ESS cells;", "chemistry", "LFP"),
    ("cell", "GWh/yr", "NCA", "chemistry", "NCA"),
    ("cell", "GWh/yr", None, "chemistry", "NMC811"),
    ("vehicle assembly", "vehicles/yr", None, "vehicle", None),
)


def conversion(stage: str, product: str, unit: str) -> tuple[str | None, str | None]:
    """``(basis, key)`` of the first matching rule in ``CONVERSIONS``; ``(None, None)`` for
    rows outside the mineral balances (packs, recycling, components, cell counts).

    >>> conversion("cathode", "high-nickel NCMA cathode", "t/yr")
    ('product', 'cathode NMC811')
    >>> conversion("refining", "lithium hydroxide (from brine)", "t/yr")
    ('product', 'lithium hydroxide')
    """
    for rule_stage, rule_unit, keyword, basis, key in CONVERSIONS:
        if rule_stage in (None, stage) and rule_unit == unit and (
                keyword is None or keyword.lower() in product.lower()):
            return basis, key
    return None, None


def ramp(age: np.ndarray, years: int) -> np.ndarray:
    """Share of nameplate reached ``age`` years after the start year (linear ramp-up)."""
    if years == 0:
        return (age >= 0).astype(float)
    return np.clip((age + 1) / years, 0.0, 1.0)


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


def mineral_content(facilities: pd.DataFrame, data, chemistry_mix: xr.DataArray,
                    kwh_per_vehicle: xr.DataArray, years=YEARS) -> xr.DataArray:
    """kt of each mineral per unit of capacity (dims ``facility, mineral, year``).

    Parameters
    ----------
    chemistry_mix
        EV chemistry shares (dims ``region, year, chemistry``) for vehicle assembly rows.
    kwh_per_vehicle
        kWh per battery-electric car (dims ``region, year``) for vehicle assembly rows.
    """
    fac = facilities[facilities.in_capacity]
    content = data.table("product_content").pivot(index="product", columns="mineral",
                                                  values="value")
    content = content.reindex(columns=list(MINERALS), fill_value=0.0).fillna(0.0)
    intensity = data.table("mineral_intensity").pivot(index="chemistry", columns="mineral",
                                                      values="value")
    intensity = intensity.reindex(columns=list(MINERALS), fill_value=0.0).fillna(0.0)
    per_vehicle = (chemistry_mix * xr.DataArray(intensity, dims=("chemistry", "mineral"))
                   ).sum("chemistry") * kwh_per_vehicle * 1e-6  # kt per vehicle
    out = np.zeros((len(fac), len(MINERALS), len(years)))
    for i, row in enumerate(fac.itertuples()):
        basis, key = conversion(row.stage, row.product, row.unit)
        if basis == "product":
            out[i] = content.loc[key].to_numpy()[:, None] * 1e-3  # t → kt
        elif basis == "chemistry":
            out[i] = intensity.loc[key].to_numpy()[:, None]  # kg/kWh = kt/GWh
        elif basis == "vehicle":
            out[i] = per_vehicle.sel(region=row.region, year=list(years)).transpose(
                "mineral", "year").values
    return xr.DataArray(out, dims=("facility", "mineral", "year"),
                        coords={"facility": fac.id.to_numpy(), "mineral": list(MINERALS),
                                "year": list(years)})
