"""Putting a location on the map: its town, postcode, position and region, from its address.

Run on every place a group types in and after each import; `flask settle-places` catches up
on the rest.
"""

from __future__ import annotations

import math
import re

from sqlalchemy import or_, select

from meetings.core.database import db
from meetings.core.text import fold
from meetings.directory import gazetteer
from meetings.directory.locations import Location
from meetings.directory.places import (
    SAME_TOWN_KM,
    STATE_CODE,
    km,
    labelled,
    listed_towns,
    postcode_in,
    postcode_place,
)


def settle(location: Location, place: bool = True) -> None:
    """Fill a location's town and postcode from its address; its position (if `place`) and
    region, when it has none."""
    address = location.address or ""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    location.postcode = next((code for part in reversed(parts[1:] or parts)
                              if (code := postcode_in(part))), None)
    point = location.latitude, location.longitude
    known = None if None in point else point
    town, certain = _town_in(parts, known)
    if not certain and known and not (town and len(parts) >= 3):  # "street, town, state"
        nearest = gazetteer.nearest(known, within_km=5 if town else 15)
        town = nearest.name if nearest else town
    location.town = town[:200] if town else None
    location.town_key = fold(town)[:200] if town else None
    if known is None and place:
        _place_from_address(location)
    if location.region_id is None and location.latitude is not None:
        location.region_id = nearest_region((location.latitude, location.longitude))


def _town_in(parts: list[str], point) -> tuple[str | None, bool]:
    """The part of an address that names its town, and whether the gazetteer knows it there."""
    guess = None
    for part in reversed(parts):
        code = postcode_in(part)
        plain = re.sub(re.escape(code), " ", part, flags=re.I) if code else part
        plain = " ".join(w for w in plain.split() if not STATE_CODE.match(w))
        if not fold(plain) or gazetteer.is_country(fold(plain)):
            continue
        towns = gazetteer.towns(fold(plain), limit=20)
        if towns and (point is None or any(km(point, t.point) < 40 for t in towns)):
            return _display(plain, towns[0].name), True
        if guess is None and len(parts) > 1 and part is not parts[0]:
            guess = plain
    if guess is None and len(parts) > 1 and not re.search(r"\d", parts[0]):
        guess = parts[0]
    return guess, False


def _display(typed: str, known: str) -> str:
    """The town as the address writes it, unless it is all capitals or lower case."""
    return known if typed.isupper() or typed.islower() else typed


def _place_from_address(location: Location) -> None:
    """A position for an address: its listed postcode, else its town, else a known ZIP code."""
    towns = listed_towns(location.town_key) if location.town_key else []
    if location.town_key and not towns:
        towns = labelled(gazetteer.towns(location.town_key, limit=5), {})
    coded = postcode_place(location.postcode, {}).place if location.postcode else None
    if coded and towns and all(km(coded.point, town.point) > SAME_TOWN_KM for town in towns):
        coded = None  # a ZIP code of another country with the same digits
    found = coded or (towns[0] if towns else None)
    if found is not None:
        location.latitude, location.longitude = found.point


def nearest_region(point: tuple[float, float], within_km: float = 50) -> int | None:
    """The region of the nearest listed location that has one, if near enough."""
    latitude, longitude = point
    squeeze = math.cos(math.radians(latitude))
    far = (Location.latitude - latitude) * (Location.latitude - latitude) + (
        (Location.longitude - longitude) * squeeze * (Location.longitude - longitude) * squeeze)
    query = (select(Location.region_id, Location.latitude, Location.longitude)
             .where(Location.region_id.is_not(None), Location.latitude.is_not(None))
             .order_by(far).limit(1))
    row = db.session.execute(query).first()
    if row is None or km(point, (row.latitude, row.longitude)) > within_km:
        return None
    return row.region_id


def settle_unsettled(place: bool = False, batch: int = 500) -> int:
    """Settle the locations not yet settled (and, if `place`, those with no position)."""
    done, last = 0, 0
    while True:
        unsettled = Location.town_key.is_(None)
        if place:
            unsettled = or_(unsettled, Location.latitude.is_(None) & Location.address.is_not(None))
        query = (select(Location).where(unsettled, Location.id > last)
                 .order_by(Location.id).limit(batch))
        found = db.session.scalars(query).all()
        for location in found:
            settle(location, place)
            location.town_key = location.town_key or ""  # settled, even with no town found
        db.session.commit()
        done += len(found)
        if len(found) < batch:
            return done
        last = found[-1].id
