"""Statistics Canada's input-output multipliers, fetched, and the jobs a Canadian plant's
direct jobs bring with them.

Table 36-10-0595-01 (input-output multipliers, provincial and territorial, detail level;
Open Government Licence - Canada) is published as ``36100595-eng.zip`` holding
``36100595.csv`` with columns ``REF_DATE``, ``GEO``, ``Multiplier type`` (Direct, Indirect,
Simple, Induced, Total multiplier, ...), ``Variable`` (Output, Gross domestic product (GDP)
at basic prices, Jobs, ...), ``Geographical coverage`` (Within province, All provinces),
``Industry`` (``Name [BSxxxxxx]``) and ``VALUE``. corridor does not ship it (its values were
not at hand when the table set was compiled): ``corridor data fetch multipliers`` keeps the
rows of the industries that stand for the project types (:data:`INDUSTRY_OF`) in the data
folder, and :func:`spillover_jobs` reads them.

A plant's indirect and induced jobs are its direct jobs times the ratio of the industry's
indirect (induced) jobs multiplier to its direct one, in the plant's province, with
coverage "All provinces" (the jobs anywhere in Canada), for 2019 where the table has it
(Statistics Canada's advice: the 2020 structure reflects the pandemic), else its latest
year: the plant is taken to be like its industry's average establishment.

>>> INDUSTRY_OF["vehicle assembly"]
('BS336110',)
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corridor.download import local, publish, scratch_beside
from corridor.errors import InputError, one_line
from corridor.home import data_home

URL = "https://www150.statcan.gc.ca/n1/tbl/csv/36100595-eng.zip"
#: Industries of the input-output tables (detail level) standing for each project type
INDUSTRY_OF = {
    "mine": ("BS212210", "BS212220", "BS212230", "BS212290"),  # metal ore mining
    "refinery": ("BS331400",),  # non-ferrous metal (except aluminum) production
    "precursor": ("BS325100",), "cathode": ("BS325100",),  # basic chemicals
    "anode": ("BS335900",), "cell": ("BS335900",), "pack": ("BS335900",),  # electrical eq.
    "vehicle assembly": ("BS336110",),  # automobile and light-duty motor vehicles
    "recycling": ("BS331400",), "hydrogen/fuel-cell": ("BS335900",),
}
#: Refineries of lithium chemicals are chemical plants
CHEMICAL_REFINING = ("Lithium Hydroxide", "Lithium Carbonate Equivalent")
COLUMNS = {"REF_DATE": "year", "GEO": "geo", "Multiplier type": "multiplier",
           "Variable": "variable", "Industry": "industry", "VALUE": "value"}
ADVISED_YEAR = 2019


def fetched_path() -> Path:
    """Where ``corridor data fetch multipliers`` keeps the table (Parquet)."""
    return data_home() / "multipliers" / "statcan_36100595.parquet"


@dataclass(frozen=True)
class Fetched:
    path: Path
    rows: int
    years: tuple[int, ...]
    industries: tuple[str, ...]


def fetch_statcan(source: str | Path | None = None, target: Path | None = None) -> Fetched:
    """Read table 36-10-0595-01 (URL, its zip or its CSV; default :data:`URL`) and keep the
    project types' industries in ``target`` (default :func:`fetched_path`)."""
    import duckdb

    target = Path(target or fetched_path())
    codes = sorted({c for cs in INDUSTRY_OF.values() for c in cs})
    with scratch_beside(target) as scratch:
        path = local(source or URL, scratch, "multipliers")
        csv = _csv(path, scratch)
        con = duckdb.connect()
        try:
            header = list(con.execute("select * from read_csv(?, all_varchar=true) limit 0",
                                      [str(csv)]).df().columns)
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise InputError(f"{path}: not table 36-10-0595 (no column "
                                 f"{', '.join(missing)})")
            coverage = ('"Geographical coverage"' if "Geographical coverage" in header
                        else "'All provinces'")
            table = con.execute(f"""
                select try_cast("REF_DATE" as int) as year, "GEO" as geo,
                       "Multiplier type" as multiplier, "Variable" as variable,
                       {coverage} as coverage,
                       regexp_extract("Industry", '\\[(BS[0-9A-Z]+)\\]', 1) as code,
                       "Industry" as industry, try_cast("VALUE" as double) as value
                from read_csv(?, all_varchar=true)
                where regexp_extract("Industry", '\\[(BS[0-9A-Z]+)\\]', 1) in
                      (select unnest(?::varchar[]))""", [str(csv), codes]).df()
        except duckdb.Error as err:
            raise InputError(f"{path}: malformed ({one_line(str(err))})") from None
        if table.empty:
            raise InputError(f"{path}: no row of the industries {', '.join(codes)}")
        if table.year.isna().any():
            raise InputError(f"{path}: REF_DATE: not a year in "
                             f"{int(table.year.isna().sum())} rows")
        table["source"] = ("Statistics Canada, Table 36-10-0595-01, Input-output multipliers, "
                           "provincial and territorial, detail level (Open Government "
                           "Licence - Canada), fetched")
        publish(table, scratch, target)
    return Fetched(target, len(table), tuple(sorted(table.year.unique().tolist())),
                   tuple(sorted(table.code.unique())))


def _csv(path: Path, scratch: Path) -> Path:
    """The data CSV of the table: the file itself, or the zip's member that is not the
    metadata."""
    if path.suffix.lower() == ".csv":
        if not path.is_file():
            raise InputError(f"{path}: file not found")
        return path
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower().endswith(".csv")
                     and "metadata" not in n.lower()]
            if not names:
                raise InputError(f"{path}: no data CSV in the archive")
            return Path(z.extract(names[0], scratch))
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        why = err.strerror if isinstance(err, OSError) and err.strerror else "not a zip archive"
        raise InputError(f"{path}: not table 36-10-0595 ({why}; truncated?)") from None


def load() -> pd.DataFrame | None:
    """The fetched multipliers, or None if none were fetched."""
    path = fetched_path()
    if not path.is_file():
        return None
    import duckdb

    try:
        return duckdb.sql("select * from read_parquet(?)", params=[str(path)]).df()
    except duckdb.Error as err:
        raise InputError(f"fetched multipliers {path}: unreadable ({one_line(str(err))}); "
                         "fetch them again") from None


def spillover_jobs(kind: str, product_class: str | None, province: str | None,
                   direct_jobs: float, table: pd.DataFrame | None) -> tuple[float, float, str]:
    """``(indirect, induced, basis)`` jobs that come with ``direct_jobs`` at a plant of
    ``kind`` in ``province`` (see the module text); NaNs and the reason without data."""
    nan = float("nan")
    if table is None:
        return nan, nan, "Statistics Canada's multipliers not fetched (corridor data fetch " \
                         "multipliers)"
    codes = (("BS325100",) if kind == "refinery" and product_class in CHEMICAL_REFINING
             else INDUSTRY_OF[kind])
    rows = table[table.code.isin(codes) & (table.variable == "Jobs")]
    rows = rows[rows.coverage == "All provinces"] if (rows.coverage == "All provinces").any() \
        else rows
    geo = province if province in set(rows.geo) else "Canada"
    rows = rows[rows.geo == geo]
    if rows.empty:
        return nan, nan, f"no jobs multipliers for {', '.join(codes)} in {geo}"
    year = ADVISED_YEAR if ADVISED_YEAR in set(rows.year) else int(rows.year.max())
    by = rows[rows.year == year].groupby("multiplier").value.mean()  # several mining codes
    direct = by.get("Direct multiplier")
    if not direct:
        return nan, nan, f"no direct jobs multiplier for {', '.join(codes)} in {geo}"
    ratio = {k: by.get(f"{k} multiplier", nan) / direct for k in ("Indirect", "Induced")}
    basis = (f"Statistics Canada 36-10-0595-01, {', '.join(codes)}, {geo}, {year}: "
             f"indirect {ratio['Indirect']:.2f} and induced {ratio['Induced']:.2f} per "
             "direct job")
    return direct_jobs * ratio["Indirect"], direct_jobs * ratio["Induced"], basis
