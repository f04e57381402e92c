"""Scenario configuration: pydantic models, built-in scenarios and user files.

A scenario is a YAML file validated by :class:`Scenario`. Unknown keys are errors. The
defaults below are the central assumptions; each cites its source in its description.
Built-in scenarios (``STEPS``, ``APS``, ``NZE``) live in ``corridor/scenarios/*.yaml`` and
state only what differs from the defaults; a user file names a ``base`` scenario and
overrides it key by key (nested mappings merge, everything else replaces).

Examples
--------
>>> s = load_scenario("APS")
>>> s.name, s.ev_sales.iea_scenario
('APS', 'APS')
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from corridor.coords import (
    FIRST_YEAR,
    LAST_YEAR,
    MODES,
    POWERTRAINS,
    REGION_PARTS,
    SEGMENTS,
    STAGES,
    STATUSES,
)
from corridor.errors import InputError

BUILTIN = ("STEPS", "APS", "NZE")

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]
Multiplier = Annotated[float, Field(ge=0.0, le=3.0)]
Region = Literal[REGION_PARTS]  # type: ignore[valid-type]
Mode = Literal[MODES]  # type: ignore[valid-type]
Segment = Literal[SEGMENTS]  # type: ignore[valid-type]
Powertrain = Literal[POWERTRAINS]  # type: ignore[valid-type]
LifetimeGroup = Literal[(*MODES, "Stationary Storage")]  # type: ignore[valid-type]
Stage = Literal[STAGES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]


class Strict(BaseModel):
    """Base model: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _sums_to_one(shares: dict[Any, float], what: str) -> None:
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"{what} must sum to 1, not {total:.6g}")


class Pathway(Strict):
    """EV sales pathway of one region and mode (overrides the IEA anchors of the data).

    ``share`` gives the EV share of new sales of the mode at anchor years; sales are
    interpolated linearly between anchors, and after the last anchor the share follows
    a logistic curve through the last two points (see ``corridor.model.sales``).
    ``growth`` instead grows EV sales at a constant rate from the last history year (for
    modes whose total market is not published, such as two/three-wheelers).
    """

    share: dict[Year, Share] | None = None
    split: dict[Year, dict[Powertrain, Share]] | None = Field(
        None, description="powertrain split of EV sales at anchor years; sums to 1")
    growth: float | None = Field(None, ge=-0.5, le=1.0)

    @model_validator(mode="after")
    def _one_kind(self):
        if self.share is not None and self.growth is not None:
            raise ValueError("give either share or growth, not both")
        for year, split in (self.split or {}).items():
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
    market_growth: float = Field(
        0.0, ge=-0.1, le=0.1, description="annual growth of total new-vehicle sales after the "
        "last anchor (assumption: flat markets after 2035; the IEA publishes none)")
    share_floor: dict[Mode, dict[Year, Share]] = Field(
        default_factory=dict, description="minimum EV share of new sales in every region, by "
        "mode and year (used by NZE)")
    pathways: dict[Region, dict[Mode, Pathway]] = Field(default_factory=dict)
    stock_targets: dict[Region, dict[Segment, dict[Year, Annotated[float, Field(ge=0)]]]] = Field(
        default_factory=dict, description="fleet sizes (vehicles) at target years; the "
        "segment is solved stock-driven from the last history year to its last target year")


class LifetimeSpec(Strict):
    """Lifetime distribution in years."""

    distribution: Literal["normal", "lognormal", "weibull", "fixed"]
    mean: Positive | None = None
    sd: Positive | None = None
    shape: Positive | None = None
    scale: Positive | None = None

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
    anchors: dict[Region, dict[Year, Annotated[float, Field(ge=0)]]] = Field(
        default_factory=dict, description="GWh/yr deployed at anchor years, overriding the data")


class Batteries(Strict):
    """Pack sizes and chemistry."""

    pack_growth: dict[Mode, float] = Field(
        default_factory=dict, description="annual change of kWh per vehicle after the last data "
        "year, by mode (default 0: packs stay at their latest published size)")
    chemistry: dict[Literal["Electric Vehicles", "Stationary Storage"],
                    dict[Region, dict[Year, dict[str, Share]]]] = Field(
        default_factory=dict, description="chemistry shares at anchor years overriding the data; "
        "each year's shares sum to 1")

    @model_validator(mode="after")
    def _shares(self):
        for app, regions in self.chemistry.items():
            for region, years in regions.items():
                for year, shares in years.items():
                    _sums_to_one(shares, f"chemistry {app} {region} {year}")
        return self


class SecondLife(Strict):
    share: Share = Field(0.0, description="share of retired EV batteries repurposed before "
                         "recycling (assumption 0; Busch et al. 2024 use 0.5 in a baseline)")
    years: Annotated[int, Field(ge=0, le=30)] = Field(
        8, description="years in second use before recycling (assumption)")


class Replacement(Strict):
    share: Share = Field(0.0, description="share of surviving vehicles that get one new battery "
                         "(assumption 0: the IEA finds EV batteries outlast expectations)")
    age: Annotated[int, Field(ge=1, le=30)] = Field(
        8, description="age at replacement, years (the usual 8-year battery warranty)")


class Recycling(Strict):
    collection_rate: dict[Year, Share] = Field(
        default_factory=lambda: {FIRST_YEAR: 0.5, 2030: 0.9},
        description="share of end-of-life batteries collected for recycling, interpolated "
        "between years (assumption: no published EV-battery collection rate was found)")
    recovery_case: str = Field(
        "China MIIT standard", description="row group of the recovery_rate table (default: "
        "China's standard, where over 80% of recycling capacity is: IEA Global EV Outlook 2024)")
    scrap_rate: dict[Year, Annotated[float, Field(ge=0.0, lt=1.0)]] = Field(
        default_factory=lambda: {FIRST_YEAR: 0.1, 2030: 0.05},
        description="share of material input lost as cell-manufacturing scrap, interpolated")
    scrap_recovery_case: str = Field(
        "China MIIT standard", description="recovery_rate case applied to manufacturing scrap")
    second_life: SecondLife = Field(default_factory=SecondLife)
    replacement: Replacement = Field(default_factory=Replacement)


class Uncertainty(Strict):
    """Monte Carlo input distributions (see docs/assumptions.md for their rationale)."""

    lifetime_cv: Annotated[float, Field(ge=0, le=0.5)] = Field(
        0.15, description="sd of a lognormal multiplier of every lifetime, per draw and mode")
    pack_cv: Annotated[float, Field(ge=0, le=0.5)] = Field(
        0.10, description="sd of a lognormal multiplier of kWh per vehicle, per draw and mode")
    chemistry_sigma: Annotated[float, Field(ge=0, le=2)] = Field(
        0.3, description="sd of log-weights tilting chemistry shares, per draw and chemistry")
    scrap_range: tuple[Multiplier, Multiplier] = Field(
        (0.5, 1.5), description="uniform multiplier of the scrap rate")
    collection_range: tuple[Share, Share] = Field(
        (0.7, 1.0), description="uniform multiplier of the collection rate")
    recovery_range: tuple[Share, Share] = Field(
        (0.9, 1.0), description="uniform multiplier of recovery rates, per draw and mineral")

    @model_validator(mode="after")
    def _ordered(self):
        for name in ("scrap_range", "collection_range", "recovery_range"):
            lo, hi = getattr(self, name)
            if lo > hi:
                raise ValueError(f"{name}: low {lo} above high {hi}")
        return self


#: Default share of nameplate counted by status (assumption: announced projects at half,
#: paused and cancelled ones not at all).
REALISATION = {"operating": 1.0, "under construction": 1.0, "committed": 1.0, "announced": 0.5,
               "paused": 0.0, "cancelled": 0.0}


class Supply(Strict):
    """How the facility pipeline turns into capacity (see ``corridor.supply.pipeline``)."""

    realisation: dict[Status, Share] = Field(
        default_factory=dict, description="share of nameplate capacity counted, by status; "
        "statuses not given keep REALISATION's value")
    restart: list[str] = Field(
        default_factory=list, description="ids of paused or cancelled facilities this scenario "
        "restarts: they count as under construction from restart_year")
    restart_year: Year = Field(2028, description="first year of a restarted facility's ramp")
    ramp_years: Annotated[int, Field(ge=0, le=10)] = Field(
        3, description="years from start to full capacity, linear (assumption; 0: at once)")
    utilisation: dict[Stage, Share] = Field(
        default_factory=dict, description="share of effective capacity used, by stage "
        "(default 1: balances at nameplate)")

    @model_validator(mode="after")
    def _complete(self):
        if set(self.realisation) != set(REALISATION):
            self.realisation = {**REALISATION, **self.realisation}
        return self


class Scenario(Strict):
    """A complete, validated scenario."""

    name: str = Field(min_length=1)
    description: str = ""
    ev_sales: EVSales = Field(default_factory=EVSales)
    storage: Storage = Field(default_factory=Storage)
    lifetimes: dict[LifetimeGroup, LifetimeSpec] = Field(
        default_factory=dict, description="overrides of the lifetime table by mode")
    batteries: Batteries = Field(default_factory=Batteries)
    recycling: Recycling = Field(default_factory=Recycling)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    supply: Supply = Field(default_factory=Supply)


def _merge(base: dict, override: dict) -> dict:
    """Nested mappings merge; any other value replaces."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path, label: str) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{label}: file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{label}: cannot read file ({err})") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{label}: not valid YAML{where}") from None
    if doc is None:
        raise InputError(f"{label}: file is empty")
    if not isinstance(doc, dict):
        raise InputError(f"{label}: expected a mapping of settings, got {type(doc).__name__}")
    return doc


def _builtin_raw(name: str, seen: tuple[str, ...] = ()) -> dict:
    """A built-in scenario's settings, merged onto its own ``base`` if it names one."""
    path = resources.files("corridor") / "scenarios" / f"{name}.yaml"
    raw = _read_yaml(Path(str(path)), f"built-in scenario {name}")
    base = raw.pop("base", None)
    if base is None:
        return raw
    if base in seen or base not in BUILTIN:
        raise InputError(f"built-in scenario {name}: base: invalid base {base!r}")
    return _merge(_builtin_raw(base, (*seen, name)), raw)


def _format(err: ValidationError, label: str) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif e["type"] == "literal_error":
            msg = f"{msg}, got {e['input']!r}"
        parts.append(f"{loc}: {msg}")
    return f"{label}: " + "; ".join(parts)


def load_scenario(spec: str | Path) -> Scenario:
    """A built-in scenario by name, or a user YAML file merged onto its ``base``.

    Raises
    ------
    InputError
        One line naming the file, the field and the problem.
    """
    name = str(spec)
    if name in BUILTIN:
        raw, label = _builtin_raw(name), f"built-in scenario {name}"
    else:
        path = Path(spec)
        label = str(path)
        user = _read_yaml(path, label)
        base = user.pop("base", None)
        if base is not None and base not in BUILTIN:
            raise InputError(f"{label}: base: unknown scenario {base!r} "
                             f"(choose one of {', '.join(BUILTIN)})")
        raw = _merge(_builtin_raw(base), user) if base else user
        if base:
            raw["name"] = user.get("name", path.stem)
        raw.setdefault("name", path.stem)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as err:
        raise InputError(_format(err, label)) from None
