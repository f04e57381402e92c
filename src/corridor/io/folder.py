"""A run's output folder, written atomically and never over a user's own files.

Everything is written into a temporary sibling folder that replaces the target only when
every file is complete: a failed run never leaves a half-written folder. An existing target
is replaced only if it is empty or an earlier corridor output (it holds ``manifest.json``);
any other folder is refused, so that ``--out`` cannot delete a user's files.

Files: ``results.csv`` (IAMC long), ``uncertainty.csv`` (quantiles, with draws),
``results.xlsx`` (see :mod:`corridor.io.excel`), ``results.nc`` (the whole results tree,
reopened by ``corridor.open``), ``scenarios/<name>.yaml`` (the resolved settings),
``definitions/`` and ``nomenclature.yaml`` (the codelist for ``nomenclature``),
``figures/`` (PNG and interactive HTML) and ``manifest.json`` (versions, list of files).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager, nullcontext
from pathlib import Path

from corridor.errors import InputError

MANIFEST = "manifest.json"


def _is_replaceable(target: Path) -> bool:
    return not any(target.iterdir()) or (target / MANIFEST).is_file()


@contextmanager
def atomic_folder(target: Path):
    """Yield a temporary folder that replaces ``target`` only if the block succeeds."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    if target.is_dir() and not _is_replaceable(target):
        raise InputError(f"{target}: folder holds files that are not a corridor output; "
                         "choose an empty or new folder for --out")
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


@contextmanager
def atomic_file(target: Path):
    """Yield a temporary path beside ``target`` that replaces it only if the block succeeds."""
    target = Path(target)
    try:
        target.resolve().parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=target.suffix,
                                    dir=target.resolve().parent)
    except OSError as err:
        raise InputError(f"{target}: cannot write here ({err.strerror})") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def file_name(name: str) -> str:
    """A scenario name as a file name that stays in its folder.

    >>> file_name("../../escaped"), file_name("Canada fast")
    ('escaped', 'Canada fast')
    """
    safe = re.sub(r"[^\w .+-]+", "_", name).strip(" ._")
    return safe or "scenario"


def write(results, out: Path, figures: bool = True, lithium_basis: str = "Li") -> list[str]:
    """Write every output of ``results`` into ``out``; return the file names written."""
    from corridor.io.codelist import write_definitions
    from corridor.io.excel import write_excel
    from corridor.io.iamc import quantiles_iamc, to_iamc
    from corridor.io.netcdf import write_tree

    with atomic_folder(out) as tmp:
        # figures are drawn on a second process while the files are written
        with results.plot.saving(tmp / "figures") if figures else nullcontext():
            iamc = to_iamc(results.groups, lithium_basis)
            quantiles = quantiles_iamc(results.groups, lithium_basis)
            iamc.to_csv(tmp / "results.csv", index=False)
            if quantiles is not None:
                quantiles.to_csv(tmp / "uncertainty.csv", index=False)
            (tmp / "scenarios").mkdir()
            used: set[str] = set()
            for name, scenario in results.scenarios.items():
                stem = file_name(name)
                while stem in used:
                    stem += "_"
                used.add(stem)
                (tmp / "scenarios" / f"{stem}.yaml").write_text(scenario.to_yaml(),
                                                                 encoding="utf-8")
            write_excel(tmp / "results.xlsx", results, lithium_basis, iamc=iamc,
                        quantiles=quantiles)
            write_tree(results.tree, tmp / "results.nc")
            write_definitions(tmp, lithium_basis)
        written = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
        info = {key: results.attrs[key] for key in ("corridor_version", "data_version",
                                                     "created")}
        (tmp / MANIFEST).write_text(json.dumps({**info, "files": written}, indent=1),
                                    encoding="utf-8")
    return [*written, MANIFEST]
