"""The shipped facility registry: known plants, counts, citations, Korean links."""

from __future__ import annotations

import pytest

from corridor.supply.registry import (
    conversions,
    filter_facilities,
    load_facilities,
)


@pytest.fixture(scope="module")
def facilities(data):
    return load_facilities(data)


def by_id(df, fid):
    return df.set_index("id").loc[fid]


def test_rows_per_country(facilities):
    assert facilities.country.value_counts().to_dict() == {
        "South Korea": 45, "Canada": 51, "United States": 27, "Hungary": 8, "China": 5,
        "Poland": 2, "Indonesia": 2, "Argentina": 2}
    assert facilities.id.is_unique


def test_nextstar_is_49_5_gwh_and_korean(facilities):
    nextstar = by_id(facilities, "CA-001")
    assert nextstar["name"] == "NextStar Energy battery plant"
    assert (nextstar.capacity, nextstar.unit, nextstar.status) == (49.5, "GWh/yr", "operating")
    assert nextstar.korean_link and nextstar.in_capacity
    assert "LG Energy Solution" in nextstar.owners


@pytest.mark.parametrize(("fid", "capacity", "unit", "status", "start"), [
    ("CA-002", 30000, "t/yr", "under construction", 2026),   # Ultium CAM phase 1
    ("CA-004", 45000, "t/yr", "paused", 2027),               # EcoPro CAM Canada
    ("CA-010", 32000, "t/yr", "under construction", 2028),   # Nemaska hydroxide
    ("CA-014", 90, "GWh/yr", "under construction", 2027),    # PowerCo St. Thomas
    ("CA-015", 30, "GWh/yr", "cancelled", 2026),             # Northvolt Six phase 1
    ("KR-008", 90000, "t/yr", "operating", 2022),            # POSCO Future M Gwangyang 1-4
    ("KR-028", 42600, "t Ni/yr", "under construction", 2026),  # KEMCO nickel refinery
    ("US-015", 37, "GWh/yr", "operating", 2025),             # BlueOval SK Kentucky 1
])
def test_known_plants(facilities, fid, capacity, unit, status, start):
    plant = by_id(facilities, fid)
    assert (plant.capacity, plant.unit, plant.status, plant.start_year) == (
        capacity, unit, status, start)


def test_phases_add_up_to_the_announced_totals(facilities):
    volta = facilities[facilities.name.str.startswith("Volta Energy Solutions Canada")]
    assert volta.capacity.sum() == 63000  # 25,000 t first, 63,000 t in full
    ppls = facilities[facilities.name.str.startswith("POSCO Pilbara Lithium Solution")]
    assert ppls.capacity.sum() == 43000  # two trains of 21,500 t LiOH
    assert set(ppls.start_year) == {2023, 2024}


def test_hand_summed_capacity(facilities):
    counted = facilities[facilities.in_capacity]
    canada_cells = counted[(counted.country == "Canada") & (counted.unit == "GWh/yr")
                           & (counted.stage == "cell")]
    # NextStar 49.5 operating; PowerCo 90 building; Honda 36 paused; Northvolt 30 cancelled
    assert canada_cells.groupby("status").capacity.sum().to_dict() == {
        "operating": 49.5, "under construction": 90, "paused": 36, "cancelled": 30}
    korea_cam = counted[(counted.country == "South Korea") & (counted.stage == "cathode")
                        & (counted.status == "operating")]
    # Gwangyang 90k + Pohang NCMA 30k + Pohang NCA 30k + Gumi 10k + EcoPro 54k + 36k
    assert korea_cam.capacity.sum() == 250_000


def test_korean_links_in_canada(facilities):
    linked = filter_facilities(facilities, country="Canada", korean_link=True)
    assert set(linked.id) == {
        "CA-001", "CA-002", "CA-003", "CA-004", "CA-005", "CA-006", "CA-007", "CA-008",
        "CA-009", "CA-018", "CA-031", "CA-032", "CA-033", "CA-034", "CA-043"}
    assert (linked.korean_role.str.len() > 5).all()


def test_every_row_is_cited_and_graded(facilities):
    assert facilities.source.str.contains("http").all()
    assert facilities.confidence.str.match(r"^(high|medium|low): \S").all()


def test_counted_rows_have_capacity_unit_and_year(facilities, data):
    counted = facilities[facilities.in_capacity]
    assert (counted.capacity > 0).all()
    rules = conversions(data).index
    assert all(key in rules for key in zip(counted.stage, counted.product_class, counted.unit,
                                           strict=True))
    blank_year = counted[counted.start_year.isna()]
    assert (blank_year.status == "operating").all()


def test_rows_left_out_say_why(facilities):
    left_out = facilities[~facilities.in_capacity]
    assert len(left_out) > 20
    assert left_out.confidence.str.contains("not counted").all()


def test_regions(facilities):
    region = facilities.set_index("id").region
    assert (region["CA-001"], region["HU-005"], region["AR-001"], region["KR-008"]) == (
        "Canada", "Europe", "Rest of World", "South Korea")


def test_filter_canadian_cathode(facilities):
    ids = filter_facilities(facilities, country="CA", stage="cathode").id
    # Ultium CAM, EcoPro CAM Canada, Honda-POSCO Future M, Umicore, BASF
    assert ids.tolist() == ["CA-002", "CA-004", "CA-018", "CA-020", "CA-021"]


@pytest.mark.parametrize("country", ["CA", "ca", "Canada", "CANADA", ["Canada"]])
def test_country_names_people_type(facilities, country):
    assert len(filter_facilities(facilities, country=country)) == 51


def test_korea_aliases_and_stage_aliases(facilities):
    by_name = filter_facilities(facilities, country="South Korea", stage="cathode")
    assert filter_facilities(facilities, country="KR", stage="CAM").equals(by_name)
    assert filter_facilities(facilities, country="Korea", stage="Cathode").equals(by_name)
    assert len(by_name) == 14


def test_filter_by_owner_and_status(facilities):
    korean_owned_us_cells = filter_facilities(facilities, country="US", stage="cell",
                                              owner_country="KR", status="operating")
    assert set(korean_owned_us_cells.id) == {"US-004", "US-009", "US-013", "US-014", "US-015"}
    stopped = filter_facilities(facilities, country="CA", status=["paused", "Cancelled"])
    assert {"CA-004", "CA-015", "CA-016", "CA-017"} <= set(stopped.id)
    assert set(stopped.status) == {"paused", "cancelled"}


def test_filter_without_korean_link(facilities):
    others = filter_facilities(facilities, country="CA", korean_link=False)
    assert len(others) == 51 - 15
    assert not others.korean_link.any()
