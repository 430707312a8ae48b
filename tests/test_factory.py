"""create_app: one table of configuration defaults, and nothing else sets one."""

import re
from datetime import timedelta
from pathlib import Path

import meetings
from meetings import create_app

PACKAGE = Path(meetings.__file__).parent
#: a default given anywhere but the table: setdefault, or a fallback to config.get
ELSEWHERE = re.compile(r"config\.setdefault\(|config\.get\([^)]*,")


def test_no_module_but_the_factory_gives_a_configuration_default():
    found = [f"{path.relative_to(PACKAGE)}:{n}"
             for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / "__init__.py"
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if ELSEWHERE.search(line)]
    assert found == []


def test_the_table_holds_what_the_modules_read(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MIGRATE_ON_START": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert app.config["RATELIMIT_WRITES"] == "120/hour"
    assert app.config["GROUPS_PER_DAY"] == 50 and app.config["REPORTS_DAYS"] == 30
    assert app.config["COMPRESS_REGISTER"] is False
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=365)
    assert app.config["GAZETTEER_PATH"] is None
