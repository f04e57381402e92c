"""The BACI fetcher against a recorded, cut-down release (tests/data/baci): sums by hand,
missing quantities kept missing, the trade layer reading what was fetched, and every bad
release or failed download refused with the previous data left in place."""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

import corridor.trade as trade
from corridor.cli import app
from corridor.data import Data
from corridor.errors import InputError
from corridor.trade.fetch import fetch_baci
from corridor.trade.flows import fetched_path
from tests.hostile.contract import refused, runner

RECORDED = Path(__file__).parent / "data" / "baci"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def release(tmp_path) -> Path:
    """The recorded release as CEPII ships it: one zip."""
    path = tmp_path / "BACI_HS17_V202601.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in RECORDED.glob("*.csv"):
            z.write(f, f.name)
    return path


@pytest.fixture
def served(release):
    """The release on a real HTTP server on loopback; yields its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(release.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fetched_flows_are_summed_by_hand(home, release):
    got = fetch_baci(release)
    assert got.path == fetched_path() == home / "trade" / "flows.parquet"
    assert (got.release, got.years, got.countries) == ("BACI HS17 V202601", (2023, 2024), 5)
    assert "850760" in got.missing_products and "282520" not in got.missing_products
    flows = trade.load_flows(Data())
    assert flows.attrs["release"] == "BACI HS17 V202601"
    at = dict(hs6="282520", year=2024)
    # thousand US$ and tonnes become US$ and kg; EU27 sums Germany and France
    assert float(flows.value.sel(exporter="CHN", importer="KOR", **at)) == 1_347_844_000.0
    assert float(flows.value.sel(exporter="EU27", importer="KOR", **at)) == pytest.approx(
        (2000.0 + 757.159) * 1000)
    assert float(flows.quantity.sel(exporter="EU27", importer="KOR", **at)) == pytest.approx(
        (150.0 + 84.995) * 1000)
    # Korea's imports from the World: all seven records, Viet Nam's among them ...
    world = 1_347_844 + 46_363.56 + 15.01 + 1.797 + 2000 + 757.159 + 100
    assert float(flows.value.sel(exporter="WLD", importer="KOR", **at)) == pytest.approx(
        world * 1000)
    # ... but Viet Nam's quantity is unknown, so the World's is too: missing, not an undercount
    assert np.isnan(float(flows.quantity.sel(exporter="WLD", importer="KOR", **at)))
    assert "VNM" not in flows.exporter and "DEU" not in flows.exporter
    # Canada's graphite exports to the World: four records; Germany's share goes to EU27
    assert float(flows.value.sel(exporter="CAN", importer="WLD", hs6="250410", year=2024)
                 ) == pytest.approx((14_467.824 + 74.776 + 3_082.778 + 98.222) * 1000)
    e = trade.exposure("CA", products="250410", year=2024)
    assert float(e.export_share.sel(partner="USA")) == pytest.approx(
        14_467.824 / (14_467.824 + 74.776 + 3_082.778 + 98.222))


def test_a_data_folder_still_wins_over_fetched_flows(home, release, tmp_path):
    fetch_baci(release)
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(Data().path("trade_flows"), folder / "trade_flows.csv")
    assert trade.load_flows(Data(folder)).attrs["release"] != "BACI HS17 V202601"


def test_a_folder_years_and_countries(home, release, tmp_path):
    got = fetch_baci(RECORDED, years=[2024], countries=["deu"])
    assert got.years == (2024,) and got.countries == 6
    flows = trade.load_flows(Data())
    assert list(flows.year.values) == [2024]
    assert float(flows.value.sel(exporter="CAN", importer="DEU", hs6="250410",
                                 year=2024)) == 3_082_778.0


def test_download_over_http_and_the_cli(home, served):
    result = runner.invoke(app, ["data", "fetch", "trade", "--from",
                                 f"{served}/BACI_HS17_V202601.zip"])
    assert result.exit_code == 0, result.output
    assert "flows of BACI HS17 V202601, 2023-2024" in " ".join(result.output.split())
    assert fetched_path().is_file()


@pytest.mark.parametrize("damage, message", [
    ("missing-url", "download failed (HTTP 404); the previous trade data are kept"),
    ("truncated", "not a BACI release (not a zip archive; truncated?)"),
    ("not-baci", "not a BACI release (no BACI_HS.._Y...._V....csv year files"),
    ("no-column", "BACI_HS17_Y2024_V202601.csv: no column q"),
    ("negative", "BACI_HS17_Y2024_V202601.csv: 1 rows with a missing, negative"),
    ("wrong-year", "not of year 2024"),
    ("unknown-country", "country codes 999 of the flows are not in the country_codes file"),
    ("absent-year", "no BACI file for year 2019 (it has 2023, 2024)"),
])
def test_a_bad_release_is_refused_and_the_previous_data_kept(home, release, served, tmp_path,
                                                             damage, message):
    fetch_baci(release)
    before = digest(fetched_path())
    folder = tmp_path / "bad"
    shutil.copytree(RECORDED, folder)
    year_file = folder / "BACI_HS17_Y2024_V202601.csv"
    text = year_file.read_text()
    args = ["--from", str(folder)]
    if damage == "missing-url":
        args = ["--from", f"{served}/BACI_HS17_V209901.zip"]
    elif damage == "truncated":
        cut = tmp_path / "cut.zip"
        cut.write_bytes(release.read_bytes()[: release.stat().st_size // 2])
        args = ["--from", str(cut)]
    elif damage == "not-baci":
        (folder / "country_codes_V202601.csv").unlink()
    elif damage == "no-column":
        year_file.write_text(text.replace("t,i,j,k,v,q", "t,i,j,k,v,qty"))
    elif damage == "negative":
        year_file.write_text(text.replace(",1.797,", ",-1.797,"))
    elif damage == "wrong-year":
        year_file.write_text(text.replace("2024,124,410,282520", "2022,124,410,282520"))
    elif damage == "unknown-country":
        year_file.write_text(text.replace("2024,704,410", "2024,999,410"))
    elif damage == "absent-year":
        args += ["--year", "2019"]
    assert message in refused(["data", "fetch", "trade", *args])
    assert digest(fetched_path()) == before
    assert [p.name for p in fetched_path().parent.iterdir()] == ["flows.parquet"]


def test_a_damaged_fetched_file_is_named(home, release):
    fetch_baci(release)
    fetched_path().write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"fetched trade data .*flows\.parquet: unreadable"):
        trade.load_flows(Data())
