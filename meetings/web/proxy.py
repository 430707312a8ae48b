"""Behind a reverse proxy: trust its X-Forwarded-* headers, only when the operator says so.

Each setting is the number of proxies in front that set that header (werkzeug's ProxyFix),
0 by default: a header a client sends itself is then never believed, so no one can pass for
another address (rate limits) or claim https. Behind one nginx: PROXY_FIX_X_FOR=1 (the
client's address for the rate limits) and PROXY_FIX_X_PROTO=1 (https, for Secure cookies,
HSTS and the addresses in feeds); PROXY_FIX_X_HOST, _X_PORT and _X_PREFIX as the proxy sets them.
"""

from werkzeug.middleware.proxy_fix import ProxyFix

HEADERS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")


def init_app(app):
    counts = {}
    for header in HEADERS:
        name = f"PROXY_FIX_{header.upper()}"
        counts[header] = int(app.config[name])
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)
