"""The finder: what is on now and soon, the filtered list, and one meeting's page."""

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from . import filters as filtering
from . import schedule
from .i18n import week_from_first_day
from .listing import Entry, Page, entries
from .models import Meeting, Region, db, utcnow
from .search import search

bp = Blueprint("finder", __name__)

#: how far ahead "starting soon" reaches, and the least the front page looks ahead
SOON = timedelta(hours=2)
AT_LEAST_AHEAD = timedelta(hours=6)
#: types offered as tick boxes in the filter form, most asked for first
COMMON_TYPES = ("O", "C", "BE", "D", "SP", "B", "ST", "TR", "W", "M", "Y", "LGBTQ", "X", "ASL")


@bp.app_context_processor
def reader_context():
    zone = filtering.reader_zone()
    args = request.args.to_dict(flat=False) if request.endpoint == "finder.meetings" else {}
    args = {key: value for key, value in args.items() if key in filtering.FILTER_PARAMETERS}
    return {"reader_tz": zone, "feed_url": url_for("api.feed", _external=True, **args)}


@bp.get("/")
def index():
    """Show meetings in progress and starting soon, then the rest of the reader's day."""
    filters = filtering.parse(request.args)
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
    """List meetings matching the filters, from the next to start."""
    filters = filtering.parse(request.args)
    now = utcnow()
    page = _page_or_404(filters, now)
    return render_template(
        "finder/list.html",
        page=page,
        entries=entries(page.items, filters.tz),
        filters=filters,
        now=now,
        form=_form_options(filters),
    )


@bp.get("/meetings/<slug>")
def meeting(slug):
    """Show one meeting: when, where, how to join, and who holds it."""
    found = db.session.scalar(select(Meeting).where(Meeting.slug == slug))
    if found is None or found.removed_at is not None or found.group.hidden_at is not None:
        abort(
            404, description=_("There is no meeting at this address. It may have ended or moved.")
        )
    now = utcnow()
    zone = filtering.reader_zone()
    upcoming = found.occurrences(now, now + timedelta(days=62))
    shown = filtering.display_zone(found.attendance, found.timezone, zone)
    return render_template(
        "finder/meeting.html",
        meeting=found,
        next=Entry(found, upcoming[0] if upcoming else None, None, shown, zone),
        changes=[o for o in upcoming if o.change is not None],
        now=now,
    )


def _page_or_404(filters, now, until=None):
    per_page = current_app.config["PAGE_SIZE"]
    found = search(filters, now, until=until, limit=per_page, offset=(filters.page - 1) * per_page)
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
    """Split the front page into in progress, starting soon, later today and after midnight."""
    titles = {
        "now": _("In progress"),
        "soon": _("Starting soon"),
        "later": _("Later today"),
        "tomorrow": _("After midnight"),
    }
    today = now.astimezone(schedule.zone(zone_name)).date()
    grouped = {key: [] for key in titles}
    for item in listed:
        start = item.occurrence.start
        if start <= now:
            key = "now"
        elif start - now <= SOON:
            key = "soon"
        elif start.astimezone(schedule.zone(zone_name)).date() == today:
            key = "later"
        else:
            key = "tomorrow"
        grouped[key].append(item)
    return [(key, titles[key], grouped[key]) for key in titles if grouped[key]]


def _form_options(filters):
    regions = db.session.scalars(select(Region).order_by(Region.name)).all()
    types = list(COMMON_TYPES) + [code for code in filters.types if code not in COMMON_TYPES]
    return {
        "days": [(str(day), day) for day in week_from_first_day()],
        "times": list(filtering.TIME_RANGES),
        "types": types,
        "regions": regions,
    }
