"""Fixtures of the hostile-input suite (the contract itself is in ``contract.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from contract import app, runner


@pytest.fixture(scope="session")
def previous(tmp_path_factory) -> Path:
    """A complete earlier output (copied by the tests that need one)."""
    out = tmp_path_factory.mktemp("previous") / "out"
    result = runner.invoke(app, ["run", "-s", "STEPS", "--no-figures", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
