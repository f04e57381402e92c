"""Named coordinates shared by every module: regions, segments, chemistries, minerals, years.

Keeping them in one place is what lets misaligned inputs raise instead of silently
broadcasting (see ``corridor.data`` and ``corridor.model.checks``).
"""

from __future__ import annotations

WORLD = "World"
#: The six parts that sum exactly to World.
REGION_PARTS = ("Canada", "South Korea", "United States", "China", "Europe", "Rest of World")
REGIONS = (WORLD, *REGION_PARTS)

MODES = ("Cars", "Vans", "Buses", "Trucks", "Two/Three-Wheelers")
POWERTRAINS = ("BEV", "PHEV", "FCEV")
#: Vehicle segments as ``mode|powertrain`` (IEA Global EV Outlook categories).
SEGMENTS = (*(f"{mode}|{pt}" for mode in MODES[:4] for pt in POWERTRAINS),
            "Two/Three-Wheelers|BEV")
FUEL_CELL_SEGMENTS = tuple(s for s in SEGMENTS if s.endswith("|FCEV"))
STORAGE = "Stationary Storage"
#: Battery applications: road vehicles and stationary storage.
APPLICATIONS = ("Electric Vehicles", STORAGE)

#: Cathode chemistries (BatPaC naming, sodium-ion as a chemistry of its own).
CHEMISTRIES = (
    "NMC111", "NMC532", "NMC622", "NMC811", "NMC95", "NCA", "LFP", "LMFP", "LMO", "Sodium-ion",
)
BATTERY_MINERALS = (
    "Lithium", "Nickel", "Cobalt", "Manganese", "Graphite", "Copper", "Aluminium", "Phosphorus",
)
MINERALS = (*BATTERY_MINERALS, "Platinum")

#: Stages of the value chain, upstream to downstream, then recycling and components.
STAGES = ("mine", "refining", "precursor", "cathode", "anode", "cell", "pack",
          "vehicle assembly", "recycling", "component")
#: How stages are named in IAMC variables.
STAGE_NAMES = {"mine": "Mining", "refining": "Refining", "precursor": "Precursor",
               "cathode": "Cathode", "anode": "Anode", "cell": "Cell", "pack": "Pack",
               "vehicle assembly": "Vehicle Assembly", "recycling": "Recycling",
               "component": "Component"}
#: Facility statuses, from firmest to weakest, then stopped.
STATUSES = ("operating", "under construction", "committed", "announced", "paused", "cancelled")
#: The two countries of the corridor, and their sum as a reporting region.
CORRIDOR = ("Canada", "South Korea")
CORRIDOR_REGION = "Canada+South Korea"

#: Europe in corridor: EU27 + EFTA + United Kingdom.
EUROPE = frozenset({
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia",
    "Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia",
    "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania",
    "Slovakia", "Slovenia", "Spain", "Sweden",
    "Iceland", "Liechtenstein", "Norway", "Switzerland", "United Kingdom",
})

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

    >>> region_of("Norway"), region_of("Russia"), region_of("South Korea")
    ('Europe', 'Rest of World', 'South Korea')
    """
    if country in REGION_PARTS[:-2]:
        return country
    return "Europe" if country in EUROPE else "Rest of World"
