"""What a person does in a browser, step by step: shared by the tests with and without script.

Each helper acts as a reader would: through headings, links, buttons and labelled fields, never
through a URL a person would not type. Names are made unique per test run, so a group or a
meeting made by one test is never confused with another's.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

#: the zone of both the browser (conftest's context) and the server's default
LONDON = ZoneInfo("Europe/London")
_serial = count(1)


def unique(words: str) -> str:
    """A name nobody else in this run has used."""
    return f"{words} {next(_serial)}"


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def meeting_items(page: Page) -> Locator:
    """The meetings a list page shows, one list item each."""
    return page.get_by_role("main").get_by_role("listitem")


# Finding -----------------------------------------------------------------------------------


def open_a_meeting_now(page: Page) -> str:
    """On the front page, open the first meeting listed (or the week's first); its name."""
    assert heading(page) == "Find a meeting now"
    if meeting_items(page).count() == 0:  # late at night nothing may be left today
        page.get_by_role("link", name="See the whole week").click()
    link = meeting_items(page).first.get_by_role("link").first
    name = link.inner_text().strip()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    return name


def a_day_ahead(days=3) -> tuple[int, datetime]:
    """A weekday a few days off (Sunday = 0): the list names it by weekday, not "Tomorrow"."""
    day = datetime.now(LONDON) + timedelta(days=days)
    return (day.weekday() + 1) % 7, day


def filter_meetings(page: Page, day: datetime, type_name: str) -> None:
    """On /meetings, open the filters, tick a day and a type, and show the meetings."""
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("group", name="Day").get_by_label(day.strftime("%a"), exact=True).check()
    types = page.get_by_role("group", name="Type (all must match)")
    types.get_by_label(type_name, exact=True).check()
    page.get_by_role("button", name="Show meetings").click()
    page.wait_for_url(re.compile(r"/meetings\?.*type="))


def assert_filtered(page: Page, day_number: int, day: datetime, type_name: str, code: str):
    """The URL, the form and every meeting listed reflect the chosen day and type."""
    asked = query(page)
    assert asked["day"] == [str(day_number)] and asked["type"] == [code], asked
    expect(page.locator(".active-filters")).to_contain_text(type_name)  # the folded panel's line
    page.locator("form.filters summary").click()
    expect(page.get_by_role("group", name="Day").get_by_label(day.strftime("%a"),
                                                              exact=True)).to_be_checked()
    expect(page.get_by_role("group", name="Type (all must match)").get_by_label(
        type_name, exact=True)).to_be_checked()
    items = meeting_items(page)
    shown = items.count()
    assert shown > 0
    found = int(re.match(r"\d+", page.get_by_role("status").inner_text()).group())
    assert found >= shown
    for text in items.all_inner_texts():
        assert f"{day:%a}, {day:%b} {day.day}" in text and type_name in text, text


def assert_subscribe_links(page: Page, feed_path: str) -> str:
    """The page offers its calendar feed as webcal:// and as a link to copy; that link works."""
    webcal = page.get_by_role("link", name="Subscribe in your calendar app")
    href = webcal.get_attribute("href")
    assert href.startswith("webcal://") and urlsplit(href).path == feed_path, href
    copied = page.get_by_label(re.compile("copy this link into your calendar app"))
    url = copied.input_value()
    assert urlsplit(url).scheme in ("http", "https") and urlsplit(url).path == feed_path, url
    assert url.split("://", 1)[1] == href.split("://", 1)[1]
    feed = page.request.get(url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert feed.text().startswith("BEGIN:VCALENDAR")
    return url


def subscribe_to_ticked(page: Page, how_many=2) -> list[str]:
    """Tick some meetings on a list and subscribe to just those; their names."""
    items = meeting_items(page)
    names = []
    for n in range(how_many):
        item = items.nth(n)
        names.append(item.get_by_role("link").first.inner_text().strip())
        item.get_by_label("Add to my meetings").check()
    page.get_by_role("button", name="Subscribe to the ticked meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My meetings")
    return names


def switch_language(page: Page, name: str) -> None:
    """Choose a language from the footer's switcher, where each names itself."""
    languages = page.get_by_role("contentinfo").get_by_role("navigation", name="Language")
    languages.get_by_role("link", name=name, exact=True).click()


def expect_language(page: Page, code: str) -> None:
    """The page is written in this language, and says so to browsers and screen readers."""
    expect(page.locator("html")).to_have_attribute("lang", code)


# A group and its link ----------------------------------------------------------------------


@dataclass
class Started:
    group: str
    meeting: str
    link: str
    public_path: str
    listing_path: str


def start_group(page: Page, group: str, meeting: str) -> Started:
    """Fill /groups/new like a person on a phone: a name and its first meeting, in person."""
    page.get_by_role("contentinfo").get_by_role("link", name="List your group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("List your group")
    page.get_by_label("Name of the group").fill(group)
    page.get_by_label("Name of the meeting (optional)").fill(meeting)
    page.get_by_role("group", name="Days").get_by_label("Thursday").check()
    page.get_by_label("Start time").fill("19:00")
    page.get_by_role("group", name="How people attend").get_by_label(
        "In person", exact=True).check()
    page.get_by_label("Name of the place").fill("St Mary's Hall")
    page.get_by_label("Address").fill("1 High St, Lewes BN7 2AA")
    page.get_by_role("group", name="What kind of meeting").get_by_label(
        "Open", exact=True).check()
    page.get_by_role("button", name="List the group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{group} is listed")
    expect(page.get_by_role("alert")).to_contain_text("shown only this once")
    expect(page.get_by_role("region", name="Recovery code")).to_be_visible()
    link = page.get_by_role("textbox", name=re.compile("Group link")).input_value()
    assert re.search(r"/g/[\w-]{20,}$", link), link
    public = page.get_by_role("link", name="See the public page").get_attribute("href")
    listing = page.get_by_role("link", name="Go on to the group's listing").get_attribute("href")
    return Started(group, meeting, link, public, listing)


def open_link_on_another_device(page: Page, link: str) -> None:
    """Forget this browser's cookies, then open the group link: it leads to the listing."""
    page.context.clear_cookies()
    page.goto(link)
    assert "/g/" not in page.url, "the token stays out of the address bar"


def go(page: Page, path: str) -> None:
    """Open a page of this site by its path, as from a bookmark."""
    page.goto(urlsplit(page.url)._replace(path=path, query="", fragment="").geturl())


def go_to_listing(page: Page, started: Started) -> None:
    """Open the group's listing, the page a link holder changes it from."""
    go(page, started.listing_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(started.group)


def go_to_roster(page: Page, started: Started) -> None:
    go_to_listing(page, started)
    page.get_by_role("link", name="Service roster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service roster")


def add_online_meeting(page: Page, name: str) -> None:
    """From the group's listing, add a weekly online meeting on Sundays at 10:00."""
    page.get_by_role("link", name="Add a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a meeting")
    page.get_by_label("Name of the meeting").fill(name)
    page.get_by_role("group", name="Days").get_by_label("Sunday").check()
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("group", name="How people attend").get_by_label(
        "Online", exact=True).check()
    page.get_by_label("Join link").fill("https://meet.example.org/sunday")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main").get_by_role("link", name=name, exact=True)).to_be_visible()


def listed_row(page: Page, name: str) -> Locator:
    """A meeting's row on the group's listing."""
    return page.get_by_role("main").get_by_role("listitem").filter(
        has=page.get_by_role("link", name=name, exact=True))


def rename_meeting(page: Page, old: str, new: str) -> None:
    """From the group's listing, change a meeting's name."""
    listed_row(page, old).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit “{old}”")
    page.get_by_label("Name of the meeting").fill(new)
    page.get_by_label("Why (optional)").fill("new name agreed at the business meeting")
    page.get_by_role("button", name="Save").click()
    expect(listed_row(page, new)).to_be_visible()


def undo_latest_change(page: Page, expected: str) -> None:
    """From the listing, open the history and undo the newest change, which says `expected`."""
    page.get_by_role("link", name="History").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    newest = page.get_by_role("main").get_by_role("listitem").first
    expect(newest).to_contain_text(expected)
    page.get_by_role("button", name="Undo this change").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    expect(page.get_by_role("status")).to_contain_text("The change was undone.")
    expect(page.get_by_role("main").get_by_text("Undone", exact=True)).to_be_visible()


def public_meeting_names(page: Page, started: Started) -> list[str]:
    """The meeting names on the group's public page."""
    go(page, started.public_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(started.group)
    region = page.get_by_role("region", name="Meetings")
    return [text.strip() for text in region.get_by_role("link").all_inner_texts()]


# Service -----------------------------------------------------------------------------------


def add_role(page: Page, preset: str) -> None:
    """From the roster, add one of the common roles as it is offered."""
    page.get_by_role("link", name="Roles", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service roles")
    page.get_by_role("link", name=preset, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a role")
    expect(page.get_by_label("Name of the role")).to_have_value(preset)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service roles")
    roles = page.get_by_role("main").get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Edit"))
    expect(roles.filter(has_text=preset)).to_be_visible()
    page.get_by_role("link", name="Back to the service roster").click()


def add_volunteer(page: Page, name: str) -> None:
    """From the roster, add yourself under a name you choose."""
    page.get_by_role("link", name="Volunteers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteers")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Add me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service roster")
    expect(page.get_by_role("status")).to_contain_text(f"{name} is on the roster")


def take_first_open_term(page: Page, role: str, name: str) -> None:
    """On the roster, put your name on the role's first open term; it then shows the name."""
    terms = page.get_by_role("region", name=role).get_by_role("listitem")
    put = page.get_by_role("link", name="Put a name on it")
    first_open = next(n for n in range(terms.count()) if terms.nth(n).filter(has=put).count())
    terms.nth(first_open).get_by_role("link", name="Put a name on it").click()
    page.get_by_label("Name", exact=True).select_option(label=name)
    page.get_by_role("button", name="Confirm: I take this term").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service roster")
    expect(page.get_by_role("status")).to_contain_text("Thank you for serving")
    taken = page.get_by_role("region", name=role).get_by_role("listitem").nth(first_open)
    expect(taken).to_contain_text(name)
    expect(taken.get_by_role("link", name="Put a name on it")).to_have_count(0)
