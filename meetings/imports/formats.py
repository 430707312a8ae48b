"""Meeting Guide JSON and TSML CSV (or Google Sheets) text turned into records, within limits.

Pure functions, no database. A source that cannot be read, is not a meeting list or
passes a limit raises ImportFailed (or one of its named kinds) and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
import re

#: key under which parse_csv records the line a row starts on, for warnings
LINE = "_line"
#: TSML template columns a CSV must have to be taken for a meeting list
CSV_REQUIRED = ("name", "day", "time")
#: Google Sheets headers TSML UI reads as other keys (its translate-google-sheet)
HEADER_ALIASES = {"id": "slug", "full_address": "formatted_address"}
MAX_ROWS = 250_000
#: characters in any one value (the longest a form takes is 2,000)
MAX_FIELD = 20_000
MAX_COLUMNS = 200
#: a meeting list is an array of objects holding values and short lists
MAX_DEPTH = 6


class ImportFailed(Exception):
    """The source cannot be read or is not a meeting list; nothing was imported."""


class TooLarge(ImportFailed):
    """The source, or one of its values, rows or columns, passes a limit."""


class TooDeep(TooLarge):
    """The JSON nests deeper than a meeting list can."""


def parse_json(text: str) -> list[dict]:
    """Return the records of a Meeting Guide JSON feed: a JSON array of objects."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise TooDeep(f"not a Meeting Guide feed: nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(data, list):
        raise ImportFailed("not a Meeting Guide feed: expected a JSON array of meetings")
    _check_rows(len(data), "meetings")
    for index, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ImportFailed(f"not a Meeting Guide feed: item {index} is not an object")
        _check_value(item, f"item {index}")
    return data


def _check_value(item: dict, where: str) -> None:
    """Refuse an object nested too deep, with too many keys or an overlong value."""
    if len(item) > MAX_COLUMNS:
        raise TooLarge(f"{where} has more than {MAX_COLUMNS} fields")
    pending = [(value, key, 2) for key, value in item.items()]
    while pending:
        value, key, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"{where}: {key} is nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, str) and len(value) > MAX_FIELD:
            raise TooLarge(f"{where}: {key} is longer than {MAX_FIELD:,} characters")
        if isinstance(value, dict | list):
            if len(value) > MAX_COLUMNS:
                raise TooLarge(f"{where}: {key} holds more than {MAX_COLUMNS} values")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, key, depth + 1) for child in children)


def _check_rows(count: int, what: str) -> None:
    if count > MAX_ROWS:
        raise TooLarge(f"more than {MAX_ROWS:,} {what}; split the source")


def parse_csv(text: str) -> list[dict]:
    """Return the rows of a TSML CSV or Google Sheet, keyed like the JSON feed.

    Empty cells are left out, so a row holds only what it says.
    """
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = csv_keys(next(reader, []))
        records, start = [], reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                record = {key: cell for key, cell in zip(header, cells, strict=False)
                          if key and cell}
                records.append({**record, LINE: start})
                _check_rows(len(records), "rows")
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise TooLarge(f"line {reader.line_num}: a value is longer than {MAX_FIELD:,} "
                           "characters") from None
        raise ImportFailed(f"not a readable CSV: line {reader.line_num}: {error}") from None
    return records


def csv_keys(names: list[str]) -> list[str]:
    """The header row as JSON keys; fails when it is not a meeting list's."""
    if len(names) > MAX_COLUMNS:
        raise TooLarge(f"the header row has more than {MAX_COLUMNS} columns")
    header = [column_key(name) for name in names]
    for alias, key in HEADER_ALIASES.items():
        if key not in header:
            header = [key if name == alias else name for name in header]
    missing = [name for name in CSV_REQUIRED if name not in header]
    if missing:
        wanted = ", ".join(name.title() for name in missing)
        raise ImportFailed(f"not a TSML CSV: the header row has no {wanted} column")
    return header


def column_key(header: str) -> str:
    """A CSV header as the JSON key it stands for: "End Time" -> "end_time", "Sub-Region"
    -> "sub_region", as TSML UI turns a Google Sheet's headers into keys."""
    return re.sub(r"[^\w]+", "_", header.strip().lower()).strip("_")
