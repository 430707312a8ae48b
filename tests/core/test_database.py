"""The database is created and upgraded by migrations, safely and without losing data."""

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from meetings import create_app
from meetings.core.database import db
from meetings.directory.models import Meeting


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, db.metadata) == []


def test_every_table_is_created(app):
    tables = set(inspect(db.engine).get_table_names())
    assert {"group", "location", "meeting", "date_change", "region", "source"} <= tables


def test_starting_again_keeps_data(app, make_meeting, database_url):
    make_meeting(slug="kept")
    again = create_app({**app.config, "MIGRATE_ON_START": True})
    with again.app_context():
        assert db.session.scalar(db.select(Meeting.slug)) == "kept"
        db.session.remove()
        db.engine.dispose()


def test_several_processes_starting_at_once_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    script = (
        "from meetings import create_app\n"
        "from meetings.core.database import db\n"
        "from meetings.directory.models import Meeting\n"
        f"app = create_app({{'SQLALCHEMY_DATABASE_URI': {url!r}, 'SECRET_KEY': 'x'}})\n"
        "with app.app_context(): print(db.session.scalar(db.select(db.func.count(Meeting.id))))\n"
    )
    starts = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in starts]
    assert [process.returncode for process in starts] == [0, 0, 0, 0]
    assert [output.strip() for output in outputs] == ["0"] * 4


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    from meetings import _instance_secret

    first = _instance_secret(tmp_path)
    assert len(first) == 64
    assert _instance_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_upgrading_an_older_database_keeps_its_meetings(tmp_path):
    """A database left at the first migration, with data, upgrades without losing any."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from meetings.core.paths import ROOT

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "MIGRATE_ON_START": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="8428ab958a84")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO \"group\" (id, slug, name, created, updated) "
                "VALUES (1, 'old', 'Old Group', '2024-01-01', '2024-01-01')"))
            for n in (1, 2):
                connection.execute(text(
                    "INSERT INTO meeting (id, slug, name, group_id, days, start_time, timezone,"
                    " types, attendance, created, updated) VALUES "
                    f"({n}, 'old-{n}', 'Old {n}', 1, 2, '19:00:00', 'Europe/London', 'O',"
                    " 'in_person', '2024-01-01', '2024-01-01')"))
        db.engine.dispose()
    again = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with again.app_context():
        meetings = db.session.scalars(db.select(Meeting).order_by(Meeting.id)).all()
        assert [m.slug for m in meetings] == ["old-1", "old-2"]
        assert meetings[0].weekdays == [1] and meetings[0].group.name == "Old Group"
        assert len({m.uid for m in meetings}) == 2 and all(m.sequence == 0 for m in meetings)
        db.session.remove()
        db.engine.dispose()


def test_upgrading_gives_each_row_the_version_its_edit_form_shows(tmp_path):
    """Rows changed before versions existed start at their latest revision, others at 0."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from meetings.core.paths import ROOT
    from meetings.manage import changes

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "MIGRATE_ON_START": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="78aabfaa5cb1")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO \"group\" (id, slug, name, created, updated) "
                "VALUES (1, 'old', 'Old Group', '2024-01-01', '2024-01-01')"))
            for n in (1, 2):
                connection.execute(text(
                    "INSERT INTO meeting (id, uid, slug, name, group_id, days, start_time,"
                    " timezone, types, attendance, created, updated) VALUES "
                    f"({n}, 'uid-{n}', 'old-{n}', 'Old {n}', 1, 2, '19:00:00', 'Europe/London',"
                    " 'O', 'in_person', '2024-01-01', '2024-01-01')"))
            for revision_id, subject, subject_id in ((3, "group", 1), (4, "meeting", 1),
                                                     (7, "meeting", 1), (9, "group", 1)):
                connection.execute(text(
                    "INSERT INTO revision (id, group_id, via, subject, subject_id, action,"
                    " before, after, created) VALUES "
                    f"({revision_id}, 1, 'link', '{subject}', {subject_id}, 'updated', '{{}}',"
                    " '{}', '2024-01-02')"))
        upgrade(directory=str(ROOT / "migrations"))
        assert [changes.latest_id("group", 1), changes.latest_id("meeting", 1),
                changes.latest_id("meeting", 2)] == [9, 7, 0]
        db.session.remove()
        db.engine.dispose()
