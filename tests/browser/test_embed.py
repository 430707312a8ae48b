"""A group's own website, on another site, frames `/embed` and Chromium shows it.

The group's site is a plain page served from `localhost` on another port: another site
than the app's `127.0.0.1`, as a real group's website is.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from meetings.core.database import db
from meetings.directory.models import Group, Meeting

from .conftest import SCREENSHOTS, _context

WEBSITE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Our group</title></head>
<body style="margin: 0"><h1>Our group</h1>
<iframe id="embed" src="{app}/embed?group={slug}" title="Meetings" loading="lazy"
 style="width: 100%; height: 30rem; border: 0"></iframe>
<iframe id="list" src="{app}/meetings" title="All meetings"></iframe>
</body></html>"""


@pytest.fixture(scope="module")
def website(server):
    """A group's website on another site, framing the group's embed and the ordinary list."""
    with server.app.app_context():
        slug = db.session.scalar(
            db.select(Group.slug).join(Meeting).where(Meeting.removed_at.is_(None),
                                                      Meeting.attendance != "inactive")
            .order_by(Group.slug).limit(1))
        db.session.remove()
    body = WEBSITE.format(app=server.url, slug=slug).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{site.server_port}/"
    site.shutdown()
    thread.join()
    site.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_group_website_on_another_site_shows_the_embed_and_not_other_pages(
        browser, server, website, scheme):
    context = _context(browser, "phone", color_scheme=scheme, java_script_enabled=True)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 320, "height": 740})
        page.goto(website)
        page.wait_for_load_state("load")
        embed = page.frame_locator("#embed")
        rows = embed.locator("ol.meetings li.meeting")
        assert rows.count() >= 1
        assert rows.first.locator("a.name").get_attribute("target") == "_blank"
        assert embed.locator("a[href^='webcal://']").count() == 1
        framed = page.frame(url=lambda url: "/embed?" in url)
        assert framed is not None
        fits = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        assert framed.evaluate(fits)  # nothing sideways at 320 px
        colours = framed.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]")
        assert colours[0] != colours[1]
        dark = framed.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (scheme == "dark")
        listing = page.locator("#list").element_handle().content_frame()
        assert listing.url.startswith("chrome-error:")  # refused: frame-ancestors 'none'
        assert listing.locator("ul.meetings").count() == 0
        assert context.cookies() == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"embed-website-{scheme}.png", full_page=True)
    finally:
        context.close()
