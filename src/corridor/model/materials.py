"""Materials: mineral content of batteries and fuel-cell stacks, scrap and recycling rates.

Units: kWh x kg/kWh = kg, so GWh x kg/kWh = kt. Lithium is contained lithium (not LCE).
Platinum is carried in kt like the other minerals and converted to t at the output edge.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.coords import BATTERY_MINERALS, CHEMISTRIES, FUEL_CELL_SEGMENTS, MINERALS, YEARS
from corridor.data import Data
from corridor.errors import InputError
from corridor.model.batteries import anchored
from corridor.scenario import Scenario


def intensity(data: Data) -> xr.DataArray:
    """kg of contained mineral per kWh of pack, dims ``(chemistry, mineral)``.

    Platinum is a mineral of fuel-cell stacks only: battery packs carry none.
    """

    def build():
        df = data.table("mineral_intensity")
        table = df.pivot_table(index="chemistry", columns="mineral", values="value")
        missing = [(c, m) for c in CHEMISTRIES for m in BATTERY_MINERALS
                   if c not in table.index or m not in table.columns
                   or np.isnan(table.loc[c, m])]
        if missing:
            c, m = missing[0]
            raise InputError(f"data table {data.path('mineral_intensity')}: no row for "
                             f"{c} {m}")
        table = table.reindex(index=list(CHEMISTRIES), columns=list(MINERALS), fill_value=0.0)
        return xr.DataArray(table.values, dims=("chemistry", "mineral"),
                            coords={"chemistry": list(CHEMISTRIES), "mineral": list(MINERALS)},
                            attrs={"units": "kg/kWh"})

    return data.memo("intensity", build)


def platinum_per_vehicle(data: Data) -> xr.DataArray:
    """kg of platinum per new fuel-cell vehicle, dims ``(segment, year)``: kW x g/kW."""

    def build():
        df = data.table("fuel_cell")
        rows = {}
        for seg, par, year, value in zip(df.segment, df.parameter, df.year, df.value,
                                         strict=True):
            rows.setdefault((seg, par), {})[int(year)] = float(value)
        out = []
        for seg in FUEL_CELL_SEGMENTS:
            try:
                kw = anchored(rows[(seg, "stack power")])
                loading = anchored(rows[(seg, "platinum loading")])
            except KeyError as err:
                raise InputError(f"data table {data.path('fuel_cell')}: no {err.args[0][1]} "
                                 f"row for {seg}") from None
            out.append(kw * loading / 1000.0)  # g -> kg
        return xr.DataArray(np.array(out), dims=("segment", "year"),
                            coords={"segment": list(FUEL_CELL_SEGMENTS), "year": list(YEARS)},
                            attrs={"units": "kg/vehicle"})

    return data.memo("platinum", build)


def recovery_rates(data: Data, case: str, label: str) -> xr.DataArray:
    """Share of each mineral recovered by a recycling case, dims ``(mineral, year)``.

    A case's rows apply from their year on (a step function); before its first year the
    first row applies.
    """
    return data.memo(f"recovery:{case}", lambda: _recovery_rates(data, case, label))


def _recovery_rates(data: Data, case: str, label: str) -> xr.DataArray:
    df = data.table("recovery_rate")
    rows = df[df.case == case]
    if rows.empty:
        cases = ", ".join(sorted(df.case.unique()))
        raise InputError(f"scenario {label}: no recovery case {case!r} (choose from {cases})")
    out = np.zeros((len(MINERALS), len(YEARS)))
    years = np.array(YEARS)
    for m, mineral in enumerate(MINERALS):
        sub = rows[rows.mineral == mineral].sort_values("year")
        if sub.empty:
            raise InputError(f"data table {data.path('recovery_rate')}: case {case!r} has no "
                             f"row for {mineral}")
        idx = np.searchsorted(sub.year.values, years, side="right") - 1
        out[m] = sub.value.values[np.clip(idx, 0, None)]
    return xr.DataArray(out, dims=("mineral", "year"),
                        coords={"mineral": list(MINERALS), "year": list(YEARS)},
                        attrs={"units": "1"})


def year_path(points: dict[int, float]) -> xr.DataArray:
    """A scenario's year -> value mapping on the model years (linear, flat outside)."""
    return xr.DataArray(anchored(points), coords={"year": list(YEARS)}, dims="year")


def recycling_inputs(data: Data, scenario: Scenario) -> dict[str, xr.DataArray]:
    """Collection, recovery and scrap paths of a scenario."""
    rec = scenario.recycling
    return {
        "collection": year_path(rec.collection_rate),
        "recovery": recovery_rates(data, rec.recovery_case, scenario.name),
        "scrap_rate": year_path(rec.scrap_rate),
        "scrap_recovery": recovery_rates(data, rec.scrap_recovery_case, scenario.name),
    }
