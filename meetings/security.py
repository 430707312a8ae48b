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


REQUEST_LOG_ADDRESS = re.compile(r"^\S+ - - \[")


class _NoAddresses(logging.Filter):
    """Drop the client's IP address from the development server's request log."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = REQUEST_LOG_ADDRESS.sub("- - - [", record.msg)
        return True


def init_app(app):
    request_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoAddresses) for f in request_log.filters):
        request_log.addFilter(_NoAddresses())
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
