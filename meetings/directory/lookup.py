"""A group or a meeting by its slug, as the public sees it: hidden groups and removed
meetings are as unknown as ones that never existed."""

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.models import Group, Meeting


def group(slug: str, shown: bool = True) -> Group | None:
    """The group with this slug; with `shown`, only if the site's operator has not hidden it."""
    query = select(Group).where(Group.slug == slug)
    if shown:
        query = query.where(Group.hidden_at.is_(None))
    return db.session.scalar(query)


def group_or_404(slug: str, shown: bool = True) -> Group:
    found = group(slug, shown)
    if found is None:
        abort(404, description=_("There is no group at this address."))
    return found


def listed_meeting(slug: str) -> Meeting | None:
    """The meeting with this slug, if it is listed: not removed, and its group not hidden."""
    found = db.session.scalar(select(Meeting).where(Meeting.slug == slug))
    if found is None or found.removed_at is not None or found.group.hidden_at is not None:
        return None
    return found


def listed_meeting_or_404(slug: str) -> Meeting:
    found = listed_meeting(slug)
    if found is None:
        no_meeting()
    return found


def no_meeting():
    abort(404, description=_("There is no meeting at this address. It may have ended or moved."))
