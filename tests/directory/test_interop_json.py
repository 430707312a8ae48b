"""/meetings.json as its readers take it: TSML UI's loader, and the Meeting Guide spec's rules.

TSML UI is not published as a package; tests/js/tsml-ui-load.mjs restates its loader
(src/helpers/load-meeting-data.ts) with luxon, the date library it builds times with.
"""

import json
import re
import subprocess
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from meetings.core.types import catalog
from meetings.directory import meetingguide
from meetings.imports import demo, synthetic

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
SLUG = re.compile(r"[a-z0-9-]{1,64}")
PHONE = re.compile(r"\+?[0-9,*#]+")
UPDATED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
#: TSML UI's own default list, stricter than the one TSML gives it (Meeting Guide's)
TSML_UI_DEFAULTS = {domain: domain for domain in meetingguide.TSML_UI_PROVIDERS}


def tsml_ui(entries: list[dict], tmp_path, providers=None) -> dict:
    """What TSML UI's loader keeps of a feed, and what it warns about."""
    feed, listed = tmp_path / "feed.json", tmp_path / "providers.json"
    feed.write_text(json.dumps(entries))
    listed.write_text(json.dumps(TSML_UI_DEFAULTS if providers is None else providers))
    args = ["node", str(ROOT / "tests/js/tsml-ui-load.mjs"), str(feed), str(listed)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def spec_problems(entries: list[dict]) -> list[str]:
    """Every way the entries break the Meeting Guide spec, or what Meeting Guide imports."""
    problems, zones, codes = [], available_timezones(), set(catalog())
    slugs = [entry.get("slug") for entry in entries]
    problems += [f"{slug}: slug used twice" for slug in set(slugs) if slugs.count(slug) > 1]
    for entry in entries:
        slug = entry.get("slug")
        checks = {
            "name": isinstance(entry.get("name"), str) and 0 < len(entry["name"]) <= 255,
            "slug": isinstance(slug, str) and SLUG.fullmatch(slug),
            "day": all(day in range(7) for day in days_of(entry)),
            "time": "day" not in entry or HHMM.fullmatch(entry.get("time", "")),
            "end_time": "end_time" not in entry or HHMM.fullmatch(entry["end_time"]),
            "timezone": entry.get("timezone") in zones,
            "types": all(code in codes for code in entry.get("types", [])),
            "address": entry.get("formatted_address") or entry.get("city"),
            "approximate": entry.get("approximate", "no") in ("yes", "no"),
            "conference_phone": "conference_phone" not in entry
            or PHONE.fullmatch(entry["conference_phone"]),
            "updated": UPDATED.fullmatch(entry.get("updated", "")),
            "url": entry.get("url", "https://").startswith(("https://", "http://")),
            "online": entry.get("attendance_option") != "online"
            or entry.get("approximate") == "yes",
        }
        problems += [f"{slug}: {key}" for key, ok in checks.items() if not ok]
    return problems


def days_of(entry: dict) -> list:
    """The spec allows an integer or a list of them (which TSML UI cannot read)."""
    day = entry.get("day", [])
    return day if isinstance(day, list) else [day]


def assert_whole(entries: list[dict], tmp_path) -> dict:
    """TSML UI keeps every entry, active unless closed, at the day and time given."""
    loaded = tsml_ui(entries, tmp_path)
    assert loaded["thrown"] is None
    kept = loaded["meetings"]
    assert sorted(kept) == sorted(entry["slug"] for entry in entries)
    for entry in entries:
        got = kept[entry["slug"]]
        assert got["isActive"] == (entry["attendance_option"] != "inactive"), entry["slug"]
        assert got["isOnline"] == (entry["attendance_option"] in ("online", "hybrid")), entry
        if "day" in entry:
            assert got["start"] == {"weekday": entry["day"], "time": entry["time"],
                                    "zone": entry["timezone"]}
    assert [w for w in loaded["warnings"] if not w.startswith("unusually long")] == []
    return loaded


def test_tsml_ui_loader_fails_on_day_lists_as_it_does_in_browsers(tmp_path):
    listed = [{"name": name, "slug": name, "day": days, "time": "19:00",
               "timezone": "Europe/London", "formatted_address": "1 High St, Lewes BN7 2AA, UK"}
              for name, days in (("a", [1, 3, 5]), ("b", 2), ("c", [0, 6]))]
    assert tsml_ui(listed, tmp_path)["thrown"] == "Invalid unit value 0,6"


def test_the_demo_directory_loads_whole_in_tsml_ui_and_keeps_the_spec(client, app, tmp_path):
    demo.load(NOW)
    entries = client.get("/meetings.json").get_json()
    assert spec_problems(entries) == []
    loaded = assert_whole(entries, tmp_path)
    meetings = {entry["url"] for entry in entries}
    assert len(entries) > len(meetings)  # meetings on several weekdays: an entry each
    print(f"demo: {len(loaded['meetings'])} of {len(entries)} entries kept by TSML UI "
          f"({len(meetings)} meetings)")


def test_a_generated_directory_loads_whole_in_tsml_ui_and_keeps_the_spec(client, app, tmp_path):
    synthetic.generate(600, seed=11, now=NOW)
    entries = client.get("/meetings.json").get_json()
    assert spec_problems(entries) == []
    loaded = assert_whole(entries, tmp_path)
    online = [e for e in entries if e["attendance_option"] == "online"]
    assert online and all(loaded["meetings"][e["slug"]]["isActive"] for e in online)
    print(f"generated: {len(loaded['meetings'])} of {len(entries)} entries kept by TSML UI")


def test_one_entry_per_weekday_with_stable_slugs(client, make_meeting):
    make_meeting(slug="step-study", weekdays=(5, 1, 3), start_time=time(19))
    entries = client.get("/meetings.json").get_json()
    assert [(e["slug"], e["day"]) for e in entries] == [
        ("step-study", 1), ("step-study--wed", 3), ("step-study--fri", 5)]
    assert {e["url"] for e in entries} == {"http://localhost/meetings/step-study"}
    for slug in ("step-study--wed", "step-study--fri"):
        page = client.get(f"/meetings/{slug}")
        assert page.status_code == 301 and page.location.endswith("/meetings/step-study")
        feed = client.get(f"/meetings/{slug}.ics")
        assert feed.status_code == 301 and feed.location.endswith("/meetings/step-study.ics")
    mine = client.get("/my-meetings.ics?meeting=step-study--wed")
    assert mine.status_code == 200 and mine.data.count(b"BEGIN:VEVENT") == 1
    assert client.get("/meetings/step-study--sun").status_code == 404
    assert client.get("/meetings/nothing--wed").status_code == 404


def test_long_slugs_are_cut_to_64_and_still_lead_to_their_meeting(client, make_meeting):
    long = "a-very-long-name-for-a-meeting-that-someone-typed-in-full-" * 2
    make_meeting(slug=long.strip("-"), weekdays=(0, 4))
    make_meeting(slug=long[:-10].strip("-"), weekdays=(2,))
    entries = client.get("/meetings.json").get_json()
    slugs = [entry["slug"] for entry in entries]
    assert len(slugs) == len(set(slugs)) == 3 and all(len(slug) <= 64 for slug in slugs)
    for entry in entries:
        page = client.get(f"/meetings/{entry['slug']}", follow_redirects=True)
        assert page.status_code == 200 and page.request.path == entry["url"][len("http://localhost"):]
    assert client.get("/meetings/" + slugs[0][:-8] + "00000000").status_code == 404


def test_online_meetings_carry_an_approximate_place(client, make_meeting, make_group,
                                                    make_location):
    group = make_group()
    make_meeting(slug="hall", group=group, location=make_location(
        address="4953 W Addison St, Chicago, IL 60641, USA", timezone="America/Chicago"))
    make_meeting(slug="zoom", group=group, attendance="online", timezone="America/Chicago",
                 conference_url="https://us02web.zoom.us/j/1", conference_phone="+1 312 626 6799")
    make_meeting(slug="far", attendance="online", timezone="Australia/Lord_Howe",
                 conference_url="https://meet.jit.si/far")
    make_meeting(slug="nowhere", attendance="online", timezone="UTC",
                 conference_url="https://meet.jit.si/utc")
    entries = {entry["slug"]: entry for entry in client.get("/meetings.json").get_json()}
    assert entries["zoom"]["formatted_address"] == "Chicago, IL, USA"
    assert entries["zoom"]["approximate"] == "yes" and "location" not in entries["zoom"]
    assert entries["zoom"]["conference_phone"] == "+13126266799"
    assert entries["far"]["formatted_address"] == "Lord Howe, Australia"
    assert "formatted_address" not in entries["nowhere"]  # UTC names no place to give


@pytest.mark.parametrize(("said", "published"), [
    ("+1 212 555 0148", "+12125550148"), ("+1 (646) 558-8656,,84512#", "+16465588656,,84512#"),
    ("01632 960 123 *2", "01632960123*2"), ("+44 20 7946 0018 ext. 12", "+4420794600181" "2"),
    ("call the group", None), ("", None),
])
def test_conference_phones_take_the_spec_format(said, published):
    assert meetingguide.spec_phone(said) == published


@pytest.mark.parametrize(("url", "gap"), [
    ("https://us02web.zoom.us/j/1", None), ("https://meet.google.com/abc", None),
    ("https://teams.microsoft.com/l/meetup-join/1", "tsml-ui"),
    ("https://whereby.com/group", "all"), ("https://example.org/join", "all"),
])
def test_join_links_outside_the_apps_lists_are_told_apart(url, gap):
    assert meetingguide.provider_gap(url) == gap
