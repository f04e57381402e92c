"""Compile corridor's plant benchmarks from the public reference files (developer tool).

Reads ``../shared/reference/economics/plant_capex_jobs*.csv`` (never read by the product or
its tests) and writes ``src/corridor/data/plant_benchmarks.csv`` and
``exchange_rates.csv`` (the Bank of Canada's 2024 annual averages, cited below)::

    python tools/compile_projects.py ../shared/reference

One row per announced plant whose capex or direct jobs and capacity are published, with
the project type and product class it is a benchmark for, capex and jobs per unit of
capacity computed here from the plant's capex, jobs and capacity (the reference files'
own per-unit texts are not used), and the plant's sources. The mapping of each plant to
a type, and the plants left out (no capacity, or a capacity that mixes several products),
are listed below so that a reader can check every choice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
OUT = DATA / "plant_benchmarks.csv"
# Bank of Canada, annual average exchange rates (Valet series group FX_RATES_ANNUAL,
# https://www.bankofcanada.ca/valet/observations/group/FX_RATES_ANNUAL/json), 2024, as
# archived verbatim (2025-12-31) by github.com/littledot/bank-of-canada-exchange-rates
RATES = {"USD": 1.3698, "EUR": 1.4818, "JPY": 0.009050, "KRW": 0.001005}
RATES_SOURCE = ("Bank of Canada, Annual exchange rates (FX_RATES_ANNUAL: FXAUSDCAD, "
                "FXAEURCAD, FXAJPYCAD, FXAKRWCAD), 2024 annual averages, "
                "https://www.bankofcanada.ca/valet/observations/group/FX_RATES_ANNUAL/json")

# plant name (start of the reference's ``facility``) -> (type, product class, unit, note);
# a capex given as text is set here with the figure chosen
PLANTS = {
    "Panasonic Energy De Soto": ("cell", "NCA", "GWh/yr", None),
    "NextStar Energy Windsor": ("cell", "NCM", "GWh/yr", "cell and module plant"),
    "PowerCo St. Thomas": ("cell", "NCM", "GWh/yr", "final phase capacity"),
    "McKinsey generic plant": ("cell", "", "GWh/yr", "generic 30-40 GWh plant; jobs only"),
    "Ultium CAM Becancour": ("cathode", "NCM", "t/yr", None),
    "EcoPro CAM Canada Becancour": ("cathode", "NCM", "t/yr", None),
    "LG Battery Core Material": ("cathode", "NCM", "t/yr", None),
    "Albemarle Kemerton trains 3-4": ("refinery", "Lithium Hydroxide", "t/yr",
                                      "capex US$1.25-1.5 bn reported; the low figure"),
    "Albemarle Kemerton trains 1-2": ("refinery", "Lithium Hydroxide", "t/yr", None),
    "Nemaska Lithium Becancour": ("refinery", "Lithium Hydroxide", "t/yr",
                                  "capex includes the Whabouchi mine: an upper bound"),
    "Vale Long Harbour": ("refinery", "Nickel Contained", "t Ni/yr",
                          "final 2014 capex US$4.5 bn (2009 estimate 2.2 bn)"),
    "LG Chem - Huayou Cobalt pCAM JV": ("precursor", "NCM", "t/yr",
                                        "includes metal refining"),
    "Korea Precursor Co.": ("precursor", "NCM", "t/yr", None),
    "GEM - SK On - EcoPro pCAM JV": ("precursor", "NCM", "t/yr",
                                     "includes an NCM raw-material system"),
    "Novonix, Chattanooga": ("anode", "Graphite", "t/yr", "synthetic graphite"),
    "Li-Cycle Rochester Hub": ("recycling", "Black Mass", "t/yr", "capacity in black mass"),
    "Hyundai Motor Group Metaplant America": ("vehicle assembly", "Electric Vehicles",
                                              "vehicle/yr", "capex includes the LGES cell JV"),
}
CAPEX_TEXT = {"Vale Long Harbour": 4.5e9}
# left out: Tesla Gigafactory 1 (cells, packs and drive units together), BASF Becancour,
# POSCO Pilbara, Vale Becancour, KEMCO and the generic capex row (no capex or no jobs),
# Hyundai-SK On JV and Ascend Elements (no capacity), Redwood (GWh of several materials)


def main(ref: Path) -> None:
    rows = []
    for name in ("plant_capex_jobs.csv", "plant_capex_jobs_more.csv"):
        table = pd.read_csv(ref / "economics" / name)
        for r in table.itertuples():
            key = next((k for k in PLANTS if str(r.facility).startswith(k)), None)
            if key is None:
                continue
            kind, product_class, unit, note = PLANTS[key]
            capex = CAPEX_TEXT.get(key, pd.to_numeric(r.capex, errors="coerce"))
            jobs = pd.to_numeric(r.direct_jobs, errors="coerce")
            currency = str(r.capex_currency).split()[0] if pd.notna(capex) else ""
            url = getattr(r, "url", "")
            rows.append({
                "type": kind, "product_class": product_class, "plant": r.facility,
                "country": r.country, "capacity": float(r.capacity), "unit": unit,
                "capex": capex, "currency": currency, "direct_jobs": jobs,
                "capex_per_unit": capex / r.capacity if pd.notna(capex) else None,
                "jobs_per_unit": jobs / r.capacity if pd.notna(jobs) else None,
                "note": note or "",
                "source": "; ".join(str(s) for s in (r.source, url) if pd.notna(s) and s),
                "confidence": str(r.confidence).split(" (")[0] if pd.notna(r.confidence)
                else "medium"})
    out = pd.DataFrame(rows).sort_values(["type", "plant"])
    out.to_csv(OUT, index=False)
    print(f"{OUT}: {len(out)} plants")
    rates = pd.DataFrame([{"currency": "CAD", "cad_per_unit": 1.0, "year": 2024,
                           "source": "definition: the table is in Canadian dollars",
                           "confidence": "high (definition)"}] + [
        {"currency": c, "cad_per_unit": v, "year": 2024, "source": RATES_SOURCE,
         "confidence": "high (central bank annual average; archived copy)"}
        for c, v in RATES.items()])
    rates.to_csv(DATA / "exchange_rates.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
