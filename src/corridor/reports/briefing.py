"""The briefing note: an assessment (and a ranking) laid out for a ministry analyst."""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corridor._version import __version__
from corridor.assessment import Assessment, assess
from corridor.data import Data
from corridor.errors import InputError
from corridor.projects.schema import Project
from corridor.ranking import Ranking, rank

TEMPLATES = Path(__file__).parent / "templates"
YEARS = (2030, 2035)
ASSUMPTIONS = (
    "Each project enters the scenario's run as a plant under construction, counted in full "
    "from its start year over its ramp (the registry row it restarts, if any, leaves the "
    "run); the rest of the scenario is unchanged.",
    "Needs are the rise of the plant-to-plant requirement of the stage below, in contained "
    "tonnes; coverage is the surplus that stage had without the project. The corridor's "
    "surplus is net: a Canadian surplus can be cancelled by a Korean deficit.",
    "Capex and direct jobs not given in the proposal are the median of announced plants of "
    "the same type per unit of capacity (low and high: the extremes), at the Bank of "
    "Canada's 2024 average exchange rates, without inflation adjustment.",
    "Jobs beyond the plant: for Canadian sites, direct jobs times the ratio of the "
    "industry's indirect and induced to its direct jobs multiplier (Statistics Canada, "
    "table 36-10-0595-01, the province, 2019, once fetched with corridor data fetch "
    "multipliers); for Korean sites the Bank of Korea's 2020 employment inducement of "
    "investment (9.1 persons per KRW 1 billion of capex, direct ones included).",
)


@dataclass
class Briefing:
    """A briefing note: its HTML (self-contained) and what it was built from."""

    html: str
    assessment: Assessment
    ranking: Ranking | None

    def pdf(self) -> bytes:
        """The note as PDF bytes (WeasyPrint)."""
        return _document(self.html).write_pdf()

    def pages(self) -> int:
        """How many A4 pages the PDF has."""
        return len(_document(self.html).pages)


def _document(html: str):
    from weasyprint import HTML

    return HTML(string=html).render()


def briefing(projects: list[Project], scenario: str | Path = "STEPS", data: Data | None = None,
             among: list[Project] = (), today: dt.date | None = None) -> Briefing:
    """The note on ``projects`` (one, or a portfolio in one country) in ``scenario``, ranked
    among ``among`` (other open proposals) when there are any."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    data = data or Data()
    today = today or dt.date.today()
    a = assess(projects, scenario, data)
    others = [p for p in among if p.id not in {q.id for q in projects}]
    ranking = (rank([*projects, *others], scenario=scenario, data=data, today=today.year)
               if others and len(projects) == 1 else None)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    title = (projects[0].name if len(projects) == 1
             else f"Portfolio of {len(projects)} projects in {a.region}")
    html = env.get_template("briefing.html.j2").render(
        title=title, css=(TEMPLATES / "briefing.css").read_text(encoding="utf-8"),
        scenario=a.scenario, version=__version__, data_version=data.version,
        date=today.isoformat(), projects=projects, region=a.region, years=YEARS,
        keys=_keys(a), summary=_summary(a), needs=_needs(a), figure=_figure(a),
        concentration=_concentration(a), money=_money(a), money_note=_money_note(a),
        ranking=_ranking(ranking) if ranking else None, assumptions=ASSUMPTIONS,
        sources_list=_sources(a, data), **_imports(a))
    return Briefing(html, a, ranking)


def write(note: Briefing, folder: Path, name: str) -> list[Path]:
    """``name.html`` and ``name.pdf`` in ``folder``, each replacing any older one only when
    complete."""
    from corridor.io.folder import atomic_file

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file, not a folder for the report")
    paths = [folder / f"{name}.html", folder / f"{name}.pdf"]
    pdf = note.pdf()
    with atomic_file(paths[0]) as tmp:
        tmp.write_text(note.html, encoding="utf-8")
    with atomic_file(paths[1]) as tmp:
        tmp.write_bytes(pdf)
    return paths


# --- the pieces -----------------------------------------------------------------------

def _t(value: float, digits: int = 0) -> str:
    return "–" if value is None or value != value else f"{value:,.{digits}f}"


def _cut(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " ..."


def _pct(value: float) -> str:
    return "–" if value != value else f"{value:.0%}"


def _totals(a: Assessment, year: int) -> tuple[float, float]:
    needs = a.needs.sel(year=year)
    need = float(needs.need_t.sum())
    covered = float(needs.covered_region_t.sum()) if "covered_region_t" in needs else 0.0
    return need, covered


def _keys(a: Assessment) -> list[dict]:
    year = YEARS[-1]
    need, covered = _totals(a, year)
    money = a.economics
    currency = money.currency.iloc[0]
    capex = money.capex.sum()
    jobs = money.direct_jobs.sum()
    support = money.public_support.sum(min_count=1)
    return [
        {"value": f"{_t(need)} t", "label": f"contained minerals needed a year, {year}"},
        {"value": _pct(covered / need) if need else "–",
         "label": f"of it covered in {a.region}"},
        {"value": f"{currency} {_t(capex / 1e9, 2)} bn", "label": "capex"},
        {"value": _t(jobs), "label": "direct jobs"},
        {"value": f"{currency} {_t(support / jobs / 1e3)} k" if jobs and support == support
         else "none asked", "label": "public support per direct job"}]


def _summary(a: Assessment) -> str:
    year = YEARS[-1]
    need, covered = _totals(a, year)
    needs = a.needs.sel(year=year).to_dataframe().dropna(subset=["need_t"])
    imported = needs[needs.imports_t > 0.5].sort_values("imports_t", ascending=False)
    parts = [f"At full output in {year} the project{'s' if len(a.projects) > 1 else ''} "
             f"need{'' if len(a.projects) > 1 else 's'} {_t(need)} t of contained minerals a "
             f"year from the stage below; {a.region}'s surplus covers "
             f"{_pct(covered / need) if need else '–'} of it."]
    if len(imported):
        named = ", ".join(f"{m.lower()} at {s} ({_t(r.imports_t)} t)"
                          for (m, s), r in imported.head(3).iterrows())
        parts.append(f"The rest, {_t(float(imported.imports_t.sum()))} t, must be imported: "
                     f"{named}.")
    ss = a.balance.self_sufficiency.sel(region=a.region, year=YEARS[0])
    rise = (ss.sel(projects="with") - ss.sel(projects="without")).to_series().dropna()
    if len(rise):
        (mineral, stage), change = max(rise.items(), key=lambda kv: abs(kv[1]))
        before = float(ss.sel(projects="without", mineral=mineral, stage=stage))
        parts.append(f"The largest change in {a.region}'s self-sufficiency in {YEARS[0]}: "
                     f"{mineral.lower()} at {stage}, {_pct(before)} to "
                     f"{_pct(before + change)}.")
    return " ".join(parts)


def _needs(a: Assessment) -> list[dict]:
    return [{"mineral": mineral, "stage": stage,
             "cells": [f(r[k, y]) for y in YEARS for f, k in (
                 (_t, "need_t"), (_pct, "coverage_region"), (_pct, "coverage_corridor"))]}
            for (mineral, stage), r in a.needs_by_year(YEARS).iterrows()]


def _imports(a: Assessment) -> dict:
    if a.sources.empty:
        return {"sources": "", "sources_year": ""}
    text = "; ".join(f"{m} {s}: " + ", ".join(f"{r.partner} {r.share:.0%}"
                                             for r in g.itertuples())
                     for (m, s), g in a.sources.groupby(["mineral", "stage"], sort=False))
    return {"sources": text, "sources_year": int(a.sources.year.max())}


def _figure(a: Assessment) -> str:
    """Self-sufficiency without and with, by stage and mineral, for the region and the
    corridor: a PNG at 200 dpi as a data URI."""
    from matplotlib.figure import Figure

    from corridor.dims import CORRIDOR_REGION

    ss = a.balance.self_sufficiency.sel(year=YEARS[0])
    regions = list(dict.fromkeys([a.region, CORRIDOR_REGION]))
    regions = [r for r in regions if r in ss.region]
    canvas = Figure(figsize=(7.0, 2.0 * len(regions)), dpi=200)
    axes = canvas.subplots(len(regions), 1, squeeze=False)[:, 0]
    for ax, region in zip(axes, regions, strict=True):
        one = ss.sel(region=region)
        moved = (abs(one.sel(projects="with") - one.sel(projects="without")) > 1e-9)
        pairs = moved.to_series()[lambda v: v].index.tolist()
        labels = [f"{m}\n{s}" for m, s in pairs]
        x = np.arange(len(pairs))
        for i, (case, color) in enumerate((("without", "#9bb3c4"), ("with", "#123c5a"))):
            values = [100 * float(one.sel(projects=case, mineral=m, stage=s)) for m, s in pairs]
            ax.bar(x + (i - 0.5) * 0.38, np.minimum(values, 300), 0.38, color=color,
                   label=f"{case} the project{'s' if len(a.projects) > 1 else ''}")
        ax.axhline(100, color="#d1495b", lw=0.8, ls="--")
        ax.set_xticks(x, labels, fontsize=6)
        ax.set_ylabel("%, capped at 300", fontsize=6.5)
        ax.set_ylim(0, 320)
        ax.tick_params(axis="y", labelsize=6.5)
        ax.set_title(region, fontsize=8)
        if not pairs:
            ax.text(0.5, 0.5, "no change", ha="center", transform=ax.transAxes, fontsize=7)
    axes[0].legend(fontsize=6, loc="upper right")
    canvas.subplots_adjust(left=0.08, right=0.99, bottom=0.12, top=0.93, hspace=0.55)
    buffer = io.BytesIO()
    canvas.savefig(buffer, format="png", dpi=200)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _concentration(a: Assessment) -> str:
    hhi = a.concentration.hhi.sel(year=YEARS[0])
    moved = abs(hhi.sel(projects="with") - hhi.sel(projects="without")) > 1e-6
    if not bool(moved.any()):
        return (f"World supply concentration in {YEARS[0]} is unchanged: no mine or "
                "refinery output is added.")
    return f"World HHI in {YEARS[0]}, without and with: " + "; ".join(
        f"{m} {s} {float(hhi.sel(projects='without', mineral=m, stage=s)):.3f} to "
        f"{float(hhi.sel(projects='with', mineral=m, stage=s)):.3f}"
        for m, s in moved.to_series()[lambda v: v].index) + "."


def _money(a: Assessment) -> list[dict]:
    rows = []
    for r in a.economics.itertuples():
        star = lambda basis: "" if basis == "proposal" else " *"  # noqa: E731
        rows.append({"project": r.project, "cells": [
            f"{r.currency} {_t(r.capex / 1e6)}{star(r.capex_basis)}",
            f"{_t(r.capex_low / 1e6)}–{_t(r.capex_high / 1e6)}",
            f"{_t(r.direct_jobs)}{star(r.direct_jobs_basis)}",
            f"{_t(r.direct_jobs_low)}–{_t(r.direct_jobs_high)}",
            f"{r.currency} {_t(r.support_per_job)}" if r.support_per_job == r.support_per_job
            else "none asked", _t(_beyond(r))]})
    return rows


def _beyond(r) -> float:
    """Jobs beyond the plant: indirect and induced (Canada), or those the investment
    induces (Korea, Bank of Korea)."""
    if r.investment_jobs == r.investment_jobs:
        return r.investment_jobs
    return r.indirect_jobs + r.induced_jobs


def _money_note(a: Assessment) -> str:
    bases = [f"{r.project} {what}: {basis}" for r in a.economics.itertuples()
             for what, basis in (("capex", r.capex_basis), ("jobs", r.direct_jobs_basis))
             if basis != "proposal"]
    note = ("Ranges: announced plants of the same type, per unit of capacity "
            "(table plant_benchmarks).")
    beyond = "; ".join(f"{r.project}: {r.spillover_basis}" for r in a.economics.itertuples())
    return note + (" * from benchmarks, not the proposal: " + "; ".join(bases) + "."
                   if bases else "") + f" Jobs beyond the plant: {beyond}."


def _ranking(r: Ranking) -> dict:
    from corridor.views.projects import HEADINGS, criterion

    shown = [c for c in r.table.columns if c in r.weights]
    rows = [[int(row["rank"]), project, f"{row.score:.3f}",
             *(criterion(c, row[c]) for c in shown)] for project, row in r.table.iterrows()]
    return {"headings": [HEADINGS[c] for c in shown], "rows": rows,
            "weights": ", ".join(f"{HEADINGS[c]} {w:.2f}" for c, w in r.weights.items()),
            "sensitivity": "; ".join(
                f"{HEADINGS[s.criterion]} {s.order_holds_from:.2f}–{s.order_holds_to:.2f}"
                for s in r.sensitivity.itertuples())}


def _sources(a: Assessment, data: Data) -> list[str]:
    out = [f"{p.id}: {s}" for p in a.projects for s in p.sources]
    bench = data.table("plant_benchmarks")
    used = bench[bench.type.isin({p.type for p in a.projects})]
    out += [f"Benchmark {r.plant}: {r.source}" for r in used.itertuples()]
    out.append(data.table("exchange_rates").source.iloc[-1])
    tables = data.sources()
    for name in ("facilities", "world_supply", "mineral_intensity", "trade_flows"):
        rows = tables[tables.table == name]
        if len(rows):
            out.append(f"corridor table {name}: {len(rows)} cited sources, e.g. "
                       f"{_cut(rows.sort_values('rows').source.iloc[-1])}")
    return list(dict.fromkeys(out))
