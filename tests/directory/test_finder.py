"""The finder a person uses on a phone: now and soon, the filtered list, bad input."""

import re
from datetime import UTC, date, datetime, time

import pytest

from meetings.core.database import db
from meetings.directory.locations import Region
from meetings.directory.occurrences import DateChange

# Wednesday 2 December 2026, 18:30 in London (GMT, so UTC too).
WEDNESDAY_EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)


def read(response):
    """The page's text with Babel's narrow spaces made plain, as a reader sees it."""
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def names(html):
    return re.findall(r'class="name" href="[^"]+">([^<]+)</a>', html)


def section(html, title):
    part = html.split(f">{title}</h2>", 1)[1]
    return names(part.split("</section>", 1)[0])


@pytest.fixture
def evening(at):
    return at(WEDNESDAY_EVENING)


def test_front_page_shows_now_soon_and_later_in_order(client, make_meeting, evening):
    make_meeting(name="Ended", weekdays=[3], start_time=time(17), end_time=time(18))
    make_meeting(name="Running", weekdays=[3], start_time=time(18), end_time=time(19, 30))
    make_meeting(name="At Eight", weekdays=[3], start_time=time(20), end_time=time(21))
    make_meeting(name="At Seven", weekdays=[3], start_time=time(19), end_time=time(20))
    make_meeting(name="Late", weekdays=[3], start_time=time(22), end_time=time(23))
    make_meeting(name="Thursday Early", weekdays=[4], start_time=time(0, 30), end_time=time(1))
    make_meeting(name="Thursday Noon", weekdays=[4], start_time=time(12), end_time=time(13))
    make_meeting(name="Closed For Now", weekdays=[3], start_time=time(19), attendance="inactive")
    html = read(client.get("/"))
    assert section(html, "In progress") == ["Running"]
    assert section(html, "Starting soon") == ["At Seven", "At Eight"]
    assert section(html, "Later today") == ["Late"]
    assert section(html, "After midnight") == ["Thursday Early"]
    assert "Ended" not in html and "Thursday Noon" not in html and "Closed For Now" not in html


def test_front_page_late_at_night_wraps_past_midnight(client, make_meeting, at):
    at(datetime(2026, 12, 2, 23, 0, tzinfo=UTC))
    make_meeting(name="Small Hours", weekdays=[4], start_time=time(2), end_time=time(3))
    html = read(client.get("/"))
    assert section(html, "After midnight") == ["Small Hours"]


def test_online_meeting_shows_readers_time_and_its_own(client, make_meeting, evening):
    make_meeting(
        name="Brooklyn Online",
        attendance="online",
        timezone="America/New_York",
        weekdays=[3],
        start_time=time(14),
        end_time=time(15),
        conference_url="https://zoom.us/j/1",
    )
    client.set_cookie("tz", "Europe/Madrid")  # the reader's browser is in Madrid
    html = read(client.get("/meetings?tz=Europe/Madrid"))
    # 14:00 in New York is 19:00 UTC, 20:00 in Madrid.
    assert "8:00 PM" in html and "your time · 2:00 PM New York" in html


def test_in_person_meeting_keeps_its_own_time(client, make_meeting, evening):
    make_meeting(name="Lewes Hall", weekdays=[3], start_time=time(20), end_time=time(21))
    html = read(client.get("/meetings?tz=America/New_York"))
    assert "8:00 PM" in html and "your time" not in html


def test_reader_zone_is_remembered_from_the_cookie(client, make_meeting, evening):
    make_meeting(name="Online", attendance="online", weekdays=[3], start_time=time(20))
    client.set_cookie("tz", "Asia/Kolkata")
    html = read(client.get("/meetings"))
    assert 'data-tz="Asia/Kolkata"' in html and "1:30 AM" in html


def test_day_filter_lists_that_day_sorted_from_now(client, make_meeting, evening):
    make_meeting(name="Monday Night", weekdays=[1], start_time=time(20))
    make_meeting(name="Monday Morning", weekdays=[1], start_time=time(7))
    make_meeting(name="Wednesday", weekdays=[3], start_time=time(20))
    make_meeting(name="Mon Wed Fri", weekdays=[1, 3, 5], start_time=time(6))
    html = read(client.get("/meetings?day=1"))
    assert names(html) == ["Mon Wed Fri", "Monday Morning", "Monday Night"]
    both = names(read(client.get("/meetings?day=1&day=3")))
    assert both == ["Wednesday", "Mon Wed Fri", "Monday Morning", "Monday Night"]


def test_online_day_filter_is_in_the_readers_zone(client, make_meeting, evening):
    # Monday 23:00 in New York is Tuesday 04:00 in London.
    make_meeting(
        name="NY Late",
        attendance="online",
        timezone="America/New_York",
        weekdays=[1],
        start_time=time(23),
    )
    assert names(read(client.get("/meetings?day=2&tz=Europe/London"))) == ["NY Late"]
    assert names(read(client.get("/meetings?day=1&tz=America/New_York"))) == ["NY Late"]
    assert names(read(client.get("/meetings?day=1&tz=Europe/London"))) == []


@pytest.mark.parametrize(
    ("time_filter", "expected"),
    [
        ("morning", ["Seven AM"]),
        ("midday", ["Noon"]),
        ("afternoon", ["Noon", "Three PM"]),
        ("evening", ["Eight PM"]),
        ("night", ["Eleven PM", "Two AM"]),
        ("22:00-03:00", ["Eleven PM", "Two AM"]),
        ("11:30-12:30", ["Noon"]),
    ],
)
def test_time_filter(client, make_meeting, evening, time_filter, expected):
    for name, hour in [
        ("Seven AM", 7),
        ("Noon", 12),
        ("Three PM", 15),
        ("Eight PM", 20),
        ("Eleven PM", 23),
        ("Two AM", 2),
    ]:
        make_meeting(name=name, weekdays=[5], start_time=time(hour), end_time=None)
    html = read(client.get(f"/meetings?time={time_filter}"))
    assert sorted(names(html)) == sorted(expected)


def test_type_filter_requires_every_type(client, make_meeting, evening):
    make_meeting(name="Open Discussion", types="O D")
    make_meeting(name="Open Speaker", types="O SP")
    make_meeting(name="Closed Women", types="C W")
    assert names(read(client.get("/meetings?type=O"))) == ["Open Discussion", "Open Speaker"]
    assert names(read(client.get("/meetings?type=O&type=SP"))) == ["Open Speaker"]


def test_attendance_filter_counts_hybrid_both_ways(client, make_meeting, evening):
    make_meeting(name="Hall", attendance="in_person")
    make_meeting(name="Zoom", attendance="online", conference_url="https://zoom.us/j/1")
    make_meeting(name="Both", attendance="hybrid", conference_url="https://zoom.us/j/2")

    def listed(value):
        return sorted(names(read(client.get(f"/meetings?attendance={value}"))))

    assert listed("online") == ["Both", "Zoom"]
    assert listed("in_person") == ["Both", "Hall"]
    assert listed("hybrid") == ["Both"]


def test_region_filter_includes_sub_regions(client, make_meeting, make_location, evening):
    sussex = Region(slug="sussex", name="Sussex")
    lewes = Region(slug="lewes", name="Lewes", parent=sussex)
    kent = Region(slug="kent", name="Kent")
    db.session.add_all([sussex, lewes, kent])
    db.session.commit()
    make_meeting(name="In Lewes", location=make_location(region_id=lewes.id))
    make_meeting(name="In Sussex", location=make_location(region_id=sussex.id))
    make_meeting(name="In Kent", location=make_location(region_id=kent.id))
    assert sorted(names(read(client.get("/meetings?region=sussex")))) == ["In Lewes", "In Sussex"]
    assert names(read(client.get("/meetings?region=lewes"))) == ["In Lewes"]


def test_text_search_looks_at_names_places_groups_and_types(
    client, make_meeting, make_group, make_location, evening
):
    make_meeting(name="Serenity Speaker")
    make_meeting(name="Pier Group", location=make_location(address="9 Marine Parade, Brighton"))
    make_meeting(name="Friday Club", group=make_group(name="Hove Serenity Fellowship"))
    make_meeting(name="Women Only", types="C W")

    def found(q):
        return sorted(names(read(client.get("/meetings", query_string={"q": q}))))

    assert found("serenity") == ["Friday Club", "Serenity Speaker"]
    assert found("marine parade") == ["Pier Group"]
    assert found("women") == ["Women Only"]
    assert found("100%_") == []


def test_near_lists_what_is_within_reach_and_shows_the_distance(
    client, make_meeting, make_location, evening
):
    make_meeting(name="Brighton", location=make_location(latitude=50.8225, longitude=-0.1372))
    make_meeting(name="Lewes", location=make_location(latitude=50.8739, longitude=0.0088))
    make_meeting(name="London", location=make_location(latitude=51.5072, longitude=-0.1276))
    html = read(client.get("/meetings?near=50.87,0.01", headers={"Accept-Language": "en-IE"}))
    assert names(html) == ["Brighton", "Lewes"]  # within reach, soonest (here: by name) first
    assert "0.4 km" in html
    near = read(client.get("/meetings?near=50.87,0.01&distance=20"))
    assert names(near) == ["Brighton", "Lewes"]
    far = read(client.get("/meetings?near=50.87,0.01&distance=100"))
    assert names(far) == ["Brighton", "Lewes", "London"]


@pytest.mark.parametrize(
    ("accept", "query", "shown", "choice"),
    [
        ("en-US,en;q=0.8", "", "7.2 mi", '<option value="8.047">5 mi</option>'),
        ("en-GB", "", "7.2 mi", '<option value="1.609">1 mi</option>'),
        ("en-AU", "", "11.6 km", '<option value="5">5 km</option>'),
        ("sv-SE", "&lang=sv", "11,6 km", '<option value="10">10 km</option>'),
        ("", "&lang=ar", "11.6 كم", '<option value="25">25 كم</option>'),
        ("en-US", "&distance=20", "7.2 mi", '<option value="20" selected>12.4 mi</option>'),
    ],
)
def test_distances_are_in_the_readers_unit_and_language(
    client, make_meeting, make_location, evening, accept, query, shown, choice
):
    make_meeting(name="Brighton", location=make_location(latitude=50.8225, longitude=-0.1372))
    response = client.get(f"/meetings?near=50.87,0.01{query}", headers={"Accept-Language": accept})
    html = read(response)
    assert "Brighton" in html and shown in html
    assert choice in html


@pytest.mark.parametrize(
    ("accept", "first", "last"),
    [
        ("en-US", "Sun", "Sat"),
        ("en-GB", "Mon", "Sun"),
        ("fr-FR", "lun.", "dim."),
        ("ar-EG", "السبت", "الجمعة"),
    ],
)
def test_day_filter_starts_the_week_where_the_reader_does(client, accept, first, last, evening):
    html = read(client.get("/meetings", headers={"Accept-Language": accept}))
    days = re.findall(r'name="day" value="\d"> ([^<]+)</label>', html)
    assert len(days) == 7 and days[0] == first and days[-1] == last


def test_filters_combine_and_the_count_is_shown(client, make_meeting, evening):
    make_meeting(name="Match", weekdays=[5], start_time=time(19), types="O W")
    make_meeting(name="Wrong Day", weekdays=[4], start_time=time(19), types="O W")
    make_meeting(name="Wrong Type", weekdays=[5], start_time=time(19), types="O")
    html = read(client.get("/meetings?day=5&time=evening&type=W&type=O"))
    assert names(html) == ["Match"] and "1 meeting<" in html


def test_list_is_paged(app, client, make_meeting, evening):
    app.config["PAGE_SIZE"] = 2
    for hour in range(8, 13):
        make_meeting(name=f"At {hour}", weekdays=[4], start_time=time(hour))
    first = read(client.get("/meetings?type=O"))
    assert names(first) == ["At 8", "At 9"] and "5 meetings" in first
    assert 'rel="next" href="/meetings?page=2&amp;type=O' in first
    last = read(client.get("/meetings?type=O&page=3"))
    assert names(last) == ["At 12"] and 'rel="next"' not in last
    assert client.get("/meetings?page=4").status_code == 404


def test_empty_state_suggests_which_filter_to_loosen(client, make_meeting, evening):
    make_meeting(name="Tuesday", weekdays=[2], types="O")
    response = client.get("/meetings?day=4&type=O")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and names(html) == []
    assert "Without the day filter" in html and 'href="/meetings?type=O' in html


def test_filter_form_works_without_script_and_keeps_state(client, make_meeting, evening):
    make_meeting()
    html = read(client.get("/meetings?day=1&time=evening&type=O&q=hall"))
    form = html.split('<form class="filters"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form and "csrf" not in form
    assert 'name="day" value="1" checked' in form
    assert '<option value="evening" selected>' in form
    assert 'name="type" value="O" checked' in form and 'value="hall"' in form


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("day=9", "day"),
        ("day=monday", "day"),
        ("time=zz", "time"),
        ("time=25:00-26:00", "time"),
        ("near=xqzw%20qq", "near"),
        ("near=91,0", "near"),
        ("tz=Mars/Base", "tz"),
        ("distance=5", "distance"),
        ("near=1,1&distance=-3", "distance"),
        ("type=NOPE", "type"),
        ("attendance=teleport", "attendance"),
        ("region=atlantis", "region"),
        ("page=0", "page"),
        ("colour=blue", "colour"),
        ("q=" + "x" * 300, "q"),
    ],
)
def test_bad_filters_get_a_400_page_that_says_what_was_wrong(client, query, parameter, evening):
    response = client.get(f"/meetings?{query}&type=O")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"Show results without “{parameter}”" in html
    assert 'role="alert"' in html


def test_missing_meeting_is_a_friendly_404(client):
    response = client.get("/meetings/no-such-meeting")
    assert response.status_code == 404
    assert "There is no meeting at this address" in response.get_data(as_text=True)


def test_meeting_page_says_when_where_and_how(
    client, make_meeting, make_group, make_location, evening
):
    group = make_group(name="Lewes Fellowship", venmo="@lewes-aa", paypal="lewesaa")
    meeting = make_meeting(
        name="Thursday Hybrid",
        group=group,
        attendance="hybrid",
        weekdays=[4],
        start_time=time(19),
        end_time=time(20, 30),
        types="O BE",
        conference_url="https://zoom.us/j/123",
        conference_phone="+1 929 205 6099,,123#",
        notes="Use the side door.",
        location=make_location(notes="Step-free entrance."),
    )
    html = read(client.get(f"/meetings/{meeting.slug}"))
    assert "Tomorrow" in html and "7:00 PM" in html
    assert "Thursday, 7:00 – 8:30 PM (London time)" in html
    assert "1 High St, Lewes BN7 2AA, UK" in html and "Step-free entrance." in html
    assert "https://www.openstreetmap.org/directions?to=50.873%2C0.009" in html
    assert 'href="geo:50.873,0.009' in html
    assert 'href="https://zoom.us/j/123"' in html
    assert 'href="tel:+19292056099,,123%23"' in html
    assert "Newcomer" in html and "Open: anyone may come" in html
    assert "Use the side door." in html
    assert 'href="/groups/' in html and "Lewes Fellowship" in html
    assert 'href="https://venmo.com/lewes-aa"' in html and "paypal.me/lewesaa" in html
    assert "Last updated" in html
    assert "<iframe" not in html


def test_meeting_page_shows_a_cancelled_date(client, make_meeting, evening):
    meeting = make_meeting(weekdays=[4], start_time=time(19))
    db.session.add(DateChange(meeting=meeting, date=date(2026, 12, 3), status="cancelled"))
    db.session.commit()
    html = read(client.get(f"/meetings/{meeting.slug}"))
    assert "Cancelled this time" in html
    assert "Cancelled on Thursday, December 3, 2026." in html


def test_moved_date_shows_its_new_time(client, make_meeting, evening):
    meeting = make_meeting(weekdays=[4], start_time=time(19))
    db.session.add(
        DateChange(
            meeting=meeting,
            date=date(2026, 12, 3),
            status="moved",
            moved_start=datetime(2026, 12, 3, 20, 30),
        )
    )
    db.session.commit()
    html = read(client.get(f"/meetings/{meeting.slug}"))
    assert "Moved this time" in html and "8:30 PM" in html


def test_removed_meeting_is_not_listed(client, make_meeting, evening):
    meeting = make_meeting(name="Gone", removed_at=WEDNESDAY_EVENING)
    assert "Gone" not in read(client.get("/meetings"))
    assert client.get(f"/meetings/{meeting.slug}").status_code == 404


def test_group_page_lists_its_meetings(client, make_meeting, make_group, evening):
    group = make_group(name="Harbour Group", description="We meet by the harbour.")
    make_meeting(name="Harbour Monday", group=group, weekdays=[1])
    make_meeting(name="Harbour Friday", group=group, weekdays=[5])
    make_meeting(name="Elsewhere")
    html = read(client.get(f"/groups/{group.slug}"))
    assert names(html) == ["Harbour Friday", "Harbour Monday"]  # on a Wednesday: next first
    assert "We meet by the harbour." in html
    assert client.get("/groups/nobody").status_code == 404


def test_pages_advertise_the_json_feed_and_keep_filters(client, make_meeting, evening):
    make_meeting()
    html = read(client.get("/meetings?day=1&type=O"))
    assert re.search(
        r'<link rel="alternate" type="application/json" title="Meetings Feed" '
        r'href="http://localhost/meetings.json\?day=1&amp;type=O">',
        html,
    )


def test_user_text_is_escaped(client, make_meeting, make_group, evening):
    meeting = make_meeting(
        name="<script>alert(1)</script>",
        notes="<b>bold</b>",
        group=make_group(name="<img src=x onerror=alert(1)>"),
    )
    html = read(client.get(f"/meetings/{meeting.slug}"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "<b>bold" not in html


def test_unsafe_conference_links_are_not_linked(client, make_meeting, evening):
    meeting = make_meeting(attendance="online", conference_url="javascript:alert(1)")
    html = read(client.get(f"/meetings/{meeting.slug}"))
    assert "javascript:" not in html


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.get_data(as_text=True)


def test_request_log_has_no_ip_addresses(app, caplog):
    import logging

    from werkzeug.serving import WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        def __init__(self):
            self.client_address = ("203.0.113.9", 5000)
            self.requestline = "GET / HTTP/1.1"

    with caplog.at_level(logging.INFO, logger="werkzeug"):
        Handler().log_request(200, 10)
    assert "203.0.113.9" not in caplog.text and "GET / HTTP/1.1" in caplog.text


def test_list_offers_subscriptions_and_ticking_meetings(client, make_meeting, evening):
    meeting = make_meeting(name="Tickable")
    html = read(client.get("/meetings?type=O"))
    form = html.split('<form class="mine"', 1)[1].split("</form>", 1)[0]
    assert 'action="/my-meetings"' in form and 'method="get"' in form
    assert f'name="meeting" value="{meeting.slug}"' in form
    assert 'href="webcal://localhost/meetings.ics?type=O' in html
    assert "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Flocalhost%2Fmeetings.ics" in html
    page = read(client.get(f"/meetings/{meeting.slug}"))
    assert f'href="webcal://localhost/meetings/{meeting.slug}.ics"' in page
    group = read(client.get(f"/groups/{meeting.group.slug}"))
    assert f'href="webcal://localhost/groups/{meeting.group.slug}.ics"' in group


def test_in_person_meeting_in_another_zone_names_its_city(client, make_meeting, evening):
    make_meeting(name="Berlin Hall", weekdays=[3], start_time=time(21), timezone="Europe/Berlin")
    make_meeting(name="Lewes Hall", weekdays=[3], start_time=time(21))
    html = read(client.get("/meetings?tz=Europe/London"))
    berlin = html.split("Berlin Hall", 1)[0].rsplit('<li class="meeting', 1)[1]
    lewes = html.split("Lewes Hall", 1)[0].rsplit('<li class="meeting', 1)[1]
    assert "9:00 PM" in berlin and "Berlin time" in berlin
    assert "9:00 PM" in lewes and "time</span>" not in lewes


def test_language_links_keep_every_filter_and_survive_odd_parameters(client, evening):
    html = read(client.get("/meetings?day=1&day=3&type=O"))
    assert 'href="/meetings?day=1&amp;day=3&amp;type=O&amp;lang=es" lang="es"' in html
    for odd in ("endpoint=x", "_anchor=x", "_external=1", "lang=xx"):
        for path in ("/", "/meetings/no-such-meeting"):
            response = client.get(f"{path}?{odd}")
            assert response.status_code in (200, 400, 404), (path, odd)
            assert 'lang="es" hreflang="es"' in read(response) and "#x" not in read(response)


def test_language_is_chosen_switched_and_remembered(client, make_meeting, evening):
    make_meeting()
    english = read(client.get("/meetings?type=O"))
    assert '<html lang="en"' in english
    assert 'href="/meetings?type=O&amp;lang=es" lang="es"' in english
    spanish = client.get("/meetings?type=O&lang=es")
    assert '<html lang="es"' in read(spanish)
    assert "lang=es" in spanish.headers["Set-Cookie"]
    assert '<html lang="es"' in read(client.get("/meetings"))
    browser = client.application.test_client()
    french = browser.get("/", headers={"Accept-Language": "fr-CH, en;q=0.5"})
    assert '<html lang="fr"' in read(french)
