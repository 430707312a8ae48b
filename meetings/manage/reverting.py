"""Undoing a revision: itself a change, recorded like any other.

Only fields still holding what the revision set go back. Undoing the latest change of a
subject restores its calendar bookkeeping too (a meeting's sequence, series, updated), so
after vandalism is undone the public feeds are exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from meetings.core import revisable
from meetings.core.clock import utcnow
from meetings.core.database import Revisable, db
from meetings.manage.changes import (
    Actor,
    bookkeeping,
    change,
    claim,
    from_json,
    record,
    related,
    snapshot,
    subject_of,
    take_back,
    to_json,
)
from meetings.manage.models import Revision


@dataclass
class Outcome:
    """What a revert did: its revision (None when nothing could be undone), and what it left."""

    revision: Revision | None
    kept: list[str] = field(default_factory=list)


def revert(revision: Revision, actor: Actor, reason=None, when=None) -> Outcome:
    """Undo one revision as a new one: only fields still holding what it set go back."""
    when = when or utcnow()
    kind, subject = revisable.kind(revision.subject), subject_of(revision)
    if not revision.before and not kind.undoes_creation:
        return Outcome(None, ["created"])
    if actor.via != "operator" and set(kind.operators) & {*revision.before, *revision.after}:
        return Outcome(None, [name for name in kind.operators if name in revision.after])
    if kind.deleted_from and (not revision.before or not revision.after):
        return _revert_taken(revision, subject, actor, reason, when)
    if subject is None:
        return Outcome(None, list(revision.after))
    target = dict(revision.before)
    if not revision.before and kind.emptying:  # undoing a creation empties it
        target = dict(kind.emptying)
        expected = {name: revision.after.get(name) for name in target}
    elif not revision.before:  # undoing a creation hides what was created
        target = {kind.hiding: to_json(when)}
        expected = {kind.hiding: None}
    else:
        expected = revision.after
    current = snapshot(subject, expected)
    refused = kind.refused(subject, target) if kind.refused else set()
    still = [name for name in expected if current[name] == expected[name]
             and name not in refused]
    kept = [name for name in expected if name not in still]
    if not still:
        return Outcome(None, kept)
    if not kept and revision.before and _exact(revision, subject):
        return Outcome(_roll_back(revision, subject, actor, reason, when), [])
    values = {name: from_json(kind.name, name, target[name]) for name in still}
    done = change(subject, values, actor, action="reverted", reason=reason, reverts=revision,
                  when=when)
    return Outcome(done, kept)


def _exact(revision: Revision, subject) -> bool:
    """Whether the subject is exactly as this revision left it, bookkeeping included."""
    state = revision.state or {}
    if state.get("after") != bookkeeping(subject):
        return False
    may_restore = revisable.kind_of(subject).may_restore
    if may_restore is not None:
        return may_restore(subject, state.get("before") or {})
    return bool(state.get("before"))


def _roll_back(revision: Revision, subject, actor, reason, when) -> Revision:
    """Put the subject back as it was before the revision, calendar bookkeeping and all."""
    kind, old = revisable.kind(revision.subject), revision.state["before"]
    if isinstance(subject, Revisable):
        claim(subject)
    values = {name: from_json(kind.name, name, value)
              for name, value in revision.before.items()}
    for name, value in related(subject, values).items():
        setattr(subject, name, value)
    if kind.restoring is not None:
        kind.restoring(subject, old)
    for name, value in old.items():
        setattr(subject, name, from_json(kind.name, name, value))
    db.session.flush()
    state = {"before": revision.state["after"], "after": bookkeeping(subject)}
    return record(subject, "reverted", dict(revision.after), dict(revision.before), actor,
                  reason, state, revision, when)


def _revert_taken(revision: Revision, subject, actor, reason, when) -> Outcome:
    """Undo the making or the taking back of a row that goes when taken back (a changed date)."""
    kind, model = revisable.kind(revision.subject), revisable.model(revision.subject)
    if not revision.before:  # it was made: take it back if still as made
        taken = subject is not None and snapshot(subject, revision.after) == revision.after
        done = take_back(subject, actor, reason, revision, when) if taken else None
        return Outcome(done, [] if done else list(revision.after))
    values = {name: from_json(kind.name, name, value)
              for name, value in revision.before.items()}
    taken = db.session.scalar(select(model.id).where(
        *(getattr(model, name) == values[name] for name in kind.identity)))
    if subject is not None or taken is not None:
        return Outcome(None, list(kind.identity))
    old = (revision.state or {}).get("before", {})
    restored = model(id=revision.subject_id, **values, **{
        name: from_json(kind.name, name, old.get(name)) or when for name in kind.bookkeeping})
    db.session.add(restored)
    db.session.flush()
    state = {"before": {}, "after": bookkeeping(restored)}
    return Outcome(record(restored, "reverted", {}, dict(revision.before), actor, reason, state,
                          revision, when), [])
