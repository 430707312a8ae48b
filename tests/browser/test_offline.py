"""Without a connection: the pages a person opened are still there, marked as possibly old."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from meetings.core.database import db
from meetings.directory.models import Group
from meetings.manage.capabilities import new_token, token_hash
from meetings.manage.models import GroupLink

LONDON = ZoneInfo("Europe/London")  # the browser's zone (conftest) and the server's default
#: resolves true once a service worker is active for the page (false after ten seconds)
READY = """() => Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise(resolve => setTimeout(() => resolve(false), 10000)),
])"""
#: resolves true once the service worker has stored a copy of the URL (false after ten seconds)
SAVED = """async url => {
  for (let tries = 0; tries < 100; tries++) {
    if (await caches.match(url, {ignoreVary: true})) return true;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return false;
}"""


def _open(visit, path):
    """Open a page online and wait until the service worker has kept it."""
    visit.go(path)
    assert visit.page.evaluate(SAVED, visit.page.url), f"{path} was not kept for offline use"


def _under_control(visit):
    """Wait for the service worker, then reload so that it answers for the page."""
    assert visit.page.evaluate("() => 'serviceWorker' in navigator")
    assert visit.page.evaluate(READY), "no service worker became active"
    visit.page.reload()
    assert visit.page.evaluate("() => navigator.serviceWorker.controller !== null")


def _results(visit):
    """What a finder page shows: its heading and the meetings it lists."""
    return visit.page.locator("h1").inner_text(), _names(visit)


def _moment(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _names(visit):
    return visit.page.locator("li.meeting a.name").all_inner_texts()


def test_opened_pages_show_offline_marked_as_possibly_out_of_date(visit):
    visit.go("/")
    _under_control(visit)
    _open(visit, "/meetings?day=2")
    tuesday = _results(visit)
    _open(visit, "/")
    finder = _results(visit)
    assert finder[1], "the demo directory shows meetings on the front page"
    visit.page.locator("li.meeting a.name").first.click()
    visit.page.wait_for_load_state()
    meeting_url = visit.page.url
    assert visit.page.evaluate(SAVED, meeting_url)
    meeting = {
        "name": visit.page.locator("h1").inner_text(),
        "weekly": visit.page.locator(".weekly").inner_text(),
        "where": visit.page.locator("address, a.button.primary").first.inner_text(),
    }
    banner = visit.page.locator("p.stale")
    expect(banner).to_be_hidden()

    visit.context.set_offline(True)
    visit.go(meeting_url.removeprefix(visit.server.url))
    expect(banner).to_be_visible()
    expect(visit.page.get_by_role("status").filter(has_text="may be out of date")).to_be_visible()
    saved = banner.locator("time")
    assert abs(_moment(saved.get_attribute("datetime")) - datetime.now(UTC)) < timedelta(minutes=5)
    expect(saved).to_contain_text(str(datetime.now(LONDON).year))  # in the reader's zone
    assert visit.page.locator("h1").inner_text() == meeting["name"]
    assert visit.page.locator(".weekly").inner_text() == meeting["weekly"]
    assert visit.page.locator("address, a.button.primary").first.inner_text() == meeting["where"]
    assert visit.page.evaluate("getComputedStyle(document.body).margin") == "0px"  # site.css
    visit.shot("offline-meeting")
    assert visit.axe() == []

    visit.go("/")
    expect(banner).to_be_visible()
    assert _results(visit) == finder
    visit.shot("offline-finder")
    visit.go("/meetings?day=2")
    assert _results(visit) == tuesday
    visit.go("/meetings?day=5")  # never opened: the last results kept instead
    expect(banner).to_be_visible()
    assert _results(visit) == finder


def _group_link(server):
    """A new secret link to a demo group, made as links.py makes them, and where it leads."""
    with server.app.app_context():
        group = db.session.scalars(select(Group).order_by(Group.id)).first()
        token = new_token()
        db.session.add(GroupLink(group=group, name="Offline test", token_hash=token_hash(token)))
        db.session.commit()
        manage = f"/groups/{group.slug}/manage"
        db.session.remove()
    return f"/g/{token}", manage


def test_private_pages_forms_and_pages_never_opened_are_not_kept(visit):
    visit.go("/")
    _under_control(visit)
    link, manage = _group_link(visit.server)
    visit.go(link)
    assert urlsplit(visit.page.url).path == manage
    not_kept = [link, manage, "/groups/new"]
    visit.go("/groups/new")
    visit.go("/meetings.json")
    _open(visit, "/meetings?day=3")  # kept after the others: they had their chance
    for path in [*not_kept, "/meetings.json"]:
        assert not visit.page.evaluate("url => caches.match(url)", visit.server.url + path), path

    visit.context.set_offline(True)
    for path in [*not_kept, "/meetings/never-opened-here"]:
        visit.go(path)
        expect(visit.page.locator("h1")).to_have_text("No connection")
        expect(visit.page.locator("p.stale")).to_be_hidden()
    visit.shot("offline-page")
    assert visit.axe() == []
