"""Rate limits on what anyone can do without an account: start groups, try links, suggest, write.

Counters are kept per client under a keyed hash of its address (HMAC-SHA256 with the app's
secret key), so the limiter's storage never holds an IP address, and the key cannot be
reversed without the secret. Storage is `RATELIMIT_STORAGE_URI`: "memory://" for one
process, a "redis://host:6379" URI when several processes serve the same site. Behind a
reverse proxy, wrap the app in werkzeug's ProxyFix so that `remote_addr` is the client's.
"""

import hashlib
import hmac

from flask import current_app, request
from flask_limiter import Limiter


def client_key() -> str:
    """A keyed hash of the client's address: it tells clients apart without storing them."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=client_key, key_prefix="meetings")


def init_app(app):
    limiter.init_app(app)


def configured(name: str):
    """A limit read from the configuration when a request comes, so tests and sites can set it."""
    return lambda: current_app.config[name]


def group_creation():
    return limiter.limit(configured("RATELIMIT_GROUP_CREATION"), methods=["POST"])


def link_lookups():
    return limiter.shared_limit(configured("RATELIMIT_LINK_LOOKUPS"), scope="link-lookups")


def recovery():
    return limiter.limit(configured("RATELIMIT_RECOVERY"), methods=["POST"])


def suggestions():
    return limiter.limit(configured("RATELIMIT_SUGGESTIONS"), methods=["POST"])


def reports():
    return limiter.limit(configured("RATELIMIT_REPORTS"), methods=["POST"])


def writes():
    return limiter.shared_limit(configured("RATELIMIT_WRITES"), scope="writes", methods=["POST"])

