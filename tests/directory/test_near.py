"""Near me: what starts next within reach, one row per meeting, online meetings apart."""

import re
from datetime import UTC, datetime

import pytest

from meetings.imports import demo

# Wednesday 2 December 2026, 18:30 in Brighton (GMT, so UTC too).
WEDNESDAY_EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
BRIGHTON = "50.8230,-0.1360"


def read(response):
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def rows(html):
    """Each listed meeting as (day, name, where) text, in page order."""
    found = []
    for row in html.split('<li class="meeting')[1:]:
        name = re.search(r'class="name" href="[^"]+">([^<]+)</a>', row)[1]
        found.append((_span(row, "day"), name, _span(row, "where")))
    return found


def _span(row, cls):
    match = re.search(rf'class="{cls}"[^>]*>(.*?)</span>', row, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match[1]).strip() if match else ""


def part(html, heading_id):
    chunk = html.split(f'id="{heading_id}"', 1)[1]
    return chunk.split("</section>", 1)[0]


@pytest.fixture
def directory(app, at):
    moment = at(WEDNESDAY_EVENING)
    demo.load(now=moment)
    return moment


def test_near_me_lists_tonights_in_person_meetings_first(client, directory):
    html = read(client.get(f"/meetings?near={BRIGHTON}&distance=25"))
    listed = html.split('id="h-online"', 1)[0]
    first = rows(listed)[:3]
    assert all(day == "Today" for day, _, _ in first), first
    assert not any(where.startswith("Online") for _, _, where in rows(listed)), first
    assert all(re.search(r"\d mi$", where) for _, _, where in first), first
    assert "Meetings near Brighton</h1>" in html


def test_online_meetings_follow_apart_without_a_distance(client, directory):
    html = read(client.get(f"/meetings?near={BRIGHTON}&distance=25"))
    online = rows(part(html, "h-online"))
    assert online and all(where == "Online" for _, _, where in online)
    assert html.index('id="h-online"') > html.index('class="meetings"')
    hidden = read(client.get(f"/meetings?near={BRIGHTON}&distance=25&online=hide"))
    assert 'id="h-online"' not in hidden
    assert not any(where == "Online" for _, _, where in rows(hidden))


def test_every_row_names_its_town(client, directory):
    html = read(client.get("/meetings?q=living+sober"))
    assert any(where.startswith("Grand Parade Pavilion Room, Eastbourne")
               for _, _, where in rows(html)), rows(html)


def test_nothing_near_says_so_and_offers_the_nearest_and_online_now(client, directory):
    html = read(client.get("/meetings?near=London&distance=10"))
    assert "No meeting meets in person within 6.2 mi of London, United Kingdom." in html
    nearest = rows(part(html, "h-nearest"))
    assert nearest and all(re.search(r"\d+(\.\d)? mi$", where) for _, _, where in nearest)
    assert "Lewes" in nearest[0][2] or "Hove" in nearest[0][2] or "Brighton" in nearest[0][2]
    assert rows(part(html, "h-online"))


def test_near_me_in_spanish(client, directory):
    html = read(client.get(f"/meetings?near={BRIGHTON}&distance=25&lang=es"))
    assert "Reuniones cerca de Brighton</h1>" in html
    london = read(client.get("/meetings?q=Londres&lang=es"))
    assert "Reuniones cerca de London, Reino Unido" in london
    assert "Las reuniones más cercanas" in london and "¿Quería decir:" in london
    assert re.search(r"\d+,\d km|\d km", rows(html)[0][2])


def test_front_page_puts_in_person_meetings_apart_from_online_ones(client, directory):
    html = read(client.get("/"))
    sections = [chunk.split("</section>", 1)[0] for chunk in html.split("<section")[1:]]
    both = [chunk for chunk in sections if ">In person</h3>" in chunk and ">Online</h3>" in chunk]
    assert both
    for chunk in both:
        local, online = chunk.split(">Online</h3>", 1)
        online = online.split(">In person, in other time zones</h3>", 1)[0]
        assert rows(local) and not any(where == "Online" for _, _, where in rows(local))
        assert rows(online) and all(where == "Online" for _, _, where in rows(online))


def test_a_faraway_readers_front_page_puts_in_person_meetings_elsewhere_last(client, directory):
    """A reader in New York is not offered a Berlin hall first: online (and hybrid) meetings
    come before it."""
    html = read(client.get("/?tz=America/New_York"))
    sections = [chunk.split("</section>", 1)[0] for chunk in html.split("<section")[1:]]
    far = [chunk for chunk in sections if ">In person, in other time zones</h3>" in chunk]
    assert far and not any(">In person</h3>" in chunk for chunk in sections)
    for chunk in far:
        before, after = chunk.split(">In person, in other time zones</h3>", 1)
        assert all(where == "Online" or "and online" in where for _, _, where in rows(before))
        assert rows(after) and not any("nline" in where for _, _, where in rows(after))
    assert ">In person</h3>" in read(client.get("/?tz=Europe/London"))


def test_coordinates_keep_working_for_feeds(client, directory):
    feed = client.get(f"/meetings.json?near={BRIGHTON}&distance=5").get_json()
    assert feed and all(entry.get("latitude") for entry in feed)
    assert client.get("/meetings.json?near=91,0").status_code == 400
    assert client.get("/meetings?online=sometimes").status_code == 400
