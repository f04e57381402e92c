"""Loading scenarios: the built-ins, user files merged onto a base, and changes in code."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.config.rules import normalise
from corridor.config.schema import Scenario, derive, validated
from corridor.config.yamlfile import read_yaml
from corridor.errors import InputError

BUILTIN = ("STEPS", "APS", "NZE")


def _settings(path: Path, label: str) -> dict:
    """A scenario file's settings, year keys as integers."""
    try:
        return normalise(read_yaml(path, label))
    except ValueError as err:
        raise InputError(f"{label}: {err}") from None


def builtin(name: str) -> Scenario:
    """A built-in scenario (a fresh copy: callers may change it)."""
    return _builtin(name).model_copy(deep=True)


@cache
def _builtin(name: str) -> Scenario:
    """A built-in scenario: its file merged onto its resolved base (defaults at the root)."""
    label = f"built-in scenario {name}"
    raw = _settings(Path(str(resources.files("corridor") / "config" / "scenarios"
                             / f"{name}.yaml")), label)
    base = raw.get("base")
    if base is None:
        return validated(raw, label)
    if base not in BUILTIN or base == name:
        raise InputError(f"{label}: base: invalid base {base!r}")
    return derive(_builtin(base), raw, label)


def from_settings(raw: dict, label: str) -> Scenario:
    """A scenario from a file's settings (``raw``, year keys as integers), merged onto its
    ``base``; :class:`InputError` naming ``label`` otherwise."""
    base = raw.get("base")
    if base is None:
        return validated(raw, label)
    if base not in BUILTIN:
        raise InputError(f"{label}: base: unknown scenario {base!r} "
                         f"(choose one of {', '.join(BUILTIN)})")
    return derive(builtin(base), raw, label)


def from_text(text: str, label: str, name: str = "uploaded") -> Scenario:
    """A scenario from a scenario file's text (an upload), read as files are read."""
    from corridor.config.yamlfile import read_mapping

    raw = read_mapping(text, label)
    try:
        raw = normalise(raw)
    except ValueError as err:
        raise InputError(f"{label}: {err}") from None
    raw.setdefault("name", name)
    return from_settings(raw, label)


def load_scenario(spec: str | Path | Scenario,
                  changes: Mapping[str, Any] | None = None) -> Scenario:
    """A scenario: built-in by name, a YAML file merged onto its ``base``, or a
    :class:`Scenario`; with ``changes`` merged on top (see :meth:`Scenario.with_changes`).

    A file without a ``name`` takes its file name; a file with a ``base`` and no
    ``description`` is described as ``"<base> with changes: <keys>"``.

    Raises
    ------
    InputError
        One line naming the file, the field and the problem.

    Examples
    --------
    >>> s = load_scenario("APS")
    >>> s.name, s.ev_sales.iea_scenario
    ('APS', 'APS')
    >>> load_scenario("NZE", changes={"supply.ramp_years": 5}).supply.ramp_years
    5
    """
    if isinstance(spec, Scenario):
        scenario = validated(spec.model_dump(), f"scenario {spec.name}")
    elif str(spec) in BUILTIN:
        scenario = builtin(str(spec))
    else:
        path = Path(spec)
        raw = _settings(path, str(path))
        raw.setdefault("name", path.stem)
        scenario = from_settings(raw, str(path))
    if changes:
        scenario = scenario.with_changes(changes)
    return scenario
