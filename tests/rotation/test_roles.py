"""Service roles: presets to start from, terms of any length, edits that keep taken terms whole."""

import re

import pytest
from flask_babel import LazyString
from holders import join, post, revision_in, text
from rostering import add_role, add_volunteer, started, take, term

from meetings.core.database import db
from meetings.rotation.models import ServiceRole
from meetings.rotation.roles import PRESETS


@pytest.fixture
def group(client, at):
    slug, meeting = started(client, at)
    return slug, meeting


def test_common_roles_are_offered_in_the_readers_language_to_edit(client, group):
    slug, meeting = group
    page = text(client.get(f"/groups/{slug}/roster/roles"))
    for title in ("General service representative (GSR)", "Alternate GSR", "Secretary",
                  "Treasurer", "Chair", "Coffee", "Literature", "Greeter"):
        assert title in page
    for preset in PRESETS.values():  # looked up in the reader's language when shown
        assert isinstance(preset.title, LazyString) and isinstance(preset.duties, LazyString)
    form = client.get(f"/groups/{slug}/roster/roles/new?preset=gsr").get_data(as_text=True)
    assert 'value="General service representative (GSR)"' in form
    assert re.search(r'checked id="term_unit-3" name="term_unit" type="radio" value="year"', form)
    assert 'name="term_length" type="number" value="2"' in form
    assert 'value="Two years of sobriety suggested"' in form
    assert 'id="combinable" name="combinable" type="checkbox" value="y">' in form  # unticked
    assert 'value="2026-12-03"' in form  # the next meeting: no month left with nobody
    chair = client.get(f"/groups/{slug}/roster/roles/new?preset=chair").get_data(as_text=True)
    assert f'<option selected value="{meeting.id}">Thursday Hybrid</option>' in chair
    response = post(client, f"/groups/{slug}/roster/roles/new?preset=gsr", {
        "title": "GSR", "duties": "District meetings, monthly.", "term_unit": "year",
        "term_length": "2", "seats": "1", "requirement": "Two years suggested",
        "starts_on": "2027-01-01"})
    assert response.status_code == 303
    role = db.session.scalar(db.select(ServiceRole))
    assert (role.title, role.term_unit, role.term_length, role.combinable) == (
        "GSR", "year", 2, False)
    listed = text(client.get(f"/groups/{slug}/roster/roles"))
    assert "GSR Term: 2 years · not combined with another role" in listed


def test_a_role_needs_its_meeting_or_its_length(client, group):
    slug, _meeting = group
    url = f"/groups/{slug}/roster/roles/new"
    per_meeting = post(client, url, {"title": "Chair", "term_unit": "meeting", "seats": "1",
                                     "starts_on": "2026-12-01", "meeting": ""})
    assert per_meeting.status_code == 400
    assert 'id="meeting-error">Choose the meeting whose dates are the terms.' in per_meeting.text
    counted = post(client, url, {"title": "Coffee", "term_unit": "month", "term_length": "",
                                 "seats": "1", "starts_on": "2027-01-01"})
    assert 'id="term_length-error">Say how many weeks, months or years.' in counted.text
    seats = post(client, url, {"title": "Coffee", "term_unit": "month", "term_length": "3",
                               "seats": "0", "starts_on": "2027-01-01"})
    assert 'id="seats-error"' in seats.text
    assert db.session.scalar(db.select(db.func.count(ServiceRole.id))) == 0


def test_new_terms_may_not_overlap_terms_already_taken(client, group):
    slug, _meeting = group
    role = add_role(client, slug, "Secretary", length=6)
    sam = add_volunteer(client, slug, "Sam K.")
    assert take(client, slug, role, "2027-01-01", sam).status_code == 303
    url = f"/groups/{slug}/roster/roles/{role.id}/edit"
    form = {"title": "Secretary", "term_unit": "year", "term_length": "1", "seats": "1",
            "starts_on": "2027-01-01", "combinable": "y"}
    refused = post(client, url, {**form, "revision": revision_in(client.get(url))})
    assert refused.status_code == 400
    assert ("These terms are taken and the new terms would overlap them: Secretary, "
            "Jan 1 – Jun 30, 2027 (Sam K.). Let the new terms begin on Thursday, July 1, 2027 "
            "or later, or release those terms first.") in text(refused)
    fewer = post(client, url, {**form, "term_unit": "month", "term_length": "6", "seats": "1",
                               "starts_on": "2027-02-01", "revision": revision_in(refused)})
    assert fewer.status_code == 400  # a shifted start overlaps too
    later = post(client, url, {**form, "starts_on": "2027-07-01", "revision": revision_in(fewer)})
    assert later.status_code == 303
    page = text(client.get(f"/groups/{slug}/roster"))
    assert "Secretary Term: 1 year" in page
    assert "Jan 1 – Jun 30, 2027 Sam K." in page  # the term taken still stands
    assert "Jul 1, 2027 – Jun 30, 2028 open" in page
    assert term(role, "2027-01-01").volunteer_id == sam.id


def test_fewer_seats_or_another_meeting_leave_no_taken_term_behind(client, group):
    slug, meeting = group
    coffee = add_role(client, slug, "Coffee", length=3, seats=2)
    chair = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01")
    jo = add_volunteer(client, slug, "Jo M.")
    take(client, slug, coffee, "2027-01-01", jo, seat=2)
    take(client, slug, chair, "2026-12-10", jo)
    url = f"/groups/{slug}/roster/roles/{coffee.id}/edit"
    one_seat = post(client, url, {"title": "Coffee", "term_unit": "month", "term_length": "3",
                                  "seats": "1", "starts_on": "2027-01-01", "combinable": "y",
                                  "revision": revision_in(client.get(url))})
    assert one_seat.status_code == 400
    assert "Coffee (seat 2), Jan 1 – Mar 31, 2027 (Jo M.)" in text(one_seat)
    post(client, f"/groups/{slug}/meetings/new", {
        "name": "Saturday Step Study", "weekdays": ["6"], "start_time": "10:00", "length": "90",
        "timezone": "Europe/London", "attendance": "in_person", "place": str(meeting.location_id),
        "types": ["ST"]})
    saturday = db.session.scalar(db.select(ServiceRole.meeting_id).where(
        ServiceRole.id == chair.id))
    other = str(next(m.id for m in meeting.group.meetings if m.id != saturday))
    url = f"/groups/{slug}/roster/roles/{chair.id}/edit"
    moved = post(client, url, {"title": "Chair", "term_unit": "meeting", "meeting": other,
                               "seats": "1", "starts_on": "2026-12-01", "combinable": "y",
                               "revision": revision_in(client.get(url))})
    assert moved.status_code == 400
    assert "Chair, Thursday, December 10, 2026 (Jo M.)" in text(moved)


def test_two_people_editing_a_role_never_overwrite_each_other(app, client, group):
    slug, _meeting = group
    role = add_role(client, slug, "Coffee", length=3)
    url = f"/groups/{slug}/roster/roles/{role.id}/edit"
    seen = revision_in(client.get(url))
    other = app.test_client()
    fresh = app.test_cli_runner().invoke(args=["group-link", slug, "--name", "second phone"])
    join(other, fresh.stdout.splitlines()[0])
    form = {"title": "Coffee", "term_unit": "month", "term_length": "3", "seats": "1",
            "starts_on": "2027-01-01", "combinable": "y"}
    assert post(other, url, {**form, "seats": "2", "revision": seen}).status_code == 303
    late = post(client, url, {**form, "duties": "Tea too", "revision": seen})
    assert late.status_code == 409 and "Someone changed this meanwhile" in text(late)
    assert "people at a time changed from 1 to 2" in text(late)


def test_a_removed_role_leaves_the_roster_and_can_be_restored(client, group):
    slug, _meeting = group
    role = add_role(client, slug, "Literature", length=6)
    roles = f"/groups/{slug}/roster/roles"
    post(client, f"/groups/{slug}/roster/roles/{role.id}/remove", form_url=roles)
    assert "“Literature” is removed. Restore it below" in text(client.get(roles))
    assert "Literature" not in text(client.get(f"/groups/{slug}/roster"))
    post(client, f"/groups/{slug}/roster/roles/{role.id}/restore", form_url=roles)
    assert "Literature Term: 6 months" in text(client.get(f"/groups/{slug}/roster"))
