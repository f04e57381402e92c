"""Monte Carlo: sample the uncertain inputs, run the chain in chunks, report P5/P50/P95.

Uncertain inputs and their distributions (parameters in ``Scenario.uncertainty``):

==============  ==========================  ====================================
input           multiplier                  per
==============  ==========================  ====================================
lifetimes       lognormal, mean 1, sd cv    draw x mode (and stationary storage)
kWh per vehicle lognormal, mean 1, sd cv    draw x mode
chemistry       shares x exp(N(0, sigma)),  draw x chemistry
                renormalised
scrap rate      uniform(low, high)          draw
collection rate uniform(low, high)          draw
recovery rates  uniform(low, high)          draw x mineral
==============  ==========================  ====================================

Draws run in chunks of ``CHUNK`` along a ``draw`` dimension, in single precision, on a
pool of ``WORKERS`` forked processes (:mod:`corridor.workers`); each chunk's seed is spawned
from the run seed, so the same seed gives the same numbers whatever the pool. Workers write
into anonymous shared memory, which disappears with the last process: no scratch file is
ever left behind, whatever stops the run.

Quantiles are exact (order statistics, numpy's ``inverted_cdf``) while every draw of the
reported values fits in ``EXACT_BYTES`` (about 15,000 draws a scenario). Beyond, memory
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
import mmap
import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import numpy as np
import xarray as xr
from threadpoolctl import threadpool_limits

from corridor.demand.chain import chain, with_world
from corridor.demand.inputs import Inputs
from corridor.dims import CHEMISTRIES, LIFETIME_GROUPS, MINERALS, MODES
from corridor.limits import MAX_DRAWS
from corridor.workers import pool

CHUNK = 1000
DTYPE = np.float32  # draws are summarised as quantiles: single precision is ample
WORKERS = min(2, os.cpu_count() or 1)
QUANTILES = (0.05, 0.5, 0.95)
#: variables reported with quantiles (all with dims region, year and the listed ones)
REPORTED = ("material_demand", "secondary_supply", "primary_demand", "battery_demand")
EXACT_BYTES = 512 * 2**20
BINS = 2048
PILOT = 10_000


def sample(scenario, n: int, rng: np.random.Generator) -> xr.Dataset:
    """Multipliers for ``n`` draws (see the module table)."""
    u = scenario.uncertainty
    groups = list(LIFETIME_GROUPS)

    def lognormal(sd, shape):
        sigma = np.sqrt(np.log1p(sd**2))
        return np.exp(rng.normal(-sigma**2 / 2, sigma, size=shape))

    draw = np.arange(n)
    return xr.Dataset({
        "lifetime_scale": (("draw", "group"), lognormal(u.lifetime_cv, (n, len(groups)))),
        "pack_scale": (("draw", "mode"), lognormal(u.pack_cv, (n, len(MODES)))),
        "chemistry_tilt": (("draw", "chemistry"),
                      rng.normal(0.0, u.chemistry_sigma, (n, len(CHEMISTRIES)))),
        "scrap_scale": ("draw", rng.uniform(*u.scrap_range, n)),
        "collection_scale": ("draw", rng.uniform(*u.collection_range, n)),
        "recovery_scale": (("draw", "mineral"), rng.uniform(*u.recovery_range, (n, len(MINERALS)))),
    }, coords={"draw": draw, "group": groups, "mode": list(MODES),
               "chemistry": list(CHEMISTRIES), "mineral": list(MINERALS)}).astype(DTYPE)


def _reported(ds: xr.Dataset) -> xr.Dataset:
    """The Monte Carlo variables of one chunk, World included, draw first."""
    return with_world(ds[list(REPORTED)]).transpose("draw", ...)


def _chunk(inputs: Inputs, seed: np.random.SeedSequence, n: int) -> xr.Dataset:
    params = sample(inputs.scenario, n, np.random.default_rng(seed))
    return _reported(chain(inputs, params, detail=False))


_WORKER: dict = {}  # set before the pool forks: the workers' inputs and shared arrays


def _limit_blas() -> None:  # the workers already fill the cores, and the numbers
    _WORKER["limits"] = threadpool_limits(1)  # must not depend on the pool


def _draws(seed: np.random.SeedSequence, n: int) -> np.ndarray:
    """One chunk's reported values as ``(draw, value)``."""
    result = _chunk(_WORKER["inputs"], seed, n)
    return np.concatenate([result[v].values.reshape(n, -1) for v in REPORTED], axis=1)


def _store_chunk(seed: np.random.SeedSequence, start: int, n: int) -> int:
    """Worker task: one chunk into the exact store, one row per value (each value's draws
    lie together for the quantiles)."""
    _WORKER["store"][:, start:start + n] = _draws(seed, n).T
    return n


def _range_chunk(seed: np.random.SeedSequence, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Worker task: the smallest and largest draw of each value in one chunk."""
    values = _draws(seed, n)
    return values.min(axis=0), values.max(axis=0)


def _count_chunk(seed: np.random.SeedSequence, n: int) -> int:
    """Worker task: one chunk counted into this worker's histograms."""
    _WORKER["histograms"].add(_draws(seed, n))
    return n


def _gather(jobs: list[Future], progress: Callable[[int], None] | None = None) -> list:
    """The jobs' results in order, calling ``progress`` with the draws done. Waits a fifth
    of a second at a time: a signal delivered to another thread (SIGTERM) is handled in
    this one only when it runs Python code."""
    pending, done = set(jobs), 0
    while pending:
        finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        for job in finished:
            result = job.result()
            done += result if isinstance(result, int) else 0
        if finished and progress is not None:
            progress(done)
    return [job.result() for job in jobs]


def shared(shape: tuple[int, ...], dtype) -> np.ndarray:
    """A zeroed array in anonymous shared memory: forked workers write into it, and the
    system frees it with the last process that maps it."""
    size = math.prod(shape)
    buffer = mmap.mmap(-1, max(1, size * np.dtype(dtype).itemsize))
    return np.frombuffer(buffer, dtype, count=size).reshape(shape)


class Histograms:
    """Counts of draws in ``BINS`` equal bins per value, one set per worker, in shared
    memory made before the workers fork (:meth:`span` sets the bins later).

    Parameters
    ----------
    width
        Number of values.
    workers
        Processes or threads that add counts at the same time (each has its own set).
    """

    def __init__(self, width: int, workers: int):
        self.start, self.step = shared((width,), np.float64), shared((width,), np.float64)
        self.counts = shared((workers, width, BINS + 2), np.uint32)
        self.smallest, self.largest = shared((workers, width), DTYPE), shared((workers, width),
                                                                              DTYPE)
        self.smallest[:], self.largest[:] = np.inf, -np.inf
        self._next = mp.get_context("fork" if "fork" in mp.get_all_start_methods()
                                    else None).Value("i", 0)
        self._slots: dict = {}

    def span(self, low: np.ndarray, high: np.ndarray) -> None:
        """Bins over ``low`` to ``high`` (the pilot's range) widened by half of it on each
        side; a value that does not vary gets bins a millionth of its size."""
        width = high.astype(float) - low
        span = np.where(width > 0, 2 * width, np.maximum(np.abs(low), 1.0) * 1e-6)
        self.start[:] = low - (span - width) / 2
        self.step[:] = span / BINS

    def _slot(self) -> int:
        key = (os.getpid(), threading.get_ident())
        if key not in self._slots:
            with self._next.get_lock():
                self._slots[key] = self._next.value
                self._next.value += 1
        return self._slots[key]

    def add(self, values: np.ndarray, rows: int = 64) -> None:
        """Count ``values`` (draw, value) into this worker's set, 64 values at a time
        (a block's counts stay in cache)."""
        slot = self._slot()
        np.minimum(self.smallest[slot], values.min(axis=0), out=self.smallest[slot])
        np.maximum(self.largest[slot], values.max(axis=0), out=self.largest[slot])
        start = self.start.astype(DTYPE)
        scale = (1 / self.step).astype(DTYPE)
        nbins = BINS + 2
        for r in range(0, values.shape[1], rows):
            block = values[:, r:r + rows] - start[r:r + rows]
            block *= scale[r:r + rows]
            np.floor(np.clip(block, -1, BINS, out=block), out=block)
            index = block.astype(np.intp) + 1 + np.arange(block.shape[1]) * nbins
            counts = np.bincount(index.ravel(), minlength=block.shape[1] * nbins)
            self.counts[slot, r:r + rows] += counts.reshape(-1, nbins).astype(np.uint32)

    def quantiles(self, draws: int, rows: int = 512) -> np.ndarray:
        """``(quantile, value)``: each quantile interpolated within the bin that holds it,
        ``rows`` values at a time."""
        return np.concatenate([self._quantiles(draws, slice(r, r + rows))
                               for r in range(0, len(self.start), rows)], axis=1)

    def _quantiles(self, draws: int, rows: slice) -> np.ndarray:
        counts = self.counts[:, rows].sum(axis=0, dtype=np.int64)
        cumulative = np.cumsum(counts, axis=1)
        smallest, largest = self.smallest[:, rows].min(axis=0), self.largest[:, rows].max(axis=0)
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
                progress: Callable[[int], None] | None = None) -> xr.Dataset:
    """P5/P50/P95 of the reported variables over ``draws`` Monte Carlo draws.

    Chunks run on ``WORKERS`` processes; quantiles are exact up to ``EXACT_BYTES`` of
    draws, from histograms beyond (see the module notes). Memory stays bounded at any
    draw count; ``draws`` is at most ``MAX_DRAWS``.

    Examples
    --------
    >>> from corridor.config import load_scenario
    >>> from corridor.data import Data
    >>> from corridor.demand.inputs import prepare
    >>> q = monte_carlo(prepare(Data(), load_scenario("STEPS")), 20, seed=1)
    >>> q.material_demand.dims, q.attrs["quantile_method"]
    (('quantile', 'region', 'year', 'mineral'), 'exact')
    """
    if not 0 < draws <= MAX_DRAWS:
        raise ValueError(f"draws: {draws:,} is not between 1 and {MAX_DRAWS:,}")
    inputs = inputs.astype(DTYPE)
    starts = list(range(0, draws, CHUNK))
    seeds = np.random.SeedSequence(seed).spawn(len(starts))
    sizes = [min(CHUNK, draws - start) for start in starts]
    template = _chunk(inputs, np.random.SeedSequence(0), 1).isel(draw=0, drop=True)
    width = sum(template[v].size for v in REPORTED)
    exact = draws * width * np.dtype(DTYPE).itemsize <= EXACT_BYTES
    # shared arrays exist before the workers fork, so that they inherit them
    if exact:
        _WORKER["store"] = shared((width, draws), DTYPE)
    else:
        histograms = _WORKER["histograms"] = Histograms(width, WORKERS)
    _WORKER["inputs"] = inputs
    try:
        with pool(WORKERS, _limit_blas) as workers, threadpool_limits(1):  # as in workers
            if exact:
                jobs = [workers.submit(_store_chunk, s, start, n)
                        for s, start, n in zip(seeds, starts, sizes, strict=True)]
            else:
                pilot = max(1, min(len(starts), PILOT // CHUNK))
                ranges = _gather([workers.submit(_range_chunk, s, n)
                                  for s, n in zip(seeds[:pilot], sizes[:pilot], strict=True)])
                histograms.span(np.min([low for low, _ in ranges], axis=0),
                                np.max([high for _, high in ranges], axis=0))
                jobs = [workers.submit(_count_chunk, s, n)
                        for s, n in zip(seeds, sizes, strict=True)]
            _gather(jobs, progress)
        if exact:
            with ThreadPoolExecutor(WORKERS) as threads:
                quantiles = _quantiles(_WORKER["store"], threads)
        else:
            quantiles = histograms.quantiles(draws)
    finally:
        _WORKER.clear()
    out = _unflatten(quantiles, template)
    out.attrs["quantile_method"] = "exact" if exact else (
        f"histogram of {BINS:,} bins per value; error at most 1/{BINS // 2:,} of the "
        f"range of the first {PILOT:,} draws")
    return out


def _quantiles(store: np.ndarray, pool: ThreadPoolExecutor,
               block_bytes: int = 32 * 2**20) -> np.ndarray:
    """Quantiles of each row (a value's draws) of ``store``, block by block;
    ``inverted_cdf`` picks order statistics. Returns ``(quantile, value)``."""
    width, draws = store.shape
    step = max(1, block_bytes // (4 * draws))

    def block(start: int) -> np.ndarray:
        return np.quantile(store[start:start + step], QUANTILES, axis=1,
                           method="inverted_cdf")

    return np.concatenate(list(pool.map(block, range(0, width, step))), axis=1)


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
