"""Near me and a typed town, on a phone, as a person reads them: with and without script."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, SIZES, Visit

BRIGHTON = {"latitude": 50.8230, "longitude": -0.1360}
BARCELONA = {"latitude": 41.3874, "longitude": 2.1686}


def phone(browser, server, **options):
    context = browser.new_context(viewport=SIZES["phone"], **options)
    return Visit(context, server, "phone")


def first_screen(visit, name):
    """Save what the phone shows before any scrolling, and from the first row on."""
    SCREENSHOTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=SCREENSHOTS / f"{name}.png")
    first = visit.page.locator("main li.meeting").first
    if first.count():
        visit.page.evaluate("y => window.scrollTo(0, y)", first.bounding_box()["y"] - 60)
        visit.page.screenshot(path=SCREENSHOTS / f"{name}-rows.png")
        visit.page.evaluate("() => window.scrollTo(0, 0)")


def rows(visit, selector="main ul.meetings >> nth=0"):
    return visit.page.locator(selector).locator("li.meeting")


def assert_local_first(visit):
    """The first rows meet in person within reach and start within the day; online follows."""
    listed = rows(visit)
    expect(listed.first).to_be_visible()
    for index in range(3):
        where = listed.nth(index).locator(".where").inner_text()
        assert not where.startswith("Online"), where
        assert re.search(r"\d+(\.\d+)?\s?(mi|km)$", where), where
    day = listed.first.locator(".day").inner_text()
    assert day in ("Today", "Tomorrow", "Hoy", "Mañana"), day
    online = visit.page.locator("section.online li.meeting")
    expect(online.first).to_be_visible()
    assert all(text == "Online" or text == "En línea"
               for text in online.locator(".where").all_inner_texts())


@pytest.mark.parametrize(
    ("zone", "locale", "position", "heading"),
    [
        ("Europe/London", "en-GB", BRIGHTON, "Meetings near Brighton"),
        ("Europe/Madrid", "es-ES", BARCELONA, "Reuniones cerca de Barcelona"),
    ],
)
def test_near_me_shows_the_nearest_meeting_that_starts_next(
    browser, server, zone, locale, position, heading
):
    visit = phone(browser, server, timezone_id=zone, locale=locale, geolocation=position,
                  permissions=["geolocation"])
    visit.go("/")
    visit.page.get_by_role("button", name=re.compile("Near me|Cerca de mí")).click()
    visit.page.wait_for_url(re.compile(r"/meetings\?"))
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_local_first(visit)
    first_screen(visit, f"near-me-{locale}")
    assert not visit.third_party(), visit.third_party()
    visit.context.close()


@pytest.mark.parametrize("script", [True, False])
def test_a_typed_town_finds_its_meetings(browser, server, script):
    visit = phone(browser, server, timezone_id="Europe/London", locale="en-GB",
                  java_script_enabled=script)
    visit.go("/")
    visit.page.get_by_label("Search by town, postcode, name or type").fill("Brighton")
    visit.page.get_by_role("button", name="Search").click()
    expect(visit.page.get_by_role("heading", level=1)).to_have_text("Meetings near Brighton")
    assert_local_first(visit)
    first_screen(visit, f"typed-town-{'script' if script else 'no-script'}")
    visit.page.get_by_role("searchbox").first.fill("London")
    visit.page.get_by_role("button", name="Search").first.click()
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(
        "Meetings near London, United Kingdom")
    expect(visit.page.get_by_text("No meeting meets in person within")).to_be_visible()
    others = visit.page.locator(".did-you-mean a")
    expect(others.first).to_be_visible()
    assert "London, Canada" in others.all_inner_texts()
    expect(visit.page.get_by_role("heading", name="The nearest meetings")).to_be_visible()
    first_screen(visit, f"typed-london-{'script' if script else 'no-script'}")
    others.first.click()
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(re.compile("London"))
    assert not visit.third_party(), visit.third_party()
    visit.context.close()


def test_a_typed_postcode_and_a_town_in_spanish(browser, server):
    visit = phone(browser, server, timezone_id="Europe/Madrid", locale="es-ES")
    visit.go("/?lang=es")
    search = visit.page.get_by_label("Buscar por ciudad, código postal, nombre o tipo")
    search.fill("bn21 3eh")
    visit.page.get_by_role("button", name="Buscar").click()
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(
        "Reuniones cerca de BN21 3EH Eastbourne")
    expect(rows(visit).locator(".where", has_text="Grand Parade Pavilion Room, Eastbourne")
           .first).to_be_visible()
    visit.page.get_by_role("searchbox").first.fill("español")
    visit.page.get_by_role("button", name="Buscar").first.click()
    expect(visit.page.get_by_role("heading", level=1)).to_have_text("Reuniones")
    assert rows(visit).count() > 5
    visit.context.close()


def test_near_me_where_nothing_meets_in_person_offers_the_nearest_and_online(browser, server):
    visit = phone(browser, server, timezone_id="Australia/Sydney", locale="en-AU",
                  geolocation={"latitude": -33.8688, "longitude": 151.2093},
                  permissions=["geolocation"])
    visit.go("/")
    visit.page.get_by_role("button", name="Near me").click()
    visit.page.wait_for_url(re.compile(r"/meetings\?"))
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(re.compile("Sydney"))
    expect(visit.page.get_by_text("No meeting meets in person within 25 km")).to_be_visible()
    nearest = visit.page.locator("section", has=visit.page.get_by_role(
        "heading", name="The nearest meetings")).locator("li.meeting")
    expect(nearest.first).to_be_visible()
    assert re.search(r"\d km$", nearest.first.locator(".where").inner_text())
    online = visit.page.locator("section.online li.meeting")
    expect(online.first).to_be_visible()
    first_screen(visit, "near-me-en-AU-nothing-near")
    assert not visit.third_party(), visit.third_party()
    visit.context.close()
