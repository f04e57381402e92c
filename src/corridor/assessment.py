"""Assessment of proposed projects against one scenario: what they need, what the corridor
can supply of it, what they change, what they cost and employ.

The projects join the facility registry of that one scenario's run (the registry rows
they ``replace`` leave it), as plants under construction that reach their nameplate over
their ramp; the demand side is computed once and the supply side twice, without and with
them (:func:`corridor.orchestrator.run_supply`). Everything is read off the two runs:

* ``output``: the projects' effective capacity by year (each in its unit);
* ``needs``: what the next stage down must supply them, contained tonnes by mineral,
  stage and year (the rise of the region's plant-to-plant requirement), and how much of
  it the region's and the corridor's surplus at that stage covers without the projects
  (``covered_*``, ``coverage_*``); the rest must be imported (``imports_t``);
* ``sources``: where the region imports that stage's products from today (BACI);
* ``balance`` and ``concentration``: supply, requirement and self-sufficiency by region
  (Canada, South Korea, the corridor) and stage, and world HHI and supply risk, along
  ``projects`` (without, with); :meth:`Assessment.gap_closed` sums the stage gaps closed;
* ``economics``: capex and direct jobs as proposed, else from announced plants of the
  same type per unit of capacity (``plant_benchmarks``, low-central-high, in the
  project's currency at the Bank of Canada's 2024 averages, ``exchange_rates``); public support
  per direct job; indirect and induced jobs for Canadian sites (Statistics Canada's
  multipliers, once fetched); for Korean sites the jobs the investment induces (Bank of
  Korea).

Examples
--------
>>> from corridor.projects import Project
>>> cell = Project(id="cell-x", name="Cell plant", type="cell", country="Canada",
...                proponents=[{"name": "A", "country": "South Korea"}],
...                product_class="NCM", chemistry="NMC811", capacity=30, unit="GWh/yr",
...                start_year=2030)
>>> a = assess(cell, "STEPS")
>>> float(a.output.sel(project="cell-x", year=2035))  # GWh/yr at full output
30.0
>>> bool(a.needs.need_t.sel(mineral="Nickel", stage="cathode", year=2035) > 0)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from corridor.config import Scenario, load_scenario
from corridor.data import Data
from corridor.dims import CORRIDOR, CORRIDOR_REGION, region_of
from corridor.errors import InputError
from corridor.orchestrator import run_demand, run_supply
from corridor.projects import multipliers
from corridor.projects.schema import Project
from corridor.supply.registry import conversions
from corridor.units import factor

#: Status the projects enter the run with: counted in full from their start year
STATUS = "under construction"
YEARS = (2030, 2035, 2040)
#: Bank of Korea, 2020 Employment Table (released 2024-06-25): total (direct and indirect)
#: employment induced per KRW 1 billion of investment final demand
KOREA_INVESTMENT_JOBS_PER_KRW_BN = 9.1


@dataclass
class Assessment:
    """What :func:`assess` returns (see the module text)."""

    projects: list[Project]
    scenario: str
    region: str
    output: xr.DataArray
    needs: xr.Dataset
    sources: pd.DataFrame
    balance: xr.Dataset  # supply, requirement, self-sufficiency, demand coverage by
    #                      ``projects``: without, with
    concentration: xr.Dataset
    economics: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def gap_closed(self, year: int, region: str = CORRIDOR_REGION) -> float:
        """Stage gaps (requirement above supply, contained t) that the projects close in
        ``region`` in ``year``, summed over minerals and stages, less those they open (a
        cathode plant needs precursor)."""
        b = self.balance.sel(region=region, year=year)
        gap = ((b.requirement - b.supply).clip(min=0) * factor(
            self.balance.supply.attrs.get("units", "kt/yr"), "t/yr")).sum(["mineral", "stage"])
        return float(gap.sel(projects="without") - gap.sel(projects="with"))

    def needs_by_year(self, years) -> pd.DataFrame:
        """The needs table as printed: a row per mineral and stage the projects need, and
        columns ``(measure, year)``: the need (t), the region's and the corridor's coverage
        of it (missing for a region outside the corridor)."""
        keep = ["need_t", "coverage_region", "coverage_corridor"]
        frame = self.needs.sel(year=list(years)).to_dataframe()
        frame = frame.dropna(subset=["need_t"]).reindex(columns=keep).reset_index()
        return frame.pivot(index=["mineral", "stage"], columns="year", values=keep)

    def coverage_gained(self, year: int, region: str = CORRIDOR_REGION) -> float:
        """Rise of ``region``'s demand-based coverage at the projects' own stages in
        ``year``: for each stage, the mean over the minerals it carries; summed over the
        stages (0 where the stage is outside the balances, as vehicle assembly is)."""
        cover = self.balance.demand_coverage.sel(region=region, year=year)
        rise = cover.sel(projects="with") - cover.sel(projects="without")
        stages = [s for s in dict.fromkeys(p.stage for p in self.projects)
                  if s in rise.stage]
        return float(sum(rise.sel(stage=s).mean("mineral", skipna=True).fillna(0)
                         for s in stages)) if stages else 0.0


def assess(projects: Project | list[Project], scenario: str | Path | Scenario = "STEPS",
           data: Data | None = None) -> Assessment:
    """Assess ``projects`` (one or a portfolio, all in one region) against ``scenario``."""
    projects = [projects] if isinstance(projects, Project) else list(projects)
    return assess_each([projects], scenario, data)[0]


def assess_each(portfolios: list[list[Project]], scenario: str | Path | Scenario = "STEPS",
                data: Data | None = None) -> list[Assessment]:
    """Assess each portfolio (a list of projects in one region) against ``scenario``, the
    demand side and the run without projects computed once for all."""
    data = data or Data()
    scenario = load_scenario(scenario)
    _, demand = run_demand(data, scenario)
    base = run_supply(data, scenario, demand)
    return [_assess(projects, scenario, data, demand, base) for projects in portfolios]


def _assess(projects, scenario, data, demand, base) -> Assessment:
    if not projects:
        raise InputError("assess: no project given")
    regions = {region_of(p.country) for p in projects}
    if len(regions) > 1:
        raise InputError(f"assess: the projects are in {' and '.join(sorted(regions))}; "
                         "assess a portfolio of one country at a time")
    region = regions.pop()
    with_projects = data.with_tables(facilities=registry_with(data, projects))
    after = run_supply(with_projects, scenario, demand)
    ids = [p.id for p in projects]
    output = after["facilities"].effective_capacity.sel(facility=ids).rename(
        facility="project")
    needs = _needs(base["balance"], after["balance"], region)
    def pair(group: str, names: list[str]) -> xr.Dataset:
        return xr.concat([base[group][names], after[group][names]],
                         pd.Index(["without", "with"], name="projects"))

    return Assessment(projects, scenario.name, region, output, needs,
                      _sources(data, region, needs),
                      pair("balance", ["supply", "requirement", "self_sufficiency",
                                       "demand_coverage"]),
                      pair("risk", ["hhi", "supply_risk"]).sel(corridor_pipeline="included",
                                                              drop=True),
                      economics(projects, data))


def registry_with(data: Data, projects: list[Project]) -> pd.DataFrame:
    """The facility table with ``projects`` as rows and the rows they replace left out."""
    table = data.table("facilities")
    replaced = [p.replaces for p in projects if p.replaces]
    unknown = sorted(set(replaced) - set(table.id))
    if unknown:
        raise InputError(f"project: replaces: no facility {unknown[0]!r} in the registry")
    clash = sorted(set(p.id for p in projects) & set(table.id))
    if clash:
        raise InputError(f"project {clash[0]!r}: a facility of the registry has this id")
    rows = pd.DataFrame([_facility(p, data) for p in projects])
    return pd.concat([table[~table.id.isin(replaced)], rows], ignore_index=True)


def _facility(project: Project, data: Data) -> dict:
    """A project as a facility row: capacity in the unit the registry counts its stage and
    product class in."""
    rules = conversions(data)
    stage = project.stage
    units = [u for s, c, u in rules.index if s == stage and c == project.product_class]
    if not units:
        known = sorted({c for s, c, _ in rules.index if s == stage})
        raise InputError(f"project {project.id}: product_class: {project.product_class!r} is "
                         f"not one the registry counts at stage {stage} (known: "
                         f"{', '.join(known)})")
    unit = next((u for u in units if _converts(project.unit, u)), None)
    if unit is None:
        raise InputError(f"project {project.id}: unit: {project.unit!r} cannot be converted to "
                         f"{' or '.join(units)}, the unit of {project.product_class} plants")
    owners = "; ".join(p.name for p in project.proponents)
    countries = "; ".join(dict.fromkeys(p.country for p in project.proponents))
    korean = [p.name for p in project.proponents if p.country == "South Korea"]
    return {
        "id": project.id, "name": project.name, "owners": owners, "owner_country": countries,
        "korean_link": "true" if korean else "false",
        "korean_role": f"proponent: {', '.join(korean)}" if korean else None,
        "country": project.country, "province": project.province, "city": project.city,
        "stage": stage, "product": project.product, "product_class": project.product_class,
        "chemistry": project.chemistry,
        "capacity": project.capacity * factor(project.unit, unit), "unit": unit,
        "in_capacity": "true", "start_year": project.start_year, "status": STATUS,
        "status_date": None, "investment": project.capex,
        "investment_currency": project.currency, "jobs": project.direct_jobs,
        "note": f"proposed project ({project.status})",
        "source": "; ".join(project.sources) or "proposal", "confidence": "proposal",
        "ramp_years": project.ramp_years}


def _converts(source: str, target: str) -> bool:
    try:
        factor(source, target)
    except Exception:  # pint's DimensionalityError and its parse errors
        return False
    return True


def _needs(base: xr.Dataset, after: xr.Dataset, region: str) -> xr.Dataset:
    """The rise of the plant-to-plant requirement (contained t) and its coverage by the
    surplus that each region had at that stage without the projects."""
    k = factor(base.requirement.attrs.get("units", "kt/yr"), "t/yr")
    regions = [r for r in (region, CORRIDOR_REGION) if r in base.region]
    need = ((after.requirement - base.requirement) * k).clip(min=0)
    surplus = ((base.supply - base.requirement) * k).clip(min=0)
    out = xr.Dataset({"need_t": need.sel(region=region if region in need.region
                                         else CORRIDOR_REGION, drop=True)})
    for r in regions:
        name = "region" if r == region else "corridor"
        covered = np.minimum(surplus.sel(region=r, drop=True).fillna(0), out.need_t)
        out[f"covered_{name}_t"] = covered
        out[f"coverage_{name}"] = covered / out.need_t.where(out.need_t > 0)
    out["imports_t"] = out.need_t - out.get("covered_region_t", 0.0)
    keep = (out.need_t > 1e-6).any("year")
    return out.where(keep)


def _sources(data: Data, region: str, needs: xr.Dataset) -> pd.DataFrame:
    """For each (mineral, stage) the projects need, the region's import partners in the
    latest year of the trade data, by value of that stage's products of that mineral."""
    from corridor.trade import dependence
    from corridor.trade import flows as trade_flows

    if region not in CORRIDOR:
        return pd.DataFrame(columns=["mineral", "stage", "partner", "share", "year"])
    flows = trade_flows.load(data)
    code = trade_flows.ISO3_OF[region]
    year = int(flows.year.max())
    named = dependence.partners(flows)
    rows = []
    needed = needs.need_t.notnull().any("year").to_series()
    for (mineral, stage), wanted in needed.items():
        codes = [h for h, m, s in zip(flows.hs6.values, flows.mineral.values,
                                      flows.stage.values, strict=True)
                 if wanted and m == mineral and s == stage]
        if not codes:
            continue
        imports = flows.value.sel(importer=code, year=year, hs6=codes).sum("hs6")
        total = float(imports.sel(exporter=trade_flows.WORLD))
        if total <= 0:
            continue
        shares = (imports.sel(exporter=[p for p in named if p != code]) / total)
        shares = shares.to_series().sort_values(ascending=False)
        rows += [{"mineral": mineral, "stage": stage, "partner": p, "share": s, "year": year,
                  "imports_usd": total} for p, s in shares.head(3).items() if s > 0]
        rows.append({"mineral": mineral, "stage": stage, "partner": "Other",
                     "share": max(0.0, 1 - shares.sum()), "year": year,
                     "imports_usd": total})
    return pd.DataFrame(rows)


def economics(projects: list[Project], data: Data) -> pd.DataFrame:
    """Capex and direct jobs of each project, as proposed or from benchmarks (low,
    central, high), public support per direct job; for Canadian sites the indirect and
    induced jobs of Statistics Canada's multipliers where they were fetched
    (:mod:`corridor.projects.multipliers`); for Korean sites the jobs the investment
    induces (Bank of Korea, ``investment_jobs``, direct ones included)."""
    bench = data.table("plant_benchmarks")
    rates = data.table("exchange_rates").set_index("currency").cad_per_unit
    statcan = multipliers.load() if any(p.country == "Canada" for p in projects) else None
    rows = []
    for p in projects:
        same = bench[(bench.type == p.type) & bench.product_class.isin(
            [p.product_class, np.nan, ""])]
        same = same if len(same) else bench[bench.type == p.type]
        row = {"project": p.id}
        for what, given, per_unit in (("capex", p.capex, "capex_per_unit"),
                                      ("direct_jobs", p.direct_jobs, "jobs_per_unit")):
            values, basis = _benchmark(p, same, per_unit, rates, what == "capex")
            if given is not None:
                row |= {what: float(given), f"{what}_basis": "proposal"}
            elif len(values):
                row |= {what: float(np.median(values)), f"{what}_basis": basis}
            else:
                row |= {what: np.nan, f"{what}_basis": "no benchmark"}
            row |= {f"{what}_low": float(np.min(values)) if len(values) else np.nan,
                    f"{what}_high": float(np.max(values)) if len(values) else np.nan}
        row["currency"] = p.currency or _currency(p)
        row["public_support"] = p.public_support if p.public_support is not None else np.nan
        row["support_per_job"] = (row["public_support"] / row["direct_jobs"]
                                  if row["direct_jobs"] else np.nan)
        krw = row["capex"] * rates[row["currency"]] / rates["KRW"]
        row["investment_jobs"] = (krw / 1e9 * KOREA_INVESTMENT_JOBS_PER_KRW_BN
                                  if region_of(p.country) == "South Korea" else np.nan)
        indirect, induced, basis = (
            multipliers.spillover_jobs(p.type, p.product_class, p.province, row["direct_jobs"],
                                       statcan) if p.country == "Canada"
            else (np.nan, np.nan, "Bank of Korea: jobs induced by the investment"
                  if region_of(p.country) == "South Korea" else "no multipliers"))
        row |= {"indirect_jobs": indirect, "induced_jobs": induced, "spillover_basis": basis}
        rows.append(row)
    return pd.DataFrame(rows)


def _currency(project: Project) -> str:
    return {"Canada": "CAD", "South Korea": "KRW"}.get(project.country, "USD")


def _benchmark(project: Project, bench: pd.DataFrame, per_unit: str, rates: pd.Series,
               money: bool) -> tuple[np.ndarray, str]:
    """The project's capacity times each benchmark's per-unit figure (in the benchmark's
    unit), money put into the project's currency at the table ``exchange_rates``."""
    currency = project.currency or _currency(project)
    values, plants = [], []
    for b in bench.dropna(subset=[per_unit]).itertuples():
        if not _converts(project.unit, b.unit):
            continue
        value = project.capacity * factor(project.unit, b.unit) * getattr(b, per_unit)
        values.append(value * (rates[b.currency] / rates[currency] if money else 1.0))
        plants.append(str(b.plant).split(" (")[0])
    return np.array(values), f"benchmarks: {'; '.join(plants)}"
