"""EV sales pathways by region, segment and year.

History comes from the ``ev_sales`` table. For projection years, each region and mode
follows three curves through its anchor points (the last history year, then the IEA
projection years 2025/2030/2035 or the scenario's own ``share`` anchors):

* ``market``: total new vehicles of the mode, ``EV sales / EV share`` at each point,
  linear between points, then growing at ``ev_sales.market_growth`` after the last one;
* ``share``: EV share of new sales, linear between points, then a logistic curve through
  the last two points towards ``ev_sales.saturation`` (held flat if not rising), and never
  below ``ev_sales.share_floor``;
* ``split``: powertrain fractions of EV sales, linear between points, flat after.

Sales are ``market x share x split``, so the anchors are reproduced exactly. A mode
whose market is not published (two/three-wheelers) grows at the scenario's ``growth``
instead, or follows the scenario's ``sales`` anchors (relative to the last history year).
A mode without any anchor keeps its last observed sales; the run notes say so.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from corridor.config.schema import Scenario
from corridor.data import Data
from corridor.dims import MODES, POWERTRAINS, REGION_PARTS, SEGMENTS, YEARS
from corridor.errors import InputError
from corridor.paths import annual


def logistic_extension(t1: float, s1: float, t2: float, s2: float, saturation: float,
                       years: np.ndarray) -> np.ndarray:
    """Logistic share through ``(t1, s1)`` and ``(t2, s2)`` towards ``saturation``.

    Held flat at ``s2`` when the share is not rising or already saturated.

    Examples
    --------
    >>> logistic_extension(2030, 0.5, 2035, 0.5 / (0.5 + 0.5 * np.exp(-1)), 1.0,
    ...                    np.array([2040])).round(4)
    array([0.8808])
    """
    years = np.asarray(years, dtype=float)
    if not (0.0 < s1 < s2 < saturation):
        return np.full(years.shape, min(s2, saturation))
    logit1, logit2 = (np.log(s / (saturation - s)) for s in (s1, s2))
    slope = (logit2 - logit1) / (t2 - t1)
    return saturation / (1.0 + np.exp(-(logit2 + slope * (years - t2))))


class _Tables:
    """The sales tables as plain dictionaries (built once per data set; lookups are hot)."""

    def __init__(self, data: Data):
        sales = data.table("ev_sales")
        share = data.table("ev_sales_share")
        self.sales: dict[tuple, dict[str, float]] = {}
        for key, value in zip(
            zip(sales.region, sales["mode"], sales.scenario, sales.year, strict=True),
            zip(sales.powertrain, sales.value, strict=True), strict=True,
        ):
            self.sales.setdefault(key, {})[value[0]] = float(value[1])
        self.share = {k: float(v) for k, v in zip(
            zip(share.region, share["mode"], share.scenario, share.year, strict=True),
            share.value, strict=True)}
        self.years: dict[tuple, list[int]] = {}
        for region, mode, scenario, year in sorted(self.share):
            self.years.setdefault((region, mode, scenario), []).append(year)
        history = sales[sales.scenario == "History"]
        #: last history year of each mode (cars have 2024, the other modes 2023)
        self.last_history = history.groupby("mode").year.max().to_dict()
        missing = [m for m in MODES if m not in self.last_history]
        if missing:
            raise InputError(f"data table {data.path('ev_sales')}: no History rows for "
                             f"{missing[0]}")
        self.scenarios = set(sales.scenario)
        self.path = data.path("ev_sales")

    def history(self, region: str, mode: str) -> np.ndarray:
        """Sales (year x powertrain) from the first model year to the mode's last history year.

        Years without a row are zero: the IEA leaves years without sales blank.
        """
        years = range(YEARS[0], self.last_history[mode] + 1)
        return np.array([[self.sales.get((region, mode, "History", y), {}).get(pt, 0.0)
                          for pt in POWERTRAINS] for y in years])

    def point(self, region, mode, scenario, year) -> tuple[float, float, dict] | None:
        """(market, share, split) at one year, or None where the table has no share."""
        share = self.share.get((region, mode, scenario, year))
        by_pt = self.sales.get((region, mode, scenario, year), {})
        total = sum(by_pt.values())
        if share is None or share <= 0 or total <= 0:
            return None
        return total / share, share, {pt: by_pt.get(pt, 0.0) / total for pt in POWERTRAINS}

    def anchor_years(self, region, mode, scenario) -> list[int]:
        return self.years.get((region, mode, scenario), [])


def _base_anchors(tables: _Tables, scenario: Scenario, region: str, mode: str, wants_share: bool
                  ) -> tuple[dict, dict, dict] | None:
    """The data's market, share and split anchors of a region and mode: the last history
    year, then the IEA projection's years (None if there is nothing to project from)."""
    cfg = scenario.ev_sales
    last = tables.last_history[mode]
    hist = tables.history(region, mode)[-1]
    total = float(hist.sum())
    h_point = tables.point(region, mode, "History", last)
    iea = {y: tables.point(region, mode, cfg.iea_scenario, y)
           for y in tables.anchor_years(region, mode, cfg.iea_scenario) if y > last}
    iea = {y: p for y, p in iea.items() if p is not None}
    if h_point is None and (wants_share or not iea):
        if wants_share:
            raise InputError(
                f"scenario {scenario.name}: ev_sales.pathways.{region}.{mode}.share: "
                f"{tables.path} gives no {mode} market size for {region} in {last}; use "
                "growth instead")
        return None
    first = iea[min(iea)] if iea else None
    # no history share: history sales over the first anchor's market
    start_market = h_point[0] if h_point is not None else first[0]
    split = ({pt: x / total for pt, x in zip(POWERTRAINS, hist, strict=True)}
             if total > 0 else (first[2] if first else {"BEV": 1.0}))
    market = {last: start_market, **{y: p[0] for y, p in iea.items()}}
    share = {last: total / start_market, **{y: p[1] for y, p in iea.items()}}
    splits = {last: split, **{y: p[2] for y, p in iea.items()}}
    return market, share, splits


def project_mode(tables: _Tables, scenario: Scenario, region: str, mode: str,
                 notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sales (model year x powertrain) for one region and mode, history then projection,
    and the projected EV share of the mode's market by model year (0 where the market is
    not projected: history years, growth paths, modes without anchors)."""
    cfg = scenario.ev_sales
    hist = tables.history(region, mode)
    last = tables.last_history[mode]
    years = np.arange(last + 1, YEARS[-1] + 1)
    pathway = cfg.pathways.get(region, {}).get(mode)
    h_last = hist[-1]
    no_share = np.zeros(len(YEARS))

    if pathway is not None and pathway.growth is not None:
        return np.vstack([hist, np.outer((1 + pathway.growth) ** (years - last), h_last)]
                         ), no_share
    if pathway is not None and pathway.sales is not None:
        relative = annual({last: 1.0, **pathway.sales.points}, years, between="geometric")
        return np.vstack([hist, np.outer(relative, h_last)]), no_share

    own_share = pathway.share if pathway is not None else None
    base = _base_anchors(tables, scenario, region, mode, own_share is not None)
    label = f"scenario {scenario.name}: ev_sales.pathways.{region}.{mode}"
    if base is not None:
        market, share, split = base
        if own_share is not None:
            share = own_share.onto(share, last, f"{label}.share", notes)
        if pathway is not None and pathway.split is not None:
            split = pathway.split.onto(split, last, f"{label}.split")
    if base is None or max(share) <= last:
        if float(h_last.sum()) > 0:
            notes.append(f"{region} {mode}: no anchors; sales held at their {last} level")
        return np.vstack([hist, np.tile(h_last, (years.size, 1))]), no_share

    t1, t2 = sorted(share)[-2:]
    end = max(max(market), t2, max(split))
    market_path = annual(market, years) * (1 + cfg.market_growth) ** np.clip(years - end, 0,
                                                                             None)
    share_path = annual(share, years)
    after = years > t2
    share_path[after] = logistic_extension(t1, share[t1], t2, share[t2], cfg.saturation,
                                           years[after])
    floor = cfg.share_floor.get(mode)
    if floor is not None and floor.points:
        # the floor rises from the region's own last observed share: no jump at its
        # first anchor
        ramp = {last: share.get(last, 0.0), **floor.points}
        share_path = np.fmax(share_path, annual(ramp, years, before="nan"))
    share_path = np.clip(share_path, 0.0, 1.0)
    splits = np.column_stack([annual({y: s.get(pt, 0.0) for y, s in split.items()}, years)
                              for pt in POWERTRAINS])
    return (np.vstack([hist, (market_path * share_path)[:, None] * splits]),
            np.concatenate([no_share[:len(hist)], share_path]))


def _tables(data: Data) -> _Tables:
    return data.memo("sales-tables", lambda: _Tables(data))


def last_history_years(data: Data) -> dict[str, int]:
    """Last history year of each mode (cars have 2024, the other modes 2023)."""
    return _tables(data).last_history


def ev_sales(data: Data, scenario: Scenario) -> tuple[xr.DataArray, xr.DataArray, list[str]]:
    """Sales (vehicles/yr) with dims ``(region, segment, year)``, the projected EV share of
    each segment's mode market (0 where not projected; it bounds the Monte Carlo's
    adoption draws), and notes on the rules used.

    Examples
    --------
    >>> from corridor.config import load_scenario
    >>> sales, share, notes = ev_sales(Data(), load_scenario("STEPS"))
    >>> float(sales.sel(year=2023, segment=["Cars|BEV", "Cars|PHEV"]).sum()) > 13e6
    True
    """
    tables = _tables(data)
    if scenario.ev_sales.iea_scenario not in tables.scenarios:
        raise InputError(f"data table {tables.path}: no {scenario.ev_sales.iea_scenario} "
                         "rows (the scenario's ev_sales.iea_scenario)")
    notes: list[str] = []
    out = np.zeros((len(REGION_PARTS), len(SEGMENTS), len(YEARS)))
    shares = np.zeros_like(out)
    index = {s: i for i, s in enumerate(SEGMENTS)}
    for r, region in enumerate(REGION_PARTS):
        for mode in MODES:
            projected, share = project_mode(tables, scenario, region, mode, notes)
            for p, pt in enumerate(POWERTRAINS):
                seg = f"{mode}|{pt}"
                if seg in index:
                    out[r, index[seg]], shares[r, index[seg]] = projected[:, p], share
    coords = {"region": list(REGION_PARTS), "segment": list(SEGMENTS), "year": list(YEARS)}
    dims = ("region", "segment", "year")
    return (xr.DataArray(out, dims=dims, coords=coords, attrs={"units": "vehicle/yr"}),
            xr.DataArray(shares, dims=dims, coords=coords, attrs={"units": "1"}), notes)
