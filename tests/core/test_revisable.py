"""What is revisable: each feature declares it, the revision engine reads only that."""

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect

from meetings.core import revisable
from meetings.core.database import Revisable, db
from meetings.manage import changes, reverting
from meetings.rotation.models import ServiceRole, Term, Volunteer

MEETINGS = Path(__file__).resolve().parents[2] / "meetings"
#: the revision engine: it may name no feature's tables
ENGINE = ("changes", "reverting", "wording", "names")
#: what revisions already stored call their subjects: these names never change
STORED = {"group", "meeting", "date", "event", "link", "role", "volunteer", "away", "term",
          "feed"}


def test_every_revisable_model_is_registered_under_the_name_revisions_store(app):
    registered = revisable.registered()
    versioned = {mapper.class_ for mapper in db.Model.registry.mappers
                 if issubclass(mapper.class_, Revisable)}
    assert versioned <= set(registered)
    assert {kind.name for kind in registered.values()} == STORED


@pytest.mark.parametrize("kind", sorted(STORED))
def test_every_declared_field_is_a_column_with_a_label(app, kind):
    declared, model = revisable.kind(kind), revisable.model(kind)
    columns = model.__table__.columns
    named = {*declared.fields, *declared.bookkeeping, *declared.emptying, *declared.hidden,
             *declared.identity, *declared.operators, *declared.relations, *declared.shown,
             *declared.refers, *filter(None, (declared.hiding, declared.named_by))}
    assert named <= set(columns.keys())
    assert named - set(declared.bookkeeping) <= set(declared.fields)
    assert set(declared.fields) <= set(declared.labels)
    relationships = inspect(model).relationships
    assert all(relation in relationships for relation in declared.relations.values())
    assert set(declared.refers.values()) <= STORED


def test_a_kind_registered_twice_is_an_error(app):
    with pytest.raises(ValueError, match="registered twice"):
        revisable.register(revisable.kind("term"))(Term)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_manage_imports_no_rotation_module_and_the_engine_no_feature_tables():
    for path in (MEETINGS / "manage").glob("*.py"):
        assert not any(name.startswith("meetings.rotation") for name in _imports(path)), path
    for module in ENGINE:
        imported = _imports(MEETINGS / "manage" / f"{module}.py")
        assert not any(name.startswith(("meetings.rotation", "meetings.directory.models",
                                         "meetings.directory.occurrences",
                                         "meetings.directory.locations"))
                       for name in imported), module


def test_undoing_a_released_term_restores_its_calendar_bookkeeping(app, make_group):
    group, actor = make_group(), changes.Actor(None, "operator")
    role = ServiceRole(group_id=group.id, title="Chair", term_unit="month", term_length=1,
                       starts_on=date(2027, 1, 1))
    person = Volunteer(group_id=group.id, name="Sam K.")
    changes.create(role, actor)
    changes.create(person, actor)
    term = Term(group_id=group.id, role=role, seat=1, starts_on=date(2027, 1, 1),
                ends_on=date(2027, 1, 31), volunteer=person, status="filled")
    changes.create(term, actor, when=datetime(2026, 12, 1, tzinfo=UTC), action="taken")
    before = changes.bookkeeping(term)
    released = changes.change(term, {"volunteer_id": None, "status": "open"}, actor,
                              action="released", when=datetime(2026, 12, 2, tzinfo=UTC))
    assert term.sequence == before["sequence"] + 1
    outcome = reverting.revert(released, actor, when=datetime(2026, 12, 3, tzinfo=UTC))
    db.session.commit()
    assert outcome.kept == [] and outcome.revision.reverts_id == released.id
    assert (term.volunteer_id, term.status) == (person.id, "filled")
    assert changes.bookkeeping(term) == before
