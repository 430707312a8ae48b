"""Volunteers: members add themselves under a name they choose, and the days they are away.

Names and notes are shown only on pages for link holders, never on public pages or feeds.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.manage import changes
from meetings.manage.capabilities import holder
from meetings.manage.conflicts import change_as_seen
from meetings.manage.forms import ActionForm
from meetings.rotation import seating, terms
from meetings.rotation.forms import AwayForm, VolunteerForm
from meetings.rotation.members import (
    active_volunteers,
    name_used,
    owned_volunteer,
    remember,
    remembered,
    used_message,
)
from meetings.rotation.models import Away, Volunteer
from meetings.web import limits, notices
from meetings.web.private import private

bp = Blueprint("volunteers", __name__)


@bp.route("/groups/<slug>/roster/volunteers", methods=["GET", "POST"])
@limits.writes()
def volunteers(slug):
    """List the group's volunteers; add yourself under a name you choose."""
    group, link = holder(slug)
    form = VolunteerForm()
    form.offer_roles(terms.active_roles(group))
    if form.validate_on_submit():
        if name_used(group, form.name.data):
            form.name.errors.append(used_message(form.name.data))
        else:
            made = Volunteer(group_id=group.id, name=" ".join(form.name.data.split()),
                             private_note=form.private_note.data,
                             declined_roles=sorted(form.declined_roles.data))
            done = []
            if saved(form, lambda: done.append(changes.create(made, changes.Actor(link),
                                                              form.reason.data))):
                remember(group, made)
                notices.said(_("%(name)s is on the roster. This device now remembers you as "
                               "%(name)s; put your name on a term below.", name=made.name),
                             done[0])
                return redirect(url_for("roster.roster", slug=slug), 303)
    return private((render_template(
        "volunteers/volunteers.html", group=group, form=form, action=ActionForm(),
        volunteers=active_volunteers(group), today=terms.group_today(group),
        me=remembered(group),
        removed=list(db.session.scalars(select(Volunteer).where(
            Volunteer.group_id == group.id, Volunteer.removed_at.is_not(None))))),
        400 if form.errors else 200))


def saved(form, work) -> bool:
    """Save and commit; if the same name was saved at the same moment elsewhere, say so."""
    try:
        work()
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        form.name.errors.append(used_message(form.name.data))
        return False


@bp.route("/groups/<slug>/roster/volunteers/<int:volunteer_id>", methods=["GET", "POST"])
@limits.writes()
def volunteer(slug, volunteer_id):
    """Change a volunteer's name, note or roles declined; see and add days away."""
    group, link = holder(slug)
    found = owned_volunteer(group, volunteer_id)
    form = VolunteerForm(data={"name": found.name, "private_note": found.private_note,
                               "declined_roles": found.declined_roles,
                               "revision": changes.latest_id("volunteer", found.id)})
    form.offer_roles(terms.active_roles(group))
    conflict = None
    if form.validate_on_submit():
        if name_used(group, form.name.data, other_than=found):
            form.name.errors.append(used_message(form.name.data))
        else:
            values = {"name": " ".join(form.name.data.split()),
                      "private_note": form.private_note.data,
                      "declined_roles": sorted(form.declined_roles.data)}
            outcome = []
            if saved(form, lambda: outcome.append(change_as_seen(
                    found, values, changes.Actor(link), form))):
                done, conflict = outcome[0]
                if conflict is None:
                    notices.said(_("%(name)s is saved.", name=found.name) if done else
                                 _("Nothing was changed."), done)
                    return redirect(url_for("volunteers.volunteers", slug=slug), 303)
    return person_page(group, found, form, AwayForm(formdata=None), conflict)


def person_page(group, found, form, away_form, conflict=None, clashes=()):
    status = 409 if conflict or clashes else 400 if form.errors or away_form.errors else 200
    today = terms.group_today(group)
    return private((render_template(
        "volunteers/volunteer.html", group=group, volunteer=found, form=form,
        away_form=away_form, conflict=conflict, clashes=clashes, action=ActionForm(),
        held=seating.held_terms(found, today), today=today), status))


@bp.post("/groups/<slug>/roster/volunteers/<int:volunteer_id>/away")
@limits.writes()
def add_away(slug, volunteer_id):
    """Add days away; if they fall in a term the volunteer holds, say which, and ask first."""
    group, link = holder(slug)
    found = owned_volunteer(group, volunteer_id)
    form = AwayForm()
    today = terms.group_today(group)
    clashes = []
    if form.validate_on_submit():
        if form.last_day.data < today:
            form.last_day.errors.append(_("These days are over: give days from today on."))
        else:
            clashes = seating.away_clashes(found, form.first_day.data, form.last_day.data, today)
            if not clashes or form.anyway.data:
                away = Away(group_id=group.id, volunteer_id=found.id,
                            first_day=form.first_day.data, last_day=form.last_day.data)
                done = changes.create(away, changes.Actor(link), form.reason.data)
                db.session.commit()
                notices.said(_("%(name)s is away %(days)s.", name=found.name, days=terms.when(
                    away.first_day, away.last_day)), done)
                return redirect(url_for("volunteers.volunteer", slug=slug,
                                        volunteer_id=found.id), 303)
    edit = VolunteerForm(formdata=None, data={
        "name": found.name, "private_note": found.private_note,
        "declined_roles": found.declined_roles,
        "revision": changes.latest_id("volunteer", found.id)})
    edit.offer_roles(terms.active_roles(group))
    return person_page(group, found, edit, form, clashes=clashes)


@bp.post("/groups/<slug>/roster/volunteers/<int:volunteer_id>/away/<int:away_id>/remove")
@limits.writes()
def remove_away(slug, volunteer_id, away_id):
    """Take back days away."""
    group, link = holder(slug)
    found = owned_volunteer(group, volunteer_id)
    away = db.session.get(Away, away_id)
    form = ActionForm()
    if away is None or away.volunteer_id != found.id:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    done = changes.change(away, {"removed_at": utcnow()}, changes.Actor(link),
                          action="removed", reason=form.reason.data)
    db.session.commit()
    notices.said(_("%(name)s is no longer away %(days)s.", name=found.name,
                   days=terms.when(away.first_day, away.last_day)), done)
    return redirect(url_for("volunteers.volunteer", slug=slug, volunteer_id=found.id), 303)


@bp.post("/groups/<slug>/roster/volunteers/<int:volunteer_id>/<any(remove, restore):what>")
@limits.writes()
def remove(slug, volunteer_id, what):
    """Take a name off the roster (once their coming terms are passed on), or put it back."""
    group, link = holder(slug)
    found = owned_volunteer(group, volunteer_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    held = seating.held_terms(found, terms.group_today(group))
    if what == "remove" and held:
        flash(_("%(name)s still holds: %(terms)s. Release or swap these terms first.",
                name=found.name, terms="; ".join(terms.term_words(t) for t in held)))
        return redirect(url_for("volunteers.volunteer", slug=slug, volunteer_id=found.id), 303)
    if what == "restore" and name_used(group, found.name, other_than=found):
        flash(used_message(found.name))
        return redirect(url_for("volunteers.volunteers", slug=slug), 303)
    removed_at, action = (utcnow(), "removed") if what == "remove" else (None, "restored")
    done = changes.change(found, {"removed_at": removed_at}, changes.Actor(link),
                          action=action, reason=form.reason.data)
    db.session.commit()
    notices.said(_("%(name)s is taken off the roster.", name=found.name) if what == "remove"
                 else _("%(name)s is back on the roster.", name=found.name), done)
    return redirect(url_for("volunteers.volunteers", slug=slug), 303)


@bp.post("/groups/<slug>/roster/volunteers/<int:volunteer_id>/<any(me, 'not-me'):what>")
def this_is_me(slug, volunteer_id, what):
    """Tell this device "this is me" (it then picks the name when taking a term), or not."""
    group, _link = holder(slug)
    found = owned_volunteer(group, volunteer_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if what == "me":
        remember(group, found)
        flash(_("This device now knows you as %(name)s.", name=found.name))
    elif remembered(group) is found:
        remember(group, None)
        flash(_("This device no longer takes you for %(name)s.", name=found.name))
    return redirect(notices.back_to(slug, url_for("volunteers.volunteers", slug=slug)), 303)
