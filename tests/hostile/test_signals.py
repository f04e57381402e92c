"""Interrupting a run: SIGINT (Ctrl-C), SIGTERM and SIGKILL at several points leave the
earlier output complete, no temporary or scratch files, and no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from contract import snapshot


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def _threads(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("Threads:")))


def _shm() -> set[str]:
    return set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()


def _when(point: str, out: Path, pgid: int) -> bool:
    """Has the run reached ``point``?"""
    if point == "Monte Carlo":  # Dask's threads are running (the central run has 4 or less)
        return _threads(pgid) >= 6
    if point == "writing":  # the temporary folder beside the output exists
        return any(p.name.startswith(f".{out.name}-") for p in out.parent.iterdir())
    return True  # "start"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize(("sig", "point"), [
    (signal.SIGINT, "Monte Carlo"), (signal.SIGTERM, "Monte Carlo"),
    (signal.SIGKILL, "Monte Carlo"), (signal.SIGINT, "writing"), (signal.SIGTERM, "writing"),
    (signal.SIGKILL, "writing"), (signal.SIGTERM, "start"),
])
def test_a_stopped_run_leaves_the_earlier_output(tmp_path, previous, sig, point):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before, shm = snapshot(out), _shm()
    draws = ["--draws", "400000"] if point == "Monte Carlo" else []
    figures = [] if point == "writing" else ["--no-figures"]

    def own_group():  # a new process group whose Ctrl-C is not ignored, as in a terminal
        os.setpgrp()
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    process = subprocess.Popen(
        [sys.executable, "-m", "corridor", "run", "-s", "STEPS", *draws, *figures, "--out",
         str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=own_group)
    deadline = time.monotonic() + 60
    while not _when(point, out, process.pid) and process.poll() is None:
        assert time.monotonic() < deadline, f"the run never reached {point}"
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before the signal"
    sent = time.monotonic()
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)  # Ctrl-C reaches the whole foreground group
    else:
        process.send_signal(sig)
    stderr = process.communicate(timeout=30)[1]
    assert time.monotonic() - sent < 2.0, "stopping took more than 2 s"
    # a shell sees 128 + the signal either way: corridor's own exit code, or the signal's
    # when it lands before corridor's handler is installed or as the interpreter exits
    expected = {signal.SIGINT: (130, -2), signal.SIGTERM: (143, -15), signal.SIGKILL: (-9,)}
    assert process.returncode in expected[sig], stderr
    if sig != signal.SIGKILL:
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) <= 1
    deadline = time.monotonic() + 5  # the watcher and dying workers act within moments
    while time.monotonic() < deadline and (
            _group_alive(process.pid) or len(list(tmp_path.iterdir())) > 1):
        time.sleep(0.05)
    assert _group_alive(process.pid) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert snapshot(out) == before
    assert _shm() <= shm


_SIGNAL_AT_FORK = """
import os, signal
from corridor import workers

class Stop(BaseException):
    pass

def stop(signum, frame):
    raise Stop

signal.signal(signal.SIGTERM, stop)
armed = [True]

def just_before_fork():  # the race CI met: SIGTERM lands as the pool forks its workers
    if armed:
        armed.clear()
        os.kill(os.getpid(), signal.SIGTERM)

os.register_at_fork(before=just_before_fork)
try:
    with workers.pool(2) as pool:
        pool.submit(abs, -1).result()
except Stop:
    print("stopped")
"""


def test_a_signal_as_the_workers_fork_stops_the_parent_cleanly():
    done = subprocess.run([sys.executable, "-c", _SIGNAL_AT_FORK], capture_output=True,
                          text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, "stopped\n", "")
