"""Ensembles on Dask: the Monte Carlo's and the Sobol analysis's blocks of model runs.

By default the blocks run on a local ``dask.distributed`` cluster inside this process
(one worker with ``WORKERS`` threads: the chain is numpy and releases the GIL, two
threads run 2.1 times as fast as one, and nothing is copied or outlives the process). A
scheduler address (``tcp://host:8786``) or a ``distributed.Client`` runs them on a
cluster instead: the shared inputs are sent to every worker once, and each block returns
its own result, which the caller folds in as it arrives. At most ``2 x threads`` blocks
are in flight, so memory stays bounded whatever the number of blocks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from corridor.errors import InputError

WORKERS = min(2, os.cpu_count() or 1)
#: seconds to wait for a scheduler given by address
CONNECT_TIMEOUT = 5


def _one_blas_thread(client_pid: int) -> None:
    """On a worker process: one BLAS thread (the workers already fill the cores, and the
    numbers must not depend on the pool). Workers inside the client's process are limited
    by :func:`connect` for the block only, so a notebook keeps its own setting."""
    if os.getpid() != client_pid:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)


@contextmanager
def connect(scheduler: Any = None) -> Iterator[Any]:
    """A Dask client: a local in-process cluster (``None``), a scheduler at an address, or
    a ``distributed.Client`` given by the caller (left open). An address that does not
    answer within ``CONNECT_TIMEOUT`` s is an :class:`InputError` naming it."""
    from distributed import Client, LocalCluster
    from threadpoolctl import threadpool_limits

    if isinstance(scheduler, Client):
        scheduler.run(_one_blas_thread, os.getpid())
        with threadpool_limits(1):
            yield scheduler
        return
    if scheduler is None:
        log = logging.getLogger("distributed.scheduler")
        level = log.level
        try:
            with (LocalCluster(n_workers=1, threads_per_worker=WORKERS, processes=False,
                               dashboard_address=":0", silence_logs=logging.ERROR) as cluster,
                  Client(cluster) as client, connect(client) as same):
                try:
                    yield same
                except BaseException:
                    # stopped (Ctrl-C, an error): leave the blocks that are running to
                    # finish on their own instead of waiting for them, and the scheduler's
                    # note that their shared inputs went with the worker unsaid
                    log.setLevel(logging.CRITICAL)
                    for worker in list(cluster.workers.values()):
                        cluster.sync(worker.close, executor_wait=False)
                    raise
        finally:
            log.setLevel(level)
        return
    try:
        client = Client(str(scheduler), timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(f"scheduler {scheduler}: no Dask scheduler answered ({reason})"
                         ) from None
    with client, connect(client) as same:
        yield same


def _indexed(index: int, task: Callable, *args) -> tuple[int, Any]:
    return index, task(*args)


def stream(client, task: Callable, shared: tuple, blocks: Iterable[tuple],
           fold: Callable[[int, Any], None]) -> None:
    """Run ``task(*shared, *block)`` for every block on ``client`` and call
    ``fold(index, result)`` as each finishes (in any order; ``index`` is the block's
    place). ``shared`` is sent to the workers once.

    >>> with connect() as client:
    ...     got = {}
    ...     stream(client, pow, (2,), [(3,), (4,)], got.__setitem__)
    >>> got
    {0: 8, 1: 16}
    """
    from distributed import as_completed

    common = client.scatter(list(shared), broadcast=True, hash=False) if shared else []
    window = 2 * max(1, sum(client.nthreads().values()))
    pending = iter(enumerate(blocks))
    running = as_completed()

    def submit() -> None:
        item = next(pending, None)
        if item is not None:
            running.add(client.submit(_indexed, item[0], task, *common, *item[1],
                                      pure=False))

    for _ in range(window):
        submit()
    for future in running:
        index, result = future.result()
        future.release()  # the worker frees the block's result
        fold(index, result)
        submit()
