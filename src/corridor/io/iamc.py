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


class _Array:
    """One results array as numpy with its labels: the codelist's rows select from it by
    position (labelled selection costs milliseconds a row, and there are hundreds)."""

    def __init__(self, da: xr.DataArray):
        self.values, self.dims, self.units = da.values, da.dims, da.attrs.get("units")
        self.labels = {d: da[d].values for d in da.dims}
        self.at = {d: {label: i for i, label in enumerate(self.labels[d].tolist())}
                   for d in da.dims}
        self.along = {name: (c.dims[0], c.values) for name, c in da.coords.items()
                      if name not in da.dims and len(c.dims) == 1}
        self.unit = da.coords["unit"] if "unit" in da.coords else None

    def select(self, chosen: Mapping[str, str], sums: bool = True):
        """``(values, dims, unit)`` at ``chosen`` (dimension values, or values of a
        coordinate along a dimension, summed over it) with the other dimensions not in
        ``KEPT`` summed, or None where the array has no such coordinate or value, or
        (``sums=False``) where that sum would be needed; ``unit`` is the selected entry's
        own unit where the array has a ``unit`` coordinate."""
        index: list = [slice(None)] * len(self.dims)
        summed = []
        for key, value in chosen.items():
            if key in self.at:
                position = self.at[key].get(value)
                if position is None:
                    return None
                index[self.dims.index(key)] = position
            elif key in self.along:
                dim, labels = self.along[key]
                index[self.dims.index(dim)] = np.flatnonzero(labels == value)
                summed.append(dim)
            else:
                return None
        unit = None
        if self.unit is not None and all(isinstance(index[self.dims.index(d)], int)
                                         for d in self.unit.dims):
            unit = str(self.unit.isel({d: index[self.dims.index(d)]
                                       for d in self.unit.dims}).item())
        values = self.values[tuple(index)]
        dims = [d for d, i in zip(self.dims, index, strict=True) if not isinstance(i, int)]
        extra = [d for d in dims if d not in KEPT and d not in summed]
        if extra and not sums:
            return None
        if extra or summed:
            values = values.sum(axis=tuple(dims.index(d) for d in [*summed, *extra]))
            dims = [d for d in dims if d not in extra and d not in summed]
        order = [d for d in KEPT if d in dims]
        return np.transpose(values, [dims.index(d) for d in order]), order, unit


def long_table(groups: Mapping[str, xr.Dataset], lithium_basis: str = "Li",
               quantiles: bool = False) -> pd.DataFrame:
    """The IAMC rows of a run's groups (``quantiles``: of its Monte Carlo quantiles, with a
    ``quantile`` column; only variables that need no sum across draws' quantiles: a sum of
    quantiles is not a quantile)."""
    if lithium_basis not in BASES:
        raise ValueError(f"lithium basis: {lithium_basis!r} is not one of {', '.join(BASES)}")
    columns: dict[str, list[np.ndarray]] = {}
    arrays: dict[tuple[str, str], _Array] = {}
    for variable, row in codelist().iterrows():
        ds = groups.get("quantiles" if quantiles else row.group)
        if ds is None or row["array"] not in ds or (
                quantiles and row.group not in ("demand", "clean_energy")):
            continue
        key = (row.group, row["array"])
        if key not in arrays:
            arrays[key] = _Array(ds[row["array"]])
        source = arrays[key]
        picked = source.select(selection(row["select"]), sums=not quantiles)
        if picked is None:
            continue
        values, dims, own = picked
        labels = [source.labels[d] for d in dims]
        if "region" not in dims:
            dims, labels = ["region", *dims], [np.array([WORLD], dtype=object), *labels]
            values = values[None]
        units = source.units
        if own is not None:  # each product or technology in its own unit
            units = units.replace("{unit}", own) if units and "{unit}" in units else own
            if units != row.unit:
                raise CheckError(f"IAMC table: {variable!r} is in {units}, the codelist says "
                                 f"{row.unit}")
        unit = on_basis(row.unit, lithium_basis)
        values = values.ravel() * factor(units, unit)
        keep = ~np.isnan(values)
        if not keep.any():
            continue
        grids = np.meshgrid(*labels, indexing="ij")
        for dim, grid in zip(dims, grids, strict=True):
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
