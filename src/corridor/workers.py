"""Worker pools whose processes never outlive corridor (the figures are drawn on one).

Workers are forked (they start at once and share the parent's memory, copy on write). They
ignore Ctrl-C, which reaches the whole process group: the parent alone stops the run,
cancelling what has not started. They die with their parent, also when the parent is
killed with SIGKILL and has no chance to stop them (Linux's ``PR_SET_PDEATHSIG``, else a
thread that watches the parent).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process exit when process ``parent`` ends, however it ends."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):  # not Linux: watch the parent instead
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)


_STOPS = {signal.SIGINT, signal.SIGTERM}


def _start(parent: int, initializer: Callable[[], None] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just stop
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    die_with_parent(parent)
    if initializer is not None:
        initializer()


@contextmanager
def pool(workers: int, initializer: Callable[[], None] | None = None) -> Iterator[Executor]:
    """``workers`` forked processes (threads where the system cannot fork, without
    ``initializer``). On an error or an interrupt in the block, the processes are stopped
    and the block is left at once.

    >>> with pool(2) as p:
    ...     sorted(p.map(abs, [-2, 1]))
    [1, 2]
    """
    forked = "fork" in mp.get_all_start_methods()
    executor: Executor = (
        ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_start,
                            initargs=(os.getpid(), initializer))
        if forked else ThreadPoolExecutor(workers))
    try:
        if forked:
            # Fork with Ctrl-C and SIGTERM held back: one arriving mid-fork would run the
            # parent's handler in the child and break the pool's start in the parent. Held
            # signals reach the parent once its workers run; workers drop or die of them.
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
            try:
                executor.submit(int)  # the first task starts every worker
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        yield executor
    except BaseException:
        # stop at once: no waiting for running tasks (Python 3.14's terminate_workers)
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(cancel_futures=True)  # the pool sees its workers gone: quick
        raise
    executor.shutdown()
