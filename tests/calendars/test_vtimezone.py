"""VTIMEZONEs that Mozilla's ical.js reads exactly as zoneinfo does, every day for years."""

import json
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetings.calendars import ical
from meetings.calendars.vtimezone import offset_text, vtimezone

ROOT = Path(__file__).resolve().parents[2]
#: the feeds' zones, and zones whose rules are odd: negative DST (Dublin), half-hour DST
#: (Lord Howe), quarter-hour offsets (Chatham), moving and short DST (Casablanca, Gaza),
#: DST abolished (Sao Paulo, Tehran, Amman) or rules changed (Nuuk, Santiago)
ZONES = [
    "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Phoenix",
    "Europe/Dublin", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca", "Asia/Gaza",
    "America/Sao_Paulo", "Asia/Tehran", "Asia/Amman", "America/Nuuk", "America/Santiago",
]


def daily_noon(zone: str, first: date) -> ical.Event:
    start = datetime.combine(first, time(12))
    return ical.Event(uid=zone, sequence=0, stamp=datetime(2026, 1, 1, tzinfo=UTC), zone=zone,
                      start=start, end=start + timedelta(hours=1), summary=zone,
                      rule="FREQ=DAILY")


def icaljs(data: bytes, tmp_path, start: datetime, end: datetime) -> list[dict]:
    path = tmp_path / "zones.ics"
    path.write_bytes(data)
    args = ["node", str(ROOT / "tests/js/occurrences.mjs"), str(path),
            start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def noon_instants(zone: str, first: date, end: datetime) -> set[tuple[str, str]]:
    """Each day's noon in the zone from a date, up to an instant, by zoneinfo."""
    found, day = set(), first
    while True:
        instant = datetime.combine(day, time(12), tzinfo=ZoneInfo(zone)).astimezone(UTC)
        if instant >= end:
            return found
        found.add((zone, instant.strftime("%Y-%m-%dT%H:%M:%SZ")))
        day += timedelta(days=1)


@pytest.mark.parametrize(("first", "years", "zones"), [
    (date(2018, 1, 1), 13, ZONES),
    (date(1975, 1, 1), 25, ["Europe/London", "America/New_York", "Australia/Sydney"]),
])
def test_icaljs_reads_every_day_at_the_instant_zoneinfo_gives(tmp_path, first, years, zones):
    feed = ical.Feed("zones", "https://example.org/", "https://example.org/z.ics", "Test")
    data = ical.calendar(feed, [daily_noon(zone, first) for zone in zones])
    start = datetime.combine(first, time(0), tzinfo=UTC) - timedelta(days=1)
    end = datetime(first.year + years, 1, 1, tzinfo=UTC)
    got = {(o["uid"], o["start"]) for o in icaljs(data, tmp_path, start, end)}
    truth = set().union(*(noon_instants(zone, first, end) for zone in zones))
    assert got == truth


@pytest.mark.parametrize("zone", ZONES)
def test_no_rdate_line_lists_more_than_one_date(zone):
    text = vtimezone(zone, 2000)
    assert text.startswith(f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n")
    assert all("," not in line for line in text.split("\r\n") if line.startswith("RDATE"))


def test_regular_zones_get_yearly_rules_and_zones_without_dst_one_observance():
    london = vtimezone("Europe/London", 2026)
    assert london.count("BEGIN:") == 3  # the zone and its two yearly rules, nothing else
    assert "DTSTART:20250330T010000" in london  # the rules start the year before
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" in london
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" in london
    new_york = vtimezone("America/New_York", 2026)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n" in new_york
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n" in new_york
    for zone, offset in (("Asia/Kolkata", "+0530"), ("America/Phoenix", "-0700")):
        text = vtimezone(zone, 2026)
        assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text
        assert f"TZOFFSETTO:{offset}" in text and "RRULE" not in text and "RDATE" not in text


def test_ended_rules_stop_with_until_in_utc():
    sydney = vtimezone("Australia/Sydney", 2000)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20050326T160000Z\r\n" in sydney
    assert sydney.rstrip().endswith("END:VTIMEZONE")


def test_offsets_are_written_with_sign_and_seconds_when_any():
    assert offset_text(timedelta(hours=5, minutes=30)) == "+0530"
    assert offset_text(timedelta(hours=-3, minutes=-30)) == "-0330"
    assert offset_text(timedelta(0)) == "+0000"
    assert offset_text(-timedelta(minutes=44, seconds=30)) == "-004430"


def test_each_zone_is_worked_out_once():
    vtimezone("Europe/Paris", 2026)
    hits = vtimezone.cache_info().hits
    vtimezone("Europe/Paris", 2026)
    assert vtimezone.cache_info().hits == hits + 1
