"""The facility registry: plants and projects of the Canada-Korea battery value chain.

One row per facility or phase (``data/facilities.csv``, compiled by
``tools/compile_facilities.py``). :func:`load_facilities` reads it through
:class:`corridor.data.Data`, so a user's ``--data DIR/facilities.csv`` replaces it, and runs
the checks a table schema cannot express: a unit that fits the stage, a capacity on every
counted row, one id per row. :func:`filter_facilities` answers questions such as "the
Canadian cathode plants" with the names people actually type (``CA``, ``Korea``,
``cathode``).

Columns that matter for capacity arithmetic:

``capacity``, ``unit``
    Nameplate capacity of the row's phase; the unit says what is counted (see :data:`UNITS`).
``in_capacity``
    ``true`` when the row has a usable capacity and start year and makes a battery-chain
    product. Rows with ``false`` are listed but never summed; their ``confidence`` says why.
    This flag, not a blank, is how a row is kept out of capacity sums.
``start_year``
    First year of the capacity. Blank only on operating rows whose first year was not found:
    they are available in every modelled year.
``status``
    One of :data:`STATUSES`; what each status counts for is a scenario choice, not the data's.

Examples
--------
>>> from corridor.data import Data
>>> df = load_facilities(Data())
>>> nextstar = df.set_index("id").loc["CA-001"]
>>> float(nextstar.capacity), nextstar.unit
(49.5, 'GWh/yr')
>>> sorted(filter_facilities(df, country="CA", stage="cathode").id)[:2]
['CA-002', 'CA-004']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from corridor.coords import EUROPE, STAGES, STATUSES, region_of
from corridor.data import PACKAGE_DIR
from corridor.errors import InputError

#: What each capacity unit counts (a schema kept as data: one place to extend).
UNITS = {
    "t/yr": "tonnes of the named product per year (concentrate, chemical, CAM, foil, ...)",
    "t Ni/yr": "tonnes of contained nickel per year",
    "t Co/yr": "tonnes of contained cobalt per year",
    "t LCE/yr": "tonnes of lithium carbonate equivalent per year",
    "t feed/yr": "tonnes of batteries, scrap or black mass processed per year",
    "GWh/yr": "gigawatt-hours of cells or packs per year",
    "million cells/yr": "millions of cells per year (cell energy not published)",
    "million m2/yr": "millions of square metres of film per year (separators)",
    "vehicles/yr": "vehicles assembled per year",
    "units/yr": "systems per year (fuel-cell stacks and systems)",
}

#: The units each stage may use.
UNITS_BY_STAGE = {
    "mine": ("t/yr", "t Ni/yr", "t LCE/yr"),
    "refining": ("t/yr", "t Ni/yr", "t Co/yr", "t LCE/yr"),
    "precursor": ("t/yr",),
    "cathode": ("t/yr",),
    "anode": ("t/yr",),
    "cell": ("GWh/yr", "million cells/yr"),
    "pack": ("GWh/yr",),
    "vehicle assembly": ("vehicles/yr",),
    "recycling": ("t/yr", "t feed/yr"),
    "component": ("t/yr", "million m2/yr", "units/yr"),
}

COLUMNS = ("id", "name", "owners", "owner_country", "korean_link", "korean_role", "country",
           "province", "city", "stage", "product", "capacity", "unit", "in_capacity",
           "start_year", "status", "status_date", "investment", "investment_currency", "jobs",
           "note", "source", "confidence")

COUNTRY_ALIASES = {
    "ca": "Canada", "can": "Canada", "canada": "Canada",
    "kr": "South Korea", "kor": "South Korea", "korea": "South Korea", "rok": "South Korea",
    "south korea": "South Korea", "republic of korea": "South Korea",
    "us": "United States", "usa": "United States", "united states": "United States",
    "united states of america": "United States", "america": "United States",
    "cn": "China", "china": "China", "pl": "Poland", "hu": "Hungary", "id": "Indonesia",
    "ar": "Argentina", "de": "Germany", "jp": "Japan", "japan": "Japan",
    "gb": "United Kingdom", "uk": "United Kingdom", "br": "Brazil", "au": "Australia",
    "ch": "Switzerland", "nl": "Netherlands", "se": "Sweden", "no": "Norway", "be": "Belgium",
    "tw": "Taiwan",
}
STAGE_ALIASES = {
    "mining": "mine", "mines": "mine", "refinery": "refining", "refine": "refining",
    "pcam": "precursor", "precursors": "precursor", "cam": "cathode", "cathodes": "cathode",
    "cathode active material": "cathode", "aam": "anode", "anodes": "anode",
    "anode active material": "anode", "cells": "cell", "packs": "pack",
    "assembly": "vehicle assembly", "vehicle": "vehicle assembly",
    "vehicles": "vehicle assembly",
    "recycle": "recycling", "components": "component",
}


# --- loading and validation -------------------------------------------------------------

def load_facilities(data) -> pd.DataFrame:
    """The facility table, validated, with typed columns and a ``region`` column.

    Parameters
    ----------
    data
        A :class:`corridor.data.Data`; its ``facilities`` table is used, so a user's
        ``DIR/facilities.csv`` replaces the shipped one.

    Returns
    -------
    pandas.DataFrame
        One row per facility or phase: the columns of :data:`COLUMNS` plus ``region``
        (corridor region of ``country``). ``korean_link`` and ``in_capacity`` are booleans,
        ``start_year`` and ``jobs`` nullable integers.

    Raises
    ------
    InputError
        On the first bad row: the message names the file, the row (number and id) and the
        field.

    Examples
    --------
    >>> from corridor.data import Data
    >>> df = load_facilities(Data())
    >>> int((df.country == "Canada").sum()) > 30
    True
    """
    path = Path(data.path("facilities"))
    label = f"data table {path}"
    if path.parent != PACKAGE_DIR:
        # a user's table: check it as written first, so the message names the facility id
        # (the schema check that Data.table runs next names only the row number)
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, ValueError, pd.errors.ParserError) as error:
            raise InputError(f"{label}: cannot read table ({error})") from None
        validate_facilities(raw, label)
    df = data.table("facilities").copy()
    validate_facilities(df, label)
    for column in ("korean_link", "in_capacity"):
        df[column] = df[column].map(_as_bool).astype(bool)
    for column in ("capacity", "investment"):
        df[column] = pd.to_numeric(df[column], errors="coerce").astype(float)
    for column in ("start_year", "jobs"):
        df[column] = pd.to_numeric(df[column], errors="coerce").astype("Int64")
    df["region"] = df.country.map(region_of)
    return df


def validate_facilities(df: pd.DataFrame, label: str = "facilities table") -> None:
    """Raise :class:`InputError` on the first row the facility rules reject.

    Checks: required columns, a non-empty and unique ``id``, a known ``stage`` and
    ``status``, a positive ``capacity`` (and one on every ``in_capacity`` row), a ``unit``
    that fits the stage (:data:`UNITS_BY_STAGE`), a ``start_year`` that is a year (and one on
    every counted row that is not yet operating), and boolean flags. Works on the table as
    written (all strings) and on the typed table. Row numbers count the header as row 1, as
    in the schema checks.

    Examples
    --------
    >>> bad = pd.DataFrame([{c: "" for c in COLUMNS} | {"id": "X-1", "stage": "cathodes"}])
    >>> validate_facilities(bad, "my.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corridor.errors.InputError: my.csv: row 2 (id X-1), field 'stage': unknown stage ...
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{label}: missing column {missing[0]!r}")
    first_row: dict[str, int] = {}
    for number, (_, row) in enumerate(df.iterrows(), start=2):
        fid = _text(row["id"])

        def fail(field: str, problem: str, number=number, fid=fid) -> None:
            raise InputError(f"{label}: row {number} (id {fid or '?'}), field {field!r}: "
                             f"{problem}")

        if not fid:
            fail("id", "missing id")
        if fid in first_row:
            fail("id", f"duplicate id {fid!r} (first used on row {first_row[fid]})")
        first_row[fid] = number
        stage, status = _text(row["stage"]), _text(row["status"])
        if stage not in STAGES:
            fail("stage", f"unknown stage {stage!r} (allowed: {', '.join(STAGES)})")
        if status not in STATUSES:
            fail("status", f"unknown status {status!r} (allowed: {', '.join(STATUSES)})")
        for flag in ("korean_link", "in_capacity"):
            if _as_bool(row[flag]) is None:
                fail(flag, f"{_text(row[flag])!r} is not true or false")
        counted = _as_bool(row["in_capacity"])
        capacity_text = _text(row["capacity"])
        capacity = pd.to_numeric(capacity_text, errors="coerce") if capacity_text else None
        if capacity_text and (pd.isna(capacity) or capacity <= 0):
            fail("capacity", f"capacity must be a positive number, not {capacity_text!r}")
        if counted and not capacity_text:
            fail("capacity", "missing capacity on a counted row (set in_capacity to false "
                             "to list the facility without one)")
        unit = _text(row["unit"])
        if capacity_text and unit not in UNITS_BY_STAGE[stage]:
            fail("unit", f"unit {unit!r} does not fit stage {stage!r} "
                         f"(allowed: {', '.join(UNITS_BY_STAGE[stage])})")
        if unit and unit not in UNITS:
            fail("unit", f"unknown unit {unit!r} (allowed: {', '.join(UNITS)})")
        year_text = _text(row["start_year"])
        if year_text and not _is_year(year_text):
            fail("start_year", f"start year {year_text!r} is not a year")
        if counted and not year_text and status != "operating":
            fail("start_year", f"missing start year on a counted {status} row")


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    return {"true": True, "false": False}.get(text)


def _is_year(text: str) -> bool:
    try:
        number = float(text)
    except ValueError:
        return False
    return number.is_integer() and 1900 <= number <= 2100


def by_province(df: pd.DataFrame, country: str) -> pd.DataFrame:
    """Number of facilities of ``country`` by province (rows, most first) and stage
    (columns, in :data:`STAGES` order); every status counts.

    >>> from corridor.data import Data
    >>> table = by_province(load_facilities(Data()), "Canada")
    >>> int(table.loc["Ontario"].sum()) >= 18
    True
    """
    rows = df[df.country == country]
    table = pd.crosstab(rows.province.fillna("unknown"), rows.stage)
    table = table.reindex(columns=[s for s in STAGES if s in table.columns])
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


# --- filtering ----------------------------------------------------------------------------

def filter_facilities(df: pd.DataFrame, country=None, stage=None, status=None,
                      owner_country=None, korean_link: bool | None = None) -> pd.DataFrame:
    """Rows of ``df`` that match every given criterion.

    Parameters
    ----------
    df
        The table from :func:`load_facilities`.
    country, owner_country
        A country or a list of them, as a name or code: ``CA``/``Canada``,
        ``KR``/``Korea``/``South Korea``, ``US``/``USA``, ... (case does not matter).
        ``owner_country`` matches any of a joint venture's home countries.
    stage
        A stage or a list of them (:data:`STAGES`, any case), or a common alias
        (``CAM``, ``pCAM``, ``cells``, ``assembly``, ...).
    status
        A status or a list of them (:data:`STATUSES`, any case).
    korean_link
        ``True`` for facilities with a Korean owner, partner or offtaker; ``False`` for the
        others.

    Returns
    -------
    pandas.DataFrame
        The matching rows, in table order, with a fresh index.

    Raises
    ------
    InputError
        For a country, stage or status that is not known; the message lists the choices.

    Examples
    --------
    >>> from corridor.data import Data
    >>> df = load_facilities(Data())
    >>> filter_facilities(df, country="ca", stage="Cell", status="operating").name.tolist()
    ['NextStar Energy battery plant', 'E-One Moli cell plant (existing lines)']
    >>> len(filter_facilities(df, country="KR", stage="CAM")) >= 10
    True
    """
    mask = pd.Series(True, index=df.index)
    if country is not None:
        wanted = {_country(c) for c in _as_list(country)}
        mask &= df.country.isin(wanted)
    if owner_country is not None:
        wanted = {_country(c) for c in _as_list(owner_country)}
        homes = df.owner_country.fillna("").str.split(";")
        mask &= homes.map(lambda parts: any(p.strip() in wanted for p in parts))
    if stage is not None:
        mask &= df.stage.isin({_choice(s, STAGES, STAGE_ALIASES, "stage")
                               for s in _as_list(stage)})
    if status is not None:
        mask &= df.status.isin({_choice(s, STATUSES, {}, "status") for s in _as_list(status)})
    if korean_link is not None:
        mask &= df.korean_link.astype(bool) == bool(korean_link)
    return df[mask].reset_index(drop=True)


def _as_list(value) -> list:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _country(value) -> str:
    text = str(value).strip()
    key = text.lower()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    known = set(COUNTRY_ALIASES.values()) | EUROPE
    for name in known:
        if name.lower() == key:
            return name
    raise InputError(f"unknown country {text!r}: use a name or a code such as CA, KR, US, CN")


def _choice(value, allowed, aliases, what: str) -> str:
    key = " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    key = aliases.get(key, key)
    if key not in allowed:
        raise InputError(f"unknown {what} {value!r} (choose from: {', '.join(allowed)})")
    return key
