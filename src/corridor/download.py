"""Fetching a public data set into the user's data folder (:mod:`corridor.home`): read the
source (a URL, downloaded, or a local file), work in a scratch folder beside the target,
and replace the previous data with one rename once the new data are complete, so that a
failed download or a malformed file leaves the previous data as they were.

>>> is_url("https://www150.statcan.gc.ca/n1/tbl/csv/36100595-eng.zip"), is_url("a.zip")
(True, False)
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from corridor.errors import InputError, one_line

TIMEOUT_S = 60


def is_url(source) -> bool:
    return str(source).startswith(("http://", "https://"))


@contextmanager
def scratch_beside(target: Path) -> Iterator[Path]:
    """A temporary folder in ``target``'s folder (created if need be), removed after."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{target.parent}: cannot write here ({err.strerror})") from None
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=target.parent) as scratch:
        yield Path(scratch)


def local(source: str | Path, scratch: Path, what: str) -> Path:
    """``source`` on disk: a URL is downloaded into ``scratch``; ``what`` names the data in
    the message of a failed download."""
    if not is_url(source):
        return Path(source)
    url = str(source)
    path = scratch / (url.rstrip("/").rsplit("/", 1)[-1] or "download")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as answer, open(path, "wb") as out:
            shutil.copyfileobj(answer, out, 1 << 20)
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        if isinstance(err, urllib.error.HTTPError):
            reason = f"HTTP {err.code}"
            err.close()  # it holds the connection
        raise InputError(f"{url}: download failed ({one_line(str(reason))}); the previous "
                         f"{what} are kept") from None
    return path


def publish(table: pd.DataFrame, scratch: Path, target: Path) -> None:
    """Write ``table`` as Parquet (DuckDB) in ``scratch``, then put it in ``target``'s place
    with one rename (the scratch folder is on the same file system)."""
    import duckdb

    staged = scratch / target.name
    con = duckdb.connect()
    con.register("staged", table)
    con.execute("copy staged to '{}' (format parquet)".format(str(staged).replace("'", "''")))
    try:
        staged.replace(target)
    except OSError as err:
        raise InputError(f"{target}: cannot write ({err.strerror})") from None
