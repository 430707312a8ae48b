"""What link holders may change about groups, meetings, changed dates and events, in words.

The models register these kinds; the revision engine in manage/ reads them.
"""

from datetime import date

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meetings.core import schedule
from meetings.core.database import db
from meetings.core.revisable import Kind
from meetings.directory.locations import Location
from meetings.web.formats import long_date, type_name, weekday_name


def _days(value) -> str:
    return format_list([weekday_name(d) for d in schedule.weekdays(value)], locale=get_locale())


def _types(value) -> str:
    return format_list([type_name(c) for c in value.split()], locale=get_locale())


def _place(value) -> str:
    place = db.session.get(Location, value)
    return ", ".join(p for p in (place.name, place.address) if p) if place else "?"


def _restorable(meeting, before: dict) -> bool:
    """Whether no later schedule change has been rolled back past this one's series."""
    return before.get("series", -1) <= meeting.series


def _restoring(meeting, before: dict) -> None:
    """Forget the schedules a rolled-back change ended: the series it started goes."""
    for former in list(meeting.former_schedules):
        if former.series >= before["series"]:
            meeting.former_schedules.remove(former)
            db.session.delete(former)


def _date_subject(row, values: dict, name) -> str:
    return _("%(meeting)s on %(date)s", meeting=name("meeting", values["meeting_id"]),
             date=long_date(date.fromisoformat(values["date"])))


SCHEDULE_LABELS = {"name": _l("name"), "start_time": _l("start time"),
                   "end_time": _l("end time"), "timezone": _l("time zone"),
                   "attendance": _l("how people attend"), "location_id": _l("place"),
                   "conference_url": _l("join link"), "notes": _l("notes"),
                   "removed_at": _l("removed on"), "date": _l("date")}
ATTENDANCE_WORDS = {"in_person": _l("in person"), "online": _l("online"),
                    "hybrid": _l("in person and online"), "inactive": _l("temporarily closed")}

GROUP = Kind(
    name="group",
    fields=("name", "description", "languages", "email", "phone", "website", "venmo", "square",
            "paypal", "contribution_url", "hidden_at"),
    bookkeeping=("updated",), operators=("hidden_at",), group_of=lambda group: group.id,
    labels={"name": _l("name"), "description": _l("description"),
            "languages": _l("languages"), "email": _l("public email"),
            "phone": _l("public phone"), "website": _l("website"), "venmo": "Venmo",
            "square": "Cash App", "paypal": "PayPal.me",
            "contribution_url": _l("contribution link"), "hidden_at": _l("hidden on")},
    actions={"hidden": _l("hidden from every public page and feed"),
             "shown": _l("shown on public pages again")},
    hidden={"hidden_at": "hidden"}, subject=lambda row, values, name: _("Group details"),
)
MEETING = Kind(
    name="meeting",
    fields=("name", "days", "start_time", "end_time", "timezone", "types", "attendance",
            "location_id", "conference_url", "conference_url_notes", "conference_phone",
            "conference_phone_notes", "notes", "removed_at"),
    bookkeeping=("sequence", "series", "series_start", "updated"), hiding="removed_at",
    relations={"location_id": "location"}, named_by="name",
    apply=lambda meeting, values, when: meeting.update(values, when),
    may_restore=_restorable, restoring=_restoring,
    labels={**SCHEDULE_LABELS, "days": _l("days"), "types": _l("kinds"),
            "conference_url_notes": _l("join link notes"),
            "conference_phone": _l("phone to join"),
            "conference_phone_notes": _l("phone notes")},
    words=ATTENDANCE_WORDS,
    actions={"closed": _l("marked temporarily closed"), "reopened": _l("reopened")},
    hidden={"removed_at": "removed"}, shown={"days": _days, "types": _types,
                                             "location_id": _place},
)
DATE = Kind(
    name="date",
    fields=("meeting_id", "date", "status", "moved_start", "moved_end", "moved_location_id",
            "note"),
    bookkeeping=("updated",), deleted_from=("meeting", "date_changes"),
    relations={"moved_location_id": "moved_location"}, identity=("meeting_id", "date"),
    group_of=lambda date_change: date_change.meeting.group_id,
    labels={"meeting_id": _l("meeting"), "date": _l("date"), "status": _l("what happens"),
            "moved_start": _l("new start"), "moved_end": _l("new end"),
            "moved_location_id": _l("new place"), "note": _l("note")},
    words={"cancelled": _l("cancelled"), "moved": _l("moved")},
    actions={"taken back": _l("held as usual again")},
    shown={"moved_location_id": _place}, refers={"meeting_id": "meeting"},
    subject=_date_subject,
)
EVENT = Kind(
    name="event",
    fields=("title", "kind", "date", "start_time", "end_time", "timezone", "location_id",
            "attendance", "conference_url", "notes", "removed_at"),
    bookkeeping=("updated",), hiding="removed_at", relations={"location_id": "location"},
    named_by="title",
    labels={**SCHEDULE_LABELS, "title": _l("title"), "kind": _l("kind")},
    words={**ATTENDANCE_WORDS, "business": _l("business meeting"),
           "anniversary": _l("anniversary"), "other": _l("other")},
    hidden={"removed_at": "removed"}, shown={"location_id": _place},
)

