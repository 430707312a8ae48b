"""Bounds for what people type: integers, dates, names, type codes and web addresses,
checked one way."""

import hashlib
import re
import unicodedata
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

#: the database's integer range (PostgreSQL INTEGER): every id and stored count fits
MAX_ID = 2**31 - 1
#: the days a form accepts: date arithmetic on them stays far from year 9999
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
#: what the database takes: wider, as queries reach past a form's last day by whole terms
STORABLE = (date(1800, 1, 1), date(2999, 12, 31))
ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
#: a Meeting Guide type code, or one a real feed made up in the same spirit ("12x12", "AL-AN")
TYPE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
#: NUL and other C0/C1 controls but tab and line breaks, and the bidi embeddings and overrides
#: that make a name read backwards or hide what follows it
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
ONE_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")
#: what no web address holds, even escaped: controls, line and paragraph separators, bidi
#: controls (quotes, brackets and spaces in its path are %-escaped instead)
UNSAFE_IN_URL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOST = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")
#: what stays unquoted in a path, query or fragment (the rest, non-ASCII too, is %-escaped)
URL_SAFE = "/?:@!$&()*+,;=~%-._"
#: a web address written without its scheme, as feeds do: "zoom.us/j/1", "example.org:8080"
BARE_DOMAIN = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#].*)?")
#: one address: no space, nor the comma or semicolon that would make it a list
EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
#: each payment service's handle: (its prefix, the rest as the service allows it, its page
#: address as people paste it, the address of the page that pays it)
PAYMENT_HANDLES = {
    "venmo": ("@", re.compile(r"[A-Za-z0-9_-]{5,30}"),
              re.compile(r"(https?://)?(www\.|account\.)?venmo\.com/(u/)?", re.I),
              "https://venmo.com/"),
    "square": ("$", re.compile(r"[A-Za-z][A-Za-z0-9]{0,19}"),
               re.compile(r"(https?://)?(www\.)?cash\.app/", re.I), "https://cash.app/$"),
    "paypal": ("", re.compile(r"[A-Za-z0-9]{1,20}"),
               re.compile(r"(https?://)?(www\.)?paypal\.me/", re.I), "https://www.paypal.me/"),
}


def integer(value, low: int = 0, high: int = MAX_ID) -> int | None:
    """The integer written in ASCII digits in `value`, when it is within low..high; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if low <= value <= high else None
    if not isinstance(value, str) or not ASCII_DIGITS.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    return number if low <= number <= high else None


def typed_digits(value: str) -> str:
    """Digits a keyboard of another script typed (٣, ३) as ASCII ones; ², ① stay as they are."""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def identifier(value) -> int:
    """A row id (WTForms coerce): ASCII digits within the database's range, else ValueError."""
    number = integer(value, 0, MAX_ID)
    if number is None:
        raise ValueError("not an id")
    return number


def sane_day(day: date | None) -> bool:
    return day is not None and FIRST_DAY <= day <= LAST_DAY


def storable_day(day: date) -> bool:
    return STORABLE[0] <= day <= STORABLE[1]


def clean_text(value, multiline: bool = False):
    """Text without NUL, other controls or bidi overrides; one line unless `multiline`."""
    if not isinstance(value, str) or value.isprintable():
        return value
    if not multiline:
        value = ONE_LINE_BREAKS.sub(" ", value)
    return HIDDEN.sub("", value.replace("\x85", "\n").replace("\u2028", "\n")
                      .replace("\u2029", "\n\n"))


def is_type_code(code: str) -> bool:
    return bool(TYPE_CODE.fullmatch(code))


@lru_cache(maxsize=65536)
def slugify(value: str, prefix: str = "meeting") -> str:
    """A URL slug of [a-z0-9-], at most 180 characters (columns hold 200, room for "-2").

    Apostrophes vanish ("Bill's" is "bills", not "bill-s"); a name with no Latin letters
    gets a stable hashed slug under `prefix` rather than none.
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")
    if not slug and value.strip():
        slug = f"{prefix}-{hashlib.sha1(value.strip().encode()).hexdigest()[:8]}"
    return slug[:180].strip("-")


@lru_cache(maxsize=4096)
def http_url(value, bare_domain: bool = False) -> str | None:
    """The http(s) URL parsed and written again, else None: no other scheme, no user name,
    no quotes, brackets, spaces or controls left raw, so any software can put it in a link.

    With `bare_domain` (what feeds write), "zoom.us/j/1" is read as https://zoom.us/j/1;
    people typing into a form are asked for the scheme instead.
    """
    if not value or not isinstance(value, str) or UNSAFE_IN_URL.search(value.strip()):
        return None
    value = value.strip()
    if bare_domain and "://" not in value and BARE_DOMAIN.fullmatch(value):
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    try:
        host = host if host.isascii() else host.encode("idna").decode()
    except UnicodeError:
        return None
    if not HOST.fullmatch(host):
        return None
    netloc = f"{host}:{port}" if port is not None else host
    path, query, fragment = (quote(part, safe=URL_SAFE) for part in parts[2:])
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def email_address(value) -> str | None:
    """One e-mail address as written, or None when it is not one (or is a list of them)."""
    return value if isinstance(value, str) and EMAIL.fullmatch(value) else None


def payment_handle(value, service: str) -> str | None:
    """A Venmo @handle, Cash App $cashtag or PayPal.me name ("venmo", "square", "paypal") as
    stored, from it with or without its prefix, or from its page's address; else None."""
    if not isinstance(value, str):
        return None
    prefix, rule, page, _pays = PAYMENT_HANDLES[service]
    said = value.strip()
    pasted = page.match(said)
    bare = said[pasted.end():].rstrip("/") if pasted else said
    bare = bare.removeprefix(prefix) if prefix else bare
    return prefix + bare if rule.fullmatch(bare) else None


def payment_link(handle: str | None, service: str) -> str | None:
    """The https page that pays a stored handle, when it is one."""
    prefix, _rule, _page, pays = PAYMENT_HANDLES[service]
    found = payment_handle(handle, service)
    return pays + found.removeprefix(prefix) if found else None
