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


def test_pool_does_not_change_numbers(inputs, monkeypatch):
    monkeypatch.setattr(uncertainty, "CHUNK", 25)
    pooled = uncertainty.monte_carlo(inputs, 60, seed=3)
    monkeypatch.setattr(uncertainty, "WORKERS", 1)
    serial = uncertainty.monte_carlo(inputs, 60, seed=3)
    assert pooled.identical(serial)


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
