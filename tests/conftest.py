"""Shared fixtures: the shipped data and one central run of the three built-in scenarios."""

from __future__ import annotations

import pytest

from corridor.data import Data
from corridor.orchestrator import run


@pytest.fixture(scope="session")
def data() -> Data:
    return Data()


@pytest.fixture(scope="session")
def results(data):
    return run(data=data)


# run inside the interop environment only (tests/interop/test_pyam_nomenclature.py)
collect_ignore = ["interop/check_interop.py"]
