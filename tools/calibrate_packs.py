"""Compile the IEA's battery demand projections and calibrate kWh per vehicle to them
(developer tool).

Reads ``../shared/reference/batteries/iea_gevo_projections_chemistry_facility_checks.csv``
(never read by the product or its tests) and writes into ``src/corridor/data``:

* ``battery_projection.csv``: World EV battery demand the IEA projects, by pathway, mode
  (or ``All``) and year: Global EV Outlook 2025 STEPS 2030 by mode; Global EV Outlook 2024
  multiples of 2023 for STEPS 2035 and APS and NZE 2030 and 2035.
* ``pack_scale.csv``: by pathway, mode and year, the factor on every region's kWh per
  vehicle that makes World EV GWh meet those projections. GWh are linear in pack size,
  so one run of each built-in scenario with no scaling gives the factors exactly: STEPS
  2030 mode by mode; a pathway's total in 2030 by a common factor on STEPS's mode
  factors; 2035 by a common factor on the same pathway's 2030 ones. Calibrating GWh (a
  published input) is allowed; mineral demand is never fitted.

Run ``python tools/calibrate_packs.py ../shared/reference`` after changing sales, packs or
the projections.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
MODES = {"Cars": "Cars", "Trucks": "Trucks", "Vans": "Vans", "Buses": "Buses",
         "Two/three-wheelers": "Two/Three-Wheelers"}
PATHWAYS = ("STEPS", "APS", "NZE")


def projections(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "batteries" / "iea_gevo_projections_chemistry_facility_checks.csv")
    rows = []
    for r in df.itertuples():
        if r.quantity.startswith("EV battery demand, world, ") and r.scenario == "STEPS":
            mode = r.quantity.removeprefix("EV battery demand, world, ")
            if mode in MODES:  # the GEVO 2025 split by mode (its total is their sum)
                rows.append(("STEPS", MODES[mode], int(r.year), r.value, r.source, "high"))
        elif r.quantity.startswith("EV battery demand, world (derived: multiple") and not (
                r.scenario == "STEPS" and r.year == 2030):  # GEVO 2025 supersedes it
            rows.append((r.scenario, "All", int(r.year), r.value, r.source,
                         "medium (a rounded multiple of 2023 in the text)"))
    out = pd.DataFrame(rows, columns=["pathway", "mode", "year", "value", "source",
                                      "confidence"]).assign(unit="GWh/yr")
    return out[["pathway", "mode", "year", "value", "unit", "source", "confidence"]]


def model_gwh(pathway: str, scale: pd.DataFrame) -> pd.DataFrame:
    """World EV GWh by mode and year of built-in scenario ``pathway`` with ``scale``."""
    import xarray as xr

    from corridor.config import load_scenario
    from corridor.data import Data
    from corridor.demand.inputs import prepare
    from corridor.orchestrator import run

    with tempfile.TemporaryDirectory() as folder:
        scale.to_csv(Path(folder) / "pack_scale.csv", index=False)
        data = Data(folder)
        r = run(pathway, data=data, tariffs=[])
        pack = prepare(data, load_scenario(pathway)).pack
    sales = r.demand.sales.isel(scenario=0, drop=True)
    parts = [x for x in sales.region.values if x != "World"]
    gwh = (sales * pack).sel(region=parts).sum("region") / 1e6
    mode = xr.DataArray([s.split("|")[0] for s in gwh.segment.values], dims="segment",
                        coords={"segment": gwh.segment})
    return gwh.groupby(mode.rename("mode")).sum().to_pandas()


def calibrate(targets: pd.DataFrame) -> pd.DataFrame:
    neutral = pd.DataFrame([(p, m, 2030, 1.0, "1", "no scaling", "-") for p in PATHWAYS
                            for m in MODES.values()],
                           columns=["pathway", "mode", "year", "value", "unit", "source",
                                    "confidence"])
    steps = targets[(targets.pathway == "STEPS") & (targets["mode"] != "All")]
    base = model_gwh("STEPS", neutral)
    by_mode = {m: v / base.loc[m, y] for m, y, v in zip(steps["mode"], steps.year,
                                                        steps.value, strict=True)}
    rows = []
    for pathway in PATHWAYS:
        gwh = model_gwh(pathway, neutral)
        factors = dict(by_mode)
        for year in (2030, 2035):
            total = targets[(targets.pathway == pathway) & (targets.year == year)
                            & (targets["mode"] == "All")].value
            if len(total):
                common = float(total.iloc[0]) / sum(gwh.loc[m, year] * f
                                                    for m, f in factors.items())
                factors = {m: f * common for m, f in factors.items()}
            rows += [(pathway, m, year, round(f, 6)) for m, f in factors.items()]
    out = pd.DataFrame(rows, columns=["pathway", "mode", "year", "value"])
    return out.assign(unit="1", source=(
        "calibrated (tools/calibrate_packs.py): IEA World EV battery demand of "
        "battery_projection over corridor's sales x kWh per vehicle (two/three-wheeler "
        "sales follow the IEA's 31 M in 2030, STEPS, through the scenarios)"),
        confidence="medium (calibrated to published GWh)")


def main(ref: Path) -> None:
    targets = projections(ref)
    targets.to_csv(OUT / "battery_projection.csv", index=False)
    calibrate(targets).to_csv(OUT / "pack_scale.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
