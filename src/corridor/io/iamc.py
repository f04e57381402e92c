"""Results as an IAMC long table: ``model, scenario, region, variable, unit, year, value``.

The table is driven by the codelist (:mod:`corridor.io.codelist`): each row names the
results group, array and selection of one variable, and its unit; values are converted from
the array's ``units`` to it (pint). Arrays without a region are World's. Cells without a
value (a stage a region's data do not cover, a ratio over nothing) are left out. Every
variable that has children equals the sum of its children (checked on every table).

Lithium is reported as contained lithium (unit ``kt Li/yr``) unless ``lithium_basis="LCE"``
asks for lithium carbonate equivalent (``kt LCE/yr``, x 5.323).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from corridor.checks.table import check_children
from corridor.dims import WORLD
from corridor.errors import CheckError, InputError
from corridor.io.codelist import codelist, on_basis, selection
from corridor.units import factor

MODEL = "corridor"
COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
#: Dimensions kept as columns; every other one is selected or summed.
KEPT = ("quantile", "scenario", "region", "year")
BASES = ("Li", "LCE")


def _select(da: xr.DataArray, chosen: Mapping[str, str]) -> xr.DataArray | None:
    """``da`` at ``chosen`` (dimension values, or values of a coordinate along a dimension,
    summed over it); None where ``da`` has no such coordinate or value."""
    for key, value in chosen.items():
        if key not in da.coords:
            return None
        coord = da[key]
        if key in da.dims:
            if value not in coord.values:
                return None
            da = da.sel({key: value})
        else:
            dim = coord.dims[0]
            da = da.isel({dim: np.flatnonzero(coord.values == value)}).sum(dim)
    return da


def long_table(groups: Mapping[str, xr.Dataset], lithium_basis: str = "Li",
               quantiles: bool = False) -> pd.DataFrame:
    """The IAMC rows of a run's groups (``quantiles``: of its Monte Carlo quantiles, with a
    ``quantile`` column; only variables that need no sum across draws' quantiles)."""
    if lithium_basis not in BASES:
        raise ValueError(f"lithium basis: {lithium_basis!r} is not one of {', '.join(BASES)}")
    columns: dict[str, list[np.ndarray]] = {}
    for variable, row in codelist().iterrows():
        ds = groups.get("quantiles" if quantiles else row.group)
        if ds is None or row["array"] not in ds or (quantiles and row.group != "demand"):
            continue
        source = ds[row["array"]]
        da = _select(source, selection(row["select"]))
        if da is None:
            continue
        extra = [d for d in da.dims if d not in KEPT]
        if extra and quantiles:
            continue  # a sum of quantiles is not a quantile
        da = da.sum(extra) if extra else da
        if "region" not in da.dims:
            da = da.expand_dims(region=[WORLD])
        units = source.attrs.get("units")
        if "unit" in da.coords:  # each product or technology in its own unit
            own = str(da.coords["unit"].item())
            units = units.replace("{unit}", own) if units and "{unit}" in units else own
            if units != row.unit:
                raise CheckError(f"IAMC table: {variable!r} is in {units}, the codelist says "
                                 f"{row.unit}")
        unit = on_basis(row.unit, lithium_basis)
        da = da.transpose(*(d for d in KEPT if d in da.dims))
        values = da.values.ravel() * factor(units, unit)
        keep = ~np.isnan(values)
        if not keep.any():
            continue
        grids = np.meshgrid(*(da[d].values for d in da.dims), indexing="ij")
        for dim, grid in zip(da.dims, grids, strict=True):
            columns.setdefault(dim, []).append(grid.ravel()[keep])
        count = int(keep.sum())
        columns.setdefault("variable", []).append(np.full(count, variable, dtype=object))
        columns.setdefault("unit", []).append(np.full(count, unit, dtype=object))
        columns.setdefault("value", []).append(values[keep])
    df = pd.DataFrame({name: np.concatenate(parts) for name, parts in columns.items()})
    df.insert(0, "model", MODEL)
    order = [*COLUMNS[:-1], "quantile", "value"] if quantiles else COLUMNS
    return df[order]


def check_codelist(groups: Mapping[str, xr.Dataset], data=None) -> None:
    """Every product class of the capacity group has a codelist row: a user's conversions
    table may add classes the codelist lacks (an :class:`InputError` naming the table)."""
    capacity = groups.get("capacity")
    if capacity is None:
        return
    known = set(codelist().index)
    for product in capacity["product"].values:
        if f"Capacity|{product}" not in known:
            table = data.path("conversions") if data is not None else "conversions"
            raise InputError(f"data table {table}: product class {product!r} has no "
                             f"variable 'Capacity|{product}' in the codelist")


def to_iamc(groups: Mapping[str, xr.Dataset], lithium_basis: str = "Li") -> pd.DataFrame:
    """The central results of a run as an IAMC long table (children checked)."""
    check_codelist(groups)
    df = long_table(groups, lithium_basis)
    check_children(df)
    return df


def quantiles_iamc(groups: Mapping[str, xr.Dataset],
                   lithium_basis: str = "Li") -> pd.DataFrame | None:
    """Monte Carlo quantiles: the IAMC columns plus ``quantile`` (0.05, 0.5, 0.95)."""
    if groups.get("quantiles") is None:
        return None
    return long_table(groups, lithium_basis, quantiles=True)
