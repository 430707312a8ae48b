"""Synthetic benchmark directories are exactly the size asked for, valid, and seeded."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from meetings.core import types
from meetings.core.database import db
from meetings.directory.models import ATTENDANCE_OPTIONS, Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.imports import demo, synthetic

NOW = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night clocks go forward in Europe


def listed():
    return db.session.scalars(db.select(Meeting).where(Meeting.removed_at.is_(None))).all()


def test_generate_makes_exactly_that_many_valid_meetings(app):
    assert synthetic.generate(1000, seed=3) == 1000
    meetings = listed()
    assert len(meetings) == 1000
    assert len({m.slug for m in meetings}) == 1000
    assert {m.attendance for m in meetings} <= set(ATTENDANCE_OPTIONS)
    assert {"in_person", "online", "hybrid"} <= {m.attendance for m in meetings}
    assert {day for m in meetings for day in m.weekdays} == set(range(7))
    for meeting in meetings:
        ZoneInfo(meeting.timezone)
        assert meeting.weekdays and meeting.start_time and meeting.end_time
        assert all(types.is_known(code) for code in meeting.type_codes), meeting.types
        assert meeting.location.has_coordinates
        assert meeting.is_online == bool(meeting.conference_url)
    assert db.session.scalar(db.select(db.func.count(DateChange.id))) > 0


def test_generate_is_deterministic_and_seeds_differ(app):
    def slugs(seed):
        return [row["slug"] for row in synthetic.synthetic(200, seed, NOW).meetings]

    assert slugs(5) == slugs(5)
    assert not set(slugs(5)) & set(slugs(6))


def test_generate_adds_beside_the_demo_and_refuses_a_repeated_seed(app):
    demo.load(NOW)
    before = len(listed())
    synthetic.generate(40, seed=9, now=NOW)
    assert len(listed()) == before + 40
    with pytest.raises(ValueError, match="seed 9"):
        synthetic.generate(40, seed=9, now=NOW)


def test_generate_nothing(app):
    assert synthetic.generate(0) == 0
    assert listed() == []
    assert db.session.scalars(db.select(Group)).all() == []
