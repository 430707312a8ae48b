"""Group links: opening and remembering them, naming and retiring, recovery, the CLI, logs."""

import logging

import pytest
from holders import (
    FIRST_MEETING,
    LINK,
    RECOVERY,
    assert_secret,
    csrf,
    join,
    path,
    post,
    start_group,
    text,
)

from meetings.core.database import db
from meetings.directory.models import Group
from meetings.manage import capabilities
from meetings.manage.models import GroupLink


def test_opening_a_link_remembers_the_device_and_drops_the_token(app, client):
    _page, url, _code = start_group(client)
    device = app.test_client()
    slug = db.session.scalar(db.select(Group.slug))
    assert device.get(f"/groups/{slug}/manage").status_code == 403
    assert "Manage this group" not in device.get(f"/groups/{slug}").text
    opened = join(device, url)
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"/groups/{slug}/manage"
    assert_secret(opened)
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    manage = device.get(f"/groups/{slug}/manage")
    assert manage.status_code == 200 and "Group link" in text(manage)
    assert manage.headers["Cache-Control"] == "no-store"
    assert "Manage this group" in device.get(f"/groups/{slug}").text
    assert db.session.scalar(db.select(GroupLink)).last_used_on is not None


def test_a_mistyped_link_and_a_retired_one_each_say_what_happened(app, client):
    _page, url, _code = start_group(client)
    mistyped = client.get(path(url)[:-3] + "xyz")
    assert mistyped.status_code == 404 and "does not work" in text(mistyped)
    assert_secret(mistyped)
    slug = db.session.scalar(db.select(Group.slug))
    response = post(client, f"/groups/{slug}/links", {"name": "treasurer"})
    second = LINK.search(response.text).group(1)
    other = app.test_client()
    join(other, second)
    treasurer = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "treasurer"))
    retired = post(client, f"/groups/{slug}/links/{treasurer.id}/retire",
                   form_url=f"/groups/{slug}/links")
    assert retired.status_code == 303
    page = other.get(path(second))
    assert page.status_code == 410 and "This link was retired" in text(page)
    assert_secret(page)
    # The device that had opened it before loses access at once.
    assert other.get(f"/groups/{slug}/manage").status_code == 403
    assert client.get(f"/groups/{slug}/manage").status_code == 200


def test_any_holder_names_a_new_link_shown_once(client):
    _page, _url, _code = start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    listing = client.get(f"/groups/{slug}/links")
    assert listing.headers["Cache-Control"] == "no-store"
    empty = post(client, f"/groups/{slug}/links", {"name": ""})
    assert empty.status_code == 400 and 'id="name-error"' in empty.text
    made = post(client, f"/groups/{slug}/links", {"name": "home group"})
    assert made.status_code == 200 and "<svg" in made.text
    assert_secret(made)
    assert RECOVERY.search(made.text) is None  # the recovery code is not shown again
    names = [link.name for link in db.session.scalars(db.select(GroupLink))]
    assert names == ["Group link", "home group"]
    assert "home group" in text(client.get(f"/groups/{slug}/links"))


def test_the_recovery_code_retires_every_link_and_gives_a_new_one(app, client):
    _page, url, code = start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    stranger = app.test_client()
    wrong = post(stranger, f"/groups/{slug}/recover", {"code": "AAAA-BBBB"})
    assert wrong.status_code == 400 and 'id="code-error"' in wrong.text
    assert_secret(wrong)
    recovered = post(stranger, f"/groups/{slug}/recover", {"code": code.lower().replace("-", " ")})
    assert recovered.status_code == 200
    assert_secret(recovered)
    new_url = LINK.search(recovered.text).group(1)
    new_code = RECOVERY.search(recovered.text).group(1)
    assert new_code != code
    assert client.get(path(url)).status_code == 410
    assert client.get(f"/groups/{slug}/manage").status_code == 403
    assert stranger.get(f"/groups/{slug}/manage").status_code == 200
    assert join(app.test_client(), new_url).status_code == 303
    again = post(app.test_client(), f"/groups/{slug}/recover", {"code": code})
    assert again.status_code == 400
    history = text(stranger.get(f"/groups/{slug}/history"))
    assert "Link “Group link”: retired" in history and "with the recovery code" in history


def test_the_operator_prints_a_fresh_link(app, runner, make_group):
    make_group(slug="lewes", name="Lewes")
    result = runner.invoke(args=["group-link", "lewes", "--name", "intergroup",
                                 "--base-url", "https://meetings.example.org"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("https://meetings.example.org/g/")
    device = app.test_client()
    assert join(device, url).status_code == 303
    assert "by the site's operator" in text(device.get("/groups/lewes/history"))
    bare = runner.invoke(args=["group-link", "lewes"])
    assert bare.exit_code == 0 and bare.output.startswith("/g/")
    missing = runner.invoke(args=["group-link", "nowhere"])
    assert missing.exit_code != 0 and "no group" in missing.output


def test_request_logs_never_show_a_token(app, caplog):
    caplog.set_level(logging.INFO)
    token = capabilities.new_token()
    # as werkzeug's development server writes its request log
    logging.getLogger("werkzeug").info(
        '127.0.0.1 - - [01/Dec/2026 10:00:00] "%s" %s %s\n', f"GET /g/{token} HTTP/1.1", "303", "-")
    logging.getLogger("gunicorn.access").info(
        '%(h)s "%(r)s" %(s)s "%(f)s"',
        {"h": "-", "r": f"GET /g/{token}?x=1 HTTP/1.1", "s": "303",
         "f": f"https://example.org/g/{token}"})
    assert token not in caplog.text
    assert caplog.text.count("/g/…") == 3
    assert "127.0.0.1" not in caplog.text  # the existing filter still drops addresses


def test_a_device_can_forget_the_group(client):
    start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    response = post(client, f"/groups/{slug}/forget", form_url=f"/groups/{slug}/manage")
    assert response.status_code == 303
    assert client.get(f"/groups/{slug}/manage").status_code == 403


def test_link_lookups_are_limited(client):
    for _ in range(30):
        assert client.get("/g/not-a-token").status_code == 404
    assert client.get("/g/not-a-token").status_code == 429


@pytest.mark.parametrize("address", ["10.0.0.1", "2001:db8::1"])
def test_limits_count_clients_by_a_keyed_hash_never_the_address(app, address):
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        from meetings.web.limits import client_key

        key = client_key()
    assert address not in key and len(key) == 32


def test_an_expired_form_saves_nothing_and_says_so(client):
    response = client.post("/groups/new", data=FIRST_MEETING)
    assert response.status_code == 400
    assert "The form expired" in text(response) and "nothing was saved" in text(response)
    assert db.session.scalar(db.select(db.func.count(Group.id))) == 0


def test_requests_are_size_limited(client):
    token = csrf(client, "/groups/new")
    huge = {**FIRST_MEETING, "csrf_token": token, "notes": "x" * 2_000_000}
    assert client.post("/groups/new", data=huge).status_code == 413
