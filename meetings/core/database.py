"""The database: one SQLAlchemy object, column types every feature shares, migrations."""

from __future__ import annotations

import fcntl
import json
import uuid
from contextlib import contextmanager
from datetime import UTC, date
from pathlib import Path

from flask_migrate import Migrate, upgrade
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    Text,
    TypeDecorator,
    event,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    mapped_column,
    registry,
)

from meetings.core.paths import ROOT
from meetings.core.values import storable_day


class SaneDate(TypeDecorator):
    """A calendar day within bounds, so no write (form, import or script) stores year 9999."""

    impl = Date
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and not storable_day(value):
            raise ValueError(f"a day out of range: {value}")
        return value


class Base(DeclarativeBase):
    registry = registry(type_annotation_map={date: SaneDate})


db = SQLAlchemy(model_class=Base)


class Revisable:
    """What forms edit from a revision seen: saving compares and sets the row's version."""

    #: the id of the row's latest revision (0 before any); a save from a form is applied only
    #: if it is still the one the form showed, checked and taken in one UPDATE
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always read back as an aware datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class JSONText(TypeDecorator):
    """A JSON value kept as plain text, readable in any backup; assign new values, never mutate."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)




migrate = Migrate(directory=str(ROOT / "migrations"), render_as_batch=True)


def init_app(app):
    db.init_app(app)
    migrate.init_app(app, db)
    if app.config["MIGRATE_ON_START"]:
        with app.app_context():
            bring_up_to_date(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Let readers and a writer work at once on SQLite, keep every commit, enforce foreign keys.

    The wait for the lock comes first, so that processes starting together (each switching to
    WAL) wait their turn. synchronous=FULL makes a commit wait until the log is on disk, so a
    change acknowledged to someone survives a power cut, not only a crash; some builds of
    SQLite default to NORMAL in WAL mode, which can lose the last commits.
    """
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def bring_up_to_date(app):
    """Apply every pending migration; processes starting together take turns."""
    with _migration_lock(Path(app.instance_path)):
        upgrade(directory=str(ROOT / "migrations"))


@contextmanager
def _migration_lock(instance: Path):
    # A file lock serialises processes on this machine; env.py adds a PostgreSQL advisory
    # lock so that app servers on several machines sharing one database also take turns.
    instance.mkdir(parents=True, exist_ok=True)
    with open(instance / "migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def refresh_statistics():
    """Let the query planner see the directory as it now is, after a bulk load.

    Without statistics SQLite walks the removed-meetings index for every listed meeting
    (almost none are removed) instead of scanning the table.
    """
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def normalise_database_url(url):
    """Let `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def new_uid() -> str:
    """A fresh identifier that never changes: a calendar UID."""
    return uuid.uuid4().hex
