"""A group's places: found again by exactly their name and address, or added on the map."""

import pytest
from holders import start_group

from meetings.core.database import db
from meetings.directory.locations import Location
from meetings.directory.models import Group, Meeting
from meetings.manage.places import group_place, group_places


@pytest.fixture
def group(app):
    start_group(app.test_client())
    return db.session.scalar(db.select(Group))


def test_the_same_name_and_address_is_the_same_place(group):
    (first,) = group_places(group)
    assert group_place(group, first.name, first.address, "Europe/London") is first
    assert db.session.scalar(db.select(db.func.count(Location.id))) == 1


def test_a_new_place_is_put_on_the_map_however_it_came(group):
    """Editing settled a new place; an applied suggestion once added it with no town,
    postcode, position or region. Both now settle it."""
    (first,) = group_places(group)
    added = group_place(group, "Library", "2 High St, Lewes BN7 2AA", "Europe/London")
    assert added is not first and added.id is not None
    assert (added.town, added.postcode) == ("Lewes", "BN7 2AA")
    assert added.has_coordinates and added.region_id == first.region_id


def test_a_point_from_the_venue_wins_over_the_address(group):
    added = group_place(group, None, "Somewhere, Lewes", "Europe/London", (50.87, 0.01))
    assert (added.latitude, added.longitude) == (50.87, 0.01)


def test_no_name_and_no_address_is_no_place(group):
    assert group_place(group, None, "", "Europe/London") is None
    assert db.session.scalar(db.select(Meeting.location_id)) is not None
