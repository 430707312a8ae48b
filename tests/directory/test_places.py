"""Places by name: towns, postcodes, regions and addresses, read on this server."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from holders import start_group, text

from meetings.core.database import db
from meetings.core.text import fold
from meetings.directory import gazetteer, settling
from meetings.directory.locations import Location
from meetings.directory.models import Meeting
from meetings.imports import demo, importer

WEDNESDAY_EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "tsml"


def read(response):
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def names(html):
    return re.findall(r'class="name" href="[^"]+">([^<]+)</a>', html)


def count(html):
    return int(re.search(r'class="count" role="status">(\d+)', html)[1])


@pytest.fixture
def directory(app, at):
    demo.load(now=at(WEDNESDAY_EVENING))


def settled(make_location, **values):
    location = make_location(**values)
    settling.settle(location)
    db.session.commit()
    return location


def test_a_typed_town_with_no_meeting_in_its_words_finds_those_near_it(
    client, make_meeting, make_location, at
):
    at(WEDNESDAY_EVENING)
    camden = settled(make_location, name="Camden Centre", address="Camden High Street, NW1",
                     latitude=51.5390, longitude=-0.1426)
    make_meeting(name="Camden Thursday", location=camden)
    html = read(client.get("/meetings?q=London"))
    assert names(html) == ["Camden Thursday"]
    assert "Meetings near London, United Kingdom" in html
    # London is also a town in Canada and in the United States: say so, and link each.
    others = html.split('class="did-you-mean"', 1)[1].split("</nav>", 1)[0]
    assert "London, Canada" in others and "London, Ohio, United States" in others
    assert "near=42.9834,-81.2330" in others


def test_near_accepts_a_town_by_name(client, make_meeting, make_location, at):
    at(WEDNESDAY_EVENING)
    make_meeting(name="Kreuzberg", location=settled(
        make_location, address="Wrangelstraße 25, 10997 Berlin", latitude=52.5013,
        longitude=13.4388))
    assert names(read(client.get("/meetings?near=Berlin"))) == ["Kreuzberg"]
    assert names(read(client.get("/meetings?near=berlin,+germany"))) == ["Kreuzberg"]


def test_accents_and_case_aside(client, make_meeting, make_location, at):
    at(WEDNESDAY_EVENING)
    make_meeting(name="Dom", location=settled(
        make_location, address="Domkloster 4, 50667 Köln", latitude=50.9413, longitude=6.9583))
    assert names(read(client.get("/meetings?q=koln"))) == ["Dom"]
    assert names(read(client.get("/meetings?near=K%C3%96LN"))) == ["Dom"]
    assert names(read(client.get("/meetings?near=Cologne"))) == ["Dom"]  # an alternate name
    assert names(read(client.get("/meetings?near=%E3%82%B1%E3%83%AB%E3%83%B3"))) == ["Dom"]


def test_brighton_and_brighton_uk_find_the_same_meetings(client, directory):
    plain = read(client.get("/meetings?q=Brighton"))
    assert count(plain) >= 29
    assert count(read(client.get("/meetings?q=Brighton%2C+UK"))) == count(plain)
    assert count(read(client.get("/meetings?near=Brighton"))) == count(plain)


def test_a_postcode_finds_its_meetings(client, directory):
    html = read(client.get("/meetings?near=BN21+3EH&distance=5"))
    assert "Meetings near BN21 3EH Eastbourne" in html
    listed = html.split('class="meetings"', 1)[1].split("</ul>", 1)[0]
    assert "Grand Parade Pavilion Room, Eastbourne" in listed and "Lewes" not in listed
    unlisted = read(client.get("/meetings?near=BN21+9ZZ&distance=5"))
    assert "Meetings near BN21 Eastbourne" in unlisted
    outward = read(client.get("/meetings?q=bn21&distance=5"))
    assert "Grand Parade Pavilion Room, Eastbourne" in outward


def test_a_us_zip_code_from_the_gazetteer_and_the_real_sussex_feed(client, app, at):
    at(WEDNESDAY_EVENING)
    importer.import_source(str(FIXTURES / "sussexaa.json"), default_zone="America/New_York")
    html = read(client.get("/meetings?near=19971&distance=5"))
    assert "Meetings near 19971 Rehoboth Beach" in html
    assert "Rehoboth Beach" in html.split('class="meetings"', 1)[1].split("</ul>", 1)[0]
    assert count(html) > 0
    assert names(read(client.get("/meetings?q=rehoboth+beach")))


def test_the_real_al_anon_feed_names_towns_on_rows(client, app, at):
    at(WEDNESDAY_EVENING)
    importer.import_source(str(FIXTURES / "al-anon.json"), default_zone="America/New_York")
    towns = dict(db.session.execute(db.select(Location.address, Location.town)).all())
    assert towns["540 Forest Ave, Brockton, MA 02301, USA"] == "Brockton"
    assert towns["250 Underpass Rd, Brewster, MA 02631, USA"] == "Brewster"
    html = read(client.get("/meetings?near=Brockton,+MA"))
    assert "Meetings near Brockton" in html and ", Brockton" in html


def test_meeting_type_names_match_in_every_language(client, directory):
    spanish = read(client.get("/meetings?q=espa%C3%B1ol"))
    assert count(spanish) > 10
    assert count(read(client.get("/meetings?q=Spanish&lang=es"))) == count(spanish)
    assert count(read(client.get("/meetings?q=espanol&lang=fr"))) == count(spanish)
    assert count(read(client.get("/meetings?q=abierta"))) == count(
        read(client.get("/meetings?type=O")))


def test_bad_places_are_a_clear_400(client, directory):
    response = client.get("/meetings?near=Narnia+Xq")
    assert response.status_code == 400
    assert "We could not find the place “Narnia Xq”" in read(response)
    assert client.get("/meetings?near=91,0").status_code == 400
    assert client.get("/meetings.json?near=" + "x" * 300).status_code == 400
    assert client.get("/meetings?near=50.82,-0.13,1").status_code == 400
    assert client.get("/meetings?q=London&distance=0").status_code == 400


def test_a_group_listed_meeting_is_placed_from_its_address(client, directory):
    page, _, _ = start_group(client, group_name="Cliffe Newcomers", meeting_name="Cliffe Newcomers",
                             address="Cliffe High Street, Lewes", attendance="in_person",
                             conference_url="")
    assert "On the map near Lewes · Sussex › Lewes" in text(page)
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.name == "Cliffe Newcomers"))
    assert meeting.location.has_coordinates and meeting.location.region.slug == "lewes"
    assert "Cliffe Newcomers" in read(client.get("/meetings?near=Lewes&distance=5"))
    assert "Cliffe Newcomers" in read(client.get("/meetings?region=lewes"))


def test_i_am_at_the_venue_places_it_where_the_phone_is(client, directory):
    start_group(client, group_name="Pier Group", meeting_name="Pier Group",
                address="The pier, by the clock tower", attendance="in_person",
                conference_url="", position="50.7665,0.2905")
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.name == "Pier Group"))
    assert (meeting.location.latitude, meeting.location.longitude) == (50.7665, 0.2905)
    assert meeting.location.town == "Eastbourne" and meeting.location.region.slug == "eastbourne"


def test_a_place_not_found_is_said_to_the_lister(client, app):
    _, url, _ = start_group(client, address="Somewhere Xq", attendance="in_person",
                            conference_url="")
    manage = client.get(url, follow_redirects=True)
    assert "Not on the map" in text(manage)


def test_settle_places_backfills_rows_without_a_position(runner, make_location):
    location = make_location(address="3 Grand Parade, Eastbourne BN21 3EH, UK", latitude=None,
                             longitude=None)
    result = runner.invoke(args=["settle-places"])
    assert "Settled 1 locations." in result.output
    db.session.refresh(location)
    assert location.town == "Eastbourne" and location.postcode == "BN21 3EH"
    assert abs(location.latitude - 50.77) < 0.05 and abs(location.longitude - 0.28) < 0.05


def test_the_gazetteer_reads_names_in_many_scripts(app):
    assert gazetteer.towns(fold("ブライトン"))[0].name == "Brighton"
    assert gazetteer.towns(fold("ZÜRICH"))[0].country == "CH"
    assert gazetteer.towns("02301")[0].name == "Brockton"
