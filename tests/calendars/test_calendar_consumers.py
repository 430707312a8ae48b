"""Three independent calendar readers expand every kind of feed over three years, in zones
whose clocks skip and repeat, and must give the instants RFC 5545 §3.3.5 defines.

Readers: Mozilla's ical.js (Thunderbird; tests/js/occurrences.mjs), Python icalendar with
recurring-ical-events, and Home Assistant's `ical`. §3.3.5: a local time the clocks skip is
read with the offset before the change (it moves forward by the gap); a local time they
repeat is its first occurrence. The truth below is worked out from that rule, and zoneinfo
is checked against it too (fold=0 is that rule). Starts, ends and statuses are compared;
where a reader departs from the RFC, the test pins the departure exactly, as recorded in
docs/interop.md: ical.js reads every wall time as fold=1 (a skipped time moves back by the
gap, a repeated one takes its second run); all three give each occurrence of a series
DTEND's wall-clock time, and add a DURATION to the wall-clock start, where the RFC keeps
the exact length.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from holders import post, start_group
from ical.calendar_stream import IcsCalendarStream
from rostering import add_role, add_volunteer, take

from calendars.test_feeds import iso, parse, run_icaljs
from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
WINDOW = (NOW, datetime(2029, 1, 5, 12, tzinfo=UTC))
URL = re.compile(r'id="calendar-url"[^>]* value="([^"]+)"')
#: slug: zone, weekday (Sunday = 0), start, minutes; each start is skipped or repeated
#: by its zone's clocks at least once a year
SPECS = {
    "ny-gap": ("America/New_York", 0, time(2, 30), 60),  # March: 02:00 -> 03:00
    "ny-overlap": ("America/New_York", 0, time(1, 30), 60),  # November: 01:00-02:00 twice
    "lord-howe-gap": ("Australia/Lord_Howe", 0, time(2, 15), 45),  # October: 02:00 -> 02:30
    "lord-howe-overlap": ("Australia/Lord_Howe", 0, time(1, 45), 30),  # April: 01:30-02:00
    "chatham": ("Pacific/Chatham", 0, time(3), 60),  # Sept 02:45 -> 03:45; April twice
    "santiago-gap": ("America/Santiago", 0, time(0, 30), 60),  # September: 00:00 -> 01:00
    "santiago-overlap": ("America/Santiago", 6, time(23, 30), 60),  # April: 23:00-24:00 twice
}
CANCELLED = {"ny-gap": date(2027, 3, 14), "chatham": date(2026, 9, 27)}  # days of a gap
MOVED = {"santiago-overlap": (date(2027, 4, 3), datetime(2027, 4, 3, 23, 45))}  # repeated


def rfc_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """RFC 5545 §3.3.5: skipped times move forward by the gap, repeated ones come first."""
    naive = datetime.combine(day, wall)
    offsets = sorted({(naive.replace(tzinfo=zone, fold=f)).utcoffset() for f in (0, 1)})
    real = [naive - o for o in offsets
            if (naive - o).replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None) == naive]
    if real:
        return min(real).replace(tzinfo=UTC)
    before = (naive - timedelta(hours=6)).replace(tzinfo=zone).utcoffset()
    return (naive - before).replace(tzinfo=UTC)  # the offset before the gap


def icaljs_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """How ical.js reads a wall time: the offset after a gap, the second of a repeat."""
    return datetime.combine(day, wall, tzinfo=zone).replace(fold=1).astimezone(UTC)


def written_end(start: datetime, end: datetime, zone: ZoneInfo, reading) -> datetime:
    """An override's end as a reader takes it. The feed writes DTEND's wall clock; or, where
    that would name the first run of a repeated hour while the end is in the second, an exact
    DURATION, which the readers add to the wall-clock start."""
    wall = end.astimezone(zone)
    if wall.fold and wall.utcoffset() != wall.replace(fold=0).utcoffset():
        nominal = start.astimezone(zone).replace(tzinfo=None) + (end - start)
        return reading(nominal.date(), nominal.time(), zone)
    return reading(wall.date(), wall.time(), zone)


def truth(meetings: dict, slugs, reading=None) -> set[tuple]:
    """(uid, start, end, status) of every occurrence in the window: by the RFC (exact
    lengths), or by a reader's reading of wall times (series ends at DTEND's wall time)."""
    found = set()
    for slug in slugs:
        name, weekday, wall, minutes = SPECS[slug]
        zone, uid, day = ZoneInfo(name), meetings[slug].uid + "@meetings", WINDOW[0].date()
        length = timedelta(minutes=minutes)
        while day <= WINDOW[1].date():
            if day.isoweekday() % 7 == weekday:
                start = rfc_instant(day, wall, zone)
                assert start == datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)
                end = start + length
                status = "CANCELLED" if CANCELLED.get(slug) == day else "CONFIRMED"
                override = status == "CANCELLED" or (slug in MOVED and MOVED[slug][0] == day)
                if slug in MOVED and MOVED[slug][0] == day:
                    start = rfc_instant(day, MOVED[slug][1].time(), zone)
                    end = start + length
                if reading and override:
                    moved = MOVED[slug][1].time() if status != "CANCELLED" else wall
                    end = written_end(start, end, zone, reading)
                    start = reading(day, moved, zone)
                elif reading:
                    ends = datetime.combine(day, wall) + length
                    start, end = reading(day, wall, zone), reading(ends.date(), ends.time(), zone)
                if WINDOW[0] <= start < WINDOW[1]:
                    found.add((uid, iso(start), iso(end), status))
            day += timedelta(days=1)
    return found


def python_reading(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """How recurring-ical-events and ical read a wall time: as the RFC does."""
    return rfc_instant(day, wall, zone)


def by_icaljs(data: bytes, tmp_path) -> set[tuple]:
    return {(o["uid"], o["start"], o["end"], o["status"] or "CONFIRMED")
            for o in run_icaljs(data, tmp_path, *WINDOW)}


def by_recurring(data: bytes) -> set[tuple]:
    return {(str(e["UID"]), iso(e["DTSTART"].dt), iso(e["DTEND"].dt),
             str(e.get("STATUS", "CONFIRMED")))
            for e in recurring_ical_events.of(parse(data)).between(*WINDOW)
            if WINDOW[0] <= e["DTSTART"].dt < WINDOW[1]}


def by_home_assistant(data: bytes) -> set[tuple]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return {(e.uid, iso(e.dtstart), iso(e.end),
             str(e.status.value if e.status else "CONFIRMED"))
            for e in calendar.timeline_tz(UTC).overlapping(*WINDOW)
            if WINDOW[0] <= e.dtstart < WINDOW[1]}


def starts(occurrences: set[tuple]) -> set[tuple]:
    return {(uid, start, status) for uid, start, _end, status in occurrences}


def readers(data: bytes, tmp_path) -> dict[str, set[tuple]]:
    return {"ical.js": by_icaljs(data, tmp_path), "recurring-ical-events": by_recurring(data),
            "ical": by_home_assistant(data)}


@pytest.fixture
def world(app, at, make_meeting, make_group):
    at(NOW)
    shared = make_group(slug="night-owls", name="Night Owls", updated=NOW)
    meetings = {}
    for slug, (zone, weekday, start, minutes) in SPECS.items():
        end = (datetime.combine(date.min, start) + timedelta(minutes=minutes)).time()
        meetings[slug] = make_meeting(
            slug=slug, name=slug, timezone=zone, weekdays=(weekday,), start_time=start,
            end_time=end, attendance="online", conference_url="https://zoom.us/j/9",
            group=shared if slug.startswith("ny") else make_group(updated=NOW),
            created=NOW, updated=NOW)
    for slug, day in CANCELLED.items():
        db.session.add(DateChange(meeting=meetings[slug], date=day, status="cancelled",
                                  updated=NOW))
    for slug, (day, start) in MOVED.items():
        db.session.add(DateChange(meeting=meetings[slug], date=day, status="moved",
                                  moved_start=start, updated=NOW))
    db.session.commit()
    return meetings


FEEDS = {
    "/meetings.ics?attendance=online": list(SPECS),
    "/meetings.ics?type=O&tz=UTC": list(SPECS),
    "/my-meetings.ics?meeting=chatham&meeting=santiago-gap&meeting=lord-howe-overlap": [
        "chatham", "santiago-gap", "lord-howe-overlap"],
    **{f"/meetings/{slug}.ics": [slug] for slug in SPECS},
}


@pytest.mark.parametrize("url", list(FEEDS))
def test_three_readers_give_the_rfc_instants_in_every_feed(client, world, tmp_path, url):
    response = client.get(url)
    assert response.status_code == 200
    expected = truth(world, FEEDS[url])
    assert len(expected) >= 150 * len(FEEDS[url])
    found = readers(response.data, tmp_path)
    assert found["recurring-ical-events"] == truth(world, FEEDS[url], python_reading)
    assert found["ical"] == truth(world, FEEDS[url], python_reading)
    assert found["ical.js"] == truth(world, FEEDS[url], icaljs_instant)
    print(f"{url}: {len(expected)} occurrences;", "; ".join(
        f"{reader} differs from the RFC in {len(got - expected)} "
        f"({len(starts(got) - starts(expected))} starts)" for reader, got in found.items()))


def test_a_group_feed_with_one_off_events_on_the_days_the_clocks_change(client, world,
                                                                       tmp_path):
    group = db.session.scalar(db.select(Group).where(Group.slug == "night-owls"))
    db.session.add_all([
        GroupEvent(group=group, title="Group conscience", kind="business",
                   date=date(2027, 3, 14), start_time=time(2, 30), end_time=time(3, 30),
                   timezone="America/New_York", attendance="online", updated=NOW),
        GroupEvent(group=group, title="Anniversary", kind="anniversary", date=date(2026, 11, 1),
                   start_time=time(1, 15), end_time=time(2, 45), timezone="America/New_York",
                   attendance="online", updated=NOW)])
    db.session.commit()
    response = client.get("/groups/night-owls.ics")
    uids = {e.title: e.uid + "@meetings" for e in db.session.scalars(db.select(GroupEvent))}
    rfc = {(uids["Group conscience"], "2027-03-14T07:30:00Z", "CONFIRMED"),
           (uids["Anniversary"], "2026-11-01T05:15:00Z", "CONFIRMED")}
    icaljs = {(uids["Group conscience"], "2027-03-14T06:30:00Z", "CONFIRMED"),
              (uids["Anniversary"], "2026-11-01T06:15:00Z", "CONFIRMED")}
    found = {reader: starts(got) for reader, got in readers(response.data, tmp_path).items()}
    expected = starts(truth(world, ["ny-gap", "ny-overlap"])) | rfc
    assert found["recurring-ical-events"] == found["ical"] == expected
    assert found["ical.js"] == starts(truth(world, ["ny-gap", "ny-overlap"], icaljs_instant)) | (
        icaljs)


def test_a_private_service_calendar_on_the_days_the_clocks_change(client, at, tmp_path):
    at(datetime(2026, 10, 1, 12, tzinfo=UTC))
    start_group(client, timezone="America/New_York", weekdays=["0"], start_time="01:30",
                length="60", attendance="online", address="")
    slug = db.session.scalar(db.select(Group.slug))
    chair = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-10-04")
    sam = add_volunteer(client, slug, "Sam K.")
    for due in ("2026-10-25", "2026-11-01", "2027-03-14"):  # before, repeated hour, after gap
        assert take(client, slug, chair, due, sam).status_code == 303
    page = post(client, f"/groups/{slug}/roster/calendars", {"whose": "0"})
    url = "/" + URL.search(page.get_data(as_text=True)).group(1).split("/", 3)[3]
    data = client.get(url).data
    zone = ZoneInfo("America/New_York")
    expected = {iso(rfc_instant(date.fromisoformat(due), time(1, 30), zone))
                for due in ("2026-10-25", "2026-11-01", "2027-03-14")}
    assert expected == {"2026-10-25T05:30:00Z", "2026-11-01T05:30:00Z", "2027-03-14T06:30:00Z"}
    found = {reader: {start for _uid, start, _end, _status in got}
             for reader, got in readers(data, tmp_path).items()}
    assert found["recurring-ical-events"] == found["ical"] == expected
    assert found["ical.js"] == expected - {"2026-11-01T05:30:00Z"} | {"2026-11-01T06:30:00Z"}
    assert db.session.scalar(db.select(Meeting.timezone)) == "America/New_York"


def test_an_override_changes_only_the_series_of_its_own_uid(client, at, make_meeting, tmp_path):
    at(NOW)
    london = make_meeting(slug="london", weekdays=(1,), start_time=time(19), created=NOW)
    make_meeting(slug="boston", weekdays=(1,), start_time=time(19), timezone="America/New_York",
                 created=NOW)  # the same wall-clock time: ical.js keys overrides on it
    db.session.add(DateChange(meeting=london, date=date(2026, 2, 2), status="cancelled",
                              updated=NOW))
    db.session.commit()
    found = run_icaljs(client.get("/meetings.ics").data, tmp_path, NOW,
                       datetime(2026, 2, 16, tzinfo=UTC))
    cancelled = [(o["uid"], o["start"]) for o in found if o["status"] == "CANCELLED"]
    assert cancelled == [(london.uid + "@meetings", "2026-02-02T19:00:00Z")]
    assert len(found) == 12


def test_an_end_in_the_second_run_of_a_repeated_hour_is_an_exact_duration(
        client, at, tmp_path, make_meeting):
    """A wall-clock DTEND can only name a repeated hour's first run (RFC 5545 3.3.5): a
    series first held at 01:30 EDT on the night New York repeats 01:00-02:00 ends at 01:30
    EST, which only DURATION (or UTC) can say; as a wall clock it lasted 0 minutes every week."""
    first = datetime(2026, 11, 1, 4, tzinfo=UTC)
    at(first)
    make_meeting(slug="late", timezone="America/New_York", weekdays=(0,),
                 start_time=time(1, 30), end_time=time(2, 30), created=first, updated=first)
    data = client.get("/meetings/late.ics").data
    assert b"\r\nDURATION:PT1H\r\n" in data and b"DTEND" not in data
    zone = ZoneInfo("America/New_York")

    def clocks_change(start: str) -> bool:  # readers add lengths to wall clocks: see the docs
        day = datetime.fromisoformat(start).astimezone(zone).date()
        return zone.utcoffset(datetime.combine(day, time())) != zone.utcoffset(
            datetime.combine(day + timedelta(days=1), time()))

    for reader, found in readers(data, tmp_path).items():
        weeks = [o for o in found if not clocks_change(o[1])]
        lengths = {datetime.fromisoformat(end) - datetime.fromisoformat(start)
                   for _uid, start, end, _status in weeks}
        assert len(weeks) > 100 and lengths == {timedelta(hours=1)}, reader
