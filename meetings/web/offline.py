"""Offline: the web app manifest, the service worker and the page it shows without a connection.

All of it is progressive enhancement: the service worker (static/sw.js) keeps copies of the
finder's results and the meeting and group pages a person opened; every page works without it.
"""

import json
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, url_for

from meetings.web.i18n import reader_locale

bp = Blueprint("offline", __name__)

#: the page background in static/site.css (--bg), light and dark
BACKGROUND = "#fff"
BACKGROUND_DARK = "#121417"


@bp.app_context_processor
def theme_context():
    """The colours browsers give their own bars around the page."""
    return {"theme_colours": {"light": BACKGROUND, "dark": BACKGROUND_DARK}}


@bp.get("/manifest.webmanifest")
def manifest():
    """Describe the site to browsers that can add it to a home screen."""
    name = current_app.config["SITE_NAME"]
    locale = reader_locale()
    body = {
        "id": url_for("finder.index"),
        "name": name,
        "short_name": name,
        "lang": str(locale).replace("_", "-"),
        "dir": locale.text_direction,
        "start_url": url_for("finder.index"),
        "scope": url_for("finder.index"),
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": BACKGROUND,
        "icons": [
            {
                "src": url_for("static", filename="icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json"
    )


@bp.get("/sw.js")
def worker():
    """Serve the service worker from the root, so that it may look after every page."""
    script = Path(current_app.static_folder, "sw.js").read_bytes()  # small: read whole
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # browsers check for a new worker each visit
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/offline")
def page():
    """Say there is no connection: the service worker shows this for pages it never kept."""
    return render_template("offline/offline.html")
