"""Trade along the chain: flows, exposure, complementarity and tariff shocks.

The functions here take country names or codes (``"CA"``, ``"Korea"``, ``"USA"``) and HS
codes or product names, and read the flows once per data set (:func:`load_flows`):

* :func:`exposure`: destination and origin shares, concentration, China dependence,
  import reliance (:mod:`corridor.trade.dependence`);
* :func:`complementarity`: what one country's exports could supply of another's imports
  (:mod:`corridor.trade.potential`);
* :func:`shock`: a tariff scenario, built-in or a file, through GSIM or SMART
  (:mod:`corridor.trade.shocks`, :mod:`corridor.trade.tariffs`,
  :mod:`corridor.trade.models`).

Examples
--------
>>> e = exposure("CA", year=2024)
>>> round(float(e.export_share.sel(partner="USA", hs6="250410")), 3)
0.756
>>> round(float(exposure("KR", products="282520", year=2019).china_dependence), 3)
0.743
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from corridor.data import Data
from corridor.errors import InputError
from corridor.trade import dependence, potential, shocks
from corridor.trade.flows import country, product_codes
from corridor.trade.flows import load as load_flows
from corridor.trade.tariffs import TariffScenario, builtin_tariffs, load_tariffs

__all__ = ["builtin_tariffs", "complementarity", "exposure", "load_flows", "load_tariffs",
           "shock"]


def _years(flows: xr.Dataset, year) -> dict:
    return {} if year is None else {"year": year_in(flows, year)}


def year_in(flows: xr.Dataset, year) -> int:
    """``year`` if the flows have it, else an :class:`InputError` naming their years."""
    if int(year) not in flows.year:
        raise InputError(f"year {year}: not in the trade data ({int(flows.year.min())}-"
                         f"{int(flows.year.max())})")
    return int(year)


def exposure(countries=None, products=None, year=None, data: Data | None = None
             ) -> xr.Dataset:
    """Exposure of one country (a name or code), several, or all (``None``), for one
    product, several or all (``None``), in ``year`` (default all years). A single country
    or product is dropped from the dimensions."""
    flows = load_flows(data)
    one = isinstance(countries, str)
    codes = None if countries is None else [
        country(flows, c) for c in ([countries] if one else countries)]
    out = dependence.exposure(flows, codes, data).sel(**_years(flows, year))
    if products:
        codes = product_codes(flows, [products] if isinstance(products, str) else products)
        out = out.sel(hs6=codes[0] if isinstance(products, str) else codes)
    return out.squeeze("country", drop=True) if one else out


def complementarity(exporter, importer, year=None, data: Data | None = None) -> xr.Dataset:
    """What ``exporter``'s exports could supply of ``importer``'s imports."""
    flows = load_flows(data)
    out = potential.complementarity(flows, country(flows, exporter), country(flows, importer))
    return out.sel(**_years(flows, year))


def shock(scenario: str | Path | TariffScenario, data: Data | None = None,
          model: str = "gsim") -> xr.Dataset:
    """A tariff scenario (built-in name, file or :class:`TariffScenario`) on the flows,
    through ``model`` ``"gsim"`` (every market) or ``"smart"`` (each imposing market)."""
    if not isinstance(scenario, TariffScenario):
        scenario = load_tariffs(scenario)
    return shocks.shock(scenario, load_flows(data), model)
