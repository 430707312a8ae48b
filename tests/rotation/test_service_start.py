"""Starting service well: a new role's first term starts at the next meeting, a role per
meeting picks a meeting that is held, and a phone remembers whose it is."""

from datetime import UTC, datetime

import pytest
from holders import join, post, start_group, text
from rostering import add_role, add_volunteer, take_url

from meetings.core.database import db
from meetings.directory.models import Group, Meeting

# Thursday 3 December 2026, 09:00 in London; the group meets on Thursdays at 19:00.
THURSDAY = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def group(client, at):
    at(THURSDAY)
    _page, url, _code = start_group(client)
    return db.session.scalar(db.select(Group.slug)), db.session.scalar(db.select(Meeting)), url


def test_a_role_added_in_december_covers_december(client, group):
    slug, _meeting, _url = group
    form = client.get(f"/groups/{slug}/roster/roles/new?preset=coffee").get_data(as_text=True)
    assert 'name="starts_on" required type="date" value="2026-12-03"' in form  # tonight's meeting
    other = client.get(f"/groups/{slug}/roster/roles/new").get_data(as_text=True)
    assert 'name="starts_on" required type="date" value="2026-12-03"' in other
    add_role(client, slug, "Coffee", length=3, starts_on="2026-12-03")
    roster = text(client.get(f"/groups/{slug}/roster"))
    assert "Coffee Term: 3 months Dec 3, 2026 – Mar 2, 2027 open" in roster


def test_the_next_meeting_held_is_the_first_day_and_the_chairs_meeting(client, group):
    slug, thursday, _url = group
    response = post(client, f"/groups/{slug}/meetings/new", {
        "name": "Sunday Study", "weekdays": ["0"], "start_time": "10:00", "length": "60",
        "timezone": "Europe/London", "attendance": "online",
        "conference_url": "https://meet.example.org/sunday"})
    assert response.status_code == 303
    sunday = db.session.scalar(db.select(Meeting).where(Meeting.name == "Sunday Study"))
    close = f"/groups/{slug}/meetings/{thursday.id}/close"
    assert post(client, close, form_url=close).status_code == 303
    chair = client.get(f"/groups/{slug}/roster/roles/new?preset=chair").get_data(as_text=True)
    assert f'<option selected value="{sunday.id}">Sunday Study</option>' in chair
    assert f'<option value="{thursday.id}">Thursday Hybrid (temporarily closed)</option>' in chair
    coffee = client.get(f"/groups/{slug}/roster/roles/new?preset=coffee").get_data(as_text=True)
    assert 'value="2026-12-06"' in coffee  # Sunday: the closed Thursday is not held


def test_the_phone_that_added_a_volunteer_knows_who_it_is(app, client, group):
    slug, _meeting, url = group
    chair = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-03")
    response = post(client, f"/groups/{slug}/roster/volunteers", {"name": "Sam K."})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get(take_url(slug, chair, "2026-12-10")).get_data(as_text=True)
    assert "This device knows you as Sam K." in text(client.get(take_url(slug, chair,
                                                                        "2026-12-10")))
    assert '<option selected value="1">Sam K.</option>' in page
    other = app.test_client()
    join(other, url)
    add_volunteer(other, slug, "Alex P.")
    alex_page = other.get(take_url(slug, chair, "2026-12-10")).get_data(as_text=True)
    assert '<option selected value="2">Alex P.</option>' in alex_page
    assert "Sam K." not in text(client.get(f"/groups/{slug}"))  # never on the public page
    listed = text(other.get(f"/groups/{slug}/roster/volunteers"))
    assert "Alex P. you, on this device Not me" in listed and "Sam K. This is me" in listed
    not_me = f"/groups/{slug}/roster/volunteers/2/not-me"
    post(other, not_me, form_url=f"/groups/{slug}/roster/volunteers")
    fresh = other.get(take_url(slug, chair, "2026-12-10")).get_data(as_text=True)
    assert '<option selected value="0">Choose a name…</option>' in fresh
    assert "This is me: let this device remember it" in text(other.get(take_url(
        slug, chair, "2026-12-10")))
    taken = post(other, take_url(slug, chair, "2026-12-10"),
                 {"volunteer": "1", "this_is_me": "y"})
    assert taken.status_code == 303
    again = other.get(take_url(slug, chair, "2026-12-17")).get_data(as_text=True)
    assert '<option selected value="1">Sam K.</option>' in again
    me = f"/groups/{slug}/roster/volunteers/2/me"
    post(other, me, form_url=f"/groups/{slug}/roster/volunteers")
    assert '<option selected value="2">Alex P.</option>' in other.get(
        take_url(slug, chair, "2026-12-17")).get_data(as_text=True)
    forget = post(other, f"/groups/{slug}/forget", form_url=f"/groups/{slug}/manage")
    assert forget.status_code == 303
    join(other, url)
    assert '<option selected value="0">Choose a name…</option>' in other.get(
        take_url(slug, chair, "2026-12-17")).get_data(as_text=True)
