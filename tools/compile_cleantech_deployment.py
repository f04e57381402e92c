"""Compile corridor's clean-energy deployment tables from the public reference files.

Developer tool, like ``tools/compile_reference.py``: it reads
``../shared/reference/cleantech/deployment_pathways.csv`` (IEA WEO 2023 free-dataset generation,
IEA Global Hydrogen Review electrolyser stock, NREL Standard Scenarios 2024 for the US, the
CAwindMFA Canadian wind scenarios, Korea's 11th Basic Plan) and
``korea_canada_energy_targets.csv``, and writes into ``src/corridor/data``::

    python tools/compile_cleantech_deployment.py ../shared/reference

``cleantech_technology.csv``
    One row per technology: stock unit (GW or km) and the output per unit of stock used to turn
    a published output into a stock (fleet capacity factor calibrated on 2022).
``cleantech_deployment.csv``
    Installed stock (GW, km) or published output (Mt/yr of electrolytic hydrogen) by
    technology, scenario (History, STEPS, APS, NZE), corridor region and year.

Generators are written in GW, converted from WEO generation with a 2022 capacity factor
calibrated per region where a published 2022 capacity exists (US, China; Europe for wind) and
one factor for the remaining group; the single world factor of ``cleantech_technology.csv``
would misplace the US and Chinese stocks by 25-35%. Every figure not in the reference files
is a named constant below with its source. The script prints the check that the six regions add
up to the WEO World figure, and the World totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data"
REGIONS = ["Canada", "South Korea", "United States", "China", "Europe", "Rest of World"]
SCENARIOS = ["STEPS", "APS", "NZE"]
HOURS = 8.76  # TWh per GW-year at a capacity factor of 1
WEO = ("IEA (2023), World Energy Outlook 2023 Free Dataset, Annex A regions (CC BY 4.0), "
       "electricity generation {tech}, {region}, {scen}")
WEO_EUROPE = (" (IEA 'Europe' region, nearest to EU27+EFTA+UK; it also holds Turkiye, Ukraine "
              "and the Balkans)")
RESIDUAL = "derived: WEO World minus United States, China, Europe, Canada and South Korea"

# Published 2022 year-end capacities (GW) used to calibrate capacity factors.
IRENA_PV = ("IRENA Renewable Capacity Statistics 2024 (via TaiyangNews, Mar 2024): world PV "
            "1,419 GW end-2023 less 345.5 GW added in 2023 = 1,073.5 GW end-2022")
CAP22 = {
    "Solar PV": {
        "World": (1073.5, IRENA_PV),
        "China": (392.0, "IRENA Renewable Capacity Statistics 2023 (via pv magazine, 23 Mar 2023)"),
        "United States": (111.0, "IRENA Renewable Capacity Statistics 2023 (via pv magazine)"),
    },
    "Wind": {
        "World": (906.0, "GWEC Global Wind Report 2023: 906 GW end-2022"),
        "China": (365.0, "CWEA via IEA Wind TCP: 365 GW grid-connected end-2022"),
        "United States": (143.28, "FERC Energy Infrastructure Update (Feb 2023): 143.28 GW"),
        "Europe": (255.0, "WindEurope, Wind energy in Europe 2022 statistics: 255 GW"),
    },
    "Nuclear": {
        "World": (417.0, "IEA WEO 2023 (via World Nuclear Association, 26 Oct 2023): 417 GW"),
        "United States": (95.5, "US EIA Nuclear explained: 95.5 GW net summer end-2021"),
        "China": (53.2, "US EIA (2024): 55 reactors, 53.2 GW net (April 2024)"),
    },
}
# Offshore wind end-2022 (GW): GWEC Global Offshore Wind Report 2024 end-2023 stock less 2023
# additions (world 75.2-10.8; China 38-6.3; Europe 34-3.8); US 42 MW (GWEC 2024).
OFFSHORE22 = {"World": 75.2 - 10.8, "China": 38.0 - 6.3, "Europe": 34.0 - 3.8,
              "United States": 0.042}
# GWEC outlook: 487 GW offshore by end-2033 (GOWR 2024); world wind 906 GW end-2022 + 1,221 GW
# added 2023-2030 (GWR 2023) + 3 x 158 GW/yr (GWEC 2024-28 average, assumed held to 2033).
OFFSHORE_SHARE_2033 = 487.0 / (906.0 + 1221.0 + 3 * 158.0)

# Canada (GW unless stated)
CA_SOLAR22 = 0.81 + 0.81 / 0.259  # CanREA 2022: +810 MW = +25.9%
CA_WIND22 = 1.0 + 1.0 / 0.071  # CanREA 2022: +1 GW = +7.1%
CA_NUCLEAR = 13.5  # 19 reactors, 13.5 GW net (Wikipedia 'Nuclear power in Canada'; CNA)
CA_GEN22 = 636.2  # TWh, Statistics Canada, Electricity supply and disposition 2022
CA_NUC_SHARE = 0.146  # nuclear share of Canada's generation in 2020 (Wikipedia, CER data)
# Korea
KR_SOLAR22 = 20.9  # IRENA RCS 2023 (pv magazine top-10 list)
KR_NUCLEAR = {2022: 24.7, 2036: 31.7}  # WNA Korea performance report 2023 (10th plan draft)
KR_GEN22, KR_NUC_GEN22 = 594.392, 176.054  # TWh, KEPCO via Dong-A Ilbo (15 Feb 2023)
KR_WIND_SHARE_2036 = 0.3  # solar:wind about 7:3 in 2036 (10th Basic Plan, reference file)
KR_DEMAND_GROWTH = 0.018  # 11th Basic Plan: peak demand grows 1.8%/yr to 2038 (reference file)
# World anchors for NZE (not in the WEO free dataset)
NZE_SOLAR_2030 = 5.0  # Net Zero Roadmap 2023: PV capacity fivefold from 2022 by 2030 (reference)
NZE_NUCLEAR_2050 = 916.0  # GW, WEO 2023 NZE (via WNA, 26 Oct 2023)
NZE_GEN = {2030: 37723.0, 2050: 73232.0}  # TWh, IEA NZE (WEO 2022), via Jaeger-Waldau (2023)
# Electricity networks and electrolysers
GRID_KM22 = 80e6  # IEA (2023) Electricity Grids: 80 M km added/refurbished by 2040 = today's grid
H2_LHV, H2_EFF, H2_CF = 33.33, 0.65, 0.50  # kWh/kg LHV; system efficiency (LHV); capacity factor
H2_SEC = H2_LHV / H2_EFF  # kWh per kg of hydrogen
MT_PER_GW = H2_CF * 8760 / H2_SEC / 1000  # GW x h / (kWh/kg) = kt ... / 1000 = Mt/yr
GHR_CHINA = {2022: 0.30, 2023: 0.55, 2024: 0.70}  # China share of world electrolysers (IEA GHR)
GHR_2024 = {"Europe": 0.15, "United States": 0.06}  # GHR 2024 shares if projects on time

GEN_TECH = {"Solar PV": "Solar PV", "Wind": "Wind", "Nuclear": "Nuclear", "Total": "Total"}
SCEN_REF = {"STEPS": "STEPS (WEO2023)", "APS": "APS (WEO2023)"}


def weo_generation(ref: Path) -> pd.DataFrame:
    """WEO 2023 generation (TWh) as tech, region, scen, year, value; years <= 2022 = History."""
    d = pd.read_csv(ref / "cleantech" / "deployment_pathways.csv")
    d = d[d.unit.str.startswith("TWh") & d.technology.str.startswith("Electricity generation")]
    d = d.assign(tech=d.technology.str.replace("Electricity generation: ", ""),
                 scen=d.scenario.map({v: k for k, v in SCEN_REF.items()}),
                 year=d.year.astype(int), value=d.value.astype(float))
    d.loc[d.year <= 2022, "scen"] = "History"
    return d[["tech", "region", "scen", "year", "value"]]


def lookup(g: pd.DataFrame, tech: str, region: str, scen: str, year: int) -> float:
    scen = "History" if year <= 2022 else scen
    v = g[(g.tech == tech) & (g.region == region) & (g.scen == scen) & (g.year == year)].value
    if len(v) != 1:
        raise KeyError((tech, region, scen, year))
    return float(v.iloc[0])


def interp(points: dict[int, float], year: int) -> float:
    xs = sorted(points)
    return float(np.interp(year, xs, [points[x] for x in xs]))


def main(ref: Path) -> None:
    g = weo_generation(ref)
    dp = pd.read_csv(ref / "cleantech" / "deployment_pathways.csv")
    rows: list[dict] = []

    def add(tech, scen, region, year, value, unit, source, conf):
        rows.append(dict(technology=tech, scenario=scen, region=region, year=int(year),
                         value=round(float(value), 4), unit=unit, source=source, confidence=conf))

    hist_years, anchors = [2021, 2022], [2030, 2050]
    slots = [("History", y) for y in hist_years] + [(s, y) for s in SCENARIOS for y in anchors]

    # --- capacity factors -------------------------------------------------------------
    cf, cf_note = {}, {}
    calibrated = {"Solar PV": ["United States", "China"],
                  "Wind": ["United States", "China", "Europe"],
                  "Nuclear": ["United States", "China"]}
    extra_cap = {"Nuclear": {"South Korea": KR_NUCLEAR[2022], "Canada": CA_NUCLEAR}}
    extra_gen = {"Nuclear": {"South Korea": KR_NUC_GEN22, "Canada": CA_NUC_SHARE * CA_GEN22}}
    for tech, caps in CAP22.items():
        world_gen = lookup(g, tech, "World", "History", 2022)
        cf[tech, "World"] = world_gen / (HOURS * caps["World"][0])
        cf_note[tech, "World"] = f"{world_gen:.0f} TWh / (8.76 x {caps['World'][0]:g} GW)"
        rest_gen, rest_cap = world_gen, caps["World"][0]
        for r in calibrated[tech]:
            gen_r = lookup(g, tech, r, "History", 2022)
            cf[tech, r] = gen_r / (HOURS * caps[r][0])
            cf_note[tech, r] = (f"CF {cf[tech, r]:.3f} = WEO 2022 {gen_r:.0f} TWh / (8.76 x "
                                f"{caps[r][0]:g} GW, {caps[r][1]})")
            rest_gen, rest_cap = rest_gen - gen_r, rest_cap - caps[r][0]
        for r, cap in extra_cap.get(tech, {}).items():
            cf[tech, r] = extra_gen[tech][r] / (HOURS * cap)
            cf_note[tech, r] = f"CF {cf[tech, r]:.3f} from national 2022 generation and capacity"
            rest_gen, rest_cap = rest_gen - extra_gen[tech][r], rest_cap - cap
        cf[tech, "group"] = rest_gen / (HOURS * rest_cap)
        cf_note[tech, "group"] = (f"CF {cf[tech, 'group']:.3f} = (World minus calibrated regions) "
                                  f"{rest_gen:.0f} TWh / (8.76 x {rest_cap:.1f} GW), 2022")

    def cf_of(tech, region):
        return cf.get((tech, region), cf[tech, "group"])

    # World NZE / APS ratios of output (TWh or Mt), per technology and anchor year
    ratio = {}
    for y in anchors:
        total = NZE_GEN[y] / lookup(g, "Total", "World", "APS", y)
        ratio["Total", y] = total
        ratio["Wind", y] = total
    nze_pv_2030 = NZE_SOLAR_2030 * CAP22["Solar PV"]["World"][0] * HOURS * cf["Solar PV", "World"]
    ratio["Solar PV", 2030] = nze_pv_2030 / lookup(g, "Solar PV", "World", "APS", 2030)
    ratio["Solar PV", 2050] = ratio["Total", 2050]
    ratio["Nuclear", 2030] = ratio["Total", 2030]
    ratio["Nuclear", 2050] = (NZE_NUCLEAR_2050 * HOURS * cf["Nuclear", "World"]
                              / lookup(g, "Nuclear", "World", "APS", 2050))
    ratio_note = {
        "Total": "World NZE total generation (IEA NZE in WEO 2022, via Jaeger-Waldau 2023: "
                 "37,723 TWh 2030, 73,232 TWh 2050) / WEO 2023 APS World",
        "Solar PV": "2030: Net Zero Roadmap 2023 PV capacity 5 x 2022 (5 x 1,073.5 GW at world "
                    "CF) / WEO APS World; 2050: total-generation ratio",
        "Nuclear": "2030: total-generation ratio; 2050: WEO 2023 NZE 916 GW at world CF / WEO "
                   "APS World",
    }
    ratio_note["Wind"] = ratio_note["Total"]

    def world_out(tech, scen, year):
        """World output (TWh) for tech in scen/year, NZE derived from APS by ratio."""
        if year <= 2022 or scen != "NZE":
            return lookup(g, tech, "World", scen, year)
        return lookup(g, tech, "World", "APS", year) * ratio[tech, year]

    def weo_region(tech, region, scen, year):
        if year <= 2022 or scen != "NZE":
            return lookup(g, tech, region, scen, year)
        return lookup(g, tech, region, "APS", year) * ratio[tech, year]

    def world_ratio(tech, scen, year):
        """World scen/APS output ratio, interpolated linearly between 2030 and 2050."""
        if scen == "APS":
            return 1.0
        pts = {}
        for y in anchors:
            pts[y] = world_out(tech, scen, y) / lookup(g, tech, "World", "APS", y)
        return interp(pts, year)

    # --- Canada and Korea paths (GW, or TWh for Total) --------------------------------------
    def na_minus_us(tech, scen, year):
        return weo_region(tech, "North America", scen, year) - weo_region(
            tech, "United States", scen, year)

    nat: dict[tuple, tuple[float, str, str]] = {}  # (tech, region, scen, year) -> value, src, conf
    ca_solar_src = f"CanREA year-end data 2022: 810 MW added = +25.9%, so {CA_SOLAR22:.2f} GW"
    nat["Solar PV", "Canada", "History", 2022] = (CA_SOLAR22, "derived: " + ca_solar_src,
                                                  "medium")
    for scen in SCENARIOS:
        for y in anchors:
            grow = canada_wind_gw(dp, scen, y) / CA_WIND22
            nat["Solar PV", "Canada", scen, y] = (
                CA_SOLAR22 * grow,
                f"assumption: Canada solar grows like Canada's wind stock in the same CAwindMFA "
                f"scenario ({grow:.2f}x 2022 by {y}; "
                + ("GCAM SSP2" if scen == "STEPS" else "CER Global Net-zero")
                + f"); 2022 {ca_solar_src}; WEO North America minus US is dominated by Mexico "
                "for solar, so it is not used", "low (assumption)")
    ca_base = {"Nuclear": (CA_NUCLEAR, "19 reactors, 13.5 GW net (Wikipedia 'Nuclear power in "
                                       "Canada'; CNA: 19 operable reactors)"),
               "Total": (CA_GEN22, "Statistics Canada (2023), Electricity supply and "
                                   "disposition 2022: 636.2 TWh")}
    for tech, (base, src) in ca_base.items():
        nat[tech, "Canada", "History", 2022] = (base, src, "medium (national statistics)")
        for scen in SCENARIOS:
            for y in anchors:
                weo_scen = "APS" if scen == "NZE" else scen
                v = base * na_minus_us(tech, weo_scen, y) / na_minus_us(tech, weo_scen, 2022)
                rule = (f"derived: Canada 2022 ({src}) x WEO 2023 (North America minus United "
                        f"States) {tech} generation {y}/2022, {weo_scen}")
                if scen == "NZE":
                    rt = world_ratio(tech, "NZE", y)
                    v *= rt
                    rule += f"; x World NZE/APS ratio {rt:.3f} ({ratio_note[tech]})"
                nat[tech, "Canada", scen, y] = (v, rule, "low (Canada follows Canada+Mexico "
                                                         "in WEO)")
    # Korea
    kr_sw = {2022: 23.0, 2030: 72.0, 2038: 115.5}
    kr_sw[2050] = kr_sw[2038] + 12 * (kr_sw[2038] - kr_sw[2030]) / 8
    kr_wind_share = {2022: (23.0 - KR_SOLAR22) / 23.0, 2036: KR_WIND_SHARE_2036, 2050: 0.3}
    kr_src = ("Korea 11th Basic Plan working draft (Shin & Kim): solar+wind 23 GW 2022, 72 GW "
              "2030, 115.5 GW 2038")
    kr_years = [2030, 2038, 2050]
    kr_nuc = {**KR_NUCLEAR, 2038: KR_NUCLEAR[2036] + 2.8 + 0.7}
    kr_nuc[2030] = interp(KR_NUCLEAR, 2030)
    kr_nuc[2050] = kr_nuc[2038]
    nat["Solar PV", "South Korea", "History", 2022] = (
        KR_SOLAR22, "IRENA Renewable Capacity Statistics 2023 (via pv magazine): 20.9 GW", "high")
    nat["Wind", "South Korea", "History", 2022] = (
        23.0 - KR_SOLAR22, f"derived: solar+wind 23 GW ({kr_src}) minus solar 20.9 GW (IRENA)",
        "medium")
    nat["Nuclear", "South Korea", "History", 2022] = (
        KR_NUCLEAR[2022], "World Nuclear Association, World Nuclear Performance Report 2023, "
        "South Korea: 24.7 GWe in 2022", "high")
    nat["Total", "South Korea", "History", 2022] = (
        KR_GEN22, "KEPCO December 2022 power statistics (via Dong-A Ilbo): 594,392 GWh", "high")
    for y in kr_years:
        sw, ws = interp(kr_sw, y), interp(kr_wind_share, y)
        aps = {"Solar PV": sw * (1 - ws), "Wind": sw * ws,
               "Total": KR_GEN22 * (1 + KR_DEMAND_GROWTH) ** (y - 2022)}
        how = {"Solar PV": f"solar = solar+wind x (1 - wind share {ws:.2f})",
               "Wind": f"wind = solar+wind x wind share {ws:.2f}",
               "Total": "594.4 TWh (2022, KEPCO) grown 1.8%/yr (11th Basic Plan peak-demand "
                        "growth, assumption: applies to generation and continues to 2050)"}
        sw_how = (f"{kr_src}" + ("; 2050 assumption: 2030-2038 pace (5.44 GW/yr) continued"
                                 if y == 2050 else "") + "; wind share of solar+wind linear "
                  "from 0.09 (2022) to 0.30 in 2036 (10th Basic Plan solar:wind about 7:3), held")
        for tech, v in aps.items():
            base = how[tech] + ("" if tech == "Total" else "; " + sw_how)
            for scen in SCENARIOS:
                rt = world_ratio(tech, scen, y)
                src = ("assumption: Korea plan = APS; " if scen == "APS" else
                       f"derived: Korea APS x World {scen}/APS ratio {rt:.3f} (interpolated "
                       "2030-2050); Korea APS = ") + base
                nat[tech, "South Korea", scen, y] = (v * rt, src, "medium (national plan)"
                                                     if scen == "APS" else "low (derived)")
        for scen in SCENARIOS:
            src = ("derived: 24.7 GW (2022) + 10th Basic Plan draft 31.7 GW in 2036 (WNA) + "
                   "11th Basic Plan 2.8 GW large + 0.7 GW SMR by 2038 (KBS World) = 35.2 GW; "
                   "2030 interpolated; assumption: 2050 held at 2038 level (extensions offset "
                   "retirements); same path in every scenario (national build plan)")
            nat["Nuclear", "South Korea", scen, y] = (kr_nuc[y], src, "medium")

    def national_twh(tech, region, scen, year):
        v = nat[tech, region, "History" if year <= 2022 else scen, year][0]
        return v if tech == "Total" else v * HOURS * cf_of(tech, region)

    # --- generators -----------------------------------------------------------------------
    gen_rows: dict[tuple, float] = {}  # (tech, region, scen, year) -> GW (or TWh for Total)
    for tech in ["Solar PV", "Wind", "Nuclear", "Total"]:
        for scen, y in slots + [(s, 2038) for s in SCENARIOS]:
            years_ok = (y != 2038)
            w = world_out(tech, scen, y) if years_ok else None
            named = 0.0
            for r in ["United States", "China", "Europe"]:
                if not years_ok:
                    break
                twh = weo_region(tech, r, scen, y)
                gen_rows[tech, r, scen, y] = twh if tech == "Total" else twh / (
                    HOURS * cf_of(tech, r))
                named += twh
            for r in ["Canada", "South Korea"]:
                key = (tech, r, "History" if y <= 2022 else scen, y)
                if key in nat:
                    gen_rows[tech, r, scen, y] = nat[key][0]
            if not years_ok:
                continue
            ca_y = y if (tech, "Canada", scen if y > 2022 else "History", y) in nat else None
            kr_y = y
            if tech == "Wind":  # Canada wind from CAwindMFA (rows written below)
                gen_rows[tech, "Canada", scen, y] = canada_wind_gw(dp, scen, y)
                ca_twh = canada_wind_gw(dp, scen, y) * HOURS * cf_of("Wind", "Canada")
            elif ca_y is None:
                ca_twh = national_twh(tech, "Canada", scen, 2022)
            else:
                ca_twh = national_twh(tech, "Canada", scen, ca_y)
            if (tech, "South Korea", "History" if y <= 2022 else scen, kr_y) in nat:
                kr_twh = national_twh(tech, "South Korea", scen, kr_y)
            else:  # 2021: Korea held at its 2022 value
                kr_twh = national_twh(tech, "South Korea", scen, 2022)
            rest = w - named - ca_twh - kr_twh
            if rest < 0:
                raise ValueError(f"negative Rest of World {tech} {scen} {y}: {rest}")
            gen_rows[tech, "Rest of World", scen, y] = rest if tech == "Total" else rest / (
                HOURS * cf_of(tech, "Rest of World"))

    # --- write generator rows ---------------------------------------------------------------
    off_share = offshore_shares(dp)
    for tech in ["Solar PV", "Nuclear", "Wind"]:
        for (t, r, scen, y), gw in sorted(gen_rows.items()):
            if t != tech or (y == 2038 and r != "South Korea") or (y == 2021 and r in (
                    "Canada", "South Korea")):
                continue
            scen_out = "History" if y <= 2022 else scen
            if (scen_out == "History" and scen != "History") or (tech, r) == ("Wind", "Canada"):
                continue
            src, conf = gen_source(tech, r, scen_out, y, nat, cf_note, cf_of, ratio_note,
                                   ratio, world_ratio)
            if tech != "Wind":
                add(tech, scen_out, r, y, gw, "GW", src, conf)
                continue
            s = off_share(r, scen_out, y)
            split = (f"; offshore share {s[0]:.3f} ({s[1]})")
            add("Wind Onshore", scen_out, r, y, gw * (1 - s[0]), "GW", src + split, conf)
            add("Wind Offshore", scen_out, r, y, gw * s[0], "GW", src + split,
                conf + "; offshore split low")
    canada_wind_rows(dp, add)

    # --- electrolysers ----------------------------------------------------------------------
    sw_share = {}
    for scen, y in [("History", 2022)] + [(s, y) for s in SCENARIOS for y in anchors]:
        tot = {r: twh_of(gen_rows, "Solar PV", r, scen, y, cf_of)
               + twh_of(gen_rows, "Wind", r, scen, y, cf_of) for r in REGIONS}
        s = sum(tot.values())
        sw_share[scen, y] = {r: v / s for r, v in tot.items()}
    hist = dp[dp.technology == "Electrolysers (water electrolysis)"]
    hist = hist[hist.scenario.str.startswith("Historical")]
    world_gw = {int(y): float(v) for y, v in zip(hist.year, hist.value, strict=True)}
    base_share = sw_share["History", 2022]
    for y in (2022, 2023, 2024):
        fixed = {"China": GHR_CHINA[y], **(GHR_2024 if y == 2024 else {})}
        free = [r for r in REGIONS if r not in fixed]
        left = 1 - sum(fixed.values())
        norm = sum(base_share[r] for r in free)
        for r in REGIONS:
            sh = fixed.get(r, left * base_share.get(r, 0) / norm)
            how = ("IEA Global Hydrogen Review (2023: China 30% of 2022 capacity; 2024: China "
                   "55% of 2023, ~70% of 2024, Europe 15%, US 6%)" if r in fixed else
                   f"assumption: remaining {left:.0%} split by 2022 solar+wind generation share")
            add("Electrolysers", "History", r, y, world_gw[y] * sh, "GW",
                f"derived: world {world_gw[y]:g} GW (IEA Global Hydrogen Review 2024, reference "
                f"file) x regional share {sh:.3f} ({how})",
                "high (world); low (regional split)" if r not in fixed else "medium")
    h2 = dp[dp.technology == "Hydrogen production: Water electrolysis"]
    for scen in SCENARIOS:
        for y in anchors:
            mt = float(h2[(h2.scenario == f"{scen} (WEO2023)") & (h2.year == str(y))].value.iloc[0])
            for r in REGIONS:
                sh = sw_share[scen, y][r]
                add("Electrolysers", scen, r, y, mt * sh, "Mt/yr",
                    f"derived: IEA WEO 2023 free dataset World hydrogen from water electrolysis "
                    f"{mt:.2f} Mt ({scen}) x regional share of World solar PV + wind generation "
                    f"{sh:.3f} (assumption: electrolysis follows cheap variable renewables)",
                    "medium (world output); low (regional split)")

    # --- electricity networks ----------------------------------------------------------------
    km_per_twh = GRID_KM22 / lookup(g, "Total", "World", "History", 2022)
    for (t, r, scen, y), twh in sorted(gen_rows.items()):
        if t != "Total" or (y == 2038 and r != "South Korea") or (
                y == 2021 and r in ("Canada", "South Korea")):
            continue
        scen_out = "History" if y <= 2022 else scen
        if scen_out == "History" and scen != "History":
            continue
        add("Electricity Networks", scen_out, r, y, twh * km_per_twh, "km",
            f"assumption: circuit km proportional to total electricity generation, "
            f"{km_per_twh:.0f} km/TWh = about 80 million km of existing grid (IEA 2023, "
            f"Electricity Grids and Secure Energy Transitions, executive summary) / WEO 2023 World "
            f"2022 generation 29,033 TWh; generation {twh:.0f} TWh from: "
            + gen_source("Total", r, scen_out, y, nat, cf_note, cf_of, ratio_note, ratio,
                         world_ratio)[0],
            "low (rule of thumb; the IEA gives only world totals)")

    out = pd.DataFrame(rows).sort_values(["technology", "region", "scenario", "year"])
    out = out.drop_duplicates(["technology", "scenario", "region", "year"])
    assert (out.value >= 0).all()
    out.to_csv(OUT / "cleantech_deployment.csv", index=False)
    technology_table(cf, cf_note).to_csv(OUT / "cleantech_technology.csv", index=False)
    check(out, g, world_out, cf_of, ratio)


def canada_wind_gw(dp: pd.DataFrame, scen: str, year: int) -> float:
    """Canada onshore + offshore wind GW: CanREA (History), CAwindMFA scenarios otherwise."""
    if year <= 2022:
        return CA_WIND22
    total = 0.0
    for tech in ("Wind onshore", "Wind offshore"):
        total += canada_series(dp, tech, scen)[year]
    return total


def canada_series(dp: pd.DataFrame, tech: str, scen: str) -> dict[int, float]:
    name = ("GCAM SSP2 reference (as used in CAwindMFA)" if scen == "STEPS" else
            "Canada Energy Regulator Global Net-zero (as used in CAwindMFA)")
    d = dp[(dp.technology == tech) & (dp.scenario == name) & (dp.region == "Canada")]
    return {int(y): float(v) for y, v in zip(d.year, d.value, strict=True)}


def canada_wind_rows(dp: pd.DataFrame, add) -> None:
    cite = "Jiang et al. (2024) CAwindMFA, input_data/Wind_data.xls"
    add("Wind Onshore", "History", "Canada", 2022, CA_WIND22, "GW",
        f"derived: CanREA year-end data 2022: +1 GW = +7.1%, so {CA_WIND22:.1f} GW", "medium")
    add("Wind Offshore", "History", "Canada", 2022, 0.0, "GW",
        "CanREA 2022: no offshore wind in Canada", "high")
    for scen in SCENARIOS:
        for tech, out in (("Wind onshore", "Wind Onshore"), ("Wind offshore", "Wind Offshore")):
            for y, v in canada_series(dp, tech, scen).items():
                if y < 2025:
                    continue
                src = (f"{cite}: GCAM SSP2 reference (taken as STEPS)" if scen == "STEPS" else
                       f"{cite}: Canada Energy Regulator Global Net-zero (taken as {scen}; "
                       "assumption: Canada's net-zero case stands for both APS and NZE)")
                add(out, scen, "Canada", y, v, "GW", src, "medium (published model scenario)")


def offshore_shares(dp: pd.DataFrame):
    """Function (region, scenario, year) -> (offshore share of wind GW, explanation)."""
    world22 = OFFSHORE22["World"] / CAP22["Wind"]["World"][0]
    rise = OFFSHORE_SHARE_2033 - world22
    kr_off = world22 * nat_kr_wind()
    rest_gw = (CAP22["Wind"]["World"][0] - sum(CAP22["Wind"][r][0] for r in
               ("China", "United States", "Europe")) - CA_WIND22 - nat_kr_wind())
    rest_off = OFFSHORE22["World"] - OFFSHORE22["China"] - OFFSHORE22["Europe"] - OFFSHORE22[
        "United States"] - kr_off
    base = {"China": OFFSHORE22["China"] / CAP22["Wind"]["China"][0],
            "Europe": OFFSHORE22["Europe"] / CAP22["Wind"]["Europe"][0],
            "South Korea": world22, "Rest of World": rest_off / rest_gw}
    nrel = {}
    for scen, name in (("STEPS", "NREL StdScen24 Mid_Case"),
                       ("APS", "NREL StdScen24 Mid_Case_95by2050")):
        d = dp[(dp.scenario == name) & (dp.unit == "GW installed (stock)")]
        on = d[d.technology == "Wind onshore"].set_index("year").value.astype(float)
        off = d[d.technology == "Wind offshore"].set_index("year").value.astype(float)
        share = (off / (on + off)).rename(index=int)
        nrel[scen] = {int(k): float(v) for k, v in share.items()}
    nrel["NZE"] = nrel["APS"]
    gwec = (f"GWEC: world offshore {OFFSHORE22['World']:.1f} of 906 GW end-2022; GWEC outlook "
            f"487 GW offshore by 2033 of about 2,600 GW wind = {OFFSHORE_SHARE_2033:.3f}")

    def share(region, scen, year):
        if region == "United States":
            if year <= 2022:
                return (OFFSHORE22["United States"] / CAP22["Wind"]["United States"][0],
                        "GWEC: 42 MW US offshore end-2023 (held for 2022)")
            pts = nrel[scen]
            return (interp(pts, year), "NREL Standard Scenarios 2024 "
                    + ("Mid_Case" if scen == "STEPS" else "Mid_Case_95by2050")
                    + " offshore/(onshore+offshore) stock, interpolated")
        s0 = base[region]
        note = {"China": "GWEC China 31.7 GW offshore end-2022 / 365 GW",
                "Europe": "GWEC Europe 30.2 GW offshore end-2022 / 255 GW (WindEurope)",
                "South Korea": "assumption: 2022 share = world share",
                "Rest of World": "derived: world offshore minus China, Europe, US, Korea over "
                                 "Rest-of-World wind"}[region]
        if year <= 2022:
            return s0, note
        step = min(1.0, (year - 2022) / (2033 - 2022))
        return (s0 + rise * step, f"{note}; assumption: + {rise:.3f} by 2033 (world rise in "
                f"GWEC outlook, {gwec}), held after")

    return share


def nat_kr_wind() -> float:
    return 23.0 - KR_SOLAR22


def twh_of(gen_rows, tech, region, scen, year, cf_of) -> float:
    key = (tech, region, scen, year)
    if key not in gen_rows:
        return 0.0
    return gen_rows[key] * HOURS * cf_of(tech, region)


def gen_source(tech, region, scen, year, nat, cf_note, cf_of, ratio_note, ratio, world_ratio):
    """Source and confidence text of one generator (or total-generation) row."""
    if region in ("Canada", "South Korea"):
        return nat[tech, region, scen, year][1:]
    unit_note = "" if tech == "Total" else (
        f" / (8.76 x CF {cf_of(tech, region):.3f}; "
        + cf_note.get((tech, region), cf_note[tech, "group"]) + ")")
    weo_scen = "APS" if scen == "NZE" else scen
    if region == "Rest of World":
        base = f"{RESIDUAL} (generation, {weo_scen if scen != 'History' else 'history'} {year})"
        conf = "medium (residual)"
    else:
        base = "derived: " + WEO.format(tech=tech, region=region, scen=weo_scen
                                        if scen != "History" else "2021-2022 history")
        base += WEO_EUROPE if region == "Europe" else ""
        conf = "high (IEA generation); medium (capacity factor held at 2022)"
    if scen == "NZE":
        base += (f" x World NZE/APS ratio {ratio[tech, year]:.3f} ({ratio_note[tech]}; "
                 "assumption: region scales like World)")
        conf = "low (NZE not published by region)"
    return base + unit_note, conf


def technology_table(cf, cf_note) -> pd.DataFrame:
    def row(tech, unit, out_unit, per, src, conf):
        return dict(technology=tech, unit=unit, output_unit=out_unit,
                    output_per_unit=per if per == "" else round(per, 4), source=src,
                    confidence=conf)

    calib = ("fleet capacity factor calibrated on 2022: IEA WEO 2023 free dataset World "
             "generation 2022 {note}; output_per_unit = CF x 8.76 TWh/GW-yr = {per:.3f}")
    wind = cf["Wind", "World"] * HOURS
    rows = [
        row("Solar PV", "GW", "TWh/yr", cf["Solar PV", "World"] * HOURS,
            calib.format(note=cf_note["Solar PV", "World"] + f" ({IRENA_PV}) = CF "
                         f"{cf['Solar PV', 'World']:.3f}", per=cf["Solar PV", "World"] * HOURS),
            "medium (world fleet factor; regional factors differ: US and China in the "
            "deployment table's sources; IRENA capacity mixes AC and DC reporting)"),
        row("Wind Onshore", "GW", "TWh/yr", wind,
            calib.format(note=cf_note["Wind", "World"] + " (GWEC Global Wind Report 2023) = CF "
                         f"{cf['Wind', 'World']:.3f}", per=wind)
            + "; onshore and offshore not separated (offshore 7% of the 2022 stock)",
            "medium (onshore+offshore fleet factor; offshore factors are higher)"),
        row("Wind Offshore", "GW", "TWh/yr", wind,
            calib.format(note=cf_note["Wind", "World"] + " (GWEC Global Wind Report 2023) = CF "
                         f"{cf['Wind', 'World']:.3f}", per=wind)
            + "; same onshore+offshore fleet factor (no separate published 2022 offshore "
            "generation found)", "low (offshore fleet factor understated)"),
        row("Nuclear", "GW", "TWh/yr", cf["Nuclear", "World"] * HOURS,
            calib.format(note=cf_note["Nuclear", "World"] + " (IEA WEO 2023 capacity 417 GW, "
                         "via World Nuclear Association) = CF "
                         f"{cf['Nuclear', 'World']:.3f}", per=cf["Nuclear", "World"] * HOURS),
            "medium (IEA capacity counts idle Japanese reactors; US fleet runs at about 0.93)"),
        row("Electrolysers", "GW", "Mt/yr", MT_PER_GW,
            f"assumption: Mt H2/yr per GW of electrical input = CF {H2_CF} x 8,760 h / "
            f"{H2_SEC:.1f} kWh/kg / 1,000 = {MT_PER_GW:.4f} (1 GW x 8,760 h x CF = GWh; GWh / "
            "(kWh/kg) = kt; / 1,000 = Mt); 51.3 kWh/kg = LHV 33.33 kWh/kg / 65% system "
            "efficiency (IEA Future of Hydrogen 2019: alkaline 63-70% LHV); CF 0.5 assumed "
            "(renewable-coupled plants with some firming)",
            "low (capacity factor is an assumption; 0.3 to 0.7 spans published cases)"),
        row("Electricity Networks", "km", "", "",
            "circuit km of transmission and distribution lines; no output conversion "
            "(stock in km is given directly)", "n/a"),
    ]
    return pd.DataFrame(rows)


def check(out: pd.DataFrame, g, world_out, cf_of, ratio) -> None:
    tech_cf = {"Solar PV": "Solar PV", "Wind Onshore": "Wind", "Wind Offshore": "Wind",
               "Nuclear": "Nuclear"}
    print("check: six regions (TWh at each region's factor) against WEO World generation")
    worst = 0.0
    for (scen, year), grp in out[out.technology.isin(tech_cf)].groupby(["scenario", "year"]):
        if year not in (2022, 2030, 2050):
            continue
        for tech in ("Solar PV", "Wind", "Nuclear"):
            part = grp[grp.technology.map(tech_cf) == tech]
            twh = sum(v * HOURS * cf_of(tech, r) for r, v in zip(part.region, part.value,
                                                                  strict=True))
            w = world_out(tech, "STEPS" if scen == "History" else scen, year)
            worst = max(worst, abs(twh / w - 1))
            print(f"  {tech:9s} {scen:7s} {year}: regions {twh:9.0f} TWh, World {w:9.0f} TWh")
    print(f"  largest relative gap {worst:.2e}")
    print("World stock (sum of regions, linear between anchors; Mt/yr as GW at "
          f"{MT_PER_GW:.4f} Mt/yr per GW)")
    stock = out.assign(value=np.where(out.unit == "Mt/yr", out.value / MT_PER_GW, out.value))
    years = [2022, 2030, 2040, 2050]
    table = []
    for (tech, scen), grp in stock[stock.scenario != "History"].groupby(["technology",
                                                                         "scenario"]):
        total = np.zeros(len(years))
        for region in REGIONS:
            hist = stock[(stock.technology == tech) & (stock.scenario == "History")
                         & (stock.region == region)]
            path = pd.concat([hist, grp[grp.region == region]]).sort_values("year")
            total += np.interp(years, path.year, path.value)
        values = {str(y): v for y, v in zip(years, total, strict=True)}
        table.append(dict(technology=tech, scenario=scen, **values))
    with pd.option_context("display.width", 120, "display.float_format", "{:,.0f}".format):
        print(pd.DataFrame(table).to_string(index=False))

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/reference"))
