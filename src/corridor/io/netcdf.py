"""The whole run as one netCDF-4 file: every group of the results tree and its provenance.

``xarray.DataTree`` writes each group as a netCDF group (engine ``netcdf4``), so any netCDF
tool can read the arrays; :func:`read_tree` reads it back exactly (values, coordinates,
units and the root's provenance attributes).
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from corridor.errors import InputError

ENGINE = "netcdf4"
FORMAT = "corridor results"


def write_tree(tree: xr.DataTree, path: Path) -> None:
    """Write ``tree`` to ``path``."""
    out = tree.copy()
    out.attrs = {**tree.attrs, "format": FORMAT}
    out.to_netcdf(path, engine=ENGINE)


def read_tree(path: Path) -> xr.DataTree:
    """A tree written by :func:`write_tree`, loaded into memory (the file is closed)."""
    if not Path(path).is_file():
        raise InputError(f"{path}: no saved corridor results (results.nc) here")
    try:
        with xr.open_datatree(path, engine=ENGINE) as tree:
            loaded = tree.load().copy()
    except (OSError, ValueError) as err:
        raise InputError(f"{path}: cannot read saved results ({err})") from None
    if loaded.attrs.get("format") != FORMAT:
        raise InputError(f"{path}: not a file of corridor results")
    return loaded
