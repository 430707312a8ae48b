"""`/print` lays the filtered meetings out day by day, with a legend of the types used."""

import re
from datetime import time

import pytest

from meetings.core.database import db
from meetings.directory.locations import Region


def page(client, query=""):
    response = client.get(f"/print{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def days(html):
    """Each section's heading with the meeting names listed under it, in page order."""
    found = re.findall(r'class="print-day"[^>]*>\s*<h2 id="[^"]+">(.*?)</h2>(.*?)</section>',
                       html, re.S)
    return [(heading, re.findall(r'<a href="/meetings/[^"]+">([^<]+)</a>', body))
            for heading, body in found]


def test_meetings_are_grouped_by_day_from_the_locales_first_day_and_by_time(client,
                                                                            make_meeting):
    make_meeting(name="Late Monday", weekdays=(1,), start_time=time(20, 0))
    make_meeting(name="Early Monday", weekdays=(1,), start_time=time(7, 30))
    make_meeting(name="Sunday", weekdays=(0,))
    make_meeting(name="Saturday", weekdays=(6,))
    html = client.get("/print", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)
    assert days(html)[:3] == [
        ("Monday", ["Early Monday", "Late Monday"]),
        ("Saturday", ["Saturday"]),
        ("Sunday", ["Sunday"]),
    ]
    assert re.search(r"7:30\sAM", html) and re.search(r"8:00\sPM", html)  # CLDR's narrow space


def test_a_week_can_start_on_sunday_in_the_readers_language(app, client, make_meeting):
    app.config["LOCALES"] = ["en", "en_US"]
    make_meeting(name="Monday", weekdays=(1,))
    make_meeting(name="Sunday", weekdays=(0,))
    assert [day for day, _ in days(page(client, "?lang=en_US"))] == ["Sunday", "Monday"]


def test_a_meeting_on_several_weekdays_appears_under_each(client, make_meeting):
    make_meeting(name="Twice Weekly", weekdays=(2, 4))
    listed = dict(days(page(client)))
    assert listed["Tuesday"] == ["Twice Weekly"] and listed["Thursday"] == ["Twice Weekly"]
    assert "Wednesday" not in listed


def test_appointments_come_last_and_each_row_says_where(client, make_meeting, make_location):
    make_meeting(name="Call Us", weekdays=(), start_time=None, end_time=None)
    make_meeting(name="On Zoom", attendance="online", conference_url="https://zoom.us/j/1",
                 timezone="America/Chicago")
    make_meeting(name="In Town", location=make_location(name="Crypt", address="2 Low St"))
    html = page(client)
    assert days(html)[-1] == ("By appointment", ["Call Us"])
    assert re.search(r"Chicago time.*?On Zoom.*?Online", html, re.S)
    assert re.search(r"In Town.*?Crypt<br>2 Low St", html, re.S)


def test_the_legend_names_every_code_used_and_no_other(client, make_meeting):
    make_meeting(types="O W")
    make_meeting(types="ASL")
    legend = page(client).split('id="legend"')[1]
    for code, name in (("O", "Open"), ("W", "Women"), ("ASL", "American Sign Language")):
        assert f"<dt>{code}</dt><dd>{name}</dd>" in legend
    assert "Closed" not in legend


def test_the_legend_is_in_the_readers_language(client, make_meeting):
    make_meeting(types="W")
    html = page(client, "?lang=es")
    assert "<dt>W</dt><dd>Mujeres</dd>" in html and ">lunes</h2>" in html


@pytest.fixture
def directory(make_meeting, make_location, make_group):
    region = Region(slug="sussex", name="Sussex")
    db.session.add(region)
    lewes = make_location(region=None)
    lewes.region = region
    make_meeting(name="Lewes Monday", location=lewes, group=make_group(name="Hope"))
    make_meeting(name="Friday Women", weekdays=(5,), types="C W",
                 location=make_location(name="Crypt", latitude=51.5, longitude=-0.12))
    make_meeting(name="Online Wednesday", weekdays=(3,), attendance="online",
                 conference_url="https://zoom.us/j/1")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day=1", [("Monday", ["Lewes Monday"])]),
        ("day=3&day=5", [("Wednesday", ["Online Wednesday"]), ("Friday", ["Friday Women"])]),
        ("type=W", [("Friday", ["Friday Women"])]),
        ("attendance=online", [("Wednesday", ["Online Wednesday"])]),
        ("q=hope", [("Monday", ["Lewes Monday"])]),
        ("region=sussex", [("Monday", ["Lewes Monday"])]),
        ("near=50.87,0.01&distance=5", [("Monday", ["Lewes Monday"])]),
    ],
)
def test_filters_are_honoured(client, directory, query, expected):
    html = page(client, f"?{query}&tz=Europe/London")
    assert days(html)[: len(expected)] == expected
    assert len(days(html)) == len(expected)
    assert "Print the whole schedule" in html


def test_a_malformed_filter_is_explained_not_a_crash(client):
    response = client.get("/print?day=9")
    assert response.status_code == 400
    assert "0 (Sunday) to 6 (Saturday)" in response.get_data(as_text=True)


def test_nothing_matching_says_so(client, make_meeting):
    make_meeting(weekdays=(1,))
    html = page(client, "?day=2")
    assert "No meeting matches all of these filters." in html
    assert "0 meetings" in html


def test_removed_meetings_are_not_printed_and_inactive_ones_are_marked(client, make_meeting):
    from datetime import UTC, datetime

    make_meeting(name="Gone", removed_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_meeting(name="Resting", attendance="inactive")
    html = page(client)
    assert "Gone" not in html
    assert re.search(r"Resting</a> <span class=\"badge warn\">Temporarily closed", html)


def test_no_inline_style_or_script(client, make_meeting):
    make_meeting()
    html = page(client)
    assert "style=" not in html and "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []


def test_the_schedule_starts_the_week_where_the_reader_does(client, make_meeting):
    make_meeting(name="Monday", weekdays=(1,))
    make_meeting(name="Sunday", weekdays=(0,))
    for accept, first in (("fr-FR", "lundi"), ("en-GB", "Monday"), ("en-US", "Sunday")):
        response = client.get("/print", headers={"Accept-Language": accept})
        assert [day for day, _ in days(response.get_data(as_text=True))][0] == first, accept
