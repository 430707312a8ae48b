"""Anyone suggests a change to a meeting; link holders apply or dismiss it in one click."""

from datetime import time

import pytest
from holders import post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.manage.models import Revision, Suggestion


@pytest.fixture
def listed(app):
    """A group started by its founder's phone; that phone and a visitor's."""
    founder = app.test_client()
    start_group(founder)
    slug = db.session.scalar(db.select(Group.slug))
    found = db.session.scalar(db.select(Meeting))
    return founder, app.test_client(), slug, found


def suggestion_form(found, **changes):
    data = {"name": found.name, "weekdays": [str(d) for d in found.weekdays],
            "start_time": found.start_time.strftime("%H:%M"), "length": "60",
            "timezone": found.timezone, "attendance": found.attendance, "place": "new",
            "location_name": found.location.name, "address": found.location.address,
            "conference_url": found.conference_url, "types": found.type_codes}
    return {**data, **changes}


def test_every_meeting_page_offers_a_prefilled_suggestion_form(listed):
    _founder, visitor, _slug, found = listed
    page = visitor.get(f"/meetings/{found.slug}")
    assert f'href="/meetings/{found.slug}/suggest"' in page.text
    form = visitor.get(f"/meetings/{found.slug}/suggest").get_data(as_text=True)
    assert 'value="Thursday Hybrid"' in form and 'value="19:00"' in form
    assert 'value="1 High St, Lewes BN7 2AA"' in form
    assert 'name="csrf_token"' in form
    assert "type=\"email\"" not in form and "password" not in form.lower()


def test_a_suggestion_is_applied_by_a_holder_as_a_recorded_change(listed):
    founder, visitor, slug, found = listed
    url = f"/meetings/{found.slug}/suggest"
    sent = post(visitor, url, {**suggestion_form(found, start_time="19:30",
                                                 address="2 High St, Lewes"),
                               "message": "The group moved next door in November."})
    assert sent.status_code == 200 and "Thank you" in text(sent)
    stored = db.session.scalar(db.select(Suggestion))
    assert stored.after == {"start_time": "19:30", "end_time": "20:30",
                            "address": "2 High St, Lewes"}
    manage = text(founder.get(f"/groups/{slug}/manage"))
    assert "1 suggestion from visitors" in manage
    assert "start time 7:00 PM 7:30 PM" in manage
    assert "address 1 High St, Lewes BN7 2AA 2 High St, Lewes" in manage
    assert "The group moved next door in November." in manage
    applied = post(founder, f"/groups/{slug}/suggestions/{stored.id}/apply",
                   form_url=f"/groups/{slug}/manage")
    assert applied.status_code == 303
    found = db.session.get(Meeting, found.id)
    db.session.refresh(found)
    assert found.start_time == time(19, 30)
    assert (found.location.name, found.location.address) == ("St Mary's Hall", "2 High St, Lewes")
    db.session.refresh(stored)
    assert stored.status == "applied" and stored.resolved_by_link_id is not None
    revision = db.session.scalar(db.select(Revision).order_by(Revision.id.desc()))
    assert revision.reason == "suggestion: The group moved next door in November."
    history = text(founder.get(f"/groups/{slug}/history"))
    assert "reason: a visitor's suggestion: The group moved next door" in history
    assert "suggestion from visitors" not in text(founder.get(f"/groups/{slug}/manage"))


def test_a_dismissed_suggestion_changes_nothing(listed):
    founder, visitor, slug, found = listed
    post(visitor, f"/meetings/{found.slug}/suggest", suggestion_form(found, name="Spam"))
    stored = db.session.scalar(db.select(Suggestion))
    post(founder, f"/groups/{slug}/suggestions/{stored.id}/dismiss",
         form_url=f"/groups/{slug}/manage")
    db.session.refresh(stored)
    assert stored.status == "dismissed"
    assert db.session.scalar(db.select(Meeting.name)) == "Thursday Hybrid"


def test_suggestions_are_checked_like_any_form(listed):
    _founder, visitor, _slug, found = listed
    url = f"/meetings/{found.slug}/suggest"
    same = post(visitor, url, suggestion_form(found))
    assert same.status_code == 400 and 'id="message-error">Nothing was changed' in same.text
    bad = post(visitor, url, suggestion_form(found, conference_url="javascript:alert(1)"))
    assert bad.status_code == 400 and 'id="conference_url-error"' in bad.text
    assert db.session.scalar(db.select(Suggestion)) is None


def test_robots_filling_the_hidden_field_are_thanked_and_ignored(listed):
    _founder, visitor, _slug, found = listed
    sent = post(visitor, f"/meetings/{found.slug}/suggest",
                {**suggestion_form(found, name="Buy pills"), "homepage": "http://spam.example"})
    assert sent.status_code == 200 and "Thank you" in text(sent)
    assert db.session.scalar(db.select(Suggestion)) is None


def test_suggestions_are_rate_limited(listed):
    _founder, visitor, _slug, found = listed
    for n in range(10):
        sent = post(visitor, f"/meetings/{found.slug}/suggest",
                    suggestion_form(found, notes=f"Note {n}"))
        assert sent.status_code == 200
    refused = post(visitor, f"/meetings/{found.slug}/suggest",
                   suggestion_form(found, notes="one more"))
    assert refused.status_code == 429 and "Too many at once" in text(refused)


def test_a_suggestion_for_an_online_meeting_needs_no_address(app):
    founder = app.test_client()
    start_group(founder, attendance="online", address="", location_name="")
    found = db.session.scalar(db.select(Meeting))
    assert found.location is None
    visitor = app.test_client()
    data = {"name": found.name, "weekdays": ["4"], "start_time": "19:00", "length": "60",
            "timezone": "Europe/London", "attendance": "online",
            "conference_url": "https://meet.example.org/new", "types": ["O", "D"]}
    sent = post(visitor, f"/meetings/{found.slug}/suggest", data)
    assert sent.status_code == 200, text(sent)
    assert db.session.scalar(db.select(Suggestion)).after == {
        "conference_url": "https://meet.example.org/new"}
