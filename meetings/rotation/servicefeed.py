"""Private service calendars: the whole group's terms, or one volunteer's ("my service").

Calendar apps cannot send cookies, so each calendar's URL carries its own token: read-only
(it shows the terms, nothing more), revocable from the roster, stored only as a sha256.
Responses are kept out of caches, referrers and search engines, and the request logs show
`/service/…` instead of the token.
"""

import hashlib
import re
from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.calendars import ical
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory.models import Group
from meetings.manage import changes
from meetings.manage.capabilities import holder, new_token, owned, token_hash
from meetings.manage.forms import ActionForm
from meetings.rotation import ical as serviceical
from meetings.rotation import terms
from meetings.rotation.forms import CalendarForm
from meetings.rotation.members import active_volunteers
from meetings.rotation.models import FeedToken, ServiceRole, Term, Volunteer
from meetings.web import limits, notices
from meetings.web.private import private, secret
from meetings.web.security import redact_in_logs

bp = Blueprint("servicefeed", __name__)
FEED_PATH = re.compile(r"/service/[^\s\"'?#/]+")
#: how far back a calendar keeps past terms
PAST = timedelta(days=366)
EMPTY_MODIFIED = datetime(2000, 1, 1, tzinfo=UTC)


@bp.route("/groups/<slug>/roster/calendars", methods=["GET", "POST"])
@limits.writes()
def calendars(slug):
    """List the group's service calendar links; make one, shown once."""
    group, link = holder(slug)
    people = active_volunteers(group)
    form = CalendarForm()
    form.offer_volunteers(people)
    if form.validate_on_submit():
        whose = next((v for v in people if v.id == form.whose.data), None)
        token = new_token()
        made = FeedToken(group_id=group.id, volunteer_id=whose.id if whose else None,
                         token_hash=token_hash(token))
        changes.create(made, changes.Actor(link))
        db.session.commit()
        url = url_for("servicefeed.feed", token=token, _external=True)
        return secret(render_template("servicefeed/shown.html", group=group, whose=whose,
                                      url=url, webcal="webcal://" + url.split("://", 1)[1]))
    query = select(FeedToken).where(FeedToken.group_id == group.id,
                                    FeedToken.revoked_at.is_(None)).order_by(FeedToken.id)
    return private(render_template("servicefeed/calendars.html", group=group, form=form,
                                   tokens=list(db.session.scalars(query)),
                                   action=ActionForm()))


@bp.post("/groups/<slug>/roster/calendars/<int:token_id>/revoke")
@limits.writes()
def revoke(slug, token_id):
    """Revoke a calendar link: calendars subscribed to it get nothing more."""
    group, link = holder(slug)
    found = owned(group, FeedToken, token_id)
    form = ActionForm()
    if form.validate_on_submit() and found.revoked_at is None:
        done = changes.change(found, {"revoked_at": utcnow()}, changes.Actor(link),
                              action="revoked", reason=form.reason.data)
        db.session.commit()
        notices.said(_("The calendar link is revoked: calendars subscribed to it get nothing "
                       "more."), done)
    return redirect(url_for("servicefeed.calendars", slug=slug), 303)


def guarded(response):
    """A response whose URL is a capability: never cached, indexed or sent on as a referrer."""
    response = secret(response)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _plain(message: str, status: int):
    return guarded(current_app.response_class(
        message + "\n", status, content_type="text/plain; charset=utf-8"))


@bp.get("/service/<token>.ics")
def feed(token):
    """Serve a service calendar: one event per term taken, from a year ago on."""
    found = db.session.scalar(select(FeedToken).where(FeedToken.token_hash == token_hash(token)))
    if found is None:
        return _plain(_("There is no service calendar at this address."), 404)
    if found.revoked_at is not None:
        return _plain(_("This calendar link was revoked. Ask the group for a new one."), 410)
    group = db.session.get(Group, found.group_id)
    today = terms.group_today(group)
    if found.last_used_on != today:
        found.last_used_on = today
        db.session.commit()
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        events = term_events(group, found.volunteer, today)
        name = (_("%(name)s's service — %(group)s", name=found.volunteer.name, group=group.name)
                if found.volunteer else _("Service — %(group)s", group=group.name))
    page = url_for("roster.roster", slug=group.slug, _external=True)
    feed = ical.Feed(name, page, None, current_app.config["SITE_NAME"])
    body = ical.calendar(feed, events)
    response = current_app.response_class(body, content_type="text/calendar; charset=utf-8")
    response.headers.set("Content-Disposition", "inline", filename="service.ics")
    response.set_etag(hashlib.sha256(body).hexdigest()[:40])
    response.last_modified = max((e.stamp for e in events), default=EMPTY_MODIFIED)
    return guarded(response.make_conditional(request))


def term_events(group, volunteer: Volunteer | None, today) -> list[serviceical.TermEvent]:
    """The events of a group's terms taken (or one volunteer's), from a year ago on."""
    query = select(Term).join(ServiceRole).where(
        Term.group_id == group.id, Term.volunteer_id.is_not(None),
        Term.ends_on >= today - PAST, ServiceRole.removed_at.is_(None))
    if volunteer is not None:
        query = query.where(Term.volunteer_id == volunteer.id)
    found = list(db.session.scalars(query))
    dates = _meeting_dates(found, today - PAST)
    return [_event(term, group, volunteer, dates) for term in found]


def _meeting_dates(found, first) -> dict:
    """The real dates of the meetings per-meeting terms follow: (meeting id, due date) -> date."""
    dates, meetings = {}, {t.role.meeting for t in found if t.role.per_meeting and t.role.meeting}
    for meeting in meetings:
        days = [t.starts_on for t in found if t.role.meeting_id == meeting.id]
        start = datetime.combine(max(first, min(days)), time.min, tzinfo=meeting.zone)
        end = datetime.combine(max(days) + timedelta(days=1), time.min, tzinfo=meeting.zone)
        for occurrence in meeting.occurrences(start, end):
            dates[(meeting.id, occurrence.due.date())] = occurrence
    return dates


def _event(term: Term, group, volunteer, dates) -> serviceical.TermEvent:
    role, holder_ = term.role, term.volunteer
    summary = (_("%(role)s — %(group)s", role=role.title, group=group.name) if volunteer
               else _("%(role)s: %(name)s", role=role.title, name=holder_.name))
    notes = [_("Stand-in wanted.") if term.status == "standin" else None, role.duties,
             role.requirement]
    stamps = [term.updated, holder_.updated, role.updated]
    values = {"first_day": term.starts_on, "last_day": term.ends_on}
    sequence, status = term.sequence, "CONFIRMED"
    if role.per_meeting:
        meeting = role.meeting
        occurrence = dates.get((meeting.id, term.starts_on)) if meeting else None
        sequence += meeting.sequence if meeting else 0
        stamps.append(meeting.updated if meeting else term.updated)
        if occurrence is None or occurrence.cancelled or meeting.attendance == "inactive":
            status = "CANCELLED"
        if occurrence is not None:
            zone = meeting.zone
            start = occurrence.start.astimezone(zone).replace(tzinfo=None)
            end = occurrence.end.astimezone(zone).replace(tzinfo=None)
            place = occurrence.location if meeting.is_in_person else None
            values.update(zone=meeting.timezone, start=start, end=end,
                          first_day=start.date(), last_day=start.date(),
                          location=", ".join(p for p in (place.name, place.address) if p)
                          if place else None)
            if occurrence.change is not None:
                stamps.append(occurrence.change.updated)
                notes.insert(0, occurrence.change.note)
    return serviceical.TermEvent(
        uid=serviceical.term_uid(term.uid), sequence=sequence, stamp=max(stamps),
        summary=summary, description="\n".join(n for n in notes if n), status=status,
        url=url_for("roster.roster", slug=group.slug, _external=True), **values)


def init_app(app):
    redact_in_logs(FEED_PATH, "/service/…")
