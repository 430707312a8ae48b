"""Weekly wall-clock times turned into real instants, exactly and in bulk.

Weekdays count from Sunday = 0, as in the Meeting Guide format. A weekly meeting is a
local time in its own IANA zone, so its UTC instant moves when daylight saving does.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
#: how long a meeting is taken to last when it gives no end time
DEFAULT_LENGTH = timedelta(hours=1)


def weekday(day: date) -> int:
    """Weekday number with Sunday = 0."""
    return day.isoweekday() % 7


def weekdays(mask: int) -> list[int]:
    return [d for d in range(7) if mask & (1 << d)]


def day_mask(days) -> int:
    mask = 0
    for d in days:
        mask |= 1 << int(d)
    return mask


def minute_of_day(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def length(start: time | None, end: time | None) -> timedelta | None:
    """How long a meeting lasts; an end before the start means it runs past midnight."""
    if start is None or end is None:
        return None
    minutes = (minute_of_day(end) - minute_of_day(start)) % MINUTES_PER_DAY
    return timedelta(minutes=minutes) if minutes else None


def duration(start: time | None, end: time | None) -> timedelta:
    """How long a meeting lasts, one hour when its end time says nothing."""
    return length(start, end) or DEFAULT_LENGTH


def local_starts(meeting, start: datetime, end: datetime):
    """Due starts of a weekly meeting between two instants, as aware local datetimes."""
    if not meeting.days or meeting.start_time is None:
        return
    zone = ZoneInfo(meeting.timezone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    days = set(weekdays(meeting.days))
    while day <= last:
        if weekday(day) in days:
            due = datetime.combine(day, meeting.start_time, tzinfo=zone)
            if start <= due <= end:
                yield due
        day += timedelta(days=1)


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
