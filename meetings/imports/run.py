"""One import run: what is already stored, loaded once, and what this run changes.

New meetings of a large feed are written in bulk (Core inserts, in the same transaction)
rather than one ORM object at a time; everything else goes through the ORM, so both
ways give the same rows, revisions of schedules and warnings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import insert

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.core.values import slugify
from meetings.directory.locations import Location, Region, Source
from meetings.directory.models import Group, Meeting
from meetings.directory.weekly_slots import WeeklySlot
from meetings.imports.columns import assign, columns, fit, region_paths
from meetings.imports.places import place_key
from meetings.imports.rows import Listing

if TYPE_CHECKING:
    from meetings.imports.importer import ImportReport

ENTITY_FIELDS = ("entity", "entity_email", "entity_phone", "entity_location", "entity_url",
                 "feedback_emails")
#: from how many listings new meetings are inserted in bulk
BULK_FROM = 500
#: new meetings per bulk insert statement
CHUNK = 5000


class ImportRun:
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
        self.regions = region_paths(db.session.scalars(db.select(Region)).all())
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
        #: column values of new meetings to insert in bulk, or None to add them one by one
        self.pending: list[dict] | None = None

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
        self.pending = [] if len(listings) >= BULK_FROM else None
        for listing in listings:
            self._meeting(self._unique_slug(listing), listing)
        if self.pending:
            self._insert_pending()
        for slug, meeting in self.meetings.items():
            if slug not in self.used and meeting.removed_at is None:
                meeting.removed_at = meeting.updated = self.now
                self.report.removed += 1
        entity = {}
        for listing in listings:
            entity = {**listing.entity, **entity}
        values = {key: entity.get(key) for key in ENTITY_FIELDS}
        assign(self.source, fit(Source, values, self._warn_source))
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
        values = fit(Meeting, {
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
            values.update(slug=slug, updated=listing.updated or self.now)
            if self.pending is None:
                db.session.add(Meeting(**values))
            else:
                self.pending.append(values)
            self.report.added += 1
        elif meeting.update(values, self.now) or self.touched & {
            values["group"], values["location"]
        }:
            meeting.updated = listing.updated or self.now
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def _insert_pending(self) -> None:
        """Insert the new meetings, and their weekly slots, once their groups have ids."""
        db.session.flush()
        table = Meeting.__table__
        query = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        for start in range(0, len(self.pending), CHUNK):
            rows = [columns(values, self.now) for values in self.pending[start:start + CHUNK]]
            ids = db.session.connection().scalars(query, rows)
            slots = [{"meeting_id": meeting_id, **slot}
                     for meeting_id, row in zip(ids, rows, strict=True)
                     for slot in WeeklySlot.values_for(row["days"], row["start_time"],
                                                       row["end_time"])]
            if slots:
                db.session.execute(insert(WeeklySlot), slots)
        self.pending = []

    def _location(self, listing: Listing) -> Location | None:
        place = listing.place
        if place is None:
            return None
        values = fit(Location, {
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
                self._fill(current, fit(Group, {"name": listing.name, **details}, listing.warn))
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
        self._fill(group, fit(Group, {"name": name, **details}, listing.warn))
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
        if assign(row, fresh) and row.id is not None:
            self.touched.add(row)
            if isinstance(row, Group):
                row.updated = self.now
