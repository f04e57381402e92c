"""Partial-equilibrium tariff models: SMART (one importing market) and GSIM (many).

Tariffs enter as powers, ``T = 1 + t`` (``t`` ad valorem). Flows are values at world
prices, exporters along ``exporter`` and importers along ``importer``.

* :func:`smart` follows the World Bank's WITS-SMART: trade creation from the import demand
  elasticity ``Em`` (with the export supply elasticity ``Ex``, infinite by default, as
  WITS treats its default of 99), and trade diversion between sources with the
  substitution elasticity ``Es``, linear in the relative price changes, so that diversion
  sums to zero in the market. Welfare is the consumer-surplus triangle on created trade
  (Laird and Yeats).
* :func:`gsim` follows Francois and Hall's GSIM: every importer's demand for each source
  with own- and cross-price elasticities from import shares at internal prices, export
  supply with ``Ex``, and world prices that clear every exporter's market (a linear
  system, solved exactly). Welfare is producer surplus, consumer surplus and tariff
  revenue.

Both reproduce worked examples in ``tests/test_trade_models.py``: a SMART preferential cut
derived by hand from the WITS formulas, and the published four-region GSIM example (world
price changes 0.0792, -0.0316, 0.0480, -0.0184).
"""

from __future__ import annotations

import numpy as np
import xarray as xr


def _along(value, regions: xr.DataArray, name: str) -> np.ndarray:
    """A scalar or labelled elasticity as one value per region of ``regions``."""
    out = xr.DataArray(value).broadcast_like(regions).astype(float).values
    if np.isnan(out).any():
        raise ValueError(f"{name}: not a number")
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part / whole``, 0 where ``whole`` is 0 (a region that imports or exports nothing)."""
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


def smart(imports: xr.DataArray, tariff_before: xr.DataArray, tariff_after: xr.DataArray,
          import_elasticity: float, substitution_elasticity: float = 1.5,
          supply_elasticity: float = np.inf) -> xr.Dataset:
    """SMART: one market's imports by ``exporter`` after a tariff change.

    Parameters
    ----------
    imports
        Imports by exporter before the change (value), dim ``exporter``.
    tariff_before, tariff_after
        Ad-valorem rates (0.25 for 25%) by exporter.
    import_elasticity
        ``Em`` < 0.
    substitution_elasticity
        ``Es`` > 0 between sources (WITS default 1.5).
    supply_elasticity
        ``Ex`` > 0 (WITS default 99, treated as infinite).

    Returns
    -------
    xarray.Dataset
        ``creation``, ``diversion``, ``imports_after`` by exporter; ``revenue_before``,
        ``revenue_after``, ``revenue_change`` and ``welfare`` (consumer surplus on
        created trade) of the market.

    Examples
    --------
    >>> m = xr.DataArray([100.0, 200.0], coords={"exporter": ["CAN", "KOR"]})
    >>> r = smart(m, m * 0 + 0.25, xr.DataArray([0.0, 0.25], coords=m.coords), -1.5)
    >>> r.creation.values.tolist(), r.diversion.values.round(6).tolist()
    ([30.0, 0.0], [20.0, -20.0])
    """
    if import_elasticity >= 0 or substitution_elasticity < 0 or supply_elasticity <= 0:
        raise ValueError("elasticities: import demand must be negative, substitution and "
                         "export supply positive")
    change = tariff_after - tariff_before
    creation = import_elasticity * imports * change / (1 + tariff_before) / (
        1 - import_elasticity / supply_elasticity) + 0.0  # no -0.0 where nothing changes
    price = (1 + tariff_after) / (1 + tariff_before) - 1
    mean_price = (imports * price).sum("exporter") / imports.sum("exporter")
    diversion = substitution_elasticity * imports * (mean_price - price)
    after = imports + creation + diversion
    before_revenue = float((tariff_before * imports).sum())
    after_revenue = float((tariff_after * after).sum())
    return xr.Dataset({
        "creation": creation, "diversion": diversion, "imports_after": after,
        "revenue_before": before_revenue, "revenue_after": after_revenue,
        "revenue_change": after_revenue - before_revenue,
        "welfare": float((0.5 * np.abs(change) * creation).sum()),
    })


def gsim(flows: xr.DataArray, power_before: xr.DataArray, power_after: xr.DataArray,
         import_elasticity, supply_elasticity, substitution_elasticity) -> xr.Dataset:
    """GSIM: world prices, flows and welfare after a change in tariffs between regions.

    Parameters
    ----------
    flows
        Values at world prices, dims ``(exporter, importer)`` over the same regions.
    power_before, power_after
        Powers of the tariffs (1 + t), same dims.
    import_elasticity, supply_elasticity, substitution_elasticity
        ``Em`` (< 0) of each importer, ``Ex`` (> 0) of each exporter and ``Es`` (> 0) of
        each importer: scalars or labelled by region.

    Returns
    -------
    xarray.Dataset
        ``price_change`` (world price of each exporter's good), ``flows_after`` at the
        new world prices; by region: ``producer_surplus``, ``consumer_surplus``,
        ``tariff_revenue`` (changes) and ``welfare``, their sum.
    """
    regions = flows.exporter.values
    importer = xr.DataArray(regions, dims="importer", coords={"importer": regions})
    exporter = xr.DataArray(regions, dims="exporter", coords={"exporter": regions})
    em = _along(import_elasticity, importer, "import_elasticity")
    es = _along(substitution_elasticity, importer, "substitution_elasticity")
    ex = _along(supply_elasticity, exporter, "supply_elasticity")
    if (em >= 0).any() or (es < 0).any() or (ex <= 0).any():
        raise ValueError("elasticities: import demand must be negative, substitution and "
                         "export supply positive")
    m = flows.transpose("exporter", "importer").values.astype(float)
    t0 = power_before.transpose("exporter", "importer").values.astype(float)
    t1 = power_after.transpose("exporter", "importer").values.astype(float)
    dt = t1 / t0 - 1
    internal = m * t0
    theta = _share(internal, internal.sum(axis=0))  # sources of each importer's market
    phi = _share(m, m.sum(axis=1, keepdims=True))  # destinations of each exporter's sales
    own = theta * em - (1 - theta) * es
    cross = theta * (em + es)

    def demand_change(x: np.ndarray) -> np.ndarray:
        """Proportional change of each flow for world price changes ``x``."""
        p = dt + x[:, None]
        return own * p + (cross * p).sum(axis=0) - cross * p

    def excess(x: np.ndarray) -> np.ndarray:  # linear in x: demand minus supply
        return (phi * demand_change(x)).sum(axis=1) - ex * x

    n = len(regions)
    at_zero = excess(np.zeros(n))
    jacobian = np.column_stack([excess(e) - at_zero for e in np.eye(n)])
    x = np.linalg.solve(jacobian, -at_zero)
    after = m * (1 + demand_change(x)) * (1 + x[:, None])
    producer = x * m.sum(axis=1) * (1 + 0.5 * ex * x)
    price = (theta * ((1 + x[:, None]) * (1 + dt) - 1)).sum(axis=0)
    spent = internal.sum(axis=0)
    consumer = 0.5 * price**2 * spent * np.sign(price) * em - spent * price
    revenue = (after * (t1 - 1) - m * (t0 - 1)).sum(axis=0)
    by_region = {"producer_surplus": producer, "consumer_surplus": consumer,
                 "tariff_revenue": revenue, "welfare": producer + consumer + revenue}
    return xr.Dataset(
        {"price_change": ("exporter", x),
         "flows_after": (("exporter", "importer"), after),
         **{k: ("region", v) for k, v in by_region.items()}},
        coords={"exporter": regions, "importer": regions, "region": regions})
