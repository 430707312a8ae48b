"""Service rotation's tables: roles, volunteers, days away, terms, private feed tokens."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
    relationship,
)

from meetings.core import revisable
from meetings.core.clock import utcnow
from meetings.core.database import JSONText, Revisable, UTCDateTime, db, new_uid
from meetings.rotation.revisable import AWAY, FEED, ROLE, TERM, VOLUNTEER

if TYPE_CHECKING:
    from meetings.directory.models import Group, Meeting


@revisable.register(ROLE)
class ServiceRole(Revisable, db.Model):
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


@revisable.register(VOLUNTEER)
class Volunteer(Revisable, db.Model):
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


@revisable.register(AWAY)
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


@revisable.register(TERM)
class Term(Revisable, db.Model):
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


@revisable.register(FEED)
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
