"""Revisions in plain words: "Thursday Hybrid: start time changed from 7:00 PM to 7:30 PM"."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from babel.dates import format_datetime
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory.filters import reader_zone
from meetings.directory.locations import Location
from meetings.directory.models import Meeting
from meetings.directory.occurrences import DateChange
from meetings.manage import changes
from meetings.manage.models import Revision
from meetings.manage.names import name_then
from meetings.rotation.models import Away, FeedToken, ServiceRole, Term, Volunteer
from meetings.web.formats import clock, long_date, type_name, weekday_name

#: actions whose words already say what their one field did
QUIET = ("created", "removed", "restored", "retired", "revoked", "hidden", "shown")
#: reasons the app itself records, stored as these keys and shown in the reader's language
REASONS = {"suggestion": _l("a visitor's suggestion"), "recovery": _l("the recovery code")}
#: fields that hide a subject, and the action that sets them
HIDING = {"removed_at": "removed", "retired_at": "retired", "revoked_at": "revoked",
          "hidden_at": "hidden"}
#: fields that name what a revision is about: said in its subject, not listed again
IDENTITY = {"date": ("meeting_id", "date"), "term": ("role_id", "seat", "starts_on", "ends_on"),
            "away": ("volunteer_id",), "feed": ("volunteer_id",)}
LABELS = {
    "name": _l("name"), "days": _l("days"), "start_time": _l("start time"),
    "end_time": _l("end time"), "timezone": _l("time zone"), "types": _l("kinds"),
    "attendance": _l("how people attend"), "location_id": _l("place"),
    "conference_url": _l("join link"), "conference_url_notes": _l("join link notes"),
    "conference_phone": _l("phone to join"), "conference_phone_notes": _l("phone notes"),
    "notes": _l("notes"), "removed_at": _l("removed on"), "description": _l("description"),
    "languages": _l("languages"), "email": _l("public email"), "phone": _l("public phone"),
    "website": _l("website"), "venmo": "Venmo", "square": "Cash App", "paypal": "PayPal.me",
    "contribution_url": _l("contribution link"), "title": _l("title"), "kind": _l("kind"),
    "date": _l("date"), "status": _l("what happens"), "moved_start": _l("new start"),
    "moved_end": _l("new end"), "moved_location_id": _l("new place"), "note": _l("note"),
    "meeting_id": _l("meeting"), "retired_at": _l("retired on"),
    "duties": _l("what it involves"), "term_unit": _l("term"), "term_length": _l("term length"),
    "seats": _l("people at a time"), "requirement": _l("suggested requirement"),
    "combinable": _l("may be combined with another role"), "starts_on": _l("first day"),
    "ends_on": _l("last day"), "private_note": _l("private note"),
    "declined_roles": _l("not suggested for"), "first_day": _l("away from"),
    "last_day": _l("back after"), "volunteer_id": _l("volunteer"), "role_id": _l("role"),
    "seat": _l("seat"), "revoked_at": _l("revoked on"), "hidden_at": _l("hidden on"),
}
#: labels that differ for one kind of subject
KIND_LABELS = {("term", "status"): _l("status")}
WORDS = {
    "in_person": _l("in person"), "online": _l("online"), "hybrid": _l("in person and online"),
    "inactive": _l("temporarily closed"), "cancelled": _l("cancelled"),
    "moved": _l("moved"), "business": _l("business meeting"),
    "anniversary": _l("anniversary"), "other": _l("other"),
    "meeting": _l("each meeting"), "week": _l("weeks"), "month": _l("months"),
    "year": _l("years"), "filled": _l("taken"), "open": _l("open"),
    "standin": _l("stand-in wanted"),
}
ACTIONS = {
    "created": _l("added"), "updated": _l("changed"), "removed": _l("removed"),
    "restored": _l("restored"), "closed": _l("marked temporarily closed"),
    "reopened": _l("reopened"), "retired": _l("retired"), "reverted": _l("change undone"),
    "taken back": _l("held as usual again"), "taken": _l("taken"), "released": _l("released"),
    "standin": _l("stand-in asked for"), "kept": _l("no stand-in needed after all"),
    "stepped in": _l("taken over by a stand-in"), "swapped": _l("swapped"),
    "revoked": _l("revoked"), "hidden": _l("hidden from every public page and feed"),
    "shown": _l("shown on public pages again"),
}


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
        revision = self.revision
        touched = {*revision.before, *revision.after}
        return not (revision.subject == "group" and revision.action == "created"
                    or touched & set(changes.OPERATORS))


def describe(revision: Revision) -> Described:
    """Say what a revision did: subject, action, each field before and after, how and when."""
    subject = _subject(revision)
    fields = []
    names = [n for n in changes.FIELDS[revision.subject] if n in revision.before or
             n in revision.after and revision.after[n] not in (None, "", [])]
    action = _action(revision)
    for name in names:
        if name in IDENTITY.get(revision.subject, ()) or (name in HIDING and action in QUIET):
            continue
        before = shown_value(name, revision.before[name]) if name in revision.before else None
        after = shown_value(name, revision.after.get(name)) if revision.after else None
        label = KIND_LABELS.get((revision.subject, name), LABELS.get(name, name))
        fields.append((label, before, after))
    moment = revision.created.astimezone(schedule.zone(reader_zone()))
    when = format_datetime(moment, "medium", locale=get_locale())
    return Described(revision, subject, str(ACTIONS.get(action, action)), _through(revision),
                     when, fields)


def _action(revision: Revision) -> str:
    """What a revision did; an undo that only hid or showed something again says which."""
    action = revision.action
    if revision.subject == "date" and not revision.after:
        return "taken back"
    if action == "reverted" and len(revision.after) == 1:
        name, value = next(iter(revision.after.items()))
        if name in HIDING:
            action = "restored" if value is None else HIDING[name]
    return action


def _through(revision: Revision) -> str:
    if revision.via == "recovery":
        return _("with the recovery code")
    if revision.via == "operator" or revision.link is None:
        return _("by the site's operator")
    return _("through the link “%(name)s”", name=revision.link.name)


def _subject(revision: Revision) -> str:
    values = {**revision.before, **revision.after}
    if revision.subject == "group":
        return _("Group details")
    if revision.subject == "link":
        return _("Link “%(name)s”", name=name_then(revision, "link", revision.subject_id))
    if revision.subject == "date":
        values = values if "meeting_id" in values else _date_identity(revision)
        return _("%(meeting)s on %(date)s",
                 meeting=name_then(revision, "meeting", values["meeting_id"]),
                 date=long_date(date.fromisoformat(values["date"])))
    if revision.subject in ROSTER:
        return ROSTER[revision.subject](db.session.get(KINDS[revision.subject],
                                                       revision.subject_id), revision)
    return name_then(revision, revision.subject, revision.subject_id)


def _term(term: Term, revision: Revision) -> str:
    days, title = _days(term.starts_on, term.ends_on), name_then(revision, "role", term.role_id)
    if term.role.seats > 1:
        return _("%(role)s (seat %(seat)d), %(days)s", role=title, seat=term.seat, days=days)
    return _("%(role)s, %(days)s", role=title, days=days)


def _days(first: date, last: date) -> str:
    if first == last:
        return long_date(first)
    return _("%(first)s to %(last)s", first=long_date(first), last=long_date(last))


KINDS = {"role": ServiceRole, "volunteer": Volunteer, "away": Away, "term": Term,
         "feed": FeedToken}
#: the subject line of roster revisions: the rows are never deleted, only hidden
ROSTER = {
    "role": lambda role, r: _("Role “%(title)s”", title=name_then(r, "role", role.id)),
    "volunteer": lambda person, r: _("Volunteer “%(name)s”",
                                     name=name_then(r, "volunteer", person.id)),
    "away": lambda away, r: _("%(name)s away %(days)s",
                              name=name_then(r, "volunteer", away.volunteer_id),
                              days=_days(away.first_day, away.last_day)),
    "term": _term,
    "feed": lambda token, r: _("Service calendar of %(name)s",
                               name=name_then(r, "volunteer", token.volunteer_id))
    if token.volunteer else _("Service calendar of the whole group"),
}


def _date_identity(revision: Revision) -> dict:
    """The meeting and date a changed date belongs to, from its row or its full revisions."""
    row = db.session.get(DateChange, revision.subject_id)
    if row is not None:
        return {"meeting_id": row.meeting_id, "date": row.date.isoformat()}
    query = select(Revision).where(Revision.subject == "date",
                                   Revision.subject_id == revision.subject_id)
    for other in db.session.scalars(query):
        values = {**other.before, **other.after}
        if "meeting_id" in values:
            return values
    raise LookupError(revision.subject_id)


def shown_value(name: str, value) -> str:
    """A stored value as people read it."""
    if value in (None, ""):
        return _("nothing")
    if name == "days":
        return format_list([weekday_name(d) for d in schedule.weekdays(value)], locale=get_locale())
    if name in ("start_time", "end_time"):
        return clock(time.fromisoformat(value))
    if name == "types":
        return format_list([type_name(c) for c in value.split()], locale=get_locale())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in ROSTER_VALUES:
        return ROSTER_VALUES[name](value)
    if name in ("location_id", "moved_location_id"):
        place = db.session.get(Location, value)
        return ", ".join(p for p in (place.name, place.address) if p) if place else "?"
    if name == "date":
        return long_date(date.fromisoformat(value))
    if name in ("moved_start", "moved_end", "removed_at", "retired_at", "revoked_at",
                "hidden_at"):
        moment = datetime.fromisoformat(value)
        return f"{long_date(moment)} {clock(moment)}"
    return str(WORDS.get(value, value)) if isinstance(value, str) else str(value)


def _titles(ids) -> str:
    found = [db.session.get(ServiceRole, i) for i in ids]
    return format_list([role.title for role in found if role], locale=get_locale()) or _("nothing")


ROSTER_VALUES = {
    "volunteer_id": lambda i: getattr(db.session.get(Volunteer, i), "name", "?"),
    "role_id": lambda i: getattr(db.session.get(ServiceRole, i), "title", "?"),
    "meeting_id": lambda i: getattr(db.session.get(Meeting, i), "name", "?"),
    "declined_roles": _titles,
    "starts_on": lambda v: long_date(date.fromisoformat(v)),
    "ends_on": lambda v: long_date(date.fromisoformat(v)),
    "first_day": lambda v: long_date(date.fromisoformat(v)),
    "last_day": lambda v: long_date(date.fromisoformat(v)),
}
