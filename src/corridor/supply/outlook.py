"""World concentration and supply risk with and without the corridor pipeline.

World mine and refinery supply by country (``concentration.world_supply``: IEA base case,
USGS) is made annual by linear interpolation between published years (no extrapolation
beyond them), and Canada's and Korea's entries are replaced by corridor's own supply at the
stage (``corridor.supply.balance``):

``excluded``
    their published output, held flat (``balance.national_output``);
``included``
    that plus the registry projects the scenario realises (the balances' mine and refining
    supply).

Where a publication lists the country (non-zero somewhere in the series), its series is
replaced. Where it does not, the country's output sits inside the publisher's residual
("Rest of world"): its published output is taken out of the residual (floored at 0) and it
is added as a named supplier. The two variants therefore differ only by the pipeline. The
IEA base case may count some of the same projects in its own figures after 2024, so the
``included`` world total can double count them (an upper bound on the pipeline's effect).

Indicators: HHI and top-3 share (``concentration``) at mining and refining, and the supply
risk of the EU method on world supply (``risk.corridor_supply_risk``), per year. Beside
them, ``production``: the published world supply itself, summed into corridor's regions
(``concentration.to_regions``), without any corridor adjustment.
"""

from __future__ import annotations

import xarray as xr

from corridor.coords import CORRIDOR, MINERALS, YEARS
from corridor.supply.balance import national_output
from corridor.supply.concentration import RESIDUAL, hhi, to_regions, top_share, world_supply
from corridor.supply.risk import corridor_supply_risk

#: The two variants, along the dimension ``corridor_pipeline``.
PIPELINE = ("excluded", "included")
#: Stage names of world supply -> balance stages.
STAGES = {"mining": "mine", "refining": "refining"}


def annual(ws: xr.DataArray, years=YEARS) -> xr.DataArray:
    """Linear between each series' published years; NaN before the first and after the
    last.

    >>> x = xr.DataArray([1.0, float("nan"), 3.0], dims="year", coords={"year": [2024, 2025, 2026]})
    >>> annual(x, [2023, 2024, 2025, 2026, 2027]).values.tolist()
    [nan, 1.0, 2.0, 3.0, nan]
    """
    return ws.reindex(year=sorted(set(years) | set(ws.year.values))).interpolate_na(
        "year", method="linear").sel(year=list(years))


def with_corridor(world: xr.DataArray, corridor: xr.DataArray,
                  published: xr.DataArray) -> xr.DataArray:
    """World supply (``mineral, stage, country, year``) with Canada and Korea replaced by
    ``corridor``, their published output ``published`` taken out of the residual where the
    publication does not list them (both ``region, stage, mineral, year``, stages
    ``mining``/``refining``). Slices the publication does not cover stay NaN.

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
    def aligned(x: xr.DataArray) -> xr.DataArray:
        x = x.rename(region="country").transpose("mineral", "stage", "country", "year")
        return x.reindex(mineral=world.mineral, stage=world.stage, year=world.year,
                         fill_value=0.0)

    corridor, published = aligned(corridor), aligned(published)
    covered = world.notnull().any("country")
    names = [*world.country.values, *(c for c in CORRIDOR if c not in world.country.values)]
    world = world.reindex(country=names)
    listed = (world.sel(country=list(CORRIDOR)) > 0).any("year")
    taken = published.where(~listed, 0.0).sum("country")
    out = world.copy()
    out.loc[{"country": RESIDUAL}] = (world.sel(country=RESIDUAL).fillna(0.0) - taken).clip(0)
    out.loc[{"country": list(CORRIDOR)}] = corridor
    return out.where(covered)


def indicators(data, balances: xr.Dataset) -> xr.Dataset:
    """HHI, top-3 share and supply risk of world supply, without and with the pipeline.

    Parameters
    ----------
    balances
        One scenario's :func:`corridor.supply.balance.balances`: its mine and refining
        ``supply`` of Canada and Korea is the ``included`` variant (minerals without a
        balance keep their published output).

    Returns
    -------
    xarray.Dataset
        ``hhi`` and ``top3_share`` (dims ``corridor_pipeline, mineral, stage, year``) and
        ``supply_risk`` (dims ``corridor_pipeline, mineral, year``), all unit ``1``;
        ``production`` (dims ``region, mineral, stage, year``, kt/yr), World and its parts.
    """
    world = data.memo("world_supply:annual", lambda: annual(world_supply(data)))
    published = data.memo("national_output", lambda: national_output(data)).assign_coords(
        stage=list(STAGES))

    def variant(corridor: xr.DataArray) -> xr.Dataset:
        supply = with_corridor(world, corridor, published)
        risk = corridor_supply_risk(data, supply).drop_vars("stage")
        return xr.Dataset({"hhi": hhi(supply), "top3_share": top_share(supply),
                           "supply_risk": risk})

    included = balances.supply.sel(region=list(CORRIDOR), stage=list(STAGES.values()))
    included = included.assign_coords(stage=list(STAGES)).fillna(published)
    ds = xr.concat([data.memo("outlook:excluded", lambda: variant(published)),
                    variant(included)], "corridor_pipeline")
    ds = ds.assign_coords(corridor_pipeline=list(PIPELINE),
                          stage=[STAGES[s] for s in ds.stage.values])
    for name in ds.data_vars:
        ds[name].attrs["units"] = "1"
    production = data.memo("world_supply:regions", lambda: to_regions(world))
    ds["production"] = production.assign_coords(stage=[STAGES[s] for s in production.stage.values])
    ds.production.attrs["units"] = "kt/yr"
    return ds.reindex(mineral=list(MINERALS))
