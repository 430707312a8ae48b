"""axe-core on every kind of page, at phone and desktop size, left to right and right to left.

A group is started and given a roster through the app's own forms; the browser then holds
its link like the group's member would, and every public and private page is checked.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from holders import path, post, start_group
from rostering import add_role, add_volunteer, take

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.rotation.models import ServiceRole

from .conftest import SIZES, Visit

LANGUAGES = ["en", "ar"]
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => d.open = true)"
#: controls a thumb must hit, and their size; a checkbox counts by its label
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, select, summary, textarea, input:not([type=hidden]), nav a, a.button, label')]
  .filter(e => e.offsetParent !== null && !e.closest('[aria-hidden=true], [tabindex="-1"]'))
  .filter(e => !(e.matches('input[type=checkbox], input[type=radio]') && e.closest('label')))
  .filter(e => !(e.matches('label') && !e.querySelector('input')))
  .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
  .filter(([html, box]) => box.width < 44 || box.height < 44)
  .map(([html, box]) => `${html} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.fixture(scope="module")
def held_group(server):
    """A group with a roster, its slug, one of its meeting ids, and its link's path."""
    with server.app.app_context():
        client = server.app.test_client()
        _response, link, _code = start_group(client, group_name="Axe Group")
        group = db.session.scalar(db.select(Group).where(Group.name == "Axe Group"))
        slug, meeting_id = group.slug, db.session.scalar(
            db.select(Meeting.id).where(Meeting.group_id == group.id)
        )
        first = date.today().replace(day=1) + timedelta(days=32)
        add_role(client, slug, "Secretary", starts_on=first.replace(day=1).isoformat())
        volunteer = add_volunteer(client, slug, "Sam K.")
        role = db.session.scalar(db.select(ServiceRole).where(ServiceRole.group_id == group.id))
        take(client, slug, role, first.replace(day=1).isoformat(), volunteer)
        meeting_slug = db.session.get(Meeting, meeting_id).slug
        post(client, f"/meetings/{meeting_slug}/report", {"reason": "wrong", "note": "Moved"})
        db.session.remove()
    return slug, meeting_id, path(link)


def pages(slug, meeting_id, meeting_slug, day="2030-01-01"):
    """Every kind of page a person meets, public then private."""
    return {
        "finder": "/",
        "list": "/meetings?type=O",
        "meeting": f"/meetings/{meeting_slug}",
        "group": f"/groups/{slug}",
        "print": "/print?day=1",
        "my meetings": f"/my-meetings?meeting={meeting_slug}",
        "suggest": f"/meetings/{meeting_slug}/suggest",
        "report": f"/meetings/{meeting_slug}/report",
        "not found": "/meetings/no-such-meeting",
        "bad filter": "/meetings?day=9",
        "group creation": "/groups/new",
        "zone chooser": "/time-zone?next=/meetings",
        "manage": f"/groups/{slug}/manage",
        "group editing": f"/groups/{slug}/edit",
        "meeting editing": f"/groups/{slug}/meetings/{meeting_id}/edit",
        "dates": f"/groups/{slug}/meetings/{meeting_id}/dates",
        "one date": f"/groups/{slug}/meetings/{meeting_id}/dates/{day}",
        "removing asked": f"/groups/{slug}/meetings/{meeting_id}/remove",
        "closing asked": f"/groups/{slug}/meetings/{meeting_id}/close",
        "history": f"/groups/{slug}/history",
        "links": f"/groups/{slug}/links",
        "roster": f"/groups/{slug}/roster",
        "roles": f"/groups/{slug}/roster/roles",
        "volunteers": f"/groups/{slug}/roster/volunteers",
        "business meeting": f"/groups/{slug}/roster/business",
        "embed": f"/embed?group={slug}",
        "embed not found": "/embed?group=no-such-group",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_accessibility_violations(visit, held_group, language):
    check_every_page(visit, held_group, language)


def test_every_page_in_dark_mode_has_no_accessibility_violations(browser, server, held_group):
    context = browser.new_context(viewport=SIZES["phone"], color_scheme="dark",
                                  timezone_id="Europe/London", locale="en-GB")
    visit = Visit(context, server, "phone-dark")
    try:
        check_every_page(visit, held_group, "en")
    finally:
        context.close()
    assert not visit.third_party(), visit.third_party()


def check_every_page(visit, held_group, language):
    slug, meeting_id, link = held_group
    visit.go(link)  # hold the group's link, as its member's phone does
    with visit.server.app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting_slug = meeting.slug
        day = meeting.next_occurrence(datetime.now(UTC)).due.date().isoformat()
    found = {}
    for name, url in pages(slug, meeting_id, meeting_slug, day).items():
        joiner = "&" if "?" in url else "?"
        visit.page.goto(f"{visit.server.url}{url}{joiner}lang={language}")
        assert visit.page.locator("html").get_attribute("lang") == language, name
        violations = visit.axe()
        if visit.size.startswith("phone"):
            visit.page.evaluate(OPEN_DETAILS)
            small = visit.page.evaluate(SMALL_TARGETS)
            violations += [f"touch target under 44 px: {item}" for item in small]
        if violations:
            found[name] = violations
        if visit.size.startswith("phone"):
            visit.shot(f"a11y-{name.replace(' ', '-')}-{language}")
    assert not found, found
