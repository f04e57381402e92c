"""Technology cases: battery technology changes that apply on top of any scenario, as the
outlooks' sensitivity cases do (``corridor run --scenario STEPS --case solid-state``).

A case is a YAML file with a ``name``, a ``description`` and ``batteries`` settings only
(``shift``, ``silicon_share``, ``density_gain``, ...); the built-ins live in
``config/cases/*.yaml``. A scenario with a case is named ``<scenario>+<case>`` in every
output, so that ``results.csv`` can be filtered by it.
"""

from __future__ import annotations

from pathlib import Path

from corridor.config.schema import CASES_DIR, Scenario, builtin_cases, derive
from corridor.config.yamlfile import read_yaml
from corridor.errors import InputError

__all__ = ["CASES_DIR", "builtin_cases", "load_case", "with_case"]


def load_case(spec: str | Path) -> dict:
    """A technology case's settings (built-in name or file); one :class:`InputError` line
    naming the file and the key if it is not a case."""
    builtin = str(spec) in builtin_cases()
    path = CASES_DIR / f"{spec}.yaml" if builtin else Path(spec)
    if not builtin and path.suffix not in (".yaml", ".yml"):
        raise InputError(f"technology case {str(spec)!r}: not a built-in "
                         f"({', '.join(builtin_cases())}) nor a .yaml file")
    label = f"built-in technology case {spec}" if builtin else f"technology case {path}"
    raw = read_yaml(path, label)
    other = [k for k in raw if k not in ("name", "description", "batteries")]
    if other:
        raise InputError(f"{label}: {other[0]}: a technology case changes batteries only "
                         "(keys: name, description, batteries)")
    if not isinstance(raw.get("name", path.stem), str):
        raise InputError(f"{label}: name: a case's name is text")
    return {"name": path.stem, **raw, "label": label}


def with_case(scenario: Scenario, case: str | Path) -> Scenario:
    """``scenario`` with technology case ``case`` on top, named ``<scenario>+<case>``.

    >>> from corridor.config import load_scenario
    >>> s = with_case(load_scenario("STEPS"), "solid-state")
    >>> s.name, s.batteries.shift["Solid-state"].points[2050]
    ('STEPS+solid-state', 0.15)
    """
    settings = load_case(case)
    label, name = settings.pop("label"), settings.pop("name")
    description = settings.pop("description", "")
    return derive(scenario, {**settings, "name": f"{scenario.name}+{name}", "description": (
        f"{scenario.description} Technology case {name}: {description}".strip())}, label)
