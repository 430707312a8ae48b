"""The one page other sites may frame: `/embed`, the next dates of a group's or a filter's meetings.

It reads and writes no cookie (the language comes from `?lang=` or the browser, the zone
from `?tz=` or the instance), runs no script, and any cache may keep it for a short while.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import filters as filtering
from meetings.directory import lookup, parameters
from meetings.directory.listing import Entry, load_meetings
from meetings.directory.models import Group, Meeting
from meetings.directory.search import search
from meetings.web import zones
from meetings.web.errors import BadFilter
from meetings.web.security import FRAMABLE_POLICY

bp = Blueprint("embed", __name__)

DEFAULT_LIMIT, MAX_LIMIT = 8, 30
#: seconds any cache may reuse the page: the list moves on as meetings start
MAX_AGE = 120
OWN_PARAMETERS = ("group", "limit")
#: every weekly meeting starts within a week (and a day, for a change of clocks)
WITHIN = timedelta(days=8)


@bp.get("/embed")
def embed():
    """List the next dates of a group's meetings, or of the meetings matching the filters."""
    group = _group(request.args.get("group"))
    limit = _limit(request.args.get("limit"))
    rest = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in OWN_PARAMETERS])
    filters = parameters.parse(rest, allowed=parameters.FILTER_PARAMETERS + ("lang",))
    if group is not None and not filters.link_zone:
        filters = replace(filters, tz=_group_zone(group) or filters.tz)
    now = utcnow()
    entries = upcoming(_candidates(filters, group, limit, now), filters, now, limit)
    carried = {key: filters.given[key] for key in ("lang", "tz") if key in filters.given}
    return render_template("embed/embed.html", entries=entries, group=group, now=now,
                           carried=carried, links=_links(group, filters, carried), tz=filters.tz)


@bp.after_request
def _framable(response):
    response.headers["Content-Security-Policy"] = FRAMABLE_POLICY
    response.headers.pop("X-Frame-Options", None)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.vary.add("Accept-Language")
    return response


def _group(slug: str | None) -> Group | None:
    if slug is None or not slug.strip():
        return None
    found = lookup.group(slug.strip())
    if found is None:
        raise NotFound(_("There is no group at this address."))
    return found


def _group_zone(group: Group) -> str | None:
    """The zone most of the group's meetings keep: a group's page reads in its own time."""
    query = (select(Meeting.timezone)
             .where(Meeting.group_id == group.id, Meeting.removed_at.is_(None))
             .group_by(Meeting.timezone).order_by(func.count().desc(), Meeting.timezone).limit(1))
    return zones.valid(db.session.scalar(query))


def _limit(value: str | None) -> int:
    if value is None or not value.strip():
        return DEFAULT_LIMIT
    value = value.strip()
    if not value.isdecimal() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadFilter("limit", _("“%(value)s” is not a number of meetings: use 1 to %(most)d.",
                                   value=value, most=MAX_LIMIT))
    return int(value)


def _candidates(filters: filtering.Filters, group: Group | None, limit: int,
                now: datetime) -> list[int]:
    """Ids of the open meetings whose dates can be among the next `limit` ones.

    Near a place, those met in person within reach: a list by time has no room for distance.
    """
    part = "local" if filters.origin else None
    within = now + WITHIN
    if group is None:
        found = search(filters, now, until=within, limit=limit, part=part)
        return [item.meeting_id for item in found.items]
    query = select(Meeting.id).where(Meeting.group_id == group.id, Meeting.removed_at.is_(None),
                                     Meeting.attendance != "inactive")
    own = list(db.session.scalars(query))
    narrowed = (filters.days, filters.time, filters.types, filters.attendance, filters.region,
                filters.q, filters.origin)
    if not any(narrowed):
        return own
    matching = {item.meeting_id for item in search(filters, now, until=within, part=part).items}
    return [meeting_id for meeting_id in own if meeting_id in matching]


def upcoming(ids: list[int], filters: filtering.Filters, now: datetime, limit: int) -> list[Entry]:
    """The next `limit` dates of these meetings (in progress ones first), changes applied."""
    # Each candidate starts within WITHIN, so with `limit` of them that is far enough.
    horizon = now + (WITHIN if len(ids) >= limit else timedelta(weeks=limit + 1))
    found = []
    for meeting in load_meetings(ids).values():
        shown = filtering.display_zone(meeting.attendance, meeting.timezone, filters.tz)
        for occurrence in meeting.occurrences(now, horizon):
            if _matches(occurrence.start, filters, shown):
                found.append(Entry(meeting, occurrence, None, shown, filters.tz))
    found.sort(key=lambda entry: (entry.occurrence.start, entry.meeting.name, entry.meeting.id))
    return found[:limit]


def _matches(start: datetime, filters: filtering.Filters, shown_zone: str) -> bool:
    """Whether a date falls on the days and in the time of day asked for, where it is shown."""
    local = start.astimezone(schedule.zone(shown_zone))
    if filters.days and schedule.weekday(local.date()) not in filters.days:
        return False
    if not filters.time:
        return True
    minute, (first, last) = local.hour * 60 + local.minute, filters.time
    return first <= minute < last if first < last else minute >= first or minute < last


def _links(group: Group | None, filters: filtering.Filters, carried: dict) -> dict[str, str]:
    """Where the whole list and the calendar feed of what is shown live."""
    if group is not None:
        return {"list": url_for("groups.group", slug=group.slug, **carried, _external=True),
                "feed": url_for("feeds.group", slug=group.slug, _external=True)}
    args = filters.link_args()
    return {"list": url_for("finder.meetings", **args, _external=True),
            "feed": url_for("feeds.meetings", **filters.link_args(lang=None), _external=True)}
