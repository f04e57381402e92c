"""The shipped supply data in a run: balances, concentration and production."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from corridor.supply.concentration import RESIDUAL, hhi, world_supply


def test_run_reports_concentration_with_and_without_the_pipeline(results, data):
    ds = results.risk.sel(scenario="STEPS")
    # in a published year, without the pipeline, the publisher's world total holds and the
    # HHI is the publisher's plus Korea's square: Korea is not listed for refined nickel, so
    # its plants running by 2024 move out of the residual and become a named supplier
    # (Canada is listed, with the same 2024 figure as its national output)
    ws = world_supply(data).sel(mineral="Nickel", stage="refining", year=2024)
    korea = float(ds.upstream_supply.sel(region="South Korea", mineral="Nickel", year=2024,
                                         stage="refining", corridor_pipeline="excluded"))
    assert 0 < korea < float(ws.sel(country=RESIDUAL))
    expected = float(hhi(ws)) + (korea / float(ws.sum())) ** 2
    assert float(ds.hhi.sel(mineral="Nickel", stage="refining", year=2024,
                            corridor_pipeline="excluded")) == pytest.approx(expected)
    # Canada's new lithium refineries (Korea's ran by 2024: in both variants) lower
    # refining concentration in 2030
    h30 = ds.hhi.sel(mineral="Lithium", stage="refining", year=2030)
    assert float(h30.sel(corridor_pipeline="included")) < float(
        h30.sel(corridor_pipeline="excluded")) - 0.005
    up = ds.upstream_supply.sel(mineral="Lithium", stage="refining", year=2030)
    assert float(up.sel(region="South Korea", corridor_pipeline="excluded")) > 10
    sr = ds.supply_risk.sel(mineral="Lithium", year=2030)
    assert float(sr.sel(corridor_pipeline="included")) < float(
        sr.sel(corridor_pipeline="excluded"))
    # cobalt mining has no corridor project in the registry: both variants agree
    co = ds.hhi.sel(mineral="Cobalt", stage="mining").dropna("year")
    np.testing.assert_allclose(co.sel(corridor_pipeline="included"),
                               co.sel(corridor_pipeline="excluded"))
    df = results.to_iamc()
    row = df[(df.variable == "Concentration|HHI|Lithium|Refining") & (df.year == 2030)
             & (df.scenario == "STEPS")]
    assert row.region.tolist() == ["World"]
    assert row.value.item() == pytest.approx(float(h30.sel(corridor_pipeline="included")))


def test_production_by_region_sums_to_world(results):
    p = results.production.production.sel(scenario="STEPS", mineral="Nickel",
                                          stage="refining", year=2030)
    parts = p.sel(region=["Canada", "South Korea", "United States", "China", "Europe",
                          "Rest of World"]).sum()
    assert float(parts) == pytest.approx(float(p.sel(region="World")))
    assert float(p.sel(region="Canada")) > 100  # Canada is listed for refined nickel (IEA)


def test_run_reports_balances(results):
    ds = results.balance.sel(scenario="STEPS")
    both = ds.supply.sel(region="Canada+South Korea")
    parts = ds.supply.sel(region=["Canada", "South Korea"]).sum("region", min_count=1)
    xr.testing.assert_allclose(both.where(both.notnull()), parts.where(both.notnull()))
    balance = ds.supply - ds.requirement
    xr.testing.assert_allclose(ds.balance, balance.where(ds.balance.notnull()))
    # Canada's published 2024 mine output of nickel (USGS MCS 2026: 118 kt) is in 2025
    assert float(ds.supply.sel(region="Canada", mineral="Nickel", stage="mining",
                               year=2025)) >= 118
    # demand coverage is supply over the region's own material demand in the scenario
    own = results.demand.material_demand.sel(scenario="STEPS", region="Canada", year=2030,
                                             mineral="Nickel").sum()
    at = ds.sel(region="Canada", mineral="Nickel", stage="cathode", year=2030)
    assert float(at.demand_coverage) == pytest.approx(float(at.supply) / float(own))
