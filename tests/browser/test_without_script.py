"""The same core flows in a browser that runs no JavaScript: plain links and HTML forms only.

Find, filter, open a meeting, subscribe; list a group, add and edit a meeting, undo the edit,
report a listing, and take a turn at service. Buttons that need script stay out of sight
instead of failing.
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


def test_find_a_meeting_now_open_it_and_subscribe(visit_without_script):
    visit = visit_without_script
    page = visit.page
    visit.go("/")
    expect(page.get_by_role("button", name="Near me")).to_be_hidden()
    name = open_a_meeting_now(page)
    expect(page.get_by_role("heading", name="When")).to_be_visible()
    slug = urlsplit(page.url).path.rsplit("/", 1)[1]
    assert_subscribe_links(page, f"/meetings/{slug}.ics")
    expect(page.get_by_role("button", name="Copy")).to_be_hidden()
    assert heading(page) == name


def test_filter_by_day_and_type_then_subscribe(visit_without_script):
    visit = visit_without_script
    page = visit.page
    day_number, day = a_day_ahead()
    visit.go("/meetings")
    filter_meetings(page, day, "Discussion")
    assert_filtered(page, day_number, day, "Discussion", "D")
    feed = assert_subscribe_links(page, "/meetings.ics")
    assert parse_qs(urlsplit(feed).query)["type"] == ["D"]

    names = subscribe_to_ticked(page)
    assert_subscribe_links(page, "/my-meetings.ics")
    for name in names:
        expect(page.get_by_role("main").get_by_role("link", name=name, exact=True)).to_be_visible()


def test_switch_language_and_keep_it(visit_without_script):
    visit = visit_without_script
    visit.go("/meetings")
    switch_language(visit.page, "español")
    expect_language(visit.page, "es")
    visit.go("/")
    expect_language(visit.page, "es")
    assert heading(visit.page) != "Find a meeting now"


def test_list_a_group_and_add_a_meeting_through_its_link(visit_without_script):
    visit = visit_without_script
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Plain Group"), unique("Thursday Plain"))
    expect(page.get_by_role("button", name="Copy the link")).to_be_hidden()
    visit.shot("plain-group-link")
    open_link_on_another_device(page, started.link)
    expect(page.get_by_role("heading", level=1)).to_have_text(started.group)
    sunday = unique("Sunday Plain Online")
    add_online_meeting(page, sunday)
    assert set(public_meeting_names(page, started)) == {started.meeting, sunday}
    page.get_by_role("link", name="Manage this group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(started.group)


def test_edit_a_meeting_and_undo_it(visit_without_script):
    visit = visit_without_script
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Plain Undo Group"), unique("Thursday Plain Steps"))
    go_to_listing(page, started)
    renamed = unique("Renamed")
    rename_meeting(page, started.meeting, renamed)
    assert public_meeting_names(page, started) == [renamed]
    go_to_listing(page, started)
    undo_latest_change(page, f"changed from {started.meeting} to {renamed}")
    visit.shot("plain-history")
    assert public_meeting_names(page, started) == [started.meeting]


def test_volunteer_for_a_service_role(visit_without_script):
    visit = visit_without_script
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Plain Service Group"), unique("Thursday Plain Service"))
    go_to_roster(page, started)
    add_role(page, "Greeter")
    add_volunteer(page, "Alex P.")
    take_first_open_term(page, "Greeter", "Alex P.")
    public_meeting_names(page, started)
    expect(page.get_by_role("main")).not_to_contain_text("Alex P.")


def test_report_a_listing_and_its_holders_see_it(visit_without_script):
    visit = visit_without_script
    page = visit.page
    visit.go("/")
    started = start_group(page, unique("Plain Reported Group"), unique("Thursday Reported"))
    public_meeting_names(page, started)
    page.get_by_role("main").get_by_role("link", name=started.meeting, exact=True).click()
    page.get_by_role("link", name="Report this listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this listing")
    page.get_by_role("group", name="What is wrong with this listing").get_by_label(
        "Its information is wrong", exact=False).check()
    page.get_by_label("What you noticed (optional)").fill("The hall is closed on Thursdays")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("passed on to the group's members")
    visit.shot("plain-report-sent")
    go_to_listing(page, started)
    reports = page.get_by_role("region", name="1 report from readers")
    expect(reports).to_contain_text(f"{started.meeting}: wrong information")
    expect(reports).to_contain_text("The hall is closed on Thursdays")
    reports.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("region", name="1 report from readers")).to_have_count(0)
