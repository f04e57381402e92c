"""Named dimensions and the one vocabulary: regions, segments, chemistries, minerals, stages.

Stages, statuses, regions, countries and minerals, with every alias a source or a user
writes for them, are data (``data/vocabulary.csv``: one row per alias, ``source`` saying
whose word it is: ``corridor`` for the one name used in code, ``iamc`` for the label in
variable names, ``eu_crm`` for the EU criticality study, ``user`` for what people type).
Code uses only the ``corridor`` names; :func:`lookup` turns any alias into one and
:func:`label` turns one into a source's word. Keeping the coordinates here is what lets
misaligned inputs raise instead of silently broadcasting.

Examples
--------
>>> lookup("stage", "CAM"), lookup("stage", "Mining"), label("stage", "mining", "eu_crm")
('cathode', 'mining', 'extraction')
>>> lookup("country", "kr"), region_of("Norway")
('South Korea', 'Europe')
"""

from __future__ import annotations

import csv
from importlib import resources

from corridor.errors import InputError


def _read_vocabulary() -> list[dict[str, str]]:
    path = resources.files("corridor") / "data" / "vocabulary.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


VOCABULARY = _read_vocabulary()


def names(kind: str) -> tuple[str, ...]:
    """The corridor names of ``kind`` (stage, status, region, country, mineral), in table
    order."""
    return tuple(r["name"] for r in VOCABULARY if r["kind"] == kind and r["source"] == "corridor")


def _key(text: str) -> str:
    return " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())


_ALIASES = {(r["kind"], _key(r["alias"])): r["name"] for r in VOCABULARY}
_LABELS = {(r["kind"], r["name"], r["source"]): r["alias"] for r in VOCABULARY}


def lookup(kind: str, text: str) -> str:
    """The corridor name of any alias of ``kind`` (case, dashes and underscores ignored).

    Raises
    ------
    InputError
        Naming the unknown value and the choices.
    """
    name = _ALIASES.get((kind, _key(text)))
    if name is None:
        raise InputError(f"unknown {kind} {text!r} (choose from: {', '.join(names(kind))})")
    return name


def label(kind: str, name: str, source: str) -> str:
    """The word ``source`` uses for a corridor name (the name itself if it has no own word)."""
    return _LABELS.get((kind, name, source), name)


WORLD = "World"
#: The six parts that sum exactly to World.
REGION_PARTS = tuple(r["name"] for r in VOCABULARY if r["kind"] == "region"
                     and r["source"] == "corridor" and r["parent"] == WORLD)
REGIONS = (WORLD, *REGION_PARTS)
#: The two countries of the corridor, and their sum as a reporting region.
CORRIDOR = ("Canada", "South Korea")
CORRIDOR_REGION = "Canada+South Korea"

MODES = ("Cars", "Vans", "Buses", "Trucks", "Two/Three-Wheelers")
POWERTRAINS = ("BEV", "PHEV", "FCEV")
#: Vehicle segments as ``mode|powertrain`` (IEA Global EV Outlook categories).
SEGMENTS = (*(f"{mode}|{pt}" for mode in MODES[:4] for pt in POWERTRAINS),
            "Two/Three-Wheelers|BEV")
FUEL_CELL_SEGMENTS = tuple(s for s in SEGMENTS if s.endswith("|FCEV"))
STORAGE = "Stationary Storage"
#: Battery applications: road vehicles and stationary storage.
BATTERY_APPLICATIONS = ("Electric Vehicles", STORAGE)
#: Applications of material demand: batteries, and fuel-cell stacks (platinum).
APPLICATIONS = (*BATTERY_APPLICATIONS, "Fuel Cell Vehicles")
#: Lifetime groups: vehicle modes and stationary storage.
LIFETIME_GROUPS = (*MODES, STORAGE)

#: Cell chemistries by cathode (BatPaC naming; NMC95 is the high-nickel, low-cobalt family,
#: LMNO the manganese-rich one), with sodium-ion and solid-state (NMC811 cathode on a
#: lithium-metal anode) as chemistries of their own.
CHEMISTRIES = (
    "NMC111", "NMC532", "NMC622", "NMC811", "NMC95", "NCA", "LFP", "LMFP", "LMO", "LMNO",
    "Sodium-ion", "Solid-state",
)
#: Anodes. Liquid lithium-ion cells take graphite or a silicon-graphite blend; solid-state
#: and sodium-ion cells have one anode each (:data:`OWN_ANODE`).
ANODES = ("Graphite", "Silicon-graphite", "Lithium metal", "Hard carbon")
OWN_ANODE = {"Solid-state": "Lithium metal", "Sodium-ion": "Hard carbon"}
#: Graphite by origin: natural is mined, synthetic is made from needle coke or pitch
GRAPHITE_FORMS = ("Natural", "Synthetic")
#: Every mineral of the model: the battery chain's, then those of the other clean-energy
#: technologies (rare earths, silver, zinc, ...).
MINERALS = names("mineral")
#: Minerals of battery packs and fuel-cell stacks (platinum): the battery chain carries
#: these only, which keeps its Monte Carlo arrays small.
CHAIN_MINERALS = MINERALS[:MINERALS.index("Platinum") + 1]
#: Bulk materials, left out of the clean-energy mineral total as the outlooks count it
#: (IEA 2021, The Role of Critical Minerals in Clean Energy Transitions: steel and
#: aluminium excluded); phosphorus, a fertiliser commodity, is not counted either.
BULK_MATERIALS = ("Aluminium", "Phosphorus")
CRITICAL_MINERALS = tuple(m for m in MINERALS if m not in BULK_MATERIALS)
#: Groups of minerals that publications report together: the IEA's magnet rare earth
#: elements (Global Critical Minerals Outlook 2024) are neodymium, praseodymium,
#: dysprosium and terbium. Supply balances and concentration take the group.
MINERAL_GROUPS = {"Magnet Rare Earths": ("Neodymium", "Praseodymium", "Dysprosium",
                                         "Terbium")}
#: Minerals and groups of the supply side.
SUPPLY_MINERALS = (*MINERALS, *MINERAL_GROUPS)
#: Minerals of battery packs; platinum is in fuel-cell stacks only.
BATTERY_MINERALS = tuple(m for m in CHAIN_MINERALS if m != "Platinum")

#: Stages of the value chain, upstream to downstream, then recycling and components.
STAGES = names("stage")
#: Facility statuses, from firmest to weakest, then stopped.
STATUSES = names("status")
#: The region of each named country (Europe: EU27 + EFTA + United Kingdom).
COUNTRY_REGION = {r["name"]: r["parent"] for r in VOCABULARY
                  if r["kind"] == "country" and r["source"] == "corridor"}

FIRST_YEAR = 2010  # IEA EV sales history starts here; earlier EV sales are negligible
LAST_YEAR = 2050
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))


def mode_of(segment: str) -> str:
    """Vehicle mode of a segment.

    >>> mode_of("Cars|BEV")
    'Cars'
    """
    return segment.split("|")[0]


def region_of(country: str) -> str:
    """Corridor region of a country (anything not named, and any residual, is Rest of World).

    >>> region_of("Russia"), region_of("South Korea")
    ('Rest of World', 'South Korea')
    """
    return COUNTRY_REGION.get(country, "Rest of World")
