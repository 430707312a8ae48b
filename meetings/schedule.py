"""Weekly wall-clock times turned into real instants, exactly and in bulk.

Weekdays count from Sunday = 0, as in the Meeting Guide format. A weekly meeting is a
local time in its own IANA zone, so its UTC instant moves when daylight saving does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60


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


class _ZoneDays:
    """For one zone, each local midnight from yesterday to a week ahead, in epoch minutes."""

    __slots__ = ("zone", "today", "midnights", "steady")

    def __init__(self, tz: ZoneInfo, now: datetime):
        self.zone = tz
        self.today = now.astimezone(tz).date()
        self.midnights = []
        self.steady = []
        for ahead in range(-1, 10):
            day = self.today + timedelta(days=ahead)
            start = datetime.combine(day, time(0), tzinfo=tz)
            after = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
            self.midnights.append(int(start.timestamp()) // 60)
            self.steady.append(start.utcoffset() == after.utcoffset())

    def instant(self, index: int, minute: int) -> int:
        """Epoch minute of a local wall-clock minute on day `index` (0 = yesterday)."""
        if self.steady[index]:
            return self.midnights[index] + minute
        day = self.today + timedelta(days=index - 1)
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
        return int(local.timestamp()) // 60

    def locate(self, instant: int) -> tuple[int, int]:
        """Local weekday and minute of the day of an epoch minute within the table."""
        for index in range(len(self.midnights) - 1, -1, -1):
            if self.midnights[index] <= instant:
                day = self.today + timedelta(days=index - 1)
                if self.steady[index]:
                    return weekday(day), instant - self.midnights[index]
                local = datetime.fromtimestamp(instant * 60, UTC).astimezone(self.zone)
                return weekday(local.date()), local.hour * 60 + local.minute
        local = datetime.fromtimestamp(instant * 60, UTC).astimezone(self.zone)
        return weekday(local.date()), local.hour * 60 + local.minute


class WeekClock:
    """Answers "when next?" for thousands of weekly meetings from one fixed instant.

    Works in whole epoch minutes with one table of local midnights per zone, so a
    listing sorts 10,000 meetings without building a datetime for each.
    """

    def __init__(self, now: datetime):
        self.now = now
        self.minute = int(now.timestamp()) // 60
        self._zones: dict[str, _ZoneDays] = {}

    def days_of(self, zone_name: str) -> _ZoneDays:
        found = self._zones.get(zone_name)
        if found is None:
            found = self._zones[zone_name] = _ZoneDays(zone(zone_name), self.now)
        return found

    def slots(self, zone_name: str, mask: int, start_minute: int, minutes_long: int):
        """Epoch minutes of due starts not yet over, from yesterday to a week ahead, in order."""
        table = self.days_of(zone_name)
        first = weekday(table.today) - 1
        for index in range(9):
            if mask & (1 << ((first + index) % 7)):
                instant = table.instant(index, start_minute)
                if instant + minutes_long > self.minute:
                    yield instant

    def to_datetime(self, instant: int) -> datetime:
        return datetime.fromtimestamp(instant * 60, UTC)
