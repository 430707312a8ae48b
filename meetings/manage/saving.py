"""From a filled-in form to rows: new slugs, the group's places, a meeting's values.

Shared by every page that starts or edits a group, a meeting or a date. The meeting page
asks here when a meeting was closed (`init_app`): the directory reads no revisions itself.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.database import db
from meetings.core.values import slugify
from meetings.directory.models import Meeting
from meetings.manage import changes
from meetings.manage.capabilities import owned
from meetings.manage.meetingforms import NEW_PLACE
from meetings.manage.models import Revision

#: slugs that name pages rather than groups or meetings
RESERVED = ("new",)


def init_app(app):
    app.extensions["closed_since"] = closed_since


def unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text, fallback) or fallback
    slug, n = base, 1
    while slug in RESERVED or db.session.scalar(select(model.id).where(model.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def meeting_values(form, place, closed=False, name=None) -> dict:
    """A meeting's columns from a filled-in meeting form."""
    codes = list(form.types.data) + (["TC"] if closed else [])
    values = {
        "name": name or form.name.data,
        "days": schedule.day_mask(form.weekdays.data),
        "start_time": form.start_time.data,
        "end_time": form.end_time(),
        "timezone": form.timezone.data,
        "types": " ".join(dict.fromkeys(codes)),
        "attendance": form.attendance.data,
        "location_id": place.id if place else None,
        "conference_url": form.conference_url.data,
        "conference_phone": getattr(form, "conference_phone", None) and form.conference_phone.data,
        "notes": getattr(form, "notes", None) and form.notes.data,
    }
    if closed:
        del values["attendance"]
    return values


def meeting_data(meeting: Meeting) -> dict:
    """What a meeting form shows of a meeting."""
    length = schedule.length(meeting.start_time, meeting.end_time)
    return {
        "name": meeting.name, "weekdays": meeting.weekdays, "start_time": meeting.start_time,
        "length": int(length.total_seconds() // 60) if length else None,
        "timezone": meeting.timezone, "attendance": attendance_before_closing(meeting),
        "place": str(meeting.location_id) if meeting.location_id else NEW_PLACE,
        "conference_url": meeting.conference_url, "conference_phone": meeting.conference_phone,
        "notes": meeting.notes, "types": [c for c in meeting.type_codes if c != "TC"],
        "revision": changes.latest_id("meeting", meeting.id),
    }


def attendance_before_closing(meeting: Meeting) -> str:
    """How people attended before the meeting was marked temporarily closed."""
    if meeting.attendance != "inactive":
        return meeting.attendance
    closing = _closing(meeting)
    if closing is not None:
        return closing.before.get("attendance") or "in_person"
    return "in_person" if meeting.location_id else "online"


def closed_since(meeting: Meeting):
    """When the history says the meeting was marked temporarily closed, if it does."""
    closing = _closing(meeting, within=50)
    return closing.created if closing is not None else None


def _closing(meeting: Meeting, within: int | None = None) -> Revision | None:
    """The latest revision (of the last `within`) that marked the meeting closed."""
    query = select(Revision).where(Revision.subject == "meeting",
                                   Revision.subject_id == meeting.id).order_by(Revision.id.desc())
    for revision in db.session.scalars(query.limit(within)):
        if (revision.after or {}).get("attendance") == "inactive":
            return revision
    return None


def owned_meeting(group, meeting_id) -> Meeting:
    return owned(group, Meeting, meeting_id, _("This group has no such meeting."))
