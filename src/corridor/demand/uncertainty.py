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
pool of ``WORKERS`` processes; each chunk's seed is spawned from the run seed, so the
same seed gives the same numbers whatever the pool. Per-draw results of the reported
variables go to a file-backed array (in shared memory where there is room, else on disk),
so the processes' own memory stays bounded as draws grow; quantiles (order statistics,
``inverted_cdf``) are then taken block by block.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

import numpy as np
import xarray as xr
from threadpoolctl import threadpool_limits

from corridor.demand.chain import chain, with_world
from corridor.demand.inputs import Inputs
from corridor.dims import CHEMISTRIES, LIFETIME_GROUPS, MINERALS, MODES

CHUNK = 1000
DTYPE = np.float32  # draws are summarised as quantiles: single precision is ample
WORKERS = min(2, os.cpu_count() or 1)
QUANTILES = (0.05, 0.5, 0.95)
#: variables reported with quantiles (all with dims region, year and the listed ones)
REPORTED = ("material_demand", "secondary_supply", "primary_demand", "battery_demand")


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


_WORKER: dict = {}


def _init_worker(inputs: Inputs, path: str, processes: bool = True) -> None:
    if processes:  # one BLAS thread per worker: the workers already fill the cores, and
        _WORKER["limits"] = threadpool_limits(1)  # the numbers do not depend on the pool
    _WORKER.update(inputs=inputs, path=path)


def _run_chunk(seed: np.random.SeedSequence, start: int, n: int) -> int:
    """Worker task: one chunk, written straight into the shared disk-backed array."""
    result = _chunk(_WORKER["inputs"], seed, n)
    store = np.load(_WORKER["path"], mmap_mode="r+")
    # one row per reported value: each value's draws lie together for the quantiles
    store[:, start:start + n] = np.concatenate(
        [result[v].values.reshape(n, -1) for v in REPORTED], axis=1).T
    store.flush()
    return n


def _pool(inputs: Inputs, path: str):
    """Worker processes (forked, so they start at once) or, without fork, threads."""
    if WORKERS > 1 and "fork" in mp.get_all_start_methods():
        return ProcessPoolExecutor(WORKERS, mp_context=mp.get_context("fork"),
                                   initializer=_init_worker, initargs=(inputs, path))
    _init_worker(inputs, path, processes=False)
    return ThreadPoolExecutor(WORKERS)


def monte_carlo(inputs: Inputs, draws: int, seed: int,
                progress: Callable[[int], None] | None = None) -> xr.Dataset:
    """P5/P50/P95 of the reported variables over ``draws`` Monte Carlo draws.

    Chunks run on ``WORKERS`` processes, each writing its draws into one disk-backed
    array; quantiles are then taken block by block. Memory stays bounded as draws grow.

    Examples
    --------
    >>> from corridor.config import load_scenario
    >>> from corridor.data import Data
    >>> from corridor.demand.inputs import prepare
    >>> q = monte_carlo(prepare(Data(), load_scenario("STEPS")), 20, seed=1)
    >>> q.material_demand.dims
    ('quantile', 'region', 'year', 'mineral')
    """
    inputs = inputs.astype(DTYPE)
    starts = list(range(0, draws, CHUNK))
    seeds = np.random.SeedSequence(seed).spawn(len(starts))
    template = _chunk(inputs, np.random.SeedSequence(0), 1).isel(draw=0, drop=True)
    width = sum(template[v].size for v in REPORTED)
    with tempfile.TemporaryDirectory(prefix="corridor-mc-",
                                     dir=scratch_dir(draws * width * 4)) as tmp:
        path = f"{tmp}/draws.npy"
        store = np.lib.format.open_memmap(path, mode="w+", dtype=DTYPE, shape=(width, draws))
        del store
        with _pool(inputs, path) as pool, threadpool_limits(1):  # as in the workers
            jobs = [pool.submit(_run_chunk, s, start, min(CHUNK, draws - start))
                    for s, start in zip(seeds, starts, strict=True)]
            done = 0
            for job in as_completed(jobs):
                done += job.result()
                if progress is not None:
                    progress(done)
        store = np.load(path, mmap_mode="r")
        with ThreadPoolExecutor(WORKERS) as threads:
            quantiles = _quantiles(store, threads)
        del store
    return _unflatten(quantiles, template)


def scratch_dir(size: int) -> str | None:
    """Where the draws are stored: shared memory (``/dev/shm``) when it has room for twice
    ``size`` bytes, since writing chunks into a disk-backed file costs more than computing
    them; else the system's temporary folder."""
    shm = "/dev/shm"
    try:
        if os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * size:
            return shm
    except OSError:
        pass
    return None


def _quantiles(store: np.ndarray, pool: ThreadPoolExecutor,
               block_bytes: int = 32 * 2**20) -> np.ndarray:
    """Quantiles of each row (a value's draws) of a file-backed array, block by block;
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

