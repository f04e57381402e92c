"""The facility registry: plants and projects of the Canada-Korea battery value chain.

One row per facility or phase, curated as data (``data/facilities.csv``, each row with its
sources and a confidence note). One schema, the ``facilities`` resource of
``datapackage.json`` (name, type, allowed values, description of every column), drives the
validation here, the data package and the column table in ``docs/registry.md``
(:func:`schema_table`). How a row's capacity converts to contained mineral is the
``conversions`` table: each counted row's ``stage``, ``product_class`` and ``unit`` must be
one of its rows. :func:`load_facilities` reads both through :class:`corridor.data.Data`, so
a user's ``--data DIR/facilities.csv`` replaces the shipped one, and runs the checks a
table schema cannot express. :func:`filter_facilities` answers questions such as "the
Canadian cathode plants" with the names people actually type (``CA``, ``Korea``, ``CAM``).

Columns that matter for capacity arithmetic:

``capacity``, ``unit``
    Nameplate capacity of the row's phase, in a unit (pint-readable) that the conversions
    table allows for the stage.
``product_class``, ``chemistry``
    The conversion rule (and ``Capacity|{Stage}|{Product}`` variable) of the row, and the
    chemistry whose composition its product takes where the rule needs one.
``in_capacity``
    ``true`` when the row has a usable capacity and start year and makes a battery-chain
    product. Rows with ``false`` are listed but never summed; their ``confidence`` says why.
``start_year``
    First year of the capacity. Blank only on operating rows whose first year was not found:
    they are available in every modelled year.
``status``
    One of :data:`~corridor.dims.STATUSES`; what each status counts for is a scenario
    choice, not the data's.

Examples
--------
>>> from corridor.data import Data
>>> df = load_facilities(Data())
>>> nextstar = df.set_index("id").loc["CA-001"]
>>> float(nextstar.capacity), nextstar.unit, nextstar.product_class, nextstar.basis
(49.5, 'GWh/yr', 'NCM', 'chemistry')
>>> sorted(filter_facilities(df, country="CA", stage="cathode").id)[:2]
['CA-002', 'CA-004']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from corridor.data import PACKAGE_DIR, descriptor
from corridor.dims import CHEMISTRIES, STAGES, STATUSES, lookup, region_of
from corridor.errors import InputError


def schema() -> dict:
    """The facility table's schema (the ``facilities`` resource of ``datapackage.json``)."""
    return next(r for r in descriptor()["resources"] if r["name"] == "facilities")["schema"]


COLUMNS = tuple(f["name"] for f in schema()["fields"])


def schema_table() -> str:
    """The schema as a Markdown table (column, type, allowed values, description).

    >>> schema_table().splitlines()[2].split(" | ")[0]
    '| `id`'
    """
    rows = ["| column | type | allowed | description |", "|---|---|---|---|"]
    for f in schema()["fields"]:
        c = f.get("constraints", {})
        allowed = ", ".join(c["enum"]) if "enum" in c else c.get("pattern", "")
        if "minimum" in c:
            allowed = f">= {c['minimum']}" + (f", <= {c['maximum']}" if "maximum" in c else "")
        required = " (required)" if c.get("required") else ""
        rows.append(f"| `{f['name']}` | {f['type']}{required} | {allowed} | "
                    f"{f['description']} |")
    return "\n".join(rows) + "\n"


def conversions(data) -> pd.DataFrame:
    """The conversions table indexed by ``stage, product_class, unit``."""
    return data.memo("conversions", lambda: data.table("conversions").set_index(
        ["stage", "product_class", "unit"]).sort_index())


# --- loading and validation -------------------------------------------------------------

def load_facilities(data) -> pd.DataFrame:
    """The facility table, validated, with typed columns and ``region`` and ``basis``.

    Parameters
    ----------
    data
        A :class:`corridor.data.Data`; its ``facilities`` and ``conversions`` tables are
        used, so a user's ``DIR/facilities.csv`` replaces the shipped one.

    Returns
    -------
    pandas.DataFrame
        One row per facility or phase: the schema's columns plus ``region`` (corridor region
        of ``country``) and ``basis`` (the conversion basis, ``""`` where none applies).
        ``korean_link`` and ``in_capacity`` are booleans, ``start_year`` and ``jobs``
        nullable integers.

    Raises
    ------
    InputError
        On the first bad row: the message names the file, the row (number and id) and the
        field.
    """
    def build() -> pd.DataFrame:
        path = Path(data.path("facilities"))
        label = f"data table {path}"
        rules = conversions(data)
        if path.parent != PACKAGE_DIR:
            # a user's table: check it as written first, so the message names the facility
            # id (the schema check that Data.table runs next names only the row number)
            try:
                raw = pd.read_csv(path, dtype=str, keep_default_na=False)
            except (OSError, ValueError, pd.errors.ParserError) as error:
                raise InputError(f"{label}: cannot read table ({error})") from None
            validate_facilities(raw, rules, label)
        df = data.table("facilities").copy()
        validate_facilities(df, rules, label)
        for column in ("korean_link", "in_capacity"):
            df[column] = df[column].map(_as_bool).astype(bool)
        for column in ("capacity", "investment"):
            df[column] = pd.to_numeric(df[column], errors="coerce").astype(float)
        for column in ("start_year", "jobs"):
            df[column] = pd.to_numeric(df[column], errors="coerce").astype("Int64")
        df["region"] = df.country.map(region_of)
        keys = list(zip(df.stage, df.product_class.fillna(""), df.unit.fillna(""),
                        strict=True))
        basis = rules.basis.to_dict()
        df["basis"] = [basis.get(k, "") for k in keys]
        return df

    return data.memo("facilities", build).copy()


def validate_facilities(df: pd.DataFrame, rules: pd.DataFrame,
                        label: str = "facilities table") -> None:
    """Raise :class:`InputError` on the first row the facility rules reject.

    Checks: the schema's columns, a non-empty and unique ``id``, a known ``stage`` and
    ``status``, a positive ``capacity`` (and one on every ``in_capacity`` row), a ``unit``
    the conversions table allows for the stage, a ``product_class`` (and ``chemistry``,
    where its rule needs one) on every counted row, a ``start_year`` that is a year (and one
    on every counted row that is not yet operating), and boolean flags. Works on the table
    as written (all strings) and on the typed table. Row numbers count the header as row 1,
    as in the schema checks.

    Examples
    --------
    >>> from corridor.data import Data
    >>> bad = pd.DataFrame([{c: "" for c in COLUMNS} | {"id": "X-1", "stage": "cathodes"}])
    >>> validate_facilities(bad, conversions(Data()), "my.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corridor.errors.InputError: my.csv: row 2 (id X-1), field 'stage': unknown stage ...
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{label}: missing column {missing[0]!r}")
    units = {stage: sorted({u for s, _, u in rules.index if s == stage}) for stage in STAGES}
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
            try:
                hint = f"did you mean {lookup('stage', stage)!r}? "
            except InputError:
                hint = ""
            fail("stage", f"unknown stage {stage!r} ({hint}allowed: {', '.join(STAGES)})")
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
        if capacity_text and unit not in units[stage]:
            fail("unit", f"unit {unit!r} does not fit stage {stage!r} "
                         f"(allowed: {', '.join(units[stage])})")
        product_class, chemistry = _text(row["product_class"]), _text(row["chemistry"])
        if counted:
            if (stage, product_class, unit) not in rules.index:
                allowed = sorted({p for s, p, u in rules.index if s == stage and u == unit})
                fail("product_class", f"no conversion for {stage} {product_class or '(blank)'!r}"
                     f" in {unit} (allowed: {', '.join(allowed)})")
            rule = rules.loc[(stage, product_class, unit)]
            needs = rule.basis in ("chemistry", "black mass") or "{chemistry}" in _text(
                rule.content)
            if needs and not chemistry:
                fail("chemistry", f"missing chemistry: {stage} {product_class} converts by "
                                  "its chemistry")
        if chemistry and chemistry not in CHEMISTRIES:
            fail("chemistry", f"unknown chemistry {chemistry!r} (allowed: "
                              f"{', '.join(CHEMISTRIES)})")
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
    (columns, in :data:`~corridor.dims.STAGES` order); every status counts.

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
                      owner_country=None, korean_link: bool | None = None, province=None,
                      owner: str | None = None) -> pd.DataFrame:
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
        A stage or a list of them (any case), or a common alias (``CAM``, ``pCAM``,
        ``cells``, ``mine``, ``assembly``, ...): the aliases of ``data/vocabulary.csv``.
    status
        A status or a list of them (any case).
    korean_link
        ``True`` for facilities with a Korean owner, partner or offtaker; ``False`` for the
        others.
    province
        A province or state or a list of them (any case); a facility that spans two
        (``North Chungcheong / North Jeolla``) matches either.
    owner
        Text found in the owners' names (any case): ``posco`` matches POSCO Future M.

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
    >>> filter_facilities(df, province="quebec", owner="ecopro").name.tolist()
    ['EcoPro CAM Canada']
    """
    mask = pd.Series(True, index=df.index)
    if country is not None:
        wanted = {lookup("country", c) for c in _as_list(country)}
        mask &= df.country.isin(wanted)
    if owner_country is not None:
        wanted = {lookup("country", c) for c in _as_list(owner_country)}
        homes = df.owner_country.fillna("").str.split(";")
        mask &= homes.map(lambda parts: any(p.strip() in wanted for p in parts))
    if stage is not None:
        mask &= df.stage.isin({lookup("stage", s) for s in _as_list(stage)})
    if status is not None:
        mask &= df.status.isin({lookup("status", s) for s in _as_list(status)})
    if korean_link is not None:
        mask &= df.korean_link.astype(bool) == bool(korean_link)
    if province is not None:
        wanted = {p.strip().casefold() for p in _as_list(province)}
        parts = df.province.fillna("").str.casefold().str.split("/")
        mask &= parts.map(lambda names: any(n.strip() in wanted for n in names))
    if owner:
        mask &= df.owners.fillna("").str.contains(owner, case=False, regex=False)
    return df[mask].reset_index(drop=True)


def _as_list(value) -> list:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)
