"""Bad data tables given with ``--data``: one line naming the table, the row and the field;
never a KeyError, an einsum error or a silent substitution."""

from __future__ import annotations

import csv
import io
import os

import pytest
from contract import app, refused, runner

from corridor.data import PACKAGE_DIR

TABLES = ["lifetime", "pack_size", "chemistry_share", "mineral_intensity",
          "storage_deployment", "recovery_rate", "world_supply", "ev_sales", "fuel_cell",
          "product_content", "governance", "eu_crm_2023", "cleantech_deployment",
          "cleantech_intensity", "cleantech_mix", "cleantech_recycling"]
NUMBER = {"lifetime": "mean", "governance": "eu_scaled", "eu_crm_2023": "supply_risk",
          "cleantech_mix": "share"}


def rows(table: str) -> list[list[str]]:
    with (PACKAGE_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def text(rs: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rs)
    return buffer.getvalue()


def with_value(rs, table, value):
    i = rs[0].index(NUMBER.get(table, "value"))
    return [rs[0], [*rs[1][:i], value, *rs[1][i + 1:]], *rs[2:]]


def drop(rs, name):
    i = rs[0].index(name)
    return [r[:i] + r[i + 1:] for r in rs]


# (mutation, what the message must contain)
MUTATIONS = {
    "missing column": (lambda rs, t: drop(rs, "source"), "missing column 'source' (columns: "),
    "extra column": (lambda rs, t: [r + (["note"] if i == 0 else [""])
                                    for i, r in enumerate(rs)], "unknown column 'note'"),
    "renamed column": (lambda rs, t: [[c.upper() if c == "source" else c for c in rs[0]],
                                      *rs[1:]], "missing column 'source'; unknown column"),
    "columns swapped": (lambda rs, t: [[r[1], r[0], *r[2:]] for r in rs],
                        "columns in the wrong order"),
    "no rows": (lambda rs, t: rs[:1], "has no rows"),
    "duplicate row": (lambda rs, t: [rs[0], rs[1], rs[1], *rs[2:]],
                      "row 3: duplicate row (the same key as row 2)"),
    "short row": (lambda rs, t: [rs[0], rs[1][:2], *rs[2:]], "row 2, field"),
    "text": (lambda rs, t: with_value(rs, t, "abc"), "'abc' is not a number"),
    "nan": (lambda rs, t: with_value(rs, t, "nan"), "'nan' is not a finite number"),
    "NaN": (lambda rs, t: with_value(rs, t, "NaN"), "'NaN' is not a finite number"),
    "inf": (lambda rs, t: with_value(rs, t, "inf"), "'inf' is not a finite number"),
    "-inf": (lambda rs, t: with_value(rs, t, "-inf"), "'-inf' is not a finite number"),
    "1e300": (lambda rs, t: with_value(rs, t, "1e300"), "'1e300' is not allowed (allowed: "
              "at most"),
    "negative": (lambda rs, t: with_value(rs, t, "-7"), "'-7' is not allowed (allowed: at least"),
    "empty value": (lambda rs, t: with_value(rs, t, ""), "missing value"),
}
#: where a table's own rule speaks first
EXPECTED = {("lifetime", "empty value"): "row Cars: normal lifetime needs mean"}
ALLOWED = {("governance", "negative"),  # WGI scores are negative for good governance
           ("world_supply", "empty value")}  # a publication's withheld value
CASES = [(t, m) for t in TABLES for m in MUTATIONS if (t, m) not in ALLOWED]


def tables(tmp_path, table: str, rs: list[list[str]]):
    """A ``--data`` folder replacing ``table`` by the rows ``rs``."""
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / f"{table}.csv").write_text(text(rs), encoding="utf-8")
    return folder


def _refused_with(folder, tmp_path, scenario="STEPS") -> str:
    out = tmp_path / "out"
    message = refused(["run", "-s", scenario, "--no-figures", "--data", folder, "--out", out])
    assert not out.exists()
    return message


@pytest.mark.parametrize(("table", "mutation"), CASES, ids=[f"{t}-{m}" for t, m in CASES])
def test_malformed_table(tmp_path, table, mutation):
    change, expected = MUTATIONS[mutation]
    expected = EXPECTED.get((table, mutation), expected)
    folder = tables(tmp_path, table, change(rows(table), table))
    message = _refused_with(folder, tmp_path)
    assert message.startswith(f"data table {folder / table}.csv: ")
    assert expected in message


def keep(table, test):
    rs = rows(table)
    return [rs[0], *(r for r in rs[1:] if test(dict(zip(rs[0], r, strict=True))))]


# a table without the rows a scenario needs: (table, rows kept, scenario, message)
NEEDED = [
    ("storage_deployment", lambda r: r["scenario"] != "NZE", "NZE",
     "no NZE rows for Canada (storage.scenario is NZE)"),
    ("storage_deployment", lambda r: r["scenario"] != "History", "STEPS",
     "no History rows for Canada"),
    ("storage_deployment", lambda r: r["region"] != "South Korea", "STEPS",
     "no History rows for South Korea"),
    ("ev_sales", lambda r: r["scenario"] != "APS", "APS",
     "no APS rows (the scenario's ev_sales.iea_scenario)"),
    ("ev_sales", lambda r: r["scenario"] != "History", "STEPS", "no History rows for Cars"),
    ("ev_sales", lambda r: r["mode"] != "Buses", "STEPS", "no History rows for Buses"),
    ("ev_sales", lambda r: r["region"] != "Canada", "STEPS",
     "ev_sales.csv gives no Cars market size for Canada in 2024"),
    ("pack_size", lambda r: r["region"] != "World", "STEPS", "no row for Cars|PHEV in Canada or"
     " World"),
    ("lifetime", lambda r: r["group"] != "Cars", "STEPS", "no row for Cars"),
    ("lifetime", lambda r: r["group"] != "Stationary Storage", "STEPS",
     "no row for Stationary Storage"),
    ("mineral_intensity", lambda r: r["chemistry"] != "LFP", "STEPS",
     "no row for LFP Graphite Lithium"),
    ("chemistry_share", lambda r: r["region"] != "World", "STEPS",
     "no Electric Vehicles shares for World"),
    ("recovery_rate", lambda r: r["case"] != "China MIIT standard", "STEPS",
     "no recovery case 'China MIIT standard'"),
    ("recovery_rate", lambda r: r["mineral"] != "Lithium", "STEPS",
     "case 'China MIIT standard' has no row for Lithium"),
    ("fuel_cell", lambda r: r["parameter"] != "platinum loading", "STEPS",
     "no platinum loading row for Cars|FCEV"),
    ("cleantech_deployment", lambda r: (r["region"], r["scenario"]) != ("Canada", "History"),
     "STEPS", "Solar PV in Canada: no History rows"),
    ("lifetime", lambda r: r["group"] != "Wind Offshore", "STEPS", "no row for Wind Offshore"),
    ("cleantech_mix", lambda r: r["technology"] != "Nuclear", "STEPS", "no rows for Nuclear"),
    ("cleantech_recycling", lambda r: r["mineral"] != "Copper", "STEPS", "no row for Copper"),
    ("cleantech_intensity", lambda r: r["design"] != "CdTe", "STEPS",
     "no row for Solar PV CdTe, which has a share in new installations"),
]


@pytest.mark.parametrize(("table", "test", "scenario", "expected"), NEEDED,
                         ids=[f"{c[0]}-{c[3][:30]}" for c in NEEDED])
def test_table_without_the_rows_a_run_needs(tmp_path, table, test, scenario, expected):
    assert expected in _refused_with(tables(tmp_path, table, keep(table, test)), tmp_path,
                                     scenario)


@pytest.mark.parametrize("kind", ["mistyped name", "folder named like a table", "not utf-8",
                                  "nul byte", "fifo", "over the limit", "data is a file",
                                  "data missing"])
def test_bad_data_folder(tmp_path, kind, monkeypatch):
    folder = tmp_path / "tables"
    folder.mkdir()
    target = folder / "pack_size.csv"
    shipped = (PACKAGE_DIR / "pack_size.csv").read_bytes()
    expected = {"mistyped name": "matches no data table", "folder named like a table":
                "is a folder, not a file", "not utf-8": "line 2: not UTF-8 text (byte 0xe9)",
                "nul byte": "line 1: contains a NUL byte", "fifo": "not a regular file",
                "over the limit": "file is 2,000 bytes; the limit is 1,000",
                "data is a file": "data directory not found",
                "data missing": "data directory not found"}[kind]
    if kind == "mistyped name":
        (folder / "pack_sizes.csv").write_bytes(shipped)
    elif kind == "folder named like a table":
        target.mkdir()
    elif kind == "not utf-8":
        target.write_bytes(shipped.replace(b"\n", b"\n\xe9", 1))
    elif kind == "nul byte":
        target.write_bytes(b"\x00" + shipped)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "over the limit":
        import corridor.data

        monkeypatch.setattr(corridor.data, "TABLE_BYTES", 1000)
        target.write_bytes(b"#" * 1999 + b"\n")
    elif kind == "data is a file":
        folder = tmp_path / "file.csv"
        folder.write_text("x", encoding="utf-8")
    else:
        folder = tmp_path / "none"
    assert expected in _refused_with(folder, tmp_path)


@pytest.mark.parametrize("variant", ["byte-order mark", "CRLF line ends"])
def test_spreadsheet_exports_are_read(tmp_path, variant):
    """What Excel writes (a UTF-8 byte-order mark, CRLF line ends) is a valid table."""
    folder = tmp_path / "tables"
    folder.mkdir()
    shipped = (PACKAGE_DIR / "pack_size.csv").read_bytes()
    changed = b"\xef\xbb\xbf" + shipped if variant == "byte-order mark" else shipped.replace(
        b"\n", b"\r\n")
    (folder / "pack_size.csv").write_bytes(changed)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "-s", "STEPS", "--no-figures", "--data", str(folder),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file()
