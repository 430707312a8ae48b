"""The name a subject (a meeting, event, link, role or volunteer) had at a point in its history."""

from sqlalchemy import select

from meetings.core import revisable
from meetings.core.database import db
from meetings.manage.models import Revision


def name_then(revision: Revision, kind: str, subject_id: int) -> str:
    """The name a subject had when a revision was made, not the one it has now.

    A renaming revision is told under the name it replaced; otherwise the nearest earlier
    revision that set the name says it, else the next one that replaced it, else the row.
    """
    field = revisable.kind(kind).named_by
    mine = revision.subject == kind and revision.subject_id == subject_id
    if mine and field in revision.before:
        return revision.before[field]
    query = select(Revision).where(Revision.subject == kind, Revision.subject_id == subject_id)
    for earlier in db.session.scalars(query.where(Revision.id <= revision.id)
                                      .order_by(Revision.id.desc())):
        if field in (earlier.after or {}):
            return earlier.after[field]
    for later in db.session.scalars(query.where(Revision.id > revision.id)
                                    .order_by(Revision.id)):
        if field in (later.before or {}):
            return later.before[field]
    found = db.session.get(revisable.model(kind), subject_id)
    return getattr(found, field) if found is not None else "?"
