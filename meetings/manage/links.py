"""Group links: secret capabilities passed hand to hand, remembered by the devices that open them.

A token is 256 random bits; only its sha256 is stored. Opening `/g/<token>` remembers the
link in the signed session cookie and redirects to a URL without the token. Every
response that carries a token is kept out of caches, referrers and search engines, and
the request logs show `/g/…` instead of the token.
"""

import base64
import hashlib
import re
import secrets

import segno
from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory.models import Group
from meetings.manage import changes
from meetings.manage.forms import ActionForm, LinkForm, RecoveryForm
from meetings.manage.models import GroupLink
from meetings.web import limits, notices
from meetings.web.security import redact_in_logs

bp = Blueprint("links", __name__)

TOKEN_BYTES = 32
#: how many links one device remembers, across groups
REMEMBERED = 50
TOKEN_PATH = re.compile(r"/g/[^\s\"'?#/]+")


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


def link_url(token: str) -> str:
    return url_for("links.open_link", token=token, _external=True)


def qr_svg(url: str) -> Markup:
    """The link as a QR code, an inline SVG made here: no third party ever sees the token."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=5, border=2, svgclass="qr", title=_("QR code")))


def secret(response):
    """Keep a response that shows a token out of caches, referrers, logs and search engines."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def remember(link: GroupLink) -> None:
    ids = [i for i in session.get("links", []) if i != link.id] + [link.id]
    session["links"] = ids[-REMEMBERED:]
    session.permanent = True
    link.last_used_on = utcnow().date()


def held_link(group: Group) -> GroupLink | None:
    """The link this device holds for a group, checked on every request: retired ones fail."""
    ids = session.get("links", [])
    if not ids:
        return None
    query = select(GroupLink).where(
        GroupLink.id.in_(ids), GroupLink.group_id == group.id, GroupLink.retired_at.is_(None)
    )
    found = sorted(db.session.scalars(query), key=lambda link: ids.index(link.id))
    return found[-1] if found else None


@bp.app_template_global()
def holds_link(group: Group) -> bool:
    return held_link(group) is not None


def owned(group: Group, model, row_id: int, missing: str | None = None):
    """One of the group's own rows (a meeting, role, term, link…) by id, else a 404.

    Another group's row is as unknown here as one that does not exist.
    """
    found = db.session.get(model, row_id)
    if found is None or found.group_id != group.id:
        abort(404, description=missing)
    return found


def holder(slug: str) -> tuple[Group, GroupLink]:
    """The group and the link this device holds for it, or a page saying how to get one."""
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        abort(404, description=_("There is no group at this address."))
    link = held_link(group)
    if link is None:
        page = render_template("links/no_link.html", group=group)
        abort(make_response(page, 403))
    today = utcnow().date()
    if link.last_used_on != today:
        link.last_used_on = today
    return group, link


def private(response):
    """Pages only link holders see: never cached or indexed."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/g/<token>")
@limits.link_lookups()
def open_link(token):
    """Open a group link: remember it on this device, then go to the group without the token."""
    link = db.session.scalar(select(GroupLink).where(GroupLink.token_hash == token_hash(token)))
    if link is None:
        return secret((render_template("links/unknown.html"), 404))
    if link.retired_at is not None:
        return secret((render_template("links/retired.html", link=link), 410))
    remember(link)
    db.session.commit()
    return secret(redirect(url_for("editing.manage", slug=link.group.slug), 303))


@bp.route("/groups/<slug>/links", methods=["GET", "POST"])
@limits.writes()
def manage_links(slug):
    """List the group's links; name a new one, shown once."""
    group, link = holder(slug)
    form = LinkForm()
    if form.validate_on_submit():
        _made, token = issue(group, form.name.data, changes.Actor(link))
        db.session.commit()
        return secret(_shown(group, token, form.name.data))
    status = 400 if form.errors else 200
    return private((render_template("links/links.html", group=group, link=link, form=form,
                                    action=ActionForm()), status))


@bp.post("/groups/<slug>/links/<int:link_id>/retire")
@limits.writes()
def retire(slug, link_id):
    """Retire one of the group's links: it stops working everywhere at once."""
    group, link = holder(slug)
    target = owned(group, GroupLink, link_id)
    form = ActionForm()
    if form.validate_on_submit():
        done = changes.change(target, {"retired_at": utcnow()}, changes.Actor(link),
                              action="retired", reason=form.reason.data)
        db.session.commit()
        notices.said(_("The link “%(name)s” is retired: it no longer works anywhere.",
                       name=target.name), done)
    return redirect(url_for("links.manage_links", slug=slug), 303)


@bp.post("/groups/<slug>/forget")
def forget(slug):
    """Forget the group's links on this device (the links themselves keep working)."""
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        abort(404)
    if ActionForm().validate_on_submit():
        mine = {link.id for link in group.links}
        session["links"] = [i for i in session.get("links", []) if i not in mine]
        session["me"] = {k: v for k, v in session.get("me", {}).items() if k != str(group.id)}
    return redirect(url_for("groups.group", slug=slug), 303)


@bp.route("/groups/<slug>/recover", methods=["GET", "POST"])
@limits.recovery()
@limits.link_lookups()
def recover(slug):
    """With the recovery code: retire every link, and give a new link and a new code."""
    group = db.session.scalar(select(Group).where(Group.slug == slug))
    if group is None:
        abort(404, description=_("There is no group at this address."))
    form = RecoveryForm()
    if form.validate_on_submit():
        given = recovery_hash(form.code.data)
        if group.recovery_hash and secrets.compare_digest(given, group.recovery_hash):
            link, token, code = recover_group(group, changes.Actor(None, "recovery"))
            remember(link)
            db.session.commit()
            return secret(_shown(group, token, link.name, code))
        form.code.errors.append(_("This is not the group's recovery code. Check it and try again."))
    status = 400 if form.errors else 200
    return secret((render_template("links/recover.html", group=group, form=form), status))


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


def _shown(group, token, name, code=None):
    url = link_url(token)
    return render_template("links/shown.html", group=group, url=url, qr=qr_svg(url), name=name,
                           recovery_code=code)


def init_app(app):
    app.config["SESSION_COOKIE_HTTPONLY"] = True  # not a default: no script reads the link
    redact_in_logs(TOKEN_PATH, "/g/…")
