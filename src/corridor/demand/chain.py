"""The demand chain of one scenario: sales -> fleet -> batteries -> materials -> recycling.

:func:`chain` computes it from a scenario's :class:`~corridor.demand.inputs.Inputs`,
optionally with a ``draw`` dimension of Monte Carlo multipliers (see
:mod:`corridor.demand.uncertainty`), so the central run and every draw share one code path.
It returns an ``xarray.Dataset`` with full dimension names and units in attrs;
:func:`with_world` appends World, the sum of the six regions.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.demand import batteries, fleet, recycling
from corridor.demand.inputs import Inputs
from corridor.dims import (
    APPLICATIONS,
    CHAIN_MINERALS,
    FUEL_CELL_SEGMENTS,
    MODES,
    SEGMENTS,
    STORAGE,
    WORLD,
    YEARS,
    mode_of,
)
from corridor.errors import InputError
from corridor.units import factor

SEGMENT_MODE = xr.DataArray([mode_of(s) for s in SEGMENTS], dims="segment",
                            coords={"segment": list(SEGMENTS)})
#: segment -> mode membership, dims (segment, mode)
SEGMENT_IN_MODE = xr.DataArray([[float(mode_of(s) == m) for m in MODES] for s in SEGMENTS],
                      dims=("segment", "mode"),
                      coords={"segment": list(SEGMENTS), "mode": list(MODES)})
#: platinum's place along ``mineral``: fuel-cell flows are a platinum-only mineral vector
PLATINUM_ONLY = xr.DataArray([float(m == "Platinum") for m in CHAIN_MINERALS], dims="mineral",
                        coords={"mineral": list(CHAIN_MINERALS)})


#: years over which sales move from a fleet target's path onto the sales-driven path
#: (assumption: the outlooks' anchors are five years apart)
TARGET_TO_SHARE_YEARS = 5


def apply_stock_targets(inputs: Inputs, sales: xr.DataArray, k_seg: xr.Dataset) -> xr.DataArray:
    """Replace the sales of segments with fleet targets by sales that reach them
    (:func:`corridor.demand.fleet.ramp_to_targets`).

    From the last history year sales change by the same amount each year to the level
    that puts the fleet on each target (an assumption: no published path says how a
    target is reached; a straight line in sales, not in stock, keeps the growth rate
    from falling off a cliff in the target year). After the last target the segment
    keeps the share of its mode's market it reached in the target year, moving onto the
    sales-driven path over ``TARGET_TO_SHARE_YEARS`` where that is higher, so sales
    neither fall back nor leap the year after.
    """
    targets = inputs.scenario.ev_sales.stock_targets
    if not targets:
        return sales
    pairs = [(r, g, a.points) for r, segs in targets.items() for g, a in segs.items()
             if a.points]
    for region, segment, points in pairs:
        label = f"scenario {inputs.scenario.name}: ev_sales.stock_targets.{region}.{segment}"
        last_hist = inputs.last_history[mode_of(segment)]
        if min(points) <= last_hist:
            raise InputError(f"{label}: target year {min(points)} is not after the last "
                             f"history year {last_hist}")
    if "draw" in k_seg.dims and "draw" not in sales.dims:
        sales = sales.expand_dims(draw=k_seg.draw)
    driven = sales
    sales = sales.copy()
    for region, segment, points in pairs:
        mode = mode_of(segment)
        survival = k_seg.survival.sel(segment=segment)
        inflow = driven.sel(region=region, segment=segment)  # (draw,) year: year last
        if "draw" in survival.dims:
            survival = survival.transpose("draw", "age").values
        else:
            survival = survival.values
        i_last = max(points) - YEARS[0]
        out, clipped = fleet.ramp_to_targets(
            inflow.values, survival, inputs.last_history[mode] - YEARS[0],
            {year - YEARS[0]: value for year, value in points.items()})
        if clipped:
            inputs.notes.append(f"{region} {segment}: a stock target is below the fleet "
                                f"it inherits in {clipped} cell(s); sales set to zero")
        share = inputs.ev_share.sel(region=region, segment=segment).values
        same_mode = [s for s in SEGMENTS if mode_of(s) == mode]
        with np.errstate(divide="ignore", invalid="ignore"):
            # the mode's whole market: its EV sales over the projected EV share
            market = np.where(share > 0, driven.sel(region=region, segment=same_mode)
                              .sum("segment").values / share, np.nan)
            at_target = market[..., i_last:i_last + 1]
            growth = np.where(np.isfinite(at_target) & (at_target > 0), market / at_target,
                              1.0)
        held = np.fmin(out[..., i_last:i_last + 1] * np.nan_to_num(growth, nan=1.0), market)
        # where the sales-driven path is higher, sales move onto it over the years to the
        # next anchor instead of in one step
        towards = np.clip((np.array(YEARS) - max(points)) / TARGET_TO_SHARE_YEARS, 0, 1)
        after = held + np.fmax(inflow.values - held, 0) * towards
        out[..., i_last + 1:] = after[..., i_last + 1:]
        sales.loc[{"region": region, "segment": segment}] = out
    return sales


#: year by which a Monte Carlo draw's adoption multiplier is fully applied (assumption: EV
#: sales are observed to the last history year and the outlooks' anchors begin in 2030)
ADOPTION_FULL = 2030


def adoption(inputs: Inputs, scale: xr.DataArray) -> xr.DataArray:
    """Multipliers of EV sales (draw, region, segment, year) for adoption draws ``scale``
    (draw, mode): 1 in the mode's last history year, ``scale`` from ``ADOPTION_FULL``,
    linear between, and never more than the whole market (1 / the projected EV share)."""
    last = xr.DataArray([inputs.last_history[m] for m in MODES], dims="mode",
                        coords={"mode": list(MODES)})
    year = xr.DataArray(np.array(YEARS), dims="year", coords={"year": list(YEARS)})
    ramp = ((year - last) / (ADOPTION_FULL - last)).clip(0.0, 1.0).astype(scale.dtype)
    by_segment = (1 + (scale - 1) * ramp).sel(mode=SEGMENT_MODE).drop_vars("mode")
    share = inputs.ev_share
    whole_market = xr.where(share > 0, 1 / share.where(share > 0), np.inf).astype(scale.dtype)
    return np.fmin(by_segment, whole_market).transpose("draw", "region", "segment", "year")


def chain(inputs: Inputs, draws: xr.Dataset | None = None, detail: bool = True) -> xr.Dataset:
    """The whole demand chain for one scenario; ``draws`` adds a ``draw`` dimension.

    ``draws`` holds multipliers: ``lifetime_scale`` (draw, group), ``pack_scale`` and
    ``adoption_scale`` (draw, mode), ``case_weight`` (draw, case) fractions of the way
    towards each technology case, ``scrap_scale``, ``collection_scale`` (draw) and
    ``recovery_scale`` (draw, mineral); see :mod:`corridor.demand.uncertainty`. With
    ``detail=False`` only the variables the Monte Carlo reports are computed (no fleet
    stock, no chemistry or application detail).
    """
    # misaligned inputs raise instead of broadcasting to NaN (and exact joins are faster)
    with xr.set_options(arithmetic_join="exact", keep_attrs=False):
        return _chain(inputs, draws if draws is not None else xr.Dataset(), detail)


def _chain(inputs: Inputs, d: xr.Dataset, detail: bool) -> xr.Dataset:
    k_group = fleet.kernels(inputs.lifetimes, d.get("lifetime_scale"), len(YEARS), dim="group")
    k_seg = k_group.sel(group=SEGMENT_MODE).drop_vars("group")
    k_mode = k_group.sel(group=list(MODES)).rename(group="mode")
    sales = inputs.sales
    if "adoption_scale" in d:
        sales = (sales * adoption(inputs, d["adoption_scale"])).transpose("draw", ...)
    sales = apply_stock_targets(inputs, sales, k_seg)

    # batteries placed on the market (GWh)
    to_gwh = factor(f"({inputs.sales.attrs['units']}) * ({inputs.pack.attrs['units']})",
                    "GWh/yr")
    gwh_new = sales * inputs.pack * to_gwh
    gwh_by_mode = xr.dot(gwh_new, SEGMENT_IN_MODE.astype(gwh_new.dtype), dim="segment",
                         optimize=True)
    if "pack_scale" in d:
        gwh_by_mode = gwh_by_mode * d["pack_scale"]
    rep = inputs.scenario.recycling.replacement
    ev_gwh = gwh_by_mode.sum("mode")
    if rep.share > 0:
        # replacement: a share of each cohort's survivors gets a new pack at the replacement
        # age (current chemistry); the old pack retires then with its cohort's chemistry,
        # and the new one later with the vehicle (counted with the original cohort's
        # chemistry)
        replaced_by_cohort = (rep.share * gwh_by_mode * k_mode.survival.isel(
            age=rep.age, drop=True)).sum("mode")
        ev_gwh = ev_gwh + replaced_by_cohort.shift(year=rep.age, fill_value=0.0)
    storage_gwh = batteries.storage_deployment(inputs.storage_anchors, ev_gwh)

    # kt of mineral per GWh; a draw moves it part of the way towards each technology case
    chem = inputs.chemistry
    content = xr.dot(chem, inputs.intensity, dim="chemistry")
    if "case_weight" in d:
        content = (content + xr.dot(d["case_weight"], inputs.technology, dim="case",
                                     optimize=True)
                   ).transpose("draw", ...)  # draw first: later products stream
    content_ev = content.sel(application="Electric Vehicles", drop=True)
    content_st = content.sel(application=STORAGE, drop=True)

    # minerals in new batteries (kt), gross of manufacturing scrap; platinum in new stacks
    scrap_rate = inputs.recycling["scrap_rate"]
    if "scrap_scale" in d:
        scrap_rate = (scrap_rate * d["scrap_scale"]).clip(0.0, 0.95)
    order = (..., "region", "year", "mineral")  # one layout: elementwise ops stream
    in_ev = (ev_gwh * content_ev).transpose(*order)
    in_st = (storage_gwh * content_st).transpose(*order)
    per_input = scrap_rate / (1.0 - scrap_rate)  # scrap per unit of material in batteries
    scrap_ev, scrap_st = in_ev * per_input, in_st * per_input
    to_kt = factor(f"({inputs.sales.attrs['units']}) * ({inputs.platinum.attrs['units']})",
                   "kt/yr")
    fcev_pt = sales.sel(segment=list(FUEL_CELL_SEGMENTS)) * inputs.platinum * to_kt
    platinum = PLATINUM_ONLY.astype(fcev_pt.dtype)  # keep the draws' single precision
    pt_in = (fcev_pt.sum("segment") * platinum).transpose(*order)

    # end of life (kt): cohorts carry their pack and chemistry into retirement
    # GWh retiring by year and cohort (two contractions: far faster than one three-way)
    retired = xr.dot(fleet.cohort_matrix(k_mode.retirement, gwh_by_mode.year),
                     gwh_by_mode.rename(year="cohort"), dim="mode", optimize=True)
    eol_ev = xr.dot(retired, content_ev.rename(year="cohort"), dim="cohort",
                    optimize=True).transpose(*order)
    if rep.share > 0:
        eol_ev = eol_ev + (replaced_by_cohort * content_ev).shift(year=rep.age,
                                                                  fill_value=0.0)
    second = inputs.scenario.recycling.second_life
    if second.share > 0:
        eol_ev = eol_ev * (1 - second.share) + (eol_ev * second.share).shift(
            year=second.years, fill_value=0.0)
    eol_st = fleet.convolve(storage_gwh * content_st,
                            k_group.retirement.sel(group=STORAGE, drop=True)).transpose(*order)
    pt_out = (fleet.convolve(fcev_pt, k_seg.retirement.sel(
        segment=list(FUEL_CELL_SEGMENTS))).sum("segment") * platinum).transpose(*order)

    demand = in_ev + in_st + scrap_ev + scrap_st + pt_in
    flows = recycling.recycle(eol_ev + eol_st + pt_out, scrap_ev + scrap_st, demand,
                              inputs.recycling, d)
    kt = {"units": "kt/yr"}
    out = {
        "battery_demand": _by_application(ev_gwh, storage_gwh).assign_attrs(units="GWh/yr"),
        "material_demand": demand.assign_attrs(kt),
        "secondary_supply": flows["secondary_supply"].assign_attrs(kt),
        "primary_demand": flows["primary_demand"].assign_attrs(kt),
        "secondary_surplus": flows["secondary_surplus"].assign_attrs(kt),
        # vehicles, for the motors that :func:`corridor.demand.cleantech.join` adds
        "sales": sales.assign_attrs(units="vehicle/yr"),
        "retirements": fleet.convolve(sales, k_seg.retirement).assign_attrs(units="vehicle/yr"),
    }
    if not detail:
        return xr.Dataset(out)

    by_chemistry = _by_application(
        ev_gwh * chem.sel(application="Electric Vehicles", drop=True),
        storage_gwh * chem.sel(application=STORAGE, drop=True)).assign_attrs(units="GWh/yr")
    out.update({
        "stock": fleet.convolve(sales, k_seg.survival).assign_attrs(units="vehicle"),
        "battery_demand": by_chemistry,
        "battery_demand_by_anode": xr.dot(by_chemistry, inputs.anodes, dim="chemistry").sum(
            "application").assign_attrs(units="GWh/yr"),
        "material_demand": _by_application(in_ev + scrap_ev, in_st + scrap_st,
                                           pt_in).assign_attrs(kt),
        "manufacturing_scrap": _by_application(scrap_ev, scrap_st).assign_attrs(kt),
        "end_of_life": _by_application(eol_ev, eol_st, pt_out).assign_attrs(kt),
        "secondary_from_end_of_life": flows["secondary_from_end_of_life"].assign_attrs(kt),
        "secondary_from_scrap": flows["secondary_from_scrap"].assign_attrs(kt),
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
    coords = {name: (c.dims, c.values) for name, c in ds.coords.items() if name != "region"}
    return xr.Dataset(variables, coords={**coords, "region": [WORLD, *ds.region.values]})


def input_paths(inputs: Inputs) -> xr.Dataset:
    """The annual paths the chain used, as result variables (regions without World):
    kWh per vehicle, chemistry shares, collection, scrap and recovery rates."""
    rates = inputs.recycling
    return xr.Dataset({
        "pack_size": inputs.pack,
        "chemistry_share": inputs.chemistry,
        "collection_rate": rates["collection"],
        "scrap_rate": rates["scrap_rate"],
        "recovery_rate": rates["recovery"],
        "scrap_recovery_rate": rates["scrap_recovery"],
    })
