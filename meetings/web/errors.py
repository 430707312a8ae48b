"""Error pages that say what happened and what to do, as HTML or JSON."""

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


class BadFilter(ValueError):
    """A query parameter that cannot be understood; the message is shown to the reader."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def init_app(app):
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BadFilter, _bad_filter)
    app.register_error_handler(Exception, _unexpected)


def _wants_json():
    return request.path.endswith(".json") or (
        request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    )


def _http_error(error: HTTPException):
    if _wants_json():
        return jsonify(error=error.name, message=error.description), error.code
    own_words = error.description if error.description != type(error).description else None
    return render_template("errors/error.html", error=error, own_words=own_words), error.code


def _bad_filter(error: BadFilter):
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
    from flask import current_app

    current_app.logger.exception("unexpected error in %s", request.endpoint)
    return _http_error(InternalServerError())
