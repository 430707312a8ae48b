"""Link holders change the group and its meetings; every change is recorded, none is lost."""

import re

import pytest
from holders import join, post, revision_in, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.weekly_slots import WeeklySlot
from meetings.manage.models import Revision


@pytest.fixture
def holder(client):
    """A device holding the link of a freshly started group; the group's slug."""
    start_group(client)
    return client, db.session.scalar(db.select(Group.slug))


def meeting_form(meeting, **changes):
    data = {
        "name": meeting.name, "weekdays": [str(d) for d in meeting.weekdays],
        "start_time": meeting.start_time.strftime("%H:%M"), "length": "60",
        "timezone": meeting.timezone, "attendance": "hybrid",
        "place": str(meeting.location_id), "conference_url": meeting.conference_url or "",
        "types": meeting.type_codes, "notes": meeting.notes or "",
    }
    return {**data, **changes}


def the_meeting() -> Meeting:
    meeting = db.session.scalar(db.select(Meeting).order_by(Meeting.id))
    db.session.refresh(meeting)
    return meeting


def test_group_details_are_checked_field_by_field_and_nothing_is_half_saved(holder):
    client, slug = holder
    url = f"/groups/{slug}/edit"
    bad = post(client, url, {"name": "Lewes", "venmo": "@ab", "square": "$1abc",
                             "paypal": "not a name!", "website": "ftp://example.org",
                             "contribution_url": "javascript:alert(1)",
                             "email": "one@example.org, two@example.org"})
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    for name in ("venmo", "square", "paypal", "website", "contribution_url", "email"):
        assert f'id="{name}-error"' in body, name
    assert db.session.scalar(db.select(Group.name)) == "Lewes Thursday Group"
    good = post(client, url, {
        "name": "Lewes Thursday", "description": "A friendly <b>group</b>.",
        "languages": "English, Polish", "email": "lewes@example.org", "phone": "+44 1273 000000",
        "website": "https://lewes.example.org", "venmo": "Lewes-Group", "square": "$LewesAA",
        "paypal": "https://paypal.me/LewesAA", "contribution_url": "https://give.example.org",
        "reason": "new treasurer",
    })
    assert good.status_code == 303
    group = db.session.scalar(db.select(Group))
    db.session.refresh(group)
    assert (group.venmo, group.square, group.paypal) == ("@Lewes-Group", "$LewesAA", "LewesAA")
    page = client.get(f"/groups/{slug}").get_data(as_text=True)
    assert "A friendly &lt;b&gt;group&lt;/b&gt;." in page  # plain text, escaped
    assert "https://venmo.com/Lewes-Group" in page and "https://cash.app/$LewesAA" in page
    revision = db.session.scalar(db.select(Revision).order_by(Revision.id.desc()))
    assert revision.reason == "new treasurer"
    assert revision.before["name"] == "Lewes Thursday Group"
    assert revision.after["paypal"] == "LewesAA"


def test_a_meeting_on_several_weekdays_is_edited_once(holder):
    client, slug = holder
    meeting = the_meeting()
    url = f"/groups/{slug}/meetings/{meeting.id}/edit"
    response = post(client, url, {**meeting_form(meeting, weekdays=["1", "3", "5"],
                                                 start_time="19:30"),
                                  "revision": revision_in(client.get(url))})
    assert response.status_code == 303
    meeting = the_meeting()
    assert meeting.weekdays == [1, 3, 5] and meeting.start_time.isoformat() == "19:30:00"
    slots = db.session.scalars(db.select(WeeklySlot.weekday).where(
        WeeklySlot.meeting_id == meeting.id))
    assert sorted(slots) == [1, 3, 5]
    assert meeting.series == 1  # calendars see a new weekly series from today
    history = text(client.get(f"/groups/{slug}/history"))
    assert "start time changed from 7:00 PM to 7:30 PM" in history


def test_meetings_share_a_place_of_the_group(holder):
    client, slug = holder
    first = the_meeting()
    form = client.get(f"/groups/{slug}/meetings/new").get_data(as_text=True)
    assert f'<option value="{first.location_id}">St Mary&#39;s Hall' in form
    response = post(client, f"/groups/{slug}/meetings/new", {
        "name": "Saturday Step Study", "weekdays": ["6"], "start_time": "10:00", "length": "90",
        "timezone": "Europe/London", "attendance": "in_person", "place": str(first.location_id),
        "types": ["ST"],
    })
    assert response.status_code == 303
    second = db.session.scalar(db.select(Meeting).where(Meeting.name == "Saturday Step Study"))
    assert second.location_id == first.location_id
    assert second.end_time.isoformat() == "11:30:00"


def test_addresses_and_join_links_are_required_where_people_need_them(holder):
    client, slug = holder
    url = f"/groups/{slug}/meetings/new"
    base = {"name": "New", "weekdays": ["2"], "start_time": "18:00",
            "timezone": "Europe/London"}
    in_person = post(client, url, {**base, "attendance": "in_person", "place": "new"})
    assert 'id="address-error">Give the address' in in_person.get_data(as_text=True)
    online = post(client, url, {**base, "attendance": "online", "place": "new",
                                "conference_url": "zoom.us/j/1"})
    assert 'id="conference_url-error">Use a web address' in online.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


def test_removed_meetings_leave_the_directory_and_can_be_restored(holder):
    client, slug = holder
    meeting = the_meeting()
    manage = f"/groups/{slug}/manage"
    post(client, f"/groups/{slug}/meetings/{meeting.id}/remove", form_url=manage)
    assert client.get("/meetings.json").json == []
    assert client.get(f"/meetings/{meeting.slug}").status_code == 404
    assert "Removed meetings" in text(client.get(manage))
    post(client, f"/groups/{slug}/meetings/{meeting.id}/restore", form_url=manage)
    assert [entry["slug"] for entry in client.get("/meetings.json").json] == [meeting.slug]
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


def test_temporarily_closed_and_reopened_as_before(holder):
    client, slug = holder
    meeting = the_meeting()
    manage = f"/groups/{slug}/manage"
    post(client, f"/groups/{slug}/meetings/{meeting.id}/close", form_url=manage)
    meeting = the_meeting()
    assert meeting.attendance == "inactive" and "TC" in meeting.type_codes
    assert "Temporarily closed" in text(client.get(f"/meetings/{meeting.slug}"))
    edit = client.get(f"/groups/{slug}/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert re.search(r'checked id="attendance-\d" name="attendance" type="radio" value="hybrid"',
                     edit)  # how people attended before it closed
    post(client, f"/groups/{slug}/meetings/{meeting.id}/reopen", form_url=manage)
    meeting = the_meeting()
    assert meeting.attendance == "hybrid" and meeting.type_codes == ["O", "D"]


def test_two_people_editing_one_meeting_never_overwrite_each_other(app, holder):
    client, slug = holder
    meeting = the_meeting()
    edit = f"/groups/{slug}/meetings/{meeting.id}/edit"
    seen = revision_in(client.get(edit))
    other = app.test_client()  # a second phone, with a link of its own
    fresh = app.test_cli_runner().invoke(args=["group-link", slug, "--name", "second phone"])
    join(other, fresh.stdout.splitlines()[0])
    first = post(other, edit, {**meeting_form(meeting, name="Thursday Big Book"),
                               "revision": revision_in(other.get(edit))})
    assert first.status_code == 303
    late = post(client, edit, {**meeting_form(meeting, notes="Doors open 18:45"),
                               "revision": seen})
    assert late.status_code == 409
    page = text(late)
    assert "Someone changed this meanwhile" in page
    assert "name changed from Thursday Hybrid to Thursday Big Book" in page
    assert "through the link “second phone”" in page
    assert "Doors open 18:45" in page  # their own values, ready to apply again
    assert the_meeting().notes is None
    again = post(client, edit, {**meeting_form(the_meeting(), notes="Doors open 18:45"),
                                "revision": revision_in(late)})
    assert again.status_code == 303
    meeting = the_meeting()
    assert (meeting.name, meeting.notes) == ("Thursday Big Book", "Doors open 18:45")


def test_only_link_holders_can_change_anything(app, holder):
    _client, slug = holder
    stranger = app.test_client()
    meeting = the_meeting()
    for url in (f"/groups/{slug}/manage", f"/groups/{slug}/edit",
                f"/groups/{slug}/meetings/{meeting.id}/edit", f"/groups/{slug}/history"):
        page = stranger.get(url)
        assert page.status_code == 403, url
        assert "open the group link" in text(page)
    sneaky = post(stranger, f"/groups/{slug}/meetings/{meeting.id}/remove",
                  form_url="/groups/new")
    assert sneaky.status_code == 403
    assert the_meeting().removed_at is None


def test_writes_are_rate_limited_per_client(app, holder):
    client, slug = holder
    app.config["RATELIMIT_WRITES"] = "3/hour"
    meeting = the_meeting()
    manage = f"/groups/{slug}/manage"
    for what in ("close", "reopen", "close"):
        assert post(client, f"/groups/{slug}/meetings/{meeting.id}/{what}",
                    form_url=manage).status_code == 303
    refused = post(client, f"/groups/{slug}/meetings/{meeting.id}/reopen", form_url=manage)
    assert refused.status_code == 429
