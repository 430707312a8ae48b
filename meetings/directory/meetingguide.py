"""What the Meeting Guide spec and the apps that read it (Meeting Guide, TSML, TSML UI) need.

Pure rules, and one lookup: the published slug of each weekday of a meeting, a dial-in
number in the spec's format, the approximate place an online meeting comes from, and
whether those apps know a join link's service.

Slugs: TSML UI cannot read a `day` list, so a meeting held on several weekdays is published
as one entry per weekday. The first weekday (Sunday first, as the spec counts) keeps the
meeting's own slug, so a favourite saved before still finds it; every other weekday gets
`<slug>--<day>` (`--mon` … `--sat`). Our slugs never hold `--`, so these cannot clash with
another meeting's. A slug longer than the spec's 64 characters is cut and ends in a hash of
the whole, the same on every run.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from sqlalchemy import select

from meetings.core import schedule, zonerules
from meetings.core.database import db
from meetings.directory.locations import Location
from meetings.directory.models import Meeting

MAX_SLUG = 64
DAY_SUFFIXES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_SUFFIXED = re.compile(r"(.+)--(" + "|".join(DAY_SUFFIXES) + r")")
_CUT = re.compile(r"(.+)-[0-9a-f]{8}")
#: join-link services TSML lists as the Meeting Guide app's (includes/variables.php)
MEETING_GUIDE_PROVIDERS = (
    "bluejeans.com", "discord.gg", "freeconference.com", "freeconferencecall.com", "goto.com",
    "gotomeet.me", "gotomeeting.com", "horizon.meta.com", "maps.secondlife.com",
    "meet.google.com", "meet.jit.si", "meetings.dialpad.com", "signal.group", "skype.com",
    "slurl.com", "teams.live.com", "teams.microsoft.com", "vrchat.com", "webex.com", "zoho.com",
    "zoom.us",
)
#: the shorter list TSML UI uses where a site gives it none (src/helpers/settings.ts)
TSML_UI_PROVIDERS = (
    "bluejeans.com", "discord.gg", "freeconference.com", "freeconferencecall.com", "goto.com",
    "gotomeet.me", "gotomeeting.com", "meet.google.com", "meet.jit.si", "meetings.dialpad.com",
    "skype.com", "webex.com", "zoho.com", "zoom.us",
)


def published_slug(slug: str, day: int | None = None) -> str:
    """The slug of a meeting's entry: its own, or with a weekday's suffix; at most 64."""
    full = slug if day is None else f"{slug}--{DAY_SUFFIXES[day]}"
    if len(full) <= MAX_SLUG:
        return full
    digest = hashlib.sha1(full.encode()).hexdigest()[:8]
    return full[: MAX_SLUG - 9].rstrip("-") + "-" + digest


def entry_slugs(slug: str, days: list[int]) -> list[tuple[int | None, str]]:
    """Each weekday with the slug its entry is published under, the first keeping the slug."""
    if not days:
        return [(None, published_slug(slug))]
    return [(day, published_slug(slug, None if n == 0 else day)) for n, day in enumerate(days)]


def slug_guesses(published: str) -> tuple[str | None, str | None]:
    """The meeting slug a published one names, and the prefix of a cut one (to look up)."""
    suffixed = _SUFFIXED.fullmatch(published)
    cut = _CUT.fullmatch(published) if len(published) == MAX_SLUG else None
    return (suffixed[1] if suffixed else None), (cut[1] if cut else None)


def resolve(published: str) -> str | None:
    """The slug of the meeting that publishes an entry under this slug, if any."""
    base, prefix = slug_guesses(published)
    if base:
        query = select(Meeting.slug, Meeting.days).where(Meeting.slug == base)
    elif prefix:
        query = select(Meeting.slug, Meeting.days).where(
            Meeting.slug.startswith(prefix[: MAX_SLUG - 14], autoescape=True))
    else:
        return None
    for slug, days in db.session.execute(query):
        if any(one == published for _day, one in entry_slugs(slug, schedule.weekdays(days))):
            return slug
    return None


def spec_phone(value: str | None) -> str | None:
    """A dial-in number as the spec writes it: digits, a leading +, and `,` `*` `#` only."""
    said = (value or "").strip()
    kept = "".join(ch for ch in said if ch in "0123456789,*#")
    if not any(ch.isdigit() for ch in kept):
        return None
    return ("+" if said.startswith("+") else "") + kept


def provider_gap(url: str | None) -> str | None:
    """Which readers leave a join link out: "all" (Meeting Guide, TSML and TSML UI), "tsml-ui"
    (TSML UI where a site sets no list of its own), or None when every one shows it."""
    host = (urlsplit(url).hostname or "") if url else ""
    if not host:
        return None
    if not _known(host, MEETING_GUIDE_PROVIDERS):
        return "all"
    return None if _known(host, TSML_UI_PROVIDERS) else "tsml-ui"


def _known(host: str, domains) -> bool:
    # as TSML UI reads it: the host ends with a listed domain
    return any(host.endswith(domain) for domain in domains)


def town(address: str | None) -> str | None:
    """The town part of a one-line address: "1 High St, Lewes BN7 2AA, UK" -> "Lewes, UK"."""
    parts = [part.strip() for part in (address or "").split(",") if part.strip()]
    if len(parts) >= 3:
        parts = parts[1:]  # the street, or the building
    kept = []
    for part in parts:
        words = [word for word in part.split() if not any(ch.isdigit() for ch in word)]
        if words:
            kept.append(" ".join(words))
    return ", ".join(kept) or None


def most_common_town(addresses) -> str | None:
    """The town most of these addresses are in (the first seen, on a tie)."""
    towns = Counter(found for found in map(town, addresses) if found)
    return towns.most_common(1)[0][0] if towns else None


def group_towns(group_ids: set[int]) -> dict[int, str]:
    """The town each group's listed places are mostly in: where its online meetings are from."""
    query = (select(Meeting.group_id, Location.address)
             .join(Location, Meeting.location_id == Location.id)
             .where(Meeting.removed_at.is_(None), Location.address.is_not(None)))
    addresses: dict[int, list[str]] = {}
    ids = sorted(group_ids)
    for start in range(0, len(ids), 5000):  # well under SQLite's limit on parameters
        chunk = query.where(Meeting.group_id.in_(ids[start : start + 5000]))
        for group_id, address in db.session.execute(chunk):
            addresses.setdefault(group_id, []).append(address)
    found = {key: most_common_town(value) for key, value in addresses.items()}
    return {key: town for key, town in found.items() if town}


def zone_place(zone: str) -> str | None:
    """A city and country that imply the zone: "America/Chicago" -> "Chicago, United States"."""
    country = zone_countries().get(zone)
    if country is None:
        return None
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    name = Locale("en").territories.get(country)
    return f"{city}, {name}" if name else None


@cache
def zone_countries() -> dict[str, str]:
    """Each zone of the tzdata package's zone.tab with its country code."""
    found = {}
    for line in zonerules.table("zone.tab").splitlines():
        if line and not line.startswith("#"):
            code, _where, zone = line.split("\t")[:3]
            found[zone] = code
    return found


def join_weekdays(records: list[dict]) -> list[dict]:
    """Entries a directory like this one published per weekday, back into one meeting each.

    Entries join when they differ only in `day` and `slug`, and their slugs are one
    meeting's (`<slug>`, `<slug>--wed`, or cut to 64 from those). Anything else, from any
    other feed, is left as it was.
    """
    groups: dict[tuple, list[dict]] = {}
    for record in records:
        slug = record.get("slug")
        if not isinstance(slug, str) or _weekday(record.get("day")) is None:
            groups[("", id(record))] = [record]
            continue
        rest = repr(sorted((k, repr(v)) for k, v in record.items() if k not in ("slug", "day")))
        groups.setdefault((rest, _root(slug)), []).append(record)
    joined = []
    for (rest, _), members in groups.items():
        if len(members) == 1 or not rest:
            joined.extend(members)
            continue
        days = sorted({_weekday(member.get("day")) for member in members})
        first = min(members, key=lambda member: (len(member["slug"]), member["slug"]))
        root = _SUFFIXED.fullmatch(first["slug"])
        joined.append({**first, "slug": root[1] if root else first["slug"], "day": days})
    return joined


def _weekday(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and 0 <= value <= 6 else None


def _root(slug: str) -> str:
    """What the slugs of one meeting's entries share: the slug, or its first 55 characters."""
    suffixed = _SUFFIXED.fullmatch(slug)
    root = suffixed[1] if suffixed else slug
    if len(root) > MAX_SLUG - 9 - len("--wed") or (len(slug) == MAX_SLUG and _CUT.fullmatch(slug)):
        return root[: MAX_SLUG - 9].rstrip("-")
    return root
