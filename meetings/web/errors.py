"""Every error page: what happened and what to do, as HTML, JSON, plain text for calendar
apps, or the embeddable widget's own small page."""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

#: the blueprint whose pages other sites frame: its errors fit in the frame
EMBED = "embed"


class BadFilter(ValueError):
    """A query parameter that cannot be understood; the message is shown to the reader."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def init_app(app):
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RateLimitExceeded, _too_many)
    app.register_error_handler(CSRFError, _expired)
    app.register_error_handler(BadFilter, _bad_filter)
    app.register_error_handler(Exception, _unexpected)


def _wants_json():
    return request.path.endswith(".json") or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    )


def _http_error(error: HTTPException):
    if request.blueprint == EMBED and isinstance(error, NotFound):
        return render_template("embed/problem.html", title=_("Not found"),
                               message=error.description), 404
    if _wants_json():
        return jsonify(error=error.name, message=error.description), error.code
    own_words = error.description if error.description != type(error).description else None
    return render_template("errors/error.html", error=error, own_words=own_words), error.code


def _too_many(error: RateLimitExceeded):
    """A page that says the pause is on, that nothing was saved, and when to try again."""
    window = error.limit.limit.get_expiry()
    return render_template("errors/too_many.html"), 429, {"Retry-After": str(window)}


def _expired(error: CSRFError):
    """A form sent without its CSRF token, or after it expired: say so, and that nothing changed."""
    return render_template("errors/expired.html"), 400


def _bad_filter(error: BadFilter):
    if request.blueprint == EMBED:
        return render_template("embed/problem.html", title=_("That did not work"),
                               message=error.message), 400
    if request.path.endswith(".ics"):  # a calendar app shows nothing; a person reads text
        return error.message + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
    if _wants_json():
        return jsonify(error="Bad Request", parameter=error.parameter, message=error.message), 400
    without = {
        key: request.args.getlist(key)
        for key in request.args
        if key not in (error.parameter, "page")
    }
    return render_template("errors/bad_filter.html", error=error, without=without), 400


def _unexpected(error: Exception):
    current_app.logger.exception("unexpected error in %s", request.endpoint)
    return _http_error(InternalServerError())
