"""Feed records read into listings: every value of a row checked, with warnings that say where.

Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time

from meetings.core.values import email_address, http_url, payment_handle, slugify
from meetings.directory.models import ATTENDANCE_OPTIONS
from meetings.imports.formats import LINE
from meetings.imports.places import Place, merge_places
from meetings.imports.times import (
    ends_the_day,
    meant_zone,
    parse_days,
    parse_time,
    parse_updated,
    zone_name,
)
from meetings.imports.values import (
    attendance,
    emails,
    is_approximate,
    parse_coordinate,
    parse_flag,
    parse_types,
    text,
)


@dataclass(slots=True)
class Listing:
    """One meeting as a feed row describes it, every value checked."""

    label: str
    warn: Callable[[str, str], None] = field(repr=False)
    slug: str = ""
    name: str = ""
    weekdays: list[int] = field(default_factory=list)
    start_time: time | None = None
    end_time: time | None = None
    timezone: str = "UTC"
    types: list[str] = field(default_factory=list)
    attendance: str = "in_person"
    conference_url: str | None = None
    conference_url_notes: str | None = None
    conference_phone: str | None = None
    conference_phone_notes: str | None = None
    notes: str | None = None
    updated: datetime | None = None
    place: Place | None = None
    group: str | None = None
    group_details: dict = field(default_factory=dict)
    entity: dict = field(default_factory=dict)


def listings(records: list[dict], zone: str, warnings: list[str]) -> list[Listing]:
    """Check every record; rows that cannot be listed at all are skipped with a warning."""
    found = []
    for index, record in enumerate(records, 1):
        where = f"line {record[LINE]}" if LINE in record else f"row {index}"
        reader = _RowReader(record, where, zone, warnings)
        listing = reader.listing()
        reader.record = None  # its warn() lives on in the listing; the record need not
        if listing is not None:
            found.append(listing)
    places = merge_places([(item.place, item.warn, item.label) for item in found])
    for listing, place in zip(found, places, strict=True):
        listing.place = place
    return found


class _RowReader:
    def __init__(self, record: dict, where: str, zone: str, warnings: list[str]):
        self.record, self.zone, self.warnings = record, zone, warnings
        who = text(record.get("slug")) or text(record.get("name"))
        self.label = f"{where} ({who})" if who else where

    def warn(self, key: str, problem: str) -> None:
        self.warnings.append(f"{self.label}: {key} {problem}")

    def get(self, key: str, multiline: bool = False) -> str | None:
        return text(self.record.get(key), multiline)

    def checked(self, key: str, parse, problem: str, *args, **kwargs):
        """The value parsed, or None with a warning when `parse` refuses it (ValueError or None)."""
        said = self.get(key)
        if said is None:
            return None
        try:
            value = parse(said, *args, **kwargs)
        except ValueError:
            value = None
        if value is None:
            self.warn(key, f'"{said}" {problem}; left out')
        return value

    def listing(self) -> Listing | None:
        name = self.get("name") or self.get("group") or self.get("location")
        slug = slugify(self.get("slug") or "") or slugify(name or "")
        if not name or not slug:
            self.warn("name", "is missing; row skipped")
            return None
        listing = Listing(self.label, self.warn, slug=slug, name=name, timezone=self.zone_name())
        listing.weekdays, listing.start_time, listing.end_time = self.when()
        listing.conference_url = self.checked("conference_url", http_url, "is not a web address",
                                 bare_domain=True)
        listing.conference_url_notes = self.get("conference_url_notes", multiline=True)
        listing.conference_phone = self.get("conference_phone")
        listing.conference_phone_notes = self.get("conference_phone_notes", multiline=True)
        listing.notes = self.get("notes", multiline=True)
        listing.updated = self.checked("updated", parse_updated, "is not a date and time")
        listing.place = self.place()
        listing.types, listing.attendance = self.types_and_attendance(listing)
        listing.group, listing.group_details = self.get("group"), self.group_details()
        listing.entity = self.entity()
        return listing

    def zone_name(self) -> str:
        said = self.get("timezone")
        found = zone_name(said) if said else self.zone
        if found is None:
            self.warn("timezone", f'"{said}" is not an IANA time zone; using {self.zone}')
        elif said and meant_zone(found):
            self.warn("timezone", f'"{said}" has no summer time (a fixed offset); if the '
                      f"meeting follows local clocks, write {meant_zone(found)}; kept as given")
        return found or self.zone

    def when(self) -> tuple[list[int], time | None, time | None]:
        """Weekdays, start and end; without both a day and a time it is by appointment."""
        days, bad = parse_days(self.record.get("day"))
        said = self.get("time")
        start = _quiet(parse_time, said)
        fallback = "meeting listed by appointment"
        for value in bad:
            self.warn("day", f'"{value}" is not a weekday; {"ignored" if days else fallback}')
        if said and start is None:
            self.warn("time", f'"{said}" is not a time of day; {fallback}')
        elif days and start is None:
            self.warn("time", f"is missing; {fallback}")
        elif start and not days and not bad:
            self.warn("day", f"is missing; {fallback}")
        if not days or start is None:
            return [], None, None
        if ends_the_day(said):  # "24:00" on Monday is the midnight Tuesday starts with
            days = sorted((day + 1) % 7 for day in days)
        return days, start, self.checked("end_time", parse_time, "is not a time of day")

    def types_and_attendance(self, listing: Listing) -> tuple[list[str], str]:
        codes, unknown = parse_types(self.record.get("types"))
        for said in unknown:
            self.warn("types", f'"{said}" is not a meeting type; left out')
        option = self.get("attendance_option")
        if option:
            option = option.lower().replace("-", "_").replace(" ", "_")
            if option not in ATTENDANCE_OPTIONS:
                self.warn("attendance_option", f'"{option}" is not one of '
                          f'{", ".join(ATTENDANCE_OPTIONS)}; worked out from the row')
                option = None
        place = listing.place
        real_address = bool(place and place.address and not place.approximate)
        conference = bool(listing.conference_url or listing.conference_phone)
        found = attendance(option, conference, real_address, closed="TC" in codes)
        if found == "inactive" and not (place and place.address) and "TC" not in codes:
            self.warn("formatted_address", "is missing and there is no conference link or "
                      "phone; listed as inactive")
        # ONL and HY only repeat what attendance says; TC stays, since it also tells an
        # online meeting's readers that its usual room is closed for now.
        return [code for code in codes if code not in ("ONL", "HY")], found

    def place(self) -> Place | None:
        name, formatted, street = self.get("location"), self.get("formatted_address"), None
        address = formatted
        if not formatted:
            street = self.get("address")
            area = " ".join(filter(None, (self.get("state"), self.get("postal_code"))))
            parts = (street, self.get("city"), area, self.get("country"))
            address = ", ".join(part for part in parts if part) or None
        latitude, longitude = self.coordinates()
        regions = self.regions()
        if not (name or address or regions or latitude is not None):
            return None
        return Place(name, address, latitude, longitude, self.approximate(address, street),
                     self.get("location_notes", multiline=True), regions)

    def approximate(self, address: str | None, street: str | None) -> bool:
        said = self.record.get("approximate")
        if said not in (None, ""):
            try:
                return parse_flag(said)
            except ValueError:
                self.warn("approximate", f'"{said}" is not yes or no; guessed from the address')
        if street and "," not in street:
            return False
        return is_approximate(address)

    def coordinates(self) -> tuple[float | None, float | None]:
        latitude = self.checked("latitude", parse_coordinate, "is not a latitude", 90)
        longitude = self.checked("longitude", parse_coordinate, "is not a longitude", 180)
        if latitude is None or longitude is None or (latitude, longitude) == (0, 0):
            return None, None
        return latitude, longitude

    def regions(self) -> tuple[str, ...]:
        """Outermost first: `regions`, else region > sub_region, else the city (as TSML UI).

        A region written "A > B > C" (Google Sheets' Regions, or a JSON string) is a path.
        """
        given = self.record.get("regions")
        names = [text(name) for name in given] if isinstance(given, list) else [text(given)]
        if not any(names):
            names = [self.get(key) for key in ("region", "sub_region", "sub_sub_region")]
        if not any(names):
            names = [self.get("city")]
        split = [part.strip() for name in names if name for part in name.split(">")]
        return tuple(part for part in split if part)

    def group_details(self) -> dict:
        return {
            "description": self.get("group_notes", multiline=True),
            "district": self.get("district"),
            "email": self.checked("email", email_address, "is not an email address"),
            "phone": self.get("phone"),
            "website": self.checked("website", http_url, "is not a web address",
                                 bare_domain=True),
            "venmo": self.checked("venmo", payment_handle, "is not a Venmo @handle", "venmo"),
            "square": self.checked("square", payment_handle, "is not a Cash App $cashtag",
                                   "square"),
            "paypal": self.checked("paypal", payment_handle, "is not a PayPal.me name", "paypal"),
        }

    def entity(self) -> dict:
        url_key = "entity_url" if self.get("entity_url") else "entity_website_url"
        found = {
            "entity": self.get("entity"),
            "entity_email": self.checked("entity_email", email_address, "is not an email address"),
            "entity_phone": self.get("entity_phone"),
            "entity_location": self.get("entity_location"),
            "entity_url": self.checked(url_key, http_url, "is not a web address",
                                 bare_domain=True),
        }
        good, bad = emails(self.record.get("feedback_emails"))
        for said in bad:
            self.warn("feedback_emails", f'"{said}" is not an email address; left out')
        found["feedback_emails"] = ", ".join(good) or None
        return {key: value for key, value in found.items() if value is not None}


def _quiet(parse, said):
    try:
        return parse(said) if said else None
    except ValueError:
        return None
