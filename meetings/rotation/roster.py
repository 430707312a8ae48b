"""The service roster: each role's coming terms, open seats and who could take them, and what
members do with a term (take it, release it, ask for a stand-in, step in, swap).

Suggestions are a list of names in the order to ask: never counts, points or rankings.
"""

from datetime import date

from babel.dates import format_skeleton
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from meetings.core.database import db
from meetings.core.values import integer
from meetings.manage import changes
from meetings.manage.capabilities import holder, owned
from meetings.manage.forms import ActionForm
from meetings.rotation import seating, terms
from meetings.rotation.forms import SwapForm, TakeForm
from meetings.rotation.members import active_volunteers, owned_role, remember, remembered
from meetings.rotation.models import Term
from meetings.web import limits, notices
from meetings.web.private import private

bp = Blueprint("roster", __name__)
#: how many names a suggestion shows before "someone else"
SHOWN = 3
#: how far ahead the public page looks for open seats, in days
OPEN_AHEAD = 62

bp.add_app_template_global(terms.when, "term_days")
bp.add_app_template_global(terms.term_words, "term_words")


@bp.app_template_global()
def open_seats(group) -> list[tuple[str, str | None]]:
    """For the public page: each role needing someone soon, and from when (None: now).
    Never a name."""
    today = terms.group_today(group)
    found = []
    for role, slots in terms.coming(group, today):
        wanted = [s for s in slots if s.wanted and (s.start - today).days <= OPEN_AHEAD]
        if wanted:
            found.append((role.title, _from(wanted[0], today)))
    return found


def _from(slot, today: date) -> str | None:
    if slot.start <= today:
        return None
    if slot.start.day == 1 and slot.role.term_unit in ("month", "year"):
        return format_skeleton("yMMMM", slot.start, locale=get_locale())
    return terms.when(slot.start, slot.start)


@bp.get("/groups/<slug>/roster")
def roster(slug):
    """Show each role's coming terms: who holds them, open seats, who could take them."""
    group, link = holder(slug)
    today = terms.group_today(group)
    people = seating.pool(group)
    roles = terms.coming(group, today)
    suggested = {slot.key: seating.suggestions(slot, people)[:SHOWN]
                 for _role, slots in roles for slot in slots if slot.wanted}
    return private(render_template(
        "roster/roster.html", group=group, roles=roles, suggested=suggested, today=today,
        action=ActionForm(), has_people=bool(people)))


def owned_slot(group, role_id: int, due: str, seat: int) -> terms.Slot:
    role = owned_role(group, role_id)
    try:
        slot = terms.find(role, seat, date.fromisoformat(due))
    except ValueError:
        slot = None
    if slot is None:
        abort(404, description=_("This role has no such term."))
    return slot


def owned_term(group, term_id: int) -> Term:
    return owned(group, Term, term_id, _("This group has no such term."))


@bp.route("/groups/<slug>/roster/<int:role_id>/<due>/<int:seat>", methods=["GET", "POST"])
@limits.writes()
def take(slug, role_id, due, seat):
    """Put a name on a seat (or step in for someone who asked for a stand-in)."""
    group, link = holder(slug)
    slot = owned_slot(group, role_id, due, seat)
    today, people = terms.group_today(group), seating.pool(group)
    seen = changes.latest_id("term", slot.term.id) if slot.term else 0
    me = remembered(group)
    chosen = integer(request.args.get("volunteer")) or (me.id if me else 0)
    form = TakeForm(data={"volunteer": chosen, "revision": seen})
    form.offer_volunteers(active_volunteers(group))
    problems, warnings = [], []
    if form.validate_on_submit():
        chosen = people.get(form.volunteer.data)
        if chosen is None:
            form.volunteer.errors.append(_("Choose a name from the list."))
        else:
            problems, warnings = seating.check(slot, *chosen, today)
            if not problems and (not warnings or form.anyway.data):
                done = _take(slot, chosen[0], link, form)
                if done is not None:
                    if me is None and form.this_is_me.data:
                        remember(group, chosen[0])
                    return done
                problems = [_("Someone else has just changed this seat. Here it is as it is now.")]
                slot = owned_slot(group, role_id, due, seat)
    status = 409 if problems or warnings else 400 if form.errors else 200
    return private((render_template(
        "roster/take.html", group=group, slot=slot, form=form, problems=problems,
        warnings=warnings, action=ActionForm(), today=today, me=me,
        suggested=seating.suggestions(slot, people)[:SHOWN] if slot.wanted else []), status))


def _take(slot, volunteer, link, form):
    action = "stepped in" if slot.status == "standin" else "taken"
    expected = (form.revision.data or 0) if slot.term else None
    try:
        done = terms.take(slot, volunteer, changes.Actor(link), form.reason.data, expected,
                          action)
        db.session.commit()
    except (changes.Conflict, IntegrityError):
        db.session.rollback()
        return None
    notices.said(_("%(name)s: %(term)s. Thank you for serving.", name=volunteer.name,
                   term=terms.term_words(slot)), done)
    return redirect(url_for("roster.roster", slug=slot.role.group.slug), 303)


@bp.route("/groups/<slug>/roster/terms/<int:term_id>/release", methods=["GET", "POST"])
@limits.writes()
def release(slug, term_id):
    """Release a term: anyone may, as it is a group; it is recorded, and can be undone."""
    group, link = holder(slug)
    term = owned_term(group, term_id)
    form = ActionForm()
    if term.volunteer_id is None or term.ends_on < terms.group_today(group):
        flash(_("This term is open already.") if term.volunteer_id is None else
              _("This term is over: it stays in the record of who served."))
        return redirect(url_for("roster.roster", slug=slug), 303)
    if form.validate_on_submit():
        name = term.volunteer.name
        done = terms.release(term, changes.Actor(link), form.reason.data)
        db.session.commit()
        notices.said(_("%(term)s is open again: %(name)s no longer holds it. This is in the "
                       "history, where it can be undone.", term=terms.term_words(term),
                       name=name), done)
        return redirect(url_for("roster.roster", slug=slug), 303)
    return private(render_template("roster/release.html", group=group, term=term, form=form))


@bp.post("/groups/<slug>/roster/terms/<int:term_id>/<any(standin, keep):what>")
@limits.writes()
def stand_in(slug, term_id, what):
    """Ask for a stand-in for a term, or say none is needed after all."""
    group, link = holder(slug)
    term = owned_term(group, term_id)
    form = ActionForm()
    if (not form.validate_on_submit() or term.volunteer_id is None
            or term.ends_on < terms.group_today(group)):
        abort(400)
    done = terms.set_status(term, "standin" if what == "standin" else "filled",
                            changes.Actor(link), form.reason.data)
    db.session.commit()
    words = terms.term_words(term)
    notices.said(_("%(term)s: a stand-in is wanted.", term=words) if what == "standin" else
                 _("%(term)s: no stand-in is needed.", term=words), done)
    return redirect(url_for("roster.roster", slug=slug), 303)


@bp.route("/groups/<slug>/roster/terms/<int:term_id>/swap", methods=["GET", "POST"])
@limits.writes()
def swap(slug, term_id):
    """Two members swap terms: each takes the other's, if both can."""
    group, link = holder(slug)
    term = owned_term(group, term_id)
    today = terms.group_today(group)
    mine = terms.slot_of(term)
    if term.volunteer_id is None or mine is None or mine.period.end < today:
        abort(404, description=_("This term cannot be swapped."))
    theirs = {s.term.id: s for _r, slots in terms.coming(group, today) for s in slots
              if s.status in terms.HELD and s.volunteer_id != term.volunteer_id}
    form = SwapForm()
    form.other.choices = [(i, _("%(term)s — %(name)s", term=terms.term_words(s),
                                name=s.term.volunteer.name)) for i, s in theirs.items()]
    problems = []
    if form.validate_on_submit() and form.other.data in theirs:
        other = theirs[form.other.data]
        problems = seating.swap_problems(mine, other, today)
        if not problems:
            terms.swap(term, other.term, changes.Actor(link), form.reason.data)
            db.session.commit()
            flash(_("Swapped: %(one)s and %(other)s.", one=terms.term_words(mine),
                    other=terms.term_words(other)))
            return redirect(url_for("roster.roster", slug=slug), 303)
    return private((render_template("roster/swap.html", group=group, term=term, form=form,
                                    problems=problems), 409 if problems else 200))
