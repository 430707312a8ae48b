"""Helpers for tests that act as link holders through the HTTP interface, CSRF left on."""

import html
import re
from urllib.parse import urlsplit

from flask import g

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LINK = re.compile(r'id="link-url"[^>]* value="([^"]+)"')
RECOVERY = re.compile(r'id="recovery-code">([^<]+)<')
REVISION = re.compile(r'id="revision" name="revision" type="hidden" value="(\d*)"')

FIRST_MEETING = {
    "group_name": "Lewes Thursday Group",
    "meeting_name": "Thursday Hybrid",
    "weekdays": ["4"],
    "start_time": "19:00",
    "length": "60",
    "timezone": "Europe/London",
    "attendance": "hybrid",
    "location_name": "St Mary's Hall",
    "address": "1 High St, Lewes BN7 2AA",
    "conference_url": "https://meet.example.org/lewes",
    "types": ["O", "D"],
}


def text(response) -> str:
    """The page's words as a reader sees them: no tags, entities decoded, plain spaces."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    body = html.unescape(body).replace("\u202f", " ").replace("\u2009", " ")
    return re.sub(r"\s+", " ", body).replace(" :", ":").strip()


def csrf(client, url) -> str:
    """GET the page holding a form and read its CSRF token."""
    # The tests' app context outlives requests, so Flask-WTF's per-request cache of the
    # token in `g` would hand one device's token to another: clear it, as a new request would.
    g.pop("csrf_token", None)
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return CSRF.search(page.get_data(as_text=True)).group(1)


def post(client, url, data=None, form_url=None, **kwargs):
    """Send a form as a browser would: with the CSRF token of the page that shows it."""
    token = csrf(client, form_url or url)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def start_group(client, **overrides):
    """Start a group through /groups/new; its page, link URL and recovery code."""
    response = post(client, "/groups/new", {**FIRST_MEETING, **overrides})
    assert response.status_code == 200, text(response)
    body = response.get_data(as_text=True)
    return response, html.unescape(LINK.search(body).group(1)), RECOVERY.search(body).group(1)


def path(url: str) -> str:
    return urlsplit(url).path


def join(client, url):
    """Open a group link on a device; the redirect response."""
    return client.get(path(url))


def revision_in(response) -> str:
    return REVISION.search(response.get_data(as_text=True)).group(1)


def assert_secret(response):
    """A response that shows or carries a token stays out of caches, referrers and indexes."""
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


def token_of(url):
    return path(url).split("/g/", 1)[1]
