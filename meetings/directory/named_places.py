"""The place a listing's `near` or search text names: a town, a postcode or an address.

Names are read in the reader's language ("Allemagne" in French), and the search text is a
place only when it matches no meeting here.
"""

from __future__ import annotations

import math
import re

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import types
from meetings.core.database import db
from meetings.directory import places
from meetings.directory.filters import text_match
from meetings.directory.locations import Location
from meetings.directory.models import Meeting
from meetings.web.errors import BadFilter

MAX_PLACE = 120


def near(value: str | None) -> tuple[tuple[float, float] | None, places.Found]:
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


def named_place(text: str) -> places.Found:
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
        .where(Meeting.removed_at.is_(None), text_match(text))
        .limit(1)
    )


def territory_names() -> dict[str, str]:
    """Country names in the reader's language."""
    locale = get_locale()
    return dict(locale.territories) if locale else {}
