"""The Python API a notebook user lives in: run, results groups, accessors, save and reopen."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.errors import CheckError, CorridorWarning, InputError
from corridor.examples import small_world


@pytest.fixture(scope="module")
def steps():
    return corridor.run("STEPS", data=small_world())


def test_top_level_names():
    for name in ("run", "open", "load_scenario", "Scenario", "Results"):
        assert callable(getattr(corridor, name)), name
    assert corridor.run.__module__ == "corridor.orchestrator"


def test_run_takes_a_name_a_path_a_scenario_or_a_list(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("base: APS\nname: Mine\n", encoding="utf-8")
    scenario = corridor.load_scenario("NZE")
    data = small_world()
    assert corridor.run("STEPS", data=data).scenario_names == ["STEPS"]  # not S, T, E, P, S
    assert corridor.run(path, data=data).scenario_names == ["Mine"]
    assert corridor.run(scenario, data=data).scenario_names == ["NZE"]
    both = corridor.run(["STEPS", scenario], data=data)
    assert both.scenario_names == ["STEPS", "NZE"]
    with pytest.raises(InputError, match="unique"):
        corridor.run(["STEPS", "STEPS"], data=data)
    with pytest.raises(TypeError, match="not 42"):
        corridor.run(42, data=data)
    # tables keep the order of the run
    assert both.tables.coverage().scenario.unique().tolist() == ["STEPS", "NZE"]


def test_groups_keep_their_own_regions(steps):
    assert "Canada+South Korea" not in steps.demand.region.values
    assert list(steps.balance.region.values) == ["Canada", "South Korea",
                                                 "Canada+South Korea", "World"]
    assert list(steps.capacity.region.values) == ["Canada", "South Korea",
                                                  "Canada+South Korea"]
    assert steps.quantiles is None
    assert set(steps.tree.children) >= {"demand", "inputs", "balance", "capacity",
                                        "facilities", "risk", "production", "reference"}


def test_repr_is_short(steps):
    text = repr(steps)
    assert "STEPS" in text and "2010-2050" in text and "data version" in text
    assert len(text.splitlines()) < 12
    assert "<table>" in steps._repr_html_()


def test_save_and_reopen_exactly(steps, tmp_path):
    steps.io.to_netcdf(tmp_path / "run.nc")
    again = corridor.open(tmp_path / "run.nc")
    pd.testing.assert_frame_equal(again.to_iamc(), steps.to_iamc())
    assert again.scenarios == steps.scenarios
    assert again.data_version == steps.data_version
    again.check()
    written = tmp_path / "out"
    steps.io.write(written, figures=False)
    pd.testing.assert_frame_equal(corridor.open(written).to_iamc(), steps.to_iamc())
    with pytest.raises(InputError, match="no saved corridor results"):
        corridor.open(tmp_path)


def test_check_names_the_first_failure(steps):
    steps.check()
    broken = corridor.Results(steps.tree.copy(deep=True))
    demand = broken.tree["demand"].to_dataset()
    sales = demand.sales.copy()
    sales.loc[{"scenario": "STEPS", "region": "Canada", "segment": "Cars|BEV",
               "year": 2030}] += 1000.0
    broken.tree["demand"] = broken.tree["demand"].to_dataset().assign(sales=sales)
    with pytest.raises(CheckError, match="stock balance"):
        broken.check()
    broken = corridor.Results(steps.tree.copy(deep=True))
    capacity = broken.tree["capacity"].to_dataset()
    capacity["capacity"].loc[{"region": "Canada+South Korea"}] *= 2
    broken.tree["capacity"] = capacity
    with pytest.raises(CheckError, match="Canada\\+South Korea is not the sum"):
        broken.check()


def test_tables_are_dataframes(steps):
    tables = steps.tables
    coverage = tables.coverage(year=2030)
    row = coverage[(coverage.region == "Canada") & (coverage.mineral == "Nickel")
                   & (coverage.stage == "cathode")].iloc[0]
    own = steps.demand.material_demand.sel(scenario="STEPS", region="Canada", year=2030,
                                           mineral="Nickel").sum()
    assert row.demand == pytest.approx(float(own))
    assert row.demand_coverage == pytest.approx(row.supply / row.demand)
    world = coverage[(coverage.region == "World") & (coverage.mineral == "Nickel")]
    assert (world.note == "world output also serves non-battery uses").all()
    plants = tables.self_sufficiency(year=2030)
    assert {"requirement", "self_sufficiency"} <= set(plants.columns)
    calibration = tables.calibration()
    first = calibration.iloc[0]
    assert (first.quantity, first.region, first.year) == ("Electric car sales", "World", 2023)
    assert first.model == pytest.approx(13.8, abs=0.05)
    shares = tables.recycled_share()
    assert list(shares.columns[-3:]) == [2030, 2040, 2050]
    assert tables.demand_by_region().region.unique().tolist() == ["World", "Canada",
                                                                   "South Korea"]


def test_plot_returns_the_figures_write_saves(steps, tmp_path):
    fig = steps.plot.demand_by_mineral()
    assert fig.name == "demand_by_mineral"
    assert len(fig.plotly().data) > 0
    canvas = fig.matplotlib()
    assert len(canvas.axes) >= 9
    paths = fig.save(tmp_path)
    assert sorted(p.name for p in paths) == ["demand_by_mineral.html", "demand_by_mineral.png"]
    with pytest.raises(AttributeError, match="choose from"):
        steps.plot.no_such_figure()


def test_changes_without_files():
    s = corridor.load_scenario("STEPS", changes={"recycling.collection_rate": {2030: 0.8}})
    assert s.name == "STEPS-changed"
    assert s.recycling.collection_rate.points == {2010: 0.5, 2030: 0.8}
    assert s.description == "STEPS with changes: recycling.collection_rate"
    t = corridor.load_scenario("STEPS").with_changes(
        {"name": "fast", "supply": {"ramp_years": 1}})
    assert (t.name, t.supply.ramp_years) == ("fast", 1)
    with pytest.raises(InputError, match=r"recycling\.colection_rate: unknown key"):
        corridor.load_scenario("STEPS", changes={"recycling.colection_rate": {2030: 0.8}})


def test_run_validates_again_what_it_is_given():
    s = corridor.load_scenario("STEPS")
    s.recycling.collection_rate.points[2030] = 1.5  # a nested edit pydantic does not see
    with pytest.raises(InputError, match=r"recycling\.collection_rate\.2030: Input should "
                                         r"be less than or equal to 1"):
        corridor.run(s, data=small_world())


def test_lithium_as_lce(steps):
    li = steps.to_iamc()
    lce = steps.to_iamc(lithium_basis="LCE")
    key = ["scenario", "region", "variable", "year"]
    rows = li.variable == "Material Demand|Lithium"
    a, b = li[rows].set_index(key), lce[lce.variable == "Material Demand|Lithium"].set_index(key)
    assert set(a.unit) == {"kt Li/yr"} and set(b.unit) == {"kt LCE/yr"}
    np.testing.assert_allclose(b.value, a.value * 5.323, rtol=1e-3)
    assert lce[lce.variable == "Material Demand|Nickel"].value.tolist() == li[
        li.variable == "Material Demand|Nickel"].value.tolist()
    with pytest.raises(ValueError, match="lithium basis"):
        steps.to_iamc(lithium_basis="LiOH")


def test_warnings_reach_python_and_the_notes(tmp_path):
    """A one-year override between the base's anchors that makes a dip is a warning."""
    path = tmp_path / "dip.yaml"
    path.write_text("base: APS\nev_sales:\n  pathways:\n    Canada:\n"
                    "      Cars: {share: {2035: 0.4}}\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = corridor.run(path, data=small_world())
    messages = [str(w.message) for w in caught if issubclass(w.category, CorridorWarning)]
    assert any("down and up again (0.11 in 2025 -> 0.6 in 2030 -> 0.4 in 2035 -> 1 in 2040)" in m
               for m in messages)
    assert any(n.startswith("warning: ") for n in r.notes["dip"])
    r.io.to_excel(tmp_path / "dip.xlsx")
    meta = pd.read_excel(tmp_path / "dip.xlsx", sheet_name="meta", engine="calamine"
                         ).set_index("scenario")
    assert "goes down and up again" in meta.loc["dip", "warnings"]


def test_import_is_lazy():
    code = ("import sys, corridor; assert 'xarray' not in sys.modules; "
            "assert 'corridor.orchestrator' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
