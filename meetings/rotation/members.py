"""The group's roles and volunteers as its pages look them up, and who this device is."""

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.database import db
from meetings.manage.capabilities import owned
from meetings.rotation.models import ServiceRole, Volunteer
from meetings.web import remembered as web_remembered


def owned_role(group, role_id) -> ServiceRole:
    return owned(group, ServiceRole, role_id, _("This group has no such role."))


def owned_volunteer(group, volunteer_id) -> Volunteer:
    return owned(group, Volunteer, volunteer_id, _("This group has no such volunteer."))


def active_volunteers(group) -> list[Volunteer]:
    query = select(Volunteer).where(Volunteer.group_id == group.id,
                                    Volunteer.removed_at.is_(None))
    return sorted(db.session.scalars(query), key=lambda v: Volunteer.name_key(v.name))


def remembered(group) -> Volunteer | None:
    """Whom this device says it is within a group: kept in its own signed, HttpOnly cookie."""
    found_id = web_remembered.me_in(group.id)
    found = db.session.get(Volunteer, found_id) if found_id is not None else None
    if found is None or found.group_id != group.id or found.removed_at is not None:
        return None
    return found


def remember(group, volunteer: Volunteer | None) -> None:
    """Tell this device who it is within a group, or (None) that it is nobody there."""
    web_remembered.remember_me(group.id, volunteer.id if volunteer is not None else None)


def name_used(group, name: str, other_than=None) -> bool:
    return any(Volunteer.name_key(v.name) == Volunteer.name_key(name)
               for v in active_volunteers(group) if v is not other_than)


def used_message(name: str) -> str:
    return _("“%(name)s” is already a name in this group. Add an initial or a word to tell "
             "you apart, like “%(name)s 2” or “%(name)s from Tuesdays”.", name=name)
