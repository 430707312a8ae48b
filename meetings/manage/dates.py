"""One date of a meeting cancelled or moved, and a group's one-off events."""

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage import changes
from meetings.manage.capabilities import holder, owned
from meetings.manage.conflicts import change_as_seen
from meetings.manage.forms import ActionForm
from meetings.manage.meetingforms import NEW_PLACE, DateChangeForm, EventForm
from meetings.manage.places import group_places, place_for
from meetings.manage.saving import owned_meeting
from meetings.web import limits, notices
from meetings.web.formats import long_date
from meetings.web.private import private
from meetings.web.zones import likely_zone

bp = Blueprint("dates", __name__)
#: how far ahead a date can be cancelled or moved
AHEAD = timedelta(days=366)
EVENT_FIELDS = ("title", "kind", "date", "start_time", "timezone", "attendance",
                "conference_url", "notes")


@bp.app_template_global()
def upcoming_events(group) -> list[GroupEvent]:
    """The group's one-off events from today on, soonest first."""
    query = select(GroupEvent).where(
        GroupEvent.group_id == group.id, GroupEvent.removed_at.is_(None),
        GroupEvent.date >= utcnow().date() - timedelta(days=1),
    ).order_by(GroupEvent.date, GroupEvent.start_time)
    return list(db.session.scalars(query))


def is_due(meeting, day) -> bool:
    """Whether the meeting is really held on this local date (from today, within a year)."""
    today = utcnow().astimezone(meeting.zone).date()
    return (meeting.start_time is not None and schedule.weekday(day) in meeting.weekdays
            and today <= day <= today + AHEAD)


def date_values(form) -> dict:
    values = {"status": form.status.data, "note": form.note.data, "moved_start": None,
              "moved_end": None}
    if form.status.data == "moved":
        start = datetime.combine(form.new_date.data or form.date.data, form.new_start.data)
        values["moved_start"] = start
        values["moved_end"] = start + timedelta(minutes=form.length.data) if form.length.data \
            else None
    return values


@bp.route("/groups/<slug>/meetings/<int:meeting_id>/dates", methods=["GET", "POST"])
@bp.route("/groups/<slug>/meetings/<int:meeting_id>/dates/<day>", methods=["GET", "POST"])
@limits.writes()
def dates(slug, meeting_id, day=None):
    """List a meeting's coming dates; for the one tapped, say whether it is cancelled or moved.

    Nothing is chosen in advance: a date and what happens to it are both the person's choice.
    """
    group, link = holder(slug)
    meeting = owned_meeting(group, meeting_id)
    now = utcnow()
    upcoming = meeting.occurrences(now, now + timedelta(weeks=8))
    chosen = _chosen_day(day)
    form = DateChangeForm(data=_date_data(meeting, chosen))
    if chosen is None and request.method == "GET":
        return private(render_template("dates/dates.html", group=group, meeting=meeting,
                                       upcoming=upcoming, action=ActionForm(), now=now))
    if chosen is not None:
        if not is_due(meeting, chosen):
            abort(404, description=_("The meeting is not held on that date: choose one of its "
                                     "dates."))
        form.date.data = chosen
    if form.validate_on_submit():
        if is_due(meeting, form.date.data):
            done = _save_once_more_if_taken(meeting, form, link)
            notices.said(_changed_words(form), done)
            return redirect(url_for("dates.dates", slug=slug, meeting_id=meeting_id), 303)
        form.date.errors.append(_("The meeting is not held on that date: choose one of its dates."))
    occurrence = next((o for o in upcoming if o.due.date() == form.date.data), None)
    return private((render_template(
        "dates/date.html", group=group, meeting=meeting, form=form, occurrence=occurrence,
        now=now), 400 if form.errors else 200))


def _chosen_day(day: str | None) -> date | None:
    if day is None:
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        abort(404, description=_("There is no such date."))


def _date_data(meeting, chosen) -> dict:
    """What the form shows for a date: its change if it has one, else nothing chosen."""
    found = next((c for c in meeting.date_changes if c.date == chosen), None)
    if found is None:
        return {"date": chosen}
    data = {"date": chosen, "status": found.status, "note": found.note}
    if found.moved_start:
        data.update(new_date=found.moved_start.date(), new_start=found.moved_start.time())
        if found.moved_end:
            data["length"] = int((found.moved_end - found.moved_start).total_seconds() // 60)
    return data


def _changed_words(form) -> str:
    day = long_date(form.date.data)
    if form.status.data == "moved":
        return _("%(date)s: moved. The meeting's page and calendars say so.", date=day)
    return _("%(date)s: cancelled. The meeting's page and calendars say so.", date=day)


def _save_once_more_if_taken(meeting, form, link):
    """Save; if someone changed the same date at the same instant, change theirs, as after it."""
    try:
        done = _save(meeting, form, changes.Actor(link))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        done = _save(meeting, form, changes.Actor(link))
        db.session.commit()
    return done


def _save(meeting, form, actor):
    existing = db.session.scalar(select(DateChange).where(
        DateChange.meeting_id == meeting.id, DateChange.date == form.date.data))
    if existing is not None:
        return changes.change(existing, date_values(form), actor, reason=form.reason.data)
    made = DateChange(meeting=meeting, date=form.date.data, **date_values(form))
    return changes.create(made, actor, form.reason.data)


@bp.post("/groups/<slug>/dates/<int:change_id>/take-back")
@limits.writes()
def take_back(slug, change_id):
    """Hold a cancelled or moved date as usual again."""
    group, link = holder(slug)
    found = db.session.get(DateChange, change_id)
    form = ActionForm()
    if found is None or found.meeting.group_id != group.id:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    meeting_id, day = found.meeting_id, long_date(found.date)
    done = changes.take_back(found, changes.Actor(link), form.reason.data)
    if done:
        db.session.commit()
    else:  # taken back by someone else at the same instant: done already
        db.session.rollback()
    notices.said(_("%(date)s: held as usual again.", date=day), done)
    return redirect(url_for("dates.dates", slug=slug, meeting_id=meeting_id), 303)


def event_values(form, place) -> dict:
    values = {name: getattr(form, name).data for name in EVENT_FIELDS}
    values["end_time"] = form.end_time()
    values["location_id"] = place.id if place else None
    return values


@bp.route("/groups/<slug>/events/new", methods=["GET", "POST"])
@bp.route("/groups/<slug>/events/<int:event_id>/edit", methods=["GET", "POST"])
@limits.writes()
def event(slug, event_id=None):
    """Add or change a one-off event: a business meeting, an anniversary."""
    group, link = holder(slug)
    found = _owned_event(group, event_id) if event_id else None
    form = EventForm(data=_event_data(found, group))
    form.offer_places(group_places(group))
    form.offer_zones()
    if form.validate_on_submit():
        place = place_for(form, group, form.timezone.data)
        actor = changes.Actor(link)
        if found is None:
            done = changes.create(GroupEvent(group=group, **event_values(form, place)), actor,
                                  form.reason.data)
        else:
            done, conflict = change_as_seen(found, event_values(form, place), actor, form)
            if conflict is not None:
                return private((render_template("dates/event.html", group=group, event=found,
                                                form=form, conflict=conflict), 409))
        db.session.commit()
        notices.said(_("“%(name)s” is saved.", name=form.title.data) if done else
                     _("Nothing was changed."), done)
        return redirect(url_for("editing.manage", slug=slug), 303)
    return private((render_template("dates/event.html", group=group, event=found, form=form,
                                    conflict=None), 400 if form.errors else 200))


def _owned_event(group, event_id) -> GroupEvent:
    return owned(group, GroupEvent, event_id, _("This group has no such event."))


def _event_data(found, group) -> dict:
    if found is None:
        first = group.listed_meetings[:1]
        return {"timezone": first[0].timezone if first else likely_zone(), "length": 60,
                "kind": "business"}
    length = schedule.length(found.start_time, found.end_time)
    data = {name: getattr(found, name) for name in EVENT_FIELDS}
    return {**data, "length": int(length.total_seconds() // 60) if length else None,
            "place": str(found.location_id) if found.location_id else NEW_PLACE,
            "revision": changes.latest_id("event", found.id)}


@bp.get("/groups/<slug>/events/<int:event_id>/remove")
def confirm_remove_event(slug, event_id):
    """Ask before removing a one-off event."""
    group, _link = holder(slug)
    found = _owned_event(group, event_id)
    return private(render_template("editing/confirm.html", group=group, meeting=None,
                                   event=found, name=found.title, what="remove",
                                   action=ActionForm(), target=request.path))


@bp.post("/groups/<slug>/events/<int:event_id>/remove")
@limits.writes()
def remove_event(slug, event_id):
    """Remove a one-off event (it stays in the history, and can be restored from there)."""
    group, link = holder(slug)
    found = _owned_event(group, event_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    done = changes.change(found, {"removed_at": utcnow()}, changes.Actor(link),
                          action="removed", reason=form.reason.data)
    db.session.commit()
    notices.said(_("“%(name)s” is removed.", name=found.title), done)
    return redirect(url_for("editing.manage", slug=slug), 303)
