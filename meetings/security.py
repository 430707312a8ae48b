"""Headers every response carries, and CSRF protection for every form."""

import logging
import re
from urllib.parse import quote, urlsplit

from flask_wtf.csrf import CSRFProtect

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


REQUEST_LOGS = ("werkzeug", "gunicorn.access")


class Redactor(logging.Filter):
    """Rewrites request-log lines so addresses and capability tokens never reach a log."""

    def __init__(self):
        super().__init__()
        #: the client's address that the development server puts first on each line
        self.patterns = [(re.compile(r"^\S+ - - \["), "- - - [")]

    def add(self, pattern: re.Pattern, replacement: str) -> None:
        if (pattern, replacement) not in self.patterns:
            self.patterns.append((pattern, replacement))

    def clean(self, value):
        if not isinstance(value, str):
            return value
        for pattern, replacement in self.patterns:
            value = pattern.sub(replacement, value)
        return value

    def filter(self, record):
        record.msg = self.clean(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: self.clean(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(self.clean(value) for value in record.args)
        return True


redactor = Redactor()


def redact_in_logs(pattern: re.Pattern, replacement: str) -> None:
    """Never let what `pattern` matches (a token in a URL) reach the request logs."""
    redactor.add(pattern, replacement)


def init_app(app):
    for name in REQUEST_LOGS:
        logger = logging.getLogger(name)
        if redactor not in logger.filters:
            logger.addFilter(redactor)
    csrf.init_app(app)
    app.after_request(_secure_headers)
    app.add_template_filter(http_url)
    app.add_template_filter(tel_url)


def http_url(value):
    """The URL when it is http(s), else None: no javascript:, data: or other schemes."""
    if not value:
        return None
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    return value if scheme in ("http", "https") and urlsplit(value).netloc else None


def tel_url(value):
    """A tel: link keeping only what a phone dials: digits, +, pauses (,) and # or *."""
    dialled = "".join(ch for ch in value or "" if ch.isdigit() or ch in "+,#*;")
    return "tel:" + quote(dialled, safe="+,;") if any(ch.isdigit() for ch in dialled) else None


def _secure_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
    )
    return response
