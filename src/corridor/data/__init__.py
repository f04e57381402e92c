"""Cited data tables shipped with corridor (a Frictionless data package).

Every table in ``datapackage.json`` has a ``source`` and a ``confidence`` column. A user can
replace any table with a file of the same name in a directory of their own
(``corridor run --data DIR``); such a table is validated against its schema when loaded,
and a malformed one is an :class:`InputError` naming the file, the row and the field.
The shipped tables are validated by the test suite (``tests/shipped/test_data.py``), not on every
run, which saves half a second a run.

Examples
--------
>>> data = Data()
>>> sorted(data.table("mineral_intensity").columns)[:3]
['anode', 'chemistry', 'confidence']
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import math
from functools import cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

from corridor._version import __version__
from corridor.errors import InputError
from corridor.limits import TABLE_BYTES, read_text

PACKAGE_DIR = Path(str(resources.files("corridor") / "data"))


def descriptor() -> dict:
    """The data package descriptor (``datapackage.json``)."""
    return json.loads((PACKAGE_DIR / "datapackage.json").read_text(encoding="utf-8"))


FRIENDLY = {"primary-key": "duplicate row (the same key as an earlier row)",
            "missing-label": "missing column", "incorrect-label": "wrong column name",
            "extra-label": "extra column", "duplicate-label": "duplicate column",
            "missing-cell": "missing value", "extra-cell": "more values than columns",
            "blank-row": "blank row", "blank-label": "blank column name"}


def _problem(kind: str, note: str, cell) -> str:
    """One validation error in words, with the value given."""
    try:
        finite = cell in (None, "") or math.isfinite(float(cell))
    except ValueError:
        finite = True
    if not finite:
        return f"{cell!r} is not a finite number"
    if kind == "primary-key":
        first = note.rsplit(" ", 1)[-1]
        return f"duplicate row (the same key as row {first})" if first.isdigit() else \
            FRIENDLY[kind]
    if kind == "type-error":
        expected = note.removeprefix('type is "').split("/")[0].rstrip('"')
        return f"{cell!r} is not a{'n' if expected[0] in 'aeiou' else ''} {expected}"
    if kind == "constraint-error":
        rule, _, limit = note.removeprefix('constraint "').partition('" is "')
        limit = limit.rstrip('"')
        if rule == "required":
            return "missing value"
        allowed = {"minimum": f"at least {limit}", "maximum": f"at most {limit}",
                   "enum": f"one of {limit}", "pattern": f"matching {limit}"}.get(rule, note)
        return f"{cell!r} is not allowed (allowed: {allowed})"
    return FRIENDLY.get(kind, kind.replace("-", " ")) + (f" ({note})" if note else "")


def _validate(path: Path, schema: dict, label: str) -> None:
    from frictionless import Resource, Schema  # import lazily: ~0.2 s

    _check_header(path, [f["name"] for f in schema["fields"]], label)
    resource = Resource(path=path.name, basepath=str(path.parent),
                        schema=Schema.from_descriptor(schema), format="csv")
    report = resource.validate()
    if report.valid:
        return
    errors = report.flatten(["rowNumber", "fieldName", "type", "note", "message", "cell"])
    row, field, kind, note, message, cell = errors[0]
    if kind in ("scheme-error", "encoding-error", "source-error", "format-error"):
        raise InputError(f"{label}: cannot read table ({note or message})")
    where = ", ".join(x for x in (f"row {row}" if row else "", f"field {field!r}" if field
                                  else "") if x)
    more = len(errors) - 1
    more = f" (and {more:,} more problem{'s' if more > 1 else ''})" if more else ""
    raise InputError(f"{label}: {where + ': ' if where else ''}{_problem(kind, note, cell)}"
                     f"{more}")


def _check_header(path: Path, names: list[str], label: str) -> None:
    """The columns, in the schema's order (frictionless would report a missing column
    at the next one's name)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        header = next(csv.reader(file), [])
    if header == names:
        return
    missing = [n for n in names if n not in header]
    extra = [n for n in header if n not in names]
    if missing or extra:
        parts = ([f"missing column{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}"]
                 if missing else []) + (
            [f"unknown column{'s' * (len(extra) > 1)} {', '.join(map(repr, extra))}"]
            if extra else [])
        raise InputError(f"{label}: {'; '.join(parts)} (columns: {', '.join(names)})")
    raise InputError(f"{label}: columns in the wrong order (expected {', '.join(names)})")


class Data:
    """All tables of the package, validated and loaded on first use.

    Parameters
    ----------
    override_dir
        Optional directory whose CSV files replace the shipped tables of the same name;
        a file that matches no table is an error (a mistyped name is never ignored).
    """

    def __init__(self, override_dir: Path | None = None):
        self.override_dir = Path(override_dir) if override_dir else None
        if self.override_dir is not None and not self.override_dir.is_dir():
            raise InputError(f"{self.override_dir}: data directory not found")
        self._resources = {r["name"]: r for r in descriptor()["resources"]}
        if self.override_dir is not None:
            known = {Path(r["path"]).name for r in self._resources.values()}
            for path in sorted(self.override_dir.iterdir()):
                if not path.name.startswith(".") and path.name not in known:
                    raise InputError(f"{path}: matches no data table (tables: "
                                     f"{', '.join(sorted(known))})")
        self._tables: dict[str, pd.DataFrame] = {}
        self._given: dict[str, pd.DataFrame] = {}  # tables given in memory (with_tables)
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build):
        """``build()`` once per data set: derived lookups that every scenario shares."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def with_tables(self, **frames: pd.DataFrame) -> Data:
        """A copy of the data set in which ``frames`` replace the tables of their names, in
        memory (e.g. the facility registry with a proposed project): nothing derived from
        the tables is shared with this one, and the version says so.

        >>> data = Data()
        >>> other = data.with_tables(lifetime=data.table("lifetime").head(3))
        >>> len(other.table("lifetime")), other.version != data.version
        (3, True)
        """
        unknown = sorted(set(frames) - set(self._resources))
        if unknown:
            raise ValueError(f"no data table {unknown[0]!r}")
        other = copy.copy(self)
        other._given = {**self._given, **frames}
        other._tables = {**self._tables, **frames}
        other._memo = {}
        other.__dict__.pop("version", None)
        return other

    def path(self, name: str) -> Path:
        """Where table ``name`` is read from."""
        shipped = PACKAGE_DIR / self._resources[name]["path"]
        if self.override_dir is not None:
            user = self.override_dir / shipped.name
            if user.exists():
                return user
        return shipped

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a DataFrame, validated against its schema."""
        if name not in self._tables:
            resource = self._resources[name]
            path = self.path(name)
            if path.parent != PACKAGE_DIR:
                read_text(path, f"data table {path}", TABLE_BYTES)
                _validate(path, resource["schema"], f"data table {path}")
            dtypes = {f["name"]: str for f in resource["schema"]["fields"]
                      if f["type"] == "string"}
            df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""],
                             encoding="utf-8-sig")  # a spreadsheet's byte-order mark
            if df.empty:
                raise InputError(f"data table {path}: has no rows (a table replacing a "
                                 "shipped one needs every row the model reads)")
            self._tables[name] = df
        return self._tables[name]

    @cached_property
    def version(self) -> str:
        """Content hash of every table in use: stored with every output."""
        digest = hashlib.sha256()
        for name in sorted(self._resources):
            if name in self._given:
                digest.update(pd.util.hash_pandas_object(self._given[name]).to_numpy()
                              .tobytes())
            else:
                digest.update(self.path(name).read_bytes())
        return f"{__version__}+{digest.hexdigest()[:12]}"

    def sources(self) -> pd.DataFrame:
        """Every distinct (table, source, confidence) of the tables in use."""
        rows = []
        for name in sorted(self._resources):
            df = self.table(name)
            for (source, confidence), n in df.groupby(["source", "confidence"]).size().items():
                rows.append({"table": name, "source": source, "confidence": confidence,
                             "rows": int(n)})
        return pd.DataFrame(rows)
