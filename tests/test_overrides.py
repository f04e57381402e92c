"""The one override rule: scenario anchors merge onto the base's after history, point by
point; ``replace`` drops the base's; history changes only when asked; validate rejects
everything run rejects."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

import corridor
from corridor.cli import app
from corridor.config.rules import merge
from corridor.data import Data
from corridor.demand.batteries import chemistry_shares
from corridor.errors import InputError

runner = CliRunner()


def scenario(tmp_path, text, name="user"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def shares(data, s, region="Canada", year=2015, chemistry="LFP"):
    return float(chemistry_shares(data, s).sel(application="Electric Vehicles", region=region,
                                               year=year, chemistry=chemistry))


def test_a_one_year_chemistry_override_keeps_history(data, tmp_path):
    base = corridor.load_scenario("STEPS")
    path = scenario(tmp_path, "base: STEPS\nbatteries:\n  chemistry:\n    Electric Vehicles:\n"
                              "      Canada: {2028: {LFP: 0.7, NMC811: 0.3}}\n")
    changed = corridor.load_scenario(path)
    assert shares(data, changed) == shares(data, base)  # 2015: the data's, not 0.70
    assert shares(data, changed, year=2028) == pytest.approx(0.7)
    # the data's 2030 anchor stays: the path returns to it
    assert shares(data, changed, year=2030) == pytest.approx(shares(data, base, year=2030))


def test_replace_drops_the_bases_anchors_after_history(data, tmp_path):
    path = scenario(tmp_path, "base: STEPS\nbatteries:\n  chemistry:\n    Electric Vehicles:\n"
                              "      Canada: {2028: {LFP: 0.7, NMC811: 0.3}, replace: true}\n")
    s = corridor.load_scenario(path)
    assert shares(data, s, year=2035) == pytest.approx(0.7)  # held after the last anchor
    assert shares(data, s) == shares(data, corridor.load_scenario("STEPS"))  # history kept


def test_history_changes_only_when_asked(data, tmp_path):
    text = ("base: STEPS\nbatteries:\n  chemistry:\n    Electric Vehicles:\n"
            "      Canada: {2015: {LFP: 1.0}%s}\n")
    with pytest.raises(InputError, match=r"batteries.chemistry.Electric Vehicles.Canada: 2015 "
                                         r"is a history year .* add 'history: true'"):
        corridor.run(scenario(tmp_path, text % ""))
    asked = corridor.load_scenario(scenario(tmp_path, text % ", history: true", "asked"))
    assert shares(data, asked) == 1.0


def test_sales_share_anchors_merge_onto_the_ieas(tmp_path):
    """China's IEA STEPS anchors stay around a one-year override; replace drops them."""
    steps = corridor.run("STEPS").demand.sales.sel(scenario="STEPS", region="China")
    text = "base: STEPS\nev_sales:\n  pathways:\n    China:\n      Cars: {share: {2030: 0.8%s}}\n"
    merged = corridor.run(scenario(tmp_path, text % "")).demand.sales.sel(region="China")
    replaced = corridor.run(scenario(tmp_path, text % ", replace: true", "r")).demand.sales.sel(
        region="China")
    cars = ["Cars|BEV", "Cars|PHEV", "Cars|FCEV"]

    def total(da, year):
        return float(da.sel(year=year, segment=cars).sum())

    assert total(merged, 2025) == pytest.approx(total(steps, 2025))  # IEA 2025 anchor kept
    assert total(merged, 2035) == pytest.approx(total(steps, 2035))  # IEA 2035 anchor kept
    assert total(merged, 2030) > total(steps, 2030)
    assert total(replaced, 2025) != pytest.approx(total(steps, 2025))


def test_merge_rule():
    base = {"a": {2030: 0.6, 2035: 1.0}, "life": {"distribution": "normal", "mean": 17,
                                                   "sd": 4}, "p": {"share": {2030: 0.5}}}
    out = merge(base, {"a": {2040: 0.9}, "life": {"distribution": "fixed", "mean": 12},
                       "p": {"growth": 0.02}})
    assert out["a"] == {2030: 0.6, 2035: 1.0, 2040: 0.9}
    assert out["life"] == {"distribution": "fixed", "mean": 12}  # a lifetime replaces whole
    assert out["p"] == {"share": None, "growth": 0.02}  # share and growth are alternatives
    assert merge(base, {"a": {2040: 0.9, "replace": True}})["a"] == {2040: 0.9, "replace": True}


def test_resolved_files_have_integer_years_in_order(tmp_path):
    path = scenario(tmp_path, "base: STEPS\nrecycling:\n  collection_rate: {2040: 1.0, "
                              "'2025': 0.6}\n")
    text = corridor.load_scenario(path).to_yaml()
    doc = yaml.safe_load(text)
    assert list(doc["recycling"]["collection_rate"]) == [2010, 2025, 2030, 2040]
    assert doc["description"] == "STEPS with changes: recycling.collection_rate"


@pytest.mark.parametrize(("text", "message"), [
    ("batteries:\n  chemistry:\n    Electric Vehicles:\n      Canada: {2030: {NMC9000: 1.0}}\n",
     "batteries.chemistry.Electric Vehicles.Canada.2030.NMC9000.[key]: Input should be"),
    ("recycling: {recovery_case: Alchemy}\n", "no recovery case 'Alchemy'"),
    ("supply: {restart: [CA-001]}\n", "supply.restart: CA-001 is operating"),
    ("ev_sales:\n  pathways:\n    Canada:\n      Cars: {share: {2020: 0.5}}\n",
     "ev_sales.pathways.Canada.Cars.share: 2020 is a history year"),
])
def test_validate_rejects_what_run_rejects(tmp_path, text, message):
    path = scenario(tmp_path, "base: STEPS\n" + text)
    for args in (["validate", str(path)], ["run", "-s", str(path), "--no-figures", "--out",
                                           str(tmp_path / "out")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert message in result.output.replace("\n", "")
        assert str(path) in result.output.replace("\n", "")


def test_a_mistyped_data_table_is_an_error(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "facilites.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"facilites.csv: matches no data table \(tables: .*"
                                         r"facilities.csv"):
        Data(folder)
    result = runner.invoke(app, ["run", "--data", str(folder), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "matches no data table" in result.output
