"""Headers every response carries, and CSRF protection for every form."""

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


def init_app(app):
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
