"""Synthetic Meeting Guide feeds of any size, as JSON records or TSML CSV, for imports at scale.

Built from the demo's synthetic directory (same towns, groups, venues and codes), so a
feed of N meetings has N / 4 groups sharing venues and regions like a real intergroup's.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from meetings.core import schedule
from meetings.imports.demo_places import REGIONS
from meetings.imports.synthetic import synthetic

#: when every synthetic feed says it was generated, so that files are reproducible
GENERATED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
CSV_COLUMNS = ("Slug", "Name", "Day", "Time", "End Time", "Timezone", "Types", "Location",
               "Address", "Regions", "Latitude", "Longitude", "Location Notes", "Group",
               "Email", "Conference URL", "Conference URL Notes", "Conference Phone",
               "Conference Phone Notes", "Updated")


def records(count: int, seed: int = 1) -> list[dict]:
    """`count` meetings as a Meeting Guide JSON feed lists them (one record per meeting)."""
    data = synthetic(count, seed, GENERATED)
    names = _region_names()
    found = []
    for meeting in data.meetings:
        group, place = data.groups[meeting["group_id"]], data.locations[meeting["location_id"]]
        found.append({
            "slug": meeting["slug"], "name": meeting["name"],
            "day": schedule.weekdays(meeting["days"]),
            "time": meeting["start_time"].strftime("%H:%M"),
            "end_time": meeting["end_time"].strftime("%H:%M"),
            "timezone": meeting["timezone"], "types": meeting["types"].split(),
            "attendance_option": meeting["attendance"],
            "location": place["name"], "formatted_address": place["address"],
            "approximate": "yes" if place["approximate"] else "no",
            "regions": names[place["region_id"]],
            "latitude": place["latitude"], "longitude": place["longitude"],
            "location_notes": place["notes"], "group": group["name"],
            "email": group["email"],
            **{key: meeting[key] for key in ("conference_url", "conference_url_notes",
                                             "conference_phone", "conference_phone_notes")},
            "updated": meeting["updated"].strftime("%Y-%m-%d %H:%M:%S"),
        })
    return found


def csv_text(feed: list[dict], rows: int | None = None) -> str:
    """The records as a TSML CSV: a row (and a slug) per weekday, regions written "A > B".

    With `rows`, the CSV stops after that many rows.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    keys = [name.lower().replace(" ", "_") for name in CSV_COLUMNS]
    for record in feed:
        for day in record["day"]:
            slug = record["slug"] if len(record["day"]) == 1 else f"{record['slug']}-{day}"
            row = {**record, "slug": slug, "day": schedule_day_name(day),
                   "types": ", ".join(record["types"]),
                   "regions": " > ".join(record["regions"]), "formatted_address": None,
                   "address": record["formatted_address"]}
            writer.writerow(["" if row.get(key) is None else row[key] for key in keys])
            rows = None if rows is None else rows - 1
            if rows == 0:
                return out.getvalue()
    return out.getvalue()


def schedule_day_name(day: int) -> str:
    return ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")[day]


def _region_names() -> dict[str, list[str]]:
    return {child: [name, child_name] for name, children in REGIONS.values()
            for child, child_name in children.items()}
