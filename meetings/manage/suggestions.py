"""Suggest a change to a meeting, no account needed; link holders apply or dismiss each."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import lookup
from meetings.directory.models import Meeting
from meetings.manage import changes
from meetings.manage.capabilities import holder
from meetings.manage.forms import ActionForm
from meetings.manage.meetingforms import SuggestForm
from meetings.manage.models import Revision, Suggestion
from meetings.manage.places import group_place
from meetings.manage.saving import meeting_data
from meetings.manage.wording import field_label, shown_value
from meetings.web import limits, notices

bp = Blueprint("suggestions", __name__)
MEETING_FIELDS = ("name", "days", "start_time", "end_time", "timezone", "types", "attendance",
                  "conference_url", "conference_phone", "notes")
PLACE_LABELS = {"location_name": _l("name of the place"), "address": _l("address")}


def current_values(meeting: Meeting) -> dict:
    """What a suggestion can change, as stored (JSON) values."""
    values = changes.snapshot(meeting, MEETING_FIELDS)
    values["types"] = " ".join(c for c in meeting.type_codes if c != "TC")
    place = meeting.location
    values["location_name"] = place.name if place else None
    values["address"] = place.address if place else None
    if meeting.attendance == "inactive":
        values.pop("attendance")
    return values


def proposed_values(form, meeting: Meeting) -> dict:
    values = {
        "name": form.name.data, "days": schedule.day_mask(form.weekdays.data),
        "start_time": form.start_time.data, "end_time": form.end_time(),
        "timezone": form.timezone.data, "types": " ".join(form.types.data),
        "attendance": form.attendance.data, "conference_url": form.conference_url.data,
        "conference_phone": form.conference_phone.data, "notes": form.notes.data,
        "location_name": form.location_name.data, "address": form.address.data,
    }
    if meeting.attendance == "inactive":
        values.pop("attendance")
    if sorted(values["types"].split()) == sorted(c for c in meeting.type_codes if c != "TC"):
        values["types"] = " ".join(c for c in meeting.type_codes if c != "TC")
    return {name: changes.to_json(value) for name, value in values.items()}


@bp.route("/meetings/<slug>/suggest", methods=["GET", "POST"])
@limits.suggestions()
def suggest(slug):
    """Suggest a change to a meeting: its current details, ready to correct."""
    meeting = lookup.listed_meeting_or_404(slug)
    place = meeting.location
    form = SuggestForm(data={**meeting_data(meeting), "place": "new",
                             "location_name": place.name if place else None,
                             "address": place.address if place else None})
    form.offer_choices(meeting.type_codes)
    if form.validate_on_submit():
        if form.homepage.data:  # a robot: thank it, keep nothing
            return render_template("suggestions/thanks.html", meeting=meeting)
        now, new = current_values(meeting), proposed_values(form, meeting)
        changed = [name for name in new if not changes.same(new[name], now.get(name))]
        if changed or form.message.data:
            db.session.add(Suggestion(
                meeting=meeting, before={n: now.get(n) for n in changed},
                after={n: new[n] for n in changed}, message=form.message.data,
            ))
            db.session.commit()
            return render_template("suggestions/thanks.html", meeting=meeting)
        form.message.errors.append(_("Nothing was changed: correct a detail above, or write "
                                     "to the group here."))
    return render_template("suggestions/suggest.html", meeting=meeting, form=form), (
        400 if form.errors else 200)


@bp.app_template_global()
def pending_suggestions(group) -> list[dict]:
    """The group's pending suggestions, each as what is there now and what is proposed."""
    query = select(Suggestion).join(Meeting).where(
        Meeting.group_id == group.id, Suggestion.status == "pending").order_by(Suggestion.id)
    return [{"suggestion": s, "rows": _rows(s)} for s in db.session.scalars(query)]


def _rows(suggestion: Suggestion) -> list[tuple]:
    now = current_values(suggestion.meeting)
    rows = []
    for name, proposed in suggestion.after.items():
        label = PLACE_LABELS.get(name) or field_label("meeting", name)
        shown = (lambda v: v or _("nothing")) if name in PLACE_LABELS else (
            lambda v, n=name: shown_value("meeting", n, v))
        rows.append((label, shown(now.get(name)), shown(proposed), now.get(name) == proposed))
    return rows


@bp.post("/groups/<slug>/suggestions/<int:suggestion_id>/<any(apply, dismiss):what>")
@limits.writes()
def resolve(slug, suggestion_id, what):
    """Apply a suggestion (a recorded change like any other) or dismiss it."""
    group, link = holder(slug)
    found = db.session.get(Suggestion, suggestion_id)
    if found is None or found.meeting.group_id != group.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if found.status == "pending":
        done = _apply(found, group, changes.Actor(link)) if what == "apply" else None
        found.status = "applied" if what == "apply" else "dismissed"
        found.resolved_at, found.resolved_by_link_id = utcnow(), link.id
        db.session.commit()
        name = found.meeting.name
        notices.said(_("The suggestion for “%(name)s” is applied.", name=name) if what == "apply"
                     else _("The suggestion for “%(name)s” is dismissed.", name=name), done)
    return redirect(url_for("editing.manage", slug=slug), 303)


def _apply(suggestion: Suggestion, group, actor) -> Revision | None:
    meeting, proposed = suggestion.meeting, dict(suggestion.after)
    values = {name: changes.from_json("meeting", name, proposed[name])
              for name in MEETING_FIELDS if name in proposed}
    if "types" in values and meeting.attendance == "inactive":
        values["types"] = " ".join([*values["types"].split(), "TC"])
    if "location_name" in proposed or "address" in proposed:
        place = meeting.location
        name = proposed.get("location_name", place.name if place else None)
        address = proposed.get("address", place.address if place else None)
        found = group_place(group, name, address, meeting.timezone)
        values["location_id"] = found.id if found else None
    # "suggestion" marks the reason in any language (the history words it); then the message
    reason = f"suggestion: {suggestion.message}" if suggestion.message else "suggestion"
    return changes.change(meeting, values, actor, reason=reason)

