"""The model core: ``run(scenarios) -> Results``.

Data flow, top to bottom (each step a module with one job)::

    data -> scenario -> sales -> fleet -> batteries -> materials -> recycling -> checks

:func:`prepare` turns a scenario into deterministic inputs; :func:`chain` computes the
whole chain from them, optionally with a ``draw`` dimension of Monte Carlo multipliers
(see :mod:`corridor.model.uncertainty`), so the central run and every draw share one code
path. Results are an ``xarray.Dataset`` with full dimension names and units in attrs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import xarray as xr
from pydantic import ValidationError

from corridor.coords import (
    FUEL_CELL_SEGMENTS,
    MINERALS,
    MODES,
    SEGMENTS,
    STORAGE,
    WORLD,
    YEARS,
    mode_of,
)
from corridor.data import Data
from corridor.errors import InputError
from corridor.model import batteries, checks, fleet, materials
from corridor.model.sales import ev_sales, last_history_years
from corridor.scenario import BUILTIN, LifetimeSpec, Scenario, load_scenario

LIFETIME_GROUPS = (*MODES, STORAGE)
APPLICATIONS = ("Electric Vehicles", STORAGE, "Fuel Cell Vehicles")
SEGMENT_MODE = xr.DataArray([mode_of(s) for s in SEGMENTS], dims="segment",
                            coords={"segment": list(SEGMENTS)})
#: segment -> mode membership, dims (segment, mode)
ONEHOT = xr.DataArray([[float(mode_of(s) == m) for m in MODES] for s in SEGMENTS],
                      dims=("segment", "mode"),
                      coords={"segment": list(SEGMENTS), "mode": list(MODES)})
#: platinum's place along ``mineral``: fuel-cell flows are a platinum-only mineral vector
PLATINUM = xr.DataArray([float(m == "Platinum") for m in MINERALS], dims="mineral",
                        coords={"mineral": list(MINERALS)})


@dataclass
class Inputs:
    """Deterministic inputs of one scenario (everything the draws do not change)."""

    scenario: Scenario
    sales: xr.DataArray  # (region, segment, year) vehicle/yr, before stock targets
    pack: xr.DataArray  # (region, segment, year) kWh/vehicle
    chemistry: xr.DataArray  # (application, region, year, chemistry)
    intensity: xr.DataArray  # (chemistry, mineral) kg/kWh
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
            fields = {k: row[k] for k in ("distribution", "mean", "sd", "shape", "scale")
                      if not pd.isna(row[k])}
            try:
                spec = LifetimeSpec.model_validate(fields)
            except ValidationError as err:
                problem = err.errors()[0]["msg"].removeprefix("Value error, ")
                raise InputError(f"data table {data.path('lifetime')}: row {group}: "
                                 f"{problem}") from None
        out[group] = fleet.Lifetime(spec.distribution, spec.mean, spec.sd, spec.shape,
                                    spec.scale)
    return out


def prepare(data: Data, scenario: Scenario) -> Inputs:
    """All deterministic inputs of a scenario."""
    sales, notes = ev_sales(data, scenario)
    return Inputs(
        scenario=scenario,
        sales=sales,
        pack=batteries.pack_sizes(data, scenario),
        chemistry=batteries.chemistry_shares(data, scenario),
        intensity=materials.intensity(data),
        storage_anchors=batteries.storage_anchors(data, scenario),
        lifetimes=lifetimes(data, scenario),
        platinum=materials.platinum_per_vehicle(data),
        recycling=materials.recycling_inputs(data, scenario),
        last_history=last_history_years(data),
        notes=notes,
    )


def _path(years: np.ndarray, xs: list[int], first: np.ndarray, rest: list[float]) -> np.ndarray:
    """Values (..., year) through (xs[0], first) and (xs[i], rest[i-1]), flat outside.

    Geometric between positive points (fleets in early adoption grow at a rate), linear
    where a point is zero.

    >>> _path(np.arange(2020, 2023), [2020, 2022], np.array([1.0]), [4.0]).tolist()
    [[1.0, 2.0, 4.0]]
    """
    first = np.asarray(first, dtype=float)
    ys = [first, *(np.full_like(first, y) for y in rest)]
    out = np.empty((*first.shape, years.size))
    out[...] = ys[-1][..., None]
    out[..., years <= xs[0]] = first[..., None]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True),
                                  strict=False):
        inside = (years >= x0) & (years <= x1)
        w = (years[inside] - x0) / (x1 - x0)
        with np.errstate(divide="ignore", invalid="ignore"):
            geometric = np.exp((1 - w) * np.log(y0[..., None]) + w * np.log(y1[..., None]))
        linear = (1 - w) * y0[..., None] + w * y1[..., None]
        positive = (y0 > 0) & (y1 > 0)
        out[..., inside] = np.where(positive[..., None], geometric, linear)
    return out


def _apply_stock_targets(inputs: Inputs, sales: xr.DataArray, k_seg: xr.Dataset) -> xr.DataArray:
    """Replace the sales of segments with fleet targets by the stock-driven solution.

    The target path runs from the modelled stock at the last history year through each
    target, geometrically (constant growth rate, as fleets in early adoption grow; linear
    where a point is zero); after the last target the fleet grows at the rate of the
    sales-driven fleet of the same segment. Implied negative sales are set to zero (see
    fleet.py).
    """
    targets = inputs.scenario.ev_sales.stock_targets
    if not targets:
        return sales
    pairs = [(r, g, pts) for r, segs in targets.items() for g, pts in segs.items()]
    for region, segment, points in pairs:
        last_hist = inputs.last_history[mode_of(segment)]
        if min(points) <= last_hist:
            raise InputError(
                f"scenario {inputs.scenario.name}: ev_sales.stock_targets.{region}.{segment}: "
                f"target years must come after the last history year {last_hist}")
    if "draw" in k_seg.dims:
        sales = sales.expand_dims(draw=k_seg.draw)
    sales = sales.transpose(..., "region", "segment", "year").copy()
    values = sales.values  # (..., region, segment, year), edited in place below
    survival = k_seg.survival.transpose(..., "segment", "age").values
    years = np.array(YEARS)
    regions, segments = list(sales.region.values), list(sales.segment.values)
    for region, segment, points in pairs:
        r, g = regions.index(region), segments.index(segment)
        surv = survival[..., g, :]
        n = years.size
        lag = np.arange(n)[:, None] - np.arange(n)[None, :]
        matrix = surv[..., np.clip(lag, 0, None)] * (lag >= 0)
        stock = np.einsum("...tc,...c->...t", matrix, values[..., r, g, :])
        last_hist = inputs.last_history[mode_of(segment)]
        xs = [last_hist, *sorted(points)]
        i0, i_last = last_hist - YEARS[0], xs[-1] - YEARS[0]
        path = _path(years, xs, stock[..., i0], [points[x] for x in xs[1:]])
        with np.errstate(divide="ignore", invalid="ignore"):
            growth = np.where(stock[..., i_last:i_last + 1] > 0,
                              stock / stock[..., i_last:i_last + 1], 1.0)
        target = np.where(years < xs[0], stock,
                          np.where(years <= xs[-1], path, path[..., i_last:i_last + 1] * growth))
        inflow, clipped = fleet.solve_inflow(target, surv)
        if clipped:
            inputs.notes.append(f"{region} {segment}: stock target implies negative sales in "
                                f"{clipped} cell(s); set to zero")
        values[..., r, g, :] = inflow
    return sales


def chain(inputs: Inputs, draws: xr.Dataset | None = None, detail: bool = True) -> xr.Dataset:
    """The whole chain for one scenario; ``draws`` adds a ``draw`` dimension.

    ``draws`` holds multipliers: ``lifetime_scale`` (draw, group), ``pack_scale``
    (draw, mode), ``chemistry_tilt`` (draw, chemistry) log-weights, ``scrap_scale``,
    ``collection_scale`` (draw) and ``recovery_scale`` (draw, mineral); see
    :mod:`corridor.model.uncertainty`. With ``detail=False`` only the variables the Monte
    Carlo reports are computed (no fleet stock, no chemistry or application detail).
    """
    # misaligned inputs raise instead of broadcasting to NaN (and exact joins are faster)
    with xr.set_options(arithmetic_join="exact", keep_attrs=False):
        return _chain(inputs, draws if draws is not None else xr.Dataset(), detail)


def _chain(inputs: Inputs, d: xr.Dataset, detail: bool) -> xr.Dataset:
    k_group = fleet.kernels(inputs.lifetimes, d.get("lifetime_scale"), len(YEARS), dim="group")
    k_seg = k_group.sel(group=SEGMENT_MODE).drop_vars("group")
    k_mode = k_group.sel(group=list(MODES)).rename(group="mode")
    sales = _apply_stock_targets(inputs, inputs.sales, k_seg)

    # batteries placed on the market (GWh): kWh -> GWh
    gwh_new = sales * inputs.pack / 1e6
    gwh_by_mode = xr.dot(gwh_new, ONEHOT.astype(gwh_new.dtype), dim="segment")
    if "pack_scale" in d:
        gwh_by_mode = gwh_by_mode * d["pack_scale"]
    rep = inputs.scenario.recycling.replacement
    # replacement: a share of each cohort's survivors gets a new pack at the replacement
    # age (current chemistry); the old pack retires then with its cohort's chemistry, and
    # the new one later with the vehicle (counted with the original cohort's chemistry)
    replaced_by_cohort = (rep.share * gwh_by_mode * k_mode.survival.isel(age=rep.age,
                                                                         drop=True)).sum("mode")
    replaced = replaced_by_cohort.shift(year=rep.age, fill_value=0.0)
    ev_gwh = gwh_by_mode.sum("mode") + replaced
    storage_gwh = batteries.storage_deployment(inputs.storage_anchors, ev_gwh)

    # kt of mineral per GWh; tilted shares are chem * w / sum(chem * w), so the
    # normalisation is applied after the contraction (no draw x chemistry array)
    chem = inputs.chemistry
    if "chemistry_tilt" in d:
        w = np.exp(d["chemistry_tilt"])
        content = (xr.dot(chem, w * inputs.intensity, dim="chemistry")
                   / xr.dot(chem, w, dim="chemistry"))
        chem = chem * w / xr.dot(chem, w, dim="chemistry") if detail else None
    else:
        content = xr.dot(chem, inputs.intensity, dim="chemistry")
    content_ev = content.sel(application="Electric Vehicles", drop=True)
    content_st = content.sel(application=STORAGE, drop=True)

    # minerals in new batteries (kt), gross of manufacturing scrap; platinum in new stacks
    scrap_rate = inputs.recycling["scrap_rate"]
    if "scrap_scale" in d:
        scrap_rate = (scrap_rate * d["scrap_scale"]).clip(0.0, 0.95)
    in_ev, in_st = ev_gwh * content_ev, storage_gwh * content_st
    scrap_ev, scrap_st = (x * scrap_rate / (1.0 - scrap_rate) for x in (in_ev, in_st))
    fcev_pt = sales.sel(segment=list(FUEL_CELL_SEGMENTS)) * inputs.platinum / 1e6  # kg -> kt
    pt_in = fcev_pt.sum("segment") * PLATINUM

    # end of life (kt): cohorts carry their pack and chemistry into retirement
    # GWh retiring by year and cohort (two contractions: far faster than one three-way)
    retired = xr.dot(fleet.cohort_matrix(k_mode.retirement, gwh_by_mode.year),
                     gwh_by_mode.rename(year="cohort"), dim="mode", optimize=True)
    eol_ev = xr.dot(retired, content_ev.rename(year="cohort"), dim="cohort", optimize=True)
    eol_ev = eol_ev + (replaced_by_cohort * content_ev).shift(year=rep.age, fill_value=0.0)
    second = inputs.scenario.recycling.second_life
    if second.share > 0:
        eol_ev = eol_ev * (1 - second.share) + (eol_ev * second.share).shift(
            year=second.years, fill_value=0.0)
    eol_st = fleet.convolve(storage_gwh * content_st,
                            k_group.retirement.sel(group=STORAGE, drop=True))
    pt_out = fleet.convolve(fcev_pt, k_seg.retirement.sel(
        segment=list(FUEL_CELL_SEGMENTS))).sum("segment") * PLATINUM

    # recycling
    collection = inputs.recycling["collection"]
    recovery = inputs.recycling["recovery"]
    scrap_recovery = inputs.recycling["scrap_recovery"]
    if "collection_scale" in d:
        collection = (collection * d["collection_scale"]).clip(0.0, 1.0)
    if "recovery_scale" in d:
        recovery = (recovery * d["recovery_scale"]).clip(0.0, 1.0)
        scrap_recovery = (scrap_recovery * d["recovery_scale"]).clip(0.0, 1.0)
    from_eol = (eol_ev + eol_st + pt_out) * collection * recovery
    from_scrap = (scrap_ev + scrap_st) * scrap_recovery
    secondary = from_eol + from_scrap
    demand = in_ev + in_st + scrap_ev + scrap_st + pt_in
    primary = (demand - secondary).clip(min=0.0)
    kt = {"units": "kt/yr"}
    out = {
        "battery_demand": _by_application(ev_gwh, storage_gwh).assign_attrs(units="GWh/yr"),
        "material_demand": demand.assign_attrs(kt),
        "secondary_supply": secondary.assign_attrs(kt),
        "primary_demand": primary.assign_attrs(kt),
    }
    if not detail:
        return xr.Dataset(out)

    out.update({
        "sales": sales.assign_attrs(units="vehicle/yr"),
        "stock": fleet.convolve(sales, k_seg.survival).assign_attrs(units="vehicle"),
        "retirements": fleet.convolve(sales, k_seg.retirement).assign_attrs(units="vehicle/yr"),
        "battery_demand": _by_application(
            ev_gwh * chem.sel(application="Electric Vehicles", drop=True),
            storage_gwh * chem.sel(application=STORAGE, drop=True)).assign_attrs(units="GWh/yr"),
        "material_demand": _by_application(in_ev + scrap_ev, in_st + scrap_st,
                                           pt_in).assign_attrs(kt),
        "manufacturing_scrap": _by_application(scrap_ev, scrap_st).assign_attrs(kt),
        "end_of_life": _by_application(eol_ev, eol_st, pt_out).assign_attrs(kt),
        "secondary_from_end_of_life": from_eol.assign_attrs(kt),
        "secondary_from_scrap": from_scrap.assign_attrs(kt),
    })
    return xr.Dataset(out)


def _by_application(ev: xr.DataArray, storage: xr.DataArray,
                    fuel_cell: xr.DataArray | None = None) -> xr.DataArray:
    """Stack along ``application``; fuel-cell vehicles' buffer batteries count under
    Electric Vehicles, so their own entry is zero unless given (platinum)."""
    parts = [ev, storage.transpose(*ev.dims),
             xr.zeros_like(ev) if fuel_cell is None else fuel_cell.transpose(*ev.dims)]
    return xr.DataArray(np.stack([p.values for p in parts]), dims=("application", *ev.dims),
                        coords={"application": list(APPLICATIONS),
                                **{d: ev[d].values for d in ev.dims if d in ev.coords}})


def with_world(ds: xr.Dataset) -> xr.Dataset:
    """Append World, the sum of the six regions, as the first region."""
    variables = {}
    for name, da in ds.data_vars.items():
        axis = da.get_axis_num("region")
        values = np.concatenate([da.values.sum(axis=axis, keepdims=True), da.values], axis=axis)
        variables[name] = (da.dims, values, da.attrs)
    coords = {name: c.values for name, c in ds.coords.items() if name != "region"}
    return xr.Dataset(variables, coords={**coords, "region": [WORLD, *ds.region.values]})


def checked(inputs: Inputs) -> xr.Dataset:
    """Central results of one scenario with World appended, after every check has passed."""
    ds = with_world(chain(inputs))
    checks.run_all(ds, inputs.scenario.name)
    return ds


@dataclass
class Results:
    """What a run returns: central results, quantiles and the provenance of both.

    Attributes
    ----------
    central
        Dataset with dims ``scenario, region, year`` and more (see each variable).
    quantiles
        Dataset with an extra ``quantile`` dimension (P5, P50, P95) of the Monte Carlo
        variables, or ``None`` without draws.
    scenarios
        The resolved scenario of each name.
    supply
        The supply side: stage balances and capacity by product
        (``corridor.supply.balance``; dims ``scenario, region, mineral, stage, year`` and
        ``scenario, region, product, year``) and world concentration and supply risk with
        and without the corridor pipeline (``corridor.supply.outlook``; dims
        ``scenario, corridor_pipeline, mineral, [stage,] year``), and published world
        mine and refinery output by region (``production``).
    """

    central: xr.Dataset
    quantiles: xr.Dataset | None
    scenarios: dict[str, Scenario]
    data_version: str
    draws: int = 0
    seed: int | None = None
    notes: dict[str, list[str]] = field(default_factory=dict)
    data: Data | None = None
    supply: xr.Dataset | None = None

    def to_iamc(self) -> pd.DataFrame:
        """IAMC long table of the central results (see ``corridor.outputs.iamc``)."""
        from corridor.outputs.iamc import to_iamc

        return to_iamc(self)


def run(scenarios: Sequence[str | Scenario] = BUILTIN, draws: int = 0, seed: int = 0,
        data: Data | None = None, progress: Callable[[int], None] | None = None) -> Results:
    """Run the whole chain for each scenario, and a Monte Carlo if ``draws > 0``.

    Parameters
    ----------
    scenarios
        Built-in names, paths of scenario files or :class:`Scenario` objects.
    draws, seed
        Monte Carlo size and seed (same seed, same numbers).
    data
        The data tables (default: the shipped package).
    progress
        Called with the number of draws done after each chunk.

    Examples
    --------
    >>> r = run(["STEPS"])
    >>> round(float(r.central.sales.sel(scenario="STEPS", region="World", year=2023,
    ...       segment=["Cars|BEV", "Cars|PHEV"]).sum()) / 1e6, 1)
    13.8
    """
    from corridor.model import uncertainty

    data = data or Data()
    resolved = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    names = [s.name for s in resolved]
    if len(set(names)) != len(names):
        raise InputError(f"scenario names must be unique, got {', '.join(names)}")
    from corridor.supply.balance import BALANCE_STAGES, SUPPLY_REGIONS, balances
    from corridor.supply.outlook import indicators

    central, quantiles, supply, notes = [], [], [], {}
    for spec, scenario in zip(scenarios, resolved, strict=True):
        try:
            inputs = prepare(data, scenario)
            central.append(checked(inputs))
            balance = balances(data, inputs, central[-1])
        except InputError as err:  # a setting that does not fit the data: name the file
            if isinstance(spec, Scenario) or spec in BUILTIN:
                raise
            raise InputError(f"{spec}: {err}") from None
        merged = xr.merge([balance, indicators(data, balance)], join="outer")
        supply.append(merged.reindex(region=SUPPLY_REGIONS, stage=list(BALANCE_STAGES)))
        if draws > 0:
            quantiles.append(uncertainty.monte_carlo(inputs, draws, seed, progress))
        notes[scenario.name] = inputs.notes
    index = pd.Index(names, name="scenario", dtype=object)
    central_ds = xr.concat(central, dim=index)
    q_ds = xr.concat(quantiles, dim=index) if quantiles else None
    return Results(central_ds, q_ds, {s.name: s for s in resolved}, data.version, draws,
                   seed if draws else None, notes, data, xr.concat(supply, dim=index))
