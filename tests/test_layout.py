"""The dependency rule of the package layout, read from the imports of every module.

core imports nothing of ours; web imports core; each feature only what lies below it;
only `meetings/__init__.py` imports a module that defines a blueprint; outside web/ and the
blueprints nothing reads `request`, `session` or `g`. directory/ and calendars/ never import
rotation/, where members' names live.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "meetings"

#: what each area may import besides itself
ALLOWED = {
    "core": set(),
    "web": {"core"},
    "directory": {"core", "web"},
    "calendars": {"core", "web", "directory"},
    "imports": {"core", "web", "directory"},
    "manage": {"core", "web", "directory"},
    "rotation": {"core", "web", "directory", "manage", "calendars"},
}
#: of calendars/, rotation/ uses only the RFC 5545 writer and the zone definitions
ROTATION_CALENDARS = {"meetings.calendars.ical", "meetings.calendars.vtimezone"}
#: what a request carries: only web/ and blueprints may read it
REQUEST_STATE = {"request", "session", "g"}


@dataclass(frozen=True)
class Module:
    name: str  # "meetings.directory.finder"
    path: Path
    tree: ast.Module

    @property
    def area(self) -> str | None:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 2 or self.path.name == "__init__.py" and len(parts) > 1 \
            else None

    @property
    def defines_blueprint(self) -> bool:
        return any(isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint"
                   for node in ast.walk(self.tree))

    def imports(self):
        """(module imported, line) for every import, at any depth, relative ones resolved."""
        package = self.name if self.path.name == "__init__.py" else self.name.rpartition(".")[0]
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name, node.lineno, None
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(kept + ([base] if base else []))
                for alias in node.names:
                    yield base, node.lineno, alias.name


def read(source: str, name: str, path: Path) -> Module:
    return Module(name, path, ast.parse(source, filename=str(path)))


def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = read(path.read_text(encoding="utf-8"), name, path)
    return found


def violations(module: Module, blueprints: set[str], known: set[str]) -> list[str]:
    """Each forbidden import of a module, as "path:line: what and why"."""
    found = []
    where = module.path.relative_to(PACKAGE.parent)
    for base, line, name in module.imports():
        target = f"{base}.{name}" if name and f"{base}.{name}" in known else base
        said = f"{where}:{line}: imports {target}"
        if target in blueprints and module.name != "meetings":
            found.append(f"{said}, a blueprint module (only meetings/__init__.py may)")
        if base == "flask" and name in REQUEST_STATE and module.area != "web" \
                and not module.defines_blueprint:
            found.append(f"{where}:{line}: reads flask.{name} outside web/ and the blueprints")
        parts = target.split(".")
        if parts[0] != "meetings" or module.area is None:
            continue
        area = parts[1] if len(parts) > 1 else None
        if area == module.area:
            continue
        if area not in ALLOWED:  # the application itself, or its command line
            found.append(f"{said}, which lies above every area")
            continue
        if area not in ALLOWED[module.area]:
            found.append(f"{said}: {module.area}/ may import only "
                         f"{', '.join(sorted(ALLOWED[module.area])) or 'nothing of ours'}")
        elif module.area == "rotation" and area == "calendars" \
                and ".".join(parts[:3]) not in ROTATION_CALENDARS:
            found.append(f"{said}: rotation/ uses only the calendar writer")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "flask" \
                and node.attr in REQUEST_STATE and module.area != "web" \
                and not module.defines_blueprint:
            found.append(f"{where}:{node.lineno}: reads flask.{node.attr} outside web/ and "
                         "the blueprints")
    return found


def check(found: dict[str, Module]) -> list[str]:
    blueprints = {name for name, module in found.items() if module.defines_blueprint}
    return list(dict.fromkeys(line for module in found.values()
                              for line in violations(module, blueprints, set(found))))


def test_every_module_keeps_the_dependency_rule():
    broken = check(modules())
    assert not broken, "\n".join(broken)


def test_every_area_is_a_package_of_the_layout():
    areas = {module.area for module in modules().values()} - {None}
    assert areas == set(ALLOWED)


@pytest.mark.parametrize(("name", "source", "expected"), [
    ("meetings.directory.finder", "from meetings.rotation.models import Volunteer\n",
     "imports meetings.rotation.models: directory/ may import only core, web"),
    ("meetings.calendars.feeds", "from meetings.rotation import terms\n",
     "imports meetings.rotation.terms: calendars/ may import only core, directory, web"),
    ("meetings.core.types", "from meetings.web.i18n import reader_language\n",
     "imports meetings.web.i18n: core/ may import only nothing of ours"),
    ("meetings.web.zones", "from ..directory.models import Meeting\n",
     "imports meetings.directory.models: web/ may import only core"),
    ("meetings.manage.saving", "from meetings.manage.links import holder\n",
     "imports meetings.manage.links, a blueprint module"),
    ("meetings.cli", "from meetings.directory import api\n",
     "imports meetings.directory.api, a blueprint module"),
    ("meetings.directory.search", "def f():\n    from flask import request\n",
     "reads flask.request outside web/ and the blueprints"),
    ("meetings.imports.run", "import flask\nx = flask.session\n",
     "reads flask.session outside web/ and the blueprints"),
    ("meetings.rotation.terms", "from meetings.calendars.feeds import meeting\n",
     "rotation/ uses only the calendar writer"),
    ("meetings.imports.demo", "from meetings.cli import demo\n",
     "imports meetings.cli, which lies above every area"),
])
def test_a_forbidden_import_is_named(name, source, expected):
    found = modules()
    path = PACKAGE.parent / (name.replace(".", "/") + ".py")
    found[name] = read(source, name, path)
    broken = check(found)
    assert any(expected in line and str(path.relative_to(PACKAGE.parent)) in line
               for line in broken), broken
