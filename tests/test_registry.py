"""The facility registry as code: schema, validation of a user's table, filters (on the
small world, so that a new row in the shipped registry changes nothing here)."""

from __future__ import annotations

import pytest

from corridor.data import Data, descriptor
from corridor.dims import STAGES, STATUSES
from corridor.errors import InputError
from corridor.examples import small_world
from corridor.supply.registry import (
    COLUMNS,
    conversions,
    filter_facilities,
    load_facilities,
)

# --- figures ---------------------------------------------------------------------------------













# --- the table itself ----------------------------------------------------------------------------







def test_schema_enums_are_the_code_enums():
    fields = {f["name"]: f for r in descriptor()["resources"] if r["name"] == "facilities"
              for f in r["schema"]["fields"]}
    assert [f for f in fields] == list(COLUMNS)
    assert fields["stage"]["constraints"]["enum"] == list(STAGES)
    assert fields["status"]["constraints"]["enum"] == list(STATUSES)
    units = {u for _, _, u in conversions(Data()).index}
    assert set(fields["unit"]["constraints"]["enum"]) == units




# --- bad tables name the file, the row, the id and the field ------------------------------

GOOD = {c: "" for c in COLUMNS} | {
    "id": "CA-901", "name": "Test cathode plant", "owners": "Test owner",
    "owner_country": "Canada", "korean_link": "false", "country": "Canada",
    "province": "Ontario", "stage": "cathode", "product": "NCM cathode",
    "product_class": "NCM", "chemistry": "NMC811", "capacity": "1000",
    "unit": "t/yr", "in_capacity": "true", "start_year": "2027", "status": "announced",
    "status_date": "2026-01", "source": "Test source https://example.org",
    "confidence": "high: test row"}
CELL = GOOD | {"id": "KR-901", "name": "Test cell plant", "country": "South Korea",
               "owner_country": "South Korea", "korean_link": "true", "stage": "cell",
               "product": "EV cells", "product_class": "LFP", "chemistry": "LFP",
               "capacity": "10", "unit": "GWh/yr",
               "status": "operating", "start_year": ""}


def write_table(tmp_path, rows) -> Data:
    folder = tmp_path / "tables"
    folder.mkdir(exist_ok=True)
    lines = [",".join(COLUMNS)]
    lines += [",".join(f'"{r[c]}"' if "," in r[c] else r[c] for c in COLUMNS) for r in rows]
    (folder / "facilities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Data(folder)


def test_a_user_table_replaces_the_shipped_one(tmp_path):
    df = load_facilities(write_table(tmp_path, [GOOD, CELL]))
    assert df.id.tolist() == ["CA-901", "KR-901"]
    assert df.korean_link.tolist() == [False, True]
    assert df.start_year.isna().tolist() == [False, True]
    assert filter_facilities(df, country="KR").id.tolist() == ["KR-901"]


@pytest.mark.parametrize(("rows", "where", "message"), [
    ([GOOD, GOOD], "row 3 (id CA-901), field 'id'", "duplicate id"),
    ([GOOD | {"stage": "cathodes"}], "row 2 (id CA-901), field 'stage'", "unknown stage"),
    ([GOOD | {"stage": "mine"}], "row 2 (id CA-901), field 'stage'", "unknown stage 'mine'"),
    ([CELL, GOOD | {"status": "planned"}], "row 3 (id CA-901), field 'status'",
     "unknown status 'planned'"),
    ([GOOD | {"capacity": "-5"}], "row 2 (id CA-901), field 'capacity'", "positive number"),
    ([GOOD | {"capacity": "lots"}], "row 2 (id CA-901), field 'capacity'", "positive number"),
    ([GOOD | {"capacity": "", "unit": ""}], "row 2 (id CA-901), field 'capacity'",
     "missing capacity"),
    ([GOOD | {"unit": "GWh/yr"}], "row 2 (id CA-901), field 'unit'",
     "unit 'GWh/yr' does not fit stage 'cathode'"),
    ([CELL | {"unit": "t/yr"}], "row 2 (id KR-901), field 'unit'", "does not fit stage 'cell'"),
    ([GOOD | {"start_year": "20x5"}], "row 2 (id CA-901), field 'start_year'",
     "'20x5' is not a year"),
    ([GOOD | {"start_year": "25"}], "row 2 (id CA-901), field 'start_year'", "not a year"),
    ([GOOD | {"start_year": ""}], "row 2 (id CA-901), field 'start_year'",
     "missing start year"),
    ([GOOD | {"in_capacity": "maybe"}], "row 2 (id CA-901), field 'in_capacity'",
     "not true or false"),
    ([GOOD | {"product_class": "NMC"}], "row 2 (id CA-901), field 'product_class'",
     "no conversion for cathode 'NMC' in t/yr (allowed: LFP, NCA, NCM)"),
    ([GOOD | {"chemistry": ""}], "row 2 (id CA-901), field 'chemistry'",
     "missing chemistry: cathode NCM converts by its chemistry"),
    ([CELL | {"chemistry": "NMC9000"}], "row 2 (id KR-901), field 'chemistry'",
     "unknown chemistry 'NMC9000'"),
])
def test_bad_tables_name_row_and_field(tmp_path, rows, where, message):
    data = write_table(tmp_path, rows)
    with pytest.raises(InputError) as err:
        load_facilities(data)
    text = str(err.value)
    assert "facilities.csv" in text and where in text and message in text
    assert "\n" not in text


def test_missing_column_is_named(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "facilities.csv").write_text("id,name\nCA-901,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column 'owners'"):
        load_facilities(Data(folder))


def test_a_left_out_row_may_have_no_capacity(tmp_path):
    row = GOOD | {"capacity": "", "unit": "", "in_capacity": "false", "start_year": ""}
    df = load_facilities(write_table(tmp_path, [row]))
    assert df.capacity.isna().all() and not df.in_capacity.any()


# --- filters --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def facilities():
    return load_facilities(small_world())


def test_filters_take_the_names_people_type(facilities):
    by_name = filter_facilities(facilities, country="South Korea", stage="cathode")
    assert by_name.id.tolist() == ["KR-001"]
    for country, stage in (("KR", "CAM"), ("korea", "Cathode"),
                           ("Republic of Korea", "cathode active material")):
        assert filter_facilities(facilities, country=country, stage=stage).equals(by_name)
    assert filter_facilities(facilities, country="ca", stage="mine").id.tolist() == ["CA-006"]
    assert set(filter_facilities(facilities, korean_link=True).id) == {"KR-001", "KR-002",
                                                                       "KR-003"}
    assert filter_facilities(facilities, status=["Paused"]).id.tolist() == ["CA-005"]
    assert len(filter_facilities(facilities, country=["CA", "US"], korean_link=False)) == 7











@pytest.mark.parametrize(("kwargs", "message"), [
    ({"country": "Atlantis"}, "unknown country 'Atlantis'"),
    ({"stage": "widgets"}, "unknown stage 'widgets'"),
    ({"status": "dreaming"}, "unknown status 'dreaming'"),
])
def test_unknown_filter_values_are_named(facilities, kwargs, message):
    with pytest.raises(InputError, match=message):
        filter_facilities(facilities, **kwargs)


def test_the_docs_show_the_schema():
    """docs/registry.md's column table is generated from the one schema."""
    from pathlib import Path

    from corridor.supply.registry import schema_table

    docs = Path(__file__).resolve().parents[1] / "docs" / "registry.md"
    assert docs.read_text(encoding="utf-8").endswith(schema_table())
