"""The directory as Meeting Guide entries: one dict per meeting and weekday, as the spec says.

Read column by column (only the columns named here ever leave the database), with what
meetings share (group, place, source) written once. Served by `/meetings.json` and
`/groups/<slug>.json`, written by `flask export-feed`, and read by the printed schedule.
"""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import datetime
from urllib.parse import quote

from flask import current_app, url_for
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.core.values import http_url, is_type_code, payment_handle
from meetings.directory import filters as filtering
from meetings.directory import meetingguide
from meetings.directory.locations import Location, Region, Source
from meetings.directory.models import Group, Meeting, in_shown_group
from meetings.directory.search import search

#: ids per query, well under SQLite's limit on bound parameters
CHUNK = 5000
EMPTY = (None, "", [])
ONLINE = ("online", "hybrid")
#: what werkzeug's default converter leaves unescaped in a path segment
PATH_SAFE = "!$&'()*+,/:;=@"
PLAIN = re.compile(r"[A-Za-z0-9._~-]+")
#: the weekdays of each bit mask
DAYS = [tuple(schedule.weekdays(mask)) for mask in range(128)]

# The columns read, by model: whatever is not named here never leaves the database.
MeetingRow = namedtuple(
    "MeetingRow",
    "id slug name days start_time end_time timezone types attendance notes conference_url "
    "conference_url_notes conference_phone conference_phone_notes updated group_id "
    "location_id source_id",
)
GroupRow = namedtuple(
    "GroupRow", "id name description district email phone website venmo square paypal updated"
)
PlaceRow = namedtuple("PlaceRow", "id name address latitude longitude approximate region_id notes")
SourceRow = namedtuple(
    "SourceRow",
    "id entity entity_email entity_phone entity_location entity_url feedback_emails",
)


def directory_feed(filters: filtering.Filters | None = None) -> list[dict]:
    """The Meeting Guide entries of the listed meetings matching filters (None: all)."""
    return build(filters)[0]


def build(filters: filtering.Filters | None,
          group_id: int | None = None) -> tuple[list[dict], datetime | None]:
    """Entries nearest first when `near` is given, else by slug; and when any last changed.

    `group_id`: only that group's meetings.
    """
    f, distances, ids = filters, {}, None
    if f and (f.days or f.time or f.types or f.attendance or f.region or f.q or f.near):
        distances = matching(f)  # else the whole list, without ranking every meeting
        ids = list(distances)
    of_group = () if group_id is None else (Meeting.group_id == group_id,)
    meetings = fetch(Meeting, MeetingRow, ids, Meeting.removed_at.is_(None), in_shown_group(),
                     *of_group)
    meetings.sort(key=lambda row: (distances.get(row.id, 0.0), row.slug))
    writer = _Writer(meetings)
    return [entry for row in meetings for entry in writer.entries(row)], writer.last_modified


def matching(filters: filtering.Filters) -> dict[int, float]:
    """Ids of the listed meetings matching the filters, with their distance (0 when none)."""
    found = search(filters, utcnow())
    return {item.meeting_id: item.distance or 0.0 for item in found.items}


def fetch(model, row_type, ids, *conditions) -> list:
    """The row_type columns of a model's rows, all of them (ids None) or those with the ids."""
    query = select(*(getattr(model, name) for name in row_type._fields)).where(*conditions)
    if ids is None:
        return [row_type._make(row) for row in db.session.execute(query)]
    ids, rows = list(ids), []
    for start in range(0, len(ids), CHUNK):
        chunk = query.where(model.id.in_(ids[start : start + CHUNK]))
        rows.extend(row_type._make(row) for row in db.session.execute(chunk))
    return rows


class _Writer:
    """Writes entries; what meetings share (group, place, source) is written once."""

    def __init__(self, meetings: list[MeetingRow]):
        def related(model, row_type, key):
            return fetch(model, row_type, {getattr(row, key) for row in meetings} - {None})

        regions = region_paths()
        self.groups = {row.id: (clean(group_fields(row)), row.updated)
                       for row in related(Group, GroupRow, "group_id")}
        self.places = {row.id: (clean(place_fields(row, regions)), row.approximate)
                       for row in related(Location, PlaceRow, "location_id")}
        self.entities = {row.id: clean(entity_fields(row))
                         for row in related(Source, SourceRow, "source_id")}
        self.entities[None] = entity_fields(None)
        online = {row.group_id for row in meetings if row.attendance in ONLINE}
        self.towns = meetingguide.group_towns(online)
        self.url = meeting_url()
        self.last_modified: datetime | None = None

    def entries(self, row: MeetingRow) -> list[dict]:
        """One entry per weekday, the first under the meeting's own slug."""
        entry = self.entry(row)
        days = list(DAYS[row.days]) if row.start_time is not None else []
        slugs = meetingguide.entry_slugs(row.slug, days)
        return [{**entry, "slug": slug, **({} if day is None else {"day": day})}
                for day, slug in slugs]

    def entry(self, row: MeetingRow) -> dict:
        """The meeting's entry, without its weekday."""
        group, group_updated = self.groups[row.group_id]
        updated = row.updated if row.updated > group_updated else group_updated
        if self.last_modified is None or updated > self.last_modified:
            self.last_modified = updated
        entry = {"name": row.name, "slug": row.slug}
        add_when(entry, row)
        entry["timezone"] = row.timezone
        codes = type_codes(row)
        if codes:
            entry["types"] = codes
        if row.notes:
            entry["notes"] = row.notes
        if row.attendance in ONLINE:
            entry.update(online_fields(row))
        entry["attendance_option"] = row.attendance
        if row.location_id in self.places:
            place, approximate = self.places[row.location_id]
            entry.update(place)
            # An online meeting's address says where it comes from, never where to go.
            online_only = row.attendance == "online"
            entry["approximate"] = "yes" if approximate or online_only else "no"
        if row.attendance in ONLINE and "formatted_address" not in entry:
            origin = self.towns.get(row.group_id) or meetingguide.zone_place(row.timezone)
            if origin:  # Meeting Guide and TSML UI drop a meeting with no place at all
                entry.update(formatted_address=origin, approximate="yes")
        entry.update(group)
        if self.url:
            entry["url"] = self.url(row.slug)
        entry["updated"] = updated.isoformat(" ", "seconds")[:19]
        entry.update(self.entities[row.source_id])
        return entry


def add_when(entry: dict, row: MeetingRow) -> None:
    """Times (the weekday is each entry's own); none when by appointment."""
    if not row.days or row.start_time is None:
        return
    start, end = row.start_time, row.end_time
    entry["time"] = f"{start.hour:02d}:{start.minute:02d}"
    if end is not None:
        entry["end_time"] = f"{end.hour:02d}:{end.minute:02d}"


def online_fields(row: MeetingRow) -> dict:
    """How to join, given only while the meeting is held online."""
    return clean({
        "conference_url": http_url(row.conference_url),
        "conference_url_notes": row.conference_url_notes,
        "conference_phone": meetingguide.spec_phone(row.conference_phone),
        "conference_phone_notes": row.conference_phone_notes,
    })


def type_codes(row: MeetingRow) -> list[str]:
    """The meeting's codes; an inactive meeting also says TC, which readers take as closed."""
    codes = [code for code in row.types.split() if is_type_code(code)]
    if row.attendance == "inactive" and "TC" not in codes:
        codes.append("TC")
    return codes


def place_fields(place: PlaceRow, regions: dict[int, list[str]]) -> dict:
    path = regions.get(place.region_id, [])
    return {
        "location": place.name,
        "location_notes": place.notes,
        "formatted_address": place.address,
        "latitude": None if place.latitude is None else round(place.latitude, 5),
        "longitude": None if place.longitude is None else round(place.longitude, 5),
        "region": path[-1] if path else None,
        "regions": path,
    }


def group_fields(group: GroupRow) -> dict:
    """The group's public details and 7th-Tradition handles (the spec has no plain URL field)."""
    return {
        "group": group.name,
        "group_notes": group.description,
        "district": group.district,
        "email": group.email,
        "phone": group.phone,
        "website": http_url(group.website),
        "venmo": payment_handle(group.venmo, "venmo"),
        "square": payment_handle(group.square, "square"),
        "paypal": payment_handle(group.paypal, "paypal"),
    }


def entity_fields(source: SourceRow | None) -> dict:
    """The service entity that publishes the listing: the source's, else this site."""
    if source is None or not source.entity:
        return {"entity": current_app.config["SITE_NAME"]}
    emails = [address.strip() for address in (source.feedback_emails or "").split(",")]
    return {
        "entity": source.entity,
        "entity_email": source.entity_email,
        "entity_phone": source.entity_phone,
        "entity_location": source.entity_location,
        "entity_url": http_url(source.entity_url),
        "feedback_emails": [address for address in emails if address],
    }


def region_paths() -> dict[int, list[str]]:
    """Every region's names from the outermost down to itself, from one query."""
    rows = {row.id: row for row in db.session.execute(select(Region.id, Region.name,
                                                             Region.parent_id))}
    paths = {}
    for region_id, current in rows.items():
        names, seen = [], set()
        while current is not None and current.id not in seen:  # a loop in bad data ends here
            seen.add(current.id)
            names.append(current.name)
            current = rows.get(current.parent_id)
        paths[region_id] = names[::-1]
    return paths


def meeting_url():
    """A fast maker of meetings' absolute URLs, or None where no host is known (CLI)."""
    marker = "MEETING-SLUG"
    try:
        pattern = url_for("finder.meeting", slug=marker, _external=True)
    except RuntimeError:  # outside a request with no SERVER_NAME configured
        return None
    head, _marker, tail = pattern.partition(marker)
    return lambda slug: head + (slug if PLAIN.fullmatch(slug) else quote(slug, PATH_SAFE)) + tail


def clean(fields: dict) -> dict:
    return {key: value for key, value in fields.items() if value not in EMPTY}
