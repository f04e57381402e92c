"""The trade layer: flows, exposure, complementarity and tariff shocks, checked against
figures computed by hand from the shipped table and against independent customs data."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor.trade as trade
from corridor.errors import InputError
from corridor.trade.dependence import exposure as exposure_of
from corridor.trade.flows import _build, products
from corridor.trade.models import gsim
from corridor.trade.potential import complementarity
from corridor.trade.shocks import shock
from corridor.trade.tariffs import TariffScenario, load_tariffs


@pytest.fixture(scope="module")
def table(data):
    return data.table("trade_flows")


def flow(table, exporter, importer, hs6, year, column="value_usd"):
    row = table[(table.exporter == exporter) & (table.importer == importer)
                & (table.hs6 == hs6) & (table.year == year)]
    return float(row[column].iloc[0]) if len(row) else 0.0


def test_flows_are_the_snapshot_with_contained_tonnes(data, table):
    flows = trade.load_flows(data)
    assert float(flows.quantity.sel(exporter="WLD", importer="KOR", hs6="282520",
                                    year=2024)) == 102_059_977.0
    # contained lithium: kg of LiOH.H2O x 0.165388 (stoichiometry) / 1000
    assert float(flows.contained.sel(exporter="WLD", importer="KOR", hs6="282520", year=2024)
                 ) == pytest.approx(102_059_977.0 * 0.165388 / 1000)
    # nickel ore has no one content (concentrate or laterite): missing, not zero
    assert np.isnan(float(flows.contained.sel(exporter="CAN", importer="EU27", hs6="260400",
                                              year=2024)))
    # a pair BACI does not record traded nothing; World to World is no flow at all
    assert flow(table, "KOR", "CAN", "260200", 2019) == 0.0
    assert float(flows.value.sel(exporter="KOR", importer="CAN", hs6="260200", year=2019)) == 0
    assert np.isnan(float(flows.value.sel(exporter="WLD", importer="WLD", hs6="260200",
                                          year=2019)))


def test_export_shares_and_hhi_by_hand(table):
    e = trade.exposure("CA", year=2024)
    total = flow(table, "CAN", "WLD", "250410", 2024)
    named = {p: flow(table, "CAN", p, "250410", 2024)
             for p in ("CHN", "EU27", "JPN", "KOR", "USA")}
    shares = {p: v / total for p, v in named.items()} | {"Other": 1 - sum(named.values()) / total}
    assert float(e.export_share.sel(partner="USA", hs6="250410")) == pytest.approx(
        shares["USA"])
    assert float(e.export_hhi.sel(hs6="250410")) == pytest.approx(
        sum(s * s for s in shares.values()))
    # the chain: shares of summed values
    chain = sum(flow(table, "CAN", "USA", h, 2024) for h in table.hs6.unique()) / sum(
        flow(table, "CAN", "WLD", h, 2024) for h in table.hs6.unique())
    assert float(e.export_share.sel(partner="USA", hs6="chain")) == pytest.approx(chain)


@pytest.mark.parametrize(("year", "published"), [(2019, 0.741), (2022, 0.879), (2023, 0.796)])
def test_korea_lithium_hydroxide_china_dependence_matches_korean_customs(year, published):
    # Korea Customs Service, China's share of Korea's lithium hydroxide imports by value, as
    # reported (KITA / press); BACI's mirror flows are an independent measurement
    e = trade.exposure("KR", products="282520", year=year)
    assert float(e.china_dependence) == pytest.approx(published, abs=0.015)


def test_import_reliance_by_hand(data, table):
    e = trade.exposure("CN", year=2024)
    content = products(data).content
    net = sum((flow(table, "WLD", "CHN", h, 2024, "qty_kg")
               - flow(table, "CHN", "WLD", h, 2024, "qty_kg")) * content[h] / 1000
              for h in ("282520", "283691"))
    supply = data.table("world_supply")
    production = supply[(supply.country == "China") & (supply.mineral == "Lithium")
                        & (supply.stage == "refining") & (supply.year == 2024)
                        & (supply.scenario == "History")].sort_values("edition").value.iloc[-1]
    assert float(e.import_reliance.sel(mineral="Lithium", stage="refining")) == pytest.approx(
        net / (production * 1000 + net))


def test_complementarity_by_hand(table):
    c = trade.complementarity("CA", "KR", year=2024)
    codes = sorted(table.hs6.unique())
    x = np.array([flow(table, "CAN", "WLD", h, 2024) for h in codes])
    m = np.array([flow(table, "WLD", "KOR", h, 2024) for h in codes])
    actual = np.array([flow(table, "CAN", "KOR", h, 2024) for h in codes])
    assert c.potential.sel(hs6=codes).values == pytest.approx(np.minimum(x, m))
    assert c.gap.sel(hs6=codes).values == pytest.approx(np.minimum(x, m) - actual)
    assert float(c.tci) == pytest.approx(100 * (1 - np.abs(m / m.sum() - x / x.sum()).sum() / 2))


def random_table(draw_values, countries=("AAA", "BBB", "CCC")):
    """A flows table of one product and year: the named bilateral flows and World totals
    at least as large as their sums, as BACI's are."""
    rows, codes = [], list(countries)
    values = iter(draw_values)
    bilateral = {(a, b): next(values) for a in codes for b in codes if a != b}
    for (a, b), v in bilateral.items():
        rows.append((a, b, v))
    for a in codes:
        rows.append((a, "WLD", sum(v for (x, _), v in bilateral.items() if x == a)
                     + next(values)))
        rows.append(("WLD", a, sum(v for (_, y), v in bilateral.items() if y == a)
                     + next(values)))
    df = pd.DataFrame(rows, columns=["exporter", "importer", "value_usd"])
    return df.assign(hs6="282520", year=2024, qty_kg=df.value_usd / 10.0, release="test")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e9), min_size=12, max_size=12))
def test_shares_and_indices_are_bounded(data, values):
    flows = _build(random_table(values), products(data))
    e = exposure_of(flows, data=data)
    traded = e.exports > 0
    assert np.allclose(e.export_share.sum("partner").where(traded, 1.0), 1.0)
    assert bool(((e.export_hhi >= 1 / e.partner.size - 1e-12) & (e.export_hhi <= 1 + 1e-12))
                .where(traded, True).all())
    c = complementarity(flows, "AAA", "BBB")
    assert bool((c.gap >= -1e-6).all()) and bool((c.potential <= c.exports + 1e-6).all())
    assert bool(((c.tci >= -1e-9) & (c.tci <= 100 + 1e-9)).where(c.tci.notnull(), True).all())


def scenario(**changes) -> TariffScenario:
    measure = {"name": "test", "imposer": "USA", "targets": ["CAN"], "products": ["250410"],
               "rate": 0.25, "start": "2025-01-01", "source": "test"}
    raw = {"name": "test", "before": "2024-12-31", "after": "2025-01-01", "year": 2024,
           "measures": [measure | changes.pop("measure", {})]} | changes
    return TariffScenario.model_validate(raw)


def test_shock_is_gsim_on_the_product_market(data):
    flows = trade.load_flows(data)
    r = shock(scenario(), flows)
    market = r.flows_before.sel(hs6="250410")
    powers = xr.ones_like(market)
    after = powers.copy()
    after.loc[{"exporter": "CAN", "importer": "USA"}] = 1.25
    direct = gsim(market, powers, after, -1.25, 1.5, 1.5)
    assert r.flows_after.sel(hs6="250410").values == pytest.approx(direct.flows_after.values)
    change = r.change.sel(hs6="250410")
    assert float(change.sel(exporter="CAN", importer="USA")) < 0  # the taxed flow falls
    assert float(r.lost.sel(hs6="250410")) == pytest.approx(
        -float(change.sel(exporter="CAN", importer="USA")))
    # Canada sells elsewhere, the US buys from others
    assert float(r.rerouted.sum()) > 0 and float(r.diverted.sum()) > 0
    # a CUSMA exemption of half the trade halves the rate, and the effects with it
    half = shock(scenario(measure={"exempt_share": 0.5}), flows)
    assert float(half.lost.sum()) == pytest.approx(float(r.lost.sum()) / 2, rel=0.05)


def test_builtin_scenarios_run(data):
    assert trade.builtin_tariffs() == ["us-ieepa-canada-2025", "us-section301-graphite-2026"]
    r = trade.shock("us-section301-graphite-2026", data)
    graphite = r.sel(hs6="250410")
    assert float(graphite.welfare.sel(region="CHN")) < 0 < float(
        graphite.tariff_revenue.sel(region="USA"))
    assert float(r.change.sel(exporter="CAN", importer="USA", hs6="250410")) > 0


@pytest.mark.parametrize(("change", "field"), [
    ({"measure": {"rate": -0.1}}, "measures.0.rate"),
    ({"measure": {"rate": "2000%"}}, "measures.0.rate"),
    ({"measure": {"rate": "lots%"}}, "measures.0.rate"),
    ({"measure": {"end": "2024-01-01"}}, "measures.0"),
    ({"measure": {"start": None}}, "measures.0.start"),
    ({"measure": {"targets": ["canada"]}}, "measures.0.targets.0"),
    ({"measure": {"tariff": 1}}, "measures.0.tariff"),
    ({"elasticities": {"import_demand": 1.25}}, "elasticities.import_demand"),
    ({"elasticities": {"export_supply": -1}}, "elasticities.export_supply"),
    ({"before": None}, "before"),
])
def test_bad_tariff_files_are_refused_naming_the_field(tmp_path, change, field):
    import yaml

    raw = scenario().model_dump(mode="json")
    raw["measures"][0].update(change.pop("measure", {}))
    raw.update(change)
    raw = {k: v for k, v in raw.items() if v is not None}
    raw["measures"][0] = {k: v for k, v in raw["measures"][0].items() if v is not None}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(InputError, match=rf"{path}: {field.replace('.', '[.]')}"):
        load_tariffs(path)


@pytest.mark.parametrize(("measure", "problem"), [
    ({"imposer": "XYZ"}, "imposer: XYZ not in the trade data"),
    ({"products": ["999999"]}, "products: 999999 not in the trade data"),
])
def test_codes_outside_the_data_are_refused(data, measure, problem):
    with pytest.raises(InputError, match=problem):
        shock(scenario(measure=measure), trade.load_flows(data))


def test_no_change_and_unknown_year_are_refused(data):
    flows = trade.load_flows(data)
    with pytest.raises(InputError, match="no tariff changes"):
        shock(scenario(after="2024-12-31"), flows)
    with pytest.raises(InputError, match="year 2031 is not in the trade data"):
        shock(scenario(year=2031), flows)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "corridor", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_trade_commands():
    exposure = cli("trade", "exposure", "-c", "CA")
    assert exposure.returncode == 0, exposure.stderr
    assert "75.6% (78.5%)" in exposure.stdout  # graphite to the US, 2024 (2019)
    assert "70.3" in cli("trade", "complementarity", "CA", "KR").stdout  # the 2024 index
    shocked = cli("trade", "shock", "us-section301-graphite-2026")
    assert shocked.returncode == 0 and "28.4" in shocked.stdout  # US$ million lost
    for args, message in (
            (("trade", "exposure", "-c", "Atlantis"), "country 'Atlantis': not in the trade"),
            (("trade", "exposure", "-p", "lithium"), "product 'lithium': not in the trade"),
            (("trade", "exposure", "--year", "1990"), "year 1990: not in the trade data"),
            (("trade", "shock", "nope"), "not a built-in")):
        done = cli(*args)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in (
            done.stderr), done.stderr


def test_a_run_carries_canada_and_korea_exposure(results, tmp_path):
    assert list(results.trade.region.values) == ["Canada", "South Korea"]
    table = results.tables.trade()
    row = table[(table.region == "Canada") & (table.hs6 == "250410") & (table.year == 2024)]
    assert float(row.us_export_share.iloc[0]) == pytest.approx(0.756, abs=5e-4)
    assert results.plot.trade_destinations().panels[0].title == "Canada"
    iamc = results.to_iamc()
    rows = iamc[(iamc.variable == "Trade|Export Share|United States|Natural Graphite")
                & (iamc.region == "Canada") & (iamc.year == 2024)]
    assert list(rows.scenario) == ["STEPS", "APS", "NZE"]
    assert rows.value.to_numpy() == pytest.approx([0.756] * 3, abs=5e-4)
    exports = iamc[(iamc.variable == "Trade|Exports|Lithium Hydroxide")
                   & (iamc.region == "South Korea") & (iamc.year == 2024)]
    assert exports.unit.iloc[0] == "million USD/yr"
    assert float(exports.value.iloc[0]) == pytest.approx(
        trade.exposure("KR", "282520", 2024).exports / 1e6)


def test_fetched_flows_replace_the_snapshot(tmp_path, monkeypatch, table):
    import duckdb

    from corridor.data import Data

    monkeypatch.setenv("CORRIDOR_HOME", str(tmp_path))
    (tmp_path / "trade").mkdir()
    path = tmp_path / "trade" / "flows.parquet"
    fetched = table[table.hs6 == "282520"].assign(release="BACI HS17 V202501")  # noqa: F841
    duckdb.sql(f"copy fetched to '{path}' (format parquet)")
    flows = trade.load_flows(Data())
    assert list(flows.hs6.values) == ["282520"] and "V202501" in flows.attrs["release"]
    duckdb.sql(f"copy (select exporter from fetched) to '{path}' (format parquet)")
    with pytest.raises(InputError, match="no column confidence, hs6"):
        trade.load_flows(Data())
    path.write_bytes(b"PAR1 truncated")
    with pytest.raises(InputError, match="unreadable"):
        trade.load_flows(Data())


def test_a_run_carries_the_builtin_tariff_shocks(results, data):
    shocks = results.tariffs
    assert list(shocks.tariffs.values) == trade.builtin_tariffs()
    direct = trade.shock("us-section301-graphite-2026", data)
    graphite = shocks.sel(tariffs="us-section301-graphite-2026", hs6="250410")
    for name in ("lost", "diverted", "rerouted", "lost_t", "rerouted_t"):
        assert float(graphite[name]) == pytest.approx(float(direct[name].sel(hs6="250410")))
    assert float(graphite.welfare.sel(region="USA")) == pytest.approx(
        float(direct.welfare.sel(region="USA").sum()))
    # contained tonnes lost: the change of each flow times its own tonnes per dollar
    change = direct.change.sel(hs6="250410")
    flows = trade.load_flows(data).sel(hs6="250410", year=2024)
    own = (flows.contained / flows.value).sel(exporter="CHN", importer="USA")
    assert float(direct.change_t.sel(hs6="250410", exporter="CHN", importer="USA")
                 ) == pytest.approx(float(change.sel(exporter="CHN", importer="USA") * own))
    # nickel ore has no one content: its tonnes are missing, not zero
    assert np.isnan(float(shocks.lost_t.sel(tariffs="us-ieepa-canada-2025", hs6="260400")))
    table = results.tables.tariffs()
    assert set(table.tariffs) == set(trade.builtin_tariffs())
    figure = results.plot.tariff_shocks()
    assert [p.title for p in figure.panels] == list(shocks.title.values)
    assert figure.panels[1].traces[0].y.tolist() == pytest.approx([float(graphite.lost) / 1e6])


def test_korea_lithium_imports_beside_its_cathode_plants(results, table):
    """Korea's net imports of lithium hydroxide and carbonate in contained lithium, by hand
    from the snapshot, beside its refineries' output and its cathode plants' need."""
    content = products(None).content
    net = sum((flow(table, "WLD", "KOR", h, 2024, "qty_kg")
               - flow(table, "KOR", "WLD", h, 2024, "qty_kg")) * content[h] / 1000
              for h in ("282520", "283691"))
    rows = results.tables.trade_balance().set_index(["region", "mineral", "stage", "year"])
    row = rows.loc[("South Korea", "Lithium", "refining", 2024)]
    assert row.net_imports_t == pytest.approx(net)
    balance = results.balance.sel(scenario="STEPS", region="South Korea", mineral="Lithium",
                                  stage="refining", year=2024)
    assert row.requirement_t == pytest.approx(float(balance.requirement) * 1000)
    assert row.gap_t == pytest.approx(1000 * float(balance.requirement - balance.supply))


def test_the_sankey_carries_canadas_exports(results):
    sankey = results.plot.trade_flows()
    canada = results.trade.sel(region="Canada", year=2024, scenario="STEPS")
    assert sankey.values.sum() == pytest.approx(float(canada.exports.sel(hs6="chain")) / 1e6)
    copper = [v for s, t, v in zip(sankey.sources, sankey.targets, sankey.values, strict=True)
              if s == "Copper ores and concentrates" and t == "USA"]
    assert copper == pytest.approx([float(canada.exports.sel(hs6="260300") * canada.export_share
                                         .sel(hs6="260300", partner="USA")) / 1e6])
    assert sankey.figure()["data"][0]["type"] == "sankey"


def test_a_run_without_tariffs(data):
    from corridor import run

    r = run("STEPS", data=data, tariffs=[])
    assert r.tariffs is None and r.tables.tariffs().empty
    assert "tariff_shocks" not in [f.name for f in r.plot.figures()]


def test_smart_shock_by_hand_on_the_us_graphite_market(data):
    """SMART on the one market that raises a tariff (US graphite from China, 0 to 25%), by
    the WITS formulas written out: creation Em*M*dt/(1+t0)/(1-Em/Ex), diversion
    Es*M*(mean price change - own)."""
    scenario = load_tariffs("us-section301-graphite-2026")
    e = scenario.elasticities
    r = trade.shock(scenario, data, model="smart")
    imports = r.flows_before.sel(hs6="250410", importer="USA")
    china, total = float(imports.sel(exporter="CHN")), float(imports.sum())
    creation = e.import_demand * china * 0.25 / (1 - e.import_demand / e.export_supply)
    diversion = e.substitution * china * (china * 0.25 / total - 0.25)
    assert float(r.lost.sel(hs6="250410")) == pytest.approx(-(creation + diversion))
    # what China loses by diversion, the other sources gain; nothing is rerouted
    assert float(r.diverted.sel(hs6="250410")) == pytest.approx(-diversion)
    assert float(r.rerouted.sel(hs6="250410")) == 0.0
    after_china = china + creation + diversion
    assert float(r.tariff_revenue.sel(hs6="250410", region="USA")) == pytest.approx(
        0.25 * after_china)
    assert float(r.welfare.sel(hs6="250410", region="USA")) == pytest.approx(
        0.5 * 0.25 * creation)
    assert float(abs(r.change.sel(hs6="250410").drop_sel(importer="USA")).max()) == 0.0
    with pytest.raises(InputError, match="tariff model 'cge'"):
        trade.shock(scenario, data, model="cge")
