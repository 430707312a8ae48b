"""Compressed responses for clients that accept them (Flask-Compress), with two rules of ours.

- Private pages (`Cache-Control: no-store`: group links, service calendars' pages) are sent
  uncompressed, so that their secrets can never be guessed from compressed sizes (BREACH).
- Flask-Compress marks a compressed body's strong ETag with its coding ("abc:gzip"). A
  client revalidating with that tag (and still accepting that coding) must get the cheap 304
  our views answer from their own validators, so the coding is taken off before the view
  sees the tag and put back on the 304.
- Static files are compressed once per file version and coding, then served from memory;
  pages and feeds change with the directory and are compressed as they are sent.
"""

import os

from flask import current_app, g, request
from flask_compress import Compress
from werkzeug.security import safe_join

compress = Compress()
CODINGS = ("zstd", "br", "gzip", "deflate")


class StaticFiles:
    """Flask-Compress's cache, holding compressed static files only (a few, small)."""

    LIMIT = 64

    def __init__(self):
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):  # an empty key: not a static file
            if key not in self.data and len(self.data) >= self.LIMIT:
                self.data.pop(next(iter(self.data)))
            self.data[key] = value


def static_file_version(req) -> str:
    """Name and version of the static file requested, or "" for any other response."""
    filename = (req.view_args or {}).get("filename") if req.endpoint == "static" else None
    path = filename and safe_join(current_app.static_folder, filename)
    if not path:
        return ""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{filename}:{stat.st_mtime_ns}:{stat.st_size}"


def init_app(app):
    """Register first, so that these are the last things done to a response."""
    compress.init_app(app)
    app.before_request(_plain_validators)
    app.after_request(_without_date)
    app.after_request(_compressed)


def _plain_validators():
    tags = request.environ.get("HTTP_IF_NONE_MATCH")
    if not tags:
        return
    plain = []
    for tag in tags.split(","):
        tag = tag.strip()
        for coding in CODINGS:
            if tag.endswith(f':{coding}"') and coding in request.accept_encodings:
                g.validator_coding = coding
                tag = tag[: -len(coding) - 2] + '"'
        plain.append(tag)
    request.environ["HTTP_IF_NONE_MATCH"] = ", ".join(plain)


def _without_date(response):
    """The server (Werkzeug, gunicorn) dates every response itself; make_conditional() also
    adds a Date, and two Date fields in one response would leave caches guessing."""
    response.headers.pop("Date", None)
    return response


def _compressed(response):
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return response
    if response.status_code == 304:
        coding = g.get("validator_coding")
        etag, weak = response.get_etag()
        if coding and etag and not weak:
            response.set_etag(f"{etag}:{coding}")
        return response
    if response.is_streamed and request.endpoint == "static":
        # Small files, read whole: compressed like any page, and the file still gets closed.
        wrapped_file = response.response
        response.direct_passthrough = False
        body = b"".join(response.iter_encoded())
        wrapped_file.close()
        response.set_data(body)
    return compress.after_request(response)
