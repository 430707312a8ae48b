"""Weekly local times become the right instants, across zones and daylight-saving changes."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetings import schedule

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Phoenix",
    "America/St_Johns",
    "Pacific/Chatham",
    "UTC",
]
instants = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)


def brute_force_slots(now, zone_name, mask, start_minute, minutes_long):
    zone = ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    found = []
    for ahead in range(-1, 8):
        day = today + timedelta(days=ahead)
        if not mask & (1 << schedule.weekday(day)):
            continue
        local = datetime.combine(day, time(start_minute // 60, start_minute % 60), tzinfo=zone)
        instant = int(local.timestamp()) // 60
        if instant + minutes_long > int(now.timestamp()) // 60:
            found.append(instant)
    return found


@settings(max_examples=400, deadline=None)
@given(
    now=instants,
    zone_name=st.sampled_from(ZONES),
    mask=st.integers(1, 127),
    start_minute=st.integers(0, 24 * 60 - 1),
    minutes_long=st.integers(1, 240),
)
def test_slots_agree_with_zoneinfo(now, zone_name, mask, start_minute, minutes_long):
    clock = schedule.WeekClock(now)
    fast = list(clock.slots(zone_name, mask, start_minute, minutes_long))
    assert fast == brute_force_slots(now, zone_name, mask, start_minute, minutes_long)


@settings(max_examples=400, deadline=None)
@given(now=instants, zone_name=st.sampled_from(ZONES), ahead=st.integers(-1400, 11000))
def test_locate_agrees_with_zoneinfo(now, zone_name, ahead):
    clock = schedule.WeekClock(now)
    instant = clock.minute + ahead
    local = datetime.fromtimestamp(instant * 60, UTC).astimezone(ZoneInfo(zone_name))
    expected = (schedule.weekday(local.date()), local.hour * 60 + local.minute)
    assert clock.days_of(zone_name).locate(instant) == expected


def test_spring_forward_keeps_the_wall_clock():
    # London moves from GMT to BST on 2027-03-28: a Sunday 10:00 meeting is 09:00 UTC after.
    before = datetime(2027, 3, 27, 12, tzinfo=UTC)
    clock = schedule.WeekClock(before)
    (first, *_) = clock.slots("Europe/London", schedule.day_mask([0]), 600, 60)
    assert clock.to_datetime(first) == datetime(2027, 3, 28, 9, tzinfo=UTC)


def test_weekdays_and_masks_round_trip():
    assert schedule.weekdays(schedule.day_mask([0, 3, 6])) == [0, 3, 6]
    assert schedule.day_mask([]) == 0


def test_length_past_midnight():
    assert schedule.length(time(23, 30), time(0, 30)) == timedelta(hours=1)
    assert schedule.length(time(19), None) is None
