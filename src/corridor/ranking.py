"""Ranking of proposed projects over named criteria (TOPSIS, pymcdm), how far each weight
can move before the order changes, and the combined effect of the set.

Each project is assessed alone against the scenario (:func:`corridor.assessment.assess_each`)
and scored on:

==========================  ======  ===================================================
``coverage_gained``         more    rise of the corridor's demand-based coverage at the
                                    project's stage (mean over its minerals)
``gap_closed_t``            more    the corridor's stage gaps closed, contained t, less
                                    those the project opens upstream
``risk_reduced``            more    fall of world supply risk (EU method), mean over
                                    minerals
``direct_jobs``             more    direct jobs (proposal or benchmark)
``capex_per_job``           less    capex per direct job, CAD
``support_per_job``         less    public support asked per direct job, CAD (none: 0)
``years_to_production``     less    start year less the year of the ranking
==========================  ======  ===================================================

in ``year`` (default 2035). Criteria on which every project scores the same cannot order
them and are left out of the TOPSIS (said in ``notes``). Weights come from a file
(``criterion: weight``, zero or more, at least one above zero; scaled to sum to 1), else
:data:`DEFAULT_WEIGHTS`, an assumption stated in ``docs/assumptions.md``.

Examples
--------
>>> import pandas as pd
>>> scores = pd.DataFrame({"direct_jobs": [300, 100], "capex_per_job": [2e6, 1e6]},
...                       index=["a", "b"])
>>> topsis(scores, {"direct_jobs": 0.5, "capex_per_job": 0.5}).index.tolist()
['a', 'b']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.assessment import Assessment, assess_each
from corridor.config.yamlfile import read_yaml
from corridor.data import Data
from corridor.errors import InputError
from corridor.projects.schema import Project

#: criterion: +1 (more is better) or -1 (less is better)
CRITERIA = {"coverage_gained": 1, "gap_closed_t": 1, "risk_reduced": 1, "direct_jobs": 1,
            "capex_per_job": -1, "support_per_job": -1, "years_to_production": -1}
#: An assumption, not a finding: what a committee that weighs the corridor's coverage first
#: and spreads the rest evenly would choose. A weights file replaces it.
DEFAULT_WEIGHTS = {"coverage_gained": 0.25, "gap_closed_t": 0.15, "risk_reduced": 0.1,
                   "direct_jobs": 0.15, "capex_per_job": 0.1, "support_per_job": 0.15,
                   "years_to_production": 0.1}
GRID = np.linspace(0.0, 1.0, 101)  # weights tried in the sensitivity, steps of 0.01


@dataclass
class Ranking:
    """What :func:`rank` returns."""

    table: pd.DataFrame  # by project: score, rank, every criterion
    weights: dict[str, float]  # as used (scaled to sum to 1)
    sensitivity: pd.DataFrame  # by criterion: weight, lowest and highest keeping the order
    portfolio: Assessment  # the projects together (one country) or None
    year: int
    notes: list[str] = field(default_factory=list)


def load_weights(path: Path) -> dict[str, float]:
    """A weights file: ``criterion: weight`` for known criteria, weights zero or more."""
    raw = read_yaml(path, str(path))
    return checked_weights(raw, str(path))


def checked_weights(raw: dict, label: str = "weights") -> dict[str, float]:
    """``raw`` as weights summing to 1; :class:`InputError` naming ``label`` and the key."""
    out = {}
    for key, value in raw.items():
        if key not in CRITERIA:
            raise InputError(f"{label}: {key}: not a criterion (criteria: "
                             f"{', '.join(CRITERIA)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                np.isfinite(value) and value >= 0):
            raise InputError(f"{label}: {key}: a weight is a number of zero or more, got "
                             f"{value!r}")
        out[key] = float(value)
    total = sum(out.values())
    if total <= 0:
        raise InputError(f"{label}: every weight is zero (give at least one above zero)")
    return {k: v / total for k, v in out.items()}


def scores(assessments: list[Assessment], year: int, today: int | None = None,
           data: Data | None = None) -> pd.DataFrame:
    """Each assessed project's value on every criterion (CAD for money, at the exchange
    rates of ``data``)."""
    today = today or dt.date.today().year
    rates = (data or Data()).table("exchange_rates").set_index("currency").cad_per_unit
    rows = {}
    for a in assessments:
        (project,), money = a.projects, a.economics.iloc[0]
        risk = a.concentration.supply_risk.sel(year=year)
        cad = rates[money.currency]
        jobs = money.direct_jobs
        support = 0.0 if np.isnan(money.public_support) else money.public_support * cad
        rows[project.id] = {
            "coverage_gained": a.coverage_gained(year), "gap_closed_t": a.gap_closed(year),
            "risk_reduced": float((risk.sel(projects="without") - risk.sel(projects="with"))
                                  .mean(skipna=True).fillna(0)),
            "direct_jobs": jobs,
            "capex_per_job": money.capex * cad / jobs if jobs else np.nan,
            "support_per_job": support / jobs if jobs else np.nan,
            "years_to_production": max(0, project.start_year - today)}
    return pd.DataFrame.from_dict(rows, orient="index")[list(CRITERIA)]


def topsis(values: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """TOPSIS scores (pymcdm, min-max normalisation) of the rows over the weighted
    columns, best first."""
    from pymcdm.methods import TOPSIS

    columns = [c for c in values.columns if weights.get(c, 0) > 0]
    matrix = values[columns].to_numpy(float)
    w = np.array([weights[c] for c in columns])
    # checked here (finite, weights summing to 1); pymcdm's own checks would warn that one
    # project dominates another, which is a finding, not a fault
    score = TOPSIS()(matrix, w / w.sum(), np.array([CRITERIA[c] for c in columns]),
                     validation=False)
    return pd.Series(score, index=values.index).sort_values(ascending=False, kind="stable")


def rank(projects: list[Project], weights: dict[str, float] | None = None,
         scenario: str | Path = "STEPS", year: int = 2035, data: Data | None = None,
         today: int | None = None) -> Ranking:
    """Rank ``projects`` (see the module text)."""
    if len(projects) < 2:
        raise InputError("rank: give at least two projects")
    weights = checked_weights(weights or DEFAULT_WEIGHTS)
    regions = {p.country for p in projects}
    portfolios = [[p] for p in projects] + ([projects] if len(regions) == 1 else [])
    assessed = assess_each(portfolios, scenario, data)
    values = scores(assessed[:len(projects)], year, today, data)
    notes = []
    missing = [c for c in values if values[c].isna().any() and weights.get(c, 0) > 0]
    if missing:
        raise InputError(f"rank: {', '.join(missing)} unknown for "
                         f"{', '.join(values.index[values[missing].isna().any(axis=1)])} "
                         "(no capex or jobs, and no benchmark): give it, or weight it 0")
    flat = [c for c in values if values[c].nunique() < 2 and weights.get(c, 0) > 0]
    if flat:
        notes.append(f"the same for every project, so left out: {', '.join(flat)}")
    used = {c: w for c, w in weights.items() if c not in flat and w > 0}
    if not used:
        raise InputError("rank: no weighted criterion tells the projects apart")
    used = {c: w / sum(used.values()) for c, w in used.items()}
    score = topsis(values, used)
    table = values.loc[score.index].assign(score=score, rank=np.arange(1, len(score) + 1))
    return Ranking(table[["rank", "score", *CRITERIA]], used, sensitivity(values, used),
                   assessed[-1] if len(portfolios) > len(projects) else None, year, notes)


def sensitivity(values: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """For each criterion, the range of its weight (the others scaled to fill the rest in
    their proportions) over which the order stays as it is, on a grid of 0.01."""
    order = list(topsis(values, weights).index)
    rows = []
    for criterion, weight in weights.items():
        others = {c: w for c, w in weights.items() if c != criterion}
        rest = sum(others.values())
        same = []
        for w in GRID:
            if rest == 0 and w < 1:
                same.append(False)
                continue
            trial = {criterion: w} | {c: (1 - w) * v / rest for c, v in others.items()}
            trial = {c: v for c, v in trial.items() if v > 0}
            same.append(bool(trial) and list(topsis(values, trial).index) == order)
        same = np.array(same)
        at = int(np.argmin(abs(GRID - weight)))
        low = high = at
        while low > 0 and same[low - 1]:
            low -= 1
        while high < len(GRID) - 1 and same[high + 1]:
            high += 1
        rows.append({"criterion": criterion, "weight": weight,
                     "order_holds_from": GRID[low] if same[at] else np.nan,
                     "order_holds_to": GRID[high] if same[at] else np.nan})
    return pd.DataFrame(rows)
