"""The project registry on SQLite and on a real PostgreSQL server (fixture ``url`` in
``tests/conftest.py``): fields, history, concurrent writers, a writer killed mid-change,
migrations, files, the CLI and bad input."""

from __future__ import annotations

import itertools
import multiprocessing as mp
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from corridor.cli import app
from corridor.errors import InputError
from corridor.projects import Registry, dump, read
from tests.hostile.contract import refused, runner

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE, ASSEMBLY = EXAMPLES / "cathode-becancour.yaml", EXAMPLES / "ev-assembly-ontario.yaml"


@pytest.fixture
def registry(url) -> Registry:
    registry = Registry(url)
    yield registry
    registry.engine.dispose()


def test_the_examples_round_trip_every_field(registry):
    cathode, assembly = read(CATHODE)[0], read(ASSEMBLY)[0]
    registry.write([cathode, assembly], author="analyst")
    assert [r.id for r in registry.list()] == ["cathode-becancour", "ev-assembly-ontario"]
    stored = registry.get("cathode-becancour")
    assert stored.project == cathode and stored.version == 1
    assert (stored.capacity, stored.unit, stored.stage) == (45000.0, "t/yr", "cathode")
    assert stored.proponents[1].name == "SK On" and stored.replaces == "CA-004"
    assert registry.get("ev-assembly-ontario").project == assembly
    assert [r.id for r in registry.list(type="vehicle assembly")] == ["ev-assembly-ontario"]
    assert registry.list(status="recommended") == []


def test_every_change_is_kept_with_its_author_and_previous_values(registry):
    registry.add(read(CATHODE)[0], author="A. Analyst")
    registry.set_status("cathode-becancour", "under assessment", author="B. Chair")
    registry.edit("cathode-becancour", {"capacity": 50000, "start_year": 2030}, author="A")
    registry.edit("cathode-becancour", {"capacity": 50000}, author="A")  # no change
    registry.remove("cathode-becancour", author="B. Chair")
    history = registry.history("cathode-becancour")
    assert [(c.version, c.author, c.action) for c in history] == [
        (1, "A. Analyst", "add"), (2, "B. Chair", "status"), (3, "A", "edit"),
        (4, "B. Chair", "remove")]
    assert history[1].fields == {"status": ["proposed", "under assessment"]}
    assert history[2].fields == {"capacity": [45000.0, 50000.0], "start_year": [2029, 2030]}
    assert history[2].previous["capacity"] == 45000.0 and history[0].previous is None
    assert all(c.at.tzinfo is not None for c in history)
    # removed: out of lists and reads, kept with its history; its id stays taken
    assert registry.list() == [] and registry.list(removed=True)[0].removed
    with pytest.raises(InputError, match="not in the registry \\(removed"):
        registry.get("cathode-becancour")
    with pytest.raises(InputError, match="already in the registry \\(removed\\)"):
        registry.add(read(CATHODE)[0], author="A")


def test_a_change_made_meanwhile_is_refused(registry):
    registry.add(read(CATHODE)[0], author="A")
    registry.set_status("cathode-becancour", "under assessment", author="B")
    with pytest.raises(InputError, match="changed since version 1 \\(now version 2\\)"):
        registry.edit("cathode-becancour", {"capacity": 1.0}, author="A", expected_version=1)
    assert registry.get("cathode-becancour").capacity == 45000.0


def _edits(url: str, worker: int, count: int) -> None:
    registry = Registry(url)
    for i in range(count):  # every value is new: every edit makes a version
        registry.edit("cathode-becancour", {"capacity": 1000.0 * worker + i + 1}, f"w{worker}")
    registry.add(read(CATHODE)[0].model_copy(update={"id": f"plant-{worker}"}), f"w{worker}")
    registry.engine.dispose()


def test_concurrent_writers_lose_nothing(registry, url):
    """Six processes edit one project ten times each and add one project each: every
    change is a version, each made on the one before (its ``previous`` is that version's
    record), and every project is there."""
    registry.add(read(CATHODE)[0], author="A")
    workers, count = 6, 10
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        for done in [pool.submit(_edits, url, w, count) for w in range(workers)]:
            done.result()
    history = registry.history("cathode-becancour")
    assert [c.version for c in history] == list(range(1, workers * count + 2))
    for before, after in itertools.pairwise(history):
        assert after.previous["capacity"] == before.fields["capacity"][1]
    assert sorted({c.author for c in history[1:]}) == [f"w{w}" for w in range(workers)]
    assert len(registry.list()) == workers + 1


def test_a_writer_killed_mid_change_leaves_the_registry_as_it_was(registry, url):
    registry.add(read(CATHODE)[0], author="A")
    script = f"""
import os, signal
from corridor.projects import store
real = store.Registry._change
def dying(self, *args):
    real(self, *args)  # the project row and its change row written, not committed
    os.kill(os.getpid(), signal.SIGKILL)
store.Registry._change = dying
store.Registry({url!r}).edit("cathode-becancour", {{"capacity": 1.0}}, "crasher")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr
    fresh = Registry(url)
    assert fresh.get("cathode-becancour").capacity == 45000.0
    assert [c.author for c in fresh.history("cathode-becancour")] == ["A"]
    assert fresh.edit("cathode-becancour", {"capacity": 2.0}, "next").version == 2
    fresh.engine.dispose()


def test_the_migrations_make_the_tables_the_code_expects(registry):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from corridor.projects.store import metadata

    with registry.engine.connect() as con:
        context = MigrationContext.configure(con, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert con.execute(text("select version_num from alembic_version")).scalar() == "0002"


def test_files_round_trip_and_import_edits_only_what_changed(registry, tmp_path):
    registry.write([read(CATHODE)[0], read(ASSEMBLY)[0]], author="A")
    for suffix in (".csv", ".yaml"):
        path = tmp_path / f"projects{suffix}"
        dump([r.project for r in registry.list()], path)
        assert read(path) == [r.project for r in registry.list()]
    table = (tmp_path / "projects.csv").read_text(encoding="utf-8")
    (tmp_path / "changed.csv").write_text(table.replace("300000.0", "250000"), encoding="utf-8")
    done = registry.write(read(tmp_path / "changed.csv"), author="B", replace=True)
    assert [(r.id, r.version) for r in done] == [("cathode-becancour", 1),
                                                 ("ev-assembly-ontario", 2)]
    assert registry.get("ev-assembly-ontario").capacity == 250000.0


def test_the_cli_from_the_readme(url, tmp_path):
    db = ["--db", url]
    for args, expected in (
            (["add", str(CATHODE), str(ASSEMBLY)], "added 2: cathode-becancour, ev-assembly"),
            (["list"], "cathode-becancour"),
            (["set-status", "cathode-becancour", "under assessment", "--author", "Chair"],
             "under assessment (version 2)"),
            (["edit", "cathode-becancour", "--set", "capacity=50000"], "version 3"),
            (["history", "cathode-becancour"], "capacity: 45000.0 -> 50000.0"),
            (["show", "ev-assembly-ontario"], "300,000"),
            (["export", "--out", str(tmp_path / "all.csv")], "2 projects"),
            (["remove", "ev-assembly-ontario"], "removed (version 2)"),
            (["import", str(tmp_path / "all.csv")], "ev-assembly-ontario (version 3)")):
        result = runner.invoke(app, ["projects", *args, *db])
        assert result.exit_code == 0, result.output
        assert expected in " ".join(result.output.split()), result.output


@pytest.mark.parametrize("change, field", [
    ({"type": "smelter"}, "type: Input should be 'mine', 'refinery'"),
    ({"capacity": 0}, "capacity: Input should be greater than 0"),
    ({"unit": "GWh/yr"}, "unit: 'GWh/yr' does not fit a cathode (tonnes"),
    ({"unit": "parsecs/yr"}, "unit: 'parsecs/yr' does not fit a cathode"),
    ({"unit": "bananas"}, "unit: 'bananas' is not a unit"),
    ({"start_year": 1999}, "start_year: Input should be greater than or equal to 2000"),
    ({"status": "approved"}, "status: Input should be 'proposed'"),
    ({"colour": "red"}, "colour: unknown key"),
    ({"capex": 1e9, "currency": None}, "currency: needed with capex"),
])
def test_a_bad_project_file_is_refused_and_nothing_written(url, tmp_path, change, field):
    import yaml

    record = yaml.safe_load(CATHODE.read_text(encoding="utf-8")) | change
    record = {k: v for k, v in record.items() if v is not None}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(record), encoding="utf-8")
    message = refused(["projects", "add", str(ASSEMBLY), str(bad), "--db", url])
    assert message.startswith(f"{bad}: ") and field in message, message
    assert Registry(url).list() == []  # the good file was not added either


def test_more_bad_input_is_refused(url, tmp_path):
    runner.invoke(app, ["projects", "add", str(CATHODE), "--db", url])
    twice = tmp_path / "twice.yaml"
    twice.write_text(f"projects:\n- {CATHODE.read_text()!r}\n", encoding="utf-8")
    for args, message in (
            (["add", str(CATHODE)], "project id 'cathode-becancour': already in the registry"),
            (["set-status", "cathode-becancour", "approved"], "status: Input should be"),
            (["edit", "cathode-becancour", "--set", "colour=red"], "colour: unknown field"),
            (["edit", "cathode-becancour", "--set", "id=other"], "id: cannot be changed"),
            (["show", "nope"], "project 'nope': not in the registry")):
        assert message in refused(["projects", *args, "--db", url]), args
    assert Registry(url).get("cathode-becancour").version == 1


def test_an_unreachable_database_is_one_line():
    message = refused(["projects", "list", "--db",
                       "postgresql://corridor:secret@127.0.0.1:9/none"])
    assert message.startswith("database postgresql+psycopg://corridor:***@127.0.0.1:9/none: "
                              "unreachable (") and "secret" not in message
    assert "not a database corridor can use" in refused(
        ["projects", "list", "--db", "oracle://x@y/z"])
