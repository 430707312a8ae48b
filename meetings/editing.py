"""What link holders change: the group's details and its meetings, each change recorded."""

import re
import unicodedata

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from . import changes, limits, places, schedule
from .forms import NEW_PLACE, ActionForm, GroupForm, MeetingForm
from .links import holder, owned, private
from .models import GroupEvent, Location, Meeting, Revision, db, utcnow
from .wording import describe
from .zones import likely_zone

bp = Blueprint("editing", __name__)
GROUP_FIELDS = changes.FIELDS["group"]
#: slugs that name pages rather than groups or meetings
RESERVED = ("new",)


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:80]


def unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text) or fallback
    slug, n = base, 1
    while slug in RESERVED or db.session.scalar(select(model.id).where(model.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def group_places(group) -> list[Location]:
    """The places the group's meetings and events use, to choose from and share."""
    used = select(Meeting.location_id).where(Meeting.group_id == group.id)
    used_by_events = select(GroupEvent.location_id).where(GroupEvent.group_id == group.id)
    query = select(Location).where(or_(Location.id.in_(used), Location.id.in_(used_by_events)))
    return sorted(db.session.scalars(query), key=lambda p: (p.name or "", p.address or ""))


def place_for(form, group, zone_name: str) -> Location | None:
    """The chosen place of the group, or a new one from the address typed in; either put
    on the map (from "I am at the venue", else the address) with its town and region."""
    point = places.point_in(getattr(form, "position", None) and form.position.data)
    if form.place.data != NEW_PLACE:
        place = db.session.get(Location, int(form.place.data))
    elif not form.address.data:
        return None
    else:
        place = next((place for place in group_places(group) if (place.name, place.address) == (
            form.location_name.data, form.address.data)), None)
    if place is None:
        place = Location(name=form.location_name.data, address=form.address.data,
                         timezone=zone_name)
        db.session.add(place)
    if point is not None:
        place.latitude, place.longitude, place.region_id = *point, None
    places.settle(place)
    db.session.flush()
    return place


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
    query = select(Revision).where(Revision.subject == "meeting",
                                   Revision.subject_id == meeting.id).order_by(Revision.id.desc())
    for revision in db.session.scalars(query):
        if (revision.after or {}).get("attendance") == "inactive":
            return revision.before.get("attendance") or "in_person"
    return "in_person" if meeting.location_id else "online"


def owned_meeting(group, meeting_id) -> Meeting:
    return owned(group, Meeting, meeting_id, _("This group has no such meeting."))


@bp.get("/groups/<slug>/manage")
def manage(slug):
    """Show everything link holders can change, and what visitors suggested."""
    group, link = holder(slug)
    meetings = sorted(group.meetings, key=Meeting.week_order)
    events = db.session.scalars(select(GroupEvent).where(
        GroupEvent.group_id == group.id, GroupEvent.removed_at.is_(None),
        GroupEvent.date >= utcnow().date()).order_by(GroupEvent.date, GroupEvent.start_time))
    return private(render_template(
        "editing/manage.html", group=group, link=link, action=ActionForm(),
        listed=[m for m in meetings if m.removed_at is None],
        removed=[m for m in meetings if m.removed_at is not None], events=list(events),
    ))


@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@limits.writes()
def edit_group(slug):
    """Change what the group says about itself: description, languages, contact, 7th Tradition."""
    group, link = holder(slug)
    data = {name: getattr(group, name) for name in GROUP_FIELDS}
    form = GroupForm(data={**data, "revision": changes.latest_id("group", group.id)})
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in GROUP_FIELDS}
        return _save(group, link, values, form, "editing/group.html", group=group)
    return _form_page("editing/group.html", form, group=group)


@bp.route("/groups/<slug>/meetings/new", methods=["GET", "POST"])
@limits.writes()
def add_meeting(slug):
    """Add a meeting to the group."""
    group, link = holder(slug)
    first = group.listed_meetings[:1]
    form = MeetingForm(data={"timezone": first[0].timezone if first else likely_zone(),
                             "length": 60})
    _offer(form, group)
    if form.validate_on_submit():
        place = place_for(form, group, form.timezone.data)
        meeting = Meeting(group=group, slug=unique_slug(Meeting, f"{group.slug} {form.name.data}",
                                                        "meeting"))
        for name, value in meeting_values(form, place).items():
            setattr(meeting, name, value)
        meeting.location = place
        changes.create(meeting, changes.Actor(link), form.reason.data)
        db.session.commit()
        return redirect(url_for("editing.manage", slug=slug), 303)
    return _form_page("editing/meeting.html", form, group=group, meeting=None)


@bp.route("/groups/<slug>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@limits.writes()
def edit_meeting(slug, meeting_id):
    """Change a meeting: on one weekday or several, it is edited once."""
    group, link = holder(slug)
    meeting = owned_meeting(group, meeting_id)
    form = MeetingForm(data=meeting_data(meeting))
    _offer(form, group, meeting.type_codes)
    if form.validate_on_submit():
        place = place_for(form, group, form.timezone.data)
        values = meeting_values(form, place, closed=meeting.attendance == "inactive")
        if sorted(values["types"].split()) == sorted(meeting.types.split()):
            values["types"] = meeting.types  # the same kinds, perhaps listed in another order
        return _save(meeting, link, values, form, "editing/meeting.html", group=group,
                     meeting=meeting)
    return _form_page("editing/meeting.html", form, group=group, meeting=meeting)


def _offer(form, group, types=()):
    form.offer_choices(types)
    form.offer_places(group_places(group))


def _save(subject, link, values, form, template, **context):
    """Apply a form's values; if someone changed the subject meanwhile, show what, and why."""
    try:
        changes.change(subject, values, changes.Actor(link), reason=form.reason.data,
                       expected=form.revision.data or 0)
    except changes.Conflict as conflict:
        db.session.rollback()
        kind = changes.kind_of(subject)
        form.revision.data, form.revision.raw_data = changes.latest_id(kind, subject.id), None
        return private((render_template(template, form=form, conflict=[
            describe(revision) for revision in conflict.since], **context), 409))
    db.session.commit()
    return redirect(url_for("editing.manage", slug=context["group"].slug), 303)


def _form_page(template, form, **context):
    status = 400 if form.errors else 200
    return private((render_template(template, form=form, conflict=None, **context), status))


@bp.post("/groups/<slug>/meetings/<int:meeting_id>/<any(remove, restore, close, reopen):what>")
@limits.writes()
def meeting_action(slug, meeting_id, what):
    """Remove, restore, close for a while, or reopen a meeting, in one click."""
    group, link = holder(slug)
    meeting = owned_meeting(group, meeting_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    codes = [code for code in meeting.type_codes if code != "TC"]
    values, action = {
        "remove": ({"removed_at": utcnow()}, "removed"),
        "restore": ({"removed_at": None}, "restored"),
        "close": ({"attendance": "inactive", "types": " ".join([*codes, "TC"])}, "closed"),
        "reopen": ({"attendance": attendance_before_closing(meeting), "types": " ".join(codes)},
                   "reopened"),
    }[what]
    changes.change(meeting, values, changes.Actor(link), action=action, reason=form.reason.data)
    db.session.commit()
    return redirect(url_for("editing.manage", slug=slug), 303)
