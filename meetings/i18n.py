"""Languages: choosing the reader's locale, and the formatters templates use."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_timedelta, get_timezone_location
from babel.dates import format_time as babel_format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from flask import current_app, has_request_context, request
from flask_babel import Babel, get_locale, get_translations, refresh
from flask_babel import format_date as format_day
from flask_babel import gettext as _

from .schedule import zone

babel = Babel()
LOCALE_COOKIE = "lang"


def init_app(app):
    from .types import type_name, type_names

    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: reader_translations().ugettext(text),
        ngettext=lambda one, many, count: reader_translations().ungettext(one, many, count),
        pgettext=lambda context, text: reader_translations().upgettext(context, text),
        npgettext=lambda context, one, many, count: reader_translations().unpgettext(
            context, one, many, count
        ),
        newstyle=True,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        get_locale=get_locale,
        format_day=format_day,
        type_name=type_name,
        type_names=type_names,
        weekday_name=weekday_name,
        clock=clock,
        zone_city=zone_city,
        day_in_words=day_in_words,
        time_until=time_until,
        kilometres=kilometres,
        weekly=weekly,
        long_date=long_date,
    )
    # A request's language is its own, even where requests share an app context (tests).
    app.before_request(refresh)
    app.context_processor(language_context)
    app.after_request(_remember_language)


def language_context():
    """The page's direction and the languages a reader can switch to."""
    offered = [
        (code, Locale.parse(code).get_display_name(code)) for code in current_app.config["LOCALES"]
    ]
    return {"text_direction": reader_locale().text_direction, "languages": offered}


def _remember_language(response):
    """Keep a language chosen with ?lang= for the next visits (a plain preference cookie)."""
    choice = request.args.get("lang")
    if choice in current_app.config["LOCALES"] and request.cookies.get(LOCALE_COOKIE) != choice:
        response.set_cookie(LOCALE_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def select_locale():
    """`?lang=`, then the remembered choice, then the browser's languages."""
    offered = current_app.config["LOCALES"]
    for choice in (request.args.get("lang"), request.cookies.get(LOCALE_COOKIE)):
        if choice in offered:
            return choice
    for accepted, _quality in request.accept_languages:  # best first; "fr-CH" may take "fr"
        tag = accepted.replace("-", "_")
        for candidate in (tag, tag.split("_")[0]):
            if candidate in offered:
                return candidate
    return current_app.config["DEFAULT_LOCALE"]


def reader_locale():
    """The reader's Babel locale, looked up once per request (listings ask hundreds of times)."""
    if not has_request_context():
        return get_locale()
    found = getattr(request, "_reader_locale", None)
    if found is None:
        found = request._reader_locale = get_locale()
    return found


def reader_language() -> str:
    """The reader's locale as a string ("pt_BR"), the key the formatters' caches use."""
    if not has_request_context():
        return str(get_locale() or "en")
    found = getattr(request, "_reader_language", None)
    if found is None:
        found = request._reader_language = str(reader_locale())
    return found


def reader_translations():
    """The reader's catalog, looked up once per request (a listing asks for hundreds of strings)."""
    if not has_request_context():
        return get_translations()
    found = getattr(request, "_reader_translations", None)
    if found is None:
        found = request._reader_translations = get_translations()
    return found


def weekday_name(day, width="wide"):
    """Name of a weekday counted from Sunday = 0, in the reader's language."""
    return reader_locale().days["format"][width][(day + 6) % 7]


def clock(moment, zone_name=None):
    """A time of day as the reader's locale writes it (12- or 24-hour)."""
    if zone_name and isinstance(moment, datetime):
        moment = moment.astimezone(zone(zone_name))
    return _short_time(moment.hour, moment.minute, reader_language())


@lru_cache(maxsize=4096)
def _short_time(hour: int, minute: int, locale: str) -> str:
    return babel_format_time(time(hour, minute), "short", locale=locale)


def zone_city(zone_name):
    """The city that names a time zone, in the reader's language ("New York")."""
    return _city(zone_name, reader_language())


@lru_cache(maxsize=1024)
def _city(zone_name: str, locale: str) -> str:
    return get_timezone_location(zone(zone_name), locale=locale, return_city=True)


def day_in_words(moment: datetime, zone_name: str, now: datetime) -> str:
    """ "Today", "Tomorrow" or the weekday and date, in the given zone."""
    local = moment.astimezone(zone(zone_name)).date()
    today = now.astimezone(zone(zone_name)).date()
    if local == today:
        return _("Today")
    if local == today + timedelta(days=1):
        return _("Tomorrow")
    if local == today - timedelta(days=1):
        return _("Yesterday")
    return long_date(local)


def long_date(moment) -> str:
    """Weekday and full date, as the reader's language writes them."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return _full_date(day, reader_language())


@lru_cache(maxsize=1024)
def _full_date(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


def time_until(moment: datetime, now: datetime) -> str:
    """In words, how far off a moment is: "in 25 minutes" or "25 minutes ago"."""
    return format_timedelta(
        moment - now,
        granularity="minute",
        threshold=1.5,
        add_direction=True,
        locale=reader_locale(),
    )


def kilometres(distance: float) -> str:
    return _("%(distance)s km", distance=format_decimal(round(distance, 1), locale=reader_locale()))


def weekly(meeting) -> str:
    """The standing schedule in words: "Monday and Wednesday, 7:00 – 8:00 PM (London)"."""
    if not meeting.weekdays or meeting.start_time is None:
        return _("By appointment")
    first_weekday = reader_locale().first_week_day  # 0 = Monday in Babel
    days = sorted(meeting.weekdays, key=lambda day: (day - 1 - first_weekday) % 7)
    names = format_list([weekday_name(day) for day in days], locale=reader_locale())
    if meeting.end_time:
        hours = format_interval(
            meeting.start_time, meeting.end_time, "Hm" if _24h() else "hm", locale=reader_locale()
        )
    else:
        hours = clock(meeting.start_time)
    return _(
        "%(days)s, %(hours)s (%(city)s time)",
        days=names,
        hours=hours,
        city=zone_city(meeting.timezone),
    )


def _24h() -> bool:
    return "a" not in reader_locale().time_formats["short"].pattern
