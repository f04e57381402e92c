"""The printed summary: base-year calibration beside published figures, then headline results."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from corridor.coords import CORRIDOR_REGION, FIRST_YEAR
from corridor.errors import InputError

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
    if results.supply is not None:
        print_supply(results, console)
    if out_dir is not None:
        console.print(f"Outputs written to [bold]{out_dir}[/bold]")


SUPPLY_YEAR = 2030


def print_supply(results, console: Console) -> None:
    """The corridor's self-sufficiency by stage, and world concentration and supply risk
    with and without the corridor pipeline, in ``SUPPLY_YEAR`` for the first scenario."""
    from corridor.supply.balance import BALANCE_STAGES, CHAIN

    scenario = str(results.central.scenario.values[0])
    ds = results.supply.sel(scenario=scenario, year=SUPPLY_YEAR)
    ratio = ds.self_sufficiency.sel(region=CORRIDOR_REGION)
    table = Table(title=f"Canada+South Korea self-sufficiency by stage, {SUPPLY_YEAR} "
                  f"({scenario})", title_justify="left", caption="supply over what the next "
                  "stage's plants in the two countries consume; blank: not on the chain",
                  caption_justify="left")
    table.add_column("mineral")
    for stage in BALANCE_STAGES:
        table.add_column(stage, justify="right")
    for mineral in CHAIN:
        cells = [ratio.sel(mineral=mineral, stage=stage).item() for stage in BALANCE_STAGES]
        table.add_row(mineral, *("" if pd.isna(c) else f"{c:.0%}" for c in cells))
    console.print(table)

    table = Table(title=f"World supply concentration and risk, {SUPPLY_YEAR}: with / without "
                  "the corridor pipeline", title_justify="left",
                  caption="HHI 0-1; supply risk by the EU 2023 method on world supply",
                  caption_justify="left")
    for col in ("mineral", "HHI mining", "HHI refining", "supply risk"):
        table.add_column(col, justify="left" if col == "mineral" else "right")
    for mineral in HEADLINE_MINERALS:
        at = ds.sel(mineral=mineral)
        pairs = [at.hhi.sel(stage="mine"), at.hhi.sel(stage="refining"), at.supply_risk]
        table.add_row(mineral, *(
            "" if pd.isna(v.sel(corridor_pipeline="included").item()) else
            f"{v.sel(corridor_pipeline='included').item():.3f} / "
            f"{v.sel(corridor_pipeline='excluded').item():.3f}" for v in pairs))
    console.print(table)


def print_facilities(rows, console: Console) -> None:
    """The facility rows as a table, with counted capacity by stage and unit below."""
    table = Table(title=f"Facilities ({len(rows)})", title_justify="left")
    for col in ("id", "name", "where", "stage", "product", "capacity", "start", "status"):
        table.add_column(col, justify="right" if col in ("capacity", "start") else "left",
                         overflow="fold")
    for r in rows.itertuples():
        where = ", ".join(x for x in (r.province, r.country) if isinstance(x, str) and x)
        capacity = "" if pd.isna(r.capacity) else f"{r.capacity:,.4g} {r.unit}"
        start = "" if pd.isna(r.start_year) else str(int(r.start_year))
        table.add_row(r.id, r.name, where, r.stage, r.product, capacity, start, r.status)
    console.print(table)
    counted = rows[rows.in_capacity]
    if len(counted):
        totals = counted.groupby(["stage", "unit", "status"]).capacity.sum()
        console.print("Nameplate capacity counted, by stage and status: " + "; ".join(
            f"{stage} {status} {value:,.0f} {unit}" for (stage, unit, status), value
            in totals.items()), highlight=False)


REGION_ALIASES = {"ca": "Canada", "canada": "Canada", "kr": "South Korea",
                  "korea": "South Korea", "south korea": "South Korea",
                  "corridor": CORRIDOR_REGION, "canada+south korea": CORRIDOR_REGION,
                  "world": "World"}
BALANCE_YEARS = (2030, 2035)


def print_balance(results, region: str, minerals, console: Console) -> None:
    """Supply against requirement by stage for one region and the first scenario."""
    from corridor.supply.balance import gaps

    name = REGION_ALIASES.get(region.strip().lower())
    if name is None:
        raise InputError(f"--region: unknown region {region!r} (choose Canada, South Korea, "
                         "corridor or World)")
    ds = results.supply.sel(scenario=results.central.scenario.values[0], region=name)
    chosen = list(minerals) if minerals else [m for m in HEADLINE_MINERALS
                                              if m in ds.mineral.values]
    unknown = [m for m in chosen if m not in ds.mineral.values]
    if unknown:
        raise InputError(f"--mineral: unknown mineral {unknown[0]!r} (choose from "
                         f"{', '.join(ds.mineral.values)})")
    opened = gaps(ds.balance).set_index(["mineral", "stage"])
    table = Table(title=f"{name}: supply against requirement, kt/yr contained "
                  f"({ds.scenario.item()})", title_justify="left",
                  caption="requirement: what the next stage's capacity in the region "
                  "consumes (World: primary battery demand)", caption_justify="left")
    table.add_column("mineral", no_wrap=True)
    table.add_column("stage", no_wrap=True)
    for y in BALANCE_YEARS:
        table.add_column(f"{y} supply", justify="right")
        table.add_column(f"{y} need", justify="right")
    table.add_column("gap years", justify="right", no_wrap=True)
    for mineral in chosen:
        stages = [s for s in ds.stage.values
                  if ds.supply.sel(mineral=mineral, stage=s).notnull().any()]
        for i, stage in enumerate(stages):
            at = ds.sel(mineral=mineral, stage=stage)
            cells = [f"{float(at[v].sel(year=y)):,.1f}" for y in BALANCE_YEARS
                     for v in ("supply", "requirement")]
            gap = ""
            if (mineral, stage) in opened.index:
                g = opened.loc[(mineral, stage)]
                gap = f"{int(g.opens)}-" + ("" if pd.isna(g.closes) else str(int(g.closes)))
            table.add_row(mineral if i == 0 else "", stage, *cells, gap,
                          end_section=i == len(stages) - 1)
    console.print(table)
