"""What the CLI prints: the summary tables of ``r.tables``, laid out for a 100-column terminal.

Text from users (scenario names, notes) is printed as text, never as rich markup.
"""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from corridor.demand.cleantech import BASE_YEARS
from corridor.dims import CORRIDOR, CORRIDOR_REGION, WORLD, label, lookup
from corridor.errors import InputError
from corridor.supply.balance import BALANCE_STAGES, CHAIN
from corridor.views.tables import HEADLINE_MINERALS, HEADLINE_YEARS, NON_BATTERY_USES

SUMMARY_YEAR = 2030
BALANCE_YEARS = (2030, 2035)


def _table(title: str, caption: str = "", **kwargs) -> Table:
    return Table(title=Text(title), title_justify="left", caption=Text(caption) if caption
                 else None, caption_justify="left", **kwargs)


def _num(value: float, digits: int = 0) -> str:
    return "" if pd.isna(value) else f"{value:,.{digits}f}"


def _pct(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.0%}"


def print_calibration(results, console: Console) -> None:
    df = results.tables.calibration()
    sources = list(dict.fromkeys(", ".join(s.split(", ")[:2]) for s in df.source))
    table = _table("Base-year calibration (model vs published)",
                   "; ".join(f"[{i}] {s}" for i, s in enumerate(sources, 1)))
    for col in ("quantity", "region, year", "model", "published"):
        table.add_column(col)
    for r in df.itertuples():
        if r.quantity == "Electric car sales":
            model = f"{r.model:.2f} M" if r.model < 1 else f"{r.model:.1f} M"
            published = f"{r.published:g} M"
        else:
            model, published = f"{r.model:,.0f} GWh", f"{r.published:,.0f} GWh"
        source = sources.index(", ".join(r.source.split(", ")[:2])) + 1
        table.add_row(r.quantity, f"{r.region} {r.year}", model,
                      f"{r.comparison} {published} [{source}]")
    console.print(table)


def print_projections(results, console: Console) -> None:
    """World EV battery demand beside the IEA's projections that packs are calibrated to."""
    df = results.tables.projections()
    if df.empty:
        return
    sources = list(dict.fromkeys(", ".join(s.split(", ")[:2]) for s in df.source))
    table = _table("EV battery demand calibration (World, model vs IEA projections)",
                   "; ".join(f"[{i}] {s}" for i, s in enumerate(sources, 1)))
    for col in ("scenario, year", "mode", "model", "IEA", "ratio"):
        table.add_column(col)
    for r in df.itertuples():
        source = sources.index(", ".join(r.source.split(", ")[:2])) + 1
        table.add_row(f"{r.scenario} {r.year}", r.mode, f"{r.model:,.0f} GWh",
                      f"{r.published:,.0f} GWh [{source}]", f"{r.ratio:.3f}")
    console.print(table)


def print_demand(results, console: Console) -> None:
    """World demand with the recycled share, then Canada and South Korea."""
    tables, q = results.tables, results.quantiles
    demand = tables.demand_by_region()
    share = tables.recycled_share().set_index(["scenario", "mineral"])
    title = "World material demand, kt/yr contained (lithium as Li) and recycled share"
    if q is not None:
        title += f"; central [P5-P95, {results.draws:,} draws]"
    table = _table(title)
    table.add_column("mineral")
    table.add_column("scenario")
    for y in HEADLINE_YEARS:
        table.add_column(str(y), justify="right")
    for y in HEADLINE_YEARS:
        table.add_column(f"rec. {y}", justify="right")
    world = demand[demand.region == WORLD].set_index(["scenario", "mineral"])
    scenarios = results.scenario_names
    for mineral in HEADLINE_MINERALS:
        for i, s in enumerate(scenarios):
            cells = []
            for y in HEADLINE_YEARS:
                cell = _num(world.loc[(s, mineral), y])
                if q is not None:
                    band = q.material_demand.sel(scenario=s, region=WORLD, mineral=mineral,
                                                 year=y)
                    cell += (f" [{float(band.sel(quantile=0.05)):,.0f}-"
                             f"{float(band.sel(quantile=0.95)):,.0f}]")
                cells.append(cell)
            table.add_row(mineral if i == 0 else "", Text(s), *cells,
                          *(_pct(share.loc[(s, mineral), y]) for y in HEADLINE_YEARS),
                          end_section=i == len(scenarios) - 1)
    console.print(table)

    table = _table("Canada and South Korea material demand, kt/yr contained")
    table.add_column("mineral")
    table.add_column("scenario")
    for region in CORRIDOR:
        for y in HEADLINE_YEARS:
            table.add_column(f"{'CA' if region == 'Canada' else 'KR'} {y}", justify="right")
    by = demand.set_index(["scenario", "mineral", "region"])
    digits = 1
    for mineral in HEADLINE_MINERALS:
        for i, s in enumerate(scenarios):
            table.add_row(mineral if i == 0 else "", Text(s), *(
                _num(by.loc[(s, mineral, r), y], digits) for r in CORRIDOR
                for y in HEADLINE_YEARS), end_section=i == len(scenarios) - 1)
    console.print(table)


#: the IEA's published multiples the clean-energy table prints beside the model's
IEA_MULTIPLES = ("IEA (2021), The Role of Critical Minerals in Clean Energy Transitions: "
                 "about 4x 2020 by 2040 in its Paris-aligned scenario (SDS), about 6x in "
                 "net zero; IEA (2024), Global Critical Minerals Outlook: roughly 2x 2023 by "
                 "2030 in STEPS, nearly 3x in NZE")


def print_clean_energy(results, console: Console, share_year: int = 2040) -> None:
    """Critical-mineral demand of all clean-energy technologies with its multiples over
    2020 and 2023 (World, Canada, South Korea) and, with draws, their P5-P95; then each
    technology's share."""
    df = results.tables.clean_energy()
    scenarios = results.scenario_names
    first, second = BASE_YEARS
    years = [y for y in df.year.unique() if y not in BASE_YEARS]
    table = _table("Clean-energy critical-mineral demand, kt/yr (every technology; aluminium "
                   "and phosphorus left out), and multiples",
                   f"x{str(years[0])[2:]}: {years[0]} over {first}, and so on; "
                   f"{years[0]}/{second}: over {second}. {IEA_MULTIPLES}")
    headers = [*map(str, BASE_YEARS), *map(str, years), *(f"x{str(y)[2:]}" for y in years),
               f"{years[0]}/{second}"]
    table.add_column("region")
    table.add_column("scenario")
    for header in headers:
        table.add_column(header, justify="right")
    for region in df.region.unique():
        for i, s in enumerate(scenarios):
            rows = df[(df.region == region) & (df.scenario == s)].set_index("year")
            table.add_row(region if i == 0 else "", Text(s),
                          *(_num(rows.demand[y]) for y in (*BASE_YEARS, *years)),
                          *(f"{rows[f'over {first}'][y]:.1f}" for y in years),
                          f"{rows[f'over {second}'][years[0]]:.1f}",
                          end_section=i == len(scenarios) - 1)
    console.print(table)
    if results.quantiles is not None:
        console.print(_multiple_bands(results, df.region.unique(), years))

    at = df[df.year == share_year].set_index(["region", "scenario"])
    apps = [c for c in df.columns if c not in ("scenario", "region", "year", "demand")
            and not c.startswith("over ")]
    table = _table(f"Share of each technology in that demand, {share_year}")
    table.add_column("technology", no_wrap=True)
    keys = sorted(at.index, key=lambda k: (list(df.region.unique()).index(k[0]),
                                           scenarios.index(k[1])))
    for region, s in keys:
        short = {"World": "World", "Canada": "CA", "South Korea": "KR"}.get(region, region)
        table.add_column(f"{short} {s}", justify="right")
    for app in apps:
        table.add_row(app, *(_pct(at.loc[key, app]) for key in keys))
    console.print(table)


def _multiple_bands(results, regions, years: list[int]) -> Table:
    """P5-P95 over the draws of the clean-energy multiples (a table of its own: beside the
    central values it would not fit in 100 columns)."""
    first, second = BASE_YEARS
    bands = results.quantiles.clean_energy_multiple
    table = _table(f"The same multiples, P5-P95 over {results.draws:,} draws")
    table.add_column("region")
    table.add_column("scenario")
    columns = [*((first, y) for y in years), (second, years[0])]
    for base, y in columns:
        table.add_column(f"x{str(y)[2:]}" if base == first else f"{y}/{base}", justify="right")
    for region in regions:
        for i, s in enumerate(results.scenario_names):
            cells = []
            for base, y in columns:
                band = bands.sel(scenario=s, region=region, base=str(base), year=y)
                cells.append(f"{float(band.sel(quantile=0.05)):.1f}-"
                             f"{float(band.sel(quantile=0.95)):.1f}")
            table.add_row(region if i == 0 else "", Text(s), *cells,
                          end_section=i == len(results.scenario_names) - 1)
    return table


def _stage_grid(df: pd.DataFrame, value: str, title: str, caption: str,
                rows: str = "scenario") -> Table:
    """Minerals (by scenario or region) down, stages across, ``value`` as percentages."""
    table = _table(title, caption)
    table.add_column("mineral")
    table.add_column(rows)
    for stage in BALANCE_STAGES:
        table.add_column(stage, justify="right")
    keys = list(dict.fromkeys(df[rows]))
    indexed = df.set_index(["mineral", rows, "stage"])[value]
    for mineral in CHAIN:
        for i, key in enumerate(keys):
            cells = [_pct(indexed.get((mineral, key, s), float("nan"))) for s in BALANCE_STAGES]
            table.add_row(mineral if i == 0 else "", Text(str(key)), *cells,
                          end_section=i == len(keys) - 1)
    return table


def print_supply(results, console: Console, year: int = SUMMARY_YEAR) -> None:
    """Demand-based coverage of the corridor by scenario, the plant-to-plant view, and
    world concentration and risk with and without the corridor pipeline."""
    tables = results.tables
    coverage = tables.coverage(year=year, regions=(CORRIDOR_REGION,))
    console.print(_stage_grid(
        coverage, "demand_coverage", f"Can the corridor supply itself? {CORRIDOR_REGION} "
        f"supply over its own battery material demand, {year}",
        "demand coverage: supply at each stage over the two countries' own demand in the "
        "scenario; blank: not on the mineral's chain"))
    first = results.scenario_names[0]
    plants = tables.self_sufficiency(year=year, regions=CORRIDOR)
    console.print(_stage_grid(
        plants[plants.scenario == first], "self_sufficiency", f"Plant to plant, {year} "
        f"({first}): supply over what the next stage's plants in the country consume",
        "not self-sufficiency in demand: a cell plant supplying far more than the region's "
        "vehicle plants need shows above 100%", rows="region"))

    df = tables.concentration(year=year)
    df = df[df.scenario == first]
    table = _table(f"World supply concentration and risk, {year} ({first}): with / without "
                   "the corridor pipeline", "HHI 0-1; supply risk by the EU 2023 method on "
                   "world supply")
    for col in ("mineral", "HHI mining", "HHI refining", "supply risk"):
        table.add_column(col, justify="left" if col == "mineral" else "right")
    for r in df.to_dict("records"):
        cells = [("" if pd.isna(r[c]) else f"{r[c]:.3f} / {r[c + ' without pipeline']:.3f}")
                 for c in ("HHI mining", "HHI refining", "supply risk")]
        table.add_row(r["mineral"], *cells)
    console.print(table)


def print_warnings(results, console: Console) -> None:
    for scenario, notes in results.notes.items():
        for note in notes:
            if note.startswith("warning: "):
                console.print(Text(f"warning ({scenario}): {note.removeprefix('warning: ')}",
                                   style="yellow"))


def print_summary(results, out_dir=None, console: Console | None = None) -> None:
    console = console or Console()
    print_calibration(results, console)
    print_projections(results, console)
    print_demand(results, console)
    print_clean_energy(results, console)
    print_supply(results, console)
    print_warnings(results, console)
    if out_dir is not None:
        console.print(Text(f"Outputs written to {out_dir}"))


def print_facilities(rows, console: Console) -> None:
    """The facility rows as a table, with counted capacity by stage and unit below."""
    table = _table(f"Facilities ({len(rows)})")
    for col in ("id", "name", "where", "stage", "product", "capacity", "start", "status"):
        table.add_column(col, justify="right" if col in ("capacity", "start") else "left",
                         overflow="fold")
    for r in rows.itertuples():
        where = ", ".join(x for x in (r.province, r.country) if isinstance(x, str) and x)
        capacity = "" if pd.isna(r.capacity) else f"{r.capacity:,.4g} {r.unit}"
        start = "" if pd.isna(r.start_year) else str(int(r.start_year))
        table.add_row(*(Text(str(x)) for x in (r.id, r.name, where, r.stage, r.product,
                                               capacity, start, r.status)))
    console.print(table)
    counted = rows[rows.in_capacity]
    if len(counted):
        totals = counted.groupby(["stage", "unit", "status"]).capacity.sum()
        console.print(Text("Nameplate capacity counted, by stage and status: " + "; ".join(
            f"{stage} {status} {value:,.0f} {unit}" for (stage, unit, status), value
            in totals.items())))


def print_balance(results, region: str, minerals, console: Console) -> None:
    """One region and scenario: demand-based coverage by stage first, then supply against
    what the next stage's plants consume, and when gaps open and close."""
    name = lookup("region", region)
    if name not in (*CORRIDOR, CORRIDOR_REGION, WORLD):
        raise InputError(f"--region: {region!r}: choose Canada, South Korea, corridor or "
                         "World")
    scenario = results.scenario_names[0]
    ds = results.balance.sel(scenario=scenario, region=name)
    chosen = [lookup("mineral", m) for m in minerals] if minerals else [
        m for m in HEADLINE_MINERALS if m in CHAIN]
    unknown = [m for m in chosen if m not in CHAIN]
    if unknown:
        raise InputError(f"--mineral: no supply chain is modelled for {unknown[0]!r} (choose "
                         f"from {', '.join(CHAIN)})")
    world_note = (f"; World: world output over world primary battery demand ("
                  f"{', '.join(m for m in chosen if m in NON_BATTERY_USES)} output also "
                  "serves non-battery uses)") if name == WORLD else ""
    table = _table(f"{name}: supply against its own battery material demand, kt/yr "
                   f"contained ({scenario})", "demand: the region's material demand in the "
                   f"scenario{world_note}")
    table.add_column("mineral", no_wrap=True)
    table.add_column("stage", no_wrap=True)
    for y in BALANCE_YEARS:
        table.add_column(f"{y} supply", justify="right")
        table.add_column("demand", justify="right")
        table.add_column("cover", justify="right")
    for mineral in chosen:
        stages = [s for s in BALANCE_STAGES
                  if ds.supply.sel(mineral=mineral, stage=s).notnull().any()]
        for i, stage in enumerate(stages):
            at = ds.sel(mineral=mineral, stage=stage)
            cells = [c for y in BALANCE_YEARS for c in (
                _num(float(at.supply.sel(year=y)), 1), _num(float(at.demand.sel(year=y)), 1),
                _pct(float(at.demand_coverage.sel(year=y))))]
            table.add_row(mineral if i == 0 else "", label("stage", stage, "iamc"), *cells,
                          end_section=i == len(stages) - 1)
    console.print(table)

    opened = results.tables.gaps()
    opened = opened[(opened.scenario == scenario) & (opened.region == name)].set_index(
        ["mineral", "stage"])
    table = _table(f"{name}, plant to plant: supply against what the next stage's plants "
                   f"consume, kt/yr ({scenario})", "requirement: the next stage's capacity in "
                   "the region (World: primary battery demand); gap years: supply below it")
    table.add_column("mineral", no_wrap=True)
    table.add_column("stage", no_wrap=True)
    for y in BALANCE_YEARS:
        table.add_column(f"{y} supply", justify="right")
        table.add_column("need", justify="right")
    table.add_column("gap years", justify="right", no_wrap=True)
    for mineral in chosen:
        stages = [s for s in BALANCE_STAGES
                  if ds.supply.sel(mineral=mineral, stage=s).notnull().any()]
        for i, stage in enumerate(stages):
            at = ds.sel(mineral=mineral, stage=stage)
            cells = [_num(float(at[v].sel(year=y)), 1) for y in BALANCE_YEARS
                     for v in ("supply", "requirement")]
            gap = ""
            if (mineral, stage) in opened.index:
                g = opened.loc[(mineral, stage)]
                gap = f"{int(g.opens)}-" + ("" if pd.isna(g.closes) else str(int(g.closes)))
            table.add_row(mineral if i == 0 else "", label("stage", stage, "iamc"), *cells, gap,
                          end_section=i == len(stages) - 1)
    console.print(table)
