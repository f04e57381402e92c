"""Anchor points to annual paths: the one interpolation rule of every anchored series.

Between two anchors a path is linear; with ``between="geometric"`` it grows at a constant
rate where both anchors are positive (fleets in early adoption) and is linear where one
is zero; with ``between="step"`` each anchor's value holds until the next (rules that take
effect in a year, such as recovery targets); with ``between="smooth"`` it is a monotone
cubic through the anchors (PCHIP: no overshoot, and a slope that does not jump at an
anchor, so the yearly additions a stock path implies do not jump either). Outside the
anchors ``before`` and ``after`` say what it does: ``"hold"`` keeps the nearest anchor's
value, ``"nan"`` leaves it missing.
Nothing else extrapolates; a model rule that does (the logistic extension of EV shares,
pack growth after the data) is written where it applies.

Examples
--------
>>> annual({2020: 1.0, 2030: 2.0}, [2015, 2025, 2035]).tolist()
[1.0, 1.5, 2.0]
>>> annual({2020: 1.0, 2022: 4.0}, [2020, 2021, 2022], between="geometric").tolist()
[1.0, 2.0, 4.0]
>>> annual({2020: 1.0, 2022: 4.0}, [2019, 2021, 2022], between="step").tolist()
[1.0, 1.0, 4.0]
>>> annual({2020: 0.0, 2021: 1.0, 2023: 1.0}, [2020, 2021, 2022, 2023], between="smooth"
...        ).tolist()
[0.0, 1.0, 1.0, 1.0]
>>> import xarray as xr
>>> x = xr.DataArray([1.0, float("nan"), 3.0], coords={"year": [2024, 2025, 2026]})
>>> annual(x, [2023, 2024, 2025, 2026, 2027], before="nan", after="nan").values.tolist()
[nan, 1.0, 2.0, 3.0, nan]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from corridor.dims import YEARS

RULES = ("hold", "nan")
BETWEEN = ("linear", "geometric", "step", "smooth")


def annual(points, years: Sequence[int] = YEARS, *, between: str = "linear",
           before: str = "hold", after: str = "hold"):
    """Values on ``years`` from anchor ``points``.

    Parameters
    ----------
    points
        ``{year: value}`` (values scalars or arrays of one shape, giving ``(..., year)``),
        or an ``xarray.DataArray`` with a ``year`` dimension whose non-missing entries are
        each series' anchors (a series without any stays missing).
    years
        The years wanted.
    between
        ``"linear"``, ``"geometric"`` or ``"step"``.
    before, after
        ``"hold"`` or ``"nan"`` (see the module notes).
    """
    if between not in BETWEEN or before not in RULES or after not in RULES:
        raise ValueError(f"annual: unknown rule {between!r}, {before!r} or {after!r}")
    years = np.asarray(years)
    if isinstance(points, Mapping):
        xs = sorted(points)
        return _along(np.asarray(xs), np.stack([np.asarray(points[x], dtype=float)
                                                for x in xs]), years, between, before, after)
    import xarray as xr

    da = points.transpose(..., "year")
    values = da.values.reshape(-1, da.sizes["year"])
    out = np.full((values.shape[0], years.size), np.nan)
    known = da.year.values
    for i, row in enumerate(values):
        have = ~np.isnan(row)
        if have.any():
            out[i] = _along(known[have], row[have], years, between, before, after)
    dims = da.dims
    coords = {d: da[d].values for d in dims[:-1] if d in da.coords}
    return xr.DataArray(out.reshape(*da.shape[:-1], years.size), dims=dims,
                        coords={**coords, "year": years}, attrs=dict(points.attrs))


def _along(xs: np.ndarray, ys: np.ndarray, years: np.ndarray, between: str, before: str,
           after: str) -> np.ndarray:
    """``ys`` has shape ``(len(xs), ...)``; returns ``(..., len(years))``."""
    if between == "step":
        at = np.clip(np.searchsorted(xs, years, side="right") - 1, 0, None)
        out = np.moveaxis(ys[at], 0, -1)
    elif ys.ndim == 1 and between == "linear":
        out = np.interp(years, xs, ys)
    elif between == "smooth" and len(xs) > 1:
        from scipy.interpolate import PchipInterpolator

        inside = np.clip(years, xs[0], xs[-1])  # held outside the anchors
        with np.errstate(over="ignore"):  # scipy's slope weights on near-flat segments
            out = np.moveaxis(PchipInterpolator(xs, ys, axis=0)(inside), 0, -1)
    else:
        ys = np.moveaxis(ys, 0, -1)  # (..., point)
        out = np.empty((*ys.shape[:-1], years.size))
        out[...] = ys[..., -1:]
        out[..., years <= xs[0]] = ys[..., :1]
        for i in range(len(xs) - 1):
            x0, x1, y0, y1 = xs[i], xs[i + 1], ys[..., i:i + 1], ys[..., i + 1:i + 2]
            inside = (years >= x0) & (years <= x1)
            w = (years[inside] - x0) / (x1 - x0)
            linear = (1 - w) * y0 + w * y1
            if between == "geometric":
                with np.errstate(divide="ignore", invalid="ignore"):
                    rate = np.exp((1 - w) * np.log(y0) + w * np.log(y1))
                linear = np.where((y0 > 0) & (y1 > 0), rate, linear)
            out[..., inside] = linear
    if before == "nan":
        out = np.where(years < xs[0], np.nan, out)
    if after == "nan":
        out = np.where(years > xs[-1], np.nan, out)
    return out
