"""The directory as Meeting Guide JSON over HTTP: `/meetings.json` and `/groups/<slug>.json`.

The format is https://github.com/code4recovery/spec as the Meeting Guide app and TSML UI
read it: one entry per weekday (see meetingguide for the slugs), and every online meeting
with an approximate address. The entries come from guide_entries; here they are served to
any site (CORS) and any cache (ETag, Last-Modified).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from meetings.directory import guide_entries, lookup, parameters
from meetings.web.security import safe_json

bp = Blueprint("api", __name__)

#: seconds any browser or shared cache may reuse the feed
MAX_AGE = 300
@bp.get("/meetings.json")
def feed():
    """Serve the listed meetings matching the filters as Meeting Guide JSON."""
    chosen = parameters.parse(request.args)
    response = _serve(*guide_entries.build(chosen))
    if (chosen.days or chosen.time) and not request.args.get("tz"):
        response.vary.add("Cookie")  # online meetings' days are read in the remembered zone
    return response.make_conditional(request)


@bp.get("/groups/<slug>.json")
def group_feed(slug):
    """Serve one group's listed meetings as Meeting Guide JSON."""
    parameters.parse(request.args, allowed=("lang",))
    found = lookup.group(slug)
    if found is None:
        message = _("There is no group at this address.")
        response = jsonify(error="Not Found", message=message)
        response.status_code = 404
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    return _serve(*guide_entries.build(None, found.id)).make_conditional(request)


def _serve(entries: list[dict], last_modified: datetime | None):
    """The entries as a JSON response any site may read and any cache may keep."""
    body = safe_json(json.dumps(entries, ensure_ascii=False, separators=(",", ":"))).encode()
    response = current_app.response_class(body, content_type="application/json; charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.set_etag(hashlib.sha256(body).hexdigest())
    if last_modified is not None:  # werkzeug would write None as the current time
        response.last_modified = last_modified
    return response
