"""Translations: every catalog complete, placeholders intact, nothing stale."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from meetings.core.paths import ROOT

TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def source_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def template_messages() -> set[str]:
    with open(TRANSLATIONS / "messages.pot", "rb") as pot:
        return {message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(pot) if message.id}


def test_template_is_up_to_date_with_the_code():
    missing = source_messages() - template_messages()
    stale = template_messages() - source_messages()
    assert not missing, f"run `make update-messages`: not in messages.pot: {sorted(missing)[:5]}"
    assert not stale, f"run `make update-messages`: no longer used: {sorted(stale)[:5]}"


def test_there_are_catalogs():
    assert CATALOGS, "no translation catalogs"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_catalog_is_complete_and_sound(path: Path):
    with open(path, "rb") as file:
        catalog = read_po(file)
    wanted = template_messages()
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert wanted <= have, f"missing in {path}: {sorted(wanted - have)[:5]}"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        names = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - names or (
                len(ids) == 1 and set(PLACEHOLDER.findall(text)) != names
            ):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    for message, errors in catalog.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    assert not problems, problems[:10]


def test_every_offered_language_has_a_catalog(app):
    offered = set(app.config["LOCALES"]) - {app.config["DEFAULT_LOCALE"]}
    assert offered == {path.parts[-3] for path in CATALOGS}
    assert {"en", "es", "fr", "ja", "nl", "pt", "sk", "sv", "th"} <= set(app.config["LOCALES"])


def test_every_type_has_a_name_in_every_offered_language(app):
    from meetings.core.types import catalog

    for code, names in catalog().items():
        missing = [lang for lang in app.config["LOCALES"] if not names.get(lang)]
        assert not missing, f"type {code} has no name in {missing}"


def test_right_to_left_pages_mirror_and_name_types_in_their_language(client, make_meeting):
    meeting = make_meeting(types="O D")
    html = client.get(f"/meetings/{meeting.slug}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert "مفتوح" in html  # Open
    english = client.get(f"/meetings/{meeting.slug}?lang=en").get_data(as_text=True)
    assert 'dir="ltr"' in english


def test_stylesheet_uses_logical_directions_only():
    """Physical left/right would not mirror for right-to-left languages."""
    css = (ROOT / "static" / "site.css").read_text()
    physical = re.findall(r"[\w-]*(?:left|right)[\w-]*\s*:", css)
    assert not physical, physical


@pytest.mark.parametrize(
    ("lang", "written"), [("en", "10,000"), ("sv", "10\u00a0000"), ("nl", "10.000")]
)
def test_counts_are_written_as_the_readers_language_does(app, lang, written):
    from meetings.web.formats import number

    with app.test_request_context(f"/meetings?lang={lang}"):
        app.preprocess_request()
        assert number(10000) == written
