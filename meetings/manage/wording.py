"""Revisions in plain words: "Thursday Hybrid: start time changed from 7:00 PM to 7:30 PM".

Each feature words its own fields, values and actions (`meetings.core.revisable`); what
the column type says (a day, a time, an instant, yes or no) is worded here once.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from babel.dates import format_datetime
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.core import revisable, schedule
from meetings.core.database import db
from meetings.manage.models import Revision
from meetings.manage.names import name_then
from meetings.web.formats import clock, long_date
from meetings.web.zones import reader_zone

#: actions whose words already say what their one field did
QUIET = ("created", "removed", "restored", "retired", "revoked", "hidden", "shown")
#: reasons the app itself records, stored as these keys and shown in the reader's language
REASONS = {"suggestion": _l("a visitor's suggestion"), "recovery": _l("the recovery code")}
#: what any kind of subject may go through; each kind words its own actions besides
ACTIONS = {
    "created": _l("added"), "updated": _l("changed"), "removed": _l("removed"),
    "restored": _l("restored"), "reverted": _l("change undone"),
}


def field_label(kind: str, name: str) -> str:
    """What the history calls a field of a kind of subject."""
    return revisable.kind(kind).labels.get(name, name)


@dataclass
class Described:
    """A revision in plain words, for people."""

    revision: Revision
    subject: str
    action: str
    through: str
    when: str
    fields: list = field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """The reason given; the app's own reasons in the reader's language."""
        given = self.revision.reason
        for key, words in REASONS.items():
            if given == key or (given or "").startswith(key + ": "):
                return f"{words}{given[len(key):]}"
        return given

    @property
    def revertible(self) -> bool:
        """Whether link holders may undo it: not a group's start, nor the operator's hiding."""
        revision, kind = self.revision, revisable.kind(self.revision.subject)
        touched = {*revision.before, *revision.after}
        return not (revision.action == "created" and not kind.undoes_creation
                    or touched & set(kind.operators))


def describe(revision: Revision) -> Described:
    """Say what a revision did: subject, action, each field before and after, how and when."""
    kind, subject = revisable.kind(revision.subject), _subject(revision)
    fields = []
    names = [n for n in kind.fields if n in revision.before or
             n in revision.after and revision.after[n] not in (None, "", [])]
    action = _action(revision)
    for name in names:
        if name in kind.identity or (name in kind.hidden and action in QUIET):
            continue
        before = (shown_value(kind.name, name, revision.before[name])
                  if name in revision.before else None)
        after = shown_value(kind.name, name, revision.after.get(name)) if revision.after else None
        fields.append((kind.labels.get(name, name), before, after))
    moment = revision.created.astimezone(schedule.zone(reader_zone()))
    when = format_datetime(moment, "medium", locale=get_locale())
    words = kind.actions.get(action) or ACTIONS.get(action, action)
    return Described(revision, subject, str(words), _through(revision), when, fields)


def _action(revision: Revision) -> str:
    """What a revision did; an undo that only hid or showed something again says which."""
    action, kind = revision.action, revisable.kind(revision.subject)
    if kind.deleted_from and not revision.after:
        return "taken back"
    if action == "reverted" and len(revision.after) == 1:
        name, value = next(iter(revision.after.items()))
        if name in kind.hidden:
            action = "restored" if value is None else kind.hidden[name]
    return action


def _through(revision: Revision) -> str:
    if revision.via == "recovery":
        return _("with the recovery code")
    if revision.via == "operator" or revision.link is None:
        return _("by the site's operator")
    return _("through the link “%(name)s”", name=revision.link.name)


def _subject(revision: Revision) -> str:
    kind = revisable.kind(revision.subject)
    if kind.subject is None:
        return name_then(revision, kind.name, revision.subject_id)
    row = db.session.get(revisable.model(kind.name), revision.subject_id)

    def name(of: str = kind.name, subject_id: int = revision.subject_id) -> str:
        return name_then(revision, of, subject_id)

    return kind.subject(row, _identity(revision, kind, row), name)


def _identity(revision: Revision, kind: revisable.Kind, row) -> dict:
    """The values saying which subject a revision is about: its own, else its row's, else
    those of another revision of it (a changed date taken back has no row)."""
    values = {**revision.before, **revision.after}
    if all(name in values for name in kind.identity):
        return values
    if row is not None:
        return {name: _json(getattr(row, name)) for name in kind.identity}
    query = select(Revision).where(Revision.subject == kind.name,
                                   Revision.subject_id == revision.subject_id)
    for other in db.session.scalars(query):
        values = {**other.before, **other.after}
        if all(name in values for name in kind.identity):
            return values
    raise LookupError(revision.subject_id)


def _json(value):
    return value.isoformat() if isinstance(value, date | time) else value


def shown_value(kind: str, name: str, value) -> str:
    """A stored value of a kind of subject as people read it."""
    if value in (None, ""):
        return _("nothing")
    described = revisable.kind(kind)
    if name in described.shown:
        return described.shown[name](value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in described.refers:
        return _referred(described.refers[name], value)
    stored = revisable.model(kind).__table__.columns[name].type
    python_type = getattr(stored, "impl", stored).python_type
    if python_type is time:
        return clock(time.fromisoformat(value))
    if python_type is datetime:
        moment = datetime.fromisoformat(value)
        return f"{long_date(moment)} {clock(moment)}"
    if python_type is date:
        return long_date(date.fromisoformat(value))
    return str(described.words.get(value, value)) if isinstance(value, str) else str(value)


def _referred(kind: str, value) -> str:
    """The current name of the subject an id names; of several, those still there."""
    model, field = revisable.model(kind), revisable.kind(kind).named_by
    if isinstance(value, list):
        found = [db.session.get(model, i) for i in value]
        names = [getattr(row, field) for row in found if row]
        return format_list(names, locale=get_locale()) or _("nothing")
    return getattr(db.session.get(model, value), field, "?")
