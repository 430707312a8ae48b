"""The one clock the app reads: the real time, or an instant it was set to.

Every "now" in the app (the finder's next meetings, a revision's stamp, a feed's DTSTAMP, a
term's end) comes from `utcnow()`. Setting the clock here moves all of them at once, for the
tests and for reproducing what a reader saw at a given moment.
"""

from __future__ import annotations

from datetime import UTC, datetime

_set_to: datetime | None = None


def utcnow() -> datetime:
    return _set_to or datetime.now(UTC)


def set_to(moment: datetime | None) -> None:
    """Stop the clock at an aware instant, or (None) let it run again."""
    global _set_to
    if moment is not None and moment.tzinfo is None:
        raise ValueError("the clock takes an aware instant")
    _set_to = moment
