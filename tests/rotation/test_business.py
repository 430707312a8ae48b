"""The business meeting sees which roles are up for rotation; the roster keeps who served."""

from datetime import UTC, datetime

import pytest
from holders import post, text
from rostering import add_role, add_volunteer, started, take


@pytest.fixture
def group(client, at):
    slug, meeting = started(client, at)
    roles = {
        "secretary": add_role(client, slug, "Secretary", length=6, starts_on="2026-07-01"),
        "treasurer": add_role(client, slug, "Treasurer", unit="year", starts_on="2026-07-01"),
        "coffee": add_role(client, slug, "Coffee", length=3, starts_on="2026-10-01"),
        "chair": add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01"),
    }
    people = {name: add_volunteer(client, slug, name) for name in ("Sam K.", "Jo M.", "Ash N.")}
    return slug, meeting, roles, people


def plan(client, slug, meeting, day):
    response = post(client, f"/groups/{slug}/events/new", {
        "title": "Group conscience", "kind": "business", "date": day, "start_time": "20:15",
        "length": "45", "timezone": "Europe/London", "attendance": "in_person",
        "place": str(meeting.location_id)})
    assert response.status_code == 303


def test_the_business_meeting_shows_the_roles_up_for_rotation(client, group):
    slug, meeting, roles, people = group
    take(client, slug, roles["secretary"], "2026-07-01", people["Sam K."])
    take(client, slug, roles["treasurer"], "2026-07-01", people["Jo M."])
    take(client, slug, roles["chair"], "2026-12-03", people["Ash N."])
    plan(client, slug, meeting, "2026-12-10")
    plan(client, slug, meeting, "2027-03-11")
    page = client.get(f"/groups/{slug}/roster/business")
    assert page.headers["Cache-Control"] == "no-store"
    words = text(page)
    assert ("At the business meeting on Thursday, December 10, 2026, 8:15 PM: the roles whose "
            "new terms begin by Thursday, March 11, 2027.") in words
    assert "Secretary Term: 6 months Sam K. serves until Thursday, December 31, 2026." in words
    assert "Jan 1 – Jun 30, 2027 open Could take it:" in words
    assert "Coffee Term: 3 months" in words and "Jan 1 – Mar 31, 2027 open" in words
    assert "Oct 1 – Dec 31, 2026 open" in words  # nobody holds the running term: needs someone
    assert "Chair Term: one meeting" in words and "Thursday, March 11, 2027 open" in words
    assert "Thursday, December 3, 2026 open" not in words  # taken
    assert "Not rotating yet Treasurer Jo M. until Wednesday, June 30, 2027" in words


def test_without_a_business_meeting_the_next_three_months_are_shown(client, group):
    slug, _meeting, _roles, _people = group
    words = text(client.get(f"/groups/{slug}/roster/business"))
    assert ("No business meeting is planned. Roles whose new terms begin by Wednesday, March 3, "
            "2027:") in words
    assert "Plan a business meeting" in words


def test_who_served_what_and_when_without_counting(client, group, at):
    slug, _meeting, roles, people = group
    take(client, slug, roles["secretary"], "2026-07-01", people["Sam K."])
    take(client, slug, roles["chair"], "2026-12-03", people["Jo M."])
    take(client, slug, roles["chair"], "2026-12-10", people["Sam K."])
    at(datetime(2026, 12, 11, 9, tzinfo=UTC))
    words = text(client.get(f"/groups/{slug}/roster/served"))
    assert words.index("Thursday, December 10, 2026 Chair Sam K.") < words.index(
        "Thursday, December 3, 2026 Chair Jo M.") < words.index(
        "Jul 1 – Dec 31, 2026 Secretary Sam K. serving now")
    assert "times" not in words and "points" not in words
