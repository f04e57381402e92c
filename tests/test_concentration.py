"""World supply by country, concentration (HHI, top-n share) and the regional aggregation."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.dims import REGION_PARTS, WORLD
from corridor.errors import InputError
from corridor.supply.concentration import (
    RESIDUAL,
    hhi,
    region_of,
    to_regions,
    top_share,
    world_supply,
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
    with pytest.raises(InputError, match="residual"):
        hhi(x, residual="bogus")


def test_top_share():
    x = vec([0.1, 0.4, 0.2, 0.3])
    assert float(top_share(x)) == pytest.approx(0.9)
    assert float(top_share(x, n=1)) == pytest.approx(0.4)
    assert float(top_share(x, n=10)) == pytest.approx(1.0)
    with pytest.raises(InputError):
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
    with pytest.raises(InputError, match="negative"):
        hhi(vec([1.0, -0.5]))
    with pytest.raises(InputError, match="dimension"):
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


# USGS Mineral Commodity Summaries 2026, "World total (rounded)" for 2024, in kt
USGS_2024_WORLD = {("Lithium", "mining"): 222.0, ("Nickel", "mining"): 3710.0,
                   ("Cobalt", "mining"): 302.0, ("Graphite", "mining"): 1550.0,
                   ("Manganese", "mining"): 18700.0, ("Copper", "refining"): 27600.0,
                   ("Rare Earths", "mining"): 380.0}


@pytest.mark.parametrize(("key", "world"), USGS_2024_WORLD.items())
def test_usgs_countries_add_up_to_the_world_total(data, key, world):
    supply = world_supply(data, "USGS MCS 2026").sel(mineral=key[0], stage=key[1], year=2024)
    total = float(supply.sum(skipna=True))
    # USGS rounds world totals to 2-3 significant digits
    assert total == pytest.approx(world, rel=0.011)


def test_usgs_rows_as_published(data):
    df = data.table("world_supply")
    usgs = df[(df.edition == "USGS MCS 2026") & (df.year == 2024)].set_index(
        ["mineral", "country"]).value
    assert usgs[("Lithium", "Canada")] == pytest.approx(4.82)
    assert usgs[("Nickel", "Canada")] == pytest.approx(125.0)
    assert usgs[("Cobalt", "Canada")] == pytest.approx(3.35)
    assert usgs[("Graphite", "Canada")] == pytest.approx(11.7)
    assert usgs[("Graphite", "South Korea")] == pytest.approx(1.0)
    assert usgs[("Copper", "South Korea")] == pytest.approx(604.0)
    assert np.isnan(usgs[("Lithium", "United States")])  # withheld, not zero


def test_residual_rows_are_flagged(data):
    df = data.table("world_supply")
    assert (df.residual == (df.country == RESIDUAL)).all()
    assert (df[df.residual].region == "Rest of World").all()
    assert not df.country.isin(["Other", "Rest of world", "World total (rounded)",
                                "Total", "Top 3 share"]).any()


# IEA GCMO 2025 published top-3 shares for 2024
IEA_TOP3 = {("Lithium", "mining"): 0.7677, ("Lithium", "refining"): 0.9608,
            ("Cobalt", "mining"): 0.8100, ("Cobalt", "refining"): 0.8871,
            ("Graphite", "refining"): 0.9817, ("Nickel", "mining"): 0.7765}


@pytest.mark.parametrize(("key", "published"), IEA_TOP3.items())
def test_top3_matches_the_iea(data, key, published):
    supply = world_supply(data, "IEA GCMO 2025").sel(mineral=key[0], stage=key[1], year=2024)
    assert float(top_share(supply)) == pytest.approx(published, abs=1e-4)


def test_world_supply_shape_and_preferred_editions(data):
    ws = world_supply(data)
    assert ws.dims == ("mineral", "stage", "country", "year")
    assert ws.attrs["units"] == "kt"
    assert "Manganese mining: USGS MCS 2026" in ws.attrs["editions"]
    assert "Lithium refining: IEA GCMO 2025" in ws.attrs["editions"]
    assert not bool((ws < 0).any())
    assert world_supply(data) is ws  # memoised per data set
    with pytest.raises(InputError, match="unknown edition"):
        world_supply(data, "USGS MCS 1999")


@pytest.mark.parametrize("edition", [None, "IEA GCMO 2025", "IEA GCMO 2024", "USGS MCS 2026",
                                     "USGS MCS 2024"])
def test_regions_sum_to_world(data, edition):
    regions = to_regions(world_supply(data, edition))
    assert list(regions.region.values) == [WORLD, *REGION_PARTS]
    parts = regions.sel(region=list(REGION_PARTS)).sum("region", skipna=True, min_count=1)
    world = regions.sel(region=WORLD)
    np.testing.assert_allclose(parts.fillna(0).values, world.fillna(0).values, rtol=1e-12)
    assert bool((parts.isnull() == world.isnull()).all())


def test_region_values(data):
    regions = to_regions(world_supply(data, "USGS MCS 2026"))
    li = regions.sel(mineral="Lithium", stage="mining", year=2024)
    assert np.isnan(li.sel(region="United States"))          # withheld stays missing
    assert float(li.sel(region=WORLD)) == pytest.approx(222.97)  # known values, as USGS
    assert float(li.sel(region="Europe")) == pytest.approx(0.38)  # Portugal
    gr = regions.sel(mineral="Graphite", stage="mining", year=2024)
    assert float(gr.sel(region="South Korea")) == pytest.approx(1.0)
    # Europe: Austria, Germany, Norway (not Ukraine, not Türkiye, not Russia)
    assert float(gr.sel(region="Europe")) == pytest.approx(0.1 + 0.14 + 5.34)
