"""Groups and their meetings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    select,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
    relationship,
)

from meetings.core import revisable, schedule
from meetings.core.clock import utcnow
from meetings.core.database import Revisable, UTCDateTime, db, new_uid
from meetings.core.values import is_type_code
from meetings.directory.occurrences import FormerSchedule, Occurrence
from meetings.directory.revisable import GROUP, MEETING

if TYPE_CHECKING:
    from meetings.directory.locations import Location, Source
    from meetings.directory.occurrences import DateChange
    from meetings.directory.weekly_slots import WeeklySlot


ATTENDANCE_OPTIONS = ("in_person", "online", "hybrid", "inactive")
SCHEDULE_FIELDS = ("days", "start_time", "end_time", "timezone")
#: changes calendars must see as a new version of every date: the place and the status
PLACE_AND_STATUS = ("location", "location_id", "attendance", "removed_at")


@revisable.register(GROUP)
class Group(Revisable, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    #: free text as the group writes it, e.g. "English, Spanish"
    languages: Mapped[str | None] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(500))
    #: 7th-Tradition links: a Venmo @handle, a Cash App $cashtag, a PayPal.me name, any URL
    venmo: Mapped[str | None] = mapped_column(String(100))
    square: Mapped[str | None] = mapped_column(String(100))
    paypal: Mapped[str | None] = mapped_column(String(100))
    contribution_url: Mapped[str | None] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: sha256 of the recovery code shown once at creation; it retires every link
    recovery_hash: Mapped[str | None] = mapped_column(String(64))
    #: set by the site's operator (`hide-group`): on no public page or feed until unhidden
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="group")

    @property
    def listed_meetings(self) -> list[Meeting]:
        return sorted((m for m in self.meetings if m.removed_at is None), key=Meeting.week_order)


def in_shown_group():
    """SQL: the meeting's group is not hidden by the site's operator."""
    return Meeting.group_id.not_in(select(Group.id).where(Group.hidden_at.is_not(None)))


@revisable.register(MEETING)
class Meeting(Revisable, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: calendar identity, never changes, even when the slug does
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_uid)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    #: bit d set when held on weekday d (Sunday = 0); 0 means "by appointment"
    days: Mapped[int] = mapped_column(Integer, default=0)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    #: IANA zone the start and end times are written in
    timezone: Mapped[str] = mapped_column(String(64), index=True)
    #: Meeting Guide type codes separated by spaces, e.g. "O D X"
    types: Mapped[str] = mapped_column(String(500), default="")
    attendance: Mapped[str] = mapped_column(String(20), default="in_person")
    conference_url: Mapped[str | None] = mapped_column(String(500))
    conference_url_notes: Mapped[str | None] = mapped_column(Text)
    conference_phone: Mapped[str | None] = mapped_column(String(100))
    conference_phone_notes: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    #: grows whenever time, place or status change, so calendars replace what they hold
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: the current weekly series: number and first local date (a time change starts a new one)
    series: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    series_start: Mapped[date | None] = mapped_column(Date)
    #: set when the meeting no longer takes place; the row stays for history and restore
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship(back_populates="meetings")
    location: Mapped[Location | None] = relationship(back_populates="meetings")
    source: Mapped[Source | None] = relationship()
    date_changes: Mapped[list[DateChange]] = relationship(
        back_populates="meeting", order_by="DateChange.date", foreign_keys="DateChange.meeting_id"
    )
    former_schedules: Mapped[list[FormerSchedule]] = relationship(
        back_populates="meeting", order_by="FormerSchedule.series"
    )
    slots: Mapped[list[WeeklySlot]] = relationship(cascade="all, delete-orphan")

    @property
    def weekdays(self) -> list[int]:
        return schedule.weekdays(self.days)

    @weekdays.setter
    def weekdays(self, values) -> None:
        self.days = schedule.day_mask(values)

    @property
    def type_codes(self) -> list[str]:
        return self.types.split()

    @type_codes.setter
    def type_codes(self, codes) -> None:
        self.types = " ".join(dict.fromkeys(code.strip() for code in codes
                                            if is_type_code(code.strip())))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_online(self) -> bool:
        return self.attendance in ("online", "hybrid")

    @property
    def is_in_person(self) -> bool:
        return self.attendance in ("in_person", "hybrid")

    @property
    def length(self) -> timedelta:
        return schedule.duration(self.start_time, self.end_time)

    def series_uid(self, series: int | None = None) -> str:
        """The calendar UID of one weekly series of this meeting (the current one by default)."""
        series = self.series if series is None else series
        return self.uid if series == 0 else f"{self.uid}-{series}"

    def update(self, values: dict, when: datetime) -> bool:
        """Apply new values as of `when`; whether anything changed.

        A new schedule starts a new series; a new place or status raises the sequence.
        """
        values = dict(values)
        new_schedule = {name: values.pop(name) for name in SCHEDULE_FIELDS if name in values}
        rescheduled = self.change_schedule(when, **new_schedule) if new_schedule else False
        moved = False
        changed = rescheduled
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed = True
                moved = moved or name in PLACE_AND_STATUS
        if moved and not rescheduled:
            self.sequence += 1
        return changed

    def change_schedule(self, when: datetime, **schedule_values) -> bool:
        """Change days, times or zone for good from `when` on; the old series ends there."""
        fields = SCHEDULE_FIELDS
        unknown = set(schedule_values) - set(fields)
        if unknown:
            raise TypeError(f"not schedule fields: {sorted(unknown)}")
        if all(getattr(self, name) == value for name, value in schedule_values.items()):
            return False
        if self.id is not None and self.days and self.start_time is not None:
            self.former_schedules.append(
                FormerSchedule(
                    series=self.series,
                    starts_on=self.series_start,
                    ended_at=when,
                    sequence=self.sequence,
                    **{name: getattr(self, name) for name in fields},
                )
            )
            self.series += 1
        for name, value in schedule_values.items():
            setattr(self, name, value)
        self.series_start = when.astimezone(ZoneInfo(self.timezone)).date()
        self.sequence += 1
        return True

    def week_order(self) -> tuple:
        """Sort key within a week: first weekday, then start time."""
        return (self.weekdays[:1] or [7], self.start_time or time.max, self.name)

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Dates this meeting takes place (or was due to) that overlap start..end."""
        changes = {change.date: change for change in self.date_changes}
        found = []
        for local_start in schedule.local_starts(self, start - self.length, end):
            change = changes.get(local_start.date())
            found.append(Occurrence.of(self, local_start, change))
        for change in changes.values():
            if change.status == "moved" and change.moved_start:
                moved = Occurrence.of(self, change.original_start(), change)
                if moved.start <= end and moved.end > start and moved not in found:
                    found.append(moved)
        return sorted((o for o in found if o.end > start and o.start <= end), key=lambda o: o.start)

    def next_occurrence(self, now: datetime) -> Occurrence | None:
        """The first date from now on (or in progress now), cancelled ones included."""
        for horizon in (8, 380):
            upcoming = self.occurrences(now, now + timedelta(days=horizon))
            if upcoming:
                return upcoming[0]
        return None
