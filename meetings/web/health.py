"""`/healthz`: whether this process can serve, for a load balancer, systemd or a monitor.

One cheap query tells whether the database answers. The answer names nothing about the
site's setup (no address, driver message or password), sets no cookie, is never cached,
and is not rate-limited, so a monitor polling every second never locks itself out.
"""

from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from meetings.core.database import db
from meetings.web.limits import limiter

bp = Blueprint("health", __name__)
limiter.exempt(bp)

HEADERS = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    """Say `ok` when the database answers a query, else 503."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        # The error's text may hold the database's host or user: the log gets its kind only.
        current_app.logger.warning("health check: the database did not answer (%s)",
                                   type(error).__name__)
        return "database unavailable\n", 503, HEADERS
    return "ok\n", 200, HEADERS
