"""Stage-by-stage balances of Canada, South Korea, the corridor and the World.

For each mineral along its chain (``CHAIN``), a stage's *requirement* is what the next
stage's capacity in the same region consumes, in contained mineral: refineries feed
precursor plants (nickel, cobalt, manganese) or cathode plants (lithium, phosphorus),
precursor plants feed cathode plants, cathode and anode plants feed cell plants, and cell
plants feed vehicle assembly. Its *supply* is the stage's own capacity in contained
mineral:

* downstream stages (precursor, cathode, anode, cell): the facility registry through the
  capacity pipeline (``corridor.supply.pipeline``);
* mining and refining: where a publication lists the country (``world_supply``: USGS,
  IEA), its output at the latest history year, held flat, plus registry projects that start
  after that year (the published output already contains the plants running then);
  elsewhere the registry alone.

``balance = supply − requirement`` (negative: a gap), ``self_sufficiency = supply /
requirement`` and ``demand_coverage = supply / the region's own battery material demand``
from the demand engine. The World row compares world mine and refinery output (the IEA
base case, interpolated, held flat after 2040) with world *primary battery* demand only:
other end uses of these minerals are not modelled.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import xarray as xr

from corridor.coords import CORRIDOR, CORRIDOR_REGION, MINERALS, WORLD, YEARS
from corridor.supply import pipeline
from corridor.supply.concentration import EDITIONS, world_supply
from corridor.supply.facilities import load_facilities

#: Stages reported in balances, upstream first (``mine`` is ``mining`` in world supply).
BALANCE_STAGES = ("mine", "refining", "precursor", "cathode", "anode", "cell")
REGIONS = (*CORRIDOR, CORRIDOR_REGION, WORLD)
PUBLISHED = {"mine": "mining", "refining": "refining"}
STAGE_OF = {v: k for k, v in PUBLISHED.items()}
#: For each mineral, its stages from mine to vehicle: each stage feeds the next. (Phosphorus
#: is left out: the registry's cells are nearly all high-nickel, so LFP has no balance yet.)
CHAIN = {
    "Lithium": ("mine", "refining", "cathode", "cell", "vehicle assembly"),
    "Nickel": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Cobalt": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Manganese": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Graphite": ("mine", "refining", "anode", "cell", "vehicle assembly"),
}
#: The last year of published national output (later registry projects add to it).
PUBLISHED_UNTIL = 2024


def _interpolate(da: xr.DataArray, years=YEARS) -> xr.DataArray:
    """Linear between published years, flat before the first and after the last."""
    da = da.dropna("year", how="all")
    values = np.apply_along_axis(
        lambda v: np.interp(years, da.year.values[~np.isnan(v)], v[~np.isnan(v)])
        if (~np.isnan(v)).any() else np.full(len(years), np.nan), -1,
        da.transpose(..., "year").values)
    return xr.DataArray(values, dims=[*(d for d in da.dims if d != "year"), "year"],
                        coords={**{d: da[d] for d in da.dims if d != "year"},
                                "year": list(years)})


def contained_stages() -> list[str]:
    return [*BALANCE_STAGES, "vehicle assembly"]


def registry_supply(facilities: pd.DataFrame, contained: xr.DataArray,
                    only_after: int | None = None) -> xr.DataArray:
    """kt of contained mineral by (region, stage, mineral, year) for Canada and Korea.

    With ``only_after``, mine and refinery rows count only if they start after that year.
    """
    fac = facilities.set_index("id").loc[contained.facility.values]
    keep = fac.region.isin(CORRIDOR).to_numpy()
    if only_after is not None:
        keep = keep & ((fac.start_year.fillna(-1).to_numpy(float) > only_after)
                       | ~fac.stage.isin(PUBLISHED).to_numpy())
    stages = contained_stages()
    member = np.zeros((len(CORRIDOR), len(stages), len(fac)))
    for k, (region, stage) in enumerate(zip(fac.region, fac.stage, strict=True)):
        if keep[k] and stage in stages:
            member[CORRIDOR.index(region), stages.index(stage), k] = 1.0
    member = xr.DataArray(member, dims=("region", "stage", "facility"),
                          coords={"region": list(CORRIDOR), "stage": stages,
                                  "facility": contained.facility.values})
    return xr.dot(member, contained, dim="facility").transpose("region", "stage", "mineral",
                                                               "year")


def national_output(data, years=YEARS) -> xr.DataArray:
    """Canada's and Korea's published mine and refinery output, held flat from the latest
    history year up to ``PUBLISHED_UNTIL`` (dims ``region, stage, mineral, year``; 0 where no
    publication lists the country). Where several publications list it, the latest year
    wins, then the order of ``concentration.EDITIONS``."""
    df = data.table("world_supply")
    df = df[df.country.isin(CORRIDOR) & (df.scenario == "History")
            & (df.year <= PUBLISHED_UNTIL) & df.value.notna()]
    rank = df.edition.map({e: -i for i, e in enumerate(EDITIONS)})
    latest = df.assign(rank=rank).sort_values(["year", "rank"]).groupby(
        ["country", "stage", "mineral"]).value.last()
    out = xr.DataArray(0.0, dims=("region", "stage", "mineral"),
                       coords={"region": list(CORRIDOR), "stage": list(PUBLISHED),
                               "mineral": list(MINERALS)}).copy()
    for (country, stage, mineral), value in latest.items():
        if mineral in MINERALS:
            out.loc[country, STAGE_OF[stage], mineral] = value
    return out.expand_dims(year=list(years)).transpose("region", "stage", "mineral", "year")


def balances(data, inputs, central: xr.Dataset) -> xr.Dataset:
    """Supply, requirement, balance, self-sufficiency and demand coverage of one scenario.

    Parameters
    ----------
    data
        The data tables.
    inputs
        The scenario's :class:`corridor.model.core.Inputs` (supply settings, pack sizes).
    central
        The scenario's central results (``corridor.model.core.checked``), World included.
    """
    facilities = data.memo("facilities", lambda: load_facilities(data))
    ev = central.battery_demand.sel(application="Electric Vehicles")
    mix = (ev / ev.sum("chemistry")).fillna(0.0)
    kwh = inputs.pack.sel(segment="Cars|BEV", drop=True)
    capacity = pipeline.effective_capacity(facilities, inputs.scenario.supply)
    content = pipeline.mineral_content(facilities, data, mix, kwh)
    contained = capacity * content
    published = national_output(data).reindex(stage=contained_stages(), fill_value=0.0)
    supply = xr.where(published > 0,
                      published + registry_supply(facilities, contained, PUBLISHED_UNTIL),
                      registry_supply(facilities, contained))

    requirement = xr.zeros_like(supply)
    for mineral, chain in CHAIN.items():
        for stage, consumer in pairwise(chain):
            requirement.loc[{"stage": stage, "mineral": mineral}] = supply.sel(
                stage=consumer, mineral=mineral)
    supply, requirement = (x.sel(stage=list(BALANCE_STAGES)) for x in (supply, requirement))
    corridor = [x.sum("region").expand_dims(region=[CORRIDOR_REGION]) for x in
                (supply, requirement)]
    supply, requirement = (xr.concat([x, c], "region") for x, c in
                           zip((supply, requirement), corridor, strict=True))
    world = _world(data, central)
    supply = xr.concat([supply, world.supply], "region")
    requirement = xr.concat([requirement, world.requirement], "region")
    demand = central.material_demand.sum("application").sel(region=list(CORRIDOR))
    demand = xr.concat([demand, demand.sum("region").expand_dims(region=[CORRIDOR_REGION]),
                        central.primary_demand.sel(region=[WORLD])], "region")
    relevant = _relevant()
    ds = xr.Dataset({
        "supply": supply.where(relevant),
        "requirement": requirement.where(relevant),
        "balance": (supply - requirement).where(relevant),
        "self_sufficiency": (supply / requirement.where(requirement > 0)).where(relevant),
        "demand_coverage": (supply / demand.where(demand > 0)).where(relevant),
    })
    return ds.transpose("region", "mineral", "stage", "year")


def _relevant() -> xr.DataArray:
    """True where a mineral passes through a stage (its chain, up to cells)."""
    mask = np.array([[stage in CHAIN.get(m, ()) for stage in BALANCE_STAGES] for m in MINERALS])
    return xr.DataArray(mask, dims=("mineral", "stage"),
                        coords={"mineral": list(MINERALS), "stage": list(BALANCE_STAGES)})


def _world(data, central: xr.Dataset) -> xr.Dataset:
    ws = _interpolate(world_supply(data).sum("country", min_count=1))
    ws = ws.assign_coords(stage=[STAGE_OF[s] for s in ws.stage.values])
    ws = ws.reindex(mineral=list(MINERALS), stage=list(BALANCE_STAGES))
    demand = central.primary_demand.sel(region=WORLD)
    requirement = demand.expand_dims(stage=list(BALANCE_STAGES)).where(ws.notnull())
    return xr.Dataset({"supply": ws.transpose("mineral", "stage", "year"),
                       "requirement": requirement.transpose("mineral", "stage", "year")}
                      ).expand_dims(region=[WORLD]).transpose("region", "stage", "mineral",
                                                             "year")


def gaps(balance: xr.DataArray, start: int = 2025) -> pd.DataFrame:
    """When each gap opens and closes, from ``start`` on.

    A gap is a year with ``balance < 0``. ``opens`` is the first such year (``start`` if the
    gap is already open then); ``closes`` the first later year with ``balance >= 0`` (blank
    if it stays open to the last year). Series with no gap are left out.

    Examples
    --------
    >>> b = xr.DataArray([[1.0, -1.0, -2.0, 0.5]], dims=("mineral", "year"),
    ...                  coords={"mineral": ["Lithium"], "year": [2025, 2026, 2027, 2028]})
    >>> gaps(b).to_dict("records")
    [{'mineral': 'Lithium', 'opens': 2026, 'closes': 2028}]
    """
    b = balance.sel(year=slice(start, None))
    negative = (b < 0).transpose(..., "year")
    years = b.year.values
    keys = [d for d in negative.dims if d != "year"]
    flat = negative.values.reshape(-1, len(years))
    index = pd.MultiIndex.from_product([negative[d].values for d in keys], names=keys)
    rows = []
    for key, row in zip(index, flat, strict=True):
        if not row.any():
            continue
        first = int(np.argmax(row))
        after = np.flatnonzero(~row[first:])
        closes = int(years[first + after[0]]) if after.size else None
        rows.append({**dict(zip(keys, key if isinstance(key, tuple) else (key,),
                               strict=True)), "opens": int(years[first]), "closes": closes})
    return pd.DataFrame(rows, columns=[*keys, "opens", "closes"])
