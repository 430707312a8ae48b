"""`/embed` on a group's own website, and `/groups/<slug>.json` for those who build their own."""

import html
import re
from datetime import UTC, date, datetime, time

import pytest
from holders import start_group

from meetings.core.database import db
from meetings.directory.models import Group
from meetings.directory.occurrences import DateChange
from meetings.web.security import CONTENT_SECURITY_POLICY

#: Monday 2 March 2026, noon in London (GMT)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NAME = re.compile(r'<a class="name" href="([^"]+)" target="_blank" rel="noopener">([^<]+)</a>')
START = re.compile(r'<time class="time" datetime="([^"]+)">([^<]+)</time>')


def page(client, query, status=200, **headers):
    response = client.get(f"/embed?{query}", headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return response, html.unescape(response.get_data(as_text=True))


def names(body):
    return [name for _url, name in NAME.findall(body)]


def starts(body):
    return [value for value, _shown in START.findall(body)]


@pytest.fixture
def hope(at, make_group, make_meeting):
    """A London group: Monday lunch (in progress at noon), Monday evening, Wednesday morning."""
    at(NOON)
    group = make_group(slug="hope", name="Hope Group")
    make_meeting(group=group, name="Lunch", weekdays=(1,), start_time=time(11, 30),
                 end_time=time(12, 30))
    make_meeting(group=group, name="Evening", weekdays=(1,), start_time=time(19, 0))
    make_meeting(group=group, name="Sunrise", weekdays=(3,), start_time=time(7, 30))
    make_meeting(group=group, name="Closed", weekdays=(2,), attendance="inactive")
    make_meeting(group=group, name="Gone", weekdays=(2,), removed_at=NOON)
    make_meeting(name="Other group", weekdays=(1,), start_time=time(13, 0))
    return group


def test_a_group_shows_its_next_dates_in_order_each_linking_to_its_meeting(client, hope):
    _response, body = page(client, "group=hope&limit=5")
    assert names(body) == ["Lunch", "Evening", "Sunrise", "Lunch", "Evening"]
    assert starts(body) == ["2026-03-02T11:30:00+00:00", "2026-03-02T19:00:00+00:00",
                            "2026-03-04T07:30:00+00:00", "2026-03-09T11:30:00+00:00",
                            "2026-03-09T19:00:00+00:00"]
    assert "In progress" in body and "Today" in body and "Wed, Mar 4" in body
    urls = [url for url, _name in NAME.findall(body)]
    assert urls[0].startswith("http://localhost/meetings/")
    assert "Closed" not in names(body) and "Gone" not in body and "Other group" not in body


def test_the_default_is_eight_dates_and_the_limit_is_bounded(client, hope):
    assert len(names(page(client, "group=hope")[1])) == 8
    assert len(names(page(client, "group=hope&limit=2")[1])) == 2
    for wrong in ("0", "31", "many", "²"):
        _response, body = page(client, f"group=hope&limit={wrong}", 400)
        assert "is not a number of meetings: use 1 to 30" in body


def test_cancelled_and_moved_dates_say_so(client, hope):
    evening = next(m for m in hope.meetings if m.name == "Evening")
    sunrise = next(m for m in hope.meetings if m.name == "Sunrise")
    db.session.add(DateChange(meeting=evening, date=date(2026, 3, 2), status="cancelled"))
    db.session.add(DateChange(meeting=sunrise, date=date(2026, 3, 4), status="moved",
                              moved_start=datetime(2026, 3, 5, 8, 0)))
    db.session.commit()
    _response, body = page(client, "group=hope&limit=3")
    assert names(body) == ["Lunch", "Evening", "Sunrise"]
    assert '<li class="meeting cancelled">' in body and "Cancelled this time" in body
    assert "Moved this time" in body and "2026-03-05T08:00:00+00:00" in starts(body)


def test_times_are_in_the_groups_own_zone_unless_a_link_names_one(client, at, make_group,
                                                                  make_meeting, make_location):
    at(NOON)
    group = make_group(slug="brooklyn", name="Brooklyn")
    place = make_location(name="Church", timezone="America/New_York")
    make_meeting(group=group, location=place, name="Hall", timezone="America/New_York",
                 weekdays=(1,), start_time=time(19, 0))
    make_meeting(group=group, name="Zoom", attendance="online", timezone="America/New_York",
                 weekdays=(1,), start_time=time(20, 0))
    _response, body = page(client, "group=brooklyn")  # the instance is in London
    assert START.findall(body)[:2] == [("2026-03-02T19:00:00-05:00", "7:00\u202fPM"),
                                       ("2026-03-02T20:00:00-05:00", "8:00\u202fPM")]
    assert "Online meetings are shown in New York time." in body
    assert "your time" not in body
    _response, body = page(client, "group=brooklyn&tz=Europe/Paris")
    assert ("2026-03-02T20:00:00-05:00", "2:00\u202fAM") in START.findall(body)
    assert "Paris time" in body  # named on the online row and below
    assert "New York time" in body  # the hall keeps its own clock, and says whose


def test_any_filter_of_the_list_chooses_the_meetings(client, hope, make_meeting,
                                                     make_location):
    make_meeting(name="Women", types="W", weekdays=(1, 3), start_time=time(18, 0))
    make_meeting(name="Lewes", weekdays=(5,), location=make_location(region="Lewes"))
    lewes = page(client, "region=lewes&limit=3")[1]
    assert names(lewes) == ["Lewes"] * 3  # a small region's next dates are its weeks ahead
    assert set(names(page(client, "type=W")[1])) == {"Women"}
    wednesdays = page(client, "type=W&day=3")[1]
    assert starts(wednesdays)[:2] == ["2026-03-04T18:00:00+00:00", "2026-03-11T18:00:00+00:00"]
    assert names(page(client, "group=hope&day=3&limit=2")[1]) == ["Sunrise", "Sunrise"]
    everything = names(page(client, "limit=4")[1])
    assert everything == ["Lunch", "Other group", "Women", "Evening"]


def test_nothing_matching_says_so_and_bad_filters_are_explained(client, hope):
    _response, body = page(client, "group=hope&type=W")
    assert "No meetings coming up." in body and not names(body)
    _response, body = page(client, "day=9", 400)
    assert "is not a day" in body
    _response, body = page(client, "page=2", 400)
    assert "Unknown parameter" in body


def test_links_lead_to_the_calendar_feed_and_the_full_list(client, hope, make_location):
    _response, body = page(client, "group=hope&lang=fr")
    assert 'href="webcal://localhost/groups/hope.ics"' in body
    assert 'href="http://localhost/groups/hope.ics"' in body
    assert 'href="http://localhost/groups/hope?lang=fr"' in body
    _response, body = page(client, "type=O&tz=Europe/Paris")
    assert 'href="webcal://localhost/meetings.ics?type=O&tz=Europe/Paris"' in body
    assert 'href="http://localhost/meetings?type=O&tz=Europe/Paris"' in body


def test_the_page_is_in_the_readers_language_and_sets_or_reads_no_cookie(client, hope):
    client.set_cookie("lang", "fr")
    client.set_cookie("zone", "Asia/Tokyo")
    client.set_cookie("tz", "Asia/Tokyo")
    response, body = page(client, "group=hope", **{"Accept-Language": "es"})
    assert '<html lang="es"' in body and "Hoy" in body
    assert "Tokio" not in body and "Tokyo" not in body
    response, body = page(client, "group=hope&lang=sv")
    assert '<html lang="sv"' in body
    for query in ("group=hope&lang=sv", "lang=ar&tz=Europe/Paris", "group=nobody", "day=9"):
        response = client.get(f"/embed?{query}")
        assert "Set-Cookie" not in response.headers, query
        assert "Cookie" not in response.vary, query
        assert "Accept-Language" in response.vary, query
        assert response.headers["Cache-Control"] == "public, max-age=120"


def test_only_the_embed_may_be_framed_by_other_sites(client, hope):
    strict = [part for part in CONTENT_SECURITY_POLICY.split("; ")
              if not part.startswith("frame-ancestors")]
    for query, status in (("group=hope", 200), ("group=nobody", 404), ("limit=x", 400)):
        response = client.get(f"/embed?{query}")
        assert response.status_code == status
        policy = response.headers["Content-Security-Policy"].split("; ")
        assert "frame-ancestors *" in policy
        assert [part for part in policy if not part.startswith("frame-ancestors")] == strict
        assert "X-Frame-Options" not in response.headers
    for path in ("/", "/meetings", "/groups/hope", "/meetings/no-such", "/groups/hope.json"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy.split("; "), path


def test_an_unknown_group_is_a_page_that_still_shows_in_a_frame(client, hope):
    _response, body = page(client, "group=nobody", 404)
    assert "<h1>Not found</h1>" in body and "There is no group at this address." in body
    assert '<header class="site">' not in body and "<script" not in body


def test_the_page_runs_no_script_and_carries_no_form(client, hope):
    _response, body = page(client, "group=hope")
    assert "<script" not in body and "<form" not in body and "csrf" not in body
    assert 'class="embed"' in body and "/static/site.css" in body
    twin = '<link rel="alternate" type="application/json" href="http://localhost/groups/hope.json">'
    assert twin in body


def test_the_manage_page_shows_the_code_to_paste(client):
    start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    body = html.unescape(client.get(f"/groups/{slug}/manage").get_data(as_text=True))
    code = re.search(r'<textarea id="embed-code"[^>]*readonly[^>]*>(.*?)</textarea>', body)
    assert code is not None, body
    snippet = code.group(1)
    assert f'src="http://localhost/embed?group={slug}"' in snippet
    assert 'title="Lewes Thursday Group"' in snippet and 'loading="lazy"' in snippet
    assert snippet.startswith("<iframe ") and snippet.endswith("</iframe>")
    assert f'href="http://localhost/embed?group={slug}"' in body  # the preview


def test_a_group_name_cannot_break_out_of_the_code(client):
    start_group(client, group_name='Group "<b>&')
    slug = db.session.scalar(db.select(Group.slug))
    raw = client.get(f"/groups/{slug}/manage").get_data(as_text=True)
    assert "title=&#34;Group &amp;#34;&amp;lt;b&amp;gt;&amp;amp;&#34;" in raw


def test_a_groups_json_is_its_part_of_the_directory_feed(client, hope):
    response = client.get("/groups/hope.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    whole = client.get("/meetings.json").get_json()
    ours = [entry for entry in whole if entry["group"] == "Hope Group"]
    assert response.get_json() == ours
    assert {entry["name"] for entry in ours} == {"Lunch", "Evening", "Sunrise", "Closed"}
    assert len(whole) == len(ours) + 1  # the directory's feed is unchanged
    again = client.get("/groups/hope.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_an_unknown_groups_json_is_a_json_404(client, hope):
    response = client.get("/groups/nobody.json")
    assert response.status_code == 404
    assert response.get_json()["message"] == "There is no group at this address."
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/groups/hope.json?day=1").status_code == 400


def test_digits_that_are_not_plain_numbers_are_explained_not_a_crash(client, hope):
    for query in ("day=²", "limit=²"):
        _response, body = page(client, query, 400)
        assert "That did not work" in body
    assert client.get("/meetings?page=²").status_code == 400  # the same parser


def test_near_a_place_lists_what_meets_in_person_within_reach(client, hope, make_meeting,
                                                              make_location):
    brighton = make_location(name="Brighton", latitude=50.82, longitude=-0.14)
    make_meeting(name="Brighton", weekdays=(2,), location=brighton)
    make_meeting(name="Zoom", attendance="online", weekdays=(1,), start_time=time(12, 15))
    far = make_location(name="York", latitude=53.96, longitude=-1.08)
    make_meeting(name="York", weekdays=(1,), start_time=time(12, 45), location=far)
    shown = names(page(client, "near=50.82,-0.14&distance=5")[1])
    assert shown == ["Brighton"] * 8
    near_lewes = names(page(client, "near=50.873,0.009&distance=30&limit=3")[1])
    assert near_lewes == ["Lunch", "Other group", "Evening"]  # not York, not online Zoom
