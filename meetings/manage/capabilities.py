"""Group links as capabilities: made, hashed, held by a device, and checked on every request.

A token is 256 random bits; only its sha256 is stored. A device holds a link by its id in
the signed session cookie (web.remembered), and every page for link holders starts with
`holder()`: the group and the link this device holds for it, or a page saying how to get one.
"""

import base64
import hashlib
import re
import secrets

import segno
from flask import abort, make_response, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import lookup
from meetings.directory.models import Group
from meetings.manage import changes
from meetings.manage.models import GroupLink
from meetings.web import remembered

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_recovery_code() -> str:
    """120 random bits, written as six groups of four letters and digits to copy by hand."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def recovery_hash(code: str) -> str:
    return hashlib.sha256(re.sub(r"[^A-Z2-7]", "", code.upper()).encode()).hexdigest()


def issue(group: Group, name: str, actor: changes.Actor, reason=None) -> tuple[GroupLink, str]:
    """Make a new link for a group, record it, and return it with its token (shown once)."""
    token = new_token()
    link = GroupLink(group=group, name=name, token_hash=token_hash(token))
    changes.create(link, actor, reason)
    return link, token


def recover_group(group: Group, actor: changes.Actor, name=None):
    """Retire every active link; return a new link, its token and a new recovery code."""
    now = utcnow()
    for link in list(group.links):
        if link.retired_at is None:
            changes.change(link, {"retired_at": now}, actor, action="retired",
                           reason="recovery")
    link, token = issue(group, name or _("Recovered link"), actor)
    code = new_recovery_code()
    group.recovery_hash = recovery_hash(code)
    return link, token, code


def link_url(token: str) -> str:
    return url_for("links.open_link", token=token, _external=True)


def qr_svg(url: str) -> Markup:
    """The link as a QR code, an inline SVG made here: no third party ever sees the token."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=5, border=2, svgclass="qr", title=_("QR code")))


def hold(link: GroupLink) -> None:
    """This device now holds the link."""
    remembered.hold_link(link.id)
    link.last_used_on = utcnow().date()


def held_link(group: Group) -> GroupLink | None:
    """The link this device holds for a group, checked on every request: retired ones fail."""
    ids = remembered.link_ids()
    if not ids:
        return None
    query = select(GroupLink).where(
        GroupLink.id.in_(ids), GroupLink.group_id == group.id, GroupLink.retired_at.is_(None)
    )
    found = sorted(db.session.scalars(query), key=lambda link: ids.index(link.id))
    return found[-1] if found else None


def holder(slug: str) -> tuple[Group, GroupLink]:
    """The group and the link this device holds for it, or a page saying how to get one."""
    group = lookup.group_or_404(slug, shown=False)
    link = held_link(group)
    if link is None:
        page = render_template("links/no_link.html", group=group)
        abort(make_response(page, 403))
    today = utcnow().date()
    if link.last_used_on != today:
        link.last_used_on = today
    return group, link


def owned(group: Group, model, row_id: int, missing: str | None = None):
    """One of the group's own rows (a meeting, role, term, link…) by id, else a 404.

    Another group's row is as unknown here as one that does not exist.
    """
    found = db.session.get(model, row_id)
    if found is None or found.group_id != group.id:
        abort(404, description=missing)
    return found
