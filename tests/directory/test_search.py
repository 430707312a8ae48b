"""The SQL listing agrees with zoneinfo for every zone, filter and moment, DST included."""

import random
from datetime import UTC, datetime, time, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from meetings.core import schedule
from meetings.core.database import db
from meetings.directory import filters, parameters, search
from meetings.directory.weekly_slots import WeeklySlot

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Phoenix",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
]
#: moments near daylight-saving changes in both hemispheres, and ordinary ones
MOMENTS = [
    datetime(2027, 3, 27, 23, 30, tzinfo=UTC),
    datetime(2027, 3, 14, 5, 0, tzinfo=UTC),
    datetime(2026, 10, 31, 20, 0, tzinfo=UTC),
    datetime(2027, 4, 3, 14, 0, tzinfo=UTC),
    datetime(2026, 10, 3, 12, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    datetime(2026, 12, 2, 18, 30, tzinfo=UTC),
    datetime(2027, 7, 1, 0, 0, tzinfo=UTC),
]


def expected(meetings, query, now, until=None):
    """What the listing should hold, worked out occurrence by occurrence with zoneinfo."""
    found = []
    for meeting in meetings:
        if (
            query.attendance
            and meeting.attendance not in filters.ATTENDANCE_FILTERS[query.attendance]
        ):
            continue
        if until is not None and meeting.attendance == "inactive":
            continue
        shown = filters.display_zone(meeting.attendance, meeting.timezone, query.tz)
        first = None
        for start in schedule.local_starts(meeting, now - timedelta(days=1), now + timedelta(8)):
            if start + meeting.length <= now:
                continue
            local = start.astimezone(schedule.zone(shown))
            if query.days and schedule.weekday(local.date()) not in query.days:
                continue
            minute = local.hour * 60 + local.minute
            if query.time and not _within(minute, query.time):
                continue
            first = int(start.timestamp()) // 60
            break
        if first is None and (query.days or query.time or until is not None):
            continue
        if until is not None and first > int(until.timestamp()) // 60:
            continue
        found.append((first is None, first or 0, meeting.name, meeting.id))
    return [(meeting_id, None if none else first) for none, first, _, meeting_id in sorted(found)]


def _within(minute, window):
    start, end = window
    return start <= minute < end if start < end else minute >= start or minute < end


def random_meetings(rng, make_meeting, count):
    made = []
    for n in range(count):
        days = rng.sample(range(7), rng.choice([1, 1, 1, 2, 3, 7]))
        start = time(rng.randrange(24), rng.choice([0, 15, 30, 45]))
        end = None if rng.random() < 0.3 else time(rng.randrange(24), rng.choice([0, 30]))
        made.append(
            make_meeting(
                name=f"M{n:02d}",
                weekdays=days,
                start_time=start,
                end_time=end,
                timezone=rng.choice(ZONES),
                attendance=rng.choice(["in_person", "online", "hybrid", "inactive"]),
            )
        )
    return made


def random_query(rng):
    args = MultiDict()
    for day in rng.sample(range(7), rng.choice([0, 0, 1, 2])):
        args.add("day", str(day))
    if rng.random() < 0.5:
        args.add("time", rng.choice([*filters.TIME_RANGES, "22:30-01:15", "06:00-06:45"]))
    if rng.random() < 0.3:
        args.add("attendance", rng.choice(list(filters.ATTENDANCE_FILTERS)))
    args.add("tz", rng.choice(ZONES))
    return args


@pytest.mark.parametrize("seed", range(16))
def test_listing_matches_zoneinfo(app, make_meeting, seed):
    rng = random.Random(seed)
    meetings = random_meetings(rng, make_meeting, 25)
    for _ in range(12):
        now = rng.choice(MOMENTS) + timedelta(minutes=rng.randrange(-3000, 3000))
        args = random_query(rng)
        with app.test_request_context("/meetings", query_string=args):
            query = parameters.parse(args)
            got = search.search(query, now)
            until = now + timedelta(hours=rng.choice([2, 8, 30])) if rng.random() < 0.4 else None
            window = search.search(query, now, until=until) if until else None
        assert [(r.meeting_id, r.instant) for r in got.items] == expected(meetings, query, now)
        assert got.total == len(got.items)
        if until:
            assert [(r.meeting_id, r.instant) for r in window.items] == expected(
                meetings, query, now, until
            )


def test_pages_split_the_same_order(app, make_meeting):
    rng = random.Random(7)
    random_meetings(rng, make_meeting, 30)
    now = MOMENTS[0]
    with app.test_request_context("/meetings"):
        query = parameters.parse(MultiDict())
        whole = search.search(query, now).items
        pages = [search.search(query, now, limit=7, offset=o).items for o in range(0, 35, 7)]
        past = search.search(query, now, limit=7, offset=70)
    assert [item for page in pages for item in page] == whole
    assert past.items == [] and past.total == 30


def test_weekly_slots_follow_the_schedule(app, make_meeting):
    meeting = make_meeting(weekdays=[1, 3], start_time=time(23, 30), end_time=time(0, 30))
    assert [(s.weekday, s.week_minute, s.length) for s in meeting.slots] == [
        (1, 1440 + 1410, 60),
        (3, 3 * 1440 + 1410, 60),
    ]
    meeting.weekdays = [5]
    meeting.start_time = time(8)
    db.session.commit()
    assert [(s.weekday, s.week_minute, s.length) for s in meeting.slots] == [
        (5, 5 * 1440 + 480, 990)
    ]
    assert db.session.scalar(db.select(db.func.count(WeeklySlot.weekday))) == 1
