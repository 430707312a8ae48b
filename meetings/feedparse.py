"""Meeting Guide JSON and TSML CSV text turned into records, and record fields into values.

Pure functions, no database. Each value parser takes what a feed wrote and returns what the
directory stores, or raises ValueError when the value cannot be understood. The rules follow
the TSML importer and TSML UI, and accept a little more than they do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from . import types as meeting_types
from .models import ATTENDANCE_OPTIONS

#: key under which parse_csv records the line a row starts on, for warnings
LINE = "_line"
#: TSML template columns a CSV must have to be taken for a meeting list
CSV_REQUIRED = ("name", "day", "time")
DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
#: older TSML English type names that real CSVs still use
TYPE_ALIASES = {
    "online meeting": "ONL",
    "temporary closure": "TC",
    "step meeting": "ST",
    "outdoor meeting": "OUT",
    "sign language": "ASL",
    "atheist / agnostic": "A",
    "beginner": "BE",
    "beginners": "BE",
    "wheelchair accessible": "X",
}
#: a type code nobody has defined yet but that looks like one ("AC", "LGBTQIA")
PLAUSIBLE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,9}")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?(?::\d{2})?\s*(?:([ap])\.?\s*m\.?)?")
_GLUED_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?=\d{2}:)")  # TSML CSV "2020-04-0416:50:58"
_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#].*)?")
_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
_HANDLE_URL = re.compile(r"(https?://)?(www\.)?(venmo\.com/(u/)?|cash\.app/|paypal\.me/)", re.I)


class ImportFailed(Exception):
    """The source cannot be read or is not a meeting list; nothing was imported."""


def parse_json(text: str) -> list[dict]:
    """Return the records of a Meeting Guide JSON feed: a JSON array of objects."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    if not isinstance(data, list):
        raise ImportFailed("not a Meeting Guide feed: expected a JSON array of meetings")
    for index, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ImportFailed(f"not a Meeting Guide feed: item {index} is not an object")
    return data


def parse_csv(text: str) -> list[dict]:
    """Return the rows of a CSV in the TSML import template, keyed like the JSON feed."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [column_key(name) for name in next(reader, [])]
        missing = [name for name in CSV_REQUIRED if name not in header]
        if missing:
            wanted = ", ".join(name.title() for name in missing)
            raise ImportFailed(f"not a TSML CSV: the header row has no {wanted} column")
        records, start = [], reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                record = {key: cell for key, cell in zip(header, cells, strict=False) if key}
                records.append({**record, LINE: start})
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailed(f"not a readable CSV: line {reader.line_num}: {error}") from None
    return records


def column_key(header: str) -> str:
    """A CSV header as the JSON key it stands for: "End Time" -> "end_time"."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def text(value, multiline: bool = False) -> str | None:
    """Plain text from a feed value: HTML stripped, whitespace tidied, empty as None."""
    if value is None or isinstance(value, bool | dict):
        return None
    if isinstance(value, list):
        parts = (text(item, multiline) for item in value)
        value = ("\n" if multiline else ", ").join(part for part in parts if part)
    value = str(value)
    if "<" in value or "&" in value:
        value = _strip_html(value)
    if not multiline:
        return " ".join(value.split()) or None
    lines = "\n".join(" ".join(line.split()) for line in value.splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines).strip() or None


class _PlainText(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _strip_html(value: str) -> str:
    parser = _PlainText()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def parse_time(value) -> time:
    """A wall-clock time from "18:00", "18:00:00", "6:00 PM", "6 pm", "noon" or "midnight"."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    said = str(value).strip().lower()
    if said in ("noon", "12 noon", "midday"):
        return time(12, 0)
    if said in ("midnight", "12 midnight"):
        return time(0, 0)
    match = _CLOCK.fullmatch(said)
    if not match:
        raise ValueError(said)
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if hour > 12 or (hour == 0 and half == "p"):
            raise ValueError(said)
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match[2] is None:
        raise ValueError(said)  # a bare "6" could be morning or evening
    if (hour, minute) == (24, 0):
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(said)
    return time(hour, minute)


def parse_days(value) -> tuple[list[int], list[str]]:
    """Weekdays (Sunday = 0) from a number, a name, or a list or comma list of them.

    Returns the days understood and the values that were not.
    """
    if value is None or value == "":
        return [], []
    if isinstance(value, list):
        items = value
    else:
        items = value.split(",") if isinstance(value, str) else [value]
    days, bad = set(), []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        try:
            days.add(day_number(item))
        except ValueError:
            bad.append(str(item).strip())
    return sorted(days), bad


def day_number(value) -> int:
    """0–6 from 3, 3.0, "3", "Wednesday", "wed", "Weds" or "Wednesdays"."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    said = str(value).strip().casefold().rstrip(".")
    if re.fullmatch(r"-?\d+", said):
        number = int(said)
        if 0 <= number <= 6:
            return number
        raise ValueError(value)
    said = {"weds": "wed", "thurs": "thu", "tues": "tue"}.get(said, said)
    for word in (said, said.removesuffix("s")):
        found = [day for day, name in enumerate(DAYS) if len(word) >= 2 and name.startswith(word)]
        if len(found) == 1:
            return found[0]
    raise ValueError(value)


def parse_types(value) -> tuple[list[str], list[str]]:
    """Type codes from codes or English names, as a list or a comma (or space) list.

    Returns the codes and the values that are neither a known name nor a plausible code.
    """
    items = value if isinstance(value, list) else str(value or "").split(",")
    codes, unknown = [], []
    for item in items:
        said = text(item)
        if not said:
            continue
        code = type_code(said)
        if code:
            codes.append(code)
        elif " " in said and all(type_code(word) for word in said.split()):
            codes.extend(type_code(word) for word in said.split())  # "O D X"
        else:
            unknown.append(said)
    return list(dict.fromkeys(codes)), unknown


@lru_cache(maxsize=4096)
def type_code(said: str) -> str | None:
    code = meeting_types.code_for(said) or TYPE_ALIASES.get(said.casefold())
    if code is None and PLAUSIBLE_CODE.fullmatch(said):
        code = said
    return code


def parse_updated(value) -> datetime:
    """An aware UTC instant from "2022-07-09 19:32:28", "2020-04-0416:50:58" or ISO 8601.

    Times without an offset are UTC, as TSML writes them.
    """
    said = _GLUED_DATE.sub(r"\1 ", str(value).strip())
    parsed = datetime.fromisoformat(said)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_coordinate(value, limit: float) -> float:
    """A latitude (limit 90) or longitude (limit 180) from a number or a string."""
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value.strip() if isinstance(value, str) else value)
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(value)
    return number


def parse_flag(value) -> bool:
    """True or False from a boolean, a number, "yes"/"no" or "true"/"false"."""
    if isinstance(value, bool | int | float):
        return bool(value)
    said = str(value).strip().lower()
    if said in ("yes", "y", "true", "1", "on"):
        return True
    if said in ("no", "n", "false", "0", "off"):
        return False
    raise ValueError(value)


def http_url(value: str) -> str:
    """An http(s) URL; a bare domain like "zoom.us/j/1" gets https:// in front."""
    if _DOMAIN.fullmatch(value) and "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(value)
    return value


def email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(value)
    return value


def handle(value: str, prefix: str) -> str:
    """A Venmo @handle, Cash App $cashtag or PayPal.me name (prefix ""), from it or its URL."""
    bare = _HANDLE_URL.sub("", value.strip()).strip("/")
    if prefix:
        bare = bare.removeprefix(prefix)
    if not re.fullmatch(r"[A-Za-z0-9][\w-]{0,59}", bare):
        raise ValueError(value)
    return prefix + bare


def emails(value) -> tuple[list[str], list[str]]:
    """Addresses from a string (comma, semicolon or space separated) or a list."""
    items = value if isinstance(value, list) else re.split(r"[\s,;]+", str(value or ""))
    good, bad = [], []
    for item in items:
        said = text(item)
        if said:
            (good if _EMAIL.fullmatch(said) else bad).append(said)
    return list(dict.fromkeys(good)), bad


def slugify(value: str, prefix: str = "meeting") -> str:
    """A URL slug of [a-z0-9-]; a name with no Latin letters gets a stable hashed one."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")
    if not slug and value.strip():
        slug = f"{prefix}-{hashlib.sha1(value.strip().encode()).hexdigest()[:8]}"
    return slug[:180].strip("-")


def zone_name(value: str) -> str | None:
    """The IANA zone a name stands for, case-insensitively, or None."""
    return _zones().get(value.strip().casefold())


@cache
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def attendance(option: str | None, conference: bool, real_address: bool, closed: bool) -> str:
    """TSML UI's rule when a feed gives no attendance_option.

    The location is attended in person when the meeting has a real (not approximate)
    address and is not temporarily closed (TC); conference details make it online, or
    hybrid with an in-person location; with neither it is inactive.
    """
    if option:
        return option
    in_person = real_address and not closed
    if conference:
        return "hybrid" if in_person else "online"
    return "in_person" if in_person else "inactive"


def is_approximate(address: str | None) -> bool:
    """TSML UI's guess when a feed does not say: fewer than four parts is a town or area.

    A first part with a number in it ("1 High St, Lewes BN7 2AA, UK") is a street anyway.
    """
    if not address:
        return True
    parts = [part for part in address.split(",") if part.strip()]
    return len(parts) < 4 and not any(char.isdigit() for char in parts[0])


@dataclass
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


@dataclass
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
        listing = _RowReader(record, where, zone, warnings).listing()
        if listing is not None:
            found.append(listing)
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

    def checked(self, key: str, parse, problem: str, *args):
        said = self.get(key)
        if said is None:
            return None
        try:
            return parse(said, *args)
        except ValueError:
            self.warn(key, f'"{said}" {problem}; left out')
            return None

    def listing(self) -> Listing | None:
        name = self.get("name") or self.get("group") or self.get("location")
        slug = slugify(self.get("slug") or "") or slugify(name or "")
        if not name or not slug:
            self.warn("name", "is missing; row skipped")
            return None
        listing = Listing(self.label, self.warn, slug=slug, name=name, timezone=self.zone_name())
        listing.weekdays, listing.start_time, listing.end_time = self.when()
        listing.conference_url = self.checked("conference_url", http_url, "is not a web address")
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
        """Outermost first: `regions`, else region > sub_region, else the city (as TSML UI)."""
        given = self.record.get("regions")
        names = [text(name) for name in given] if isinstance(given, list) else [text(given)]
        if not any(names):
            names = [self.get(key) for key in ("region", "sub_region", "sub_sub_region")]
        if not any(names):
            names = [self.get("city")]
        return tuple(name for name in names if name)

    def group_details(self) -> dict:
        return {
            "description": self.get("group_notes", multiline=True),
            "district": self.get("district"),
            "email": self.checked("email", email, "is not an email address"),
            "phone": self.get("phone"),
            "website": self.checked("website", http_url, "is not a web address"),
            "venmo": self.checked("venmo", handle, "is not a Venmo @handle", "@"),
            "square": self.checked("square", handle, "is not a Cash App $cashtag", "$"),
            "paypal": self.checked("paypal", handle, "is not a PayPal.me name", ""),
        }

    def entity(self) -> dict:
        url_key = "entity_url" if self.get("entity_url") else "entity_website_url"
        found = {
            "entity": self.get("entity"),
            "entity_email": self.checked("entity_email", email, "is not an email address"),
            "entity_phone": self.get("entity_phone"),
            "entity_location": self.get("entity_location"),
            "entity_url": self.checked(url_key, http_url, "is not a web address"),
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
