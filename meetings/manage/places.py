"""A group's places: the ones its meetings and events use, found again by name and
address, or added and put on the map."""

from sqlalchemy import or_, select

from meetings.core.database import db
from meetings.directory import places, settling
from meetings.directory.locations import Location
from meetings.directory.models import Meeting
from meetings.directory.occurrences import GroupEvent
from meetings.manage.meetingforms import NEW_PLACE


def group_places(group) -> list[Location]:
    """The places the group's meetings and events use, to choose from and share."""
    used = select(Meeting.location_id).where(Meeting.group_id == group.id)
    used_by_events = select(GroupEvent.location_id).where(GroupEvent.group_id == group.id)
    query = select(Location).where(or_(Location.id.in_(used), Location.id.in_(used_by_events)))
    return sorted(db.session.scalars(query), key=lambda p: (p.name or "", p.address or ""))


def group_place(group, name: str | None, address: str | None, zone_name: str,
                point: tuple[float, float] | None = None) -> Location | None:
    """The group's place of exactly this name and address, else a new one; either put on
    the map (at `point`, else from the address) with its town and region."""
    if not name and not address:
        return None
    place = next((place for place in group_places(group)
                  if (place.name, place.address) == (name, address)), None)
    if place is None:
        place = Location(name=name, address=address, timezone=zone_name)
        db.session.add(place)
    return settled(place, point)


def settled(place: Location, point: tuple[float, float] | None = None) -> Location:
    if point is not None:
        place.latitude, place.longitude, place.region_id = *point, None
    settling.settle(place)
    db.session.flush()
    return place


def place_for(form, group, zone_name: str) -> Location | None:
    """The place a meeting or event form names: one of the group's, chosen, or the one
    its typed address names (found or added); "I am at the venue" puts it on the map."""
    point = places.point_in(getattr(form, "position", None) and form.position.data)
    if form.place.data != NEW_PLACE:
        return settled(db.session.get(Location, int(form.place.data)), point)
    if not form.address.data:
        return None
    return group_place(group, form.location_name.data, form.address.data, zone_name, point)
