"""Speed benchmarks (pytest-benchmark), not part of the test suite.

Run with ``pip install -e ".[test,bench]" && pytest -n 0 benchmarks/ --benchmark-only -s``.

* ``test_import``: ``python -c "import corridor"`` as a process, minus a bare interpreter
  (target 0.5 s: plotting, Excel and the model are imported on first use).
* ``test_chain_one_scenario``: the whole demand chain of one scenario with every clean-energy
  technology, compute only (target 100 ms): inputs prepared from the loaded tables, battery
  chain, technologies joined, World, checks.
* ``test_battery_chain_one_scenario``: the battery chain alone, with its chemistry and anode
  detail, on prepared inputs (target 60 ms).
* ``test_balances_all_scenarios``: stage balances and capacity of STEPS, APS and NZE from
  their central results (target 100 ms); the facility registry and published tables are
  read once per data set, as in a run.
* ``test_supply_side_all_scenarios``: the same plus world concentration and supply risk
  with and without the corridor pipeline (what ``corridor run`` computes on the supply side).
* ``test_monte_carlo_vs_flodym``: ``corridor run --scenario STEPS --draws 10000`` as a
  whole process, against flodym 1.1.0 running only its inflow-driven stock model of the
  same size (7 regions x 7 segments x 1990-2050, normal lifetimes, one lifetime draw per
  run) for ``CORRIDOR_FLODYM_DRAWS`` draws (default 10,000; fewer are scaled to 10,000).
  The ratio is printed and stored in the benchmark's ``extra_info`` (target: 15x).
* ``test_sobol``: ``corridor sensitivity`` of World lithium demand in 2040 with N = 1,024,
  every uncertain input (38: N x 40 = 40,960 model runs), as a whole process (target: 60 s
  for 36,864 runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from corridor.checks import check_demand
from corridor.config import BUILTIN, load_scenario
from corridor.data import Data
from corridor.demand.chain import chain, input_paths, with_world
from corridor.demand.cleantech import join
from corridor.demand.inputs import prepare
from corridor.demand.uncertainty import factors, sampled_technologies
from corridor.supply.balance import balances
from corridor.supply.outlook import indicators

DRAWS = 10_000


def test_import(benchmark):
    def seconds(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = min(seconds("pass") for _ in range(3))
    benchmark.pedantic(seconds, args=("import corridor",), rounds=5, iterations=1)
    extra = benchmark.stats.stats.min - bare
    benchmark.extra_info.update(import_s=extra)
    print(f"\nimport corridor: {extra * 1000:.0f} ms beyond a bare interpreter")
    assert extra < 0.5


def test_chain_one_scenario(benchmark):
    data, scenario = Data(), load_scenario("STEPS")

    def one():
        inputs = prepare(data, scenario)
        demand = with_world(join(chain(inputs), inputs.cleantech, drivetrain=inputs.drivetrain))
        check_demand(demand)
        return demand

    result = benchmark(one)
    assert float(result.material_demand.sum()) > 0


def test_battery_chain_one_scenario(benchmark):
    inputs = prepare(Data(), load_scenario("STEPS"))
    result = benchmark(chain, inputs)
    assert float(result.battery_demand_by_anode.sum()) > 0


@pytest.fixture(scope="module")
def central_runs():
    data = Data()
    runs = []
    for name in BUILTIN:
        scenario = load_scenario(name)
        inputs = prepare(data, scenario)
        demand = with_world(join(chain(inputs), inputs.cleantech, drivetrain=inputs.drivetrain))
        runs.append((scenario.supply, demand, input_paths(inputs)))
    balances(data, *runs[0])  # read the registry once, as a run does
    return data, runs


def test_balances_all_scenarios(benchmark, central_runs):
    data, runs = central_runs
    result = benchmark(lambda: [balances(data, *run) for run in runs])
    assert len(result) == 3 and float(result[0]["balance"].supply.sum()) > 0


def test_supply_side_all_scenarios(benchmark, central_runs):
    data, runs = central_runs

    def supply_side():
        return [indicators(data, balances(data, *run)["upstream"].upstream_supply)
                for run in runs]

    result = benchmark(supply_side)
    assert float(result[0]["risk"].hhi.sum()) > 0


def flodym_seconds_per_draw(draws: int, seed: int = 0) -> float:
    """Mean wall time of flodym's InflowDrivenDSM, one normal-lifetime draw per run."""
    fd = pytest.importorskip("flodym")
    dims = fd.DimensionSet(dim_list=[
        fd.Dimension(name="time", letter="t", items=list(range(1990, 2051))),
        fd.Dimension(name="region", letter="r", items=[f"r{i}" for i in range(7)]),
        fd.Dimension(name="segment", letter="s", items=[f"s{i}" for i in range(7)]),
    ])
    rng = np.random.default_rng(seed)
    inflow = rng.uniform(0.0, 1.0, (61, 7, 7))

    def one_draw(scale: float) -> np.ndarray:
        lifetime = fd.NormalLifetime(
            dims=dims, mean=fd.FlodymArray(dims=dims["r", "s"], values=np.full((7, 7), 15 * scale)),
            std=fd.FlodymArray(dims=dims["r", "s"], values=np.full((7, 7), 4.5 * scale)))
        dsm = fd.InflowDrivenDSM(dims=dims, inflow=fd.StockArray(dims=dims, values=inflow),
                                 lifetime_model=lifetime)
        dsm.compute()
        return dsm.stock.values

    one_draw(1.0)  # warm-up
    start = time.perf_counter()
    for scale in rng.lognormal(0.0, 0.15, draws):
        one_draw(scale)
    return (time.perf_counter() - start) / draws


def test_monte_carlo_vs_flodym(benchmark, tmp_path):
    flodym_draws = int(os.environ.get("CORRIDOR_FLODYM_DRAWS", DRAWS))
    flodym = flodym_seconds_per_draw(flodym_draws) * DRAWS
    command = [sys.executable, "-m", "corridor", "run", "--scenario", "STEPS",
               "--draws", str(DRAWS), "--out", str(tmp_path / "out")]
    benchmark.pedantic(subprocess.run, args=(command,),
                       kwargs={"check": True, "capture_output": True}, rounds=1, iterations=1)
    corridor = benchmark.stats.stats.mean
    ratio = flodym / corridor
    benchmark.extra_info.update(corridor_s=corridor, flodym_s=flodym, ratio=ratio,
                                flodym_draws_timed=flodym_draws)
    print(f"\ncorridor run --draws {DRAWS:,}: {corridor:.1f} s; flodym InflowDrivenDSM "
          f"x {DRAWS:,} ({flodym_draws:,} timed): {flodym:.1f} s; ratio {ratio:.1f}x")
    assert ratio >= 15


def test_sobol(benchmark, tmp_path):
    command = [sys.executable, "-m", "corridor", "sensitivity", "--output",
               "Material Demand|Lithium", "--region", "World", "--year", "2040",
               "--samples", "1024"]
    benchmark.pedantic(subprocess.run, args=(command,), kwargs={
        "check": True, "capture_output": True}, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.mean
    inputs = prepare(Data(), load_scenario("STEPS"), uncertain=True)
    runs = 1024 * (len(factors(inputs.scenario, sampled_technologies(inputs))) + 2)
    benchmark.extra_info.update(seconds=seconds, runs=runs)
    print(f"\ncorridor sensitivity, {runs:,} runs: {seconds:.1f} s "
          f"({seconds / runs * 36_864:.1f} s at 36,864 runs)")
    assert seconds / runs * 36_864 <= 60
