"""What a calendar feed holds: the chosen meetings as plain rows, and a validator.

Only the columns named here are read, so nothing private (a member's name, a group's
secret link) can reach a feed. The validator is computed in SQL from what the feed is
made of, so a revalidation is answered without building the calendar. Whoever changes
a meeting, its group, its place or a date of it sets the meeting's (or the date
change's, or the group's) `updated`, as the importer does; sums rather than maxima of
those times catch a change that sets an older time.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import BigInteger, cast, extract, func, select, true

from meetings.core.database import db
from meetings.directory.locations import Location
from meetings.directory.models import Group, Meeting, in_shown_group
from meetings.directory.occurrences import DateChange, FormerSchedule, GroupEvent

MeetingRow = namedtuple(
    "MeetingRow",
    "id uid slug name days start_time end_time timezone types attendance conference_url "
    "conference_url_notes conference_phone conference_phone_notes notes sequence series "
    "series_start created updated group_id location_id",
)
GroupRow = namedtuple("GroupRow", "id name updated")
PlaceRow = namedtuple("PlaceRow", "id name address latitude longitude approximate notes")
ChangeRow = namedtuple(
    "ChangeRow", "meeting_id date status moved_start moved_end moved_location_id note updated"
)
FormerRow = namedtuple(
    "FormerRow", "meeting_id series days start_time end_time timezone starts_on ended_at sequence"
)

EventRow = namedtuple(
    "EventRow", "id uid title kind date start_time end_time timezone location_id attendance "
    "conference_url notes updated",
)


def listed():
    """Meetings a feed can show: still listed, and held on set weekdays at a set time."""
    return (Meeting.removed_at.is_(None), Meeting.days != 0, Meeting.start_time.is_not(None),
            in_shown_group())


@dataclass
class FeedMeeting:
    """A meeting with everything its events are written from."""

    row: MeetingRow
    group: GroupRow
    place: PlaceRow | None
    changes: list[ChangeRow] = field(default_factory=list)
    former: list[FormerRow] = field(default_factory=list)

    @property
    def stamp(self) -> datetime:
        """When anything written about this meeting last changed."""
        return max([self.row.updated, self.group.updated, *(c.updated for c in self.changes)])


def _rows(row_type, model, *conditions, of_meetings=False) -> list:
    """Rows of a model's named columns; of_meetings joins the meetings the conditions pick."""
    query = select(*(getattr(model, name) for name in row_type._fields))
    if of_meetings:
        query = query.join(Meeting, Meeting.id == model.meeting_id)
    return [row_type._make(row) for row in db.session.execute(query.where(*conditions))]


def load(conditions, keep: frozenset[int] | None = None):
    """The meetings matching the SQL conditions (and in `keep`, when given), and all places.

    Returns (meetings, places by id); the places include those dates were moved to.
    """
    meetings = _rows(MeetingRow, Meeting, *conditions)
    if keep is not None:
        meetings = [row for row in meetings if row.id in keep]
    groups = {row.id: row for row in _rows(GroupRow, Group, Group.id.in_(
        select(Meeting.group_id).where(*conditions)))}
    changes, former = {}, {}
    for change in _rows(ChangeRow, DateChange, *conditions, of_meetings=True):
        changes.setdefault(change.meeting_id, []).append(change)
    for schedule in _rows(FormerRow, FormerSchedule, *conditions, of_meetings=True):
        former.setdefault(schedule.meeting_id, []).append(schedule)
    place_ids = {row.location_id for row in meetings}
    place_ids |= {c.moved_location_id for found in changes.values() for c in found}
    places = _places(place_ids - {None})
    return [
        FeedMeeting(
            row,
            groups[row.group_id],
            places.get(row.location_id),
            sorted(changes.get(row.id, []), key=lambda c: c.date),
            sorted(former.get(row.id, []), key=lambda f: f.series),
        )
        for row in meetings
    ], places


def group_events(group_id: int) -> tuple[list[EventRow], dict[int, PlaceRow]]:
    """A group's one-off events still on its page, and their places."""
    rows = _rows(EventRow, GroupEvent, GroupEvent.group_id == group_id,
                 GroupEvent.removed_at.is_(None))
    return rows, _places({row.location_id for row in rows} - {None})


def event_figures(group_id: int) -> tuple[tuple, datetime | None]:
    """What the validator adds for a group's one-off events, and their last change."""
    dialect = db.engine.dialect.name
    query = select(
        func.count(GroupEvent.id), func.sum(GroupEvent.id),
        func.sum(_epoch(GroupEvent.updated, dialect)), func.max(GroupEvent.updated),
    ).where(GroupEvent.group_id == group_id, GroupEvent.removed_at.is_(None))
    row = tuple(db.session.execute(query).one())
    return tuple(str(value) for value in row), row[-1]


def _places(ids: set[int]) -> dict[int, PlaceRow]:
    ids, found = sorted(ids), {}
    for start in range(0, len(ids), 5000):  # well under SQLite's limit on parameters
        chunk = ids[start : start + 5000]
        found.update((row.id, row) for row in _rows(PlaceRow, Location, Location.id.in_(chunk)))
    return found


def _epoch(column, dialect: str):
    """Whole seconds since 1970 of a stored instant, in each database's own (fast) SQL."""
    if dialect != "sqlite":
        # floor, as SQLite's whole seconds are: a cast would round, and a copy of the same
        # data moved from one database to the other would get other validators
        return cast(func.floor(extract("epoch", column)), BigInteger)
    if sqlite3.sqlite_version_info >= (3, 38):
        return func.unixepoch(column)  # four times faster than strftime
    return cast(func.strftime("%s", column), BigInteger)


def fingerprint(conditions=None) -> tuple[tuple, datetime | None]:
    """Figures that change whenever the feed of these meetings would, and its last change.

    Without conditions, for the whole directory, the statement is built once.
    """
    dialect = db.engine.dialect.name
    query = _statement(dialect) if conditions is None else _build(dialect, conditions)
    row = db.session.execute(query).one()._mapping
    times = [row[key] for key in ("m_updated", "g_updated", "c_updated") if row[key] is not None]
    # PostgreSQL sums as numeric: the same figures as SQLite's, so a restored copy's
    # validators match the original's
    figures = tuple(value.isoformat() if isinstance(value, datetime) else
                    int(value) if isinstance(value, Decimal) else value for value in row.values())
    return figures, max(times) if times else None


@lru_cache(maxsize=4)
def _statement(dialect: str):
    return _build(dialect, listed(), everything=True)


def _build(dialect: str, conditions, everything=False):
    """The validator's one-row SELECT. With `everything` (the whole directory), groups,
    dates and former schedules are counted whole: the same rows or more, and no join."""
    meetings = select(
        func.count(Meeting.id).label("m_count"),
        func.sum(Meeting.id).label("m_ids"),
        func.sum(Meeting.sequence + 1000 * Meeting.series).label("m_sequence"),
        func.sum(_epoch(Meeting.updated, dialect)).label("m_seconds"),
        func.max(Meeting.updated).label("m_updated"),
        func.sum(func.coalesce(Meeting.location_id, 0) + 7 * Meeting.group_id).label("m_links"),
    ).where(*conditions)
    groups = select(
        func.sum(_epoch(Group.updated, dialect)).label("g_seconds"),
        func.max(Group.updated).label("g_updated"),
    )
    changes = select(
        func.count(DateChange.id).label("c_count"),
        func.sum(DateChange.id).label("c_ids"),
        func.sum(_epoch(DateChange.updated, dialect)).label("c_seconds"),
        func.max(DateChange.updated).label("c_updated"),
    )
    former = select(
        func.count(FormerSchedule.id).label("f_count"),
        func.sum(FormerSchedule.id + FormerSchedule.sequence).label("f_ids"),
    )
    if not everything:
        groups = groups.join(Meeting, Meeting.group_id == Group.id).where(*conditions)
        changes = changes.join(Meeting, Meeting.id == DateChange.meeting_id).where(*conditions)
        former = former.join(Meeting, Meeting.id == FormerSchedule.meeting_id).where(*conditions)
    parts = [part.subquery() for part in (meetings, groups, changes, former)]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, true())  # each is one row
    return select(*parts).select_from(joined)
