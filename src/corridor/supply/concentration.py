"""World supply by country, its concentration, and its aggregation to corridor's regions.

Concentration is measured on the *world* distribution of output across countries:

``hhi``
    Herfindahl-Hirschman index, ``sum_c share_c**2``, on the **0-1 scale** (1 = one
    supplier). Multiply by 10,000 for the antitrust convention (0-10,000).
``top_share``
    Share of world output held by the ``n`` largest suppliers (default 3, as in the IEA's
    "top-3 share").

Both take shares or volumes along a named dimension (``country`` by default) and are
vectorised over every other dimension (mineral, stage, year, draw, ...).

The publisher residual
----------------------
USGS ("Other countries") and the IEA ("Rest of world") lump small producers into one
residual, which corridor keeps as the country ``"Other countries"`` (flagged ``residual``
in ``world_supply.csv``). A residual is *not* one supplier. It stays in the denominator
(shares are of true world output) but is left out of the sum of squares and of the top-n
ranking: it is treated as fragmented among many small producers. The HHI is therefore a
lower bound; ``residual="single"`` gives the upper bound (residual as one supplier).

Missing values (a country's output withheld by USGS) are skipped, as the publisher's world
total skips them; a slice with no value at all stays NaN.

Regions
-------
``to_regions`` sums countries into ``corridor.dims.REGION_PARTS``: Canada, South Korea,
United States, China, Europe and Rest of World, plus World. Europe is the EU27, the EFTA
states (Iceland, Liechtenstein, Norway, Switzerland) and the United Kingdom; Russia,
Türkiye, Ukraine and the Balkans outside the EU are Rest of World. The publisher residual
goes to Rest of World. A country a publication does not list has 0 of its own in the
slices that publication covers (its output, if any, is inside the residual), so a named
region without a listed country has 0; a withheld value stays NaN, and World is the sum of
the known values, as in the publisher's world total. The parts sum exactly to World
(checked).

Examples
--------
>>> import xarray as xr
>>> x = xr.DataArray([0.5, 0.3, 0.2], dims="country", coords={"country": ["A", "B", "C"]})
>>> round(float(hhi(x)), 4)
0.38
>>> round(float(top_share(x, n=2)), 4)
0.8
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.dims import MINERALS, REGION_PARTS, WORLD, region_of

RESIDUAL = "Other countries"
#: Publications in ``world_supply.csv``, in order of preference for ``world_supply``.
EDITIONS = ("IEA GCMO 2025", "IEA GCMO 2024", "USGS MCS 2026", "USGS MCS 2024")


def residual_mask(x: xr.DataArray, dim: str) -> xr.DataArray:
    """True along ``dim`` at the publisher residual (``Other countries``)."""
    return xr.DataArray(x[dim].values == RESIDUAL, dims=dim, coords={dim: x[dim]})


def shares(x: xr.DataArray, dim: str = "country") -> xr.DataArray:
    """Each entry's share of the total along ``dim`` (missing entries skipped).

    Negative values raise; a slice with no value or a zero total gives NaN.
    """
    if dim not in x.dims:
        raise ValueError(f"shares: no dimension {dim!r} in {x.dims}")
    if bool((x < 0).any()):
        raise ValueError("shares: negative supply")
    total = x.sum(dim, skipna=True, min_count=1)
    out = x / total.where(total > 0)
    out.attrs = {"units": "1", "long_name": f"share of total along {dim}"}
    return out


def hhi(x: xr.DataArray, dim: str = "country", residual: str = "fragmented") -> xr.DataArray:
    """Herfindahl-Hirschman index on the 0-1 scale (x 10,000 for the antitrust scale).

    Parameters
    ----------
    x
        Shares or volumes (normalised here) along ``dim``.
    residual
        ``"fragmented"`` (default): the ``"Other countries"`` residual counts in the total
        but not in the sum of squares (lower bound). ``"single"``: it counts as one supplier
        (upper bound).
    """
    s = shares(x, dim)
    if residual == "fragmented":
        s = xr.where(residual_mask(s, dim) & s.notnull(), 0.0, s)
    elif residual != "single":
        raise ValueError(f"hhi: residual must be 'fragmented' or 'single', not {residual!r}")
    out = (s**2).sum(dim, skipna=True, min_count=1)
    out.attrs = {"units": "1", "long_name": "Herfindahl-Hirschman index (0-1)"}
    return out


def top_share(x: xr.DataArray, n: int = 3, dim: str = "country") -> xr.DataArray:
    """Share of the total held by the ``n`` largest suppliers (residual not ranked)."""
    if n < 1:
        raise ValueError(f"top_share: n must be at least 1, not {n}")
    s = shares(x, dim).where(lambda v: ~residual_mask(v, dim), np.nan)

    def largest(a: np.ndarray) -> np.ndarray:
        ordered = -np.sort(-np.nan_to_num(a, nan=-np.inf), axis=-1)[..., :n]
        out = np.where(np.isfinite(ordered), ordered, 0.0).sum(axis=-1)
        return np.where(np.isnan(a).all(axis=-1), np.nan, out)

    out = xr.apply_ufunc(largest, s, input_core_dims=[[dim]])
    out.attrs = {"units": "1", "long_name": f"share of the top {n} suppliers"}
    return out


def _build_world_supply(data, edition: str | None) -> xr.DataArray:
    df = data.table("world_supply")
    if edition is None:
        # one publication per mineral and stage: a series never mixes country lists
        preference = df.edition.map({e: i for i, e in enumerate(EDITIONS)})
        first = preference.groupby([df.mineral, df.stage]).transform("min")
        df = df[preference == first]
    else:
        if edition not in EDITIONS:
            raise ValueError(f"world_supply: unknown edition {edition!r}; "
                             f"choose from {', '.join(EDITIONS)}")
        df = df[df.edition == edition]
    chosen = df.groupby(["mineral", "stage"]).edition.first()
    keys = ["mineral", "stage", "country", "year"]
    indexed = df.set_index(keys)
    da = indexed.value.to_xarray()
    # Inside a slice the publication covers, a country it does not list has 0 of its own:
    # its output, if any, is in the publication's residual. A listed but withheld value
    # stays NaN, and so does a slice the publication does not cover.
    listed = indexed.assign(row=1.0).row.to_xarray().notnull()
    covered = listed.any("country")
    da = xr.where(~listed & covered, 0.0, da)
    # a user's table may leave out a mineral or a stage: not covered, so NaN
    minerals = [*MINERALS, *(m for m in da.mineral.values if m not in MINERALS)]
    da = da.reindex(mineral=minerals, stage=["mining", "refining"])
    da = da.transpose("mineral", "stage", "country", "year")
    da.name = "supply"
    da.attrs = {"units": "kt", "long_name": "world supply by country",
                "editions": "; ".join(f"{m} {s}: {e}" for (m, s), e in chosen.items())}
    return da


def world_supply(data, edition: str | None = None) -> xr.DataArray:
    """Mine and refinery output, mineral x stage x country x year, kt contained.

    Parameters
    ----------
    data
        A :class:`corridor.data.Data`.
    edition
        One publication (``"IEA GCMO 2025"``, ``"IEA GCMO 2024"``, ``"USGS MCS 2026"``,
        ``"USGS MCS 2024"``), or ``None`` for corridor's series: per mineral and stage the
        first of these that covers it (IEA GCMO 2025 for Co, Cu, graphite, Li, Ni and magnet
        rare earths, history 2024 and base case 2030-2040; USGS MCS 2026 for manganese and
        rare earths, 2024 and 2025e). ``attrs["editions"]`` names the choice.

    Entries a publication does not cover are NaN (missing, not zero).
    """
    return data.memo(f"world_supply:{edition}", lambda: _build_world_supply(data, edition))


def to_regions(x: xr.DataArray, dim: str = "country") -> xr.DataArray:
    """Sum countries into corridor regions: World first, then ``REGION_PARTS``."""
    region = xr.DataArray([region_of(c) for c in x[dim].values], dims=dim,
                          coords={dim: x[dim]})
    covered = x.notnull().any(dim)
    parts = []
    for r in REGION_PARTS:
        if (region == r).any():
            # NaN only when every country of the region is missing (e.g. withheld)
            parts.append(x.where(region == r).sum(dim, skipna=True, min_count=1))
        else:
            parts.append(xr.zeros_like(covered, dtype=float).where(covered))
    out = xr.concat(parts, dim="region").assign_coords(region=list(REGION_PARTS))
    world = x.sum(dim, skipna=True, min_count=1)
    gap = abs(out.sum("region", skipna=True) - world.fillna(0.0))
    if bool((gap > 1e-9 * (1 + abs(world.fillna(0.0)))).any()):
        raise AssertionError("to_regions: regions do not sum to World")
    out = xr.concat([world.expand_dims(region=[WORLD]), out], dim="region")
    out.attrs = dict(x.attrs)
    return out
