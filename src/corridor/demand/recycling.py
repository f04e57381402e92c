"""Recycling: what comes back from end-of-life batteries and manufacturing scrap.

Collection and scrap rates are the scenario's anchored series; recovery rates by mineral
are a case of the ``recovery_rate`` table (a step function: each row applies from its year
on) with the scenario's ``recovery_rate`` anchors merged on. Secondary supply is::

    from_end_of_life = end_of_life x collection x recovery
    from_scrap       = manufacturing_scrap x scrap_recovery
    primary_demand   = max(material_demand - from_end_of_life - from_scrap, 0)
    secondary_surplus = max(from_end_of_life + from_scrap - material_demand, 0)

per region (a region's surplus does not offset another's demand). The surplus (recycled
material beyond the region's own demand, e.g. platinum from retired fuel-cell stacks in a
shrinking market) is reported, so that ``material_demand = primary_demand +
secondary_supply - secondary_surplus`` holds exactly.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.config.schema import Scenario
from corridor.data import Data
from corridor.dims import CHAIN_MINERALS, FIRST_YEAR, YEARS
from corridor.errors import InputError
from corridor.paths import annual


def recovery_rates(data: Data, scenario: Scenario, case: str,
                   anchors: dict | None = None) -> xr.DataArray:
    """Share of each mineral recovered by a recycling case, dims ``(mineral, year)``;
    ``anchors`` (the scenario's ``recovery_rate``) merge onto the case's rows."""
    if not anchors:  # every scenario of the case shares it
        return data.memo(f"recovery:{case}", lambda: _rates_of_case(data, scenario, case, {}))
    return _rates_of_case(data, scenario, case, anchors)


def _rates_of_case(data: Data, scenario: Scenario, case: str, anchors: dict) -> xr.DataArray:
    df = data.table("recovery_rate")
    rows = df[df.case == case]
    if rows.empty:
        cases = ", ".join(sorted(df.case.unique()))
        field = ("recovery_case" if case == scenario.recycling.recovery_case
                 else "scrap_recovery_case")
        raise InputError(f"scenario {scenario.name}: recycling.{field}: no recovery case "
                         f"{case!r} in {data.path('recovery_rate')} (choose from {cases})")
    out = np.zeros((len(CHAIN_MINERALS), len(YEARS)))
    for m, mineral in enumerate(CHAIN_MINERALS):
        sub = rows[rows.mineral == mineral]
        if sub.empty:
            raise InputError(f"data table {data.path('recovery_rate')}: case {case!r} has no "
                             f"row for {mineral}")
        points = dict(zip(sub.year.astype(int), sub.value.astype(float), strict=True))
        own = anchors.get(mineral)
        if own is not None:  # targets, not history: every year may change
            points = own.onto(points, FIRST_YEAR - 1, f"scenario {scenario.name}: "
                              f"recycling.recovery_rate.{mineral}")
        out[m] = annual(points, between="step")
    return xr.DataArray(out, dims=("mineral", "year"),
                        coords={"mineral": list(CHAIN_MINERALS), "year": list(YEARS)},
                        attrs={"units": "1"})


def year_path(points: dict[int, float]) -> xr.DataArray:
    """A scenario's year -> value mapping on the model years (linear, held outside)."""
    return xr.DataArray(annual(points), coords={"year": list(YEARS)}, dims="year",
                        attrs={"units": "1"})


def rates(data: Data, scenario: Scenario) -> dict[str, xr.DataArray]:
    """Collection, recovery and scrap paths of a scenario (dims ``year`` or ``mineral,
    year``)."""
    rec = scenario.recycling
    return {
        "collection": year_path(rec.collection_rate.points),
        "recovery": recovery_rates(data, scenario, rec.recovery_case, rec.recovery_rate),
        "scrap_rate": year_path(rec.scrap_rate.points),
        "scrap_recovery": recovery_rates(data, scenario, rec.scrap_recovery_case),
    }


def recycle(end_of_life: xr.DataArray, scrap: xr.DataArray, demand: xr.DataArray,
            rates: dict[str, xr.DataArray], draws: xr.Dataset) -> dict[str, xr.DataArray]:
    """Secondary supply from end of life and from scrap, and primary demand (kt/yr).

    ``draws`` may hold ``collection_scale`` (draw) and ``recovery_scale`` (draw, mineral)
    Monte Carlo multipliers (see :mod:`corridor.demand.uncertainty`).
    """
    collection, recovery = rates["collection"], rates["recovery"]
    scrap_recovery = rates["scrap_recovery"]
    if "collection_scale" in draws:
        collection = (collection * draws["collection_scale"]).clip(0.0, 1.0)
    if "recovery_scale" in draws:
        recovery = (recovery * draws["recovery_scale"]).clip(0.0, 1.0)
        scrap_recovery = (scrap_recovery * draws["recovery_scale"]).clip(0.0, 1.0)
    from_eol = end_of_life * collection * recovery
    from_scrap = scrap * scrap_recovery
    secondary = from_eol + from_scrap
    primary, surplus = balance(demand, secondary)
    return {"secondary_from_end_of_life": from_eol, "secondary_from_scrap": from_scrap,
            "secondary_supply": secondary, "primary_demand": primary,
            "secondary_surplus": surplus}


def balance(demand: xr.DataArray, secondary: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """Primary demand (what secondary supply leaves to mines) and the secondary surplus
    (what it supplies beyond demand); one of them is zero in each cell."""
    # np.maximum: the same as clip, and faster
    return np.maximum(demand - secondary, 0.0), np.maximum(secondary - demand, 0.0)
