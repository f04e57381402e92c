"""Supply-side invariants, run on every result (a failed check is a :class:`CheckError`):

* the corridor (``Canada+South Korea``) is the sum of its two countries, in supply,
  requirement, balance and capacity;
* ``balance = supply - requirement``;
* effective capacity is never above nameplate, nor below zero;
* published production of World's parts sums to World.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.checks.demand import RTOL, _close
from corridor.dims import CORRIDOR, CORRIDOR_REGION, REGION_PARTS, WORLD
from corridor.errors import CheckError


def _same(a: xr.DataArray, b: xr.DataArray) -> bool:
    a, b = xr.align(a, b, join="exact")
    a, b = a.transpose(*b.dims).values, b.values
    missing = np.isnan(a) | np.isnan(b)
    return bool((np.isnan(a) == np.isnan(b)).all()) and _close(np.where(missing, 0, a),
                                                              np.where(missing, 0, b))


def corridor_is_sum(ds: xr.Dataset, names) -> None:
    for name in names:
        parts = ds[name].sel(region=list(CORRIDOR)).sum("region", min_count=1)
        if not _same(ds[name].sel(region=CORRIDOR_REGION, drop=True), parts):
            raise CheckError(f"{name}: {CORRIDOR_REGION} is not the sum of its countries")


def balance_is_difference(balance: xr.Dataset) -> None:
    if not _same(balance.balance, balance.supply - balance.requirement):
        raise CheckError("balance: not supply minus requirement")


def capacity_within_nameplate(facilities: xr.Dataset) -> None:
    effective, nameplate = facilities.effective_capacity, facilities.nameplate
    if bool((effective < 0).any()) or bool(
            (effective > nameplate * (1 + RTOL)).any()):
        worst = (effective - nameplate).max([d for d in effective.dims if d != "facility"])
        raise CheckError(f"facility {worst.idxmax('facility').item()}: effective capacity "
                         "outside 0 to nameplate")


def production_sums_to_world(production: xr.DataArray) -> None:
    parts = production.sel(region=list(REGION_PARTS)).sum("region", min_count=1)
    world = production.sel(region=WORLD, drop=True)
    if not _same(world.fillna(0.0), parts.fillna(0.0)):
        raise CheckError("production: regions do not sum to World")


def check_supply(groups: dict[str, xr.Dataset], label: str = "") -> None:
    """Every supply-side check on a run's ``balance``, ``capacity``, ``facilities`` and
    ``production`` groups; raises :class:`CheckError` naming the first failure."""
    try:
        corridor_is_sum(groups["balance"], ("supply", "requirement", "balance", "demand"))
        corridor_is_sum(groups["capacity"], ("capacity",))
        balance_is_difference(groups["balance"])
        capacity_within_nameplate(groups["facilities"])
        production_sums_to_world(groups["production"].production)
    except CheckError as err:
        raise CheckError(f"{label}: {err}" if label else str(err)) from None
