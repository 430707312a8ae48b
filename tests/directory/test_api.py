"""`/meetings.json` speaks the Meeting Guide format, honours the filters and caches well."""

import json
from datetime import UTC, datetime, time

import pytest
from flask import url_for

from meetings.core.database import db
from meetings.directory import guide_entries
from meetings.directory.locations import Region, Source

#: every field the feed may carry (code4recovery/spec, plus what TSML UI reads)
SPEC_FIELDS = {
    "name", "slug", "day", "time", "end_time", "timezone", "types", "notes",
    "conference_url", "conference_url_notes", "conference_phone", "conference_phone_notes",
    "attendance_option", "location", "location_notes", "formatted_address", "latitude",
    "longitude", "approximate", "region", "regions", "group", "group_notes", "district",
    "email", "phone", "website", "venmo", "square", "paypal", "url", "updated", "entity",
    "entity_email", "entity_phone", "entity_location", "entity_url", "feedback_emails",
}
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def feed(client, query=""):
    response = client.get(f"/meetings.json{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def by_slug(client, query=""):
    return {entry["slug"]: entry for entry in feed(client, query)}


def slugs(client, query=""):
    return sorted(entry["slug"] for entry in feed(client, query))


@pytest.fixture
def sussex():
    england = Region(slug="england", name="England")
    sussex = Region(slug="sussex", name="Sussex", parent=england)
    lewes = Region(slug="lewes", name="Lewes", parent=sussex)
    db.session.add_all([england, sussex, lewes])
    db.session.commit()
    return lewes


def test_an_in_person_meeting_has_every_field_it_knows(client, make_meeting, make_group,
                                                       make_location, sussex):
    group = make_group(
        slug="hope", name="Hope Group", description="Coffee from 6:30.", district="District 9",
        email="hope@example.org", phone="+44 1273 000000", website="https://hope.example.org",
        venmo="HopeGroup", square="$hope", paypal="hopegroup",
        contribution_url="https://hope.example.org/give", updated=NOON,
    )
    place = make_location(name="Town Hall", notes="Side door", approximate=False)
    place.region = sussex
    make_meeting(
        group=group, location=place, slug="hope-monday", name="Hope", weekdays=(1,),
        start_time=time(7, 5), end_time=time(8, 0), types="O D", notes="Ring the bell.",
        updated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    [entry] = feed(client)
    assert entry == {
        "name": "Hope", "slug": "hope-monday", "day": 1, "time": "07:05", "end_time": "08:00",
        "timezone": "Europe/London", "types": ["O", "D"], "notes": "Ring the bell.",
        "attendance_option": "in_person", "location": "Town Hall", "location_notes": "Side door",
        "formatted_address": "1 High St, Lewes BN7 2AA, UK", "latitude": 50.873,
        "longitude": 0.009, "approximate": "no", "region": "Lewes",
        "regions": ["England", "Sussex", "Lewes"], "group": "Hope Group",
        "group_notes": "Coffee from 6:30.", "district": "District 9", "email": "hope@example.org",
        "phone": "+44 1273 000000", "website": "https://hope.example.org", "venmo": "@HopeGroup",
        "square": "$hope", "paypal": "hopegroup", "url": "http://localhost/meetings/hope-monday",
        "updated": "2026-03-02 12:00:00", "entity": "Meetings",
    }


def test_days_are_one_entry_each_or_absent_for_appointments(client, make_meeting):
    make_meeting(slug="one", weekdays=(0,), end_time=None)
    make_meeting(slug="several", weekdays=(5, 1, 3))
    make_meeting(slug="appointment", weekdays=(), start_time=None, end_time=None)
    entries = by_slug(client)
    assert entries["one"]["day"] == 0 and entries["one"]["time"] == "19:00"
    assert "end_time" not in entries["one"]
    assert [(entries[slug]["day"], entries[slug]["name"]) for slug in (
        "several", "several--wed", "several--fri")] == [(1, "Meeting 2")] * 1 + [
        (3, "Meeting 2"), (5, "Meeting 2")]
    assert not {"day", "time", "end_time"} & set(entries["appointment"])
    assert entries["appointment"]["timezone"] == "Europe/London"


def test_online_meetings_say_how_to_join_and_where_they_come_from(client, make_meeting,
                                                                  make_location):
    town = make_location(name=None, address="Lewes, UK", approximate=False)
    make_meeting(
        slug="online", attendance="online", location=town, timezone="America/Chicago",
        conference_url="https://zoom.us/j/123", conference_url_notes="Password: 1",
        conference_phone="+13126266799,,123#", conference_phone_notes="PIN 123",
    )
    make_meeting(slug="hybrid", attendance="hybrid", conference_url="https://meet.jit.si/x")
    make_meeting(slug="in-person", conference_url="https://zoom.us/j/stale")
    make_meeting(slug="nowhere", attendance="online", conference_url="javascript:alert(1)")
    entries = by_slug(client)
    online = entries["online"]
    assert online["conference_url"] == "https://zoom.us/j/123"
    assert online["conference_url_notes"] == "Password: 1"
    assert online["conference_phone"] == "+13126266799,,123#"
    assert online["conference_phone_notes"] == "PIN 123"
    assert online["timezone"] == "America/Chicago"
    assert online["approximate"] == "yes" and online["formatted_address"] == "Lewes, UK"
    assert entries["hybrid"]["conference_url"] == "https://meet.jit.si/x"
    assert entries["hybrid"]["approximate"] == "no"
    assert "conference_url" not in entries["in-person"]
    assert "conference_url" not in entries["nowhere"]
    assert "location" not in entries["nowhere"]  # but the zone's city, for Meeting Guide
    assert entries["nowhere"]["formatted_address"] == "London, United Kingdom"
    assert entries["nowhere"]["approximate"] == "yes"


def test_inactive_meetings_are_listed_as_closed_and_removed_ones_not_at_all(client,
                                                                            make_meeting):
    make_meeting(slug="resting", attendance="inactive", conference_url="https://zoom.us/j/1")
    make_meeting(slug="gone", removed_at=NOON)
    entries = by_slug(client)
    assert set(entries) == {"resting"}
    assert entries["resting"]["attendance_option"] == "inactive"
    assert entries["resting"]["types"] == ["O", "D", "TC"]
    assert "conference_url" not in entries["resting"]


def test_the_source_names_the_entity_else_this_site(client, app, make_meeting):
    source = Source(
        location="https://district.example.org/meetings.json", entity="District 12",
        entity_email="info@district.example.org", entity_phone="+1-123-456-7890",
        entity_location="Example County", entity_url="https://district.example.org",
        feedback_emails="a@district.example.org, b@district.example.org,",
    )
    make_meeting(slug="imported", source=source)
    make_meeting(slug="ours")
    app.config["SITE_NAME"] = "Sussex Intergroup"
    entries = by_slug(client)
    assert {key: value for key, value in entries["imported"].items() if "entity" in key} == {
        "entity": "District 12", "entity_email": "info@district.example.org",
        "entity_phone": "+1-123-456-7890", "entity_location": "Example County",
        "entity_url": "https://district.example.org",
    }
    assert entries["imported"]["feedback_emails"] == ["a@district.example.org",
                                                      "b@district.example.org"]
    assert entries["ours"]["entity"] == "Sussex Intergroup"
    assert "feedback_emails" not in entries["ours"]


def test_nothing_empty_nothing_unknown_and_no_contribution_url(client, make_meeting,
                                                               make_group, make_location):
    bare = make_group(contribution_url="https://example.org/give", description="")
    make_meeting(group=bare, location=make_location(name="", notes=None, region=None),
                 notes="", types="")
    for entry in feed(client):
        assert set(entry) <= SPEC_FIELDS
        assert all(value not in (None, "", []) for value in entry.values())
        assert "contribution_url" not in entry and "edit_url" not in entry


def test_urls_are_absolute_and_escaped_like_url_for(client, app, make_meeting):
    make_meeting(slug="café-noon")
    [entry] = feed(client)
    with app.test_request_context():
        assert entry["url"] == url_for("finder.meeting", slug="café-noon", _external=True)


FILTERS = [
    ("?day=1", ["lewes-monday"]),
    ("?day=3&day=5", ["london-friday", "online-wednesday"]),
    ("?type=W", ["london-friday"]),
    ("?type=women", ["london-friday"]),
    ("?attendance=online", ["online-wednesday"]),
    ("?attendance=in_person", ["lewes-monday", "london-friday"]),
    ("?q=friday", ["london-friday"]),
    ("?q=hope", ["lewes-monday"]),
    ("?region=sussex", ["lewes-monday"]),
    ("?near=50.87,0.01&distance=5", ["lewes-monday"]),
    ("?near=51.5,-0.12", ["london-friday", "lewes-monday"]),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_are_honoured(client, make_meeting, make_group, make_location, sussex,
                              query, expected):
    lewes = make_location()
    lewes.region = sussex
    london = make_location(name="Crypt", address="London", latitude=51.5, longitude=-0.12)
    make_meeting(slug="lewes-monday", group=make_group(name="Hope"), location=lewes)
    make_meeting(slug="london-friday", name="Friday Women", location=london, weekdays=(5,),
                 types="C W")
    make_meeting(slug="online-wednesday", attendance="online", weekdays=(3,),
                 conference_url="https://zoom.us/j/1", timezone="Europe/London")
    entries = feed(client, query + "&tz=Europe/London")
    if query.startswith("?near"):
        assert [entry["slug"] for entry in entries] == expected  # nearest first
    else:
        assert sorted(entry["slug"] for entry in entries) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("day=9", "day"), ("time=zz", "time"), ("near=xqzw%20qq", "near"), ("tz=Mars/Base", "tz"),
     ("distance=5", "distance"), ("colour=blue", "colour")],
)
def test_malformed_filters_get_a_json_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/meetings.json?{query}")
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["parameter"] == parameter
    assert response.get_json()["message"]


def test_headers_make_a_public_cacheable_feed(client, make_meeting):
    make_meeting(updated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    response = client.get("/meetings.json")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.cache_control.public and response.cache_control.max_age == 300
    etag, weak = response.get_etag()
    assert etag and not weak
    assert response.last_modified >= datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert "Cookie" not in response.vary


def test_an_empty_result_claims_no_modification_time(client, make_meeting):
    make_meeting(types="O")
    empty = client.get("/meetings.json?type=W")
    assert empty.get_json() == [] and empty.get_etag()[0]
    assert "Last-Modified" not in empty.headers  # not "now": caches would refetch forever


def test_unchanged_feed_answers_304(client, make_meeting):
    meeting = make_meeting()
    first = client.get("/meetings.json")
    etag = first.headers["ETag"]
    assert client.get("/meetings.json", headers={"If-None-Match": etag}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get("/meetings.json", headers={"If-Modified-Since": since}).status_code == 304
    meeting.name = "Renamed"
    db.session.commit()
    changed = client.get("/meetings.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_same_data_gives_the_same_bytes_in_slug_order(client, make_meeting):
    for slug in ("b", "c", "a"):
        make_meeting(slug=slug, name="Café ☕")
    first, second = client.get("/meetings.json"), client.get("/meetings.json")
    assert first.data == second.data
    assert "Café ☕".encode() in first.data
    assert b'":"' in first.data and b'": "' not in first.data
    assert [entry["slug"] for entry in first.get_json()] == ["a", "b", "c"]


def test_day_filters_without_tz_vary_by_the_remembered_zone(client, make_meeting):
    make_meeting()
    assert "Cookie" in client.get("/meetings.json?day=1").vary
    assert "Cookie" not in client.get("/meetings.json?day=1&tz=UTC").vary


def test_export_feed_writes_what_the_endpoint_serves(client, app, runner, make_meeting):
    app.config["SERVER_NAME"] = "localhost"
    make_meeting(slug="b", weekdays=(1, 2))
    make_meeting(slug="a", attendance="online", conference_url="https://zoom.us/j/1")
    with app.app_context():
        result = runner.invoke(args=["export-feed"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == feed(client)


def test_export_feed_without_a_host_leaves_urls_out(app, make_meeting):
    make_meeting(slug="a")
    [entry] = guide_entries.directory_feed()
    assert entry["slug"] == "a" and "url" not in entry


def test_export_then_import_into_an_empty_instance_gives_the_same_directory(app, client):
    from meetings.imports import demo
    from meetings.imports.importer import import_records

    demo.load()
    exported = client.get("/meetings.json").get_json()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    report = import_records(json.loads(json.dumps(exported)), "https://elsewhere.example/feed.json")
    meetings = {entry["url"] for entry in exported}  # an entry per weekday, one page each
    assert report.added == len(meetings) < len(exported) and not report.warnings
    again = client.get("/meetings.json").get_json()
    assert again == exported
