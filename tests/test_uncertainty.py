"""Monte Carlo: reproducible, ordered, and equal to the central run without uncertainty."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.config import load_scenario
from corridor.demand import cleantech, uncertainty
from corridor.demand.chain import chain, with_world
from corridor.demand.cleantech import headline, join
from corridor.demand.inputs import prepare
from corridor.errors import InputError


@pytest.fixture(scope="module")
def inputs(data):
    return prepare(data, load_scenario("STEPS"), uncertain=True)


def test_same_seed_same_numbers(inputs):
    a = uncertainty.monte_carlo(inputs, 60, seed=7)
    b = uncertainty.monte_carlo(inputs, 60, seed=7)
    c = uncertainty.monte_carlo(inputs, 60, seed=8)
    assert a.identical(b)
    assert not a.identical(c)


@pytest.fixture(scope="module")
def cluster():
    """A real two-process Dask cluster on this machine, as a user would start one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster


@pytest.mark.parametrize("exact", [True, False])
def test_a_cluster_gives_the_same_numbers_as_this_process(inputs, monkeypatch, cluster,
                                                          exact):
    """The in-process default, a cluster by address and a cluster by Client: the same
    numbers, with exact and with histogram quantiles."""
    from distributed import Client

    monkeypatch.setattr(uncertainty, "CHUNK", 25)
    if not exact:
        monkeypatch.setattr(uncertainty, "EXACT_BYTES", 0)
    here = uncertainty.monte_carlo(inputs, 60, seed=3)
    assert here.identical(uncertainty.monte_carlo(inputs, 60, seed=3,
                                                  scheduler=cluster.scheduler_address))
    with Client(cluster) as client:
        assert here.identical(uncertainty.monte_carlo(inputs, 60, seed=3, scheduler=client))
        assert len(client.scheduler_info()["workers"]) == 2


def test_a_scheduler_that_does_not_answer_is_named(inputs):
    with pytest.raises(InputError, match=r"^scheduler tcp://127.0.0.1:9: no Dask scheduler "
                       "answered"):
        uncertainty.monte_carlo(inputs, 10, seed=0, scheduler="tcp://127.0.0.1:9")


def test_histogram_quantiles_are_within_one_bin_of_the_exact_ones(inputs, monkeypatch):
    """Beyond EXACT_BYTES quantiles come from histograms: against order statistics of the
    same draws, computed here one chunk at a time, the error is at most one bin (twice the
    pilot's range over BINS)."""
    monkeypatch.setattr(uncertainty, "CHUNK", 250)
    monkeypatch.setattr(uncertainty, "PILOT", 500)
    monkeypatch.setattr(uncertainty, "EXACT_BYTES", 0)
    q = uncertainty.monte_carlo(inputs, 1500, seed=4)
    assert q.attrs["quantile_method"].startswith("histogram")
    seeds = np.random.SeedSequence(4).spawn(6)
    draws = np.concatenate([np.concatenate(
        [c[v].values.reshape(250, -1) for v in uncertainty.REPORTED], axis=1)
        for c in (uncertainty._chunk(inputs.astype(np.float32), s, 250) for s in seeds)])
    exact = np.quantile(draws, uncertainty.QUANTILES, axis=0, method="inverted_cdf")
    pilot = draws[:500]
    one_bin = 2 * (pilot.max(axis=0) - pilot.min(axis=0)) / uncertainty.BINS
    got = np.concatenate([q[v].values.reshape(3, -1) for v in uncertainty.REPORTED], axis=1)
    error = np.abs(got.astype(float) - exact)
    assert (error <= one_bin + 1e-5 * np.abs(exact)).all()
    assert error.max() > 0  # not the exact method in disguise
    assert (np.diff(got, axis=0) >= 0).all()


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 40), min_size=1, max_size=4), width=st.integers(1, 9),
       seed=st.integers(0, 2**32 - 1))
def test_exact_quantiles_are_numpys_order_statistics(sizes, width, seed):
    """The blocks' quantiles (a median partition, then each half) against numpy's
    ``inverted_cdf`` over every draw, ties and single draws included."""
    rng = np.random.default_rng(seed)
    blocks = [rng.integers(0, 5, (width, n)).astype(np.float32) for n in sizes]
    with ThreadPoolExecutor(2) as pool:
        got = uncertainty._quantiles(blocks, pool, batch_bytes=64)
    expected = np.quantile(np.concatenate(blocks, axis=1), uncertainty.QUANTILES, axis=1,
                           method="inverted_cdf")
    np.testing.assert_array_equal(got, expected)


def test_draws_are_bounded(inputs):
    with pytest.raises(ValueError, match="draws: 10,000,001 is not between 1 and 10,000,000"):
        uncertainty.monte_carlo(inputs, uncertainty.MAX_DRAWS + 1, seed=0)


def test_quantiles_are_ordered_and_spread(inputs):
    q = uncertainty.monte_carlo(inputs, 200, seed=1).material_demand
    p5, p50, p95 = (q.sel(quantile=x) for x in uncertainty.QUANTILES)
    assert (p5 <= p50).all() and (p50 <= p95).all()
    li = q.sel(region="World", mineral="Lithium", year=2040)
    assert float(li.sel(quantile=0.95) - li.sel(quantile=0.05)) > 10  # kt: real spread


def test_without_uncertainty_draws_equal_the_central_run(data, tmp_path):
    """Zero-width input distributions: every draw is the central run (one code path)."""
    path = tmp_path / "certain.yaml"
    path.write_text("base: APS\nuncertainty: {lifetime_cv: 0, pack_cv: 0, cases: [],"
                    " adoption_range: [1, 1], scrap_range: [1, 1], collection_range: [1, 1],"
                    " recovery_range: [1, 1], clean_energy_range: [1, 1],"
                    " clean_energy_published: false}\n",
                    encoding="utf-8")
    inputs = prepare(data, load_scenario(path), uncertain=True)
    # the central run's detail, joined with the motors and clean-energy technologies
    central = with_world(join(chain(inputs), inputs.cleantech, drivetrain=inputs.drivetrain))
    central = central.assign(headline(central))
    q = uncertainty.monte_carlo(inputs, 10, seed=0)
    for name in uncertainty.REPORTED:
        expected = central[name]
        extra = [d for d in expected.dims if d not in q[name].dims]
        expected = expected.sum(extra)  # the draws report totals
        if "application" in q[name].dims:  # battery demand: the battery applications
            expected = expected.sel(application=q[name].application)
        for quantile in uncertainty.QUANTILES:
            np.testing.assert_allclose(q[name].sel(quantile=quantile).transpose(*expected.dims),
                                       expected, rtol=5e-5, atol=1e-6)  # single precision


CERTAIN = ("uncertainty: {lifetime_cv: 0, pack_cv: 0, adoption_range: [1, 1], "
           "scrap_range: [1, 1], collection_range: [1, 1], recovery_range: [1, 1], ")


def _draw(inputs, **columns):
    """The chain for one draw whose factors sit at the lower end of their range, except
    ``columns`` (factor name: unit-cube value)."""
    names = [f.name for f in uncertainty.factors(inputs.scenario)]
    unit = np.zeros((1, len(names)))
    for name, value in columns.items():
        unit[0, names.index(name)] = value
    return chain(inputs, uncertainty.multipliers(inputs.scenario, unit), detail=False)


def test_a_draw_at_the_end_of_a_case_is_the_case(data, tmp_path):
    """A draw all the way towards a technology case has the material demand of the
    scenario run with that case on top (and none of the way: the scenario's own)."""
    from corridor.config.cases import with_case

    path = tmp_path / "steps.yaml"
    path.write_text(f"base: STEPS\n{CERTAIN}cases: [solid-state, silicon-rich]}}\n",
                    encoding="utf-8")
    scenario = load_scenario(path)
    inputs = prepare(data, scenario, uncertain=True)
    own = chain(inputs).material_demand.sum("application")
    case = chain(prepare(data, with_case(scenario, "solid-state"))).material_demand.sum(
        "application")
    np.testing.assert_allclose(_draw(inputs).material_demand.isel(draw=0), own, rtol=1e-5)
    towards = _draw(inputs, **{"Technology case|solid-state": 1.0}).material_demand
    np.testing.assert_allclose(towards.isel(draw=0), case, rtol=1e-5, atol=1e-6)
    lithium = towards.sel(region="Europe", year=2050, mineral="Lithium").item()
    assert lithium > 1.01 * own.sel(region="Europe", year=2050, mineral="Lithium").item()


def test_adoption_scales_ev_sales_up_to_the_whole_market(data, tmp_path):
    """EV sales x 1.2 from 2030, a third of the way in 2026 (cars: history to 2024), and
    never more than the market (1 / the EV share)."""
    path = tmp_path / "nze.yaml"
    path.write_text(f"base: NZE\n{CERTAIN}cases: []}}\n".replace(
        "adoption_range: [1, 1]", "adoption_range: [1.2, 1.2]"), encoding="utf-8")
    inputs = prepare(data, load_scenario(path), uncertain=True)
    factor = chain_adoption(inputs)
    cars = dict(region="China", segment="Cars|BEV")
    share = inputs.ev_share.sel(**cars)
    assert factor.sel(**cars, year=2024).item() == 1.0
    np.testing.assert_allclose(factor.sel(**cars, year=2026).item(), 1 + 0.2 / 3, rtol=1e-6)
    late = share.year[share > 1 / 1.2].values
    assert len(late) and late.min() > 2030  # NZE: China's car sales all electric later on
    np.testing.assert_allclose(factor.sel(**cars, year=late).values,
                               1 / share.sel(year=late).values, rtol=1e-6)
    assert factor.sel(**cars, year=2030).item() == pytest.approx(1.2, rel=1e-6)


def chain_adoption(inputs):
    from corridor.demand.chain import adoption

    scale = uncertainty.multipliers(inputs.scenario, np.zeros((1, len(
        uncertainty.factors(inputs.scenario)))))["adoption_scale"]
    return adoption(inputs, scale).isel(draw=0)


def test_a_run_sends_every_scenarios_draws_to_one_cluster(cluster):
    """``corridor.run(..., scheduler=address)``: the quantiles of two scenarios (one with
    Korea's fleet targets) equal those made in this process."""
    import corridor

    here = corridor.run(["STEPS", "APS"], draws=30, seed=4, tariffs=[])
    there = corridor.run(["STEPS", "APS"], draws=30, seed=4, tariffs=[],
                         scheduler=cluster.scheduler_address)
    assert here.tree["quantiles"].to_dataset().identical(there.tree["quantiles"].to_dataset())


def test_clean_energy_intensities_move_between_the_ends_of_their_ranges(data, inputs):
    """A draw at position 0, 0.5 or 1 of solar PV's range has solar PV's flows with every
    intensity row at its low end, its value or its high end: World copper, aluminium and
    silicon demand in 2040 move by the technology's own change, computed apart (the
    published low/high where a row has them, within a factor 2 of the value, and 0.8 and
    1.2 times the value elsewhere)."""
    technologies = uncertainty.sampled_technologies(inputs)
    names = [f.name for f in uncertainty.factors(inputs.scenario, technologies)]
    unit = np.full((3, len(names)), 0.5)
    unit[:, names.index("Clean-energy intensity|Solar PV")] = [0.0, 0.5, 1.0]
    draws = uncertainty._reported(inputs.astype(np.float64), uncertainty.multipliers(
        inputs.scenario, unit, technologies))
    minerals = ["Copper", "Aluminium", "Silicon"]
    got = draws.material_demand.sel(region="World", year=2040, mineral=minerals)
    solar = {bound: cleantech.clean_energy(data, inputs.scenario, bound).material_demand.sel(
        technology="Solar PV", year=2040, mineral=minerals).sum("region")
        for bound in ("low", "value", "high")}
    np.testing.assert_allclose(got[0] - got[1], solar["low"] - solar["value"], rtol=1e-6)
    np.testing.assert_allclose(got[2] - got[1], solar["high"] - solar["value"], rtol=1e-6)
    # by hand: crystalline-silicon PV's aluminium row, 19,000 kg/MW, 10,953 to 38,500, and
    # its silver row, 15.88 kg/MW, 4 to 84: cut to twice and half the value
    designs = list(dict.fromkeys(data.table("cleantech_mix").design))
    cap = inputs.scenario.uncertainty.clean_energy_published_cap
    assert cap == 2
    ends = {bound: cleantech.intensity(data, designs, bound, published=cap).sel(
        technology="Solar PV", design="Crystalline silicon", year=2020) * 1e-3  # kg per MW
        for bound in ("low", "high")}
    assert float(ends["low"].sel(mineral="Aluminium")) == pytest.approx(10_953, rel=1e-9)
    assert float(ends["high"].sel(mineral="Aluminium")) == pytest.approx(38_000, rel=1e-9)
    assert float(ends["low"].sel(mineral="Silver")) == pytest.approx(7.94, rel=1e-9)
    assert float(ends["high"].sel(mineral="Silver")) == pytest.approx(31.76, rel=1e-9)
    # a zero row (no magnets in an electrically excited generator) keeps no range
    eesg = cleantech.intensity(data, designs, "high", published=cap).sel(
        technology="Wind Onshore", design="Direct-drive EESG", year=2020, mineral="Neodymium")
    assert float(eesg) == 0
