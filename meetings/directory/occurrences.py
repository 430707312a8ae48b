"""Dates as they really happen: former schedules, changed dates, one-off events."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
    relationship,
)

from meetings.core import revisable
from meetings.core.clock import utcnow
from meetings.core.database import Revisable, UTCDateTime, db, new_uid
from meetings.directory.revisable import DATE, EVENT

if TYPE_CHECKING:
    from meetings.directory.locations import Location
    from meetings.directory.models import Group, Meeting


class FormerSchedule(db.Model):
    """A weekly series a meeting used to follow, kept so calendars show past dates truly."""

    __table_args__ = (UniqueConstraint("meeting_id", "series"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    series: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date | None] = mapped_column(Date)
    #: the instant the meeting stopped following this series
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="former_schedules")


@revisable.register(DATE)
class DateChange(db.Model):
    """One date of a meeting cancelled, or moved to another time or place."""

    __table_args__ = (UniqueConstraint("meeting_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    #: the date the meeting was due, in the meeting's own zone
    date: Mapped[date]
    #: "cancelled" or "moved"
    status: Mapped[str] = mapped_column(String(20))
    #: wall-clock start and end in the meeting's zone, when moved
    moved_start: Mapped[datetime | None] = mapped_column(DateTime)
    moved_end: Mapped[datetime | None] = mapped_column(DateTime)
    moved_location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"))
    note: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(
        back_populates="date_changes", foreign_keys=[meeting_id]
    )
    moved_location: Mapped[Location | None] = relationship()

    def original_start(self) -> datetime:
        start = self.meeting.start_time or time(0, 0)
        return datetime.combine(self.date, start, tzinfo=self.meeting.zone)


class Occurrence:
    """One date of a meeting as it really happens: its instants and whether it is changed."""

    __slots__ = ("meeting", "due", "start", "end", "change")

    def __init__(self, meeting, due, start, end, change):
        self.meeting, self.due, self.start, self.end, self.change = (
            meeting,
            due,
            start,
            end,
            change,
        )

    @classmethod
    def of(cls, meeting: Meeting, due: datetime, change: DateChange | None) -> Occurrence:
        start, end = due, due + meeting.length
        if change and change.status == "moved" and change.moved_start:
            start = change.moved_start.replace(tzinfo=meeting.zone)
            end = (
                change.moved_end.replace(tzinfo=meeting.zone)
                if change.moved_end
                else start + meeting.length
            )
        return cls(meeting, due, start, end, change)

    def __eq__(self, other):
        return isinstance(other, Occurrence) and (self.meeting.id, self.due) == (
            other.meeting.id,
            other.due,
        )

    def __hash__(self):
        return hash((self.meeting.id, self.due))

    @property
    def cancelled(self) -> bool:
        return bool(self.change and self.change.status == "cancelled")

    @property
    def moved(self) -> bool:
        return bool(self.change and self.change.status == "moved")

    @property
    def location(self) -> Location | None:
        if self.moved and self.change.moved_location:
            return self.change.moved_location
        return self.meeting.location

    def in_progress(self, now: datetime) -> bool:
        return self.start <= now < self.end


@revisable.register(EVENT)
class GroupEvent(Revisable, db.Model):
    """A one-off event of a group: a business meeting, an anniversary."""

    __table_args__ = (UniqueConstraint("uid", name="uq_group_event_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("group.id", name="fk_group_event_group_id"), index=True
    )
    #: calendar identity, never changes
    uid: Mapped[str] = mapped_column(String(64), default=new_uid)
    title: Mapped[str] = mapped_column(String(200))
    #: "business", "anniversary" or "other"
    kind: Mapped[str] = mapped_column(String(20), default="other")
    #: the local date and times, in `timezone`
    date: Mapped[date]
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", name="fk_group_event_location_id")
    )
    attendance: Mapped[str] = mapped_column(String(20), default="in_person")
    conference_url: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
    location: Mapped[Location | None] = relationship()

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date, self.start_time, tzinfo=ZoneInfo(self.timezone))
