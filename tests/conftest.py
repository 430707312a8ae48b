"""Fixtures: a migrated database per run (SQLite, or PostgreSQL from DATABASE_URL)."""

import os
from datetime import time

import pytest
from sqlalchemy import create_engine, text

from meetings import create_app
from meetings.core import clock
from meetings.core.database import db, normalise_database_url
from meetings.directory.locations import Location, Region
from meetings.directory.models import Group, Meeting


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    migrated = create_app(app_config(url, MIGRATE_ON_START=True))
    with migrated.app_context():
        db.engine.dispose()
    return url


def app_config(url, **overrides):
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": url,
        "MIGRATE_ON_START": False,
        "DEFAULT_TIMEZONE": "Europe/London",
        **overrides,
    }


@pytest.fixture
def app(database_url):
    app = create_app(app_config(database_url))
    with app.app_context():
        yield app
        db.session.remove()
        empty_database(database_url)
        db.engine.dispose()


def empty_database(url):
    """Remove every row, keeping the schema: each test starts from an empty directory."""
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if url.startswith("postgresql"):
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_group(app):
    def make(**overrides):
        n = db.session.scalar(db.select(db.func.count(Group.id))) + 1
        values = {"slug": f"group-{n}", "name": f"Group {n}", **overrides}
        group = Group(**values)
        db.session.add(group)
        db.session.commit()
        return group

    return make


@pytest.fixture
def make_location(app):
    def make(region=None, **overrides):
        values = {
            "name": "St. Mary's Hall",
            "address": "1 High St, Lewes BN7 2AA, UK",
            "latitude": 50.873,
            "longitude": 0.009,
            "timezone": "Europe/London",
            **overrides,
        }
        if region:
            values["region"] = _region(region)
        location = Location(**values)
        db.session.add(location)
        db.session.commit()
        return location

    return make


def _region(name):
    slug = name.lower().replace(" ", "-")
    region = db.session.scalar(db.select(Region).where(Region.slug == slug))
    if region is None:
        region = Region(slug=slug, name=name)
        db.session.add(region)
    return region


@pytest.fixture
def make_meeting(app, make_group, make_location):
    def make(group=None, location=None, weekdays=(1,), **overrides):
        n = db.session.scalar(db.select(db.func.count(Meeting.id))) + 1
        values = {
            "slug": f"meeting-{n}",
            "name": f"Meeting {n}",
            "start_time": time(19, 0),
            "end_time": None,
            "timezone": "Europe/London",
            "types": "O D",
            "attendance": "in_person",
            **overrides,
        }
        group = group or make_group()
        if location is None and values["attendance"] != "online":
            location = make_location()
        meeting = Meeting(group=group, location=location, **values)
        meeting.weekdays = weekdays
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return make


@pytest.fixture
def at():
    """Stop the app's clock at an aware instant (or a later one); it runs again afterwards."""
    def stop(moment):
        clock.set_to(moment)
        return moment

    yield stop
    clock.set_to(None)
