"""Reading a listing's filters from its query string, with a message for each mistake."""

from __future__ import annotations

import math
import re

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import types
from meetings.core.database import db
from meetings.core.values import integer
from meetings.directory import named_places
from meetings.directory.filters import (
    ATTENDANCE_FILTERS,
    ONLINE_CHOICES,
    TIME_RANGES,
    Filters,
    padded_types_match,
)
from meetings.directory.locations import Region
from meetings.directory.models import Meeting
from meetings.web.errors import BadFilter
from meetings.web.zones import known_zones, reader_zone, valid

FILTER_PARAMETERS = (
    "day", "time", "type", "attendance", "region", "q", "near", "distance", "online", "tz"
)
PAGE_PARAMETERS = ("page", "lang")
CLOCK_RANGE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-4]):([0-5]\d)$")
TYPE_CODE = re.compile(r"^[A-Za-z0-9-]{1,12}$")
MAX_QUERY = 200


def parse(args, allowed=FILTER_PARAMETERS + PAGE_PARAMETERS) -> Filters:
    """Read filter parameters, raising BadFilter with a message for anything malformed."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise BadFilter(unknown[0], _("Unknown parameter “%(name)s”.", name=unknown[0]))
    given = {key: [v for v in args.getlist(key) if v.strip()] for key in args}
    given = {key: values for key, values in given.items() if values}
    near, found = named_places.near(args.get("near"))
    q = _query(args.get("q"))
    from_q = near is None and q is not None and not found.place
    if from_q:
        found = named_places.named_place(q)
    distance = _distance(args.get("distance"))
    if distance is not None and near is None and found.place is None:
        raise BadFilter("distance", _("A distance needs a place: add near=latitude,longitude."))
    return Filters(
        days=_days(args.getlist("day")),
        time=_time(args.get("time")),
        types=_types(args.getlist("type")),
        attendance=_attendance(args.get("attendance")),
        region=_region(args.get("region")),
        q=q,
        near=near,
        distance=distance,
        online=_online(args.get("online")),
        place=found.place,
        others=tuple(found.others),
        place_from_q=from_q and found.place is not None,
        tz=_zone(args.get("tz")),
        page=_page(args.get("page")),
        given=given,
    )


def _days(values) -> tuple[int, ...]:
    days = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            day = integer(part, 0, 6)
            if day is None:
                raise BadFilter(
                    "day",
                    _("“%(value)s” is not a day: use 0 (Sunday) to 6 (Saturday).", value=part),
                )
            days.add(day)
    return tuple(sorted(days))


def _time(value: str | None) -> tuple[int, int] | None:
    if not value or not value.strip():
        return None
    value = value.strip().lower()
    if value in TIME_RANGES:
        return TIME_RANGES[value]
    match = CLOCK_RANGE.match(value)
    if match:
        start_hour, start_minute, end_hour, end_minute = map(int, match.groups())
        if end_hour == 24 and end_minute:
            match = None
        else:
            return (start_hour * 60 + start_minute, end_hour * 60 + end_minute)
    raise BadFilter(
        "time",
        _(
            "“%(value)s” is not a time of day: use morning, midday, afternoon, evening, "
            "night, or a range like 18:00-21:00.",
            value=value,
        ),
    )


def _types(values) -> tuple[str, ...]:
    codes = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            code = types.code_for(part) or (part if TYPE_CODE.match(part) else None)
            if code is None or not (types.is_known(code) or _type_in_use(code)):
                raise BadFilter("type", _("“%(value)s” is not a meeting type.", value=part))
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def _type_in_use(code: str) -> bool:
    query = select(Meeting.id).where(padded_types_match(code)).limit(1)
    return db.session.scalar(query) is not None


def _attendance(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    if value not in ATTENDANCE_FILTERS:
        raise BadFilter(
            "attendance",
            _("“%(value)s” is not a way to attend: use in_person, online or hybrid.", value=value),
        )
    return value


def _region(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    if db.session.scalar(select(Region.id).where(Region.slug == value)) is None:
        raise BadFilter("region", _("There is no region “%(value)s”.", value=value))
    return value


def _query(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    if len(value) > MAX_QUERY:
        raise BadFilter(
            "q", _("The search text is too long (at most %(count)d characters).", count=MAX_QUERY)
        )
    return value.strip()


def _online(value: str | None) -> str:
    if not value or not value.strip():
        return "after"
    if value not in ONLINE_CHOICES:
        raise BadFilter(
            "online", _("“%(value)s” is not a choice for online meetings: use after or hide.",
                        value=value))
    return value


def _distance(value: str | None) -> float | None:
    if not value or not value.strip():
        return None
    try:
        distance = float(value)
    except ValueError:
        distance = math.nan
    if not 0 < distance <= 20000:
        raise BadFilter("distance", _("“%(value)s” is not a distance in kilometres.", value=value))
    return distance


def _zone(value: str | None) -> str:
    if not value or not value.strip():
        return reader_zone()
    if value not in known_zones():
        raise BadFilter(
            "tz", _("“%(value)s” is not a time zone: use a name like Europe/London.", value=value)
        )
    return valid(value)


def _page(value: str | None) -> int:
    if not value:
        return 1
    page = integer(value, 1, 100000)
    if page is None:
        raise BadFilter("page", _("“%(value)s” is not a page number.", value=value))
    return page

