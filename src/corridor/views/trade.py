"""Terminal tables of the trade layer: exposure, complementarity, tariff shocks."""

from __future__ import annotations

import math

import xarray as xr
from rich.console import Console
from rich.table import Table
from rich.text import Text

from corridor.trade.dependence import OTHER


def _money(usd: float) -> str:
    return "" if math.isnan(usd) else f"{usd / 1e6:,.1f}"


def _share(x: float) -> str:
    return "missing" if math.isnan(x) else f"{100 * x:.1f}%"


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right", overflow="fold")
    return table


def _product(x: xr.Dataset, hs6: str) -> Text:
    name = str(x["product"].sel(hs6=hs6).item())
    return Text(name if hs6 == "chain" else f"{hs6} {name}")


def _then(now: float, then: float) -> str:
    return f"{_share(now)} ({_share(then)})"


def print_exposure(e: xr.Dataset, code: str, console: Console, watch: str = "USA") -> None:
    """One country's exposure by product in the latest year, and the first year's shares
    in brackets (the partner share shown is ``watch``'s, the United States' by default)."""
    first, last = int(e.year.min()), int(e.year.max())
    table = _table(f"Trade exposure of {code}, {last} ({first} in brackets; US$ million)", [
        "product", "exports", f"to {watch}", "top destination", "HHI", "imports",
        "from China", "HHI"])
    table.columns[0].max_width = 34
    now, then = e.sel(year=last), e.sel(year=first)
    for h in e.hs6.values:
        row, old = now.sel(hs6=h), then.sel(hs6=h)
        shares = row.export_share.drop_sel(partner=[OTHER])
        top = "" if shares.isnull().all() else (
            f"{shares.idxmax().item()} {_share(float(shares.max()))}")
        table.add_row(_product(e, h), _money(float(row.exports)),
                      _then(float(row.export_share.sel(partner=watch)),
                            float(old.export_share.sel(partner=watch))), top,
                      f"{float(row.export_hhi):.2f}", _money(float(row.imports)),
                      _then(float(row.china_dependence), float(old.china_dependence)),
                      f"{float(row.import_hhi):.2f}")
    console.print(table)
    reliance = e.import_reliance.sel(country=code) if "country" in e.import_reliance.dims \
        and code in e.import_reliance.country else None
    if reliance is not None:
        known = reliance.to_series().dropna()
        if len(known):
            console.print(Text("Import reliance (net imports over apparent consumption, "
                               "contained tonnes): " + "; ".join(
                                   f"{m} {s} {y} {_share(v)}" for (m, s, y), v in known.items())))
    console.print(Text("Shares of value; HHI: partner concentration on 0-1 (x 10,000 for the "
                       "antitrust scale), an upper bound where partners are lumped as Other. "
                       f"Data: {e.attrs.get('release', 'CEPII BACI')}", style="dim"))


def print_complementarity(c: xr.Dataset, console: Console) -> None:
    """Potential, actual and gap by product in the latest year, and the index by year."""
    a, b = c.attrs["exporter"], c.attrs["importer"]
    last = int(c.year.max())
    row = c.sel(year=last)
    table = _table(f"What {a} could supply of {b}'s imports, {last} (US$ million)", [
        "product", f"{a} exports", f"{b} imports", f"{a} to {b}", "potential", "gap"])
    for h in c.hs6.values:
        r = row.sel(hs6=h)
        table.add_row(_product(c, h), *(_money(float(r[v])) for v in (
            "exports", "imports", "actual", "potential", "gap")))
    table.add_row(Text("all products", style="bold"), *(_money(float(row[v].sum())) for v in (
        "exports", "imports", "actual", "potential", "gap")))
    console.print(table)
    index = ", ".join(f"{int(y)} {float(v):.1f}"
                      for y, v in zip(c.year.values, c.tci.values, strict=True))
    console.print(Text(f"Trade complementarity index over the chain's products (0-100): {index}"))


def print_shock(r: xr.Dataset, console: Console) -> None:
    """Trade lost, diverted and rerouted by product, and welfare by region."""
    table = _table(f"{r.attrs['scenario']}: {r.attrs['before']} -> {r.attrs['after']} on "
                   f"{r.attrs['year']} flows (US$ million)",
                   ["product", "lost", "diverted", "rerouted"])
    for h in r.hs6.values:
        p = r.sel(hs6=h)
        table.add_row(_product(r, h), *(_money(float(p[v])) for v in (
            "lost", "diverted", "rerouted")))
    console.print(table)
    welfare = _table("Changes by region, all products (US$ million)", [
        "region", "producer surplus", "consumer surplus", "tariff revenue", "welfare"])
    totals = r[["producer_surplus", "consumer_surplus", "tariff_revenue", "welfare"]].sum(
        "hs6", min_count=1)
    for region in totals.region.values:
        t = totals.sel(region=region)
        welfare.add_row(Text(str(region)), *(_money(float(t[v])) for v in (
            "producer_surplus", "consumer_surplus", "tariff_revenue", "welfare")))
    console.print(welfare)
    how = ("SMART, each imposing market alone: no rerouting, no producer surplus"
           if r.attrs.get("model") == "smart" else "GSIM, product by product")
    console.print(Text(f"{how}; left out: {r.attrs['left_out']}.", style="dim"))
