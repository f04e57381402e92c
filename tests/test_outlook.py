"""World concentration and supply risk with and without the corridor pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.dims import CORRIDOR
from corridor.paths import annual
from corridor.supply.concentration import RESIDUAL, world_supply
from corridor.supply.outlook import with_corridor

YEAR = [2030]


def world(china, residual, canada=None):
    countries = ["China", RESIDUAL] + ([] if canada is None else ["Canada"])
    values = [china, residual] + ([] if canada is None else [canada])
    return xr.DataArray(np.array(values, float)[None, None, :, None],
                        dims=("mineral", "stage", "country", "year"),
                        coords={"mineral": ["Nickel"], "stage": ["refining"],
                                "country": countries, "year": YEAR})


def corridor(canada, korea):
    return xr.DataArray(np.array([canada, korea], float)[:, None, None, None],
                        dims=("region", "stage", "mineral", "year"),
                        coords={"region": list(CORRIDOR), "stage": ["refining"],
                                "mineral": ["Nickel"], "year": YEAR})


def at(x):
    return x.sel(mineral="Nickel", stage="refining", year=2030)


def test_listed_country_is_replaced_and_unlisted_moved_out_of_the_residual():
    # Canada listed (30): replaced by its pipeline (45); Korea unlisted: its published 5 kt
    # leave the residual (20 -> 15) and it becomes a named supplier with its pipeline (12)
    out = at(with_corridor(world(50, 20, canada=30), corridor(45, 12), corridor(30, 5)))
    assert out.sel(country=["China", RESIDUAL, "Canada", "South Korea"]).values.tolist() == [
        50, 15, 45, 12]
    # the world total grows by the pipeline alone: (45 - 30) + (12 - 5)
    assert float(out.sum()) == pytest.approx(100 + 15 + 7)


@settings(max_examples=60, deadline=None)
@given(st.floats(1, 1e3), st.floats(0, 1e3), st.floats(0, 1e3), st.floats(0, 1e3))
def test_without_the_pipeline_the_publisher_total_holds(china, residual, canada, korea):
    """Published corridor output inside the residual is moved, never added."""
    korea = min(korea, residual)  # published output cannot exceed the residual holding it
    published = corridor(canada, korea)
    base = world(china, residual, canada=canada)
    out = at(with_corridor(base, published, published))
    assert float(out.sum()) == pytest.approx(float(base.sum()))
    assert (out >= 0).all()


def test_annual_interpolates_within_published_years_only(data):
    ws = world_supply(data).sel(mineral="Lithium", stage="mining", country="Australia")
    yearly = annual(ws, range(2023, 2042), before="nan", after="nan")
    # halfway between 2030 and 2035 is the mean of the two published values
    assert float(yearly.sel(year=2032)) == pytest.approx(
        0.6 * float(ws.sel(year=2030)) + 0.4 * float(ws.sel(year=2035)))
    assert np.isnan(float(yearly.sel(year=2023))) and np.isnan(float(yearly.sel(year=2041)))




