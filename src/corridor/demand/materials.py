"""Materials: mineral content of battery packs, fuel-cell stacks and electric drivetrains.

Units: kWh x kg/kWh = kg, so GWh x kg/kWh = kt. Lithium is contained lithium (not LCE).
Platinum is carried in kt like the other minerals and converted at the output edge.
Intensities are BatPaC 5.2's designs (5.1's where 5.2 has no row) by chemistry and anode;
the GWh of a year take that year's anode mix and energy-density gains
(:func:`intensity_path`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from corridor.data import Data
from corridor.dims import (
    ANODES,
    BATTERY_MINERALS,
    CHAIN_MINERALS,
    CHEMISTRIES,
    FUEL_CELL_SEGMENTS,
    GRAPHITE_FORMS,
    MINERALS,
    OWN_ANODE,
    SEGMENTS,
    YEARS,
)
from corridor.errors import InputError
from corridor.paths import annual
from corridor.units import factor

DESIGN_YEAR = 2025  # BatPaC 5.2's designs ("updated 2025"): energy-density gains start after


def intensity_by_anode(data: Data) -> xr.DataArray:
    """kg of contained mineral per kWh of pack, dims ``(chemistry, anode, mineral)``;
    zero for an anode a chemistry does not take (:data:`corridor.dims.OWN_ANODE`).

    Platinum is a mineral of fuel-cell stacks only: battery packs carry none.
    """

    def build():
        df = data.table("mineral_intensity")
        table = df.pivot_table(index=["chemistry", "anode"], columns="mineral",
                               values="value")
        needed = [(c, a) for c in CHEMISTRIES for a in _anodes_of(c)]
        missing = [(c, a, m) for c, a in needed for m in BATTERY_MINERALS
                   if (c, a) not in table.index or m not in table.columns
                   or np.isnan(table.loc[(c, a), m])]
        if missing:
            raise InputError(f"data table {data.path('mineral_intensity')}: no row for "
                             f"{' '.join(missing[0])}")
        index = pd.MultiIndex.from_product([CHEMISTRIES, ANODES])
        table = table.reindex(index=index, columns=list(CHAIN_MINERALS)).fillna(0.0)
        return xr.DataArray(table.values.reshape(len(CHEMISTRIES), len(ANODES), -1),
                            dims=("chemistry", "anode", "mineral"),
                            coords={"chemistry": list(CHEMISTRIES), "anode": list(ANODES),
                                    "mineral": list(CHAIN_MINERALS)}, attrs={"units": "kg/kWh"})

    return data.memo("intensity", build)


def _anodes_of(chemistry: str) -> tuple[str, ...]:
    own = OWN_ANODE.get(chemistry)
    return (own,) if own else ("Graphite", "Silicon-graphite")


def intensity(data: Data) -> xr.DataArray:
    """kg per kWh of today's designs, dims ``(chemistry, mineral)``: each chemistry on its
    first anode (graphite for liquid lithium-ion cells). The supply side's plants use it.

    >>> from corridor.data import Data
    >>> round(float(intensity(Data()).sel(chemistry="NMC811", mineral="Graphite")), 6)
    0.853893
    """
    by_anode = intensity_by_anode(data)
    first = [_anodes_of(c)[0] for c in CHEMISTRIES]
    return by_anode.sel(anode=xr.DataArray(first, dims="chemistry",
                                           coords={"chemistry": list(CHEMISTRIES)}),
                        drop=True).assign_attrs(by_anode.attrs)


def intensity_path(data: Data, anodes: xr.DataArray, density_gain: float) -> xr.DataArray:
    """kg per kWh of the GWh placed each year, dims ``(chemistry, year, mineral)``: the
    designs' intensities weighted by the year's ``anodes`` shares (chemistry, year, anode),
    falling by ``density_gain`` a year after :data:`DESIGN_YEAR`."""
    by_anode = intensity_by_anode(data)
    lighter = (1.0 - density_gain) ** np.clip(np.array(YEARS) - DESIGN_YEAR, 0, None)
    out = xr.dot(anodes, by_anode, dim="anode") * xr.DataArray(
        lighter, dims="year", coords={"year": list(YEARS)})
    return out.transpose("chemistry", "year", "mineral").assign_attrs(by_anode.attrs)


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


def drivetrain_content(data: Data) -> xr.DataArray:
    """kg of mineral per new vehicle beyond its battery and stack (the rare earths of
    permanent-magnet motors), dims ``(segment, mineral)``; 0 for segments without rows.

    >>> from corridor.data import Data
    >>> round(float(drivetrain_content(Data()).sel(segment="Cars|BEV").sum()), 3)
    0.5
    """

    def build():
        df = data.table("vehicle_content")
        table = df.pivot_table(index="segment", columns="mineral", values="value")
        return xr.DataArray(table.reindex(index=list(SEGMENTS), columns=list(MINERALS))
                            .fillna(0.0).to_numpy(), dims=("segment", "mineral"),
                            coords={"segment": list(SEGMENTS), "mineral": list(MINERALS)},
                            attrs={"units": "kg/vehicle"})

    return data.memo("drivetrain", build)


def graphite_by_form(demand: xr.Dataset, natural_share: dict[int, float]) -> xr.Dataset:
    """Material and primary demand of graphite (``graphite_demand``,
    ``primary_graphite_demand``; dims ``form, ..., region, year``) split into natural
    and synthetic graphite at ``natural_share``, anchor points (linear between, held flat
    beyond: ``supply.natural_graphite_share``). Recycled graphite is taken to replace
    the two alike. The mining stage serves the natural part
    (:mod:`corridor.supply.balance`).

    >>> import corridor
    >>> d = corridor.run("STEPS").demand.sel(scenario="STEPS")
    >>> g = graphite_by_form(d, {2024: 0.25}).graphite_demand.sel(region="World", year=2030)
    >>> total = float(d.material_demand.sel(region="World", year=2030, mineral="Graphite").sum())
    >>> round(float(g.sel(form="Natural")) / total, 2), round(float(g.sum()) / total, 2)
    (0.25, 1.0)
    """
    share = xr.DataArray(annual(natural_share, YEARS), dims="year", coords={"year": list(YEARS)})
    share = xr.concat([share, 1 - share], pd.Index(list(GRAPHITE_FORMS), name="form"))
    material = demand.material_demand.sel(mineral="Graphite", drop=True)
    if "application" in material.dims:
        material = material.sum("application")
    primary = demand.primary_demand.sel(mineral="Graphite", drop=True)
    return xr.Dataset({name: (share * da).transpose("form", ..., "region", "year").assign_attrs(
        units="kt/yr") for name, da in (("graphite_demand", material),
                                        ("primary_graphite_demand", primary))})
