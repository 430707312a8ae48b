"""Private service calendars: RFC 5545 text, stable UIDs, and tokens that stay secret."""

import hashlib
import json
import logging
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from holders import assert_secret, post, text
from hypothesis import given, settings
from hypothesis import strategies as st
from rostering import add_role, add_volunteer, started, take, term

from meetings.calendars import ical
from meetings.calendars.ical import one_line
from meetings.core.database import db
from meetings.directory.occurrences import DateChange
from meetings.manage.models import Revision
from meetings.rotation import ical as serviceical
from meetings.rotation import servicefeed
from meetings.rotation.models import FeedToken

URL = re.compile(r'id="calendar-url"[^>]* value="([^"]+)"')


@pytest.fixture
def group(client, at):
    """Chair each Thursday, coffee for 3 months, greeter for 4 weeks; terms taken."""
    slug, meeting = started(client, at)
    roles = {"chair": add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01"),
             "coffee": add_role(client, slug, "Coffee", length=3, seats=2),
             "greeter": add_role(client, slug, "Greeter", unit="week", length=4)}
    sam, jo = add_volunteer(client, slug, "Sam K."), add_volunteer(client, slug, "Jo M.")
    for role, due, who in ((roles["chair"], "2026-12-03", sam), (roles["chair"], "2026-12-10", jo),
                           (roles["chair"], "2026-12-17", sam), (roles["chair"], "2027-06-03", jo),
                           (roles["coffee"], "2027-01-01", sam),
                           (roles["greeter"], "2027-01-29", jo)):
        assert take(client, slug, role, due, who).status_code == 303
    db.session.add_all([  # the 10th moves to 18:00 on the 11th; the 17th is cancelled
        DateChange(meeting_id=meeting.id, date=date(2026, 12, 10), status="moved",
                   moved_start=datetime(2026, 12, 11, 18), moved_end=datetime(2026, 12, 11, 19)),
        DateChange(meeting_id=meeting.id, date=date(2026, 12, 17), status="cancelled")])
    db.session.commit()
    return slug, meeting, roles, {"Sam K.": sam, "Jo M.": jo}


def calendar_url(client, slug, whose=0) -> str:
    response = post(client, f"/groups/{slug}/roster/calendars", {"whose": str(whose)})
    assert response.status_code == 200
    assert_secret(response)
    return URL.search(response.get_data(as_text=True)).group(1)


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert [(c.name, c.errors) for c in calendar.walk() if c.errors] == []
    assert calendar.get_missing_tzids() == set()
    return calendar


def test_a_calendar_address_is_shown_once_and_kept_only_as_a_hash(client, group):
    slug, *_rest = group
    url = calendar_url(client, slug)
    token = path(url).removeprefix("/service/").removesuffix(".ics")
    assert len(token) >= 43 and url.startswith("http://localhost/service/")
    stored = db.session.scalar(db.select(FeedToken))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    revisions = " ".join(f"{r.before} {r.after}" for r in db.session.scalars(db.select(Revision)))
    assert token not in revisions
    listing = client.get(f"/groups/{slug}/roster/calendars")
    assert token not in listing.get_data(as_text=True)
    assert "the whole group's service made" in text(listing)


def test_the_group_calendar_has_one_correct_event_per_term_taken(app, client, group, at):
    slug, meeting, roles, people = group
    url = calendar_url(client, slug)
    response = app.test_client().get(path(url))  # a calendar app: no cookie, no session
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    data = response.get_data()
    assert b"VALARM" not in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert len(parse(data).walk("VEVENT")) == 6
    events = {str(e["SUMMARY"]): e for e in parse(data).walk("VEVENT")}
    coffee = events["Coffee: Sam K."]
    assert coffee["DTSTART"].params["VALUE"] == "DATE"
    assert (coffee["DTSTART"].dt, coffee["DTEND"].dt) == (date(2027, 1, 1), date(2027, 4, 1))
    greeter = events["Greeter: Jo M."]
    assert (greeter["DTSTART"].dt, greeter["DTEND"].dt) == (date(2027, 1, 29), date(2027, 2, 26))
    chairs = sorted((e for e in parse(data).walk("VEVENT") if str(e["SUMMARY"]).startswith(
        "Chair")), key=lambda e: e["DTSTART"].dt)
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt.isoformat(), str(e["STATUS"])) for e in chairs] == [
        ("Chair: Sam K.", "2026-12-03T19:00:00+00:00", "CONFIRMED"),
        ("Chair: Jo M.", "2026-12-11T18:00:00+00:00", "CONFIRMED"),  # moved
        ("Chair: Sam K.", "2026-12-17T19:00:00+00:00", "CANCELLED"),
        ("Chair: Jo M.", "2027-06-03T19:00:00+01:00", "CONFIRMED")]  # summer time
    assert chairs[0]["DTSTART"].params["TZID"] == "Europe/London"
    assert str(chairs[0]["LOCATION"]) == "St Mary's Hall, 1 High St, Lewes BN7 2AA"
    held = term(roles["chair"], "2026-12-03")
    assert str(chairs[0]["UID"]) == f"term-{held.uid}@meetings"
    assert chairs[0]["DTSTAMP"].dt == held.updated.replace(microsecond=0)
    found = recurring_ical_events.of(parse(data)).between(datetime(2027, 6, 1, tzinfo=UTC),
                                                          datetime(2027, 6, 30, tzinfo=UTC))
    assert [e["DTSTART"].dt.astimezone(UTC).isoformat() for e in found
            if str(e["SUMMARY"]).startswith("Chair")] == ["2027-06-03T18:00:00+00:00"]
    at(datetime(2026, 12, 2, 15, tzinfo=UTC))  # later, nothing changed: the very same bytes
    again = app.test_client().get(path(url))
    assert again.get_data() == data
    unchanged = app.test_client().get(path(url), headers={"If-None-Match": again.headers["ETag"]})
    assert unchanged.status_code == 304


def test_my_service_shows_my_terms_only(app, client, group):
    slug, _meeting, _roles, people = group
    url = calendar_url(client, slug, people["Jo M."].id)
    data = app.test_client().get(path(url)).get_data()
    calendar = parse(data)
    assert str(calendar["X-WR-CALNAME"]) == "Jo M.'s service — Lewes Thursday Group"
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Chair — Lewes Thursday Group", "Chair — Lewes Thursday Group",
                         "Greeter — Lewes Thursday Group"]
    assert b"Sam K." not in data


def test_swaps_and_stand_ins_keep_each_terms_uid(app, client, group):
    slug, _meeting, roles, people = group
    url = path(calendar_url(client, slug))
    before = {str(e["UID"]): e for e in parse(app.test_client().get(url).get_data()).walk(
        "VEVENT")}
    first, second = term(roles["chair"], "2026-12-03"), term(roles["chair"], "2026-12-10")
    post(client, f"/groups/{slug}/roster/terms/{first.id}/swap", {"other": str(second.id)})
    after = {str(e["UID"]): e for e in parse(app.test_client().get(url).get_data()).walk(
        "VEVENT")}
    assert before.keys() == after.keys()
    uid = f"term-{first.uid}@meetings"
    assert (str(before[uid]["SUMMARY"]), str(after[uid]["SUMMARY"])) == (
        "Chair: Sam K.", "Chair: Jo M.")
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    post(client, f"/groups/{slug}/roster/terms/{first.id}/standin",
         form_url=f"/groups/{slug}/roster")
    standin = {str(e["UID"]): e for e in parse(app.test_client().get(url).get_data()).walk(
        "VEVENT")}
    assert "Stand-in wanted." in str(standin[uid]["DESCRIPTION"])
    post(client, f"/groups/{slug}/roster/terms/{first.id}/release")
    released = parse(app.test_client().get(url).get_data())
    assert uid not in {str(e["UID"]) for e in released.walk("VEVENT")}


def test_a_revoked_or_unknown_address_gives_nothing(app, client, group):
    slug, *_rest = group
    url = path(calendar_url(client, slug))
    token = db.session.scalar(db.select(FeedToken))
    post(client, f"/groups/{slug}/roster/calendars/{token.id}/revoke",
         form_url=f"/groups/{slug}/roster/calendars")
    gone = app.test_client().get(url)
    assert gone.status_code == 410 and b"BEGIN:VCALENDAR" not in gone.get_data()
    assert "revoked" in gone.get_data(as_text=True)
    assert gone.headers["Cache-Control"] == "private, no-store"
    assert gone.headers["Referrer-Policy"] == "no-referrer"
    unknown = app.test_client().get("/service/not-a-token.ics")
    assert unknown.status_code == 404 and unknown.content_type.startswith("text/plain")
    assert "Service calendar of the whole group: revoked" in text(
        client.get(f"/groups/{slug}/history"))


def test_request_logs_never_show_a_calendar_token(app, caplog):
    caplog.set_level(logging.INFO)
    token = "Zq3" * 15
    logging.getLogger("werkzeug").info(
        '127.0.0.1 - - [01/Dec/2026 10:00:00] "%s" %s %s\n', f"GET /service/{token}.ics HTTP/1.1",
        "200", "-")
    logging.getLogger("gunicorn.access").info(
        '%(h)s "%(r)s" %(s)s', {"h": "-", "r": f"GET /service/{token}.ics HTTP/1.1", "s": "200"})
    assert token not in caplog.text
    assert caplog.text.count("/service/…") == 2


@settings(deadline=None)
@given(st.text(max_size=120), st.text(max_size=80))
def test_any_title_and_name_survive_the_calendar_intact(title, name):
    event = serviceical.TermEvent(
        uid="term-x@meetings", sequence=0, stamp=datetime(2026, 12, 1, tzinfo=UTC),
        summary=f"{title}: {name}", first_day=date(2027, 1, 1), last_day=date(2027, 3, 31),
        description=f"{title}\n{name}")
    data = ical.calendar(ical.Feed(name, "https://example.org/r", None, "Site"), [event])
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    parsed = icalendar.Calendar.from_ical(data)
    found = next(iter(parsed.walk("VEVENT")))
    assert str(found["SUMMARY"]) == one_line(f"{title}: {name}")
    assert found["DTEND"].dt == date(2027, 3, 31) + timedelta(days=1)
    assert len(parsed.walk("VEVENT")) == 1


def test_the_feed_path_is_what_the_log_filter_hides():
    assert servicefeed.FEED_PATH.sub("…", "/service/abc.ics?x") == "…?x"


SCRIPT = Path(__file__).resolve().parents[1] / "js" / "occurrences.mjs"


def test_thunderbirds_parser_reads_the_same_instants(app, client, group, tmp_path):
    """Mozilla's ical.js (the meeting feeds' test script) sees each term where it belongs."""
    slug, *_rest = group
    feed = tmp_path / "service.ics"
    feed.write_bytes(app.test_client().get(path(calendar_url(client, slug))).get_data())
    done = subprocess.run(["node", str(SCRIPT), str(feed), "2026-12-01T00:00:00Z",
                           "2027-12-31T00:00:00Z"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = sorted((o["summary"], o["start"], o["end"], o["status"])
                   for o in json.loads(done.stdout))
    assert found == [
        ("Chair: Jo M.", "2026-12-11T18:00:00Z", "2026-12-11T19:00:00Z", "CONFIRMED"),
        ("Chair: Jo M.", "2027-06-03T18:00:00Z", "2027-06-03T19:00:00Z", "CONFIRMED"),
        ("Chair: Sam K.", "2026-12-03T19:00:00Z", "2026-12-03T20:00:00Z", "CONFIRMED"),
        ("Chair: Sam K.", "2026-12-17T19:00:00Z", "2026-12-17T20:00:00Z", "CANCELLED"),
        ("Coffee: Sam K.", "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z", "CONFIRMED"),
        ("Greeter: Jo M.", "2027-01-29T00:00:00Z", "2027-02-26T00:00:00Z", "CONFIRMED")]


def test_a_term_ending_in_the_second_run_of_a_repeated_hour_keeps_its_length():
    """New York falls back on 1 Nov 2026: 01:30 + 1 h is 01:30 again, the second time. As a
    wall-clock DTEND it would name the first 01:30 (RFC 5545 3.3.5), a meeting of no length."""
    event = serviceical.TermEvent(
        uid=serviceical.term_uid("fold"), sequence=0, stamp=datetime(2026, 10, 1, tzinfo=UTC),
        summary="Chair", first_day=date(2026, 11, 1), last_day=date(2026, 11, 1),
        zone="America/New_York", start=datetime(2026, 11, 1, 1, 30),
        end=datetime(2026, 11, 1, 1, 30, fold=1))
    lines = serviceical.event_lines(event)
    assert "DURATION:PT1H" in lines
    assert not any(line.startswith("DTEND") for line in lines)
    parsed = icalendar.Calendar.from_ical(
        ical.calendar(ical.Feed("Service", "https://example.org/", None, "Meetings"), [event]))
    vevent = next(iter(parsed.walk("VEVENT")))
    start = vevent.decoded("DTSTART")
    assert vevent.decoded("DURATION") == timedelta(hours=1)
    assert start.utcoffset() == timedelta(hours=-4)  # the first 01:30, daylight time


def test_a_service_calendar_is_written_by_the_meeting_feeds_writer_without_a_source():
    """One VCALENDAR writer: a private calendar's header names no SOURCE to pass it on by."""
    event = serviceical.TermEvent(
        uid="term-x@meetings", sequence=0, stamp=datetime(2026, 12, 1, tzinfo=UTC),
        summary="Chair", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1))
    data = ical.calendar(ical.Feed("Service", "https://example.org/r", None, "Site"), [event])
    head = data.split(b"BEGIN:VEVENT")[0].decode()
    assert head == ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Meetings//Site//EN\r\n"
                    "CALSCALE:GREGORIAN\r\nNAME:Service\r\nX-WR-CALNAME:Service\r\n"
                    "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nURL:https://example.org/r\r\n"
                    "X-PUBLISHED-TTL:PT12H\r\n")
    assert b"DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102" in data
