"""World concentration and supply risk with and without the corridor pipeline.

World mine and refinery supply by country (``concentration.world_supply``: IEA base case,
USGS) is made annual by linear interpolation between published years (no extrapolation
beyond them), and Canada's and Korea's entries are replaced by corridor's own supply at the
stage (the balances' ``upstream_supply``):

``excluded``
    what they had by 2024: their published output, held flat, or where a publication does
    not list them at all, the registry's plants started by 2024;
``included``
    that plus the registry projects the scenario realises after 2024.

Where a publication lists the country (non-zero somewhere in the series), its series is
replaced. Where it does not, the country's output sits inside the publisher's residual
("Rest of world"): its ``excluded`` supply is taken out of the residual (floored at 0) and
it is added as a named supplier. The two variants therefore differ only by the pipeline,
and without it the publisher's world total holds (unless the floor binds). The IEA base
case may count some of the same projects in its own figures after 2024, so the
``included`` world total can double count them (an upper bound on the pipeline's effect).

Indicators: HHI and top-3 share (``concentration``) at mining and refining, and the supply
risk of the EU method on world supply (``risk.corridor_supply_risk``), per year. Beside
them, ``production``: the published world supply itself, summed into corridor's regions
(``concentration.to_regions``), without any corridor adjustment.
"""

from __future__ import annotations

import hashlib

import numpy as np
import xarray as xr

from corridor.dims import CORRIDOR, SUPPLY_MINERALS
from corridor.paths import annual
from corridor.supply.balance import PUBLISHED
from corridor.supply.concentration import RESIDUAL, hhi, to_regions, top_share, world_supply
from corridor.supply.risk import corridor_supply_risk

#: The two variants, along the dimension ``corridor_pipeline``.
PIPELINE = ("excluded", "included")


def with_corridor(world: xr.DataArray, corridor: xr.DataArray,
                  baseline: xr.DataArray) -> xr.DataArray:
    """World supply (``mineral, stage, country, year``) with Canada and Korea replaced by
    ``corridor``; where the publication does not list them, what they already had
    (``baseline``, the ``excluded`` variant) is taken out of the residual. Both are
    ``region, stage, mineral, year`` with stages ``mining``/``refining``. Slices the
    publication does not cover stay NaN.

    >>> world = xr.DataArray([[[[60.0], [40.0]]]], dims=("mineral", "stage", "country",
    ...     "year"), coords={"mineral": ["Nickel"], "stage": ["mining"],
    ...     "country": ["China", "Other countries"], "year": [2030]})
    >>> ca = xr.DataArray([[[[10.0]]], [[[0.0]]]], dims=("region", "stage", "mineral",
    ...     "year"), coords={"region": list(CORRIDOR), "stage": ["mining"],
    ...     "mineral": ["Nickel"], "year": [2030]})
    >>> with_corridor(world, ca * 3, ca).sel(mineral="Nickel", stage="mining",
    ...     year=2030).values.tolist()   # China, residual 40 - 10, Canada 30, Korea 0
    [60.0, 30.0, 30.0, 0.0]
    """
    def aligned(x: xr.DataArray) -> xr.DataArray:  # NaN where corridor has no figure
        x = x.rename(region="country").transpose("mineral", "stage", "country", "year")
        return x.reindex(mineral=world.mineral, stage=world.stage, year=world.year)

    corridor, baseline = aligned(corridor), aligned(baseline).fillna(0.0)
    covered = world.notnull().any("country")
    names = [*world.country.values, *(c for c in CORRIDOR if c not in world.country.values)]
    world = world.reindex(country=names)
    own = world.sel(country=list(CORRIDOR))
    listed = (own > 0).any("year")
    taken = baseline.where(~listed & corridor.notnull(), 0.0).sum("country")
    out = world.copy()
    out.loc[{"country": RESIDUAL}] = (world.sel(country=RESIDUAL).fillna(0.0) - taken).clip(0)
    out.loc[{"country": list(CORRIDOR)}] = corridor.fillna(own.fillna(0.0))
    return out.where(covered)


def indicators(data, upstream: xr.DataArray) -> dict[str, xr.Dataset]:
    """HHI, top-3 share and supply risk of world supply, without and with the pipeline.

    Parameters
    ----------
    upstream
        One scenario's mine and refining supply of Canada and Korea with and without the
        registry pipeline (the ``upstream`` of :func:`corridor.supply.balance.balances`).

    Returns
    -------
    dict of xarray.Dataset
        ``risk``: ``hhi`` and ``top3_share`` (dims ``corridor_pipeline, mineral, stage,
        year``) and ``supply_risk`` (dims ``corridor_pipeline, mineral, year``), all unit
        ``1``; ``production``: the published world supply (dims ``region, mineral, stage,
        year``, kt/yr), World and its parts.
    """
    world = data.memo("world_supply:annual", lambda: annual(
        world_supply(data), before="nan", after="nan"))
    upstream = upstream.sel(region=list(CORRIDOR), stage=list(PUBLISHED))
    excluded = upstream.sel(corridor_pipeline="excluded", drop=True)

    def variant(corridor: xr.DataArray) -> xr.Dataset:
        def build() -> xr.Dataset:
            supply = with_corridor(world, corridor, excluded)
            risk = corridor_supply_risk(data, supply).drop_vars("stage")
            return xr.Dataset({"hhi": hhi(supply), "top3_share": top_share(supply),
                               "supply_risk": risk})
        # scenarios with the same supply settings share the result
        key = hashlib.sha1(np.ascontiguousarray(corridor.values).tobytes()
                           + np.ascontiguousarray(excluded.values).tobytes()).hexdigest()
        return data.memo(f"outlook:{key}", build)

    ds = xr.concat([variant(upstream.sel(corridor_pipeline=v, drop=True)) for v in PIPELINE],
                   "corridor_pipeline").assign_coords(corridor_pipeline=list(PIPELINE))
    for name in ds.data_vars:
        ds[name].attrs["units"] = "1"
    production = data.memo("world_supply:regions", lambda: to_regions(world))
    production = production.rename("production").assign_attrs(units="kt/yr")
    return {"risk": ds.reindex(mineral=list(SUPPLY_MINERALS)),
            "production": production.reindex(mineral=list(SUPPLY_MINERALS)).to_dataset()}
