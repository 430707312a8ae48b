"""The database: connection settings, migrations, and bringing a database up to date."""

import fcntl
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import Migrate, upgrade
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from . import ROOT
from .models import db

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
