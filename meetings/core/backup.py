"""Backups: every table as JSON lines, read from one snapshot, for any database to restore.

A backup is a header line (format, version, schema revision), then for each table a line
naming its columns followed by one JSON array per row, then a closing line with the row
counts. Instants are written in UTC with their offset, so a backup of SQLite restores into
PostgreSQL and back unchanged. Token hashes are copied as stored; tokens never were.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import Text, select, text, type_coerce
from sqlalchemy.engine import Connection, Engine

from meetings.core.clock import utcnow
from meetings.core.database import JSONText, db

FORMAT = "meetings-backup"
VERSION = 1
#: rows sent to the database per statement
CHUNK = 1000


def tables():
    """Every table the app keeps, parents before the tables that refer to them."""
    return list(db.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str | None:
    """The database's migration revision (several, comma-separated, if branches are open)."""
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return ",".join(sorted(found)) or None


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads the whole database as it was at one instant."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # The driver opens no transaction for reads: open one, so that every SELECT
            # reads the one WAL snapshot taken by the first, while writers go on.
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("BEGIN")
            try:
                yield connection
            finally:
                connection.exec_driver_sql("ROLLBACK")
        else:
            connection.execution_options(isolation_level="REPEATABLE READ",
                                         postgresql_readonly=True)
            with connection.begin():
                yield connection


def _readable(column):
    """The column as stored: JSON kept as the exact text it is stored as."""
    if isinstance(column.type, JSONText):
        return type_coerce(column, Text()).label(column.name)
    return column


def _encode(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def dump_lines(engine: Engine) -> Iterator[str]:
    """The backup, line by line, all read in one snapshot."""
    with snapshot(engine) as connection:
        counts = {}
        yield _line({"format": FORMAT, "version": VERSION,
                     "schema": schema_revision(connection), "made": _encode(utcnow()),
                     "database": engine.dialect.name})
        for table in tables():
            columns = list(table.columns)
            yield _line({"table": table.name, "columns": [c.name for c in columns]})
            query = select(*map(_readable, columns)).order_by(*table.primary_key.columns)
            counts[table.name] = 0
            for row in connection.execution_options(yield_per=CHUNK).execute(query):
                yield _line([_encode(value) for value in row])
                counts[table.name] += 1
        yield _line({"end": True, "rows": counts})


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(path: Path, engine: Engine) -> dict[str, int]:
    """Write a backup to a file (gzipped when it ends in .gz), whole or not at all.

    Only its owner may read it: it holds volunteers' names and private notes.
    """
    draft = path.with_name(f".{path.name}.{os.getpid()}.part")
    counts = {}
    os.close(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        with open_backup(draft, "wt", zipped=path.suffix == ".gz") as out:
            for line in dump_lines(engine):
                out.write(line)
                if line.startswith('{"end":'):
                    counts = json.loads(line)["rows"]
        os.replace(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return counts


def open_backup(path: Path, mode: str, zipped: bool):
    if zipped:
        return gzip.open(path, mode, encoding="utf-8")
    return open(path, mode, encoding="utf-8")
