"""Volunteers: a name each member chooses, a private note, days away, roles not suggested."""

import pytest
from holders import post, revision_in, text
from rostering import add_role, add_volunteer, started, take

from meetings.core.database import db
from meetings.manage.models import Revision
from meetings.rotation.models import Away, Volunteer


@pytest.fixture
def group(client, at):
    slug, meeting = started(client, at)
    chair = add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01")
    return slug, chair


def test_a_member_adds_themselves_under_a_name_they_choose(client, group):
    slug, chair = group
    url = f"/groups/{slug}/roster/volunteers"
    form = text(client.get(url))
    assert "Only people holding the group link see it." in form
    response = post(client, url, {"name": "  Sam   K. ", "private_note": "Signal 07700 900000",
                                  "declined_roles": [str(chair.id)]})
    assert response.status_code == 303 and response.location.endswith(f"/groups/{slug}/roster")
    sam = db.session.scalar(db.select(Volunteer))
    assert (sam.name, sam.private_note, sam.declined_roles) == (
        "Sam K.", "Signal 07700 900000", [chair.id])
    roster = text(client.get(f"/groups/{slug}/roster"))
    assert ("Sam K. is on the roster. This device now remembers you as Sam K.; put your name on"
            " a term below.") in roster
    assert "Could take it" not in roster  # Sam would rather not chair: not suggested
    listed = text(client.get(url))
    assert "Sam K. Signal 07700 900000" in listed


def test_a_name_already_used_in_the_group_is_refused(client, group):
    slug, _chair = group
    url = f"/groups/{slug}/roster/volunteers"
    add_volunteer(client, slug, "Sam K.")
    again = post(client, url, {"name": "sam  k."})
    assert again.status_code == 400
    assert ("“sam k.” is already a name in this group. Add an initial or a word to tell you "
            "apart") in text(again)
    jo = add_volunteer(client, slug, "Jo M.")
    edit = f"/groups/{slug}/roster/volunteers/{jo.id}"
    renamed = post(client, edit, {"name": "SAM K.", "revision": revision_in(client.get(edit))})
    assert renamed.status_code == 400 and "is already a name in this group" in text(renamed)
    assert db.session.scalar(db.select(db.func.count(Volunteer.id))) == 2


def test_a_name_off_the_roster_can_be_used_again_but_not_twice(client, group):
    slug, chair = group
    sam = add_volunteer(client, slug, "Sam K.")
    take(client, slug, chair, "2026-12-03", sam)
    person = f"/groups/{slug}/roster/volunteers/{sam.id}"
    kept = post(client, f"{person}/remove", form_url=person)
    assert kept.status_code == 303
    assert ("Sam K. still holds: Chair, Thursday, December 3, 2026. Release or swap these "
            "terms first.") in text(client.get(person))
    held = db.session.scalar(db.select(Revision.subject_id).where(Revision.subject == "term"))
    post(client, f"/groups/{slug}/roster/terms/{held}/release")
    post(client, f"{person}/remove", form_url=person)
    db.session.refresh(sam)
    assert sam.removed_at is not None
    newcomer = add_volunteer(client, slug, "Sam K.")
    assert newcomer.id != sam.id
    post(client, f"{person}/restore", form_url=f"/groups/{slug}/roster/volunteers")
    assert "“Sam K.” is already a name in this group." in text(
        client.get(f"/groups/{slug}/roster/volunteers"))
    db.session.refresh(sam)
    assert sam.removed_at is not None


def test_days_away_in_the_past_or_backwards_are_refused(client, group):
    slug, _chair = group
    jo = add_volunteer(client, slug, "Jo M.")
    url = f"/groups/{slug}/roster/volunteers/{jo.id}"
    past = post(client, f"{url}/away", {"first_day": "2026-11-01", "last_day": "2026-11-05"},
                form_url=url)
    assert past.status_code == 400
    assert "These days are over: give days from today on." in text(past)
    backwards = post(client, f"{url}/away", {"first_day": "2027-01-05", "last_day": "2027-01-01"},
                     form_url=url)
    assert "The last day comes before the first." in text(backwards)
    assert db.session.scalar(db.select(Away)) is None


def test_days_away_that_fall_in_a_term_taken_say_which_and_ask_first(client, group):
    slug, chair = group
    jo = add_volunteer(client, slug, "Jo M.")
    take(client, slug, chair, "2026-12-17", jo)
    url = f"/groups/{slug}/roster/volunteers/{jo.id}"
    clash = post(client, f"{url}/away", {"first_day": "2026-12-15", "last_day": "2026-12-20"},
                 form_url=url)
    assert clash.status_code == 409
    words = text(clash)
    assert "These days fall in service Jo M. has taken: Chair, Thursday, December 17, 2026" in words
    assert "Release those terms or ask for a stand-in first" in words
    assert "Save anyway: cover is arranged" in words
    assert db.session.scalar(db.select(Away)) is None
    saved = post(client, f"{url}/away", {"first_day": "2026-12-15", "last_day": "2026-12-20",
                                         "anyway": "y"}, form_url=url)
    assert saved.status_code == 303
    page = text(client.get(url))
    assert "Dec 15 – 20, 2026" in page
    away = db.session.scalar(db.select(Away))
    post(client, f"{url}/away/{away.id}/remove", form_url=url)
    db.session.refresh(away)
    assert away.removed_at is not None and "No days away." in text(client.get(url))


def test_a_long_term_allows_a_short_holiday(client, group):
    slug, _chair = group
    treasurer = add_role(client, slug, "Treasurer", unit="year", length=1)
    jo = add_volunteer(client, slug, "Jo M.")
    take(client, slug, treasurer, "2027-01-01", jo)
    url = f"/groups/{slug}/roster/volunteers/{jo.id}"
    holiday = post(client, f"{url}/away", {"first_day": "2027-08-01", "last_day": "2027-08-14"},
                   form_url=url)
    assert holiday.status_code == 303
    start = post(client, f"{url}/away", {"first_day": "2026-12-28", "last_day": "2027-01-03"},
                 form_url=url)
    assert start.status_code == 409 and "Treasurer, Jan 1 – Dec 31, 2027" in text(start)


def test_the_database_keeps_names_unique_when_two_phones_save_at_once(client, group, monkeypatch):
    from meetings.rotation import volunteers

    slug, _chair = group
    add_volunteer(client, slug, "Sam K.")
    monkeypatch.setattr(volunteers, "name_used", lambda *args, **kwargs: False)  # both passed
    again = post(client, f"/groups/{slug}/roster/volunteers", {"name": "Sam K."})
    assert again.status_code == 400 and "“Sam K.” is already a name in this group." in text(again)
    assert db.session.scalar(db.select(db.func.count(Volunteer.id))) == 1


def test_two_people_editing_a_volunteer_never_overwrite_each_other(app, client, group):
    slug, _chair = group
    sam = add_volunteer(client, slug, "Sam K.")
    url = f"/groups/{slug}/roster/volunteers/{sam.id}"
    seen = revision_in(client.get(url))
    assert post(client, url, {"name": "Sam K.", "private_note": "first",
                              "revision": seen}).status_code == 303
    late = post(client, url, {"name": "Sam K.", "private_note": "second", "revision": seen})
    assert late.status_code == 409 and "Someone changed this meanwhile" in text(late)
    assert "second" in text(late)  # their own version, ready to save again
    db.session.expire_all()
    assert db.session.get(Volunteer, sam.id).private_note == "first"
    again = post(client, url, {"name": "Sam K.", "private_note": "second",
                               "revision": revision_in(late)})
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Volunteer, sam.id).private_note == "second"
