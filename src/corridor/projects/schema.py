"""A proposed joint project: the fields the committee records, validated.

A project file (YAML) or a row of a project table (CSV) holds one project; its fields map
onto the facility registry's (``stage``, ``product_class``, ``chemistry``, ``capacity``,
``unit``, ``start_year``) so that an assessment can add the project to a scenario's supply.
Unknown keys, a type or status outside the lists, a unit that does not fit the type, a
capacity of zero or below or a start year outside 2000-2060 are errors naming the field.

Examples
--------
>>> p = Project(id="cathode-becancour", name="NCM cathode plant", type="cathode",
...             proponents=[{"name": "A", "country": "South Korea"}], country="Canada",
...             province="Quebec", product_class="NCM", capacity=45, unit="kt/yr",
...             start_year=2028)
>>> p.stage, p.status
('cathode', 'proposed')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from corridor.config.rules import format_error
from corridor.errors import InputError, Invalid

#: Project types and the facility stage each adds capacity to
STAGE_OF = {"mine": "mining", "refinery": "refining", "precursor": "precursor",
            "cathode": "cathode", "anode": "anode", "cell": "cell", "pack": "pack",
            "vehicle assembly": "vehicle assembly", "recycling": "recycling",
            "hydrogen/fuel-cell": "component"}
TYPES = tuple(STAGE_OF)
#: The committee's process, in order
STATUSES = ("proposed", "under assessment", "recommended", "rejected", "withdrawn")
#: What a type's capacity is measured in (pint dimensions of the unit): plants of
#: materials in tonnes a year (of product, contained metal, LCE or feed), cell and pack
#: plants in GWh a year, assembly plants in vehicles, fuel-cell plants in systems
DIMENSION_OF = {"mine": "mass", "refinery": "mass", "precursor": "mass", "cathode": "mass",
                "anode": "mass", "recycling": "mass", "cell": "energy", "pack": "energy",
                "vehicle assembly": "vehicle", "hydrogen/fuel-cell": "system"}
CURRENCIES = ("CAD", "KRW", "USD", "EUR", "JPY")
FIRST_START, LAST_START = 2000, 2060
#: Numeric fields, and those of them that are whole numbers
NUMBERS = {"capacity", "start_year", "ramp_years", "capex", "direct_jobs", "public_support"}
WHOLE = {"start_year", "ramp_years", "direct_jobs"}

Text = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
LongText = Annotated[str, Field(max_length=4000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]*$")]
Money = Annotated[float, Field(ge=0, le=1e15)]  # KRW: a large plant is ~1e13


class Proponent(BaseModel):
    """A company or body behind the project and its home country."""

    model_config = ConfigDict(extra="forbid")
    name: Text
    country: Text


class Project(BaseModel):
    """One proposed project (see the module text)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$", description=(
        "lower-case letters, digits and hyphens, 2-63 characters"))]
    name: Text
    type: Literal[TYPES]  # type: ignore[valid-type]
    proponents: Annotated[list[Proponent], Field(min_length=1, max_length=20)]
    country: Text
    province: Text | None = None
    city: Text | None = None
    product: Text | None = None
    product_class: Text | None = Field(None, description=(
        "the registry's product class (NCM, LFP, Lithium Hydroxide, Electric Vehicles, ...)"))
    chemistry: Text | None = None
    capacity: Annotated[float, Field(gt=0, le=1e9)]
    unit: Text
    start_year: Annotated[int, Field(ge=FIRST_START, le=LAST_START, strict=True)]
    replaces: Text | None = Field(None, description=(
        "id of a facility registry row the project restarts or supersedes (left out of the "
        "supply when the project is assessed, so that it is not counted twice)"))
    ramp_years: Annotated[int, Field(ge=1, le=10, strict=True)] | None = Field(None, description=(
        "years from start to full output; default: the scenario's"))
    capex: Money | None = None
    currency: Literal[CURRENCIES] | None = None  # type: ignore[valid-type]
    direct_jobs: Annotated[int, Field(ge=0, le=1_000_000, strict=True)] | None = None
    public_support: Money | None = None
    status: Literal[STATUSES] = "proposed"  # type: ignore[valid-type]
    notes: LongText = ""
    sources: Annotated[list[Text], Field(max_length=50)] = []

    @property
    def stage(self) -> str:
        """The facility stage the project adds capacity to."""
        return STAGE_OF[self.type]

    @field_validator("unit")
    @classmethod
    def _unit_fits(cls, unit: str, info: ValidationInfo) -> str:
        from corridor.units import parses

        if not parses(unit):
            raise ValueError(f"{unit!r} is not a unit (t/yr, kt/yr, GWh/yr, vehicle/yr, ...)")
        kind = info.data.get("type")  # validated before: it comes first
        if kind and _dimension(unit) != DIMENSION_OF[kind]:
            raise ValueError(f"{unit!r} does not fit a {kind} "
                             f"({_EXAMPLE[DIMENSION_OF[kind]]} a year)")
        return unit

    @model_validator(mode="after")
    def _currency(self) -> Project:
        money = [f for f in ("capex", "public_support") if getattr(self, f) is not None]
        if money and self.currency is None:
            raise ValueError(f"currency: needed with {' and '.join(money)}")
        return self


_EXAMPLE = {"mass": "tonnes (t/yr, kt/yr, t Ni/yr, t LCE/yr)", "energy": "GWh",
            "vehicle": "vehicles (vehicle/yr)", "system": "fuel-cell systems (system/yr)"}


@lru_cache(maxsize=256)
def _dimension(unit: str) -> str:
    """``mass``, ``energy``, ``vehicle`` or ``system`` per year, else ``other``."""
    from corridor.units import registry

    ureg = registry()
    quantity = ureg.Quantity(1, unit)
    for name, reference in (("mass", "t/yr"), ("energy", "GWh/yr"), ("vehicle", "vehicle/yr"),
                            ("system", "system/yr")):
        # contained-element and feed markers multiply a mass: t Ni/yr is a mass a year
        base = quantity / ureg.Quantity(1, reference)
        if base.dimensionless or (set(base.dimensionality) <= {
                "[lithium]", "[nickel]", "[cobalt]", "[feed]"} and name == "mass"):
            return name
    return "other"


def validate(record: dict, label: str) -> Project:
    """``record`` as a :class:`Project`; one :class:`InputError` naming ``label`` and the
    fields otherwise."""
    if not isinstance(record, dict):
        raise InputError(f"{label}: expected a mapping of project fields, got "
                         f"{type(record).__name__}")
    try:
        return Project.model_validate(record)
    except ValidationError as err:
        # a check across fields names its field itself
        raise Invalid(format_error(err, label).replace("(top level): ", "")) from None
