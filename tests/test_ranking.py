"""Ranking: TOPSIS against an independent implementation, the weight sensitivity at its
edges, scores by hand from the proposals, and bad weights files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from corridor.cli import app
from corridor.projects import Registry, read
from corridor.ranking import CRITERIA, rank, sensitivity, topsis
from tests.hostile.contract import refused, runner

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE = read(EXAMPLES / "cathode-becancour.yaml")[0]
ASSEMBLY = read(EXAMPLES / "ev-assembly-ontario.yaml")[0]
NAMES = list(CRITERIA)[:4]  # three benefits and a cost


def by_hand(matrix: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """TOPSIS written out: min-max normalisation (cost columns reversed), weighted, the
    distance to the anti-ideal over the sum of both distances."""
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    norm = (matrix - low) / (high - low)
    norm = np.where(types > 0, norm, 1 - norm) * weights
    best, worst = norm.max(axis=0), norm.min(axis=0)
    to_best = np.sqrt(((norm - best) ** 2).sum(axis=1))
    to_worst = np.sqrt(((norm - worst) ** 2).sum(axis=1))
    return to_worst / (to_best + to_worst)


@settings(max_examples=60, deadline=None)
@given(arrays(float, (5, 4), elements=st.floats(0, 1e6, allow_nan=False)),
       arrays(float, 4, elements=st.floats(0.05, 1.0)))
def test_topsis_is_topsis(matrix, w):
    matrix = matrix + np.arange(4) * 1e-3 + np.arange(5)[:, None] * 1e-6  # no flat column
    values = pd.DataFrame(matrix, columns=NAMES, index=list("abcde"))
    weights = dict(zip(NAMES, w / w.sum(), strict=True))
    score = topsis(values, weights)
    expected = by_hand(matrix, w / w.sum(), np.array([CRITERIA[c] for c in NAMES]))
    np.testing.assert_allclose(score.reindex(values.index).to_numpy(), expected, rtol=1e-9)


def test_the_order_changes_just_past_the_edges_of_each_weight():
    rng = np.random.default_rng(3)
    values = pd.DataFrame(rng.lognormal(0, 1, (6, 4)), columns=NAMES, index=list("abcdef"))
    weights = dict.fromkeys(NAMES, 0.25)
    order = list(topsis(values, weights).index)
    edges = sensitivity(values, weights)
    for row in edges.itertuples():
        others = [c for c in NAMES if c != row.criterion]
        for w, inside in ((row.order_holds_from, True), (row.order_holds_to, True),
                          (row.order_holds_from - 0.01, False),
                          (row.order_holds_to + 0.01, False)):
            if not 0 < w < 1:
                continue
            trial = {row.criterion: w} | {c: (1 - w) / 3 for c in others}
            assert (list(topsis(values, trial).index) == order) is inside, (row, w)


@pytest.fixture(scope="module")
def ranked(data):
    return rank([CATHODE, ASSEMBLY], scenario="STEPS", data=data, today=2026)


def test_scores_by_hand_from_the_proposals(ranked):
    cathode = ranked.table.loc["cathode-becancour"]
    assert cathode.capex_per_job == pytest.approx(1.2e9 / 345)
    assert cathode.support_per_job == pytest.approx(6.44e8 / 345)
    assert cathode.years_to_production == 2029 - 2026
    assembly = ranked.table.loc["ev-assembly-ontario"]
    assert assembly.support_per_job == 0.0  # none asked
    # benchmark: HMGMA's US$7.59 bn and 8,500 jobs for 300,000 vehicles, at 1.3698 CAD/USD
    assert assembly.capex_per_job == pytest.approx(7.59e9 * 1.3698 / 8500)
    assert cathode.gap_closed_t == pytest.approx(
        ranked.portfolio.gap_closed(2035) - assembly.gap_closed_t, rel=1e-9)
    assert list(ranked.table["rank"]) == [1, 2]
    assert "risk_reduced" not in ranked.weights  # the same for both: left out
    assert sum(ranked.weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("text, message", [
    ("colour: 1\n", "colour: not a criterion"),
    ("direct_jobs: -1\n", "direct_jobs: a weight is a number of zero or more, got -1"),
    ("direct_jobs: lots\n", "got 'lots'"),
    ("direct_jobs: 0\n", "every weight is zero"),
])
def test_bad_weights_files_are_refused(tmp_path, text, message):
    db = str(tmp_path / "registry.sqlite")
    Registry(db).write([CATHODE, ASSEMBLY], author="A")
    weights = tmp_path / "weights.yaml"
    weights.write_text(text, encoding="utf-8")
    assert message in refused(["projects", "rank", "--weights", str(weights), "--db", db])


def test_rank_from_the_cli(tmp_path):
    db = str(tmp_path / "registry.sqlite")
    Registry(db).write([CATHODE, ASSEMBLY], author="A")
    weights = tmp_path / "weights.yaml"
    weights.write_text("coverage_gained: 3\ndirect_jobs: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["projects", "rank", "--weights", str(weights), "--db", db])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "│ 1 │ cathode-becancour │ 0.750 │" in text and "Together (cathode-becancour" in text
