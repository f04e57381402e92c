"""Battery technology to 2050: BatPaC 5.2 intensities by chemistry and anode, silicon as a
mineral, chemistry pathways by scenario that converge regionally, smooth trajectories and
bad technology settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.config import load_scenario
from corridor.config.load import from_text
from corridor.demand import batteries, materials
from corridor.dims import CHEMISTRIES, REGION_PARTS
from corridor.errors import InputError


def test_batpac52_rows_by_anode(data):
    """Cells of the BatPaC 5.2 workbook (sheet Li): NMC811 E16, E68, E69; SS NMC 811 E26."""
    kg = materials.intensity_by_anode(data)
    nmc811 = kg.sel(chemistry="NMC811")
    assert float(nmc811.sel(anode="Graphite", mineral="Graphite")) == 0.853893
    assert float(nmc811.sel(anode="Graphite", mineral="Lithium")) == 0.092244
    assert float(nmc811.sel(anode="Silicon-graphite", mineral="Graphite")) == 0.187012
    # silicon: the 65/35 anode's graphite x 35/65
    assert float(nmc811.sel(anode="Silicon-graphite", mineral="Silicon")) == pytest.approx(
        0.187012 * 35 / 65, abs=1e-6)
    solid = kg.sel(chemistry="Solid-state", anode="Lithium metal")
    assert float(solid.sel(mineral="Lithium")) == 0.188992
    assert float(solid.sel(mineral="Graphite")) == 0.0
    assert float(kg.sel(chemistry="LMNO", anode="Graphite", mineral="Manganese")) == 0.995836
    # a chemistry's impossible anodes hold nothing
    assert float(kg.sel(chemistry="Sodium-ion", anode="Graphite").sum()) == 0.0


def test_pathways_to_2050_sum_to_one_and_differ_by_scenario(data):
    mixes = {}
    for name in ("STEPS", "APS", "NZE"):
        shares = batteries.chemistry_shares(data, load_scenario(name))
        np.testing.assert_allclose(shares.sum("chemistry"), 1.0, atol=1e-9)
        assert float(shares.min()) >= 0.0
        mixes[name] = shares.sel(application="Electric Vehicles", year=2050)
    for name, mix in mixes.items():
        # NCA and NMC622 phase out; manganese-rich and solid-state cells enter
        assert float(mix.sel(chemistry=["NCA", "NMC622"]).max()) == 0.0, name
        assert float(mix.sel(chemistry=["LMNO", "Solid-state"]).min()) > 0.0, name
    solid = {n: float(m.sel(region="Canada", chemistry="Solid-state")) for n, m in
             mixes.items()}
    assert solid["STEPS"] < solid["APS"] == solid["NZE"] == pytest.approx(0.12)


def test_regions_converge_on_world_by_2050(data):
    """Korea's 2030 lead over World fades linearly: in 2040 World's pathway plus half of
    it (clipped at 0, scaled to 1), recomputed from the table; in 2050 World's mix."""
    shares = batteries.chemistry_shares(data, load_scenario("STEPS")).sel(
        application="Electric Vehicles", region="South Korea")
    df = data.table("chemistry_share")
    df = df[(df.application == "Electric Vehicles")]

    def mix(region, pathway, year):
        rows = df[(df.region == region) & (df.pathway == pathway) & (df.year == year)]
        return {c: v for c, v in zip(rows.chemistry, rows.value, strict=True)}

    korea, world = mix("South Korea", "All", 2030), mix("World", "All", 2030)
    raw = {c: max(0.0, mix("World", "STEPS", 2040).get(c, 0.0)
                  + 0.5 * (korea.get(c, 0.0) - world.get(c, 0.0))) for c in CHEMISTRIES}
    for chem in CHEMISTRIES:
        assert float(shares.sel(year=2040, chemistry=chem)) == pytest.approx(
            raw[chem] / sum(raw.values()), abs=1e-9), chem
        assert float(shares.sel(year=2050, chemistry=chem)) == pytest.approx(
            mix("World", "STEPS", 2050).get(chem, 0.0), abs=1e-9), chem


@pytest.mark.parametrize("name", ["STEPS", "APS", "NZE"])
def test_technology_moves_steadily(results, name):
    """From 2030 to 2050 no chemistry share moves more than 3 points a year and no
    mineral's kg per kWh of new batteries more than 0.05 kg a year, in any region: the
    anchors are five to ten years apart, so no year-on-year jump."""
    d = results.demand.sel(scenario=name, region=list(REGION_PARTS), year=slice(2030, 2050))
    gwh = d.battery_demand.sum("application")
    share = gwh / gwh.sum("chemistry")
    assert float(abs(share.diff("year")).max()) <= 0.03
    per_kwh = (d.material_demand.sel(application=["Electric Vehicles", "Stationary Storage"])
               .sum("application") / gwh.sum("chemistry"))
    battery = [m for m in per_kwh.mineral.values if m != "Platinum"]
    assert float(abs(per_kwh.sel(mineral=battery).diff("year")).max()) <= 0.05


def test_silicon_is_reported(results):
    iamc = results.to_iamc()
    at = (iamc.region == "World") & (iamc.scenario == "STEPS")
    silicon = iamc[(iamc.variable == "Material Demand|Silicon|Electric Vehicles") & at
                   ].set_index("year").value
    assert silicon[2024] == 0.0 and silicon[2050] > silicon[2040] > silicon[2030] > 0
    pv = iamc[(iamc.variable == "Material Demand|Silicon|Solar PV") & at].set_index("year")
    total = iamc[(iamc.variable == "Material Demand|Silicon") & at].set_index("year").value
    assert total[2024] == pytest.approx(pv.value[2024]) and pv.value[2024] > 0
    anodes = iamc[iamc.variable.str.startswith("Battery Demand by Anode|")
                  & (iamc.region == "World") & (iamc.year == 2040)]
    total = iamc[(iamc.variable == "Battery Demand") & (iamc.region == "World")
                 & (iamc.year == 2040)].set_index("scenario").value
    by_scenario = anodes.groupby("scenario").value.sum()
    np.testing.assert_allclose(by_scenario[total.index], total, rtol=1e-9)


def test_graphite_splits_into_natural_and_synthetic_as_the_mines_see_it(data):
    """Natural and synthetic graphite sum to graphite demand, natural at the scenario's
    share (linear between its anchors and the base's 0.16 in 2024), and World's natural
    primary demand is what the mining stage's coverage divides by."""
    import corridor

    spec = from_text("base: STEPS\nname: half natural\nsupply:\n"
                     "  natural_graphite_share: {2026: 0.2, 2030: 0.6}\n", "half.yaml")
    r = corridor.run(spec, data=data, tariffs=[])
    iamc = r.to_iamc().query("region == 'World'")
    value = iamc.pivot(index="year", columns="variable", values="value")
    natural = value["Material Demand by Form|Graphite|Natural"]
    synthetic = value["Material Demand by Form|Graphite|Synthetic"]
    np.testing.assert_allclose(natural + synthetic, value["Material Demand|Graphite"])
    ratio = natural / value["Material Demand|Graphite"]
    assert ratio[2024] == pytest.approx(0.16) and ratio[2025] == pytest.approx(0.18)
    assert ratio[2028] == pytest.approx(0.4)
    assert ratio[2030] == pytest.approx(0.6) and ratio[2050] == pytest.approx(0.6)
    mining = r.balance.sel(scenario="half natural", region="World", mineral="Graphite",
                           stage="mining", year=2035)
    served = float(mining.supply / mining.demand_coverage)
    assert served == pytest.approx(value["Primary Demand by Form|Graphite|Natural"][2035])


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_more_silicon_less_graphite(data, low, high):
    """Per kWh, graphite falls and silicon rises with the silicon-graphite share, and the
    anode's mass of graphite plus silicon falls too (the blend stores more per gram)."""
    low, high = sorted((low, high))
    kg = {}
    for share in (low, high):
        anodes = batteries.anode_shares(data, from_text(
            f"name: s\nbase: STEPS\nbatteries:\n  silicon_share: {{2010: {share}, replace: "
            "true, history: true}\n", "case"))
        kg[share] = materials.intensity_path(data, anodes, 0.0).sel(chemistry="NMC811",
                                                                     year=2040)
    graphite = {s: float(k.sel(mineral="Graphite")) for s, k in kg.items()}
    silicon = {s: float(k.sel(mineral="Silicon")) for s, k in kg.items()}
    assert graphite[high] <= graphite[low] + 1e-12
    assert silicon[high] >= silicon[low] - 1e-12
    assert graphite[high] + silicon[high] <= graphite[low] + silicon[low] + 1e-12


@pytest.mark.parametrize("text, message", [
    ("batteries:\n  silicon_share: {2030: 1.5}\n",
     "batteries.silicon_share.2030: Input should be less than or equal to 1"),
    ("batteries:\n  pathway: FAST\n", "batteries.pathway: Input should be 'STEPS', 'APS'"),
    ("batteries:\n  density_gain: -0.1\n", "batteries.density_gain: Input should be greater"),
    ("batteries:\n  chemistry:\n    Electric Vehicles:\n      Canada: {2040: {LFP: 0.5}}\n",
     "sum to 1"),
])
def test_bad_technology_settings(text, message):
    with pytest.raises(InputError) as err:
        from_text("name: bad\nbase: STEPS\n" + text, "case.yaml")
    assert message in str(err.value) and str(err.value).startswith("case.yaml")


def test_a_case_moves_share_points_from_the_others_in_proportion(data):
    """solid-state: +15 points of EV GWh in 2050 in every region, the others scaled by
    (1 - base - 0.15) / (1 - base); 12.5 points in 2045 (halfway from 2040's 10)."""
    from corridor.config.cases import with_case

    base = batteries.chemistry_shares(data, load_scenario("STEPS")).sel(
        application="Electric Vehicles")
    case = batteries.chemistry_shares(data, with_case(load_scenario("STEPS"), "solid-state")
                                      ).sel(application="Electric Vehicles")
    solid = base.sel(chemistry="Solid-state")
    moved = (case - base).sel(chemistry="Solid-state")
    np.testing.assert_allclose(moved.sel(year=2050), 0.15, atol=1e-12)
    np.testing.assert_allclose(moved.sel(year=2045), 0.125, atol=1e-12)
    np.testing.assert_allclose(moved.sel(year=2024), 0.0, atol=1e-12)
    others = [c for c in CHEMISTRIES if c != "Solid-state"]
    ratio = (case.sel(chemistry=others) / base.sel(chemistry=others)).sel(year=2050)
    expected = (1 - solid.sel(year=2050) - 0.15) / (1 - solid.sel(year=2050))
    np.testing.assert_allclose(ratio.where(base.sel(chemistry=others, year=2050) > 0),
                               expected.broadcast_like(ratio).where(
                                   base.sel(chemistry=others, year=2050) > 0), rtol=1e-9)


def test_every_case_runs_on_every_scenario_named_in_the_results():
    from corridor.config.cases import builtin_cases
    from corridor.orchestrator import run

    cases = builtin_cases()
    assert cases == ["faster-lfp-sodium", "high-nickel", "silicon-rich", "solid-state"]
    r = run(["STEPS", "NZE"], cases=cases, tariffs=[])
    assert r.scenario_names == ["STEPS", "NZE", *(f"{s}+{c}" for c in cases
                                                  for s in ("STEPS", "NZE"))]
    iamc = r.to_iamc()
    world = iamc[(iamc.region == "World") & (iamc.year == 2040)].set_index(
        ["scenario", "variable"]).value
    # each case moves the mineral it is about, the right way
    assert world[("STEPS+silicon-rich", "Material Demand|Silicon")] > world[
        ("STEPS", "Material Demand|Silicon")]
    assert world[("NZE+solid-state", "Material Demand|Graphite")] < world[
        ("NZE", "Material Demand|Graphite")]
    assert world[("STEPS+faster-lfp-sodium", "Material Demand|Nickel")] < world[
        ("STEPS", "Material Demand|Nickel")]
    assert world[("STEPS+high-nickel", "Material Demand|Nickel")] > world[
        ("STEPS", "Material Demand|Nickel")]


def test_bad_cases_get_one_line(tmp_path):
    from tests.hostile.contract import refused

    assert refused(["run", "--case", "fast", "--out", tmp_path / "o"]).startswith(
        "technology case 'fast': not a built-in (faster-lfp-sodium, high-nickel,")
    wide = tmp_path / "wide.yaml"
    wide.write_text("name: wide\nev_sales: {market_growth: 0.01}\n", encoding="utf-8")
    assert refused(["run", "--case", wide, "--out", tmp_path / "o"]) == (
        f"technology case {wide}: ev_sales: a technology case changes batteries only "
        "(keys: name, description, batteries)")
    odd = tmp_path / "odd.yaml"
    odd.write_text("batteries:\n  shift: {Unobtainium: {2040: 0.1}}\n", encoding="utf-8")
    assert "batteries.shift.Unobtainium" in refused(["run", "--case", odd, "--out",
                                                     tmp_path / "o"])
    assert not (tmp_path / "o").exists()


def test_the_cli_help_lists_every_case():
    from typer.testing import CliRunner

    from corridor.cli import app
    from corridor.config.cases import builtin_cases

    help_text = " ".join(CliRunner().invoke(app, ["run", "--help"]).output.split())
    assert all(case in help_text for case in builtin_cases())


def test_ev_battery_demand_meets_the_iea_projections(results):
    """Every projection of battery_projection within 5% (calibrated packs), and the GEVO
    2025 STEPS 2030 total of 3,229 GWh (the sum of its modes); 2023 stays at 773 GWh."""
    table = results.tables.projections()
    assert len(table) == 10 and set(table.scenario) == {"STEPS", "APS", "NZE"}
    assert (abs(table.ratio - 1) <= 0.05).all(), table
    ev = results.demand.battery_demand.sel(region="World", application="Electric Vehicles")
    assert float(ev.sel(scenario="STEPS", year=2030).sum()) == pytest.approx(3229, rel=0.05)
    assert float(ev.sel(scenario="STEPS", year=2023).sum()) == pytest.approx(773, rel=0.01)


def test_bad_uncertainty_settings_get_one_line(tmp_path):
    from tests.hostile.contract import refused

    odd = tmp_path / "odd.yaml"
    odd.write_text("base: STEPS\nuncertainty: {cases: [fast]}\n", encoding="utf-8")
    assert refused(["run", "-s", odd, "--draws", "10", "--out", tmp_path / "o"]) == (
        f"{odd}: uncertainty: cases: 'fast' is not a built-in technology case "
        "(faster-lfp-sodium, high-nickel, silicon-rich, solid-state)")
    old = tmp_path / "old.yaml"
    old.write_text("base: STEPS\nuncertainty: {chemistry_sigma: 0.3}\n", encoding="utf-8")
    assert refused(["run", "-s", old, "--out", tmp_path / "o"]) == (
        f"{old}: uncertainty.chemistry_sigma: unknown key")
    assert refused(["run", "-s", "STEPS", "--draws", "10", "--scheduler", "tcp://127.0.0.1:9",
                    "--no-figures", "--out", tmp_path / "o"]).startswith(
        "scheduler tcp://127.0.0.1:9: no Dask scheduler answered")
    assert not (tmp_path / "o").exists()
