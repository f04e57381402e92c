"""The shipped world supply tables: publishers' totals, residuals, editions, regions."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.dims import REGION_PARTS, WORLD
from corridor.supply.concentration import (
    RESIDUAL,
    to_regions,
    top_share,
    world_supply,
)

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
    with pytest.raises(ValueError, match="unknown edition"):
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
