"""Shared fixtures: the shipped data, one central run of the three built-in scenarios, and
a new project registry database of each kind.

PostgreSQL: ``$CORRIDOR_TEST_POSTGRES`` is a URL of a server where the role may create
databases (``.ci/run`` starts one); each test gets a database of its own. Without it the
PostgreSQL cases are skipped, unless ``$CORRIDOR_REQUIRE_POSTGRES`` is set (as in CI).
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from corridor.data import Data
from corridor.orchestrator import run


@pytest.fixture(scope="session")
def data() -> Data:
    return Data()


@pytest.fixture(scope="session")
def results(data):
    return run(data=data)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """A new, empty registry database of each kind."""
    if request.param == "sqlite":
        yield str(tmp_path / "registry.sqlite")
        return
    admin = os.environ.get("CORRIDOR_TEST_POSTGRES")
    if not admin:
        if os.environ.get("CORRIDOR_REQUIRE_POSTGRES"):
            pytest.fail("CORRIDOR_TEST_POSTGRES is not set but PostgreSQL is required")
        pytest.skip("no PostgreSQL server ($CORRIDOR_TEST_POSTGRES)")
    name = f"corridor_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(make_url(admin).set(drivername="postgresql+psycopg"),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(text(f"create database {name}"))
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as con:
        con.execute(text(f"drop database {name} with (force)"))
    engine.dispose()


# run inside the interop environment only (tests/interop/test_pyam_nomenclature.py)
collect_ignore = ["interop/check_interop.py"]
