"""Every core flow in a real browser with script, at phone and desktop size.

Find a meeting now, filter, open a meeting, subscribe, switch language; then, as a group:
list it, add a meeting through the link, rotate a service role, and undo a change.
"""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .flows import (
    a_day_ahead,
    add_online_meeting,
    add_role,
    add_volunteer,
    assert_filtered,
    assert_subscribe_links,
    expect_language,
    filter_meetings,
    go_to_listing,
    go_to_roster,
    heading,
    open_a_meeting_now,
    open_link_on_another_device,
    public_meeting_names,
    rename_meeting,
    start_group,
    subscribe_to_ticked,
    switch_language,
    take_first_open_term,
    undo_latest_change,
    unique,
)


def test_find_a_meeting_now_open_it_and_subscribe(visit):
    page = visit.page
    visit.go("/")
    visit.shot("flow-now")
    name = open_a_meeting_now(page)
    assert page.title().startswith(name)
    expect(page.get_by_role("heading", name="When")).to_be_visible()
    expect(page.get_by_text("Held by")).to_be_visible()
    slug = urlsplit(page.url).path.rsplit("/", 1)[1]
    assert_subscribe_links(page, f"/meetings/{slug}.ics")


def test_filter_by_day_and_type_then_subscribe(visit):
    page = visit.page
    day_number, day = a_day_ahead()
    visit.go("/meetings")
    filter_meetings(page, day, "Discussion")
    assert_filtered(page, day_number, day, "Discussion", "D")
    visit.shot("flow-filtered")
    feed = assert_subscribe_links(page, "/meetings.ics")
    assert parse_qs(urlsplit(feed).query)["day"] == [str(day_number)]
    assert parse_qs(urlsplit(feed).query)["type"] == ["D"]

    names = subscribe_to_ticked(page)
    assert_subscribe_links(page, "/my-meetings.ics")
    for name in names:
        expect(page.get_by_role("main").get_by_role("link", name=name, exact=True)).to_be_visible()


def test_switch_language_and_keep_it(visit):
    page = visit.page
    visit.go("/")
    english = heading(page)
    switch_language(page, "español")
    expect_language(page, "es")
    assert heading(page) != english
    expect(page.get_by_role("link", name="español", exact=True)).to_have_attribute(
        "aria-current", "true")
    visit.go("/meetings")
    expect_language(page, "es")
    assert heading(page) != "Meetings"


def test_list_a_group_and_add_a_meeting_through_its_link(visit):
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Harbour Group"), unique("Thursday Harbour"))
    visit.shot("flow-group-link")
    open_link_on_another_device(page, started.link)
    expect(page.get_by_role("heading", level=1)).to_have_text(started.group)
    sunday = unique("Sunday Online")
    add_online_meeting(page, sunday)
    assert set(public_meeting_names(page, started)) == {started.meeting, sunday}
    page.get_by_role("link", name=sunday, exact=True).click()
    expect(page.get_by_role("link", name="Join the meeting")).to_have_attribute(
        "href", "https://meet.example.org/sunday")


def test_volunteer_for_a_service_role(visit):
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Service Group"), unique("Thursday Service"))
    go_to_roster(page, started)
    add_role(page, "Coffee")
    public_meeting_names(page, started)
    expect(page.get_by_role("region", name="Service: open seats")).to_contain_text("Coffee")

    go_to_roster(page, started)
    add_volunteer(page, "Sam K.")
    take_first_open_term(page, "Coffee", "Sam K.")
    visit.shot("flow-roster")
    # Names stay behind the link: never on the public page or its calendar feed.
    public_meeting_names(page, started)
    expect(page.get_by_role("main")).not_to_contain_text("Sam K.")
    feed = assert_subscribe_links(page, f"{started.public_path}.ics")
    assert "Sam K." not in page.request.get(feed).text()


def test_undo_a_change_from_the_history(visit):
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Undo Group"), unique("Thursday Steps"))
    go_to_listing(page, started)
    vandalised = unique("Bogus")
    rename_meeting(page, started.meeting, vandalised)
    assert public_meeting_names(page, started) == [vandalised]
    go_to_listing(page, started)
    undo_latest_change(page, f"changed from {started.meeting} to {vandalised}")
    visit.shot("flow-history")
    assert public_meeting_names(page, started) == [started.meeting]
