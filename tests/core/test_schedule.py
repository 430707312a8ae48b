"""Weekly local times become the right instants, across zones and daylight-saving changes."""

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

from meetings.core import schedule


def test_local_starts_keep_the_wall_clock_across_daylight_saving():
    # London moves from GMT to BST on 2027-03-28: a Sunday 10:00 meeting is 09:00 UTC after.
    sunday = SimpleNamespace(days=schedule.day_mask([0]), start_time=time(10),
                             timezone="Europe/London")
    starts = list(schedule.local_starts(sunday, datetime(2027, 3, 20, tzinfo=UTC),
                                        datetime(2027, 4, 1, tzinfo=UTC)))
    assert [start.astimezone(UTC) for start in starts] == [
        datetime(2027, 3, 21, 10, tzinfo=UTC), datetime(2027, 3, 28, 9, tzinfo=UTC)
    ]


def test_meetings_by_appointment_have_no_starts():
    appointment = SimpleNamespace(days=0, start_time=None, timezone="UTC")
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert list(schedule.local_starts(appointment, now, now + timedelta(days=30))) == []


def test_weekdays_and_masks_round_trip():
    assert schedule.weekdays(schedule.day_mask([0, 3, 6])) == [0, 3, 6]
    assert schedule.day_mask([]) == 0


def test_length_past_midnight():
    assert schedule.length(time(23, 30), time(0, 30)) == timedelta(hours=1)
    assert schedule.length(time(19), None) is None
