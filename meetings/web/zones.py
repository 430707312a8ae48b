"""The reader's time zone: which one, whether it is theirs, and zones named as people say them.

One place decides. A zone is the reader's own when they chose it (`zone` cookie, set by the
zone chooser) or their browser sent it (`tz` cookie, written by static/site.js); a `tz`
parameter in a link shows times in that zone, and is theirs only when it is one of those.
Without either, times show in the instance's default zone, named, never called "your time".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import unquote
from zoneinfo import available_timezones

from babel import Locale
from babel.dates import get_timezone_location
from flask import current_app, has_request_context, request
from flask_babel import gettext as _

from meetings.core.schedule import zone as zone_info
from meetings.web.formats import zone_city
from meetings.web.i18n import _once_per_request, framed, reader_language

#: written by static/site.js: the zone the reader's browser runs in
BROWSER_COOKIE = "tz"
#: written by the zone chooser: a zone the reader picked
CHOICE_COOKIE = "zone"
#: CLDR's names for the continents the zone picker groups zones under
CONTINENTS = {"Africa": "002", "America": "019", "Antarctica": "AQ", "Arctic": "150",
              "Asia": "142", "Atlantic": "150", "Australia": "009", "Europe": "150",
              "Indian": "002", "Pacific": "009"}
#: islands of the Atlantic and Indian oceans that belong with another continent
ISLANDS = {"BM": "019", "FK": "019", "GS": "019", "CV": "002", "SH": "002", "MV": "142",
           "IO": "142", "CX": "009", "CC": "009"}


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid(value: str | None) -> str | None:
    """The zone named by a parameter or cookie (percent-encoded or not), if it is a real one.

    An old name a browser still sends (Chromium says "Asia/Calcutta") becomes today's.
    """
    if not value:
        return None
    value = unquote(value).strip()
    if value not in known_zones():
        return None
    return value if value in _lived_in() else _renamed().get(value, value)


@cache
def _lived_in() -> frozenset[str]:
    return frozenset(name for _country, name in _zone_table())


@cache
def _renamed() -> dict[str, str]:
    """Old and alternative zone names, each to the zone.tab name it links to."""
    text = (resources.files("tzdata") / "zoneinfo" / "tzdata.zi").read_text(encoding="utf-8")
    links = (line.split()[1:3] for line in text.splitlines() if line.startswith("L "))
    return {old: target for target, old in links if target in _lived_in()}


@dataclass(frozen=True)
class ReaderZone:
    name: str
    #: chosen by the reader or sent by their browser: "your time" is true
    own: bool
    #: "link" (a tz parameter), "chosen", "browser" or "default"
    source: str
    #: the zone the browser last told us, so the script knows whether to tell it again
    browser: str | None = None


def reader() -> ReaderZone:
    """The zone this request's times are shown in, worked out once per request."""
    if not has_request_context():
        return ReaderZone(default_zone(), False, "default")
    return _once_per_request("_reader_zone", _read)


def _read() -> ReaderZone:
    cookies = {} if framed() else request.cookies  # a framed page is the same for everyone
    browser = valid(cookies.get(BROWSER_COOKIE))
    chosen = valid(cookies.get(CHOICE_COOKIE))
    linked = valid(request.args.get("tz"))
    theirs = chosen or browser
    if linked:
        return ReaderZone(linked, linked in (chosen, browser), "link", browser)
    if theirs:
        return ReaderZone(theirs, True, "chosen" if chosen else "browser", browser)
    return ReaderZone(default_zone(), False, "default", browser)


def reader_zone() -> str:
    """The reader's zone name: link, their choice, their browser's, then the instance's."""
    return reader().name


def default_zone() -> str:
    """The configured zone, else the one most of the directory's meetings keep, else UTC."""
    configured = current_app.config["DEFAULT_TIMEZONE"]
    return valid(configured) or directory_zone() or "UTC"


def count_zones_with(app, most_kept, in_use) -> None:
    """Say how the directory counts its meetings' zones (web knows no feature's tables).

    `most_kept()`: the zone most meetings keep, or None; `in_use()`: the zones listed
    meetings keep, most kept first.
    """
    app.extensions["zone_counts"] = (most_kept, in_use)


def directory_zone() -> str | None:
    """The zone most of the directory's meetings keep, if there is a directory."""
    most_kept, _in_use = current_app.extensions.get("zone_counts", (lambda: None, list))
    return valid(most_kept())


def zones_in_use() -> list[str]:
    """The zones listed meetings keep, most used first."""
    _most_kept, in_use = current_app.extensions.get("zone_counts", (lambda: None, list))
    return [name for name in in_use() if name in known_zones()]


def zone_label(name: str) -> str:
    """A zone as people name it: "New York time", "hora de Madrid"."""
    return _("%(city)s time", city=zone_city(name))


def reader_label(zone: ReaderZone | None = None) -> str:
    """What to call the zone times are shown in: "your time" only when it is the reader's."""
    zone = zone or reader()
    return _("your time") if zone.own else zone_label(zone.name)


def likely_zone() -> str:
    """The zone a new group or meeting most probably keeps: the reader's, else the instance's."""
    zone = reader()
    return zone.name if zone.own or zone.source == "link" else default_zone()


def zone_choices(extra: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Zones for a picker: the directory's first, then every other zone under its continent."""
    locale = reader_language()
    in_use = zones_in_use()
    if extra and extra in known_zones() and extra not in in_use:
        in_use.insert(0, extra)
    groups = {_("Used in this directory"): [(name, _picker_label(name, locale))
                                             for name in in_use]}
    for title, names in _by_continent(locale):
        groups[title] = [(name, _picker_label(name, locale)) for name in names
                         if name not in in_use]
    return {title: choices for title, choices in groups.items() if choices}


@lru_cache(maxsize=16)
def _by_continent(locale: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    territories = Locale.parse(locale).territories
    grouped: dict[str, list[str]] = {}
    for country, name in _zone_table():
        area = name.split("/")[0]
        code = ISLANDS.get(country, CONTINENTS[area]) if area in ("Atlantic", "Indian") else (
            CONTINENTS.get(area))
        if code:
            grouped.setdefault(territories.get(code, area), []).append(name)
    grouped.setdefault("UTC", []).append("UTC")
    return tuple(
        (title, tuple(sorted(names, key=lambda n: _alphabetical(_picker_label(n, locale)))))
        for title, names in sorted(grouped.items(), key=lambda item: _alphabetical(item[0]))
    )


def _alphabetical(text: str) -> str:
    """A sort key that files "África" under A."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
                   ).casefold()


@cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country, zone) for each zone people live in, from the tz database's zone.tab."""
    text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((row[0], row[2]) for row in rows if row[2] in known_zones())


@lru_cache(maxsize=8192)
def _picker_label(name: str, locale: str) -> str:
    """ "New York (United States)": the city first, so typing it finds the zone."""
    city = get_timezone_location(zone_info(name), locale=locale, return_city=True)
    country = _country_of(name)
    territory = Locale.parse(locale).territories.get(country) if country else None
    if not territory or territory == city:
        return city
    return f"{city} ({territory})"


@cache
def _country_of(name: str) -> str | None:
    return next((country for country, zone in _zone_table() if zone == name), None)


def reader_context() -> dict:
    """What every page says about the zone its times are in."""
    zone = reader()
    return {"reader_tz": zone.name, "reader_zone": zone}
