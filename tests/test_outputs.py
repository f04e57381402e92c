"""The output contract: files, IAMC columns, codelist, units, workbook, arrays, figures."""

from __future__ import annotations

import errno
import zipfile
from xml.etree import ElementTree

import pandas as pd
import pytest
import xarray as xr

import corridor
from corridor.checks import check_children
from corridor.dims import CORRIDOR_REGION, REGIONS, YEARS
from corridor.errors import CheckError, InputError
from corridor.io import netcdf
from corridor.io.codelist import codelist
from corridor.io.iamc import COLUMNS

FIGURES = ("demand_by_mineral", "battery_by_chemistry", "secondary_share", "canada_korea_world",
           "clean_energy_by_technology", "clean_energy_multiple", "stage_balances",
           "facilities_by_province", "concentration", "trade_destinations", "trade_flows",
           "tariff_shocks")


@pytest.fixture(scope="module")
def written(results, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "corridor-output"
    names = results.io.write(out)
    return out, names


def test_files_written(written):
    out, names = written
    for name in ("results.csv", "results.xlsx", "results.nc", "scenarios/STEPS.yaml",
                 "scenarios/APS.yaml", "scenarios/NZE.yaml", "manifest.json",
                 "definitions/variable/variables.yaml", "definitions/region/regions.yaml"):
        assert name in names
    for fig in FIGURES:
        assert f"figures/{fig}.png" in names and f"figures/{fig}.html" in names
    # one page of every figure that works alone: plotly.js inside, nothing fetched
    page = (out / "figures" / "all.html").read_text(encoding="utf-8")
    assert page.count("Plotly.newPlot") == len(FIGURES) and "src=\"plotly.min.js" not in page
    assert "<script src=" not in page and "Source: corridor" in page
    from PIL import Image

    from corridor.views.figures import DPI, MAX_PIXELS

    with Image.open(out / "figures" / "secondary_share.png") as png:  # one panel: full dpi
        assert round(png.info["dpi"][0]) == DPI
    with Image.open(out / "figures" / "demand_by_mineral.png") as png:  # 22: fewer dpi
        assert 0.99 * MAX_PIXELS < png.width * png.height <= MAX_PIXELS
        assert 130 < png.info["dpi"][0] < DPI
    assert not list(out.parent.glob(".corridor-output-*"))  # no temporary folder left


def test_iamc_contract(written, results):
    df = pd.read_csv(written[0] / "results.csv")
    assert list(df.columns) == COLUMNS
    assert set(df.scenario) == {"STEPS", "APS", "NZE"}
    assert set(df.region) == {*REGIONS, CORRIDOR_REGION}
    assert set(df.model) == {"corridor"}
    codes = codelist()
    assert set(df.variable) <= set(codes.index)
    # every codelist variable is reported, except a ratio over nothing under the defaults
    # (no LFP cell plant is counted, so nothing requires LFP cathode phosphorus) and
    # product classes the shipped registry has no row of, and trade in HS codes the
    # shipped BACI snapshot does not cover
    covered = {f"hs6={h}" for h in results.trade.hs6.values}
    unreported = {v for v in set(codes.index) - set(df.variable)
                  if codes.loc[v, "group"] != "trade"
                  or codes.loc[v, "select"].split(";")[0] in covered}
    assert unreported == {
        "Self-Sufficiency|Phosphorus|Cathode", "Capacity|Mining|Lithium Carbonate Equivalent",
        "Capacity|Refining|Lithium Carbonate", "Capacity|Refining|Cobalt Sulphate",
        "Capacity|Refining|Manganese Sulphate"}
    units = df.drop_duplicates("variable").set_index("variable").unit
    assert (units == codes.loc[units.index, "unit"]).all()
    supply = df.variable.isin(codes.index[~codes.group.isin(["demand", "clean_energy"])])
    counts = df[~supply].groupby(["scenario", "region", "variable"]).year.nunique()
    assert (counts == len(YEARS)).all()
    assert set(df[~supply].region) == set(REGIONS)
    production = df.variable.str.startswith("Production|")
    assert set(df[supply & ~production].region) == {"Canada", "South Korea", CORRIDOR_REGION,
                                                    "World"}
    assert set(df[production].region) == set(REGIONS)  # World and its parts, which sum to it
    world_only = df.variable.str.startswith(("Concentration", "Supply Risk"))
    assert set(df[world_only].region) == {"World"}
    assert set(df[df.variable.str.startswith("Capacity|")].region) == {
        "Canada", "South Korea", CORRIDOR_REGION}
    assert df.value.notna().all()
    check_children(df)
    li = df[(df.variable == "Material Demand|Platinum") & (df.unit == "t/yr")]
    assert len(li) == 3 * len(REGIONS) * len(YEARS)


def test_codelist_has_every_product_class(data):
    """A user's facility table can use any product class: each must be in the codelist."""
    from corridor.supply.pipeline import capacity_variables

    units = codelist().unit
    for variable, unit in capacity_variables(data):
        assert units.get(f"Capacity|{variable}") == unit, variable


def test_children_check_catches_a_broken_table(results):
    df = results.to_iamc()
    df.loc[df.variable == "Material Demand|Lithium|Electric Vehicles", "value"] *= 1.01
    with pytest.raises(CheckError, match="Material Demand\\|Lithium"):
        check_children(df)


XLSX = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def sheet_xml(path, name: str) -> ElementTree.Element:
    """The XML of one sheet of a workbook (its frozen panes and filters, which pandas
    does not read), found through the workbook's relationships."""
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get(f"{{{XLSX['r']}}}id") for s in workbook.iter(f"{{{XLSX['m']}}}sheet")
                   if s.get("name") == name)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return ElementTree.fromstring(book.read(f"xl/{target.removeprefix('/xl/')}"))


def test_workbook_sheets(written, results):
    book = pd.read_excel(written[0] / "results.xlsx", sheet_name=None, engine="calamine")
    assert list(book) == ["data", "meta", "canada_korea", "clean_energy", "coverage",
                          "self_sufficiency", "gaps", "notes", "settings", "sources",
                          "facilities", "trade", "trade_balance", "tariffs", "tariff_welfare"]
    clean = book["clean_energy"].set_index(["scenario", "region", "year"])
    ce = results.clean_energy.sel(scenario="NZE", region="World", year=2040)
    assert clean.loc[("NZE", "World", 2040), "demand"] == pytest.approx(
        float(ce.clean_energy_demand))
    assert clean.loc[("NZE", "World", 2040), "over 2020"] == pytest.approx(
        float(ce.clean_energy_multiple.sel(base="2020")))
    assert len(book["facilities"]) == len(results.reference("registry"))
    sheet = sheet_xml(written[0] / "results.xlsx", "coverage")
    assert sheet.find("m:sheetViews/m:sheetView/m:pane", XLSX).get("topLeftCell") == "A2"
    assert sheet.find("m:autoFilter", XLSX).get("ref").startswith("A1:")
    summary = book["canada_korea"].set_index(["scenario", "region", "indicator"])
    battery = results.demand.battery_demand.sel(scenario="APS", region=["Canada",
                                                "South Korea"], year=2030).sum()
    assert summary.loc[("APS", "Canada+South Korea", "Battery demand"), 2030] == pytest.approx(
        float(battery))
    assert {"scenario", "region", "mineral", "stage", "opens", "closes"} == set(book["gaps"])
    data = book["data"]
    assert list(data.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert [int(c) for c in data.columns[5:]] == list(YEARS)
    # pyam's meta layout: one row per model and scenario
    meta = book["meta"].set_index(["model", "scenario"])
    assert list(meta.index) == [("corridor", s) for s in ("STEPS", "APS", "NZE")]
    assert meta.data_version.str.startswith("0.2.0+").all()
    assert {"table", "source", "confidence"} <= set(book["sources"].columns)
    coverage = book["coverage"].set_index(["scenario", "region", "mineral", "stage"])
    expected = results.balance.demand_coverage.sel(scenario="APS", region=CORRIDOR_REGION,
                                                   mineral="Nickel", stage="cathode", year=2030)
    assert coverage.loc[("APS", CORRIDOR_REGION, "Nickel", "cathode"), 2030] == pytest.approx(
        float(expected))


def test_netcdf_tree(written, results):
    tree = xr.open_datatree(written[0] / "results.nc")
    demand = tree["demand"].to_dataset()
    assert set(demand.material_demand.dims) == {"scenario", "region", "application",
                                                "mineral", "year"}
    assert demand.material_demand.attrs["units"] == "kt/yr"
    assert "STEPS" in tree.attrs["scenarios"]
    assert set(tree["balance"].to_dataset().region.values) == {
        "Canada", "South Korea", CORRIDOR_REGION, "World"}
    xr.testing.assert_allclose(demand.sales.load(), results.demand.sales)


def test_failed_write_leaves_nothing(results, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(netcdf, "write_tree", broken)
    with pytest.raises(InputError, match="out: cannot write \\(No space left on device\\)"):
        results.io.write(out, figures=False)
    assert list(tmp_path.iterdir()) == []


def test_a_users_folder_is_never_replaced(results, tmp_path):
    """``--out`` an existing folder of the user's own files: refused, files untouched."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    with pytest.raises(InputError, match="not a corridor output"):
        results.io.write(out, figures=False)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_supply_figures_draw_the_results(results):
    """Figures draw what the run returned: balances, registry counts, indicators."""
    figs = {f.name: f for f in results.plot.figures()}
    panel = next(p for p in figs["stage_balances"].panels if p.title == "Canada: cathode")
    nickel = next(t for t in panel.traces if t.name == "Nickel")
    expected = results.balance.balance.sel(scenario="STEPS", region="Canada", stage="cathode",
                                           mineral="Nickel")
    assert nickel.y.tolist() == expected.values.tolist()
    canada = figs["facilities_by_province"].panels[0]
    registry = results.reference("registry")
    assert sum(float(t.y.sum()) for t in canada.traces) == (registry.country == "Canada").sum()
    risk = next(p for p in figs["concentration"].panels if p.title == "Lithium: supply risk")
    assert [t.dashed for t in risk.traces] == [False, True]


def test_draws_shade_the_minerals_and_the_multiple():
    """With draws, every mineral's panel and every multiple's line carry the P5-P95 band
    of the quantiles group."""
    r = corridor.run("STEPS", draws=40, tariffs=[])
    figs = {f.name: f for f in r.plot.figures()}
    assert all(t.band is not None for p in figs["demand_by_mineral"].panels for t in p.traces)
    world = figs["clean_energy_multiple"].panels[0]
    low, high = world.traces[0].band
    q = r.quantiles.clean_energy_multiple.sel(scenario="STEPS", region="World", base="2020")
    assert low.tolist() == q.sel(quantile=0.05).values.tolist()
    assert (low <= high).all() and high[-1] > low[-1]


def test_every_codelist_unit_parses():
    from corridor.units import parses

    assert all(parses(unit) for unit in codelist().unit.unique())
    assert not parses("bananas/yr")
