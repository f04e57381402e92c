"""Trade exposure: where a country's chain exports go and where its imports come from.

For each country, HS-6 product (and ``chain``: the chain's products together, by value)
and year:

* ``export_share`` and ``import_share`` by ``partner``: the partner's part of the country's
  exports to (imports from) the World. ``Other`` is the World less the named partners.
* ``export_hhi`` and ``import_hhi``: Herfindahl-Hirschman index of those shares (0 to 1;
  10,000 times it is the antitrust scale). With ``Other`` counted as one partner, as it must
  be where the data names a few partners only, the index is an upper bound.
* ``china_dependence``: China's share of the country's imports.
* ``net_imports``: imports less exports in contained tonnes of the product's mineral;
  ``stage_net_imports``: their sum by mineral and stage (missing if any product's is), the
  figure to set beside the stage's supply and requirement in the balances.
* ``import_reliance`` (by mineral and stage): net imports of the stage's products over
  apparent consumption (production + net imports), contained tonnes; production from
  table ``world_supply`` (history rows), so missing where the country's production of that
  mineral at that stage in that year is not known, or where a product's content is not.

Shares of no trade are missing, never zero.

Examples
--------
>>> from corridor.trade.flows import load
>>> e = exposure(load(), countries=["CAN"])
>>> round(float(e.export_share.sel(country="CAN", partner="USA", hs6="260300", year=2019)), 4)
0.0019
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from corridor.data import Data
from corridor.trade.flows import EU27, EU27_MEMBERS, ISO3_OF, WORLD

CHAIN, OTHER, CHINA = "chain", "Other", "CHN"


def partners(flows: xr.Dataset) -> list[str]:
    """Partners that split the World without overlap: every code but WLD, and but EU27 where
    the data also has its members (a fetched release)."""
    codes = sorted(set(flows.exporter.values) | set(flows.importer.values))
    members = set(EU27_MEMBERS) & set(codes)
    return [c for c in codes if c != WORLD and not (c == EU27 and members)]


def _with_chain(x: xr.DataArray) -> xr.DataArray:
    """``x`` with the sum over products appended as product ``chain`` (values add)."""
    return xr.concat([x, x.sum("hs6", min_count=1).expand_dims(hs6=[CHAIN])], "hs6")


def _shares(by_partner: xr.DataArray, total: xr.DataArray) -> xr.DataArray:
    other = (total - by_partner.sum("partner")).clip(min=0).expand_dims(partner=[OTHER])
    return xr.concat([by_partner, other], "partner") / total.where(total > 0)


def exposure(flows: xr.Dataset, countries=None, data: Data | None = None) -> xr.Dataset:
    """Exposure of ``countries`` (codes; default every country with a World total), by
    partner, product and year (see the module text)."""
    value = flows.value
    named = partners(flows)
    countries = list(countries) if countries is not None else [
        c for c in named if c in value.exporter and c in value.importer]
    exports = value.sel(exporter=countries, importer=named).rename(exporter="country",
                                                                  importer="partner")
    imports = value.sel(exporter=named, importer=countries).rename(importer="country",
                                                                  exporter="partner")
    total_exports = value.sel(exporter=countries, importer=WORLD, drop=True).rename(
        exporter="country")
    total_imports = value.sel(exporter=WORLD, importer=countries, drop=True).rename(
        importer="country")
    exports, imports, total_exports, total_imports = map(
        _with_chain, (exports, imports, total_exports, total_imports))
    export_share = _shares(exports.transpose(*total_exports.dims, "partner"), total_exports)
    import_share = _shares(imports.transpose(*total_imports.dims, "partner"), total_imports)
    contained = flows.contained
    net = (contained.sel(exporter=WORLD, importer=countries, drop=True).rename(importer="country")
           - contained.sel(exporter=countries, importer=WORLD, drop=True).rename(
               exporter="country"))
    out = xr.Dataset({
        "exports": total_exports, "imports": total_imports,
        "export_share": export_share, "import_share": import_share,
        "export_hhi": (export_share ** 2).sum("partner", min_count=1),
        "import_hhi": (import_share ** 2).sum("partner", min_count=1),
        "china_dependence": import_share.sel(partner=CHINA, drop=True)
        if CHINA in import_share.partner else import_share.isel(partner=0, drop=True) * np.nan,
        "net_imports": net,
    })
    out["product"] = ("hs6", [*flows["product"].values, "the chain's products together"])
    by_stage = stage_net_imports(net, flows)
    out["import_reliance"] = import_reliance(by_stage, data)
    out["stage_net_imports"] = (xr.DataArray.from_series(by_stage) if len(by_stage)
                                else xr.DataArray(np.nan))
    out.attrs["release"] = flows.attrs.get("release", "")
    for name, unit in (("exports", "USD/yr"), ("imports", "USD/yr"), ("net_imports", "t/yr"),
                       ("export_share", "1"), ("import_share", "1"), ("export_hhi", "1"),
                       ("import_hhi", "1"), ("china_dependence", "1"),
                       ("import_reliance", "1"), ("stage_net_imports", "t/yr")):
        out[name].attrs["units"] = unit
    return out


def stage_net_imports(net: xr.DataArray, flows: xr.Dataset) -> pd.Series:
    """Net imports by product (``net``, t contained) summed by country, mineral, stage and
    year; a stage's are missing if any of its products' are: no partial sums."""
    frame = net.to_dataframe("net").reset_index()
    frame["mineral"] = frame.hs6.map(flows.mineral.to_series())
    frame["stage"] = frame.hs6.map(flows.stage.to_series())
    groups = frame[frame.mineral != ""].groupby(["country", "mineral", "stage", "year"]).net
    return groups.sum().where(groups.count() == groups.size())


def import_reliance(net: pd.Series, data: Data | None = None) -> xr.DataArray:
    """Net imports (:func:`stage_net_imports`) over apparent consumption by country,
    mineral, stage and year (see the module text); missing where production or a
    product's content is not known."""
    supply = (data or Data()).table("world_supply")
    supply = supply[supply.scenario == "History"].assign(
        country=lambda d: d.country.map(ISO3_OF)).dropna(subset=["country"])
    # one figure per country, mineral, stage and year: the newest edition's
    supply = supply.sort_values("edition").groupby(
        ["country", "mineral", "stage", "year"]).value.last() * 1000.0  # kt -> t
    joined = pd.concat([net, supply.rename("production")], axis=1, join="outer").reindex(
        net.index)
    reliance = joined.net / (joined.production + joined.net).where(lambda v: v > 0)
    if reliance.empty:  # no product of the data carries a mineral
        return xr.DataArray(np.nan)
    return xr.DataArray.from_series(reliance.rename("import_reliance"))
