"""The reader's zone as a person in New York, Madrid, Kolkata or Sydney reads the finder."""

import re
from datetime import UTC, datetime, time

import pytest
from holders import path, start_group

from meetings.core.database import db
from meetings.directory.models import Meeting

# Wednesday 2 December 2026, 18:30 UTC: 19:30 in Madrid, 13:30 in New York,
# midnight in Kolkata, 05:30 on Thursday in Sydney.
WEDNESDAY_EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)

#: zone, browser language, how an online London meeting at 19:00 reads there, "your time"
READERS = [
    ("America/New_York", "en-US", "2:00 PM", "your time · 7:00 PM London"),
    ("Europe/Madrid", "es-ES", "20:00", "tu hora · 19:00 Londres"),
    ("Asia/Kolkata", "fr-FR", "00:30", "votre heure · 19:00 Londres"),
    ("Australia/Sydney", "ja-JP", "6:00", "あなたの時間 · 19:00 ロンドン"),
]


def read(response):
    """The page's text with Babel's narrow spaces made plain, as a reader sees it."""
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def row(html, name):
    """The text of the listed row naming this meeting."""
    for item in re.findall(r'<li class="meeting[^"]*">(.*?)</li>', html, re.S):
        if f">{name}</a>" in item:
            return " ".join(re.sub(r"<[^>]+>", " ", item).split())
    raise AssertionError(f"{name} is not listed")


def footer(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html.split('<footer class="site">')[1]).split())


@pytest.fixture
def evening(at):
    return at(WEDNESDAY_EVENING)


@pytest.fixture
def london_online(make_meeting, evening):
    return make_meeting(name="London Online", attendance="online", weekdays=[3],
                        start_time=time(19), end_time=time(20),
                        conference_url="https://meet.example.org/london")


@pytest.mark.parametrize(("zone", "language", "clock", "label"), READERS)
def test_the_browsers_zone_cookie_is_read_as_site_js_writes_it(
    client, london_online, zone, language, clock, label
):
    # static/site.js used to write the zone percent-encoded; the server must read both forms.
    for cookie in (zone.replace("/", "%2F"), zone):
        client.set_cookie("tz", cookie)
        html = read(client.get("/", headers={"Accept-Language": language}))
        assert f'data-tz="{zone}"' in html
        assert row(html, "London Online").startswith(f"{clock} {label}")


def test_a_madrid_phone_in_spanish_reads_its_own_time_not_london_as_its_own(
    client, make_meeting, evening
):
    # The issue: "19:30 tu hora" for a meeting at 20:30 Madrid time.
    make_meeting(name="Barcelona en línea", attendance="online", timezone="Europe/Madrid",
                 weekdays=[3], start_time=time(20, 30), conference_url="https://meet.example.org/b")
    client.set_cookie("tz", "Europe%2FMadrid")
    html = read(client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"}))
    assert row(html, "Barcelona en línea").startswith("20:30")
    assert "19:30" not in row(html, "Barcelona en línea") and "tu hora" not in html
    assert "Las reuniones en línea se muestran en tu zona horaria (Madrid)." in footer(html)


def test_a_zone_the_reader_did_not_give_is_named_never_called_theirs(client, london_online,
                                                                     make_meeting):
    make_meeting(name="Brooklyn Online", attendance="online", timezone="America/New_York",
                 weekdays=[3], start_time=time(14), conference_url="https://meet.example.org/n")
    plain = read(client.get("/"))  # no script, no choice: the instance's zone (London)
    assert row(plain, "Brooklyn Online").startswith("7:00 PM London time · 2:00 PM New York")
    assert row(plain, "London Online").startswith("7:00 PM London time London Online")
    assert "your time" not in plain and "Europe/London" not in footer(plain)
    assert "Online meetings are shown in London time." in footer(plain)
    linked = read(client.get("/?tz=Asia/Kolkata"))  # a link someone else shared
    assert row(linked, "Brooklyn Online").startswith("12:30 AM Kolkata time · 2:00 PM New York")
    spanish = read(client.get("/", headers={"Accept-Language": "es"}))
    assert row(spanish, "Brooklyn Online").startswith("19:00 hora de Londres · 14:00 Nueva York")
    client.set_cookie("tz", "Asia/Kolkata")
    theirs = read(client.get("/?tz=Asia/Kolkata"))
    assert row(theirs, "Brooklyn Online").startswith("12:30 AM your time · 2:00 PM New York")
    client.set_cookie("tz", "Europe/London")
    assert row(read(client.get("/")), "London Online").startswith("7:00 PM London Online")


@pytest.mark.parametrize(("zone", "language", "clock", "label"), READERS)
def test_links_and_the_search_form_do_not_pin_a_guessed_zone(
    client, london_online, zone, language, clock, label
):
    client.set_cookie("tz", zone.replace("/", "%2F"))
    html = read(client.get("/", headers={"Accept-Language": language}))
    links = re.findall(r'href="(/meetings[^"]*)"', html)
    assert links and not [link for link in links if "tz=" in link], links
    assert 'name="tz"' not in html  # the search keeps reading the reader's own zone
    listed = read(client.get("/meetings?attendance=online", headers={"Accept-Language": language}))
    assert f'data-tz="{zone}"' in listed and clock in row(listed, "London Online")


def test_a_zone_given_in_a_link_is_kept_in_the_links_it_leads_to(client, london_online):
    html = read(client.get("/?tz=Australia/Sydney"))
    assert 'href="/meetings?attendance=online&amp;tz=Australia/Sydney"' in html
    assert '<input type="hidden" name="tz" value="Australia/Sydney">' in html


def test_a_cookie_that_is_not_a_real_zone_is_ignored(client, london_online):
    for junk in ("Mars/Base", "Europe%2FNowhere", "%", "../../etc/passwd"):
        client.set_cookie("tz", junk)
        html = read(client.get("/"))
        assert 'data-tz="Europe/London"' in html and "London time" in footer(html)
    assert client.get("/meetings?tz=Mars/Base").status_code == 400


def test_without_configuration_the_default_is_the_directorys_own_zone(
    app, client, make_meeting, make_location, runner, evening
):
    app.config["DEFAULT_TIMEZONE"] = None
    assert 'data-tz="UTC"' in read(client.get("/"))  # an empty directory
    berlin = make_location(name="Kiezladen", address="Oranienstr. 1, 10999 Berlin",
                           timezone="Europe/Berlin")
    for day in (1, 2, 3):
        make_meeting(location=berlin, timezone="Europe/Berlin", weekdays=[day])
    make_meeting(name="London Online", attendance="online", weekdays=[3], start_time=time(19),
                 conference_url="https://meet.example.org/london")
    html = read(client.get("/"))
    assert 'data-tz="Europe/Berlin"' in html and "Berlin time" in footer(html)
    assert row(html, "London Online").startswith("8:00 PM Berlin time · 7:00 PM London")
    # An import of a San Jose directory (36 meetings) moves the instance's zone with it.
    result = runner.invoke(args=["import-feed", "/work/shared/reference/tsml-fixtures/"
                                 "tsml-import-template.csv"])
    assert result.exit_code == 0, result.output
    assert 'data-tz="America/Los_Angeles"' in read(client.get("/"))
    assert "Los Angeles time" in footer(read(client.get("/")))


def test_a_configured_default_zone_wins_over_the_directorys(app, client, make_meeting):
    make_meeting(timezone="Europe/Berlin")
    app.config["DEFAULT_TIMEZONE"] = "Australia/Sydney"
    assert 'data-tz="Australia/Sydney"' in read(client.get("/"))


def test_group_creation_offers_the_directorys_zones_first_and_picks_the_likely_one(
    app, client, make_meeting, make_location
):
    app.config["DEFAULT_TIMEZONE"] = None
    berlin = make_location(address="Oranienstr. 1, 10999 Berlin", timezone="Europe/Berlin")
    make_meeting(location=berlin, timezone="Europe/Berlin")
    make_meeting(location=berlin, timezone="Europe/Berlin")
    make_meeting(timezone="Europe/London")
    form = read(client.get("/groups/new"))
    select = form.split('id="timezone"', 1)[1].split("</select>", 1)[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[0] == "Used in this directory" and {"Europe", "Americas", "Asia"} <= set(groups)
    first = re.findall(r'<option[^>]*value="([^"]+)"', select.split("</optgroup>")[0])
    assert first == ["Europe/Berlin", "Europe/London"]
    assert '<option selected value="Europe/Berlin">Berlin (Germany)</option>' in select
    assert '<option value="America/New_York">New York (United States)</option>' in select
    assert 'value="UTC"' in select and select.count(" selected") == 1  # never UTC by accident
    client.set_cookie("tz", "America%2FNew_York")  # the browser said where it is
    select = read(client.get("/groups/new")).split('id="timezone"', 1)[1]
    assert '<option selected value="America/New_York">' in select


def test_a_group_listed_without_script_keeps_the_zone_it_was_offered(
    app, client, make_meeting, make_location
):
    app.config["DEFAULT_TIMEZONE"] = None
    berlin = make_location(address="Oranienstr. 1, 10999 Berlin", timezone="Europe/Berlin")
    make_meeting(location=berlin, timezone="Europe/Berlin")
    form = read(client.get("/groups/new"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    chosen = re.search(r'<option selected value="([^"]+)"', form).group(1)
    response = client.post("/groups/new", data={
        "csrf_token": token, "group_name": "Kreuzberg Abend", "weekdays": "2",
        "start_time": "19:00", "length": "60", "timezone": chosen, "attendance": "in_person",
        "place": "new", "location_name": "Kiezladen", "address": "Oranienstr. 2, 10999 Berlin"})
    assert response.status_code == 200
    made = db.session.scalar(db.select(Meeting).where(Meeting.name == "Kreuzberg Abend"))
    assert made.timezone == "Europe/Berlin"


def test_forms_name_zones_and_refuse_ones_that_are_not_real(client):
    form = read(client.get("/groups/new"))
    assert "A name like Europe/London" not in form
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    refused = read(client.post("/groups/new", data={
        "csrf_token": token, "group_name": "G", "weekdays": "2", "start_time": "19:00",
        "timezone": "Mars/Base", "attendance": "online",
        "conference_url": "https://meet.example.org/g"}))
    assert "“Mars/Base” is not a time zone" in refused


def test_an_edited_meeting_keeps_an_old_zone_name_among_the_choices(client):
    _page, link, _code = start_group(client, timezone="US/Eastern")  # an imported alias
    client.get(path(link))
    manage = read(client.get("/groups/lewes-thursday-group/manage"))
    edit = re.search(r'href="(/groups/[^"]+/meetings/\d+/edit)"', manage).group(1)
    select = read(client.get(edit)).split('id="timezone"', 1)[1].split("</select>")[0]
    assert '<option selected value="US/Eastern">New York</option>' in select


def test_choosing_a_zone_without_script_is_remembered_and_leads_back(client, london_online):
    page = read(client.get("/time-zone?next=/meetings%3Fattendance%3Donline"))
    assert '<optgroup label="Used in this directory">' in page and "Kolkata (India)" in page
    chosen = client.get("/time-zone?next=/meetings%3Fattendance%3Donline%26tz%3DUTC"
                        "&zone=Asia%2FKolkata")
    assert chosen.status_code == 303 and chosen.location == "/meetings?attendance=online"
    html = read(client.get(chosen.location))
    assert 'data-tz="Asia/Kolkata"' in html
    assert "12:30 AM your time · 7:00 PM London" in row(html, "London Online")
    assert "Online meetings are shown in your time zone (Kolkata)." in footer(html)
    client.set_cookie("tz", "America/New_York")  # a choice outranks the browser's zone
    assert 'data-tz="Asia/Kolkata"' in read(client.get("/"))
    cleared = client.get("/time-zone?zone=&next=/")
    assert cleared.status_code == 303 and 'data-tz="America/New_York"' in read(client.get("/"))


def test_the_zone_chooser_refuses_unknown_zones_and_other_sites(client):
    refused = client.get("/time-zone?zone=Mars%2FBase&next=/")
    assert refused.status_code == 400 and "“Mars/Base” is not a time zone" in read(refused)
    for elsewhere in ("//evil.example/", "https://evil.example/", "javascript:alert(1)"):
        response = client.get("/time-zone", query_string={"zone": "UTC", "next": elsewhere})
        assert response.status_code == 303 and response.location == "/"


def test_the_footer_links_to_the_chooser_from_the_page_it_is_on(client, london_online):
    html = read(client.get("/meetings?day=3"))
    assert 'href="/time-zone?next=/meetings?day%3D3">Choose a time zone</a>' in html
