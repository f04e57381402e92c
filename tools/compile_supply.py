"""Compile corridor's world-supply and supply-risk tables from the public reference files.

Developer tool, like ``tools/compile_reference.py``: it reads ``../shared/reference/minerals``
and ``../shared/reference/risk`` (never read by the product or its tests) and writes
corridor's own cited tables into ``src/corridor/data``::

    python tools/compile_supply.py ../shared/reference

Tables written (every row with a ``source`` and a ``confidence`` note):

``world_supply.csv``
    Mine and refinery output by country, kt of contained element (graphite: kt of graphite),
    one row per mineral, stage, country, year and publication (``edition``): USGS Mineral
    Commodity Summaries 2026 (2024, 2025e) and 2024 (lithium 2022, 2023e); IEA Global
    Critical Minerals Outlook 2024 (2023) and 2025 (2024) with their base-case outlook
    (2030, 2035, 2040). Publisher residuals ("Other countries", "Rest of world") become one
    row ``country == "Other countries"`` with ``residual == true``. Totals are *checked*
    here, not stored: the countries (with the residual) must add up to the publisher's world
    total within its rounding, and IEA top-3 shares must match ours.
``governance.csv``
    World Bank WGI: mean of the six indicators and the EU criticality scaling
    ``(2.5 - WGI) * 2`` (0 best, 10 worst), per country and year 2020-2023.
``eu_crm_2023.csv``
    Published parameters of the EU 2023 criticality assessment (supply risk, economic
    importance, assessed stage, import reliance, end-of-life recycling input rate,
    substitution indices) for the materials corridor tracks.
``eu_trade_restriction.csv``
    The trade-related variable t of that assessment per material, country, stage and scope.
``eu_crm_2023_shares.csv``
    The country shares used to reproduce the EU 2023 supply risk. The EU's own 2016-2020
    country shares are not in the reference folder; the rows below carry the closest
    published figures that could be found and cited, each with its source and a confidence
    note that says how far it is from the EU's own input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from corridor.dims import region_of

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
RESIDUAL = "Other countries"

USGS26 = ("U.S. Geological Survey (2026), Mineral Commodity Summaries 2026, {chapter}, "
          "table 'World Mine Production and Reserves'")
USGS26_CU = ("U.S. Geological Survey (2026), Mineral Commodity Summaries 2026, Copper, "
             "world refinery production by country")
USGS24 = ("U.S. Geological Survey (2024), Mineral Commodity Summaries 2024, Lithium, "
          "table 'World Mine Production and Reserves'")
IEA24 = ("IEA (2024), Global Critical Minerals Outlook 2024, Critical Minerals Data Explorer "
         "(CC BY 4.0), {mineral} - {stage} supply by country, base case")
IEA25 = ("IEA (2025), Global Critical Minerals Outlook 2025, Critical Minerals Data Explorer "
         "(CC BY 4.0), {mineral} {stage} supply by country, base case")
WGI = ("World Bank (2024), Worldwide Governance Indicators, 2024 update, estimates of the six "
       "indicators; EU scaling (2.5 - WGI) x 2 following European Commission (2017), "
       "Methodology for establishing the EU list of critical raw materials: guidelines")
EU23 = ("European Commission (2023), Study on the Critical Raw Materials for the EU 2023, "
        "final report (doi:10.2873/725585), criticality results table")
EU23_T = ("European Commission (2023), Study on the Critical Raw Materials for the EU 2023 "
          "(doi:10.2873/725585), trade-related variable t")
VIA_CRITMAT = "; transcribed in github:meyerdata/CritMAT input_data/seeds (commit 0bd89778)"

#: Publisher country names -> corridor's country names (one spelling per country).
COUNTRY = {
    "Congo (Kinshasa)": "DR Congo", "Democratic Republic of Congo": "DR Congo",
    "Congo, Dem. Rep.": "DR Congo", "Congo, Rep.": "Republic of the Congo",
    "Korea, Republic of": "South Korea", "Korea, Rep.": "South Korea",
    "Korea, North": "North Korea", "Burma": "Myanmar", "Russian Federation": "Russia",
    "Turkey": "Türkiye", "Cote d'Ivoire": "Côte d'Ivoire", "Viet Nam": "Vietnam",
    "Iran, Islamic Rep.": "Iran", "Egypt, Arab Rep.": "Egypt", "Lao PDR": "Laos",
    "Slovak Republic": "Slovakia", "Czech Republic": "Czechia", "Taiwan, China": "Taiwan",
    "Other": RESIDUAL, "Other countries": RESIDUAL, "Rest of world": RESIDUAL,
}

def country(name: str) -> str:
    name = " ".join(str(name).split())
    return COUNTRY.get(name, name)


# --------------------------------------------------------------------------- world supply

USGS_MINERAL = {"Lithium": "Lithium", "Nickel": "Nickel", "Cobalt": "Cobalt",
                "Graphite (natural)": "Graphite", "Manganese": "Manganese",
                "Copper": "Copper", "Rare earths": "Rare Earths"}


def rounding(total: float) -> float:
    """Half a unit of the second significant digit: USGS rounds world totals to two or three
    significant digits, and the country figures are themselves rounded estimates."""
    return 0.5 * 10.0 ** (np.floor(np.log10(abs(total))) - 1)


def usgs_2026(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "minerals" / "usgs_mcs2026_battery_minerals.csv", dtype=str)
    rows = []
    for mineral_raw, g in raw.groupby("mineral", sort=False):
        mineral = USGS_MINERAL[mineral_raw]
        unit = g.units.iloc[0]
        to_kt = 1.0 if unit.startswith("thousand") else 1e-3
        stage = "refining" if mineral == "Copper" else "mining"
        chapter = "Graphite (Natural)" if mineral == "Graphite" else mineral_raw.title()
        source = USGS26_CU if mineral == "Copper" else USGS26.format(chapter=chapter)
        world = g[g.country.str.startswith("World total")]
        parts = g[~g.country.str.startswith("World total")]
        for year, col in ((2024, "production_2024"), (2025, "production_2025e")):
            estimate = year == 2025
            total = float(world[col].iloc[0]) * to_kt
            named = 0.0
            for _, r in parts.iterrows():
                name = country(r.country)
                withheld = r[col] == "W"
                value = np.nan if withheld else float(r[col]) * to_kt
                note = "hand transcription of the USGS table; world total checked"
                if withheld:
                    note = ("missing: withheld by USGS (W) to avoid disclosing company data; "
                            "excluded from the USGS world total")
                elif name == RESIDUAL:
                    note = ("publisher residual (all countries not listed); " + note)
                if estimate:
                    note = "USGS estimate (e); " + note
                if mineral == "Copper":
                    note += "; refinery (not mine) output"
                if mineral == "Rare Earths":
                    note += "; rare-earth-oxide equivalent"
                rows.append((mineral, stage, name, year, value, source, note))
                named += 0.0 if withheld else value
            # World = listed countries + "Other countries" (where USGS lists one), within the
            # rounding of the USGS world total. Natural graphite has no residual row: USGS
            # lists every producer, and corridor's World is their sum.
            assert abs(total - named) <= rounding(total), (
                f"USGS {mineral} {year}: world {total} vs countries {named}")
    out = pd.DataFrame(rows, columns=["mineral", "stage", "country", "year", "value", "source",
                                      "confidence"])
    return out.assign(edition="USGS MCS 2026", scenario="History")


def usgs_2024_lithium(ref: Path) -> pd.DataFrame:
    raw = pd.read_excel(ref / "minerals" / "usgs_mcs2024_lithium.xlsx",
                        sheet_name="Production_Li")
    out = pd.DataFrame({
        "mineral": "Lithium", "stage": "mining", "country": raw.Country.map(country),
        "year": raw.Year.astype(int), "value": raw.USGS_production.astype(float) * 1e-3,
        "source": USGS24,
        "confidence": np.where(
            raw.Year == 2023, "USGS estimate (e); research compilation of the USGS table; "
            "United States withheld and no 'Other countries' row: World = listed countries",
            "research compilation of the USGS table; United States withheld and no "
            "'Other countries' row: World = listed countries"),
    })
    return out.assign(edition="USGS MCS 2024", scenario="History")


IEA_MINERAL = {"Copper": "Copper", "Cobalt": "Cobalt", "Lithium": "Lithium",
               "Nickel": "Nickel", "Graphite": "Graphite",
               "Magnet rare earth elements": "Magnet Rare Earths",
               "Rare Earth Elements": "Magnet Rare Earths"}
IEA_STAGE = {"Mining": "mining", "Mining (natural)": "mining", "Refining": "refining",
             "Chemicals": "refining", "Battery grade": "refining",
             "mining": "mining", "refining": "refining"}
NOT_COUNTRY = ("Total", "Top 3 share", "Total clean technologies")


def _iea_check_and_rows(df: pd.DataFrame, edition: str, base_year: int,
                        source_of) -> pd.DataFrame:
    rows = []
    for (mineral_raw, stage_raw), g in df.groupby(["mineral_raw", "stage_raw"], sort=False):
        mineral, stage = IEA_MINERAL[mineral_raw], IEA_STAGE[stage_raw]
        for year, gy in g.groupby("year"):
            parts = gy[~gy.who.isin(NOT_COUNTRY)]
            # the 2024 file labels the cobalt-refining total "Total clean technologies";
            # it is checked against the sum of the countries like any other total
            label = "Total" if (gy.who == "Total").any() else "Total clean technologies"
            total = float(gy[gy.who == label].value.iloc[0])
            values = parts.value.astype(float).where(lambda v: v.abs() > 1e-9, 0.0)
            assert (values >= 0).all(), f"{edition} {mineral} {stage} {year}: negative value"
            is_rest = (parts.who.map(country) == RESIDUAL).to_numpy()
            fixed, double = "", None
            if abs(values.sum() - total) > 1e-6 * max(total, 1):
                # The reshaped 2024 file's nickel-mining "Rest of world" double-counts
                # Australia (its residual equals Total minus the other listed countries).
                # Recompute the residual as Total minus every listed country.
                extra = values.sum() - total
                listed = values[~is_rest]
                assert ((listed - extra).abs() < 1e-6).any(), (
                    f"{edition} {mineral} {stage} {year}: countries {values.sum()} != {total}")
                double = parts.who[~is_rest][(listed - extra).abs() < 1e-6].iloc[0]
                values = values.where(~is_rest, total - listed.sum())
                fixed = (f"; residual recomputed as IEA total minus listed countries (the "
                         f"source file's 'Rest of world' also contained {double})")
                print(f"{edition} {mineral} {stage} {year}: {fixed[2:]}")
            top3 = gy[gy.who == "Top 3 share"]
            if len(top3):
                # the IEA's own top-3 share treats a double-counted country as part of its
                # "Rest of world": compare like with like
                named = values[~is_rest & ((parts.who != double) if fixed else True)]
                mine = named.nlargest(3).sum() / total
                assert abs(mine - float(top3.value.iloc[0])) < 1e-6, (
                    f"{edition} {mineral} {stage} {year}: top-3 {mine} != IEA {top3.value}")
            history = year == base_year
            for who, value in zip(parts.who, values, strict=True):
                name = country(who)
                note = ("reshaped from the IEA data explorer; countries sum to the IEA total; "
                        + ("history" if history else "IEA base-case projection (announced "
                           "pipeline weighted by its probability of coming online)"))
                if name == RESIDUAL:
                    note = "publisher residual (IEA 'Rest of world'); " + note + fixed
                if mineral == "Graphite" and stage == "refining":
                    note += "; battery-grade graphite, natural and synthetic"
                if mineral == "Lithium" and stage == "refining":
                    note += "; lithium chemicals, Li content"
                rows.append((mineral, stage, name, int(year), float(value),
                             source_of(mineral_raw, stage_raw), note,
                             "History" if history else "Base case"))
    out = pd.DataFrame(rows, columns=["mineral", "stage", "country", "year", "value", "source",
                                      "confidence", "scenario"])
    return out.assign(edition=edition)


def iea(ref: Path) -> pd.DataFrame:
    a = pd.read_csv(ref / "minerals" / "iea_gcmo2024_supply_by_country.csv")
    split = a.mineral_stage.str.split(" - ", n=1, expand=True)
    a = pd.DataFrame({"mineral_raw": split[0], "stage_raw": split[1],
                      "who": a.country_or_total, "year": a.year,
                      "value": pd.to_numeric(a.value_kt_or_share)})
    b = pd.read_csv(ref / "minerals" / "iea_gcmo2025_supply_by_country.csv")
    b = b[~b.country_or_total.str.startswith(("Notes", "“Base case”"))]
    b = pd.DataFrame({"mineral_raw": b.mineral, "stage_raw": b.stage,
                      "who": b.country_or_total, "year": pd.to_numeric(b.year),
                      "value": pd.to_numeric(b.value_kt_or_share)})
    return pd.concat([
        _iea_check_and_rows(a, "IEA GCMO 2024", 2023,
                            lambda m, s: IEA24.format(mineral=m, stage=s)),
        _iea_check_and_rows(b, "IEA GCMO 2025", 2024,
                            lambda m, s: IEA25.format(mineral=m, stage=s)),
    ], ignore_index=True)


def world_supply(ref: Path) -> pd.DataFrame:
    df = pd.concat([usgs_2026(ref), usgs_2024_lithium(ref), iea(ref)], ignore_index=True)
    df["region"] = df.country.map(region_of)
    df["residual"] = np.where(df.country == RESIDUAL, "true", "false")
    df["unit"] = "kt"
    df["value"] = df.value.round(6)
    key = ["mineral", "stage", "country", "year", "edition"]
    assert not df.duplicated(key).any(), df[df.duplicated(key, keep=False)]
    cols = ["mineral", "stage", "country", "region", "residual", "year", "edition", "scenario",
            "value", "unit", "source", "confidence"]
    return df[cols].sort_values(["mineral", "stage", "edition", "year", "country"])


# ------------------------------------------------------------------------------ governance

def governance(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "risk" / "wgi_2020_2023.csv")
    indicators = ["voice_accountability", "political_stability", "government_effectiveness",
                  "regulatory_quality", "rule_of_law", "control_of_corruption"]
    mean = raw[indicators].mean(axis=1)
    assert (mean - raw.mean_of_6).abs().max() < 1e-3, "WGI mean_of_6 is not the mean"
    scaled = (2.5 - raw.mean_of_6) * 2.0
    assert (scaled - raw.eu_crm_scaled_0_10).abs().max() < 1e-3, "EU scaling mismatch"
    out = pd.DataFrame({
        "country": raw.country.map(country), "iso3": raw.iso3_wb.replace({"ROM": "ROU",
                                                                          "ZAR": "COD"}),
        "year": raw.year, "wgi_mean": raw.mean_of_6.round(4),
        "eu_scaled": scaled.round(4), "source": WGI,
        "confidence": "high (World Bank estimates; scaling per the EU 2017 guidelines)",
    })
    # New Caledonia (about 3% of world nickel mining) has no WGI score: France's scores
    # stand in for it as the administering state. A proxy, flagged as such.
    france = out[out.country == "France"].assign(
        country="New Caledonia", iso3="NCL",
        source=WGI + "; France's scores used for New Caledonia (French territory)",
        confidence="low: proxy, no WGI score of its own")
    out = pd.concat([out, france], ignore_index=True)
    assert not out.duplicated(["country", "year"]).any()
    return out.sort_values(["country", "year"])


# --------------------------------------------------------------------------- EU 2023 study

#: EU material name -> corridor mineral (EU materials without a corridor mineral are kept
#: with an empty ``mineral``). Corridor's supply of magnet rare earths (NdPr, Dy, Tb) takes
#: neodymium's parameters: about three quarters of the magnet rare earths by mass, and the
#: four's EoL-RIR (0.01) and SI_SR (0.92-0.99) barely differ.
EU_MINERAL = {"Lithium": "Lithium", "Cobalt": "Cobalt", "Natural graphite": "Graphite",
              "Nickel": "Nickel", "Manganese": "Manganese", "Copper": "Copper",
              "Platinum": "Platinum", "Aluminium": "Aluminium", "Phosphorus": "Phosphorus",
              "Neodymium": "Magnet Rare Earths"}
SOURCING = {"GS+EU": "GS+EU", "GSonly": "GS only", "EUonly": "EU only", "EU": "EU only"}


def eu_crm_2023(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "risk" / "eu_crm_2023_parameters.csv")

    def pct(col):
        return (pd.to_numeric(raw[col], errors="coerce") / 100.0).round(4)

    out = pd.DataFrame({
        "material": raw.material_name,
        "mineral": raw.material_name.map(EU_MINERAL).fillna(""),
        "supply_risk": raw.supply_risk, "economic_importance": raw.economic_importance,
        "stage_assessed": raw.eu_used_stage.str.lower(),
        "stages": raw.eu_stages,
        "sourcing_extraction": raw.eu_used_supply_primary.map(SOURCING).fillna(""),
        "supply_risk_extraction": pd.to_numeric(raw.supply_risk_primary, errors="coerce"),
        "sourcing_processing": raw.eu_used_supply_refined.map(SOURCING).fillna(""),
        "supply_risk_processing": pd.to_numeric(raw.supply_risk_refined, errors="coerce"),
        "import_reliance_extraction": pct("import_reliance_primary_pct"),
        "import_reliance_processing": pct("import_reliance_refined_pct"),
        "eol_rir": pct("eol_rir_pct"),
        "si_ei": raw.si_ei, "si_sr": raw.si_sr,
        "source": EU23 + VIA_CRITMAT,
        "confidence": ("medium: third-party transcription of the EC 2023 results table; "
                       "Co, Li and natural graphite spot-checked against the report"),
    })
    lree = out.material == "LREE"
    out.loc[lree, "confidence"] += ("; extraction-stage supply risk garbled in the "
                                    "transcription ('281%'), left empty")
    # the five battery materials the reproduction test relies on must be complete
    five = out[out.material.isin(["Lithium", "Cobalt", "Natural graphite", "Nickel",
                                  "Manganese"])]
    assert len(five) == 5 and five[["supply_risk", "eol_rir", "si_sr"]].notna().all().all()
    return out.sort_values("material")


def eu_trade_restriction(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "risk" / "eu_crm_2023_trade_parameters.csv")
    out = pd.DataFrame({
        "material": raw.material_name.replace({"Phosphate Rock": "Phosphate rock"}),
        "country": raw.country_name.map(country),
        "stage": raw.stage.map({"primary": "extraction", "refined": "processing"}),
        "scope": raw.scope.map({"world": "global", "eu": "eu"}),
        "t": raw.t_parameter,
        "source": EU23_T + ", via github:meyerdata/CritMAT "
                          "input_data/seeds/eureport_tradeparameters.csv (commit 0bd89778)",
        "confidence": ("medium: third-party transcription; t = 1 for every pair not listed "
                       "(EU 2017 guidelines)"),
    })
    assert out.notna().all().all()
    return out.sort_values(["material", "stage", "scope", "country"])


# The EU's own 2016-2020 country shares are not in the reference folder. These are the
# closest published figures that were found, each cited; see the confidence notes.
_EC_COBALT = ("European Commission (2023), Critical Raw Materials Act communication material "
              "(March 2023): '63% of the world's cobalt ... is mined in the Democratic Republic "
              "of Congo' (global supply, EU 2023 assessment); as quoted by P. Kienge (7 June "
              "2023), thestockexchange.com.au/threads/avz-discussion-2022.78/page-1545")
_USGS_CO_2019 = ("U.S. Geological Survey (2020), Mineral Commodity Summaries 2020, Cobalt, "
                 "world mine production 2019 (world 140,000 t); as reported by Gaia Geld, "
                 "'Global slice: cobalt', gaiageld.com/global-slice-cobalt")
_IEA_2019 = ("IEA (2021), The Role of Critical Minerals in Clean Energy Transitions, figure "
             "'Share of top three producing countries in processing of selected minerals, "
             "2019' (also in the IEA Critical Minerals Policy Tracker, 2022); as reported by "
             "Fortune India (2022), 'Vital minerals, metals for clean energy dominated by one "
             "country - China: IEA'")
_USGS_GR_2020 = ("U.S. Geological Survey (2021), Mineral Commodity Summaries 2021, Graphite "
                 "(natural), world mine production 2020e (world 1,100 kt); as tabulated by "
                 "Visual Capitalist (2021), 'Visualizing the natural graphite supply problem'")
_EURONEWS = ("European Commission (2023), Study on the Critical Raw Materials for the EU 2023, "
             "EU sourcing; as reported by Euronews Business Planet (2024), 'Which Latin "
             "American countries is the EU looking to rely on for its critical raw "
             "materials?' (dailymotion.com/video/x9byeam)")
_ECA = ("European Court of Auditors (2023), Special report 15/2023, The EU's industrial "
        "policy on batteries; as reported by GAI Connects magazine, edition 02-2023")

SHARES = [
    # material, stage, scope, country, share, reference, source, confidence
    ("Cobalt", "extraction", "global", "DR Congo", 0.63, "2016-2020", _EC_COBALT,
     "medium-low: the EU's own share (2016-2020 average), through a secondary quotation"),
    *[("Cobalt", "extraction", "global", c, round(v / 140_000, 6), "2019", _USGS_CO_2019,
       "low-medium: secondary report of USGS figures for one year (2019) inside the EU "
       "window; unlisted producers treated as fragmented")
      for c, v in (("Russia", 6100), ("Australia", 5100), ("Philippines", 4600),
                   ("Cuba", 3500), ("Madagascar", 3300))],
    *[("Lithium", "processing", "global", c, v, "2019", _IEA_2019,
       "medium: IEA top-three shares for 2019, inside the EU's 2016-2020 window; not the "
       "EU's own average")
      for c, v in (("China", 0.58), ("Chile", 0.29), ("Argentina", 0.10))],
    *[("Nickel", "processing", "global", c, v, "2019", _IEA_2019,
       "medium: IEA top-three shares for 2019, inside the EU's 2016-2020 window; not the "
       "EU's own average")
      for c, v in (("China", 0.35), ("Indonesia", 0.15), ("Japan", 0.08))],
    *[("Natural graphite", "extraction", "global", c, round(v / 1100, 6), "2020",
       _USGS_GR_2020,
       "low-medium: sponsored third-party table of USGS estimates for one year (2020) "
       "inside the EU window; not the EU's own average")
      for c, v in (("China", 650), ("Mozambique", 120), ("Brazil", 95), ("Madagascar", 47),
                   ("India", 34), ("Russia", 24), ("Ukraine", 19), ("Norway", 15),
                   ("Pakistan", 13), ("Canada", 10))],
    ("Lithium", "processing", "eu", "Chile", 0.79, "2016-2020", _EURONEWS,
     "medium-low: the EU's own top EU-sourcing share, through a news report; the other "
     "EU suppliers are not published there"),
    ("Nickel", "processing", "eu", "Finland", 0.38, "2016-2020", _EURONEWS,
     "low-medium: the EU's own figure through a news report ('Finland produces 38% of "
     "nickel' used in the EU); stage not stated, taken as the assessed processing stage"),
    ("Natural graphite", "extraction", "eu", "China", 0.40, "not stated", _ECA,
     "low-medium: ECA figure, reference years not stated (likely the EC assessments); "
     "secondary report"),
]


def eu_crm_2023_shares(supply: pd.DataFrame) -> pd.DataFrame:
    rows = pd.DataFrame(SHARES, columns=["material", "stage", "scope", "country", "share",
                                         "reference_years", "source", "confidence"])
    # Manganese: no published 2016-2020 shares were found; the closest published shares are
    # USGS MCS 2026 (2024), compiled above.
    mn = supply[(supply.mineral == "Manganese") & (supply.edition == "USGS MCS 2026")
                & (supply.year == 2024)]
    total = mn.value.sum()
    mn = mn[mn.country != RESIDUAL]
    mn_rows = pd.DataFrame({
        "material": "Manganese", "stage": "extraction", "scope": "global",
        "country": mn.country, "share": (mn.value / total).round(6),
        "reference_years": "2024",
        "source": USGS26.format(chapter="Manganese") + "; shares computed by corridor",
        "confidence": ("approximation: 2024 shares, outside the EU's 2016-2020 window; no "
                       "published 2016-2020 shares were found"),
    })
    out = pd.concat([rows, mn_rows[mn_rows.share > 0]], ignore_index=True)
    sums = out.groupby(["material", "stage", "scope"]).share.sum()
    assert (sums <= 1 + 1e-9).all(), sums
    return out.sort_values(["material", "scope", "share"], ascending=[True, True, False])


def main(ref: Path) -> None:
    supply = world_supply(ref)
    supply.to_csv(OUT / "world_supply.csv", index=False)
    governance(ref).to_csv(OUT / "governance.csv", index=False)
    eu_crm_2023(ref).to_csv(OUT / "eu_crm_2023.csv", index=False)
    eu_trade_restriction(ref).to_csv(OUT / "eu_trade_restriction.csv", index=False)
    eu_crm_2023_shares(supply).to_csv(OUT / "eu_crm_2023_shares.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
