"""A group's terms of service, worked out from its roles and its meetings' real dates, and
what members do with them: take, release, ask for a stand-in, step in, swap.

Every change goes through `changes`, so it is in the history and can be undone. Open
terms are not stored: a term gets its row when someone first puts their name on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_interval
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.core.values import sane_day
from meetings.directory.models import Meeting
from meetings.directory.occurrences import Occurrence
from meetings.manage import changes
from meetings.rotation import rules as rotation
from meetings.rotation.models import ServiceRole, Term, Volunteer
from meetings.web.formats import long_date
from meetings.web.zones import default_zone

#: how far ahead the roster shows terms, in days (and always the term after the current one)
AHEAD = {"meeting": 56, "week": 56, "month": 190, "year": 400}
#: a held term ending within this many days stands out
SOON = 30
HELD = ("filled", "standin")


def group_today(group) -> date:
    """Today in the group's own zone (its first meeting's, or the site's)."""
    listed = group.listed_meetings
    name = listed[0].timezone if listed else default_zone()
    return utcnow().astimezone(schedule.zone(name)).date()


def next_meeting(group, now: datetime) -> tuple[Meeting, Occurrence] | None:
    """The group's meeting held soonest from now: closed meetings and cancelled dates skipped."""
    found = []
    for meeting in group.listed_meetings:
        if meeting.attendance == "inactive":
            continue
        held = [o for o in meeting.occurrences(now, now + timedelta(days=62)) if not o.cancelled]
        if held:
            found.append((held[0].start, meeting.id, meeting, held[0]))
    return min(found)[2:] if found else None


@dataclass
class Slot:
    """One seat of one term of a role, taken or not."""

    role: ServiceRole
    seat: int
    due: date  # the term's first day; for a per-meeting role, the date the meeting is due
    end: date
    term: Term | None = None
    occurrence: Occurrence | None = None

    @property
    def start(self) -> date:
        """The first day as it really is: a moved meeting's new date."""
        return self.occurrence.start.date() if self.occurrence else self.due

    @property
    def last(self) -> date:
        """The last day: for a per-meeting role, the day the meeting really takes place."""
        return self.start if self.role.per_meeting else self.end

    @property
    def period(self) -> rotation.Period:
        return rotation.Period(self.start, self.last)

    @property
    def key(self) -> str:
        return f"{self.role.id}:{self.seat}:{self.due.isoformat()}"

    @property
    def volunteer_id(self) -> int | None:
        return self.term.volunteer_id if self.term else None

    @property
    def status(self) -> str:
        """One of open, filled, standin; or cancelled when the meeting is not held then."""
        if self.role.per_meeting and (self.occurrence is None or self.occurrence.cancelled
                                      or self.role.meeting.attendance == "inactive"):
            return "cancelled"
        return self.term.status if self.volunteer_id else "open"

    @property
    def wanted(self) -> bool:
        return self.status in ("open", "standin")

    def ends_soon(self, today: date) -> bool:
        return (self.status in HELD and not self.role.per_meeting
                and self.start <= today and (self.end - today).days < SOON)

    def opening(self) -> rotation.Opening:
        return rotation.Opening(self.role.id, self.period, self.role.combinable, self.key)


def active_roles(group) -> list[ServiceRole]:
    query = select(ServiceRole).where(ServiceRole.group_id == group.id,
                                      ServiceRole.removed_at.is_(None))
    return sorted(db.session.scalars(query), key=lambda r: (r.title.casefold(), r.id))


def dates(unit, length, anchor, meeting, first: date, last: date) -> list[tuple]:
    """(first day, last day, occurrence) of each term overlapping first..last."""
    if unit != "meeting":
        return [(p.start, p.end, None) for p in rotation.periods(anchor, unit, length, first, last)]
    if meeting is None or meeting.removed_at is not None:
        return []
    first = max(first, anchor)
    start = datetime.combine(first, time.min, tzinfo=meeting.zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=meeting.zone)
    return [(o.due.date(), o.due.date(), o) for o in meeting.occurrences(start, end)
            if first <= o.due.date() <= last]


def role_dates(role, first, last) -> list[tuple]:
    if not sane_day(role.starts_on):  # stored before forms checked it: shown with no terms
        return []
    return dates(role.term_unit, role.term_length, role.starts_on, role.meeting, first, last)


def horizon(role, today: date) -> date:
    """The last day the roster looks at for a role: always past the start of the next term."""
    last = today + timedelta(days=AHEAD[role.term_unit])
    if role.per_meeting or not sane_day(role.starts_on):
        return last
    unit, length, anchor = role.term_unit, role.term_length, role.starts_on
    index = max(0, rotation.term_index(anchor, unit, length, today))
    return max(last, rotation.term_start(anchor, unit, length, index + 1))


def stored(group_id, first: date, last: date, role_id=None) -> dict[tuple, Term]:
    query = select(Term).where(Term.group_id == group_id, Term.starts_on <= last,
                               Term.ends_on >= first)
    if role_id is not None:
        query = query.where(Term.role_id == role_id)
    return {(t.role_id, t.seat, t.starts_on): t for t in db.session.scalars(query)}


def slots(role, first: date, last: date, known: dict[tuple, Term]) -> list[Slot]:
    """Every seat of every term of a role overlapping first..last, with the terms taken."""
    found = []
    for due, end, occurrence in role_dates(role, first, last):
        for seat in range(1, role.seats + 1):
            found.append(Slot(role, seat, due, end, known.pop((role.id, seat, due), None),
                              occurrence))
    # Taken terms the role's dates no longer hold (its meeting moved to another day, its
    # term length changed after they were taken) still stand until released.
    for key, term in list(known.items()):
        if key[0] == role.id and term.volunteer_id and term.ends_on >= first:
            found.append(Slot(role, term.seat, term.starts_on, term.ends_on, known.pop(key)))
    return sorted(found, key=lambda s: (s.due, s.seat))


def coming(group, today: date) -> list[tuple[ServiceRole, list[Slot]]]:
    """Each role of the group with its current and coming terms."""
    found = []
    for role in active_roles(group):
        last = horizon(role, today)
        found.append((role, slots(role, today, last, stored(group.id, today, last, role.id))))
    return found


def find(role, seat: int, due: date) -> Slot | None:
    """The seat of the role's term starting on a day, if there is one."""
    if role.removed_at is not None or not 1 <= seat:
        return None
    window = (due - timedelta(days=1), due + timedelta(days=1)) if role.per_meeting else (due, due)
    for slot in slots(role, *window, stored(role.group_id, due, due, role.id)):
        if (slot.seat, slot.due) == (seat, due):
            return slot
    return None


def slot_of(term: Term) -> Slot | None:
    return find(term.role, term.seat, term.starts_on)


def when(start: date, end: date) -> str:
    """A term's days in words: one date, or a range."""
    if start == end:
        return long_date(start)
    return format_interval(start, end, "yMMMMd", locale=get_locale())


def term_words(term_or_slot) -> str:
    """ "Secretary, January 1 – June 30, 2027": a term as people name it."""
    if isinstance(term_or_slot, Slot):
        start, end = term_or_slot.start, term_or_slot.last
    else:
        start, end = term_or_slot.starts_on, term_or_slot.ends_on
    role = term_or_slot.role
    if role.seats > 1:
        return _("%(role)s (seat %(seat)d), %(days)s", role=role.title, seat=term_or_slot.seat,
                 days=when(start, end))
    return _("%(role)s, %(days)s", role=role.title, days=when(start, end))


def take(slot: Slot, volunteer: Volunteer, actor, reason=None, expected=None, action="taken"):
    """Put a name on a seat; the seat gets its row the first time."""
    if slot.term is None:
        term = Term(group_id=slot.role.group_id, role_id=slot.role.id, seat=slot.seat,
                    starts_on=slot.due, ends_on=slot.end, volunteer_id=volunteer.id,
                    status="filled")
        slot.term = term
        return changes.create(term, actor, reason, action=action)
    return changes.change(slot.term, {"volunteer_id": volunteer.id, "status": "filled"}, actor,
                          action=action, reason=reason, expected=expected)


def release(term: Term, actor, reason=None, expected=None):
    return changes.change(term, {"volunteer_id": None, "status": "open"}, actor,
                          action="released", reason=reason, expected=expected)


def set_status(term: Term, status: str, actor, reason=None, expected=None):
    """Ask for a stand-in ("standin"), or say none is needed after all ("filled")."""
    action = "standin" if status == "standin" else "kept"
    return changes.change(term, {"status": status}, actor, action=action, reason=reason,
                          expected=expected)


def swap(first: Term, second: Term, actor, reason=None):
    """Two members swap terms: each takes the other's, both recorded."""
    one, other = first.volunteer_id, second.volunteer_id
    changes.change(first, {"volunteer_id": other, "status": "filled"}, actor, action="swapped",
                   reason=reason)
    changes.change(second, {"volunteer_id": one, "status": "filled"}, actor, action="swapped",
                   reason=reason)
