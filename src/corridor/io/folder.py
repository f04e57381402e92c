"""A run's output folder, written atomically and never over a user's own files.

Everything is written into a temporary sibling folder that takes the target's place only
when every file is complete, so a failed, interrupted or killed run leaves the previous
output as it was. A watcher process removes the temporary folder if this process dies
without doing so (SIGKILL). An existing target is replaced only if it is empty or holds a
corridor output and nothing else: its ``manifest.json``, written last, lists every file
with its SHA-256, so a file a user added or changed is noticed. Any other folder is
refused unless ``force``, which replaces only the files corridor writes and keeps the rest.

Files: ``results.csv`` (IAMC long), ``uncertainty.csv`` (quantiles, with draws),
``results.xlsx`` (see :mod:`corridor.io.excel`), ``results.nc`` (the whole results tree,
reopened by ``corridor.open``), ``scenarios/<name>.yaml`` (the resolved settings),
``definitions/`` and ``nomenclature.yaml`` (the codelist for ``nomenclature``),
``figures/`` (PNG and interactive HTML) and ``manifest.json`` (versions, list of files).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager, nullcontext
from itertools import islice
from pathlib import Path

from corridor.errors import InputError

MANIFEST = "manifest.json"
_REAPER = ("import shutil, sys; sys.stdin.buffer.read(); "
           "shutil.rmtree(sys.argv[1], ignore_errors=True)")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def corridor_files(folder: Path) -> dict[str, str | None] | None:
    """The files a corridor output in ``folder`` lists in its manifest, with their SHA-256
    (None from manifests before 0.3, which listed names only), or None if ``folder`` holds
    no corridor manifest."""
    path = folder / MANIFEST
    try:
        if path.is_file() and path.stat().st_size < 2**20:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(manifest, dict) and "corridor_version" in manifest:
                files = manifest.get("files", {})
                files = files if isinstance(files, dict) else dict.fromkeys(files)
                return {**{str(k): v for k, v in files.items()}, MANIFEST: None}
    except (OSError, ValueError):
        pass
    return None


def _unchanged(folder: Path, name: str, digest: str | None) -> bool:
    """Is ``name`` as corridor wrote it (where the manifest knows its hash)?"""
    return digest is None or _digest(folder / name) == digest


def _foreign(target: Path, most: int = 10_000) -> list[str]:
    """Some files in ``target`` that are not a corridor output's own, or that changed since
    corridor wrote them (looking at no more than ``most`` entries: ``--out ~`` must not
    walk a whole home folder)."""
    own = corridor_files(target)
    if own is None:
        return sorted(p.name for p in islice(target.iterdir(), 4))
    entries = list(islice(target.rglob("*"), most + 1))
    present = {str(p.relative_to(target)) for p in entries if not p.is_dir()}
    foreign = sorted(present - set(own)) + [
        f"{name}, changed since corridor wrote it" for name in sorted(present & set(own))
        if not _unchanged(target, name, own[name])]
    return foreign or (["(more files than an output has)"] if len(entries) > most else [])


def _permissions(path: Path, mode: int) -> None:
    """The user's normal permissions (mkstemp makes private ones)."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(mode & ~umask)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not possible."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    if target.resolve() == Path(target.resolve().anchor):
        raise InputError(f"{target}: the root folder cannot be an output folder")
    if target.is_dir() and not force:
        foreign = _foreign(target)
        if foreign:
            raise InputError(
                f"{target}: folder holds files that are not a corridor output "
                f"({', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''}); choose a "
                "new or empty folder, or pass --force to replace only corridor's files")


def _merge(tmp: Path, target: Path) -> None:
    """``--force``: corridor's files from ``tmp`` into ``target``, the manifest last; the
    target's other files stay, except those its previous manifest listed."""
    old = corridor_files(target) or {}
    new = {str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(new):
        dest = target / name
        if dest.is_dir():
            raise InputError(f"{dest}: is a folder where corridor writes a file")
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp / name, dest)
    for name in sorted(set(old) - new - {MANIFEST}):  # the earlier output's own, unchanged
        if (target / name).is_file() and _unchanged(target, name, old[name]):
            (target / name).unlink()
    os.replace(tmp / MANIFEST, target / MANIFEST)


def _watch(folder: Path) -> subprocess.Popen | None:
    """A process that removes ``folder`` when this one ends, however it ends (None if the
    system cannot start one: the folder is then removed only on a normal exit)."""
    try:
        return subprocess.Popen([sys.executable, "-c", _REAPER, str(folder)],
                                stdin=subprocess.PIPE, start_new_session=True)
    except OSError:
        return None


def _release(watcher: subprocess.Popen | None) -> None:
    if watcher is not None:
        watcher.stdin.close()
        watcher.wait()


@contextmanager
def atomic_folder(target: Path, force: bool = False):
    """Yield a temporary folder that takes ``target``'s place only if the block succeeds
    (with ``force``, whose files go into ``target``). Folders made on the way to
    ``target`` are removed again if it fails."""
    target = Path(target)
    _check_target(target, force)
    parent = target.resolve().parent
    made = [p for p in (parent, *parent.parents) if not p.exists()]  # deepest first
    done = False
    try:
        # the watcher starts before the temporary folder exists: no moment without one
        tmp = parent / f".{target.name}-{secrets.token_hex(6)}"
        reaper = _watch(tmp)
        try:
            parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()  # the user's umask: normal permissions
        except OSError as err:
            _release(reaper)
            raise InputError(f"{target}: cannot write here ({err.strerror})") from None
        try:
            yield tmp
            if force and target.is_dir():
                _merge(tmp, target)
            elif target.exists():
                if not _exchange(tmp, target):
                    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=parent))
                    target.replace(old / "previous")
                    tmp.replace(target)
                    shutil.rmtree(old, ignore_errors=True)
            else:
                tmp.replace(target)
            done = True
        except OSError as err:
            raise InputError(f"{target}: cannot write ({err.strerror or err})") from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # after an exchange: the previous output
            _release(reaper)  # it finds nothing left to remove
    finally:
        for folder in made if not done else ():
            try:
                folder.rmdir()
            except OSError:
                break


@contextmanager
def atomic_file(target: Path):
    """Yield a temporary path beside ``target`` that replaces it only if the block succeeds."""
    target = Path(target)
    if target.is_dir():
        raise InputError(f"{target}: is a folder")
    try:
        target.resolve().parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=target.suffix,
                                    dir=target.resolve().parent)
    except OSError as err:
        raise InputError(f"{target}: cannot write here ({err.strerror})") from None
    os.close(fd)
    tmp = Path(name)
    try:
        _permissions(tmp, 0o666)
        yield tmp
        tmp.replace(target)
    except OSError as err:
        raise InputError(f"{target}: cannot write ({err.strerror or err})") from None
    finally:
        tmp.unlink(missing_ok=True)


def file_name(name: str) -> str:
    """A scenario name as a file name that stays in its folder.

    >>> file_name("../../escaped"), file_name("Canada fast")
    ('escaped', 'Canada fast')
    """
    safe = re.sub(r"[^\w .+-]+", "_", name).strip(" ._")
    while len(safe.encode("utf-8")) > 200:  # file systems allow 255 bytes
        safe = safe[:-1]
    return safe or "scenario"


def write(results, out: Path, figures: bool = True, lithium_basis: str = "Li",
          force: bool = False) -> list[str]:
    """Write every output of ``results`` into ``out``; return the file names written.
    ``force`` writes into a folder that holds other files, replacing only corridor's."""
    from corridor.io.codelist import write_definitions
    from corridor.io.excel import write_excel
    from corridor.io.iamc import quantiles_iamc, to_iamc
    from corridor.io.netcdf import write_tree

    with atomic_folder(out, force) as tmp:
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
        written = write_manifest(tmp, {key: results.attrs[key] for key in (
            "corridor_version", "data_version", "created")})
    return written


def write_manifest(folder: Path, info: dict) -> list[str]:
    """``manifest.json`` in ``folder``: ``info`` and the SHA-256 of every file, so that a
    later output may replace them (and a user's edit is noticed); returns the names."""
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    files = {name: _digest(folder / name) for name in written}
    (folder / MANIFEST).write_text(json.dumps({**info, "files": files}, indent=1),
                                   encoding="utf-8")
    return [*written, MANIFEST]
