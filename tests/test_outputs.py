"""The output contract: files, IAMC columns, codelist, units, workbook, arrays, figures."""

from __future__ import annotations

import pandas as pd
import pytest
import xarray as xr

from corridor.coords import CORRIDOR_REGION, REGIONS, YEARS
from corridor.errors import CheckError
from corridor.outputs import files
from corridor.outputs.iamc import COLUMNS, check_children, codelist, supply_series

FIGURES = ("demand_by_mineral", "battery_by_chemistry", "secondary_share", "canada_korea_world",
           "stage_balances", "facilities_by_province", "concentration")


@pytest.fixture(scope="module")
def written(results, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "corridor-output"
    names = files.write_all(results, out)
    return out, names


def test_files_written(written):
    out, names = written
    for name in ("results.csv", "results.xlsx", "results.nc", "supply.nc", "scenarios/STEPS.yaml",
                 "scenarios/APS.yaml", "scenarios/NZE.yaml"):
        assert name in names
    for fig in FIGURES:
        assert f"figures/{fig}.png" in names and f"figures/{fig}.html" in names
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
    # product classes the shipped registry has no row of
    assert set(codes.index) - set(df.variable) == {
        "Self-Sufficiency|Phosphorus|Cathode", "Capacity|Mining|Lithium Carbonate Equivalent",
        "Capacity|Refining|Lithium Carbonate", "Capacity|Refining|Cobalt Sulphate",
        "Capacity|Refining|Manganese Sulphate"}
    units = df.drop_duplicates("variable").set_index("variable").unit
    assert (units == codes.loc[units.index, "unit"]).all()
    supply = df.variable.isin([v for v, _ in supply_series(results.supply)])
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


def test_codelist_has_every_product_class():
    """A user's facility table can use any product class: each must be in the codelist."""
    from corridor.supply.pipeline import capacity_variables

    units = codelist().unit
    for variable, unit in capacity_variables():
        assert units.get(f"Capacity|{variable}") == unit, variable


def test_children_check_catches_a_broken_table(results):
    df = results.to_iamc()
    df.loc[df.variable == "Material Demand|Lithium|Electric Vehicles", "value"] *= 1.01
    with pytest.raises(CheckError, match="Material Demand\\|Lithium"):
        check_children(df)


def test_workbook_sheets(written):
    book = pd.read_excel(written[0] / "results.xlsx", sheet_name=None)
    assert list(book) == ["data", "meta", "sources", "gaps", "facilities"]
    assert len(book["facilities"]) == 142
    assert {"scenario", "region", "mineral", "stage", "opens", "closes"} == set(book["gaps"])
    data = book["data"]
    assert list(data.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert [int(c) for c in data.columns[5:]] == list(YEARS)
    meta = book["meta"].set_index("key").value
    assert meta["data_version"].startswith("0.1.0+")
    assert {"table", "source", "confidence"} <= set(book["sources"].columns)


def test_netcdf_arrays(written, results):
    ds = xr.open_dataset(written[0] / "results.nc")
    assert set(ds.material_demand.dims) == {"scenario", "region", "application", "mineral",
                                            "year"}
    assert ds.material_demand.attrs["units"] == "kt/yr"
    assert "STEPS" in ds.attrs["scenarios"]
    xr.testing.assert_allclose(ds.sales.load(), results.central.sales.astype(float))


def test_failed_write_leaves_nothing(results, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(files, "write_netcdf", broken)
    with pytest.raises(OSError):
        files.write_all(results, out, figures=False)
    assert list(tmp_path.iterdir()) == []


def test_supply_figures_draw_the_results(results):
    """Figures draw what the run returned: balances, registry counts, indicators."""
    from corridor.outputs.figures import describe

    figs = {f.name: f for f in describe(results)}
    panel = next(p for p in figs["stage_balances"].panels if p.title == "Canada: cathode")
    nickel = next(t for t in panel.traces if t.name == "Nickel")
    expected = results.supply.balance.sel(scenario="STEPS", region="Canada", stage="cathode",
                                          mineral="Nickel")
    assert nickel.y.tolist() == expected.values.tolist()
    canada = figs["facilities_by_province"].panels[0]
    assert sum(float(t.y.sum()) for t in canada.traces) == 51  # every Canadian row
    risk = next(p for p in figs["concentration"].panels if p.title == "Lithium: supply risk")
    assert [t.dashed for t in risk.traces] == [False, True]
