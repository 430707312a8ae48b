"""Where meetings are held: regions, places, and the feeds listings came from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
    relationship,
)

from meetings.core.clock import utcnow
from meetings.core.database import UTCDateTime, db

if TYPE_CHECKING:
    from meetings.directory.models import Meeting


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
