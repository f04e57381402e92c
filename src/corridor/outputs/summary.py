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
                     ", ".join(r.source.split(", ")[:2])))
    return rows


def print_summary(results, out_dir=None, console: Console | None = None) -> None:
    console = console or Console()
    rows = calibration_rows(results)
    sources = list(dict.fromkeys(row[-1] for row in rows))
    cal = Table(title="Base-year calibration (model vs published)", title_justify="left",
                caption="; ".join(f"[{i}] {s}" for i, s in enumerate(sources, 1)),
                caption_justify="left")
    for col in ("quantity", "region, year", "model", "published"):
        cal.add_column(col)
    for *row, source in rows:
        cal.add_row(*row[:-1], f"{row[-1]} [{sources.index(source) + 1}]")
    console.print(cal)

    central, q = results.central, results.quantiles
    title = "World material demand, kt/yr (contained; lithium as Li)"
    if q is not None:
        title += f": central [P5-P95, {results.draws:,} draws]"
    table = Table(title=title, title_justify="left")
    for col in ("mineral", "scenario", *map(str, HEADLINE_YEARS), "recycled 2050"):
        table.add_column(col, justify="left" if col in ("mineral", "scenario") else "right")
    demand = central.material_demand.sel(region="World").sum("application")
    recycled = central.secondary_supply.sel(region="World", year=HEADLINE_YEARS[-1])
    for mineral in HEADLINE_MINERALS:
        for i, s in enumerate(central.scenario.values):
            cells = []
            for y in HEADLINE_YEARS:
                cell = f"{float(demand.sel(scenario=s, mineral=mineral, year=y)):,.0f}"
                if q is not None:
                    band = q.material_demand.sel(scenario=s, region="World", mineral=mineral,
                                                 year=y)
                    cell += (f" [{float(band.sel(quantile=0.05)):,.0f}-"
                             f"{float(band.sel(quantile=0.95)):,.0f}]")
                cells.append(cell)
            total = float(demand.sel(scenario=s, mineral=mineral, year=HEADLINE_YEARS[-1]))
            share = float(recycled.sel(scenario=s, mineral=mineral)) / total if total else 0.0
            table.add_row(mineral if i == 0 else "", str(s), *cells, f"{share:.0%}",
                          end_section=i == central.scenario.size - 1)
    console.print(table)
    if out_dir is not None:
        console.print(f"Outputs written to [bold]{out_dir}[/bold]")
