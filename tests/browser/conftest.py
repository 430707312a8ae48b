"""A real server and Debian's Chromium: pages as a person on a phone or a desktop gets them.

The server runs the app in a thread on a free port, over the test database with the demo
directory loaded. Chromium is driven by Playwright's Python package through
`executable_path`; a missing browser fails the run (CI installs it), it is never skipped.
Every request a page makes is recorded, and any that leaves the server fails the test.
Screenshots go to `screenshots/` (git-ignored) for people to look at.
"""

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import app_config, empty_database
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from meetings import create_app
from meetings.core.database import db
from meetings.core.paths import ROOT
from meetings.imports import demo

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
SCREENSHOTS = ROOT / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class Server:
    """The app served over HTTP in a background thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join()


@pytest.fixture(scope="package")
def server(database_url):
    app = create_app(
        app_config(database_url, RATELIMIT_GROUP_CREATION="100/hour", RATELIMIT_WRITES="1000/hour")
    )
    with app.app_context():
        demo.load()
        db.session.remove()
    with Server(app) as running:
        yield running
    with app.app_context():
        empty_database(database_url)
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it (apt-get)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """One browsing session: a page at one size, every request it made, and helpers."""

    def __init__(self, context, server, size):
        self.context = context
        self.server = server
        self.size = size
        self.requests = []
        context.on("request", lambda request: self.requests.append(request.url))
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)  # a step that fails, fails soon

    def go(self, path):
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def third_party(self):
        """Requests that left the server (data: and blob: stay in the page)."""
        ours = urlsplit(self.server.url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != ours
        ]

    def shot(self, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}-{self.size}.png", full_page=True)

    def axe(self):
        """axe-core's violations on the current page, as 'rule: selector' lines."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return [
            f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:160]}"
            for violation in result["violations"]
            for node in violation["nodes"]
        ]


def _context(browser, size, **options):
    return browser.new_context(
        viewport=SIZES[size],
        timezone_id=options.pop("timezone_id", "Europe/London"),
        locale=options.pop("locale", "en-GB"),
        **options,
    )


@pytest.fixture(params=list(SIZES))
def visit(request, browser, server):
    """A visitor with script, at phone and at desktop size."""
    context = _context(browser, request.param)
    found = Visit(context, server, request.param)
    yield found
    context.close()
    assert not found.third_party(), found.third_party()


@pytest.fixture(params=list(SIZES))
def visit_without_script(request, browser, server):
    """A visitor whose browser runs no JavaScript."""
    context = _context(browser, request.param, java_script_enabled=False)
    found = Visit(context, server, request.param)
    yield found
    context.close()
    assert not found.third_party(), found.third_party()
