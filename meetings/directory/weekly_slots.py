"""The weekly slots listings sort on: one row per weekday a meeting is held."""

from __future__ import annotations

from datetime import time

from sqlalchemy import ForeignKey, Integer, delete, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory.models import Meeting


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
    new = session.new  # built afresh on every access: once per flush, not per meeting
    for meeting in list(new) + list(session.dirty):
        if not isinstance(meeting, Meeting):
            continue
        state = inspect(meeting)
        if meeting in new or any(
            state.attrs[name].history.has_changes() for name in ("days", "start_time", "end_time")
        ):
            fresh = WeeklySlot.values_for(meeting.days or 0, meeting.start_time, meeting.end_time)
            if [(s.weekday, s.week_minute, s.length) for s in meeting.slots] != [
                (v["weekday"], v["week_minute"], v["length"]) for v in fresh
            ]:
                meeting.slots = [WeeklySlot(**values) for values in fresh]
