"""What link holders change: the group's details and its meetings, each change recorded."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import meetingguide
from meetings.directory.models import Meeting
from meetings.directory.occurrences import GroupEvent
from meetings.directory.revisable import GROUP
from meetings.manage import changes
from meetings.manage.capabilities import holder
from meetings.manage.conflicts import change_as_seen
from meetings.manage.forms import ActionForm, GroupForm
from meetings.manage.meetingforms import MeetingForm
from meetings.manage.places import group_places, place_for
from meetings.manage.saving import (
    attendance_before_closing,
    meeting_data,
    meeting_values,
    owned_meeting,
    unique_slug,
)
from meetings.web import limits, notices
from meetings.web.private import private
from meetings.web.zones import likely_zone

bp = Blueprint("editing", __name__)
GROUP_FIELDS = tuple(n for n in GROUP.fields if n not in GROUP.operators)

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
        return _save(group, link, values, form, "editing/group.html", group=group,
                     saved=_("The group's details are saved."))
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
        made = changes.create(meeting, changes.Actor(link), form.reason.data)
        db.session.commit()
        notices.said(_("“%(name)s” is listed.", name=meeting.name), made)
        warn_about_link(meeting.conference_url)
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
        saved = _save(meeting, link, values, form, "editing/meeting.html", group=group,
                      meeting=meeting, saved=_("“%(name)s” is saved.", name=values["name"]))
        if saved.status_code == 303:
            warn_about_link(values["conference_url"])
        return saved
    return _form_page("editing/meeting.html", form, group=group, meeting=meeting,
                      link_warning=link_warning(meeting.conference_url))


def link_warning(url: str | None) -> str | None:
    """What the Meeting Guide apps will do with a join link to a service they do not know."""
    gap = meetingguide.provider_gap(url)
    host = urlsplit(url).hostname if gap else None
    if gap == "all":
        return _("The Meeting Guide app and TSML UI show only join links to services they "
                 "know (Zoom, Google Meet, Jitsi, Webex and a few more). This meeting is "
                 "listed here with its link to %(host)s, but those apps leave the link out "
                 "and, without a phone number, show the meeting as inactive.", host=host)
    if gap == "tsml-ui":
        return _("Sites that run TSML UI on its own, outside WordPress, show no join link to "
                 "%(host)s: there, without a phone number, this meeting shows as inactive. "
                 "It is listed here and in the Meeting Guide app as usual.", host=host)
    return None


def warn_about_link(url: str | None) -> None:
    warning = link_warning(url)
    if warning:
        flash(warning)


def _offer(form, group, types=()):
    form.offer_choices(types)
    form.offer_places(group_places(group))


def _save(subject, link, values, form, template, saved, **context):
    """Apply a form's values; if someone changed the subject meanwhile, show what, and why."""
    done, conflict = change_as_seen(subject, values, changes.Actor(link), form)
    if conflict is not None:
        return private((render_template(template, form=form, conflict=conflict, **context),
                        409))
    db.session.commit()
    notices.said(saved if done else _("Nothing was changed."), done)
    return redirect(url_for("editing.manage", slug=context["group"].slug), 303)


def _form_page(template, form, **context):
    status = 400 if form.errors else 200
    return private((render_template(template, form=form, conflict=None, **context), status))


#: what each action on a meeting tells the person who did it
DONE = {
    "remove": lambda name: _("“%(name)s” is removed from the listing.", name=name),
    "restore": lambda name: _("“%(name)s” is listed again.", name=name),
    "close": lambda name: _("“%(name)s” is marked temporarily closed.", name=name),
    "reopen": lambda name: _("“%(name)s” is open again.", name=name),
}


@bp.get("/groups/<slug>/meetings/<int:meeting_id>/<any(remove, close):what>")
def confirm_action(slug, meeting_id, what):
    """Ask before removing a meeting or marking it temporarily closed."""
    group, _link = holder(slug)
    meeting = owned_meeting(group, meeting_id)
    if (what == "remove" and meeting.removed_at) or (what == "close" and
                                                     meeting.attendance == "inactive"):
        return redirect(url_for("editing.manage", slug=slug), 303)
    return private(render_template("editing/confirm.html", group=group, meeting=meeting,
                                   name=meeting.name, what=what, action=ActionForm(),
                                   target=request.path))


@bp.post("/groups/<slug>/meetings/<int:meeting_id>/<any(remove, restore, close, reopen):what>")
@limits.writes()
def meeting_action(slug, meeting_id, what):
    """Remove (once confirmed), restore, close for a while (once confirmed), or reopen."""
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
    done = changes.change(meeting, values, changes.Actor(link), action=action,
                          reason=form.reason.data)
    db.session.commit()
    notices.said(DONE[what](meeting.name) if done else _("Nothing was changed."), done)
    return redirect(url_for("editing.manage", slug=slug), 303)
