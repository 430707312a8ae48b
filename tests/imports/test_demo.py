"""The demo directory is realistic and valid."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetings.core import schedule, types
from meetings.core.database import db
from meetings.directory.locations import Region
from meetings.directory.models import ATTENDANCE_OPTIONS, Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.imports import demo, demo_places

LANGUAGES = {"EN", "S", "FR", "DE", "POL", "HI"}
NOW = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night clocks go forward in Europe


def listed():
    return db.session.scalars(db.select(Meeting).where(Meeting.removed_at.is_(None))).all()


@pytest.fixture
def loaded(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_command_loads_a_large_directory(loaded):
    count = len(listed())
    assert count >= 150
    assert f"Loaded a demo directory of {count} meetings." in loaded.output


def test_demo_covers_the_week_and_the_day(loaded):
    meetings = listed()
    assert {day for m in meetings for day in m.weekdays} == set(range(7))
    minutes = {schedule.minute_of_day(m.start_time) for m in meetings}
    for start, end in ((4 * 60, 11 * 60), (11 * 60, 13 * 60), (17 * 60, 21 * 60)):
        assert any(start <= minute < end for minute in minutes)
    assert any(minute >= 21 * 60 or minute < 4 * 60 for minute in minutes)
    assert any(m.end_time < m.start_time for m in meetings), "none runs past midnight"
    assert any(len(m.weekdays) > 1 for m in meetings)


def test_demo_has_every_way_to_attend_languages_and_zones(loaded):
    meetings = listed()
    assert {m.attendance for m in meetings} == set(ATTENDANCE_OPTIONS)
    assert len({code for m in meetings for code in m.type_codes} & LANGUAGES) >= 3
    assert len({m.timezone for m in meetings}) >= 3
    in_person = {m.timezone for m in meetings if m.attendance == "in_person"}
    online = {m.timezone for m in meetings if m.attendance == "online"}
    assert online - in_person, "online meetings should reach other time zones"


def test_demo_meetings_are_valid(loaded):
    meetings = listed()
    assert len({m.slug for m in meetings}) == len(meetings)
    for meeting in meetings:
        ZoneInfo(meeting.timezone)
        assert meeting.weekdays and meeting.start_time and meeting.end_time
        assert all(types.is_known(code) for code in meeting.type_codes), meeting.types
        assert meeting.location and meeting.location.has_coordinates
        assert meeting.location.timezone == meeting.timezone
        if meeting.is_online:
            assert meeting.conference_url.startswith("https://zoom.us/j/")
            assert meeting.conference_phone
        else:
            assert meeting.conference_url is None
        if meeting.attendance != "online":
            assert meeting.location.address and not meeting.location.approximate


def test_demo_groups_regions_and_contacts(loaded):
    groups = db.session.scalars(db.select(Group)).all()
    assert 15 <= len(groups) <= 30
    assert all(g.description and g.listed_meetings for g in groups)
    assert all(g.email.endswith("@example.org") for g in groups if g.email)
    assert any(g.venmo and g.venmo.startswith("@") for g in groups)
    assert any(g.square and g.square.startswith("$") for g in groups)
    assert any(g.paypal for g in groups)
    assert any(g.contribution_url and g.contribution_url.startswith("https://") for g in groups)
    regions = db.session.scalars(db.select(Region)).all()
    assert sum(r.parent is None for r in regions) >= 3
    assert all(m.location.region.parent is not None for m in listed())


@pytest.mark.parametrize("now", [datetime.now(UTC), NOW], ids=["today", "clocks-change"])
def test_demo_date_changes_fall_on_upcoming_meeting_days(app, now):
    demo.load(now)
    changes = db.session.scalars(db.select(DateChange)).all()
    assert {"cancelled", "moved"} <= {c.status for c in changes}
    for change in changes:
        meeting = change.meeting
        assert schedule.weekday(change.date) in meeting.weekdays
        assert change.date > now.astimezone(meeting.zone).date()
        if change.status == "moved":
            assert change.moved_start.tzinfo is None
            assert change.moved_start.date() == change.date
    cancelled = next(c for c in changes if c.status == "cancelled")
    upcoming = cancelled.meeting.occurrences(now, now + (cancelled.date - now.date()) * 2)
    assert any(o.cancelled and o.due.date() == cancelled.date for o in upcoming)


def test_demo_if_empty_adds_nothing_to_a_listed_directory(loaded, runner):
    before = len(listed())
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has meetings" in result.output
    assert len(listed()) == before


def test_demo_if_empty_loads_an_empty_directory(runner):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert len(listed()) >= 150


def test_demo_twice_says_so(loaded, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "already loaded" in result.output


def test_demo_is_deterministic(app):
    assert not set(demo_places.VENUES) & set(demo_places.TOWNS), "a venue key would read as a town"
    regions = demo.ensure_regions()

    def snapshot():
        return [
            (m.slug, m.group.slug, m.days, m.start_time, m.types, m.conference_url)
            for m in demo.build(NOW, regions, set())
        ]

    assert snapshot() == snapshot()


def test_demo_loads_beside_an_imported_directory(app, make_meeting, make_group):
    make_meeting(slug="happy-hour-friday", group=make_group(slug="grupo-gracia"))
    count = demo.load(NOW)
    assert len(listed()) == count + 1
    renamed = db.session.scalar(db.select(Meeting).where(Meeting.slug == "happy-hour-friday-2"))
    assert renamed.group.name == "Barcelona English-Speaking Group"
    assert [change.status for change in renamed.date_changes] == ["moved"]
    assert db.session.scalar(db.select(Group).where(Group.slug == "grupo-gracia-2"))
