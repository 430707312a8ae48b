"""Load the demo directory: realistic groups and meetings in real towns, all invented.

Fictional phone numbers (UK 01632 960xxx, US 555-01xx, Australia 02 5550 xxxx) and Zoom
links; the same seed gives the same slugs. The synthetic benchmark directories share the
invented details made here (conference links, timestamps, upcoming dates).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from meetings.core import schedule
from meetings.core.database import db, refresh_statistics
from meetings.core.values import slugify
from meetings.directory import settling
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.imports.demo_groups import CANCELLATIONS, GROUPS, LANGUAGE_CODES, MOVES, G, M
from meetings.imports.demo_places import REGIONS, TOWNS, VENUES

SEED = 12
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


class AlreadyLoaded(Exception):
    """The demo directory's groups are listed already."""


#: fictional dial-in numbers: prefix and how many random digits follow
DIAL_IN = {"Europe/London": ("+44 1632 960", 3), "Australia/Sydney": ("+61 2 5550 ", 4)}
US_DIAL_IN = ("+1 212 555 01", 2)


def upcoming(weekdays: list[int], zone: str, now: datetime, at_least: int) -> date:
    """The first of these weekdays at least so many days after today in the zone."""
    day = now.astimezone(schedule.zone(zone)).date() + timedelta(days=at_least)
    while schedule.weekday(day) not in weekdays:
        day += timedelta(days=1)
    return day


def conference(rng: random.Random, zone: str, attendance: str) -> dict:
    """Invented Zoom link and dial-in for online and hybrid meetings; None otherwise."""
    if attendance not in ("online", "hybrid"):
        return dict.fromkeys(("conference_url", "conference_url_notes", "conference_phone",
                              "conference_phone_notes"))
    meeting_id = str(rng.randrange(10**9, 10**11))
    prefix, digits = DIAL_IN.get(zone, US_DIAL_IN)
    return {
        "conference_url": f"https://zoom.us/j/{meeting_id}",
        "conference_url_notes": f"Passcode: {rng.randrange(100000, 1000000)}",
        "conference_phone": f"{prefix}{rng.randrange(10**digits):0{digits}d}",
        "conference_phone_notes": f"Meeting ID {meeting_id}, then #",
    }


def stamps(rng: random.Random, now: datetime) -> dict:
    updated = now - timedelta(days=rng.randrange(400), minutes=rng.randrange(1440))
    return {"created": updated - timedelta(days=rng.randrange(1500)), "updated": updated}


def ensure_regions() -> dict[str, Region]:
    """The demo regions and sub-regions by slug, created where missing."""
    found = {region.slug: region for region in db.session.scalars(select(Region))}
    for slug, (name, children) in REGIONS.items():
        if slug not in found:
            found[slug] = Region(slug=slug, name=name)
        for child, child_name in children.items():
            if child not in found:
                found[child] = Region(slug=child, name=child_name, parent=found[slug])
    db.session.add_all(found.values())
    db.session.flush()
    return found


# The demo directory


def load(now: datetime | None = None) -> int:
    """Load the demo directory and return how many meetings it has."""
    now = now or datetime.now(UTC)
    if db.session.scalar(select(Group.id).where(Group.slug == GROUPS[0].slug)):
        raise AlreadyLoaded("The demo directory is already loaded.")
    taken = {*db.session.scalars(select(Meeting.slug)), *db.session.scalars(select(Group.slug))}
    meetings = build(now, ensure_regions(), taken)
    db.session.add_all(meetings)
    db.session.commit()
    settling.settle_unsettled()
    refresh_statistics()
    return len(meetings)


def build(now: datetime, regions: dict[str, Region], taken: set[str]) -> list[Meeting]:
    """The demo meetings, with their groups, locations and date changes attached.

    Slugs already `taken` (by meetings or groups) get a number added.
    """
    rng = random.Random(SEED)
    places = _Places(regions)
    meetings = []
    for spec in GROUPS:
        group = Group(slug=_unique(spec.slug, taken), name=spec.name,
                      description=spec.description, languages=spec.languages, **spec.contact,
                      **stamps(rng, now))
        for plan in spec.meetings:
            meetings += _meetings(group, spec, plan, places, rng, now)
    by_plan = {meeting.slug: meeting for meeting in meetings}
    for meeting in meetings:
        meeting.slug = _unique(meeting.slug, taken)
    _date_changes(by_plan, places, now)
    return meetings


class _Places:
    """Demo locations, made once each: venues, and towns for online meetings."""

    def __init__(self, regions: dict[str, Region]):
        self.regions, self.made = regions, {}

    def venue(self, key: str) -> Location:
        if key not in self.made:
            name, address, town, latitude, longitude, step_free, notes = VENUES[key]
            self.made[key] = Location(
                name=name, address=address, latitude=latitude, longitude=longitude,
                region=self.regions[TOWNS[town][1]], timezone=TOWNS[town][2], notes=notes)
        return self.made[key]

    def town(self, key: str) -> Location:
        if key not in self.made:
            address, region, zone, latitude, longitude, _ = TOWNS[key]
            self.made[key] = Location(
                address=address, latitude=latitude, longitude=longitude, approximate=True,
                region=self.regions[region], timezone=zone)
        return self.made[key]

    def for_meeting(self, home: str, attendance: str) -> Location:
        if home in TOWNS:
            return self.town(home)
        return self.town(VENUES[home][2]) if attendance == "online" else self.venue(home)


def _meetings(group, spec: G, plan: M, places: _Places, rng, now) -> list[Meeting]:
    attendance = plan.attendance or ("online" if spec.home in TOWNS else "in_person")
    location = places.for_meeting(spec.home, attendance)
    codes = plan.types.split()
    if spec.language_code and not LANGUAGE_CODES & set(codes):
        codes.append(spec.language_code)
    step_free = spec.home in VENUES and VENUES[spec.home][5]
    if step_free and attendance in ("in_person", "hybrid"):
        codes.append("X")
    if isinstance(plan.days, str) and len(plan.days) > 1:
        day_sets = [((int(d),), f"{plan.name} {DAY_NAMES[int(d)]}") for d in plan.days]
    else:
        day_sets = [(tuple(map(int, plan.days)), plan.name)]
    found = []
    for days, slug_text in day_sets:
        meeting = Meeting(
            slug=slugify(slug_text), name=plan.name, group=group, location=location,
            start_time=time.fromisoformat(plan.start), end_time=time.fromisoformat(plan.end),
            timezone=location.timezone, types=" ".join(codes), attendance=attendance,
            notes=plan.notes, **conference(rng, location.timezone, attendance),
            **stamps(rng, now))
        meeting.weekdays = days
        found.append(meeting)
    return found


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def _date_changes(meetings: dict[str, Meeting], places: _Places, now: datetime) -> None:
    for slug, at_least, note in CANCELLATIONS:
        meeting = meetings[slug]
        due = upcoming(meeting.weekdays, meeting.timezone, now, at_least)
        DateChange(meeting=meeting, date=due, status="cancelled", note=note, updated=now)
    for slug, at_least, later, venue, note in MOVES:
        meeting = meetings[slug]
        due = upcoming(meeting.weekdays, meeting.timezone, now, at_least)
        start = datetime.combine(due, meeting.start_time) + timedelta(minutes=later)
        DateChange(meeting=meeting, date=due, status="moved", note=note, updated=now,
                   moved_start=start, moved_end=start + meeting.length,
                   moved_location=places.venue(venue) if venue else None)
