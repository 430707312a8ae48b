"""Languages: choosing the reader's locale, and the formatters templates use."""

from flask import current_app, request
from flask_babel import Babel, format_date, format_datetime, format_time, get_locale

from .types import type_name

babel = Babel()
LOCALE_COOKIE = "lang"


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        get_locale=get_locale,
        format_date=format_date,
        format_time=format_time,
        format_datetime=format_datetime,
        type_name=type_name,
        weekday_name=weekday_name,
    )


def offered_locales():
    return current_app.config["LOCALES"]


def select_locale():
    """`?lang=`, then the remembered choice, then the browser's languages."""
    offered = offered_locales()
    for choice in (request.args.get("lang"), request.cookies.get(LOCALE_COOKIE)):
        if choice in offered:
            return choice
    return request.accept_languages.best_match(offered) or current_app.config["DEFAULT_LOCALE"]


def weekday_name(day, width="wide"):
    """Name of a weekday counted from Sunday = 0, in the reader's language."""
    names = get_locale().days["format"][width]
    return names[(day + 6) % 7]
