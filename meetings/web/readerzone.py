"""Choosing the zone times are shown in, with or without script: `/time-zone`."""

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from meetings.web import zones

bp = Blueprint("readerzone", __name__)
YEAR = 365 * 24 * 3600


@bp.get("/time-zone")
def choose():
    """Offer every zone, the directory's first; remember the one chosen and go back."""
    back = _local(request.args.get("next")) or url_for("finder.index")
    if "zone" not in request.args:
        return _page(back)
    wanted = request.args["zone"]
    if wanted and zones.valid(wanted) is None:
        message = _("“%(value)s” is not a time zone: choose one from the list.", value=wanted)
        return _page(back, message), 400
    response = redirect(_without_zone(back), 303)
    if wanted:
        response.set_cookie(zones.CHOICE_COOKIE, zones.valid(wanted), max_age=YEAR,
                            samesite="Lax", httponly=True, secure=request.is_secure)
    else:
        response.delete_cookie(zones.CHOICE_COOKIE)
    return response


def _page(back: str, error: str | None = None):
    current = zones.reader()
    chosen = current.name if current.source == "chosen" else ""
    return render_template("readerzone/choose.html", choices=zones.zone_choices(current.name),
                           chosen=chosen, back=back, error=error)


def _local(target: str | None) -> str | None:
    """A path on this site to go back to (never another site's address)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _without_zone(target: str) -> str:
    """The page to go back to, without a `tz` in its address overriding the choice."""
    parts = urlsplit(target)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("tz="))
    return parts.path + (f"?{query}" if query else "")
