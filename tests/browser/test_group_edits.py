"""Safe group edits in a browser, with and without script: a date is changed only once tapped
and chosen, removing or closing asks first, and every change says so with an undo."""

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, SIZES, Visit, _context
from .flows import (
    add_role,
    add_volunteer,
    go,
    go_to_listing,
    go_to_roster,
    listed_row,
    start_group,
    unique,
)


@pytest.fixture(params=[(size, script) for size in SIZES for script in (True, False)],
                ids=lambda p: f"{p[0]}-{'script' if p[1] else 'no-script'}")
def person(request, browser, server):
    """A visitor with script and one without, at phone and at desktop size."""
    size, script = request.param
    context = _context(browser, size, java_script_enabled=script)
    found = Visit(context, server, size)
    found.mode = "script" if script else "no-script"
    yield found
    context.close()
    assert not found.third_party(), found.third_party()


def phone_shot(visit, name):
    """What a 360×740 phone shows on its first screen, for people to look at."""
    if visit.size == "phone":
        SCREENSHOTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=SCREENSHOTS / f"{name}-{visit.mode}-360x740.png")


def test_a_date_changes_only_once_tapped_and_chosen_and_can_be_undone(person):
    visit, page = person, person.page
    visit.go("/")
    started = start_group(page, unique("Brighton Group"), unique("Friday Lunch"))
    go_to_listing(page, started)
    listed_row(page, started.meeting).get_by_role("link", name="Cancel or move a date").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel or move one date")
    expect(page.get_by_role("radio")).to_have_count(0)  # only dates to tap, nothing chosen
    first = page.get_by_role("main").get_by_role("listitem").first.get_by_role("link")
    day = first.inner_text().split(",")[0:3]
    first.click()
    expect(page.get_by_role("radio", name="Cancelled")).not_to_be_checked()
    expect(page.get_by_role("radio", name="Moved to another time")).not_to_be_checked()
    phone_shot(visit, "group-edits-one-date")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose what happens that day.")).to_be_visible()
    page.get_by_role("radio", name="Cancelled").check()
    page.get_by_role("button", name="Save").click()
    status = page.get_by_role("status").filter(has_text="cancelled")
    expect(status).to_contain_text(f"{','.join(day)}: cancelled.")
    expect(page.get_by_role("main").get_by_text("Cancelled", exact=True)).to_be_visible()
    phone_shot(visit, "group-edits-message")
    status.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status").filter(has_text="undone")).to_contain_text(
        "The change was undone.")
    expect(page.get_by_role("main").get_by_text("Cancelled", exact=True)).to_have_count(0)


def test_removing_and_closing_ask_first_and_a_closed_meeting_says_so(person):
    visit, page = person, person.page
    visit.go("/")
    started = start_group(page, unique("Hove Group"), unique("Monday Night"))
    go_to_listing(page, started)
    listed_row(page, started.meeting).get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Remove “{started.meeting}”?")
    phone_shot(visit, "group-edits-confirm-remove")
    page.get_by_role("link", name="No, keep it as it is").click()
    expect(listed_row(page, started.meeting)).to_be_visible()
    listed_row(page, started.meeting).get_by_role("link", name="Temporarily closed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Mark “{started.meeting}” temporarily closed?")
    page.get_by_label("Why (optional)").fill("the hall is being repaired")
    phone_shot(visit, "group-edits-confirm-close")
    page.get_by_role("button", name="Yes, mark it temporarily closed").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"“{started.meeting}” is marked temporarily closed.")
    phone_shot(visit, "group-edits-closed-message")
    go(page, started.public_path)
    page.get_by_role("link", name=started.meeting, exact=True).click()
    when = page.get_by_role("region", name="When")
    expect(when).to_contain_text("It has been temporarily closed since")
    expect(when).not_to_contain_text("(in ")
    expect(when).not_to_contain_text("Tomorrow")
    phone_shot(visit, "group-edits-closed-page")


def test_the_phone_that_added_a_name_picks_it_when_taking_a_term(person):
    visit, page = person, person.page
    visit.go("/")
    started = start_group(page, unique("Lewes Group"), unique("Thursday Step"))
    go_to_roster(page, started)
    add_role(page, "Greeter")
    name = unique("Sam K.")
    add_volunteer(page, name)
    expect(page.get_by_role("status")).to_contain_text(f"This device now remembers you as {name}")
    greeter = page.get_by_role("region", name="Greeter")
    greeter.get_by_role("link", name="Put a name on it").first.click()
    expect(page.get_by_text(f"This device knows you as {name}.")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value(
        page.get_by_role("option", name=name).get_attribute("value"))
    phone_shot(visit, "group-edits-take-term")
    page.get_by_role("button", name="Not me").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("0")
    page.get_by_label("Name", exact=True).select_option(label=name)
    page.get_by_role("button", name="Confirm: I take this term").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for serving")
    expect(page.get_by_role("status").get_by_role("button", name="Undo")).to_be_visible()
