"""Meetings as calendar events: each weekly series, and each changed date of one.

A meeting's current schedule is one series; each schedule it followed before (a
FormerSchedule) is another, ended with UNTIL, so past dates stay true in calendars.
A cancelled date becomes an override with STATUS:CANCELLED, a moved date an override
with the new time or place; both keep the series' UID and name the date they replace
in RECURRENCE-ID. A temporarily closed meeting stays in feeds with every event
cancelled, so subscribers see that it is off rather than losing it silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from meetings.calendars.contents import ChangeRow, EventRow, FeedMeeting, PlaceRow
from meetings.calendars.ical import Event, conference, end_of, one_line, uri, weekly_rule
from meetings.core import schedule
from meetings.directory.models import Meeting

#: keeps UIDs identical in every feed and on every host
UID_SUFFIX = "@meetings"
ONE_SECOND = timedelta(seconds=1)


class Series(NamedTuple):
    number: int
    uid: str
    sequence: int
    zone: str
    days: int
    start_time: time
    length: timedelta
    first: datetime  # aware, in zone
    until: datetime | None  # aware, the last instant a start may fall on


@dataclass(frozen=True)
class Wording:
    """Fixed words of the feed in the site's default language, and how to name things."""

    online: str
    closed: str
    cancelled: str
    moved: str
    join: str  # with %(url)s
    phone: str  # with %(phone)s
    group: str  # with %(name)s
    type_name: object  # code -> name
    page_url: object  # slug -> absolute URL
    kinds: dict  # a one-off event's kind -> its name


def first_start(days: int, start: time, zone_name: str, on_or_after: date, not_before):
    """The first due start on a weekday of `days` from a date (and not before an instant)."""
    zone = schedule.zone(zone_name)
    day = on_or_after
    if not_before is not None:
        day = max(day, not_before.astimezone(zone).date())
    for _ in range(14):
        if days & (1 << schedule.weekday(day)):
            due = datetime.combine(day, start, tzinfo=zone)
            if not_before is None or due >= not_before:
                return due
        day += timedelta(days=1)
    return None


def all_series(meeting: FeedMeeting) -> list[Series]:
    """The meeting's former series (those that ever took place), then its current one."""
    row, found, not_before = meeting.row, [], None
    for old in meeting.former:
        begins = old.starts_on or _created_on(row, old.timezone)
        first = first_start(old.days, old.start_time, old.timezone, begins, not_before)
        if first is not None and first < old.ended_at:
            length = schedule.duration(old.start_time, old.end_time)
            uid = Meeting.series_uid(row, old.series) + UID_SUFFIX
            found.append(Series(old.series, uid, old.sequence, old.timezone, old.days,
                                old.start_time, length, first, old.ended_at - ONE_SECOND))
        not_before = old.ended_at
    begins = row.series_start or _created_on(row, row.timezone)
    first = first_start(row.days, row.start_time, row.timezone, begins, not_before)
    if first is not None:
        length = schedule.duration(row.start_time, row.end_time)
        found.append(Series(row.series, Meeting.series_uid(row) + UID_SUFFIX, row.sequence,
                            row.timezone, row.days, row.start_time, length, first, None))
    return found


def _created_on(row, zone_name: str) -> date:
    return row.created.astimezone(schedule.zone(zone_name)).date()


def owner(series: list[Series], day: date) -> tuple[Series, datetime] | None:
    """The series due on a date, with its due start then."""
    for candidate in series:
        if candidate.days & (1 << schedule.weekday(day)):
            due = datetime.combine(day, candidate.start_time, tzinfo=schedule.zone(candidate.zone))
            if due >= candidate.first and (candidate.until is None or due <= candidate.until):
                return candidate, due
    return None


def events(meeting: FeedMeeting, places: dict[int, PlaceRow], words: Wording) -> list[Event]:
    """The VEVENTs of one meeting: a master per series, an override per changed date."""
    row = meeting.row
    closed = row.attendance == "inactive"
    details = _details(meeting, meeting.place, words)
    series = all_series(meeting)
    found = []
    for each in series:
        start = each.first.replace(tzinfo=None)
        found.append(Event(
            uid=each.uid, order=(row.uid, each.number), sequence=each.sequence,
            stamp=meeting.stamp, zone=each.zone,
            start=start, end=end_of(start, schedule.zone(each.zone), each.length),
            rule=weekly_rule(each.days, each.until),
            status="CANCELLED" if closed else "CONFIRMED",
            description=_description(meeting, words, closed and words.closed), **details,
        ))
    for change in meeting.changes:
        due = owner(series, change.date)
        if due is not None:
            found.append(_override(meeting, change, *due, places, words))
    return found


def _override(meeting, change: ChangeRow, series: Series, due: datetime, places, words) -> Event:
    """The event replacing one date: cancelled, or at another time or place."""
    zone = schedule.zone(series.zone)
    start, end, event_zone = due.replace(tzinfo=None), None, series.zone
    place = meeting.place
    cancelled = change.status != "moved" or meeting.row.attendance == "inactive"
    if not cancelled and change.moved_start:
        event_zone, start = meeting.row.timezone, change.moved_start
        zone = schedule.zone(event_zone)
        if change.moved_end:
            end = change.moved_end + timedelta(days=1) * (change.moved_end <= start)
    if not cancelled and change.moved_location_id in places:
        place = places[change.moved_location_id]
    closed = meeting.row.attendance == "inactive"
    note = words.closed if closed else words.cancelled if cancelled else words.moved
    if change.note and not closed:  # "it meets at 1 PM instead" is not so while it is closed
        note += "\n" + change.note
    return Event(
        uid=series.uid, order=(meeting.row.uid, series.number), sequence=series.sequence,
        stamp=meeting.stamp, zone=event_zone,
        start=start, end=end or end_of(start, zone, series.length),
        recurrence_id=due.replace(tzinfo=None), recurrence_zone=series.zone,
        status="CANCELLED" if cancelled else "CONFIRMED",
        description=_description(meeting, words, note, place), **_details(meeting, place, words),
    )


def _details(meeting: FeedMeeting, place: PlaceRow | None, words: Wording) -> dict:
    """Properties every event of a meeting shares: name, place, links, kinds."""
    row = meeting.row
    online = row.attendance in ("online", "hybrid")
    location, geo = _place(place, row.attendance, words)
    return {
        "summary": row.name,
        "location": location or None,
        "geo": geo,
        "categories": [words.type_name(code) for code in row.types.split()],
        "conference": conference(row.conference_url, row.conference_phone) if online else (),
        "url": words.page_url(row.slug),
    }


def _place(place: PlaceRow | None, attendance: str, words: Wording) -> tuple:
    """LOCATION text and GEO of where to go, or "Online" for what is only online."""
    if attendance == "online":
        return words.online, None
    if place is None:
        return None, None
    location = ", ".join(one_line(part) for part in (place.name, place.address) if part)
    located = place.latitude is not None and place.longitude is not None
    return location or None, (place.latitude, place.longitude) if located and not (
        place.approximate) else None


def _description(meeting: FeedMeeting, words: Wording, note=None, place=None) -> str:
    """Plain text: what changed, kinds, notes, how to join, the group and the page."""
    row, place = meeting.row, place or meeting.place
    parts = [note, ", ".join(words.type_name(code) for code in row.types.split()), row.notes]
    if row.attendance != "online" and place is not None:
        parts.append(place.notes)
    if row.attendance in ("online", "hybrid"):
        if uri(row.conference_url):
            parts += [words.join % {"url": uri(row.conference_url)}, row.conference_url_notes]
        if one_line(row.conference_phone):
            parts += [words.phone % {"phone": one_line(row.conference_phone)},
                      row.conference_phone_notes]
    parts += [words.group % {"name": one_line(meeting.group.name)}, words.page_url(row.slug)]
    return "\n".join(part for part in parts if part)


def one_off(event: EventRow, group_name: str, place: PlaceRow | None, page: str,
            words: Wording) -> Event:
    """A group's one-off event (business meeting, anniversary) as a single VEVENT."""
    start = datetime.combine(event.date, event.start_time)
    length = schedule.duration(event.start_time, event.end_time)
    online = event.attendance in ("online", "hybrid")
    location, geo = _place(place, event.attendance, words)
    parts = [words.kinds.get(event.kind), event.notes]
    if online and uri(event.conference_url):
        parts.append(words.join % {"url": uri(event.conference_url)})
    parts += [words.group % {"name": one_line(group_name)}, page]
    return Event(
        uid=event.uid + UID_SUFFIX, order=(event.uid, 0), sequence=0, stamp=event.updated,
        zone=event.timezone, start=start,
        end=end_of(start, schedule.zone(event.timezone), length), summary=event.title,
        location=location, geo=geo, description="\n".join(p for p in parts if p),
        conference=conference(event.conference_url, None) if online else (), url=page,
    )
