"""Places by name: a typed town, postcode or address read against the directory, then the world.

The directory's own locations come first (their towns, postcodes and regions), so "Lewes"
means the Lewes where meetings are listed; the gazetteer answers for everywhere else.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from meetings.core.database import db
from meetings.core.text import fold
from meetings.directory import gazetteer
from meetings.directory.locations import Location, Region

#: how far apart two listed places of one name are two towns, not one
SAME_TOWN_KM = 30
EARTH_RADIUS_KM = 6371.0
#: a British postcode, else a run of 4 to 6 digits (most other countries' postcodes)
POSTCODE = re.compile(
    r"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?(?= |$)|\d{4,6}(?:-\d{3,4})?)\b"
)
STATE_CODE = re.compile(r"^[A-Z]{2,3}$")
MAX_OTHERS = 4


@dataclass(frozen=True)
class Place:
    """A place a reader named: what to call it and where it is."""

    label: str
    latitude: float
    longitude: float

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)

    @property
    def near(self) -> str:
        return f"{self.latitude:.4f},{self.longitude:.4f}"


@dataclass(frozen=True)
class Found:
    """The place a text names, and others it may mean ("did you mean")."""

    place: Place | None = None
    others: list[Place] = field(default_factory=list)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance along the ground, close enough for telling towns apart."""
    squeeze = math.cos(math.radians((a[0] + b[0]) / 2))
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * squeeze)


def squared_distance(point: tuple[float, float]):
    """SQL: squared equirectangular distance in degrees, close to true for ordering."""
    latitude, longitude = point
    squeeze = math.cos(math.radians(latitude))
    return (Location.latitude - latitude) * (Location.latitude - latitude) + (
        (Location.longitude - longitude) * squeeze * (Location.longitude - longitude) * squeeze
    )


def within(point: tuple[float, float], km: float):
    """SQL: the location lies within km of the point (a box first, for the index)."""
    spread = math.degrees(km / EARTH_RADIUS_KM)
    return and_(
        Location.latitude.between(point[0] - spread, point[0] + spread),
        squared_distance(point) <= spread**2,
    )


def postcode_in(text: str) -> str | None:
    """A postcode or ZIP code written in one part of an address, as stored."""
    match = POSTCODE.search(" ".join(text.upper().split()))
    return match.group(1) if match else None


def point_in(text: str | None) -> tuple[float, float] | None:
    """A "latitude,longitude" pair, or None when absent or not one."""
    try:
        latitude, longitude = (float(part) for part in (text or "").split(","))
    except ValueError:
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None


def resolve(text: str, territories: dict[str, str], world: bool = True) -> Found:
    """The place a typed town, postcode or "town, country" names, listed towns first
    (and only those unless `world`)."""
    parts = [part.strip() for part in text.split(",") if fold(part)]
    if not parts:
        return Found()
    qualifiers = [fold(part) for part in parts[1:]]
    code = postcode_in(parts[0])
    if code and fold(code) == fold(parts[0]):
        return postcode_place(code, territories, world)
    listed = listed_towns(fold(parts[0])) or _regions(fold(parts[0]))
    known = [town for town in gazetteer.towns(fold(parts[0]))
             if all(gazetteer.matches(town, q, territories) for q in qualifiers)]
    if listed and qualifiers and known:
        listed = [p for p in listed if any(km(p.point, t.point) < SAME_TOWN_KM for t in known)]
    if listed:
        return Found(listed[0], listed[1 : 1 + MAX_OTHERS])
    places = labelled(known, territories) if world else []
    return Found(places[0], places[1 : 1 + MAX_OTHERS]) if places else Found()


def postcode_place(code: str, territories, world: bool = True) -> Found:
    query = select(func.avg(Location.latitude), func.avg(Location.longitude),
                   func.min(Location.town)).where(
        or_(Location.postcode == code, Location.postcode.startswith(f"{code} ")),
        Location.latitude.is_not(None))
    latitude, longitude, town = db.session.execute(query).one()
    if latitude is not None:
        return Found(Place(f"{code} {town}" if town else code, latitude, longitude))
    if " " in code:  # a street's postcode not listed: its district ("BN2 9ZZ" -> "BN2")
        return postcode_place(code.split()[0], territories, world)
    places = labelled(gazetteer.towns(fold(code), limit=1), territories, code) if world else []
    return Found(places[0]) if places else Found()


def listed_towns(key: str) -> list[Place]:
    """Towns of the directory with this name, one per cluster, the most listed first."""
    query = (
        select(Location.town, Location.latitude, Location.longitude)
        .where(Location.town_key == key, Location.latitude.is_not(None))
        .limit(5000)
    )
    clusters: list[list] = []
    for town, latitude, longitude in db.session.execute(query):
        for cluster in clusters:
            if km(cluster[0][1:], (latitude, longitude)) < SAME_TOWN_KM:
                cluster.append((town, latitude, longitude))
                break
        else:
            clusters.append([(town, latitude, longitude)])
    clusters.sort(key=len, reverse=True)
    return [_centre(cluster[0][0], cluster) for cluster in clusters]


def _regions(key: str) -> list[Place]:
    regions = [r for r in db.session.execute(select(Region.id, Region.name)) if fold(r.name) == key]
    found = []
    for region in regions:
        query = select(Location.town, Location.latitude, Location.longitude).where(
            Location.region_id == region.id, Location.latitude.is_not(None)).limit(5000)
        rows = db.session.execute(query).all()
        if rows:
            found.append(_centre(region.name, rows))
    return found


def _centre(label: str, rows) -> Place:
    return Place(label, sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows))


def labelled(towns, territories, prefix: str | None = None) -> list[Place]:
    """Places with names a reader tells apart: town, state (in the US), country."""
    places = []
    for town in towns:
        area = gazetteer.us_states().get(town.admin1) if town.country == "US" else None
        country = territories.get(town.country) or gazetteer.countries().get(
            town.country, {}).get("name", town.country)
        label = ", ".join(part for part in (prefix, town.name, area, country) if part)
        if all(place.label != label for place in places):
            places.append(Place(label, town.latitude, town.longitude))
    return places


def name_of(point: tuple[float, float], territories) -> str | None:
    """What to call the place at a point: the town of the listed place there, else the
    known town nearby."""
    query = (select(Location.town, Location.latitude, Location.longitude)
             .where(within(point, 3), Location.town_key != "")
             .order_by(squared_distance(point)).limit(1))
    listed = db.session.execute(query).first()
    if listed is not None:
        return listed.town
    town = gazetteer.nearest(point)
    return labelled([town], territories)[0].label if town else None
