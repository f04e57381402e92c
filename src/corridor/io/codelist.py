"""The variable codelist: every reported variable, its unit and where its numbers come from.

``io/variables.csv`` has one row per IAMC variable: ``variable``, ``unit``, ``description``
and the mapping that makes the IAMC table data-driven: ``group`` (the results group),
``array`` (its variable) and ``select`` (``dim=value`` pairs joined by ``; ``; a value may
also be a non-dimension coordinate, such as ``mode=Cars`` along ``segment``). Every other
dimension of the array except ``scenario``, ``region``, ``year`` and ``quantile`` is summed.
Adding a variable is adding a row.

The same list is published in the IAMC common-definitions format (``nomenclature``):
:func:`write_definitions` writes ``variable/variables.yaml`` and ``region/regions.yaml``
(the shipped copy is ``corridor/io/definitions``, kept in sync by the tests).

Examples
--------
>>> codes = codelist()
>>> codes.loc["Material Demand|Lithium", "unit"]
'kt Li/yr'
>>> selection("mineral=Lithium; application=Electric Vehicles")
{'mineral': 'Lithium', 'application': 'Electric Vehicles'}
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from corridor.dims import CORRIDOR_REGION, REGION_PARTS, WORLD


@cache
def codelist() -> pd.DataFrame:
    """The codelist, indexed by ``variable``."""
    path = resources.files("corridor") / "io" / "variables.csv"
    return pd.read_csv(str(path), dtype=str, keep_default_na=False).set_index("variable")


def selection(text: str) -> dict[str, str]:
    """The ``select`` column as a mapping."""
    pairs = [p.split("=", 1) for p in text.split("; ") if p]
    return {key.strip(): value.strip() for key, value in pairs}


def definitions() -> dict[str, list]:
    """The codelist and regions as IAMC common-definitions YAML documents."""
    codes = codelist()
    variables = [{name: {"description": row.description, "unit": row.unit}}
                 for name, row in codes.iterrows()]
    regions = [{"corridor": [WORLD, *REGION_PARTS, CORRIDOR_REGION]}]
    return {"variable/variables.yaml": variables, "region/regions.yaml": regions}


def write_definitions(folder: Path) -> list[Path]:
    """Write :func:`definitions` under ``folder`` (e.g. ``definitions/``) for nomenclature."""
    import yaml

    written = []
    for name, doc in definitions().items():
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
        written.append(path)
    return written
