"""Every change of UTC offset or abbreviation a zone makes, read from zoneinfo.

zoneinfo answers "what is the offset at this instant" only, so the changes are found by
sampling it a day apart and bisecting to the second wherever the answer differs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

#: transitions are read up to this year; the last yearly rules run on after
HORIZON_YEAR = 2060
#: how far apart zoneinfo is sampled: some zones (Asia/Gaza, America/Recife) have kept
#: summer time for less than a week
STEP = 86400


class State(NamedTuple):
    offset: timedelta
    dst: timedelta
    name: str


class Transition(NamedTuple):
    utc: datetime  # naive, UTC
    before: State
    after: State

    @property
    def local(self) -> datetime:
        """The onset as the wall clock showed it just before (how VTIMEZONE writes it)."""
        return self.utc + self.before.offset

    @property
    def kind(self) -> tuple:
        return (self.before.offset, self.after.offset, self.after.name, daylight(self))


def daylight(transition: Transition) -> bool:
    """Summer time, also for zones (Europe/Dublin) whose winter has a negative DST."""
    after = transition.after
    if after.dst == timedelta(0):
        return transition.before.dst < timedelta(0)
    return after.dst > timedelta(0)


@lru_cache(maxsize=512)
def zone_transitions(name: str, first_year: int) -> tuple[Transition, ...]:
    """The zone's transitions from a year to the horizon (about 2 ms a year to find)."""
    zone = ZoneInfo(name)
    return tuple(transitions(zone, datetime(first_year, 1, 1), datetime(HORIZON_YEAR, 1, 1)))


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of offset or abbreviation between two naive UTC datetimes."""
    found = []
    t, last = to_epoch(start), to_epoch(end)
    key = _key(zone, t)
    while t < last:
        step = min(t + STEP, last)
        if _key(zone, step) != key:
            low, high = t, step  # key(low) is the old one, key(high) a new one
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _key(zone, middle) == key else (low, middle)
            utc = datetime.fromtimestamp(high, UTC).replace(tzinfo=None)
            found.append(Transition(utc, state_at(zone, low), state_at(zone, high)))
            key, step = _key(zone, high), high
        t = step
    return found


def _key(zone: ZoneInfo, epoch: int) -> tuple:
    moment = datetime.fromtimestamp(epoch, zone)
    return moment.utcoffset(), moment.tzname()


def to_epoch(naive_utc: datetime) -> int:
    return int(naive_utc.replace(tzinfo=UTC).timestamp())


def state_at(zone: ZoneInfo, epoch: int) -> State:
    moment = datetime.fromtimestamp(epoch, zone)
    return State(moment.utcoffset(), moment.dst() or timedelta(0), moment.tzname() or "")
