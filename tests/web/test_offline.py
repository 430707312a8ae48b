"""The web app manifest, the service worker and the offline page."""

import json
import re
import subprocess
from datetime import UTC, datetime

from meetings.core.paths import ROOT
from meetings.web.security import CONTENT_SECURITY_POLICY

WORKER = (ROOT / "static" / "sw.js").read_text()


def _worker_constant(name):
    return re.search(rf'const {name} = "([^"]*)";', WORKER).group(1)


def test_manifest_describes_the_site(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == manifest["short_name"] == "Meetings"
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["icons"] == [
        {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
    ]


def test_manifest_speaks_the_readers_language_and_colours_match_the_stylesheet(client):
    manifest = client.get("/manifest.webmanifest?lang=ar").get_json(force=True)
    assert (manifest["lang"], manifest["dir"]) == ("ar", "rtl")
    css = (ROOT / "static" / "site.css").read_text()
    assert f"--bg: {manifest['background_color']};" in css
    assert manifest["theme_color"] == manifest["background_color"]


def test_pages_link_the_manifest_in_their_language_and_set_a_theme_colour(client):
    html = client.get("/?lang=fr").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=fr">' in html
    assert '<meta name="theme-color" content="#fff"' in html
    assert '<meta name="theme-color" content="#121417"' in html


def test_icon_is_a_small_svg(client):
    response = client.get("/static/icon.svg")
    assert response.mimetype == "image/svg+xml"
    assert len(response.data) < 1024
    response.close()


def test_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own folder, "/", is its scope
    assert response.get_data(as_text=True) == WORKER
    response.close()


def test_site_script_registers_the_worker_for_the_whole_site():
    script = (ROOT / "static" / "site.js").read_text()
    assert "'serviceWorker' in navigator" in script.replace('"', "'")
    assert 'register("/sw.js", { scope: "/" })' in script


def test_policy_lets_the_worker_and_manifest_load_from_the_site_only():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    # worker-src falls back to script-src, manifest-src to default-src
    assert directives.get("worker-src", directives["script-src"]) == "'self'"
    assert directives.get("manifest-src", directives["default-src"]) == "'self'"


def test_worker_precaches_the_assets_pages_use_and_the_offline_page(client):
    html = client.get("/").get_data(as_text=True)
    for asset in re.findall(r'"(/static/[^"]+)"', _worker_array("ASSETS")):
        assert f'"{asset}"' in html, asset
    assert client.get(_worker_constant("OFFLINE_PAGE")).status_code == 200


def _worker_array(name):
    return re.search(rf"const {name} = \[([^\]]*)\];", WORKER).group(1)


#: what the worker keeps for offline use: public pages only, never links, forms or feeds
KEPT = {
    "/": True,
    "/?tz=Europe/Paris": True,
    "/meetings": True,
    "/meetings?day=2&type=O&tz=Europe/London": True,
    "/meetings/morning-light": True,
    "/meetings/morning-light?lang=ar": True,
    "/groups/lewes-serenity": True,
    "/groups/new": False,
    "/g/a-secret-token": False,
    "/service/a-secret-token": False,
    "/groups/lewes-serenity/manage": False,
    "/groups/lewes-serenity/links": False,
    "/meetings.ics": False,
    "/meetings.json": False,
    "/meetings/morning-light.ics": False,
    "/meetings/morning-light.json": False,
    "/groups/lewes-serenity.ics": False,
    "/print": False,
    "/offline": False,
}
#: what the worker stores of a kept page's answer: only a whole, storable HTML page
HTML = {"Content-Type": "text/html; charset=utf-8"}
STORED = [
    ({"status": 200, "headers": HTML}, True),
    ({"status": 200, "headers": {**HTML, "Cache-Control": "no-store"}}, False),
    ({"status": 200, "headers": {**HTML, "Cache-Control": "private, no-store"}}, False),
    ({"status": 404, "headers": HTML}, False),
    ({"status": 200, "headers": {"Content-Type": "application/json"}}, False),
]
#: runs the worker's script with nothing but its rules, and asks one of them about each case
ASK_THE_WORKER = """
const vm = require("node:vm");
const [script, rule, cases] = process.argv.slice(1);
const worker = vm.createContext({ self: { addEventListener() {} }, URL, Response });
vm.runInContext(require("node:fs").readFileSync(script, "utf8"), worker);
const ask = {
  isKept: path => worker.isKept(new URL(path, "https://example.org")),
  isStorable: init => worker.isStorable(new Response("<!doctype html>", init)),
}[rule];
console.log(JSON.stringify(JSON.parse(cases).map(ask)));
"""


def _ask_the_worker(rule, cases):
    done = subprocess.run(
        ["node", "-e", ASK_THE_WORKER, str(ROOT / "static" / "sw.js"), rule, json.dumps(cases)],
        capture_output=True, text=True, check=True, timeout=30,
    )
    return json.loads(done.stdout)


def test_worker_keeps_public_pages_only():
    assert dict(zip(KEPT, _ask_the_worker("isKept", list(KEPT)), strict=True)) == KEPT


def test_worker_stores_whole_pages_that_may_be_stored_only():
    answers = _ask_the_worker("isStorable", [init for init, _stored in STORED])
    assert answers == [stored for _init, stored in STORED]


def test_pages_carry_the_hidden_out_of_date_banner_and_stay_the_same_over_time(
    client, make_meeting, at
):
    meeting = make_meeting()
    for path in ("/", f"/meetings/{meeting.slug}", f"/groups/{meeting.group.slug}"):
        at(datetime(2025, 3, 3, 18, 5, tzinfo=UTC))
        html = client.get(path).get_data(as_text=True)
        banner = re.search(r'<p class="stale" role="status" ([^>]*)>(.*?)</p>', html)
        assert banner, path
        assert banner.group(1) == _worker_constant("HIDDEN_BANNER")
        assert html.count(_worker_constant("HIDDEN_BANNER")) == 1
        assert banner.group(2) == (
            "No connection: this page was saved on "
            + _worker_constant("SAVED_AT")
            + " and may be out of date."
        )
        at(datetime(2025, 3, 3, 19, 6, tzinfo=UTC))
        later = client.get(path).get_data(as_text=True)
        assert banner.group(0) in later  # the worker tells the time: pages stay cacheable


def test_offline_page_says_there_is_no_connection(client):
    response = client.get("/offline")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>No connection</h1>" in html
    assert "opened before are still here" in html
    assert '<meta name="robots" content="noindex">' in html
