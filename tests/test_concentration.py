"""World supply by country, concentration (HHI, top-n share) and the regional aggregation."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.supply.concentration import (
    RESIDUAL,
    hhi,
    region_of,
    top_share,
)


def vec(values, names=None):
    names = names or [f"C{i}" for i in range(len(values))]
    return xr.DataArray(np.asarray(values, float), dims="country", coords={"country": names})


def test_hhi_of_a_known_distribution():
    # 0.5^2 + 0.3^2 + 0.2^2 = 0.25 + 0.09 + 0.04
    assert float(hhi(vec([0.5, 0.3, 0.2]))) == pytest.approx(0.38)
    assert float(hhi(vec([50, 30, 20]))) == pytest.approx(0.38)  # volumes are normalised
    assert float(hhi(vec([1.0]))) == pytest.approx(1.0)
    assert float(hhi(vec([0.25] * 4))) == pytest.approx(0.25)


def test_residual_is_fragmented_by_default():
    x = vec([0.5, 0.3, 0.2], ["A", "B", RESIDUAL])
    assert float(hhi(x)) == pytest.approx(0.34)            # residual out of the squares
    assert float(hhi(x, residual="single")) == pytest.approx(0.38)
    assert float(top_share(x, n=2)) == pytest.approx(0.8)   # residual is not a supplier
    assert float(top_share(vec([0.5, 0.4, 0.1], ["A", RESIDUAL, "B"]), n=1)) == 0.5
    with pytest.raises(ValueError, match="residual"):
        hhi(x, residual="bogus")


def test_top_share():
    x = vec([0.1, 0.4, 0.2, 0.3])
    assert float(top_share(x)) == pytest.approx(0.9)
    assert float(top_share(x, n=1)) == pytest.approx(0.4)
    assert float(top_share(x, n=10)) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        top_share(x, n=0)


def test_vectorised_over_named_dimensions_and_missing_stays_missing():
    data = np.array([[5.0, 3.0, 2.0], [1.0, 1.0, np.nan], [np.nan, np.nan, np.nan]])
    x = xr.DataArray(data, dims=("year", "country"),
                     coords={"year": [2024, 2030, 2035], "country": ["A", "B", "C"]})
    h = hhi(x)
    assert h.dims == ("year",)
    assert h.sel(year=2024) == pytest.approx(0.38)
    assert h.sel(year=2030) == pytest.approx(0.5)   # the missing value is skipped
    assert np.isnan(h.sel(year=2035))              # no value at all: NaN, not 0
    t = top_share(x.transpose("country", "year"), n=1)
    assert t.sel(year=2024) == pytest.approx(0.5) and np.isnan(t.sel(year=2035))
    with pytest.raises(ValueError, match="negative"):
        hhi(vec([1.0, -0.5]))
    with pytest.raises(ValueError, match="dimension"):
        hhi(x, dim="region")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.01, 1e6), min_size=1, max_size=12))
def test_hhi_bounds(values):
    x = vec(values)
    h = float(hhi(x))
    assert 1 / len(values) - 1e-12 <= h <= 1 + 1e-12
    assert float(top_share(x, n=len(values))) == pytest.approx(1.0)
    assert float(top_share(x, n=1)) ** 2 <= h + 1e-12


def test_region_mapping():
    assert region_of("Norway") == region_of("United Kingdom") == region_of("Finland") == "Europe"
    assert region_of("Russia") == region_of("Türkiye") == region_of("Ukraine") == "Rest of World"
    assert region_of(RESIDUAL) == "Rest of World"
    assert region_of("South Korea") == "South Korea" and region_of("China") == "China"


















