"""One date cancelled or moved, and one-off events, by link holders."""

from datetime import UTC, datetime

import pytest
from holders import post, revision_in, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage.models import Revision

# Tuesday 1 December 2026, 09:00 in London; the group meets on Thursdays at 19:00.
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def holder(client, at):
    at(MORNING)
    start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    meeting = db.session.scalar(db.select(Meeting))
    return client, slug, meeting


def test_one_date_is_cancelled_and_held_as_usual_again(holder):
    client, slug, meeting = holder
    url = f"/groups/{slug}/meetings/{meeting.id}/dates"
    assert "Thursday, December 3, 2026" in text(client.get(url))
    response = post(client, f"{url}/2026-12-24", {"status": "cancelled",
                                                  "note": "Hall closed for Christmas"})
    assert response.status_code == 303
    page = text(client.get(f"/meetings/{meeting.slug}"))
    assert "Cancelled on Thursday, December 24, 2026." in page
    assert "Hall closed for Christmas" in page
    change = db.session.scalar(db.select(DateChange))
    taken = post(client, f"/groups/{slug}/dates/{change.id}/take-back", form_url=url)
    assert taken.status_code == 303
    assert db.session.scalar(db.select(DateChange)) is None
    assert "Cancelled on" not in text(client.get(f"/meetings/{meeting.slug}"))
    history = text(client.get(f"/groups/{slug}/history"))
    assert "Thursday Hybrid on Thursday, December 24, 2026: held as usual again" in history
    assert "what happens: cancelled" in history


def test_one_date_moves_to_another_time(holder):
    client, slug, meeting = holder
    url = f"/groups/{slug}/meetings/{meeting.id}/dates"
    response = post(client, f"{url}/2026-12-10", {"status": "moved", "new_start": "18:00",
                                                  "length": "90"})
    assert response.status_code == 303
    change = db.session.scalar(db.select(DateChange))
    assert change.moved_start == datetime(2026, 12, 10, 18, 0)
    assert change.moved_end == datetime(2026, 12, 10, 19, 30)
    assert "it meets at 6:00 PM instead" in text(client.get(f"/meetings/{meeting.slug}"))
    again = post(client, f"{url}/2026-12-10", {"status": "cancelled"})
    assert again.status_code == 303
    assert db.session.scalar(db.select(db.func.count(DateChange.id))) == 1
    db.session.refresh(change)
    assert change.status == "cancelled" and change.moved_start is None


def test_only_dates_the_meeting_really_has(holder):
    client, slug, meeting = holder
    url = f"/groups/{slug}/meetings/{meeting.id}/dates"
    for day in ("2026-12-02", "2026-11-26", "2028-12-07"):  # a Wednesday, past, too far
        response = post(client, url, {"date": day, "status": "cancelled"},
                        form_url=f"{url}/2026-12-03")
        assert response.status_code == 400
        assert 'id="date-error">The meeting is not held on that date' in response.text
    moved = post(client, f"{url}/2026-12-03", {"status": "moved"})
    assert 'id="new_start-error">Give the new start time.' in moved.text
    assert db.session.scalar(db.select(DateChange)) is None


def test_one_off_events_are_listed_on_the_group_page(holder):
    client, slug, _meeting = holder
    url = f"/groups/{slug}/events/new"
    online = post(client, url, {"title": "Group conscience", "kind": "business",
                                "date": "2026-12-06", "start_time": "11:00", "length": "60",
                                "timezone": "Europe/London", "attendance": "online"})
    assert 'id="conference_url-error">Give the join link' in online.text
    response = post(client, url, {
        "title": "Business meeting", "kind": "business", "date": "2026-12-06",
        "start_time": "11:00", "length": "60", "timezone": "Europe/London",
        "attendance": "in_person", "place": str(_meeting.location_id),
        "notes": "All members welcome",
    })
    assert response.status_code == 303, text(response)
    event = db.session.scalar(db.select(GroupEvent))
    assert event.uid and event.location_id == _meeting.location_id
    page = text(client.get(f"/groups/{slug}"))
    assert "Coming up" in page and "Business meeting" in page
    assert "Sunday, December 6, 2026, 11:00 AM–12:00 PM" in page


def test_events_are_edited_without_lost_updates_and_removed_softly(app, holder):
    client, slug, meeting = holder
    post(client, f"/groups/{slug}/events/new", {
        "title": "Sam's anniversary", "kind": "anniversary", "date": "2026-12-12",
        "start_time": "19:00", "timezone": "Europe/London", "attendance": "in_person",
        "place": str(meeting.location_id)})
    event = db.session.scalar(db.select(GroupEvent))
    url = f"/groups/{slug}/events/{event.id}/edit"
    form = {"title": "Sam's 10th anniversary", "kind": "anniversary", "date": "2026-12-12",
            "start_time": "19:00", "timezone": "Europe/London", "attendance": "in_person",
            "place": str(meeting.location_id)}
    seen = revision_in(client.get(url))
    assert post(client, url, {**form, "revision": seen}).status_code == 303
    stale = post(client, url, {**form, "title": "Cake!", "revision": seen})
    assert stale.status_code == 409 and "Someone changed this meanwhile" in text(stale)
    remove = post(client, f"/groups/{slug}/events/{event.id}/remove",
                  form_url=f"/groups/{slug}/manage")
    assert remove.status_code == 303
    assert "anniversary" not in text(client.get(f"/groups/{slug}"))
    db.session.refresh(event)
    assert event.removed_at is not None and event.title == "Sam's 10th anniversary"
    assert db.session.scalar(db.select(db.func.count(Revision.id)).where(
        Revision.subject == "event")) == 3
