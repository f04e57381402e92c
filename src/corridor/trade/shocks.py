"""A tariff scenario on the chain's flows: GSIM (or SMART) product by product.

For every product a measure touches, the flows of the scenario's year among the data's
partners and ``Other`` (the World less them) form one GSIM market
(:func:`corridor.trade.models.gsim`); the tariffs in force on ``before`` and on ``after``
are its two tariff matrices. With ``model="smart"`` each importing market whose tariffs
change is solved alone (:func:`corridor.trade.models.smart`): trade creation and
diversion among its sources, its tariff revenue and consumer surplus; no world prices
move, so nothing is rerouted to other markets and producer surplus is not computed.
Trade within ``Other`` is not in a snapshot that names a few partners; it is left out of
the market and the result says so (``left_out``): the rest of the World's prices then
respond as if it traded only with the named partners.

Results by exporter, importer and product: flows before and after (US$) and their change,
also in contained tonnes (the flow's own contained tonnes per dollar, else the product's
World average); by product: ``lost`` (the fall of the flows whose tariff rose),
``diverted`` (the rise of other sources' flows into the markets that raised tariffs) and
``rerouted`` (the rise of the targeted exporters' flows to other markets), in US$ and
(``lost_t``, ...) in contained tonnes; by region: producer and consumer surplus, tariff
revenue and welfare.

Examples
--------
>>> from corridor.trade.flows import load
>>> from corridor.trade.tariffs import load_tariffs
>>> r = shock(load_tariffs("us-section301-graphite-2026"), load())
>>> bool(r.lost.sel(hs6="250410") > 0), bool(r.rerouted.sel(hs6="250410") > 0)
(True, True)
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.errors import InputError
from corridor.trade.dependence import OTHER, partners
from corridor.trade.flows import WORLD
from corridor.trade.models import gsim, smart
from corridor.trade.tariffs import TariffScenario


def _market(flows: xr.Dataset, year: int, regions: list[str]) -> xr.DataArray:
    """One product-year's flows among ``regions`` (named partners and ``Other``)."""
    named = regions[:-1]
    value = flows.value.sel(year=year)
    inner = value.sel(exporter=named, importer=named)
    # a region's trade with itself (within EU27) is internal, as domestic sales are: none
    inner = inner.where(inner.exporter != inner.importer, 0.0)
    to_other = (value.sel(exporter=named, importer=WORLD, drop=True)
                - inner.sum("importer")).clip(min=0)
    from_other = (value.sel(exporter=WORLD, importer=named, drop=True)
                  - inner.sum("exporter")).clip(min=0)
    market = xr.concat([xr.concat([inner, to_other.expand_dims(importer=[OTHER])], "importer"),
                        xr.concat([from_other.expand_dims(exporter=[OTHER]),
                                   xr.zeros_like(from_other.isel(importer=0, drop=True))
                                   .expand_dims(exporter=[OTHER], importer=[OTHER])],
                                  "importer")], "exporter")
    return market.transpose("exporter", "importer", "hs6")


def _codes(field: str, codes, known, measure) -> list[str]:
    if "all" in codes:
        return list(known)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError(f"tariff measure {measure.name!r}: {field}: {', '.join(unknown)} not "
                         f"in the trade data (it has {', '.join(known)})")
    return list(codes)


def tariff_powers(scenario: TariffScenario, day, regions: list[str], flows: xr.Dataset
                  ) -> xr.DataArray:
    """1 + the ad-valorem tariffs in force on ``day``, by exporter, importer and product."""
    hs6 = list(flows.hs6.values)
    rates = xr.DataArray(np.zeros((len(regions), len(regions), len(hs6))),
                         coords={"exporter": regions, "importer": regions, "hs6": hs6})
    for measure in scenario.measures:
        if not measure.in_force(day):
            continue
        stages = set(flows.stage.values)
        products = [h for h, stage in zip(hs6, flows.stage.values, strict=True)
                    if "all" in measure.products or h in measure.products
                    or stage in measure.products]
        unknown = [p for p in measure.products if p not in ("all", *hs6, *stages)]
        if unknown:
            raise InputError(f"tariff measure {measure.name!r}: products: {', '.join(unknown)} "
                             f"not in the trade data (it has {', '.join(hs6)})")
        importer = _codes("imposer", [measure.imposer], regions, measure)
        exporters = [e for e in _codes("targets", measure.targets, regions, measure)
                     if e not in importer]  # no tariff on one's own goods
        rates.loc[{"exporter": exporters, "importer": importer, "hs6": products}] += (
            measure.rate * (1 - measure.exempt_share))
    return 1 + rates


def shock(scenario: TariffScenario, flows: xr.Dataset, model: str = "gsim") -> xr.Dataset:
    """The scenario's effects on trade and welfare (see the module text), by ``model``:
    ``"gsim"`` (every market at once) or ``"smart"`` (each imposing market alone)."""
    if model not in MODELS:
        raise InputError(f"tariff model {model!r}: choose from {', '.join(MODELS)}")
    year = scenario.year or int(flows.year.max())
    if year not in flows.year:
        raise InputError(f"tariff scenario {scenario.name!r}: year {year} is not in the trade "
                         f"data ({int(flows.year.min())}-{int(flows.year.max())})")
    regions = [*partners(flows), OTHER]
    before = tariff_powers(scenario, scenario.before, regions, flows)
    after = tariff_powers(scenario, scenario.after, regions, flows)
    touched = [h for h in flows.hs6.values if bool((before.sel(hs6=h) != after.sel(hs6=h)).any())]
    if not touched:
        raise InputError(f"tariff scenario {scenario.name!r}: no tariff changes between "
                         f"{scenario.before} and {scenario.after} on the data's products")
    market = _market(flows.sel(hs6=touched), year, regions)
    before, after = before.sel(hs6=touched), after.sel(hs6=touched)
    out = MODELS[model](market, before, after, scenario.elasticities)
    change = out.flows_after - market
    raised = after > before
    imposers = raised.any("exporter")
    targets = raised.any("importer")
    out["flows_before"] = market
    out["change"] = change
    out["change_t"] = change * _tonnes_per_dollar(flows.sel(hs6=touched, year=year), regions)
    pairs = ["exporter", "importer"]
    for name, sign, moved in (("lost", -1, raised & (change < 0)),
                              ("diverted", 1, ~raised & imposers & (change > 0)),
                              ("rerouted", 1, targets & ~imposers & (change > 0))):
        out[name] = sign * change.where(moved).sum(pairs) + 0.0  # no -0.0
        # tonnes are missing where the product's content is not known
        out[f"{name}_t"] = (sign * out.change_t.where(moved).sum(pairs) + 0.0).where(
            out.change_t.notnull().all(pairs))
    out["product"] = flows["product"].sel(hs6=touched)
    out = out.drop_vars("year", errors="ignore")
    out.attrs.update(scenario=scenario.name, model=model, year=year,
                     before=str(scenario.before), after=str(scenario.after),
                     left_out=f"trade within {OTHER} (not in the data)")
    for name in ("flows_before", "flows_after", "change", "lost", "diverted", "rerouted",
                 "producer_surplus", "consumer_surplus", "tariff_revenue", "welfare"):
        out[name].attrs["units"] = "USD"
    for name in ("change_t", "lost_t", "diverted_t", "rerouted_t"):
        out[name].attrs["units"] = "t"
    return out


def _gsim(market, before, after, e) -> xr.Dataset:
    """GSIM on each product's market."""
    solved = [gsim(market.sel(hs6=h), before.sel(hs6=h), after.sel(hs6=h), e.import_demand,
                   e.export_supply, e.substitution) for h in market.hs6.values]
    return xr.concat(solved, market.hs6)


def _smart(market, before, after, e) -> xr.Dataset:
    """SMART on each market (importer and product) whose tariffs change, alone: the others'
    flows stay as they were, so nothing is rerouted; no producer surplus."""
    after_flows = market.copy()
    revenue = xr.zeros_like(market.isel(exporter=0, drop=True)).rename(importer="region")
    surplus = revenue.copy()
    for h in market.hs6.values:
        for importer in market.importer.values:
            at = {"hs6": h, "importer": importer}
            imports = market.sel(at)
            if bool((before.sel(at) == after.sel(at)).all()) or float(imports.sum()) <= 0:
                continue
            r = smart(imports, before.sel(at) - 1, after.sel(at) - 1, e.import_demand,
                      e.substitution, e.export_supply)
            after_flows.loc[at] = r.imports_after
            revenue.loc[{"hs6": h, "region": importer}] = float(r.revenue_change)
            surplus.loc[{"hs6": h, "region": importer}] = float(r.welfare)
    return xr.Dataset({"flows_after": after_flows, "tariff_revenue": revenue,
                       "consumer_surplus": surplus,
                       "producer_surplus": xr.full_like(surplus, np.nan),
                       "welfare": surplus})


MODELS = {"gsim": _gsim, "smart": _smart}


def _tonnes_per_dollar(flows: xr.Dataset, regions: list[str]) -> xr.DataArray:
    """Contained tonnes per US$ of each flow: its own where known, else the product's World
    exports' average; missing where the product's content is not known."""
    named = regions[:-1]
    world = (flows.contained.sel(importer=WORLD).sum("exporter", min_count=1)
             / flows.value.sel(importer=WORLD).sum("exporter").where(lambda v: v > 0))
    own = (flows.contained / flows.value.where(flows.value > 0)).sel(
        exporter=named, importer=named).reindex(exporter=regions, importer=regions)
    return own.fillna(world).drop_vars("year", errors="ignore")
