"""Write a run's outputs into a folder, atomically.

Everything is written into a temporary sibling folder that replaces the target only
when every file is complete: a failed run never leaves a half-written folder.

Files: ``results.csv`` (IAMC long), ``uncertainty.csv`` (quantiles, with draws),
``results.xlsx`` (data, meta, sources and, with draws, quantiles sheets), ``results.nc``
(the full labelled arrays), ``scenarios/<name>.yaml`` (the resolved settings) and
``figures/`` (PNG and interactive HTML).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import xarray as xr
import yaml

from corridor import __version__
from corridor.errors import InputError
from corridor.outputs.iamc import quantiles_iamc, to_iamc


@contextmanager
def atomic_folder(target: Path):
    """Yield a temporary folder that replaces ``target`` only if the block succeeds."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    except OSError as err:
        raise InputError(f"{target}: cannot write here ({err.strerror})") from None
    try:
        yield tmp
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=parent))
            target.replace(old / "previous")
            tmp.replace(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.replace(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def meta(results) -> dict:
    """Provenance stored with every output."""
    return {
        "corridor_version": __version__,
        "data_version": results.data_version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "draws": results.draws,
        "seed": results.seed,
        "scenarios": {name: s.model_dump(mode="json") for name, s in results.scenarios.items()},
        "notes": results.notes,
    }


def write_all(results, out: Path, figures: bool = True) -> list[str]:
    """Write every output of ``results`` into ``out``; return the file names written."""
    iamc = to_iamc(results)
    quantiles = quantiles_iamc(results)
    info = meta(results)
    with atomic_folder(out) as tmp:
        iamc.to_csv(tmp / "results.csv", index=False)
        if quantiles is not None:
            quantiles.to_csv(tmp / "uncertainty.csv", index=False)
        scen_dir = tmp / "scenarios"
        scen_dir.mkdir()
        for name, settings in info["scenarios"].items():
            (scen_dir / f"{name}.yaml").write_text(
                yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
        extra = {}
        if results.supply is not None:
            from corridor.supply.balance import gaps
            from corridor.supply.facilities import load_facilities

            extra = {"gaps": gaps(results.supply.balance),
                     "facilities": load_facilities(results.data).drop(columns="region")}
            _netcdf(results.supply, info, tmp / "supply.nc")
        write_excel(tmp / "results.xlsx", iamc, quantiles, info, results.data.sources(), extra)
        write_netcdf(tmp / "results.nc", results, info)
        if figures:
            from corridor.outputs.figures import write_figures

            write_figures(results, tmp / "figures")
        written = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return written


def wide(iamc: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """IAMC wide form: one column per year."""
    keys = ["model", "scenario", "region", "variable", "unit", *extra]
    return iamc.pivot(index=keys, columns="year", values="value").reset_index()


def write_excel(path: Path, iamc: pd.DataFrame, quantiles: pd.DataFrame | None, info: dict,
                sources: pd.DataFrame, extra: dict[str, pd.DataFrame] | None = None) -> None:
    """Workbook with data (IAMC wide), meta, sources, with draws quantiles, and ``extra``
    sheets (gaps, facilities); empty cells for missing values."""
    import xlsxwriter  # row by row: several times faster than DataFrame.to_excel

    meta_rows = [("corridor_version", info["corridor_version"]),
                 ("data_version", info["data_version"]), ("created", info["created"]),
                 ("draws", info["draws"]), ("seed", info["seed"])]
    for name, settings in info["scenarios"].items():
        meta_rows.append((f"scenario {name}", json.dumps(settings)))
        meta_rows += [(f"note {name}", note) for note in info["notes"].get(name, [])]
    sheets = {"data": wide(iamc),
              "meta": pd.DataFrame(meta_rows, columns=["key", "value"]),
              "sources": sources}
    if quantiles is not None:
        sheets["quantiles"] = wide(quantiles, ("quantile",))
    sheets.update(extra or {})
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = book.add_format({"bold": True})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [str(c) for c in frame.columns], bold)
        frame = frame.astype(object).where(frame.notna(), None)
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            sheet.write_row(i, 0, row)
    book.close()


def write_netcdf(path: Path, results, info: dict) -> None:
    ds = results.central.copy()
    ds.attrs = {"corridor_version": info["corridor_version"],
                "data_version": info["data_version"], "created": info["created"],
                "scenarios": json.dumps(info["scenarios"])}
    if results.quantiles is not None:
        q = results.quantiles.rename({v: f"{v}_quantiles" for v in results.quantiles.data_vars})
        ds = ds.merge(q.rename(region="region", year="year"), join="left")
    _netcdf(ds, info, path)


def _netcdf(ds: xr.Dataset, info: dict, path: Path) -> None:
    ds = ds.copy()
    ds.attrs.update({"corridor_version": info["corridor_version"],
                     "data_version": info["data_version"], "created": info["created"]})
    for name in ds.variables:  # netCDF3 stores text as fixed-width characters
        if ds[name].dtype == object:
            ds[name] = ds[name].astype(str)
    ds.to_netcdf(path, engine="scipy")
