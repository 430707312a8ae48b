"""Feed values turned into what the directory stores: text, types, numbers, links, slugs.

Pure functions, no database. Each parser takes what a feed wrote and returns the value, or
raises ValueError when it cannot be understood. The rules follow the TSML importer and
TSML UI, and accept a little more than they do.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from html.parser import HTMLParser

from meetings.core import types as meeting_types
from meetings.core.values import email_address

#: older TSML English type names that real CSVs still use
TYPE_ALIASES = {
    "online meeting": "ONL",
    "temporary closure": "TC",
    "step meeting": "ST",
    "outdoor meeting": "OUT",
    "sign language": "ASL",
    "atheist / agnostic": "A",
    "beginner": "BE",
    "beginners": "BE",
    "wheelchair accessible": "X",
}
#: a type code nobody has defined yet but that looks like one ("AC", "LGBTQIA")
PLAUSIBLE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,9}")


def text(value, multiline: bool = False) -> str | None:
    """Plain text from a feed value: HTML stripped, whitespace tidied, empty as None."""
    if value is None or isinstance(value, bool | dict):
        return None
    if isinstance(value, list):
        parts = (text(item, multiline) for item in value)
        value = ("\n" if multiline else ", ").join(part for part in parts if part)
    value = str(value)
    if "<" in value or "&" in value:
        value = _strip_html(value)
    if not multiline:
        return " ".join(value.split()) or None
    lines = "\n".join(" ".join(line.split()) for line in value.splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines).strip() or None


class _PlainText(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _strip_html(value: str) -> str:
    parser = _PlainText()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def parse_types(value) -> tuple[list[str], list[str]]:
    """Type codes from codes or names, as a list or a comma (or space) list.

    Returns the codes and the values that are neither a known name nor a plausible code.
    """
    items = value if isinstance(value, list) else str(value or "").split(",")
    codes, unknown = [], []
    for item in items:
        said = text(item)
        if not said:
            continue
        code = type_code(said)
        if code:
            codes.append(code)
        elif " " in said and all(type_code(word) for word in said.split()):
            codes.extend(type_code(word) for word in said.split())  # "O D X"
        else:
            unknown.append(said)
    return list(dict.fromkeys(codes)), unknown


@lru_cache(maxsize=4096)
def type_code(said: str) -> str | None:
    """A code from a code, or its name in any language the package ships ("Abierta" -> "O")."""
    folded = said.casefold()
    code = (meeting_types.code_for(said) or _names_in_every_language().get(folded)
            or TYPE_ALIASES.get(folded))
    if code is None and PLAUSIBLE_CODE.fullmatch(said):
        code = said
    return code


@cache
def _names_in_every_language() -> dict[str, str]:
    return {name.casefold(): code for code, names in meeting_types.catalog().items()
            for name in names.values()}


def parse_coordinate(value, limit: float) -> float:
    """A latitude (limit 90) or longitude (limit 180) from a number or a string."""
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(value.strip() if isinstance(value, str) else value)
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(value)
    return number


def parse_flag(value) -> bool:
    """True or False from a boolean, a number, "yes"/"no" or "true"/"false"."""
    if isinstance(value, bool | int | float):
        return bool(value)
    said = str(value).strip().lower()
    if said in ("yes", "y", "true", "1", "on"):
        return True
    if said in ("no", "n", "false", "0", "off"):
        return False
    raise ValueError(value)


def emails(value) -> tuple[list[str], list[str]]:
    """Addresses from a string (comma, semicolon or space separated) or a list."""
    items = value if isinstance(value, list) else re.split(r"[\s,;]+", str(value or ""))
    good, bad = [], []
    for item in items:
        said = text(item)
        if said:
            (good if email_address(said) else bad).append(said)
    return list(dict.fromkeys(good)), bad


def attendance(option: str | None, conference: bool, real_address: bool, closed: bool) -> str:
    """TSML UI's rule when a feed gives no attendance_option.

    The location is attended in person when the meeting has a real (not approximate)
    address and is not temporarily closed (TC); conference details make it online, or
    hybrid with an in-person location; with neither it is inactive.
    """
    if option:
        return option
    in_person = real_address and not closed
    if conference:
        return "hybrid" if in_person else "online"
    return "in_person" if in_person else "inactive"


def is_approximate(address: str | None) -> bool:
    """TSML UI's guess when a feed does not say: fewer than four parts is a town or area.

    A first part with a number in it ("1 High St, Lewes BN7 2AA, UK") is a street anyway.
    """
    if not address:
        return True
    parts = [part for part in address.split(",") if part.strip()]
    return len(parts) < 4 and not any(char.isdigit() for char in parts[0])
