"""Readers report a listing that is not a real meeting, or is wrong; nobody needs an account.

A report reaches the group's link holders on its manage page. Past a threshold it reaches
the site's operator too (`flask reports`), whose answer to spam is `hide-group`: the group
and its meetings leave every public page and feed, and the group's history says so. Link
holders can mark a report read; the operator's count still includes it, so a spammer
holding the link cannot make reports disappear. Nothing about the reader is kept.
"""


from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory import lookup
from meetings.directory.models import Group, Meeting
from meetings.manage.capabilities import holder, owned
from meetings.manage.forms import ActionForm, ReportForm
from meetings.manage.models import Report
from meetings.web import limits

bp = Blueprint("reports", __name__)
REASONS = {"not_real": _l("not a real meeting"), "wrong": _l("wrong information")}


@bp.route("/meetings/<slug>/report", methods=["GET", "POST"])
@limits.reports()
def report_meeting(slug):
    """Tell the group (and, if many do, the site's operator) that a meeting is wrong or fake."""
    meeting = lookup.listed_meeting_or_404(slug)
    return _report(meeting.group, meeting)


@bp.route("/groups/<slug>/report", methods=["GET", "POST"])
@limits.reports()
def report_group(slug):
    """Tell the group (and, if many do, the site's operator) that its listing is wrong or fake."""
    return _report(lookup.group_or_404(slug), None)


def _report(group: Group, meeting: Meeting | None):
    form = ReportForm()
    if form.validate_on_submit():
        if not form.homepage.data:  # a robot filled in the trap: thank it, keep nothing
            db.session.add(Report(group_id=group.id, meeting_id=meeting.id if meeting else None,
                                  reason=form.reason.data, note=form.note.data))
            db.session.commit()
        return render_template("reports/thanks.html", group=group, meeting=meeting)
    page = render_template("reports/report.html", form=form, group=group, meeting=meeting)
    return page, 400 if form.errors else 200


@bp.app_template_global()
def unread_reports(group: Group) -> list[Report]:
    """Reports the group's link holders have not marked read, newest first."""
    query = select(Report).where(Report.group_id == group.id, Report.seen_at.is_(None))
    return list(db.session.scalars(query.order_by(Report.id.desc())))


@bp.app_template_global()
def report_reason(reason: str) -> str:
    return str(REASONS.get(reason, reason))


@bp.post("/groups/<slug>/reports/<int:report_id>/seen")
@limits.writes()
def seen(slug, report_id):
    """Mark a report read: it leaves the manage page (the operator still counts it)."""
    group, _link = holder(slug)
    found = owned(group, Report, report_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if found.seen_at is None:
        found.seen_at = utcnow()
        db.session.commit()
    return redirect(url_for("editing.manage", slug=slug), 303)
