"""Monte Carlo: sample the uncertain inputs, run the chain in blocks, report P5/P50/P95.

Every uncertain input is a :class:`Factor`, one column of a sample of the unit cube that
its distribution maps to a multiplier (parameters in ``Scenario.uncertainty``); the Sobol
analysis (:mod:`corridor.demand.sensitivity`) maps its own sample through the same table:

===============  =========================================  ==============================
factor           multiplier                                 per
===============  =========================================  ==============================
Lifetime         lognormal, mean 1, sd ``lifetime_cv``      lifetime group (modes, storage)
Pack size        lognormal, mean 1, sd ``pack_cv``          mode
EV adoption      uniform ``adoption_range``, from 2030      mode
                 (1 at the last history year, linear
                 between; never above the whole market)
Technology case  uniform(0, 1): the fraction of the way     case of ``uncertainty.cases``
                 the battery content moves towards the
                 scenario with that case on top
Scrap rate       uniform ``scrap_range``                    --
Collection rate  uniform ``collection_range``               --
Recovery rate    uniform ``recovery_range``                 mineral
Clean-energy     uniform(0, 1): where each intensity row    clean-energy technology
intensity        lies in its range, 0 its low end, 0.5
                 its value, 1 its high end (the
                 literature's range where the table
                 gives one, else ``clean_energy_range``
                 times its value)
===============  =========================================  ==============================

Draws run in blocks of ``CHUNK`` along a ``draw`` dimension, in single precision, on Dask
(:mod:`corridor.ensemble`: in this process by default, or on a cluster); each block's seed
is spawned from the run seed, so the same seed gives the same numbers wherever it runs.

Quantiles are exact (order statistics, numpy's ``inverted_cdf``) while every draw of the
reported values fits in ``EXACT_BYTES`` (about 13,500 draws a scenario). Beyond, memory
stays bounded at any draw count by counting draws into ``BINS`` equal bins per value: the
bins span the range of the first ``PILOT`` draws (run twice, once to find the range),
widened by half of it on each side, with one open bin below and one above that end at the
smallest and largest draw. A quantile is interpolated within the bin that holds it, so its
error is at most one bin: 1/1024 of the range of the first ``PILOT`` draws (tested in
``tests/test_uncertainty.py``); for a normal variable that is 0.007 sd, against a sampling
error of P5 of 0.002 sd at a million draws, and interpolation makes the usual error smaller.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy.special import ndtri

from corridor.demand.chain import chain, with_world
from corridor.demand.cleantech import headline, join
from corridor.demand.inputs import Inputs
from corridor.dims import CHAIN_MINERALS, LIFETIME_GROUPS, MODES
from corridor.ensemble import WORKERS, connect, stream
from corridor.limits import MAX_DRAWS

CHUNK = 1000
DTYPE = np.float32  # draws are summarised as quantiles: single precision is ample
QUANTILES = (0.05, 0.5, 0.95)
#: variables reported with quantiles (all with dims region, year and their own): the
#: chain's and the clean-energy headline (:func:`corridor.demand.cleantech.headline`)
REPORTED = ("material_demand", "secondary_supply", "primary_demand", "battery_demand",
            "clean_energy_demand", "clean_energy_multiple")
EXACT_BYTES = 2**30
BINS = 2048
PILOT = 10_000
#: unit-cube samples are kept this far inside (0, 1): the lognormal's tails stay finite
EDGE = 1e-9


@dataclass(frozen=True)
class Factor:
    """One uncertain input: its name in sensitivity tables, the chain's multiplier it
    sets (and where along that multiplier's dimension), and its distribution."""

    name: str
    variable: str
    dim: str | None
    label: str | None
    kind: str  # "lognormal" (mean 1, sd a) or "uniform" (a to b)
    a: float
    b: float = 0.0

    def ppf(self, unit: np.ndarray) -> np.ndarray:
        """The multiplier at quantiles ``unit`` of its distribution."""
        if self.kind == "lognormal":
            sigma = math.sqrt(math.log1p(self.a**2))
            return np.exp(-sigma**2 / 2 + sigma * ndtri(np.clip(unit, EDGE, 1 - EDGE)))
        return self.a + (self.b - self.a) * unit


def factors(scenario, technologies: Sequence[str] = ()) -> list[Factor]:
    """The scenario's uncertain inputs, in sample-column order (see the module table), with
    the intensities of the clean-energy ``technologies`` (:func:`sampled_technologies`).

    >>> from corridor.config import load_scenario
    >>> [f.name for f in factors(load_scenario("STEPS"), ["Solar PV"])][::32]
    ['Lifetime|Cars', 'Clean-energy intensity|Solar PV']
    """
    u = scenario.uncertainty
    return [
        *(Factor(f"Lifetime|{g}", "lifetime_scale", "group", g, "lognormal", u.lifetime_cv)
          for g in LIFETIME_GROUPS),
        *(Factor(f"Pack size|{m}", "pack_scale", "mode", m, "lognormal", u.pack_cv)
          for m in MODES),
        *(Factor(f"EV adoption|{m}", "adoption_scale", "mode", m, "uniform", *u.adoption_range)
          for m in MODES),
        *(Factor(f"Technology case|{c}", "case_weight", "case", c, "uniform", 0.0, 1.0)
          for c in u.cases),
        Factor("Scrap rate", "scrap_scale", None, None, "uniform", *u.scrap_range),
        Factor("Collection rate", "collection_scale", None, None, "uniform",
               *u.collection_range),
        *(Factor(f"Recovery rate|{m}", "recovery_scale", "mineral", m, "uniform",
                 *u.recovery_range) for m in CHAIN_MINERALS),
        *(Factor(f"Clean-energy intensity|{t}", "clean_energy_position", "technology", t,
                 "uniform", 0.0, 1.0) for t in technologies),
    ]


def sampled_technologies(inputs: Inputs) -> list[str]:
    """The clean-energy technologies whose intensities the draws of ``inputs`` sample:
    all of them with ``prepare(..., uncertain=True)``, else none."""
    ranges = inputs.cleantech_ranges
    return [] if ranges is None else list(ranges.technology.values)


def multipliers(scenario, unit: np.ndarray, technologies: Sequence[str] = ()) -> xr.Dataset:
    """The chain's multipliers (:func:`corridor.demand.chain.chain`) for the rows of
    ``unit``, a sample of the unit cube with one column per factor (:func:`factors`), and
    ``clean_energy_position`` (draw, technology) for :func:`_reported`."""
    table = factors(scenario, technologies)
    if unit.ndim != 2 or unit.shape[1] != len(table):
        raise ValueError(f"a sample of {len(table)} factors, not of shape {unit.shape}")
    columns: dict[str, list] = {}
    for j, f in enumerate(table):
        columns.setdefault(f.variable, []).append((f, f.ppf(unit[:, j])))
    draw = np.arange(len(unit))
    out, coords = {}, {"draw": draw, "case": list(scenario.uncertainty.cases)}
    for variable, items in columns.items():
        dim = items[0][0].dim
        if dim is None:
            out[variable] = ("draw", items[0][1])
        else:
            out[variable] = (("draw", dim), np.column_stack([v for _, v in items]))
            coords[dim] = [f.label for f, _ in items]
    if "case_weight" not in out:  # no case: an empty dimension keeps one code path
        out["case_weight"] = (("draw", "case"), np.zeros((len(unit), 0)))
    return xr.Dataset(out, coords=coords).astype(DTYPE)


def sample(inputs: Inputs, n: int, rng: np.random.Generator) -> xr.Dataset:
    """Multipliers for ``n`` random draws (see the module table)."""
    technologies = sampled_technologies(inputs)
    width = len(factors(inputs.scenario, technologies))
    return multipliers(inputs.scenario, rng.random((n, width)), technologies)


def _reported(inputs: Inputs, params: xr.Dataset) -> xr.Dataset:
    """The Monte Carlo variables of one block of draws ``params``, every mineral: the
    chain with the vehicles' motors and the clean-energy technologies' flows, each
    technology's intensities at the draw's ``clean_energy_position`` in their range (0 its
    low end, 0.5 its value, 1 its high end, linear between); World included, draw first."""
    drawn = None
    if "clean_energy_position" in params:
        position = 2 * params["clean_energy_position"]  # 0 to 2: low, value, high
        weights = xr.concat([np.maximum(1 - position, 0), 1 - abs(position - 1),
                             np.maximum(position - 1, 0)], pd.Index(
                                 ["low", "value", "high"], name="bound"))
        ranges = inputs.cleantech_ranges
        drawn = xr.Dataset({name: xr.dot(weights, da, dim=["bound", "technology"],
                                         optimize=True).transpose("draw", ...)
                            for name, da in ranges.data_vars.items()})
    ds = join(chain(inputs, params, detail=False), inputs.cleantech,
              drivetrain=inputs.drivetrain, drawn=drawn)
    ds = with_world(ds[["material_demand", "secondary_supply", "primary_demand",
                        "battery_demand"]])
    return ds.assign(headline(ds))[list(REPORTED)].transpose("draw", ...)


def _chunk(inputs: Inputs, seed: np.random.SeedSequence, n: int) -> xr.Dataset:
    return _reported(inputs, sample(inputs, n, np.random.default_rng(seed)))


def _draws(inputs: Inputs, seed: np.random.SeedSequence, n: int) -> np.ndarray:
    """One block's reported values as ``(draw, value)`` (a Dask task)."""
    result = _chunk(inputs, seed, n)
    return np.concatenate([result[v].values.reshape(n, -1) for v in REPORTED], axis=1)


def _by_value(inputs: Inputs, seed: np.random.SeedSequence, n: int) -> np.ndarray:
    """One block's reported values as ``(value, draw)``, each value's draws together as
    the exact quantiles take them (transposed on the worker, in one copy)."""
    result = _chunk(inputs, seed, n)
    out = np.empty((sum(result[v].size // n for v in REPORTED), n), DTYPE)
    start = 0
    for v in REPORTED:
        values = result[v].values  # (draw, ...), often a transposed view
        size = values[0].size
        out[start:start + size].reshape(*values.shape[1:], n)[...] = np.moveaxis(values, 0, -1)
        start += size
    return out


def _range(inputs: Inputs, seed: np.random.SeedSequence, n: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """The smallest and largest draw of each value in one block (a Dask task)."""
    values = _draws(inputs, seed, n)
    return values.min(axis=0), values.max(axis=0)


def _count(inputs: Inputs, start: np.ndarray, step: np.ndarray,
           seed: np.random.SeedSequence, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One block counted into the bins of ``start`` and ``step`` (a Dask task)."""
    return count(_draws(inputs, seed, n), start, step)


def count(values: np.ndarray, start: np.ndarray, step: np.ndarray, rows: int = 64
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts of ``values`` (draw, value) in ``BINS`` bins per value from ``start`` by
    ``step`` (plus one open bin at each end), and their smallest and largest; 64 values
    at a time (a block's counts stay in cache)."""
    counts = np.empty((values.shape[1], BINS + 2), np.uint32)
    start, scale = start.astype(DTYPE), (1 / step).astype(DTYPE)
    nbins = BINS + 2
    for r in range(0, values.shape[1], rows):
        block = values[:, r:r + rows] - start[r:r + rows]
        block *= scale[r:r + rows]
        np.floor(np.clip(block, -1, BINS, out=block), out=block)
        index = block.astype(np.intp) + 1 + np.arange(block.shape[1]) * nbins
        counts[r:r + rows] = np.bincount(index.ravel(), minlength=block.shape[1] * nbins
                                         ).reshape(-1, nbins)
    return counts, values.min(axis=0), values.max(axis=0)


class Histograms:
    """Counts of draws in ``BINS`` equal bins per value, and each value's smallest and
    largest draw; :meth:`span` sets the bins and :meth:`add` folds in a block's counts
    (:func:`count`, on a worker).

    Parameters
    ----------
    width
        Number of values.
    """

    def __init__(self, width: int):
        self.start, self.step = np.zeros(width), np.ones(width)
        self.counts = np.zeros((width, BINS + 2), np.uint32)
        self.smallest = np.full(width, np.inf, DTYPE)
        self.largest = np.full(width, -np.inf, DTYPE)

    def span(self, low: np.ndarray, high: np.ndarray) -> None:
        """Bins over ``low`` to ``high`` (the pilot's range) widened by half of it on each
        side; a value that does not vary gets bins a millionth of its size."""
        width = high.astype(float) - low
        span = np.where(width > 0, 2 * width, np.maximum(np.abs(low), 1.0) * 1e-6)
        self.start = low - (span - width) / 2
        self.step = span / BINS

    def add(self, counted: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        counts, smallest, largest = counted
        self.counts += counts
        np.minimum(self.smallest, smallest, out=self.smallest)
        np.maximum(self.largest, largest, out=self.largest)

    def quantiles(self, draws: int, rows: int = 512) -> np.ndarray:
        """``(quantile, value)``: each quantile interpolated within the bin that holds it,
        ``rows`` values at a time."""
        return np.concatenate([self._quantiles(draws, slice(r, r + rows))
                               for r in range(0, len(self.start), rows)], axis=1)

    def _quantiles(self, draws: int, rows: slice) -> np.ndarray:
        counts = self.counts[rows].astype(np.int64)
        cumulative = np.cumsum(counts, axis=1)
        smallest, largest = self.smallest[rows], self.largest[rows]
        inner = self.start[rows, None] + self.step[rows, None] * np.arange(BINS + 1)
        edges = np.column_stack([np.minimum(smallest, inner[:, 0]), inner,
                                 np.maximum(largest, inner[:, -1])])
        index = np.arange(len(counts))
        out = []
        for q in QUANTILES:
            k = max(1, math.ceil(q * draws))  # inverted_cdf: the k-th smallest draw
            j = (cumulative < k).sum(axis=1)
            before = np.where(j > 0, cumulative[index, np.maximum(j - 1, 0)], 0)
            share = (k - before - 0.5) / counts[index, j]
            value = edges[index, j] + share * (edges[index, j + 1] - edges[index, j])
            out.append(np.clip(value, smallest, largest))
        return np.array(out, dtype=DTYPE)


def monte_carlo(inputs: Inputs, draws: int, seed: int,
                progress: Callable[[int], None] | None = None,
                scheduler=None) -> xr.Dataset:
    """P5/P50/P95 of the reported variables over ``draws`` Monte Carlo draws.

    ``inputs`` come from ``prepare(data, scenario, uncertain=True)``. Blocks run on Dask:
    in this process by default, or on the cluster of ``scheduler`` (an address such as
    ``tcp://host:8786`` or a ``distributed.Client``). Quantiles are exact up to
    ``EXACT_BYTES`` of draws, from histograms beyond (see the module notes). Memory stays
    bounded at any draw count; ``draws`` is at most ``MAX_DRAWS``.

    Examples
    --------
    >>> from corridor.config import load_scenario
    >>> from corridor.data import Data
    >>> from corridor.demand.inputs import prepare
    >>> inputs = prepare(Data(), load_scenario("STEPS"), uncertain=True)
    >>> q = monte_carlo(inputs, 20, seed=1)
    >>> q.material_demand.dims, q.attrs["quantile_method"]
    (('quantile', 'region', 'year', 'mineral'), 'exact')
    """
    if not 0 < draws <= MAX_DRAWS:
        raise ValueError(f"draws: {draws:,} is not between 1 and {MAX_DRAWS:,}")
    if inputs.technology is None:
        raise ValueError("the Monte Carlo needs inputs from prepare(data, scenario, "
                         "uncertain=True)")
    inputs = inputs.astype(DTYPE)
    starts = list(range(0, draws, CHUNK))
    seeds = np.random.SeedSequence(seed).spawn(len(starts))
    sizes = [min(CHUNK, draws - start) for start in starts]
    blocks = list(zip(seeds, sizes, strict=True))
    template = _chunk(inputs, np.random.SeedSequence(0), 1).isel(draw=0, drop=True)
    width = sum(template[v].size for v in REPORTED)
    exact = draws * width * np.dtype(DTYPE).itemsize <= EXACT_BYTES
    done = [0]

    def report(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(done[0])

    with connect(scheduler) as client:
        if exact:
            kept: list[np.ndarray] = [np.empty((0, 0), DTYPE)] * len(blocks)

            def keep(i: int, values: np.ndarray) -> None:
                kept[i] = values
                report(sizes[i])

            stream(client, _by_value, (inputs,), blocks, keep)
            with ThreadPoolExecutor(WORKERS) as threads:
                quantiles = _quantiles(kept, threads)
        else:
            pilot = blocks[:max(1, min(len(blocks), PILOT // CHUNK))]
            ranges: dict[int, tuple] = {}
            stream(client, _range, (inputs,), pilot, ranges.__setitem__)
            histograms = Histograms(width)
            histograms.span(np.min([low for low, _ in ranges.values()], axis=0),
                            np.max([high for _, high in ranges.values()], axis=0))
            stream(client, _count, (inputs, histograms.start, histograms.step), blocks,
                   lambda i, counted: (histograms.add(counted), report(sizes[i])))
            quantiles = histograms.quantiles(draws)
    out = _unflatten(quantiles, template)
    out.attrs["quantile_method"] = "exact" if exact else (
        f"histogram of {BINS:,} bins per value; error at most 1/{BINS // 2:,} of the "
        f"range of the first {PILOT:,} draws")
    return out


def _quantiles(blocks: list[np.ndarray], pool: ThreadPoolExecutor,
               batch_bytes: int = 32 * 2**20) -> np.ndarray:
    """Quantiles of each value over ``blocks`` of draws (``(value, draw)`` each): the order
    statistics numpy's ``inverted_cdf`` picks, a batch of values at a time, their draws
    gathered side by side (the blocks are the store: no second copy of every draw). One
    partition at the median, then each outer quantile from its own half: two thirds of the
    work of three partitions, each with one ``kth`` (numpy's vectorised selection; one
    call with three is three times as slow). Returns ``(quantile, value)``."""
    width, draws = len(blocks[0]), sum(b.shape[1] for b in blocks)
    step = max(1, batch_bytes // (4 * draws))
    low, mid, high = (max(1, math.ceil(q * draws)) - 1 for q in QUANTILES)

    def batch(start: int) -> np.ndarray:
        rows = np.concatenate([b[start:start + step] for b in blocks], axis=1)
        rows.partition(mid, axis=1)
        out = [rows[:, mid]] * 3
        if low < mid:
            below = rows[:, :mid]
            below.partition(low, axis=1)
            out[0] = below[:, low]
        if high > mid:
            above = rows[:, mid + 1:]
            above.partition(high - mid - 1, axis=1)
            out[2] = above[:, high - mid - 1]
        return np.array(out)

    return np.concatenate(list(pool.map(batch, range(0, width, step))), axis=1)


def _unflatten(flat: np.ndarray, template: xr.Dataset) -> xr.Dataset:
    out, start = {}, 0
    for name in REPORTED:
        da = template[name]
        size = da.size
        values = flat[:, start:start + size].reshape(len(QUANTILES), *da.shape)
        out[name] = xr.DataArray(values, dims=("quantile", *da.dims),
                                 coords={"quantile": list(QUANTILES), **da.coords},
                                 attrs=da.attrs)
        start += size
    return xr.Dataset(out)
