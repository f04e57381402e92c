"""Compile corridor's own cited tables from the public reference files (developer tool).

Reads ``../shared/reference`` (never read by the product or its tests) and writes the
compiled tables into ``src/corridor/data``: corridor's regions, units and years, one
source and one confidence note per row. Re-run it when a reference file is updated::

    python tools/compile_reference.py ../shared/reference

Tables written: ``ev_sales.csv``, ``ev_sales_share.csv``, ``battery_demand.csv``,
``mineral_intensity.csv`` (BatPaC 5.2 and 5.1 rows by chemistry and anode; the LMFP rows
are kept by hand),
``product_content.csv`` (contained mineral per tonne of chain products, by stoichiometry)
and ``cathode_per_gwh.csv``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from corridor.dims import OWN_ANODE

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
NAMED = {"Canada": "Canada", "Korea": "South Korea", "USA": "United States",
         "China": "China", "Europe": "Europe"}
GEVO24 = ("IEA (2024), Global EV Outlook 2024, Global EV Data Explorer (CC BY 4.0), "
          "file EVDataExplorer2024")
GEVO25 = ("IEA (2025), Global EV Outlook 2025, Global EV Data Explorer 2025 (CC BY 4.0), "
          "sheet GEVO_EV_2025")
OWID = ("Our World in Data (2025), Electric car sales / Share of new cars that are electric, "
        "from IEA Global EV Outlook 2025")
RESIDUAL = "derived: World minus Canada, South Korea, United States, China and Europe"


def latest(df: pd.DataFrame, regions, keys: list[str], years) -> pd.DataFrame:
    """Values of ``regions`` carried forward from their last observed year into ``years``."""
    hist = df[df.region.isin(regions) & (df.scenario == "History")]
    last = hist.sort_values("year").groupby(["region", *keys]).tail(1)
    return pd.concat([last.assign(year=y) for y in years], ignore_index=True)


def rest_of_world(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """World minus the five named regions, floored at zero (the IEA rounds to 2 digits).

    The IEA projects no Canada or South Korea: inside its World projection we take them
    at their last observed value, so the residual stays a residual.
    """
    hist = df[df.scenario == "History"]
    proj_years = sorted(df[df.scenario != "History"].year.unique())
    ck = latest(df, ["Canada", "South Korea"], [k for k in keys if k not in ("year",
                                                                              "scenario")],
                proj_years)
    parts = [hist]
    for scenario in ("STEPS", "APS"):
        parts.append(df[df.scenario == scenario])
        parts.append(ck.assign(scenario=scenario))
    full = pd.concat(parts, ignore_index=True)
    world = full[full.region == "World"].groupby(keys).value.sum()
    named = full[full.region.isin(NAMED.values())].groupby(keys).value.sum()
    rest = world.sub(named, fill_value=0.0).clip(lower=0.0)
    return rest[rest.index.isin(world.index)].reset_index().assign(region="Rest of World")


def ev_sales(ref: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.read_csv(ref / "ev" / "iea_global_ev_data_2024.csv")
    raw = raw[raw.region.isin([*NAMED, "World"])].replace({"region": NAMED})
    raw["scenario"] = raw.category.map(
        {"Historical": "History", "Projection-STEPS": "STEPS", "Projection-APS": "APS"})
    # projections repeat 2020-2023 history; keep the projection years only
    raw = raw[(raw.scenario == "History") | (raw.year > 2024)]
    sales = raw[(raw.parameter == "EV sales") & raw.powertrain.isin(["BEV", "PHEV", "FCEV"])]
    sales = sales[["region", "mode", "powertrain", "year", "scenario", "value"]].assign(
        source=GEVO24, confidence="high")
    share = raw[(raw.parameter == "EV sales share") & (raw.powertrain == "EV")]
    share = share[["region", "mode", "year", "scenario", "value"]].assign(
        value=lambda d: d.value / 100.0, source=GEVO24, confidence="high")

    # 2024 cars: BEV/PHEV from the GEVO 2025 battery file, FCEV from the GEVO 2025 FCEV file,
    # Canada and Korea totals from OWID split with their 2023 BEV:PHEV ratio.
    bat = pd.read_csv(ref / "batteries" / "iea_ev_battery_demand_2018_2024.csv")
    bat = bat[(bat["mode"] == "Cars") & (bat.year == 2024) & bat.region.isin([*NAMED, "World"])]
    rows = []
    for _, r in bat.replace({"region": NAMED}).iterrows():
        rows += [(r.region, "Cars", "BEV", 2024, "History", r.bev_car_sales, GEVO25, "high"),
                 (r.region, "Cars", "PHEV", 2024, "History", r.phev_car_sales, GEVO25, "high")]
    owid = pd.read_csv(ref / "ev" / "owid_electric_car_sales.csv")
    fc = pd.read_csv(ref / "ev" / "iea_fcev_stock_sales_2020_2024.csv")
    fc = fc[(fc.parameter == "EV sales") & (fc["mode"] == "Cars") & (fc.year == 2024)]
    fc = fc[fc.region.isin([*NAMED, "World"])].replace({"region": NAMED})
    for region in ("Canada", "South Korea"):
        total = owid[(owid.Entity == region) & (owid.Year == 2024)].iloc[0, -1]
        h = sales[(sales.region == region) & (sales["mode"] == "Cars") & (sales.year == 2023)]
        bev, phev = (h[h.powertrain == p].value.sum() for p in ("BEV", "PHEV"))
        battery = total - fc[fc.region == region].vehicles.sum()
        note = "medium: OWID total split with the 2023 BEV:PHEV ratio of the IEA data"
        rows += [(region, "Cars", pt, 2024, "History", battery * x / (bev + phev), OWID, note)
                 for pt, x in (("BEV", bev), ("PHEV", phev))]
    rows += [(r.region, "Cars", "FCEV", 2024, "History", r.vehicles, GEVO25, "high")
             for _, r in fc.iterrows()]
    sales = pd.concat([sales, pd.DataFrame(rows, columns=sales.columns), two_three_wheelers(ref)],
                      ignore_index=True)
    osh = pd.read_csv(ref / "ev" / "owid_electric_car_sales_share.csv")
    osh = osh[(osh.Year == 2024) & osh.Entity.isin([*NAMED.values(), "World"])]
    share = pd.concat([share, pd.DataFrame({
        "region": osh.Entity, "mode": "Cars", "year": 2024, "scenario": "History",
        "value": osh.iloc[:, -1] / 100.0, "source": OWID, "confidence": "high"})])

    keys = ["mode", "powertrain", "year", "scenario"]
    rest = rest_of_world(sales, keys).assign(source=RESIDUAL, confidence="derived (high inputs)")
    # Rest of World share = its EV sales over its market; market = EV sales / EV share
    mkeys = ["region", "mode", "year", "scenario"]
    total = sales.groupby(mkeys).value.sum()
    market = (total / share.set_index(mkeys).value).dropna().reset_index()
    rest_market = rest_of_world(market, ["mode", "year", "scenario"]).set_index(mkeys).value
    rest_share = (rest.groupby(mkeys).value.sum() / rest_market).dropna()
    rest_share = rest_share[np.isfinite(rest_share)].reset_index().assign(
        source=RESIDUAL + " (EV sales over market, market = EV sales / EV share)",
        confidence="derived (medium)")
    sales = pd.concat([sales, rest], ignore_index=True)
    share = pd.concat([share, rest_share], ignore_index=True)
    return sales, share


TWO_WHEELER_KWH = 3.0  # IEA GEVO 2023, Trends in electric heavy-duty vehicles: 3 kWh in 2022
BUSCH_PACK = ("Busch et al., EoL-LIB-NorthAmerica model inputs, Inputs/batterySize.csv "
              "(github.com/pmbusch/EoL-LIB-NorthAmerica), average kWh per electric car from "
              "EV Volumes data")
HDV = "IEA (2023), Global EV Outlook 2023, Trends in electric heavy-duty vehicles (battery sizes)"


def two_three_wheelers(ref: Path) -> pd.DataFrame:
    """Electric 2/3-wheeler sales derived from their battery demand and 3 kWh per vehicle."""
    bat = pd.read_csv(ref / "batteries" / "iea_ev_battery_demand_2018_2024.csv")
    bat = bat[(bat["mode"] == "2 and 3 wheelers") & bat.region.isin([*NAMED, "World"])]
    return pd.DataFrame({
        "region": bat.region.replace(NAMED), "mode": "Two/Three-Wheelers", "powertrain": "BEV",
        "year": bat.year, "scenario": "History",
        "value": (bat.battery_demand_GWh * 1e6 / TWO_WHEELER_KWH).round(-2),
        "source": f"derived: {GEVO25} battery demand of 2/3-wheelers / {TWO_WHEELER_KWH:g} kWh "
                  f"per vehicle ({HDV})",
        "confidence": "low-medium (derived; the IEA publishes no 2/3-wheeler sales here)"})


def battery_demand(ref: Path) -> pd.DataFrame:
    bat = pd.read_csv(ref / "batteries" / "iea_ev_battery_demand_2018_2024.csv")
    bat = bat[bat.region.isin([*NAMED, "World"])].replace({"region": NAMED})
    bat = bat.replace({"mode": {"2 and 3 wheelers": "Two/Three-Wheelers"}})
    return bat[["region", "mode", "year", "battery_demand_GWh"]].rename(
        columns={"battery_demand_GWh": "value"}).assign(
        unit="GWh/yr", source=GEVO25, confidence="high (2 significant figures)")


BATPAC_NAMES = {"NMC 111": "NMC111", "NMC 532": "NMC532", "NMC 622": "NMC622",
                "NMC 811": "NMC811", "NMC 95": "NMC95", "NCA": "NCA", "LFP": "LFP",
                "LMO": "LMO", "LMNO": "LMNO", "SIB": "Sodium-ion", "SS NMC 811": "Solid-state"}
BATPAC_MINERALS = {"Lithium": "Lithium", "Nickel": "Nickel", "Cobalt": "Cobalt",
                   "Manganese": "Manganese", "Graphite": "Graphite", "Copper": "Copper",
                   "Aluminum": "Aluminium", "Phosphorus": "Phosphorus"}
#: BatPaC 5.2 has rows for these minerals only; the others stay at 5.1's values
BATPAC52_MINERALS = ("Lithium", "Nickel", "Cobalt", "Graphite", "Copper")
#: 5.1 chemistries missing from 5.2 take the silicon anode's change of this 5.2 twin
SILICON_TWIN = {"NMC95": "NMC811", "LMNO": "LMO", "LMFP": "LFP"}
RAW = {v: k for k, v in BATPAC_MINERALS.items()}  # corridor's mineral names to BatPaC's
SILICON_PER_GRAPHITE = 35 / 65  # BatPaC 5.2's "65% Graphite / 35% Silicone" anode
B51 = ("Argonne National Laboratory, BatPaC 5.1 default pack designs, compiled by P. Busch "
       "(UC Davis), Mineral intensity workbook, sheet BatPac")
B52 = ("Argonne National Laboratory, BatPaC 5.2 default pack designs (updated 2025; "
       "solid-state: SolidPac), compiled by P. Busch (UC Davis), Mineral intensity workbook "
       "5.2, sheet Li")
SIB = ("Zhao et al. (2023) Recycling of sodium-ion batteries, Nat. Rev. Mater. 8:623-634 "
       "(P2-type NaCu1/3Fe1/3Mn1/3O2 cathode, hard carbon anode), compiled by P. Busch")


def _batpac(ref: Path) -> tuple[pd.Series, pd.Series]:
    """kg/kWh by (chemistry label, mineral) of BatPaC 5.1 and 5.2."""
    b51 = pd.read_excel(ref / "batteries" / "batpac51_mineral_intensity.xlsx",
                        sheet_name="BatPac").set_index(["chemistry", "Mineral"]).kg_per_kwh
    b52 = pd.read_excel(ref / "batteries" / "batpac52_mineral_intensity.xlsx",
                        sheet_name="Li").set_index(["chemistry", "Mineral"]).kg_per_kwh
    return b51, b52


def mineral_intensity(ref: Path, lmfp: pd.DataFrame) -> pd.DataFrame:
    """kg per kWh of pack by chemistry, anode and mineral: BatPaC 5.2 where it has the
    row, else 5.1; silicon-graphite anodes from 5.2's silicon rows; ``lmfp``: the
    hand-derived LMFP rows (graphite anode)."""
    b51, b52 = _batpac(ref)
    label = {v: k for k, v in BATPAC_NAMES.items()}
    rows = []

    def add(chem, anode, mineral, value, source, confidence):
        rows.append((chem, anode, mineral, round(float(value), 6), source, confidence))

    high = "high (BatPaC model defaults; pack level, contained element)"
    for chem in BATPAC_NAMES.values():
        anode = OWN_ANODE.get(chem, "Graphite")
        for raw, mineral in BATPAC_MINERALS.items():
            in52 = (label[chem], raw) in b52.index and mineral in BATPAC52_MINERALS
            value = b52[(label[chem], raw)] if in52 else b51[(label[chem], raw)]
            source = SIB if chem == "Sodium-ion" else (
                B52 if in52 else B51 + "; BatPaC 5.2 has no row for it")
            add(chem, anode, mineral, value, source,
                "medium (one cell design)" if chem == "Sodium-ion" else high)
        add(chem, anode, "Silicon", 0.0, "no silicon in this anode", high)
    for r in lmfp.itertuples():
        add(r.chemistry, "Graphite", r.mineral, r.value, r.source, r.confidence)
    add("LMFP", "Graphite", "Silicon", 0.0, "no silicon in this anode", "high")
    graphite = pd.DataFrame(rows, columns=["chemistry", "anode", "mineral", "value", "source",
                                           "confidence"])
    base = graphite.set_index(["chemistry", "mineral"]).value
    for chem in [*(c for c in BATPAC_NAMES.values() if c not in OWN_ANODE), "LMFP"]:
        twin = SILICON_TWIN.get(chem)
        for mineral in BATPAC_MINERALS.values():
            if mineral not in BATPAC52_MINERALS:
                add(chem, "Silicon-graphite", mineral, base.loc[chem, mineral], "as the "
                    "graphite anode: BatPaC 5.2 has no row for it",
                    "medium (the anode does not change it)")
            elif twin is None:
                add(chem, "Silicon-graphite", mineral, b52[(f"{label[chem]}-Si", RAW[mineral])],
                    B52 + ", 65% graphite / 35% silicon anode rows", high)
            else:
                t, raw = label[twin], RAW[mineral]
                ratio = b52[(f"{t}-Si", raw)] / b52[(t, raw)] \
                    if b52[(t, raw)] else 1.0  # the twin has none: no change
                add(chem, "Silicon-graphite", mineral, base.loc[chem, mineral] * ratio,
                    f"derived: the graphite-anode row times the change BatPaC 5.2 gives "
                    f"{twin} with its 65% graphite / 35% silicon anode", "low (derived)")
    out = pd.DataFrame(rows, columns=graphite.columns)
    blend = out[(out.anode == "Silicon-graphite") & (out.mineral == "Graphite")]
    silicon = blend.assign(mineral="Silicon", value=(blend.value * SILICON_PER_GRAPHITE).round(6),
                           source="derived: the anode's graphite x 35/65 (BatPaC 5.2's 65% "
                           "graphite / 35% silicon anode, read as shares of its active mass)",
                           confidence="low (derived: BatPaC gives no silicon row)")
    out = pd.concat([out, silicon]).assign(unit="kg/kWh")
    return out[["chemistry", "anode", "mineral", "value", "unit", "source", "confidence"]
               ].sort_values(["chemistry", "anode", "mineral"])


GEVO25_TEXT = ('IEA (2025), Global EV Outlook 2025, ch. 7 "Electric vehicle batteries", p. 139')
PUBLISHED_PACKS = [  # (region, segment, year, kWh, source, confidence)
    ("World", "Cars|PHEV", 2024, 20.0, GEVO25_TEXT + ": standard PHEV about 20 kWh", "high"),
    ("China", "Cars|PHEV", 2023, 25.3,
     "derived from IEA (2024), Global EV Outlook 2024, Trends in EV batteries: PHEVs were 18% "
     "of China's 380 GWh car battery demand with 2.7 M sales (0.18 x 380 GWh / 2.7 M)",
     "medium (derived)"),
    ("Canada", "Cars|BEV", 2020, 70.2, BUSCH_PACK, "medium (EV Volumes-based, all EV cars)"),
    ("Canada", "Cars|BEV", 2021, 72.4, BUSCH_PACK, "medium (EV Volumes-based, all EV cars)"),
    ("Canada", "Cars|BEV", 2022, 73.6, BUSCH_PACK, "medium (EV Volumes-based, all EV cars)"),
    ("Canada", "Cars|BEV", 2023, 72.0, BUSCH_PACK, "medium (EV Volumes-based, all EV cars)"),
    ("Canada", "Cars|BEV", 2024, 78.9, BUSCH_PACK, "medium (EV Volumes-based, all EV cars)"),
    ("World", "Two/Three-Wheelers|BEV", 2022, TWO_WHEELER_KWH, HDV + "; consistent with IEA "
     "(2024) Global EV Outlook 2024: a 2/3-wheeler battery is about 20 times smaller than a "
     "BEV car's (65 kWh)", "medium (transcription)"),
    ("World", "Vans|FCEV", 2018, 1.6, "assumption (corridor): a car-size buffer battery "
     "(Hyundai Nexo 1.6 kWh)", "low (assumption)"),
    ("World", "Buses|FCEV", 2018, 78.4, "Hyundai Elec City Fuel Cell bus: 78.4 kWh battery, "
     "Hyundai release via Korea Bizwire (2024) and movemnt.net", "medium"),
    ("World", "Trucks|FCEV", 2018, 72.0, "Hyundai XCIENT Fuel Cell (2021): 'three 72-kWh "
     "high voltage batteries', read as 72 kWh in all (Hyundai release via electrive.com, "
     "2021-05-25)", "low-medium (ambiguous wording)"),
    ("World", "Cars|FCEV", 2018, 1.6, "Hyundai Nexo (1st generation) specification as reported "
     "by greencarjournal.com: 1.6 kWh lithium-ion buffer battery", "high"),
]


MIN_SALES = 5000  # below this, rounded IEA GWh / sales is noise: the region takes World's pack


def pack_sizes(sales: pd.DataFrame, demand: pd.DataFrame) -> pd.DataFrame:
    """kWh per vehicle: published rows plus those implied by IEA battery demand and sales.

    kWh = GWh / (BEV + PHEV sales); for cars the PHEV pack is the published one and BEV
    takes the rest. Only region-years with at least ``MIN_SALES`` sales are calibrated; the
    model gives every other region-year (and Rest of World, whose GWh would be a residual
    of rounded figures) the World value.
    """
    pub = pd.DataFrame(PUBLISHED_PACKS, columns=["region", "segment", "year", "value",
                                                 "source", "confidence"])
    phev = {r: g.set_index("year").value for r, g in pub[pub.segment == "Cars|PHEV"]
            .groupby("region")}

    def phev_pack(region, year):
        p = phev.get(region, phev["World"])
        return float(np.interp(year, p.index, p.values))

    hist = sales[sales.scenario == "History"]
    s = hist.pivot_table(index=["region", "mode", "year"], columns="powertrain",
                         values="value", aggfunc="sum").fillna(0.0)
    world = s.groupby(level=["mode", "year"]).sum()
    gwh = demand.set_index(["region", "mode", "year"]).value
    rows = []
    src = (f"derived: {GEVO25} battery demand / EV sales ({GEVO24}); cars: PHEV at the "
           "published PHEV pack, BEV the rest")
    for (region, mode, year), value in gwh.items():
        if mode == "Two/Three-Wheelers":
            continue
        table, key = (world, (mode, year)) if region == "World" else (s, (region, mode, year))
        bs = table.loc[key] if key in table.index else None
        if bs is None or bs.get("BEV", 0) + bs.get("PHEV", 0) < MIN_SALES:
            continue
        bev, ph = bs.get("BEV", 0.0), bs.get("PHEV", 0.0)
        if mode == "Cars":
            p = phev_pack(region, year)
            b = (value * 1e6 - ph * p) / bev
        else:  # the few non-car PHEVs get the same pack
            b = value * 1e6 / (bev + ph)
            rows.append((region, f"{mode}|PHEV", year, b, src, "medium (derived)"))
        rows.append((region, f"{mode}|BEV", year, b, src, "medium (derived)"))
    derived = pd.DataFrame(rows, columns=pub.columns)
    out = pd.concat([pub, derived])
    out["value"] = out.value.round(2)
    return out.assign(unit="kWh/vehicle")


IUPAC = ("IUPAC standard atomic weights (Li 6.94, C 12.011, O 15.999, H 1.008, S 32.06, "
         "P 30.974, Al 26.982, Mn 54.938, Fe 55.845, Co 58.933, Ni 58.693): stoichiometry")
ATOMIC = {"Li": 6.94, "C": 12.011, "O": 15.999, "H": 1.008, "S": 32.06, "P": 30.974,
          "Al": 26.982, "Mn": 54.938, "Fe": 55.845, "Co": 58.933, "Ni": 58.693}
ELEMENT = {"Li": "Lithium", "Ni": "Nickel", "Co": "Cobalt", "Mn": "Manganese",
           "P": "Phosphorus", "Al": "Aluminium"}
#: product -> (formula as {element: atoms}, note); contained-element mass fractions follow
COMPOUNDS = {
    "lithium hydroxide": ({"Li": 1, "O": 2, "H": 3}, "LiOH·H2O"),
    "lithium carbonate": ({"Li": 2, "C": 1, "O": 3}, "Li2CO3"),
    "nickel sulphate": ({"Ni": 1, "S": 1, "O": 10, "H": 12}, "NiSO4·6H2O"),
    "cobalt sulphate": ({"Co": 1, "S": 1, "O": 11, "H": 14}, "CoSO4·7H2O"),
    "manganese sulphate": ({"Mn": 1, "S": 1, "O": 5, "H": 2}, "MnSO4·H2O"),
    "precursor NMC811": ({"Ni": 0.8, "Mn": 0.1, "Co": 0.1, "O": 2, "H": 2},
                         "Ni0.8Mn0.1Co0.1(OH)2"),
    "precursor NMC622": ({"Ni": 0.6, "Mn": 0.2, "Co": 0.2, "O": 2, "H": 2},
                         "Ni0.6Mn0.2Co0.2(OH)2"),
    "cathode NMC811": ({"Li": 1, "Ni": 0.8, "Mn": 0.1, "Co": 0.1, "O": 2}, "LiNi0.8Mn0.1Co0.1O2"),
    "cathode NMC622": ({"Li": 1, "Ni": 0.6, "Mn": 0.2, "Co": 0.2, "O": 2}, "LiNi0.6Mn0.2Co0.2O2"),
    "cathode NCA": ({"Li": 1, "Ni": 0.8, "Co": 0.15, "Al": 0.05, "O": 2}, "LiNi0.8Co0.15Al0.05O2"),
    "cathode LFP": ({"Li": 1, "Fe": 1, "P": 1, "O": 4}, "LiFePO4"),
}
#: t of cathode material per GWh of packs (BatPaC 5.2, 100 kWh packs)
CATHODE_PER_GWH = {"NMC811": 1297, "NMC622": 1464, "NMC111": 1653, "NCA": 1380, "LFP": 1998}
BATPAC52_CATHODE = ("Argonne National Laboratory, BatPaC 5.2 pack mass per 100 kWh and cathode "
                    "weight fraction, as coded by P. Busch, EoL-LIB-NorthAmerica, Scripts/"
                    "Prepare Data/4-CathodeWeight.R")


def product_content() -> pd.DataFrame:
    """Contained mineral per tonne of each chain product (stoichiometry), one row each."""
    rows = []
    for product, (formula, name) in COMPOUNDS.items():
        molar = sum(ATOMIC[e] * n for e, n in formula.items())
        for element, n in formula.items():
            if element in ELEMENT:
                rows.append((product, ELEMENT[element], ATOMIC[element] * n / molar,
                             f"{IUPAC} of {name}", "high (stoichiometry)"))
    li2o = 2 * ATOMIC["Li"] / (2 * ATOMIC["Li"] + ATOMIC["O"])
    rows.append(("spodumene concentrate", "Lithium", 0.06 * li2o,
                 f"{IUPAC} of Li2O at the SC6 grade of 6.0% Li2O",
                 "high (stoichiometry); medium for the grade (sold grades are 5.5-6.0% Li2O)"))
    for product, mineral in (("nickel contained", "Nickel"), ("cobalt contained", "Cobalt"),
                             ("natural graphite", "Graphite"), ("anode graphite", "Graphite")):
        rows.append((product, mineral, 1.0, "definition: capacity stated as contained "
                     f"{mineral.lower()}", "high (definition)"))
    df = pd.DataFrame(rows, columns=["product", "mineral", "value", "source", "confidence"])
    return df.assign(value=df.value.round(6), unit="t/t")[
        ["product", "mineral", "value", "unit", "source", "confidence"]]


def cathode_per_gwh() -> pd.DataFrame:
    return pd.DataFrame([(c, v, "t/GWh", BATPAC52_CATHODE, "medium (derived; cathode composite "
                          "incl. binder and carbon, so active material is slightly lower)")
                         for c, v in CATHODE_PER_GWH.items()],
                        columns=["chemistry", "value", "unit", "source", "confidence"])


def main(ref: Path) -> None:
    sales, share = ev_sales(ref)
    cols = ["region", "mode", "powertrain", "year", "scenario", "value", "unit", "source",
            "confidence"]
    sales = sales.assign(unit="vehicles/yr", value=sales.value.round(1))
    sales = sales[(sales.value > 0) & (sales.region != "World")].sort_values(cols[:5])
    sales[cols].to_csv(OUT / "ev_sales.csv", index=False)
    share = share.assign(unit="1", value=share.value.round(6))
    share = share[share.region != "World"].sort_values(["region", "mode", "scenario", "year"])
    share[["region", "mode", "year", "scenario", "value", "unit", "source", "confidence"]].to_csv(
        OUT / "ev_sales_share.csv", index=False)
    demand = battery_demand(ref)
    demand.to_csv(OUT / "battery_demand.csv", index=False)
    packs = pack_sizes(sales, demand)
    packs = packs[packs.value > 0].sort_values(["region", "segment", "year"])
    packs[["region", "segment", "year", "value", "unit", "source", "confidence"]].to_csv(
        OUT / "pack_size.csv", index=False)
    kept = pd.read_csv(OUT / "mineral_intensity.csv")  # the LMFP rows are derived by hand
    lmfp = kept[(kept.chemistry == "LMFP") & (kept.mineral != "Silicon")
                & (kept.get("anode", "Graphite") == "Graphite")]
    mineral_intensity(ref, lmfp).to_csv(OUT / "mineral_intensity.csv", index=False)
    product_content().to_csv(OUT / "product_content.csv", index=False)
    cathode_per_gwh().to_csv(OUT / "cathode_per_gwh.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
