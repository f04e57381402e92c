"""Monte Carlo memory at any draw count: peak memory, scratch space and time of
``corridor run --scenario STEPS --draws N`` as a whole process tree.

Run with ``pytest -n 0 benchmarks/test_memory.py --benchmark-only -s`` (the million-draw case
takes about 7 minutes on two cores; ``CORRIDOR_MEMORY_DRAWS=10000,100000`` picks other
counts). Memory is sampled every 0.2 s from ``/proc``: the largest resident set of one
process (``VmHWM``), and the largest sum over the tree of proportional set sizes (PSS:
memory shared between the workers and the parent counted once). Scratch space is the
largest growth of used space in ``/dev/shm`` and the temporary folder during the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

DRAWS = [int(n) for n in os.environ.get("CORRIDOR_MEMORY_DRAWS", "1000000").split(",")]


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _kib(path: Path, field: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _used(folder: str) -> int:
    return shutil.disk_usage(folder).used


def measure(command: list[str]) -> dict:
    """Run ``command``; its time, peak memory and scratch space."""
    folders = ["/dev/shm", tempfile.gettempdir()]
    before = {f: _used(f) for f in folders if os.path.isdir(f)}
    peak = {"hwm": 0, "pss": 0, "scratch": 0}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)

    def sample() -> None:
        while process.poll() is None:
            pids = _tree(process.pid)
            peak["hwm"] = max([peak["hwm"], *(_kib(Path(f"/proc/{p}/status"), "VmHWM")
                                              for p in pids)])
            peak["pss"] = max(peak["pss"], sum(_kib(Path(f"/proc/{p}/smaps_rollup"), "Pss")
                                               for p in pids))
            peak["scratch"] = max(peak["scratch"], sum(max(0, _used(f) - b)
                                                       for f, b in before.items()))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    sampler.join()
    assert process.returncode == 0
    return {"seconds": time.perf_counter() - start, "peak_rss_gib": peak["hwm"] / 2**20,
            "peak_tree_pss_gib": peak["pss"] / 2**20, "scratch_gib": peak["scratch"] / 2**30}


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("draws", DRAWS)
def test_monte_carlo_memory(benchmark, tmp_path, draws):
    command = [sys.executable, "-m", "corridor", "run", "--scenario", "STEPS", "--draws",
               str(draws), "--no-figures", "--out", str(tmp_path / "out")]
    result = benchmark.pedantic(measure, args=(command,), rounds=1, iterations=1)
    benchmark.extra_info.update(result)
    print(f"\n--draws {draws:,}: {result['seconds']:.0f} s; peak RSS of one process "
          f"{result['peak_rss_gib']:.2f} GiB; peak PSS of the process tree "
          f"{result['peak_tree_pss_gib']:.2f} GiB; scratch {result['scratch_gib']:.3f} GiB")
