"""Stage-by-stage balances of Canada, South Korea, the corridor and the World.

For each mineral along its chain (``CHAIN``), a stage's *requirement* is what the next
stage's capacity in the same region consumes, in contained mineral: refineries feed
precursor plants (nickel, cobalt, manganese) or cathode plants (lithium, phosphorus),
precursor plants feed cathode plants, cathode and anode plants feed cell plants, and cell
plants feed vehicle assembly. Its *supply* is the stage's own capacity in contained
mineral:

* downstream stages (precursor, cathode, anode, cell): the facility registry through the
  capacity pipeline (``corridor.supply.pipeline``);
* hydrometallurgical recycling plants (black mass in, salts out) add their recovered output
  to refining, as secondary supply (the scenario's recovery rates apply);
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

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
import xarray as xr

from corridor.coords import (
    CORRIDOR,
    CORRIDOR_REGION,
    MINERALS,
    REGION_PARTS,
    STAGE_NAMES,
    STAGES,
    WORLD,
    YEARS,
)
from corridor.errors import InputError
from corridor.supply import pipeline
from corridor.supply.concentration import EDITIONS, world_supply
from corridor.supply.facilities import load_facilities

#: Stages reported in balances, upstream first (``mine`` is ``mining`` in world supply).
BALANCE_STAGES = ("mine", "refining", "precursor", "cathode", "anode", "cell")
#: Stages whose capacity is converted to contained mineral (vehicle assembly is the last
#: consumer).
CONTAINED_STAGES = (*BALANCE_STAGES, "vehicle assembly")
REGIONS = (*CORRIDOR, CORRIDOR_REGION, WORLD)
#: Regions of a run's supply side: the balances' and the other parts of World.
SUPPLY_REGIONS = (*REGIONS, *(r for r in REGION_PARTS if r not in CORRIDOR))
PUBLISHED = {"mine": "mining", "refining": "refining"}
STAGE_OF = {v: k for k, v in PUBLISHED.items()}
#: For each mineral, its stages from mine to vehicle: each stage feeds the next. Phosphorus
#: starts at refining (purified phosphoric acid and iron phosphate for LFP cathodes): the
#: registry has no such plant and no publication gives national output, so its refining
#: supply is 0 and its requirement shows what the LFP cathode plants need.
CHAIN = {
    "Lithium": ("mine", "refining", "cathode", "cell", "vehicle assembly"),
    "Nickel": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Cobalt": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Manganese": ("mine", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Graphite": ("mine", "refining", "anode", "cell", "vehicle assembly"),
    "Phosphorus": ("refining", "cathode", "cell", "vehicle assembly"),
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


def membership(facilities: pd.DataFrame, only_after: int | None = None) -> np.ndarray:
    """1 where a counted row supplies a corridor region's stage (``region x stage x
    facility``, ``CORRIDOR x CONTAINED_STAGES x`` the ``in_capacity`` rows).

    With ``only_after``, rows supplying mining or refining (hydrometallurgical recycling
    included: published refinery output is taken to contain secondary output) count only
    if they start after that year.
    """
    fac = facilities[facilities.in_capacity]
    stage = pipeline.supplied_stage(fac)
    keep = fac.region.isin(CORRIDOR).to_numpy() & stage.isin(CONTAINED_STAGES).to_numpy()
    if only_after is not None:
        keep &= ((fac.start_year.fillna(-1).to_numpy(float) > only_after)
                 | ~stage.isin(PUBLISHED).to_numpy())
    member = np.zeros((len(CORRIDOR), len(CONTAINED_STAGES), len(fac)))
    rows = np.flatnonzero(keep)
    member[[CORRIDOR.index(r) for r in fac.region.to_numpy()[rows]],
           [CONTAINED_STAGES.index(s) for s in stage.to_numpy()[rows]], rows] = 1.0
    return member


def registry_supply(facilities: pd.DataFrame, contained: xr.DataArray,
                    only_after: int | None = None) -> xr.DataArray:
    """kt of contained mineral by (region, stage, mineral, year) for Canada and Korea.

    ``contained`` is capacity × content of the counted rows (dims ``facility, mineral,
    year``); ``only_after`` as in :func:`membership`.
    """
    counted = facilities.id[facilities.in_capacity].to_numpy()
    if contained.facility.values.tolist() != counted.tolist():
        raise ValueError("registry_supply: contained must list the counted rows, in order")
    values = _by_stage(membership(facilities, only_after),
                       contained.transpose("facility", "mineral", "year").values)
    return xr.DataArray(values, dims=("region", "stage", "mineral", "year"),
                        coords={"region": list(CORRIDOR), "stage": list(CONTAINED_STAGES),
                                "mineral": contained.mineral.values,
                                "year": contained.year.values})


def national_output(data, years=YEARS) -> xr.DataArray:
    """Canada's and Korea's published mine and refinery output, held flat from the latest
    history year up to ``PUBLISHED_UNTIL`` (dims ``region, stage, mineral, year``; 0 where no
    publication lists the country). Where several publications list it, the latest year
    wins, then the order of ``concentration.EDITIONS``."""
    df = data.table("world_supply")
    df = df[df.country.isin(CORRIDOR) & (df.scenario == "History")
            & (df.year <= PUBLISHED_UNTIL) & df.value.notna() & df.mineral.isin(MINERALS)]
    rank = df.edition.map({e: -i for i, e in enumerate(EDITIONS)})
    latest = df.assign(rank=rank).sort_values(["year", "rank"]).groupby(
        ["country", "stage", "mineral"]).value.last()
    out = np.zeros((len(CORRIDOR), len(PUBLISHED), len(MINERALS)))
    for (country, stage, mineral), value in latest.items():
        out[CORRIDOR.index(country), list(PUBLISHED).index(STAGE_OF[stage]),
            MINERALS.index(mineral)] = value
    return xr.DataArray(np.repeat(out[..., None], len(years), axis=-1),
                        dims=("region", "stage", "mineral", "year"),
                        coords={"region": list(CORRIDOR), "stage": list(PUBLISHED),
                                "mineral": list(MINERALS), "year": list(years)})


@dataclass(frozen=True)
class Registry:
    """What every scenario's balance shares: the facility rows and the arrays derived from
    them and from the published tables (built once per data set by :func:`registry`)."""

    facilities: pd.DataFrame
    static: tuple[np.ndarray, np.ndarray]  # pipeline.unit_content
    member: np.ndarray  # membership(facilities)
    new: np.ndarray  # membership(facilities, PUBLISHED_UNTIL)
    published: np.ndarray  # national output, region x CONTAINED_STAGES x mineral
    world: np.ndarray  # world output, BALANCE_STAGES x mineral x year (NaN: not covered)
    product: np.ndarray  # product-class one-hot, product x counted facility
    products: pd.DataFrame  # variable, stage, product, unit of each product class


def registry(data) -> Registry:
    """The :class:`Registry` of ``data`` (memoised)."""
    def build() -> Registry:
        facilities = load_facilities(data)
        published = national_output(data).isel(year=0).reindex(
            stage=list(CONTAINED_STAGES), fill_value=0.0)
        ws = _interpolate(world_supply(data).sum("country", min_count=1))
        ws = ws.assign_coords(stage=[STAGE_OF[s] for s in ws.stage.values])
        ws = ws.reindex(mineral=list(MINERALS), stage=list(BALANCE_STAGES))
        counted = facilities[facilities.in_capacity]
        classes = pipeline.product_classes(counted)
        products = pd.DataFrame({"stage": counted.stage, "product": classes,
                                 "unit": counted.unit}).dropna().drop_duplicates()
        products = products.sort_values(["stage", "product"], key=lambda c: c.map(
            {s: i for i, s in enumerate(STAGES)}) if c.name == "stage" else c)
        products.insert(0, "variable", [f"{STAGE_NAMES[s]}|{p}" for s, p in
                                        zip(products.stage, products["product"], strict=True)])
        clash = products.variable[products.variable.duplicated()]
        if len(clash):
            raise InputError(f"facilities: product class {clash.iloc[0]!r} has several units")
        one_hot = np.array([(counted.stage.to_numpy() == s) & (classes.to_numpy() == p)
                            for s, p in zip(products.stage, products["product"], strict=True)],
                           dtype=float)
        return Registry(facilities, pipeline.unit_content(facilities, data),
                        membership(facilities), membership(facilities, PUBLISHED_UNTIL),
                        published.transpose("region", "stage", "mineral").values,
                        ws.transpose("stage", "mineral", "year").values, one_hot,
                        products.reset_index(drop=True))
    return data.memo("registry", build)


def balances(data, inputs, central: xr.Dataset) -> xr.Dataset:
    """Supply, requirement, balance, self-sufficiency and demand coverage of one scenario,
    and the capacity counted by product class.

    Parameters
    ----------
    data
        The data tables.
    inputs
        The scenario's :class:`corridor.model.core.Inputs` (supply settings, pack sizes).
    central
        The scenario's central results (``corridor.model.core.checked``), World included.

    Returns
    -------
    xarray.Dataset
        ``supply``, ``requirement``, ``balance``, ``self_sufficiency``, ``demand_coverage``
        (dims ``region, mineral, stage, year``; NaN where a mineral does not pass through a
        stage or the data do not cover it), ``capacity`` (dims ``region, product, year``,
        Canada, South Korea and the two together; ``unit`` along ``product``) and
        ``upstream_supply`` (mine and refining supply of Canada and Korea with and without
        the registry pipeline, dim ``corridor_pipeline``; see ``corridor.supply.outlook``).
    """
    reg = registry(data)
    ev = central.battery_demand.sel(application="Electric Vehicles")
    mix = (ev / ev.sum("chemistry")).fillna(0.0)
    kwh = inputs.pack.sel(segment="Cars|BEV", drop=True)
    settings = inputs.scenario.supply
    pipeline.check_restart(reg.facilities, settings, f"scenario {inputs.scenario.name}")
    capacity = pipeline.effective_capacity(reg.facilities, settings).values
    content = pipeline.mineral_content(reg.facilities, data, mix, kwh, static=reg.static,
                                       recovery=inputs.recycling["recovery"])
    contained = capacity[:, None, :] * content.values
    every, new = _by_stage(reg.member, contained), _by_stage(reg.new, contained)
    published = reg.published[..., None]
    supply = np.where(published > 0, published + new, every)  # region, stage, mineral, year
    upstream = len(PUBLISHED)  # mine and refining, the stages world supply covers
    existing = np.where(published > 0, published, every - new)[:, :upstream]

    requirement = np.zeros_like(supply)
    for mineral, chain in CHAIN.items():
        m = MINERALS.index(mineral)
        for stage, consumer in pairwise(chain):
            requirement[:, CONTAINED_STAGES.index(stage), m] = supply[
                :, CONTAINED_STAGES.index(consumer), m]
    n = len(BALANCE_STAGES)
    supply, requirement = supply[:, :n], requirement[:, :n]
    world_demand = _values(central.primary_demand.sel(region=WORLD), ("mineral", "year"))
    world_requirement = np.where(np.isnan(reg.world), np.nan, world_demand[None])
    supply = np.concatenate([supply, supply.sum(0, keepdims=True), reg.world[None]])
    requirement = np.concatenate([requirement, requirement.sum(0, keepdims=True),
                                  world_requirement[None]])
    own = _values(central.material_demand.sum("application").sel(region=list(CORRIDOR)),
                  ("region", "mineral", "year"))
    demand = np.concatenate([own, own.sum(0, keepdims=True), world_demand[None]])[:, None]
    relevant = RELEVANT[None, :, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = {"self_sufficiency": np.where(requirement > 0, supply / requirement, np.nan),
                  "demand_coverage": np.where(demand > 0, supply / demand, np.nan)}
    dims = ("region", "stage", "mineral", "year")
    ds = xr.Dataset(
        {name: (dims, np.where(relevant, values, np.nan)) for name, values in
         {"supply": supply, "requirement": requirement, "balance": supply - requirement,
          **ratios}.items()},
        coords={"region": list(REGIONS), "stage": list(BALANCE_STAGES),
                "mineral": list(MINERALS), "year": list(YEARS)})
    for name in ("supply", "requirement", "balance"):
        ds[name].attrs["units"] = "kt/yr"
    for name in ratios:
        ds[name].attrs["units"] = "1"
    ds = ds.transpose("region", "mineral", "stage", "year")
    upstream_supply = xr.DataArray(
        np.stack([existing, supply[:len(CORRIDOR), :upstream]]),
        dims=("corridor_pipeline", *dims),
        coords={"corridor_pipeline": ["excluded", "included"], "region": list(CORRIDOR),
                "stage": list(PUBLISHED), "mineral": list(MINERALS), "year": list(YEARS)},
        attrs={"units": "kt/yr", "long_name": (
            "mine and refinery supply of Canada and Korea with the registry pipeline "
            "(included) and without it (excluded: published output held flat or, where "
            "none is published, the registry's plants started by PUBLISHED_UNTIL)")})
    return ds.assign(capacity=_capacity(reg, capacity), upstream_supply=upstream_supply)


def _by_stage(member: np.ndarray, contained: np.ndarray) -> np.ndarray:
    """Contained mineral of the rows summed into (region, stage, mineral, year)."""
    return np.einsum("rsf,fmy->rsmy", member, contained)


def _capacity(reg: Registry, capacity: np.ndarray) -> xr.DataArray:
    """Effective capacity by region (Canada, South Korea, both) x product class x year."""
    counted = reg.facilities[reg.facilities.in_capacity]
    values = np.stack([np.einsum("pf,f,fy->py", reg.product,
                                 (counted.region == r).to_numpy(float), capacity)
                       for r in CORRIDOR])
    values = np.concatenate([values, values.sum(0, keepdims=True)])
    return xr.DataArray(values, dims=("region", "product", "year"),
                        coords={"region": [*CORRIDOR, CORRIDOR_REGION],
                                "product": reg.products.variable.to_numpy(),
                                "unit": ("product", reg.products.unit.to_numpy()),
                                "year": list(YEARS)},
                        attrs={"long_name": "effective capacity (realised, ramped, used)"})


def _values(da: xr.DataArray, dims: tuple[str, ...]) -> np.ndarray:
    """``da`` as numpy in ``dims`` order, minerals in ``MINERALS`` order, years ``YEARS``."""
    return da.transpose(*dims).sel(mineral=list(MINERALS), year=list(YEARS)).values


#: True where a mineral passes through a stage (its chain, up to cells): stage x mineral.
RELEVANT = np.array([[stage in CHAIN.get(m, ()) for m in MINERALS] for stage in BALANCE_STAGES])


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
