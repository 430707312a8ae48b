"""Feed values about when: times of day, weekdays in any shipped language, zones, `updated`.

Pure functions, no database; each parser raises ValueError for what it cannot understand.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from functools import cache, lru_cache
from zoneinfo import available_timezones

from babel.dates import get_day_names

from meetings.core import types as meeting_types
from meetings.core.clock import utcnow

DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
#: zone names that are fixed offsets (no summer time), and the zone people usually mean
FIXED_OFFSETS = {"EST": "America/New_York", "MST": "America/Denver (America/Phoenix in Arizona)",
                 "HST": "Pacific/Honolulu"}
#: the oldest `updated` worth believing (before any of these feeds existed)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_CLOCK = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?(?::\d{2})?\s*(?:([ap])\.?\s*m\.?)?")
_END_OF_DAY = re.compile(r"24[:.h]?00(:00)?")
_NUMBER = re.compile(r"-?\d+")
_GLUED_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?=\d{2}:)")  # TSML CSV "2020-04-0416:50:58"
#: what Google Sheets and US spreadsheets write: 1/19/2022, 1/19/2022 22:24, ... 10:24:56 PM
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})"
                      r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?m?\.?)?", re.I)


def parse_time(value) -> time:
    """A wall-clock time from "18:00", "18:00:00", "6:00 PM", "6 pm", "noon" or "midnight".

    "24:00" is midnight; ends_the_day tells a start time that means the next day's.
    """
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    return _parse_time(str(value).strip().lower())


@lru_cache(maxsize=4096)
def _parse_time(said: str) -> time:
    if said in ("noon", "12 noon", "midday"):
        return time(12, 0)
    if said in ("midnight", "12 midnight"):
        return time(0, 0)
    match = _CLOCK.fullmatch(said)
    if not match:
        raise ValueError(said)
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if hour > 12 or (hour == 0 and half == "p"):
            raise ValueError(said)
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match[2] is None:
        raise ValueError(said)  # a bare "6" could be morning or evening
    if (hour, minute) == (24, 0):
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(said)
    return time(hour, minute)


def ends_the_day(value) -> bool:
    """Whether a time is written as the end of its day ("24:00"), i.e. the next midnight."""
    return bool(_END_OF_DAY.fullmatch(str(value).strip()))


def parse_days(value) -> tuple[list[int], list[str]]:
    """Weekdays (Sunday = 0) from a number, a name, or a list or comma list of them.

    Returns the days understood and the values that were not.
    """
    if value is None or value == "":
        return [], []
    if isinstance(value, list):
        items = value
    else:
        items = value.split(",") if isinstance(value, str) else [value]
    days, bad = set(), []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        try:
            days.add(day_number(item))
        except ValueError:
            bad.append(str(item).strip())
    return sorted(days), bad


def day_number(value) -> int:
    """0–6 from 3, "3", "Wednesday", "wed", "Weds", "miércoles", "Mercredi", "水曜日"."""
    if isinstance(value, bool):
        raise ValueError(value)
    return _day_number(value)


@lru_cache(maxsize=4096)
def _day_number(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    said = str(value).strip().casefold()
    if _NUMBER.fullmatch(said):
        number = int(said)
        if 0 <= number <= 6:
            return number
        raise ValueError(value)
    named = _day_names()
    for word in (said, said.rstrip("."), _unaccented(said)):
        if word in named:
            return named[word]
    said = said.rstrip(".")
    said = {"weds": "wed", "thurs": "thu", "tues": "tue"}.get(said, said)
    for word in (said, said.removesuffix("s")):
        found = [day for day, name in enumerate(DAYS) if len(word) >= 2 and name.startswith(word)]
        if len(found) == 1:
            return found[0]
    raise ValueError(value)


@cache
def _day_names() -> dict[str, int]:
    """Full and short day names in every language of the type list; ambiguous ones left out."""
    found: dict[str, set[int]] = {}
    for language in _languages():
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_day_names(width, context, locale=language)
                for monday_first, name in names.items():
                    for word in {name.casefold(), _unaccented(name.casefold())}:
                        found.setdefault(word, set()).add((monday_first + 1) % 7)
    return {word: days.pop() for word, days in found.items() if len(days) == 1}


def _languages() -> list[str]:
    return sorted({language for names in meeting_types.catalog().values() for language in names})


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def parse_updated(value) -> datetime:
    """An aware UTC instant from what TSML, Sheets and spreadsheets write.

    ISO 8601 ("2022-07-09 19:32:28", TSML CSV's "2020-04-0416:50:58"), US dates
    ("1/19/2022 10:24:56 PM", "1/19/2022"), RFC 2822, or Unix seconds. Times without an
    offset are UTC, as TSML writes them; dates before 1990 or in the future are refused.
    """
    said = str(value).strip()
    found = _us_date(said) or _unix(said) or _rfc_2822(said)
    if found is None:
        found = datetime.fromisoformat(_GLUED_DATE.sub(r"\1 ", said))
    found = found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)
    if not EARLIEST <= found <= utcnow() + timedelta(days=1):
        raise ValueError(said)
    return found


def _us_date(said: str) -> datetime | None:
    match = _US_DATE.fullmatch(said)
    if not match:
        return None
    month, day, year, hour, minute, second, half = match.groups()
    year = int(year) + (2000 if len(year) == 2 else 0)
    hour = int(hour or 0)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(said)
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    return datetime(year, int(month), int(day), hour, int(minute or 0), int(second or 0))


def _unix(said: str) -> datetime | None:
    if not re.fullmatch(r"\d{9,10}", said):
        return None
    return datetime.fromtimestamp(int(said), UTC)


def _rfc_2822(said: str) -> datetime | None:
    if not re.match(r"[A-Za-z]{3}, ", said):
        return None
    try:
        return parsedate_to_datetime(said)
    except (TypeError, ValueError):
        raise ValueError(said) from None


def zone_name(value: str) -> str | None:
    """The IANA zone a name stands for, case-insensitively, or None."""
    return _zones().get(value.strip().casefold())


def meant_zone(zone: str) -> str | None:
    """For a fixed-offset zone name ("EST"), the zone people usually mean."""
    return FIXED_OFFSETS.get(zone)


@cache
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}
