"""Scenario files: built-ins, merging onto a base, and one readable error per bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corridor.config import load_scenario
from corridor.errors import InputError


def write(tmp_path, text, name="user.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtins_load_and_inherit():
    steps, aps, nze = (load_scenario(n) for n in ("STEPS", "APS", "NZE"))
    assert steps.ev_sales.iea_scenario == "STEPS"
    assert aps.ev_sales.iea_scenario == "APS"
    # NZE inherits APS (Korea's fleet targets) and adds floors
    assert nze.ev_sales.stock_targets == aps.ev_sales.stock_targets
    assert nze.ev_sales.share_floor["Cars"].points[2030] == 0.65
    assert aps.ev_sales.pathways["Canada"]["Cars"].share.points[2035] == 1.0


def test_user_file_overrides_base(tmp_path):
    path = write(tmp_path, "base: STEPS\nrecycling:\n  collection_rate: {2010: 0.2, 2040: 0.8}\n"
                           "ev_sales:\n  pathways:\n    Canada:\n      Cars:\n"
                           "        share: {2030: 0.5}\n")
    s = load_scenario(path)
    assert s.name == "user"
    # anchored series merge point by point onto the base's (here the default's 2030 point)
    assert s.recycling.collection_rate.points == {2010: 0.2, 2030: 0.9, 2040: 0.8}
    # STEPS's other Canada anchors stay
    assert s.ev_sales.pathways["Canada"]["Cars"].share.points == {
        2025: 0.11, 2030: 0.5, 2035: 0.75, 2040: 0.9}
    assert s.description == ("STEPS with changes: recycling.collection_rate, "
                             "ev_sales.pathways.Canada.Cars.share")
    assert s.ev_sales.pathways["South Korea"]["Cars"].share.points[2030] == 0.25


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\nbogus: 1\n", "bogus: unknown key"),
    ("name: x\nrecycling:\n  colection_rate: {2020: 0.5}\n",
     "recycling.colection_rate: unknown key"),
    ("name: x\nev_sales:\n  market_growth: fast\n", "ev_sales.market_growth: Input should be"),
    ("name: x\nlifetimes:\n  Cars: {distribution: normal, mean: -3, sd: 1}\n",
     "lifetimes.Cars.mean: Input should be greater than 0"),
    ("name: x\nlifetimes:\n  Cars: {distribution: weibull, mean: 3}\n",
     "weibull lifetime needs shape, scale"),
    ("name: x\nbatteries:\n  chemistry:\n    Electric Vehicles:\n      Canada:\n"
     "        2030: {LFP: 0.5, NMC811: 0.4}\n", "must sum to 1, not 0.9"),
    ("name: x\nrecycling:\n  collection_rate: {2070: 0.5}\n",
     "recycling.collection_rate.2070.[key]: Input should be less than or equal to 2050"),
    ("name: x\nev_sales:\n  pathways:\n    Mars:\n      Cars: {growth: 0.1}\n",
     "ev_sales.pathways.Mars.[key]: Input should be"),
    ("name: x\nev_sales:\n  pathways:\n    Canada:\n      Cars: {share: {2030: 1.5}}\n",
     "Input should be less than or equal to 1"),
    ("base: BAU\n", "base: unknown scenario 'BAU'"),
    ("name: x\nbatteries: {pack_growth: {Cars: 1000000}}\n",
     "batteries.pack_growth.Cars: Input should be less than or equal to 0.5"),
    ("- just\n- a list\n", "expected a mapping of settings, got list"),
    ("name: [unclosed\n", "(line 2, column 1): not valid YAML"),
    ("", "file is empty"),
])
def test_bad_files_name_file_field_and_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match=r"line 1: not UTF-8 text \(byte 0xff\)"):
        load_scenario(path)


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate_and_match_the_readme(path):
    scenario = load_scenario(path)
    assert scenario.name == yaml.safe_load(path.read_text())["name"]
    assert path.read_text() in (ROOT / "README.md").read_text()
