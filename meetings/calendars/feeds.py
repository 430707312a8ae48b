"""Calendar feeds (iCalendar): `/meetings.ics`, one meeting's, one group's, "my meetings".

A feed's validator comes from the data (feeddata.fingerprint), so a revalidation is
answered with 304 before anything is built; the body depends on nothing but the data,
the host and the site's settings, never on the request time or the reader's language.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from werkzeug.http import is_resource_modified

from meetings.calendars import contents as feeddata
from meetings.calendars import events as feedevents
from meetings.calendars import ical
from meetings.core import zonerules
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.core.types import type_name
from meetings.directory import filters as filtering
from meetings.directory import lookup, meetingguide, parameters
from meetings.directory.listing import Entry, load_meetings
from meetings.directory.locations import Location
from meetings.directory.models import Meeting, in_shown_group
from meetings.directory.search import search
from meetings.web.zones import reader_zone

bp = Blueprint("feeds", __name__)

#: bump whenever the same data would give other bytes, so every ETag changes with it
FORMAT = 1
MAX_AGE, SHARED_MAX_AGE = 900, 3600
#: the Last-Modified of a feed with no meetings
EMPTY_MODIFIED = datetime(2000, 1, 1, tzinfo=UTC)
#: most meetings one "my meetings" link may hold
MAX_CHOSEN = 100
PLAIN = re.compile(r"[A-Za-z0-9._~-]+")
GOOGLE_ADD = "https://calendar.google.com/calendar/r?cid="


@bp.app_template_global()
def subscribe_links(https_url: str) -> dict[str, str]:
    """The ways to subscribe to a feed: its https URL, webcal:// URL and Google's add link."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    return {"https": https_url, "webcal": webcal, "google": GOOGLE_ADD + quote(webcal, safe="")}


@bp.get("/meetings.ics")
def meetings():
    """Serve the listed meetings matching the filters as a calendar."""
    chosen = parameters.parse(request.args)
    conditions, keep, everything = _matching(chosen)
    args = chosen.link_args()
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        name = _("%(site)s — meetings", site=current_app.config["SITE_NAME"])
    feed = _feed(name, url_for("finder.meetings", **args, _external=True), args)
    uses_cookie = bool(chosen.days or chosen.time) and not request.args.get("tz")
    return _serve(conditions, keep, feed, "meetings.ics", (chosen.tz, *sorted(args.items())),
                  vary_cookie=uses_cookie, everything=everything)


def _matching(chosen: filtering.Filters):
    """SQL conditions for the matching meetings, the ids to keep when ranking decides, and
    whether that is the whole directory."""
    narrowed = (chosen.days, chosen.time, chosen.types, chosen.attendance, chosen.region,
                chosen.q, chosen.near)
    if not any(narrowed):
        return feeddata.listed(), None, True
    ids = (
        select(Meeting.id)
        .outerjoin(Location, Meeting.location_id == Location.id)
        .where(*filtering.sql_conditions(chosen))
    )
    conditions = (*feeddata.listed(), Meeting.id.in_(ids))
    if not (chosen.days or chosen.time or chosen.near):
        return conditions, None, False
    found = search(chosen, utcnow())
    return conditions, frozenset(item.meeting_id for item in found.items), False


@bp.get("/meetings/<slug>.ics")
def meeting(slug):
    """Serve one meeting's calendar: empty once the meeting is no longer listed."""
    query = select(Meeting.id, Meeting.name, Meeting.updated).where(Meeting.slug == slug,
                                                                    in_shown_group())
    found = db.session.execute(query).first()
    if found is None and (alias := meetingguide.resolve(slug)):
        return redirect(url_for("feeds.meeting", slug=alias), 301)  # one weekday's entry
    if found is None:
        return _not_found(_("There is no meeting at this address. It may have ended or moved."))
    page = url_for("finder.meeting", slug=slug, _external=True)
    feed = _feed(f"{current_app.config['SITE_NAME']} — {found.name}", page)
    conditions = (*feeddata.listed(), Meeting.id == found.id)
    return _serve(conditions, None, feed, f"{slug}.ics", since=found.updated)


@bp.get("/groups/<slug>.ics")
def group(slug):
    """Serve a group's calendar: all its listed meetings."""
    found = lookup.group(slug)
    if found is None:
        return _not_found(_("There is no group at this address."))
    page = url_for("groups.group", slug=slug, _external=True)
    name = f"{current_app.config['SITE_NAME']} — {found.name}"
    feed = _feed(name, page, description=found.description)
    conditions = (*feeddata.listed(), Meeting.group_id == found.id)
    return _serve(conditions, None, feed, f"{slug}.ics", since=found.updated, group=found)


@bp.get("/my-meetings.ics")
def mine():
    """Serve the calendar of the meetings chosen in the link."""
    wanted = _wanted()
    if isinstance(wanted, str):
        return _not_found(wanted, 400)
    chosen, unknown = _chosen(wanted)
    if unknown:
        return _not_found(_unknown_message(unknown))
    args = {"meeting": wanted}
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        name = _("%(site)s — my meetings", site=current_app.config["SITE_NAME"])
    feed = _feed(name, url_for("feeds.my_meetings", **args, _external=True), args)
    conditions = (*feeddata.listed(), Meeting.id.in_([m.id for m in chosen]))
    return _serve(conditions, None, feed, "my-meetings.ics", tuple(wanted))


@bp.get("/my-meetings")
def my_meetings():
    """Show the meetings chosen in the link, with the one calendar link for all of them."""
    wanted = _wanted()
    if isinstance(wanted, str):
        return render_template("feeds/my_meetings.html", problem=wanted, entries=[]), 400
    chosen, unknown = _chosen(wanted)
    listed = [m for m in chosen if m.removed_at is None and m.group.hidden_at is None]
    entries = _entries(listed)
    status = 404 if unknown else 200
    return render_template(
        "feeds/my_meetings.html",
        entries=entries,
        wanted=wanted,
        unknown=unknown,
        unlisted=len(chosen) - len(listed),
        problem=_unknown_message(unknown) if unknown else None,
        now=utcnow(),
    ), status


def _wanted() -> list[str] | str:
    """The meetings named in the link, in order, once each; or what is wrong with it."""
    wanted = list(dict.fromkeys(v.strip() for v in request.args.getlist("meeting") if v.strip()))
    if len(wanted) > MAX_CHOSEN:
        return _("One link can hold at most %(count)d meetings.", count=MAX_CHOSEN)
    return wanted


def _chosen(wanted: list[str]) -> tuple[list[Meeting], list[str]]:
    """The meetings named by slug (or calendar UID), and the names that match none."""
    if not wanted:
        return [], []
    query = select(Meeting).where(or_(Meeting.slug.in_(wanted), Meeting.uid.in_(wanted)))
    found = list(db.session.scalars(query))
    names = {m.slug for m in found} | {m.uid for m in found}
    aliases = {name: meetingguide.resolve(name) for name in wanted if name not in names}
    more = [slug for slug in dict.fromkeys(aliases.values()) if slug and slug not in names]
    if more:  # a weekday's entry of the Meeting Guide feed names its meeting
        found += db.session.scalars(select(Meeting).where(Meeting.slug.in_(more)))
    return found, [name for name, slug in aliases.items() if slug is None]


def _unknown_message(unknown: list[str]) -> str:
    return _(
        "There is no meeting “%(name)s”. It may have been renamed or removed: "
        "choose your meetings again from the list.",
        name=unknown[0],
    )


def _entries(chosen: list[Meeting]) -> list[Entry]:
    loaded = load_meetings([m.id for m in chosen])
    now, zone = utcnow(), reader_zone()
    entries = []
    for meeting in sorted((loaded[m.id] for m in chosen), key=Meeting.week_order):
        upcoming = meeting.next_occurrence(now)
        shown = filtering.display_zone(meeting.attendance, meeting.timezone, zone)
        entries.append(Entry(meeting, upcoming, None, shown))
    return entries


def _not_found(message: str, status: int = 404):
    plain = "text/plain; charset=utf-8"
    return current_app.response_class(message + "\n", status, content_type=plain)


def _feed(name: str, page_url: str, args=None, description=None) -> ical.Feed:
    """The calendar's own properties: its name, its page and its own address."""
    own_url = url_for(request.endpoint, **(request.view_args or {}), **(args or {}), _external=True)
    return ical.Feed(name, page_url, own_url, current_app.config["SITE_NAME"], description)


def _serve(conditions, keep, feed: ical.Feed, filename: str, key=(), vary_cookie=False,
           everything=False, since=None, group=None):
    """Answer 304 from the data's validator when the client is current, else the calendar.

    `since`: when the meeting or group the feed is named after last changed (a removal or
    a new name changes the feed too); `group`: add that group's one-off events.
    """
    figures, modified = feeddata.fingerprint(None if everything else conditions)
    if group is not None:
        more, events_modified = feeddata.event_figures(group.id)
        figures, since = figures + more, max(filter(None, (since, events_modified)))
    modified = max(filter(None, (modified, since)), default=None)
    response = current_app.response_class(content_type="text/calendar; charset=utf-8")
    response.headers.set("Content-Disposition", "inline", filename=_filename(filename))
    response.headers["Access-Control-Allow-Origin"] = "*"
    etag = _etag(feed, key, figures, keep)
    response.set_etag(etag)
    response.last_modified = modified or EMPTY_MODIFIED
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.cache_control.s_maxage = SHARED_MAX_AGE
    if vary_cookie:
        response.vary.add("Cookie")  # online meetings' days are read in the remembered zone
    if is_resource_modified(request.environ, etag=etag, last_modified=response.last_modified):
        response.set_data(_body(conditions, keep, feed, group))
    # A 304 repeats ETag, Cache-Control and Vary (RFC 9110 15.4.5); Werkzeug leaves out
    # Last-Modified there, as the RFC advises when an ETag is sent.
    return response.make_conditional(request)


def _etag(feed: ical.Feed, key, figures, keep) -> str:
    config = current_app.config
    parts = (FORMAT, zonerules.version(), config["DEFAULT_LOCALE"], feed, key, figures,
             sorted(keep) if keep is not None else None)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def _filename(name: str) -> str:
    return name if PLAIN.fullmatch(name) else "calendar.ics"


def _body(conditions, keep, feed: ical.Feed, group=None) -> bytes:
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        words = _wording()
    meetings, places = feeddata.load(conditions, keep)
    events = [event for m in meetings for event in feedevents.events(m, places, words)]
    if group is not None:
        one_offs, places = feeddata.group_events(group.id)
        events += [feedevents.one_off(row, group.name, places.get(row.location_id),
                                      feed.page_url, words) for row in one_offs]
    return ical.calendar(feed, events)


def _wording() -> feedevents.Wording:
    locale = current_app.config["DEFAULT_LOCALE"]
    marker = "MEETING-SLUG"
    head, _marker, tail = url_for("finder.meeting", slug=marker, _external=True).partition(marker)

    def page_url(slug: str) -> str:
        if PLAIN.fullmatch(slug):
            return head + slug + tail
        return url_for("finder.meeting", slug=slug, _external=True)

    return feedevents.Wording(
        online=_("Online"),
        closed=_("Temporarily closed."),
        cancelled=_("Cancelled this time."),
        moved=_("Moved this time."),
        join=_("Join online: %(url)s"),
        phone=_("Phone: %(phone)s"),
        group=_("Group: %(name)s"),
        type_name=cache(lambda code: type_name(code, locale)),
        page_url=page_url,
        kinds={"business": _("Business meeting"), "anniversary": _("Anniversary")},
    )
