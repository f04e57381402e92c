"""Assessment of proposed projects: output, needs and their coverage by hand from the
runs without them, costs and jobs by hand from the benchmark table, and bad proposals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corridor.assessment import assess, registry_with
from corridor.cli import app
from corridor.config import load_scenario
from corridor.errors import InputError
from corridor.orchestrator import run_demand, run_supply
from corridor.projects import Registry, read
from tests.hostile.contract import refused, runner

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE = read(EXAMPLES / "cathode-becancour.yaml")[0]
ASSEMBLY = read(EXAMPLES / "ev-assembly-ontario.yaml")[0]
# NMC811, LiNi0.8Mn0.1Co0.1O2, with IUPAC standard atomic weights
WEIGHT = {"Li": 6.94, "Ni": 0.8 * 58.693, "Mn": 0.1 * 54.938, "Co": 0.1 * 58.933,
          "O": 2 * 15.999}
FRACTION = {m: WEIGHT[e] / sum(WEIGHT.values()) for m, e in (
    ("Lithium", "Li"), ("Nickel", "Ni"), ("Manganese", "Mn"), ("Cobalt", "Co"))}


@pytest.fixture(scope="module")
def cathode(data):
    return assess(CATHODE, "STEPS", data)


@pytest.fixture(scope="module")
def base(data):
    scenario = load_scenario("STEPS")
    return run_supply(data, scenario, run_demand(data, scenario)[1])


def test_output_ramps_to_nameplate(cathode):
    settings = load_scenario("STEPS").supply
    ramp = settings.ramp_years
    use = settings.utilisation.get("cathode", 1.0)
    expected = [0.0] + [45000 * use * min(1.0, k / ramp) for k in range(1, 5)]
    assert cathode.output.sel(project=CATHODE.id, year=range(2028, 2033)).values.tolist(
        ) == pytest.approx(expected)


def test_needs_are_the_cathodes_metals_by_stoichiometry(cathode):
    output = float(cathode.output.sel(project=CATHODE.id, year=2035))
    needs = cathode.needs.need_t.sel(year=2035)
    assert float(needs.sel(mineral="Lithium", stage="refining")) == pytest.approx(
        output * FRACTION["Lithium"], rel=2e-3)
    for mineral in ("Nickel", "Cobalt", "Manganese"):
        assert float(needs.sel(mineral=mineral, stage="precursor")) == pytest.approx(
            output * FRACTION[mineral], rel=2e-3)
    assert np.isnan(float(needs.sel(mineral="Graphite", stage="anode")))  # not needed


def test_coverage_is_the_surplus_without_the_project(cathode, base):
    for region, name in (("Canada", "region"), ("Canada+South Korea", "corridor")):
        balance = base["balance"].sel(region=region, mineral="Lithium", stage="refining",
                                      year=2035)
        surplus = max(0.0, float(balance.supply - balance.requirement) * 1000)
        need = float(cathode.needs.need_t.sel(mineral="Lithium", stage="refining", year=2035))
        assert float(cathode.needs[f"covered_{name}_t"].sel(
            mineral="Lithium", stage="refining", year=2035)) == pytest.approx(min(surplus, need))
    # Canada has no precursor plant running: every tonne of nickel precursor is imported
    nickel = cathode.needs.sel(mineral="Nickel", stage="precursor", year=2035)
    assert float(nickel.imports_t) == pytest.approx(float(nickel.need_t))


def test_the_replaced_row_leaves_the_registry(data):
    table = registry_with(data, [CATHODE])
    assert "CA-004" not in set(table.id) and CATHODE.id in set(table.id)
    assert len(table) == len(data.table("facilities"))


def test_a_portfolio_needs_what_its_projects_need(data, cathode):
    both = assess([CATHODE, ASSEMBLY], "STEPS", data)
    alone = assess(ASSEMBLY, "STEPS", data)
    total = both.needs.need_t.fillna(0)
    parts = cathode.needs.need_t.reindex_like(total).fillna(0) + alone.needs.need_t.reindex_like(
        total).fillna(0)
    np.testing.assert_allclose(total.values, parts.values, rtol=1e-9, atol=1e-6)
    assert list(both.economics.project) == [CATHODE.id, ASSEMBLY.id]


def test_costs_and_jobs_from_benchmarks_by_hand(data):
    bare = CATHODE.model_copy(update={"capex": None, "direct_jobs": None,
                                      "public_support": None})
    row = assess(bare, "STEPS", data).economics.iloc[0]
    # CAD per t/yr: Ultium 600M/30,000; EcoPro 1.2B/45,000; LG Gumi KRW 475.4B/60,000 at
    # the Bank of Canada's 2024 average of 0.001005 CAD per KRW
    per_t = [6e8 / 30000, 1.2e9 / 45000, 4.754e11 / 60000 * 0.001005]
    assert row.capex == pytest.approx(45000 * np.median(per_t))
    assert (row.capex_low, row.capex_high) == pytest.approx((45000 * min(per_t),
                                                             45000 * max(per_t)))
    jobs = [200 / 30000, 345 / 45000, 187 / 60000]
    assert row.direct_jobs == pytest.approx(45000 * np.median(jobs))
    assert row.capex_basis.startswith("benchmarks: ") and np.isnan(row.support_per_job)
    given = assess(CATHODE, "STEPS", data).economics.iloc[0]
    assert (given.capex, given.direct_jobs, given.support_per_job) == pytest.approx(
        (1.2e9, 345, 6.44e8 / 345))


def test_a_korean_site_counts_the_jobs_its_investment_induces(data):
    korean = CATHODE.model_copy(update={"id": "cathode-korea", "country": "South Korea",
                                        "province": None, "city": None, "replaces": None,
                                        "capex": 5e11, "currency": "KRW"})
    row = assess(korean, "STEPS", data).economics.iloc[0]
    assert row.investment_jobs == pytest.approx(500 * 9.1)  # KRW bn x Bank of Korea 2020


@pytest.mark.parametrize("change, message", [
    ({"product_class": "NCX"}, "product_class: 'NCX' is not one the registry counts"),
    ({"replaces": "CA-999"}, "replaces: no facility 'CA-999'"),
    ({"id": "ca-004", "replaces": None}, None),
])
def test_bad_proposals_are_refused(data, change, message):
    project = CATHODE.model_copy(update=change)
    if message is None:  # ids are case-sensitive: not the registry's CA-004
        assert assess(project, "STEPS", data).output.project.values.tolist() == ["ca-004"]
        return
    with pytest.raises(InputError, match=message):
        assess(project, "STEPS", data)


def test_a_portfolio_is_in_one_country(data, tmp_path):
    korean = CATHODE.model_copy(update={"id": "kr", "country": "South Korea", "replaces": None})
    with pytest.raises(InputError, match="the projects are in Canada and South Korea"):
        assess([CATHODE, korean], "STEPS", data)
    db = str(tmp_path / "registry.sqlite")
    assert "project 'nope': not in the registry" in refused(
        ["projects", "assess", "nope", "--db", db])


def test_assess_from_the_cli(tmp_path):
    db = str(tmp_path / "registry.sqlite")
    Registry(db).write([CATHODE, ASSEMBLY], author="A")
    result = runner.invoke(app, ["projects", "assess", "cathode-becancour", "--db", db])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "cathode-becancour in STEPS (Canada)" in text and "30,000 t/yr" in text
    assert "Lithium │ refining │ 2,140" in text and "CAD 1,200" in text
    result = runner.invoke(app, ["projects", "assess", "--status", "proposed", "--db", db,
                                 "-s", "APS"])
    assert result.exit_code == 0 and "ev-assembly-ontario" in result.output
