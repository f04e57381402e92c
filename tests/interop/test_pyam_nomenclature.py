"""corridor's files in the IAMC tools: pyam reads the workbook, nomenclature validates the
results against the published codelist.

pyam and nomenclature run in an environment of their own (``requirements.txt``, pinned;
nomenclature needs pandas < 3), created on first use in ``.venv-interop`` at the top of the
checkout (or ``$CORRIDOR_INTEROP_VENV``) and reused while the pins are unchanged. uv
installs it from PyPI in about 5 s where pip takes a minute or two, which a clean CI
clone pays every time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from uv import find_uv_bin

import corridor
from corridor.io.codelist import definitions

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHIPPED = Path(corridor.__file__).parent / "io" / "nomenclature"


def interop_python() -> Path:
    venv = Path(os.environ.get("CORRIDOR_INTEROP_VENV", ROOT / ".venv-interop"))
    lock = HERE / "requirements.txt"
    stamp = venv / ".lock-sha256"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    python = venv / "bin" / "python"
    if not (python.exists() and stamp.exists() and stamp.read_text() == want):
        uv = find_uv_bin()
        subprocess.run([uv, "venv", "--quiet", "--clear", "--python", sys.executable, str(venv)],
                       check=True)
        done = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python),
                               "-r", str(lock)], capture_output=True, text=True, check=False)
        if done.returncode:
            pytest.fail(f"cannot install pyam and nomenclature from PyPI:\n{done.stderr[-2000:]}")
        stamp.write_text(want)
    return python


def test_the_shipped_definitions_are_the_codelist():
    import yaml

    for name, doc in definitions().items():
        assert yaml.safe_load((SHIPPED / name).read_text(encoding="utf-8")) == doc, name


def test_pyam_reads_and_nomenclature_validates(tmp_path):
    """Both lithium bases: one run written twice, checked in one interop process."""
    from corridor.examples import small_world

    results = corridor.run(["STEPS", "NZE"], data=small_world())
    folders = [tmp_path / basis for basis in ("Li", "LCE")]
    for folder in folders:
        results.io.write(folder, figures=False, lithium_basis=folder.name)
    env = {**os.environ, "GIT_PYTHON_REFRESH": "quiet",
           "IXMP4_STORAGE_DIRECTORY": str(tmp_path / "ixmp4")}
    done = subprocess.run([str(interop_python()), str(HERE / "check_interop.py"),
                           *map(str, folders)], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "interop: 8 passed, 0 failed" in done.stdout
