"""import-feed: Meeting Guide JSON and TSML CSV, from files and URLs, into the directory."""

import copy
import http.server
import json
import threading
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event

from meetings.core.database import db
from meetings.directory.locations import Location, Region, Source
from meetings.directory.models import Group, Meeting
from meetings.imports import fetch as feedfetch
from meetings.imports import importer
from meetings.imports import run as importrun
from meetings.imports import times as feedtimes

ROOT = Path(__file__).resolve().parents[2]
#: real intergroup feeds, copied byte for byte (see SOURCES.md there)
FIXTURES = ROOT / "tests" / "fixtures" / "tsml"
NEW_YORK = "America/New_York"


def fixture(name):
    return str(FIXTURES / name)


def load(name, zone=NEW_YORK):
    return importer.import_source(fixture(name), default_zone=zone)


def records(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def feed(*rows, label="test-feed", zone=NEW_YORK):
    return importer.import_records(list(rows), label, zone)


def row(**fields):
    values = {"slug": "m", "name": "M", "day": 1, "time": "19:00",
              "formatted_address": "1 Main St, Anytown, OK 12345, USA"}
    return {key: value for key, value in {**values, **fields}.items() if value is not None}


def meeting(slug):
    return db.session.scalar(db.select(Meeting).where(Meeting.slug == slug))


def count(model, *where):
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def listed():
    return count(Meeting, Meeting.removed_at.is_(None))


# The reference feeds, every file


def test_sussexaa_lists_every_meeting_with_its_details(app):
    report = load("sussexaa.json")

    assert report.summary() == "123 added, 0 updated, 0 unchanged, 0 removed"
    assert report.warnings == []
    assert listed() == 123
    first = meeting("rehoboth-beach-speaker")
    assert (first.name, first.weekdays) == ("Rehoboth Beach Speaker", [0])
    assert (first.start_time, first.end_time) == (time(19, 0), time(20, 0))
    assert first.timezone == NEW_YORK and first.location.timezone == NEW_YORK
    assert (first.type_codes, first.attendance) == (["O", "SP"], "in_person")
    assert first.location.name == "All Saints' Episcopal Church"
    assert first.location.address == "18 Olive Ave, Rehoboth Beach, DE 19971, USA"
    assert (first.location.latitude, first.location.longitude) == (38.7186782, -75.0780198)
    assert first.location.notes.startswith("Parking is NOT PERMITTED")
    assert first.location.region.name == "Rehoboth"
    assert first.group.name == "Rehoboth Beach Sunday Group"
    assert first.group.district == "District 01"
    assert first.updated == datetime(2022, 7, 9, 19, 32, 28, tzinfo=UTC)
    assert first.source.location == fixture("sussexaa.json")


def test_sussexaa_online_hybrid_and_seventh_tradition(app):
    load("sussexaa.json")

    online = meeting("daily-reflections-thursday")
    assert online.attendance == "online" and online.location.approximate
    assert online.type_codes == ["DR", "DB", "O"]  # ONL is what attendance already says
    assert online.conference_url.startswith("https://us02web.zoom.us/j/3021641212")
    assert online.group.venmo == "@Joyce-Felton-2"
    closed = meeting("terra-firma-big-book")
    assert (closed.attendance, closed.type_codes) == ("online", ["B", "C", "TC", "X", "W"])
    hybrid = meeting("love-service")
    assert hybrid.attendance == "hybrid"
    assert hybrid.group.email == "loveandservicerehoboth@gmail.com"
    # the three Daily Reflections meetings are one group, and meet in one (online) place
    readings = [meeting(f"daily-reflections-{day}") for day in ("monday", "tuesday", "thursday")]
    assert len({m.group_id for m in readings}) == 1
    assert len({m.location_id for m in readings}) == 1


def test_sussexaa_meetings_without_a_group_get_their_own(app):
    load("sussexaa.json")

    groupless = [r for r in records("sussexaa.json") if not r.get("group")]
    assert len(groupless) == 16
    for record in groupless:
        found = meeting(record["slug"])
        assert found.group.name == record["name"]
        assert found.group.slug in (record["slug"], f"{record['slug']}-group")


def test_al_anon_keeps_its_own_type_codes_quietly(app):
    report = load("al-anon.json")

    assert report.summary() == "360 added, 0 updated, 0 unchanged, 0 removed"
    assert report.warnings == []
    assert "AC" in meeting("30795307-mind-your-own-recovery-afg").type_codes
    assert meeting("25035-testing-meeting-types-afg").type_codes == ["O", "LGBTQIA", "POA"]
    online = meeting("25037-par-ents-afg")
    assert online.location.approximate and online.attendance == "online"
    assert online.conference_phone == "+19292056099,,1234567890#,,,,,##"
    assert online.notes.startswith("Zoom ID: 123 4567 890\npasscode: 123456\n\nDial-In")
    by_attendance = {
        option: count(Meeting, Meeting.attendance == option)
        for option in ("online", "in_person", "inactive", "hybrid")
    }
    assert by_attendance == {"online": 113, "in_person": 156, "inactive": 31, "hybrid": 60}


@pytest.mark.parametrize("name", ["sussexaa.json", "al-anon.json"])
def test_attendance_worked_out_like_tsml_where_the_feed_does_not_say(app, name):
    given_rows = records(name)
    for record in given_rows:
        record["slug"] += "-derived"
    stripped = [{k: v for k, v in r.items() if k != "attendance_option"} for r in given_rows]

    feed(*stripped)

    for record in given_rows:
        assert meeting(record["slug"]).attendance == record["attendance_option"], record["slug"]


def test_times_json_edge_cases(app):
    report = load("times.json")

    assert report.summary() == "9 added, 0 updated, 0 unchanged, 0 removed"
    assert report.warnings == []
    assert meeting("monday-7pm").weekdays == [1]  # "day": "1"
    assert meeting("saturday-8pm").weekdays == [6]
    appointment = meeting("appointment")
    assert (appointment.days, appointment.start_time) == (0, None)
    approximate = meeting("approximate")
    assert approximate.location.approximate and approximate.attendance == "inactive"
    assert approximate.type_codes == ["O", "NA"]  # unknown to us, but plausibly a code
    assert meeting("monday-7am").end_time is None
    assert count(Group) == 1


def test_times_json_contact_fields_are_never_stored(app):
    load("times.json")

    stored = [
        *db.session.execute(db.select(Meeting)).scalars(),
        *db.session.execute(db.select(Group)).scalars(),
        *db.session.execute(db.select(Location)).scalars(),
        *db.session.execute(db.select(Source)).scalars(),
    ]
    everything = " ".join(str(vars(row)) for row in stored)
    assert "John D" not in everything and "johnd@" not in everything
    assert "123-456-7890" not in everything


def test_invalid_json_fails_and_imports_nothing(app):
    with pytest.raises(importer.ImportFailed, match="not valid JSON: Extra data at line 80"):
        load("invalid.json")

    assert count(Meeting) == count(Group) == count(Location) == count(Source) == 0


def test_day_seven_is_warned_about_and_listed_by_appointment(app):
    text = (FIXTURES / "invalid.json").read_text(encoding="utf-8")
    usable = json.loads(text.partition("invalid text")[0])

    report = importer.import_records(usable, "invalid-json-rows", NEW_YORK)

    assert report.warnings == [
        'row 7 (sunday-8pm): day "7" is not a weekday; meeting listed by appointment',
        'row 8 (sunday-8am): day "7" is not a weekday; meeting listed by appointment',
    ]
    assert (meeting("sunday-8pm").days, meeting("sunday-8pm").start_time) == (0, None)
    assert meeting("monday-7pm").attendance == "online"  # a conference URL and no address
    assert meeting("monday-7pm").location is None
    assert listed() == 8


def test_timezones_come_from_each_row(app):
    report = load("timezones.test.json", zone="Europe/Paris")

    assert report.summary() == "2 added, 0 updated, 0 unchanged, 0 removed"
    san_francisco, philadelphia = meeting("sf-meeting"), meeting("pa-meeting")
    assert san_francisco.timezone == "America/Los_Angeles"
    assert philadelphia.timezone == "America/New_York"
    assert philadelphia.location.timezone == "America/New_York"
    assert philadelphia.location.address == "Philadelphia"
    assert philadelphia.location.region.name == "Philadelphia"  # TSML UI falls back to city
    assert (philadelphia.weekdays, philadelphia.start_time) == ([6], time(11, 45))


def test_appointment_meetings_are_kept(app):
    load("appointment.test.json")

    by_appointment, timed = meeting("josh-meeting"), meeting("time-meeting")
    assert (by_appointment.days, by_appointment.start_time) == (0, None)
    assert by_appointment.attendance == "online"
    assert (timed.weekdays, timed.start_time) == ([4], time(20, 0))
    assert by_appointment.location is timed.location  # same name, same address
    assert timed.location.name == "Josh's house"


def test_tsml_csv_template(app):
    report = load("tsml-import-template.csv")

    assert report.summary() == "36 added, 0 updated, 0 unchanged, 0 removed"
    assert report.warnings == []
    first = meeting("after-work-topic-meeting")
    assert (first.weekdays, first.start_time, first.end_time) == ([1], time(18, 0), None)
    assert first.timezone == "America/Los_Angeles"  # the Timezone column beats --timezone
    assert (first.type_codes, first.attendance) == (["O", "X"], "in_person")
    assert first.location.address == "2634 Union Ave, San Jose, CA 95124, USA"
    assert [region.name for region in first.location.region.path] == [
        "San Jose", "West San Jose"
    ]
    assert first.location.region.parent.slug == "san-jose"
    group = first.group
    assert (group.name, group.venmo, group.phone) == (
        "Saturday Nite Live", "@sample-venmo", "(800) 555-1212"
    )
    assert group.website == "https://saturdaynitelive.org"
    assert first.updated == datetime(2020, 4, 4, 16, 50, 58, tzinfo=UTC)  # "2020-04-0416:50:58"
    assert meeting("t-g-i-f").end_time == time(20, 30)
    assert meeting("gay-lesbian-step-study-12-traditions-group").type_codes == [
        "G", "L", "O", "ST", "TR", "T", "X"
    ]
    assert meeting("living-with-others").type_codes == ["BA", "H", "O", "X"]
    closed = meeting("underground-book-study")
    assert (closed.attendance, closed.type_codes) == ("online", ["B", "M", "O", "TC"])
    assert closed.conference_phone == "(800) 555-1212"
    coffee, saturday_coffee = meeting("cup-of-coffee-group"), meeting("cup-of-coffee-group-2")
    assert coffee.location is saturday_coffee.location
    assert meeting("thru-the-big-book").notes == "This meeting is located in Bldg 3, Rm 2."


def test_csv_with_bom_lowercase_headers_and_contacts(app, tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_text(
        "\ufeffname,day,time,address,types,contact 1 name,contact 1 email,slug\n"
        'Keep It Simple,Tuesday,7 pm,"1 Main St, Anytown, OK 12345, USA",'
        '"Open, Big Book",Sam K.,sam@example.org,keep-it-simple\n',
        encoding="utf-8",
    )

    report = importer.import_source(str(path), default_zone=NEW_YORK)

    assert report.summary() == "1 added, 0 updated, 0 unchanged, 0 removed"
    found = meeting("keep-it-simple")
    assert (found.weekdays, found.start_time, found.type_codes) == ([2], time(19), ["O", "B"])
    assert "Sam" not in str(vars(found)) + str(vars(found.group))


def test_csv_is_recognised_by_content_too(app, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("Name,Day,Time\nNoon Group,Friday,noon\n", encoding="utf-8")

    importer.import_source(str(path), default_zone=NEW_YORK)

    assert (meeting("noon-group").weekdays, meeting("noon-group").start_time) == ([5], time(12))


def test_csv_without_the_template_columns_fails(app, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nSam,sam@example.org\n", encoding="utf-8")

    with pytest.raises(importer.ImportFailed, match="no Day, Time column"):
        importer.import_source(str(path))
    assert count(Meeting) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"slug": "x"}', "expected a JSON array"),
        ('["x"]', "item 1 is not an object"),
        ("[]", "lists no meetings"),
        (b"\xff\xfe[]", "not UTF-8"),
    ],
)
def test_malformed_sources_fail(app, tmp_path, content, message):
    path = tmp_path / "feed.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())

    with pytest.raises(importer.ImportFailed, match=message):
        importer.import_source(str(path))


def test_unreadable_file_fails_clearly(app, tmp_path):
    with pytest.raises(importer.ImportFailed, match="cannot read .*missing.json: No such file"):
        importer.import_source(str(tmp_path / "missing.json"))


def test_an_error_midway_imports_nothing(app, monkeypatch):
    calls = []

    def failing(self, slug, listing):
        calls.append(slug)
        if len(calls) == 50:
            raise RuntimeError("boom")
        original(self, slug, listing)

    original = importrun.ImportRun._meeting
    monkeypatch.setattr(importrun.ImportRun, "_meeting", failing)

    with pytest.raises(RuntimeError):
        load("sussexaa.json")
    assert count(Meeting) == count(Group) == count(Location) == count(Region) == 0


# Fetching from a URL


@pytest.fixture
def served():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Quiet, directory=str(FIXTURES))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_feed_from_a_url(app, served):
    report = importer.import_source(f"{served}/times.json", default_zone=NEW_YORK)

    assert report.summary() == "9 added, 0 updated, 0 unchanged, 0 removed"
    assert db.session.scalar(db.select(Source.location)) == f"{served}/times.json"


def test_csv_from_a_url(app, served):
    importer.import_source(f"{served}/tsml-import-template.csv")

    assert listed() == 36


def test_url_errors_are_clear(app, served):
    with pytest.raises(importer.ImportFailed, match="answered HTTP 404"):
        importer.import_source(f"{served}/nothing.json")
    with pytest.raises(importer.ImportFailed, match="could not reach"):
        importer.import_source("http://127.0.0.1:9/feed.json")


def test_oversized_download_fails(app, served, monkeypatch):
    monkeypatch.setattr(feedfetch, "MAX_BYTES", 1000)

    with pytest.raises(importer.ImportFailed, match="larger than"):
        importer.import_source(f"{served}/sussexaa.json")


# Importing again


def test_importing_again_changes_nothing(app):
    load("sussexaa.json")
    stamps = dict(db.session.execute(db.select(Meeting.slug, Meeting.updated)).all())

    report = load("sussexaa.json")

    assert report.summary() == "0 added, 0 updated, 123 unchanged, 0 removed"
    assert dict(db.session.execute(db.select(Meeting.slug, Meeting.updated)).all()) == stamps
    assert count(Meeting) == 123 and count(Source) == 1


def test_importing_a_changed_copy_updates_and_removes(app):
    original = records("sussexaa.json")
    load("sussexaa.json")
    changed = copy.deepcopy(original)
    changed[0]["time"] = "19:30"
    changed[0]["updated"] = "2024-01-02 03:04:05"
    dropped = changed.pop(1)

    report = importer.import_records(changed, fixture("sussexaa.json"), NEW_YORK)

    assert report.summary() == "0 added, 1 updated, 121 unchanged, 1 removed"
    assert meeting(changed[0]["slug"]).start_time == time(19, 30)
    assert meeting(changed[0]["slug"]).updated == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    gone = meeting(dropped["slug"])
    assert gone is not None and gone.removed_at is not None
    assert listed() == 122

    back = importer.import_records(original, fixture("sussexaa.json"), NEW_YORK)

    assert back.summary() == "0 added, 2 updated, 121 unchanged, 0 removed"
    assert meeting(dropped["slug"]).removed_at is None


def test_a_changed_group_or_place_updates_its_meetings(app):
    feed(row(slug="a", group="G", venmo="@old-one"), row(slug="b", group="G"))

    report = feed(row(slug="a", group="G", venmo="@new-one"), row(slug="b", group="G"))

    assert report.summary() == "0 added, 2 updated, 0 unchanged, 0 removed"
    assert meeting("b").group.venmo == "@new-one"


def test_meetings_of_another_source_are_left_alone(app):
    feed(row(slug="shared", name="First"), label="one")

    report = feed(row(slug="shared", name="Second"), label="two")

    assert report.warnings == [
        'row 1 (shared): slug "shared" is used by a meeting from another source; '
        'listed as "shared-2"'
    ]
    assert meeting("shared").name == "First" and meeting("shared-2").name == "Second"
    again = feed(row(slug="shared", name="Second"), label="two")
    assert again.summary() == "0 added, 0 updated, 1 unchanged, 0 removed"
    assert meeting("shared").removed_at is None


def test_source_entity_fields(app):
    feed(row(entity="Sussex Intergroup", entity_email="office@example.org",
             entity_phone="+1 302 555 0100", entity_location="Delaware",
             entity_website_url="https://example.org", feedback_emails="a@example.org"))
    source = db.session.scalar(db.select(Source))

    assert (source.entity, source.entity_email) == ("Sussex Intergroup", "office@example.org")
    assert (source.entity_phone, source.entity_location) == ("+1 302 555 0100", "Delaware")
    assert (source.entity_url, source.feedback_emails) == ("https://example.org", "a@example.org")

    feed(row(entity_url="https://intergroup.example.org",
             feedback_emails=["a@example.org", "b@example.org"]))

    assert source.entity_url == "https://intergroup.example.org"
    assert source.feedback_emails == "a@example.org, b@example.org"
    assert source.entity is None  # the feed no longer names it


# Rows: tolerant reading, and warnings that say where


@pytest.mark.parametrize(
    ("day", "weekdays"),
    [
        (3, [3]), ("3", [3]), (3.0, [3]), ("Wednesday", [3]), ("wednesday", [3]), ("WED", [3]),
        ("Weds", [3]), ("Thurs", [4]), ("Su", [0]), ("Sa", [6]), ("Mondays", [1]),
        ([1, "3", "Friday"], [1, 3, 5]), ("Monday, Wednesday", [1, 3]), ([0, 0], [0]),
    ],
)
def test_days(app, day, weekdays):
    report = feed(row(day=day))

    assert meeting("m").weekdays == weekdays and report.warnings == []


def test_a_bad_day_among_good_ones_is_ignored(app):
    report = feed(row(day=["Monday", "Someday", 7]))

    assert meeting("m").weekdays == [1]
    assert report.warnings == [
        'row 1 (m): day "Someday" is not a weekday; ignored',
        'row 1 (m): day "7" is not a weekday; ignored',
    ]


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"time": "25:00"}, 'time "25:00" is not a time of day; meeting listed by appointment'),
        ({"time": None}, "time is missing; meeting listed by appointment"),
        ({"day": None}, "day is missing; meeting listed by appointment"),
        ({"day": "Tu"}, None),
    ],
)
def test_day_without_time_is_by_appointment(app, fields, warning):
    report = feed(row(**fields))

    assert report.warnings == ([f"row 1 (m): {warning}"] if warning else [])
    if warning:
        assert (meeting("m").days, meeting("m").start_time) == (0, None)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("18:00", time(18)), ("18:00:00", time(18)), ("6:00 PM", time(18)), ("6 pm", time(18)),
        ("6:30pm", time(18, 30)), ("6.30 p.m.", time(18, 30)), ("12:00 AM", time(0)),
        ("12 PM", time(12)), ("noon", time(12)), ("Midnight", time(0)), ("07:05", time(7, 5)),
        ("24:00", time(0)), ("1830", time(18, 30)),
    ],
)
def test_times(said, expected):
    assert feedtimes.parse_time(said) == expected


@pytest.mark.parametrize("said", ["6", "13 pm", "0 pm", "18:60", "24:30", "soon", ""])
def test_not_times(said):
    with pytest.raises(ValueError):
        feedtimes.parse_time(said)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["{} {}", "{}{}", "{} {}."]))
def test_every_24_hour_time_and_its_12_hour_form_agree(hour, minute, layout):
    half = "am" if hour < 12 else "pm"
    twelve = layout.format(f"{hour % 12 or 12}:{minute:02d}", half.upper())
    expected = time(hour, minute)

    assert feedtimes.parse_time(f"{hour:02d}:{minute:02d}") == expected
    assert feedtimes.parse_time(f"{hour}:{minute:02d}:00") == expected
    assert feedtimes.parse_time(twelve) == expected


def test_end_time_optional_and_checked(app):
    report = feed(row(end_time="8:30 PM"), row(slug="n", end_time="late"))

    assert meeting("m").end_time == time(20, 30) and meeting("n").end_time is None
    assert report.warnings == ['row 2 (n): end_time "late" is not a time of day; left out']


@pytest.mark.parametrize(
    ("types", "codes"),
    [
        (["O", "D"], ["O", "D"]), ("O,D", ["O", "D"]), ("O D X", ["O", "D", "X"]),
        ("Open, Wheelchair Access", ["O", "X"]), (["open", "big book", "11"], ["O", "B", "11"]),
        (["12X12", "as bill sees it"], ["12x12", "ABSI"]), (["O", "O"], ["O"]),
        ("Step Meeting, Temporary Closure", ["ST", "TC"]), (["AC", "LGBTQIA"], ["AC", "LGBTQIA"]),
    ],
)
def test_types(app, types, codes):
    report = feed(row(types=types))

    assert meeting("m").type_codes == codes and report.warnings == []


def test_types_that_are_not_codes_are_warned_about(app):
    report = feed(row(types=["O", "Chips & Cake", "<b>wild</b>"]))

    assert meeting("m").type_codes == ["O"]
    assert report.warnings == [
        'row 1 (m): types "Chips & Cake" is not a meeting type; left out',
        'row 1 (m): types "wild" is not a meeting type; left out',
    ]


REAL = "1 Main St, Anytown, OK 12345, USA"
AREA = "Anytown, OK, USA"
ZOOM = "https://zoom.us/j/1"


@pytest.mark.parametrize(
    ("fields", "attendance", "codes"),
    [
        ({"formatted_address": REAL}, "in_person", ["O"]),
        ({"formatted_address": REAL, "conference_url": ZOOM}, "hybrid", ["O"]),
        ({"formatted_address": REAL, "conference_phone": "+1 646 558 8656"}, "hybrid", ["O"]),
        ({"formatted_address": AREA, "conference_url": ZOOM}, "online", ["O"]),
        ({"formatted_address": REAL, "approximate": "yes", "conference_url": ZOOM}, "online",
         ["O"]),
        ({"formatted_address": REAL, "conference_url": ZOOM, "types": ["O", "TC", "ONL"]},
         "online", ["O", "TC"]),
        ({"formatted_address": REAL, "types": ["O", "TC"]}, "inactive", ["O", "TC"]),
        ({"formatted_address": AREA}, "inactive", ["O"]),
        ({"formatted_address": None, "conference_url": ZOOM}, "online", ["O"]),
        ({"formatted_address": AREA, "attendance_option": "in_person"}, "in_person", ["O"]),
        ({"formatted_address": None, "address": "1 Main St", "city": "Anytown"}, "in_person",
         ["O"]),
        ({"formatted_address": "1 High St, Lewes BN7 2AA, UK"}, "in_person", ["O"]),
    ],
)
def test_attendance(app, fields, attendance, codes):
    feed(row(**{"types": ["O", "ONL"], **fields}))

    assert (meeting("m").attendance, meeting("m").type_codes) == (attendance, codes)


def test_unknown_attendance_option_is_worked_out(app):
    report = feed(row(attendance_option="maybe", conference_url=ZOOM))

    assert meeting("m").attendance == "hybrid"
    assert report.warnings == [
        'row 1 (m): attendance_option "maybe" is not one of in_person, online, hybrid, '
        "inactive; worked out from the row"
    ]


def test_coordinates_and_approximate_as_strings(app):
    report = feed(
        row(latitude="38.5", longitude="-75.25", approximate="no"),
        row(slug="n", formatted_address="2 Main St, Anytown, OK 12345, USA", latitude="north",
            longitude=-75, approximate=True),
    )

    first, second = meeting("m").location, meeting("n").location
    assert (first.latitude, first.longitude, first.approximate) == (38.5, -75.25, False)
    assert (second.latitude, second.longitude, second.approximate) == (None, None, True)
    assert report.warnings == ['row 2 (n): latitude "north" is not a latitude; left out']


def test_address_from_its_parts(app):
    feed(row(formatted_address=None, address="1 Main St", city="Anytown", state="OK",
             postal_code=12345, country="USA"))

    assert meeting("m").location.address == "1 Main St, Anytown, OK 12345, USA"
    assert not meeting("m").location.approximate


def test_meetings_at_one_place_share_a_location(app):
    feed(row(slug="a", location="St. Mary's"), row(slug="b", location=" st. mary's "),
         row(slug="c", location="Town Hall"))

    assert meeting("a").location is meeting("b").location
    assert meeting("a").location is not meeting("c").location
    assert count(Location) == 2


def test_nested_regions(app):
    feed(row(slug="a", regions=["Sussex", "Lewes"]),
         row(slug="b", region="Kent", sub_region="Lewes", formatted_address="2 Elm St, X, Y, Z"),
         row(slug="c", regions=["Sussex"], formatted_address="3 Elm St, X, Y, Z"))

    lewes, kent_lewes = meeting("a").location.region, meeting("b").location.region
    assert [r.name for r in lewes.path] == ["Sussex", "Lewes"]
    assert [r.name for r in kent_lewes.path] == ["Kent", "Lewes"]
    assert (lewes.slug, kent_lewes.slug) == ("lewes", "kent-lewes")
    assert meeting("c").location.region is lewes.parent
    assert count(Region) == 4


def test_group_details(app):
    feed(row(slug="a", group="Hope Group", group_notes="<p>Business meeting</p><p>1st Sun</p>",
             district="District 9", email="hope@example.org", website="hopegroup.example.org",
             venmo="hopegroup", square="$hope", paypal="https://paypal.me/hopegroup"),
         row(slug="b", group="hope group"))

    group = meeting("a").group
    assert meeting("b").group is group and group.slug == "hope-group"
    assert group.description == "Business meeting\n\n1st Sun"
    assert (group.district, group.email) == ("District 9", "hope@example.org")
    assert group.website == "https://hopegroup.example.org"
    assert (group.venmo, group.square, group.paypal) == ("@hopegroup", "$hope", "hopegroup")


def test_payment_handles_follow_the_services_rules_as_in_the_form(app):
    report = feed(row(slug="a", group="G", venmo="@abc", square="$4you", paypal="hope_group"))

    group = meeting("a").group
    assert (group.venmo, group.square, group.paypal) == (None, None, None)
    assert report.warnings == [
        'row 1 (a): venmo "@abc" is not a Venmo @handle; left out',
        'row 1 (a): square "$4you" is not a Cash App $cashtag; left out',
        'row 1 (a): paypal "hope_group" is not a PayPal.me name; left out',
    ]


def test_a_groupless_meeting_whose_slug_a_group_has(app, make_group):
    make_group(slug="serenity", name="Someone else")

    feed(row(slug="serenity", name="Serenity"))

    assert meeting("serenity").group.slug == "serenity-group"
    assert feed(row(slug="serenity", name="Serenity")).summary() == (
        "0 added, 0 updated, 1 unchanged, 0 removed"
    )
    assert count(Group) == 2


def test_an_own_group_follows_its_meeting(app):
    feed(row(slug="s", name="Serenity"))

    report = feed(row(slug="s", name="Serenity Now", venmo="@serenity"))

    assert report.summary() == "0 added, 1 updated, 0 unchanged, 0 removed"
    group = meeting("s").group
    assert (group.slug, group.name, group.venmo) == ("s", "Serenity Now", "@serenity")
    assert count(Group) == 1


def test_places_known_only_by_coordinates_stay_apart(app):
    rows = [row(slug="a", formatted_address=None, latitude=1, longitude=2, conference_url=ZOOM),
            row(slug="b", formatted_address=None, latitude=3, longitude=4, conference_url=ZOOM)]
    feed(*rows)

    assert meeting("a").location is not meeting("b").location
    assert feed(*rows).summary() == "0 added, 0 updated, 2 unchanged, 0 removed"
    assert count(Location) == 2


def test_text_is_stripped_of_html(app):
    notes = "Enter by the <b>side</b> door.<br>Park &lt;here&gt;<script>alert(1)</script>"

    feed(row(name="  Step &amp; Study  ", notes=notes, location_notes="<p> Ramp </p>",
             location="", conference_url_notes="  "))

    found = meeting("m")
    assert found.name == "Step & Study"
    assert found.notes == "Enter by the side door.\nPark <here>"
    assert found.location.notes == "Ramp" and found.location.name is None
    assert found.conference_url_notes is None


def test_only_web_addresses_are_kept(app):
    report = feed(row(conference_url="javascript:alert(1)", website="ftp://example.org",
                      entity_url="mailto:office@example.org"))

    assert meeting("m").conference_url is None and meeting("m").group.website is None
    assert db.session.scalar(db.select(Source.entity_url)) is None
    assert report.warnings == [
        'row 1 (m): conference_url "javascript:alert(1)" is not a web address; left out',
        'row 1 (m): website "ftp://example.org" is not a web address; left out',
        'row 1 (m): entity_url "mailto:office@example.org" is not a web address; left out',
    ]


def test_time_zones(app):
    report = feed(row(slug="a", timezone="america/chicago"), row(slug="b", timezone="Mars/Base"),
                  row(slug="c"))

    assert [meeting(s).timezone for s in "abc"] == ["America/Chicago", NEW_YORK, NEW_YORK]
    assert report.warnings == [
        'row 2 (b): timezone "Mars/Base" is not an IANA time zone; using America/New_York'
    ]


def test_default_zone_from_the_app_config(app):
    importer.import_records([row()], "test-feed")

    assert meeting("m").timezone == "Europe/London"


def test_an_unknown_default_zone_fails(app):
    with pytest.raises(importer.ImportFailed, match='"Moon/Crater" is not an IANA time zone'):
        feed(row(), zone="Moon/Crater")


def test_slugs(app):
    report = feed(row(slug="Tuesday Night!", name="A"), row(slug=None, name="Café Ünïcode"),
                  row(slug="dup", name="B"), row(slug="dup", name="C"), row(slug="dup", name="D"),
                  row(slug=None, name="日曜日"))

    assert meeting("tuesday-night").name == "A"
    assert meeting("cafe-unicode").name == "Café Ünïcode"
    assert [meeting(s).name for s in ("dup", "dup-2", "dup-3")] == ["B", "C", "D"]
    assert report.warnings == [
        'row 4 (dup): slug "dup" is used by an earlier row; listed as "dup-2"',
        'row 5 (dup): slug "dup" is used by an earlier row; listed as "dup-3"',
    ]
    assert db.session.scalar(db.select(Meeting.slug).where(Meeting.name == "日曜日")).startswith(
        "meeting-"
    )


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("2022-07-09 19:32:28", datetime(2022, 7, 9, 19, 32, 28, tzinfo=UTC)),
        ("2020-04-0416:50:58", datetime(2020, 4, 4, 16, 50, 58, tzinfo=UTC)),
        ("2022-07-09T19:32:28Z", datetime(2022, 7, 9, 19, 32, 28, tzinfo=UTC)),
        ("2022-07-09T15:32:28-04:00", datetime(2022, 7, 9, 19, 32, 28, tzinfo=UTC)),
        ("2022-07-09", datetime(2022, 7, 9, tzinfo=UTC)),
    ],
)
def test_updated(said, expected):
    assert feedtimes.parse_updated(said) == expected


def test_a_bad_updated_is_warned_about(app):
    before = datetime.now(UTC)

    report = feed(row(updated="last Tuesday"))

    assert meeting("m").updated >= before
    assert report.warnings == [
        'row 1 (m): updated "last Tuesday" is not a date and time; left out'
    ]


def test_rows_without_a_name_are_skipped(app):
    report = feed(row(slug="x", name=None), row(slug="y", name=None, group="Named Group"))

    assert meeting("x") is None and meeting("y").name == "Named Group"
    assert report.warnings == ["row 1 (x): name is missing; row skipped"]


def test_long_text_is_shortened_to_fit(app):
    report = feed(row(conference_phone="1" * 150))

    assert meeting("m").conference_phone == "1" * 100
    assert report.warnings == [
        "row 1 (m): conference_phone is longer than 100 characters; shortened"
    ]


# Scale


def test_queries_do_not_grow_with_the_feed(app):
    def selects_for(n, label):
        rows = [row(slug=f"m{i}", name=f"M {i}", group=f"G {i % 7}", location=f"Hall {i % 5}",
                    regions=["County", f"Town {i % 3}"]) for i in range(n)]
        statements = []

        def note(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            feed(*rows, label=label)
            feed(*rows, label=label)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        return len(statements)

    small = selects_for(20, "small")
    assert 0 < small == selects_for(400, "large")


# The command line


def test_cli_import_feed(runner):
    result = runner.invoke(args=["import-feed", fixture("sussexaa.json"), "--timezone", NEW_YORK])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "123 added, 0 updated, 0 unchanged, 0 removed"
    assert meeting("rehoboth-beach-speaker").timezone == NEW_YORK


def test_cli_prints_warnings(runner, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([row(day="7")]), encoding="utf-8")

    result = runner.invoke(args=["import-feed", str(path)])

    assert result.exit_code == 0
    assert result.stdout == "1 added, 0 updated, 0 unchanged, 0 removed\n"
    assert result.stderr == (
        'warning: row 1 (m): day "7" is not a weekday; meeting listed by appointment\n'
    )


def test_cli_invalid_json(runner):
    result = runner.invoke(args=["import-feed", fixture("invalid.json")])

    assert result.exit_code != 0
    assert "Error: not valid JSON: Extra data at line 80, column 3" in result.output
    assert count(Meeting) == 0


def test_reimport_with_a_new_time_starts_a_new_calendar_series(app):
    from meetings.directory.models import Meeting
    from meetings.imports.importer import import_records

    row = {"slug": "evening", "name": "Evening", "day": 2, "time": "19:00",
           "timezone": "Europe/London", "formatted_address": "1 High St, Lewes BN7 2AA, UK"}
    import_records([row], "feed.json")
    first = db.session.scalar(db.select(Meeting).where(Meeting.slug == "evening"))
    uid, sequence = first.uid, first.sequence
    import_records([{**row, "time": "19:30"}], "feed.json")
    db.session.expire_all()
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.slug == "evening"))
    assert meeting.uid == uid and meeting.sequence == sequence + 1
    assert meeting.series == 1 and meeting.former_schedules[0].start_time.hour == 19
    assert meeting.former_schedules[0].start_time.minute == 0
    assert [slot.week_minute for slot in meeting.slots] == [2 * 1440 + 19 * 60 + 30]
    import_records([{**row, "time": "19:30", "formatted_address": "2 Other Rd, Lewes BN7 1AA, UK"}],
                   "feed.json")
    db.session.expire_all()
    moved = db.session.scalar(db.select(Meeting).where(Meeting.slug == "evening"))
    assert moved.sequence == sequence + 2 and moved.series == 1
