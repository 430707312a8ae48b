"""Service roles a group defines: title, duties, term, seats, a suggested requirement.

The common AA roles are offered as presets, in the reader's language, to edit before saving.
"""

from datetime import date, timedelta
from typing import NamedTuple

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.manage import changes
from meetings.manage.capabilities import holder
from meetings.manage.conflicts import change_as_seen
from meetings.manage.forms import ActionForm
from meetings.rotation import seating, terms
from meetings.rotation.forms import RoleForm
from meetings.rotation.members import owned_role
from meetings.rotation.models import ServiceRole
from meetings.web import limits, notices
from meetings.web.private import private

bp = Blueprint("roles", __name__)
FIELDS = ("title", "duties", "term_unit", "term_length", "seats", "requirement", "combinable",
          "meeting_id", "starts_on")


class Preset(NamedTuple):
    title: str
    duties: str
    term_unit: str
    term_length: int
    requirement: str | None = None
    combinable: bool = True


PRESETS = {
    "gsr": Preset(_l("General service representative (GSR)"), _l(
        "Carries the group's conscience to district and area assemblies, brings back news "
        "of the wider fellowship and reports at the business meeting."), "year", 2,
        _l("Two years of sobriety suggested"), False),
    "alternate-gsr": Preset(_l("Alternate GSR"), _l(
        "Goes with the GSR to district meetings and steps in when the GSR cannot."),
        "year", 2, _l("One year of sobriety suggested")),
    "secretary": Preset(_l("Secretary"), _l(
        "Keeps the keys, the meeting schedule and the announcements; notes the decisions "
        "of the business meeting."), "month", 6, _l("Six months of sobriety suggested")),
    "treasurer": Preset(_l("Treasurer"), _l(
        "Counts the 7th Tradition basket, pays the rent, keeps a prudent reserve and "
        "reports to the group."), "year", 1, _l("One year of sobriety suggested")),
    "chair": Preset(_l("Chair"), _l(
        "Opens the meeting with the readings, brings the topic or the speaker, keeps time "
        "and closes."), "meeting", 1, _l("Thirty days of sobriety suggested")),
    "coffee": Preset(_l("Coffee"), _l(
        "Makes the coffee and tea, sets out the cups and washes up."), "month", 3),
    "literature": Preset(_l("Literature"), _l(
        "Keeps the literature table stocked and orders books and pamphlets."), "month", 6),
    "greeter": Preset(_l("Greeter"), _l(
        "Welcomes people at the door, newcomers above all, and shows them around."),
        "month", 1),
}


@bp.app_template_global()
def term_length(role) -> str:
    """How long one term of a role lasts, in words."""
    n = role.term_length
    return {
        "meeting": lambda: _("one meeting of “%(meeting)s”",
                             meeting=role.meeting.name if role.meeting else "?"),
        "week": lambda: ngettext("%(num)d week", "%(num)d weeks", n),
        "month": lambda: ngettext("%(num)d month", "%(num)d months", n),
        "year": lambda: ngettext("%(num)d year", "%(num)d years", n),
    }[role.term_unit]()


def preset_data(key: str, group, today: date) -> dict:
    """A new role's form: its first term starts at the group's next meeting, so no weeks
    between now and the start of next month or quarter are left with nobody."""
    soonest = terms.next_meeting(group, utcnow())
    first = max(today, soonest[1].start.date()) if soonest else today
    preset = PRESETS.get(key)
    if preset is None:
        return {"starts_on": first, "term_length": 1, "seats": 1}
    per_meeting = preset.term_unit == "meeting"
    return {"title": str(preset.title), "duties": str(preset.duties),
            "term_unit": preset.term_unit, "term_length": preset.term_length, "seats": 1,
            "requirement": str(preset.requirement) if preset.requirement else None,
            "combinable": preset.combinable,
            "meeting": str(soonest[0].id) if per_meeting and soonest else "",
            "starts_on": today if per_meeting else first}


@bp.get("/groups/<slug>/roster/roles")
def roles(slug):
    """List the group's roles, and the common ones to start from."""
    group, link = holder(slug)
    query = select(ServiceRole).where(ServiceRole.group_id == group.id,
                                      ServiceRole.removed_at.is_not(None))
    return private(render_template(
        "roles/roles.html", group=group, roles=terms.active_roles(group),
        removed=list(db.session.scalars(query)), presets=PRESETS, action=ActionForm()))


@bp.route("/groups/<slug>/roster/roles/new", methods=["GET", "POST"])
@bp.route("/groups/<slug>/roster/roles/<int:role_id>/edit", methods=["GET", "POST"])
@limits.writes()
def role(slug, role_id=None):
    """Add a role (from a preset, to edit) or change one."""
    group, link = holder(slug)
    found = owned_role(group, role_id) if role_id else None
    today = terms.group_today(group)
    if found is None:
        data = preset_data(request.args.get("preset", ""), group, today)
    else:
        data = {name: getattr(found, name) for name in FIELDS if name != "meeting_id"}
        data.update(meeting=str(found.meeting_id or ""),
                    revision=changes.latest_id("role", found.id))
    form = RoleForm(data=data)
    form.offer_meetings(group.listed_meetings)
    if form.validate_on_submit():
        values = role_values(form)
        clash = seating.misfits(found, values, today) if found else []
        if clash:
            form.starts_on.errors.append(misfit_message(clash))
        else:
            return save(group, link, found, values, form)
    return page(group, found, form)


def role_values(form) -> dict:
    per_meeting = form.term_unit.data == "meeting"
    values = {name: getattr(form, name).data for name in FIELDS if hasattr(form, name)}
    values["term_length"] = 1 if per_meeting else form.term_length.data
    values["meeting_id"] = int(form.meeting.data) if per_meeting else None
    return values


def misfit_message(clash) -> str:
    after = max(term.ends_on for term in clash) + timedelta(days=1)
    listed = "; ".join(_("%(term)s (%(name)s)", term=terms.term_words(t), name=t.volunteer.name)
                       for t in clash)
    return _("These terms are taken and the new terms would overlap them: %(terms)s. Let the "
             "new terms begin on %(date)s or later, or release those terms first.",
             terms=listed, date=terms.when(after, after))


def save(group, link, found, values, form):
    actor = changes.Actor(link)
    if found is None:
        done = changes.create(ServiceRole(group_id=group.id, **values), actor, form.reason.data)
    else:
        done, conflict = change_as_seen(found, values, actor, form)
        if conflict is not None:
            return page(group, found, form, conflict, 409)
    db.session.commit()
    notices.said(_("“%(role)s” is saved.", role=values["title"]) if done else
                 _("Nothing was changed."), done)
    return redirect(url_for("roles.roles", slug=group.slug), 303)


def page(group, found, form, conflict=None, status=None):
    status = status or (400 if form.errors else 200)
    return private((render_template("roles/role.html", group=group, role=found, form=form,
                                    conflict=conflict), status))


@bp.post("/groups/<slug>/roster/roles/<int:role_id>/<any(remove, restore):what>")
@limits.writes()
def remove(slug, role_id, what):
    """Remove a role (its terms stay in the history), or restore it."""
    group, link = holder(slug)
    found = owned_role(group, role_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    removed_at, action = (utcnow(), "removed") if what == "remove" else (None, "restored")
    done = changes.change(found, {"removed_at": removed_at}, changes.Actor(link),
                          action=action, reason=form.reason.data)
    db.session.commit()
    if what == "remove":
        notices.said(_("“%(role)s” is removed. Restore it below if that was a mistake.",
                       role=found.title), done)
    else:
        notices.said(_("“%(role)s” is back on the roster.", role=found.title), done)
    return redirect(url_for("roles.roles", slug=slug), 303)
