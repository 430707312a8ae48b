"""The filters shared by every listing: what a reader asked for, and the SQL it sets.

`parameters` reads them from a query string; `search` orders what they match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, literal, or_, select

from meetings.core import types
from meetings.core.database import db
from meetings.directory import places
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting, in_shown_group

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
#: what a listing near a place does with online meetings: list them after, or leave them out
ONLINE_CHOICES = ("after", "hide")
#: how far "near" reaches when no distance is chosen, in km
NEAR_KM = 25.0


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


def sql_conditions(filters: Filters) -> list:
    """Conditions on listed meetings (joined to their location) for all but day and time."""
    conditions = [Meeting.removed_at.is_(None), in_shown_group()]
    conditions += [padded_types_match(code) for code in filters.types]
    if filters.attendance:
        conditions.append(Meeting.attendance.in_(ATTENDANCE_FILTERS[filters.attendance]))
    if filters.region:
        conditions.append(Location.region_id.in_(_region_ids(filters.region)))
    if filters.q:
        text = text_match(filters.q)
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


def text_match(text: str):
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



def display_zone(attendance: str, meeting_zone: str, reader: str) -> str:
    """Online meetings are shown in the reader's time; in-person ones in their own."""
    return reader if attendance in ("online", "hybrid") else meeting_zone
