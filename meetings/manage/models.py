"""What link holders and readers leave behind: links, revisions, suggestions, reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from meetings.core import revisable
from meetings.core.clock import utcnow
from meetings.core.database import JSONText, UTCDateTime, db
from meetings.manage.revisable import LINK

if TYPE_CHECKING:
    from meetings.directory.models import Group, Meeting


@revisable.register(LINK)
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

    #: and each group's links, oldest first, as `group.links`
    group: Mapped[Group] = relationship(backref=backref("links", order_by="GroupLink.id"))

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


class Report(db.Model):
    """A reader's word that a listing is not a real meeting or is wrong: no account, no address."""

    __table_args__ = (Index("ix_report_group_id_created", "group_id", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", name="fk_report_group_id"))
    #: the meeting it was sent from; None when sent from the group's page
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", name="fk_report_meeting_id"))
    #: "not_real" or "wrong"
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(300))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when a link holder marked it read; the operator still counts it
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting | None] = relationship()
