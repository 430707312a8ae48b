"""Finding a meeting on a phone and a desktop, in a real browser."""


def test_find_a_meeting_now_and_open_it(visit):
    visit.go("/")
    first = visit.page.locator("li.meeting a.name").first
    name = first.inner_text()
    visit.shot("finder")
    first.click()
    visit.page.wait_for_load_state()
    assert visit.page.locator("h1").inner_text() == name
    visit.shot("meeting")
    assert visit.axe() == []
