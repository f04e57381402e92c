"""Clean-energy technologies beside vehicles and storage: installed capacity -> additions
and retirements -> minerals in new capacity, at end of life and recycled.

Everything about a technology is data, so adding one is adding rows:

* ``cleantech_technology``: its capacity unit (GW, or km of line) and the output one unit
  of capacity gives (TWh/yr per GW: the capacity factor), which turns a published output
  (generation, hydrogen) into capacity;
* ``cleantech_deployment``: installed capacity, or output, at anchor years per region:
  ``History`` rows, then the scenario's ``clean_energy.pathway`` (STEPS, APS, NZE), merged
  with the scenario's own ``clean_energy.capacity`` anchors by the override rule;
* ``lifetime``: a row per technology;
* ``cleantech_mix``: shares of each design (generator type, cell type, electrolyser type)
  in new installations, and ``cleantech_intensity``: kg of mineral per unit of capacity by
  design and year (linear between a design's years, held outside);
* ``cleantech_recycling``: the share of each mineral recovered at end of life.

Installed capacity is a monotone cubic through the anchors (``paths.annual(between=
"smooth")``: additions do not jump at an anchor). Before the first anchor it is extrapolated
backwards at the growth rate between the first two (never below zero growth) for
:data:`PAST` years, so that the capacity in place when the model's years begin has an age
structure and retires as real cohorts do (a stock that appears at once would all retire
together). The stock-driven model (:func:`corridor.demand.fleet.solve_inflow`) gives
additions (growth plus replacement of what retires) and retirements by cohort; additions
carry the design mix and intensities of their year, retirements those of their cohort.

Examples
--------
>>> from corridor.config import load_scenario
>>> flows = clean_energy(Data(), load_scenario("STEPS"))
>>> solar = flows.installed_capacity.sel(technology="Solar PV", year=2022).sum("region")
>>> round(float(solar)), str(flows.unit.sel(technology="Solar PV").item())  # IRENA: 1,074
(1074, 'GW')
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from pint.errors import DimensionalityError

from corridor.config.schema import Scenario
from corridor.data import Data
from corridor.demand import fleet, materials, recycling
from corridor.dims import CRITICAL_MINERALS, FIRST_YEAR, MINERALS, REGION_PARTS, YEARS
from corridor.errors import InputError
from corridor.paths import annual
from corridor.units import factor

#: years simulated before the first model year, so the capacity then in place has retiring
#: cohorts (longer than any lifetime's tail)
PAST = 120
AXIS = np.arange(FIRST_YEAR - PAST, YEARS[-1] + 1)
#: years the clean-energy mineral total is compared with (see :func:`headline`)
BASE_YEARS = (2020, 2023)


def technologies(data: Data) -> pd.DataFrame:
    """The technology table, indexed by technology, in table order."""
    return data.memo("cleantech:technologies",
                     lambda: data.table("cleantech_technology").set_index("technology"))


def _known(name: str, allowed, label: str) -> str:
    if name not in allowed:
        raise InputError(f"{label}: unknown technology {name!r} (choose from "
                         f"{', '.join(allowed)})")
    return name


def installed(data: Data, scenario: Scenario) -> xr.DataArray:
    """Installed capacity at the end of each year, dims ``(technology, region, year)`` on
    :data:`AXIS`, with a ``unit`` coordinate along ``technology``."""
    techs = technologies(data)
    anchors = data.memo("cleantech:anchors", lambda: _anchors(data))
    cfg = scenario.clean_energy
    for name in cfg.capacity:
        _known(name, techs.index, f"scenario {scenario.name}: clean_energy.capacity")
    out = np.zeros((len(techs), len(REGION_PARTS), AXIS.size))
    series: dict[tuple[int, ...], list] = {}  # by anchor years: one interpolation each
    for i, name in enumerate(techs.index):
        for j, region in enumerate(REGION_PARTS):
            history = anchors.get((name, region, "History"))
            if not history:
                raise InputError(f"data table {data.path('cleantech_deployment')}: {name} in "
                                 f"{region}: no History rows")
            last = max(history)
            points = {**history, **{y: v for y, v in anchors.get(
                (name, region, cfg.pathway), {}).items() if y > last}}
            own = cfg.capacity.get(name, {}).get(region)
            if own is not None:
                points = own.onto(points, last, f"scenario {scenario.name}: clean_energy."
                                  f"capacity.{name}.{region}")
            series.setdefault(tuple(sorted(points)), []).append((i, j, points))
    for years, members in series.items():
        index = tuple(np.array(k) for k in zip(*((i, j) for i, j, _ in members), strict=True))
        out[index] = _path({y: np.array([p[y] for *_, p in members]) for y in years})
    return xr.DataArray(out, dims=("technology", "region", "year"),
                        coords={"technology": list(techs.index), "region": list(REGION_PARTS),
                                "year": AXIS, "unit": ("technology", techs.unit.to_numpy())})


def _anchors(data: Data) -> dict[tuple[str, str, str], dict[int, float]]:
    """The deployment rows as ``{(technology, region, scenario): {year: capacity}}``, in
    each technology's capacity unit (output rows divided by its output per unit)."""
    techs = technologies(data)
    table, path = data.table("cleantech_deployment"), data.path("cleantech_deployment")
    out: dict[tuple[str, str, str], dict[int, float]] = {}
    for name, region, scenario, year, value, unit in zip(
            table.technology, table.region, table.scenario, table.year.to_numpy(int).tolist(),
            table.value.to_numpy(float).tolist(), table.unit, strict=True):
        tech = techs.loc[_known(name, techs.index, f"data table {path}")]
        if unit != tech.unit:
            if unit != tech.output_unit or not tech.output_per_unit > 0:
                raise InputError(f"data table {path}: {name} in {region}: unit {unit!r} in "
                                 f"{year} is neither {tech.unit!r} nor an output per "
                                 f"{tech.unit} of the technology table")
            value /= tech.output_per_unit  # output_unit per unit of capacity
        out.setdefault((name, region, scenario), {})[year] = value
    return out


def _path(points: dict[int, np.ndarray | float]) -> np.ndarray:
    """Paths on :data:`AXIS` through anchors (values scalars or arrays of series): a
    monotone cubic between anchors, held after the last; before the first,
    back-extrapolated at the first interval's growth rate (at least zero growth)."""
    years = sorted(points)
    path = annual(points, AXIS, between="smooth")
    if len(years) > 1:
        (y0, y1), (v0, v1) = years[:2], (np.asarray(points[years[0]], float),
                                         np.asarray(points[years[1]], float))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # v0 = 0
            rate = np.where(v0 > 0, np.fmax((v1 / v0) ** (1 / (y1 - y0)), 1.0), 1.0)
        early = AXIS < y0
        path[..., early] = v0[..., None] * rate[..., None] ** (AXIS[early] - y0)
    return path


def content(data: Data, scenario: Scenario, bound: str = "value") -> xr.DataArray:
    """kg of mineral per unit of new capacity, dims ``(technology, year, mineral)`` on
    :data:`AXIS`: the year's design mix times each design's intensity (``bound``: its
    ``value``, or the ``low`` or ``high`` end of its range, see :func:`intensity`)."""
    mix = (_mix(data, scenario) if scenario.clean_energy.mix
           else data.memo("cleantech:mix", lambda: _mix(data, scenario)))
    u = scenario.uncertainty
    spread = dict(zip(("low", "high"), u.clean_energy_range, strict=True)).get(bound, 1.0)
    published = u.clean_energy_published_cap if u.clean_energy_published else 0.0
    per_design = data.memo(f"cleantech:intensity:{bound}:{spread}:{published}",
                           lambda: intensity(data, mix.design.values, bound, spread, published))
    table = data.table("cleantech_intensity")
    given = set(zip(table.technology, table.design, strict=True))
    used = mix.any("year").to_series()
    for name, design in used[used].index:
        if (name, design) not in given:  # missing is not zero: a 0 row leaves one out
            raise InputError(f"data table {data.path('cleantech_intensity')}: no row for "
                             f"{name} {design}, which has a share in new installations")
    return xr.dot(mix, per_design, dim="design").transpose(
        "technology", "year", "mineral").assign_attrs(units="kg per unit of capacity")


def intensity(data: Data, designs, bound: str = "value", spread: float = 1.0,
              published: float = 0.0) -> xr.DataArray:
    """kg of mineral per unit of capacity by design and year, dims ``(technology, design,
    year, mineral)`` on :data:`AXIS` (linear between a design's years, held outside).

    ``bound`` ``"low"`` or ``"high"`` takes each row's published end of its range, cut to
    ``published`` times its value or its value over ``published`` (the scenario's
    ``uncertainty.clean_energy_published_cap``), or, where the row gives none (or
    ``published`` is 0), its value times ``spread`` (the Monte Carlo's ends)."""
    techs = technologies(data)
    known = set(zip(data.table("cleantech_mix").technology, data.table("cleantech_mix").design,
                    strict=True))
    df, path = data.table("cleantech_intensity"), data.path("cleantech_intensity")
    designs = list(designs)
    out = np.zeros((len(techs), len(designs), AXIS.size, len(MINERALS)))
    for (name, design, mineral), rows in df.groupby(["technology", "design", "mineral"],
                                                     sort=False):
        _known(name, techs.index, f"data table {path}")
        if (name, design) not in known:
            raise InputError(f"data table {path}: {name} {design} {mineral}: design "
                             f"{design!r} has no share in {data.path('cleantech_mix')}")
        unit, capacity = rows.unit.iloc[0], techs.unit[name]
        try:
            per = factor(unit, f"kg / {capacity}")
        except DimensionalityError:
            raise InputError(f"data table {path}: {name} {design} {mineral}: unit {unit!r} is "
                             f"not per {capacity}, the technology's unit") from None
        values = rows.value * spread
        if bound != "value" and published:
            values = rows[bound].clip(rows.value / published, rows.value * published
                                      ).fillna(values)
        years, values = rows.year.to_numpy(int), values.to_numpy(float)
        order = np.argsort(years)
        out[techs.index.get_loc(name), designs.index(design), :, MINERALS.index(mineral)] = \
            np.interp(AXIS, years[order], values[order]) * per
    return xr.DataArray(out, dims=("technology", "design", "year", "mineral"),
                        coords={"technology": list(techs.index), "design": designs,
                                "year": AXIS, "mineral": list(MINERALS)})


def _mix(data: Data, scenario: Scenario) -> xr.DataArray:
    """Design shares of new installations, dims ``(technology, design, year)`` on AXIS."""
    names = technologies(data).index
    df, path = data.table("cleantech_mix"), data.path("cleantech_mix")
    designs = list(dict.fromkeys(df.design))
    out = np.zeros((len(names), len(designs), AXIS.size))
    for name, own in scenario.clean_energy.mix.items():
        _known(name, names, f"scenario {scenario.name}: clean_energy.mix")
        bad = sorted(set().union(*own.points.values()) - set(df.design[df.technology == name]))
        if bad:
            raise InputError(f"scenario {scenario.name}: clean_energy.mix.{name}: unknown "
                             f"design {bad[0]!r}")
    by_technology = dict(list(df.groupby("technology", sort=False)))
    for i, name in enumerate(names):
        if name not in by_technology:
            raise InputError(f"data table {path}: no rows for {name}")
        shares = by_technology[name].pivot_table(index="year", columns="design",
                                                 values="share")
        if shares.isna().any().any():
            year, design = shares.stack(future_stack=True).loc[lambda s: s.isna()].index[0]
            raise InputError(f"data table {path}: {name}: no share of {design} in {year}")
        points = {int(y): dict(r) for y, r in shares.iterrows()}
        own = scenario.clean_energy.mix.get(name)
        if own is not None:
            points = own.onto(points, FIRST_YEAR - 1, f"scenario {scenario.name}: "
                              f"clean_energy.mix.{name}")
        for year, shares_of_year in points.items():
            total = sum(shares_of_year.values())
            if abs(total - 1.0) > 1e-6:
                raise InputError(f"data table {path}: {name} {year}: design shares sum to "
                                 f"{total:.6g}, not 1")
        years = sorted(points)
        for design in shares.columns:
            out[i, designs.index(design)] = np.interp(
                AXIS, years, [points[y].get(design, 0.0) for y in years])
    return xr.DataArray(out, dims=("technology", "design", "year"),
                        coords={"technology": list(names), "design": designs, "year": AXIS})


def recovery(data: Data, minerals) -> xr.DataArray:
    """Share of each mineral recovered from retired capacity (dims ``mineral``); a mineral
    the technologies contain needs a row (missing is not zero)."""
    df = data.table("cleantech_recycling").set_index("mineral")
    missing = [m for m in minerals if m not in df.index]
    if missing:
        raise InputError(f"data table {data.path('cleantech_recycling')}: no row for "
                         f"{missing[0]}")
    return xr.DataArray(df.value.reindex(list(MINERALS)).fillna(0.0).to_numpy(),
                        dims="mineral", coords={"mineral": list(MINERALS)})


def clean_energy(data: Data, scenario: Scenario, bound: str = "value") -> xr.Dataset:
    """Capacity and mineral flows of every technology on the model years, regions without
    World: ``installed_capacity`` (technology, region, year) at the end of each year,
    ``capacity_additions`` and ``capacity_retirements`` per year, in each technology's unit
    (coordinate ``unit``); ``material_demand`` and ``end_of_life`` (technology, region,
    year, mineral) and ``secondary_from_end_of_life`` (region, year, mineral), kt/yr;
    ``bound``: the intensities' value or one end of their range (:func:`content`)."""
    stock = installed(data, scenario)
    names = list(stock.technology.values)
    kernel = fleet.kernels(fleet.lifetimes(data, scenario, names), None, AXIS.size,
                           dim="technology")
    # numpy along (technology, region, year, mineral): the labelled arithmetic would align
    # the same indexes again and again
    inflow, _ = fleet.solve_inflow(stock.values, kernel.survival.values[:, None])
    survival, retirement = kernel.survival.values, kernel.retirement.values
    n = AXIS.size
    cohort = np.arange(n)
    ages = cohort[:, None] - cohort[None, :]  # year x cohort
    lags = np.where(ages >= 0, ages, n)  # n: a zero-padded age for cohorts not yet in use
    pad = np.zeros((len(names), 1))
    in_use = np.concatenate([survival, pad], 1)[:, lags]  # technology, year, cohort
    leaving = np.concatenate([retirement, pad], 1)[:, lags]
    capacity = np.einsum("tyc,trc->try", in_use, inflow)
    retired = np.einsum("tyc,trc->try", leaving, inflow)
    per_unit = content(data, scenario, bound).transpose("technology", "year", "mineral").values
    units = technologies(data).unit.to_numpy()
    to_kt = np.array([factor(f"{u}/yr * kg/{u}", "kt/yr") for u in units])
    added = inflow[..., None] * (per_unit * to_kt[:, None, None])[:, None]
    model = np.isin(AXIS, YEARS)
    end_of_life = np.einsum("tyc,trcm->trym", leaving[:, model], added)
    contained = per_unit.any((0, 1)) | materials.drivetrain_content(data).values.any(0)
    rate = data.memo("cleantech:recovery", lambda: recovery(
        data, [m for m, used in zip(MINERALS, contained, strict=True) if used]))
    dims = ("technology", "region", "year", "mineral")
    kt = {"units": "kt/yr"}
    return xr.Dataset({
        "installed_capacity": (dims[:3], capacity[..., model], {"units": "{unit}"}),
        "capacity_additions": (dims[:3], inflow[..., model], {"units": "{unit}/yr"}),
        "capacity_retirements": (dims[:3], retired[..., model], {"units": "{unit}/yr"}),
        "material_demand": (dims, added[:, :, model], kt),
        "end_of_life": (dims, end_of_life, kt),
        "secondary_from_end_of_life": (dims[1:], np.einsum("trym,m->rym", end_of_life,
                                                           rate.values), kt),
        "recovery_rate": ("mineral", rate.values, {"units": "1"}),
    }, coords={"technology": names, "region": list(REGION_PARTS), "year": list(YEARS),
               "mineral": list(MINERALS), "unit": ("technology", units)})


def ranges(data: Data, scenario: Scenario, central: xr.Dataset) -> xr.Dataset:
    """Each technology's ``material_demand`` and ``secondary_from_end_of_life`` (bound,
    technology, region, year, mineral; kt/yr) with its intensities at the ``low`` end of
    their ranges, at their ``value`` (the ``central`` flows of :func:`clean_energy`) and
    at the ``high`` end: the Monte Carlo's clean-energy factors move a draw between them."""
    names = ["material_demand", "secondary_from_end_of_life"]
    parts = []
    for bound in ("low", "value", "high"):
        flows = central if bound == "value" else clean_energy(data, scenario, bound)
        parts.append(xr.Dataset({names[0]: flows.material_demand,
                                 names[1]: flows.end_of_life * flows.recovery_rate}))
    return xr.concat(parts, pd.Index(["low", "value", "high"], name="bound")).drop_vars("unit")


def join(battery: xr.Dataset, clean: xr.Dataset, minerals=MINERALS,
         drivetrain: xr.DataArray | None = None, drawn: xr.Dataset | None = None
         ) -> xr.Dataset:
    """The battery chain's results with the clean-energy technologies' flows, on
    ``minerals`` (zero where a part holds none), regions without World.

    ``drivetrain`` (kg per vehicle beyond the battery,
    :func:`corridor.demand.materials.drivetrain_content`) adds the motors of new vehicles
    and of retired ones, recovered at the technologies' rates. With an ``application``
    dimension (the central run) the technologies follow vehicles and storage along it and
    the motors count under Electric Vehicles; without one (Monte Carlo draws) the
    technologies' flows are added in: the central ones, or ``drawn`` (the draws'
    ``material_demand`` and ``secondary_from_end_of_life`` of all technologies, draw
    first; see :func:`ranges`). Then secondary supply and primary demand are the balance
    over all.
    """
    minerals = list(minerals)
    order = ("application", "region", "year", "mineral")
    flows = clean[["material_demand", "end_of_life", "secondary_from_end_of_life"]].sel(
        mineral=minerals).drop_vars("unit")
    if drivetrain is not None:
        content = drivetrain.sel(mineral=minerals)
        to_kt = factor(f"({battery.sales.attrs['units']}) * ({content.attrs['units']})",
                       "kt/yr")
        motors = {vehicles: xr.dot(battery[vehicles], content, dim="segment").transpose(
            ..., *order[1:]) * to_kt for vehicles in ("sales", "retirements")}
        motors_recovered = motors["retirements"] * clean.recovery_rate.sel(mineral=minerals)
    if "application" not in battery.material_demand.dims:
        # numpy, in place on the padded arrays: a block of draws is large
        dims = battery.material_demand.dims
        if drawn is None:
            drawn = flows.assign(material_demand=flows.material_demand.sum("technology"))
        added = {"material_demand": [drawn.material_demand],
                 "secondary_supply": [drawn.secondary_from_end_of_life]}
        if drivetrain is not None:
            added["material_demand"].append(motors["sales"])
            added["secondary_supply"].append(motors_recovered)
        totals = {}
        for name, parts in added.items():
            totals[name] = _padded(battery[name], {"mineral": minerals})
            for da in parts:
                totals[name] += da.transpose(*(d for d in dims if d in da.dims)).values
        totals["primary_demand"], totals["secondary_surplus"] = recycling.balance(
            totals["material_demand"], totals["secondary_supply"])
        coords = {d: battery[d].values for d in dims if d in battery.coords}
        return xr.Dataset({"battery_demand": battery.battery_demand} | {
            name: (dims, values, {"units": "kt/yr"}) for name, values in totals.items()},
            coords={**coords, "mineral": minerals})
    # numpy on padded arrays (the chain's minerals and applications come first): labelled
    # arithmetic would align the same indexes over and over
    apps = [*battery.application.values, *clean.technology.values]
    labels = {"mineral": minerals, "application": apps}
    ordered = {name: battery[name].transpose(*(d for d in order if d in battery[name].dims),
                                             ...) for name in battery.data_vars}
    values = {name: _padded(da, labels) for name, da in ordered.items()}
    own = battery.sizes["application"]
    recovered = flows.secondary_from_end_of_life.transpose(*order[1:]).values.copy()
    for name, vehicles in (("material_demand", "sales"), ("end_of_life", "retirements")):
        values[name][own:] += flows[name].transpose("technology", *order[1:]).values
        if drivetrain is not None:
            values[name][apps.index("Electric Vehicles")] += motors[vehicles].values
    if drivetrain is not None:  # the motors of retiring vehicles, recovered
        recovered += motors_recovered.values
    values["secondary_from_end_of_life"] += recovered
    values["secondary_supply"] += recovered
    primary, surplus = recycling.balance(values["material_demand"].sum(0),
                                         values["secondary_supply"])
    values["primary_demand"], values["secondary_surplus"] = primary, surplus
    variables = {name: (ordered[name].dims, values[name], {**battery[name].attrs,
                                                           **_KT.get(name, {})})
                 for name in ordered}
    for name in ("installed_capacity", "capacity_additions", "capacity_retirements"):
        variables[name] = (clean[name].dims, clean[name].values, clean[name].attrs)
    coords = {name: (c.dims, c.values) for name, c in battery.coords.items()}
    return xr.Dataset(variables, coords={**coords, **labels, "technology": clean.technology.values,
                                         "unit": ("technology", clean.unit.values)})


_KT = {name: {"units": "kt/yr"} for name in (
    "material_demand", "end_of_life", "secondary_from_end_of_life", "secondary_supply",
    "primary_demand", "secondary_surplus")}


def _padded(da: xr.DataArray, labels: dict[str, list]) -> np.ndarray:
    """``da``'s values with zeros appended along each dimension of ``labels`` for the
    labels it lacks (its own are the first ones, in order)."""
    widths = []
    for dim in da.dims:
        have, want = list(da[dim].values), labels.get(dim)
        if want is not None and have != want[:len(have)]:
            raise ValueError(f"{da.name}: {dim} {have} is not the start of {want}")
        widths.append((0, 0 if want is None else len(want) - len(have)))
    return np.pad(da.values, widths)


def headline(demand: xr.Dataset) -> xr.Dataset:
    """The outlooks' headline on joined results (World included): ``clean_energy_demand``
    (region, year), kt/yr of the critical minerals (:data:`corridor.dims.CRITICAL_MINERALS`)
    over every application; ``clean_energy_share`` of each application; and
    ``clean_energy_multiple`` (base, region, year) over the base years :data:`BASE_YEARS`
    (IEA 2021 compares 2040 with 2020, the Global Critical Minerals Outlook 2024 compares
    2030 with 2023). A ratio over nothing is missing, not zero. Without ``application``
    (the Monte Carlo's draws) there are no shares.

    >>> import corridor
    >>> r = corridor.run("STEPS")
    >>> h = headline(r.demand.sel(scenario="STEPS"))
    >>> round(float(h.clean_energy_multiple.sel(base="2020", region="World", year=2020)), 3)
    1.0
    """
    by_app = demand.material_demand.sel(mineral=list(CRITICAL_MINERALS)).sum("mineral")
    total = by_app.sum("application") if "application" in by_app.dims else by_app
    base = xr.concat([total.sel(year=y, drop=True) for y in BASE_YEARS],
                     dim=xr.DataArray([str(y) for y in BASE_YEARS], dims="base"))
    out = xr.Dataset({
        "clean_energy_demand": total.assign_attrs(units="kt/yr"),
        "clean_energy_multiple": (total / base.where(base > 0)).transpose(
            "base", *total.dims).assign_attrs(units="1"),
    })
    if "application" in by_app.dims:
        out["clean_energy_share"] = (by_app / total.where(total > 0)).assign_attrs(units="1")
    return out
