"""Tariff scenario files: dated measures, and the tariffs in force on a day.

A scenario compares the tariffs in force on ``before`` with those in force on ``after``
on one year's flows. A measure names who imposes it, on whom (codes of the trade data,
``Other`` for the rest of the World, or ``all``), on which HS-6 codes or stages (or
``all``), an ad-valorem ``rate`` (0.25 or ``"25%"``), the days it starts and ends, and
the share of the trade it exempts (``exempt_share``: CUSMA/USMCA-qualifying goods, for
instance; the rate then applies to the rest, a trade-weighted average). Measures in force
on the same day on the same flow add up. Elasticities default to SMART's substitution
elasticity and to the values of Francois and Hall's GSIM example (an explicit assumption:
no product-level estimates for the chain's products were found; see docs/assumptions.md).

Built-in files are in ``corridor/trade/scenarios`` (``corridor trade shock --list``).

Examples
--------
>>> s = load_tariffs("us-ieepa-canada-2025")
>>> s.after.isoformat(), s.measures[2].rate
('2025-08-01', 0.35)
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator

from corridor.config.rules import format_error
from corridor.config.schema import Number, Share, Strict, Text
from corridor.config.yamlfile import read_mapping, read_yaml
from corridor.errors import InputError

BUILTIN_DIR = Path(str(resources.files("corridor") / "trade" / "scenarios"))
MAX_RATE = 10.0  # 1,000%: above any tariff in force (the highest, 100% on Chinese EVs)

Code = Annotated[str, Field(pattern=r"^([A-Z0-9]{3,4}|Other|all)$")]
ProductCode = Annotated[str, Field(pattern=r"^([0-9]{6}|all|mining|refining|precursor|"
                                           r"cathode|anode|cell|pack|vehicle assembly)$")]


class Elasticities(Strict):
    """Elasticities of the shock (GSIM signs: import demand negative)."""

    import_demand: Annotated[Number, Field(lt=0, ge=-20, description=(
        "Em of every importer; default -1.25, the value of the published four-region GSIM "
        "example (Francois and Hall 2003), an assumption for the chain's products"))] = -1.25
    substitution: Annotated[Number, Field(gt=0, le=50, description=(
        "Es among sources; default 1.5, the WITS-SMART default (World Bank WITS Online "
        "Help, SMART, 2010)"))] = 1.5
    export_supply: Annotated[Number, Field(gt=0, le=99, description=(
        "Ex of every exporter; default 1.5, the value of the published GSIM example (an "
        "assumption; 99 is SMART's code for infinitely elastic supply)"))] = 1.5


class Measure(Strict):
    """One dated tariff measure."""

    name: Text
    imposer: Code
    targets: Annotated[list[Code], Field(min_length=1, max_length=300)]
    products: Annotated[list[ProductCode], Field(min_length=1, max_length=300)]
    rate: Annotated[Number, Field(ge=0, le=MAX_RATE)]
    start: dt.date
    end: dt.date | None = None
    exempt_share: Share = 0.0
    status: Text = ""
    source: Text

    @field_validator("rate", mode="before")
    @classmethod
    def _percent(cls, value):
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                return float(value.strip()[:-1]) / 100
            except ValueError:
                raise ValueError(f"not a percentage: {value!r}") from None
        return value

    @model_validator(mode="after")
    def _dates(self):
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class TariffScenario(Strict):
    """A tariff scenario file (see the module text)."""

    name: Text
    description: Annotated[str, Field(max_length=2000)] = ""
    year: Annotated[int, Field(strict=True, ge=1995, le=2100)] | None = None
    before: dt.date
    after: dt.date
    elasticities: Elasticities = Elasticities()
    measures: Annotated[list[Measure], Field(min_length=1, max_length=1000)]


def builtin_tariffs() -> list[str]:
    """Names of the built-in tariff scenarios."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def load_tariffs(spec: str | Path) -> TariffScenario:
    """A built-in tariff scenario by name, or a file; one :class:`InputError` line if bad."""
    path = BUILTIN_DIR / f"{spec}.yaml" if str(spec) in builtin_tariffs() else Path(spec)
    label = f"tariff scenario {path}" if path.parent != BUILTIN_DIR else \
        f"built-in tariff scenario {spec}"
    if path.suffix not in (".yaml", ".yml"):
        raise InputError(f"tariff scenario {spec!r}: not a built-in ({', '.join(builtin_tariffs())}"
                         ") nor a .yaml file")
    return _validated(read_yaml(path, label), label)


def tariffs_from_text(text: str, label: str = "uploaded tariff scenario") -> TariffScenario:
    """A tariff scenario from YAML text (an uploaded file); one :class:`InputError` line
    naming ``label`` if it is bad."""
    return _validated(read_mapping(text, label), label)


def _validated(raw: dict, label: str) -> TariffScenario:
    try:
        return TariffScenario.model_validate(raw)
    except ValidationError as err:
        raise InputError(format_error(err, label)) from None
