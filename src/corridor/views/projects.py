"""What ``corridor projects`` prints: the registry as a table, one project, its history.

Text from users (names, notes, authors) is printed as text, never as rich markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from corridor.projects import Change, Record


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=Text(title), title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column == "id",
                         justify="right" if column in ("capacity", "start", "v") else "left")
    return table


def capacity(record: Record) -> str:
    return f"{record.capacity:,.0f} {record.unit}"


def print_list(records: list[Record], console: Console) -> None:
    """The projects, one row each."""
    table = _table(f"Projects ({len(records)}; `corridor projects show ID` for the rest)",
                   ["id", "name", "type", "capacity", "start", "status"])
    for r in records:
        status = r.status + (" (removed)" if r.removed else "")
        table.add_row(*(Text(str(x)) for x in (r.id, r.name, r.type, capacity(r),
                                               r.start_year, status)))
    console.print(table)


def print_project(record: Record, console: Console) -> None:
    """Every field of one project."""
    table = _table(f"{record.id} (version {record.version}, "
                   f"{record.updated_at:%Y-%m-%d %H:%M} UTC"
                   + (", removed)" if record.removed else ")"), ["field", "value"])
    for name, value in record.project.model_dump().items():
        if name == "proponents":
            value = "; ".join(f"{p['name']} ({p['country']})" for p in value)
        elif name == "sources":
            value = "\n".join(value)
        elif isinstance(value, float):
            value = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.6g}"
        table.add_row(Text(name), Text("" if value is None else str(value)))
    console.print(table)


def print_history(project_id: str, history: list[Change], console: Console) -> None:
    """Every change: version, when, who, what, and the values before."""
    table = _table(f"History of {project_id}", ["v", "when (UTC)", "author", "action",
                                                "changes (before -> after)"])
    for c in history:
        shown = ("" if c.action == "add" else "; ".join(
            f"{k}: {before!r} -> {after!r}" for k, (before, after) in c.fields.items()))
        table.add_row(*(Text(str(x)) for x in (c.version, f"{c.at:%Y-%m-%d %H:%M:%S}",
                                               c.author, c.action, shown)))
    console.print(table)


def _t(value: float) -> str:
    return "" if value != value else f"{value:,.0f}"


def _share(value: float) -> str:
    return "" if value != value else f"{value:.0%}"


def _mark(basis: str) -> str:
    return "" if basis == "proposal" else " *"


def print_assessment(a, console: Console, years=(2030, 2035)) -> None:
    """An assessment (:class:`corridor.assessment.Assessment`) as tables: output, needs and
    their coverage, import sources, self-sufficiency, concentration, costs and jobs."""
    names = ", ".join(p.id for p in a.projects)
    output = _table(f"{names} in {a.scenario} ({a.region}): effective capacity",
                    ["project", *map(str, years)])
    for p in a.projects:
        output.add_row(Text(p.id), *(Text(f"{float(a.output.sel(project=p.id, year=y)):,.0f}"
                                          f" {p.unit}") for y in years))
    console.print(output)
    needs = _table("What they need from the stage below (t contained/yr), and how much the "
                   "surplus without them covers", ["mineral", "stage", *[
                       f"{w} {y}" for y in years for w in ("need", a.region[:6], "corridor")]])
    for (mineral, stage), r in a.needs_by_year(years).iterrows():
        cells = [f(r[k, y]) for y in years for f, k in (
            (_t, "need_t"), (_share, "coverage_region"), (_share, "coverage_corridor"))]
        needs.add_row(Text(mineral), Text(stage), *map(Text, cells))
    console.print(needs)
    if len(a.sources):
        by = a.sources.groupby(["mineral", "stage"], sort=False)
        console.print(Text(f"Imported today ({int(a.sources.year.max())}, BACI) from: " + "; ".join(
            f"{m} {s}: " + ", ".join(f"{r.partner} {r.share:.0%}" for r in g.itertuples())
            for (m, s), g in by)))
    ss = a.balance.self_sufficiency.sel(year=years[0], drop=True)
    table = _table(f"Self-sufficiency (supply over the next stage's need), {years[0]}",
                   ["region", "mineral", "stage", "without", "with"])
    changed = abs(ss.sel(projects="with") - ss.sel(projects="without")) > 1e-9
    frame = ss.where(changed).to_series().unstack("projects").dropna(how="all")
    for (region, mineral, stage), row in frame.iterrows():
        table.add_row(*(Text(str(x)) for x in (region, mineral, stage, _share(row.without),
                                               _share(row["with"]))))
    console.print(table)
    hhi = a.concentration.hhi.sel(year=years[0])
    moved = (abs(hhi.sel(projects="with") - hhi.sel(projects="without")) > 1e-6)
    if bool(moved.any()):
        console.print(Text("World HHI, " + str(years[0]) + ": " + "; ".join(
            f"{m} {s} {float(hhi.sel(projects='without', mineral=m, stage=s)):.3f} -> "
            f"{float(hhi.sel(projects='with', mineral=m, stage=s)):.3f}"
            for m, s in moved.to_series()[lambda v: v].index)))
    else:
        console.print(Text(f"World supply concentration in {years[0]}: unchanged (the "
                           "projects add no mine or refinery output)"))
    money = _table("Costs and jobs (ranges: announced plants of the same type, per unit of "
                   "capacity)", ["project", "capex, million", "range", "direct jobs", "range",
                                 "support per job"])
    bases = []
    for r in a.economics.itertuples():
        money.add_row(*(Text(x) for x in (
            r.project, f"{r.currency} {_t(r.capex / 1e6)}" + _mark(r.capex_basis),
            f"{_t(r.capex_low / 1e6)}-{_t(r.capex_high / 1e6)}",
            _t(r.direct_jobs) + _mark(r.direct_jobs_basis),
            f"{_t(r.direct_jobs_low)}-{_t(r.direct_jobs_high)}", _t(r.support_per_job))))
        bases += [f"{r.project} {what}: {basis}" for what, basis in (
            ("capex", r.capex_basis), ("jobs", r.direct_jobs_basis)) if basis != "proposal"]
    console.print(money)
    for r in a.economics.itertuples():
        beyond = (f"{_t(r.investment_jobs)} jobs induced by the investment"
                  if r.investment_jobs == r.investment_jobs else
                  f"{_t(r.indirect_jobs)} indirect and {_t(r.induced_jobs)} induced jobs"
                  if r.indirect_jobs == r.indirect_jobs else "jobs beyond the plant: not "
                  "computed")
        console.print(Text(f"{r.project}: {beyond} ({r.spillover_basis})"))
    if bases:
        console.print(Text("* from benchmarks, not the proposal: " + "; ".join(bases),
                           style="dim"))
    for note in a.notes:
        console.print(Text(note, style="dim"))


HEADINGS = {"coverage_gained": "coverage", "gap_closed_t": "gaps closed, t",
            "risk_reduced": "risk", "direct_jobs": "jobs", "capex_per_job": "capex/job, CAD",
            "support_per_job": "support/job, CAD", "years_to_production": "years to start"}


def criterion(name: str, value: float) -> str:
    """A criterion's value as shown in rankings."""
    if name == "coverage_gained":
        return f"{value:+.1%}"
    return f"{value:+.3f}" if name == "risk_reduced" else _t(value)


def print_ranking(r, console: Console) -> None:
    """A ranking (:class:`corridor.ranking.Ranking`): the order with every criterion, how
    far each weight can move, the set's combined effect."""
    shown = [c for c in r.table.columns if c in r.weights]
    table = _table(f"Ranking ({r.year}, TOPSIS)",
                   ["rank", "project", "score", *(HEADINGS[c] for c in shown)])
    for project, row in r.table.iterrows():
        table.add_row(Text(str(int(row["rank"]))), Text(str(project)), Text(f"{row.score:.3f}"),
                      *(Text(criterion(c, row[c])) for c in shown))
    console.print(table)
    weights = _table("Weights, and how far each can move (the others scaled) before the "
                     "order changes", ["criterion", "weight", "order holds from", "to"])
    for s in r.sensitivity.itertuples():
        weights.add_row(Text(s.criterion), Text(f"{s.weight:.2f}"),
                        Text(f"{s.order_holds_from:.2f}"), Text(f"{s.order_holds_to:.2f}"))
    console.print(weights)
    if r.portfolio is not None:
        ids = ", ".join(p.id for p in r.portfolio.projects)
        money = r.portfolio.economics
        console.print(Text(
            f"Together ({ids}) in {r.year}: corridor stage gaps closed "
            f"{r.portfolio.gap_closed(r.year):,.0f} t (net), coverage gained "
            f"{r.portfolio.coverage_gained(r.year):+.1%}, direct jobs "
            f"{money.direct_jobs.sum():,.0f}"))
    for note in r.notes:
        console.print(Text(note, style="dim"))
