"""Demand-side invariants, run on every result: a failed check is an error, not a warning.

* stock balance: ``stock[t] - stock[t-1] = sales[t] - retirements[t]`` (stock before the
  first model year is zero);
* regions sum to World;
* recycled <= retired: secondary supply from end of life never exceeds what retired,
  and from scrap never exceeds the scrap;
* mass balance: ``material_demand = primary_demand + secondary_supply -
  secondary_surplus``, with primary demand or surplus zero in each region;
* nothing negative.

Children summing to parents is checked on the IAMC table (:mod:`corridor.checks.table`).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.dims import REGION_PARTS, WORLD
from corridor.errors import CheckError

RTOL = 1e-9


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1.0)
    return bool((np.abs(a - b) <= RTOL * scale).all())


def stock_balance(ds: xr.Dataset) -> None:
    stock = ds.stock.transpose(..., "year").values
    previous = np.concatenate([np.zeros_like(stock[..., :1]), stock[..., :-1]], axis=-1)
    flows = (ds.sales - ds.retirements).transpose(*ds.stock.transpose(..., "year").dims)
    if not _close(stock - previous, flows.values):
        raise CheckError("stock balance: stock change differs from sales minus retirements")


def regions_sum_to_world(ds: xr.Dataset) -> None:
    for name, da in ds.data_vars.items():
        if "region" in da.dims:
            axis = da.get_axis_num("region")
            world = np.take(da.values, [list(da.region.values).index(WORLD)], axis=axis)
            parts = [list(da.region.values).index(r) for r in REGION_PARTS]
            if not _close(world, np.take(da.values, parts, axis=axis).sum(axis, keepdims=True)):
                raise CheckError(f"{name}: regions do not sum to World")


def recycled_within_retired(ds: xr.Dataset) -> None:
    slack = RTOL * float(ds.end_of_life.max()) + 1e-12
    if (ds.secondary_from_end_of_life > ds.end_of_life.sum("application") + slack).any():
        raise CheckError("secondary supply from end of life exceeds what retired")
    if (ds.secondary_from_scrap > ds.manufacturing_scrap.sum("application") + slack).any():
        raise CheckError("secondary supply from scrap exceeds the scrap")


def mass_balance(ds: xr.Dataset) -> None:
    demand = ds.material_demand
    if "application" in demand.dims:
        demand = demand.sum("application")
    supplied = ds.primary_demand + ds.secondary_supply - ds.secondary_surplus
    if not _close(demand.values, supplied.transpose(*demand.dims).values):
        raise CheckError("material demand differs from primary demand plus secondary supply "
                         "minus the secondary surplus")
    parts = {"region": list(REGION_PARTS)}  # World sums regions with and without surplus
    both = np.minimum(ds.primary_demand.sel(parts), ds.secondary_surplus.sel(parts))
    if float(both.max()) > RTOL * max(float(demand.max()), 1.0):
        raise CheckError("primary demand and a secondary surplus in the same region")


def non_negative(ds: xr.Dataset) -> None:
    for name, da in ds.data_vars.items():
        values = da.values
        if np.isnan(values).any():
            raise CheckError(f"{name}: missing values")
        if values.min(initial=0.0) < -RTOL * max(float(np.abs(values).max()), 1.0):
            raise CheckError(f"{name}: negative values")


def check_demand(ds: xr.Dataset, label: str = "") -> None:
    """Run every check; raise :class:`CheckError` naming the scenario on the first failure."""
    try:
        non_negative(ds)
        stock_balance(ds)
        regions_sum_to_world(ds)
        recycled_within_retired(ds)
        mass_balance(ds)
    except CheckError as err:
        raise CheckError(f"{label}: {err}" if label else str(err)) from None
