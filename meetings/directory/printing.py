"""A printable schedule: `/print`, the filtered meetings laid out day by day."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.dates import format_time, get_timezone_location
from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meetings.core.database import db
from meetings.core.schedule import zone
from meetings.directory import guide_entries, parameters
from meetings.directory.models import Meeting
from meetings.web.formats import type_name, week_from_first_day

bp = Blueprint("printing", __name__)


@dataclass(frozen=True)
class Row:
    """One line of the schedule: a meeting and its start as its own clock reads it."""

    meeting: Meeting
    time: str | None
    #: "Chicago time" for a meeting joined online from another zone
    zone_note: str | None


@bp.get("/print")
def schedule():
    """Show the meetings matching the filters as a week to print, with a legend of types."""
    chosen = parameters.parse(request.args)
    meetings = load(guide_entries.matching(chosen))
    days, by_appointment = arrange(meetings, chosen.days, chosen.tz)
    shown = {row.meeting.id: row.meeting for _day, rows in days for row in rows}
    shown.update((row.meeting.id, row.meeting) for row in by_appointment)
    return render_template(
        "print/schedule.html",
        days=days,
        by_appointment=by_appointment,
        legend=legend(shown.values()),
        count=len(shown),
        filters=chosen,
    )


def load(ids) -> list[Meeting]:
    """The meetings with these ids, with their place and group, in a few queries."""
    ids, found = list(ids), []
    query = select(Meeting).options(selectinload(Meeting.location), selectinload(Meeting.group))
    for start in range(0, len(ids), guide_entries.CHUNK):
        chunk = ids[start : start + guide_entries.CHUNK]
        found.extend(db.session.scalars(query.where(Meeting.id.in_(chunk))))
    return found


def arrange(meetings: list[Meeting], only_days=(), reader_zone: str = "UTC"):
    """Rows under each weekday a meeting is held (within only_days), then by-appointment rows."""
    wanted = [day for day in week_from_first_day() if not only_days or day in only_days]
    days: dict[int, list[Row]] = {day: [] for day in wanted}
    by_appointment = []
    labels = _Labels(str(get_locale()), reader_zone)
    for meeting in meetings:
        row = labels.row(meeting)
        if row.time is None:
            by_appointment.append(row)
        for day in meeting.weekdays if row.time else ():
            if day in days:
                days[day].append(row)
    for rows in days.values():
        rows.sort(key=lambda row: (row.meeting.start_time, row.meeting.name.casefold()))
    by_appointment.sort(key=lambda row: (row.meeting.name.casefold(), row.meeting.slug))
    return [(day, days[day]) for day in wanted if days[day]], by_appointment


class _Labels:
    """Times and zone names as the reader's locale writes them, each worked out once."""

    def __init__(self, locale: str, reader_zone: str):
        self.clock = cache(lambda start: format_time(start, "short", locale=locale))
        self.city = cache(
            lambda name: get_timezone_location(zone(name), locale=locale, return_city=True)
        )
        self.reader_zone = reader_zone

    def row(self, meeting: Meeting) -> Row:
        if not meeting.weekdays or meeting.start_time is None:
            return Row(meeting, None, None)
        note = None
        # Online-only meetings always name their zone; hybrid ones when it is not the reader's.
        if meeting.attendance == "online" or (
            meeting.is_online and meeting.timezone != self.reader_zone
        ):
            note = _("%(city)s time", city=self.city(meeting.timezone))
        return Row(meeting, self.clock(meeting.start_time), note)


def legend(meetings) -> list[tuple[str, str]]:
    """Every type code the page uses, with its name in the reader's language."""
    codes = {code for meeting in meetings for code in meeting.type_codes}
    return sorted(((code, type_name(code)) for code in codes), key=lambda pair: pair[0].casefold())
