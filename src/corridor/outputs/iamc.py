"""Results as an IAMC long table: ``model, scenario, region, variable, unit, year, value``.

Variable names are ``|``-separated; every variable that has children equals the sum of
its children (checked here on every table). The full list, with units and descriptions,
is the codelist ``corridor/outputs/variables.csv``; outputs are tested against it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import xarray as xr

from corridor.coords import (
    BATTERY_MINERALS,
    CHEMISTRIES,
    MINERALS,
    MODES,
    SEGMENTS,
    STAGE_NAMES,
    STORAGE,
    WORLD,
)
from corridor.errors import CheckError
from corridor.units import factor

MODEL = "corridor"
COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]


@cache
def codelist() -> pd.DataFrame:
    """The variable codelist: ``variable, unit, description``."""
    path = resources.files("corridor") / "outputs" / "variables.csv"
    return pd.read_csv(str(path), dtype=str, keep_default_na=False).set_index("variable")


def series(ds: xr.Dataset) -> list[tuple[str, xr.DataArray]]:
    """(IAMC variable, array with dims ``scenario, region, year``) in codelist order.

    Works on the central dataset and on quantiles (an extra ``quantile`` dim rides along).
    """
    out: list[tuple[str, xr.DataArray]] = []
    md = ds.material_demand
    for mineral in MINERALS:
        m = md.sel(mineral=mineral)
        if "application" not in md.dims:  # Monte Carlo quantiles: totals only
            out.append((f"Material Demand|{mineral}", m))
        else:
            out.append((f"Material Demand|{mineral}", m.sum("application")))
            apps = ["Fuel Cell Vehicles"] if mineral == "Platinum" else [
                "Electric Vehicles", STORAGE]
            out += [(f"Material Demand|{mineral}|{a}", m.sel(application=a)) for a in apps]
    for mineral in MINERALS:
        out.append((f"Secondary Supply|{mineral}", ds.secondary_supply.sel(mineral=mineral)))
        if "secondary_from_end_of_life" in ds:
            out += [(f"Secondary Supply|{mineral}|End of Life",
                     ds.secondary_from_end_of_life.sel(mineral=mineral)),
                    (f"Secondary Supply|{mineral}|Manufacturing Scrap",
                     ds.secondary_from_scrap.sel(mineral=mineral))]
    out += [(f"Primary Demand|{m}", ds.primary_demand.sel(mineral=m)) for m in MINERALS]
    if "manufacturing_scrap" in ds:
        out += [(f"Manufacturing Scrap|{m}",
                 ds.manufacturing_scrap.sel(mineral=m).sum("application"))
                for m in BATTERY_MINERALS]
    if "end_of_life" in ds:
        for mineral in MINERALS:
            e = ds.end_of_life.sel(mineral=mineral)
            apps = ["Fuel Cell Vehicles"] if mineral == "Platinum" else [
                "Electric Vehicles", STORAGE]
            out.append((f"End of Life|{mineral}", e.sum("application")))
            out += [(f"End of Life|{mineral}|{a}", e.sel(application=a)) for a in apps]
    bd = ds.battery_demand
    if "chemistry" in bd.dims:
        bd = bd.sel(application=["Electric Vehicles", STORAGE])
        out.append(("Battery Demand", bd.sum(["application", "chemistry"])))
        for app in ("Electric Vehicles", STORAGE):
            out.append((f"Battery Demand|{app}", bd.sel(application=app).sum("chemistry")))
            out += [(f"Battery Demand|{app}|{c}", bd.sel(application=app, chemistry=c))
                    for c in CHEMISTRIES]
    else:
        out += [(f"Battery Demand|{app}", bd.sel(application=app))
                for app in ("Electric Vehicles", STORAGE)]
    for var, name in (("sales", "Sales"), ("stock", "Stock"), ("retirements", "Retirements")):
        if var not in ds:
            continue
        da = ds[var]
        out.append((f"{name}|Transportation", da.sum("segment")))
        for mode in MODES:
            segs = [s for s in SEGMENTS if s.startswith(mode + "|")]
            out.append((f"{name}|Transportation|{mode}", da.sel(segment=segs).sum("segment")))
            out += [(f"{name}|Transportation|{s}", da.sel(segment=s)) for s in segs]
    return out


def _long(ds: xr.Dataset, extra: list[str]) -> pd.DataFrame:
    codes = codelist()
    frames = []
    for variable, da in series(ds):
        target = codes.loc[variable, "unit"]
        source = ds[_source_var(variable)].attrs["units"]
        da = da.transpose(*extra, "scenario", "region", "year")
        frames.append(_frame(da, variable, target, da.values.ravel() * factor(source, target)))
    df = pd.concat(frames, ignore_index=True)
    df.insert(0, "model", MODEL)
    return df[[*COLUMNS[:-1], *extra, "value"]] if extra else df[COLUMNS]


def _frame(da: xr.DataArray, variable: str, unit: str, values: np.ndarray,
           keep: np.ndarray | None = None) -> pd.DataFrame:
    """Long rows of ``values`` (``da`` raveled), one column per dimension of ``da``."""
    grids = np.meshgrid(*(da[d].values for d in da.dims), indexing="ij")
    keep = slice(None) if keep is None else keep
    return pd.DataFrame({**{d: g.ravel()[keep] for d, g in zip(da.dims, grids, strict=True)},
                         "variable": variable, "unit": unit, "value": values[keep]})


def _source_var(variable: str) -> str:
    head = variable.split("|")[0]
    if head == "Secondary Supply":
        return "secondary_supply"
    return {"Material Demand": "material_demand", "Primary Demand": "primary_demand",
            "Manufacturing Scrap": "manufacturing_scrap", "End of Life": "end_of_life",
            "Battery Demand": "battery_demand", "Sales": "sales", "Stock": "stock",
            "Retirements": "retirements"}[head]


#: Stage balance variables (``corridor.supply.balance``) and their dataset variables.
BALANCE_VARIABLES = {"Supply": "supply", "Requirement": "requirement", "Balance": "balance",
                     "Self-Sufficiency": "self_sufficiency",
                     "Demand Coverage": "demand_coverage"}
#: World indicators (``corridor.supply.outlook``) and their dataset variables.
INDICATORS = {"HHI": "hhi", "Top-3 Share": "top3_share"}
#: Variable roots of each ``corridor_pipeline`` variant: the pipeline included is the
#: main variable, the counterfactual has a root of its own (no parent-child link).
PIPELINE_ROOTS = {"included": ("Concentration", "Supply Risk"),
                  "excluded": ("Concentration without Corridor Pipeline",
                               "Supply Risk without Corridor Pipeline")}


def supply_series(supply: xr.Dataset) -> list[tuple[str, xr.DataArray]]:
    """(IAMC variable, array with dims ``scenario, region, year``) of the supply side:
    stage balances, capacity by product, and world concentration and supply risk
    (region ``World``). Cells without a value are dropped later."""
    from corridor.supply.balance import BALANCE_STAGES, CHAIN

    out = [(f"{head}|{mineral}|{STAGE_NAMES[stage]}", supply[var].sel(mineral=mineral,
                                                                       stage=stage))
           for head, var in BALANCE_VARIABLES.items()
           for mineral, chain in CHAIN.items() for stage in chain if stage in BALANCE_STAGES]
    out += [(f"Capacity|{p}", supply.capacity.sel(product=p)) for p in supply["product"].values]
    out += [(f"Production|{mineral}|{STAGE_NAMES[stage]}",
             supply.production.sel(mineral=mineral, stage=stage))
            for mineral in MINERALS for stage in ("mine", "refining")]
    world = supply[["hhi", "top3_share", "supply_risk"]].expand_dims(region=[WORLD])
    for variant, (concentration, risk) in PIPELINE_ROOTS.items():
        at = world.sel(corridor_pipeline=variant)
        for mineral in MINERALS:
            out += [(f"{concentration}|{name}|{mineral}|{STAGE_NAMES[stage]}",
                     at[var].sel(mineral=mineral, stage=stage))
                    for name, var in INDICATORS.items() for stage in ("mine", "refining")]
            out.append((f"{risk}|{mineral}", at.supply_risk.sel(mineral=mineral)))
    return out


def _supply_long(supply: xr.Dataset) -> pd.DataFrame:
    """The supply side as IAMC rows, leaving out cells without a value (a stage a region's
    data do not cover, a ratio over nothing, a year no publication covers)."""
    codes = codelist()
    frames = []
    for variable, da in supply_series(supply):
        da = da.transpose("scenario", "region", "year")
        keep = ~np.isnan(da.values)
        if not keep.any():
            continue
        if variable not in codes.index:
            raise CheckError(f"IAMC table: {variable!r} is not in the codelist")
        unit = da.coords["unit"].item() if "unit" in da.coords else codes.loc[variable, "unit"]
        if unit != codes.loc[variable, "unit"]:
            raise CheckError(f"IAMC table: {variable!r} is in {unit}, the codelist says "
                             f"{codes.loc[variable, 'unit']}")
        frames.append(_frame(da, variable, unit, da.values.ravel(), keep.ravel()))
    df = pd.concat(frames, ignore_index=True)
    df.insert(0, "model", MODEL)
    return df[COLUMNS]


def to_iamc(results) -> pd.DataFrame:
    """The central results of a run as an IAMC long table (children checked)."""
    df = _long(results.central, [])
    if results.supply is not None:
        df = pd.concat([df, _supply_long(results.supply)], ignore_index=True)
    check_children(df)
    return df


def quantiles_iamc(results) -> pd.DataFrame | None:
    """Monte Carlo quantiles: the IAMC columns plus ``quantile`` (0.05, 0.5, 0.95)."""
    if results.quantiles is None:
        return None
    return _long(results.quantiles, ["quantile"])


def check_children(df: pd.DataFrame, rtol: float = 1e-9) -> None:
    """Every variable with children equals the sum of its children."""
    wide = df.pivot_table(index="variable", columns=["scenario", "region", "year"],
                          values="value", aggfunc="sum")
    names = set(wide.index)
    parents = {v.rsplit("|", 1)[0] for v in names if "|" in v} & names
    for parent in parents:
        children = [v for v in names if v.rsplit("|", 1)[0] == parent and v != parent]
        total = wide.loc[children].sum(min_count=1)  # NaN where no child is reported
        ref = wide.loc[parent]
        scale = max(float(np.abs(ref).max()), 1e-12)
        if not np.allclose(total, ref, rtol=rtol, atol=rtol * scale, equal_nan=True):
            raise CheckError(f"IAMC table: children of {parent!r} do not sum to it")
