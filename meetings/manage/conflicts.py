"""A change saved over what its user saw, or, when someone changed it meanwhile, what they did.

Every edit form carries the latest revision its user saw (`ChangeMixin.revision`); the
pages show what was saved since with `templates/_conflict.html`, and answer 409.
"""

from meetings.core.database import db
from meetings.manage import changes
from meetings.manage.wording import describe


def change_as_seen(subject, values: dict, actor, form, **options):
    """Apply a form's values to the subject as its user saw it: (revision or None, None);
    if someone changed it meanwhile, nothing is kept and the answer is (None, what they
    did, described), the form now pointing at the latest revision so a second save applies."""
    try:
        return changes.change(subject, values, actor, reason=form.reason.data,
                              expected=form.revision.data or 0, **options), None
    except changes.Conflict as conflict:
        db.session.rollback()
        form.revision.data = changes.latest_id(changes.kind_of(subject), subject.id)
        form.revision.raw_data = None
        return None, [describe(revision) for revision in conflict.since]
