"""Minutes until each weekly slot starts, in SQL, from the wall clock of every zone now.

Each weekday a meeting is held is a `WeeklySlot`: minutes into its local week. From the
wall clock of each zone now (and the one daylight-saving change, if any, in the coming
week) plain integer arithmetic gives every slot's minutes until it starts, so SQLite and
PostgreSQL sort and filter ten thousand meetings without Python touching each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, case, literal

from meetings.core import schedule
from meetings.directory.models import Meeting
from meetings.directory.weekly_slots import WeeklySlot

WEEK = 7 * schedule.MINUTES_PER_DAY


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


def minutes_until(zones: dict[str, ZoneNow]):
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


def reader_wall(reader: ZoneNow, until):
    """SQL: minutes into the reader's week at which a slot starts."""
    wall = until + reader.week_minute
    if reader.change_at is not None and reader.change_at > 0:
        wall = wall + case((until >= reader.change_at, reader.shift), else_=0)
    elif reader.change_at is not None:
        wall = wall - case((until < reader.change_at, reader.shift), else_=0)
    return (wall + 3 * WEEK) % WEEK
