"""Starting a group from one form: its first meeting, its link shown once, its recovery code."""

import base64
import hashlib
import re

from holders import FIRST_MEETING, assert_secret, post, start_group, text, token_of

from meetings.core.database import db
from meetings.directory.locations import Location
from meetings.directory.models import Group, Meeting
from meetings.manage import capabilities
from meetings.manage.models import Revision


def test_a_group_starts_from_one_form_and_gets_its_link_once(client):
    page, url, code = start_group(client)
    assert_secret(page)
    body = page.get_data(as_text=True)
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert '<svg' in body and 'class="qr"' in body  # made here, never by a third party
    assert 'data-copy="link-url"' in body and "data-print" in body
    assert "shown only this once" in text(page)
    group = db.session.scalar(db.select(Group))
    meeting = db.session.scalar(db.select(Meeting))
    assert (group.name, meeting.name, meeting.weekdays) == (
        "Lewes Thursday Group", "Thursday Hybrid", [4])
    assert (meeting.start_time.isoformat(), meeting.end_time.isoformat()) == (
        "19:00:00", "20:00:00")
    assert (meeting.attendance, meeting.type_codes) == ("hybrid", ["O", "D"])
    assert meeting.location.address == "1 High St, Lewes BN7 2AA"
    assert group.recovery_hash == capabilities.recovery_hash(code)
    # The token is 256 random bits, and only its hash is kept: nowhere in the database.
    token = token_of(url)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert group.links[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(r.before) + str(r.after) for r in db.session.scalars(db.select(Revision)))
    assert token not in stored and code not in stored
    assert token not in client.get_cookie("session").value


def test_starting_a_group_says_what_is_missing_next_to_each_field(client):
    bad = {**FIRST_MEETING, "group_name": "", "weekdays": [], "timezone": "Mars/Olympus",
           "attendance": "online", "conference_url": "javascript:alert(1)"}
    response = post(client, "/groups/new", bad)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="group_name-error"' in body
    assert 'id="weekdays-error">Choose at least one day.' in body
    assert "“Mars/Olympus” is not a time zone" in text(response)
    assert 'id="conference_url-error">Use a web address' in body
    assert "Nothing was saved yet" in text(response)
    no_address = post(client, "/groups/new", {**FIRST_MEETING, "attendance": "in_person",
                                              "address": ""})
    assert 'id="address-error">Give the address' in no_address.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Group.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Location.id))) == 0


def test_the_time_zone_defaults_to_the_instance_or_the_browser(client):
    form = client.get("/groups/new").get_data(as_text=True)
    assert 'data-browser-zone="1"' in form and 'value="Europe/London"' in form
    client.set_cookie("tz", "America/New_York")
    assert 'value="America/New_York"' in client.get("/groups/new").get_data(as_text=True)


def test_the_eleventh_group_in_an_hour_is_refused_kindly(client):
    for n in range(10):
        response = post(client, "/groups/new", {**FIRST_MEETING, "group_name": f"Group {n}"})
        assert response.status_code == 200
    refused = post(client, "/groups/new", {**FIRST_MEETING, "group_name": "One too many"})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"
    assert "Too many at once" in text(refused) and "Nothing was saved" in text(refused)
    assert db.session.scalar(db.select(db.func.count(Group.id))) == 10


def test_the_days_to_choose_start_where_the_readers_week_does(client):
    for accept, first in (("en-US", "Sunday"), ("en-GB", "Monday"), ("ar-EG", "السبت")):
        html = client.get("/groups/new", headers={"Accept-Language": accept}).get_data(as_text=True)
        days = re.findall(r'name="weekdays" type="checkbox" value="\d"> ([^<]+)</label>', html)
        assert len(days) == 7 and days[0] == first, (accept, days)
