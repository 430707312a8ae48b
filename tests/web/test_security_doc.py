"""docs/security.md cites tests by name: each one cited in a file that exists must exist."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITED = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)?)`|`::(\w+)`")


def cited() -> list[tuple[str, str]]:
    """(file, test name) for every test the document names, a bare file as (file, "")."""
    found, current = [], None
    for path, name, more in CITED.findall((ROOT / "docs/security.md").read_text()):
        if path:
            current = path
            found.append((path, name.removeprefix("::")))
        else:
            found.append((current, more))
    return found


def test_every_test_the_security_notes_name_exists():
    tests = cited()
    assert len(tests) > 60
    missing = []
    for path, name in tests:
        source = ROOT / path
        if not source.exists():
            missing.append(path)
            continue
        defined = {node.name for node in ast.walk(ast.parse(source.read_text()))
                   if isinstance(node, ast.FunctionDef)}
        if name and name not in defined:
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_threat_has_its_section():
    headings = re.findall(r"^## (.+)$", (ROOT / "docs/security.md").read_text(), re.M)
    for threat in ("A leaked link", "A vandal", "A spammer", "A scraper", "A hostile feed",
                   "A crashed server"):
        assert any(heading.startswith(threat) for heading in headings), threat
