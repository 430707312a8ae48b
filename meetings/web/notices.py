"""What a person is told after a change: a message, and an undo when the change has one."""

from flask import flash, request

#: the flash category of a message whose change can be undone: "undo:<revision id>"
UNDO = "undo:"


def said(message: str, revision=None) -> None:
    """Tell the person what their change did; with its revision, the page offers to undo it."""
    if revision is None:
        flash(message, "message")
    else:
        flash(message, f"{UNDO}{revision.id}")


def undo_id(category: str) -> int | None:
    """The revision a flashed message offers to undo, if any."""
    if category.startswith(UNDO) and category[len(UNDO):].isdigit():
        return int(category[len(UNDO):])
    return None


def back_to(slug: str, fallback: str) -> str:
    """Where to go after an action: the group's own page it was asked from, else fallback."""
    wanted = request.form.get("next", "")
    if wanted.startswith(f"/groups/{slug}/") and "//" not in wanted and "\\" not in wanted:
        return wanted
    return fallback
