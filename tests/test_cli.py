"""The command line end to end (typer's CliRunner), exit codes and messages."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()


def test_run_with_draws_writes_uncertainty(tmp_path):
    out = tmp_path / "o"
    args = ["run", "--scenario", "STEPS", "--draws", "40", "--seed", "5", "--out", str(out),
            "--no-figures"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Base-year calibration" in result.output
    assert "13.8 M" in result.output
    q = pd.read_csv(out / "uncertainty.csv")
    assert list(q.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                               "quantile", "value"]
    assert set(q["quantile"]) == {0.05, 0.5, 0.95}
    # every mineral and the clean-energy headline, whose P5-P95 the summary prints
    variables = set(q.variable)
    assert {"Material Demand|Neodymium", "Primary Demand|Silver",
            "Material Demand|Clean Energy Technologies",
            "Material Demand Multiple|Clean Energy Technologies|Over 2020"} <= variables
    assert "The same multiples, P5-P95 over 40 draws" in result.output
    band = q[(q.variable == "Material Demand Multiple|Clean Energy Technologies|Over 2020")
             & (q.region == "World") & (q.year == 2040)].set_index("quantile").value
    central = pd.read_csv(out / "results.csv").query(
        "variable == 'Material Demand Multiple|Clean Energy Technologies|Over 2020' and "
        "region == 'World' and year == 2040").value.item()
    assert band[0.05] < central < band[0.95]
    again = tmp_path / "p"
    assert runner.invoke(app, [*args[:-3], "--out", str(again), "--no-figures"]).exit_code == 0
    pd.testing.assert_frame_equal(q, pd.read_csv(again / "uncertainty.csv"))


def test_user_scenario_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("base: APS\nname: Faster Canada\nev_sales:\n  pathways:\n    Canada:\n"
                    "      Cars: {share: {2030: 0.8}}\n", encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "-s", str(path), "--out", str(out), "--no-figures"])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out / "results.csv")
    assert set(df.scenario) == {"Faster Canada"}


def test_bad_scenario_exits_2_with_one_line_and_no_output(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nrecycling:\n  colection_rate: {2030: 0.5}\n", encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "-s", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "recycling.colection_rate: unknown key" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_scenario_file(tmp_path):
    result = runner.invoke(app, ["run", "-s", str(tmp_path / "none.yaml"), "--out",
                                 str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "file not found" in result.output


def test_malformed_data_table(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "lifetime.csv").write_text(
        "group,distribution,mean,sd,shape,scale,unit,source,confidence\n"
        "Cars,normal,0,4,,,yr,some source,high\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--data", str(folder), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "lifetime.csv: row Cars: Input should be greater than 0" in result.output


def test_validate(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("base: NZE\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0 and "valid scenario" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nlifetimes:\n  Cars: {distribution: normal, mean: -1, sd: 2}\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "lifetimes.Cars.mean" in result.output


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "corridor", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert "run" in done.stdout and "validate" in done.stdout


def test_summary_leads_with_demand_coverage_and_fits_100_columns(tmp_path):
    result = runner.invoke(app, ["run", "--out", str(tmp_path / "o"), "--no-figures"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 100
    text = result.output
    for heading in ("Base-year calibration", "World material demand", "rec. 2030",
                    "rec. 2050", "Canada and South Korea material demand",
                    "Can the corridor supply itself?", "Plant to plant"):
        assert heading in text, heading
    assert text.index("Can the corridor supply itself?") < text.index("Plant to plant")


def test_balance_depends_on_the_scenario():
    """Demand coverage is each scenario's own: the tables differ between STEPS and NZE."""
    steps, nze = (runner.invoke(app, ["balance", "-s", s, "-m", "Li"]) for s in ("STEPS", "NZE"))
    assert steps.exit_code == nze.exit_code == 0
    first = next(line for line in steps.output.splitlines() if "Cathode" in line)
    second = next(line for line in nze.output.splitlines() if "Cathode" in line)
    assert first != second
    world = runner.invoke(app, ["balance", "--region", "World", "-m", "Nickel"])
    assert "non-battery uses" in world.output.replace("\n", " ")


def test_lithium_basis_option(tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "-s", "STEPS", "--lithium-basis", "LCE", "--no-figures",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out / "results.csv")
    assert set(df[df.variable == "Material Demand|Lithium"].unit) == {"kt LCE/yr"}
    bad = runner.invoke(app, ["run", "--lithium-basis", "LiOH", "--out", str(tmp_path / "p")])
    assert bad.exit_code == 2 and "lithium-basis" in bad.output
