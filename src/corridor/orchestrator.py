"""The orchestrator: ``run(scenarios) -> Results`` (``corridor.run``), steps in the order
of the data flow.

For each scenario::

    scenario (validated) -> demand inputs (data + the scenario's anchors)
      -> demand chain (sales, fleet, batteries, materials, recycling), joined with the
         clean-energy technologies (capacity, additions, minerals) -> demand checks
      -> supply (registry pipeline, stage balances, capacity) -> world concentration and
         supply risk with and without the corridor pipeline -> supply checks
      -> Monte Carlo quantiles (with draws)

then every scenario's groups are joined along ``scenario`` into one
:class:`~corridor.results.Results`, with Canada's and Korea's trade exposure and the
tariff scenarios' shocks (both on the trade history: the same in every scenario).
Nothing downstream computes model numbers.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import xarray as xr

from corridor._version import __version__
from corridor.checks import check_demand, check_supply
from corridor.config import BUILTIN, Scenario, load_scenario
from corridor.config.cases import with_case
from corridor.data import Data
from corridor.demand import sensitivity as global_sensitivity
from corridor.demand import uncertainty
from corridor.demand.chain import chain, input_paths, with_world
from corridor.demand.cleantech import headline, join
from corridor.demand.inputs import prepare
from corridor.demand.materials import graphite_by_form
from corridor.dims import CORRIDOR, REGIONS, YEARS, lookup, mode_of
from corridor.ensemble import connect
from corridor.errors import CorridorWarning, InputError
from corridor.io.codelist import codelist, selection
from corridor.io.iamc import BASES, check_codelist
from corridor.results import Results
from corridor.supply.balance import balances
from corridor.supply.outlook import indicators
from corridor.supply.registry import load_facilities
from corridor.trade import dependence, shocks
from corridor.trade import flows as trade_flows
from corridor.trade.tariffs import TariffScenario, builtin_tariffs, load_tariffs
from corridor.units import factor

Spec = str | Path | Scenario


def scenario_list(scenarios: Spec | Sequence[Spec] | None,
                  cases: Sequence[str | Path] = ()) -> list[tuple[Spec, Scenario]]:
    """``(spec, validated scenario)`` for a name, a path, a :class:`Scenario` or a list of
    them (default: the built-ins), then each of them with each technology case in
    ``cases`` (:func:`corridor.config.cases.with_case`). A :class:`Scenario` is validated
    again, so that an in-place edit that breaks a rule is an :class:`InputError` naming
    the field."""
    if scenarios is None:
        scenarios = list(BUILTIN)
    elif isinstance(scenarios, str | Path | Scenario) or not isinstance(scenarios, Iterable):
        scenarios = [scenarios]
    wrong = [s for s in scenarios if not isinstance(s, str | Path | Scenario)]
    if wrong:
        raise TypeError(f"a scenario is a name, a path or a Scenario, not {wrong[0]!r}")
    out = [(spec, load_scenario(spec)) for spec in scenarios]
    out += [(spec, with_case(s, case)) for case in cases for spec, s in list(out)]
    names = [s.name for _, s in out]
    if not names:
        raise ValueError("no scenario to run")
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        given = [str(spec.name if isinstance(spec, Scenario) else spec)
                 for spec, s in out if s.name == twice]
        raise InputError(f"scenario names must be unique: {' and '.join(given)} are both "
                         f"named {twice!r}")
    return out


def run_one(data: Data, scenario: Scenario, draws: int = 0, seed: int = 0,
            progress: Callable[[int], None] | None = None, scheduler=None
            ) -> tuple[dict[str, xr.Dataset], list[str]]:
    """Every group of one scenario, checked, and its notes."""
    inputs, groups = run_demand(data, scenario, uncertain=draws > 0)
    groups |= run_supply(data, scenario, groups)
    check_codelist(groups, data)
    if draws > 0:
        groups["quantiles"] = uncertainty.monte_carlo(inputs, draws, seed, progress,
                                                        scheduler)
    return groups, inputs.notes


def run_demand(data: Data, scenario: Scenario, uncertain: bool = False
               ) -> tuple[object, dict[str, xr.Dataset]]:
    """The demand side of one scenario, checked: its inputs (``uncertain``: ready for the
    Monte Carlo), and groups ``demand`` (vehicles, storage and the clean-energy
    technologies joined), ``inputs`` (the annual paths the chain used) and
    ``clean_energy`` (the outlooks' headline totals, shares and multiples)."""
    inputs = prepare(data, scenario, uncertain)
    demand = with_world(join(chain(inputs), inputs.cleantech, drivetrain=inputs.drivetrain))
    demand = demand.assign_coords(mode=("segment", [mode_of(s) for s in demand.segment.values]))
    demand = demand.assign(graphite_by_form(demand, scenario.supply.natural_graphite_share.points))
    check_demand(demand, scenario.name)
    return inputs, {"demand": demand, "inputs": input_paths(inputs),
                    "clean_energy": headline(demand)}


def run_supply(data: Data, scenario: Scenario, demand: dict[str, xr.Dataset]
               ) -> dict[str, xr.Dataset]:
    """The supply side of one scenario on its demand groups (:func:`run_demand`), checked:
    balances, capacity, facilities, risk and production. An assessment runs it again on
    the data with a proposed project among the facilities."""
    supply = balances(data, scenario.supply, demand["demand"], demand["inputs"],
                      f"scenario {scenario.name}")
    upstream = supply.pop("upstream").upstream_supply
    outlook = indicators(data, upstream)
    groups = {**supply, "risk": outlook["risk"].assign(upstream_supply=upstream),
              "production": outlook["production"]}
    check_supply(demand | groups, scenario.name)
    return groups


def run(scenarios: Spec | Sequence[Spec] | None = None, *, draws: int = 0, seed: int = 0,
        data: Data | None = None, lithium_basis: str = "Li",
        tariffs: Sequence[str | Path | TariffScenario] | None = None,
        cases: Sequence[str | Path] = (),
        progress: Callable[[int], None] | None = None, scheduler=None) -> Results:
    """Run the whole model for each scenario, and a Monte Carlo if ``draws > 0``
    (``corridor.run``).

    Parameters
    ----------
    scenarios
        A built-in name (``"STEPS"``, ``"APS"``, ``"NZE"``), a path of a scenario file, a
        :class:`Scenario`, or a list of them; default: the three built-ins.
    draws, seed
        Monte Carlo size and seed (same seed, same numbers).
    data
        The data tables (default: the shipped package).
    lithium_basis
        ``"Li"`` (contained lithium, the default) or ``"LCE"`` for lithium carbonate
        equivalent in the IAMC table and the files.
    tariffs
        Tariff scenarios (built-in names, files or :class:`TariffScenario`) whose shocks
        the results carry (group ``tariffs``); default: every built-in; ``[]``: none.
    cases
        Technology cases (built-in names, see :func:`corridor.config.cases.builtin_cases`,
        or files): each scenario is run once more with each case, named
        ``<scenario>+<case>``.
    progress
        Called with the number of draws done so far, over all scenarios, after each chunk.
    scheduler
        Where the Monte Carlo runs (:mod:`corridor.ensemble`): ``None`` for Dask in this
        process, a scheduler address such as ``"tcp://host:8786"``, or a
        ``distributed.Client``.

    Raises
    ------
    InputError
        A bad scenario or data table: one line naming the file, the field and the problem.
    CheckError
        A model invariant failed (a bug or an inconsistent data set).

    Examples
    --------
    >>> import corridor
    >>> r = corridor.run("STEPS")
    >>> round(float(r.demand.sales.sel(scenario="STEPS", region="World", year=2023,
    ...       segment=["Cars|BEV", "Cars|PHEV"]).sum()) / 1e6, 1)
    13.8
    """
    if lithium_basis not in BASES:
        raise ValueError(f"lithium basis: {lithium_basis!r} is not one of {', '.join(BASES)}")
    if draws < 0:
        raise ValueError(f"draws: {draws} is negative")
    data = data or Data()
    per_group: dict[str, list[xr.Dataset]] = {}
    notes, resolved = {}, {}
    # one connection for every scenario's draws, made before any run: an address that
    # does not answer is refused at once
    with connect(scheduler) if draws else nullcontext() as client:
        for i, (spec, scenario) in enumerate(scenario_list(scenarios, cases)):
            done = None if progress is None else (lambda n, base=i * draws: progress(base + n))
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", CorridorWarning)
                    groups, notes[scenario.name] = run_one(data, scenario, draws, seed, done,
                                                             client)
            except InputError as err:  # a setting that does not fit the data: name the file
                prefix = f"scenario {scenario.name}: "
                if isinstance(spec, Scenario) or str(spec) in BUILTIN or not str(err).startswith(
                        prefix):
                    raise
                raise InputError(f"{spec}: {str(err).removeprefix(prefix)}") from None
            for warning in caught:  # re-raised outside the recording block, once per run
                warnings.warn(warning.message, warning.category, stacklevel=2)
            resolved[scenario.name] = scenario
            for name, ds in groups.items():
                per_group.setdefault(name, []).append(ds)
    index = pd.Index(list(resolved), name="scenario", dtype=object)
    tree = {name: xr.concat(parts, dim=index, coords="minimal", compat="override")
            for name, parts in per_group.items()}
    tree["trade"] = trade_exposure(data).expand_dims(scenario=index)
    if tariffs is None or len(tariffs):
        tree["tariffs"] = tariff_shocks(data, builtin_tariffs() if tariffs is None else tariffs)
    tree.update(reference_tables(data))
    out = xr.DataTree.from_dict(tree)
    out.attrs = {
        "corridor_version": __version__, "data_version": data.version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "draws": draws, "seed": json.dumps(seed if draws else None),
        "lithium_basis": lithium_basis,
        "scenarios": json.dumps({n: s.model_dump(mode="json") for n, s in resolved.items()}),
        "notes": json.dumps(notes),
    }
    return Results(out)


def _grouped(variables: Sequence[str]) -> str:
    """Variable names, those with the same children as one entry: ``A or B|{x, y}``.

    >>> _grouped(["A|x", "A|y", "B|x", "B|y", "C"])
    'A or B|{x, y}; C'
    """
    children: dict[str, list[str]] = {}
    for name in variables:
        parent, _, child = name.rpartition("|")
        children.setdefault(parent, []).append(child)
    parents: dict[tuple[str, ...], list[str]] = {}
    for parent, own in children.items():
        parents.setdefault(tuple(own), []).append(parent)
    return "; ".join(" or ".join(names) + ("|{" + ", ".join(own) + "}" if names != [""]
                                           else ", ".join(own))
                     for own, names in parents.items())


def trade_exposure(data: Data) -> xr.Dataset:
    """Canada's and Korea's trade exposure by ``region`` (history: every scenario has it,
    as it has the history of sales)."""
    codes = [trade_flows.ISO3_OF[c] for c in CORRIDOR]
    exposure = dependence.exposure(trade_flows.load(data), codes, data)
    return exposure.rename(country="region").assign_coords(region=list(CORRIDOR))


def tariff_shocks(data: Data, specs: Sequence[str | Path | TariffScenario]) -> xr.Dataset:
    """Each tariff scenario's shock along ``tariffs`` (its name): trade lost, diverted and
    rerouted by product (US$ and contained tonnes), welfare by region."""
    flows = trade_flows.load(data)
    scenarios = [s if isinstance(s, TariffScenario) else load_tariffs(s) for s in specs]
    keep = ["lost", "diverted", "rerouted", "lost_t", "diverted_t", "rerouted_t", "product",
            "producer_surplus", "consumer_surplus", "tariff_revenue", "welfare"]
    parts = []
    for scenario in scenarios:
        shock = shocks.shock(scenario, flows)
        welfare = shock[keep[7:]].sum("hs6")  # over the products the scenario touches
        parts.append(shock[keep[:7]].assign(welfare.data_vars).assign_attrs(shock.attrs))
    names = [s.name if isinstance(s, TariffScenario) else Path(s).stem for s in specs]
    out = xr.concat(parts, pd.Index(names, name="tariffs", dtype=object), join="outer",
                    coords="minimal", compat="override", combine_attrs="drop")
    out["product"] = ("hs6", trade_flows.products(data)["product"].reindex(
        out.hs6.values).to_numpy())
    for key in ("scenario", "year", "before", "after"):
        out.coords["title" if key == "scenario" else key] = (
            "tariffs", [str(p.attrs[key]) for p in parts])
    for name in keep:
        if name != "product":
            out[name].attrs["units"] = "t" if name.endswith("_t") else "USD"
    return out


def reference_tables(data: Data) -> dict[str, xr.Dataset]:
    """The tables the outputs cite, as row-indexed datasets (text, blank for missing)."""
    registry = load_facilities(data).drop(columns=["region", "basis"])
    tables = {"calibration": data.table("calibration"),
              "battery_projection": data.table("battery_projection"),
              "sources": data.sources(), "registry": registry}
    out = {}
    for name, df in tables.items():
        columns = {}
        for column, values in df.reset_index(drop=True).items():
            if pd.api.types.is_bool_dtype(values):
                columns[column] = values.to_numpy(bool)
            elif pd.api.types.is_numeric_dtype(values):
                columns[column] = values.astype(float).to_numpy()
            else:
                columns[column] = values.astype(object).where(values.notna(), "").astype(
                    str).to_numpy()
        out[f"reference/{name}"] = xr.Dataset({c: ("row", v) for c, v in columns.items()})
    return out


def sensitivity(output: str, region: str = "World", year: int = 2040,
                scenario: Spec = "STEPS", *, samples: int = 1024, seed: int = 0,
                data: Data | None = None, scheduler=None) -> pd.DataFrame:
    """Sobol' first-order and total indices of one output for every uncertain input of the
    Monte Carlo (``corridor.sensitivity``; see :mod:`corridor.demand.sensitivity`).

    Parameters
    ----------
    output
        A codelist variable the Monte Carlo reports: ``Material Demand|{Mineral}``,
        ``Primary Demand|{Mineral}``, ``Secondary Supply|{Mineral}`` or
        ``Battery Demand|{Application}``.
    region, year
        Where and when (World or one of its six parts; aliases such as ``KR`` too).
    scenario
        A built-in name, a scenario file or a :class:`Scenario`.
    samples, seed
        Saltelli base sample (a power of two; ``samples x (inputs + 2)`` runs) and seed.
    data, scheduler
        The data tables (default: the shipped ones) and where the runs go (``None``:
        Dask in this process; an address such as ``"tcp://host:8786"``; a Client).

    Returns
    -------
    pandas.DataFrame
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` by input, largest total index first;
        ``attrs`` name the output, unit, region, year, scenario, runs, and the mean and sd
        of the output over the runs.

    Examples
    --------
    >>> import corridor
    >>> t = corridor.sensitivity("Material Demand|Lithium", "Canada", 2040, samples=16)
    >>> t.attrs["unit"], t.attrs["runs"], list(t.columns)
    ('kt Li/yr', 640, ['S1', 'S1_conf', 'ST', 'ST_conf'])
    """
    rows = codelist()
    along = {"battery_demand": {"application"}, "clean_energy_multiple": {"base"},
             "clean_energy_demand": set()}  # the others: mineral
    usable = [v for v, row in rows.iterrows() if row.group in ("demand", "clean_energy")
              and row["array"] in uncertainty.REPORTED
              and set(selection(row.select)) <= along.get(row["array"], {"mineral"})]
    if output not in usable:
        raise InputError(f"output {output!r}: not a variable the Monte Carlo reports; choose "
                         f"one of {_grouped(usable)}")
    region = lookup("region", region)
    if region not in REGIONS:
        raise InputError(f"region {region!r}: the sensitivity analysis takes one of "
                         f"{', '.join(REGIONS)}")
    if year not in YEARS:
        raise InputError(f"year {year}: not between {YEARS[0]} and {YEARS[-1]}")
    row = rows.loc[output]
    spec, chosen = scenario_list(scenario)[0][1], selection(row.select)
    inputs = prepare(data or Data(), spec, uncertain=True)
    table, runs = global_sensitivity.sobol(
        inputs, row["array"], {**chosen, "region": region, "year": year}, samples, seed,
        scheduler)
    units = {"battery_demand": "GWh/yr", "clean_energy_multiple": "1"}.get(row["array"], "kt/yr")
    runs = runs * factor(units, row.unit)
    table.attrs = {"output": output, "unit": row.unit, "region": region, "year": year,
                   "scenario": spec.name, "runs": len(runs), "samples": samples,
                   "seed": seed, "mean": float(runs.mean()), "sd": float(runs.std())}
    return table
