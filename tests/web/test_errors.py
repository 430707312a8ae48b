"""Every error handler in web/errors.py, every command in cli.py: one place to look for each."""

import re
from pathlib import Path

import meetings

PACKAGE = Path(meetings.__file__).parent
HANDLER = re.compile(r"errorhandler\(|register_error_handler\(")
COMMAND = re.compile(r"@click\.command|\.cli\.command|app\.cli\.add_command")


def _lines(pattern, allowed: Path) -> list[str]:
    return [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
            if path != allowed
            for n, line in enumerate(path.read_text().splitlines(), 1) if pattern.search(line)]


def test_error_handlers_are_registered_in_one_module():
    assert _lines(HANDLER, PACKAGE / "web" / "errors.py") == []


def test_commands_are_defined_in_one_module(app):
    assert _lines(COMMAND, PACKAGE / "cli.py") == []
    assert {"group-link", "reports", "hide-group", "unhide-group", "import-feed",
            "backup"} <= set(app.cli.list_commands(None))

