"""Bilateral trade flows of the chain as labelled arrays.

The flows come from CEPII BACI: the shipped snapshot (data table ``trade_flows``), or a
release the user fetched (``corridor data fetch trade``), which then replaces it. They
become one :class:`xarray.Dataset` over ``exporter``, ``importer``, ``hs6`` and ``year``:

* ``value`` (US$, FOB) and ``quantity`` (kg) of each flow;
* ``contained`` (t of the product's mineral): quantity times the product's mineral
  content (``trade_products``), missing where the quantity or the content is.

Missing is never zero. BACI lists every flow it records, so within the data set a pair
without a record traded nothing recorded: 0. A country, product or year outside the
data set is not in the coordinates at all, and asking for it is an error that says so.
A reported quantity that is blank stays missing, and so do contained tonnes built on it.
Codes are ISO 3166 alpha-3, with ``EU27`` (the sum of its members, trade among them left
out) and ``WLD`` (World: the exporter's total exports, or the importer's total imports).

Examples
--------
>>> flows = load()
>>> float(flows.value.sel(exporter="WLD", importer="KOR", hs6="282520", year=2024))
1600835697.0
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from corridor import dims
from corridor.data import PACKAGE_DIR, Data
from corridor.errors import InputError, one_line
from corridor.home import data_home

WORLD, EU27 = "WLD", "EU27"
#: Columns of a flows table (shipped, replaced with ``--data``, or fetched)
COLUMNS = ("exporter", "importer", "hs6", "year", "value_usd", "qty_kg", "release", "source",
           "confidence")
#: ISO codes of the countries corridor names (and of the producers in ``world_supply``)
ISO3_OF = {"Canada": "CAN", "South Korea": "KOR", "United States": "USA", "China": "CHN",
               "Japan": "JPN", "Mexico": "MEX", "Chile": "CHL", "Australia": "AUS",
               "Indonesia": "IDN", "Germany": "DEU", "France": "FRA", "World": WORLD}
#: The European Union's 27 members since 1 February 2020 (the United Kingdom's exit)
EU27_MEMBERS = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
                "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT",
                "ROU", "SVK", "SVN", "ESP", "SWE")


def products(data: Data | None = None) -> pd.DataFrame:
    """The chain's HS-6 codes (table ``trade_products``), indexed by ``hs6``."""
    return (data or Data()).table("trade_products").set_index("hs6")


def fetched_path() -> Path:
    """Where ``corridor data fetch trade`` keeps a fetched BACI release (Parquet)."""
    return data_home() / "trade" / "flows.parquet"


def _table(data: Data) -> pd.DataFrame:
    """A ``--data`` table first, else a fetched release, else the shipped snapshot."""
    path = fetched_path()
    if not path.is_file() or data.path("trade_flows").parent != PACKAGE_DIR:
        return data.table("trade_flows")
    import duckdb

    try:
        table = duckdb.sql("select * from read_parquet(?)", params=[str(path)]).df()
    except duckdb.Error as err:
        raise InputError(f"fetched trade data {path}: unreadable ({one_line(str(err))}); "
                         "fetch it again or delete it to use the shipped snapshot") from None
    missing = sorted(set(COLUMNS) - set(table.columns))
    if missing:
        raise InputError(f"fetched trade data {path}: no column {', '.join(missing)}; fetch "
                         "it again or delete it to use the shipped snapshot")
    return table


def load(data: Data | None = None) -> xr.Dataset:
    """The flows as a Dataset (see the module text): a ``--data`` table ``trade_flows``
    first, else fetched BACI data, else the shipped snapshot."""
    data = data or Data()
    return data.memo("trade flows", lambda: _build(_table(data), products(data)))


def _build(table: pd.DataFrame, products: pd.DataFrame) -> xr.Dataset:
    table = table.assign(hs6=table.hs6.astype(str).str.zfill(6), year=table.year.astype("int64"))
    unknown = sorted(set(table.hs6) - set(products.index))
    if unknown:
        raise InputError(f"trade flows: HS codes {', '.join(unknown[:5])} are not in table "
                         "trade_products")
    frame = table.set_index(["exporter", "importer", "hs6", "year"])[["value_usd", "qty_kg"]]
    flows = xr.Dataset.from_dataframe(frame).rename(value_usd="value", qty_kg="quantity")
    codes = sorted(set(flows.exporter.values) | set(flows.importer.values))
    flows = flows.reindex(exporter=codes, importer=codes)  # each country on both sides
    recorded = flows.value.notnull()
    flows["value"] = flows.value.fillna(0.0)  # no record in BACI: nothing traded
    flows["quantity"] = flows.quantity.where(recorded, 0.0)  # blank reported stays missing
    for pair in ((WORLD, WORLD), (EU27, EU27)):  # not flows: no such totals exist
        if set(pair) <= set(flows.exporter.values) & set(flows.importer.values):
            flows["value"].loc[{"exporter": pair[0], "importer": pair[1]}] = np.nan
            flows["quantity"].loc[{"exporter": pair[0], "importer": pair[1]}] = np.nan
    content = xr.DataArray(products.content.reindex(flows.hs6.values).to_numpy(float),
                           coords={"hs6": flows.hs6})
    flows["contained"] = flows.quantity * content / 1000.0  # kg of product -> t of mineral
    flows["product"] = ("hs6", products["product"].reindex(flows.hs6.values).to_numpy())
    flows["stage"] = ("hs6", products.stage.reindex(flows.hs6.values).to_numpy())
    flows["mineral"] = ("hs6", products.mineral.reindex(flows.hs6.values).fillna("").to_numpy())
    flows.value.attrs["units"], flows.quantity.attrs["units"] = "USD", "kg"
    flows.contained.attrs["units"] = "t"
    flows.attrs["release"] = "; ".join(sorted(table.release.unique()))
    return flows


def country(flows: xr.Dataset, text: str) -> str:
    """The data's code for ``text``: an ISO3 code, EU27, WLD, or a name or alias corridor
    knows (CA, Korea, United States, ...).

    >>> country(load(), "kr"), country(load(), "EU27")
    ('KOR', 'EU27')
    """
    known = set(flows.exporter.values) | set(flows.importer.values)
    code = str(text).strip().upper()
    if code not in known:
        try:
            code = ISO3_OF.get(dims.lookup("country", text), code)
        except InputError:
            code = ISO3_OF.get(str(text).strip().title(), code)
    if code not in known:
        raise InputError(f"country {text!r}: not in the trade data (it has "
                         f"{', '.join(sorted(known))}; `corridor data fetch trade` gets "
                         "every country BACI covers)")
    return code


def product_codes(flows: xr.Dataset, texts) -> list[str]:
    """HS-6 codes for codes or product names (case ignored); all codes for ``None``."""
    if not texts:
        return list(flows.hs6.values)
    names = {str(n).lower(): h for h, n in zip(flows.hs6.values, flows["product"].values,
                                               strict=True)}
    out = []
    for text in texts:
        code = str(text).strip()
        code = code if code in flows.hs6 else names.get(code.lower())
        if code is None:
            raise InputError(f"product {text!r}: not in the trade data (HS codes "
                             f"{', '.join(flows.hs6.values)} or their product names)")
        out.append(code)
    return out
