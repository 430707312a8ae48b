"""Listing meetings in SQL: what matches the filters, ordered from now, a page at a time.

Each weekday a meeting is held is a `WeeklySlot`: minutes into its local week. From the
wall clock of each zone now (and the one daylight-saving change, if any, in the coming
week) plain integer arithmetic gives every slot's minutes until it starts, so SQLite and
PostgreSQL sort and filter ten thousand meetings without Python touching each one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, case, func, literal, or_, select

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory.filters import Filters, sql_conditions
from meetings.directory.locations import Location
from meetings.directory.models import Meeting
from meetings.directory.places import EARTH_RADIUS_KM, squared_distance, within
from meetings.directory.weekly_slots import WeeklySlot

WEEK = 7 * schedule.MINUTES_PER_DAY
ONLINE = ("online", "hybrid")


@dataclass(frozen=True, slots=True)
class Ranked:
    """One matching meeting: its next matching start (epoch minute) and distance in km."""

    meeting_id: int
    instant: int | None
    distance: float | None


@dataclass(frozen=True)
class Results:
    total: int
    items: list[Ranked]


@dataclass(frozen=True)
class ZoneNow:
    """A zone's wall clock now, as minutes into its week, and the nearby change of offset."""

    week_minute: int
    #: minutes from now to a change of offset in the day behind or the week ahead (or None)
    change_at: int | None = None
    #: how far the clock then moves, in minutes (+60 in spring, -60 in autumn)
    shift: int = 0


@lru_cache(maxsize=4096)
def zone_now(zone_name: str, minute: int) -> ZoneNow:
    """The wall clock of a zone at an epoch minute, and its nearby change of offset."""
    zone = schedule.zone(zone_name)
    now = datetime.fromtimestamp(minute * 60, UTC)
    local = now.astimezone(zone)
    week_minute = schedule.weekday(local.date()) * schedule.MINUTES_PER_DAY + (
        local.hour * 60 + local.minute
    )
    low = -schedule.MINUTES_PER_DAY
    high = 8 * schedule.MINUTES_PER_DAY + 12 * 60
    offsets = [_offset(zone, now, low + step * 720) for step in range((high - low) // 720 + 1)]
    changes = [i for i in range(1, len(offsets)) if offsets[i] != offsets[i - 1]]
    if not changes:
        return ZoneNow(week_minute)
    before, after = low + (changes[0] - 1) * 720, low + changes[0] * 720
    while after - before > 1:  # the first minute with the new offset
        middle = (before + after) // 2
        if _offset(zone, now, middle) == offsets[changes[0] - 1]:
            before = middle
        else:
            after = middle
    return ZoneNow(week_minute, after, offsets[changes[0]] - offsets[changes[0] - 1])


def _offset(zone, now: datetime, minutes: int) -> int:
    moment = now + timedelta(minutes=minutes)
    return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)


def _by_zone(zones: dict[str, ZoneNow], value, default=0):
    """A CASE over the meeting's zone giving a per-zone constant."""
    whens = [(Meeting.timezone == name, value(now)) for name, now in sorted(zones.items())]
    return case(*whens, else_=default) if whens else literal(default)


def _true_minutes(wall, zone: ZoneNow):
    """Minutes until a wall-clock time, read with the offset in force at that time.

    Times skipped or repeated by the change are read with the earlier offset, as zoneinfo
    reads them (fold=0).
    """
    change, shift = zone.change_at, zone.shift
    if change > 0:
        return wall >= change + max(shift, 0), wall - shift
    return wall < change + max(-shift, 0), wall + shift


def _minutes_until(zones: dict[str, ZoneNow]):
    """SQL: minutes from now until the slot starts (negative while it is in progress)."""
    wall = (
        WeeklySlot.week_minute
        - _by_zone(zones, lambda z: z.week_minute)
        + WeeklySlot.length
        + 2 * WEEK
    ) % WEEK - WeeklySlot.length
    whens = []
    for name, zone in sorted(zones.items()):
        if zone.change_at is not None:
            condition, value = _true_minutes(wall, zone)
            whens.append((and_(Meeting.timezone == name, condition), value))
    return case(*whens, else_=wall) if whens else wall


def _reader_wall(reader: ZoneNow, until):
    """SQL: minutes into the reader's week at which a slot starts."""
    wall = until + reader.week_minute
    if reader.change_at is not None and reader.change_at > 0:
        wall = wall + case((until >= reader.change_at, reader.shift), else_=0)
    elif reader.change_at is not None:
        wall = wall - case((until < reader.change_at, reader.shift), else_=0)
    return (wall + 3 * WEEK) % WEEK


def _within(minute, window):
    start, end = window
    if start < end:
        return and_(minute >= start, minute < end)
    return or_(minute >= start, minute < end)


def _slot_conditions(filters: Filters, until, reader: ZoneNow):
    """Day and time conditions, read in the reader's zone for online meetings."""
    if not (filters.days or filters.time):
        return []
    own_day = WeeklySlot.weekday
    own_minute = WeeklySlot.week_minute % schedule.MINUTES_PER_DAY
    wall = _reader_wall(reader, until)
    online = Meeting.attendance.in_(ONLINE)
    day = case((online, wall // schedule.MINUTES_PER_DAY), else_=own_day)
    minute = case((online, wall % schedule.MINUTES_PER_DAY), else_=own_minute)
    conditions = []
    if filters.days:
        conditions.append(day.in_(filters.days))
    if filters.time:
        conditions.append(_within(minute, filters.time))
    return conditions


def search(
    filters: Filters,
    now: datetime,
    *,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
    part: str | None = None,
) -> Results:
    """Meetings matching the filters, from the next to start (or the nearest), one page.

    With a place, `part` picks a listing's section: "local" (met in person within the
    radius, soonest first), "online" (online only, soonest first) or "nearest" (met in
    person, nearest first, however far).
    """
    minute = int(now.timestamp()) // 60
    # Every zone in use, read from its index alone; a removed meeting's zone costs nothing.
    names = db.session.scalars(select(Meeting.timezone).distinct()).all()
    zones = {name: zone_now(name, minute) for name in names}
    reader = zone_now(filters.tz, minute)
    until_start = _minutes_until(zones)
    timed = bool(filters.days or filters.time) or until is not None
    slot_join = and_(
        WeeklySlot.meeting_id == Meeting.id, *_slot_conditions(filters, until_start, reader)
    )
    first = func.min(until_start).label("next_start")
    query = (
        select(Meeting.id, first)
        .select_from(Meeting)
        .outerjoin(Location, Meeting.location_id == Location.id)
        .where(*sql_conditions(filters))
    )
    query = query.join(WeeklySlot, slot_join) if timed else query.outerjoin(WeeklySlot, slot_join)
    if until is not None:
        query = query.where(
            until_start <= int(until.timestamp()) // 60 - minute,
            Meeting.attendance != "inactive",
        )
    soonest = [first.is_(None), first, Meeting.name, Meeting.id]
    if part is not None:
        query, order = _part(query, filters, part, soonest)
    elif filters.near:
        spread = filters.distance / EARTH_RADIUS_KM if filters.distance else None
        near = squared_distance(filters.near)
        query = query.where(Location.latitude.is_not(None), Location.longitude.is_not(None))
        if spread is not None:
            query = query.where(near <= math.degrees(spread) ** 2)
        query = query.group_by(Meeting.id, Location.latitude, Location.longitude)
        order = [near, first.is_(None), first, Meeting.id]
    else:
        query = query.group_by(Meeting.id, Meeting.name)
        order = soonest
    page = query.add_columns(func.count().over().label("total")).order_by(*order).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    rows = db.session.execute(page).all()
    if rows:
        total = rows[0].total
    elif offset:  # past the end: the window counted nothing, so count apart
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    else:
        total = 0
    distances = _distances(filters, [row.id for row in rows])
    items = [
        Ranked(
            row.id,
            None if row.next_start is None else minute + row.next_start,
            distances.get(row.id),
        )
        for row in rows
    ]
    return Results(total, items)


def _part(query, filters: Filters, part: str, soonest: list):
    """One section of a listing near a place: its rows and their order."""
    origin = filters.origin
    if part == "online":
        query = query.where(Meeting.attendance == "online")
        return query.group_by(Meeting.id, Meeting.name), soonest
    query = query.where(Meeting.attendance != "online", Location.latitude.is_not(None))
    if part == "nearest":
        near = squared_distance(origin)
        query = query.group_by(Meeting.id, Meeting.name, Location.latitude, Location.longitude)
        return query, [near, *soonest]
    query = query.where(within(origin, filters.radius)).group_by(Meeting.id, Meeting.name)
    return query, [Meeting.attendance == "inactive", *soonest]


def _distances(filters: Filters, ids: list[int]) -> dict[int, float]:
    if not filters.origin or not ids:
        return {}
    query = (
        select(Meeting.id, Location.latitude, Location.longitude)
        .join(Location, Meeting.location_id == Location.id)
        .where(Meeting.id.in_(ids), Location.latitude.is_not(None))
    )
    return {
        row.id: distance_km(filters.origin, (row.latitude, row.longitude))
        for row in db.session.execute(query)
    }


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance by the haversine formula."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

