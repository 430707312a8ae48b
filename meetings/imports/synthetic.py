"""Synthetic directories of any size, for benchmarks and imports at scale.

Groups, venues and meetings are drawn at random in the demo's towns, and inserted in
bulk; the same seed gives the same slugs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import NamedTuple

from sqlalchemy import insert, select

from meetings.core import schedule
from meetings.core.database import db, refresh_statistics
from meetings.core.values import slugify
from meetings.directory import settling
from meetings.directory.locations import Location
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.directory.weekly_slots import WeeklySlot
from meetings.imports.demo import conference, ensure_regions, stamps, upcoming
from meetings.imports.demo_groups import LANGUAGE_CODES
from meetings.imports.demo_places import ONLINE_REGIONS, TOWNS

#: (meeting name, type codes it implies)
NAMES = (
    ("Early Birds", "D"), ("Lunch Bunch", "D"), ("Happy Hour", "D"), ("Keep It Simple", "D"),
    ("Came to Believe", "D"), ("Living Sober", "LS"), ("Back to Basics", "B BE"),
    ("Just for Today", "D"), ("Serenity Sunday Speaker", "SP"),
    ("Women's Big Book Study", "W B"), ("Men's Stag", "M D"), ("Night Owls", "D"),
    ("Step Study", "ST"), ("Tradition Study", "TR"), ("Daily Reflections", "DR"),
    ("Eleventh Step Meditation", "11 MED"), ("Newcomers' Meeting", "BE"),
    ("Grapevine Meeting", "GR"), ("Candlelight Meeting", "CAN"), ("Big Book Study", "B"),
    ("Primary Purpose", "D"), ("Easy Does It", "D"), ("Friday Night Speaker", "SP"),
    ("Attitude of Gratitude", "D"), ("Design for Living", "LIT"), ("Young People's Meeting", "Y D"),
)
GROUP_WORDS = ("Serenity", "Hope", "Freedom", "New Beginnings", "Primary Purpose", "Unity",
               "Happy Destiny", "Sunlight", "Fellowship", "Keep Coming Back")
VENUE_KINDS = ("Community Centre", "Church Hall", "Library Room", "Friends Meeting House",
               "Recovery Café", "Neighbourhood House", "Health Centre")
#: street names by the town's language code (venues are only in the in-person towns)
STREETS = {
    "": ("Station Road", "High Street", "Church Lane", "Market Street", "Mill Road"),
    "S": ("Carrer Major", "Carrer Nou", "Passeig del Mar", "Carrer de Sant Pere"),
    "DE": ("Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schillerstraße"),
}
START_TIMES = ("06:30 07:00 07:00 07:30 08:00 09:00 10:00 10:30 11:00 12:00 12:00 12:30 13:00 "
               "15:00 17:30 18:00 18:00 18:30 19:00 19:00 19:00 19:30 19:30 20:00 20:00 20:30 "
               "21:00 21:30 22:00 23:00").split()
LENGTHS = (60, 60, 60, 75, 90)
DAY_SETS = ((1, 2, 3, 4, 5), (1, 3, 5), (2, 4), (0, 6), (0, 1, 2, 3, 4, 5, 6))
EXTRA_CODES = ("BE", "LIT", "XT", "CF", "ABSI", "SP", "TR", "ST", "DB", "12x12")
AUDIENCES = ("W", "M", "Y", "LGBTQ", "SEN", "POC")
#: at venues; groups in the online towns meet online only
ATTENDANCE = ("in_person",) * 65 + ("hybrid",) * 15 + ("online",) * 18 + ("inactive",) * 2
#: in-person towns three times as likely as online ones
HOME_TOWNS = [
    town for town, row in TOWNS.items() for _ in range(1 if row[1] in ONLINE_REGIONS else 3)
]


@dataclass
class Synthetic:
    """Rows for bulk insertion. group_id, location_id, region_id and meeting_id hold the
    index of the row referred to (region_id: its slug) until inserted."""

    locations: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)


def generate(count: int, seed: int = 1, now: datetime | None = None) -> int:
    """Add `count` synthetic meetings in bulk and return how many; slugs depend on the seed."""
    data = synthetic(count, seed, now or datetime.now(UTC))
    first = data.meetings[0]["slug"] if data.meetings else None
    if db.session.scalar(select(Meeting.id).where(Meeting.slug == first)):
        raise ValueError(f"meetings generated with seed {seed} are already listed")
    region_ids = {slug: region.id for slug, region in ensure_regions().items()}
    location_ids = _insert(Location, data.locations, region_id=region_ids)
    group_ids = _insert(Group, data.groups)
    meeting_ids = _insert(Meeting, data.meetings, group_id=group_ids, location_id=location_ids)
    _insert(DateChange, data.changes, meeting_id=meeting_ids)
    WeeklySlot.rebuild(meeting_ids)
    db.session.commit()
    settling.settle_unsettled()
    refresh_statistics()
    return len(meeting_ids)


def _insert(model, rows: list[dict], **references) -> list[int]:
    """Insert rows in bulk, resolving references; return the new ids in order."""
    if not rows:
        return []
    resolved = [
        {**row, **{key: ids[row[key]] for key, ids in references.items()
                   if row[key] is not None}}
        for row in rows
    ]
    # Core rather than ORM bulk insert: the ORM splits rows into a batch per run of rows
    # with the same NULL columns, which is quadratic here.
    table = model.__table__
    query = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.connection().scalars(query, resolved))


def synthetic(count: int, seed: int, now: datetime) -> Synthetic:
    """A directory of `count` meetings in count / 4 groups across the demo's towns."""
    rng = random.Random(seed)
    data = Synthetic(locations=[_town_row(town) for town in TOWNS])
    homes = []
    for index in range((count + 3) // 4):
        town = rng.choice(HOME_TOWNS)
        data.groups.append(_group_row(rng, index, seed, town, now))
        homes.append(_home(rng, town, data.locations))
    for index in range(count):
        group = index % len(homes)
        row = _meeting_row(rng, index, seed, homes[group], now)
        data.meetings.append({**row, "group_id": group})
        if rng.random() < 0.01:
            data.changes.append(_cancellation(rng, index, row, now))
    return data


def _town_row(town: str) -> dict:
    address, region, zone, latitude, longitude, _ = TOWNS[town]
    return {"name": None, "address": address, "latitude": latitude, "longitude": longitude,
            "approximate": True, "region_id": region, "timezone": zone, "notes": None}


class _Home(NamedTuple):
    town: str
    #: index of the town's approximate location, and of the group's venue if it has one
    town_location: int
    venue: int | None
    step_free: bool


def _home(rng: random.Random, town: str, locations: list[dict]) -> _Home:
    """Where a synthetic group meets: a new venue in its town, or online only."""
    address, region, zone, latitude, longitude, language = TOWNS[town]
    town_location = list(TOWNS).index(town)
    if region in ONLINE_REGIONS:
        return _Home(town, town_location, None, False)
    step_free = rng.random() < 0.6
    locations.append({
        "name": f"{address.split(',')[0]} {rng.choice(VENUE_KINDS)}",
        "address": _street_address(rng, language, address),
        "latitude": round(latitude + rng.uniform(-0.08, 0.08), 5),
        "longitude": round(longitude + rng.uniform(-0.12, 0.12), 5),
        "approximate": False, "region_id": region, "timezone": zone,
        "notes": "Step-free entrance." if step_free else "Steps at the entrance, no ramp.",
    })
    return _Home(town, town_location, len(locations) - 1, step_free)


def _street_address(rng: random.Random, language: str, town: str) -> str:
    street, number = rng.choice(STREETS[language]), rng.randrange(1, 200)
    return f"{number} {street}, {town}" if language == "" else f"{street} {number}, {town}"


def _group_row(rng: random.Random, index: int, seed: int, town: str, now: datetime) -> dict:
    name = f"{TOWNS[town][0].split(',')[0]} {rng.choice(GROUP_WORDS)} Group"
    slug = f"{slugify(name)}-{seed}-{index}"
    contact = {"email": f"{slug}@example.org"} if rng.random() < 0.5 else {"email": None}
    return {"slug": slug, "name": name, "description": "A synthetic group for benchmarks.",
            "languages": None, **contact, **stamps(rng, now)}


def _meeting_row(rng: random.Random, index: int, seed: int, home: _Home, now: datetime) -> dict:
    name, implied = rng.choice(NAMES)
    zone = TOWNS[home.town][2]
    attendance = rng.choice(ATTENDANCE) if home.venue is not None else "online"
    start = time.fromisoformat(rng.choice(START_TIMES))
    minutes = start.hour * 60 + start.minute + rng.choice(LENGTHS)
    days = rng.choice(DAY_SETS) if rng.random() < 0.15 else (rng.randrange(7),)
    return {
        "slug": f"{slugify(name)}-{seed}-{index}", "name": name, "days": schedule.day_mask(days),
        "start_time": start, "end_time": time(minutes // 60 % 24, minutes % 60),
        "timezone": zone, "types": _types(rng, implied, home, attendance),
        "attendance": attendance, "notes": None,
        "location_id": home.town_location if attendance == "online" else home.venue,
        **conference(rng, zone, attendance), **stamps(rng, now),
    }


def _types(rng: random.Random, implied: str, home: _Home, attendance: str) -> str:
    codes = ["C" if rng.random() < 0.3 else "O", *implied.split()]
    if rng.random() < 0.4:
        codes.append(rng.choice(EXTRA_CODES))
    if rng.random() < 0.08:
        codes.append(rng.choice(AUDIENCES))
    language = TOWNS[home.town][5]
    if language and rng.random() < 0.85:
        codes.append(language)
    elif rng.random() < 0.1:
        codes.append(rng.choice(sorted(LANGUAGE_CODES)))
    if attendance == "inactive":
        codes.append("TC")
    elif attendance != "online" and home.step_free:
        codes.append("X")
    return " ".join(dict.fromkeys(codes))


def _cancellation(rng: random.Random, index: int, row: dict, now: datetime) -> dict:
    due = upcoming(schedule.weekdays(row["days"]), row["timezone"], now, rng.randrange(1, 15))
    return {"meeting_id": index, "date": due, "status": "cancelled",
            "note": "No meeting this week.", "updated": now}
