"""Terms of service as iCalendar events (RFC 5545, RFC 7986), as pure functions.

Written with the meeting feeds' own helpers and by their one VCALENDAR writer
(calendars/ical.py), imported here and in servicefeed.py only, so that if that module
changes these are the places to follow it. Terms of weeks,
months or years are all-day events (DTEND is the day after the last, as RFC 5545 says);
per-meeting terms are timed, at the meeting's real time that day, in its zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from meetings.calendars.ical import (
    end_line,
    escape,
    local_text,
    one_line,
    text,
    utc_text,
)

#: keeps UIDs identical in every feed and on every host, as the meeting feeds do
UID_SUFFIX = "@meetings"


@dataclass(frozen=True)
class TermEvent:
    """One VEVENT: an all-day run of days, or a timed meeting (wall clock in `zone`)."""

    uid: str
    sequence: int
    stamp: datetime  # aware: when anything written here last changed
    summary: str
    first_day: date
    last_day: date
    zone: str | None = None
    start: datetime | None = None  # naive wall clock in zone
    end: datetime | None = None
    description: str = ""
    location: str | None = None
    status: str = "CONFIRMED"
    url: str | None = None

    def sort_key(self) -> tuple:
        return (self.first_day, self.start or datetime.min, self.uid)

    def lines(self) -> list[str]:
        return event_lines(self)

    def times(self):
        return ((self.zone, self.start),)


def term_uid(uid: str) -> str:
    return f"term-{uid}{UID_SUFFIX}"


def day_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def event_lines(event: TermEvent) -> list[str]:
    """The content lines of one VEVENT, in the order the meeting feeds write theirs."""
    stamp = utc_text(event.stamp)
    lines = ["BEGIN:VEVENT", f"SUMMARY:{escape(one_line(event.summary))}"]
    if event.zone:
        lines += [f"DTSTART;TZID={event.zone}:{local_text(event.start)}",
                  end_line(event.start, event.end, event.zone)]
    else:
        after = event.last_day + timedelta(days=1)
        lines += [f"DTSTART;VALUE=DATE:{day_text(event.first_day)}",
                  f"DTEND;VALUE=DATE:{day_text(after)}"]
    lines += [f"DTSTAMP:{stamp}", f"UID:{event.uid}", f"SEQUENCE:{event.sequence}"]
    if event.description:
        lines.append(f"DESCRIPTION:{text(event.description)}")
    lines.append(f"LAST-MODIFIED:{stamp}")
    if event.location:
        lines.append(f"LOCATION:{escape(one_line(event.location))}")
    lines.append(f"STATUS:{event.status}")
    # A term of months should not make its holder look busy all day in their calendar.
    lines.append("TRANSP:OPAQUE" if event.zone else "TRANSP:TRANSPARENT")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines
