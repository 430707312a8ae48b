"""A group's public page: `/groups/<slug>`."""

from datetime import UTC, datetime

from flask import Blueprint, render_template
from flask_babel import gettext as _

from meetings.core.clock import utcnow
from meetings.core.values import http_url, payment_link
from meetings.directory import lookup
from meetings.directory.filters import display_zone
from meetings.directory.listing import Entry, load_meetings
from meetings.directory.models import Group
from meetings.web.zones import reader_zone

bp = Blueprint("groups", __name__)


@bp.app_template_global()
def contribution_links(group: Group) -> list[tuple[str, str]]:
    """The group's 7th-Tradition links as (label, https URL) pairs."""
    links = [(label, url) for label, url in (
        ("Venmo", payment_link(group.venmo, "venmo")),
        ("Cash App", payment_link(group.square, "square")),
        ("PayPal", payment_link(group.paypal, "paypal"))) if url]
    if http_url(group.contribution_url):
        links.append((_("Online contribution"), group.contribution_url))
    return links


@bp.get("/groups/<slug>")
def group(slug):
    """Show a group, what it says about itself, and its meetings."""
    found = lookup.group_or_404(slug)
    now = utcnow()
    zone = reader_zone()
    listed = load_meetings([meeting.id for meeting in found.listed_meetings])
    entries = []
    for meeting in found.listed_meetings:
        meeting = listed[meeting.id]
        shown = display_zone(meeting.attendance, meeting.timezone, zone)
        entries.append(Entry(meeting, meeting.next_occurrence(now), None, shown, zone))
    entries.sort(key=_soonest)
    return render_template("groups/group.html", group=found, entries=entries, now=now)


def _soonest(entry: Entry):
    """The meeting in progress or next to start first; closed and unscheduled ones last."""
    occurrence = entry.occurrence
    closed = entry.meeting.attendance == "inactive" or occurrence is None
    return (closed, occurrence.start if occurrence else datetime.max.replace(tzinfo=UTC))
