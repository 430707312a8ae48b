"""What link holders may change about roles, volunteers, days away, terms and service calendars.

The roster's rows are never deleted, only hidden; the models register these kinds, the
revision engine in manage/ reads them and words the history with them.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.core import revisable
from meetings.core.database import db
from meetings.core.revisable import Kind
from meetings.web.formats import long_date


def _days(first: date, last: date) -> str:
    if first == last:
        return long_date(first)
    return _("%(first)s to %(last)s", first=long_date(first), last=long_date(last))


def _term(term, values: dict, name) -> str:
    days, title = _days(term.starts_on, term.ends_on), name("role", term.role_id)
    if term.role.seats > 1:
        return _("%(role)s (seat %(seat)d), %(days)s", role=title, seat=term.seat, days=days)
    return _("%(role)s, %(days)s", role=title, days=days)


def _feed(token, values: dict, name) -> str:
    if token.volunteer:
        return _("Service calendar of %(name)s", name=name("volunteer", token.volunteer_id))
    return _("Service calendar of the whole group")


def _volunteer_refused(volunteer, target: dict) -> set[str]:
    """A volunteer's name now used by someone else in the group stays as it is."""
    name = target.get("name", volunteer.name)
    if target.get("removed_at", volunteer.removed_at) is None and _name_taken(volunteer, name):
        return {"name", "removed_at"}
    return set()


def _name_taken(volunteer, name: str) -> bool:
    model = type(volunteer)
    query = select(model.name).where(
        model.group_id == volunteer.group_id, model.removed_at.is_(None),
        model.id != volunteer.id)
    key = model.name_key(name)
    return any(model.name_key(other) == key for other in db.session.scalars(query))


def _term_refused(term, target: dict) -> set[str]:
    """A term is not given back to someone gone, nor to someone holding that term already."""
    if target.get("volunteer_id") is None:
        return set()
    model = type(term)
    other = db.session.get(revisable.model("volunteer"), target["volunteer_id"])
    same_term = select(model.id).where(
        model.role_id == term.role_id, model.starts_on == term.starts_on,
        model.volunteer_id == target["volunteer_id"], model.id != term.id)
    if other is None or other.removed_at is not None or db.session.scalar(same_term):
        return {"volunteer_id", "status"}
    return set()


HIDDEN = {"removed_at": "removed"}

ROLE = Kind(
    name="role",
    fields=("title", "duties", "term_unit", "term_length", "seats", "requirement",
            "combinable", "meeting_id", "starts_on", "removed_at"),
    bookkeeping=("updated",), hiding="removed_at", named_by="title",
    labels={"title": _l("title"), "duties": _l("what it involves"), "term_unit": _l("term"),
            "term_length": _l("term length"), "seats": _l("people at a time"),
            "requirement": _l("suggested requirement"),
            "combinable": _l("may be combined with another role"),
            "meeting_id": _l("meeting"), "starts_on": _l("first day"),
            "removed_at": _l("removed on")},
    words={"meeting": _l("each meeting"), "week": _l("weeks"), "month": _l("months"),
           "year": _l("years")},
    hidden=HIDDEN, refers={"meeting_id": "meeting"},
    subject=lambda role, values, name: _("Role “%(title)s”", title=name()),
)
VOLUNTEER = Kind(
    name="volunteer",
    fields=("name", "private_note", "declined_roles", "removed_at"),
    bookkeeping=("updated",), hiding="removed_at", named_by="name",
    refused=_volunteer_refused,
    labels={"name": _l("name"), "private_note": _l("private note"),
            "declined_roles": _l("not suggested for"), "removed_at": _l("removed on")},
    hidden=HIDDEN, refers={"declined_roles": "role"},
    subject=lambda person, values, name: _("Volunteer “%(name)s”",
                                           name=name()),
)
AWAY = Kind(
    name="away",
    fields=("volunteer_id", "first_day", "last_day", "removed_at"),
    bookkeeping=("updated",), hiding="removed_at", identity=("volunteer_id",),
    labels={"volunteer_id": _l("volunteer"), "first_day": _l("away from"),
            "last_day": _l("back after"), "removed_at": _l("removed on")},
    hidden=HIDDEN, refers={"volunteer_id": "volunteer"},
    subject=lambda away, values, name: _("%(name)s away %(days)s",
                                         name=name("volunteer", away.volunteer_id),
                                         days=_days(away.first_day, away.last_day)),
)
TERM = Kind(
    name="term",
    fields=("role_id", "seat", "starts_on", "ends_on", "volunteer_id", "status"),
    bookkeeping=("sequence", "updated"), emptying={"volunteer_id": None, "status": "open"},
    sequenced=True, identity=("role_id", "seat", "starts_on", "ends_on"),
    refused=_term_refused,
    labels={"role_id": _l("role"), "seat": _l("seat"), "starts_on": _l("first day"),
            "ends_on": _l("last day"), "volunteer_id": _l("volunteer"),
            "status": _l("status")},
    words={"filled": _l("taken"), "open": _l("open"), "standin": _l("stand-in wanted")},
    actions={"taken": _l("taken"), "released": _l("released"),
             "standin": _l("stand-in asked for"), "kept": _l("no stand-in needed after all"),
             "stepped in": _l("taken over by a stand-in"), "swapped": _l("swapped")},
    refers={"role_id": "role", "volunteer_id": "volunteer"}, subject=_term,
)
FEED = Kind(
    name="feed",
    fields=("volunteer_id", "revoked_at"),
    hiding="revoked_at", identity=("volunteer_id",),
    labels={"volunteer_id": _l("volunteer"), "revoked_at": _l("revoked on")},
    actions={"revoked": _l("revoked")}, hidden={"revoked_at": "revoked"},
    refers={"volunteer_id": "volunteer"}, subject=_feed,
)
