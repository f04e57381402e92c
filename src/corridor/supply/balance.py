"""Stage-by-stage balances of Canada, South Korea, the corridor and the World.

For each mineral along its chain (``CHAIN``), a stage's *supply* is its capacity in
contained mineral:

* downstream stages (precursor, cathode, anode, cell): the facility registry through the
  capacity pipeline (:mod:`corridor.supply.pipeline`);
* hydrometallurgical recycling plants (black mass in, salts out) add their recovered output
  to refining, as secondary supply (the scenario's recovery rates apply);
* mining and refining: where a publication lists the country (``world_supply``: USGS,
  IEA), its output at the latest history year, held flat, plus registry projects that start
  after that year (the published output already contains the plants running then);
  elsewhere the registry alone.

Two views compare it with a need:

``demand_coverage`` (demand-based, the headline)
    supply over the region's own battery material demand in the scenario: can the corridor
    supply itself? For World, world output (the IEA base case and USGS, linear between
    published years and held flat before the first and after the last) over world *primary
    battery* demand: other end uses of these minerals (most of nickel, manganese and copper)
    are not modelled. Graphite mines serve only the natural part of graphite demand
    (``supply.natural_graphite_share``): synthetic graphite is made at anode plants.
``self_sufficiency`` (plant-to-plant)
    supply over the *requirement*: what the next stage's plants in the same region consume
    (refineries feed precursor or cathode plants, precursor plants feed cathode plants,
    cathode and anode plants feed cell plants, cell plants feed vehicle assembly).

``balance = supply - requirement`` (negative: a gap). Everything is labelled
(``region, mineral, stage, year``) and joined exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
import xarray as xr

from corridor.config.schema import Supply
from corridor.dims import (
    CORRIDOR,
    CORRIDOR_REGION,
    MINERAL_GROUPS,
    STAGES,
    SUPPLY_MINERALS,
    WORLD,
    YEARS,
    label,
)
from corridor.errors import InputError
from corridor.paths import annual
from corridor.supply import pipeline
from corridor.supply.concentration import EDITIONS, world_supply
from corridor.supply.registry import load_facilities

#: Stages reported in balances, upstream first.
BALANCE_STAGES = ("mining", "refining", "precursor", "cathode", "anode", "cell")
#: Stages whose capacity is converted to contained mineral (vehicle assembly is the last
#: consumer).
CONTAINED_STAGES = (*BALANCE_STAGES, "vehicle assembly")
#: Regions of the balances.
REGIONS = (*CORRIDOR, CORRIDOR_REGION, WORLD)
#: Stages whose national output is published (world supply covers them).
PUBLISHED = ("mining", "refining")
#: For each mineral, its stages from mine to vehicle: each stage feeds the next. Phosphorus
#: starts at refining (purified phosphoric acid and iron phosphate for LFP cathodes): the
#: registry has no such plant and no publication gives national output, so its refining
#: supply is 0 and its requirement shows what the LFP cathode plants need.
CHAIN = {
    "Lithium": ("mining", "refining", "cathode", "cell", "vehicle assembly"),
    "Nickel": ("mining", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Cobalt": ("mining", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Manganese": ("mining", "refining", "precursor", "cathode", "cell", "vehicle assembly"),
    "Graphite": ("mining", "refining", "anode", "cell", "vehicle assembly"),
    "Phosphorus": ("refining", "cathode", "cell", "vehicle assembly"),
    # mines and refineries only: copper's and the rare earths' downstream (foil, wire,
    # magnets) is not in the registry's chain
    "Copper": ("mining", "refining"),
    "Magnet Rare Earths": ("mining", "refining"),
}
#: The last year of published national output (later registry projects add to it).
PUBLISHED_UNTIL = 2024
#: 1 where ``stage`` feeds ``consumer`` in a mineral's chain (mineral, stage, consumer).
FEEDS = xr.DataArray(
    [[[float((s, c) in set(pairwise(CHAIN.get(m, ())))) for c in CONTAINED_STAGES]
      for s in CONTAINED_STAGES] for m in SUPPLY_MINERALS],
    dims=("mineral", "stage", "consumer"),
    coords={"mineral": list(SUPPLY_MINERALS), "stage": list(CONTAINED_STAGES),
            "consumer": list(CONTAINED_STAGES)})
#: True where a mineral passes through a stage (its chain, up to cells).
ON_CHAIN = xr.DataArray([[stage in CHAIN.get(m, ()) for m in SUPPLY_MINERALS]
                         for stage in BALANCE_STAGES], dims=("stage", "mineral"),
                        coords={"stage": list(BALANCE_STAGES),
                                "mineral": list(SUPPLY_MINERALS)})


def membership(facilities: pd.DataFrame, only_after: int | None = None) -> xr.DataArray:
    """1 where a counted row supplies a corridor region's stage (dims ``region, stage,
    facility``: ``CORRIDOR x CONTAINED_STAGES x`` the ``in_capacity`` rows).

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
    region = xr.DataArray(fac.region.to_numpy(), dims="facility")
    supplied = xr.DataArray(stage.to_numpy(), dims="facility")
    regions = xr.DataArray(list(CORRIDOR), dims="region")
    stages = xr.DataArray(list(CONTAINED_STAGES), dims="stage")
    member = ((region == regions) & (supplied == stages) & xr.DataArray(keep, dims="facility"))
    return member.astype(float).assign_coords(
        region=list(CORRIDOR), stage=list(CONTAINED_STAGES), facility=fac.id.to_numpy()
    ).transpose("region", "stage", "facility")


def registry_supply(member: xr.DataArray, contained: xr.DataArray) -> xr.DataArray:
    """kt of contained mineral by (region, stage, mineral, year) for Canada and Korea (and
    any other dimension of ``member``, such as ``count``).

    ``member`` is :func:`membership` of the rows, ``contained`` their capacity x content
    (dims ``facility, mineral, year``). The facility labels must match exactly (misaligned
    inputs raise).
    """
    with xr.set_options(arithmetic_join="exact"):
        return xr.dot(member, contained, dim="facility")


def national_output(data) -> xr.DataArray:
    """Canada's and Korea's published mine and refinery output, held flat from the latest
    history year up to ``PUBLISHED_UNTIL`` (dims ``region, stage, mineral``; 0 where no
    publication lists the country). Where several publications list it, the latest year
    wins, then the order of ``concentration.EDITIONS``."""
    df = data.table("world_supply")
    df = df[df.country.isin(CORRIDOR) & (df.scenario == "History")
            & (df.year <= PUBLISHED_UNTIL) & df.value.notna()
            & df.mineral.isin(SUPPLY_MINERALS)]
    rank = df.edition.map({e: -i for i, e in enumerate(EDITIONS)})
    latest = df.assign(rank=rank).sort_values(["year", "rank"]).groupby(
        ["country", "stage", "mineral"]).value.last()
    out = xr.DataArray(np.zeros((len(CORRIDOR), len(PUBLISHED), len(SUPPLY_MINERALS))),
                       dims=("region", "stage", "mineral"),
                       coords={"region": list(CORRIDOR), "stage": list(PUBLISHED),
                               "mineral": list(SUPPLY_MINERALS)}, attrs={"units": "kt/yr"})
    for (country, stage, mineral), value in latest.items():
        out.loc[country, stage, mineral] = value
    return out


@dataclass(frozen=True)
class Registry:
    """What every scenario's balance shares: the facility rows and the arrays derived from
    them and from the published tables (built once per data set by :func:`registry`)."""

    facilities: pd.DataFrame
    content: xr.DataArray  # pipeline.unit_content (facility, mineral)
    member: xr.DataArray  # membership, all rows and rows new after PUBLISHED_UNTIL
    #                       (count, region, stage, facility)
    published: xr.DataArray  # national output (region, stage: CONTAINED_STAGES, mineral)
    world: xr.DataArray  # world output (stage: BALANCE_STAGES, mineral, year), NaN: none
    product: xr.DataArray  # (product, region, facility) one-hot, unit along product


def registry(data) -> Registry:
    """The :class:`Registry` of ``data`` (memoised)."""
    def build() -> Registry:
        facilities = load_facilities(data)
        published = national_output(data).reindex(stage=list(CONTAINED_STAGES),
                                                   fill_value=0.0)
        world = annual(world_supply(data).sum("country", min_count=1))
        world = world.reindex(mineral=list(SUPPLY_MINERALS), stage=list(BALANCE_STAGES))
        counted = facilities[facilities.in_capacity]
        products = counted[["stage", "product_class", "unit"]].drop_duplicates()
        products = products.sort_values(["stage", "product_class"], key=lambda c: c.map(
            {s: i for i, s in enumerate(STAGES)}) if c.name == "stage" else c)
        variables = [f"{label('stage', s, 'iamc')}|{p}" for s, p in
                     zip(products.stage, products.product_class, strict=True)]
        clash = pd.Series(variables)[pd.Series(variables).duplicated()]
        if len(clash):
            raise InputError(f"facilities: product class {clash.iloc[0]!r} has several units")
        one_hot = np.array([(counted.stage.to_numpy() == s) & (counted.product_class == p)
                            for s, p in zip(products.stage, products.product_class,
                                            strict=True)], dtype=float)
        in_region = np.array([counted.region.to_numpy() == r for r in CORRIDOR], dtype=float)
        product = xr.DataArray(one_hot[:, None, :] * in_region[None], dims=("product", "region",
                                                                          "facility"),
                               coords={"product": variables, "region": list(CORRIDOR),
                                       "facility": counted.id.to_numpy(),
                                       "unit": ("product", products.unit.to_numpy())})
        member = xr.concat([membership(facilities), membership(facilities, PUBLISHED_UNTIL)],
                           pd.Index(["all", "new"], name="count"))
        return Registry(facilities, pipeline.unit_content(facilities, data), member,
                        published.transpose("region", "stage", "mineral"),
                        world.transpose("stage", "mineral", "year"), product)
    return data.memo("registry", build)


def balances(data, settings: Supply, demand: xr.Dataset, paths: xr.Dataset,
             label: str = "scenario") -> dict[str, xr.Dataset]:
    """Supply, requirement, balance, self-sufficiency and demand coverage of one scenario,
    the capacity counted by product class and by facility.

    Parameters
    ----------
    data
        The data tables.
    settings
        The scenario's supply settings.
    demand
        The scenario's demand results (:func:`corridor.demand.chain.chain`, World included).
    paths
        The scenario's input paths (:func:`corridor.demand.chain.input_paths`): kWh per
        battery-electric car and recovery rates.
    label
        Names the scenario in error messages.

    Returns
    -------
    dict of xarray.Dataset
        ``balance``: ``supply``, ``requirement``, ``balance``, ``self_sufficiency``,
        ``demand_coverage`` (dims ``region, mineral, stage, year``; NaN where a mineral does
        not pass through a stage or the data do not cover it) and ``demand``, the need of
        demand coverage (dims ``region, mineral, year``; graphite mining covers its
        natural share). ``capacity``: effective
        capacity by region (Canada, South Korea, both) and product class, ``unit`` along
        ``product``. ``facilities``: ``nameplate`` and ``effective_capacity`` of each
        counted row. ``upstream``: mine and refining supply of Canada and Korea with and
        without the registry pipeline (dim ``corridor_pipeline``; see
        :mod:`corridor.supply.outlook`).
    """
    reg = registry(data)
    pipeline.check_restart(reg.facilities, settings, label)
    ev = demand.battery_demand.sel(application="Electric Vehicles", drop=True)
    ev = ev.sel(region=[r for r in ev.region.values if r != WORLD])
    mix = (ev / ev.sum("chemistry")).fillna(0.0)
    kwh = paths.pack_size.sel(segment="Cars|BEV", drop=True)
    capacity = pipeline.effective_capacity(reg.facilities, settings)
    content = pipeline.mineral_content(reg.facilities, data, mix, kwh, paths.recovery_rate,
                                       per_unit=reg.content)
    with xr.set_options(arithmetic_join="exact"):  # facility labels must match exactly
        contained = capacity * content
    by_stage = with_groups(registry_supply(reg.member, contained))
    # from here on, numpy on arrays whose every axis was put in order by name
    order = ("region", "stage", "mineral", "year")
    every, new = (by_stage.sel(count=c).transpose(*order).values for c in ("all", "new"))
    published = reg.published.values[..., None]  # region, stage, mineral
    listed = published > 0
    supply = np.where(listed, published + new, every)
    existing = np.where(listed, published, every - new)[:, :len(PUBLISHED)]
    requirement = np.einsum("msc,rcmy->rsmy", FEEDS.values, supply)
    n = len(BALANCE_STAGES)
    supply, requirement = supply[:, :n], requirement[:, :n]
    world_supply = reg.world.values  # stage, mineral, year; NaN where no publication
    world_demand = _ordered(demand.primary_demand.sel(region=WORLD), ("mineral", "year"))
    own = _ordered(demand.material_demand.sum("application").sel(region=list(CORRIDOR)),
                   ("region", "mineral", "year"))

    def with_totals(x: np.ndarray, world_row: np.ndarray) -> np.ndarray:
        return np.concatenate([x, x.sum(0, keepdims=True), world_row[None]])

    supply = with_totals(supply, world_supply)
    requirement = with_totals(requirement, np.where(np.isnan(world_supply), np.nan,
                                                    world_demand[None]))
    need = with_totals(own, world_demand)
    # mines serve natural graphite only: synthetic graphite is made at anode plants
    served = np.repeat(need[:, None], n, axis=1)
    natural = annual(settings.natural_graphite_share.points, YEARS)
    mining, graphite = BALANCE_STAGES.index("mining"), SUPPLY_MINERALS.index("Graphite")
    served[:, mining, graphite] *= natural
    requirement[-1, mining, graphite] *= natural  # World's is its demand
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = {"self_sufficiency": np.where(requirement > 0, supply / requirement, np.nan),
                 "demand_coverage": np.where(served > 0, supply / served, np.nan)}
    relevant = ON_CHAIN.transpose("stage", "mineral").values[None, :, :, None]
    variables = {"supply": supply, "requirement": requirement,
                 "balance": supply - requirement, **ratio}
    coords = {"region": list(REGIONS), "stage": list(BALANCE_STAGES),
              "mineral": list(SUPPLY_MINERALS), "year": list(YEARS)}
    ds = xr.Dataset(
        {name: (order, np.where(relevant, x, np.nan), {"units": "1" if name in ratio else
                                                       "kt/yr"})
         for name, x in variables.items()}
        | {"demand": (("region", "mineral", "year"), need, {"units": "kt/yr"})},
        coords=coords).transpose("region", "mineral", "stage", "year")
    upstream = xr.DataArray(
        np.stack([existing, supply[:len(CORRIDOR), :len(PUBLISHED)]]),
        dims=("corridor_pipeline", *order),
        coords={"corridor_pipeline": ["excluded", "included"], "region": list(CORRIDOR),
                "stage": list(PUBLISHED), "mineral": list(SUPPLY_MINERALS),
                "year": list(YEARS)},
        attrs={"units": "kt/yr", "long_name": (
            "mine and refinery supply of Canada and Korea with the registry pipeline "
            "(included) and without it (excluded: published output held flat or, where "
            "none is published, the registry's plants started by PUBLISHED_UNTIL)")})
    counted = reg.facilities[reg.facilities.in_capacity].set_index("id")
    facilities = xr.Dataset({
        "nameplate": ("facility", counted.capacity.to_numpy(float)),
        "effective_capacity": capacity,
    }, coords={c: ("facility", counted[c].astype(str).to_numpy())
               for c in ("region", "stage", "product_class", "unit", "status")})
    return {"balance": ds, "capacity": xr.Dataset({"capacity": _capacity(reg, capacity)}),
            "facilities": facilities, "upstream": xr.Dataset({"upstream_supply": upstream})}


def _ordered(da: xr.DataArray, dims: tuple[str, ...]) -> np.ndarray:
    """``da`` as numpy in ``dims`` order, minerals and groups in ``SUPPLY_MINERALS`` order
    (:func:`with_groups`), years ``YEARS``."""
    return with_groups(da).transpose(*dims).sel(mineral=list(SUPPLY_MINERALS),
                                                year=list(YEARS)).values


def with_groups(da: xr.DataArray) -> xr.DataArray:
    """``da`` with each group of :data:`corridor.dims.MINERAL_GROUPS` appended along
    ``mineral``: the sum of its members.

    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="mineral",
    ...                   coords={"mineral": ["Neodymium", "Praseodymium", "Dysprosium",
    ...                                       "Terbium"]})
    >>> with_groups(da).sel(mineral="Magnet Rare Earths").item()
    10.0
    """
    groups = [da.sel(mineral=list(members)).sum("mineral").expand_dims(mineral=[group])
              for group, members in MINERAL_GROUPS.items()]
    return xr.concat([da, *groups], dim="mineral")


def _capacity(reg: Registry, capacity: xr.DataArray) -> xr.DataArray:
    """Effective capacity by region (Canada, South Korea, both) x product class x year."""
    with xr.set_options(arithmetic_join="exact"):
        by_region = xr.dot(reg.product, capacity, dim="facility").transpose(
            "region", "product", "year")
    values = np.concatenate([by_region.values, by_region.values.sum(0, keepdims=True)])
    return xr.DataArray(values, dims=by_region.dims,
                        coords={**by_region.coords, "region": [*CORRIDOR, CORRIDOR_REGION]},
                        attrs={"long_name": "effective capacity (realised, ramped, used), in "
                               "each product's unit"})


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

