"""What a device remembers in its signed, HttpOnly session cookie, by id only.

The group links it holds, and who it is within each group's roster. Nothing here knows
what a link or a volunteer is: the features that own them look the ids up.
"""

from flask import session

LINKS = "links"
#: who this device is, per group: {group id: volunteer id}
ME = "me"
#: how many links, and how many groups' "me", one device remembers
HELD = 50


def link_ids() -> list[int]:
    """The links this device holds, the one opened last at the end."""
    return session.get(LINKS, [])


def hold_link(link_id: int) -> None:
    ids = [i for i in link_ids() if i != link_id] + [link_id]
    session[LINKS] = ids[-HELD:]
    session.permanent = True


def forget_group(group_id: int, link_ids_of_group: set[int]) -> None:
    """Forget the group's links and who this device is there (the links keep working)."""
    session[LINKS] = [i for i in link_ids() if i not in link_ids_of_group]
    session[ME] = {k: v for k, v in session.get(ME, {}).items() if k != str(group_id)}


def me_in(group_id: int) -> int | None:
    found = session.get(ME, {}).get(str(group_id))
    return found if isinstance(found, int) else None


def remember_me(group_id: int, volunteer_id: int | None) -> None:
    """Remember who this device is within a group, or (None) that it is nobody there."""
    mine = {key: value for key, value in session.get(ME, {}).items() if key != str(group_id)}
    if volunteer_id is not None:
        mine[str(group_id)] = volunteer_id
    session[ME] = dict(list(mine.items())[-HELD:])
    session.permanent = True
