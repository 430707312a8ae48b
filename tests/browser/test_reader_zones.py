"""Phones in New York, Madrid, Kolkata and Sydney, with and without script, read their own time.

Each reader looks for two online meetings added for the purpose: one kept in London time, one
in Madrid time (the issue's case: a Madrid phone read "19:30 tu hora" for 20:30 Madrid time).
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_time, get_timezone_location
from playwright.sync_api import expect

from meetings.core.database import db
from meetings.directory.models import Group, Meeting

from .conftest import SCREENSHOTS, Visit, _context

#: zone, browser language, the app's language for it, "your time" in it
READERS = [
    ("America/New_York", "en-US", "en", "your time"),
    ("Europe/Madrid", "es-ES", "es", "tu hora"),
    ("Asia/Kolkata", "fr-FR", "fr", "votre heure"),
    ("Australia/Sydney", "en-AU", "en", "your time"),
]
LONDON, MADRID = "Europe/London", "Europe/Madrid"


@pytest.fixture(scope="module")
def soon(server):
    """Two online meetings held every day, starting about an hour from now: their starts."""
    start = (datetime.now(UTC) + timedelta(minutes=70)).replace(second=0, microsecond=0)
    start -= timedelta(minutes=start.minute % 5)
    made = {}
    with server.app.app_context():
        group = Group(slug="zone-readers", name="Zone Readers")
        for name, zone in (("Zone London Online", LONDON), ("Zone Madrid Online", MADRID)):
            local = start.astimezone(ZoneInfo(zone))
            meeting = Meeting(group=group, slug=name.lower().replace(" ", "-"), name=name,
                              start_time=local.time(), timezone=zone, types="O D",
                              attendance="online", conference_url="https://meet.example.org/z")
            meeting.weekdays = range(7)
            db.session.add(meeting)
            made[zone] = start
        db.session.commit()
        db.session.remove()
    yield made
    with server.app.app_context():
        for meeting in db.session.scalars(db.select(Meeting).where(Meeting.group_id.in_(
                db.select(Group.id).where(Group.slug == "zone-readers")))):
            db.session.delete(meeting)
        db.session.execute(db.delete(Group).where(Group.slug == "zone-readers"))
        db.session.commit()
        db.session.remove()


def clock(moment, zone, language):
    return plain(format_time(moment.astimezone(ZoneInfo(zone)), "short", locale=language))


def city(zone, language):
    return get_timezone_location(ZoneInfo(zone), locale=language, return_city=True)


def plain(text):
    return " ".join(text.replace("\u202f", " ").replace("\u2009", " ").split())


@pytest.fixture
def reader(browser, server):
    opened = []

    def open_as(zone, locale, script=True):
        context = _context(browser, "phone", timezone_id=zone, locale=locale,
                           java_script_enabled=script)
        visit = Visit(context, server, "phone")
        opened.append((context, visit))
        return visit

    yield open_as
    for context, visit in opened:
        context.close()
        assert not visit.third_party(), visit.third_party()


def when(page, name):
    """What the row naming this meeting says about its time."""
    row = page.locator("li.meeting", has=page.get_by_role("link", name=name, exact=True))
    return plain(row.locator(".when").inner_text())


@pytest.mark.parametrize(("zone", "locale", "language", "yours"), READERS)
def test_with_script_each_phone_reads_online_meetings_in_its_own_time(
    reader, soon, zone, locale, language, yours
):
    visit = reader(zone, locale)
    page = visit.page
    visit.go("/")
    expect(page.locator("html")).to_have_attribute("data-tz", zone)  # told, then shown again
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"finder-{zone.replace('/', '-')}-phone.png")
    start = soon[LONDON]
    mine, theirs = clock(start, zone, language), clock(start, LONDON, language)
    # The search form and the quick links carry no zone: the list reads the browser's again.
    assert page.locator("form.search input[name=tz]").count() == 0
    page.locator("#q").fill("Zone London Online")
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url("**/meetings?q=*")
    assert "tz=" not in page.url
    assert f"{mine} {yours} · {theirs} {city(LONDON, language)}" in when(page, "Zone London Online")
    visit.go("/")
    quick = page.locator(".quick a").first  # "Online meetings"
    assert "tz=" not in (quick.get_attribute("href") or "")
    quick.click()
    page.wait_for_url("**/meetings?attendance=online")
    expect(page.locator("html")).to_have_attribute("data-tz", zone)


@pytest.mark.parametrize(("locale", "language", "yours"), [("es-ES", "es", "tu hora"),
                                                           ("en-GB", "en", "your time")])
def test_a_madrid_phone_reads_a_madrid_meeting_at_madrid_time(reader, soon, locale, language,
                                                              yours):
    visit = reader(MADRID, locale)
    page = visit.page
    visit.go("/meetings?q=Zone+Madrid+Online")
    expect(page.locator("html")).to_have_attribute("data-tz", MADRID)
    shown = when(page, "Zone Madrid Online")
    assert shown.endswith(clock(soon[MADRID], MADRID, language)) and yours not in shown


@pytest.mark.parametrize(("zone", "locale", "language", "yours"), READERS)
def test_without_script_the_guessed_zone_is_named_until_the_reader_chooses(
    reader, soon, zone, locale, language, yours
):
    visit = reader(zone, locale, script=False)
    page = visit.page
    visit.go("/meetings?q=Zone+Readers")
    guessed = when(page, "Zone Madrid Online")  # the instance's zone, London, by name
    london = {"es": "hora de Londres", "fr": "heure de Londres"}.get(language, "London time")
    assert london in guessed and yours not in guessed
    page.locator("footer a[href^='/time-zone']").click()
    picker = page.locator("select#zone")
    picker.select_option(value=zone)
    page.locator("form.edit button[type=submit]").click()
    page.wait_for_url("**/meetings?q=*")
    start = soon[LONDON]
    expected = (f"{clock(start, zone, language)} {yours} · {clock(start, LONDON, language)} "
                f"{city(LONDON, language)}")
    assert expected in when(page, "Zone London Online")
    expect(page.locator("html")).to_have_attribute("data-tz", zone)


def test_without_script_typing_a_city_in_the_zone_list_finds_it(reader, soon):
    visit = reader("Asia/Kolkata", "en-IN", script=False)
    page = visit.page
    visit.go("/time-zone?next=/")
    picker = page.locator("select#zone")
    picker.focus()
    page.keyboard.type("Kolkata", delay=50)
    assert picker.evaluate("select => select.value") == "Asia/Kolkata"


@pytest.mark.parametrize("script", [True, False])
def test_a_filtered_list_starts_with_its_results_on_a_phone(reader, soon, script):
    visit = reader("Europe/Madrid", "en-GB", script=script)
    page = visit.page
    visit.go("/meetings?type=O&type=D&day=0&day=1&day=2&day=3&day=4&day=5&day=6")
    first = page.locator("li.meeting").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
    expect(page.locator("form.filters details")).not_to_have_attribute("open", "")
    page.locator(".active-filters a.chip").first.click()  # clear the first: the days
    assert "day=" not in page.url and "type=O&type=D" in page.url


@pytest.mark.parametrize(("zone", "locale", "language", "yours"), READERS)
def test_a_new_group_starts_in_the_browsers_zone_with_script(reader, zone, locale, language,
                                                             yours):
    visit = reader(zone, locale)
    visit.go("/groups/new")
    expect(visit.page.locator("select#timezone")).to_have_value(zone)


def test_without_script_a_berlin_secretary_types_berlin_in_the_zone_list(reader):
    visit = reader("Europe/Berlin", "en-GB", script=False)
    page = visit.page
    visit.go("/groups/new")
    picker = page.locator("select#timezone")
    assert picker.input_value() == "Europe/London"  # the directory's zone, never UTC
    picker.focus()
    page.keyboard.type("Berlin", delay=50)
    assert picker.input_value() == "Europe/Berlin"
