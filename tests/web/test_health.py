"""`/healthz` for load balancers and monitors, and ProxyFix for the proxy in front."""

import logging

import pytest
from conftest import app_config

from meetings import create_app
from meetings.core.database import db
from meetings.web import limits

#: a database that is not there: nothing listens on port 1, and the password must not leak
UNREACHABLE = [
    "postgresql://meetings:hunter2-secret@127.0.0.1:1/meetings",
    "sqlite:////nonexistent-directory/hunter2-secret/meetings.sqlite",
]


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok\n"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", UNREACHABLE)
def test_healthz_is_503_without_naming_the_database_when_it_is_unreachable(url, caplog):
    broken = create_app(app_config(url))
    with caplog.at_level(logging.WARNING):
        response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    body = response.get_data(as_text=True)
    assert body == "database unavailable\n"
    logged = "\n".join(caplog.messages)
    assert "did not answer" in logged
    for secret in ("hunter2", "meetings:", "127.0.0.1", "nonexistent"):
        assert secret not in body and secret not in logged


@pytest.fixture
def other_app(database_url):
    """Make apps of their own settings over the tests' database; close their connections."""
    made = []

    def make(**settings):
        made.append(create_app(app_config(database_url, **settings)))
        return made[-1]

    yield make
    for one in made:
        with one.app_context():
            db.engine.dispose()


def test_healthz_is_never_rate_limited(other_app):
    limited_client = other_app(RATELIMIT_DEFAULT="2/hour").test_client()
    try:
        assert [limited_client.get("/healthz").status_code for _ in range(10)] == [200] * 10
        assert [limited_client.get("/meetings.json").status_code for _ in range(3)][-1] == 429
    finally:  # the limiter is shared by every app the tests make, and keeps a default limit
        limits.limiter.limit_manager.set_default_limits([])


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_are_ignored_unless_the_operator_trusts_a_proxy(client):
    response = client.get("/", headers=FORWARDED)
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_fix_takes_the_client_and_https_from_one_proxy(other_app):
    behind = other_app(PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1)
    seen = {}

    @behind.get("/test-seen")
    def remember():
        from flask import request

        seen.update(address=request.remote_addr, secure=request.is_secure)
        return "seen"

    response = behind.test_client().get("/test-seen", headers=FORWARDED)
    assert seen == {"address": "203.0.113.9", "secure": True}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_proxy_fix_settings_come_from_the_environment(database_url, monkeypatch):
    monkeypatch.setenv("MEETINGS_PROXY_FIX_X_FOR", "1")
    monkeypatch.setenv("MEETINGS_SECRET_KEY", "from-env")
    monkeypatch.setenv("MEETINGS_MIGRATE_ON_START", "false")
    monkeypatch.setenv("DATABASE_URL", database_url)
    from werkzeug.middleware.proxy_fix import ProxyFix

    configured = create_app()
    assert isinstance(configured.wsgi_app, ProxyFix)
    assert (configured.wsgi_app.x_for, configured.wsgi_app.x_proto) == (1, 0)
