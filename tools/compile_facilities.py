"""Compile corridor's facility registry from the public reference files (developer tool).

Reads ``../shared/reference/corridor/facilities_canada.csv`` (32 rows) and
``facilities_korea.csv`` (82 rows), checks ``SOURCES.md`` still describes them, and writes
``src/corridor/data/facilities.csv`` and the ``facilities`` resource of
``datapackage.json`` (only that resource; the file is re-read right before it is written).
The product and its tests never read ``../shared``; only this tool does::

    python tools/compile_facilities.py ../shared/reference

Every reference row must have a curation entry below (a new or renamed reference row stops
the tool), and every entry must be used. Names, owners, places, investment, jobs and source
URLs carry over from the reference; the judgement calls are written here, row by row:

Rules applied throughout
    * ``id`` is the ISO code of the facility's country and three digits, assigned here once
      so that ids stay stable when rows are added.
    * A phase with its own capacity, year or status gets its own row and id
      (``25000 (2026) -> 63000 (2027)`` becomes 25,000 t and a further 38,000 t).
    * Ranges of years take the first stated year; "up to" capacities are kept as stated and
      called an upper bound in ``confidence``; "derived" figures say how they were derived.
    * ``in_capacity`` is ``false`` when the row has no published capacity, no start year
      (other than an operating plant whose first year was not found), or makes something
      outside the battery chain (zinc, scandium, all-powertrain car plants): such rows are
      listed, never summed, and their ``confidence`` says why.
    * Status wording is mapped to one of six statuses: "permitting", "feasibility",
      "development" and "pre-FID" are *announced*; "on hold", "postponed", "delayed" and
      "suspended" are *paused*; a project whose owner is bankrupt and whose government
      partners have withdrawn is *cancelled*; funded work whose construction progress is not
      confirmed is *committed*.
    * Four Korean-file rows repeat Canadian-file rows (F040 NextStar, F058 Ultium CAM, F059
      EcoPro CAM Canada, F065 Volta); they are merged into the Canadian row, keeping their
      extra sources.
    * ``confidence`` is high / medium / low with the reason in our words; sources added in
      this compilation (web pages found to verify a status or fill a gap) are cited with
      publisher, date and URL after the reference's URLs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corridor.supply.facilities import (  # noqa: E402
    COLUMNS,
    STAGES,
    STATUSES,
    UNITS,
    validate_facilities,
)

OUT = ROOT / "src" / "corridor" / "data"
PROVINCES = {"ON": "Ontario", "QC": "Quebec", "NL": "Newfoundland and Labrador",
             "MB": "Manitoba", "BC": "British Columbia", "QC/NL": "Quebec"}
CURRENCIES = ("CAD", "USD", "KRW", "EUR")


def row(fid, stage, product, capacity, unit, start, status, date, confidence, **extra):
    """One curated output row (the fields that need judgement; the rest come from the
    reference row or from ``extra``)."""
    return {"id": fid, "stage": stage, "product": product, "capacity": capacity,
            "unit": unit if capacity is not None else "", "start_year": start,
            "status": status, "status_date": date, "confidence": confidence, **extra}


# --- Canadian file: key = start of the reference ``facility`` field ------------------------

CANADA = {
    "NextStar Energy": [row(
        "CA-001", "cell", "EV and ESS cells", 49.5, "GWh/yr", 2025, "operating", "2026-03-05",
        "high: nameplate and status from the company's grand-opening release (Mar 2026)",
        name="NextStar Energy battery plant",
        owners="LG Energy Solution (50%); Stellantis (50%)",
        owner_country="South Korea; Netherlands", korean_role="co-owner: LG Energy Solution",
        city="Windsor", jobs=2500,
        note="Canada's first commercial-scale cell plant; modules from Oct 2024 with imported "
             "cells, LFP ESS cells in mass production from Nov 2025 (part of the lines "
             "converted); 1,300 direct jobs by Mar 2026 of 2,500 planned")],
    "Ultium CAM (phase 1)": [
        row("CA-002", "cathode", "NCMA cathode", 30000, "t/yr", 2026, "under construction",
            "2025-10-17",
            "medium: capacity consistent across sources; start slipped from 2024 to early "
            "2026; investment figures differ by source and scope (US$393M-633M)",
            name="Ultium CAM cathode plant (phase 1)",
            owners="POSCO Future M (majority); General Motors",
            owner_country="South Korea; United States",
            korean_role="majority owner: POSCO Future M", city="Bécancour",
            investment=400_000_000, investment_currency="USD", jobs=200,
            note="High-nickel CAM for Ultium Cells; commissioning; 2022 announcement figure "
                 "used for investment"),
        row("CA-003", "precursor", "precursor (pCAM) and more CAM", None, "", None, "paused",
            "2025-10-17",
            "medium: pause reported Oct 2025; phase 2 capacity was never published, so the "
            "row is listed, not counted",
            name="Ultium CAM phase 2 (pCAM and CAM expansion)",
            owners="POSCO Future M (majority); General Motors",
            owner_country="South Korea; United States",
            korean_role="majority owner: POSCO Future M", city="Bécancour",
            investment=1_000_000_000, investment_currency="USD", jobs=None,
            note="Paused indefinitely (Oct 2025); investment 'over US$1B' (lower bound); "
                 "Vale's linked nickel-sulphate plant cancelled")],
    "EcoPro CAM Canada": [row(
        "CA-004", "cathode", "NCM cathode", 45000, "t/yr", 2027, "paused", "2025-06-10",
        "high: announced capacity and funding from several reports; restart date unknown; "
        "SK On's current share not verified",
        owners="EcoPro BM (operator); SK On", owner_country="South Korea",
        korean_role="owners: EcoPro BM, SK On", city="Bécancour",
        note="Ford left Nov 2024; construction suspended again June 2025 (US tariffs, weak EV "
             "demand); C$644M public support agreed, none disbursed by 2025")],
    "Volta Energy Solutions": [
        row("CA-005", "component", "copper foil (anode current collector)", 25000, "t/yr",
            2027, "under construction", "2024-12",
            "medium: Korean state financing to finish construction and a 2027 start reported "
            "by L'automobile (December; the year of the report is not shown, 2024 or 2025)",
            name="Volta Energy Solutions Canada copper-foil plant (phase 1)",
            owners="Solus Advanced Materials (via Volta Energy Solutions)",
            owner_country="South Korea", korean_role="owner: Solus Advanced Materials",
            city="Granby", jobs=260,
            note="Retrofit of a former copper-foil plant; start moved from 2026 to 2027; "
                 "C$750M is the whole project",
            add=["L'automobile (Dec, year not shown): Volta investit dans son usine de "
                 "Granby https://www.lautomobile.ca/fr/innovation/volta-investit-dans-son-"
                 "usine-de-granby"]),
        row("CA-006", "component", "copper foil (anode current collector)", 38000, "t/yr",
            None, "announced", "2024-12",
            "low: derived as 63,000 t target minus 25,000 t phase 1; no current date for "
            "phase 2, so listed, not counted",
            name="Volta Energy Solutions Canada copper-foil plant (phase 2)",
            owners="Solus Advanced Materials (via Volta Energy Solutions)",
            owner_country="South Korea", korean_role="owner: Solus Advanced Materials",
            city="Granby", investment=None, jobs=None,
            note="Was due 2027; now 'eventually' 63,000 t/yr in total", in_capacity=False)],
    "Canada Nickel": [row(
        "CA-007", "mine", "nickel in concentrate", 38000, "t Ni/yr", 2028, "announced",
        "2026-01-13",
        "medium: pre-construction; capacity is the feasibility-study life-of-mine average "
        "(83 Mlb/yr); start depends on financing",
        name="Crawford nickel-cobalt project",
        owners="Canada Nickel Company (Samsung SDI, Agnico Eagle shareholders)",
        owner_country="Canada",
        korean_role="Samsung SDI: 8.7% equity, option on 10% of the project, offtake",
        city="north of Timmins", investment=3_500_000_000, investment_currency="USD",
        jobs=1300,
        note="Fast-tracked under Ontario's One Project, One Process (Jan 2026); 48 kt/yr "
             "figure for the full build not used; downstream processing planned in Timmins")],
    "Electra cobalt": [row(
        "CA-008", "refining", "cobalt sulphate", 6500, "t Co/yr", 2027, "under construction",
        "2025-11-10",
        "medium: construction restarted with financing in place; 2027 commissioning is the "
        "company's target",
        name="Electra cobalt sulphate refinery", owners="Electra Battery Materials",
        owner_country="Canada", korean_role="offtake: LG Energy Solution (cobalt sulphate)",
        city="Temiskaming Shores", investment=100_000_000, jobs=None,
        note="First cobalt sulphate refinery in North America; halted 2023, restarted Nov "
             "2025; 6,500 t Co is about 32,500 t of sulphate; investment is the approximate "
             "cost to complete; over 50 jobs",
        add=["Northern Miner/Canadian Mining Journal 2026-01 https://www.canadianminingjournal"
             ".com/news/london-symposium-jv-video-electra-battery-metals-preps-cobalt-plant-"
             "construction/",
             "TipRanks 2025-11-10 https://www.tipranks.com/news/company-announcements/electra-"
             "advances-cobalt-refinery-construction-with-major-tender"])],
    "North American Lithium": [row(
        "CA-009", "mine", "spodumene concentrate", 226000, "t/yr", 2023, "operating",
        "2025-10",
        "high: nameplate target and FY2025 output from the operator's filings",
        name="North American Lithium (NAL)", owners="Elevra Lithium",
        owner_country="Australia", korean_role="offtake: LG Chem (spodumene, to mid-2028)",
        city="La Corne", investment=None, jobs=300,
        note="Restarted Mar 2023; 205 kt produced in FY2025; brownfield expansion to about "
             "315 kt/yr studied, not counted")],
    "Nemaska Lithium": [row(
        "CA-010", "refining", "lithium hydroxide", 32000, "t/yr", 2028, "under construction",
        "2026-02-18",
        "high: capacity and schedule from the owners; feed source still under review",
        name="Nemaska Lithium Bécancour hydroxide plant (with Whabouchi mine)",
        owners="Rio Tinto (53.9%); Investissement Québec (46.1%)",
        owner_country="United Kingdom; Canada", korean_role="", city="Bécancour",
        investment=2_000_000_000, jobs=200,
        note="About 60% built at end-2025; commissioning 2026, first production 2028; "
             "Whabouchi mine or Galaxy as feed to be decided")],
    "Vale Long Harbour": [row(
        "CA-011", "refining", "nickel metal (with cobalt and copper)", 50000, "t Ni/yr", 2014,
        "operating", "2024-12-03",
        "medium: design capacity from 2014-15 reports; current output per plant not "
        "published",
        owners="Vale Base Metals", owner_country="Brazil", korean_role="",
        investment=4_250_000_000, investment_currency="USD", jobs=None,
        note="Hydrometallurgical plant fed by Voisey's Bay concentrate (see CA-040)",
        add=["Vale Base Metals via Newswire 2024-12-03 https://www.newswire.ca/news-releases/"
             "vale-base-metals-complete-voisey-s-bay-transition-to-underground-mining-"
             "803490149.html",
             "CBC via Yahoo News https://ca.news.yahoo.com/vale-long-harbour-nickel-plant-"
             "181100953.html"])],
    "Vale Sudbury": [row(
        "CA-012", "refining", "nickel, cobalt, copper and PGMs", None, "", None, "operating",
        "2012",
        "low: old, undated source and no capacity found; listed, not counted",
        name="Vale Sudbury operations and Port Colborne refinery", owners="Vale Base Metals",
        owner_country="Brazil", korean_role="", city="Sudbury; Port Colborne", jobs=4000,
        note="Six mines, mill, smelter and refinery at Sudbury; electrocobalt and precious "
             "metals at Port Colborne; about 4,000 jobs at Sudbury")],
    "Vale nickel sulphate": [row(
        "CA-013", "refining", "nickel sulphate", 25000, "t/yr", None, "cancelled",
        "2025-10-17",
        "high: cancellation reported with the Ultium CAM pause; no start year was ever set, "
        "so listed, not counted",
        name="Vale nickel sulphate plant (cancelled)", owners="Vale Base Metals",
        owner_country="Brazil",
        korean_role="indirect: was to supply the Ultium CAM plant (POSCO Future M)",
        korean_link=False, city="Bécancour",
        note="Terminated after GM and POSCO paused the precursor phase")],
    "PowerCo St. Thomas": [row(
        "CA-014", "cell", "EV cells (unified cell)", 90, "GWh/yr", 2027, "under construction",
        "2025-05-15",
        "high: project confirmed; 90 GWh is the final-phase upper bound, the first phase is "
        "smaller and its size is not published",
        name="PowerCo St. Thomas gigafactory", owners="PowerCo SE (Volkswagen Group)",
        owner_country="Germany", korean_role="", city="St. Thomas", jobs=3000,
        note="Up to C$7B by 2030; production incentives up to about C$13B")],
    "Northvolt Six": [row(
        "CA-015", "cell", "EV cells", 30, "GWh/yr", 2026, "cancelled", "2025-12",
        "high: parent bankrupt (Mar 2025) and Quebec ended the partnership (Dec 2025)",
        owners="Northvolt Batteries North America (Northvolt AB, bankrupt)",
        owner_country="Sweden", korean_role="", city="McMasterville; Saint-Basile-le-Grand",
        note="Phase 1 of 30 GWh (60 GWh planned in full) with CAM and recycling; Quebec's "
             "equity written off")],
    "Honda EV value chain": [
        row("CA-016", "vehicle assembly", "EVs", 240000, "vehicles/yr", 2028, "paused",
            "2025-05-13",
            "high: ~2-year postponement announced (May 2025); a later 'indefinite suspension' "
            "report is not confirmed here",
            name="Honda EV assembly plant (Alliston retooling)", owners="Honda",
            owner_country="Japan", korean_role="", city="Alliston", jobs=1000,
            note="Part of Honda's C$15B Canadian EV value chain (investment includes "
                 "partners); 1,000 new jobs across the two main plants, 4,200 retained"),
        row("CA-017", "cell", "EV cells", 36, "GWh/yr", 2028, "paused", "2025-05-13",
            "high: size announced Apr 2024, postponement May 2025",
            name="Honda EV battery plant (Alliston)", owners="Honda", owner_country="Japan",
            korean_role="", city="Alliston", investment=None, jobs=None,
            note="Stand-alone cell plant of the postponed Honda programme",
            add=["Assembly Magazine 2024-04 https://assemblymag.com/articles/98616-honda-to-"
                 "establish-ev-value-chain-in-ontario",
                 "Japan Times 2024-04-26 https://www.japantimes.co.jp/business/2024/04/26/"
                 "companies/honda-electric-vehicle-investment-canada/"]),
        row("CA-018", "cathode", "CAM and precursor", None, "", None, "paused", "2025-05-13",
            "medium: joint venture announced Apr 2024 without capacity or site; listed, not "
            "counted",
            name="Honda-POSCO Future M cathode and precursor plant (planned)",
            owners="Honda; POSCO Future M (joint venture)",
            owner_country="Japan; South Korea", korean_link=True,
            korean_role="JV partner: POSCO Future M", city="", investment=None, jobs=None,
            note="CAM/pCAM plant of the Honda value chain; postponed with it",
            add=["Assembly Magazine 2024-04 https://assemblymag.com/articles/98616-honda-to-"
                 "establish-ev-value-chain-in-ontario",
                 "Jakota Index 2024-05 https://jakotaindex.com/top-stories/honda-and-posco-"
                 "future-m-to-establish-battery-material-plant-in-canada-as-part-of-11-"
                 "billion-ev-investment/"])],
    "Asahi Kasei": [row(
        "CA-019", "component", "battery separator film (coated)", 700, "million m2/yr", 2027,
        "under construction", "2025-05-13",
        "medium: capacity and start from the company (2024); tied to the postponed Honda "
        "programme",
        name="Asahi Kasei battery separator plant",
        owners="Asahi Kasei Battery Separator (Honda JV planned)", owner_country="Japan",
        korean_role="", city="Port Colborne", jobs=300,
        note="First Hipore wet-process plant outside Japan; groundbreaking Nov 2024; "
             "investment is the first phase",
        add=["Asahi Kasei 2024-04-25 https://asahi-kasei-mobility.com/en/news-events/asahi-"
             "kasei-to-construct-a-lithium-ion-battery-separator-plant-in-canada/"])],
    "Umicore battery": [row(
        "CA-020", "cathode", "high-nickel CAM and precursor", None, "", None, "paused",
        "2024-11",
        "high: pause confirmed; no tonnage was published (sized for about 1 million EVs a "
        "year), so listed, not counted",
        name="Umicore battery materials plant", owners="Umicore", owner_country="Belgium",
        korean_role="indirect: AESC supply moved to Umicore's Cheonan plant in Korea",
        korean_link=False, city="Loyalist Township", investment=1_900_000_000, jobs=600,
        note="Paused Jul 2024; investment is phase 1 (C$2.7-2.8B in total); public support "
             "up to C$976M not drawn")],
    "BASF CAM": [row(
        "CA-021", "cathode", "CAM (precursor, refining and recycling planned)", None, "", None,
        "paused", "2024-01-16",
        "medium: 100,000 t/yr was the site's expansion potential, not a plan; on hold, so "
        "listed without a capacity, not counted",
        name="BASF cathode and recycling site (on hold)", owners="BASF",
        owner_country="Germany", korean_role="", city="Bécancour", investment=None,
        note="BASF still 'evaluating the best location' (Jan 2024)")],
    "E-One Moli": [
        row("CA-022", "cell", "Li-ion cells (cylindrical, high-power)", 24,
            "million cells/yr", None, "operating", "2024-12-04",
            "medium: existing output implied by the expansion announcement; first year not "
            "found",
            name="E-One Moli cell plant (existing lines)",
            owners="E-One Moli Energy (Taiwan Cement)", owner_country="Taiwan",
            korean_role="", city="Maple Ridge", investment=None, jobs=100,
            note="Non-EV cells; cell energy not published, so counted in cells"),
        row("CA-023", "cell", "Li-ion cells (cylindrical, high-power)", 111,
            "million cells/yr", 2028, "paused", "2024-12-04",
            "high: on hold (no anchor customer); size derived as 135 minus 24 million "
            "cells a year",
            name="E-One Moli cell plant expansion",
            owners="E-One Moli Energy (Taiwan Cement)", owner_country="Taiwan",
            korean_role="", city="Maple Ridge", jobs=350,
            note="C$1.05B expansion to 135 million cells a year; public support C$284.5M")],
    "Vianode": [
        row("CA-024", "anode", "synthetic graphite anode", 35000, "t/yr", 2028, "announced",
            "2025-11-20",
            "high: announced Nov 2025 with financing letters; early works only",
            name="Vianode synthetic graphite plant (phase 1)", owners="Vianode",
            owner_country="Norway", korean_role="", city="St. Thomas", jobs=300,
            note="GM supply deal 2027-2033; C$3.2B is the full multi-phase programme"),
        row("CA-025", "anode", "synthetic graphite anode", 115000, "t/yr", None, "announced",
            "2025-11-20",
            "low: derived as the 150,000 t target minus phase 1; no dates, listed, not "
            "counted",
            name="Vianode synthetic graphite plant (later phases)", owners="Vianode",
            owner_country="Norway", korean_role="", city="St. Thomas", investment=None,
            jobs=None, note="Up to 1,000 jobs at full build-out")],
    "Nouveau Monde Graphite": [
        row("CA-026", "mine", "graphite concentrate", 106000, "t/yr", None, "announced",
            "2025-11-12",
            "medium: capacity from the 2025 updated feasibility study; no final investment "
            "decision yet, so no start year; listed, not counted",
            name="Nouveau Monde Graphite Matawinie mine", owners="Nouveau Monde Graphite",
            owner_country="Canada", korean_role="", city="Saint-Michel-des-Saints",
            investment=1_200_000_000, investment_currency="USD",
            note="Production under three years after a final investment decision; US$1.2B "
                 "is the mine and anode plant together; GM and Panasonic offtakes",
            add=["NMG via Business Wire 2025-03-25 https://www.businesswire.com/news/home/"
                 "20250325743549/fr/",
                 "NMG via Business Wire 2025-11-12 https://www.businesswire.com/news/home/"
                 "20251112508293/fr"]),
        row("CA-027", "anode", "natural graphite anode (coated spherical graphite)", 42600,
            "t/yr", None, "announced", "2025-11-12",
            "low: capacity from the 2022 feasibility study; the 2025 update may differ; no "
            "start year, listed, not counted",
            name="Nouveau Monde Graphite Bécancour anode plant", owners="Nouveau Monde Graphite",
            owner_country="Canada", korean_role="", city="Bécancour", investment=None,
            note="Offtakes of 18,000 t/yr each to GM and Panasonic",
            add=["Mining Weekly 2023-04-21 https://www.miningweekly.com/print-version/"
                 "matawinie-phase-2-graphite-project-and-bcanour-phase-2-battery-material-"
                 "plant-canada-update-2023-04-21"])],
    "Li-Cycle Ontario": [row(
        "CA-028", "recycling", "black mass from spent Li-ion batteries", 5000, "t feed/yr",
        2020, "paused", "2025-08-07",
        "medium: processing paused since Nov 2023; owner changed in bankruptcy; restart not "
        "announced",
        name="Glencore Battery Recycling Kingston spoke (ex-Li-Cycle)",
        owners="Glencore (Glencore Battery Recycling)", owner_country="Switzerland",
        korean_role="", city="Kingston", jobs=30,
        note="Li-Cycle in CCAA (May 2025), assets bought by Glencore (Aug 2025); planned "
             "10,000 t/yr not counted",
        add=["Kingston Whig-Standard https://www.thewhig.com:443/news/li-cycle-lays-off-"
             "employees-at-kingston-plant",
             "Recycling Today https://www.recyclingtoday.com/news/glencore-makes-li-cycle-"
             "purchase-official"])],
    "GM CAMI": [row(
        "CA-029", "vehicle assembly", "electric delivery vans (BrightDrop)", None, "", 2022,
        "cancelled", "2025-10-21",
        "medium: end of production from secondary reports; capacity not published; listed, "
        "not counted",
        name="GM CAMI Assembly (BrightDrop)", owners="General Motors",
        owner_country="United States", korean_role="", city="Ingersoll", investment=None,
        jobs=None,
        note="EV van production ended Oct 2025 after idling from May 2025; C$1-2B retooling "
             "(sources differ); about 1,100-1,200 workers")],
    "Stellantis Windsor": [row(
        "CA-030", "vehicle assembly", "multi-energy vehicle platforms", None, "", None,
        "paused", "2025-10",
        "medium: Brampton status reported; Windsor retooling progress and capacities not "
        "found; listed, not counted",
        name="Stellantis Windsor and Brampton retooling", owners="Stellantis",
        owner_country="Netherlands", korean_role="indirect: Stellantis co-owns NextStar",
        korean_link=False, city="Windsor; Brampton", jobs=None,
        note="Brampton's next-generation Jeep Compass paused (Feb 2025) and moved to "
             "Belvidere, Illinois (Oct 2025); about 3,000 Brampton jobs at risk")],
    "Avalon Advanced": [row(
        "CA-031", "refining", "lithium hydroxide", None, "", None, "announced", "2023-06",
        "low: no final investment decision or current design capacity (earlier designs "
        "15,000-20,000 t/yr); listed, not counted",
        name="Avalon Lake Superior Lithium refinery", owners="Avalon Advanced Materials",
        owner_country="Canada",
        korean_role="MOU: LG Energy Solution, 11,000 t/yr LiOH for 5 years (non-binding)",
        city="Thunder Bay", jobs=500,
        note="Land bought June 2023; about C$1B including the Separation Rapids mine")],
    "Snow Lake": [row(
        "CA-032", "mine", "spodumene concentrate (6% Li2O)", 160000, "t/yr", None,
        "announced", "2022-09-23",
        "low: 2022 company estimate before any economic study; 2025 target lapsed; listed, "
        "not counted",
        name="Snow Lake Lithium (Thompson Brothers) project", owners="Snow Lake Resources",
        owner_country="Canada",
        korean_role="MOU: LG Energy Solution, 20,000 t/yr LiOH for 10 years (non-binding)",
        note="Planned all-electric mine with a hydroxide plant in southern Manitoba",
        add=["Electric Autonomy 2022-02-16 https://electricautonomy.ca/ev-supply-chain/"
             "batteries/2022-02-16/snow-lake-manitoba-lithium-ev"])],
    "Green Technology Metals": [row(
        "CA-033", "mine", "spodumene concentrate", None, "", 2027, "announced", "2025",
        "low: the 2025 stand-alone study's output was not found (2023 study: 207,000 t/yr "
        "with the Root project); listed, not counted",
        name="Green Technology Metals Seymour lithium project",
        owners="Green Technology Metals", owner_country="Australia",
        korean_role="LG Energy Solution: US$20M equity and 25% spodumene offtake for 5 years",
        city="Armstrong area (Lake Nipigon)",
        note="Final investment decision targeted 2026, first production 2027",
        add=["Stockhead 2025 https://newsbite.mooo.com/www.ntnews.com.au/business/stockhead/"
             "green-technology-metals-optimised-pea-outlines-standalone-mine-development-"
             "with-robust-economics-at-seymour/news-story/24b26e184fe903dc54329f839e40a194"])],
    "Torngat Metals": [row(
        "CA-034", "mine", "rare earth oxides (NdPr, Dy, Tb)", None, "", None, "announced",
        "2026-01-27",
        "medium: prefeasibility stage, no capacity published; rare earths are outside the "
        "battery minerals; listed, not counted",
        name="Torngat Metals Strange Lake rare earths project", owners="Torngat Metals",
        owner_country="Canada",
        korean_role="MOU: POSCO International (rare earths, Jan 2026)",
        city="Strange Lake (Nunavik) and a refinery in southern Quebec",
        note="Deposit on the Quebec-Labrador border; C$165M EDC and CIB debt (June 2025)")],
    "Frontier Lithium": [row(
        "CA-035", "refining", "lithium hydroxide", 20000, "t LCE/yr", 2030, "announced",
        "2025-08-04",
        "low: design size from news reports (one says LCE, one hydroxide); feasibility "
        "study under way; start year is the company's outlook",
        name="Frontier Lithium Thunder Bay conversion facility (PAK project)",
        owners="Frontier Lithium (92.5%); Mitsubishi Corporation (7.5%)",
        owner_country="Canada", korean_role="", city="Thunder Bay",
        note="Definitive feasibility study of the refinery began Aug 2025; PAK mine and mill "
             "feasibility study done 2025 (mine output not listed here)",
        add=["Canadian Mining Journal 2025-08-04 https://www.canadianminingjournal.com/news/"
             "frontier-advances-lithium-conversion-facility-with-definitive-feasibility-"
             "study/"])],
    "Tanco mine": [row(
        "CA-036", "mine", "spodumene concentrate (5.5% Li2O)", 30000, "t/yr", 2021,
        "operating", "2026-02-18",
        "medium: capacity from the owner's 2021 restart notice; current output not found",
        name="Tanco mine", owners="Sinomine Resource Group", owner_country="China",
        korean_role="", city="Bernic Lake",
        note="Restored spodumene circuit (400 t/day) in production since Oct 2021; concentrate "
             "shipped to the owner's plants in China; also caesium and tantalum",
        add=["Sinomine 2021-10 http://en.sinomine.cn/xwdti/176.html"])],
    "Rio Tinto Fer et Titane": [row(
        "CA-037", "refining", "scandium oxide (and titanium metal)", 9, "t/yr", None,
        "under construction", "2025-11-03",
        "medium: scandium expansion confirmed (Nov 2025); scandium and titanium are outside "
        "the battery minerals, so listed, not counted; lithium output not confirmed",
        name="Rio Tinto Fer et Titane critical-minerals expansion", owners="Rio Tinto",
        owner_country="United Kingdom", korean_role="", city="Sorel-Tracy", jobs=150,
        in_capacity=False,
        note="Canada Growth Fund backs raising scandium oxide capacity to 9 t/yr; Rio Tinto "
             "is testing the market for a sale of the business (2026)",
        add=["Les 2 Rives 2025-11-03 https://les2rives.com/?p=87532",
             "Globe and Mail via InvestIntellect https://investintellect.co.uk/commodities/"
             "rio-tinto-looks-to-sell-its-metal-complex-in-quebec-after-g7-investment-"
             "announcement"])],
    "Lion Electric": [row(
        "CA-038", "pack", "battery packs for buses and trucks", 5, "GWh/yr", 2023, "paused",
        "2025-05-23",
        "low: the restructured company builds only school buses in Saint-Jérôme; the "
        "Mirabel plant's fate is not stated",
        name="Lion Electric battery pack plant", owners="Lion Electric (Quebec investors)",
        owner_country="Canada", korean_role="", city="Mirabel", jobs=135,
        note="Opened Apr 2023 at Mirabel (not Saint-Jérôme); 5 GWh/yr at full scale; Lion "
             "in CCAA Dec 2024, sold May 2025",
        add=["Trucknews 2023-04-17 https://www.trucknews.com/sustainability/lion-inaugurates-"
             "quebec-battery-plant/1003174294/",
             "Sustainable Biz Canada 2025-05 https://sustainablebiz.ca/judge-oks-sale-of-lion-"
             "electric-to-quebec-investors",
             "Bay Observer 2021-03-15 https://bayobserver.ca/2021/03/15/major-boost-for-"
             "canadian-e-vehicle-industry/"])],
    "Lac des Îles": [row(
        "CA-039", "mine", "natural flake graphite concentrate", 15000, "t/yr", 1989,
        "operating", "2025",
        "medium: output from CIM Magazine (2025); design maximum 25,000 t/yr",
        name="Lac des Îles graphite mine", owners="Northern Graphite", owner_country="Canada",
        korean_role="", city="Lac-des-Îles",
        note="North America's only producing flake graphite mine; 2025 federal funding for a "
             "pit extension of 7-10 years",
        add=["CIM Magazine 2025 https://magazine.cim.org/en/news/2025/lac-des-îles-graphite-"
             "mine-avoids-shutdown-with-federal-funding-en"])],
}

# --- Korean file: key = row_id -----------------------------------------------------------

MERGED = {"F040": "CA-001", "F058": "CA-002", "F059": "CA-004", "F065": "CA-005"}

KH_20241013 = ("Korea Herald 2024-10-13 https://www.koreaherald.com/view.php?"
               "ud=20241013050087")

KOREA = {
    "F001": [
        row("KR-001", "cell", "EV cells (pouch and cylindrical)", 33, "GWh/yr", None,
            "operating", "2022-12-19",
            "medium: 2022 nameplate; the current figure is not published",
            name="LG Energy Solution Ochang Energy Plant", investment=None, jobs=None,
            note="Mother plant for pouch and 46-series cylindrical lines; LFP ESS lines "
                 "planned from 2027"),
        row("KR-002", "cell", "46-series cylindrical EV cells", 9, "GWh/yr", None,
            "committed", "2022-12-19",
            "low: expansion size reported in 2022; completion not found; listed, not counted",
            name="LG Energy Solution Ochang cylindrical expansion", investment=730e9,
            investment_currency="KRW", jobs=None,
            note="Part of a KRW4T 2022-2026 programme that also covers R&D")],
    "F002": [row(
        "KR-003", "cell", "prismatic EV and ESS cells", 10, "GWh/yr", None, "operating", "2025",
        "low: one secondary figure (2023) with ambiguous wording",
        name="Samsung SDI Ulsan plant",
        note="LFP ESS mother line installed 2025, mass production from late 2025-2026")],
    "F003": [row(
        "KR-004", "cell", "cells (products not decided)", None, "", None, "announced",
        "2024-01-24",
        "medium: announcement only, products and capacity undecided; listed, not counted",
        name="Samsung SDI new Ulsan site", note="1.23 million m2 site; cathode facilities also "
        "planned")],
    "F004": [row(
        "KR-005", "cell", "prismatic EV cells", None, "", None, "operating", "2024-12",
        "low: one secondary source, no capacity; listed, not counted",
        name="Samsung SDI Cheonan plant",
        note="Lines for the Genesis GV90 being added (2025)")],
    "F005": [row(
        "KR-006", "cell", "NCM pouch EV cells", 5, "GWh/yr", 2018, "operating", "2023-08-16",
        "high: company figures (2023)", name="SK On Seosan plants 1 and 2",
        note="0.2 GWh in 2012, about 5 GWh since 2018, 6 GWh planned by 2028; a 3 GWh LFP "
             "line planned")],
    "F006": [row(
        "KR-007", "cell", "pouch EV cells", 14, "GWh/yr", 2025, "under construction",
        "2023-08-16",
        "medium: 2023 plan (first output 2025, 14 GWh by 2028); later progress not found",
        name="SK On Seosan plant 3",
        note="Capacity ramps to 14 GWh by 2028; seen as supplying Hyundai's Ulsan EV plant")],
    "F007": [row(
        "KR-008", "cathode", "high-nickel NCM and NCMA cathode", 90000, "t/yr", 2022,
        "operating", "2022-11-10",
        "high: capacity from the company; earlier phases from 2019 are folded into 2022",
        name="POSCO Future M Gwangyang cathode plants 1-4", investment=None,
        note="Major supplier to Ultium Cells; investment not listed (only one phase's figure "
             "was found)")],
    "F008": [row(
        "KR-009", "cathode", "single-crystal NCA cathode", 52500, "t/yr", 2025,
        "under construction", "2024-10-13",
        "medium: completion targeted 2025 (Korea Herald, Oct 2024); not yet confirmed",
        name="POSCO Future M Gwangyang NCA cathode plant (plant 5)",
        investment=683.4e9, investment_currency="KRW",
        note="Samsung SDI is the exclusive buyer",
        add=[KH_20241013,
             "Maeil Business via Hansang 2023-07-25 https://hansang.net/hansang/info/pg_biz_"
             "news.do?article.offset=5770&articleLimit=10&articleNo=1100642414&mode=view"])],
    "F009": [row(
        "KR-010", "precursor", "NCM precursor (pCAM)", 45000, "t/yr", 2025, "operating",
        "2025-06-10", "high: completion ceremony (June 2025)",
        name="POSCO Future M Gwangyang precursor plant",
        note="Uses POSCO nickel sulphate from non-Chinese feed and recycled nickel; feeds "
             "cathode for Ultium Cells")],
    "F010": [
        row("KR-011", "cathode", "high-nickel NCMA cathode", 30000, "t/yr", 2024, "operating",
            "2025-12-16",
            "low: start planned 2024; completion not found; the Dec 2025 plan to convert "
            "Pohang NCM lines to LFP implies running lines",
            name="POSCO Future M Pohang NCMA cathode plant 1", investment=None,
            note="Construction from Apr 2022; part of Pohang's NCM lines to move to LFP by "
                 "end-2026",
            add=["Korea Herald 2023-03-21 https://www.koreaherald.com/view.php?"
                 "ud=20230321000602"]),
        row("KR-012", "cathode", "NCA cathode", 30000, "t/yr", 2024, "operating", "2024-10-13",
            "high: first shipment to Samsung SDI in Oct 2024",
            name="POSCO Future M Pohang NCA cathode plant", investment=392e9,
            investment_currency="KRW", note="Started three months early",
            add=[KH_20241013,
                 "Yonhap 2023-03-21 https://en.yna.co.kr/view/AEN20230321002700320"]),
        row("KR-013", "cathode", "high-nickel NCMA cathode", 46000, "t/yr", 2025,
            "under construction", "2023-04-24",
            "medium: 2023 board decision with a 2025 target; completion not found",
            name="POSCO Future M Pohang NCMA cathode plant 2", investment=614.8e9,
            investment_currency="KRW", note="Would bring Pohang to 106,000 t/yr")],
    "F011": [row(
        "KR-014", "cathode", "LFP cathode (for ESS)", 50000, "t/yr", 2027, "announced",
        "2025-12-16",
        "medium: board approval; 'up to 50,000 t'; construction from 2026",
        name="C&P Advanced Technology LFP cathode plant (POSCO Future M-CNGR JV)",
        owners="POSCO Future M; CNGR (China) and its Korean unit Fino",
        owner_country="South Korea; China", investment=123.6e9,
        note="Investment is POSCO Future M's share; a Chinese partner matters under US "
             "foreign-entity rules")],
    "F012": [row(
        "KR-015", "cathode", "cathode materials (other types)", 10000, "t/yr", 2018,
        "operating", "2021", "low: 2021 sources, not re-checked",
        name="POSCO Future M Gumi cathode plant")],
    "F013": [row(
        "KR-016", "cathode", "high-nickel cathode (for Samsung SDI)", 54000, "t/yr", 2023,
        "operating", "2022-10-21",
        "high: completion Oct 2022, operation from early 2023",
        name="EcoPro EM CAM7 cathode plant (Pohang)",
        owners="EcoPro BM (60%); Samsung SDI (40%)",
        note="Brought EcoPro EM to 90,000 t/yr; all output to Samsung SDI")],
    "F014": [row(
        "KR-017", "cathode", "high-nickel NCA cathode (for Samsung SDI)", 36000, "t/yr", 2022,
        "operating", "2022-10-21",
        "medium: trial 2021, mass production 2022; shares reported both ways (Korea Herald's "
        "used)",
        name="EcoPro EM first Pohang cathode plant",
        owners="EcoPro BM (60%); Samsung SDI (40%)")],
    "F015": [row(
        "KR-018", "cathode", "NCMX cathode (over 90% nickel)", None, "", 2024,
        "under construction", "2024-03-10",
        "low: plant capacities not published and completion not found; listed, not counted",
        name="EcoPro BM CAM8 and CAM9 (Pohang)",
        note="EcoPro BM's company CAM capacity 190,000 t (2023), 280,000 t planned (2024)")],
    "F016": [row(
        "KR-019", "precursor", "NCM precursor", 110000, "t/yr", None, "under construction",
        "2024-03-10",
        "low: campus target after the 'Pohang Campus 4' expansion, no date; listed, not "
        "counted",
        name="EcoPro Materials Pohang precursor plants",
        note="Current capacity not published")],
    "F017": [row(
        "KR-020", "refining", "lithium hydroxide", 26000, "t/yr", 2024, "under construction",
        "2024-03-10",
        "low: campus total after LHM2, due 1H2024; completion not found",
        name="EcoPro Innovation lithium hydroxide plants LHM1-2 (Pohang)")],
    "F018": [row(
        "KR-021", "cathode", "high-nickel NCM and NCMA cathode", None, "", None, "operating",
        "2025-05-29", "medium: operating; no capacity figure found; listed, not counted",
        name="L&F Daegu Guji cathode plants",
        note="Supplies LGES, SK On, Samsung SDI and Tesla; LFP mass production targeted 2026; "
             "investment is the new Dalseong line")],
    "F019": [row(
        "KR-022", "cathode", "LFP cathode and next-generation anode", None, "", None,
        "announced", "2025-02-19",
        "low: MOU-stage project under review in 2025; listed, not counted",
        name="L&F Daegu National Industrial Complex LFP and anode project",
        owners="L&F (anode technology with Mitsubishi Chemical)")],
    "F020": [row(
        "KR-023", "cathode", "NCMA cathode", 60000, "t/yr", 2025, "under construction",
        "2022-01-11",
        "medium: 2022 plan (start 2024-2025); completion not found",
        name="LG Chem Gumi cathode plant (LG Battery Core Material)",
        add=["C&EN 2022-01-13 https://cen.acs.org/business/inorganic-chemicals/LG-invests-"
             "battery-materials-Johnson/100/i2"])],
    "F021": [row(
        "KR-024", "cathode", "NCM and NCMA cathode", None, "", None, "operating", "2021-12-29",
        "medium: only a combined 80,000 t/yr with Wuxi (China) is published; listed, not "
        "counted",
        name="LG Chem Cheongju and Iksan cathode plants",
        note="Cheongju receives KPC precursor")],
    "F022": [row(
        "KR-025", "precursor", "NCMA precursor (partly recycled metals)", 20000, "t/yr", 2025,
        "operating", "2025-01-23",
        "medium: plant completed Mar 2024, first mass production 1H2025",
        name="Korea Precursor Co. (KPC) plant", owners="KEMCO/Korea Zinc (51%); LG Chem (49%)",
        note="Supplies LG Chem's Cheongju cathode plant; investment at least KRW200B")],
    "F023": [row(
        "KR-026", "refining", "zinc, lead, copper and other non-ferrous metals", 1200000,
        "t/yr", None, "operating", "2025-01-03",
        "medium: total non-ferrous output; not a battery-chain product, so listed, not "
        "counted",
        name="Korea Zinc Onsan smelter", in_capacity=False,
        note="Battery-material affiliates on site; Hyundai Motor Group holds about 5%")],
    "F024": [row(
        "KR-027", "refining", "nickel sulphate", 80000, "t/yr", 2022, "operating", "2022-06-02",
        "medium: 2022 figure in tonnes of salt (not nickel content)",
        name="KEMCO nickel sulphate plant", owners="Korea Energy Materials (KEMCO, Korea Zinc)",
        note="50,000 t in 2021; 80,000-100,000 t planned")],
    "F025": [row(
        "KR-028", "refining", "nickel for sulphate and precursor", 42600, "t Ni/yr", 2026,
        "under construction", "2023-11-15",
        "medium: 2026 start not re-checked",
        name="KEMCO all-in-one nickel refinery",
        owners="Korea Energy Materials (KEMCO, Korea Zinc)",
        note="Matte and MHP to nickel and cobalt sulphate and precursor; Hyundai expects "
             "nickel from it")],
    "F026": [
        row("KR-029", "refining", "lithium hydroxide", 21500, "t/yr", 2023, "operating",
            "2024-11-29", "high: company completion announcements",
            name="POSCO Pilbara Lithium Solution hydroxide plant (train 1)",
            owners="POSCO Holdings (82%); Pilbara Minerals (18%)",
            owner_country="South Korea; Australia", city="Gwangyang (Yulchon)",
            note="Pilgangoora spodumene feed; offtakes to POSCO Future M and SK On"),
        row("KR-030", "refining", "lithium hydroxide", 21500, "t/yr", 2024, "operating",
            "2024-11-29",
            "high: completed Nov 2024; full output 12-18 months after commissioning",
            name="POSCO Pilbara Lithium Solution hydroxide plant (train 2)",
            owners="POSCO Holdings (82%); Pilbara Minerals (18%)",
            owner_country="South Korea; Australia", city="Gwangyang (Yulchon)",
            investment=None, note="Ramping up")],
    "F027": [row(
        "KR-031", "recycling", "nickel, cobalt and lithium salts from black mass", 12000,
        "t feed/yr", 2023, "operating", "2023-07-09",
        "high: capacity from the company; investment is the 2021 plan",
        name="POSCO HY Clean Metal recycling plant",
        owners="POSCO Holdings (65%); Huayou Cobalt (35%) at formation",
        owner_country="South Korea; China", city="Gwangyang (Yulchon)",
        note="About 2,500 t Ni, 800 t Co and 2,500 t Li2CO3 a year; feeds POSCO Future M")],
    "F028": [
        row("KR-032", "recycling", "lithium, nickel, cobalt and manganese from black mass",
            20000, "t feed/yr", 2024, "operating", "2024-07-02",
            "high: completed June 2024; installed first phase",
            name="SungEel HiTech Hydro Center 3 (phase 1)"),
        row("KR-033", "recycling", "lithium, nickel, cobalt and manganese from black mass",
            20000, "t feed/yr", None, "announced", "2024-07-02",
            "low: rest of the 40,000 t design, no date; listed, not counted",
            name="SungEel HiTech Hydro Center 3 (phase 2)")],
    "F029": [row(
        "KR-034", "recycling", "hydrometallurgical post-processing", None, "", None,
        "operating", "2024-07-02",
        "low: capacity not published (about a third of Hydro Center 3); listed, not counted",
        name="SungEel HiTech Hydro Centers 1 and 2")],
    "F030": [row(
        "KR-035", "recycling", "black mass (pre- and post-processing)", 10000, "t/yr", 2026,
        "announced", "2023-09",
        "low: MOU (Sep 2023); construction not confirmed; one source gives 2025",
        name="SK ecoplant Gyeongju battery recycling plant",
        owners="SK ecoplant (with TES)")],
    "F031": [row(
        "KR-036", "anode", "natural graphite anode", 44000, "t/yr", None, "operating",
        "2025-06-06",
        "medium: undated contractor pages give the capacity; operation implied by the 2025 "
        "spherical-graphite announcement",
        name="POSCO Future M Sejong natural graphite anode plants",
        note="Plant 1 24,000 t plus plant 2 phase 1 20,000 t; phase 2 (+22,000 t) not "
             "confirmed; Korea's only natural-graphite anode maker",
        add=["Korea Herald 2025-06-06 https://www.koreaherald.com/article/10503706"])],
    "F032": [
        row("KR-037", "anode", "artificial graphite anode", 8000, "t/yr", 2021, "operating",
            "2024-01-18", "high: phase 1 completed Dec 2021",
            name="POSCO Future M Pohang artificial graphite anode plant (phase 1)",
            investment=None, note="Needle coke from POSCO MC Materials"),
        row("KR-038", "anode", "artificial graphite anode", 10000, "t/yr", 2024,
            "under construction", "2024-01-18",
            "medium: due 2H2024; completion not found",
            name="POSCO Future M Pohang artificial graphite anode plant (phase 2)",
            note="Target 36,000 t/yr by 2025; KRW400B covers the expansion to 36,000 t")],
    "F033": [row(
        "KR-039", "refining", "spherical graphite", 37000, "t/yr", 2027, "announced",
        "2025-06-06",
        "medium: announced June 2025 with construction from 2H2025; another report gives "
        "KRW396.1B",
        name="POSCO Future M spherical graphite plant (Saemangeum)",
        note="From non-Chinese (African) flake graphite; feeds the Sejong anode plants")],
    "F034": [row(
        "KR-040", "vehicle assembly", "battery-electric vehicles", 200000, "vehicles/yr", 2026,
        "under construction", "2023-11-13",
        "high: plan for mass production in Q1 2026; the start is not yet confirmed",
        name="Hyundai Ulsan EV-dedicated plant",
        note="First model a Genesis electric SUV; Hyundai's first new Korean plant in 29 "
             "years")],
    "F035": [row(
        "KR-041", "vehicle assembly", "all powertrains (incl. Ioniq 5, Kona EV, Nexo)",
        1400000, "vehicles/yr", 1968, "operating", "2025",
        "medium: capacity for all powertrains; the EV share is not given, so listed, not "
        "counted",
        name="Hyundai Ulsan plant complex (plants 1-5)", in_capacity=False,
        note="About 1.1 million for export")],
    "F036": [row(
        "KR-042", "component", "fuel cell systems (and PEM electrolysers)", 30000, "units/yr",
        2027, "under construction", "2025-10-31",
        "high: groundbreaking Oct 2025",
        name="Hyundai Ulsan hydrogen fuel cell plant",
        note="For Nexo cars, trucks and buses; outside the battery stages (hydrogen "
             "mobility)")],
    "F037": [row(
        "KR-043", "vehicle assembly", "PV5 electric purpose-built vehicles", 100000,
        "vehicles/yr", 2025, "operating", "2025-11-14", "high: completion ceremony Nov 2025",
        name="Kia Hwaseong EVO Plant East",
        note="KRW4T covers EVO East, EVO West and R&D")],
    "F038": [row(
        "KR-044", "vehicle assembly", "PV7 and larger purpose-built EVs", 150000,
        "vehicles/yr", 2027, "under construction", "2025-11-14",
        "high: groundbreaking Nov 2025", name="Kia Hwaseong EVO Plant West",
        investment=None, note="Investment counted with EVO East")],
    "F039": [row(
        "KR-045", "vehicle assembly", "EV3 and EV4", 150000, "vehicles/yr", 2024, "operating",
        "2024-09-27", "high: company figures", name="Kia Gwangmyeong EV plant")],
    # --- North America ---
    "F041": [row(
        "US-001", "cell", "NCMA pouch EV cells", 40, "GWh/yr", 2022, "paused", "2025-10-29",
        "medium: '>40 GWh' at launch (2022); pause from Jan 2026 is temporary (restart mid-2026 "
        "planned)",
        name="Ultium Cells Warren (Lordstown) plant",
        owners="Ultium Cells (General Motors 50%; LG Energy Solution 50%)",
        owner_country="United States; South Korea", korean_role="co-owner: LG Energy Solution",
        investment=2_300_000_000, investment_currency="USD", jobs=2200,
        note="Production from Aug 2022; about 2,200 employed (2024); 1,334 hourly layoffs from "
             "Jan 2026 (850 temporary)",
        add=["Detroit News via mirror 2022 http://123.123.enodoworks.com/?p=1011605",
             "Business Journal Daily 2024 https://businessjournaldaily.com/ultium-cells-forges-"
             "ahead-after-reaching-important-milestone/"])],
    "F042": [row(
        "US-002", "cell", "NCMA pouch EV cells; LFP conversion", 50, "GWh/yr", 2024, "paused",
        "2025-10-29",
        "medium: capacity after the 2022 expansion; pause from Jan 2026 for retooling",
        name="Ultium Cells Spring Hill plant",
        owners="Ultium Cells (General Motors 50%; LG Energy Solution 50%)",
        owner_country="United States; South Korea", korean_role="co-owner: LG Energy Solution",
        jobs=1700,
        note="Commissioned early 2024; commercial LFP late 2027; a report of rehiring for LFP "
             "ESS cells (2026) is unverified")],
    "F043": [row(
        "US-003", "cell", "pouch cells (Toyota) and ESS cells", 40, "GWh/yr", 2026,
        "under construction", "2025",
        "low: 'up to 40 GWh' from a secondary site; start 2026-2027 (first year taken)",
        name="LG Energy Solution Lansing plant (ex-Ultium Cells)",
        owners="LG Energy Solution", jobs=1360,
        note="GM sold its stake to LGES (closing Q1 2025); jobs are the state-incentive "
             "commitment")],
    "F044": [row(
        "US-004", "cell", "LFP ESS cells; EV cells and modules", 16.5, "GWh/yr", 2025,
        "operating", "2025-06-26",
        "high: LFP ESS lines opened June 2025 (first US LFP at scale)",
        name="LG Energy Solution Michigan (Holland) plant", jobs=1700,
        note="Plant since 2012; ambition 21.5 GWh (5 GWh EV, over 16 GWh ESS)")],
    "F045": [row(
        "US-005", "cell", "46-series cylindrical EV cells", 36, "GWh/yr", 2026,
        "under construction", "2025-08-05",
        "medium: about 60% complete (Aug 2025), production planned mid-2026",
        name="LG Energy Solution Arizona cylindrical cell plant", jobs=2800,
        note="Jobs for the whole Queen Creek complex")],
    "F046": [row(
        "US-006", "cell", "LFP pouch ESS cells", 16.3, "GWh/yr", None, "paused", "2025",
        "medium: paused since June 2024, 'not scrapped', no restart date; listed, not counted",
        name="LG Energy Solution Arizona ESS cell plant")],
    "F047": [row(
        "US-007", "cell", "EV cells for Hyundai, Kia and Genesis", 30, "GWh/yr", 2026,
        "under construction", "2025-10-13",
        "medium: opening delayed by the Sep 2025 immigration raid; work resumed Oct 2025",
        name="HL-GA Battery Company plant (HMGMA campus)",
        owners="Hyundai Motor Group (50%); LG Energy Solution (50%)", jobs=3000,
        note="Investment US$4.3B plus a US$2B expansion (listed as paused by one tracker)")],
    "F048": [row(
        "US-008", "cell", "pouch EV cells for Honda", 40, "GWh/yr", 2025, "under construction",
        "2024-04-03",
        "medium: mass production was due end-2025; start not confirmed",
        name="L-H Battery Company plant", owners="LG Energy Solution (51%); Honda (49%)",
        owner_country="South Korea; Japan",
        note="Exclusively for Honda and Acura in North America; a report of LFP ESS "
             "retooling is unverified")],
    "F049": [row(
        "US-009", "cell", "EV cells; lines converting to ESS", 33, "GWh/yr", 2025, "operating",
        "2026-06-25",
        "medium: EV production start date not found; 3 of 4 lines moving to ESS",
        name="StarPlus Energy plant 1", owners="Samsung SDI; Stellantis",
        owner_country="South Korea; Netherlands",
        note="23 GWh initially, 33 GWh now; LFP ESS lines from Q4 2026")],
    "F050": [row(
        "US-010", "cell", "EV cells", 34, "GWh/yr", 2027, "announced", "2023-10-11",
        "low: announced Oct 2023; construction progress not found",
        name="StarPlus Energy plant 2", owners="Samsung SDI; Stellantis",
        owner_country="South Korea; Netherlands")],
    "F051": [row(
        "US-011", "cell", "NCA prismatic EV cells", 27, "GWh/yr", 2027, "under construction",
        "2024-08-28",
        "medium: start moved from 2026 to 2027; later progress not found",
        name="Samsung SDI-GM plant (New Carlisle)", owners="Samsung SDI; General Motors",
        owner_country="South Korea; United States",
        note="27 GWh initially, 36 GWh planned")],
    "F052": [row(
        "US-012", "pack", "ESS packs", None, "", None, "operating", "2025",
        "low: one mention, no site or capacity; listed, not counted",
        name="Samsung SDI battery pack facility (Michigan)",
        note="E-bike pack line converted to ESS (2024); to receive Ulsan LFP cells")],
    "F053": [
        row("US-013", "cell", "NCM pouch EV cells", 9.8, "GWh/yr", 2022, "operating",
            "2024-09-23",
            "medium: derived as the 21.5 GWh site total minus plant 2's 11.7 GWh",
            name="SK Battery America plant 1", jobs=2000,
            note="Investment (US$2.5B, 2020 plan) and jobs are for both plants"),
        row("US-014", "cell", "NCM pouch EV cells (Hyundai lines)", 11.7, "GWh/yr", 2023,
            "operating", "2024-09-23", "high: plant figure reported Sep 2024",
            name="SK Battery America plant 2", investment=None, jobs=None,
            note="Lines converted for Hyundai Motor Group Metaplant from Oct 2024")],
    "F054": [row(
        "US-015", "cell", "NCM pouch EV cells for Ford", 37, "GWh/yr", 2025, "operating",
        "2025-12-11",
        "high: commercial production from Aug 2025 at 37 GWh (battery-tech.net)",
        name="BlueOval SK Kentucky 1 (to become 100% Ford)",
        owners="Ford (BlueOval SK until the split closes)",
        owner_country="United States; South Korea",
        korean_role="SK On co-owner until the JV split closes (Q1 2026)",
        investment=5_800_000_000, jobs=1450,
        note="Investment is the two-plant Kentucky site; 1,450 employed (2025)",
        add=["battery-tech.net 2025-08 https://battery-tech.net/battery-markets-news/blueoval-"
             "sk-starts-ev-battery-production-at-kentucky-plant"])],
    "F055": [row(
        "US-016", "cell", "EV cells", 43, "GWh/yr", None, "paused", "2025-12-11",
        "medium: 43 GWh per Kentucky plant in the 2022 plan; start depends on demand; "
        "listed, not counted",
        name="BlueOval SK Kentucky 2 (to become 100% Ford)",
        owners="Ford (BlueOval SK until the split closes)",
        owner_country="United States; South Korea",
        korean_role="SK On co-owner until the JV split closes (Q1 2026)",
        add=["Korea Daily US 2022-12 https://koreadailyus.com/?p=18248"])],
    "F056": [row(
        "US-017", "cell", "EV cells; ESS planned", 45, "GWh/yr", 2027, "under construction",
        "2025-12-11",
        "medium: delayed; production now planned for 2027",
        name="BlueOval SK Tennessee plant (to become 100% SK On)",
        owners="SK On (after the JV split)", korean_role="owner: SK On (from Q1 2026)",
        add=["Auto World Journal 2025-08 https://autoworldjournal.com/blueoval-sk-begins-ev-"
             "battery"])],
    "F057": [row(
        "US-018", "cell", "pouch EV cells for Hyundai and Kia", 35, "GWh/yr", 2026,
        "under construction", "2025-08",
        "medium: production expected 2026 (Aug 2025 report)",
        name="Hyundai Motor Group-SK On battery plant (Bartow County)",
        owners="Hyundai Motor Group (50%); SK On (50%)", jobs=3500,
        note="About 300,000 EVs a year; investment about US$5B",
        add=["Auto World Journal 2025-08 https://autoworldjournal.com/blueoval-sk-begins-ev-"
             "battery"])],
    "F060": [row(
        "US-019", "cathode", "NCMA cathode", 60000, "t/yr", 2026, "under construction", "2025",
        "medium: phase 1 of a plan cut from 120,000 t; operations slated for 2026",
        name="LG Chem Tennessee cathode plant",
        note="Long-term supply deals with GM and Toyota")],
    "F061": [row(
        "US-020", "cathode", "LFP cathode (for ESS)", 15000, "t/yr", 2028, "announced",
        "2026-01-15", "low: a single 'exclusive' press report",
        name="L&F-Mitra Chem LFP cathode line", owners="L&F; Mitra Chem",
        owner_country="South Korea; United States", note="Groundbreaking planned 2026")],
    "F062": [row(
        "US-021", "refining", "zinc, lead, copper, precious and minor metals", 540000, "t/yr",
        2029, "announced", "2025-12-15",
        "medium: total product tonnage, not battery-specific, so listed, not counted; "
        "investment reported as US$6.6-7.4B",
        name="Korea Zinc US smelter (Crucible JV)",
        owners="Crucible JV: Korea Zinc, US Department of Defense and others",
        owner_country="South Korea; United States", jobs=740, in_capacity=False,
        note="Antimony, germanium, gallium and indium among the products; ~1.1 Mt feed a "
             "year; Gordonsville mine restart")],
    "F063": [row(
        "US-022", "recycling", "Li-ion battery pre-processing (black mass)", None, "", None,
        "announced", "2022", "low: 2022 announcement; status not found; listed, not counted",
        name="SungEel Recycling Park Georgia")],
    "F064": [row(
        "US-023", "recycling", "pre-treatment (shredding) of spent batteries and scrap", 12000,
        "t feed/yr", 2025, "announced", "2023-09-26",
        "low: JV signed Sep 2023 for a Jan 2025 start; status not found",
        name="SK ecoplant-TES-Ascend Elements pretreatment plant",
        owners="SK ecoplant (64%); Ascend Elements (25%); TES (11%)",
        owner_country="South Korea; United States")],
    "F066": [
        row("US-024", "vehicle assembly", "EVs and hybrids (Ioniq 5, Ioniq 9)", 300000,
            "vehicles/yr", 2024, "operating", "2025-03-26",
            "high: grand opening Mar 2025",
            name="Hyundai Motor Group Metaplant America (HMGMA)", jobs=1200,
            note="Investment is the whole campus incl. the HL-GA battery JV; 8,500 jobs by "
                 "2031 with on-site suppliers"),
        row("US-025", "vehicle assembly", "EVs and hybrids (at least a third hybrids)", 200000,
            "vehicles/yr", None, "announced", "2025-03-26",
            "medium: expansion to 500,000 a year announced without a date; listed, not "
            "counted",
            name="HMGMA expansion", investment=None, jobs=None)],
    "F067": [row(
        "US-026", "vehicle assembly", "all powertrains (incl. EV9)", 340000, "vehicles/yr",
        2009, "operating", "2023-07-13",
        "medium: capacity for all powertrains; the EV share is not given, so listed, not "
        "counted",
        name="Kia Georgia (West Point) plant", in_capacity=False, jobs=2700,
        note="EV9 from 2024; investment is the EV9 expansion (about 200 more jobs)")],
    "F068": [row(
        "US-027", "vehicle assembly", "all powertrains (incl. Genesis GV70 electrified)", None,
        "", 2005, "operating", "2023-07-13",
        "medium: capacity not found; listed, not counted",
        name="Hyundai Motor Manufacturing Alabama (HMMA)", jobs=200,
        note="Investment and jobs are the EV line only")],
    # --- elsewhere (one line each) ---
    "F069": [row(
        "PL-001", "cell", "EV cells; LFP ESS planned", 86, "GWh/yr", None, "operating", "2023",
        "medium: c. 2023 figure (86 going to 90 GWh)", name="LG Energy Solution Wroclaw plant")],
    "F070": [row(
        "CN-001", "cell", "EV cells; LFP ESS cells", 62, "GWh/yr", None, "operating", "2025",
        "low: low-quality source (62 GWh with a plan to 145 GWh)",
        name="LG Energy Solution Nanjing plant")],
    "F071": [
        row("ID-001", "cell", "NCMA EV cells", 10, "GWh/yr", 2024, "operating", "2025-04-30",
            "high: operating since 2024", name="HLI Green Power (phase 1)",
            owners="Hyundai Motor Group; LG Energy Solution"),
        row("ID-002", "cell", "NCMA EV cells", 10, "GWh/yr", None, "under construction",
            "2025-04-30",
            "medium: expansion to 20 GWh under way (Apr 2025) without a date; listed, not "
            "counted",
            name="HLI Green Power (phase 2)", owners="Hyundai Motor Group; LG Energy Solution",
            investment=None)],
    "F072": [row(
        "HU-001", "cell", "EV cells", 30, "GWh/yr", 2018, "operating", "2021-02-24",
        "medium: 30 GWh reported Feb 2021 with an expansion to over 40 GWh; later figure not "
        "found",
        name="Samsung SDI Göd plant",
        note="Production from 2018; customers include BMW and Volkswagen",
        add=["electrive 2021-02-24 https://www.electrive.com/2021/02/24/samsung-sdi-expands-"
             "battery-production-in-hungary/"])],
    "F073": [row(
        "CN-002", "cell", "prismatic EV cells", None, "", None, "operating", "2024-12",
        "low: one secondary source, no capacity; listed, not counted",
        name="Samsung SDI Xi'an plant")],
    "F074": [
        row("HU-002", "cell", "NCM pouch EV cells", 7.5, "GWh/yr", 2020, "operating", "2024",
            "medium: plant figure from 2024 reports", name="SK On Komárom plant 1"),
        row("HU-003", "cell", "NCM pouch EV cells", 10, "GWh/yr", None, "operating", "2024",
            "medium: plant figure from 2024 reports; first year not found",
            name="SK On Komárom plant 2")],
    "F075": [row(
        "HU-004", "cell", "NCM pouch EV cells", 30, "GWh/yr", 2024, "operating", "2024",
        "medium: operating from Q2 2024", name="SK On Iváncsa plant",
        note="SK On's European total 47.5 GWh")],
    "F076": [
        row("HU-005", "cathode", "high-nickel NCA and NCM cathode", 54000, "t/yr", 2026,
            "operating", "2025-11-28",
            "high: completion ceremony Nov 2025; trial output from Oct 2025, series "
            "production from early 2026",
            name="EcoPro BM Debrecen cathode plant (phase 1)", jobs=630,
            note="First Korean cathode plant in Europe; mid-nickel and LFP to follow",
            add=["Korea Herald 2025-11-30 https://www.koreaherald.com/article/10626446",
                 "Debrecen4u 2025-11 https://debrecen4u.hu/ecopro-bm-hungarys-debrecen-plant-"
                 "was-handed-over"]),
        row("HU-006", "cathode", "cathode materials", 54000, "t/yr", None, "announced",
            "2025-11-28",
            "medium: expansion to 108,000 t/yr planned without a date; listed, not counted",
            name="EcoPro BM Debrecen cathode plant (expansion)", investment=None, jobs=None,
            add=["Korea Herald 2025-11-30 https://www.koreaherald.com/article/10626446"])],
    "F077": [row(
        "CN-003", "cathode", "cathode materials", 30000, "t/yr", None, "under construction",
        "2023-04-24",
        "low: under construction in 2023, completion not found; listed, not counted",
        name="POSCO Future M-Huayou cathode JV (Zhejiang)",
        owners="POSCO Future M; Huayou Cobalt", owner_country="South Korea; China")],
    "F078": [row(
        "PL-002", "recycling", "black mass from battery scrap", 7000, "t feed/yr", 2022,
        "operating", "2022-08-26", "medium: 2022 opening figures",
        name="POSCO Poland Legnica Sourcing Center (PLSC)",
        note="Scrap from LGES Wroclaw among feeds; black mass to POSCO HY Clean Metal")],
    "F079": [row(
        "HU-007", "recycling", "pre-processing to black mass", 50000, "t feed/yr", 2021,
        "operating", "2021-07", "medium: 2021 figures for the Bátonyterenye plant",
        name="SungEel HiTech Hungary plants", note="Black mass shipped to Korea")],
    "F080": [row(
        "CN-004", "recycling", "black mass", 1814, "t/yr", 2023, "operating", "2023-12-13",
        "medium: unit 1 output figure; unit 2 (to 3,628 t by end-2024) not confirmed",
        name="SK ecoplant/TES Yancheng pretreatment plant", owners="SK ecoplant (via TES)")],
    "F081": [row(
        "CN-005", "component", "fuel cell systems", 6500, "units/yr", 2023, "operating",
        "2025-03-11", "medium: figure from a 2025 report", name="HTWO Guangzhou fuel cell plant",
        owners="Hyundai Motor Group")],
    "F082": [row(
        "AR-001", "refining", "lithium hydroxide (from brine)", 25000, "t/yr", 2024,
        "operating", "2024-10-27",
        "high: completion of commercial plant 1 reported by the company and the province",
        name="POSCO Argentina lithium hydroxide plant (Sal de Oro, phase 1)",
        owners="POSCO Holdings (POSCO Argentina)", province="Salta", city="General Güemes",
        investment=830_000_000, investment_currency="USD", jobs=300,
        note="Brine from the Hombre Muerto salt flat; US$830M covers phase 1 up- and "
             "downstream",
        add=["pv magazine 2024-10-30 https://www.pv-magazine.com/2024/10/30/argentina-"
             "inaugurates-first-commercial-lithium-hydroxide-production-plant/",
             "Raw Materials News 2024-10 https://rawmaterials.news/posco-holdings-launches-new-"
             "lithium-hydroxide-plant-in-argentina"])],
}

# --- facilities beyond the reference files (each with its own sources) ---------------------

EXTRA = [
    row("CA-040", "mine", "nickel in concentrate", 45000, "t Ni/yr", 2024, "operating",
        "2024-12-03",
        "high: company release on completing the underground expansion; full ramp-up 2H2026",
        name="Voisey's Bay mine (underground expansion)", owners="Vale Base Metals",
        owner_country="Brazil", korean_link=False, korean_role="", country="Canada",
        province="Newfoundland and Labrador", city="Voisey's Bay (Labrador)",
        investment=2_940_000_000, investment_currency="USD", jobs=None,
        note="Also 20 kt/yr copper and 2.6 kt/yr cobalt; concentrate refined at Long Harbour "
             "(CA-011)",
        source="Vale Base Metals via Newswire 2024-12-03 https://www.newswire.ca/news-releases/"
               "vale-base-metals-complete-voisey-s-bay-transition-to-underground-mining-"
               "803490149.html"),
    row("CA-041", "mine", "nickel in concentrate", 40000, "t Ni/yr", 1997, "operating",
        "2024-02",
        "medium: 'over 40,000 t Ni a year for five years' (company executive, 2023); "
        "nameplate not published",
        name="Raglan mine", owners="Glencore", owner_country="Switzerland", korean_link=False,
        korean_role="", country="Canada", province="Quebec", city="Nunavik",
        note="Anuri mine opened Feb 2024, life extended to 2040; concentrate smelted at "
             "Sudbury and refined in Norway",
        source="GBR interview with Glencore 2023-06-27 https://gbreports.com/interview/pierre-"
               "barrette-clade-belanger ; Mining.com 2024-02 https://mining.com/glencore-banks-"
               "on-anuri-mine-to-extend-life-of-raglan-nickel-copper-project"),
    row("CA-042", "refining", "Class 1 nickel (and cobalt)", 33108, "t Ni/yr", 1954,
        "operating", "2019",
        "low: 2019 output used as the capacity; feed comes from the Moa joint venture in Cuba "
        "and later constraints were not checked",
        name="Sherritt Fort Saskatchewan refinery", owners="Sherritt International",
        owner_country="Canada", korean_link=False, korean_role="", country="Canada",
        province="Alberta", city="Fort Saskatchewan",
        note="3,376 t of cobalt in 2019 as a by-product",
        source="Sherritt sustainability report 2019 http://sustainability.sherritt.com/2019/"
               "case-studies?id=13"),
    row("CA-043", "recycling", "black mass from spent batteries and scrap", 10000,
        "t feed/yr", 2024, "paused", "2025-10-28",
        "medium: capacity at commissioning (2023 report, 20,000 t/yr with the space "
        "available); company in CCAA with staff laid off",
        name="Lithion Saint-Bruno recycling plant", owners="Lithion Technologies",
        owner_country="Canada", korean_link=True,
        korean_role="partner: Hyundai Canada (EV battery recycling, Oct 2025)",
        country="Canada", province="Quebec", city="Saint-Bruno-de-Montarville",
        investment=40_000_000, investment_currency="CAD", jobs=60,
        note="Completed June 2024, production from Nov 2024; CCAA and sale process from Oct "
             "2025",
        source="Recycling Today 2023 https://recyclingtoday.com/news/lithion-technologies-"
               "establishing-north-american-footprint ; Insolvency Insider 2025-10 "
               "https://insolvencyinsider.ca/p/lithion-technologies-files-for-ccaa-protection-"
               "to-pursue-sale-process-amid-liquidity-crisis ; Guide Auto 2025-10 "
               "https://mobile.guideautoweb.com/articles/80227/recyclage-de-batteries-l-"
               "entreprise-quebecoise-lithion-risque-la-faillite"),
    # Quebec and Ontario lithium mine projects (spodumene concentrate), added 2026-11-29
    row("CA-044", "mine", "spodumene concentrate (up to 6% Li2O)", 311000, "t/yr", 2024,
        "paused", "2024-08-06",
        "medium: capacity and jobs from the 2023 project update; investment paused Aug 2024 "
        "and under Rio Tinto review until 1H2026 (counted only if restarted)",
        name="James Bay Lithium (Galaxy) mine", owners="Rio Tinto",
        owner_country="United Kingdom", korean_link=False, korean_role="", country="Canada",
        province="Quebec", city="Eeyou Istchee James Bay (Eastmain)", jobs=167,
        note="Operating jobs (280 in construction); start was expected in 2024 before the "
             "pause; a feed option for Nemaska's Bécancour plant (CA-010)",
        source="Mining Weekly 2023-10-06 'James Bay lithium project, Canada - update' "
               "http://www.miningweekly.com/print-version/james-bay-lithium-project-canada-"
               "update-2023-10-06 ; BNN Bloomberg 2024-08-06 https://www.bnnbloomberg.ca/"
               "investing/2024/08/06/arcadium-lithium-pauses-expansion-plans-on-prices-"
               "supply-glut/ ; Mining Technology 2026-02 https://www.mining-technology.com/"
               "news/rio-tinto-secures-majority-interest-nemaska-lithium"),
    row("CA-045", "mine", "spodumene concentrate (above 6% Li2O)", None, "t/yr", None,
        "paused", "2026-02-18",
        "low: partially built; no current annual capacity or date published (6.6 Mt of "
        "concentrate over a 33-year life in the 2019 plan); listed, not counted",
        name="Whabouchi mine (Nemaska Lithium)",
        owners="Rio Tinto (53.9%); Investissement Québec (46.1%)",
        owner_country="United Kingdom; Canada", korean_link=False, korean_role="",
        country="Canada", province="Quebec", city="Nemaska",
        note="Feed for the Bécancour hydroxide plant (CA-010) under review with Galaxy "
             "(CA-044); a 2018 LG Chem hydroxide offtake was signed before the 2019 "
             "restructuring and is not confirmed since",
        source="MINING.COM 2026-02-18 https://www.mining.com/?p=1199809 ; Mining Data Online "
               "https://miningdataonline.com/property/1684/Whabouchi-Project.aspx ; Mining "
               "Journal 2018 https://www.mining-journal.com/energy-minerals/news/1341810/"
               "lg-chem-locks-nemaska-lithium-supply"),
    row("CA-046", "mine", "spodumene concentrate (5.56% and 6.16% Li2O)", 203765, "t/yr",
        None, "announced", "2023",
        "medium: updated feasibility study (157,706 t chemical and 46,059 t technical "
        "grade); permitted, financing not closed, no start date; listed, not counted",
        name="Rose lithium-tantalum project", owners="Critical Elements Lithium",
        owner_country="Canada", korean_link=False, korean_role="", country="Canada",
        province="Quebec", city="Eeyou Istchee James Bay (Nemaska)",
        investment=611_200_000, investment_currency="USD",
        source="The Northern Miner 2023 'Updated Rose feasibility study lifts Critical "
               "Elements shares' https://secure.northernminer.com/financing/updated-rose-"
               "feasibility-study-lifts-critical-elements-shares/1003858195"),
    row("CA-047", "mine", "spodumene concentrate (SC5.5)", 400000, "t/yr", 2028, "announced",
        "2024-08-21",
        "medium: stage 1 of the 2024 preliminary economic assessment; commissioning hoped "
        "for end-2028; stage 2 (800,000 t/yr) not counted",
        name="Shaakichiuwaanaan (Corvette) lithium project, stage 1",
        owners="Patriot Battery Metals", owner_country="Canada", korean_link=False,
        korean_role="", country="Canada", province="Quebec",
        city="Eeyou Istchee James Bay", investment=640_000_000, investment_currency="CAD",
        note="Volkswagen PowerCo offtake of 100,000 t/yr of SC5.5 (Dec 2024)",
        source="MINING.COM 2024-08 'Patriot Battery targets 400,000 t/y at Quebec lithium "
               "project' https://mining.com/?p=1158645 ; GBR Quebec Mining 2024 interview "
               "https://projects.gbreports.com/quebec-mining-2024/patriot-battery-metals-"
               "interview ; PR Newswire via ADVFN 2024-12-18 https://ih.advfn.com/stock-"
               "market/TSX/PMET/stock-news/95117733/c-69-million-investment-offtake-and-"
               "strategic-pa"),
    row("CA-048", "mine", "spodumene concentrate (6% Li2O)", 300000, "t/yr", None,
        "announced", "2024-02",
        "medium: definitive feasibility study; about two years of construction after "
        "permits and financing, no date; listed, not counted",
        name="Moblan lithium project", owners="Elevra Lithium (ex-Sayona, 60%); SOQUEM (40%)",
        owner_country="Australia; Canada", korean_link=False, korean_role="",
        country="Canada", province="Quebec", city="north of Chibougamau",
        investment=926_000_000, investment_currency="CAD",
        source="MineListings 2024 'Sayona delivers Moblan lithium feasibility with $1.6 "
               "billion NPV' https://minelistings.com/mine-news/sayona-delivers-moblan-"
               "lithium-feasibility-with-1-6-billion-npv"),
    row("CA-049", "mine", "spodumene concentrate (SC6)", 200000, "t/yr", 2030, "announced",
        "2025-05-28",
        "high: capacity and capital cost from the 2025 definitive feasibility study; "
        "investment decision expected within 24 months, full operation 'by 2030'",
        name="PAK lithium project", owners="Frontier Lithium (92.5%); Mitsubishi (7.5%)",
        owner_country="Canada; Japan", korean_link=False, korean_role="", country="Canada",
        province="Ontario", city="north of Red Lake", investment=943_000_000,
        investment_currency="CAD",
        source="Frontier Lithium via PR Newswire/FT Markets 2025-05-28 https://markets.ft.com/"
               "data/announce/detail?dockey=600-202505282217CANADANWCANADAPR_C4312-1 ; "
               "ChemAnalyst 2025-05-30 (capital cost) ; NWOnewswatch 2024-03 "
               "https://nwonewswatch.com/local-news/frontier-lithium-and-mitsubishi-join-the-"
               "race-to-open-lithium-mine-in-nwo-8394727"),
    row("CA-050", "mine", "spodumene concentrate (SC6)", 100000, "t/yr", None, "announced",
        "2022-11-16",
        "low: 2022 prefeasibility study, no later status found, no date; listed, not counted",
        name="Georgia Lake lithium project", owners="Rock Tech Lithium",
        owner_country="Canada", korean_link=False, korean_role="", country="Canada",
        province="Ontario", city="northeast of Thunder Bay", investment=192_200_000,
        investment_currency="USD",
        source="The Northern Miner 2022-11 'Rock Tech drops lithium refinery plans in new "
               "Georgia Lake prefeasibility' https://secure.northernminer.com/news/rock-tech-"
               "drops-lithium-refinery-plans-georgia-lake-prefeasbility/1003848640"),
    row("CA-051", "mine", "spodumene concentrate (5.5% Li2O)", 282000, "t/yr", 2028,
        "announced", "2025-03",
        "low: scoping study of Sep 2024 (a later PEA averages 255.9 kt/yr); construction "
        "could begin in 2027, operation the year after; owner seeking a partner",
        name="Adina lithium project", owners="Winsome Resources", owner_country="Australia",
        korean_link=False, korean_role="", country="Canada", province="Quebec",
        city="Eeyou Istchee James Bay", investment=260_000_000, investment_currency="USD",
        source="The Northern Miner 2024-09 'Winsome study pegs Adina lithium project cost at "
               "US$260M' https://northernminer.com/news/winsome-asserts-economics-of-quebec-"
               "lithium-project-using-ex-diamond-mine/1003871400 ; MINING.COM 2024-09-17 "
               "https://mining.com/winsome-resources-confirms-canadian-lithium-projects-"
               "potential ; NS Energy https://nsenergybusiness.com/projects/adina-lithium-"
               "project-canada ; Mining Technology 2025-03 https://mining-technology.com/"
               "interviews/winsome-resources-outlines-next-steps-for-adina-lithium-project"),
    row("HU-008", "refining", "lithium hydroxide", 8000, "t/yr", 2026, "operating",
        "2025-11-28",
        "medium: capacity from the completion reports; output starts with the cathode plant",
        name="EcoPro Innovation Debrecen lithium hydroxide plant", owners="EcoPro Innovation",
        owner_country="South Korea", korean_link=True, korean_role="owner: EcoPro group",
        country="Hungary", province="Hajdú-Bihar", city="Debrecen",
        note="On the EcoPro Debrecen campus with the cathode plant (HU-005)",
        source="Korea Herald 2025-11-30 https://www.koreaherald.com/article/10626446 ; "
               "Korea JoongAng Daily 2025-11-30 https://koreajoongangdaily.joins.com/news/"
               "2025-11-30/business/industry/EcoPro-completes-construction-of-cathode-"
               "material-plant-in-Hungary/2466339"),
    row("AR-002", "refining", "lithium hydroxide (from brine)", 25000, "t/yr", 2025,
        "under construction", "2024-10-30",
        "medium: second phase due 2H2025 with about KRW1T; completion not confirmed",
        name="POSCO Argentina lithium hydroxide plant (Sal de Oro, phase 2)",
        owners="POSCO Holdings (POSCO Argentina)", owner_country="South Korea",
        korean_link=True, korean_role="owner: POSCO Holdings", country="Argentina",
        province="Salta", city="", investment=1e12, investment_currency="KRW",
        note="Would bring POSCO Argentina to 50,000 t/yr; a third phase is planned",
        source="pv magazine 2024-10-30 https://www.pv-magazine.com/2024/10/30/argentina-"
               "inaugurates-first-commercial-lithium-hydroxide-production-plant/ ; Raw "
               "Materials News 2024-10 https://rawmaterials.news/posco-holdings-launches-new-"
               "lithium-hydroxide-plant-in-argentina"),
]

# The Argentina phase-1 row's place comes from the added sources, not the reference.
ISO = {"Canada": "CA", "South Korea": "KR", "United States": "US", "Poland": "PL",
       "China": "CN", "Indonesia": "ID", "Hungary": "HU", "Argentina": "AR"}


# --- parsing helpers ------------------------------------------------------------------------

def urls(text: str) -> list[str]:
    return [t for t in re.split(r"\s+;\s+|\s+", text.strip()) if t.startswith("http")]


def plain_number(text: str):
    """A number written plainly (``5,000,000,000``, ``49.5``), else ``None``."""
    text = text.strip().replace(",", "")
    return float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None


def short_place(text: str) -> str:
    """``North Chungcheong (Chungcheongbuk-do)`` -> ``North Chungcheong``."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def from_canada(ref: pd.Series, spec: dict) -> dict:
    base = {
        "name": ref.facility, "owners": ref.owners_operator, "owner_country": "",
        "korean_link": ref.korean_link.upper().startswith("YES"), "korean_role": "",
        "country": "Canada", "province": PROVINCES[ref.province], "city": ref.location,
        "investment": plain_number(ref.investment_cad), "investment_currency": "CAD",
        "jobs": plain_number(ref.jobs_direct), "note": "", "source": urls(ref.sources),
    }
    return finish(base, spec)


def from_korea(ref: pd.Series, spec: dict) -> dict:
    owners = ref.company + (f"; {ref.jv_partners}" if ref.jv_partners else "")
    base = {
        "name": ref.facility, "owners": owners, "owner_country": "South Korea",
        "korean_link": True, "korean_role": f"owner: {ref.company}", "country": ref.country,
        "province": short_place(ref.province_state), "city": short_place(ref.city),
        "investment": plain_number(ref.investment),
        "investment_currency": ref.investment_currency,
        "jobs": plain_number(ref.jobs), "note": "", "source": urls(ref.sources),
    }
    return finish(base, spec)


def finish(base: dict, spec: dict) -> dict:
    spec = dict(spec)
    added = spec.pop("add", [])
    out = {**base, **spec}
    out["source"] = " ; ".join([*base["source"], *added])
    return out


def number_text(value) -> str:
    """``30000.0`` -> ``30000``; ``49.5`` stays; missing -> blank."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def tidy(out: dict) -> dict:
    """Defaults and formats shared by every row."""
    out.setdefault("in_capacity", out["capacity"] is not None and (
        out["start_year"] is not None or out["status"] == "operating"))
    if not out.get("owner_country") or not out.get("source"):
        raise SystemExit(f"{out['id']}: owner_country and source are required")
    if out.get("investment") is None:
        out["investment"], out["investment_currency"] = None, ""
    for key in ("capacity", "investment"):
        value = out[key]
        if value is not None and float(value).is_integer():
            out[key] = int(value)
    if out.get("jobs") is not None:
        out["jobs"] = int(out["jobs"])
    return out


# --- the compilation --------------------------------------------------------------------------

def check_sources_md(ref: Path) -> None:
    text = (ref / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("facilities_canada.csv", "facilities_korea.csv"):
        line = next((ln for ln in text.splitlines() if name in ln), None)
        if line is None:
            raise SystemExit(f"SOURCES.md no longer describes {name}: review before compiling")
        print(f"SOURCES.md: {line[:110]}...")


def compile_rows(ref: Path) -> pd.DataFrame:
    canada = pd.read_csv(ref / "corridor" / "facilities_canada.csv", dtype=str,
                         keep_default_na=False)
    korea = pd.read_csv(ref / "corridor" / "facilities_korea.csv", dtype=str,
                        keep_default_na=False)
    rows, used = [], set()
    for _, ref_row in canada.iterrows():
        keys = [k for k in CANADA if ref_row.facility.startswith(k)]
        if len(keys) != 1:
            raise SystemExit(f"no single curation entry for Canadian row {ref_row.facility!r}")
        used.add(keys[0])
        rows += [from_canada(ref_row, spec) for spec in CANADA[keys[0]]]
    by_id = {r["id"]: r for r in rows}
    for _, ref_row in korea.iterrows():
        key = ref_row.row_id
        if key in MERGED:
            target = by_id[MERGED[key]]
            extra = [u for u in urls(ref_row.sources) if u not in target["source"]]
            target["source"] = " ; ".join([target["source"], *extra]).strip(" ;")
            continue
        if key not in KOREA:
            raise SystemExit(f"no curation entry for Korean row {key} ({ref_row.facility})")
        used.add(key)
        rows += [from_korea(ref_row, spec) for spec in KOREA[key]]
    unused = (set(CANADA) | set(KOREA)) - used
    if unused:
        raise SystemExit(f"curation entries match no reference row: {sorted(unused)}")
    rows += [dict(r) for r in EXTRA]
    df = pd.DataFrame([tidy(r) for r in rows])
    bad = df[df.apply(lambda r: not r.id.startswith(ISO[r.country] + "-"), axis=1)]
    if len(bad):
        raise SystemExit(f"id prefix does not match the country: {bad.id.tolist()}")
    df = df.sort_values("id", key=lambda s: s.str[:2].map(
        {c: i for i, c in enumerate(ISO.values())}) * 1000 + s.str[3:].astype(int))
    for column in ("capacity", "investment"):
        df[column] = df[column].map(number_text)
    df["korean_link"] = df.korean_link.map({True: "true", False: "false"})
    df["in_capacity"] = df.in_capacity.map({True: "true", False: "false"})
    for column in ("start_year", "jobs"):
        df[column] = df[column].astype("Int64")
    return df[list(COLUMNS)].reset_index(drop=True)


def resource() -> dict:
    """The ``facilities`` resource of the data package (schema kept in step with the code)."""
    def field(name, ftype, description, **constraints):
        out = {"name": name, "type": ftype, "description": description}
        if constraints:
            out["constraints"] = constraints
        return out

    units = list(UNITS)
    return {
        "name": "facilities",
        "path": "facilities.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "encoding": "utf-8",
        "title": "Facility registry: Canada's battery value chain and the Korean plants that "
                 "matter to the corridor",
        "description": "One row per facility or phase: stage, product, nameplate capacity and "
                       "unit, start year, status and its date, owners and their home "
                       "countries, Korean link, investment, direct jobs, sources and a "
                       "confidence note. Compiled by tools/compile_facilities.py; rows with "
                       "in_capacity false are listed but never summed.",
        "schema": {
            "fields": [
                field("id", "string", "stable id: ISO country code and three digits",
                      required=True, pattern=r"^[A-Z]{2}-\d{3}$"),
                field("name", "string", "facility and phase", required=True),
                field("owners", "string", "owners and shares, '; '-separated", required=True),
                field("owner_country", "string",
                      "home country of the lead owner(s), '; '-separated for joint ventures",
                      required=True),
                field("korean_link", "boolean",
                      "a Korean company owns, co-owns, buys from or partners the facility",
                      required=True),
                field("korean_role", "string", "what the Korean link is"),
                field("country", "string", "country of the facility", required=True),
                field("province", "string", "province or state"),
                field("city", "string", "city or site"),
                field("stage", "string", "value-chain stage", required=True,
                      enum=list(STAGES)),
                field("product", "string", "main product, normalised", required=True),
                field("capacity", "number", "nameplate capacity of the row (positive)",
                      minimum=0),
                field("unit", "string", "unit of capacity; each stage allows only some",
                      enum=units),
                field("in_capacity", "boolean",
                      "true if the row enters capacity sums (usable capacity and start year, "
                      "battery-chain product)", required=True),
                field("start_year", "integer",
                      "first year of the capacity; blank only for operating plants whose "
                      "first year was not found", minimum=1900, maximum=2100),
                field("status", "string", "status at status_date", required=True,
                      enum=list(STATUSES)),
                field("status_date", "string", "date of the status (YYYY, YYYY-MM or "
                      "YYYY-MM-DD)", required=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
                field("investment", "number", "announced investment", minimum=0),
                field("investment_currency", "string", "currency of investment",
                      enum=list(CURRENCIES)),
                field("jobs", "integer", "direct jobs (planned or current, see note)",
                      minimum=0),
                field("note", "string", "context, in our words"),
                field("source", "string", "sources: URLs, publisher and date where added",
                      required=True),
                field("confidence", "string", "high / medium / low, with the reason",
                      required=True),
            ],
            "primaryKey": ["id"],
        },
    }


def write_descriptor() -> None:
    """Add or replace the ``facilities`` resource, leaving the others as they are."""
    path = OUT / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))  # re-read right before writing
    resources = [r for r in descriptor["resources"] if r["name"] != "facilities"]
    descriptor["resources"] = [*resources, resource()]
    path.write_text(json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def main(ref: Path) -> None:
    check_sources_md(ref)
    df = compile_rows(ref)
    validate_facilities(df, "compiled facility table")
    df.to_csv(OUT / "facilities.csv", index=False)
    write_descriptor()
    print(f"wrote {len(df)} facilities to {OUT / 'facilities.csv'}")
    print(df.groupby(["country", "stage"]).size().unstack(fill_value=0).to_string())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tools/compile_facilities.py REFERENCE_DIR")
    main(Path(sys.argv[1]))
