"""Every change to a group's listing goes through `change()`, which records a Revision.

A revision keeps only the fields that changed, as they were and as they became, with the
link it came through and an optional reason. What may change about each kind of subject is
declared by its feature (`meetings.core.revisable`); undoing one is in `reverting`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, func, select, update

from meetings.core import revisable
from meetings.core.clock import utcnow
from meetings.core.database import Revisable, db
from meetings.manage.models import GroupLink, Revision


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
    stored = revisable.model(kind).__table__.columns[name].type
    python_type = getattr(stored, "impl", stored).python_type
    if python_type in (datetime, date, time):
        return python_type.fromisoformat(value)
    return value


def same(a, b) -> bool:
    """Equal, counting an empty text and no value as the same."""
    return a == b or (a in ("", None) and b in ("", None))


def kind_of(subject) -> str:
    return revisable.kind_of(subject).name


def snapshot(subject, names) -> dict:
    return {name: to_json(getattr(subject, name)) for name in names}


def bookkeeping(subject) -> dict:
    return snapshot(subject, revisable.kind_of(subject).bookkeeping)


def latest_id(kind: str, subject_id: int) -> int:
    """The id of the latest revision of a subject (0 when it has none)."""
    model = revisable.model(kind)
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
        group_id=revisable.kind_of(subject).group_of(subject), link=actor.link, via=actor.via,
        subject=kind_of(subject),
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
    kind, when = revisable.kind_of(subject), when or utcnow()
    if isinstance(subject, Revisable) and not claim(subject, expected):
        raise Conflict(since(kind.name, subject.id, expected or 0))
    names = [name for name in kind.fields if name in values]
    before, state_before = snapshot(subject, names), bookkeeping(subject)
    _apply(subject, values, when)
    db.session.flush()
    after = snapshot(subject, names)
    changed = [name for name in names if not same(before[name], after[name])]
    if not changed:
        return None
    if hasattr(subject, "updated"):
        subject.updated = when
    if kind.sequenced:
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
    state = {"before": {}, "after": bookkeeping(subject)}
    return record(subject, action, {}, snapshot(subject, revisable.kind_of(subject).fields),
                  actor, reason, state, when=when)


def take_back(row, actor: Actor, reason=None, reverts=None, when=None):
    """Take back a row that goes when taken back (a changed date): the revision keeps all of it.

    None when someone took it back at the same instant: the row was gone already.
    """
    kind = revisable.kind_of(row)
    before = snapshot(row, kind.fields)
    state = {"before": bookkeeping(row), "after": {}}
    table = type(row).__table__
    if db.session.execute(delete(table).where(table.c.id == row.id)).rowcount != 1:
        return None
    revision = record(row, "reverted" if reverts else "removed", before, {}, actor,
                      reason, state, reverts, when)
    owner, collection = kind.deleted_from
    owner = getattr(row, owner)
    db.session.expunge(row)
    db.session.expire(owner, [collection])
    return revision


def related(subject, values: dict) -> dict:
    """Values with each id field given as its related row, so the session sees that row."""
    values = dict(values)
    relationships = type(subject).__mapper__.relationships
    for name, relation in revisable.kind_of(subject).relations.items():
        if name in values:
            found = values.pop(name)
            target = relationships[relation].mapper.class_
            values[relation] = db.session.get(target, found) if found else None
    return values


def _apply(subject, values: dict, when: datetime) -> None:
    values = related(subject, values)
    apply = revisable.kind_of(subject).apply
    if apply is not None:
        apply(subject, values, when)
        return
    for name, value in values.items():
        setattr(subject, name, value)


def subject_of(revision: Revision):
    return db.session.get(revisable.model(revision.subject), revision.subject_id)
