"""Where feed rows say meetings are held, and one description of each place from all its rows.

Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(slots=True)
class Place:
    """Where a row says the meeting is held; rows naming the same place share it."""

    name: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    approximate: bool
    notes: str | None
    regions: tuple[str, ...]

    @property
    def key(self) -> tuple:
        return place_key(self.name, self.address, self.regions, self.latitude, self.longitude)


def place_key(name, address, regions=(), latitude=None, longitude=None) -> tuple:
    """Same name and address, ignoring case and spacing; else same region and coordinates."""
    folded = [" ".join((part or "").casefold().split()) for part in (name, address, *regions)]
    if name or address:
        return (folded[0], folded[1])
    return ("", "", *folded[2:], latitude, longitude)


#: what rows may say differently about one place: (label, attributes)
_DETAILS = (("coordinates", ("latitude", "longitude")), ("regions", ("regions",)),
            ("location_notes", ("notes",)))


def merge_places(rows: list[tuple[Place | None, Callable[[str, str], None], str]]) -> list:
    """One Place per place for rows of (place, warn, label): the first row that says a
    detail gives it, a later row fills what earlier ones left out, and a later row that
    says something else is warned about (its value is not kept).

    Returns the places in the order of the rows, shared by rows at one place.
    """
    merged: dict[tuple, tuple[Place, dict[str, str]]] = {}
    found = []
    for place, warn, label in rows:
        if place is None:
            found.append(None)
            continue
        known = merged.get(place.key)
        if known is None:
            sources = {name: label for name, _ in _DETAILS if _said(place, name)}
            merged[place.key] = known = (replace(place), sources)
        else:
            _merge(known, place, warn, label)
        found.append(known[0])
    return found


def _merge(known: tuple[Place, dict[str, str]], place: Place, warn, label: str) -> None:
    kept, sources = known
    for name, attributes in _DETAILS:
        if not _said(place, name):
            continue
        theirs, ours = _value(place, attributes), _value(kept, attributes)
        if name not in sources:
            for attribute, value in zip(attributes, theirs, strict=True):
                setattr(kept, attribute, value)
            sources[name] = label
        elif not _same(theirs, ours):
            warn(name, f"{_shown(theirs)} differs from {_shown(ours)} given by "
                       f"{sources[name]} for the same place; kept the earlier")


def _said(place: Place, name: str) -> bool:
    attributes = dict(_DETAILS)[name]
    return all(getattr(place, attribute) not in (None, (), "") for attribute in attributes)


def _value(place: Place, attributes) -> tuple:
    return tuple(getattr(place, attribute) for attribute in attributes)


def _same(theirs: tuple, ours: tuple) -> bool:
    """Equal, coordinates within about a metre, text ignoring case and spacing."""
    for a, b in zip(theirs, ours, strict=True):
        if isinstance(a, float) and isinstance(b, float):
            if abs(a - b) > 1e-5:
                return False
        elif _folded(a) != _folded(b):
            return False
    return True


def _folded(value):
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, tuple):
        return tuple(_folded(part) for part in value)
    return value


def _shown(value: tuple) -> str:
    parts = [" > ".join(part) if isinstance(part, tuple) else str(part) for part in value]
    return f'"{", ".join(parts)}"'


