"""The filters a list is narrowed by, in one line: a name for each and a link that clears it."""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.filters import TIME_RANGES, Filters
from meetings.directory.locations import Region
from meetings.web.formats import distance, type_name, week_from_first_day, weekday_name
from meetings.web.i18n import reader_locale


@dataclass(frozen=True)
class Active:
    """One filter in force: what it is called, and the list's arguments without it."""

    label: str
    without: dict[str, list[str]]


def active_filters(filters: Filters) -> list[Active]:
    """Each filter narrowing the list, in the order the filter form shows them."""
    found = []
    if filters.q:
        found.append(Active(_("“%(text)s”", text=filters.q), filters.link_args(q=None)))
    if filters.days:
        order = week_from_first_day()
        names = [weekday_name(day, "abbreviated") for day in sorted(filters.days, key=order.index)]
        found.append(Active(format_list(names, locale=reader_locale()),
                            filters.link_args(day=None)))
    if filters.time:
        found.append(Active(_time_label(filters), filters.link_args(time=None)))
    if filters.attendance:
        found.append(Active(_attendance_label(filters.attendance),
                            filters.link_args(attendance=None)))
    if filters.region:
        name = db.session.scalar(select(Region.name).where(Region.slug == filters.region))
        found.append(Active(name or filters.region, filters.link_args(region=None)))
    for code in filters.types:
        others = [other for other in filters.types if other != code]
        found.append(Active(type_name(code), filters.link_args(type=others or None)))
    if filters.near:
        found.append(Active(_("Within %(distance)s", distance=distance(filters.radius)),
                            filters.link_args(near=None, distance=None)))
    if filters.online == "hide":
        found.append(Active(_("Without online meetings"), filters.link_args(online=None)))
    return found


def _time_label(filters: Filters) -> str:
    names = {"morning": _("Morning"), "midday": _("Midday"), "afternoon": _("Afternoon"),
             "evening": _("Evening"), "night": _("Night")}
    for key, minutes in TIME_RANGES.items():
        if minutes == filters.time:
            return names[key]
    return filters.given.get("time", [""])[0]


def _attendance_label(value: str) -> str:
    return {"in_person": _("In person"), "online": _("Online"),
            "hybrid": _("Hybrid (both)")}[value]
