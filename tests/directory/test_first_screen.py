"""What a phone shows first: results before filters, and a group's next meeting on top."""

import html as entities
import re
from datetime import UTC, datetime, time

import pytest

# Wednesday 2 December 2026, 18:30 in London.
WEDNESDAY_EVENING = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)


def read(response):
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def names(html):
    return re.findall(r'class="name" href="[^"]+">([^<]+)</a>', html)


def chips(html):
    """The active filters' one line: (label, link that clears it)."""
    line = html.split('<p class="active-filters">', 1)[1].split("</p>", 1)[0]
    found = re.findall(r'<a class="chip" href="([^"]+)">([^<]+)<', line)
    return [(label.strip(), entities.unescape(link)) for link, label in found]


@pytest.fixture
def evening(at):
    return at(WEDNESDAY_EVENING)


def test_after_a_search_the_filters_stay_folded_above_the_results(client, make_meeting,
                                                                  make_location, evening):
    make_meeting(name="Wednesday Open", weekdays=[3], types="O D", start_time=time(20),
                 location=make_location(region="Lewes"))
    html = read(client.get("/meetings?day=3&type=O&type=D&time=evening&region=lewes&q=open"))
    assert "<details>" in html and "<details open" not in html
    assert html.index('<p class="active-filters">') < html.index("<details>")
    assert html.index("</details>") < html.index("Wednesday Open")
    assert "Filters (6 on)" in html
    assert chips(html) == [
        ("“open”", "/meetings?day=3&type=O&type=D&time=evening&region=lewes"),
        ("Wed", "/meetings?type=O&type=D&time=evening&region=lewes&q=open"),
        ("Evening", "/meetings?day=3&type=O&type=D&region=lewes&q=open"),
        ("Lewes", "/meetings?day=3&type=O&type=D&time=evening&q=open"),
        ("Open", "/meetings?day=3&type=D&time=evening&region=lewes&q=open"),
        ("Discussion", "/meetings?day=3&type=O&time=evening&region=lewes&q=open"),
    ]
    for _label, link in chips(html):
        assert client.get(link).status_code == 200


def test_the_summary_names_filters_in_the_readers_language(client, make_meeting, evening):
    make_meeting(name="Online", attendance="online", conference_url="https://meet.example.org/o")
    html = read(client.get("/meetings?attendance=online&day=1&day=3",
                           headers={"Accept-Language": "es"}))
    assert [label for label, _link in chips(html)] == ["lun y mié", "En línea"]
    assert "Filtros (2 activos)" in html and "Quitar filtros" in html


def test_a_place_filter_is_named_and_cleared_with_its_distance(client, make_meeting, evening):
    make_meeting(name="Lewes Hall")
    html = read(client.get("/meetings?near=50.87,0.01&distance=25&day=3",
                           headers={"Accept-Language": "en-AU"}))
    assert chips(html)[-1] == ("Within 25 km", "/meetings?day=3")


def test_without_filters_there_is_no_summary_line(client, make_meeting, evening):
    make_meeting(name="Lewes Hall")
    html = read(client.get("/meetings"))
    assert "active-filters" not in html and "<summary>Filters</summary>" in html


def test_the_group_page_lists_the_meeting_in_progress_first_then_the_next(
    client, make_group, make_meeting, evening
):
    group = make_group(name="Seafront Group")
    make_meeting(group=group, name="Sunday Morning", weekdays=[0], start_time=time(10))
    make_meeting(group=group, name="Monday Night", weekdays=[1], start_time=time(20))
    make_meeting(group=group, name="Closed Tuesday", weekdays=[2], start_time=time(19),
                 attendance="inactive")
    make_meeting(group=group, name="Thursday Lunch", weekdays=[4], start_time=time(12, 30))
    make_meeting(group=group, name="Wednesday Now", weekdays=[3], start_time=time(18),
                 end_time=time(19, 30))
    make_meeting(group=group, name="Wednesday Later", weekdays=[3], start_time=time(21))
    html = read(client.get(f"/groups/{group.slug}"))
    assert names(html) == ["Wednesday Now", "Wednesday Later", "Thursday Lunch",
                           "Sunday Morning", "Monday Night", "Closed Tuesday"]
