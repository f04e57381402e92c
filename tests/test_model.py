"""The whole chain: calibration, anchors, hand-computed values and an independent re-derivation."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.config import load_scenario
from corridor.dims import BATTERY_APPLICATIONS, CHAIN_MINERALS, REGION_PARTS
from corridor.orchestrator import run
from corridor.units import factor


@pytest.mark.parametrize("year", [2030, 2045])
def test_material_demand_rederived_from_chemistry(results, data, year):
    """Demand = GWh by chemistry x BatPaC kg/kWh of the year's anode mix x energy-density
    gains / (1 - scrap), recomputed with pandas from the tables."""
    intensity = data.table("mineral_intensity").set_index(["chemistry", "anode",
                                                           "mineral"]).value
    anodes = data.table("anode_share").set_index(["pathway", "year"]).value
    silicon = np.interp(year, [2024, 2030, 2035, 2040, 2050],
                        [anodes[("History", 2024)], *(anodes[("APS", y)]
                                                      for y in (2030, 2035, 2040, 2050))])
    lighter = (1 - 0.005) ** (year - 2025)  # the default density gain, from 2025
    scrap = 0.05  # the default scrap rate reaches 5% in 2030 and stays
    gwh = results.demand.battery_demand.sel(scenario="APS", region="World", year=year)
    gwh = gwh.sum("application").to_series()
    own = {"Solid-state": "Lithium metal", "Sodium-ion": "Hard carbon"}

    def per_kwh(chemistry: str, mineral: str) -> float:
        if chemistry in own:
            return intensity[(chemistry, own[chemistry], mineral)]
        return ((1 - silicon) * intensity[(chemistry, "Graphite", mineral)]
                + silicon * intensity[(chemistry, "Silicon-graphite", mineral)])

    for mineral in ("Lithium", "Nickel", "Cobalt", "Graphite", "Silicon"):
        expected = sum(gwh[c] * per_kwh(c, mineral) for c in gwh.index) * lighter / (
            1 - scrap)
        model = results.demand.material_demand.sel(
            scenario="APS", region="World", year=year, mineral=mineral,
            application=list(BATTERY_APPLICATIONS)).sum()  # solar PV has silicon too
        assert float(model) == pytest.approx(expected, rel=1e-9)
    assert factor("GWh * kg/kWh", "kt") == pytest.approx(1.0)


def test_platinum_by_hand(results):
    """Fuel-cell cars in 2030: stack 110 kW (Nexo 2025) x 0.59 g/kW of platinum."""
    c = results.demand.sel(scenario="STEPS", region="South Korea", year=2030)
    fcev_cars = float(c.sales.sel(segment="Cars|FCEV"))
    others = sum(float(c.sales.sel(segment=s)) * kw for s, kw in
                 (("Vans|FCEV", 95), ("Buses|FCEV", 180), ("Trucks|FCEV", 180)))
    expected_kt = (fcev_cars * 110 + others) * 0.59 / 1e9  # g -> kt
    assert float(c.material_demand.sel(mineral="Platinum", application="Fuel Cell Vehicles")
                 .sum()) == pytest.approx(expected_kt)


def test_invariants_on_results(results):
    c = results.demand
    parts = c.sel(region=list(REGION_PARTS))
    demand = parts.material_demand.sum("application")
    # per region; World's primary demand is the sum of its regions' (surpluses do not net)
    np.testing.assert_allclose(parts.primary_demand,
                               np.maximum(demand - parts.secondary_supply, 0))
    assert (c.secondary_from_end_of_life <= c.end_of_life.sum("application") + 1e-9).all()
    np.testing.assert_allclose(c.material_demand.sel(region="World"),
                               parts.material_demand.sum("region"), rtol=1e-12)


def test_retired_batteries_carry_their_cohort_chemistry(tmp_path):
    """Switch every new battery to LFP in 2026: cobalt demand stops, cobalt keeps retiring."""
    regions = "\n".join(f"      {r}: {{2025: {{NMC811: 1.0}}, 2026: {{LFP: 1.0}}, replace: true}}"
                        for r in REGION_PARTS)
    path = tmp_path / "lfp.yaml"
    path.write_text("base: STEPS\nbatteries:\n  chemistry:\n    Electric Vehicles:\n" + regions
                    + "\n    Stationary Storage:\n" + regions + "\n", encoding="utf-8")
    c = run([load_scenario(path)]).demand.sel(region="World", mineral="Cobalt")
    assert float(c.material_demand.sel(year=2035).sum()) == 0.0
    assert float(c.end_of_life.sel(year=2035).sum()) > 1.0  # kt from pre-2026 cohorts


def test_second_life_delays_end_of_life(tmp_path):
    path = tmp_path / "sl.yaml"
    path.write_text("base: STEPS\nrecycling:\n  second_life: {share: 0.5, years: 5}\n",
                    encoding="utf-8")
    base, sl = (run([s]).demand.end_of_life.isel(scenario=0, drop=True).sel(
        application="Electric Vehicles", mineral=list(CHAIN_MINERALS))  # motors: no
        for s in ("STEPS", load_scenario(path)))                        # second life
    expected = 0.5 * base + 0.5 * base.shift(year=5, fill_value=0.0)
    np.testing.assert_allclose(sl, expected, rtol=1e-9, atol=1e-12)


def test_replacement_adds_demand_and_end_of_life_alike(tmp_path):
    """With one design (one chemistry and anode, no energy-density gains) and no scrap,
    each replacement adds the same lithium to demand (the new pack) and to end of life
    (the old pack) in the same year."""
    regions = "\n".join(f"      {r}: {{2010: {{LFP: 1.0}}, replace: true, history: true}}"
                         for r in REGION_PARTS)
    common = ("batteries:\n  density_gain: 0.0\n  silicon_share: {2010: 0.0, replace: "
              "true, history: true}\n  chemistry:\n    Electric Vehicles:\n" + regions
              + "\nrecycling:\n  scrap_rate: {2010: 0.0, replace: true}\n")
    runs = []
    for extra in ("", "  replacement: {share: 0.3, age: 8}\n"):
        path = tmp_path / f"rep{len(runs)}.yaml"
        path.write_text("base: STEPS\n" + common + extra, encoding="utf-8")
        runs.append(run([load_scenario(path)]).demand.isel(scenario=0, drop=True).sel(
            region="World", application="Electric Vehicles", mineral="Lithium"))
    base, rep = runs
    extra_in = rep.material_demand - base.material_demand
    extra_out = rep.end_of_life - base.end_of_life
    assert float(extra_in.sel(year=2035)) > 0
    assert float(extra_in.sel(year=2015)) == 0  # no cohort is 8 years old yet
    np.testing.assert_allclose(extra_out, extra_in, rtol=1e-9, atol=1e-12)


def test_motor_rare_earths_by_hand(results):
    """0.5 kg of magnet rare earths per electric car or van (IEA 2021), Nd 180/239 of it:
    sales x kg, and retirements x kg at end of life; the battery chain holds none."""
    c = results.demand.sel(scenario="STEPS", region="World", year=2030)
    segments = [f"{m}|{p}" for m in ("Cars", "Vans") for p in ("BEV", "PHEV", "FCEV")]
    kg = 0.5 * 180 / 239
    ev = c.sel(application="Electric Vehicles", mineral="Neodymium")
    assert float(ev.material_demand) == pytest.approx(
        float(c.sales.sel(segment=segments).sum()) * kg / 1e6, rel=1e-4)  # table: 5 digits
    assert float(ev.end_of_life) == pytest.approx(
        float(c.retirements.sel(segment=segments).sum()) * kg / 1e6, rel=1e-4)
    assert float(c.material_demand.sel(application="Stationary Storage",
                                       mineral="Neodymium")) == 0.0


def test_clean_energy_headline_by_hand(results):
    """The clean-energy total is every mineral but aluminium and phosphorus over every
    application (recomputed from the IAMC table); shares sum to one; the multiple is the
    ratio to the base year."""
    df = results.to_iamc()
    at = (df.scenario == "APS") & (df.region == "South Korea")
    kt = df[at & df.variable.str.match(r"^Material Demand\|[A-Za-z]+$")
            & ~df.variable.isin(["Material Demand|Aluminium", "Material Demand|Phosphorus"])]
    # parents in their own units: kt, kt Li (contained), t for the small ones
    kt = kt.assign(value=np.where(kt.unit == "t/yr", kt.value / 1000, kt.value))
    total = kt.groupby("year").value.sum()
    ce = results.clean_energy.sel(scenario="APS", region="South Korea")
    np.testing.assert_allclose(ce.clean_energy_demand.values, total.values, rtol=1e-9)
    np.testing.assert_allclose(ce.clean_energy_multiple.sel(base="2020").values,
                               total.values / total[2020], rtol=1e-9)
    np.testing.assert_allclose(ce.clean_energy_share.sum("application"), 1.0, rtol=1e-9)
