"""The directory's tables and the behaviour that belongs to them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    delete,
    event,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from . import schedule


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

ATTENDANCE_OPTIONS = ("in_person", "online", "hybrid", "inactive")
SCHEDULE_FIELDS = ("days", "start_time", "end_time", "timezone")
#: changes calendars must see as a new version of every date: the place and the status
PLACE_AND_STATUS = ("location", "location_id", "attendance", "removed_at")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always read back as an aware datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Source(db.Model):
    """A feed the directory was imported from, with the service entity that publishes it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: file path or URL exactly as given to `import-feed`
    location: Mapped[str] = mapped_column(String(1000), unique=True)
    entity: Mapped[str | None] = mapped_column(String(200))
    entity_email: Mapped[str | None] = mapped_column(String(200))
    entity_phone: Mapped[str | None] = mapped_column(String(100))
    entity_location: Mapped[str | None] = mapped_column(String(200))
    entity_url: Mapped[str | None] = mapped_column(String(500))
    #: comma-separated addresses that receive change requests for this feed
    feedback_emails: Mapped[str | None] = mapped_column(String(1000))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Region(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))

    parent: Mapped[Region | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Region]] = relationship(back_populates="parent")

    @property
    def path(self) -> list[Region]:
        """This region and its ancestors, outermost first."""
        return ([*self.parent.path] if self.parent else []) + [self]


class Group(db.Model):
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

    meetings: Mapped[list[Meeting]] = relationship(back_populates="group")
    links: Mapped[list[GroupLink]] = relationship(back_populates="group", order_by="GroupLink.id")

    @property
    def listed_meetings(self) -> list[Meeting]:
        return sorted((m for m in self.meetings if m.removed_at is None), key=Meeting.week_order)


class Location(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    #: one line, as a postal service or a map search would read it
    address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: the address is only a town or area (online meetings list one for searching)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    #: accessibility, parking, which door
    notes: Mapped[str | None] = mapped_column(Text)
    #: the town rows name, and the same folded (accents and case aside) for typed searches
    town: Mapped[str | None] = mapped_column(String(200))
    town_key: Mapped[str | None] = mapped_column(String(200), index=True)
    #: the postcode or ZIP code read from the address, upper case, e.g. "BN21 3EH"
    postcode: Mapped[str | None] = mapped_column(String(20), index=True)

    region: Mapped[Region | None] = relationship()
    meetings: Mapped[list[Meeting]] = relationship(back_populates="location")

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def new_uid() -> str:
    return uuid.uuid4().hex


class Meeting(db.Model):
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
        self.types = " ".join(dict.fromkeys(code.strip() for code in codes if code.strip()))

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


class WeeklySlot(db.Model):
    """One weekday a meeting is held, as minutes of its local week: what listings sort on.

    Derived from the meeting's days and times whenever they change (see `_keep_slots`),
    so the database can order and filter thousands of meetings by their next start.
    """

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: weekday * 1440 + start minute, in the meeting's own zone
    week_minute: Mapped[int] = mapped_column(Integer)
    #: how long it lasts, in minutes
    length: Mapped[int] = mapped_column(Integer)

    @staticmethod
    def values_for(days: int, start: time | None, end: time | None) -> list[dict]:
        """The slot columns for a weekly schedule (none for meetings by appointment)."""
        minute = schedule.minute_of_day(start)
        if minute is None:
            return []
        minutes = schedule.duration(start, end)
        length = int(minutes.total_seconds() // 60)
        return [
            {
                "weekday": day,
                "week_minute": day * schedule.MINUTES_PER_DAY + minute,
                "length": length,
            }
            for day in schedule.weekdays(days)
        ]

    @classmethod
    def rebuild(cls, meeting_ids) -> None:
        """Derive the slots of these meetings again, e.g. after inserting them in bulk."""
        meeting_ids = list(meeting_ids)
        for start in range(0, len(meeting_ids), 5000):
            chunk = meeting_ids[start : start + 5000]
            db.session.execute(delete(cls).where(cls.meeting_id.in_(chunk)))
            rows = db.session.execute(
                select(Meeting.id, Meeting.days, Meeting.start_time, Meeting.end_time).where(
                    Meeting.id.in_(chunk)
                )
            ).all()
            slots = [
                {"meeting_id": row.id, **values}
                for row in rows
                for values in cls.values_for(row.days, row.start_time, row.end_time)
            ]
            if slots:
                db.session.execute(insert(cls), slots)


@event.listens_for(Session, "before_flush")
def _keep_slots(session, flush_context, instances):
    """Re-derive a meeting's weekly slots whenever its days or times change."""
    for meeting in list(session.new) + list(session.dirty):
        if not isinstance(meeting, Meeting):
            continue
        state = inspect(meeting)
        if meeting in session.new or any(
            state.attrs[name].history.has_changes() for name in ("days", "start_time", "end_time")
        ):
            fresh = WeeklySlot.values_for(meeting.days or 0, meeting.start_time, meeting.end_time)
            if [(s.weekday, s.week_minute, s.length) for s in meeting.slots] != [
                (v["weekday"], v["week_minute"], v["length"]) for v in fresh
            ]:
                meeting.slots = [WeeklySlot(**values) for values in fresh]


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


class JSONText(TypeDecorator):
    """A JSON value kept as plain text, readable in any backup; assign new values, never mutate."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


class GroupLink(db.Model):
    """A secret link: whoever holds it can change one group's listing."""

    __table_args__ = (UniqueConstraint("token_hash", name="uq_group_link_token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("group.id", name="fk_group_link_group_id"), index=True
    )
    #: what holders call it ("home group", "treasurer"): a role or a place, never required to
    #: be a person
    name: Mapped[str] = mapped_column(String(100))
    #: sha256 (hex) of the token; the token itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last day it was opened or used: a date only, nothing about who or where
    last_used_on: Mapped[date | None] = mapped_column(Date)

    group: Mapped[Group] = relationship(back_populates="links")

    @property
    def active(self) -> bool:
        return self.retired_at is None


class Revision(db.Model):
    """One change to a group's listing: what, before, after, when, through which link, why."""

    __table_args__ = (Index("ix_revision_subject", "subject", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("group.id", name="fk_revision_group_id"), index=True
    )
    #: the link it was made through; None when made with the recovery code or by the operator
    link_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_link.id", name="fk_revision_link_id"), index=True
    )
    #: "link", "recovery" (the group's recovery code) or "operator" (the command line)
    via: Mapped[str] = mapped_column(String(20), default="link")
    #: what was changed: "group", "meeting", "date" (a DateChange), "event" or "link"
    subject: Mapped[str] = mapped_column(String(20))
    #: the id of the changed row (kept when a date change is taken back and its row goes)
    subject_id: Mapped[int] = mapped_column(Integer)
    #: created, updated, removed, restored, closed, reopened, retired or reverted
    action: Mapped[str] = mapped_column(String(20))
    #: the changed fields only, as they were and as they became
    before: Mapped[dict] = mapped_column(JSONText, default=dict)
    after: Mapped[dict] = mapped_column(JSONText, default=dict)
    #: calendar bookkeeping (sequence, series, updated) before and after, so that undoing
    #: the latest change puts the public feeds back exactly as they were
    state: Mapped[dict | None] = mapped_column(JSONText)
    reason: Mapped[str | None] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the revision this one undid
    reverts_id: Mapped[int | None] = mapped_column(
        ForeignKey("revision.id", name="fk_revision_reverts_id")
    )

    link: Mapped[GroupLink | None] = relationship()


class Suggestion(db.Model):
    """A change to a meeting proposed by anyone, waiting for a link holder to apply or dismiss."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", name="fk_suggestion_meeting_id"), index=True
    )
    #: the fields the suggester changed, as they were shown and as proposed
    before: Mapped[dict] = mapped_column(JSONText, default=dict)
    after: Mapped[dict] = mapped_column(JSONText, default=dict)
    message: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: pending, applied or dismissed
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_link.id", name="fk_suggestion_resolved_by_link_id")
    )

    meeting: Mapped[Meeting] = relationship()


class GroupEvent(db.Model):
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


class ServiceRole(db.Model):
    """A trusted-servant role of a group (chair, secretary, coffee…): it rotates."""

    __table_args__ = (Index("ix_service_role_group_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_service_role_group_id"))
    title: Mapped[str] = mapped_column(String(100))
    #: what it involves, in the group's words
    duties: Mapped[str | None] = mapped_column(Text)
    #: "meeting" (each date of `meeting`), "week", "month" or "year"
    term_unit: Mapped[str] = mapped_column(String(10))
    #: how many weeks, months or years one term lasts (1 for per-meeting roles)
    term_length: Mapped[int] = mapped_column(Integer, default=1)
    seats: Mapped[int] = mapped_column(Integer, default=1)
    #: written by the group ("one year of sobriety suggested"): self-declared, never checked
    requirement: Mapped[str | None] = mapped_column(String(200))
    #: whether its holder may hold another role at the same time
    combinable: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the meeting whose dates are the terms of a per-meeting role
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", name="fk_service_role_meeting_id"))
    #: the first day of the first term; later terms follow back to back
    starts_on: Mapped[date]
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    @property
    def per_meeting(self) -> bool:
        return self.term_unit == "meeting"


class Volunteer(db.Model):
    """A name a member chooses within a group ("Sam K."); only link holders ever see it."""

    __table_args__ = (
        Index("ix_volunteer_group_id", "group_id"),
        Index("uq_volunteer_group_name", "group_id", "name", unique=True,
              sqlite_where=text("removed_at IS NULL"),
              postgresql_where=text("removed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_volunteer_group_id"))
    name: Mapped[str] = mapped_column(String(60))
    #: how to reach them, for the group's link holders only
    private_note: Mapped[str | None] = mapped_column(Text)
    #: ids of roles they would rather not be suggested for
    declined_roles: Mapped[list] = mapped_column(JSONText, default=list)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @staticmethod
    def name_key(name: str) -> str:
        """What makes two names the same: case and spacing aside ("sam  k." is "Sam K.")."""
        return " ".join(name.split()).casefold()

    away: Mapped[list[Away]] = relationship(
        order_by="Away.first_day", primaryjoin="and_(Away.volunteer_id == Volunteer.id, "
        "Away.removed_at.is_(None))", viewonly=True)


class Away(db.Model):
    """Days a volunteer is away (both included): nobody suggests them for a term then."""

    __table_args__ = (Index("ix_away_volunteer_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_away_group_id"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer.id", name="fk_away_volunteer_id"))
    first_day: Mapped[date]
    last_day: Mapped[date]
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    volunteer: Mapped[Volunteer] = relationship()


class Term(db.Model):
    """One seat of one term of a role, once someone has put their name on it.

    Open terms are worked out from the role and are not stored; a released term keeps its
    row with no volunteer, so one seat of one term is always one row and one calendar UID.
    """

    __table_args__ = (
        UniqueConstraint("role_id", "seat", "starts_on", name="uq_term_role_seat_starts_on"),
        UniqueConstraint("uid", name="uq_term_uid"),
        Index("ix_term_group_id", "group_id"),
        Index("ix_term_volunteer_id", "volunteer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: calendar identity, never changes
    uid: Mapped[str] = mapped_column(String(64), default=new_uid)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_term_group_id"))
    role_id: Mapped[int] = mapped_column(ForeignKey("service_role.id", name="fk_term_role_id"))
    seat: Mapped[int] = mapped_column(Integer, default=1)
    #: first and last day; for a per-meeting role, the local date the meeting is due
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", name="fk_term_volunteer_id"))
    #: "filled", "standin" (its holder asks for a stand-in) or "open"
    status: Mapped[str] = mapped_column(String(20), default="filled")
    #: grows with every change, for calendars
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    role: Mapped[ServiceRole] = relationship()
    volunteer: Mapped[Volunteer | None] = relationship()


class FeedToken(db.Model):
    """A read-only, revocable token in the URL of a private service calendar."""

    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_feed_token_token_hash"),
        Index("ix_feed_token_group_id", "group_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_feed_token_group_id"))
    #: whose service it shows; None for the whole group's
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer.id", name="fk_feed_token_volunteer_id"))
    #: sha256 (hex) of the token; the token itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last day a calendar fetched it: a date only
    last_used_on: Mapped[date | None] = mapped_column(Date)

    volunteer: Mapped[Volunteer | None] = relationship()
