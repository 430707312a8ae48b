"""The business meeting (group conscience): which roles are up for rotation before the next
one; and who served what and when. Both for link holders only."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import select

from meetings.core.database import db
from meetings.core.values import integer
from meetings.directory.occurrences import GroupEvent
from meetings.manage.capabilities import holder
from meetings.rotation import seating, terms
from meetings.rotation.models import ServiceRole, Term
from meetings.web.private import private

bp = Blueprint("business", __name__)
#: without a following business meeting, how far ahead rotation is looked at
WINDOW = timedelta(days=92)
PAGE = 100


@dataclass
class Rotating:
    """A role with a new term starting before the next business meeting after this one."""

    role: object
    ending: list = field(default_factory=list)  # seats of the term running now
    starting: list = field(default_factory=list)  # seats of the new terms


def business_meetings(group, today: date) -> list[GroupEvent]:
    query = select(GroupEvent).where(
        GroupEvent.group_id == group.id, GroupEvent.kind == "business",
        GroupEvent.removed_at.is_(None), GroupEvent.date >= today,
    ).order_by(GroupEvent.date, GroupEvent.start_time)
    return list(db.session.scalars(query))


def up_for_rotation(group, today: date, until: date) -> tuple[list[Rotating], list]:
    """Roles whose new terms start from today to `until`, and the roles that stay as they are."""
    rotating, staying = [], []
    for role in terms.active_roles(group):
        last = max(until, terms.horizon(role, today))
        slots = terms.slots(role, today, last, terms.stored(group.id, today, last, role.id))
        # new terms, and seats of the running term nobody holds
        starting = [s for s in slots if s.due <= until and s.status != "cancelled"
                    and (s.wanted if role.per_meeting or s.due <= today else True)]
        if starting:
            ending = [s for s in slots if s.due <= today <= s.end and s.status in terms.HELD
                      and not role.per_meeting]
            rotating.append(Rotating(role, ending, starting))
        else:
            staying.append((role, [s for s in slots if s.due <= today]))
    return rotating, staying


@bp.get("/groups/<slug>/roster/business")
def business(slug):
    """For the business meeting: the roles up for rotation, and who could take them."""
    group, link = holder(slug)
    today = terms.group_today(group)
    planned = business_meetings(group, today)
    start = planned[0].date if planned else today
    until = planned[1].date if len(planned) > 1 else start + WINDOW
    rotating, staying = up_for_rotation(group, today, until)
    people = seating.pool(group)
    suggested = {s.key: seating.suggestions(s, people)[:3]
                 for item in rotating for s in item.starting if s.wanted}
    return private(render_template(
        "business/business.html", group=group, planned=planned, until=until,
        rotating=rotating, staying=staying, suggested=suggested, today=today))


@bp.get("/groups/<slug>/roster/served")
def served(slug):
    """Who served what and when, most recent first (a list of terms: nothing is counted)."""
    group, link = holder(slug)
    today = terms.group_today(group)
    page = integer(request.args.get("page"), 1, 100000) or 1
    query = select(Term).join(ServiceRole).where(
        Term.group_id == group.id, Term.volunteer_id.is_not(None), Term.starts_on <= today,
    ).order_by(Term.starts_on.desc(), ServiceRole.title, Term.seat)
    found = list(db.session.scalars(query.offset((page - 1) * PAGE).limit(PAGE + 1)))
    return private(render_template("business/served.html", group=group, served=found[:PAGE],
                                   page=page, more=len(found) > PAGE, today=today))
