"""Service rotation as pure functions: when terms fall, and who could take an open one.

Nothing here knows about Flask or the database, so the rule can be read and tested on
its own. A term is a run of whole local days. The suggestion rule, for one open seat:

1. only people who can serve it: available (see `available`), not declining the role,
   not already holding an overlapping term of it, and not holding a role it cannot be
   combined with;
2. first those who never held the role, then those longest since they last held it;
3. then the lightest load: fewest other roles held during the term;
4. ties broken at random, with a seed taken from the term, so the order is stable.

The order is only ever shown as a list of names: never a count, score or ranking.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

#: how a role's term is counted; "meeting" terms follow one meeting's real dates
UNITS = ("meeting", "week", "month", "year")
#: terms up to this many days allow no day away; longer ones allow a quarter of them
SHORT_TERM_DAYS = 31
NEVER = 10**6  # days since last held, for someone who never held the role


@dataclass(frozen=True, order=True)
class Period:
    """Whole local days from start to end, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def gap(self, other: Period) -> int:
        """Days between two periods (0 when they overlap or touch)."""
        if self.overlaps(other):
            return 0
        first, second = sorted((self, other))
        return (second.start - first.end).days - 1


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_start(anchor: date, unit: str, length: int, index: int) -> date:
    """The first day of the index-th term counted from the anchor (index 0 starts there)."""
    if unit == "week":
        return anchor + timedelta(weeks=length * index)
    if unit == "month":
        return add_months(anchor, length * index)
    if unit == "year":
        return add_months(anchor, 12 * length * index)
    raise ValueError(f"not a counted unit: {unit!r}")


def term_index(anchor: date, unit: str, length: int, day: date) -> int:
    """The index of the term holding a day (negative before the anchor)."""
    if unit == "week":
        return (day - anchor).days // (7 * length)
    months = 12 * length if unit == "year" else length
    guess = ((day.year - anchor.year) * 12 + day.month - anchor.month) // months
    while term_start(anchor, unit, length, guess) > day:
        guess -= 1
    while term_start(anchor, unit, length, guess + 1) <= day:
        guess += 1
    return guess


def periods(anchor: date, unit: str, length: int, first: date, last: date) -> list[Period]:
    """The terms that overlap first..last, none before the anchor: back to back, no gaps."""
    index = max(0, term_index(anchor, unit, length, first))
    found = []
    while True:
        start = term_start(anchor, unit, length, index)
        if start > last:
            return found
        end = term_start(anchor, unit, length, index + 1) - timedelta(days=1)
        found.append(Period(start, end))
        index += 1


def days_away(away: Iterable[Period], period: Period) -> int:
    """How many days of a period fall in any of the away periods."""
    days: set[date] = set()
    for each in away:
        start, end = max(each.start, period.start), min(each.end, period.end)
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return len(days)


def available(away: Iterable[Period], period: Period) -> bool:
    """Free to serve a term: a short one (a meeting, a week, a month) with no day away; a
    longer one when not away as it starts, and away for at most a quarter of it."""
    away = list(away)
    missed = days_away(away, period)
    if period.days <= SHORT_TERM_DAYS:
        return missed == 0
    return not any(each.contains(period.start) for each in away) and missed * 4 <= period.days


@dataclass(frozen=True)
class Held:
    """A term someone holds or held."""

    role: int
    period: Period
    combinable: bool = True
    #: the term's id, so that what stands in the way can be named
    term: int = 0


@dataclass(frozen=True)
class Candidate:
    """A volunteer as the rule sees them: an id, days away, terms held, roles declined."""

    id: int
    away: tuple[Period, ...] = ()
    held: tuple[Held, ...] = ()
    declined: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Opening:
    """One open seat of one term; `key` names it, and seeds the tie-break."""

    role: int
    period: Period
    combinable: bool = True
    key: str = ""


@dataclass(frozen=True)
class Obstacles:
    """What stands between someone and an open seat."""

    #: they asked not to be suggested for the role
    declined: bool
    #: away for too much of the term (see `available`)
    away: bool
    #: terms of the same role they hold during it
    holds: tuple[Held, ...]
    #: terms of other roles they hold during it, where the two may not be combined
    uncombined: tuple[Held, ...]


def obstacles(candidate: Candidate, opening: Opening) -> Obstacles:
    """Who may take a seat: everything in the way, for the suggestions and the roster alike.

    Every term they hold or held that overlaps the seat's counts, even one over by today:
    taking the seat would still make them hold both at once.
    """
    during = [h for h in candidate.held if h.period.overlaps(opening.period)]
    others = [h for h in during if h.role != opening.role]
    return Obstacles(
        declined=opening.role in candidate.declined,
        away=not available(candidate.away, opening.period),
        holds=tuple(h for h in during if h.role == opening.role),
        uncombined=tuple(others if not opening.combinable else
                         [h for h in others if not h.combinable]),
    )


def blocked(candidate: Candidate, opening: Opening) -> str | None:
    """Why someone is not suggested for an open seat ("declined", "away", "holds",
    "combined"), or None when they are."""
    found = obstacles(candidate, opening)
    for reason, stands in (("declined", found.declined), ("away", found.away),
                           ("holds", found.holds), ("combined", found.uncombined)):
        if stands:
            return reason
    return None


def since_held(candidate: Candidate, opening: Opening) -> int:
    """Days between the opening and the nearest term of the same role they hold or held."""
    gaps = [h.period.gap(opening.period) for h in candidate.held if h.role == opening.role]
    return min(gaps, default=NEVER)


def load(candidate: Candidate, opening: Opening) -> int:
    """How many other roles they hold during the opening's term."""
    return len({h.role for h in candidate.held
                if h.role != opening.role and h.period.overlaps(opening.period)})


def tie_break(opening: Opening, candidate_id: int) -> str:
    """A random-looking but stable order: the same term always orders people the same way."""
    return hashlib.sha256(f"{opening.key}|{candidate_id}".encode()).hexdigest()


def order_key(candidate: Candidate, opening: Opening) -> tuple:
    since = since_held(candidate, opening)
    return (since != NEVER, -since, load(candidate, opening), tie_break(opening, candidate.id))


def suggest(opening: Opening, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Everyone who could take the seat, in the order to ask them."""
    able = [c for c in candidates if blocked(c, opening) is None]
    return sorted(able, key=lambda c: order_key(c, opening))
