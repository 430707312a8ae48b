"""Turning ranked meeting ids into what a listing shows: pages and dated entries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory.filters import display_zone
from meetings.directory.models import Meeting
from meetings.directory.occurrences import DateChange, Occurrence
from meetings.directory.search import Ranked


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.per_page)


@dataclass
class Entry:
    """A meeting as a listing shows it: its next date, where to read its time, its distance."""

    meeting: Meeting
    occurrence: Occurrence | None
    distance: float | None
    shown_zone: str
    #: the reader's zone, to say so when an in-person meeting keeps another clock
    reader_zone: str | None = None

    @property
    def other_zone(self) -> str | None:
        """The meeting's own zone when its clock differs from the one shown."""
        if self.shown_zone == self.meeting.timezone or not self._clocks_differ(self.shown_zone):
            return None
        return self.meeting.timezone

    @property
    def away_zone(self) -> str | None:
        """The zone of an in-person meeting shown in its own time, when the reader's differs."""
        if self.shown_zone != self.meeting.timezone or not self.reader_zone:
            return None
        return self.meeting.timezone if self._clocks_differ(self.reader_zone) else None

    def _clocks_differ(self, zone_name: str) -> bool:
        if self.occurrence is None:
            return False
        start = self.occurrence.start
        theirs = start.astimezone(schedule.zone(zone_name)).utcoffset()
        return theirs != start.astimezone(self.meeting.zone).utcoffset()


def load_meetings(ids) -> dict[int, Meeting]:
    """Meetings by id with everything a listing shows, in a fixed number of queries."""
    query = (
        select(Meeting)
        .where(Meeting.id.in_(ids))
        .options(
            joinedload(Meeting.location),
            joinedload(Meeting.group),
            selectinload(Meeting.date_changes).joinedload(DateChange.moved_location),
        )
    )
    return {meeting.id: meeting for meeting in db.session.scalars(query)}


def entries(ranked: list[Ranked], reader_zone: str) -> list[Entry]:
    """Dated entries for ranked meetings, cancellations and moved dates applied."""
    meetings = load_meetings([item.meeting_id for item in ranked])
    return [entry(meetings[item.meeting_id], item, reader_zone) for item in ranked]


def entry(meeting: Meeting, item: Ranked | None, reader_zone: str) -> Entry:
    occurrence = None
    if item is not None and item.instant is not None:
        due = datetime.fromtimestamp(item.instant * 60, UTC).astimezone(meeting.zone)
        changes = {change.date: change for change in meeting.date_changes}
        occurrence = Occurrence.of(meeting, due, changes.get(due.date()))
    shown = display_zone(meeting.attendance, meeting.timezone, reader_zone)
    return Entry(meeting, occurrence, item.distance if item else None, shown, reader_zone)
