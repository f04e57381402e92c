"""Summary tables of a run as DataFrames (``r.tables.<name>()``).

The CLI prints them, the workbook stores them and later the web app and reports show them;
none computes a model number, each selects and arranges what the run holds.

Examples
--------
>>> import corridor
>>> t = corridor.run("STEPS").tables
>>> t.calibration().iloc[0]["quantity"]
'Electric car sales'
>>> sorted(t.coverage(year=2030).region.unique())
['Canada', 'Canada+South Korea', 'South Korea', 'World']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from corridor.demand.cleantech import BASE_YEARS
from corridor.dims import CORRIDOR, CORRIDOR_REGION, FIRST_YEAR, WORLD, label
from corridor.supply.balance import BALANCE_STAGES, CHAIN, gaps
from corridor.units import factor

HEADLINE_MINERALS = ("Lithium", "Nickel", "Cobalt", "Manganese", "Graphite", "Copper")
HEADLINE_YEARS = (2030, 2040, 2050)
#: the base years of the outlooks' multiples, then the headline years
CLEAN_ENERGY_YEARS = (*BASE_YEARS, *HEADLINE_YEARS)
#: Minerals whose world balance compares battery demand with all mine output, though
#: most of it goes to other uses (steel, alloys, wiring).
NON_BATTERY_USES = ("Nickel", "Manganese", "Copper")
CAR_SEGMENTS = ["Cars|BEV", "Cars|PHEV"]
SUPPLY_REGIONS = (*CORRIDOR, CORRIDOR_REGION, WORLD)


class Tables:
    """``r.tables``: the summary tables of a :class:`~corridor.results.Results`."""

    def __init__(self, results):
        self._r = results

    def calibration(self) -> pd.DataFrame:
        """Base-year figures of the model beside the published ones it was fitted to."""
        demand = self._r.demand
        scenario = demand.scenario.values[0]  # history is shared by every scenario
        rows = []
        for r in self._r.reference("calibration").itertuples():
            if not FIRST_YEAR <= r.year <= int(demand.year.max()):
                continue
            at = demand.sel(scenario=scenario, region=r.region, year=int(r.year))
            if r.name == "Electric car sales":
                sales = at.sales.sel(segment=CAR_SEGMENTS).sum()
                model = float(sales) * factor(demand.sales.attrs["units"], "million vehicle/yr")
            else:
                model = float(at.battery_demand.sel(application="Electric Vehicles").sum())
            rows.append({"quantity": r.name, "region": r.region, "year": int(r.year),
                         "model": model, "published": float(r.value),
                         "comparison": r.comparison, "unit": r.unit, "source": r.source})
        return pd.DataFrame(rows)

    def projections(self) -> pd.DataFrame:
        """World EV battery demand of the built-in scenarios beside the IEA's projections
        that ``pack_scale`` calibrates to (``battery_projection``), by mode where the IEA
        gives one."""
        demand = self._r.demand
        parts = [r for r in demand.region.values if r != WORLD]
        to_gwh = factor(f"({demand.sales.attrs['units']}) * "
                        f"({self._r.inputs.pack_size.attrs['units']})", "GWh/yr")
        rows = []
        for r in self._r.reference("battery_projection").itertuples():
            if r.pathway not in demand.scenario.values:
                continue
            year, scenario = int(r.year), r.pathway
            if r.mode == "All":
                model = float(demand.battery_demand.sel(
                    scenario=scenario, region=WORLD, year=year,
                    application="Electric Vehicles").sum())
            else:
                segments = [s for s in demand.segment.values if s.split("|")[0] == r.mode]
                at = {"scenario": scenario, "region": parts, "year": year, "segment": segments}
                model = float((demand.sales.sel(at) * self._r.inputs.pack_size.sel(at)).sum()
                              * to_gwh)
            rows.append({"scenario": scenario, "mode": r.mode, "year": year, "model": model,
                         "published": float(r.value), "ratio": model / float(r.value),
                         "source": r.source})
        return pd.DataFrame(rows)

    def demand_by_region(self, years=HEADLINE_YEARS, minerals=HEADLINE_MINERALS,
                         regions=(WORLD, *CORRIDOR)) -> pd.DataFrame:
        """Material demand (kt/yr contained; lithium as Li) by scenario, mineral, region
        and year, one column per year."""
        demand = self._r.demand.material_demand.sum("application").sel(
            region=list(regions), mineral=list(minerals), year=list(years))
        df = demand.to_dataframe("value").reset_index()
        return df.pivot_table(index=["scenario", "mineral", "region"], columns="year",
                              values="value", sort=False).reset_index()

    def clean_energy(self, years=CLEAN_ENERGY_YEARS, regions=(WORLD, *CORRIDOR)
                     ) -> pd.DataFrame:
        """Critical-mineral demand of every clean-energy technology (kt/yr) by scenario,
        region and year, its multiples over the base years (columns ``over 2020``, ...) and
        each application's share (one column per application)."""
        ce = self._r.clean_energy.sel(region=list(regions), year=list(years))
        df = ce.clean_energy_demand.to_dataframe("demand").reset_index()
        for base in ce.base.values:
            df[f"over {base}"] = ce.clean_energy_multiple.sel(base=base).to_dataframe(
                "m").reset_index()["m"].to_numpy()
        shares = ce.clean_energy_share.to_dataframe("share").reset_index().pivot_table(
            index=["scenario", "region", "year"], columns="application", values="share",
            sort=False)
        return df.merge(shares[list(ce.application.values)].reset_index(),
                        on=["scenario", "region", "year"])

    def canada_korea(self, years=(2025, 2030, 2035, 2040, 2050)) -> pd.DataFrame:
        """The headline figures of Canada, Korea and both, by scenario: battery demand,
        material demand of the headline minerals, and the coverage of their own lithium and
        nickel demand at refining, cathode and cell; one column per year."""
        demand = self._r.demand.sel(year=list(years))
        balance = self._r.balance.sel(year=list(years))
        parts = {"Canada": ["Canada"], "South Korea": ["South Korea"],
                 CORRIDOR_REGION: list(CORRIDOR)}
        unit = demand.material_demand.attrs.get("units", "kt/yr")
        rows = []
        for region, members in parts.items():
            d = demand.sel(region=members).sum("region")
            series = [("Battery demand", "GWh/yr",
                       d.battery_demand.sum(["application", "chemistry"]))]
            series += [(f"{m} demand", unit, d.material_demand.sel(mineral=m).sum(
                "application")) for m in HEADLINE_MINERALS]
            series += [(f"Coverage of own {m.lower()} demand, {stage}", "share",
                        balance.demand_coverage.sel(region=region, mineral=m, stage=stage))
                       for m in ("Lithium", "Nickel") for stage in ("refining", "cathode",
                                                                    "cell")]
            for name, units, values in series:
                for scenario in values.scenario.values:
                    rows.append({"scenario": scenario, "region": region, "indicator": name,
                                 "unit": units} | dict(zip(
                                     list(years), values.sel(scenario=scenario).values.tolist(),
                                     strict=True)))
        return pd.DataFrame(rows)

    def recycled_share(self, years=HEADLINE_YEARS, minerals=HEADLINE_MINERALS,
                       region: str = WORLD) -> pd.DataFrame:
        """Secondary supply over material demand, by scenario and mineral, one column per
        year."""
        d = self._r.demand.sel(region=region, mineral=list(minerals), year=list(years))
        total = d.material_demand.sum("application")
        share = (d.secondary_supply / total.where(total > 0)).to_dataframe("share")
        return share.reset_index().pivot_table(index=["scenario", "mineral"], columns="year",
                                               values="share", sort=False).reset_index()

    def _balance(self, year: int | None, regions) -> xr.Dataset:
        ds = self._r.balance.sel(region=list(regions))
        return ds if year is None else ds.sel(year=[year])

    def _stages(self, variable: str, year: int | None, regions) -> pd.DataFrame:
        ds = self._balance(year, regions)
        df = ds[[variable, "supply"]].to_dataframe().reset_index()
        df = df[df.mineral.isin(list(CHAIN)) & df["supply"].notna()]
        order = {name: i for i, name in enumerate((*self._r.scenario_names, *SUPPLY_REGIONS,
                                                   *CHAIN, *BALANCE_STAGES))}
        return df.sort_values(["scenario", "region", "mineral", "stage"],
                              key=lambda column: column.map(order))

    def coverage(self, year: int | None = 2030, regions=SUPPLY_REGIONS) -> pd.DataFrame:
        """Demand-based coverage: each region's supply at each stage over its own battery
        material demand in the scenario (World: world output over world primary battery
        demand; for nickel, manganese and copper most output serves other uses). Every
        year with ``year=None``."""
        df = self._stages("demand_coverage", year, regions)
        need = self._balance(year, regions).demand
        df = df.merge(need.to_dataframe("demand").reset_index()[
            ["scenario", "region", "mineral", "year", "demand"]],
            on=["scenario", "region", "mineral", "year"], how="left")
        df["note"] = [("world output also serves non-battery uses" if r == WORLD and
                       m in NON_BATTERY_USES else "") for r, m in zip(df.region, df.mineral,
                                                                      strict=True)]
        return df[["scenario", "region", "mineral", "stage", "year", "supply", "demand",
                   "demand_coverage", "note"]].reset_index(drop=True)

    def self_sufficiency(self, year: int | None = 2030,
                         regions=SUPPLY_REGIONS) -> pd.DataFrame:
        """Plant-to-plant view: supply at each stage over what the next stage's plants in
        the same region consume (World: over world primary battery demand). Every year
        with ``year=None``."""
        df = self._stages("self_sufficiency", year, regions)
        need = self._balance(year, regions).requirement
        df = df.merge(need.to_dataframe("requirement").reset_index()[
            ["scenario", "region", "mineral", "stage", "year", "requirement"]],
            on=["scenario", "region", "mineral", "stage", "year"], how="left")
        return df[["scenario", "region", "mineral", "stage", "year", "supply", "requirement",
                   "self_sufficiency"]].reset_index(drop=True)

    def concentration(self, year: int = 2030, minerals=HEADLINE_MINERALS) -> pd.DataFrame:
        """World HHI (0-1) at mining and refining and EU supply risk, with and without the
        corridor pipeline."""
        risk = self._r.risk.sel(year=year).reindex(mineral=list(minerals))
        rows = []
        for s in risk.scenario.values:
            for m in minerals:
                at = risk.sel(scenario=s, mineral=m)
                row = {"scenario": str(s), "mineral": m, "year": year}
                for variant in ("included", "excluded"):
                    v = at.sel(corridor_pipeline=variant)
                    suffix = "" if variant == "included" else " without pipeline"
                    for stage in ("mining", "refining"):
                        row[f"HHI {label('stage', stage, 'iamc').lower()}{suffix}"] = float(
                            v.hhi.sel(stage=stage))
                    row[f"supply risk{suffix}"] = float(v.supply_risk)
                rows.append(row)
        return pd.DataFrame(rows)

    def gaps(self) -> pd.DataFrame:
        """When each stage gap (supply below the plant-to-plant requirement) opens and
        closes, by scenario, region, mineral and stage."""
        return gaps(self._r.balance.balance)

    def facilities(self) -> pd.DataFrame:
        """The facility registry the run used."""
        return self._r.reference("registry")

    def trade(self) -> pd.DataFrame:
        """Canada's and Korea's trade exposure by product and year: exports and imports
        (US$), the United States' share of exports, China's of imports, and both HHIs."""
        e = self._r.trade.isel(scenario=0, drop=True)  # history: the same in every scenario
        frame = e[["exports", "imports", "export_hhi", "import_hhi", "china_dependence"]].assign(
            us_export_share=e.export_share.sel(partner="USA", drop=True)).to_dataframe()
        frame = frame.reset_index().merge(e["product"].to_dataframe().reset_index(), on="hs6")
        return frame[["region", "hs6", "product", "year", "exports", "imports",
                      "us_export_share", "export_hhi", "china_dependence", "import_hhi"]]

    def trade_balance(self) -> pd.DataFrame:
        """Canada's and Korea's net imports by mineral and stage (contained t, BACI) beside
        the stage's supply and the requirement of the next stage's plants in the balances
        (first scenario; the history years of both): e.g. Korea's lithium hydroxide and
        carbonate imports beside what its cathode plants need and its refineries make."""
        trade = self._r.trade.stage_net_imports.isel(scenario=0, drop=True)
        scenario = self._r.balance.scenario.values[0]
        balance = self._r.balance.sel(scenario=scenario, region=trade.region,
                                      year=np.intersect1d(trade.year, self._r.balance.year))
        k = factor(balance.supply.attrs["units"], "t/yr")
        frame = xr.Dataset({"net_imports_t": trade, "supply_t": balance.supply * k,
                            "requirement_t": balance.requirement * k}).to_dataframe()
        frame = frame.dropna(subset=["net_imports_t"]).reset_index()
        frame["gap_t"] = (frame.requirement_t - frame.supply_t).clip(lower=0)
        return frame.assign(scenario=scenario)[
            ["scenario", "region", "mineral", "stage", "year", "net_imports_t", "supply_t",
             "requirement_t", "gap_t"]]

    def tariffs(self) -> pd.DataFrame:
        """Each tariff scenario's trade lost, diverted and rerouted by product, in US$ and
        contained tonnes (blank where the product's content is not known); empty if the run
        had no tariff scenarios."""
        shocks = self._r.tariffs
        if shocks is None:
            return pd.DataFrame()
        moved = ["lost", "diverted", "rerouted", "lost_t", "diverted_t", "rerouted_t"]
        frame = shocks[moved].to_dataframe().dropna(subset=["lost"]).reset_index()
        frame = frame.merge(shocks["product"].to_dataframe().reset_index(), on="hs6")
        return frame[["tariffs", "hs6", "product", *moved]]

    def tariff_welfare(self) -> pd.DataFrame:
        """Each tariff scenario's change in producer and consumer surplus, tariff revenue
        and welfare by region (US$), over the products it touches."""
        shocks = self._r.tariffs
        if shocks is None:
            return pd.DataFrame()
        names = ["producer_surplus", "consumer_surplus", "tariff_revenue", "welfare"]
        return shocks[names].reset_coords(drop=True).to_dataframe().reset_index()
