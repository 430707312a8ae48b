"""Reading a source's bytes from a file or an http(s) URL, within limits of size, time and place.

A download follows at most MAX_REDIRECTS redirects, each to http(s) only, and gives up
after TOTAL_SECONDS however slowly the server sends. With public_only it refuses every
address that is not on the public internet (loopback, private, link-local, reserved),
checked on the address actually connected to, after DNS resolution, on every redirect.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from meetings.imports.formats import ImportFailed, TooLarge

#: a feed of 100,000 meetings is about 70 MB
MAX_BYTES = 128 * 1024 * 1024
#: seconds for one connect or read, and for the whole download
TIMEOUT = 30
TOTAL_SECONDS = 60
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
#: a Google Sheet's address as its editors share it
_SHEET = re.compile(r"https://docs\.google\.com/spreadsheets/d/([\w-]+)(/[^?#]*)?"
                    r"(\?[^#]*)?(#.*)?", re.IGNORECASE)


class RefusedAddress(ImportFailed):
    """The source's host is not on the public internet and only public ones are allowed."""


class BadRedirect(ImportFailed):
    """The source redirects too often, or to something other than http(s)."""


def sheet_csv_url(url: str) -> str:
    """A Google Sheet's CSV export for its shared address (its first tab, or the one in
    `gid=`); any other URL as it is."""
    match = _SHEET.fullmatch(url)
    if not match or (match[2] or "").startswith("/export"):
        return url
    tab = re.search(r"gid=(\d+)", url)
    return (f"https://docs.google.com/spreadsheets/d/{match[1]}/export?format=csv"
            + (f"&gid={tab[1]}" if tab else ""))


def read_file(path: str) -> bytes:
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise TooLarge(f"{path} is larger than {MAX_BYTES / 2**20:g} MB")
        return Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror or error}") from None


def download(url: str, public_only: bool = False) -> tuple[bytes, str]:
    """The body and Content-Type of an http(s) URL."""
    opener = _opener(public_only)
    request = urllib.request.Request(url, headers={
        "User-Agent": "meetings-import-feed", "Accept": "application/json, text/csv;q=0.9",
    })
    deadline = time.monotonic() + TOTAL_SECONDS
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            data = _read(response, url, deadline)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        error.close()
        raise ImportFailed(f"{url} answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, ImportFailed):
            raise error.reason from None
        raise ImportFailed(f"could not reach {url}: {error.reason}") from None
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise ImportFailed(f"could not download {url}: {error}") from None
    return data, content_type


def _read(response, url: str, deadline: float) -> bytes:
    """The body, a chunk at a time, so that neither size nor a slow drip can run on."""
    length = response.headers.get("Content-Length", "")
    if length.isdecimal() and int(length) > MAX_BYTES:
        raise TooLarge(f"{url} is larger than {MAX_BYTES / 2**20:g} MB")
    parts, size = [], 0
    while chunk := response.read1(_CHUNK):
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise TooLarge(f"{url} is larger than {MAX_BYTES / 2**20:g} MB")
        if time.monotonic() > deadline:
            raise ImportFailed(f"{url} took longer than {TOTAL_SECONDS} seconds; gave up")
    return b"".join(parts)


def _opener(public_only: bool) -> urllib.request.OpenerDirector:
    handlers = [_Redirects()]
    if public_only:
        # a proxy would be the address checked, and it may reach anywhere
        handlers += [urllib.request.ProxyHandler({}), _PublicHTTP(), _PublicHTTPS()]
    return urllib.request.build_opener(*handlers)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise BadRedirect(f"{req.full_url} redirects to {newurl}; only http(s) is followed")
        seen = getattr(req, "redirect_dict", {})
        if sum(seen.values()) >= MAX_REDIRECTS:
            raise BadRedirect(f"{req.full_url} redirects more than {MAX_REDIRECTS} times")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def public_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection to the first public address a host resolves to."""
    host, port = address
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ImportFailed(f"could not resolve {host}: {error.strerror}") from None
    for *_, where in found:
        refused = _not_public(where[0])
        if refused:
            raise RefusedAddress(f"{host} is {where[0]}, {refused}; only public addresses "
                                 "are allowed here")
    family, kind, proto, _name, where = found[0]
    sock = socket.socket(family, kind, proto)
    try:
        if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
            sock.settimeout(timeout)
        sock.connect(where)
    except OSError:
        sock.close()
        raise
    return sock


def _not_public(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, what in (("is_loopback", "a loopback address"), ("is_link_local",
                       "a link-local address"), ("is_private", "a private address"),
                       ("is_multicast", "a multicast address"),
                       ("is_reserved", "a reserved address"),
                       ("is_unspecified", "an unspecified address")):
        if getattr(ip, test):
            return what
    return None


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection


class _PublicHTTP(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)
