"""The scenario schema: pydantic models whose defaults are the central assumptions.

Unknown keys are errors. Each default cites its source in its description. Every series
of values at anchor years is an :class:`Anchors`: written in YAML as ``{2030: 0.6}``, with
two optional flags in the same mapping, ``replace: true`` (drop the base's anchors after
history) and ``history: true`` (allow anchors in the data's history years); see
:mod:`corridor.config.rules` for the one override rule.

Examples
--------
>>> Anchors[float].model_validate({2035: 0.9, 2030: 0.6, "replace": True}).model_dump()
{2030: 0.6, 2035: 0.9, 'replace': True}
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_serializer,
    model_validator,
)

from corridor.config.rules import FLAGS, changed, format_error, merge, nest, normalise
from corridor.dims import (
    BATTERY_APPLICATIONS,
    CHEMISTRIES,
    FIRST_YEAR,
    LAST_YEAR,
    LIFETIME_GROUPS,
    MINERALS,
    MODES,
    POWERTRAINS,
    REGION_PARTS,
    SEGMENTS,
    STAGES,
    STATUSES,
)
from corridor.errors import InputError, note_warning

# Numbers are strict: a YAML boolean or a quoted text is not a number. Every quantity has
# an upper bound far beyond any plausible value, so that a typo (1e6 for 1.6) is an error
# rather than a result with 190 digits.
Number = Annotated[float, Field(strict=True)]
Whole = Annotated[int, Field(strict=True)]
Year = Annotated[Whole, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Share = Annotated[Number, Field(ge=0.0, le=1.0)]
Multiplier = Annotated[Number, Field(ge=0.0, le=3.0)]
LifetimeParameter = Annotated[Number, Field(gt=0.0, le=100.0)]  # years (or Weibull shape)
PackSize = Annotated[Number, Field(gt=0.0, le=2000.0)]  # kWh/vehicle; trucks are under 1,000
Vehicles = Annotated[Number, Field(ge=0.0, le=1e10)]  # the world's fleet is about 1.5e9
StorageGWh = Annotated[Number, Field(ge=0.0, le=1e5)]  # GWh/yr; world 2023: about 40 GWh
Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
Region = Literal[REGION_PARTS]  # type: ignore[valid-type]
Mode = Literal[MODES]  # type: ignore[valid-type]
Segment = Literal[SEGMENTS]  # type: ignore[valid-type]
Powertrain = Literal[POWERTRAINS]  # type: ignore[valid-type]
Chemistry = Literal[CHEMISTRIES]  # type: ignore[valid-type]
Mineral = Literal[MINERALS]  # type: ignore[valid-type]
LifetimeGroup = Literal[LIFETIME_GROUPS]  # type: ignore[valid-type]
Application = Literal[BATTERY_APPLICATIONS]  # type: ignore[valid-type]
Stage = Literal[STAGES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
V = TypeVar("V")


class Strict(BaseModel):
    """Base model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def _sums_to_one(shares: Mapping[Any, float], what: str) -> None:
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} must sum to 1, not {total:.6g}")


class Anchors(Strict, Generic[V]):
    """Values at anchor years, and how they combine with the base's (see ``config``)."""

    points: dict[Year, V] = Field(default_factory=dict)
    replace: bool = Field(False, strict=True, description="drop the base's anchors after "
                          "history")
    history: bool = Field(False, strict=True, description="allow anchors in the data's "
                          "history years")

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, value):
        if isinstance(value, Mapping) and "points" not in value:
            return {"points": {k: v for k, v in value.items() if k not in FLAGS},
                    **{k: value[k] for k in FLAGS if k in value}}
        if not isinstance(value, Mapping | Anchors):  # pydantic would name the generic type
            raise ValueError(f"give values by year, such as {{2030: {value!r}}}")
        return value

    @model_validator(mode="after")
    def _some_years(self):
        if not self.points:
            raise ValueError("give at least one year")
        return self

    @model_serializer
    def _dump(self) -> dict:
        out: dict = {year: self.points[year] for year in sorted(self.points)}
        out.update({flag: True for flag in FLAGS if getattr(self, flag)})
        return out

    def onto(self, base: Mapping[int, V], last_history: int, label: str,
             notes: list[str] | None = None) -> dict[int, V]:
        """These anchors merged onto ``base`` (the data's) by the override rule.

        Points after ``last_history`` merge point by point (these win); ``replace`` drops
        the base's points after ``last_history``; points at or before it need ``history``,
        and with both flags the base is dropped entirely. With ``notes``, a scalar series
        whose merged anchors after ``last_history`` go down and up again gets a warning
        (:func:`corridor.errors.note_warning`): typically a one-year override between the base's
        anchors.

        >>> Anchors[float](points={2030: 0.5}).onto({2024: 0.2, 2035: 0.9}, 2024, "x")
        {2024: 0.2, 2030: 0.5, 2035: 0.9}
        >>> Anchors[float](points={2030: 0.5}, replace=True).onto({2024: 0.2, 2035: 0.9},
        ...                                                       2024, "x")
        {2024: 0.2, 2030: 0.5}
        """
        early = sorted(y for y in self.points if y <= last_history)
        if early and not self.history:
            raise InputError(f"{label}: {early[0]} is a history year (the data run to "
                             f"{last_history}); add 'history: true' to change history")
        if self.replace:
            base = {} if self.history else {y: v for y, v in base.items() if y <= last_history}
        merged = {**base, **self.points}
        merged = {year: merged[year] for year in sorted(merged)}
        if notes is not None:
            warn_if_dips({y: v for y, v in merged.items() if y > last_history}, label, notes)
        return merged


def warn_if_dips(points: Mapping[int, Any], label: str, notes: list[str]) -> None:
    """A warning among ``notes`` if a scalar path through ``points`` goes down and up again
    (typically a one-year override between the base's anchors)."""
    if all(isinstance(v, float | int) for v in points.values()) and dips(points):
        path = " -> ".join(f"{points[y]:.4g} in {y}" for y in sorted(points))
        note_warning(notes, f"{label}: the path goes down and up again ({path}); if a base's "
                    "anchors cause it, add 'replace: true' to drop them")


def dips(points: Mapping[int, float]) -> bool:
    """True if a path through ``points`` falls and then rises again.

    >>> dips({2024: 0.6, 2030: 0.4, 2035: 1.0}), dips({2024: 0.1, 2030: 0.4, 2035: 0.4})
    (True, False)
    """
    values = [points[y] for y in sorted(points)]
    fell = False
    for a, b in pairwise(values):
        fell = fell or b < a
        if fell and b > a:
            return True
    return False


class Pathway(Strict):
    """EV sales pathway of one region and mode (anchors on top of the IEA's).

    ``share`` gives the EV share of new sales of the mode at anchor years and ``split`` the
    powertrain split of EV sales; both merge onto the data's anchors (the IEA projection of
    the region, if any). Paths are linear between anchors; after the last, the share follows
    a logistic curve through the last two points (see ``corridor.demand.sales``). For
    modes whose total market is not published (two/three-wheelers), ``growth`` instead
    grows EV sales at a constant rate from the last history year, or ``sales`` gives them
    relative to the last history year at anchor years (geometric between, flat after).
    """

    share: Anchors[Share] | None = None
    split: Anchors[dict[Powertrain, Share]] | None = Field(
        None, description="powertrain split of EV sales at anchor years; sums to 1")
    growth: Number | None = Field(None, ge=-0.5, le=1.0)
    sales: Anchors[Annotated[Number, Field(gt=0.0, le=1000.0)]] | None = Field(
        None, description="EV sales relative to the last history year, at anchor years "
        "(geometric between, flat after the last)")

    @model_validator(mode="after")
    def _one_kind(self):
        given = [k for k in ("share", "growth", "sales") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of share, growth and sales, not {' and '.join(given)}")
        for year, split in (self.split.points if self.split else {}).items():
            _sums_to_one(split, f"split {year}")
        return self


class EVSales(Strict):
    """How EV sales are projected."""

    iea_scenario: Literal["STEPS", "APS"] = Field(
        "STEPS", description="IEA Global EV Outlook 2024 projection used for the anchors "
        "2025/2030/2035 of China, Europe, the United States and the Rest of World")
    saturation: Share = Field(
        1.0, description="long-run EV share of new sales of each mode reached by the logistic "
        "extension after the last anchor (assumption: all new vehicles electric)")
    market_growth: Number = Field(
        0.0, ge=-0.1, le=0.1, description="annual growth of total new-vehicle sales after the "
        "last anchor (assumption: flat markets after 2035; the IEA publishes none)")
    share_floor: dict[Mode, Anchors[Share]] = Field(
        default_factory=dict, description="minimum EV share of new sales in every region, by "
        "mode and year, rising linearly from the region's last observed share to the first "
        "anchor (used by NZE)")
    pathways: dict[Region, dict[Mode, Pathway]] = Field(default_factory=dict)
    stock_targets: dict[Region, dict[Segment, Anchors[Vehicles]]] = Field(
        default_factory=dict, description="fleet sizes (vehicles) at target years; the "
        "segment is solved stock-driven from the last history year to its last target year")


class LifetimeSpec(Strict):
    """Lifetime distribution in years."""

    distribution: Literal["normal", "lognormal", "weibull", "fixed"]
    mean: LifetimeParameter | None = None
    sd: LifetimeParameter | None = None
    shape: LifetimeParameter | None = None
    scale: LifetimeParameter | None = None

    @model_validator(mode="after")
    def _params(self):
        need = {"normal": ("mean", "sd"), "lognormal": ("mean", "sd"),
                "weibull": ("shape", "scale"), "fixed": ("mean",)}[self.distribution]
        missing = [p for p in need if getattr(self, p) is None]
        if missing:
            raise ValueError(f"{self.distribution} lifetime needs {', '.join(missing)}")
        extra = [p for p in ("mean", "sd", "shape", "scale")
                 if p not in need and getattr(self, p) is not None]
        if extra:
            raise ValueError(f"{self.distribution} lifetime takes no {', '.join(extra)}")
        return self


class Storage(Strict):
    """Stationary battery storage deployment."""

    scenario: Literal["STEPS", "APS", "NZE"] = Field(
        "STEPS", description="row group of the storage_deployment table used for projections")
    anchors: dict[Region, Anchors[StorageGWh]] = Field(
        default_factory=dict, description="GWh/yr deployed at anchor years, merged onto the "
        "data's")


class Batteries(Strict):
    """Pack sizes, chemistry, anodes and energy density."""

    pathway: Literal["STEPS", "APS", "NZE"] = Field(
        "STEPS", description="row group of the chemistry_share and anode_share tables used "
        "after 2030 (technology pathways to 2050, corridor assumptions)")
    silicon_share: Anchors[Share] | None = Field(
        None, description="share of liquid lithium-ion GWh with silicon-graphite anodes at "
        "anchor years, merged onto the anode_share table's")
    shift: dict[Chemistry, Anchors[Share]] = Field(
        default_factory=dict, description="share points of EV GWh moved into a chemistry at "
        "anchor years (linear between, none before the first), taken from the others in "
        "proportion to their shares: a technology case's lever")
    density_gain: Annotated[Number, Field(ge=0.0, le=0.05)] = Field(
        0.005, description="yearly fall of every battery mineral's kg per kWh after 2025, the "
        "year of the BatPaC 5.2 designs (assumption: energy-density gains)")

    pack_growth: dict[Mode, Annotated[Number, Field(ge=-0.5, le=0.5)]] = Field(
        default_factory=dict, description="annual change of kWh per vehicle after the last "
        "anchor, by mode (default 0: packs stay at their latest size)")
    pack_size: dict[Region, dict[Segment, Anchors[PackSize]]] = Field(
        default_factory=dict, description="kWh per vehicle at anchor years, merged onto the "
        "pack_size table's (the region's rows, else World's)")
    chemistry: dict[Application, dict[Region, Anchors[dict[Chemistry, Share]]]] = Field(
        default_factory=dict, description="chemistry shares at anchor years, merged onto the "
        "chemistry_share table's year by year; each year's shares sum to 1")

    @model_validator(mode="after")
    def _shares(self):
        for app, regions in self.chemistry.items():
            for region, series in regions.items():
                for year, shares in series.points.items():
                    _sums_to_one(shares, f"chemistry {app} {region} {year}")
        return self


class SecondLife(Strict):
    share: Share = Field(0.0, description="share of retired EV batteries repurposed before "
                         "recycling (assumption 0; Busch et al. 2024 use 0.5 in a baseline)")
    years: Annotated[Whole, Field(ge=0, le=30)] = Field(
        8, description="years in second use before recycling (assumption)")


class Replacement(Strict):
    share: Share = Field(0.0, description="share of surviving vehicles that get one new battery "
                         "(assumption 0: the IEA finds EV batteries outlast expectations)")
    age: Annotated[Whole, Field(ge=1, le=30)] = Field(
        8, description="age at replacement, years (the usual 8-year battery warranty)")


class Recycling(Strict):
    collection_rate: Anchors[Share] = Field(
        default_factory=lambda: Anchors[Share](points={FIRST_YEAR: 0.5, 2030: 0.9}),
        description="share of end-of-life batteries collected for recycling, interpolated "
        "between years (assumption: no published EV-battery collection rate was found)")
    recovery_case: Text = Field(
        "China MIIT standard", description="row group of the recovery_rate table (default: "
        "China's standard, where over 80% of recycling capacity is: IEA Global EV Outlook 2024)")
    recovery_rate: dict[Mineral, Anchors[Share]] = Field(
        default_factory=dict, description="share of each mineral recovered at anchor years, "
        "merged onto the recovery case's rows (a step function between anchors)")
    scrap_rate: Anchors[Annotated[Number, Field(ge=0.0, lt=1.0)]] = Field(
        default_factory=lambda: Anchors[float](points={FIRST_YEAR: 0.1, 2030: 0.05}),
        description="share of material input lost as cell-manufacturing scrap, interpolated")
    scrap_recovery_case: Text = Field(
        "China MIIT standard", description="recovery_rate case applied to manufacturing scrap")
    second_life: SecondLife = Field(default_factory=SecondLife)
    replacement: Replacement = Field(default_factory=Replacement)


CASES_DIR = Path(str(resources.files("corridor") / "config" / "cases"))


def builtin_cases() -> list[str]:
    """Names of the built-in technology cases (:mod:`corridor.config.cases`)."""
    return sorted(p.stem for p in CASES_DIR.glob("*.yaml"))


class Uncertainty(Strict):
    """Monte Carlo input distributions (see docs/assumptions.md for their rationale)."""

    lifetime_cv: Annotated[Number, Field(ge=0, le=0.5)] = Field(
        0.15, description="sd of a lognormal multiplier of every lifetime, per draw and mode")
    pack_cv: Annotated[Number, Field(ge=0, le=0.5)] = Field(
        0.10, description="sd of a lognormal multiplier of kWh per vehicle, per draw and mode")
    adoption_range: tuple[Multiplier, Multiplier] = Field(
        (0.8, 1.2), description="uniform multiplier of projected EV sales, per draw and "
        "mode, reached in 2030 from 1 in the last history year and capped at the whole market")
    cases: list[Text] = Field(
        ["faster-lfp-sodium", "high-nickel", "silicon-rich", "solid-state"],
        description="built-in technology cases a draw moves towards, each a uniform(0, 1) "
        "fraction of the way (chemistry and anode pathways between the cases)")
    scrap_range: tuple[Multiplier, Multiplier] = Field(
        (0.5, 1.5), description="uniform multiplier of the scrap rate")
    collection_range: tuple[Share, Share] = Field(
        (0.7, 1.0), description="uniform multiplier of the collection rate")
    recovery_range: tuple[Share, Share] = Field(
        (0.9, 1.0), description="uniform multiplier of recovery rates, per draw and mineral")
    clean_energy_range: tuple[Multiplier, Multiplier] = Field(
        (0.8, 1.2), description="the low and high ends of a clean-energy intensity row "
        "without a published range (cleantech_intensity low/high), as multipliers of its "
        "value; a draw places every row of a technology at one position of its range "
        "(assumption: the spread between corridor's design-mix averages and the IEA 2021 "
        "fleet averages, 0.62 to 1.21)")
    clean_energy_published: bool = Field(
        True, description="take a clean-energy intensity row's published low and high where "
        "it has them (false: clean_energy_range around every row)")
    clean_energy_published_cap: Annotated[Number, Field(ge=1.0, le=100.0)] = Field(
        2.0, description="a published low or high beyond this factor of its row's value is "
        "cut to it (assumption: the compilations' min/max span studies of 1974-2023, designs "
        "long out of production among them; a zero row keeps no range)")

    @model_validator(mode="after")
    def _ordered(self):
        for name in ("adoption_range", "scrap_range", "collection_range", "recovery_range",
                     "clean_energy_range"):
            lo, hi = getattr(self, name)
            if lo > hi:
                raise ValueError(f"{name}: low {lo} above high {hi}")
        known = builtin_cases()
        unknown = [c for c in self.cases if c not in known]
        if unknown:
            raise ValueError(f"cases: {unknown[0]!r} is not a built-in technology case "
                             f"({', '.join(known)})")
        if len(set(self.cases)) < len(self.cases):
            raise ValueError("cases: a case is named twice")
        return self


#: Default share of nameplate counted by status (assumption: announced projects at half,
#: paused and cancelled ones not at all).
REALISATION = {"operating": 1.0, "under construction": 1.0, "committed": 1.0, "announced": 0.5,
               "paused": 0.0, "cancelled": 0.0}


class Supply(Strict):
    """How the facility pipeline turns into capacity (see ``corridor.supply.pipeline``)."""

    realisation: dict[Status, Share] = Field(
        default_factory=lambda: dict(REALISATION), description="share of nameplate capacity "
        "counted, by status; statuses not given keep the base's value")
    restart: list[Text] = Field(
        default_factory=list, max_length=1000, description="ids of paused or cancelled "
        "facilities this scenario restarts: they count as under construction from restart_year")
    restart_year: Year = Field(2028, description="first year of a restarted facility's ramp")
    ramp_years: Annotated[Whole, Field(ge=0, le=10)] = Field(
        3, description="years from start to full capacity, linear (assumption; 0: at once)")
    utilisation: dict[Stage, Share] = Field(
        default_factory=dict, description="share of effective capacity used, by stage "
        "(default 1: balances at nameplate)")
    natural_graphite_share: Anchors[Share] = Field(
        default_factory=lambda: Anchors[Share](points={2024: 0.16}), description="share of "
        "battery graphite that is natural (mined), the rest synthetic (made from needle coke "
        "at anode plants): the part of graphite demand the mining stage serves (assumption "
        "from EV Tank: synthetic 84.4% of China's anode shipments in 2024; held flat)")

    @model_validator(mode="after")
    def _complete(self):
        if set(self.realisation) != set(REALISATION):
            self.realisation = {**REALISATION, **self.realisation}
        return self


Capacity = Annotated[Number, Field(ge=0.0, le=1e9)]  # GW or km; world solar PV 2023: ~1,400 GW


class CleanEnergy(Strict):
    """Clean-energy technologies beside vehicles and storage: solar PV, wind, electricity
    networks, electrolysers, nuclear (:mod:`corridor.demand.cleantech`). Technologies and
    designs are the data's (``cleantech_technology``, ``cleantech_mix``), checked when the
    scenario runs."""

    pathway: Literal["STEPS", "APS", "NZE"] = Field(
        "STEPS", description="row group of the cleantech_deployment table used after history")
    capacity: dict[Text, dict[Region, Anchors[Capacity]]] = Field(
        default_factory=dict, description="installed capacity at the end of anchor years, by "
        "technology and region, in the technology's unit (cleantech_technology), merged onto "
        "the data's")
    mix: dict[Text, Anchors[dict[Text, Share]]] = Field(
        default_factory=dict, description="design shares of new installations at anchor "
        "years, by technology, merged onto the cleantech_mix table's; each year's sum to 1")

    @model_validator(mode="after")
    def _shares(self):
        for technology, series in self.mix.items():
            for year, shares in series.points.items():
                _sums_to_one(shares, f"mix {technology} {year}")
        return self


class Scenario(Strict):
    """A complete, validated scenario (see :func:`corridor.load_scenario`)."""

    name: Text = Field(min_length=1)
    description: Annotated[str, Field(max_length=2000)] = ""
    ev_sales: EVSales = Field(default_factory=EVSales)
    storage: Storage = Field(default_factory=Storage)
    lifetimes: dict[LifetimeGroup, LifetimeSpec] = Field(
        default_factory=dict, description="overrides of the lifetime table by mode")
    batteries: Batteries = Field(default_factory=Batteries)
    recycling: Recycling = Field(default_factory=Recycling)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    supply: Supply = Field(default_factory=Supply)
    clean_energy: CleanEnergy = Field(default_factory=CleanEnergy)

    def to_yaml(self) -> str:
        """The resolved settings as YAML: every default filled in, integer years in order.

        >>> from corridor.config import load_scenario
        >>> "2030: 0.9" in load_scenario("STEPS").to_yaml()
        True
        """
        import yaml

        def plain(value):
            if isinstance(value, Mapping):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return yaml.safe_dump(plain(self.model_dump()), sort_keys=False, allow_unicode=True)

    def with_changes(self, changes: Mapping[str, Any]) -> Scenario:
        """A copy with ``changes`` merged by the override rule and validated.

        ``changes`` maps dotted keys (or nested mappings) to values, as in a scenario file;
        without a ``name`` the copy is called ``<name>-changed``.

        >>> from corridor.config import load_scenario
        >>> s = load_scenario("STEPS").with_changes({"recycling.collection_rate": {2040: 1.0}})
        >>> s.name, s.recycling.collection_rate.points
        ('STEPS-changed', {2010: 0.5, 2030: 0.9, 2040: 1.0})
        """
        return derive(self, changes, f"scenario {self.name}")


def validated(raw: Mapping[str, Any], label: str) -> Scenario:
    """``raw`` settings as a :class:`Scenario`; one :class:`InputError` line if they fail."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as err:
        raise InputError(format_error(err, label)) from None


def derive(base: Scenario, changes: Mapping[str, Any], label: str) -> Scenario:
    """``base`` with ``changes`` (a scenario file's settings, or dotted keys) merged onto it.

    The name is the changes' own, else ``<base>-changed``; the description the changes'
    own, else ``"<base> with changes: <keys>"``.
    """
    changes = normalise(nest(changes))
    changes.pop("base", None)
    raw = merge(base.model_dump(), changes)
    raw["name"] = changes.get("name", f"{base.name}-changed")
    if "description" not in changes:
        keys = changed(changes)
        more = f" and {len(keys) - 10:,} more" if len(keys) > 10 else ""
        raw["description"] = f"{base.name} with changes: {', '.join(keys[:10])}{more}"
    return validated(raw, label)
