"""Fetch a CEPII BACI release and keep the chain's flows in the user's data folder.

BACI (CEPII, licence Etalab 2.0) is published as one zip per HS nomenclature and release,
e.g. ``BACI_HS17_V202601.zip``: a CSV per year (``BACI_HS17_Y2024_V202601.csv``, columns
``t`` year, ``i`` exporter, ``j`` importer (numeric country codes), ``k`` HS-6 product,
``v`` value in thousand US$ FOB, ``q`` quantity in tonnes, blank or ``NA`` where not known)
and ``country_codes_V202601.csv`` (``country_code`` to ``country_iso3``). HS17 (2017 on)
and HS22 (2022 on) hold every code of table ``trade_products``.

:func:`fetch_baci` reads such a release (a URL, a zip or an unzipped folder), keeps the
chain's codes with DuckDB, one year at a time, and writes the flows among the countries
corridor names (:data:`COUNTRIES`, plus any asked for), with ``EU27`` (its members' trade
with others) and ``WLD`` (each country's trade with the World) summed from every country's
records, as Parquet to :func:`corridor.trade.flows.fetched_path`, which the trade layer
then reads instead of the shipped snapshot. A sum over records of which one lacks a
quantity has no quantity: missing, never an undercount. The file is replaced only when
everything succeeded: a failed download or a malformed release leaves the previous data.

Examples
--------
>>> release_url("202601", "HS17")
'https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS17_V202601.zip'
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corridor.download import local, publish, scratch_beside
from corridor.errors import InputError, one_line
from corridor.trade.flows import COLUMNS, EU27, EU27_MEMBERS, WORLD, fetched_path, products

RELEASE, NOMENCLATURE = "202601", "HS17"
FIRST_YEAR = 2019
#: Countries kept by name: those the issue of the trade layer lists, and the main producers
#: and traders of the chain's ores and refined products (others count in ``WLD`` only)
COUNTRIES = ("CAN", "KOR", "USA", "CHN", "JPN", "MEX", "CHL", "AUS", "IDN",  # the corridor's
             "ARG", "BRA", "COD", "GAB", "IND", "MDG", "MOZ", "NOR", "PER", "PHL", "RUS",
             "ZAF", "ZMB", "TWN", "GBR")
_YEAR_FILE = re.compile(r"BACI_(HS\d\d)_Y(\d{4})_V(\w+)\.csv$")


def release_url(release: str = RELEASE, nomenclature: str = NOMENCLATURE) -> str:
    """The download address of a BACI release."""
    return ("https://www.cepii.fr/DATA_DOWNLOAD/baci/data/"
            f"BACI_{nomenclature.upper()}_V{release}.zip")


@dataclass(frozen=True)
class Fetched:
    """What :func:`fetch_baci` wrote."""

    path: Path
    release: str
    years: tuple[int, ...]
    rows: int
    countries: int
    missing_products: tuple[str, ...]  # codes of trade_products the release has no flow of


def fetch_baci(source: str | Path | None = None, *, years: Iterable[int] | None = None,
               countries: Iterable[str] = (), target: Path | None = None) -> Fetched:
    """Read a BACI release (URL, zip or folder; default :func:`release_url`) and write the
    chain's flows to ``target`` (default :func:`corridor.trade.flows.fetched_path`).

    ``years`` default to 2019 and after; ``countries`` (ISO3) are kept by name besides
    :data:`COUNTRIES`. Raises :class:`InputError` naming the file and the problem."""
    source = source or release_url()
    target = Path(target or fetched_path())
    with scratch_beside(target) as scratch:
        release = local(source, scratch, "trade data")
        members = _Release(release)
        wanted = sorted(set(years) if years is not None else
                        {y for y in members.years if y >= FIRST_YEAR})
        absent = sorted(set(wanted) - set(members.years))
        if absent or not wanted:
            raise InputError(f"{release}: no BACI file for year {absent[0] if absent else '-'} "
                             f"(it has {', '.join(map(str, members.years)) or 'none'})")
        keep = sorted(set(COUNTRIES) | {c.strip().upper() for c in countries})
        flows = _flows(members, wanted, keep, scratch)
        publish(flows, scratch, target)
    found = set(flows.hs6)
    return Fetched(target, members.label, tuple(wanted), len(flows),
                   len(set(flows.exporter) - {WORLD, EU27}),
                   tuple(c for c in products().index if c not in found))


class _Release:
    """The year files and country codes of a release, in a zip or a folder."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_dir():
            self._zip, names = None, [p.name for p in path.iterdir()]
        else:
            try:
                self._zip = zipfile.ZipFile(path)
                names = self._zip.namelist()
            except (zipfile.BadZipFile, OSError) as err:
                why = err.strerror if isinstance(err, OSError) else "not a zip archive"
                raise InputError(f"{path}: not a BACI release ({why}; truncated?)") from None
        self._names = {Path(n).name: n for n in names}
        matches = {m.group(2): m for n in self._names if (m := _YEAR_FILE.match(n))}
        countries = [n for n in self._names if n.startswith("country_codes")]
        if not matches or not countries:
            raise InputError(f"{path}: not a BACI release (no BACI_HS.._Y...._V....csv year "
                             "files and country_codes file)")
        self.years = sorted(int(y) for y in matches)
        self._files = {int(y): m.group(0) for y, m in matches.items()}
        some = next(iter(matches.values()))
        self.label = f"BACI {some.group(1)} V{some.group(3)}"
        self._countries = countries[0]

    def extract(self, name: str, scratch: Path) -> Path:
        """A member as a file on disk (DuckDB reads files, not zip members)."""
        if self._zip is None:
            return self.path / name
        out = scratch / name
        try:
            with self._zip.open(self._names[name]) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as err:
            raise InputError(f"{self.path}: {name}: unreadable ({one_line(str(err))}; "
                             "truncated?)") from None
        return out

    def year_file(self, year: int) -> str:
        return self._files[year]

    def iso3(self, scratch: Path) -> pd.DataFrame:
        """Numeric code to ISO3 (``code``, ``iso3``)."""
        path = self.extract(self._countries, scratch)
        try:
            table = pd.read_csv(path, dtype=str, encoding_errors="replace")
        except (ValueError, pd.errors.ParserError) as err:
            raise InputError(f"{self.path}: {self._countries}: unreadable "
                             f"({one_line(str(err))})") from None
        if not {"country_code", "country_iso3"} <= set(table.columns):
            raise InputError(f"{self.path}: {self._countries}: no column country_code and "
                             "country_iso3")
        codes = pd.to_numeric(table.country_code, errors="coerce")
        return pd.DataFrame({"code": codes, "iso3": table.country_iso3.str.strip()}).dropna()


def _flows(release: _Release, years: list[int], keep: list[str], scratch: Path
           ) -> pd.DataFrame:
    """The chain's flows of ``years``: among ``keep``, to and from EU27 and WLD."""
    import duckdb

    con = duckdb.connect()
    con.register("codes", pd.DataFrame({"hs6": products().index}))
    countries = release.iso3(scratch)
    # each country's aliases: itself if kept by name, EU27 if a member, and always WLD
    alias = pd.concat([countries[countries.iso3.isin(keep)].assign(name=countries.iso3),
                       countries[countries.iso3.isin(EU27_MEMBERS)].assign(name=EU27),
                       countries.assign(name=WORLD)])
    con.register("alias", alias[["code", "name"]])
    con.execute("create table raw (year int, i int, j int, hs6 varchar, v double, q double)")
    for year in years:
        name = release.year_file(year)
        path = release.extract(name, scratch)
        try:
            header = con.execute("select * from read_csv(?, all_varchar=true, "
                                 "normalize_names=true) limit 0", [str(path)]).df().columns
            missing = sorted({"t", "i", "j", "k", "v", "q"} - set(header))
            if missing:
                raise InputError(f"{release.path}: {name}: no column {', '.join(missing)}")
            con.execute("""
                create or replace temp table one as select try_cast(trim(t) as int) as year,
                    try_cast(trim(i) as int) as i, try_cast(trim(j) as int) as j,
                    lpad(trim(k), 6, '0') as hs6, try_cast(trim(v) as double) as v,
                    try_cast(nullif(trim(q), 'NA') as double) as q
                from read_csv(?, all_varchar=true, normalize_names=true)
                where lpad(trim(k), 6, '0') in (select hs6 from codes)""", [str(path)])
        except duckdb.Error as err:
            raise InputError(f"{release.path}: {name}: malformed ({one_line(str(err))})"
                             ) from None
        bad = con.execute("select count(*) from one where year is distinct from ? or i is null "
                          "or j is null or v is null or v < 0 or q < 0", [year]).fetchone()[0]
        if bad:
            raise InputError(f"{release.path}: {name}: {bad} rows with a missing, negative or "
                             f"unreadable year, country or value, or not of year {year}")
        con.execute("insert into raw select * from one")
        if path.parent == scratch:
            path.unlink()
    unknown = con.execute("select distinct i from raw where i not in (select code from alias) "
                          "union select distinct j from raw where j not in "
                          "(select code from alias)").fetchall()
    if unknown:
        codes = ", ".join(str(u[0]) for u in unknown[:5])
        raise InputError(f"{release.path}: country codes {codes} of the flows are not in the "
                         "country_codes file")
    label = release.label
    return con.execute(f"""
        select e.name as exporter, m.name as importer, r.hs6, r.year,
               sum(r.v) * 1000 as value_usd,
               case when count(r.q) = count(*) then sum(r.q) * 1000 end as qty_kg,
               '{label}' as release,
               'CEPII BACI {label.removeprefix("BACI ")} (Etalab 2.0), fetched' as source,
               case when count(*) = 1 then 'high (one reconciled BACI record)'
                    else 'derived: sum of ' || count(*) || ' BACI records' end as confidence
        from raw r join alias e on r.i = e.code join alias m on r.j = m.code
        where e.name <> m.name
        group by all order by all""").df()[list(COLUMNS)]

