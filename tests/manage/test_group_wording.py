"""What a group's pages say: a closed meeting is closed, the history keeps each entry's own
name, and no two sentences or words run together."""

import html
import re
from datetime import UTC, datetime

import pytest
from holders import post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting

# Tuesday 1 December 2026, 09:00 in London; the group meets on Thursdays at 19:00.
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def holder(client, at):
    at(MORNING)
    start_group(client)
    return client, db.session.scalar(db.select(Group.slug)), db.session.scalar(db.select(Meeting))


def words(response) -> str:
    """The page's words as a browser joins them: tags leave no space behind."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", response.get_data(as_text=True), flags=re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\u202f", " ")
    return " ".join(plain.split())


def close(client, slug, meeting):
    url = f"/groups/{slug}/meetings/{meeting.id}/close"
    assert post(client, url, form_url=url).status_code == 303


def test_a_closed_meeting_has_no_next_date_and_no_date_moved(holder):
    client, slug, meeting = holder
    dates = f"/groups/{slug}/meetings/{meeting.id}/dates"
    post(client, f"{dates}/2026-12-10", {"status": "moved", "new_date": "2026-12-11",
                                         "new_start": "13:00", "note": "Friday lunchtime"})
    close(client, slug, meeting)
    page = text(client.get(f"/meetings/{meeting.slug}"))
    assert "Temporarily closed It has been temporarily closed since December 1, 2026" in page
    assert "there are no dates to go to for now." in page
    assert "When it is open: Thursday, 7:00 – 8:00 PM (London time)" in page
    for wrong in ("Thursday, December 3", "(in ", "instead", "Friday lunchtime", "Today",
                  "Tomorrow"):
        assert wrong not in page, wrong
    row = text(client.get(f"/groups/{slug}")).split("Meetings", 2)[2]
    assert "usually Thu 7:00 PM Thursday Hybrid Temporarily closed" in row
    assert "Thu, Dec 3" not in row
    listed = text(client.get("/meetings"))
    assert "usually Thu 7:00 PM Thursday Hybrid Temporarily closed" in listed
    feed = client.get(f"/meetings/{meeting.slug}.ics").get_data(as_text=True)
    assert "Friday lunchtime" not in feed and "STATUS:CONFIRMED" not in feed
    assert feed.count("DESCRIPTION:Temporarily closed.") == 2  # the series and the date


def test_a_closed_meeting_says_so_even_without_its_history(make_meeting, client):
    meeting = make_meeting(attendance="inactive", types="O TC")
    page = text(client.get(f"/meetings/{meeting.slug}"))
    assert "It is temporarily closed: there are no dates to go to for now." in page
    assert "(in " not in page


def test_the_history_tells_each_entry_under_the_name_it_had_then(holder):
    client, slug, meeting = holder
    dates = f"/groups/{slug}/meetings/{meeting.id}/dates"
    post(client, f"{dates}/2026-12-24", {"status": "cancelled"})
    edit = f"/groups/{slug}/meetings/{meeting.id}/edit"
    form = {"name": "FREE MONEY", "weekdays": ["4"], "start_time": "19:00", "length": "60",
            "timezone": "Europe/London", "attendance": "hybrid",
            "place": str(meeting.location_id), "conference_url": "https://meet.example.org/x",
            "types": ["O", "D"]}
    page = client.get(edit).get_data(as_text=True)
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"', page).group(1)
    assert post(client, edit, {**form, "revision": revision}).status_code == 303
    post(client, f"{dates}/2026-12-31", {"status": "cancelled"})
    client.get(f"/groups/{slug}/history")  # the messages of these changes are read once
    history = text(client.get(f"/groups/{slug}/history"))
    assert "FREE MONEY on Thursday, December 31, 2026: added" in history
    assert ("Thursday Hybrid: changed name changed from Thursday Hybrid to FREE MONEY"
            in history)
    assert "Thursday Hybrid on Thursday, December 24, 2026: added" in history
    assert "Thursday Hybrid: added" in history
    assert history.count("FREE MONEY") == 2


def test_sentences_and_words_never_run_together(holder):
    client, slug, meeting = holder
    dates = f"/groups/{slug}/meetings/{meeting.id}/dates"
    post(client, f"{dates}/2026-12-24", {"status": "cancelled", "note": "No meeting: hall shut"})
    post(client, f"/groups/{slug}/events/new", {
        "title": "Business meeting", "kind": "business", "date": "2026-12-06",
        "start_time": "11:00", "timezone": "Europe/London", "attendance": "hybrid",
        "place": str(meeting.location_id), "conference_url": "https://meet.example.org/b",
        "notes": "All welcome"})
    page = words(client.get(f"/meetings/{meeting.slug}"))
    assert "Cancelled on Thursday, December 24, 2026. No meeting: hall shut" in page
    assert "Held by Lewes Thursday Group" in page
    group = words(client.get(f"/groups/{slug}"))
    assert "(London) St Mary's Hall Join online All welcome" in group
    assert "Thu, Dec 3 7:00 PM" in group
    coming = words(client.get(dates))
    assert "Cancelled No meeting: hall shut" in coming
    spanish = words(client.get(f"/meetings/{meeting.slug}?lang=es"))
    assert "2026. No meeting: hall shut" in spanish
