"""`import-feed`: a Meeting Guide JSON feed, a TSML CSV or a Google Sheet, into the directory.

One import is one transaction. A source that cannot be read or is not a meeting list
raises ImportFailed and changes nothing. In a readable one, each problem in a row becomes
a warning naming the row and the field, and the rest of the row is still imported.
Meetings are matched by slug within their Source, so importing again updates in place, and
a meeting that has gone from the feed is marked removed, never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from meetings.core.database import db, refresh_statistics
from meetings.directory import meetingguide, settling
from meetings.imports.fetch import download, read_file, sheet_csv_url
from meetings.imports.formats import ImportFailed, parse_csv, parse_json
from meetings.imports.rows import listings as read_listings
from meetings.imports.run import ImportRun
from meetings.imports.times import zone_name

__all__ = ["ImportFailed", "ImportReport", "import_records", "import_source", "parse_csv",
           "parse_json", "read_source"]


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.removed} removed")


def import_source(source: str, default_zone: str | None = None,
                  public_only: bool = False) -> ImportReport:
    """Import a feed from a file path or an http(s) URL; see import_records.

    With public_only, a URL whose host is not on the public internet is refused.
    """
    report = ImportReport()
    zone = _default_zone(default_zone)
    # the records go once read into listings, so a large feed is not held twice
    listings = _listings(read_source(source, public_only), source, zone, report)
    return _store(listings, source, report)


def read_source(source: str, public_only: bool = False) -> list[dict]:
    """Read a JSON feed or a TSML CSV, told apart by extension, else by content."""
    if re.match(r"https?://", source, re.IGNORECASE):
        data, content_type = download(sheet_csv_url(source), public_only)
    else:
        data, content_type = read_file(source), ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{source} is not UTF-8 text; save it as UTF-8") from None
    if _is_csv(source, content_type, text):
        return parse_csv(text)
    return parse_json(text)


def _is_csv(source: str, content_type: str, text: str) -> bool:
    name = urlsplit(source).path.lower() if "://" in source else source.lower()
    if name.endswith(".csv") or "csv" in content_type.lower():
        return True
    if name.endswith(".json") or "json" in content_type.lower():
        return False
    first_line = text.lstrip().partition("\n")[0]
    return not first_line.startswith(("[", "{")) and "," in first_line


def import_records(records, source_label: str, default_zone: str | None = None) -> ImportReport:
    """Add or update every listed meeting of one source and mark the missing ones removed.

    Times without a valid `timezone` are in default_zone, else the app's DEFAULT_TIMEZONE.
    """
    report = ImportReport()
    zone = _default_zone(default_zone)
    return _store(_listings(records, source_label, zone, report), source_label, report)


def _listings(records, source_label: str, zone: str, report: ImportReport) -> list:
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFailed(f"{source_label} is not a list of meetings")
    records = meetingguide.join_weekdays(records)  # one entry per weekday, as we publish
    listings = read_listings(records, zone, report.warnings)
    if not listings:
        raise ImportFailed(f"{source_label} lists no meetings; nothing imported")
    return listings


def _store(listings: list, source_label: str, report: ImportReport) -> ImportReport:
    """Write the listings in one transaction; on any error nothing is kept."""
    try:
        with db.session.no_autoflush:
            ImportRun(source_label, report).apply(listings)
        db.session.commit()
        settling.settle_unsettled()
        refresh_statistics()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise ImportFailed(f"the database refused the import: {error}") from error
    except BaseException:
        db.session.rollback()
        raise
    return report


def _default_zone(given: str | None) -> str:
    wanted = given or current_app.config["DEFAULT_TIMEZONE"] or "UTC"
    zone = zone_name(wanted)
    if zone is None:
        raise ImportFailed(f'"{wanted}" is not an IANA time zone, such as America/New_York')
    return zone
