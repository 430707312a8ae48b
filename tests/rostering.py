"""Helpers for roster tests: a group with roles and volunteers, made through the HTTP interface."""

from datetime import UTC, date, datetime

from holders import post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.rotation.models import ServiceRole, Term, Volunteer

# Tuesday 1 December 2026, 09:00 in London; the group meets on Thursdays at 19:00.
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
NAMES = ("Sam K.", "Alex P.", "Jo M.", "Chris B.")


def started(client, at):
    """A device holding the link of a freshly started group; its slug and its meeting."""
    at(MORNING)
    start_group(client)
    return db.session.scalar(db.select(Group.slug)), db.session.scalar(db.select(Meeting))


def add_role(client, slug, title, unit="month", length=1, seats=1, starts_on="2027-01-01",
             combinable=True, **extra) -> ServiceRole:
    data = {"title": title, "term_unit": unit, "term_length": str(length), "seats": str(seats),
            "starts_on": starts_on, **extra}
    if unit == "meeting":
        data.setdefault("meeting", str(db.session.scalar(db.select(Meeting.id))))
    if combinable:
        data["combinable"] = "y"
    response = post(client, f"/groups/{slug}/roster/roles/new", data)
    assert response.status_code == 303, text(response)
    return db.session.scalar(db.select(ServiceRole).where(ServiceRole.title == title))


def add_volunteer(client, slug, name, **extra) -> Volunteer:
    response = post(client, f"/groups/{slug}/roster/volunteers", {"name": name, **extra})
    assert response.status_code == 303, text(response)
    return db.session.scalar(db.select(Volunteer).where(Volunteer.name == name,
                                                        Volunteer.removed_at.is_(None)))


def take_url(slug, role, due, seat=1) -> str:
    return f"/groups/{slug}/roster/{role.id}/{due}/{seat}"


def take(client, slug, role, due, volunteer, seat=1, **extra):
    """Put a volunteer's name on a seat, as the take page's form does."""
    url = take_url(slug, role, due, seat)
    page = client.get(url)
    revision = page.status_code == 200 and _revision(page.get_data(as_text=True))
    return post(client, url, {"volunteer": str(volunteer.id), "revision": revision or "0",
                              **extra})


def _revision(body: str) -> str:
    import re

    found = re.search(r'id="revision" name="revision" type="hidden" value="(\d*)"', body)
    return found.group(1) if found else "0"


def term(role, due, seat=1) -> Term | None:
    found = db.session.scalar(db.select(Term).where(
        Term.role_id == role.id, Term.seat == seat, Term.starts_on == date.fromisoformat(due)))
    if found is not None:
        db.session.refresh(found)
    return found
