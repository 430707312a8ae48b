"""The meeting form says what the Meeting Guide apps will do with a join link they do not know."""

import pytest
from holders import post, revision_in, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting


@pytest.fixture
def holder(client):
    start_group(client)  # its join link is on meet.example.org, which no app knows
    return client, db.session.scalar(db.select(Group.slug))


def edit(client, slug, meeting, url):
    page = f"/groups/{slug}/meetings/{meeting.id}/edit"
    return post(client, page, {
        "name": meeting.name, "weekdays": [str(d) for d in meeting.weekdays],
        "start_time": meeting.start_time.strftime("%H:%M"), "length": "60",
        "timezone": meeting.timezone, "attendance": "hybrid", "place": str(meeting.location_id),
        "conference_url": url, "types": meeting.type_codes,
        "revision": revision_in(client.get(page))})


def test_an_unknown_join_link_is_saved_with_a_warning_of_what_the_apps_do(holder):
    client, slug = holder
    meeting = db.session.scalar(db.select(Meeting))
    form = text(client.get(f"/groups/{slug}/meetings/{meeting.id}/edit"))
    assert "link to meet.example.org, but those apps leave the link out" in form
    saved = edit(client, slug, meeting, "https://whereby.com/lewes")
    assert saved.status_code == 303
    manage = text(client.get(saved.location))
    assert "link to whereby.com, but those apps leave the link out" in manage
    assert "show the meeting as inactive" in manage
    assert db.session.scalar(db.select(Meeting.conference_url)) == "https://whereby.com/lewes"


def test_links_the_apps_know_need_no_warning_and_teams_gets_its_own(holder):
    client, slug = holder
    meeting = db.session.scalar(db.select(Meeting))
    saved = edit(client, slug, meeting, "https://us02web.zoom.us/j/123")
    assert "those apps" not in text(client.get(saved.location))
    form = text(client.get(f"/groups/{slug}/meetings/{meeting.id}/edit"))
    assert "Meeting Guide app" not in form
    saved = edit(client, slug, db.session.scalar(db.select(Meeting)),
                 "https://teams.microsoft.com/l/meetup-join/1")
    assert "show no join link to teams.microsoft.com" in text(client.get(saved.location))
