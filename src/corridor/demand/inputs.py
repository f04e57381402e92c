"""A scenario's deterministic inputs: everything the Monte Carlo draws do not change.

:func:`prepare` reads the data tables once per scenario, merges the scenario's anchors onto
the data's by the override rule, and returns :class:`Inputs`, which the chain
(:mod:`corridor.demand.chain`) and every Monte Carlo draw share.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import xarray as xr

from corridor.config.cases import with_case
from corridor.config.schema import Scenario, warn_if_dips
from corridor.data import Data
from corridor.demand import batteries, cleantech, fleet, materials, recycling
from corridor.demand.sales import ev_sales, last_history_years
from corridor.dims import LIFETIME_GROUPS


@dataclass
class Inputs:
    """Deterministic inputs of one scenario."""

    scenario: Scenario
    sales: xr.DataArray  # (region, segment, year) vehicle/yr, before stock targets
    ev_share: xr.DataArray  # (region, segment, year) projected EV share of the mode market
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
    #: (case, application, region, year, mineral) kg/kWh: how far each technology case of
    #: ``scenario.uncertainty.cases`` moves the battery content (Monte Carlo only)
    technology: xr.DataArray | None = None
    #: the clean-energy technologies' capacity and flows (:mod:`corridor.demand.cleantech`)
    cleantech: xr.Dataset | None = None
    #: their flows with the intensities at the low end, the value and the high end of their
    #: ranges (:func:`corridor.demand.cleantech.ranges`; Monte Carlo only)
    cleantech_ranges: xr.Dataset | None = None
    #: (segment, mineral) kg per vehicle beyond the battery: motor magnets (central run)
    drivetrain: xr.DataArray | None = None

    def astype(self, dtype) -> Inputs:
        """A copy with every array in ``dtype`` (float32 halves Monte Carlo memory traffic)."""
        names = ("sales", "ev_share", "pack", "chemistry", "intensity", "platinum",
                 *(name for name in ("technology", "cleantech_ranges", "drivetrain")
                   if getattr(self, name) is not None))
        cast = {name: getattr(self, name).astype(dtype) for name in names}
        return replace(self, **cast, recycling={k: v.astype(dtype)
                                                for k, v in self.recycling.items()},
                       cleantech=None if self.cleantech is None else self.cleantech.astype(
                           dtype))


def _scenario_series_warnings(scenario: Scenario, notes: list[str]) -> None:
    """Warn about the scenario's own series (no data base) that go down and up again."""
    series = {"recycling.collection_rate": scenario.recycling.collection_rate,
              **{f"ev_sales.share_floor.{m}": a for m, a in
                 scenario.ev_sales.share_floor.items()}}
    for name, anchors in series.items():
        warn_if_dips(anchors.points, f"scenario {scenario.name}: {name}", notes)


def prepare(data: Data, scenario: Scenario, uncertain: bool = False) -> Inputs:
    """All deterministic inputs of a scenario (bad settings raise :class:`InputError`);
    ``uncertain`` adds what the Monte Carlo needs beyond the central run (the technology
    cases' content changes, the clean-energy intensities' ranges)."""
    sales, ev_share, notes = ev_sales(data, scenario)
    _scenario_series_warnings(scenario, notes)
    anodes = batteries.anode_shares(data, scenario)
    chemistry = batteries.chemistry_shares(data, scenario)
    intensity = materials.intensity_path(data, anodes, scenario.batteries.density_gain)
    lifetimes = fleet.lifetimes(data, scenario, LIFETIME_GROUPS)
    technologies = cleantech.clean_energy(data, scenario)
    return Inputs(
        scenario=scenario,
        sales=sales,
        ev_share=ev_share,
        pack=batteries.pack_sizes(data, scenario, notes),
        chemistry=chemistry,
        intensity=intensity,
        anodes=anodes,
        storage_anchors=batteries.storage_anchors(data, scenario, notes),
        lifetimes=lifetimes,
        platinum=materials.platinum_per_vehicle(data),
        recycling=recycling.rates(data, scenario),
        last_history=last_history_years(data),
        notes=notes,
        technology=technology_changes(data, scenario, chemistry, intensity) if uncertain
        else None,
        cleantech=technologies,
        cleantech_ranges=cleantech.ranges(data, scenario, technologies) if uncertain
        else None,
        drivetrain=materials.drivetrain_content(data),
    )


def technology_changes(data: Data, scenario: Scenario, chemistry: xr.DataArray,
                       intensity: xr.DataArray) -> xr.DataArray:
    """Battery content (kg/kWh by application, region, year and mineral) of the scenario
    with each of its ``uncertainty.cases`` on top, minus the scenario's own: a Monte Carlo
    draw moves the content a uniform fraction of the way towards each case."""
    content = xr.dot(chemistry, intensity, dim="chemistry")
    changes = []
    for case in scenario.uncertainty.cases:
        other = with_case(scenario, case)
        anodes = batteries.anode_shares(data, other)
        changes.append(xr.dot(batteries.chemistry_shares(data, other), materials.intensity_path(
            data, anodes, other.batteries.density_gain), dim="chemistry") - content)
    if not changes:
        return xr.zeros_like(content).expand_dims(case=[]).copy()
    return xr.concat(changes, dim="case").assign_coords(case=list(scenario.uncertainty.cases))
