"""Check that a corridor output folder interoperates with pyam and nomenclature.

Usage (inside the interop venv of ``requirements.txt``, not corridor's own: nomenclature
needs pandas < 3):
    python check_interop.py RESULTS_DIR [RESULTS_DIR ...] [--definitions DIR] [--no-meta]
        [--rtol 1e-9]

Checks of each folder, each reported as PASS/FAIL, then a closing line
'interop: N passed, N failed':
  1. pyam.IamDataFrame(RESULTS_DIR/results.xlsx) reads the workbook as it is (data sheet
     and, unless --no-meta, the 'meta' sheet, which must be wide: model, scenario, ...)
  2. the workbook's data equal RESULTS_DIR/results.csv (same rows, values within rtol)
  3. the csv validates against the nomenclature definitions folder (variables, units,
     regions); DIR is the 'definitions' folder (default RESULTS_DIR/definitions), its
     parent may hold nomenclature.yaml
Exit code 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # nomenclature imports GitPython
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=ResourceWarning)

import nomenclature  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyam  # noqa: E402

IDX = ["model", "scenario", "region", "variable", "unit"]
results: list[tuple[str, bool, str]] = []


def check(name: str, fn) -> object | None:
    t = time.perf_counter()
    try:
        out = fn()
        results.append((name, True, ""))
        print(f"PASS {name} ({time.perf_counter() - t:.1f}s)")
        return out
    except Exception as e:  # report every failure, keep going
        msg = f"{type(e).__name__}: {e}"
        for sub in getattr(e, "exceptions", []):
            msg += f"\n    - {type(sub).__name__}: {sub}".replace("\n", "\n      ")
        results.append((name, False, msg))
        print(f"FAIL {name} ({time.perf_counter() - t:.1f}s)\n  {msg}")
        return None


def read_csv(path: Path) -> pyam.IamDataFrame:
    # read IAMC columns as text: a unit column of only '1' would otherwise become int,
    # and an empty unit must stay '' (dimensionless), not NaN
    df = pd.read_csv(path, dtype={c: str for c in IDX}, keep_default_na=False,
                     na_values={"value": ["", "nan", "NaN"]})
    return pyam.IamDataFrame(df)


def read_xlsx(path: Path, meta: bool) -> pyam.IamDataFrame:
    df = pyam.IamDataFrame(path, **({} if meta else {"meta_sheet_name": False}))
    if df.time_col != "year":
        raise ValueError(f"time column is {df.time_col!r}, expected 'year' (int headers)")
    if meta:
        extra = df.meta.index.difference(df._data.index.droplevel(
            [n for n in df._data.index.names if n not in ("model", "scenario")]).unique())
        if len(extra):
            raise ValueError(f"meta sheet has scenarios not in data: {list(extra)}")
    return df


def compare(xlsx: pyam.IamDataFrame, csv: pyam.IamDataFrame, rtol: float) -> None:
    diff = pyam.compare(xlsx, csv, left_label="xlsx", right_label="csv", rtol=rtol, atol=0)
    if not diff.empty:
        missing = diff[diff.isna().any(axis=1)]
        raise AssertionError(f"{len(diff)} differing rows ({len(missing)} only in one file):\n"
                             f"{diff.head(10)}")
    if len(xlsx._data) != len(csv._data):
        raise AssertionError(f"{len(xlsx._data)} xlsx rows vs {len(csv._data)} csv rows")


def validate(definitions: Path, df: pyam.IamDataFrame) -> None:
    dsd = nomenclature.DataStructureDefinition(definitions)
    dsd.validate(df)


def check_folder(folder: Path, definitions: Path, meta: bool, rtol: float) -> None:
    print(folder)
    xlsx = check("pyam reads results.xlsx", lambda: read_xlsx(folder / "results.xlsx", meta))
    if xlsx is None and meta:  # still compare the data sheet
        try:
            xlsx = read_xlsx(folder / "results.xlsx", meta=False)
            print("  (data sheet alone reads with meta_sheet_name=False; comparing that)")
        except Exception:
            pass
    csv = check("pyam reads results.csv", lambda: read_csv(folder / "results.csv"))
    if xlsx is not None and csv is not None:
        check("results.xlsx data equal results.csv", lambda: compare(xlsx, csv, rtol))
    if csv is not None:
        check(f"nomenclature validates results.csv against {definitions}",
              lambda: validate(definitions, csv))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("results_dirs", type=Path, nargs="+")
    p.add_argument("--definitions", type=Path, default=None)
    p.add_argument("--no-meta", action="store_true", help="skip the workbook's meta sheet")
    p.add_argument("--rtol", type=float, default=1e-9)
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="  %(name)s: %(message)s")
    print(f"pyam {pyam.__version__}, nomenclature {nomenclature.__version__}, "
          f"pandas {pd.__version__}, numpy {np.__version__}")
    for folder in a.results_dirs:
        check_folder(folder, a.definitions or folder / "definitions", not a.no_meta, a.rtol)
    failed = sum(not ok for _, ok, _ in results)
    print(f"interop: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
