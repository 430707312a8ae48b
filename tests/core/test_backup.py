"""Backup and restore: everything, from one snapshot, between SQLite and PostgreSQL.

"server" is the database the suite runs on (PostgreSQL when DATABASE_URL names one, as CI's
second run does), so the round trips below are SQLite→SQLite, SQLite→PostgreSQL and
PostgreSQL→SQLite there, and SQLite throughout otherwise.
"""

import itertools
import json
import os
import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from conftest import app_config
from holders import join, post, start_group
from rostering import add_role, add_volunteer, take
from rotation.test_servicefeed import calendar_url
from rotation.test_servicefeed import path as feed_path
from sqlalchemy import create_engine
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from meetings import create_app
from meetings.core import backup, restore
from meetings.core.database import db, normalise_database_url
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange
from meetings.imports import demo, importer
from meetings.manage import changes, moderation
from meetings.manage.models import GroupLink, Revision

MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FEED = Path(__file__).parents[1] / "fixtures" / "tsml" / "timezones.test.json"
NUMBERS = itertools.count(1)
#: a form's token is per device and per hour, not part of what is restored
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="[^"]+"')
DIRECTIONS = [("sqlite", "sqlite"), ("sqlite", "server"), ("server", "sqlite")]


@pytest.fixture
def database(tmp_path):
    """Make empty databases of a kind; PostgreSQL ones are dropped afterwards."""
    made = []
    server = os.environ.get("DATABASE_URL", "")

    def make(kind="sqlite"):
        if kind == "server" and server.startswith("postgres"):
            url = make_url(normalise_database_url(server))
            name = f"backup_{os.getpid()}_{next(NUMBERS)}"
            with _admin(url) as connection:
                connection.execute(sql(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(sql(f'CREATE DATABASE "{name}"'))
            made.append((url, name))
            return url.set(database=name).render_as_string(hide_password=False)
        return f"sqlite:///{tmp_path / f'{kind}-{next(NUMBERS)}.sqlite'}"

    yield make
    for url, name in made:
        with _admin(url) as connection:
            connection.execute(sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class _admin:
    def __init__(self, url):
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")

    def __enter__(self):
        self.connection = self.engine.connect()
        return self.connection

    def __exit__(self, *exc):
        self.connection.close()
        self.engine.dispose()


@pytest.fixture
def apps():
    """Apps on databases of their own, brought up to date; their engines closed afterwards."""
    made = []

    def make(url, **config):
        app = create_app(app_config(url, MIGRATE_ON_START=True, **config))
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def lived_in(app, at):
    """A directory as years of use leave it: the demo, and a group started and run on the web."""
    at(MORNING)
    with app.app_context():
        demo.load(MORNING)
        holder, visitor = app.test_client(), app.test_client()
        _response, link_url, _code = start_group(holder)
        slug = db.session.scalar(db.select(Group.slug).where(Group.name == "Lewes Thursday Group"))
        meeting = db.session.scalar(db.select(Meeting).join(Group).where(Group.slug == slug))
        url = f"/groups/{slug}/meetings/{meeting.id}/dates"
        note = "Hall closed — back on the 31st\u2028"
        assert post(holder, url, {"date": "2026-12-24", "status": "cancelled", "note": note},
                    form_url=f"{url}/2026-12-24").status_code == 303
        db.session.add(DateChange(meeting_id=meeting.id, date=date(2026, 12, 10), status="moved",
                                  moved_start=datetime(2026, 12, 11, 18),
                                  moved_end=datetime(2026, 12, 11, 19),
                                  # past the half second: a database that rounds differs
                                  updated=MORNING.replace(microsecond=700000)))
        db.session.commit()
        chair = add_role(holder, slug, "Chair", unit="meeting", starts_on="2026-12-01",
                         meeting=str(meeting.id))
        sam = add_volunteer(holder, slug, "Sam K.", private_note="07700 900123")
        assert take(holder, slug, chair, "2026-12-03", sam).status_code == 303
        service = feed_path(calendar_url(holder, slug))
        away = f"/groups/{slug}/roster/volunteers/{sam.id}"
        days = {"first_day": "2027-02-01", "last_day": "2027-02-14"}
        assert post(holder, f"{away}/away", days, form_url=away).status_code == 303
        assert post(holder, f"/groups/{slug}/events/new", {
            "title": "Group conscience", "kind": "business", "date": "2026-12-10",
            "start_time": "20:15", "length": "45", "timezone": "Europe/London",
            "attendance": "in_person", "place": str(meeting.location_id)}).status_code == 303
        link = db.session.scalar(db.select(GroupLink).where(GroupLink.group_id == meeting.group_id))
        changes.change(meeting, {"start_time": time(19, 30)}, changes.Actor(link),
                       reason="the hall opens later")
        db.session.commit()
        importer.import_source(str(FEED))
        assert post(visitor, f"/meetings/{meeting.slug}/suggest", {
            "name": meeting.name, "weekdays": ["4"], "start_time": "19:30", "length": "60",
            "timezone": "Europe/London", "attendance": "hybrid", "place": "new",
            "location_name": "St Mary's Hall", "address": "1 High St, Lewes BN7 2AA",
            "conference_url": "https://meet.example.org/lewes", "types": ["O", "D"],
            "message": "We start at half past now"}).status_code == 200
        assert post(visitor, f"/meetings/{meeting.slug}/report",
                    {"reason": "wrong", "note": "It moved"}).status_code == 200
        spam = db.session.scalar(db.select(Group).where(Group.slug != slug).order_by(Group.id))
        moderation.hide(spam, "advertising")
        db.session.commit()
        links = post(holder, f"/groups/{slug}/links", {"name": "treasurer"})
        assert links.status_code == 200
        retired = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "treasurer"))
        assert post(holder, f"/groups/{slug}/links/{retired.id}/retire", {"reason": "lost"},
                    form_url=f"/groups/{slug}/links").status_code == 303
        db.session.remove()
    return slug, link_url, service


def cli(app, *args):
    """Run a `flask` command as the operator does, in the app's context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def public_paths(app) -> list[str]:
    """Every public page and feed: the lists, the print-out, each meeting and group."""
    with app.app_context():
        meetings = db.session.scalars(db.select(Meeting.slug).order_by(Meeting.slug)).all()
        groups = db.session.scalars(db.select(Group.slug).order_by(Group.slug)).all()
    return ["/", "/meetings", "/meetings?page=2", "/meetings.json", "/meetings.ics", "/print",
            "/meetings?type=O&tz=America/New_York", "/meetings.ics?day=4",
            *(f"/meetings/{slug}{end}" for slug in meetings for end in ("", ".ics")),
            *(f"/groups/{slug}{end}" for slug in groups for end in ("", ".ics"))]


def seen(app, paths, link_url=None) -> dict:
    """Each path's status, validators and exact bytes, as a reader (or a holder) gets them."""
    with app.app_context():
        reader = app.test_client()
        if link_url:
            assert join(reader, link_url).status_code == 303  # the restored hash still opens it
        found = {}
        for path in paths:
            response = reader.get(path)
            found[path] = (response.status_code, response.headers.get("ETag"),
                           response.headers.get("Last-Modified"),
                           CSRF.sub(b"csrf", response.get_data()))
        db.session.remove()
    return found


def private_paths(slug, service):
    return [f"/groups/{slug}/history", f"/groups/{slug}/manage", f"/groups/{slug}/roster",
            f"/groups/{slug}/roster/volunteers", f"/groups/{slug}/links", service]


@pytest.mark.parametrize(("source", "target"), DIRECTIONS)
def test_a_restored_backup_serves_every_page_feed_and_history_byte_for_byte(
        apps, database, at, tmp_path, source, target):
    made = apps(database(source))
    slug, link_url, service = lived_in(made, at)
    file = tmp_path / "meetings.backup.jsonl.gz"
    result = cli(made, "backup", str(file))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Backed up \d+ rows of \d+ tables to .*\n", result.output)

    restored = apps(database(target))
    result = cli(restored, "restore", str(file))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Restored ")

    paths = public_paths(made)
    assert len(paths) > 60
    before = seen(apps(made.config["SQLALCHEMY_DATABASE_URI"]), paths)
    after = seen(apps(restored.config["SQLALCHEMY_DATABASE_URI"]), paths)
    assert [p for p in paths if before[p] != after[p]] == []
    hidden = [path for path in paths if after[path][0] == 404]
    assert len(hidden) > 2 and all(path.startswith(("/groups/", "/meetings/")) for path in hidden)
    assert {status for status, *_rest in after.values()} == {200, 404}
    mine = private_paths(slug, service)
    before = seen(apps(made.config["SQLALCHEMY_DATABASE_URI"]), mine, link_url)
    after = seen(apps(restored.config["SQLALCHEMY_DATABASE_URI"]), mine, link_url)
    assert [p for p in mine if before[p] != after[p]] == []
    assert b"Sam K." in after[service][3] and b"07700 900123" in after[mine[3]][3]
    assert b"It moved" in after[mine[1]][3]  # the manage page shows the reader's report


@pytest.mark.parametrize("kind", ["sqlite", "server"])
def test_a_restored_database_takes_new_groups_and_changes(apps, database, at, tmp_path, kind):
    made = apps(database())
    _slug, link_url, _service = lived_in(made, at)
    file = tmp_path / "backup.jsonl"
    with made.app_context():
        backup.write(file, db.engine)
    restored = apps(database(kind))
    with restored.app_context():
        restore.read(file, db.engine)
        before = db.session.scalar(db.select(db.func.max(Revision.id)))
        device = restored.test_client()
        start_group(device, group_name="Brighton Newcomers")
        assert join(device, link_url).status_code == 303
        assert db.session.scalar(db.select(db.func.max(Revision.id))) > before
        assert db.session.scalar(db.select(Group.id).where(Group.name == "Brighton Newcomers"))


@pytest.mark.parametrize("kind", ["sqlite", "server"])
def test_a_backup_reads_one_moment_while_writers_go_on(apps, database, at, kind):
    made = apps(database(kind))
    lived_in(made, at)
    with made.app_context():
        writer = create_engine(db.engine.url)
        lines = backup.dump_lines(db.engine)
        head = [next(lines), next(lines)]  # the first table has begun: the snapshot is taken
        with writer.begin() as connection:  # a new group and its meeting, while it runs
            connection.execute(Group.__table__.insert().values(
                id=9999, slug="late", name="Late", created=MORNING, updated=MORNING))
            connection.execute(Meeting.__table__.insert().values(
                id=9999, uid="late", slug="late-meeting", name="Late", group_id=9999, days=1,
                timezone="UTC", types="", attendance="online", sequence=0, series=0,
                created=MORNING, updated=MORNING))
        writer.dispose()
        whole = head + list(lines)
        assert '"late-meeting"' not in "".join(whole)
    restored = apps(database())
    with restored.app_context():
        restore.restore(whole, db.engine)
        assert db.session.get(Meeting, 9999) is None and db.session.get(Group, 9999) is None


def test_a_database_that_holds_anything_is_not_restored_over_unless_forced(
        apps, database, at, tmp_path):
    made = apps(database())
    lived_in(made, at)
    file = tmp_path / "backup.jsonl"
    assert cli(made, "backup", str(file)).exit_code == 0
    other = apps(database())
    with other.app_context():
        start_group(other.test_client(), group_name="Someone Else's Group")
    result = cli(other, "restore", str(file))
    assert result.exit_code == 1
    assert "This database is not empty" in result.output and "--force" in result.output
    with other.app_context():
        names = db.session.scalars(db.select(Group.name)).all()
        assert names == ["Someone Else's Group"]
    result = cli(other, "restore", "--force", str(file))
    assert result.exit_code == 0, result.output
    with other.app_context():
        assert "Someone Else's Group" not in db.session.scalars(db.select(Group.name)).all()
        assert "Lewes Thursday Group" in db.session.scalars(db.select(Group.name)).all()


def broken(lines: list[str]):
    """Ways a backup file goes wrong, each with what the operator is told."""
    header = json.loads(lines[0])
    yield lines[:-1], "cut short"
    yield lines[: len(lines) // 2], "cut short"
    yield [json.dumps({**header, "schema": "0123abcd"}) + "\n", *lines[1:]], "database revision"
    yield [json.dumps({**header, "version": 99}) + "\n", *lines[1:]], "format version 99"
    yield ['{"name": "not a backup"}\n'], "not a Meetings backup"
    yield ["Name,Day,Time\n"], "not JSON"
    yield [*lines[:5], lines[5][: len(lines[5]) // 2] + "\n", *lines[6:]], "not JSON"
    yield [lines[0], *lines[1:-1], json.dumps({"end": True, "rows": {}}) + "\n"], "counts"
    yield [lines[0], '{"table": "secrets", "columns": ["id"]}\n', lines[-1]], "no table"


def test_a_broken_backup_is_refused_with_a_reason_and_nothing_is_written(
        apps, database, at, tmp_path):
    made = apps(database())
    lived_in(made, at)
    with made.app_context():
        lines = list(backup.dump_lines(db.engine))
    target = apps(database())
    for number, (wrong, reason) in enumerate(broken(lines)):
        file = tmp_path / f"wrong-{number}.jsonl"
        file.write_text("".join(wrong), encoding="utf-8")
        result = cli(target, "restore", str(file))
        assert result.exit_code == 1 and reason in result.output, (number, result.output)
        assert "Traceback" not in result.output
        with target.app_context(), db.engine.connect() as connection:
            assert restore._rows_held(connection) == 0


def test_a_backup_holds_hashes_never_tokens(apps, database, at, tmp_path):
    made = apps(database())
    _slug, link_url, service = lived_in(made, at)
    file = tmp_path / "backup.jsonl"
    with made.app_context():
        counts = backup.write(file, db.engine)
    assert set(counts) == set(db.metadata.tables)  # every table, history and roster included
    assert [name for name, rows in counts.items() if not rows] == []
    written = file.read_text(encoding="utf-8")
    for token in (link_url.rsplit("/", 1)[1], service.rsplit("/", 1)[1].removesuffix(".ics")):
        assert token not in written
        assert backup_hash(token) in written
    assert not list(tmp_path.glob(".*.part"))
    assert file.stat().st_mode & 0o077 == 0  # names and private notes: the owner's eyes only


def backup_hash(token):
    from meetings.manage.capabilities import token_hash

    return token_hash(token)


def test_a_failed_backup_leaves_no_file_that_looks_whole(apps, database, tmp_path, monkeypatch):
    made = apps(database())
    file = tmp_path / "backup.jsonl"

    def failing(engine):
        yield '{"format": "meetings-backup"}\n'
        raise OSError("disk full")

    monkeypatch.setattr(backup, "dump_lines", failing)
    with made.app_context(), pytest.raises(OSError):
        backup.write(file, db.engine)
    assert not file.exists() and not list(tmp_path.glob(".*.part"))
    nowhere = cli(made, "backup", str(tmp_path / "no-such-folder" / "backup.jsonl"))
    assert nowhere.exit_code == 1 and "cannot be written" in nowhere.output
