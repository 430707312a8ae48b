"""Calendar feeds as independent parsers read them, against what zoneinfo says is true.

Every feed type is expanded over three years by Mozilla's ical.js (Thunderbird's parser,
run by Node) and by recurring-ical-events, and each occurrence's UTC instant, and
whether it is cancelled or moved, is compared with occurrences worked out here from
weekdays, wall-clock times and zoneinfo alone.
"""

import json
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st

from meetings.core.database import db
from meetings.directory.occurrences import DateChange

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a Monday; meetings are created then
CHANGE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # London's meeting moves to 18:30 for good
WINDOW = (NOW, datetime(2029, 1, 5, 12, 0, tzinfo=UTC))

#: what each meeting is, in the terms a person would give: zone, weekdays (Sunday = 0),
#: wall-clock start and end; and its changed dates as (date, new local start, new end)
SPECS = {
    "london": {"zone": "Europe/London", "days": (1, 3), "start": time(19), "end": time(20, 30),
               "attendance": "in_person"},
    "new-york": {"zone": "America/New_York", "days": (2, 4, 6), "start": time(23, 30),
                 "end": time(0, 30), "attendance": "online"},
    "sydney": {"zone": "Australia/Sydney", "days": (0,), "start": time(10), "end": time(11, 30),
               "attendance": "hybrid"},
    "kolkata": {"zone": "Asia/Kolkata", "days": (5,), "start": time(7), "end": time(8),
                "attendance": "in_person"},
    "phoenix": {"zone": "America/Phoenix", "days": (6,), "start": time(8), "end": time(9),
                "attendance": "in_person"},
}
CANCELLED = {
    "london": [date(2026, 3, 30)],  # the Monday after the clocks go forward
    "new-york": [date(2026, 11, 3)],  # the Tuesday after they go back
    "sydney": [date(2026, 10, 4)],  # the Sunday daylight saving starts
    "kolkata": [date(2026, 8, 14)],
}
MOVED = {
    "london": [(date(2026, 10, 28), datetime(2026, 10, 29, 20), datetime(2026, 10, 29, 21))],
    "new-york": [(date(2027, 3, 13), datetime(2027, 3, 12, 21), None)],
    "sydney": [(date(2027, 4, 4), datetime(2027, 4, 4, 14), datetime(2027, 4, 4, 15))],
    "phoenix": [(date(2026, 11, 7), None, None)],  # same time, another place
}


def run_icaljs(data: bytes, tmp_path, start=WINDOW[0], end=WINDOW[1]) -> list[dict]:
    """Occurrences as Thunderbird's parser expands them."""
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    script = ROOT / "tests" / "js" / "occurrences.mjs"
    args = ["node", str(script), str(path), iso(start), iso(end)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(data: bytes) -> icalendar.Calendar:
    """Parse with icalendar, failing on anything it had to tolerate."""
    calendar = icalendar.Calendar.from_ical(data)
    assert [(c.name, c.errors) for c in calendar.walk() if c.errors] == []
    assert calendar.get_missing_tzids() == set()
    return calendar


def run_recurring(data: bytes) -> list[tuple]:
    """Occurrences as recurring-ical-events expands them."""
    found = recurring_ical_events.of(parse(data)).between(*WINDOW)
    return sorted(
        (str(e["UID"]), iso(e["RECURRENCE-ID"].dt), iso(e["DTSTART"].dt), iso(e["DTEND"].dt),
         str(e.get("STATUS")))
        for e in found if WINDOW[0] <= e["DTSTART"].dt < WINDOW[1]
    )


def from_icaljs(found: list[dict]) -> list[tuple]:
    return sorted((o["uid"], o["recurrenceId"], o["start"], o["end"], o["status"]) for o in found)


def expected(meetings: dict, keys) -> list[tuple]:
    """Occurrences worked out from the specs and zoneinfo, with no calendar code."""
    found = []
    for key in keys:
        meeting, spec = meetings[key], SPECS[key]
        uid = meeting.uid + "@meetings"
        if key == "london":  # until CHANGE at 19:00, from then on at 18:30 as series 1
            found += _due(uid, spec, spec["start"], spec["end"], None, CHANGE)
            found += _due(f"{meeting.uid}-1@meetings", spec, time(18, 30), time(19, 30),
                          CHANGE, None)
        else:
            found += _due(uid, spec, spec["start"], spec["end"], None, None)
    return sorted(found)


def _due(uid, spec, start, end, not_before, until):
    zone = ZoneInfo(spec["zone"])
    length = (datetime.combine(date.min, end) - datetime.combine(date.min, start)) % timedelta(
        days=1)
    day, found = NOW.astimezone(zone).date(), []
    changes = {d: ("CANCELLED", None, None) for key, ds in CANCELLED.items()
               if SPECS[key] is spec for d in ds}
    changes |= {d: ("CONFIRMED", s, e) for key, ms in MOVED.items()
                if SPECS[key] is spec for d, s, e in ms}
    while day < WINDOW[1].date() + timedelta(days=2):
        due = datetime.combine(day, start, tzinfo=zone)
        in_series = (not_before is None or due >= not_before) and (until is None or due < until)
        if (day.isoweekday() % 7) in spec["days"] and in_series:
            status, moved_start, moved_end = changes.get(day, ("CONFIRMED", None, None))
            begins = moved_start.replace(tzinfo=zone) if moved_start else due
            ends = moved_end.replace(tzinfo=zone) if moved_end else begins.astimezone(UTC) + length
            if WINDOW[0] <= begins < WINDOW[1]:
                found.append((uid, iso(due), iso(begins), iso(ends), status))
        day += timedelta(days=1)
    return found


@pytest.fixture
def world(app, at, make_meeting, make_group, make_location):
    """Five meetings in five zones, with cancelled and moved dates and a time change."""
    at(NOW)
    shared = make_group(slug="lewes-and-sydney", name="Lewes & Sydney", updated=NOW)
    other = make_location(name="Town Hall", address="High St, Lewes", latitude=50.87,
                          longitude=0.01)
    meetings = {}
    for key, spec in SPECS.items():
        meeting = make_meeting(
            slug=key, name=f"{key.title()} Meeting", timezone=spec["zone"],
            weekdays=spec["days"], start_time=spec["start"], end_time=spec["end"],
            attendance=spec["attendance"],
            group=shared if key in ("london", "sydney") else make_group(updated=NOW),
            location=None if spec["attendance"] == "online" else make_location(
                timezone=spec["zone"]),
            conference_url="https://zoom.us/j/123" if spec["attendance"] != "in_person" else None,
            conference_phone="+1 646 558 8656" if key == "new-york" else None,
            created=NOW, updated=NOW,
        )
        meetings[key] = meeting
    at(CHANGE)
    meetings["london"].change_schedule(CHANGE, start_time=time(18, 30), end_time=time(19, 30))
    meetings["london"].updated = CHANGE
    for key, days in CANCELLED.items():
        for day in days:
            db.session.add(DateChange(meeting=meetings[key], date=day, status="cancelled",
                                      note="Hall closed", updated=CHANGE))
    for key, moves in MOVED.items():
        for day, start, end in moves:
            db.session.add(DateChange(meeting=meetings[key], date=day, status="moved",
                                      moved_start=start, moved_end=end, moved_location=other,
                                      updated=CHANGE))
    db.session.commit()
    return meetings


FEEDS = {
    "/meetings.ics": list(SPECS),
    "/meetings.ics?attendance=online": ["new-york", "sydney"],
    "/meetings.ics?day=6&tz=UTC": ["phoenix"],
    "/groups/lewes-and-sydney.ics": ["london", "sydney"],
    "/my-meetings.ics?meeting=kolkata&meeting=new-york&meeting=phoenix": [
        "kolkata", "new-york", "phoenix"],
    **{f"/meetings/{key}.ics": [key] for key in SPECS},
}


@pytest.mark.parametrize("url", list(FEEDS))
def test_every_feed_gives_true_instants_in_icaljs_and_recurring_ical_events(
    client, world, tmp_path, url
):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    truth = expected(world, FEEDS[url])
    assert len(truth) > 150 * len(FEEDS[url])
    assert from_icaljs(run_icaljs(response.data, tmp_path)) == truth
    assert run_recurring(response.data) == truth


def test_cancelled_and_moved_dates_are_overrides_of_their_own_series(client, world):
    calendar = parse(client.get("/meetings.ics").data)
    overrides = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert len(overrides) == 8
    assert "EXDATE" not in client.get("/meetings.ics").get_data(as_text=True)
    moved = next(e for e in overrides if e["RECURRENCE-ID"].dt.date() == date(2026, 10, 28))
    assert str(moved["UID"]) == world["london"].uid + "-1@meetings"
    assert moved["RECURRENCE-ID"].dt.time() == time(18, 30)  # the new series' time
    assert str(moved["LOCATION"]) == "Town Hall, High St, Lewes"
    assert moved["DESCRIPTION"].startswith("Moved this time.")
    old = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == world["london"].uid
               + "@meetings" and "RECURRENCE-ID" not in e)
    assert old["RRULE"]["UNTIL"][0] == CHANGE - timedelta(seconds=1)
    assert old["SEQUENCE"] == 0 and moved["SEQUENCE"] == 1 == world["london"].sequence


def test_calendar_properties_and_one_vtimezone_per_zone(client, world):
    text = client.get("/meetings.ics").get_data(as_text=True)
    lines = text.split("\r\n")
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Meetings//Meetings//EN",
                         "CALSCALE:GREGORIAN"]
    for line in ("NAME:Meetings — meetings", "X-WR-CALNAME:Meetings — meetings",
                 "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
                 "URL:http://localhost/meetings", "SOURCE;VALUE=URI:http://localhost/meetings.ics"):
        assert line in lines
    assert "METHOD" not in text and "VALARM" not in text and "X-WR-TIMEZONE" not in text
    zones = [line[5:] for line in lines if line.startswith("TZID:")]
    assert sorted(zones) == sorted({spec["zone"] for spec in SPECS.values()})
    assert all(len(line.encode()) <= 75 for line in lines)
    events = text.split("BEGIN:VEVENT")[1:]
    assert events and all(
        ";TZID=" in line for event in events for line in event.split("\r\n")
        if line.startswith(("DTSTART", "DTEND", "RECURRENCE-ID"))
    )


def test_a_meeting_has_the_same_uid_in_every_feed(client, world):
    def uids(url):
        return {str(e["UID"]) for e in parse(client.get(url).data).walk("VEVENT")}

    mine = uids("/meetings/sydney.ics")
    assert mine == {world["sydney"].uid + "@meetings"}
    assert mine <= uids("/meetings.ics") and mine <= uids("/groups/lewes-and-sydney.ics")
    assert mine <= uids("/my-meetings.ics?meeting=sydney")


def test_event_text_links_and_stamps(client, world):
    calendar = parse(client.get("/meetings/new-york.ics").data)
    master = next(e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert master["SUMMARY"] == "New-York Meeting"
    assert master["LOCATION"] == "Online" and "GEO" not in master
    assert master["URL"] == "http://localhost/meetings/new-york"
    assert master["DTSTAMP"].dt == CHANGE and master["LAST-MODIFIED"].dt == CHANGE
    assert master["RRULE"]["BYDAY"] == ["TU", "TH", "SA"]
    description = master["DESCRIPTION"]
    assert "Join online: https://zoom.us/j/123" in description
    assert "Phone: +1 646 558 8656" in description and "http://localhost/meetings/new-york" in (
        description)
    conference = [str(value) for value in master.get("CONFERENCE")]
    assert conference == ["https://zoom.us/j/123", "tel:+16465588656"]
    assert [str(c) for c in master["CATEGORIES"].cats] == ["Open", "Discussion"]
    london = parse(client.get("/meetings/london.ics").data).walk("VEVENT")[0]
    assert london["GEO"].latitude == 50.873 and "CONFERENCE" not in london


def test_closed_meeting_stays_with_every_date_cancelled(client, make_meeting, at, tmp_path):
    at(NOW)
    make_meeting(slug="closed", attendance="inactive", weekdays=[2], created=NOW)
    found = run_icaljs(client.get("/meetings/closed.ics").data, tmp_path)
    assert len(found) > 150 and {o["status"] for o in found} == {"CANCELLED"}


def test_removed_and_by_appointment_meetings_are_left_out(client, make_meeting, at):
    at(NOW)
    make_meeting(slug="gone", removed_at=NOW)
    make_meeting(slug="call-us", weekdays=[])
    assert "BEGIN:VEVENT" not in client.get("/meetings.ics").get_data(as_text=True)
    response = client.get("/meetings/gone.ics")
    assert response.status_code == 200 and b"BEGIN:VEVENT" not in response.data
    assert client.get("/meetings/nowhere.ics").status_code == 404
    assert client.get("/groups/nowhere.ics").status_code == 404


def test_same_data_gives_the_same_bytes_at_any_time(client, world, at):
    at(datetime(2026, 7, 1, tzinfo=UTC))
    first = client.get("/meetings.ics")
    at(datetime(2027, 2, 3, 4, 5, 6, tzinfo=UTC))
    second = client.get("/meetings.ics", headers={"Accept-Language": "fr"})
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]
    assert first.last_modified == CHANGE


def test_revalidation_answers_304_with_the_validators(client, world):
    first = client.get("/meetings.ics")
    assert first.headers["ETag"].startswith('"')  # strong
    assert "public" in first.headers["Cache-Control"] and "s-maxage" in first.headers[
        "Cache-Control"]
    again = client.get("/meetings.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    since = client.get("/meetings.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    older = client.get("/meetings.ics", headers={"If-Modified-Since": "Mon, 05 Jan 2026 "
                                                 "12:00:00 GMT"})
    assert older.status_code == 200 and older.data == first.data
    other = client.get("/meetings.ics", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_etag_changes_whenever_the_feed_would(client, world, at):
    def etag(url="/groups/lewes-and-sydney.ics"):
        return client.get(url).headers["ETag"]

    seen = [etag()]
    later = at(datetime(2026, 7, 1, tzinfo=UTC))
    world["london"].name = "Lewes Big Book"
    world["london"].updated = later
    db.session.commit()
    seen.append(etag())
    db.session.add(DateChange(meeting=world["sydney"], date=date(2026, 7, 5), status="cancelled",
                              updated=later))
    db.session.commit()
    seen.append(etag())
    world["london"].group.name = "Renamed"
    db.session.commit()
    seen.append(etag())
    world["sydney"].updated = CHANGE  # an older time set by an import still counts
    db.session.commit()
    seen.append(etag())
    assert len(set(seen)) == len(seen)
    assert client.get("/groups/lewes-and-sydney.ics", headers={"If-None-Match": seen[-1]}
                      ).status_code == 304


def test_filters_are_checked_as_on_the_list(client, world):
    response = client.get("/meetings.ics?day=9")
    assert response.status_code == 400
    assert response.content_type == "text/plain; charset=utf-8"
    assert "is not a day" in response.get_data(as_text=True)
    assert client.get("/meetings.ics?page=2&lang=fr").status_code == 200
    cookie = client.get("/meetings.ics?day=2")
    assert "Cookie" in cookie.headers.get("Vary", "")


#: fits the 200-character columns; LONG, for the free-text ones, makes very long lines
HOSTILE = (
    "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\nSUMMARY:x\r"
    ", semi; colon: back\\slash \\n \\N quote\" \x0b\x1b\x7f ünïcödé 🙂 日本語 end"
)
LONG = HOSTILE + " long" * 120


def cleaned(value: str, newline: str) -> str:
    """What the feed should carry: controls gone, line breaks (a vertical tab too) as given."""
    for control in "\x1b\x7f":
        value = value.replace(control, "")
    value = value.replace("\x0b", "\n")
    return value.replace("\r\n", newline).replace("\r", newline).replace("\n", newline).strip()


def test_hostile_text_in_every_field_cannot_break_the_file(
    client, app, make_meeting, make_group, make_location, at, tmp_path
):
    at(NOW)
    group = make_group(slug="evil", name=HOSTILE, description=LONG)
    place = make_location(name=HOSTILE, address=HOSTILE, notes=LONG)
    meeting = make_meeting(
        slug="evil", name=HOSTILE, group=group, location=place, notes=LONG,
        attendance="hybrid", conference_url="https://zoom.us/j/1\r\nX-INJECT:1",
        conference_url_notes=LONG, conference_phone="+1 555\r\nX-INJECT;1234",
        conference_phone_notes=LONG, types="O D " + HOSTILE.split()[0], created=NOW,
    )
    db.session.add(DateChange(meeting=meeting, date=date(2026, 1, 12), status="moved",
                              moved_start=datetime(2026, 1, 13, 19), moved_location=place,
                              note=LONG, updated=NOW))
    db.session.commit()
    one_line, multi = cleaned(HOSTILE, " "), cleaned(LONG, "\n")
    for url in ("/groups/evil.ics", "/meetings/evil.ics", "/meetings.ics",
                "/my-meetings.ics?meeting=evil"):
        data = client.get(url).data
        lines = data.decode("utf-8").split("\r\n")
        assert all(len(line.encode()) <= 75 for line in lines)
        assert not any(line.startswith(("UID:injected", "X-INJECT", "SUMMARY:x")) for line in lines)
        assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
        events = parse(data).walk("VEVENT")
        assert len(events) == 2 and {str(e["UID"]) for e in events} == {meeting.uid + "@meetings"}
        for event in events:
            assert str(event["SUMMARY"]) == one_line
            assert str(event["LOCATION"]) == f"{one_line}, {one_line}"
            assert multi in str(event["DESCRIPTION"])
            assert str(event["CONFERENCE"]) == "tel:+1555;1234"  # the unsafe join link left out
        found = run_icaljs(data, tmp_path)
        assert len(found) > 150 and {o["summary"] for o in found} == {one_line}
    group_calendar = parse(client.get("/groups/evil.ics").data)
    for name in ("NAME", "X-WR-CALNAME"):  # icalendar leaves these as written: unescape here
        assert unescape(group_calendar[name].to_ical().decode()) == f"Meetings — {one_line}"
    assert str(group_calendar["DESCRIPTION"]) == cleaned(LONG, " ")
    assert unescape(group_calendar["X-WR-CALDESC"].to_ical().decode()) == cleaned(LONG, " ")


def unescape(value: str) -> str:
    """RFC 5545 TEXT unescaping, for properties icalendar does not know."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            char = next(chars)
            char = "\n" if char in "nN" else char
        out.append(char)
    return "".join(out)


def test_subscribe_links_for_every_calendar_app(app):
    from meetings.calendars.feeds import subscribe_links

    url = "https://meetings.example.org/meetings.ics?day=1&type=O"
    links = subscribe_links(url)
    assert links["https"] == url
    assert links["webcal"] == "webcal://meetings.example.org/meetings.ics?day=1&type=O"
    assert links["google"] == "https://calendar.google.com/calendar/r?cid=" + quote(
        links["webcal"], safe="")
    assert "%3Fday%3D1%26type%3DO" in links["google"]


def test_my_meetings_page_lists_the_choice_with_subscribe_controls(client, world):
    html = client.get("/my-meetings?meeting=sydney&meeting=london").get_data(as_text=True)
    assert html.index("Sydney Meeting") < html.index("London Meeting")  # Sunday first
    assert 'href="webcal://localhost/my-meetings.ics?meeting=sydney&amp;meeting=london"' in html
    google = quote("webcal://localhost/my-meetings.ics?meeting=sydney&meeting=london", safe="")
    assert f"https://calendar.google.com/calendar/r?cid={google}" in html
    https = "http://localhost/my-meetings.ics?meeting=sydney&amp;meeting=london"
    assert f'value="{https}" readonly' in html
    assert 'href="/my-meetings?meeting=london">Remove' in html


def test_my_meetings_empty_unknown_and_too_many(client, world):
    empty = client.get("/my-meetings")
    assert empty.status_code == 200 and "You have not chosen any meetings yet." in empty.get_data(
        as_text=True)
    unknown = client.get("/my-meetings?meeting=london&meeting=atlantis")
    assert unknown.status_code == 404
    assert "There is no meeting “atlantis”" in unknown.get_data(as_text=True)
    assert 'href="/my-meetings?meeting=london">' in unknown.get_data(as_text=True)
    feed = client.get("/my-meetings.ics?meeting=london&meeting=atlantis")
    assert feed.status_code == 404 and "atlantis" in feed.get_data(as_text=True)
    many = "&".join(f"meeting=m{n}" for n in range(101))
    assert client.get(f"/my-meetings?{many}").status_code == 400
    assert client.get(f"/my-meetings.ics?{many}").status_code == 400
    by_uid = client.get(f"/my-meetings.ics?meeting={world['london'].uid}")
    assert by_uid.status_code == 200 and world["london"].uid.encode() in by_uid.data


@given(st.text(min_size=1, max_size=400))
def test_folding_keeps_lines_short_and_unfolds_to_the_same_text(value):
    from meetings.calendars.ical import escape, fold, one_line

    line = "SUMMARY:" + escape(one_line(value))
    folded = fold(line)
    assert folded.endswith("\r\n")
    pieces = folded[:-2].split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(not p.endswith("\\") or len(p) == 1 for p in pieces[:-1])
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line


@given(st.text(max_size=300))
def test_any_text_round_trips_through_a_parser(value):
    from meetings.calendars.ical import escape, fold, lines_of, one_line

    event = "".join(fold(line) for line in (
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT", "UID:1",
        "DTSTAMP:20260101T000000Z", "SUMMARY:" + escape(one_line(value)),
        "DESCRIPTION:" + escape(lines_of(value)), "END:VEVENT", "END:VCALENDAR"))
    parsed = parse(event.encode()).walk("VEVENT")[0]
    assert str(parsed.get("SUMMARY", "")) == one_line(value)
    assert str(parsed.get("DESCRIPTION", "")) == lines_of(value)


def test_group_feed_carries_its_one_off_events(client, make_group, make_location, at, tmp_path):
    from meetings.directory.occurrences import GroupEvent

    at(NOW)
    group = make_group(slug="with-events", updated=NOW)
    before = client.get("/groups/with-events.ics").headers["ETag"]
    hall = make_location(name="Church Hall", timezone="America/New_York")
    db.session.add_all([
        GroupEvent(group=group, title="Group conscience", kind="business", date=date(2026, 3, 8),
                   start_time=time(12, 30), end_time=time(14), timezone="America/New_York",
                   location=hall, updated=NOW),
        GroupEvent(group=group, title="Called off", date=date(2026, 4, 1), start_time=time(9),
                   timezone="America/New_York", removed_at=NOW, updated=NOW),
    ])
    db.session.commit()
    response = client.get("/groups/with-events.ics")
    assert response.headers["ETag"] != before
    found = run_icaljs(response.data, tmp_path)
    # 8 March 2026 is the day New York's clocks go forward: 12:30 EDT is 16:30 UTC
    assert [(o["summary"], o["start"], o["end"]) for o in found] == [
        ("Group conscience", "2026-03-08T16:30:00Z", "2026-03-08T18:00:00Z")]
    event = parse(response.data).walk("VEVENT")[0]
    assert event["LOCATION"] == "Church Hall, 1 High St, Lewes BN7 2AA, UK"
    assert event["DESCRIPTION"].startswith("Business meeting\n")
    assert event["URL"] == "http://localhost/groups/with-events"
