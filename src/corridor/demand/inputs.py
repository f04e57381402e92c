"""A scenario's deterministic inputs: everything the Monte Carlo draws do not change.

:func:`prepare` reads the data tables once per scenario, merges the scenario's anchors onto
the data's by the override rule, and returns :class:`Inputs`, which the chain
(:mod:`corridor.demand.chain`) and every Monte Carlo draw share.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import xarray as xr
from pydantic import ValidationError

from corridor.config.schema import LifetimeSpec, Scenario, warn_if_dips
from corridor.data import Data
from corridor.demand import batteries, fleet, materials, recycling
from corridor.demand.sales import ev_sales, last_history_years
from corridor.dims import LIFETIME_GROUPS
from corridor.errors import InputError


@dataclass
class Inputs:
    """Deterministic inputs of one scenario."""

    scenario: Scenario
    sales: xr.DataArray  # (region, segment, year) vehicle/yr, before stock targets
    pack: xr.DataArray  # (region, segment, year) kWh/vehicle
    chemistry: xr.DataArray  # (application, region, year, chemistry)
    intensity: xr.DataArray  # (chemistry, year, mineral) kg/kWh
    anodes: xr.DataArray  # (chemistry, year, anode) shares
    storage_anchors: dict
    lifetimes: dict[str, fleet.Lifetime]
    platinum: xr.DataArray  # (segment, year) kg/vehicle
    recycling: dict[str, xr.DataArray]
    last_history: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def astype(self, dtype) -> Inputs:
        """A copy with every array in ``dtype`` (float32 halves Monte Carlo memory traffic)."""
        cast = {name: getattr(self, name).astype(dtype)
                for name in ("sales", "pack", "chemistry", "intensity", "platinum")}
        return replace(self, **cast, recycling={k: v.astype(dtype)
                                                for k, v in self.recycling.items()})


def lifetimes(data: Data, scenario: Scenario) -> dict[str, fleet.Lifetime]:
    """Lifetime distribution by mode and for stationary storage (table, then overrides)."""
    df = data.table("lifetime").set_index("group")
    out = {}
    for group in LIFETIME_GROUPS:
        spec = scenario.lifetimes.get(group)
        if spec is None:
            if group not in df.index:
                raise InputError(f"data table {data.path('lifetime')}: no row for {group}")
            row = df.loc[group]
            fields = {k: float(row[k]) for k in ("mean", "sd", "shape", "scale")
                      if not pd.isna(row[k])}
            fields["distribution"] = row["distribution"]
            try:
                spec = LifetimeSpec.model_validate(fields)
            except ValidationError as err:
                problem = err.errors()[0]["msg"].removeprefix("Value error, ")
                raise InputError(f"data table {data.path('lifetime')}: row {group}: "
                                 f"{problem}") from None
        out[group] = fleet.Lifetime(spec.distribution, spec.mean, spec.sd, spec.shape,
                                    spec.scale)
    return out


def _scenario_series_warnings(scenario: Scenario, notes: list[str]) -> None:
    """Warn about the scenario's own series (no data base) that go down and up again."""
    series = {"recycling.collection_rate": scenario.recycling.collection_rate,
              **{f"ev_sales.share_floor.{m}": a for m, a in
                 scenario.ev_sales.share_floor.items()}}
    for name, anchors in series.items():
        warn_if_dips(anchors.points, f"scenario {scenario.name}: {name}", notes)


def prepare(data: Data, scenario: Scenario) -> Inputs:
    """All deterministic inputs of a scenario (bad settings raise :class:`InputError`)."""
    sales, notes = ev_sales(data, scenario)
    _scenario_series_warnings(scenario, notes)
    anodes = batteries.anode_shares(data, scenario)
    return Inputs(
        scenario=scenario,
        sales=sales,
        pack=batteries.pack_sizes(data, scenario, notes),
        chemistry=batteries.chemistry_shares(data, scenario),
        intensity=materials.intensity_path(data, anodes, scenario.batteries.density_gain),
        anodes=anodes,
        storage_anchors=batteries.storage_anchors(data, scenario, notes),
        lifetimes=lifetimes(data, scenario),
        platinum=materials.platinum_per_vehicle(data),
        recycling=recycling.rates(data, scenario),
        last_history=last_history_years(data),
        notes=notes,
    )
