"""Trade complementarity: what one country's exports could supply of another's imports.

For an ``exporter`` A, an ``importer`` B, each product and year:

* ``potential``: the part of B's imports from the World that A's exports to the World
  could cover, ``min(exports of A, imports of B)`` (US$; and contained tonnes);
* ``actual``: A's exports to B; ``gap``: ``potential - actual``, trade the two could
  divert from other partners without either producing more;
* ``tci``: Michaely's trade complementarity index over the chain's products,
  ``100 * (1 - sum_k |m_Bk - x_Ak| / 2)``, with ``m_Bk`` product k's share of B's chain
  imports and ``x_Ak`` its share of A's chain exports: 100 where A exports exactly what B
  imports, 0 where they share no product. Shares are within the chain's products, not
  of all goods as in the World Bank's WITS index, so it measures fit along the chain.

Examples
--------
>>> from corridor.trade.flows import load
>>> c = complementarity(load(), "CAN", "KOR")
>>> bool((c.gap >= 0).all()), 0 <= float(c.tci.sel(year=2024)) <= 100
(True, True)
"""

from __future__ import annotations

import xarray as xr

from corridor.trade.flows import WORLD


def complementarity(flows: xr.Dataset, exporter: str, importer: str) -> xr.Dataset:
    """Potential, actual and gap by product and year, and the index by year (module text)."""
    def between(variable: str, source: str, destination: str) -> xr.DataArray:
        return flows[variable].sel(exporter=source, importer=destination, drop=True)

    exports, imports = between("value", exporter, WORLD), between("value", WORLD, importer)
    actual = between("value", exporter, importer)
    x_share = exports / exports.sum("hs6").where(lambda v: v > 0)
    m_share = imports / imports.sum("hs6").where(lambda v: v > 0)
    potential = xr.ufuncs.minimum(exports, imports)
    tonnes = xr.ufuncs.minimum(between("contained", exporter, WORLD),
                               between("contained", WORLD, importer))
    out = xr.Dataset({
        "exports": exports, "imports": imports, "actual": actual, "potential": potential,
        "gap": potential - actual,
        "potential_t": tonnes,
        "gap_t": tonnes - between("contained", exporter, importer),
        "tci": 100 * (1 - abs(m_share - x_share).sum("hs6", min_count=1) / 2),
    })
    out["product"] = flows["product"]
    out.attrs.update(exporter=exporter, importer=importer)
    return out
