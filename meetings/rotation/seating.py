"""Who may take a seat, in words: the pool of volunteers, suggestions, and what stands in
the way of a member serving a term (a seat taken, a role held, days away, a role redefined).
"""

from __future__ import annotations

import dataclasses
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.rotation import rules as rotation
from meetings.rotation.models import Away, ServiceRole, Term, Volunteer
from meetings.rotation.terms import Slot, dates, term_words, when


def pool(group, skip=()) -> dict[int, tuple[Volunteer, rotation.Candidate]]:
    """The group's volunteers as the suggestion rule sees them; `skip`: term ids to ignore."""
    volunteers = list(db.session.scalars(select(Volunteer).where(
        Volunteer.group_id == group.id, Volunteer.removed_at.is_(None))))
    away: dict[int, list] = {}
    for row in db.session.scalars(select(Away).where(Away.group_id == group.id,
                                                     Away.removed_at.is_(None))):
        away.setdefault(row.volunteer_id, []).append(rotation.Period(row.first_day, row.last_day))
    held: dict[int, list] = {}
    query = select(Term, ServiceRole.combinable).join(ServiceRole).where(
        Term.group_id == group.id, Term.volunteer_id.is_not(None),
        ServiceRole.removed_at.is_(None))
    for term, combinable in db.session.execute(query):
        if term.id not in skip:
            period = rotation.Period(term.starts_on, term.ends_on)
            held.setdefault(term.volunteer_id, []).append(
                rotation.Held(term.role_id, period, combinable, term.id))
    return {v.id: (v, rotation.Candidate(
        v.id, tuple(away.get(v.id, ())), tuple(held.get(v.id, ())),
        frozenset(v.declined_roles or ()))) for v in volunteers}


def suggestions(slot: Slot, people: dict) -> list[Volunteer]:
    """Who could take an open seat, in the order to ask them."""
    return [people[c.id][0] for c in rotation.suggest(slot.opening(),
                                                      [c for _v, c in people.values()])]


def check(slot, volunteer, candidate, today: date, skip=()) -> tuple[list[str], list[str]]:
    """What stands in the way of someone taking a seat: (problems, warnings to confirm)."""
    problems, warnings, name = [], [], volunteer.name
    if slot.period.end < today:
        problems.append(_("This term is over: it ended on %(date)s.",
                          date=when(slot.period.end, slot.period.end)))
    if slot.status == "cancelled":
        problems.append(_("The meeting is not held on that day."))
    elif slot.status == "filled" and slot.term.id not in skip:
        problems.append(_("%(name)s has already taken this seat. They can release it, or "
                          "swap terms with you.", name=slot.term.volunteer.name))
    elif slot.status == "standin" and slot.volunteer_id == volunteer.id:
        problems.append(_("%(name)s holds this term already and asked for a stand-in: choose "
                          "someone else, or say no stand-in is needed.", name=name))
    skip = {*skip, slot.term.id if slot.term else None}
    held = dataclasses.replace(candidate, held=tuple(
        h for h in candidate.held if h.term not in skip))
    found = rotation.obstacles(held, slot.opening())
    same, others = _terms(found.holds), _terms(found.uncombined)
    if same:
        problems.append(_("%(name)s already holds this role then: %(terms)s.", name=name,
                          terms="; ".join(map(term_words, same))))
    if others and not slot.role.combinable:
        problems.append(_("%(role)s is not combined with another role, and %(name)s holds "
                          "%(terms)s then.", role=slot.role.title, name=name,
                          terms="; ".join(map(term_words, others))))
    for term in others if slot.role.combinable else ():
        problems.append(_("%(name)s holds %(term)s then, which is not combined with another "
                          "role.", name=name, term=term_words(term)))
    # Days away only ask for a confirmation: the member may know they can serve after all.
    # A declined role is a wish not to be suggested, not a refusal to be put down.
    if found.away:
        days = [when(a.start, a.end) for a in candidate.away if a.overlaps(slot.period)]
        warnings.append(_("%(name)s is away %(days)s, during this term.", name=name,
                          days="; ".join(days)))
    return problems, warnings


def _terms(held) -> list[Term]:
    return sorted((db.session.get(Term, h.term) for h in held),
                  key=lambda t: (t.starts_on, t.id))


def swap_problems(mine, other, today) -> list[str]:
    skip = (mine.term.id, other.term.id)
    people = pool(mine.role.group, skip=skip)
    found = []
    for slot, person in ((mine, other.term.volunteer), (other, mine.term.volunteer)):
        if person.id not in people:
            found.append(_("%(name)s is no longer on the roster.", name=person.name))
            continue
        free = dataclasses.replace(slot, term=None)
        problems, warnings = check(free, person, people[person.id][1], today, skip)
        found += problems + warnings
    return found


def held_terms(volunteer: Volunteer, today: date) -> list[Term]:
    """The terms a volunteer holds from today on, of roles still kept."""
    query = select(Term).join(ServiceRole).where(
        Term.volunteer_id == volunteer.id, Term.ends_on >= today,
        ServiceRole.removed_at.is_(None)).order_by(Term.starts_on, Term.id)
    return list(db.session.scalars(query))


def away_clashes(volunteer: Volunteer, first: date, last: date, today: date) -> list[Term]:
    """Terms a volunteer holds that new away dates would leave them unable to serve."""
    away = [rotation.Period(a.first_day, a.last_day) for a in volunteer.away]
    away.append(rotation.Period(first, last))
    return [t for t in held_terms(volunteer, today)
            if not rotation.available(away, rotation.Period(t.starts_on, t.ends_on))]


def misfits(role, values: dict, today: date) -> list[Term]:
    """Taken terms, from today on, that a new definition of the role would overlap or drop."""
    meeting = db.session.get(Meeting, values["meeting_id"]) if values["meeting_id"] else None
    query = select(Term).where(Term.role_id == role.id, Term.volunteer_id.is_not(None),
                               Term.ends_on >= today).order_by(Term.starts_on)
    found = []
    for term in db.session.scalars(query):
        new = dates(values["term_unit"], values["term_length"], values["starts_on"], meeting,
                    term.starts_on, term.ends_on)
        same = any((start, end) == (term.starts_on, term.ends_on) for start, end, _o in new)
        dropped = values["term_unit"] == "meeting" and term.starts_on >= values["starts_on"]
        if term.seat > values["seats"] or (not same and (new or dropped)):
            found.append(term)
    return found
