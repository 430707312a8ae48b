"""Group edits that cannot go wrong by one tap: nothing chosen in advance, a question before
removing or closing, and a message after every change with a way to undo it."""

import html
import re
from datetime import UTC, datetime

import pytest
from holders import post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage.models import GroupLink, Suggestion

# Tuesday 1 December 2026, 09:00 in London; the group meets on Thursdays at 19:00.
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Thursday 3 December 2026, 19:30 in London: the meeting is in progress.
DURING = datetime(2026, 12, 3, 19, 30, tzinfo=UTC)
STATUS = re.compile(r'<div class="flash" role="status">(.*?)</div>', re.S)


@pytest.fixture
def holder(client, at):
    at(MORNING)
    start_group(client)
    return client, db.session.scalar(db.select(Group.slug)), db.session.scalar(db.select(Meeting))


def status(response) -> str:
    """The message a page shows in its status region after a change, as words."""
    found = STATUS.search(response.get_data(as_text=True))
    assert found, "no message in a status region"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def followed(client, response):
    assert response.status_code == 303, text(response)
    return client.get(response.location)


def test_the_dates_page_lists_coming_dates_and_chooses_nothing(holder, at):
    client, slug, meeting = holder
    at(DURING)
    url = f"/groups/{slug}/meetings/{meeting.id}/dates"
    listed = client.get(url).get_data(as_text=True)
    assert "checked" not in listed and 'name="status"' not in listed
    assert f'href="{url}/2026-12-03">Thursday, December 3, 2026, 7:00' in listed
    assert f'href="{url}/2026-12-10">' in listed
    tonight = client.get(f"{url}/2026-12-03")
    body = tonight.get_data(as_text=True)
    assert tonight.status_code == 200 and "This date is in progress now." in text(tonight)
    assert "checked" not in body  # neither "Cancelled" nor "Moved" until the person says
    one_tap = post(client, f"{url}/2026-12-03", {})
    assert one_tap.status_code == 400
    assert 'id="status-error">Choose what happens that day.' in one_tap.text
    assert db.session.scalar(db.select(DateChange)) is None
    assert client.get(f"{url}/2026-12-02").status_code == 404  # a Wednesday
    assert client.get(f"{url}/someday").status_code == 404


def test_a_changed_date_shows_what_it_is_and_says_so_with_an_undo(holder):
    client, slug, meeting = holder
    url = f"/groups/{slug}/meetings/{meeting.id}/dates"
    page = followed(client, post(client, f"{url}/2026-12-24", {
        "status": "moved", "new_start": "18:00", "length": "90", "note": "Earlier"}))
    assert status(page) == ("Thursday, December 24, 2026: moved. The meeting's page and "
                            "calendars say so. Undo")
    again = client.get(f"{url}/2026-12-24").get_data(as_text=True)
    assert 'checked id="status-1" name="status" type="radio" value="moved"' in again
    assert 'value="18:00"' in again and 'value="90"' in again
    undone = followed(client, post(client, undo_url(page), {"next": url}, form_url=url))
    assert undone.request.path == url
    assert status(undone).startswith("The change was undone.")
    assert db.session.scalar(db.select(DateChange)) is None


def undo_url(page) -> str:
    found = re.search(r'action="(/groups/[^"]+/history/\d+/revert)"', page.get_data(as_text=True))
    assert found, "no undo offered"
    return found.group(1)


def test_every_change_to_the_listing_says_what_it_did(holder):
    client, slug, meeting = holder
    manage = f"/groups/{slug}/manage"
    added = followed(client, post(client, f"/groups/{slug}/meetings/new", {
        "name": "Sunday Online", "weekdays": ["0"], "start_time": "10:00", "length": "60",
        "timezone": "Europe/London", "attendance": "online",
        "conference_url": "https://us02web.zoom.us/j/5551234567"}))
    assert status(added) == "“Sunday Online” is listed. Undo"
    undone = followed(client, post(client, undo_url(added), {"next": manage}, form_url=manage))
    assert undone.request.path == manage and status(undone) == "The change was undone. Undo"
    assert "Sunday Online" in text(undone).split("Removed meetings")[1]
    details = followed(client, post(client, f"/groups/{slug}/edit", {"name": "Lewes Group"}))
    assert status(details) == "The group's details are saved. Undo"
    event = followed(client, post(client, f"/groups/{slug}/events/new", {
        "title": "Group conscience", "kind": "business", "date": "2026-12-06",
        "start_time": "11:00", "timezone": "Europe/London", "attendance": "in_person",
        "place": str(meeting.location_id)}))
    assert status(event) == "“Group conscience” is saved. Undo"
    found = db.session.scalar(db.select(GroupEvent))
    removed = followed(client, post(client, f"/groups/{slug}/events/{found.id}/remove",
                                    form_url=f"/groups/{slug}/events/{found.id}/remove"))
    assert status(removed) == "“Group conscience” is removed. Undo"
    made = post(client, f"/groups/{slug}/links", {"name": "treasurer"})
    assert made.status_code == 200
    other = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "treasurer"))
    retired = followed(client, post(client, f"/groups/{slug}/links/{other.id}/retire",
                                    form_url=f"/groups/{slug}/links"))
    assert status(retired) == ("The link “treasurer” is retired: it no longer works "
                               "anywhere. Undo")


def test_removing_or_closing_a_meeting_asks_first(holder):
    client, slug, meeting = holder
    manage = client.get(f"/groups/{slug}/manage").get_data(as_text=True)
    base = f"/groups/{slug}/meetings/{meeting.id}"
    for what in ("remove", "close"):  # no one-click form does it from the listing
        assert f'<form method="post" action="{base}/{what}"' not in manage
        assert f'href="{base}/{what}"' in manage
    ask = client.get(f"{base}/close")
    assert ask.status_code == 200 and ask.headers["Cache-Control"] == "no-store"
    assert "Mark “Thursday Hybrid” temporarily closed?" in text(ask)
    assert f'<form method="post" action="{base}/close"' in ask.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.attendance == "hybrid"  # asking changed nothing
    closed = followed(client, post(client, f"{base}/close", {"reason": "hall repairs"},
                                   form_url=f"{base}/close"))
    assert status(closed) == "“Thursday Hybrid” is marked temporarily closed. Undo"
    assert client.get(f"{base}/close").status_code == 303  # closed already: nothing to ask
    ask = client.get(f"{base}/remove")
    assert "Remove “Thursday Hybrid”?" in text(ask) and "Yes, remove it" in text(ask)
    removed = followed(client, post(client, f"{base}/remove", form_url=f"{base}/remove"))
    assert status(removed) == "“Thursday Hybrid” is removed from the listing. Undo"
    db.session.refresh(meeting)
    assert meeting.removed_at is not None
    assert client.get(f"/groups/{slug}/events/999/remove").status_code == 404


def test_applying_a_visitors_suggestion_says_so_with_an_undo(app, holder):
    client, slug, meeting = holder
    visitor = app.test_client()
    form = {"name": meeting.name, "weekdays": ["4"], "start_time": "19:30", "length": "60",
            "timezone": "Europe/London", "attendance": "hybrid", "place": "new",
            "location_name": meeting.location.name, "address": meeting.location.address,
            "conference_url": meeting.conference_url, "types": meeting.type_codes}
    assert post(visitor, f"/meetings/{meeting.slug}/suggest", form).status_code in (200, 303)
    found = db.session.scalar(db.select(Suggestion.id))
    manage = f"/groups/{slug}/manage"
    applied = followed(client, post(client, f"/groups/{slug}/suggestions/{found}/apply",
                                    form_url=manage))
    assert status(applied) == "The suggestion for “Thursday Hybrid” is applied. Undo"
