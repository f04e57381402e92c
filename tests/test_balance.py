"""Capacity pipeline and stage balances: hand-computed cases, properties, CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor.cli import app
from corridor.config.schema import Supply
from corridor.data import Data
from corridor.dims import MINERALS, STATUSES
from corridor.supply import pipeline
from corridor.supply.balance import gaps, membership, registry_supply
from corridor.supply.registry import conversions, load_facilities

YEARS = list(range(2025, 2031))


def plants(*rows) -> pd.DataFrame:
    """Registry rows: id, region, stage, product class, chemistry, capacity, unit, start, status
    (the basis is the shipped conversions table's)."""
    cols = ["id", "region", "stage", "product_class", "chemistry", "capacity", "unit",
            "start_year", "status"]
    df = pd.DataFrame(rows, columns=cols)
    basis = conversions(Data()).basis
    return df.assign(in_capacity=True, start_year=df.start_year.astype("Int64"),
                     basis=[basis[(s, p, u)] for s, p, u in zip(df.stage, df.product_class,
                                                                 df.unit, strict=True)])


def test_realisation_and_ramp_by_hand():
    df = plants(("A", "Canada", "cell", "NCM", "NMC811", 30.0, "GWh/yr", 2027, "announced"),
                ("B", "Canada", "cell", "NCM", "NMC811", 10.0, "GWh/yr", 2026, "paused"))
    cap = pipeline.effective_capacity(df, Supply(), YEARS)
    # announced at half, ramping over 3 years from 2027: 5, 10, 15 GWh
    np.testing.assert_allclose(cap.sel(facility="A"), [0, 0, 5, 10, 15, 15])
    assert float(cap.sel(facility="B").sum()) == 0  # paused counts nothing
    restarted = pipeline.effective_capacity(
        df, Supply(restart=["B"], restart_year=2029, ramp_years=0), YEARS)
    np.testing.assert_allclose(restarted.sel(facility="B"), [0, 0, 0, 0, 10, 10])


def vehicle_inputs(region: str) -> tuple[xr.DataArray, xr.DataArray]:
    """An all-NMC811 EV mix and 60 kWh cars in ``region``."""
    mix = xr.DataArray(np.ones((1, len(YEARS), 1)), dims=("region", "year", "chemistry"),
                       coords={"region": [region], "year": YEARS, "chemistry": ["NMC811"]})
    kwh = xr.DataArray(np.full((1, len(YEARS)), 60.0), dims=("region", "year"),
                       coords={"region": [region], "year": YEARS},
                       attrs={"units": "kWh/vehicle"})
    return mix, kwh


def recovery(rate: float) -> xr.DataArray:
    return xr.DataArray(np.full((len(MINERALS), len(YEARS)), rate), dims=("mineral", "year"),
                        coords={"mineral": list(MINERALS), "year": YEARS})


def test_two_facility_balance_by_hand(data):
    """A 10 kt/yr NMC811 cathode plant feeding a 10 GWh/yr NMC811 cell plant: the cathode
    stage supplies 10,000 t x 48.27% = 4.827 kt of nickel; the cells need
    10 GWh x 0.607822 kg/kWh (BatPaC 5.2) = 6.078 kt: a 1.251 kt gap."""
    df = plants(("CAM", "Canada", "cathode", "NCM", "NMC811", 10_000.0, "t/yr", 2020,
                 "operating"),
                ("CELL", "Canada", "cell", "NCM", "NMC811", 10.0, "GWh/yr", 2020, "operating"))
    cap = pipeline.effective_capacity(df, Supply(), YEARS)
    contained = cap * pipeline.mineral_content(df, data, *vehicle_inputs("Canada"),
                                               recovery(1.0))
    supply = registry_supply(membership(df), contained).sel(region="Canada", mineral="Nickel",
                                                            year=2030)
    cathode, cell = float(supply.sel(stage="cathode")), float(supply.sel(stage="cell"))
    assert cathode == pytest.approx(10_000 * 0.482675 / 1000, rel=1e-5)
    assert cell == pytest.approx(10 * 0.607822, rel=1e-5)
    assert cathode - cell == pytest.approx(-1.251, abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e6), st.sampled_from(STATUSES),
                          st.one_of(st.none(), st.integers(2000, 2050))), min_size=1,
                max_size=8),
       st.integers(0, 10))
def test_capacity_is_never_negative_nor_above_nameplate(rows, ramp_years):
    df = plants(*[(f"F{i}", "Canada", "cell", "NCM", "NMC811", c, "GWh/yr", y, s)
                  for i, (c, s, y) in enumerate(rows)])
    cap = pipeline.effective_capacity(df, Supply(ramp_years=ramp_years), YEARS)
    assert (cap >= 0).all()
    assert (cap <= df.capacity.to_numpy()[:, None] + 1e-9).all()


def test_gaps_open_and_close():
    b = xr.DataArray([[-1.0, -1.0, 2.0, -3.0], [1.0, 1.0, 1.0, 1.0]], dims=("stage", "year"),
                     coords={"stage": ["mining", "cell"], "year": [2025, 2026, 2027, 2028]})
    assert gaps(b).to_dict("records") == [{"stage": "mining", "opens": 2025, "closes": 2027}]




def test_cli_facilities_and_balance():
    runner = CliRunner()
    out = runner.invoke(app, ["facilities", "--country", "CA", "--stage", "cell"])
    assert out.exit_code == 0 and "NextStar" in out.output
    bad = runner.invoke(app, ["facilities", "--stage", "smelter"])
    assert bad.exit_code == 2 and "smelter" in bad.output
    out = runner.invoke(app, ["balance", "--region", "KR", "-m", "Lithium"])
    assert out.exit_code == 0 and "Refining" in out.output
    assert out.output.index("own battery material demand") < out.output.index("plant to")
    bad = runner.invoke(app, ["balance", "--region", "Mars"])
    assert bad.exit_code == 2 and "Mars" in bad.output


def test_capacity_by_product_matches_the_rows(results, data):
    """Capacity|Cell|NCM of Canada in 2030, summed row by row from the registry."""
    fac = load_facilities(data)
    rows = fac[fac.in_capacity & (fac.country == "Canada") & (fac.stage == "cell")
               & (fac.product_class == "NCM")]
    realised = rows.status.map(Supply().realisation)
    age = 2030 - rows.start_year.astype(float).fillna(-np.inf)
    expected = float((rows.capacity * realised * np.clip((age + 1) / 3, 0, 1)).sum())
    cap = results.capacity.capacity.sel(scenario="STEPS", year=2030)
    assert float(cap.sel(region="Canada", product="Cell|NCM")) == pytest.approx(expected)
    assert cap.sel(product="Cell|NCM").unit.item() == "GWh/yr"
    both = cap.sel(region="Canada+South Korea")
    parts = cap.sel(region=["Canada", "South Korea"]).sum("region")
    xr.testing.assert_allclose(both.drop_vars("region"), parts)


def test_black_mass_recycling_is_secondary_refining_supply(data):
    """20,000 t/yr of NMC811 black mass: a tonne holds the cell's lithium over its cathode
    composite and graphite, 0.092244 / (1.297 + 0.853893) kg/kWh = 4.289% Li (BatPaC 5.2),
    of which the plant recovers 85%: 20,000 x 0.04289 x 0.85 = 729.1 t Li at refining."""
    df = plants(("HYDRO", "South Korea", "recycling", "Black Mass Feed", "NMC811", 20_000.0,
                 "t feed/yr", 2020, "operating"))
    assert pipeline.supplied_stage(df).tolist() == ["refining"]
    cap = pipeline.effective_capacity(df, Supply(), YEARS)
    contained = cap * pipeline.mineral_content(df, data, *vehicle_inputs("South Korea"),
                                               recovery(0.85))
    supply = registry_supply(membership(df), contained).sel(region="South Korea", year=2030)
    li = 20_000 * 0.092244 / (1.297 + 0.853893) * 0.85 / 1000
    assert float(supply.sel(stage="refining", mineral="Lithium")) == pytest.approx(li, rel=1e-4)
    assert float(supply.sel(stage="refining", mineral="Copper")) == 0  # foils are not black mass


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Canada", "South Korea"]),
                          st.sampled_from(["refining", "precursor", "cathode", "cell"]),
                          st.floats(0, 1e5), st.integers(2015, 2035)), min_size=1, max_size=8))
def test_every_counted_row_lands_once(rows):
    """Mass balance of the registry: the contained mineral of the rows, summed by region and
    stage, equals their total (no row lost or counted twice), with and without
    ``only_after``, which drops exactly the refining rows started by then."""
    units = {"refining": ("Nickel Contained", "t Ni/yr"), "precursor": ("NCM", "t/yr"),
             "cathode": ("NCM", "t/yr"), "cell": ("NCM", "GWh/yr")}
    df = plants(*[(f"F{i}", r, s, units[s][0], "NMC811", c, units[s][1], y, "operating")
                  for i, (r, s, c, y) in enumerate(rows)])
    contained = xr.DataArray(
        np.outer(df.capacity.to_numpy(), np.ones(len(YEARS)))[:, None, :],
        dims=("facility", "mineral", "year"),
        coords={"facility": df.id.to_numpy(), "mineral": ["Nickel"], "year": YEARS})
    total = float(contained.sum())
    assert float(registry_supply(membership(df), contained).sum()) == pytest.approx(total)
    early = df[(df.stage == "refining") & (df.start_year <= 2024)].capacity.sum()
    assert float(registry_supply(membership(df, 2024), contained).sum()) == pytest.approx(
        total - early * len(YEARS), abs=1e-6 * (1 + total))


def test_restart_names_a_paused_facility(tmp_path):
    runner = CliRunner()
    for fid, problem in (("XX-999", "unknown facility id 'XX-999'"),
                         ("CA-001", "CA-001 is operating")):
        path = tmp_path / f"{fid}.yaml"
        path.write_text(f"name: restart\nbase: STEPS\nsupply: {{restart: [{fid}]}}\n")
        out = runner.invoke(app, ["run", "-s", str(path), "--no-figures", "--out",
                                  str(tmp_path / "out")])
        assert out.exit_code == 2 and "supply.restart" in out.output and problem in out.output
        assert path.name in out.output.replace("\n", "")  # the file is named
        assert not (tmp_path / "out").exists()


def test_graphite_mines_serve_the_natural_share_only(results, data):
    """Mining-stage graphite coverage is supply over the natural part of demand (16% by
    default; synthetic graphite comes from anode plants); other stages and minerals, and
    World's requirement elsewhere, keep the whole demand."""
    b = results.balance.sel(scenario="STEPS", mineral="Graphite", year=2030)
    mining = b.sel(stage="mining")
    for region in ("Canada", "World"):
        assert float(mining.demand_coverage.sel(region=region)) == pytest.approx(
            float(mining.supply.sel(region=region)) / (0.16 * float(b.demand.sel(
                region=region))), rel=1e-9)
    world = b.sel(region="World", stage="refining")
    assert float(world.requirement) == pytest.approx(float(b.demand.sel(region="World")))
    nickel = results.balance.sel(scenario="STEPS", mineral="Nickel", year=2030,
                                 stage="mining", region="Canada")
    assert float(nickel.demand_coverage) == pytest.approx(
        float(nickel.supply) / float(nickel.demand), rel=1e-9)


def test_copper_and_magnet_rare_earth_balances(results, data):
    """Copper and the IEA's magnet rare earths (Nd, Pr, Dy, Tb) have mine and refinery
    balances: World's supply is the published world output, its demand the sum of its
    members' primary demand (wind, vehicles, networks, ...), coverage their ratio."""
    from corridor.dims import MINERAL_GROUPS
    from corridor.paths import annual
    from corridor.supply.concentration import world_supply

    published = annual(world_supply(data).sum("country", min_count=1)).sel(year=2030)
    for mineral in ("Copper", "Magnet Rare Earths"):
        b = results.balance.sel(scenario="APS", region="World", mineral=mineral, year=2030)
        members = list(MINERAL_GROUPS.get(mineral, [mineral]))
        demand = float(results.demand.primary_demand.sel(
            scenario="APS", region="World", year=2030, mineral=members).sum())
        assert float(b.demand) == pytest.approx(demand, rel=1e-9) and demand > 0
        for stage in ("mining", "refining"):
            supply = float(published.sel(mineral=mineral, stage=stage))
            at = b.sel(stage=stage)
            assert float(at.supply) == pytest.approx(supply, rel=1e-9)
            assert float(at.demand_coverage) == pytest.approx(supply / demand, rel=1e-9)
        assert np.isnan(float(b.supply.sel(stage="cathode")))  # off its chain
