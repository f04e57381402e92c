"""Dynamic stock model: sales, stock and retirements by cohort.

Discretisation convention
-------------------------
Flows are annual totals and stocks are end-of-year values. A cohort sold in year ``c``
enters, on average, in the middle of that year, so at the end of year ``t`` it is
``t - c + 0.5`` years old. With ``S(a)`` the survival function of the lifetime
distribution (truncated at age zero, so ``S(a) = 1`` for ``a <= 0``):

* stock of cohort ``c`` at the end of year ``t``: ``inflow[c] * S(t - c + 0.5)``;
* retirements of cohort ``c`` in year ``t``: ``inflow[c] * (S(t - c - 0.5) - S(t - c + 0.5))``.

The retirements telescope, so ``stock[t] - stock[t-1] = inflow[t] - outflow[t]`` holds
exactly. No electric vehicles are in use before the first model year.

When lifetimes do not vary by cohort (the default), stock and retirements are
convolutions of the inflow with two kernels; we evaluate them as a product with a
lower-triangular Toeplitz matrix so that a batch of Monte Carlo draws is one BLAS call.
The stock-driven mode solves the same triangular system forward in time.

Negative implied sales
----------------------
If a stock target falls faster than the fleet retires, the implied sales would be
negative. We set them to zero (vehicles are never un-sold), so the modelled stock then
stays above the target; the number of such cells is returned as ``clipped``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from pydantic import ValidationError
from scipy import special

from corridor.config.schema import LifetimeSpec
from corridor.errors import InputError


@dataclass(frozen=True)
class Lifetime:
    """A lifetime distribution in years.

    Parameters
    ----------
    distribution
        ``normal`` (mean, sd), ``lognormal`` (mean, sd of the lifetime itself),
        ``weibull`` (shape, scale) or ``fixed`` (mean).
    mean, sd, shape, scale
        Parameters in years (``shape`` is dimensionless).

    Examples
    --------
    >>> Lifetime("fixed", mean=10).survival(np.array([9.5, 10.5]))
    array([1., 0.])
    >>> round(float(Lifetime("normal", mean=17, sd=4).survival(np.array([17.0]))[0]), 4)
    0.5
    """

    distribution: str
    mean: float | None = None
    sd: float | None = None
    shape: float | None = None
    scale: float | None = None

    def _sf(self, age: np.ndarray) -> np.ndarray:
        """Survival function of the untruncated distribution (closed forms, no scipy.stats)."""
        if self.distribution == "normal":
            return 0.5 * special.erfc((age - self.mean) / (self.sd * np.sqrt(2.0)))
        if self.distribution == "lognormal":
            # moments of the lifetime -> parameters of log(lifetime)
            sigma2 = np.log1p((self.sd / self.mean) ** 2)
            mu = np.log(self.mean) - sigma2 / 2
            with np.errstate(divide="ignore"):
                z = (np.log(np.maximum(age, 0.0)) - mu) / np.sqrt(2.0 * sigma2)
            return 0.5 * special.erfc(z)
        if self.distribution == "weibull":
            return np.exp(-((np.maximum(age, 0.0) / self.scale) ** self.shape))
        if self.distribution == "fixed":
            return np.where(age < self.mean, 1.0, 0.0)
        raise ValueError(f"unknown lifetime distribution {self.distribution!r}")

    def survival(self, age: np.ndarray) -> np.ndarray:
        """Share of a cohort still in use at ``age`` years, truncated at age zero."""
        age = np.asarray(age, dtype=float)
        # renormalise so that no vehicle retires before it is sold (normal has mass below 0)
        return np.where(age <= 0, 1.0, self._sf(age) / self._sf(np.zeros(1)))


def kernels(lifetimes: dict[str, Lifetime], scale: xr.DataArray | None, n_ages: int,
            dim: str = "segment") -> xr.Dataset:
    """Survival and retirement kernels by ``dim`` (and draw, if ``scale`` has one).

    Parameters
    ----------
    lifetimes
        Lifetime distribution by label of ``dim``.
    scale
        Optional multiplier of every lifetime, dims ``(dim,)`` or ``(draw, dim)``;
        scaling a lifetime by ``m`` maps ``S(a)`` to ``S(a / m)``.
    n_ages
        Number of ages (model years).
    dim
        Name of the dimension the lifetimes are labelled by.

    Returns
    -------
    xarray.Dataset
        ``survival`` = S(k + 0.5) and ``retirement`` = S(k - 0.5) - S(k + 0.5) for ages k.

    Examples
    --------
    >>> k = kernels({"Cars|BEV": Lifetime("fixed", mean=2)}, None, 4)
    >>> k.retirement.sel(segment="Cars|BEV").values
    array([0., 0., 1., 0.])
    """
    labels = list(lifetimes)
    # S at ages -0.5, 0.5, ..., n - 0.5: survival is S(k + 0.5), retirement S(k - 0.5) - S(k + 0.5)
    edges = np.arange(n_ages + 1, dtype=float) - 0.5
    if scale is None:
        curves = np.stack([lifetimes[label].survival(edges) for label in labels])
        dims, coords = (dim, "age"), {dim: labels}
    else:
        m = scale.transpose(..., dim).sel({dim: labels}).values
        curves = np.stack([lifetimes[label].survival(edges / m[..., i, None])
                           for i, label in enumerate(labels)], axis=-2).astype(m.dtype)
        dims = (*[d for d in scale.dims if d != dim], dim, "age")
        coords = {d: scale[d].values for d in dims[:-2] if d in scale.coords}
        coords[dim] = labels
    hi, lo = curves[..., 1:], curves[..., :-1]
    return xr.Dataset({"survival": (dims, hi), "retirement": (dims, lo - hi)}, coords=coords)


def cohort_matrix(kernel: xr.DataArray, years: xr.DataArray) -> xr.DataArray:
    """Lower-triangular Toeplitz matrix ``M[..., year, cohort] = kernel[..., year - cohort]``.

    A strided view of the kernel (no copy); contracting it with an inflow along
    ``cohort`` gives the flows or stocks of every cohort in every year.

    >>> m = cohort_matrix(xr.DataArray([1.0, 0.5], dims="age"),
    ...                   xr.DataArray([2020, 2021], dims="year"))
    >>> m.values.tolist()
    [[1.0, 0.0], [0.5, 1.0]]
    """
    n = years.size
    batch = [d for d in kernel.dims if d != "age"]
    kv = kernel.transpose(*batch, "age").values[..., :n]
    padded = np.concatenate([np.zeros((*kv.shape[:-1], n - 1), kv.dtype), kv], axis=-1)[..., ::-1]
    toeplitz = np.lib.stride_tricks.sliding_window_view(padded, n, axis=-1)[..., ::-1, :]
    coords = {d: kernel[d] for d in batch if d in kernel.coords}
    coords.update(year=years.values, cohort=years.values)
    return xr.DataArray(toeplitz, dims=(*batch, "year", "cohort"), coords=coords)


def convolve(inflow: xr.DataArray, kernel: xr.DataArray) -> xr.DataArray:
    """``out[t] = sum_c inflow[c] * kernel[t - c]`` along ``year``, broadcasting other dims.

    One ``einsum`` (optimised, so a batch of Monte Carlo draws is a few BLAS calls)
    contracts the inflow with the kernel's :func:`cohort_matrix`.

    Examples
    --------
    >>> inflow = xr.DataArray([1.0, 2.0, 0.0], coords={"year": [2010, 2011, 2012]}, dims="year")
    >>> kernel = xr.DataArray([0.5, 0.5, 0.0], dims="age")
    >>> convolve(inflow, kernel).values
    array([0.5, 1.5, 1. ])
    """
    matrix = cohort_matrix(kernel, inflow["year"])
    return xr.dot(matrix, inflow.rename(year="cohort"), dim="cohort", optimize=True)


def inflow_driven(inflow: xr.DataArray, k: xr.Dataset) -> xr.Dataset:
    """Stock and retirements from sales.

    Examples
    --------
    >>> k = kernels({"Cars|BEV": Lifetime("fixed", mean=2)}, None, 4)
    >>> sales = xr.DataArray([[10.0, 0, 0, 0]], dims=("segment", "year"),
    ...                      coords={"segment": ["Cars|BEV"], "year": [1, 2, 3, 4]})
    >>> r = inflow_driven(sales, k)
    >>> r.stock.values.tolist(), r.outflow.values.tolist()
    ([[10.0, 10.0, 0.0, 0.0]], [[0.0, 0.0, 10.0, 0.0]])
    """
    return xr.Dataset(
        {
            "inflow": inflow,
            "stock": convolve(inflow, k.survival),
            "outflow": convolve(inflow, k.retirement),
        }
    )


def solve_inflow(target: np.ndarray, survival: np.ndarray) -> tuple[np.ndarray, int]:
    """Sales (..., year) whose stock is ``target``, given ``survival`` (..., age) = S(k + 0.5).

    Forward substitution through the lower-triangular system, year by year, so that
    implied negative sales can be set to zero as they arise; also returns their count.
    """
    if (survival[..., 0] <= 0).any():
        raise ValueError("stock-driven mode needs lifetimes that survive their first half year")
    n = target.shape[-1]
    inflow = np.zeros(np.broadcast_shapes(target.shape, (*survival.shape[:-1], n)))
    clipped = 0
    for t in range(n):
        # survivors at the end of year t of all earlier cohorts
        survivors = np.einsum("...c,...c->...", inflow[..., :t], survival[..., t:0:-1]) if t \
            else 0.0
        implied = (target[..., t] - survivors) / survival[..., 0]
        clipped += int(np.count_nonzero(implied < -1e-9 * np.maximum(1.0, np.abs(target[..., t]))))
        inflow[..., t] = np.maximum(implied, 0.0)
    return inflow, clipped


def ramp_to_targets(inflow: np.ndarray, survival: np.ndarray, start: int,
                    targets: dict[int, float]) -> tuple[np.ndarray, int]:
    """Sales (..., year) that ramp linearly from year index ``start`` to each stock target.

    Between two targets (or from ``start``, the last observed year, to the first) sales
    change by the same amount every year, to the level at which the stock at the end of
    the target year equals the target: the stock there is linear in that level, so one
    division per target, vectorised over draws. Sales to ``start`` and after the last
    target are left as given. A level below zero (a target under what the fleet already
    holds) is set to zero; the second return value counts such cells.

    Parameters
    ----------
    inflow
        Sales (..., year); the years to ``start`` are kept.
    survival
        ``S(k + 0.5)`` by age (..., age), as from :func:`kernels`.
    start
        Index of the last year whose sales are kept.
    targets
        Stock at the end of the year, by year index (each after ``start``).

    Examples
    --------
    Ten vehicles sold, none ever retired, and a stock of 100 three years later: sales rise
    by 10 a year (stock 10, 30, 60, 100).

    >>> sales, clipped = ramp_to_targets(np.array([10.0, 0, 0, 0]), np.ones(4), 0, {3: 100.0})
    >>> sales.tolist(), clipped
    ([10.0, 20.0, 30.0, 40.0], 0)
    """
    inflow = np.array(np.broadcast_to(inflow, np.broadcast_shapes(
        inflow.shape, (*survival.shape[:-1], inflow.shape[-1]))), dtype=float)
    clipped = 0
    prev = start
    for end in sorted(targets):
        cohorts = np.arange(prev + 1, end + 1)
        weight = (cohorts - prev) / (end - prev)
        alive = survival[..., end - cohorts]  # S at the target year of each ramp cohort
        before = np.einsum("...c,...c->...", inflow[..., :prev + 1],
                           survival[..., end - np.arange(prev + 1)])
        level = inflow[..., prev]
        fixed = before + level * np.einsum("...c,c->...", alive, 1 - weight)
        x = (targets[end] - fixed) / np.einsum("...c,c->...", alive, weight)
        clipped += int(np.count_nonzero(x < 0))
        x = np.maximum(x, 0.0)
        inflow[..., prev + 1:end + 1] = (level[..., None] * (1 - weight)
                                         + x[..., None] * weight)
        prev = end
    return inflow, clipped


def stock_driven(stock: xr.DataArray, k: xr.Dataset) -> tuple[xr.Dataset, int]:
    """Sales and retirements that produce a stock path (triangular solve, forward in time).

    Implied negative sales are set to zero (see the module notes); the second return
    value counts the cells where that happened.

    Examples
    --------
    >>> k = kernels({"Cars|BEV": Lifetime("fixed", mean=2)}, None, 4)
    >>> target = xr.DataArray([[10.0, 10, 10, 10]], dims=("segment", "year"),
    ...                       coords={"segment": ["Cars|BEV"], "year": [1, 2, 3, 4]})
    >>> r, clipped = stock_driven(target, k)
    >>> r.inflow.values.tolist(), clipped
    ([[10.0, 0.0, 10.0, 0.0]], 0)
    """
    surv = k.survival.broadcast_like(stock.isel(year=0, drop=True)).transpose(..., "age")
    target = stock.transpose(..., "year")
    inflow, clipped = solve_inflow(target.values, surv.values)
    inflow_da = xr.DataArray(inflow, coords=target.coords, dims=target.dims).transpose(*stock.dims)
    return inflow_driven(inflow_da, k), clipped


def lifetimes(data, scenario, groups) -> dict[str, Lifetime]:
    """Lifetime distribution of each of ``groups`` (vehicle modes, stationary storage,
    clean-energy technologies): the ``lifetime`` table's row, or the scenario's own."""
    df = data.table("lifetime").set_index("group")
    out = {}
    for group in groups:
        spec = scenario.lifetimes.get(group)
        if spec is None:
            if group not in df.index:
                raise InputError(f"data table {data.path('lifetime')}: no row for {group}")
            row = df.loc[group]
            fields = {k: float(row[k]) for k in ("mean", "sd", "shape", "scale")
                      if not pd.isna(row[k])}
            fields["distribution"] = row["distribution"]
            try:
                spec = LifetimeSpec.model_validate(fields)
            except ValidationError as err:
                problem = err.errors()[0]["msg"].removeprefix("Value error, ")
                raise InputError(f"data table {data.path('lifetime')}: row {group}: "
                                 f"{problem}") from None
        out[group] = Lifetime(spec.distribution, spec.mean, spec.sd, spec.shape, spec.scale)
    return out
