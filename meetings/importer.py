"""`import-feed`: a Meeting Guide JSON feed or a TSML CSV, file or URL, into the directory.

One import is one transaction. A source that cannot be read or is not a meeting list
raises ImportFailed and changes nothing. In a readable one, each problem in a row becomes
a warning naming the row and the field, and the rest of the row is still imported.
Meetings are matched by slug within their Source, so importing again updates in place, and
a meeting that has gone from the feed is marked removed, never deleted.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from . import feedparse, places, schedule
from .database import refresh_statistics
from .feedparse import ImportFailed, Listing, parse_csv, parse_json, place_key, slugify
from .models import Group, Location, Meeting, Region, Source, db, utcnow

__all__ = ["ImportFailed", "ImportReport", "import_records", "import_source", "parse_csv",
           "parse_json", "read_source"]

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30  # seconds
ENTITY_FIELDS = ("entity", "entity_email", "entity_phone", "entity_location", "entity_url",
                 "feedback_emails")


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


def import_source(source: str, default_zone: str | None = None) -> ImportReport:
    """Import a feed from a file path or an http(s) URL; see import_records."""
    return import_records(read_source(source), source, default_zone)


def read_source(source: str) -> list[dict]:
    """Read a JSON feed or a TSML CSV, told apart by extension, else by content."""
    if re.match(r"https?://", source, re.IGNORECASE):
        data, content_type = _download(source)
    else:
        data, content_type = _read_file(source), ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(f"{source} is not UTF-8 text; save it as UTF-8") from None
    if _is_csv(source, content_type, text):
        return parse_csv(text)
    return parse_json(text)


def _download(url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={
        "User-Agent": "meetings-import-feed", "Accept": "application/json, text/csv;q=0.9",
    })
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        error.close()
        raise ImportFailed(f"{url} answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise ImportFailed(f"could not reach {url}: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise ImportFailed(f"could not download {url}: {error}") from None
    if len(data) > MAX_BYTES:
        raise ImportFailed(f"{url} is larger than {MAX_BYTES / 2**20:g} MB")
    return data, content_type


def _read_file(path: str) -> bytes:
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{path} is larger than {MAX_BYTES / 2**20:g} MB")
        return Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror or error}") from None


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
    zone = _default_zone(default_zone)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFailed(f"{source_label} is not a list of meetings")
    report = ImportReport()
    listings = feedparse.listings(records, zone, report.warnings)
    if not listings:
        raise ImportFailed(f"{source_label} lists no meetings; nothing imported")
    try:
        with db.session.no_autoflush:
            _Import(source_label, report).apply(listings)
        db.session.commit()
        places.settle_unsettled()
        refresh_statistics()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise ImportFailed(f"the database refused the import: {error}") from error
    except BaseException:
        db.session.rollback()
        raise
    return report


def _default_zone(given: str | None) -> str:
    wanted = given or current_app.config.get("DEFAULT_TIMEZONE") or "UTC"
    zone = feedparse.zone_name(wanted)
    if zone is None:
        raise ImportFailed(f'"{wanted}" is not an IANA time zone, such as America/New_York')
    return zone


class _Import:
    """One import run: what is already stored, loaded once, and what this run has done."""

    def __init__(self, location: str, report: ImportReport):
        self.report, self.now = report, utcnow()
        self.source = db.session.scalar(db.select(Source).where(Source.location == location))
        if self.source is None:
            self.source = Source(location=location)
            db.session.add(self.source)
        self._load_meetings()
        self.groups = {g.slug: g for g in db.session.scalars(db.select(Group))}
        #: groups this import creates: they date from their earliest row's `updated`
        self.new_groups: set[str] = set()
        self.regions = _region_paths(db.session.scalars(db.select(Region)).all())
        self.region_slugs = {region.slug for region in self.regions.values()}
        paths = {region: path for path, region in self.regions.items()}
        self.locations: dict[tuple, Location] = {}
        for location in db.session.scalars(db.select(Location).order_by(Location.id.desc())):
            key = place_key(location.name, location.address, paths.get(location.region, ()),
                            location.latitude, location.longitude)
            self.locations[key] = location  # the oldest of identical places wins
        self.used: set[str] = set()
        self.suffixes: dict[str, int] = {}
        self.named: set[str] = set()
        self.touched: set = set()  # stored groups and locations this run changed
        self.filled: dict = {}  # group or location -> fields this run has set

    def _load_meetings(self) -> None:
        """This source's meetings by slug, and the slugs other meetings hold."""
        self.meetings: dict[str, Meeting] = {}
        others = db.select(Meeting.slug)
        if self.source.id is not None:
            mine = db.select(Meeting).where(Meeting.source_id == self.source.id)
            self.meetings = {meeting.slug: meeting for meeting in db.session.scalars(mine)}
            others = others.where(
                Meeting.source_id.is_(None) | (Meeting.source_id != self.source.id)
            )
        self.taken = set(db.session.scalars(others))

    def apply(self, listings: list[Listing]) -> None:
        self.named = {slugify(item.group, "group") for item in listings if item.group}
        for listing in listings:
            self._meeting(self._unique_slug(listing), listing)
        for slug, meeting in self.meetings.items():
            if slug not in self.used and meeting.removed_at is None:
                meeting.removed_at = meeting.updated = self.now
                self.report.removed += 1
        entity = {}
        for listing in listings:
            entity = {**listing.entity, **entity}
        values = {key: entity.get(key) for key in ENTITY_FIELDS}
        _assign(self.source, _fit(Source, values, self._warn_source))
        self.source.imported_at = self.now

    def _warn_source(self, key: str, problem: str) -> None:
        self.report.warnings.append(f"feed: {key} {problem}")

    def _unique_slug(self, listing: Listing) -> str:
        base = listing.slug
        slug, number = base, self.suffixes.get(base, 1)
        while slug in self.used or slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            whose = "an earlier row" if base in self.used else "a meeting from another source"
            listing.warn("slug", f'"{base}" is used by {whose}; listed as "{slug}"')
        self.suffixes[base] = number
        self.used.add(slug)
        return slug

    def _meeting(self, slug: str, listing: Listing) -> None:
        values = _fit(Meeting, {
            "name": listing.name, "days": schedule.day_mask(listing.weekdays),
            "start_time": listing.start_time, "end_time": listing.end_time,
            "timezone": listing.timezone, "types": " ".join(listing.types),
            "attendance": listing.attendance, "conference_url": listing.conference_url,
            "conference_url_notes": listing.conference_url_notes,
            "conference_phone": listing.conference_phone,
            "conference_phone_notes": listing.conference_phone_notes, "notes": listing.notes,
        }, listing.warn)
        meeting = self.meetings.get(slug)
        values.update(location=self._location(listing), source=self.source, removed_at=None,
                      group=self._group(listing, slug, meeting))
        if meeting is None:
            db.session.add(Meeting(slug=slug, updated=listing.updated or self.now, **values))
            self.report.added += 1
        elif meeting.update(values, self.now) or self.touched & {
            values["group"], values["location"]
        }:
            meeting.updated = listing.updated or self.now
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def _location(self, listing: Listing) -> Location | None:
        place = listing.place
        if place is None:
            return None
        values = _fit(Location, {
            "name": place.name, "address": place.address, "latitude": place.latitude,
            "longitude": place.longitude, "approximate": place.approximate,
            "notes": place.notes, "timezone": listing.timezone,
        }, listing.warn)
        values["region"] = self._region(place.regions)
        location = self.locations.get(place.key)
        if location is None:
            location = self.locations[place.key] = Location(**values)
            db.session.add(location)
        self._fill(location, values)  # the first row naming a place describes it
        return location

    def _region(self, names: tuple[str, ...]) -> Region | None:
        parent, path = None, ()
        for name in names:
            path += (" ".join(name.casefold().split()),)
            region = self.regions.get(path)
            if region is None:
                region = Region(name=name[:200], slug=self._region_slug(name, parent),
                                parent=parent)
                self.regions[path] = region
                db.session.add(region)
            parent = region
        return parent

    def _region_slug(self, name: str, parent: Region | None) -> str:
        slug = slugify(name, "region")
        if slug in self.region_slugs and parent is not None:
            slug = slugify(f"{parent.slug} {name}", "region")
        base, number = slug, 1
        while slug in self.region_slugs:
            number += 1
            slug = f"{base}-{number}"
        self.region_slugs.add(slug)
        return slug

    def _group(self, listing: Listing, slug: str, meeting: Meeting | None) -> Group:
        """The named group, else the meeting's own group, named after it."""
        details = {key: value for key, value in listing.group_details.items() if value}
        if listing.group:
            group_slug, name = slugify(listing.group, "group"), listing.group
        else:
            current = self._own_group_of(meeting, slug)
            if current is not None:
                self._fill(current, _fit(Group, {"name": listing.name, **details}, listing.warn))
                return current
            group_slug, name = self._own_group_slug(slug), listing.name
        group = self.groups.get(group_slug)
        if group is None:
            when = listing.updated or self.now
            group = Group(slug=group_slug, name=name[:200], created=when, updated=when)
            self.groups[group_slug] = group
            self.new_groups.add(group_slug)
            db.session.add(group)
        elif group_slug in self.new_groups and listing.updated and listing.updated < group.updated:
            group.created = group.updated = listing.updated
        self._fill(group, _fit(Group, {"name": name, **details}, listing.warn))
        return group

    def _own_group_of(self, meeting: Meeting | None, slug: str) -> Group | None:
        """The group an earlier import made for this groupless meeting, if it still has it."""
        current = meeting.group if meeting is not None else None
        if current is None or current.slug in self.named:
            return None
        own = re.fullmatch(rf"{re.escape(slug)}(-group(-\d+)?)?", current.slug)
        return current if own else None

    def _own_group_slug(self, slug: str) -> str:
        candidate, number = slug, 1
        while candidate in self.groups or candidate in self.named:
            number += 1
            candidate = f"{slug}-group" if number == 2 else f"{slug}-group-{number - 1}"
        return candidate

    def _fill(self, row, values: dict) -> None:
        """Set the fields no earlier row of this run has set; note a stored row changed."""
        done = self.filled.setdefault(row, set())
        fresh = {key: value for key, value in values.items() if key not in done}
        done.update(fresh)
        if _assign(row, fresh) and row.id is not None:
            self.touched.add(row)
            if isinstance(row, Group):
                row.updated = self.now


def _region_paths(regions: list[Region]) -> dict[tuple[str, ...], Region]:
    by_id = {region.id: region for region in regions}
    paths = {}
    for region in regions:
        path, step = [], region
        while step is not None and len(path) < 20:
            path.insert(0, " ".join(step.name.casefold().split()))
            step = by_id.get(step.parent_id)
        paths[tuple(path)] = region
    return paths


def _assign(row, values: dict) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _fit(model, values: dict, warn) -> dict:
    """Shorten text longer than its column, with a warning, so PostgreSQL accepts it."""
    for key, value in values.items():
        limit = _column_length(model, key)
        if isinstance(value, str) and limit and len(value) > limit:
            values[key] = value[:limit]
            warn(key, f"is longer than {limit} characters; shortened")
    return values


@cache
def _column_length(model, key: str) -> int | None:
    column = model.__table__.columns.get(key)
    return getattr(column.type, "length", None) if column is not None else None
