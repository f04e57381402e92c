"""Clean-energy technologies: capacity -> additions and retirements -> minerals.

A one-technology data set small enough to check by hand, and an independent cohort loop
for the stock model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.config import load_scenario
from corridor.data import Data
from corridor.demand import cleantech
from corridor.dims import REGION_PARTS, YEARS
from corridor.errors import InputError

CITE = {"source": "test", "confidence": "test"}


def tables(stock=None, lifetime=10.0, silver=(20.0, 10.0)):
    """One technology, "PV", in every region: History 2020 and STEPS 2030 anchors
    (``stock``: GW by year), a fixed lifetime, silver intensity falling from 2020 to 2030.
    """
    stock = stock or {2020: 100.0, 2030: 200.0}
    data = Data()
    deployment = pd.DataFrame([{"technology": "PV", "scenario": "History" if y <= 2020
                                else "STEPS", "region": r, "year": y, "value": v, "unit": "GW",
                                **CITE} for r in REGION_PARTS for y, v in stock.items()])
    life = pd.concat([data.table("lifetime"), pd.DataFrame([{
        "group": "PV", "distribution": "fixed", "mean": lifetime, "unit": "yr", **CITE}])])
    return data.with_tables(
        cleantech_technology=pd.DataFrame([{"technology": "PV", "unit": "GW",
                                            "output_unit": "TWh/yr", "output_per_unit": 1.2,
                                            **CITE}]),
        cleantech_deployment=deployment,
        cleantech_mix=pd.DataFrame([{"technology": "PV", "design": "c-Si", "year": 2020,
                                     "share": 1.0, **CITE}]),
        cleantech_intensity=pd.DataFrame([
            {"technology": "PV", "design": "c-Si", "mineral": "Silver", "year": y, "value": v,
             "low": None, "high": None, "unit": "kg/MW", **CITE}
            for y, v in zip((2020, 2030), silver, strict=True)]),
        cleantech_recycling=pd.DataFrame([  # motor magnets of vehicles need rows too
            {"mineral": m, "value": v, "unit": "1", **CITE} for m, v in (
                ("Silver", 0.5), ("Neodymium", 0), ("Praseodymium", 0), ("Dysprosium", 0),
                ("Terbium", 0))]),
        lifetime=life)


def cohorts(stock: np.ndarray, life: int) -> np.ndarray:
    """Additions that keep ``stock`` (one value a year) in place with a fixed lifetime,
    cohort by cohort: an independent loop (a cohort retires ``life`` years after it came)."""
    inflow = np.zeros_like(stock)
    for t in range(stock.size):
        alive = inflow[max(0, t - life + 1):t].sum()
        inflow[t] = max(stock[t] - alive, 0.0)
    return inflow


def test_additions_demand_and_end_of_life_by_hand():
    flows = cleantech.clean_energy(tables(), load_scenario("STEPS"))
    pv = flows.sel(technology="PV", region="Canada")
    # 100 GW in 2020 to 200 GW in 2030: 10 GW/yr of growth, plus the cohorts of 2011-2020
    # retiring at 10 years; before 2020 the stock grows at 2**(1/10) a year
    axis = cleantech.AXIS
    stock = cleantech._path({2020: 100.0, 2030: 200.0})
    expected = cohorts(stock, 10)
    years = np.isin(axis, YEARS)
    np.testing.assert_allclose(pv.capacity_additions.values, expected[years], rtol=1e-9)
    np.testing.assert_allclose(pv.installed_capacity.sel(year=2025), 150.0)
    assert stock[axis == 2019][0] == pytest.approx(100 / 2 ** 0.1)
    # silver: 15 kg/MW in 2025 (halfway from 20 to 10); GW x kg/MW = t
    added_2025 = float(pv.capacity_additions.sel(year=2025))
    assert float(pv.material_demand.sel(year=2025, mineral="Silver")) == pytest.approx(
        added_2025 * 15 / 1000)
    # what came in 2025 retires in 2035 with 2025's silver; half of it is recovered
    eol = float(pv.end_of_life.sel(year=2035, mineral="Silver"))
    assert eol == pytest.approx(added_2025 * 15 / 1000)
    assert float(flows.secondary_from_end_of_life.sel(region="Canada", year=2035,
                                                      mineral="Silver")) == pytest.approx(eol / 2)
    assert str(flows.unit.sel(technology="PV").item()) == "GW"


def test_output_rows_are_turned_into_capacity():
    data = tables()
    rows = data.table("cleantech_deployment").copy()
    rows.loc[rows.year == 2030, ["value", "unit"]] = [240.0, "TWh/yr"]  # 240 / 1.2 = 200 GW
    flows = cleantech.clean_energy(data.with_tables(cleantech_deployment=rows),
                                   load_scenario("STEPS"))
    assert float(flows.installed_capacity.sel(technology="PV", region="China",
                                              year=2030)) == pytest.approx(200.0)


def test_scenario_capacity_anchors_override_the_data():
    scenario = load_scenario("STEPS").with_changes(
        {"clean_energy": {"capacity": {"PV": {"Canada": {2030: 300.0}}}}})
    flows = cleantech.clean_energy(tables(), scenario)
    capacity = flows.installed_capacity.sel(technology="PV", year=2030)
    assert float(capacity.sel(region="Canada")) == pytest.approx(300.0)
    assert float(capacity.sel(region="China")) == pytest.approx(200.0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 1000.0), min_size=3, max_size=3),
       st.floats(5.0, 40.0))
def test_stock_balance_and_recycled_within_retired(values, life):
    """Whatever the anchors: stock change = additions - retirements, nothing negative,
    recycled <= retired."""
    data = tables(dict(zip((2020, 2035, 2050), values, strict=True)), lifetime=life)
    flows = cleantech.clean_energy(data, load_scenario("STEPS"))
    stock = flows.installed_capacity.values
    change = np.diff(stock, axis=-1)
    net = (flows.capacity_additions - flows.capacity_retirements).values[..., 1:]
    np.testing.assert_allclose(change, net, atol=1e-9 * max(1.0, stock.max()))
    for name in ("capacity_additions", "capacity_retirements", "material_demand",
                 "end_of_life"):
        assert float(flows[name].min()) >= -1e-9
    assert (flows.secondary_from_end_of_life <= flows.end_of_life.sum("technology")
            + 1e-12).all()


@pytest.mark.parametrize(("table", "change", "message"), [
    ("cleantech_mix", lambda df: df.assign(share=0.9),
     "PV 2020: design shares sum to 0.9, not 1"),
    ("cleantech_deployment", lambda df: df.assign(technology="Solar"),
     r"unknown technology 'Solar' \(choose from PV\)"),
    ("cleantech_deployment", lambda df: df.assign(unit="MW"),
     "unit 'MW' in 2020 is neither 'GW' nor an output"),
    ("cleantech_recycling", lambda df: df[df.mineral != "Silver"], "no row for Silver"),
    ("cleantech_intensity", lambda df: df.assign(design="CdTe"),
     "design 'CdTe' has no share"),
    ("cleantech_intensity", lambda df: df.assign(unit="kg/km"),
     "unit 'kg/km' is not per GW, the technology's unit"),
])
def test_bad_tables_are_named(table, change, message):
    data = tables()
    bad = data.with_tables(**{table: change(data.table(table).copy())})
    with pytest.raises(InputError, match=message):
        cleantech.clean_energy(bad, load_scenario("STEPS"))


@pytest.mark.parametrize(("changes", "message"), [
    ({"capacity": {"Solar": {"Canada": {2030: 1.0}}}},
     "clean_energy.capacity: unknown technology 'Solar'"),
    ({"mix": {"PV": {2030: {"CdTe": 1.0}}}}, "clean_energy.mix.PV: unknown design 'CdTe'"),
])
def test_bad_scenario_settings_are_named(changes, message):
    scenario = load_scenario("STEPS").with_changes({"clean_energy": changes})
    with pytest.raises(InputError, match=message):
        cleantech.clean_energy(tables(), scenario)
