"""Hostile numbers, dates and text in requests: a clear 4xx, never a 500, never kept raw."""

import pytest
import sqlalchemy as sa
from holders import FIRST_MEETING, post, start_group, text
from rostering import add_role, add_volunteer, started, take, term

from meetings.core.database import db
from meetings.directory.models import Group, Meeting

HUGE = "99999999999999999999"
PAST_INT64 = str(2**63)


@pytest.mark.parametrize("query", ["day=²", "day=①", "day=٣", "page=²", "page=" + PAST_INT64,
                                   "page=" + HUGE, "distance=²", "near=²,²"])
@pytest.mark.parametrize("path", ["/meetings", "/meetings.json", "/meetings.ics", "/print"])
def test_unicode_digits_and_huge_numbers_in_filters_are_refused_clearly(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, (path, query)


def test_huge_ids_in_paths_are_not_found(client):
    _page, _url, _code = start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    for url in (f"/groups/{slug}/meetings/{HUGE}/edit",
                f"/groups/{slug}/meetings/{PAST_INT64}/dates",
                f"/groups/{slug}/roster/roles/{HUGE}/edit",
                f"/groups/{slug}/roster/volunteers/{HUGE}", f"/groups/{slug}/events/{HUGE}/edit"):
        assert client.get(url).status_code == 404, url


def test_huge_or_unicode_numbers_in_the_history_are_refused(client):
    start_group(client)
    slug = db.session.scalar(db.select(Group.slug))
    for query in (f"page={PAST_INT64}", "page=²", f"link={HUGE}", "link=²"):
        assert client.get(f"/groups/{slug}/history?{query}").status_code < 500, query
        assert client.get(f"/groups/{slug}/history/undo?{query}").status_code < 500, query
    assert client.get(f"/groups/{slug}/business?page={PAST_INT64}").status_code < 500


def _pages(slug):
    return (f"/groups/{slug}", f"/groups/{slug}/roster", f"/groups/{slug}/roster/business",
            f"/groups/{slug}/roster/served", f"/groups/{slug}.ics", f"/groups/{slug}/history",
            f"/groups/{slug}/roster/roles")


@pytest.mark.parametrize("starts_on", ["9999-12-01", "0001-01-01", "2200-01-01"])
def test_a_role_cannot_start_in_a_year_no_calendar_reaches(client, at, starts_on):
    slug, _meeting = started(client, at)
    refused = post(client, f"/groups/{slug}/roster/roles/new",
                   {"title": "Chair", "term_unit": "year", "term_length": "104", "seats": "1",
                    "starts_on": starts_on})
    assert refused.status_code == 400
    assert "Give a date between January 1, 1900 and December 31, 2199." in text(refused)
    for url in _pages(slug):
        assert client.get(url).status_code == 200, url


def test_a_role_at_the_edges_of_the_calendar_works(client, at):
    slug, _meeting = started(client, at)
    add_role(client, slug, "Chair", unit="year", length=104, starts_on="2199-12-31")
    add_role(client, slug, "GSR", unit="week", length=1, starts_on="1900-01-01")
    for url in _pages(slug):
        assert client.get(url).status_code == 200, url


def test_a_role_stored_with_a_start_in_year_9999_leaves_every_page_working(client, at):
    slug, _meeting = started(client, at)
    role = add_role(client, slug, "Chair", starts_on="2027-01-01")
    db.session.execute(sa.text("UPDATE service_role SET starts_on = '9999-12-01' WHERE id = :id"),
                       {"id": role.id})
    db.session.commit()
    db.session.expire_all()
    for url in (*_pages(slug), f"/groups/{slug}/roster/roles/{role.id}/edit"):
        assert client.get(url).status_code == 200, url


HOSTILE = ["abc", "²", "①", HUGE, PAST_INT64, "-1", "", " ", "1.5", "<script>x</script>",
           "\x00", "\u202e1", "x" * 5000]


def test_the_swap_form_refuses_every_hostile_value_of_every_field(client, at):
    slug, _meeting = started(client, at)
    role = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01")
    sam, jo = add_volunteer(client, slug, "Sam K."), add_volunteer(client, slug, "Jo M.")
    take(client, slug, role, "2026-12-03", sam)
    take(client, slug, role, "2026-12-10", jo)
    first, second = term(role, "2026-12-03"), term(role, "2026-12-10")
    url = f"/groups/{slug}/roster/terms/{first.id}/swap"
    valid = {"other": str(second.id), "reason": ""}
    for field in ("other", "reason"):
        for value in HOSTILE:
            response = post(client, url, {**valid, field: value})
            assert response.status_code < 500, (field, value)
            assert "<script>x" not in response.get_data(as_text=True)
    for value in HOSTILE:
        assert client.post(url, data={**valid, "csrf_token": value}).status_code == 400
    assert client.get(f"{url}?other={HUGE}").status_code == 200


def test_numbers_typed_in_another_script_count_and_others_are_refused_clearly(client):
    refused = post(client, "/groups/new", {**FIRST_MEETING, "length": "²"})
    assert refused.status_code == 400
    assert "Give a whole number, written with the digits 0 to 9." in text(refused)
    start_group(client, length="٦٠")  # Arabic-Indic 60, as an Arabic keyboard types it
    assert db.session.scalar(db.select(Meeting.end_time)).strftime("%H:%M") == "20:00"


def test_type_codes_and_web_addresses_reach_the_json_feed_clean(client):
    start_group(client, types=["O", "X<b>T", "D\r\nEVIL"],
                conference_url='https://meet.example.org/a"b<c>')
    entry = client.get("/meetings.json").get_json()[0]
    assert entry["types"] == ["O"]
    assert entry["conference_url"] == "https://meet.example.org/a%22b%3Cc%3E"
    start_group(client, group_name="Sam\u202e\x07 Group", meeting_name="Late")
    assert "Sam Group" in db.session.scalars(db.select(Group.name)).all()


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_every_text_field_of_every_form_has_a_length_limit_and_a_cleaning_filter(app):
    from flask_wtf import FlaskForm
    from wtforms import StringField
    from wtforms.validators import Length

    from meetings.manage import forms, meetingforms
    from meetings.rotation import forms as rosterforms
    from meetings.web import fields

    classes = {c for module in (forms, meetingforms, rosterforms) for c in vars(module).values()
               if isinstance(c, type) and issubclass(c, FlaskForm) and c is not FlaskForm}
    with app.test_request_context():
        for form_class in classes:
            for field in form_class(meta={"csrf": False}):
                if isinstance(field, StringField) and field.type != "HiddenField":
                    assert any(isinstance(v, Length) and v.max for v in field.validators), (
                        form_class.__name__, field.name)
                    cleaned = {fields.strip, fields.strip_lines} & set(field.filters)
                    assert cleaned or field.name == "homepage", (form_class.__name__, field.name)


def test_what_escaping_lengthens_or_repeats_past_the_database_is_refused_clearly(client):
    long_url = "https://meet.example.org/" + "é" * 100  # 125 characters, 625 once escaped
    refused = post(client, "/groups/new", {**FIRST_MEETING, "conference_url": long_url})
    assert refused.status_code == 400
    assert "This web address is too long: use at most 500 characters." in text(refused)
    many = [f"T{n}" for n in range(200)]
    refused = post(client, "/groups/new", {**FIRST_MEETING, "types": many})
    assert refused.status_code == 400 and "Choose fewer kinds of meeting." in text(refused)


@pytest.mark.parametrize("url", ["/meetings/%00.ics", "/groups/a%00b", "/meetings?q=a%00b",
                                 "/meetings.json?region=%00", "/my-meetings?meeting=%00",
                                 "/meetings?%00=1"])
def test_a_nul_anywhere_in_a_request_is_refused_clearly(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
