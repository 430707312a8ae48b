"""What the site's operator does about reported groups: see them, hide them, show them again.

Used from the command line (`flask reports`, `flask hide-group`, `flask unhide-group`);
every hiding is a change in the group's history, undone like any other.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from meetings.core.clock import utcnow
from meetings.core.database import db
from meetings.directory.models import Group
from meetings.manage import changes
from meetings.manage.models import Report

#: report reasons, for the operator's terminal
REASONS_EN = {"not_real": "not a real meeting", "wrong": "wrong information"}
OPERATOR = changes.Actor(None, "operator")


@dataclass
class Reported:
    """A group and what readers said about it lately."""

    group: Group
    count: int
    reasons: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def reported(days: int, threshold: int) -> list[Reported]:
    """Groups with at least `threshold` reports in the last `days` days, most reported first."""
    since = utcnow() - timedelta(days=days)
    counts = select(Report.group_id, Report.reason, func.count(Report.id)).where(
        Report.created >= since).group_by(Report.group_id, Report.reason)
    found: dict[int, dict] = {}
    for group_id, reason, count in db.session.execute(counts):
        found.setdefault(group_id, {})[reason] = count
    listed = []
    for group_id, reasons in found.items():
        if sum(reasons.values()) >= threshold:
            notes = db.session.scalars(select(Report).where(
                Report.group_id == group_id, Report.created >= since,
                Report.note.is_not(None)).order_by(Report.id.desc()).limit(3))
            listed.append(Reported(db.session.get(Group, group_id), sum(reasons.values()),
                                   reasons, list(notes)))
    return sorted(listed, key=lambda r: (-r.count, r.group.slug))


def hide(group: Group, reason: str | None = None):
    """Take a group and its meetings off every public page and feed, in its history."""
    return changes.change(group, {"hidden_at": utcnow()}, OPERATOR, action="hidden",
                          reason=reason)


def unhide(group: Group, reason: str | None = None):
    """Show a hidden group again, in its history."""
    return changes.change(group, {"hidden_at": None}, OPERATOR, action="shown", reason=reason)
