"""The finder: what is on now and soon, the filtered list, and one meeting's page."""

from dataclasses import replace
from datetime import datetime, time, timedelta

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import filters as filtering
from meetings.directory import lookup, meetingguide, named_places, parameters, places
from meetings.directory.listing import Entry, Page, entries
from meetings.directory.locations import Region
from meetings.directory.models import Meeting
from meetings.directory.search import search
from meetings.directory.summary import active_filters
from meetings.web import zones
from meetings.web.formats import week_from_first_day

bp = Blueprint("finder", __name__)

#: how far ahead "starting soon" reaches, and the least the front page looks ahead
SOON = timedelta(hours=2)
AT_LEAST_AHEAD = timedelta(hours=6)
#: how many nearest and online meetings a listing near a place offers
NEAREST = 5
#: types offered as tick boxes in the filter form, most asked for first
COMMON_TYPES = ("O", "C", "BE", "D", "SP", "B", "ST", "TR", "W", "M", "Y", "LGBTQ", "X", "ASL")


bp.add_app_template_global(zones.reader_label, "reader_label")
bp.add_app_template_global(zones.zone_label, "zone_label")
bp.add_app_template_global(lambda: zones.reader().own, "zone_is_readers")


@bp.app_context_processor
def reader_context():
    args = request.args.to_dict(flat=False) if request.endpoint == "finder.meetings" else {}
    args = {key: value for key, value in args.items() if key in parameters.FILTER_PARAMETERS}
    return {**zones.reader_context(), "feed_url": url_for("api.feed", _external=True, **args)}


@bp.get("/")
def index():
    """Show meetings in progress and starting soon, then the rest of the reader's day."""
    filters = parameters.parse(request.args)
    now = utcnow()
    page = _page_or_404(filters, now, until=_horizon(now, filters.tz))
    listed = entries(page.items, filters.tz)
    return render_template(
        "finder/index.html",
        page=page,
        sections=_sections(listed, now, filters.tz),
        filters=filters,
        now=now,
    )


@bp.get("/meetings")
def meetings():
    """List meetings matching the filters, from the next to start; near a place, local first."""
    filters = parameters.parse(request.args)
    now = utcnow()
    context = {"filters": filters, "now": now, "form": _form_options(filters),
               "active": active_filters(filters)}
    if filters.origin:
        context.update(near_sections(filters, now))
    else:
        context["page"] = page = _page_or_404(filters, now)
        context["entries"] = entries(page.items, filters.tz)
    return render_template("finder/list.html", **context)


def near_sections(filters, now) -> dict:
    """Near a place: what starts next within reach, online meetings apart, the nearest if none."""
    page = _page_or_404(filters, now, part="local")
    shown = {"page": page, "entries": entries(page.items, filters.tz), "nearest": [],
             "online": [], "place_name": _place_name(filters)}
    # Beyond the place, the search text that named it no longer narrows anything.
    wider = replace(filters, q=None, place_from_q=False) if filters.place_from_q else filters
    if not page.total:
        nearest = search(wider, now, part="nearest", limit=NEAREST)
        shown["nearest"] = entries(nearest.items, filters.tz)
    if filters.online == "after" and filters.page == 1 and filters.attendance != "in_person":
        online = search(wider, now, part="online", limit=NEAREST)
        shown["online"] = entries(online.items, filters.tz)
    return shown


def _place_name(filters) -> str | None:
    if filters.place is not None:
        return filters.place.label
    return places.name_of(filters.near, named_places.territory_names())


@bp.get("/meetings/<slug>")
def meeting(slug):
    """Show one meeting: when, where, how to join, and who holds it."""
    found = lookup.listed_meeting(slug)
    if found is None:
        alias = meetingguide.resolve(slug)
        if alias and alias != slug:  # one weekday's entry of a meeting
            return redirect(url_for("finder.meeting", slug=alias), 301)
        lookup.no_meeting()
    now = utcnow()
    zone = zones.reader_zone()
    # A temporarily closed meeting has no next date to count down to, nor dates moved.
    closed = found.attendance == "inactive"
    upcoming = [] if closed else found.occurrences(now, now + timedelta(days=62))
    shown = filtering.display_zone(found.attendance, found.timezone, zone)
    return render_template(
        "finder/meeting.html",
        meeting=found,
        next=Entry(found, upcoming[0] if upcoming else None, None, shown, zone),
        changes=[o for o in upcoming if o.change is not None],
        closed_since=_closed_since(found) if closed else None,
        now=now,
    )


def _closed_since(meeting: Meeting) -> datetime | None:
    """When the meeting was marked temporarily closed, as its history says (if one is kept)."""
    return current_app.extensions.get("closed_since", lambda meeting: None)(meeting)


def _page_or_404(filters, now, until=None, part=None):
    per_page = current_app.config["PAGE_SIZE"]
    found = search(filters, now, until=until, limit=per_page, part=part,
                   offset=(filters.page - 1) * per_page)
    page = Page(found.items, filters.page, per_page, found.total)
    if filters.page > page.pages:
        abort(404, description=_("There is no page %(number)d of this list.", number=filters.page))
    return page


def _horizon(now: datetime, zone_name: str) -> datetime:
    """The end of the reader's day, but never less than a few hours ahead."""
    local = now.astimezone(schedule.zone(zone_name))
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)
    return max(midnight, now + AT_LEAST_AHEAD)


def _sections(listed: list[Entry], now: datetime, zone_name: str):
    """Split the front page into in progress, starting soon, later today and after midnight,
    each with the meetings met in person near the reader's clock first, then those online,
    then those met in person where clocks read otherwise (far away)."""
    titles = {
        "now": _("In progress"),
        "soon": _("Starting soon"),
        "later": _("Later today"),
        "tomorrow": _("After midnight"),
    }
    reader = schedule.zone(zone_name)
    today = now.astimezone(reader).date()
    grouped = {key: ([], [], []) for key in titles}
    for item in listed:
        start = item.occurrence.start
        if start <= now:
            key = "now"
        elif start - now <= SOON:
            key = "soon"
        elif start.astimezone(reader).date() == today:
            key = "later"
        else:
            key = "tomorrow"
        grouped[key][_kind(item, start, reader)].append(item)
    return [(key, titles[key], *grouped[key]) for key in titles if any(grouped[key])]


def _kind(item: Entry, start: datetime, reader) -> int:
    """0 in person where the reader's clock is kept, 1 online (or hybrid far away), 2 far."""
    meeting = item.meeting
    if meeting.attendance == "online":
        return 1
    near = start.astimezone(meeting.zone).utcoffset() == start.astimezone(reader).utcoffset()
    if near:
        return 0
    return 1 if meeting.attendance == "hybrid" else 2


def _form_options(filters):
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    types = list(COMMON_TYPES) + [code for code in filters.types if code not in COMMON_TYPES]
    return {
        "days": [(str(day), day) for day in week_from_first_day()],
        "times": list(filtering.TIME_RANGES),
        "types": types,
        "regions": regions,
    }
