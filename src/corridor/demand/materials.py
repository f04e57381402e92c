"""Materials: mineral content of battery packs and fuel-cell stacks.

Units: kWh x kg/kWh = kg, so GWh x kg/kWh = kt. Lithium is contained lithium (not LCE).
Platinum is carried in kt like the other minerals and converted at the output edge.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.data import Data
from corridor.dims import BATTERY_MINERALS, CHEMISTRIES, FUEL_CELL_SEGMENTS, MINERALS, YEARS
from corridor.errors import InputError
from corridor.paths import annual
from corridor.units import factor


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
        rows, units = {}, {}
        for seg, par, year, value, unit in zip(df.segment, df.parameter, df.year, df.value,
                                               df.unit, strict=True):
            rows.setdefault((seg, par), {})[int(year)] = float(value)
            units[par] = unit
        out = []
        for seg in FUEL_CELL_SEGMENTS:
            try:
                kw = annual(rows[(seg, "stack power")])
                loading = annual(rows[(seg, "platinum loading")])
            except KeyError as err:
                raise InputError(f"data table {data.path('fuel_cell')}: no {err.args[0][1]} "
                                 f"row for {seg}") from None
            out.append(kw * loading)
        to_kg = factor(f"({units['stack power']}) * ({units['platinum loading']})", "kg")
        return xr.DataArray(np.array(out) * to_kg, dims=("segment", "year"),
                            coords={"segment": list(FUEL_CELL_SEGMENTS), "year": list(YEARS)},
                            attrs={"units": "kg/vehicle"})

    return data.memo("platinum", build)
