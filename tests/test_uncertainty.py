"""Monte Carlo: reproducible, ordered, and equal to the central run without uncertainty."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.config import load_scenario
from corridor.demand import uncertainty
from corridor.demand.chain import chain, with_world
from corridor.demand.inputs import prepare


@pytest.fixture(scope="module")
def inputs(data):
    return prepare(data, load_scenario("STEPS"))


def test_same_seed_same_numbers(inputs):
    a = uncertainty.monte_carlo(inputs, 60, seed=7)
    b = uncertainty.monte_carlo(inputs, 60, seed=7)
    c = uncertainty.monte_carlo(inputs, 60, seed=8)
    assert a.identical(b)
    assert not a.identical(c)


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("pool", ["one worker", "threads"])
def test_the_pool_does_not_change_numbers(inputs, monkeypatch, exact, pool):
    """Two forked workers, one, or threads where the system cannot fork (Windows): the
    same numbers, with exact and with histogram quantiles."""
    import multiprocessing

    monkeypatch.setattr(uncertainty, "CHUNK", 25)
    if not exact:
        monkeypatch.setattr(uncertainty, "EXACT_BYTES", 0)
    forked = uncertainty.monte_carlo(inputs, 60, seed=3)
    if pool == "one worker":
        monkeypatch.setattr(uncertainty, "WORKERS", 1)
    else:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert forked.identical(uncertainty.monte_carlo(inputs, 60, seed=3))


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
    path.write_text("base: APS\nuncertainty: {lifetime_cv: 0, pack_cv: 0, chemistry_sigma: 0,"
                    " scrap_range: [1, 1], collection_range: [1, 1], recovery_range: [1, 1]}\n",
                    encoding="utf-8")
    inputs = prepare(data, load_scenario(path))
    central = with_world(chain(inputs))
    q = uncertainty.monte_carlo(inputs, 10, seed=0)
    for name in uncertainty.REPORTED:
        expected = central[name]
        extra = [d for d in expected.dims if d not in q[name].dims]
        expected = expected.sum(extra)  # the draws report totals
        for quantile in uncertainty.QUANTILES:
            np.testing.assert_allclose(q[name].sel(quantile=quantile).transpose(*expected.dims),
                                       expected, rtol=2e-5, atol=1e-6)
