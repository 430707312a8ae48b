"""The name a meeting, event, link, role or volunteer had at a point in its history."""

from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.directory.occurrences import GroupEvent
from meetings.manage.models import GroupLink, Revision
from meetings.rotation.models import ServiceRole, Volunteer

#: the field that names each kind of subject
NAMES = {"meeting": "name", "event": "title", "link": "name", "role": "title",
         "volunteer": "name"}
NAMED = {"meeting": Meeting, "event": GroupEvent, "link": GroupLink, "role": ServiceRole,
         "volunteer": Volunteer}


def name_then(revision: Revision, kind: str, subject_id: int) -> str:
    """The name a subject had when a revision was made, not the one it has now.

    A renaming revision is told under the name it replaced; otherwise the nearest earlier
    revision that set the name says it, else the next one that replaced it, else the row.
    """
    field = NAMES[kind]
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
    found = db.session.get(NAMED[kind], subject_id)
    return getattr(found, field) if found is not None else "?"
