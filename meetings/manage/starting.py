"""Start a group from a phone in under a minute: no email, no password, no account."""

from datetime import timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import func, select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.manage import changes
from meetings.manage.capabilities import (
    hold,
    link_url,
    new_recovery_code,
    new_token,
    qr_svg,
    recovery_hash,
    token_hash,
)
from meetings.manage.meetingforms import NewGroupForm
from meetings.manage.models import GroupLink, Revision
from meetings.manage.places import place_for
from meetings.manage.saving import meeting_values, unique_slug
from meetings.web import limits
from meetings.web.private import secret
from meetings.web.zones import likely_zone

bp = Blueprint("starting", __name__)


@bp.route("/groups/new", methods=["GET", "POST"])
@limits.group_creation()
def new_group():
    """Ask for the group's name and first meeting; then show its link once, and a QR code."""
    cap = current_app.config["GROUPS_PER_DAY"]
    if cap and started_today() >= cap:
        return render_template("starting/full.html", cap=cap), 429, {"Retry-After": "3600"}
    fresh = request.method == "GET"
    form = NewGroupForm(data={"timezone": likely_zone(), "length": 60})
    form.offer_choices()
    if form.validate_on_submit():
        token, code, group = start(form)
        db.session.commit()
        url = link_url(token)
        return secret(render_template(
            "links/shown.html", group=group, url=url, qr=qr_svg(url), name=group.links[0].name,
            recovery_code=code, started=True,
        ))
    return render_template("starting/new.html", form=form, fresh=fresh), (
        400 if form.errors else 200)


def started_today() -> int:
    """How many groups were started on the web in the last 24 hours (imports aside)."""
    query = select(func.count(Revision.id)).where(
        Revision.subject == "group", Revision.action == "created", Revision.via == "link",
        Revision.created >= utcnow() - timedelta(days=1))
    return db.session.scalar(query)


def start(form) -> tuple[str, str, Group]:
    """Make the group, its first link, its recovery code and its first meeting."""
    token, code = new_token(), new_recovery_code()
    group = Group(slug=unique_slug(Group, form.group_name.data, "group"),
                  name=form.group_name.data, recovery_hash=recovery_hash(code))
    link = GroupLink(group=group, name=_("Group link"), token_hash=token_hash(token))
    actor = changes.Actor(link)
    changes.create(group, actor)
    changes.create(link, actor)
    place = place_for(form, group, form.timezone.data)
    name = form.meeting_name.data or form.group_name.data
    meeting = Meeting(group=group, slug=unique_slug(Meeting, name, "meeting"))
    for field, value in meeting_values(form, place, name=name).items():
        setattr(meeting, field, value)
    meeting.location = place
    changes.create(meeting, actor)
    hold(link)
    return token, code, group
