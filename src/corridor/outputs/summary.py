"""The printed summary: base-year calibration beside published figures, then headline results."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from corridor.coords import FIRST_YEAR

HEADLINE_MINERALS = ("Lithium", "Nickel", "Cobalt", "Manganese", "Graphite", "Copper")
HEADLINE_YEARS = (2030, 2040, 2050)
CARS = ["Cars|BEV", "Cars|PHEV"]


def calibration_rows(results) -> list[tuple[str, str, str, str, str]]:
    """(quantity, region and year, model, published, source) for each calibration row."""
    central = results.central
    scenario = central.scenario.values[0]  # history is shared by every scenario
    rows = []
    table = results.data.table("calibration")
    for r in table.itertuples():
        if not FIRST_YEAR <= r.year <= int(central.year.max()):
            continue
        at = central.sel(scenario=scenario, region=r.region, year=r.year)
        if r.name == "Electric car sales":
            model = float(at.sales.sel(segment=CARS).sum()) / 1e6
            text = f"{model:.2f} M" if model < 1 else f"{model:.1f} M"
            published = f"{r.value:g} M"
        else:
            model = float(at.battery_demand.sel(application="Electric Vehicles").sum())
            text = f"{model:,.0f} GWh"
            published = f"{r.value:,.0f} GWh"
        prefix = {"about": "about ", "above": "above ", "below": "below "}[r.comparison]
        rows.append((r.name, f"{r.region} {r.year}", text, prefix + published,
                     r.source.split(":")[0]))
    return rows


def print_summary(results, out_dir=None, console: Console | None = None) -> None:
    console = console or Console()
    cal = Table(title="Base-year calibration (model vs published)", title_justify="left")
    for col in ("quantity", "region, year", "model", "published", "source"):
        cal.add_column(col, overflow="fold")
    for row in calibration_rows(results):
        cal.add_row(*row)
    console.print(cal)

    central, q = results.central, results.quantiles
    title = "World material demand, kt/yr (contained; lithium as Li)"
    if q is not None:
        title += f", central [P5-P95 of {results.draws:,} draws]"
    table = Table(title=title, title_justify="left")
    table.add_column("mineral")
    scenarios = list(central.scenario.values)
    for s in scenarios:
        for y in HEADLINE_YEARS:
            table.add_column(f"{s} {y}", justify="right")
    demand = central.material_demand.sel(region="World").sum("application")
    for mineral in HEADLINE_MINERALS:
        cells = []
        for s in scenarios:
            for y in HEADLINE_YEARS:
                value = float(demand.sel(scenario=s, mineral=mineral, year=y))
                cell = f"{value:,.0f}"
                if q is not None:
                    band = q.material_demand.sel(scenario=s, region="World", mineral=mineral,
                                                 year=y)
                    cell += (f" [{float(band.sel(quantile=0.05)):,.0f}-"
                             f"{float(band.sel(quantile=0.95)):,.0f}]")
                cells.append(cell)
        table.add_row(mineral, *cells)
    console.print(table)

    share = Table(title="Secondary supply, % of World material demand", title_justify="left")
    share.add_column("mineral")
    for s in scenarios:
        for y in HEADLINE_YEARS:
            share.add_column(f"{s} {y}", justify="right")
    percent = 100 * central.secondary_supply.sel(region="World") / demand.where(demand > 0)
    for mineral in HEADLINE_MINERALS:
        share.add_row(mineral, *[f"{float(percent.sel(scenario=s, mineral=mineral, year=y)):.0f}"
                                 for s in scenarios for y in HEADLINE_YEARS])
    console.print(share)
    if out_dir is not None:
        console.print(f"Outputs written to [bold]{out_dir}[/bold]")
