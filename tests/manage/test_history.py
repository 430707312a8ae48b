"""The history: every change in plain words, each undoable, and undo-everything-since."""

from datetime import UTC, datetime, time, timedelta

import pytest
from holders import LINK, join, post, revision_in, start_group, text
from hypothesis import given
from hypothesis import strategies as st

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, FormerSchedule
from meetings.manage import changes
from meetings.manage.models import GroupLink, Revision

MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def holder(client, at):
    at(MORNING)
    start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    return client, slug


def meeting():
    found = db.session.scalar(db.select(Meeting).order_by(Meeting.id))
    db.session.refresh(found)
    return found


def edit(client, slug, **changed):
    found = meeting()
    url = f"/groups/{slug}/meetings/{found.id}/edit"
    data = {"name": found.name, "weekdays": [str(d) for d in found.weekdays],
            "start_time": found.start_time.strftime("%H:%M"), "length": "60",
            "timezone": found.timezone, "attendance": "hybrid", "place": str(found.location_id),
            "conference_url": found.conference_url, "types": found.type_codes,
            "notes": found.notes or "", "revision": revision_in(client.get(url)), **changed}
    response = post(client, url, data)
    assert response.status_code == 303, text(response)


def latest():
    return db.session.scalar(db.select(Revision).order_by(Revision.id.desc()))


def revert(client, slug, revision_id):
    return post(client, f"/groups/{slug}/history/{revision_id}/revert",
                form_url=f"/groups/{slug}/history")


def second_device(app, client, slug, name):
    made = post(client, f"/groups/{slug}/links", {"name": name})
    device = app.test_client()
    join(device, LINK.search(made.text).group(1))
    return device


def test_the_history_says_each_change_in_plain_words(holder):
    client, slug = holder
    edit(client, slug, start_time="19:30", reason="the hall opens later")
    page = client.get(f"/groups/{slug}/history")
    assert page.headers["Cache-Control"] == "no-store"
    words = text(page)
    assert "Thursday Hybrid: changed" in words
    assert "start time changed from 7:00 PM to 7:30 PM" in words
    assert "through the link “Group link”, Dec 1, 2026, 9:00:00 AM" in words
    assert "reason: the hall opens later" in words
    assert "Lewes Thursday Group" in words and "Group details: added" in words


def test_a_change_is_undone_by_a_new_change_which_can_be_undone_too(holder):
    client, slug = holder
    edit(client, slug, name="Renamed", notes="New notes")
    change = latest()
    response = revert(client, slug, change.id)
    assert response.status_code == 303
    assert "The change was undone." in text(client.get(f"/groups/{slug}/history"))
    assert (meeting().name, meeting().notes) == ("Thursday Hybrid", None)
    undo = latest()
    assert (undo.action, undo.reverts_id) == ("reverted", change.id)
    revert(client, slug, undo.id)
    assert (meeting().name, meeting().notes) == ("Renamed", "New notes")
    assert db.session.scalar(db.select(db.func.count(Revision.id))) == 6


def test_undo_leaves_what_was_changed_again_since_and_says_so(holder):
    client, slug = holder
    edit(client, slug, name="First", notes="Kept notes")
    first = latest()
    edit(client, slug, name="Second")
    revert(client, slug, first.id)
    assert (meeting().name, meeting().notes) == ("Second", None)
    page = text(client.get(f"/groups/{slug}/history"))
    assert "Undone, except what has been changed again since: name." in page
    edit(client, slug, name="Third")
    third = latest()
    edit(client, slug, name="Fourth")
    revert(client, slug, third.id)
    assert "Nothing was undone" in text(client.get(f"/groups/{slug}/history"))
    assert meeting().name == "Fourth"


def test_undoing_the_latest_schedule_change_gives_calendars_exactly_what_they_had(holder, at):
    client, slug = holder
    found = meeting()
    before = (found.sequence, found.series, found.series_start, found.updated)
    calendar = client.get(f"/groups/{slug}.ics").data
    at(MORNING + timedelta(hours=1))
    edit(client, slug, start_time="21:00", weekdays=["1"])
    found = meeting()
    assert found.series == 1 and found.start_time == time(21, 0)
    assert db.session.scalar(db.select(db.func.count(FormerSchedule.id))) == 1
    revert(client, slug, latest().id)
    found = meeting()
    assert (found.sequence, found.series, found.series_start, found.updated) == before
    assert (found.weekdays, found.start_time) == ([4], time(19, 0))
    assert db.session.scalar(db.select(db.func.count(FormerSchedule.id))) == 0
    assert client.get(f"/groups/{slug}.ics").data == calendar


def test_a_removed_meeting_is_restored_from_the_history(holder):
    client, slug = holder
    found = meeting()
    post(client, f"/groups/{slug}/meetings/{found.id}/remove", form_url=f"/groups/{slug}/manage")
    assert client.get(f"/meetings/{found.slug}").status_code == 404
    page = text(client.get(f"/groups/{slug}/history"))
    assert "Thursday Hybrid: removed" in page
    revert(client, slug, latest().id)
    assert client.get(f"/meetings/{found.slug}").status_code == 200
    assert "Thursday Hybrid: restored" in text(client.get(f"/groups/{slug}/history"))


def test_a_cancelled_date_comes_back_with_its_own_identity(holder):
    client, slug = holder
    found = meeting()
    post(client, f"/groups/{slug}/meetings/{found.id}/dates/2026-12-17",
         {"status": "cancelled"})
    change = db.session.scalar(db.select(DateChange))
    change_id, stamp = change.id, change.updated
    revert(client, slug, latest().id)
    assert db.session.scalar(db.select(DateChange)) is None
    revert(client, slug, latest().id)
    back = db.session.scalar(db.select(DateChange))
    assert (back.id, back.status, back.updated) == (change_id, "cancelled", stamp)


def test_everything_done_through_a_link_since_a_moment_is_undone_at_once(app, holder, at):
    client, slug = holder
    edit(client, slug, notes="Before the leak")
    vandal = second_device(app, client, slug, "leaked")
    at(MORNING + timedelta(hours=2))
    edit(vandal, slug, name="Vandalised", notes="Spam")
    edit(vandal, slug, start_time="03:00")
    post(vandal, f"/groups/{slug}/links", {"name": "spare"})
    at(MORNING + timedelta(hours=3))
    edit(client, slug, name="Fixed by hand")  # another holder already fixed the name
    leaked = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "leaked"))
    preview = client.get(f"/groups/{slug}/undo?link={leaked.id}&since=2026-12-01T10:30")
    assert preview.status_code == 200
    assert "3 changes to undo" in text(preview) and "Spam" in text(preview)
    summary = post(client, f"/groups/{slug}/undo",
                   {"link": leaked.id, "since": "2026-12-01T10:30", "retire": "y"},
                   form_url=f"/groups/{slug}/undo?link={leaked.id}")
    words = text(summary)
    assert "3 changes undone" in words
    assert "Not undone, or only in part" in words and "Vandalised" in words
    found = meeting()
    assert (found.name, found.notes, found.start_time) == ("Fixed by hand", "Before the leak",
                                                           time(19, 0))
    links = {link.name: link.retired_at for link in db.session.scalars(db.select(GroupLink))}
    assert links["leaked"] is not None and links["spare"] is not None  # made through it
    assert links["Group link"] is None
    assert vandal.get(f"/groups/{slug}/manage").status_code == 403


def test_undo_since_keeps_what_came_before_the_moment(app, holder, at):
    client, slug = holder
    device = second_device(app, client, slug, "phone")
    edit(device, slug, notes="Early and right")
    at(MORNING + timedelta(hours=4))
    edit(device, slug, notes="Late and wrong")
    phone = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "phone"))
    post(client, f"/groups/{slug}/undo", {"link": phone.id, "since": "2026-12-01T12:00"},
         form_url=f"/groups/{slug}/undo?link={phone.id}")
    assert meeting().notes == "Early and right"
    assert device.get(f"/groups/{slug}/manage").status_code == 200  # not asked to retire it


@given(st.times(), st.dates(), st.datetimes(timezones=st.just(UTC)))
def test_stored_values_read_back_as_they_were(moment, day, instant):
    for kind, name, value in (("meeting", "start_time", moment.replace(second=0, microsecond=0)),
                              ("date", "date", day), ("meeting", "removed_at", instant)):
        assert changes.from_json(kind, name, changes.to_json(value)) == value
