"""Project registry and assessment speed (pytest-benchmark): ``pytest -n 0
benchmarks/test_projects_speed.py --benchmark-only -s``.

* ``test_assess_one``: one project assessed against STEPS, the model's demand and both
  supply runs included (target 2 s), the data tables already read as in a session.
* ``test_rank_50``: TOPSIS of 50 projects on the seven criteria and the sensitivity of
  the order to every weight (target 1 s; the projects' assessments are not included).
* ``test_report``: the briefing on the cathode example ranked beside the EV example:
  assessments, ranking, figure, HTML and PDF (target 10 s).
* ``test_registry_list_50``: listing a registry of 50 projects on SQLite.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from corridor.assessment import assess
from corridor.data import Data
from corridor.projects import Registry, read
from corridor.ranking import CRITERIA, DEFAULT_WEIGHTS, sensitivity, topsis

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE = read(EXAMPLES / "cathode-becancour.yaml")[0]
ASSEMBLY = read(EXAMPLES / "ev-assembly-ontario.yaml")[0]


def test_assess_one(benchmark):
    data = Data()
    assess(CATHODE, "STEPS", data)  # tables read once
    result = benchmark.pedantic(assess, args=(CATHODE, "STEPS", data), rounds=5)
    assert float(result.output.sel(project=CATHODE.id, year=2035)) > 0


def test_registry_list_50(benchmark, tmp_path):
    registry = Registry(tmp_path / "registry.sqlite")
    registry.write([CATHODE.model_copy(update={"id": f"plant-{i:02d}"}) for i in range(50)],
                   author="bench")
    assert len(benchmark(registry.list)) == 50


def test_rank_50(benchmark):
    values = pd.DataFrame(np.random.default_rng(0).lognormal(0, 1, (50, len(CRITERIA))),
                          columns=list(CRITERIA), index=[f"p{i}" for i in range(50)])

    def rank_50():
        return topsis(values, DEFAULT_WEIGHTS), sensitivity(values, DEFAULT_WEIGHTS)

    order, edges = benchmark.pedantic(rank_50, rounds=3)
    assert len(order) == 50 and len(edges) == len(CRITERIA)


def test_report(benchmark, tmp_path):
    from corridor.reports import briefing, write

    data = Data()

    def report():
        return write(briefing([CATHODE], "STEPS", data, among=[ASSEMBLY]), tmp_path, "c")

    paths = benchmark.pedantic(report, rounds=2)
    assert paths[1].stat().st_size > 10_000
