"""One slug rule for every way a group, meeting or region gets its address."""

from holders import FIRST_MEETING, post

from meetings.core.database import db
from meetings.core.values import slugify
from meetings.directory.models import Group, Meeting
from meetings.imports import demo


def test_apostrophes_vanish_rather_than_split_a_word():
    assert slugify("Bill's Big Book") == "bills-big-book"
    assert slugify("Bill’s Big Book") == "bills-big-book"


def test_accents_fold_to_latin_letters():
    assert slugify("Café Mañana — Łódź") == "cafe-manana-odz"


def test_a_name_with_no_latin_letters_still_gets_a_stable_slug():
    thai = slugify("กลุ่มวันพฤหัส", "group")
    assert thai.startswith("group-") and len(thai) == len("group-") + 8
    assert slugify("กลุ่มวันพฤหัส", "group") == thai
    assert slugify("กลุ่มวันศุกร์", "group") != thai
    assert slugify("   ", "group") == ""


def test_a_slug_fits_its_column_with_room_for_a_counter():
    slug = slugify("word " * 200)
    assert len(slug) <= 180 and not slug.endswith("-")


def test_a_group_started_on_the_web_follows_the_same_rule(client):
    post(client, "/groups/new", {**FIRST_MEETING, "group_name": "Bill’s Thursday Group"})
    post(client, "/groups/new", {**FIRST_MEETING, "group_name": "กลุ่มวันพฤหัส"})
    slugs = set(db.session.scalars(db.select(Group.slug)))
    assert slugs == {"bills-thursday-group", slugify("กลุ่มวันพฤหัส", "group")}


def test_the_demo_directory_uses_it_too(app):
    demo.load()
    for meeting in db.session.scalars(db.select(Meeting)):
        assert meeting.slug == slugify(meeting.slug)
