"""A group's history in plain words; undoing one change, or everything done through a link."""

from dataclasses import dataclass, field
from datetime import datetime

from babel.lists import format_list
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from meetings.core import schedule
from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.core.values import integer
from meetings.manage import changes, reverting
from meetings.manage.capabilities import holder
from meetings.manage.forms import ActionForm, Choice, UndoSinceForm
from meetings.manage.models import GroupLink, Revision
from meetings.manage.wording import describe, field_label
from meetings.web import limits, notices
from meetings.web.private import private
from meetings.web.zones import reader_zone

bp = Blueprint("history", __name__)
bp.add_app_template_global(notices.undo_id, "undo_id")
PAGE = 50


def undone_ids(group_id: int) -> set[int]:
    """Revisions that stand undone: reverted by a revert that is not itself undone."""
    pairs = db.session.execute(select(Revision.id, Revision.reverts_id).where(
        Revision.group_id == group_id, Revision.reverts_id.is_not(None)))
    by_target: dict[int, list[int]] = {}
    for revert_id, target in pairs:
        by_target.setdefault(target, []).append(revert_id)
    memo: dict[int, bool] = {}

    def undone(revision_id):
        if revision_id not in memo:
            memo[revision_id] = False
            memo[revision_id] = any(not undone(r) for r in by_target.get(revision_id, []))
        return memo[revision_id]

    return {target for target in by_target if undone(target)}


def through_link(group_id: int, link_id: int, start: datetime) -> list[Revision]:
    """What was done through a link since a moment, and through links it made, newest first."""
    ids = {link_id}
    while True:
        made = set(db.session.scalars(select(Revision.subject_id).where(
            Revision.group_id == group_id, Revision.subject == "link",
            Revision.action == "created", Revision.link_id.in_(ids), Revision.created >= start)))
        if made <= ids:
            break
        ids |= made
    gone = undone_ids(group_id)
    query = select(Revision).where(Revision.group_id == group_id, Revision.link_id.in_(ids),
                                   Revision.created >= start).order_by(Revision.id.desc())
    return [revision for revision in db.session.scalars(query) if revision.id not in gone
            and (revision.subject, revision.action) != ("group", "created")]


@dataclass
class Summary:
    undone: int = 0
    left: list = field(default_factory=list)


def undo_since(revisions: list[Revision], actor: changes.Actor, reason=None) -> Summary:
    """Undo revisions newest first, as one action; say which could not be undone."""
    summary, when = Summary(), utcnow()
    for revision in revisions:
        outcome = reverting.revert(revision, actor, reason, when)
        if outcome.revision is not None:
            summary.undone += 1
        if outcome.kept:
            summary.left.append(describe(revision))
    return summary


@bp.get("/groups/<slug>/history")
def history(slug):
    """Show every change to the group, newest first, each with a button to undo it."""
    group, link = holder(slug)
    page = integer(request.args.get("page"), 1, 100000) or 1
    query = select(Revision).where(Revision.group_id == group.id).order_by(Revision.id.desc())
    found = list(db.session.scalars(query.offset((page - 1) * PAGE).limit(PAGE + 1)))
    return private(render_template(
        "history/history.html", group=group, link=link, page=page, more=len(found) > PAGE,
        entries=[describe(r) for r in found[:PAGE]], undone=undone_ids(group.id),
        action=ActionForm(), links=group.links,
    ))


@bp.post("/groups/<slug>/history/<int:revision_id>/revert")
@limits.writes()
def revert(slug, revision_id):
    """Undo one change: a new change that puts back what it replaced."""
    group, link = holder(slug)
    revision = db.session.get(Revision, revision_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if revision is None or revision.group_id != group.id:
        abort(404)
    form = ActionForm()
    outcome = reverting.revert(revision, changes.Actor(link), form.reason.data)
    db.session.commit()
    if outcome.revision is None:
        flash(_("Nothing was undone: what this change set has been changed again since."))
    elif outcome.kept:
        notices.said(_("Undone, except what has been changed again since: %(fields)s.",
                       fields=format_list([str(field_label(revision.subject, n))
                                           for n in outcome.kept], locale=get_locale())),
                     outcome.revision)
    else:
        notices.said(_("The change was undone."), outcome.revision)
    return redirect(notices.back_to(slug, url_for("history.history", slug=slug)), 303)


@bp.route("/groups/<slug>/undo", methods=["GET", "POST"])
@limits.writes()
def undo(slug):
    """Undo everything done through one link since a moment, in one action."""
    group, link = holder(slug)
    if request.method == "POST":
        form = UndoSinceForm()
    else:
        form = UndoSinceForm(formdata=None, data={"link": integer(request.args.get("link")),
                                                  "since": _moment(request.args.get("since"))})
    form.link.choices = [Choice(each.id, each.name) for each in group.links]
    chosen = db.session.get(GroupLink, form.link.data) if form.link.data else None
    if chosen is not None and form.since.data is None:
        form.since.data = chosen.created.astimezone(schedule.zone(reader_zone())).replace(
            tzinfo=None, second=0, microsecond=0)
    revisions = []
    if chosen is not None and chosen.group_id == group.id and form.since.data:
        start = form.since.data.replace(tzinfo=schedule.zone(reader_zone()))
        revisions = through_link(group.id, chosen.id, start)
    if request.method == "POST" and form.validate() and chosen in group.links:
        actor = changes.Actor(link)
        summary = undo_since(revisions, actor, form.reason.data)
        if form.retire.data and chosen.retired_at is None:
            changes.change(chosen, {"retired_at": utcnow()}, actor, action="retired",
                           reason=form.reason.data)
        db.session.commit()
        return private(render_template("history/undone.html", group=group, summary=summary,
                                       retired=form.retire.data, chosen=chosen))
    return private((render_template("history/undo.html", group=group, form=form, chosen=chosen,
                                    entries=[describe(r) for r in revisions]),
                    400 if form.errors else 200))


def _moment(value):
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None) if value else None
    except ValueError:
        return None
