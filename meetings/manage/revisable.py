"""What the history records about a group's links: their names and their retiring."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meetings.core.revisable import Kind

LINK = Kind(
    name="link", fields=("name", "retired_at"), hiding="retired_at", named_by="name",
    labels={"name": _l("name"), "retired_at": _l("retired on")},
    actions={"retired": _l("retired")}, hidden={"retired_at": "retired"},
    subject=lambda link, values, name: _("Link “%(name)s”", name=name()),
)
