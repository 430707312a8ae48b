"""What the revision history may change about a table, declared by the feature that owns it.

Each feature describes its revisable tables with a `Kind` and registers it on the model class
(`@revisable.register(KIND)`), so the declaration is in place as soon as the model exists.
The revision engine reads only these declarations: it names no feature's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Kind:
    """One kind of subject a revision is about ("meeting", "term"), as its feature sees it."""

    #: the name revisions store in `subject`: never renamed
    name: str
    #: what a revision tracks, in the order the history shows it
    fields: tuple[str, ...]
    #: what calendars read besides the fields: restored exactly when the latest change is undone
    bookkeeping: tuple[str, ...] = ()
    #: the field that hides a subject, for undoing its creation
    hiding: str | None = None
    #: what undoing a creation sets instead of hiding (a taken term's seat opens again)
    emptying: Mapping[str, Any] = field(default_factory=dict)
    #: rows that go when taken back (the revision keeps all of it): the relation to their
    #: owner and the owner's collection that then holds one fewer
    deleted_from: tuple[str, str] | None = None
    #: whether the calendar SEQUENCE grows with every change
    sequenced: bool = False
    #: id fields set through their relationship, so the session sees the related row
    relations: Mapping[str, str] = field(default_factory=dict)
    #: fields only the site's operator sets, and so only the operator undoes
    operators: tuple[str, ...] = ()
    #: the field that names a subject, told as it was at each point of its history
    named_by: str | None = None
    #: fields that say which subject a revision is about: in its subject line, not listed
    identity: tuple[str, ...] = ()
    #: the group a subject belongs to
    group_of: Callable[[Any], int] = attrgetter("group_id")
    #: how new values are applied (row, values, when), when not simply set one by one
    apply: Callable | None = None
    #: whether the latest change may be rolled back exactly (row, bookkeeping before)
    may_restore: Callable | None = None
    #: what rolling back exactly also undoes (row, bookkeeping before)
    restoring: Callable | None = None
    #: fields an undo must leave as they are (row, values it would set) -> set of names
    refused: Callable | None = None
    #: how the history words it: field labels, stored values, actions
    labels: Mapping[str, Any] = field(default_factory=dict)
    words: Mapping[str, Any] = field(default_factory=dict)
    actions: Mapping[str, Any] = field(default_factory=dict)
    #: fields that take a subject out of view, each with the action that sets it
    hidden: Mapping[str, str] = field(default_factory=dict)
    #: how a field's stored (JSON) value reads, when its column type does not say
    shown: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    #: id fields (or lists of ids) naming a subject of another kind, shown by its name
    refers: Mapping[str, str] = field(default_factory=dict)
    #: the subject line (row or None, identity values, name) -> str, where name(kind, id) is
    #: the name a subject had then (its own without arguments); by default its own name
    subject: Callable | None = None

    @property
    def undoes_creation(self) -> bool:
        """Whether undoing its creation can hide, empty or take back what was created."""
        return bool(self.hiding or self.emptying or self.deleted_from)


_KINDS: dict[str, Kind] = {}
_MODELS: dict[str, type] = {}
_OF: dict[type, Kind] = {}


def register(kind: Kind) -> Callable[[type], type]:
    """Declare a model revisable as `kind`; a kind or model registered twice is an error."""

    def registered(model: type) -> type:
        if kind.name in _KINDS or model in _OF:
            raise ValueError(f"revisable kind {kind.name!r} registered twice")
        columns = model.__table__.columns
        named = {*kind.fields, *kind.bookkeeping, *kind.emptying, *kind.operators,
                 *kind.identity, *filter(None, (kind.hiding, kind.named_by))}
        unknown = sorted(name for name in named if name not in columns)
        if unknown or not set(kind.operators) | set(kind.identity) <= set(kind.fields):
            raise ValueError(f"revisable kind {kind.name!r}: not its fields: {unknown}")
        _KINDS[kind.name], _MODELS[kind.name], _OF[model] = kind, model, kind
        return model

    return registered


def kind(name: str) -> Kind:
    return _KINDS[name]


def model(name: str) -> type:
    return _MODELS[name]


def kind_of(subject) -> Kind:
    return _OF[type(subject)]


def registered() -> dict[type, Kind]:
    """Every revisable model with its kind."""
    return dict(_OF)
