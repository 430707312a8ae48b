"""The filter parameters shared by every listing: parsing, querying and ordering."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, false, func, literal, or_, select

from meetings.core import types
from meetings.core.database import db
from meetings.core.values import integer
from meetings.directory import places
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting, in_shown_group
from meetings.web.errors import BadFilter
from meetings.web.zones import known_zones, reader_zone, valid

#: named parts of the day as minute ranges [start, end); night wraps past midnight
TIME_RANGES = {
    "morning": (4 * 60, 12 * 60),
    "midday": (11 * 60, 13 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
    "night": (21 * 60, 4 * 60),
}
ATTENDANCE_FILTERS = {
    "in_person": ("in_person", "hybrid"),
    "online": ("online", "hybrid"),
    "hybrid": ("hybrid",),
}
FILTER_PARAMETERS = (
    "day", "time", "type", "attendance", "region", "q", "near", "distance", "online", "tz"
)
#: what a listing near a place does with online meetings: list them after, or leave them out
ONLINE_CHOICES = ("after", "hide")
#: how far "near" reaches when no distance is chosen, in km
NEAR_KM = 25.0
MAX_PLACE = 120
PAGE_PARAMETERS = ("page", "lang")
CLOCK_RANGE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-4]):([0-5]\d)$")
TYPE_CODE = re.compile(r"^[A-Za-z0-9-]{1,12}$")
EARTH_RADIUS_KM = places.EARTH_RADIUS_KM
MAX_QUERY = 200


@dataclass(frozen=True)
class Filters:
    days: tuple[int, ...] = ()
    time: tuple[int, int] | None = None
    types: tuple[str, ...] = ()
    attendance: str | None = None
    region: str | None = None
    q: str | None = None
    near: tuple[float, float] | None = None
    distance: float | None = None
    online: str = "after"
    #: the place `near` or `q` names, when it names one, and others it may mean
    place: places.Place | None = None
    others: tuple[places.Place, ...] = ()
    #: whether the place came from the search text rather than `near`
    place_from_q: bool = False
    tz: str = "UTC"
    page: int = 1
    #: the arguments as given, to build links that keep them
    given: dict[str, list[str]] = field(default_factory=dict, compare=False)

    @property
    def narrowing(self) -> list[str]:
        """Names of the parameters that narrow the list (for an empty-state hint)."""
        names = ("day", "time", "type", "attendance", "region", "q", "distance")
        return [name for name in names if self.given.get(name)]

    @property
    def link_zone(self) -> str | None:
        """The zone a link gave (kept in the links and forms it leads to), else None."""
        return self.tz if self.given.get("tz") else None

    @property
    def origin(self) -> tuple[float, float] | None:
        """Where distances are measured from: `near`, or the place the search text names."""
        return self.near or (self.place.point if self.place else None)

    @property
    def radius(self) -> float:
        """How far a listing near a place reaches, in km."""
        return self.distance or NEAR_KM

    def link_args(self, **changes) -> dict[str, list[str]]:
        """The given arguments with some replaced or removed (value None)."""
        args = {key: list(values) for key, values in self.given.items() if key != "page"}
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value if isinstance(value, list) else [str(value)]
        return args


def parse(args, allowed=FILTER_PARAMETERS + PAGE_PARAMETERS) -> Filters:
    """Read filter parameters, raising BadFilter with a message for anything malformed."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise BadFilter(unknown[0], _("Unknown parameter “%(name)s”.", name=unknown[0]))
    given = {key: [v for v in args.getlist(key) if v.strip()] for key in args}
    given = {key: values for key, values in given.items() if values}
    near, found = _near(args.get("near"))
    q = _query(args.get("q"))
    from_q = near is None and q is not None and not found.place
    if from_q:
        found = _named_place(q)
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


def _near(value: str | None) -> tuple[tuple[float, float] | None, places.Found]:
    """`latitude,longitude` exactly as always, else a town, postcode or address by name."""
    if not value or not value.strip():
        return None, places.Found()
    try:
        latitude, longitude = (float(part) for part in value.split(","))
    except ValueError:
        latitude = longitude = math.nan
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return (latitude, longitude), places.Found()
    found = places.Found()
    if len(value) <= MAX_PLACE and not re.fullmatch(r"[\d\s.+-]*,[\d\s.,+-]*", value):
        found = places.resolve(value, territory_names())
    if found.place is None:
        raise BadFilter(
            "near",
            _(
                "We could not find the place “%(value)s”: try a town, a postcode, or "
                "latitude,longitude like 51.5,-0.12.",
                value=value,
            ),
        )
    return found.place.point, found


def _named_place(text: str) -> places.Found:
    """The place the search text names, unless it reads as a meeting type."""
    words = text.replace(",", " ").split()
    if len(text) > MAX_PLACE or types.code_for(text) or all(map(types.code_for, words)):
        return places.Found()
    listed = places.resolve(text, territory_names(), world=False)
    if listed.place is not None:
        return listed
    # The wider world only when the words find nothing here: "Marine Parade" is a street
    # in the directory before it is a town in Singapore.
    if db.session.scalar(_any_text_match(text)) is not None:
        return places.Found()
    return places.resolve(text, territory_names())


def _any_text_match(text: str):
    return (
        select(Meeting.id)
        .outerjoin(Location, Meeting.location_id == Location.id)
        .where(Meeting.removed_at.is_(None), _text_match(text))
        .limit(1)
    )


def territory_names() -> dict[str, str]:
    """Country names in the reader's language."""
    locale = get_locale()
    return dict(locale.territories) if locale else {}


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


def sql_conditions(filters: Filters) -> list:
    """Conditions on listed meetings (joined to their location) for all but day and time."""
    conditions = [Meeting.removed_at.is_(None), in_shown_group()]
    conditions += [padded_types_match(code) for code in filters.types]
    if filters.attendance:
        conditions.append(Meeting.attendance.in_(ATTENDANCE_FILTERS[filters.attendance]))
    if filters.region:
        conditions.append(Location.region_id.in_(_region_ids(filters.region)))
    if filters.q:
        text = _text_match(filters.q)
        if filters.place_from_q:
            text = or_(text, places.within(filters.place.point, filters.radius))
        conditions.append(text)
    if filters.online == "hide":
        conditions.append(Meeting.attendance != "online")
    return conditions


def _region_ids(slug: str) -> list[int]:
    regions = db.session.execute(select(Region.id, Region.slug, Region.parent_id)).all()
    root = next((r.id for r in regions if r.slug == slug), None)
    found, frontier = {root}, {root}
    while frontier:
        frontier = {r.id for r in regions if r.parent_id in frontier} - found
        found |= frontier
    return list(found)


def _text_match(text: str):
    words = text.casefold().split()[:8]
    group_names = select(Group.id).where(
        and_(*(func.lower(Group.name).contains(word, autoescape=True) for word in words))
    )
    fields = (Meeting.name, Meeting.notes, Location.name, Location.address)
    conditions = []
    for word in words:
        columns = [func.lower(column).contains(word, autoescape=True) for column in fields]
        columns.append(_named_type_match(word))
        conditions.append(or_(*columns))
    return or_(and_(*conditions), Meeting.group_id.in_(group_names))


def padded_types_match(code: str):
    """SQL test that a meeting has this type code."""
    return (literal(" ") + Meeting.types + literal(" ")).contains(f" {code} ", autoescape=True)


def _named_type_match(word: str):
    code = types.code_for(word)
    return false() if code is None else padded_types_match(code)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance by the haversine formula."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def display_zone(attendance: str, meeting_zone: str, reader: str) -> str:
    """Online meetings are shown in the reader's time; in-person ones in their own."""
    return reader if attendance in ("online", "hybrid") else meeting_zone
