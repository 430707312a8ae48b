"""Text that other parsers read as a line break never splits a content line of any feed."""

import re
from datetime import date, datetime, time

import icalendar
import pytest
from holders import post
from rostering import add_role, add_volunteer, started, take

from meetings.core.database import db
from meetings.directory.locations import Location
from meetings.directory.models import Group
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.rotation.models import ServiceRole, Volunteer

URL = re.compile(r'id="calendar-url"[^>]* value="([^"]+)"')
#: every boundary str.splitlines() knows, and other controls a form would never let through
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x01\x1b\x7f\x9b"  # no NUL: PostgreSQL refuses it


def tricky(word: str) -> str:
    """The word, then each break followed by a marker a split line would start with."""
    return f"{word} " + "".join(f"{ch}X{i}" for i, ch in enumerate(BREAKS))


@pytest.fixture
def feeds(client, at):
    """Every kind of feed of a group whose every text holds line and paragraph separators."""
    slug, meeting = started(client, at)
    role = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01")
    add_role(client, slug, "Coffee", length=3)
    sam = add_volunteer(client, slug, "Sam K.")
    assert take(client, slug, role, "2026-12-03", sam).status_code == 303
    response = post(client, f"/groups/{slug}/roster/calendars", {"whose": "0"})
    group_calendar = "/" + URL.search(response.get_data(as_text=True)).group(1).split("/", 3)[3]
    response = post(client, f"/groups/{slug}/roster/calendars", {"whose": str(sam.id)})
    own_calendar = "/" + URL.search(response.get_data(as_text=True)).group(1).split("/", 3)[3]
    group = db.session.scalar(db.select(Group))
    group.name, group.description = tricky("Group"), tricky("About")
    meeting.name, meeting.notes = tricky("Meeting"), tricky("Notes")
    meeting.conference_phone, meeting.conference_url_notes = tricky("+44 1"), tricky("Join")
    place = db.session.scalar(db.select(Location))
    place.name, place.address, place.notes = tricky("Hall"), tricky("Street"), tricky("Ramp")
    for role in db.session.scalars(db.select(ServiceRole)):
        role.title, role.duties = tricky(role.title), tricky("Duties")
    db.session.scalar(db.select(Volunteer)).name = tricky("S")
    db.session.add_all([
        DateChange(meeting_id=meeting.id, date=date(2026, 12, 10), status="cancelled",
                   note=tricky("Closed")),
        GroupEvent(group_id=group.id, title=tricky("Business"), kind="business",
                   date=date(2026, 12, 20), start_time=time(18), timezone="Europe/London",
                   notes=tricky("Agenda"), location_id=place.id)])
    db.session.commit()
    return {"directory": "/meetings.ics", "meeting": f"/meetings/{meeting.slug}.ics",
            "group": f"/groups/{slug}.ics", "chosen": f"/my-meetings.ics?meeting={meeting.slug}",
            "group service": group_calendar, "own service": own_calendar}


@pytest.mark.parametrize("kind", ["directory", "meeting", "group", "chosen", "group service",
                                  "own service"])
def test_no_content_line_of_any_feed_is_split_by_splitlines(client, feeds, at, kind):
    at(datetime.fromisoformat("2026-12-01T09:00+00:00"))
    response = client.get(feeds[kind])
    assert response.status_code == 200, kind
    body = response.get_data(as_text=True)
    assert body.splitlines() == body.split("\r\n")[:-1]
    unfolded = re.sub(r"\r\n[ \t]", "", body)
    for line in unfolded.splitlines():
        assert re.match(r"[A-Z][A-Z0-9-]*[;:]", line), line
        assert not re.match(r"X\d", line), line
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [(c.name, c.errors) for c in calendar.walk() if c.errors] == []
    texts = [str(event.get(name, "")) for event in calendar.walk("VEVENT")
             for name in ("SUMMARY", "DESCRIPTION", "LOCATION")]
    assert any("X13" in value for value in texts)  # the words are all still there
    assert not any(ch in value for value in texts for ch in BREAKS.replace("\n", ""))
