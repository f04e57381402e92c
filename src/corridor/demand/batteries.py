"""Batteries: kWh per vehicle, chemistry shares and stationary storage deployment.

Every input is a table of anchor points, linear between anchors and flat outside them
(:func:`corridor.paths.annual`), and a scenario's anchors merge onto the table's by the
one override rule (:meth:`corridor.config.Anchors.onto`):

* ``pack_size``: kWh per vehicle by region, segment and year (published figures and
  values implied by IEA battery demand over IEA sales, see ``tools/compile_reference.py``).
  A region without rows for a segment takes the World rows. After the last anchor the pack
  changes at ``batteries.pack_growth`` a year. ``pack_scale`` multiplies it by mode: the
  calibration to the IEA's projected battery demand (``tools/calibrate_packs.py``).
* ``chemistry_share``: share of GWh by application, region, pathway, year and chemistry
  (published history to 2024 and assumptions for 2030, common to every pathway; World
  pathways to 2050 by scenario, assumptions). A region without rows takes the World rows;
  a region's mix converges on World's by 2050.
* ``anode_share``: share of liquid lithium-ion GWh with silicon-graphite anodes, by
  pathway and year (assumptions); solid-state and sodium-ion cells have their own anode.
* ``storage_deployment``: GWh/yr of stationary batteries by scenario, region and year.
  After the last anchor, deployment keeps its ratio to EV battery demand at that anchor
  (the IEA puts storage at about 12% of EV battery demand in 2030).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.config.schema import Scenario
from corridor.data import Data
from corridor.dims import (
    ANODES,
    BATTERY_APPLICATIONS,
    CHEMISTRIES,
    OWN_ANODE,
    REGION_PARTS,
    SEGMENTS,
    WORLD,
    YEARS,
)
from corridor.errors import InputError
from corridor.paths import annual

MODEL_YEARS = np.array(YEARS)
#: Last year of published history in ``chemistry_share`` (its 2030 rows are projections).
CHEMISTRY_HISTORY_END = 2024
#: ``chemistry_share`` rows of this pathway hold for every scenario (history and 2030).
ALL = "All"
#: Regional chemistry mixes converge on World's pathway by this year (assumption: one
#: world market for cells; a scenario's own regional anchors override it).
CONVERGED = 2050


def _grouped(df, keys: list[str]) -> dict[tuple, dict[int, float]]:
    out: dict[tuple, dict[int, float]] = {}
    for *key, year, value in zip(*(df[k] for k in keys), df.year, df.value, strict=True):
        out.setdefault(tuple(key), {})[int(year)] = float(value)
    return out


def _own_or_world(rows: dict, key: tuple, world: tuple, data: Data, table: str,
                  missing: str) -> dict:
    """A region's series of a table, else World's; neither is an error naming the table."""
    series = rows.get(key) or rows.get(world)
    if series is None:
        raise InputError(f"data table {data.path(table)}: {missing}")
    return series


def pack_sizes(data: Data, scenario: Scenario, notes: list[str]) -> xr.DataArray:
    """kWh per vehicle with dims ``(region, segment, year)``.

    The table's rows of the region (else World's), with the scenario's ``pack_size``
    anchors merged on; after the last anchor the pack changes at ``pack_growth`` a year.
    """
    rows = data.memo("packs", lambda: _grouped(data.table("pack_size"), ["region", "segment"]))
    scales = pack_scales(data, scenario.batteries.pathway)
    out = np.empty((len(REGION_PARTS), len(SEGMENTS), len(YEARS)))
    for r, region in enumerate(REGION_PARTS):
        for s, segment in enumerate(SEGMENTS):
            points = _own_or_world(rows, (region, segment), (WORLD, segment), data,
                                   "pack_size", f"no row for {segment} in {region} or World")
            own = scenario.batteries.pack_size.get(region, {}).get(segment)
            if own is not None:
                points = own.onto(points, max(points), f"scenario {scenario.name}: "
                                  f"batteries.pack_size.{region}.{segment}", notes)
            growth = scenario.batteries.pack_growth.get(segment.split("|")[0], 0.0)
            after = np.clip(MODEL_YEARS - max(points), 0, None)
            out[r, s] = annual(points) * (1 + growth) ** after * scales[segment.split("|")[0]]
    return xr.DataArray(out, dims=("region", "segment", "year"),
                        coords={"region": list(REGION_PARTS), "segment": list(SEGMENTS),
                                "year": list(YEARS)}, attrs={"units": "kWh/vehicle"})


def pack_scales(data: Data, pathway: str) -> dict[str, np.ndarray]:
    """By mode, the yearly factor on kWh per vehicle that meets the IEA's battery demand
    projections (``pack_scale``, from ``tools/calibrate_packs.py``): 1 until
    :data:`CHEMISTRY_HISTORY_END`, linear to the calibrated years, then held."""
    df = data.table("pack_scale")
    df = df[df.pathway == pathway]
    out = {}
    for mode in {s.split("|")[0] for s in SEGMENTS}:
        rows = df[df["mode"] == mode]
        points = {CHEMISTRY_HISTORY_END: 1.0, **{int(y): float(v) for y, v in zip(
            rows.year, rows.value, strict=True)}}
        out[mode] = annual(points)
    return out


def chemistry_shares(data: Data, scenario: Scenario) -> xr.DataArray:
    """Share of GWh with dims ``(application, region, year, chemistry)``.

    The table's rows common to every pathway (history and 2030) and those of the
    scenario's ``batteries.pathway``, the region's (else World's). After a region's last
    anchor its mix moves with World's pathway and converges on it by :data:`CONVERGED`
    (its lead or lag over World fades linearly). The scenario's anchors merge on year by
    year (a year's shares replace the table's shares of that year).
    """

    def table_rows():
        df = data.table("chemistry_share")
        out: dict[tuple[str, str, str], dict[int, dict[str, float]]] = {}
        for app, region, path, year, chem, value in zip(
                df.application, df.region, df.pathway, df.year, df.chemistry, df.value,
                strict=True):
            out.setdefault((app, region, path), {}).setdefault(int(year), {})[chem] = float(
                value)
        for (app, region, path), years in out.items():
            for year, shares in years.items():
                if abs(sum(shares.values()) - 1.0) > 1e-6:
                    raise InputError(
                        f"data table {data.path('chemistry_share')}: shares of {app} in "
                        f"{region} {year} ({path}) sum to {sum(shares.values()):.6g}, not 1")
        return out

    rows = data.memo("chemistry", table_rows)
    path = scenario.batteries.pathway
    out = np.zeros((len(BATTERY_APPLICATIONS), len(REGION_PARTS), len(YEARS), len(CHEMISTRIES)))
    for a, app in enumerate(BATTERY_APPLICATIONS):
        world = {**rows.get((app, WORLD, ALL), {}), **rows.get((app, WORLD, path), {})}
        if not world:
            raise InputError(f"data table {data.path('chemistry_share')}: no {app} shares "
                             "for World")
        world = dict(sorted(world.items()))
        for r, region in enumerate(REGION_PARTS):
            own = {**rows.get((app, region, ALL), {}), **rows.get((app, region, path), {})}
            series = _converging(dict(sorted(own.items())), world) if own else world
            anchors = scenario.batteries.chemistry.get(app, {}).get(region)
            if anchors is not None:
                series = anchors.onto(series, CHEMISTRY_HISTORY_END, f"scenario "
                                      f"{scenario.name}: batteries.chemistry.{app}.{region}")
            for c, chem in enumerate(CHEMISTRIES):
                out[a, r, :, c] = annual({y: s.get(chem, 0.0) for y, s in series.items()})
    for chem, anchors in scenario.batteries.shift.items():
        points = anchors.onto({CHEMISTRY_HISTORY_END: 0.0}, CHEMISTRY_HISTORY_END,
                              f"scenario {scenario.name}: batteries.shift.{chem}")
        _shift(out[BATTERY_APPLICATIONS.index("Electric Vehicles")],
               CHEMISTRIES.index(chem), annual(points))
    return xr.DataArray(out, dims=("application", "region", "year", "chemistry"),
                        coords={"application": list(BATTERY_APPLICATIONS),
                                "region": list(REGION_PARTS), "year": list(YEARS),
                                "chemistry": list(CHEMISTRIES)}, attrs={"units": "1"})


def _converging(own: dict[int, dict[str, float]], world: dict[int, dict[str, float]]
                ) -> dict[int, dict[str, float]]:
    """A region's anchors continued by World's later ones, its lead or lag over World at
    its last anchor fading linearly to nothing by :data:`CONVERGED` (shares clipped at 0
    and scaled to sum to 1).

    >>> world = {2030: {"LFP": 0.5, "NCA": 0.5}, 2040: {"LFP": 0.6, "NCA": 0.4},
    ...          2050: {"LFP": 1.0}}
    >>> _converging({2030: {"LFP": 0.9, "NCA": 0.1}}, world)[2040]
    {'LFP': 0.8, 'NCA': 0.2}
    """
    last = max(own)
    chems = sorted({c for s in (*own.values(), *world.values()) for c in s})
    at = {c: float(np.interp(last, list(world), [s.get(c, 0.0) for s in world.values()]))
          for c in chems}
    out = dict(own)
    for year in (y for y in world if y > last):
        fade = max(0.0, (CONVERGED - year) / (CONVERGED - last)) if CONVERGED > last else 0.0
        shares = {c: max(0.0, world[year].get(c, 0.0)
                         + (own[last].get(c, 0.0) - at[c]) * fade) for c in chems}
        total = sum(shares.values())
        out[year] = {c: round(v / total, 12) for c, v in shares.items() if v > 0}
    return out


def _shift(shares: np.ndarray, c: int, points: np.ndarray) -> None:
    """Move ``points`` (by year) of share into chemistry ``c`` of ``shares`` (region,
    year, chemistry), in place, from the others in proportion (never more than they hold).

    >>> shares = np.array([[[0.5, 0.3, 0.2]]])
    >>> _shift(shares, 2, np.array([0.1]))
    >>> shares.round(3).tolist()
    [[[0.438, 0.262, 0.3]]]
    """
    others = 1.0 - shares[..., c]
    moved = np.minimum(points, others)
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = np.where(others > 0, (others - moved) / others, 0.0)
    shares *= keep[..., None]
    shares[..., c] = 1.0 - others + moved


def anode_shares(data: Data, scenario: Scenario) -> xr.DataArray:
    """Share of each chemistry's GWh by anode, dims ``(chemistry, year, anode)``: liquid
    lithium-ion cells take silicon-graphite at the ``anode_share`` table's share (history,
    then the scenario's ``batteries.pathway``; ``batteries.silicon_share`` merges on) and
    graphite for the rest; solid-state and sodium-ion cells their own anode."""
    df = data.table("anode_share")
    rows = df[df.pathway.isin(["History", scenario.batteries.pathway])]
    points = {int(y): float(v) for y, v in zip(rows.year, rows.value, strict=True)}
    if not points:
        raise InputError(f"data table {data.path('anode_share')}: no History or "
                         f"{scenario.batteries.pathway} rows")
    own = scenario.batteries.silicon_share
    if own is not None:
        last = int(df.year[df.pathway == "History"].max())
        points = own.onto(points, last, f"scenario {scenario.name}: batteries.silicon_share")
    silicon = annual(dict(sorted(points.items())))
    out = np.zeros((len(CHEMISTRIES), len(YEARS), len(ANODES)))
    for c, chem in enumerate(CHEMISTRIES):
        if chem in OWN_ANODE:
            out[c, :, ANODES.index(OWN_ANODE[chem])] = 1.0
        else:
            out[c, :, ANODES.index("Silicon-graphite")] = silicon
            out[c, :, ANODES.index("Graphite")] = 1.0 - silicon
    return xr.DataArray(out, dims=("chemistry", "year", "anode"),
                        coords={"chemistry": list(CHEMISTRIES), "year": list(YEARS),
                                "anode": list(ANODES)}, attrs={"units": "1"})


def storage_anchors(data: Data, scenario: Scenario,
                    notes: list[str]) -> dict[str, dict[int, float]]:
    """GWh/yr deployed at anchor years by region: the table's history and the scenario's
    row group, with the scenario's own anchors merged on."""
    df = data.table("storage_deployment")
    key = scenario.storage.scenario
    for group in ("History", key):  # every region needs its history and its projection
        have = set(df.region[df.scenario == group])
        missing = [r for r in REGION_PARTS if r not in have]
        if missing:
            raise InputError(f"data table {data.path('storage_deployment')}: no {group} rows "
                             f"for {missing[0]} (storage.scenario is {key})")
    rows = _grouped(df[df.scenario.isin(["History", key])], ["region"])
    last = int(df.year[df.scenario == "History"].max())
    out = {region[0]: points for region, points in rows.items()}
    for region, own in scenario.storage.anchors.items():
        out[region] = own.onto(out[region], last, f"scenario {scenario.name}: "
                               f"storage.anchors.{region}", notes)
    return out


def storage_deployment(anchors: dict[str, dict[int, float]],
                       ev_gwh: xr.DataArray) -> xr.DataArray:
    """Stationary storage GWh/yr with dims ``(..., region, year)``.

    Linear between anchors; after the last anchor it keeps its ratio to the region's EV
    battery demand (``ev_gwh``, dims ``(..., region, year)``) at that anchor.
    """
    regions = list(REGION_PARTS)
    base = np.array([annual(anchors[r]) for r in regions])
    last = np.array([max(anchors[r]) for r in regions]) - YEARS[0]
    ev = ev_gwh.transpose(..., "region", "year")
    index = np.broadcast_to(last[:, None], (*ev.shape[:-1], 1))
    ev_last = np.take_along_axis(ev.values, index, axis=-1)
    base_last = base[np.arange(len(regions)), last][:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ev_last > 0, base_last / ev_last, 0.0)
    after = np.arange(len(YEARS))[None, :] > last[:, None]
    out = np.where(after, ev.values * ratio, base).astype(ev.dtype)
    return xr.DataArray(out, dims=ev.dims, coords=ev.coords, attrs={"units": "GWh/yr"})
