"""Every change to a group's listing goes through `change()`, which records a Revision.

A revision keeps only the fields that changed, as they were and as they became, with the
link it came through and an optional reason. Reverting is itself a change. Undoing the
latest change of a meeting restores its calendar bookkeeping too (sequence, series,
updated), so after vandalism is undone the public feeds are exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import delete, func, select, update

from meetings.core.clock import utcnow
from meetings.core.database import Revisable, db
from meetings.directory.locations import Location
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage.models import GroupLink, Revision
from meetings.rotation.models import Away, FeedToken, ServiceRole, Term, Volunteer

KINDS = {Group: "group", Meeting: "meeting", DateChange: "date", GroupEvent: "event",
         GroupLink: "link", ServiceRole: "role", Volunteer: "volunteer", Away: "away",
         Term: "term", FeedToken: "feed"}
MODELS = {kind: model for model, kind in KINDS.items()}
#: what a revision tracks of each kind of subject, in the order the history shows it
FIELDS = {
    "group": ("name", "description", "languages", "email", "phone", "website", "venmo",
              "square", "paypal", "contribution_url", "hidden_at"),
    "meeting": ("name", "days", "start_time", "end_time", "timezone", "types", "attendance",
                "location_id", "conference_url", "conference_url_notes", "conference_phone",
                "conference_phone_notes", "notes", "removed_at"),
    "date": ("meeting_id", "date", "status", "moved_start", "moved_end", "moved_location_id",
             "note"),
    "event": ("title", "kind", "date", "start_time", "end_time", "timezone", "location_id",
              "attendance", "conference_url", "notes", "removed_at"),
    "link": ("name", "retired_at"),
    "role": ("title", "duties", "term_unit", "term_length", "seats", "requirement",
             "combinable", "meeting_id", "starts_on", "removed_at"),
    "volunteer": ("name", "private_note", "declined_roles", "removed_at"),
    "away": ("volunteer_id", "first_day", "last_day", "removed_at"),
    "term": ("role_id", "seat", "starts_on", "ends_on", "volunteer_id", "status"),
    "feed": ("volunteer_id", "revoked_at"),
}
#: what calendars read besides the fields: restored exactly when the latest change is undone
BOOKKEEPING = {"group": ("updated",), "meeting": ("sequence", "series", "series_start",
               "updated"), "date": ("updated",), "event": ("updated",), "link": (),
               "role": ("updated",), "volunteer": ("updated",), "away": ("updated",),
               "term": ("sequence", "updated"), "feed": ()}
#: the field that hides a subject, for undoing its creation (a date change's row goes)
HIDING = {"meeting": "removed_at", "event": "removed_at", "link": "retired_at",
          "role": "removed_at", "volunteer": "removed_at", "away": "removed_at",
          "feed": "revoked_at"}
#: what undoing a creation sets instead of hiding: a taken term's seat opens again
EMPTYING = {"term": {"volunteer_id": None, "status": "open"}}
#: kinds whose calendar SEQUENCE grows with every change
SEQUENCED = ("term",)
RELATIONS = {"location_id": "location", "moved_location_id": "moved_location"}
#: fields only the site's operator sets, and so only the operator undoes
OPERATORS = ("hidden_at",)


@dataclass
class Actor:
    """Who makes a change: through a link, with the recovery code, or the operator."""

    link: GroupLink | None
    via: str = "link"


class Conflict(Exception):
    """The subject changed since the form was loaded: these revisions came in between."""

    def __init__(self, since: list[Revision]):
        super().__init__("changed meanwhile")
        self.since = since


@dataclass
class Outcome:
    """What a revert did: its revision (None when nothing could be undone), and what it left."""

    revision: Revision | None
    kept: list[str] = field(default_factory=list)


def to_json(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json(kind: str, name: str, value):
    """A stored JSON value as the column's Python type."""
    if value is None:
        return None
    stored = MODELS[kind].__table__.columns[name].type
    python_type = getattr(stored, "impl", stored).python_type
    if python_type in (datetime, date, time):
        return python_type.fromisoformat(value)
    return value


def same(a, b) -> bool:
    """Equal, counting an empty text and no value as the same."""
    return a == b or (a in ("", None) and b in ("", None))


def kind_of(subject) -> str:
    return KINDS[type(subject)]


def snapshot(subject, names) -> dict:
    return {name: to_json(getattr(subject, name)) for name in names}


def bookkeeping(subject) -> dict:
    return snapshot(subject, BOOKKEEPING[kind_of(subject)])


def group_id_of(subject) -> int:
    if isinstance(subject, Group):
        return subject.id
    if isinstance(subject, DateChange):
        return subject.meeting.group_id
    return subject.group_id


def latest_id(kind: str, subject_id: int) -> int:
    """The id of the latest revision of a subject (0 when it has none)."""
    model = MODELS[kind]
    if issubclass(model, Revisable):
        return db.session.scalar(select(model.version).where(model.id == subject_id)) or 0
    query = select(func.max(Revision.id)).where(
        Revision.subject == kind, Revision.subject_id == subject_id
    )
    return db.session.scalar(query) or 0


def claim(subject, expected: int | None = None) -> bool:
    """Take a revisable subject's row for this change; False if it changed since `expected`.

    One UPDATE compares the version and takes the row until the transaction ends (PostgreSQL
    locks the row, SQLite the whole database), so of two saves from the same revision sent at
    once, exactly one passes; `record()` then sets the version to the new revision.
    """
    table = type(subject).__table__
    query = update(table).where(table.c.id == subject.id).values(version=table.c.version)
    if expected is not None:
        query = query.where(table.c.version == expected)
    return db.session.execute(query).rowcount == 1


def since(kind: str, subject_id: int, after_id: int) -> list[Revision]:
    query = select(Revision).where(
        Revision.subject == kind, Revision.subject_id == subject_id, Revision.id > after_id
    )
    return list(db.session.scalars(query.order_by(Revision.id)))


def record(subject, action, before, after, actor: Actor, reason=None, state=None, reverts=None,
           when=None, subject_id=None) -> Revision:
    """Add the revision of a change already applied to the session."""
    revision = Revision(
        group_id=group_id_of(subject), link=actor.link, via=actor.via, subject=kind_of(subject),
        subject_id=subject_id or subject.id, action=action, before=before, after=after,
        state=state, reason=(reason or "").strip()[:500] or None, created=when or utcnow(),
        reverts_id=reverts.id if reverts else None,
    )
    db.session.add(revision)
    if isinstance(subject, Revisable):
        db.session.flush()
        subject.version = revision.id
    return revision


def change(subject, values: dict, actor: Actor, *, action="updated", reason=None,
           expected: int | None = None, reverts=None, when=None) -> Revision | None:
    """Apply new values to a subject and record them; None when nothing changed.

    `expected` is the latest revision id the user saw; another one raises Conflict.
    """
    kind, when = kind_of(subject), when or utcnow()
    if isinstance(subject, Revisable) and not claim(subject, expected):
        raise Conflict(since(kind, subject.id, expected or 0))
    names = [name for name in FIELDS[kind] if name in values]
    before, state_before = snapshot(subject, names), bookkeeping(subject)
    _apply(subject, values, when)
    db.session.flush()
    after = snapshot(subject, names)
    changed = [name for name in names if not same(before[name], after[name])]
    if not changed:
        return None
    if hasattr(subject, "updated"):
        subject.updated = when
    if kind in SEQUENCED:
        subject.sequence = (subject.sequence or 0) + 1
    state = {"before": state_before, "after": bookkeeping(subject)}
    return record(subject, action, {n: before[n] for n in changed},
                  {n: after[n] for n in changed}, actor, reason, state, reverts, when)


def create(subject, actor: Actor, reason=None, when=None, action="created") -> Revision:
    """Add a new subject and record it with all its fields."""
    when = when or utcnow()
    for name in ("created", "updated"):
        if hasattr(subject, name) and getattr(subject, name) is None:
            setattr(subject, name, when)
    db.session.add(subject)
    db.session.flush()
    kind = kind_of(subject)
    state = {"before": {}, "after": bookkeeping(subject)}
    return record(subject, action, {}, snapshot(subject, FIELDS[kind]), actor, reason,
                  state, when=when)


def take_back(date_change: DateChange, actor: Actor, reason=None, reverts=None, when=None):
    """Take back a cancelled or moved date: its row goes, the revision keeps all of it.

    None when someone took it back at the same instant: the row was gone already.
    """
    before = snapshot(date_change, FIELDS["date"])
    state = {"before": bookkeeping(date_change), "after": {}}
    table = DateChange.__table__
    if db.session.execute(delete(table).where(table.c.id == date_change.id)).rowcount != 1:
        return None
    revision = record(date_change, "reverted" if reverts else "removed", before, {}, actor,
                      reason, state, reverts, when)
    meeting = date_change.meeting
    db.session.expunge(date_change)
    db.session.expire(meeting, ["date_changes"])
    return revision


def _apply(subject, values: dict, when: datetime) -> None:
    values = dict(values)
    for name, relation in RELATIONS.items():
        if name in values:
            found = values.pop(name)
            values[relation] = db.session.get(Location, found) if found else None
    if isinstance(subject, Meeting):
        subject.update(values, when)
        return
    for name, value in values.items():
        setattr(subject, name, value)


def subject_of(revision: Revision):
    return db.session.get(MODELS[revision.subject], revision.subject_id)


def revert(revision: Revision, actor: Actor, reason=None, when=None) -> Outcome:
    """Undo one revision as a new one: only fields still holding what it set go back."""
    when = when or utcnow()
    kind, subject = revision.subject, subject_of(revision)
    if kind == "group" and not revision.before:
        return Outcome(None, ["created"])
    if actor.via != "operator" and set(OPERATORS) & {*revision.before, *revision.after}:
        return Outcome(None, [name for name in OPERATORS if name in revision.after])
    if kind == "date" and (not revision.before or not revision.after):
        return _revert_date(revision, subject, actor, reason, when)
    if subject is None:
        return Outcome(None, list(revision.after))
    target = dict(revision.before)
    if not revision.before and kind in EMPTYING:  # undoing a creation empties it
        target = dict(EMPTYING[kind])
        expected = {name: revision.after.get(name) for name in target}
    elif not revision.before:  # undoing a creation hides what was created
        target = {HIDING[kind]: to_json(when)}
        expected = {HIDING[kind]: None}
    else:
        expected = revision.after
    current = snapshot(subject, expected)
    refused = _refused(kind, subject, target)
    still = [name for name in expected if current[name] == expected[name]
             and name not in refused]
    kept = [name for name in expected if name not in still]
    if not still:
        return Outcome(None, kept)
    if not kept and revision.before and _exact(revision, subject):
        return Outcome(_roll_back(revision, subject, actor, reason, when), [])
    values = {name: from_json(kind, name, target[name]) for name in still}
    done = change(subject, values, actor, action="reverted", reason=reason, reverts=revision,
                  when=when)
    return Outcome(done, kept)


def _refused(kind: str, subject, target: dict) -> set[str]:
    """Fields an undo must leave as they are, because putting them back would break the roster:
    a volunteer's name now used by someone else, or a term given back to someone gone."""
    if kind == "volunteer":
        name = target.get("name", subject.name)
        if (target.get("removed_at", subject.removed_at) is None
                and _name_taken(subject, name)):
            return {"name", "removed_at"}
    if kind == "term" and target.get("volunteer_id") is not None:
        other = db.session.get(Volunteer, target["volunteer_id"])
        same_term = select(Term.id).where(
            Term.role_id == subject.role_id, Term.starts_on == subject.starts_on,
            Term.volunteer_id == target["volunteer_id"], Term.id != subject.id)
        if other is None or other.removed_at is not None or db.session.scalar(same_term):
            return {"volunteer_id", "status"}
    return set()


def _name_taken(volunteer, name: str) -> bool:
    query = select(Volunteer.name).where(
        Volunteer.group_id == volunteer.group_id, Volunteer.removed_at.is_(None),
        Volunteer.id != volunteer.id)
    key = Volunteer.name_key(name)
    return any(Volunteer.name_key(other) == key for other in db.session.scalars(query))


def _exact(revision: Revision, subject) -> bool:
    """Whether the subject is exactly as this revision left it, bookkeeping included."""
    state = revision.state or {}
    if state.get("after") != bookkeeping(subject):
        return False
    if isinstance(subject, Meeting):
        return (state.get("before") or {}).get("series", -1) <= subject.series
    return bool(state.get("before"))


def _roll_back(revision: Revision, subject, actor, reason, when) -> Revision:
    """Put the subject back as it was before the revision, calendar bookkeeping and all."""
    kind, old = revision.subject, revision.state["before"]
    if isinstance(subject, Revisable):
        claim(subject)
    values = {name: from_json(kind, name, value) for name, value in revision.before.items()}
    for name, relation in RELATIONS.items():
        if name in values:
            found = values.pop(name)
            values[relation] = db.session.get(Location, found) if found else None
    for name, value in values.items():
        setattr(subject, name, value)
    if isinstance(subject, Meeting):
        for former in list(subject.former_schedules):
            if former.series >= old["series"]:
                subject.former_schedules.remove(former)
                db.session.delete(former)
    for name, value in old.items():
        setattr(subject, name, from_json(kind, name, value))
    db.session.flush()
    state = {"before": revision.state["after"], "after": bookkeeping(subject)}
    return record(subject, "reverted", dict(revision.after), dict(revision.before), actor,
                  reason, state, revision, when)


def _revert_date(revision: Revision, subject, actor, reason, when) -> Outcome:
    """Undo the making or the taking back of a changed date."""
    if not revision.before:  # it was made: take it back if still as made
        taken = subject is not None and snapshot(subject, revision.after) == revision.after
        done = take_back(subject, actor, reason, revision, when) if taken else None
        return Outcome(done, [] if done else list(revision.after))
    values = {name: from_json("date", name, value) for name, value in revision.before.items()}
    taken = db.session.scalar(select(DateChange.id).where(
        DateChange.meeting_id == values["meeting_id"], DateChange.date == values["date"]))
    if subject is not None or taken is not None:
        return Outcome(None, ["date"])
    updated = (revision.state or {}).get("before", {}).get("updated")
    restored = DateChange(id=revision.subject_id, **values,
                          updated=from_json("date", "updated", updated) or when)
    db.session.add(restored)
    db.session.flush()
    state = {"before": {}, "after": bookkeeping(restored)}
    return Outcome(record(restored, "reverted", {}, dict(revision.before), actor, reason, state,
                          revision, when), [])
