"""One clock: setting it moves every "now" the app reads, in every module at once."""

from datetime import UTC, datetime, time, timedelta

import pytest

from meetings.core import clock
from meetings.core.database import db
from meetings.directory.models import Group

WEDNESDAY = 3  # weekdays count from Sunday = 0


def test_a_set_clock_stops_and_runs_again():
    moment = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    clock.set_to(moment)
    try:
        assert clock.utcnow() == moment
    finally:
        clock.set_to(None)
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_clock_refuses_a_naive_instant():
    with pytest.raises(ValueError):
        clock.set_to(datetime(2026, 3, 29, 1, 0))
    assert clock.utcnow().tzinfo is UTC


def test_rows_and_pages_read_the_same_clock(app, client, at, make_meeting):
    moment = at(datetime(2026, 12, 2, 18, 30, tzinfo=UTC))  # a Wednesday evening in London
    meeting = make_meeting(name="Wednesday Hope", weekdays=(WEDNESDAY,), start_time=time(19))
    group = db.session.get(Group, meeting.group_id)
    assert group.created == moment
    assert meeting.created == moment
    page = client.get("/").get_data(as_text=True)
    assert "Wednesday Hope" in page  # starting within the hour of the set clock
    at(moment + timedelta(days=1))
    assert "Wednesday Hope" not in client.get("/").get_data(as_text=True)
