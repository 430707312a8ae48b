"""import-feed rules for real-world sheets and feeds: each on a small file in fixtures/imports."""

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from meetings.core.database import db
from meetings.directory.locations import Location, Region
from meetings.directory.models import Meeting
from meetings.imports import importer
from meetings.imports import times as feedtimes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def load(name, zone="America/New_York"):
    return importer.import_source(str(FIXTURES / name), default_zone=zone)


def meeting(slug):
    return db.session.scalar(db.select(Meeting).where(Meeting.slug == slug))


def path(slug):
    return [region.name for region in meeting(slug).location.region.path]


def test_google_sheet_headers_as_tsml_documents_them(app):
    report = load("google-sheet.csv")

    assert report.summary() == "5 added, 0 updated, 0 unchanged, 0 removed"
    monday = meeting("lunes-abierta")  # the ID column is the slug
    assert monday.location.address == "Carrer de Mallorca 401, 08013 Barcelona, Spain"
    assert (monday.attendance, monday.location.approximate) == ("in_person", False)
    assert monday.location.notes == "Ring the bell"
    assert (monday.weekdays, monday.start_time, monday.end_time) == ([1], time(19), time(20))
    assert monday.updated == datetime(2022, 1, 19, 22, 24, 56, tzinfo=UTC)
    assert not [w for w in report.warnings if "inactive" in w]


def test_google_sheet_regions_days_types_and_dates(app):
    load("google-sheet.csv")

    assert path("lunes-abierta") == ["Catalunya", "Barcelona", "Eixample"]
    assert meeting("sabado-cerrada").location is meeting("lunes-abierta").location
    assert meeting("lunes-abierta").type_codes == ["O", "W"]
    assert meeting("sabado-cerrada").type_codes == ["C", "LIT"]
    assert meeting("sabado-cerrada").weekdays == [6]
    assert meeting("sabado-cerrada").updated == datetime(2022, 1, 8, tzinfo=UTC)
    assert meeting("mercredi-ouvert").weekdays == [3]
    assert meeting("mercredi-ouvert").type_codes == ["O", "B"]
    assert path("mercredi-ouvert") == ["Île-de-France", "Paris"]
    tokyo = db.session.scalar(db.select(Meeting).where(Meeting.name == "日曜オープン"))
    assert (tokyo.weekdays, tokyo.type_codes, tokyo.attendance) == ([0], ["O", "11"], "online")
    assert count(Region) == 8


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_24_00_is_the_next_days_midnight(app):
    load("google-sheet.csv")

    owls = meeting("midnight")
    assert (owls.weekdays, owls.start_time, owls.end_time) == ([2], time(0), time(1))
    assert [slot.week_minute for slot in owls.slots] == [2 * 1440]


def test_fixed_offset_zones_are_warned_about_with_the_zone_meant(app):
    report = load("google-sheet.csv")

    assert meeting("midnight").timezone == "HST"  # kept: the feed may mean it
    assert report.warnings == [
        'line 6 (midnight): timezone "HST" has no summer time (a fixed offset); if the '
        "meeting follows local clocks, write Pacific/Honolulu; kept as given"
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("1/19/2022 10:24:56 PM", datetime(2022, 1, 19, 22, 24, 56, tzinfo=UTC)),
        ("1/19/2022 10:24:56 AM", datetime(2022, 1, 19, 10, 24, 56, tzinfo=UTC)),
        ("12/31/2022 12:05 AM", datetime(2022, 12, 31, 0, 5, tzinfo=UTC)),
        ("1/19/2022 22:24", datetime(2022, 1, 19, 22, 24, tzinfo=UTC)),
        ("10/31/2022", datetime(2022, 10, 31, tzinfo=UTC)),
        ("1/2/22", datetime(2022, 1, 2, tzinfo=UTC)),
        ("2022-01-19T22:24:56.000Z", datetime(2022, 1, 19, 22, 24, 56, tzinfo=UTC)),
        ("Wed, 19 Jan 2022 22:24:56 GMT", datetime(2022, 1, 19, 22, 24, 56, tzinfo=UTC)),
        ("1642631096", datetime(2022, 1, 19, 22, 24, 56, tzinfo=UTC)),
    ],
)
def test_updated_as_sheets_and_spreadsheets_write_it(said, expected):
    assert feedtimes.parse_updated(said) == expected


@pytest.mark.parametrize("said", ["13/19/2022", "1/19/2022 13:00 PM", "1/1/1970", "1/1/2999",
                                  "yesterday"])
def test_updated_that_cannot_be_believed(said):
    with pytest.raises(ValueError):
        feedtimes.parse_updated(said)


def test_regions_as_paths_in_json(app):
    report = load("regions.json")

    assert report.warnings == []
    assert path("string-path") == ["Oklahoma", "Tulsa", "Midtown"]
    assert path("region-path") == ["Oklahoma", "Tulsa", "Downtown"]
    assert meeting("array-path").location.region is meeting("string-path").location.region.parent
    assert count(Region) == 4


def test_day_and_type_names_in_every_language_of_the_type_list(app):
    report = load("days-and-types.json")

    assert report.warnings == []
    assert (meeting("es").weekdays, meeting("es").type_codes) == ([1, 3, 6], ["O", "W"])
    assert (meeting("fr").weekdays, meeting("fr").type_codes) == ([0, 2], ["C", "M"])
    assert (meeting("ja").weekdays, meeting("ja").type_codes) == ([5], ["O", "W"])
    mixed = meeting("nl-pt-sk-sv-th")
    assert (mixed.weekdays, mixed.type_codes) == ([0, 1, 2, 4, 6], ["O"])


def test_rows_at_one_place_are_merged_with_a_warning_for_each_conflict(app):
    report = load("same-place.json")

    assert count(Location) == 1
    place = meeting("first").location
    assert all(meeting(slug).location is place for slug in ("second", "third", "fourth"))
    assert (place.latitude, place.longitude) == (50.8739, 0.0088)  # filled from row 2
    assert [region.name for region in place.region.path] == ["Sussex", "Lewes"]
    assert place.notes == "Step-free entrance"
    assert report.warnings == [
        'row 3 (third): coordinates "51.5, -0.12" differs from "50.8739, 0.0088" given by '
        "row 2 (second) for the same place; kept the earlier",
        'row 3 (third): regions "Kent > Dover" differs from "Sussex > Lewes" given by '
        "row 1 (first) for the same place; kept the earlier",
        'row 3 (third): location_notes "Steps at the entrance" differs from "Step-free '
        'entrance" given by row 1 (first) for the same place; kept the earlier',
    ]  # row 4 says the same as rows 1 and 2, within a metre and ignoring case and spacing


def test_a_meeting_with_nowhere_to_go_is_warned_about(app, tmp_path):
    feed = tmp_path / "nowhere.csv"
    feed.write_text("Name,Day,Time\nLost Group,Monday,19:00\n", encoding="utf-8")

    report = importer.import_source(str(feed), default_zone="UTC")

    assert meeting("lost-group").attendance == "inactive"
    assert report.warnings == [
        "line 2 (Lost Group): formatted_address is missing and there is no conference link "
        "or phone; listed as inactive"
    ]


@pytest.mark.parametrize(("name", "listed"), [("sussexaa.json", 123), ("al-anon.json", 360),
                                              ("tsml-import-template.csv", 36)])
def test_the_tsml_fixtures_still_import_without_warnings(app, name, listed):
    reference = FIXTURES.parent / "tsml" / name

    report = importer.import_source(str(reference), default_zone="America/New_York")

    assert (report.added, report.warnings) == (listed, [])


def test_meeting_guide_json_with_day_lists_or_an_entry_per_weekday(app):
    report = load("both-shapes.json")

    assert report.warnings == []
    assert meeting("array-days").weekdays == [1, 3]
    assert meeting("array-days").location is None
    monday, wednesday = meeting("per-weekday"), meeting("per-weekday-3")
    assert (monday.weekdays, wednesday.weekdays) == ([1], [3])
    assert monday.attendance == wednesday.attendance == "online"
    assert monday.location is wednesday.location and monday.location.approximate
    assert monday.location.address == "Chicago, IL, USA"
    assert load("both-shapes.json").summary() == "0 added, 0 updated, 3 unchanged, 0 removed"


@pytest.mark.parametrize(("zone", "meant"), [("EST", "America/New_York"),
                                             ("mst", "America/Denver (America/Phoenix in Arizona)"),
                                             ("HST", "Pacific/Honolulu")])
def test_each_fixed_offset_zone_names_the_zone_meant(app, zone, meant):
    record = {"slug": "m", "name": "M", "day": 1, "time": "19:00", "timezone": zone,
              "formatted_address": "1 Main St, Anytown, OK 12345, USA"}

    report = importer.import_records([record], "zones", "UTC")

    assert report.warnings == [f'row 1 (m): timezone "{zone}" has no summer time (a fixed '
                               f"offset); if the meeting follows local clocks, write {meant}; "
                               "kept as given"]
    assert meeting("m").timezone == zone.upper()
