"""One slug rule for every way a group, meeting or region gets its address."""

from holders import FIRST_MEETING, post

from meetings.core.database import db
from meetings.core.values import email_address, http_url, payment_handle, payment_link, slugify
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


def test_a_web_address_is_written_again_safely_or_refused():
    assert http_url("HTTPS://Example.org/a b?q=<x>") == "https://example.org/a%20b?q=%3Cx%3E"
    assert http_url("https://bücher.example/") == "https://xn--bcher-kva.example/"
    for refused in ("javascript:alert(1)", "ftp://example.org", "mailto:office@example.org",
                    "https://user@example.org/", "https://exa mple.org/", "https://a\u202eb.org/",
                    "", None, 42):
        assert http_url(refused) is None


def test_only_a_feed_may_leave_out_https():
    assert http_url("zoom.us/j/1") is None  # a form asks for the scheme
    assert http_url("zoom.us/j/1", bare_domain=True) == "https://zoom.us/j/1"
    assert http_url("example.org:8080/x", bare_domain=True) == "https://example.org:8080/x"
    assert http_url("http://example.org", bare_domain=True) == "http://example.org"
    assert http_url("not a domain", bare_domain=True) is None


def test_a_feed_address_gets_the_same_rules_as_a_typed_one():
    """Stricter than feeds once were: a user name or a raw space makes no stored link."""
    assert http_url("https://user:pw@example.org/", bare_domain=True) is None
    assert http_url("example.org/a b", bare_domain=True) == "https://example.org/a%20b"


def test_a_payment_handle_is_read_with_or_without_its_prefix_or_from_its_page():
    assert payment_handle("Our-Group", "venmo") == payment_handle("@Our-Group", "venmo")
    assert payment_handle("https://venmo.com/u/Our-Group", "venmo") == "@Our-Group"
    assert payment_handle("cash.app/$LewesAA", "square") == "$LewesAA"
    assert payment_handle("https://www.paypal.me/LewesAA/", "paypal") == "LewesAA"
    assert payment_link("@Our-Group", "venmo") == "https://venmo.com/Our-Group"
    assert payment_link("$LewesAA", "square") == "https://cash.app/$LewesAA"
    assert payment_link("LewesAA", "paypal") == "https://www.paypal.me/LewesAA"


def test_each_service_keeps_its_own_rule_for_feeds_and_forms_alike():
    """The services' own rules, stricter than feeds once had (any 1 to 60 word characters)."""
    for refused, service in (("@abc", "venmo"), ("@" + "a" * 31, "venmo"), ("$1abc", "square"),
                             ("$hope_group", "square"), ("not a name!", "paypal"),
                             ("a" * 21, "paypal"), ("https://venmo.com/OurGroup", "paypal"),
                             (None, "venmo")):
        assert payment_handle(refused, service) is None
        assert payment_link(refused, service) is None


def test_an_email_address_is_one_address_in_a_form_as_in_a_feed():
    """The feeds' rule, stricter than the form's was: a comma or semicolon makes a list."""
    assert email_address("lewes.group@example.org") == "lewes.group@example.org"
    for refused in ("nobody", "a@b", "a b@example.org", "one@example.org, two@example.org",
                    "one@example.org;two@example.org", None):
        assert email_address(refused) is None
