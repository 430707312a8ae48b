"""Compressed responses: smaller pages and feeds, cheap revalidation, private pages plain."""

import gzip

from holders import path, start_group

GZIP = {"Accept-Encoding": "gzip"}


def test_pages_and_feeds_are_compressed_when_the_client_accepts_it(client, make_meeting):
    for number in range(20):
        make_meeting(name=f"Meeting {number}")
    for url in ("/meetings", "/meetings.json", "/meetings.ics", "/static/site.css"):
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        assert len(packed.data) < len(plain.data) / 2, url
        assert gzip.decompress(packed.data) == plain.data, url
        assert "Content-Encoding" not in plain.headers, url


def test_revalidating_a_compressed_feed_is_still_a_304(client, make_meeting):
    for number in range(5):
        make_meeting(name=f"Meeting {number}")
    for url in ("/meetings.ics", "/meetings.json"):
        first = client.get(url, headers=GZIP)
        etag = first.headers["ETag"]
        assert etag.endswith(':gzip"')
        again = client.get(url, headers={**GZIP, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", url
        assert again.headers["ETag"] == etag, url
        plain = client.get(url, headers={"If-None-Match": etag})
        assert plain.status_code == 200 and plain.headers["ETag"] != etag, url


def test_private_pages_are_never_compressed(client):
    """A page holding a link's secret is sent plain: no size to guess it from (BREACH)."""
    _response, link, _recovery = start_group(client)
    page = client.get(path(link), headers=GZIP, follow_redirects=True)
    assert "no-store" in page.headers["Cache-Control"] and len(page.data) > 1000
    assert "Content-Encoding" not in page.headers


def test_responses_carry_no_date_of_their_own(client, make_meeting):
    """The server dates each response; a second Date field would leave caches guessing."""
    make_meeting()
    for headers in ({}, GZIP):
        for url in ("/meetings", "/meetings.json", "/meetings.ics"):
            assert "Date" not in client.get(url, headers=headers).headers, url


def test_static_files_are_compressed_once_per_version_pages_every_time(client, monkeypatch):
    from flask_compress import flask_compress

    calls = []
    real = flask_compress._compress_data

    def counting(app, data, algorithm):
        calls.append(algorithm)
        return real(app, data, algorithm)

    monkeypatch.setattr(flask_compress, "_compress_data", counting)
    plain = client.get("/static/site.css").data
    first = client.get("/static/site.css", headers=GZIP)
    second = client.get("/static/site.css", headers=GZIP)
    assert first.data == second.data and gzip.decompress(second.data) == plain
    assert calls == ["gzip"]
    client.get("/static/site.css", headers={"Accept-Encoding": "br"})
    assert calls == ["gzip", "br"]
    client.get("/meetings", headers=GZIP)
    client.get("/meetings", headers=GZIP)
    assert calls == ["gzip", "br", "gzip", "gzip"]
