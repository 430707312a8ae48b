"""Headers every response carries, and CSRF protection for every form."""

import logging
import re
from urllib.parse import quote, unquote

from flask import abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

from meetings.core.values import MAX_ID, http_url

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: the same policy for the one page other sites may frame (`/embed`)
FRAMABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")


DIALLED = frozenset("0123456789+,#*;")
#: two years, and no preload: an operator can still move away from https
HSTS = "max-age=63072000; includeSubDomains"

REQUEST_LOGS = ("werkzeug", "gunicorn.access", "gunicorn.error")
#: the client's address that the development server puts first on each line
DEV_SERVER_ADDRESS = re.compile(r"^\S+ - - \[")
#: gunicorn's warning about a request it could not parse
ERROR_ADDRESS = re.compile(r"(?<=from ip=)\S+?(?=: )")
#: gunicorn's access-log atoms that name the client: its address, and proxies' headers
ADDRESS_ATOMS = frozenset({"h", "{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i",
                           "{remote_addr}e", "{cf-connecting-ip}i", "{true-client-ip}i"})
#: a run of characters without spaces holding a %-escape: a path, as a log line shows it
ENCODED = re.compile(r"[^\s\"']*%[0-9A-Fa-f]{2}[^\s\"']*")


class Redactor(logging.Filter):
    """Rewrites request-log lines so addresses and capability tokens never reach a log.

    A token is found in the path as written (`/g%2F…`, `/%67/…`) as well as decoded, since
    Werkzeug routes both and gunicorn logs the raw request line.
    """

    def __init__(self):
        super().__init__()
        self.patterns: list[tuple[re.Pattern, str]] = []
        #: the operator's choice (LOG_CLIENT_ADDRESSES); off, no log holds a client address
        self.addresses = False

    def add(self, pattern: re.Pattern, replacement: str) -> None:
        if (pattern, replacement) not in self.patterns:
            self.patterns.append((pattern, replacement))

    def clean(self, value):
        if not isinstance(value, str):
            return value
        if "%" in value:
            value = ENCODED.sub(lambda word: self._decoded(word[0]), value)
        for pattern, replacement in self.patterns:
            value = pattern.sub(replacement, value)
        return value

    def _decoded(self, word: str) -> str:
        """The word as it was, unless decoding it shows a token: then the cleaned decoding."""
        decoded = word
        for _round in range(3):  # %252F is %2F once decoded, and a router may decode twice
            decoded = unquote(decoded)
        cleaned = decoded
        for pattern, replacement in self.patterns:
            cleaned = pattern.sub(replacement, cleaned)
        return cleaned if cleaned != decoded else word

    def filter(self, record):
        record.msg = self.clean(record.msg)
        if not self.addresses and isinstance(record.msg, str):
            record.msg = ERROR_ADDRESS.sub("-", DEV_SERVER_ADDRESS.sub("- - - [", record.msg))
        if isinstance(record.args, dict):  # gunicorn's atoms: changed in place, keeping its type
            for key in list(record.args):
                address = key in ADDRESS_ATOMS or key.lower() in ADDRESS_ATOMS
                record.args[key] = "-" if address and not self.addresses else self.clean(
                    record.args[key])
        elif isinstance(record.args, tuple):
            record.args = tuple(self.clean(value) for value in record.args)
        return True


redactor = Redactor()


def redact_in_logs(pattern: re.Pattern, replacement: str) -> None:
    """Never let what `pattern` matches (a token in a URL) reach the request logs."""
    redactor.add(pattern, replacement)


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits within the database's range, else 404."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=0, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app):
    app.url_map.converters["int"] = IdConverter
    app.json = SafeJSONProvider(app)
    redactor.addresses = bool(app.config["LOG_CLIENT_ADDRESSES"])
    for name in REQUEST_LOGS:
        logger = logging.getLogger(name)
        if redactor not in logger.filters:
            logger.addFilter(redactor)
    csrf.init_app(app)
    app.before_request(_refuse_nul)
    app.after_request(_secure_headers)
    app.add_template_filter(http_url)
    app.add_template_filter(tel_url)


class SafeJSONProvider(DefaultJSONProvider):
    """JSON whose strings never hold a raw <, > or &, whatever page or script embeds it."""

    def dumps(self, obj, **kwargs) -> str:
        return safe_json(super().dumps(obj, **kwargs))


def safe_json(text: str) -> str:
    """The same JSON with <, > and & written as escapes: no tag can be read in it."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tel_url(value):
    """A tel: link keeping only what a phone dials: digits, +, pauses (,) and # or *."""
    dialled = "".join(ch for ch in value or "" if ch in DIALLED)
    return "tel:" + quote(dialled, safe="+,;") if any(ch.isdigit() for ch in dialled) else None


def _refuse_nul():
    """No text holds NUL (PostgreSQL cannot store it): a request carrying one is refused."""
    values = (request.path, *(v for _k, vs in request.args.lists() for v in [_k, *vs]))
    if request.method == "POST":
        values += tuple(v for _k, vs in request.form.lists() for v in [_k, *vs])
    if any("\x00" in value for value in values):
        abort(400, description=_("Something in this request holds a NUL character, which no "
                                 "page or form takes. Remove it and try again."))


def _secure_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
    )
    return response
