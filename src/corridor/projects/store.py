"""The project registry in a database: SQLite by default, PostgreSQL by URL.

Tables, created and upgraded by the Alembic migrations in ``migrations/``:

``projects``
    one row per project, its fields as columns (lists as JSON), with a ``version`` that
    every change raises and a ``removed`` flag (a removed project stays, with its history);
``project_changes``
    one row per change: project, version reached, author, time (UTC), action (add, edit,
    status, remove, restore), the fields changed as ``{field: [before, after]}`` and the
    whole record before the change;
``users``
    who may write through the web app: a name and the SHA-256 of their token.

Every change is one transaction that locks the project's row first (``SELECT ... FOR
UPDATE`` on PostgreSQL; on SQLite the write transaction starts with ``BEGIN IMMEDIATE``,
which locks the file, while readers go on reading the last commit: WAL), reads it, writes
the new version and its change row, and commits: concurrent writers queue rather than
overwrite each other, and a writer that stops before its commit leaves nothing. A caller
that read version *n* can pass ``expected_version=n`` to refuse a change made meanwhile.

Where the database is: ``--db`` (a URL, or a path for SQLite), else ``$CORRIDOR_DB``,
else ``projects.sqlite`` in the user's data folder (:func:`corridor.home.data_home`).

Examples
--------
>>> import tempfile, pathlib
>>> from corridor.projects.schema import Project
>>> registry = Registry(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
>>> p = Project(id="cell-1", name="Cell plant", type="cell", country="Canada",
...             proponents=[{"name": "A", "country": "South Korea"}], capacity=30,
...             unit="GWh/yr", start_year=2029)
>>> registry.add(p, author="analyst").version
1
>>> registry.set_status("cell-1", "under assessment", author="analyst").status
'under assessment'
>>> [c.action for c in registry.history("cell-1")]
['add', 'status']
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import NullPool

from corridor.errors import Conflict, InputError, NotFound, one_line
from corridor.home import data_home
from corridor.projects.schema import NUMBERS, WHOLE, Project, validate

metadata = MetaData()
FIELDS = tuple(Project.model_fields)
_JSON = {"proponents", "sources"}


def _column(name: str) -> Column:
    kind = (JSON() if name in _JSON else Integer() if name in WHOLE else
            Float() if name in NUMBERS else Text() if name == "notes" else String(200))
    return Column(name, kind, primary_key=name == "id",
                  nullable=not Project.model_fields[name].is_required() and name != "notes")


projects = Table(
    "projects", metadata, *(_column(f) for f in FIELDS),
    Column("version", Integer, nullable=False),
    Column("removed", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
changes = Table(
    "project_changes", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("project_id", String(200), ForeignKey("projects.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(20), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("previous", JSON),
)


users = Table(
    "users", metadata,
    Column("name", String(200), primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Record:
    """A project as stored: its fields, version and whether it was removed."""

    project: Project
    version: int
    removed: bool
    updated_at: datetime

    def __getattr__(self, name):  # the project's fields (and stage) read through
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.project, name)


@dataclass(frozen=True)
class Change:
    """One row of a project's history."""

    version: int
    author: str
    at: datetime
    action: str
    fields: dict
    previous: dict | None


def database_url(db: str | Path | None = None) -> URL:
    """The registry's URL: ``db`` (a URL or an SQLite path), ``$CORRIDOR_DB``, or the data
    folder's ``projects.sqlite``."""
    db = db or os.environ.get("CORRIDOR_DB") or data_home() / "projects.sqlite"
    text = str(db)
    try:
        url = make_url(text) if "://" in text else URL.create(
            "sqlite", database=str(Path(text).expanduser()))
    except ArgumentError:
        raise InputError(f"database {text!r}: not a database URL or path") from None
    if url.drivername in ("postgresql", "postgres"):  # the driver corridor installs
        url = url.set(drivername="postgresql+psycopg")
    return url


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


class Registry:
    """The project registry at ``db`` (see :func:`database_url`), migrated to the current
    schema when opened."""

    def __init__(self, db: str | Path | None = None, pooled: bool = False):
        self.url = database_url(db)
        self.engine = _connect(self.url, pooled)
        _migrate(self.engine, self.url)

    def __repr__(self) -> str:
        return f"Registry({_shown(self.url)!r})"

    # --- reading ---------------------------------------------------------------------
    def get(self, project_id: str, removed: bool = False) -> Record:
        """A project; :class:`InputError` if there is none (or it was removed, unless
        ``removed``)."""
        with self._reading() as con:
            row = con.execute(select(projects).where(projects.c.id == project_id)).first()
        if row is None or (row.removed and not removed):
            raise NotFound(f"project {project_id!r}: not in the registry"
                             + (" (removed; see its history)" if row is not None else ""))
        return _record(row)

    def list(self, status=None, type=None, country=None, removed: bool = False
             ) -> list[Record]:
        """Projects, filtered by status, type and country (a value or a list), by id."""
        query = select(projects).order_by(projects.c.id)
        for column, wanted in ((projects.c.status, status), (projects.c.type, type),
                               (projects.c.country, country)):
            if wanted:
                query = query.where(column.in_([wanted] if isinstance(wanted, str)
                                               else list(wanted)))
        if not removed:
            query = query.where(projects.c.removed.is_(False))
        with self._reading() as con:
            return [_record(row) for row in con.execute(query)]

    def history(self, project_id: str) -> list[Change]:
        """Every change of a project, oldest first (removed projects too)."""
        self.get(project_id, removed=True)
        with self._reading() as con:
            rows = con.execute(select(changes).where(changes.c.project_id == project_id)
                               .order_by(changes.c.seq)).all()
        return [Change(r.version, r.author, _utc(r.at), r.action, r.fields, r.previous)
                for r in rows]

    # --- writing ---------------------------------------------------------------------
    def add(self, project: Project, author: str) -> Record:
        """A new project, version 1; :class:`InputError` if the id is taken (also by a
        removed project)."""
        return self.write([project], author)[0]

    def write(self, batch: list[Project], author: str, replace: bool = False
              ) -> list[Record]:
        """Add ``batch`` in one transaction (all or none); with ``replace``, a project
        whose id exists is edited to the given fields instead, and restored if it was
        removed (``corridor projects import``)."""
        author = _author(author)
        ids = [p.id for p in batch]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise InputError(f"project id {twice[0]!r}: given twice")
        out = []
        with self._writing() as con:
            for project in batch:
                row = _locked(con, project.id)
                if row is None:
                    out.append(self._insert(con, project, author))
                elif replace:  # a removed project comes back
                    out.append(self._change(con, row, project.model_dump(), author,
                                            "restore" if row.removed else "edit"))
                else:
                    raise Conflict(f"project id {project.id!r}: already in the registry"
                                     + (" (removed)" if row.removed else "")
                                     + "; choose another id, or edit it")
        return out

    def edit(self, project_id: str, fields: dict, author: str,
             expected_version: int | None = None) -> Record:
        """Change some fields of a project (validated as a whole)."""
        unknown = sorted(set(fields) - set(FIELDS) - {"id"})
        if unknown:
            raise InputError(f"project {project_id!r}: {unknown[0]}: unknown field (fields: "
                             f"{', '.join(FIELDS)})")
        if "id" in fields and fields["id"] != project_id:
            raise InputError(f"project {project_id!r}: id: cannot be changed")
        return self._update(project_id, fields, author, "edit", expected_version)

    def set_status(self, project_id: str, status: str, author: str,
                   expected_version: int | None = None) -> Record:
        """Move a project to ``status`` in the committee's process."""
        return self._update(project_id, {"status": status}, author, "status",
                            expected_version)

    def remove(self, project_id: str, author: str) -> Record:
        """Mark a project removed (it stays, with its history)."""
        return self._update(project_id, {}, author, "remove", None)

    # --- users of the web app --------------------------------------------------------
    def add_user(self, name: str) -> str:
        """A new user who may write through the web app; returns their token, which is
        shown once: only its SHA-256 is stored."""
        name = _author(name)
        token = secrets.token_urlsafe(32)
        with self._writing() as con:
            if con.execute(select(users.c.name).where(users.c.name == name)).first():
                raise Conflict(f"user {name!r}: already exists")
            con.execute(insert(users).values(name=name, token_sha256=_sha256(token),
                                             created_at=datetime.now(UTC)))
        return token

    def user_of(self, token: str | None) -> str | None:
        """The name of the user whose token this is, or None."""
        if not token:
            return None
        with self._reading() as con:
            row = con.execute(select(users.c.name).where(
                users.c.token_sha256 == _sha256(token))).first()
        return row.name if row else None

    # --- internals -------------------------------------------------------------------
    def _update(self, project_id, fields, author, action, expected_version) -> Record:
        author = _author(author)
        with self._writing() as con:
            row = _locked(con, project_id)
            if row is None or row.removed:
                raise NotFound(f"project {project_id!r}: not in the registry"
                                 + (" (removed)" if row is not None else ""))
            if expected_version is not None and row.version != expected_version:
                raise Conflict(f"project {project_id!r}: changed since version "
                                 f"{expected_version} (now version {row.version}); read it "
                                 "again")
            return self._change(con, row, {**_fields(row), **fields}, author, action)

    def _insert(self, con, project: Project, author: str) -> Record:
        now = datetime.now(UTC)
        values = project.model_dump()
        con.execute(insert(projects).values(**values, version=1, removed=False,
                                            updated_at=now))
        con.execute(insert(changes).values(
            project_id=project.id, version=1, author=author, at=now, action="add",
            fields={k: [None, v] for k, v in values.items() if v not in (None, "", [])},
            previous=None))
        return Record(project, 1, False, now)

    def _change(self, con, row, values: dict, author: str, action: str) -> Record:
        project = validate(values, f"project {row.id}")
        before, after = _fields(row), project.model_dump()
        diff = {k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]}
        removed = action == "remove"
        if not diff and removed == row.removed:
            return _record(row)  # nothing to change: no new version
        now, version = datetime.now(UTC), row.version + 1
        result = con.execute(update(projects).where(projects.c.id == row.id,
                                                    projects.c.version == row.version)
                             .values(**after, version=version, removed=removed,
                                     updated_at=now))
        if result.rowcount != 1:  # cannot happen under the row lock; never overwrite
            raise InputError(f"project {row.id!r}: changed by another writer; try again")
        con.execute(insert(changes).values(project_id=row.id, version=version,
                                           author=author, at=now, action=action,
                                           fields=diff, previous=before))
        return Record(project, version, removed, now)

    def _reading(self):
        return _errors(self.engine.connect(), self.url)

    def _writing(self):
        return _errors(self.engine.execution_options(corridor_write=True).begin(), self.url)


class _errors:
    """A connection context whose database errors become one :class:`InputError` line."""

    def __init__(self, context, url: URL):
        self.context, self.url = context, url

    def __enter__(self):
        try:
            return self.context.__enter__()
        except (OperationalError, DBAPIError) as err:
            raise _unreachable(self.url, err) from None

    def __exit__(self, kind, value, traceback):
        try:
            return self.context.__exit__(kind, value, traceback)
        except (OperationalError, DBAPIError) as err:
            raise InputError(f"database {_shown(self.url)}: the change was not saved "
                             f"({one_line(str(err.orig or err))})") from None


def _unreachable(url: URL, err) -> InputError:
    reason = one_line(" ".join(str(getattr(err, "orig", None) or err).split()))
    return InputError(f"database {_shown(url)}: unreachable ({reason[:300]})")


def _connect(url: URL, pooled: bool = False) -> Engine:
    """An engine that closes each connection when its work is done (no pool): a registry
    holds no connection between changes, so nothing is left open when it is dropped;
    ``pooled`` keeps a few open for a long-running server (the web app)."""
    pool = {"pool_size": 8, "max_overflow": 8} if pooled else {"poolclass": NullPool}
    try:
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "")
            if url.database and not path.parent.is_dir():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise InputError(f"database {path}: cannot create its folder "
                                     f"({err.strerror})") from None
            engine = create_engine(url, **pool, connect_args={"timeout": 60,
                                                              "check_same_thread": False})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(url, **pool, pool_pre_ping=pooled,
                             connect_args={"connect_timeout": 10})
    except (NoSuchModuleError, ArgumentError, ImportError) as err:
        raise InputError(f"database {_shown(url)}: not a database corridor can use "
                         f"({one_line(str(err))}); use an SQLite path or postgresql://...") \
            from None


def _sqlite_connect(dbapi_connection, record) -> None:
    dbapi_connection.isolation_level = None  # transactions as corridor begins them
    dbapi_connection.execute("pragma foreign_keys = on")


def _sqlite_begin(connection) -> None:
    # a writer takes the write lock at the start, so two writers queue instead of
    # deadlocking; a reader does not (WAL: it reads the last commit while a writer works)
    write = connection.get_execution_options().get("corridor_write", False)
    connection.exec_driver_sql("begin immediate" if write else "begin")


def _migrate(engine: Engine, url: URL) -> None:
    """Create or upgrade the tables with the migrations (Alembic's ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        if url.get_backend_name() == "sqlite":  # kept in the file: once is enough
            raw = engine.raw_connection()  # outside a transaction, as the pragma must be
            try:
                raw.driver_connection.execute("pragma journal_mode = wal")  # readers never wait
            finally:
                raw.close()
        with engine.execution_options(corridor_write=True).begin() as con:
            config.attributes["connection"] = con
            command.upgrade(config, "head")
    except (OperationalError, DBAPIError) as err:
        raise _unreachable(url, err) from None


def _locked(con, project_id: str):
    query = select(projects).where(projects.c.id == project_id)
    if con.dialect.name != "sqlite":  # SQLite's write lock is the whole file already
        query = query.with_for_update()
    return con.execute(query).first()


def _fields(row) -> dict:
    return {f: getattr(row, f) for f in FIELDS}


def _record(row) -> Record:
    return Record(Project.model_validate(_fields(row)), row.version, row.removed,
                  _utc(row.updated_at))


def _utc(at: datetime) -> datetime:
    """SQLite keeps no time zone: its times were written in UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _author(author: str) -> str:
    author = (author or "").strip()
    if not author or len(author) > 200 or any(ord(c) < 32 for c in author):
        raise InputError("author: give a name of 1-200 characters (--author or "
                         "$CORRIDOR_AUTHOR)")
    return author
