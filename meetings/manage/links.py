"""Group links: secret capabilities passed hand to hand, remembered by the devices that open them.

A token is 256 random bits; only its sha256 is stored. Opening `/g/<token>` remembers the
link in the signed session cookie and redirects to a URL without the token. Every
response that carries a token is kept out of caches, referrers and search engines, and
the request logs show `/g/…` instead of the token.
"""

import re
import secrets

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import lookup
from meetings.directory.models import Group
from meetings.manage import changes
from meetings.manage.capabilities import (
    held_link,
    hold,
    holder,
    issue,
    link_url,
    owned,
    qr_svg,
    recover_group,
    recovery_hash,
    token_hash,
)
from meetings.manage.forms import ActionForm, LinkForm, RecoveryForm
from meetings.manage.models import GroupLink
from meetings.web import limits, notices, remembered
from meetings.web.private import private, secret
from meetings.web.security import redact_in_logs

bp = Blueprint("links", __name__)

TOKEN_PATH = re.compile(r"/g/[^\s\"'?#/]+")


@bp.app_template_global()
def holds_link(group: Group) -> bool:
    return held_link(group) is not None


@bp.get("/g/<token>")
@limits.link_lookups()
def open_link(token):
    """Open a group link: remember it on this device, then go to the group without the token."""
    link = db.session.scalar(select(GroupLink).where(GroupLink.token_hash == token_hash(token)))
    if link is None:
        return secret((render_template("links/unknown.html"), 404))
    if link.retired_at is not None:
        return secret((render_template("links/retired.html", link=link), 410))
    hold(link)
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
    group = lookup.group_or_404(slug, shown=False)
    if ActionForm().validate_on_submit():
        remembered.forget_group(group.id, {link.id for link in group.links})
    return redirect(url_for("groups.group", slug=slug), 303)


@bp.route("/groups/<slug>/recover", methods=["GET", "POST"])
@limits.recovery()
@limits.link_lookups()
def recover(slug):
    """With the recovery code: retire every link, and give a new link and a new code."""
    group = lookup.group_or_404(slug, shown=False)
    form = RecoveryForm()
    if form.validate_on_submit():
        given = recovery_hash(form.code.data)
        if group.recovery_hash and secrets.compare_digest(given, group.recovery_hash):
            link, token, code = recover_group(group, changes.Actor(None, "recovery"))
            hold(link)
            db.session.commit()
            return secret(_shown(group, token, link.name, code))
        form.code.errors.append(_("This is not the group's recovery code. Check it and try again."))
    status = 400 if form.errors else 200
    return secret((render_template("links/recover.html", group=group, form=form), status))


def _shown(group, token, name, code=None):
    url = link_url(token)
    return render_template("links/shown.html", group=group, url=url, qr=qr_svg(url), name=name,
                           recovery_code=code)


def init_app(app):
    app.config["SESSION_COOKIE_HTTPONLY"] = True  # not a default: no script reads the link
    redact_in_logs(TOKEN_PATH, "/g/…")
