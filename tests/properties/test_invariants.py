"""Property tests: mass balance and the model's invariants for arbitrary inputs."""

from __future__ import annotations

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from corridor.demand import fleet

N = 15
inflows = arrays(np.float64, N, elements=st.floats(0, 1e7, allow_nan=False))
lifetimes = st.one_of(
    st.builds(lambda m, s: fleet.Lifetime("normal", mean=m, sd=s),
              st.floats(0.5, 30), st.floats(0.1, 10)),
    st.builds(lambda m, s: fleet.Lifetime("lognormal", mean=m, sd=s),
              st.floats(0.5, 30), st.floats(0.1, 10)),
    st.builds(lambda k, lam: fleet.Lifetime("weibull", shape=k, scale=lam),
              st.floats(0.5, 8), st.floats(0.5, 30)),
    st.builds(lambda m: fleet.Lifetime("fixed", mean=m), st.floats(0.5, 30)),
)


def run(inflow, lifetime):
    k = fleet.kernels({"a": lifetime}, None, N).sel(segment="a")
    da = xr.DataArray(inflow, coords={"year": list(range(2010, 2010 + N))}, dims="year")
    return fleet.inflow_driven(da, k)


@given(inflows, lifetimes)
@settings(max_examples=150, deadline=None)
def test_stock_balance_holds(inflow, lifetime):
    r = run(inflow, lifetime)
    change = np.diff(np.concatenate([[0.0], r.stock.values]))
    scale = max(inflow.max(), 1.0)
    np.testing.assert_allclose(change, r.inflow.values - r.outflow.values, atol=1e-9 * scale)


@given(inflows, lifetimes)
@settings(max_examples=150, deadline=None)
def test_nothing_negative_and_retired_within_sold(inflow, lifetime):
    r = run(inflow, lifetime)
    tol = 1e-9 * max(inflow.max(), 1.0)
    assert (r.stock.values >= -tol).all()
    assert (r.outflow.values >= -tol).all()
    # cumulative retirements never exceed cumulative sales
    assert (np.cumsum(r.outflow.values) <= np.cumsum(inflow) + tol * N).all()


@given(inflows, lifetimes.filter(lambda life: life.survival(np.array([0.5]))[0] > 0.05))
@settings(max_examples=100, deadline=None)
def test_stock_driven_round_trip(inflow, lifetime):
    k = fleet.kernels({"a": lifetime}, None, N).sel(segment="a")
    stock = run(inflow, lifetime).stock
    solved, _ = fleet.stock_driven(stock, k)
    # the solved fleet reproduces the stock it was given
    np.testing.assert_allclose(solved.stock.values, stock.values, rtol=1e-7,
                               atol=1e-6 * max(inflow.max(), 1.0))
