"""Listing meetings in SQL: what matches the filters, ordered from now, a page at a time.

How soon each meeting starts comes from `minutes_until`, by integer arithmetic in SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory.filters import Filters, sql_conditions
from meetings.directory.locations import Location
from meetings.directory.minutes_until import ZoneNow, minutes_until, reader_wall, zone_now
from meetings.directory.models import Meeting
from meetings.directory.places import EARTH_RADIUS_KM, squared_distance, within
from meetings.directory.weekly_slots import WeeklySlot

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
    wall = reader_wall(reader, until)
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
    until_start = minutes_until(zones)
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

