"""Days, times, distances, numbers and meeting types as the reader's language writes them."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_timedelta,
    get_timezone_location,
)
from babel.dates import format_time as babel_format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit
from flask import has_request_context, request
from flask_babel import get_locale
from flask_babel import gettext as _

from meetings.core import types
from meetings.core.schedule import zone
from meetings.web.i18n import _once_per_request, reader_language, reader_locale

#: countries whose road distances are in miles (CLDR's measurement data; Babel lacks it)
MILES_COUNTRIES = frozenset({"US", "GB", "LR", "MM"})
KM_PER_MILE = 1.609344
#: the distances the finder offers, in the reader's unit
DISTANCE_STEPS = (1, 2, 5, 10, 25, 50)


def init_app(app):
    app.jinja_env.globals.update(
        type_name=type_name, type_names=type_names, weekday_name=weekday_name, clock=clock,
        zone_city=zone_city, day_in_words=day_in_words, time_until=time_until,
        distance=distance, number=number, distance_choices=distance_choices,
        week_from_first_day=week_from_first_day, weekly=weekly, long_date=long_date,
    )


def type_name(code: str) -> str:
    """A meeting type's name in the reader's language."""
    return types.type_name(code, reader_language())


def type_names(codes) -> str:
    """Several types' names in the reader's language, as a listing shows them."""
    return types.type_names(codes, reader_language())


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


def day_in_words(moment: datetime, zone_name: str, now: datetime, short=False) -> str:
    """ "Today", "Tomorrow" or the weekday and date, in the given zone ("Wed, Dec 2" if short)."""
    local = moment.astimezone(zone(zone_name)).date()
    today = now.astimezone(zone(zone_name)).date()
    if local == today:
        return _("Today")
    if local == today + timedelta(days=1):
        return _("Tomorrow")
    if local == today - timedelta(days=1):
        return _("Yesterday")
    return _short_date(local, reader_language()) if short else long_date(local)


@lru_cache(maxsize=1024)
def _short_date(day: date, locale: str) -> str:
    return format_skeleton("MMMEd", day, locale=locale)


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


def number(value) -> str:
    """A count as the reader's language writes it ("10,000", "10 000", "10.000")."""
    return format_decimal(value, locale=reader_locale())


def reader_region() -> Locale:
    """The reader's language with their country, for the week and units ("en" may be en_GB).

    The country comes from the browser's languages when one names it ("en-GB"), else from
    the language's most likely country (en -> US, ar -> EG, sv -> SE).
    """
    if not has_request_context():
        return _regional(get_locale() or Locale("en"), None)
    return _once_per_request("_reader_region", lambda: _regional(reader_locale(), _country()))


def _country() -> str | None:
    """The country named with the reader's language in the browser's languages, if any."""
    language = reader_locale().language
    for accepted, _quality in request.accept_languages:
        tag = accepted.replace("-", "_").split("_")
        if tag[0].lower() == language and len(tag) > 1 and len(tag[-1]) == 2:
            return tag[-1].upper()
    return None


@lru_cache(maxsize=256)
def _regional(locale: Locale, country: str | None) -> Locale:
    if country is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        country = likely.split("_")[-1] if likely.count("_") else None
    if country is None:
        return locale
    # Week and unit conventions belong to the country: any locale of it carries them.
    for language in [locale.language, *get_global("territory_languages").get(country, {})]:
        try:
            return Locale(language, country)
        except UnknownLocaleError:
            continue
    return locale


def uses_miles() -> bool:
    return reader_region().territory in MILES_COUNTRIES


def distance(kilometres: float) -> str:
    """A distance in the reader's unit and language: "1.2 km", "0.7 mi", "1.2 كم"."""
    if uses_miles():
        return format_unit(round(kilometres / KM_PER_MILE, 1), "length-mile", length="short",
                           locale=reader_locale())
    return format_unit(round(kilometres, 1), "length-kilometer", length="short",
                       locale=reader_locale())


def distance_choices(chosen: float | None = None) -> list[tuple[str, str, bool]]:
    """The finder's distance choices: round numbers in the reader's unit, valued in km.

    Each is (the `distance` parameter's value, its label, whether it is the chosen one).
    A distance chosen elsewhere (a shared link in the other unit) stays among them.
    """
    factor = KM_PER_MILE if uses_miles() else 1
    choices = [round(step * factor, 3) for step in DISTANCE_STEPS]
    if chosen is not None and chosen not in choices:
        choices = sorted([*choices, chosen])
    return [(f"{km:g}", distance(km), km == chosen) for km in choices]


def week_from_first_day() -> list[int]:
    """Weekdays (Sunday = 0) in the order the reader's calendar shows them."""
    first = (reader_region().first_week_day + 1) % 7  # Babel counts from Monday = 0
    return [(first + offset) % 7 for offset in range(7)]


def weekly(meeting) -> str:
    """The standing schedule in words: "Monday and Wednesday, 7:00 – 8:00 PM (London)"."""
    if not meeting.weekdays or meeting.start_time is None:
        return _("By appointment")
    order = week_from_first_day()
    days = sorted(meeting.weekdays, key=order.index)
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
