"""The variable codelist: every reported variable, its unit and where its numbers come from.

``io/variables.csv`` has one row per IAMC variable: ``variable``, ``unit``, ``description``
and the mapping that makes the IAMC table data-driven: ``group`` (the results group),
``array`` (its variable) and ``select`` (``dim=value`` pairs joined by ``; ``; a value may
also be a non-dimension coordinate, such as ``mode=Cars`` along ``segment``). Every other
dimension of the array except ``scenario``, ``region``, ``year`` and ``quantile`` is summed.
Adding a variable is adding a row.

The same list is published in the IAMC common-definitions format, so that
``nomenclature.DataStructureDefinition("definitions").validate(df)`` checks corridor's
results: :func:`write_definitions` writes ``definitions/variable/variables.yaml``,
``definitions/region/regions.yaml`` and ``nomenclature.yaml`` (corridor's descriptions use
``:`` and ``;``, which nomenclature forbids unless told otherwise). The shipped copy is
``corridor/io/nomenclature/``, kept in sync by the tests; every output folder has one too.

Examples
--------
>>> codes = codelist()
>>> codes.loc["Material Demand|Lithium", "unit"]
'kt Li/yr'
>>> selection("mineral=Lithium; application=Electric Vehicles")
{'mineral': 'Lithium', 'application': 'Electric Vehicles'}
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from corridor.dims import CORRIDOR, CORRIDOR_REGION, REGION_PARTS, WORLD


@cache
def codelist() -> pd.DataFrame:
    """The codelist, indexed by ``variable``."""
    path = resources.files("corridor") / "io" / "variables.csv"
    return pd.read_csv(str(path), dtype=str, keep_default_na=False).set_index("variable")


def selection(text: str) -> dict[str, str]:
    """The ``select`` column as a mapping."""
    pairs = [p.split("=", 1) for p in text.split("; ") if p]
    return {key.strip(): value.strip() for key, value in pairs}


def on_basis(unit: str, lithium_basis: str) -> str:
    """A codelist unit on a lithium basis.

    >>> on_basis("kt Li/yr", "LCE"), on_basis("kt/yr", "LCE")
    ('kt LCE/yr', 'kt/yr')
    """
    return unit.replace(" Li/", " LCE/") if lithium_basis == "LCE" else unit


def _unit(unit: str) -> str | list[str]:
    # nomenclature reads a unit as JSON first: "1" would become the number 1 and be refused,
    # a one-element list stays text
    try:
        json.loads(unit)
    except ValueError:
        return unit
    return [unit]


def definitions(lithium_basis: str = "Li") -> dict[str, object]:
    """The codelist, regions and settings as nomenclature's files (path -> document), with
    lithium units on ``lithium_basis`` (see :mod:`corridor.io.iamc`)."""
    variables = [{name: {"description": row.description,
                         "unit": _unit(on_basis(row.unit, lithium_basis))}}
                 for name, row in codelist().iterrows()]
    corridor = [*CORRIDOR, {CORRIDOR_REGION: {"description": "Canada and South Korea together",
                                              "countries": list(CORRIDOR)}}]
    regions = [{WORLD: [WORLD]}, {"Corridor": corridor},
               {"Rest of the world": [r for r in REGION_PARTS if r not in CORRIDOR]}]
    return {"definitions/variable/variables.yaml": variables,
            "definitions/region/regions.yaml": regions,
            "nomenclature.yaml": {"illegal-characters": []}}


def write_definitions(folder: Path, lithium_basis: str = "Li") -> list[Path]:
    """Write :func:`definitions` under ``folder``; return the paths written."""
    import yaml

    written = []
    for name, doc in definitions(lithium_basis).items():
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                                  sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
        written.append(path)
    return written
