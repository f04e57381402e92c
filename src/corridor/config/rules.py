"""The one override rule, and the plumbing of settings as plain mappings.

A scenario's settings are merged onto its base's resolved settings key by key: nested
mappings merge, anything else replaces. An anchored series (:class:`~corridor.config.schema.
Anchors`) is a mapping of years, so its points merge point by point; with ``replace: true``
the override's series replaces the base's (and keeps the flag, so that the data's anchors
after history are dropped too when the model reads it). A lifetime (a mapping with a
``distribution``) replaces as a whole, and a pathway's ``share`` and ``growth`` are
alternatives: setting one drops the base's other. The data's own anchors (IEA projections, chemistry
shares, pack sizes, storage, recovery rates) are the base of the scenario's series at run
time, by the same rule (``Anchors.onto``).

Examples
--------
>>> merge({"share": {2030: 0.6, 2035: 1.0}}, {"share": {2035: 0.8}})
{'share': {2030: 0.6, 2035: 0.8}}
>>> merge({"share": {2030: 0.6, 2035: 1.0}}, {"share": {2035: 0.8, "replace": True}})
{'share': {2035: 0.8, 'replace': True}}
>>> nest({"recycling.collection_rate": {2030: 0.8}})
{'recycling': {'collection_rate': {2030: 0.8}}}
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from corridor.errors import one_line

FLAGS = ("replace", "history")
#: Keys that are alternatives of each other: setting one drops the base's other.
ALTERNATIVES = (("share", "growth"),)
_YEAR = re.compile(r"^\d{4}$")


def _replaces(value: Mapping) -> bool:
    return value.get("replace") is True or "distribution" in value


def merge(base: Mapping, override: Mapping) -> dict:
    """``override`` merged onto ``base`` by the override rule (neither is changed)."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) \
                and not _replaces(value):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    for one, other in ALTERNATIVES:
        for a, b in ((one, other), (other, one)):
            if override.get(a) is not None and b not in override and out.get(b) is not None:
                out[b] = None
    return out


def nest(changes: Mapping[str, Any]) -> dict:
    """Dotted keys (``"recycling.collection_rate"``) as nested mappings, merged in order."""
    out: dict = {}
    for key, value in changes.items():
        parts = str(key).split(".") if isinstance(key, str) else [key]
        node = out
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        leaf = parts[-1]
        if isinstance(value, Mapping) and isinstance(node.get(leaf), Mapping):
            value = merge(node[leaf], value)
        node[leaf] = value
    return out


def normalise(raw: Any) -> Any:
    """Year keys written as text (``"2030"``) as integers, so that they merge with numbers."""
    if isinstance(raw, Mapping):
        out = {int(k) if isinstance(k, str) and _YEAR.match(k) else k: normalise(v)
               for k, v in raw.items()}
        if len(out) < len(raw):
            twice = next(k for k in out if k in raw and str(k) in raw and k != str(k))
            raise ValueError(f"year {twice} is given twice (as {twice} and '{twice}')")
        return out
    if isinstance(raw, list):
        return [normalise(v) for v in raw]
    return raw


def changed(raw: Mapping, prefix: str = "") -> list[str]:
    """Dotted paths of the settings ``raw`` sets, down to a series or a value.

    >>> changed({"ev_sales": {"pathways": {"Canada": {"Cars": {"share": {2030: 0.6}}}}},
    ...          "name": "x"})
    ['ev_sales.pathways.Canada.Cars.share']
    """
    out = []
    for key, value in raw.items():
        if not prefix and key in ("name", "description", "base"):
            continue
        path = f"{prefix}{key}"
        series = isinstance(value, Mapping) and (
            _replaces(value) or any(isinstance(k, int) for k in value))
        if isinstance(value, Mapping) and value and not series:
            out += changed(value, f"{path}.")
        else:
            out.append(path)
    return out


def format_error(err, label: str, most: int = 3) -> str:
    """A pydantic ``ValidationError`` as one line: ``label: field.path: problem, got value;
    ...``, with at most ``most`` problems (then how many more)."""
    parts = []
    for e in err.errors(include_url=False)[:most]:
        loc = one_line(".".join(str(x) for x in e["loc"] if x != "points")) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif not isinstance(e["input"], Mapping | list | tuple) and e["type"] != "missing":
            msg = f"{msg}, got {_shown(e['input'])}"
        parts.append(f"{loc}: {msg}")
    more = err.error_count() - most
    return f"{label}: " + "; ".join(parts) + (
        f"; and {more:,} more problem{'s' if more > 1 else ''}" if more > 0 else "")


def _shown(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."
