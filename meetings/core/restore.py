"""Restore a backup made by `backup`: checked first, loaded in one transaction, or not at all.

The file's format and database revision are checked before anything is written; rows go
in table by table, parents first, each value turned back into its column's type; a file
cut short, or whose closing counts disagree, rolls everything back. PostgreSQL's
numbering then continues after the restored rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import Text, bindparam, select, text, update
from sqlalchemy.engine import Connection, Engine

from meetings.core.backup import CHUNK, FORMAT, VERSION, open_backup, schema_revision, tables
from meetings.core.database import JSONText, UTCDateTime, db


class RestoreFailed(Exception):
    """The backup cannot be restored here; nothing was written."""


def _zipped(path: Path) -> bool:
    with open(path, "rb") as start:
        return start.read(2) == b"\x1f\x8b"


def read(path: Path, engine: Engine, force: bool = False) -> dict[str, int]:
    """Restore a backup file into this database, in one transaction."""
    try:
        with open_backup(path, "rt", zipped=_zipped(path)) as lines:
            return restore(lines, engine, force)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise RestoreFailed(f"{path} cannot be read: {error}") from error


def restore(lines: Iterable[str], engine: Engine, force: bool = False) -> dict[str, int]:
    """Load backup lines into an empty database (or, forced, replace what it holds)."""
    lines = iter(lines)
    header = _json(next(lines, ""), 1)
    with engine.begin() as connection:
        _check_header(header, schema_revision(connection))
        held = _rows_held(connection)
        if held and not force:
            raise RestoreFailed(
                f"This database is not empty ({held} rows). Restoring would replace all of "
                "it: use an empty database, or pass --force to replace what it holds.")
        if held:
            for table in reversed(tables()):
                connection.execute(table.delete())
        counts = _load(lines, connection)
        _continue_numbering(connection)
    return counts


def _json(line: str, number: int):
    try:
        return json.loads(line)
    except ValueError as error:
        raise RestoreFailed(f"Line {number} is not JSON: this is not a complete backup.") from error


def _check_header(header, schema: str | None) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RestoreFailed("This file is not a Meetings backup.")
    if header.get("version") != VERSION:
        raise RestoreFailed(f"This backup is in format version {header.get('version')}; this "
                            f"version of Meetings reads version {VERSION}.")
    if header.get("schema") != schema:
        raise RestoreFailed(
            f"This backup was made at database revision {header.get('schema')}, and this "
            f"database is at {schema}: restore it with the version of Meetings that made it, "
            "then upgrade.")


def _rows_held(connection: Connection) -> int:
    return sum(connection.execute(select(db.func.count()).select_from(table)).scalar()
               for table in tables())


def _load(lines: Iterator[str], connection: Connection) -> dict[str, int]:
    known = {table.name: table for table in tables()}
    loader, counts, number = None, {}, 1
    for number, line in enumerate(lines, start=2):
        value = _json(line, number)
        if isinstance(value, list):
            if loader is None:
                raise RestoreFailed(f"Line {number} is a row outside any table.")
            loader.add(value, number)
            continue
        if loader is not None:
            counts[loader.table.name] = loader.finish()
        if value.get("end"):
            _check_counts(value.get("rows"), counts)
            return counts
        if value.get("table") not in known:
            raise RestoreFailed(f"Line {number}: this database has no table "
                                f"{value.get('table')!r}.")
        loader = _Loader(connection, known[value["table"]], value.get("columns"), number)
    raise RestoreFailed(f"The backup ends at line {number} without its closing line: it was "
                        "cut short. Nothing was restored.")


def _check_counts(expected, counts: dict[str, int]) -> None:
    if expected != counts:
        raise RestoreFailed(f"The backup's closing line counts {expected} rows, but it holds "
                            f"{counts}. Nothing was restored.")


class _Loader:
    """Inserts one table's rows in chunks; references to its own rows are set afterwards."""

    def __init__(self, connection: Connection, table, columns, number: int):
        names = [column.name for column in table.columns]
        if columns != names:
            raise RestoreFailed(f"Line {number}: the backup's columns of {table.name} are "
                                f"{columns}, this database's are {names}.")
        self.connection, self.table, self.columns = connection, table, list(table.columns)
        self.own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        self.statement = table.insert().values(
            {column.name: bindparam(column.name, type_=_bound_type(column))
             for column in self.columns})
        self.pending, self.later, self.count = [], [], 0

    def add(self, row: list, number: int) -> None:
        if len(row) != len(self.columns):
            raise RestoreFailed(f"Line {number}: {len(row)} values for {len(self.columns)} "
                                f"columns of {self.table.name}.")
        values = {column.name: _decode(column, value, number)
                  for column, value in zip(self.columns, row, strict=True)}
        if any(values[name] is not None for name in self.own):
            self.later.append(values)
            values = {**values, **dict.fromkeys(self.own)}
        self.pending.append(values)
        if len(self.pending) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.connection.execute(self.statement, self.pending)
            self.count += len(self.pending)
            self.pending = []

    def finish(self) -> int:
        self._flush()
        key = self.table.primary_key.columns
        for values in self.later:
            where = [column == values[column.name] for column in key]
            self.connection.execute(update(self.table).where(*where).values(
                {name: values[name] for name in self.own}))
        return self.count


def _bound_type(column):
    return Text() if isinstance(column.type, JSONText) else column.type


def _decode(column, value, number: int):
    """A JSON value as the column's Python type."""
    if value is None:
        return None
    kind = column.type
    python_type = getattr(kind, "impl", kind).python_type
    try:
        if python_type is datetime:
            moment = datetime.fromisoformat(value)
            if isinstance(kind, UTCDateTime):
                return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
        if python_type in (date, time):
            return python_type.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise RestoreFailed(f"Line {number}: {value!r} is not a valid {column.name}.") from error
    return value


def _continue_numbering(connection: Connection) -> None:
    """Let PostgreSQL number new rows after the restored ones (SQLite does by itself)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].foreign_keys:
            continue
        name, column = quote(table.name), quote(key[0].name)
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {name}"),
            {"table": name, "column": key[0].name})
