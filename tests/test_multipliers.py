"""Statistics Canada's multipliers: the fetcher against a recorded, cut-down table (made-up
values, tests/data/statcan), the jobs beyond the plant by hand, and bad files refused with
the previous data kept."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from corridor.assessment import economics
from corridor.data import Data
from corridor.projects import multipliers, read
from tests.hostile.contract import refused

RECORDED = Path(__file__).parent / "data" / "statcan"
CATHODE = read(Path(__file__).parents[1] / "examples" / "projects" / "cathode-becancour.yaml")[0]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_HOME", str(tmp_path / "home"))


@pytest.fixture
def table_zip(tmp_path) -> Path:
    path = tmp_path / "36100595-eng.zip"
    with zipfile.ZipFile(path, "w") as z:
        for f in RECORDED.glob("*.csv"):
            z.write(f, f.name)
    return path


def test_fetched_multipliers_give_the_jobs_beyond_the_plant(home, table_zip):
    got = multipliers.fetch_statcan(table_zip)
    assert got.years == (2019, 2021) and got.industries == ("BS325100", "BS336110")
    table = multipliers.load()
    # a cathode plant in Quebec: basic chemicals, all provinces, 2019 (Statistics Canada's
    # advice), indirect 1.5 and induced 0.8 jobs per direct job in the recorded table
    indirect, induced, basis = multipliers.spillover_jobs("cathode", "NCM", "Quebec", 345,
                                                          table)
    assert (indirect, induced) == pytest.approx((345 * 1.5, 345 * 0.8))
    assert "BS325100, Quebec, 2019" in basis
    # a province the table lacks falls back to Canada
    assert multipliers.spillover_jobs("cathode", "NCM", "Nova Scotia", 100, table)[0] == \
        pytest.approx(100 * 1.4 / 1.1)
    assert multipliers.spillover_jobs("vehicle assembly", None, "Ontario", 10, table)[:2] == \
        pytest.approx((20.0, 10.0))
    row = economics([CATHODE], Data()).iloc[0]
    assert (row.indirect_jobs, row.induced_jobs) == pytest.approx((345 * 1.5, 345 * 0.8))


def test_without_fetched_multipliers_the_jobs_are_missing_and_said_so(home):
    row = economics([CATHODE], Data()).iloc[0]
    assert row.indirect_jobs != row.indirect_jobs  # NaN
    assert "corridor data fetch multipliers" in row.spillover_basis


@pytest.mark.parametrize("damage, message", [
    ("truncated", "not table 36-10-0595 (not a zip archive; truncated?)"),
    ("no-value", "not table 36-10-0595 (no column VALUE)"),
    ("missing", "download failed"),
])
def test_a_bad_table_is_refused_and_the_previous_kept(home, table_zip, tmp_path, damage,
                                                      message):
    multipliers.fetch_statcan(table_zip)
    before = hashlib.sha256(multipliers.fetched_path().read_bytes()).hexdigest()
    source = tmp_path / "bad.zip"
    if damage == "truncated":
        source.write_bytes(table_zip.read_bytes()[:200])
    elif damage == "no-value":
        source = tmp_path / "36100595.csv"
        text = (RECORDED / "36100595.csv").read_text(encoding="utf-8")
        source.write_text(text.replace('"VALUE"', '"AMOUNT"'), encoding="utf-8")
    else:
        source = "http://127.0.0.1:9/36100595-eng.zip"
    assert message in refused(["data", "fetch", "multipliers", "--from", str(source)])
    assert hashlib.sha256(multipliers.fetched_path().read_bytes()).hexdigest() == before
