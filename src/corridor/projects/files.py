"""Project files: YAML (one project, or ``projects:`` with a list) and CSV (a row each).

In CSV, ``proponents`` is ``Name (Country); Name (Country)`` and ``sources`` is separated
by `` ; ``; blank cells are missing fields. Both read with the limits of every user file
(:mod:`corridor.limits`) and write atomically.

Examples
--------
>>> parse_proponents("LG Chem (South Korea); GM (United States)")
[{'name': 'LG Chem', 'country': 'South Korea'}, {'name': 'GM', 'country': 'United States'}]
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml

from corridor.config.yamlfile import loads
from corridor.errors import InputError
from corridor.limits import read_text
from corridor.projects.schema import NUMBERS, WHOLE, Project, validate

# the country is the last bracket: a name may hold brackets of its own
_PROPONENT = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<country>[^()]+)\)\s*$")
MAX_PROJECTS = 10_000


def read(path: Path) -> list[Project]:
    """The projects in a YAML or CSV file, validated; one :class:`InputError` naming the
    file, the project and the field otherwise."""
    path = Path(path)
    text = read_text(path, str(path), max_bytes=5_000_000)
    if path.suffix.lower() == ".csv":
        return _csv(text, str(path))
    doc = loads(text, str(path))
    if isinstance(doc, dict) and set(doc) == {"projects"}:
        doc = doc["projects"]
    records = doc if isinstance(doc, list) else [doc]
    if doc is None or not records:
        raise InputError(f"{path}: no project in the file")
    if len(records) > MAX_PROJECTS:
        raise InputError(f"{path}: {len(records):,} projects; the limit is {MAX_PROJECTS:,}")
    return [validate(r, f"{path}" + (f": project {i + 1}" if len(records) > 1 else ""))
            for i, r in enumerate(records)]


def parse_proponents(text: str) -> list[dict]:
    """``Name (Country); Name (Country)`` as proponent mappings."""
    out = []
    for part in filter(str.strip, text.split(";")):
        match = _PROPONENT.match(part)
        if match is None:
            raise InputError(f"proponents: {part.strip()!r} is not 'Name (Country)'")
        out.append(match.groupdict())
    return out


def _csv(text: str, label: str) -> list[Project]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise InputError(f"{label}: no project in the file")
    unknown = [c for c in rows[0] if c not in Project.model_fields]
    if unknown:
        raise InputError(f"{label}: column {unknown[0]!r}: not a project field (fields: "
                         f"{', '.join(Project.model_fields)})")
    out = []
    for line, row in enumerate(rows, start=2):
        where = f"{label}: line {line}"
        record = {k: v.strip() for k, v in row.items() if k and v is not None and v.strip()}
        try:
            if "proponents" in record:
                record["proponents"] = parse_proponents(record["proponents"])
        except InputError as err:
            raise InputError(f"{where}: {err}") from None
        if "sources" in record:
            record["sources"] = [s.strip() for s in record["sources"].split(" ; ")]
        for name in NUMBERS & set(record):
            record[name] = _number(record[name], name in WHOLE)
        out.append(validate(record, where))
    return out


def _number(text: str, whole: bool):
    """A cell's number (thousands separators allowed); the text itself if it is none, for
    the schema to name the field and the value."""
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return text
    return int(value) if whole and value.is_integer() else value


def dump(projects: list[Project], path: Path) -> None:
    """Write ``projects`` to ``path`` (``.yaml`` or ``.csv``) in one step."""
    from corridor.io.folder import atomic_file

    path = Path(path)
    records = [p.model_dump(exclude_none=True) for p in projects]
    with atomic_file(path) as tmp:
        if path.suffix.lower() == ".csv":
            with open(tmp, "w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=list(Project.model_fields))
                writer.writeheader()
                for r in records:
                    r["proponents"] = "; ".join(f"{p['name']} ({p['country']})"
                                                for p in r["proponents"])
                    r["sources"] = " ; ".join(r.get("sources", []))
                    writer.writerow(r)
        else:
            tmp.write_text(yaml.safe_dump({"projects": records}, sort_keys=False,
                                          allow_unicode=True), encoding="utf-8")
