"""One source of zone rules: the tzdata package, for the feeds' bodies and their validators."""

import shutil
import sys
import zoneinfo
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
import tzdata
from conftest import app_config

from meetings import create_app
from meetings.calendars.vtimezone import vtimezone
from meetings.calendars.zone_transitions import zone_transitions
from meetings.core import schedule, zonerules
from meetings.core.database import db

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
PACKAGE = Path(tzdata.__file__).parent


def forget_zones():
    """What a restart does: every zone read again from wherever the rules now come from."""
    zoneinfo.ZoneInfo.clear_cache()
    vtimezone.cache_clear()
    zone_transitions.cache_clear()
    schedule.zone.cache_clear()


@pytest.fixture
def new_york(app, at, make_meeting, make_group):
    at(NOW)
    make_meeting(slug="ny", timezone="America/New_York", weekdays=(0,), start_time=time(2, 30),
                 attendance="online", conference_url="https://zoom.us/j/1",
                 group=make_group(updated=NOW), created=NOW, updated=NOW)
    yield "/meetings/ny.ics"
    forget_zones()


@pytest.fixture
def change_rules(tmp_path, monkeypatch):
    """Install a tzdata release in which New York keeps Chicago's clock: a rules change."""

    def install():
        _fake_release(tmp_path, monkeypatch)
        forget_zones()

    return install


def _fake_release(tmp_path, monkeypatch):
    fake = tmp_path / "site" / "tzdata"
    shutil.copytree(PACKAGE, fake, ignore=shutil.ignore_patterns("__pycache__"))
    init = fake / "__init__.py"
    init.write_text(init.read_text().replace(tzdata.IANA_VERSION, "2099a"))
    chicago = (fake / "zoneinfo" / "America" / "Chicago").read_bytes()
    (fake / "zoneinfo" / "America" / "New_York").write_bytes(chicago)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for name in [name for name in sys.modules if name.split(".")[0] == "tzdata"]:
        monkeypatch.delitem(sys.modules, name)


def test_the_app_reads_zones_from_the_package_alone(app):
    assert zoneinfo.TZPATH == ()
    assert zonerules.version() == tzdata.IANA_VERSION


def test_a_rules_change_changes_the_etag_and_the_body(client, new_york, change_rules):
    before = client.get(new_york)
    assert "TZOFFSETTO:-0500" in before.get_data(as_text=True)
    change_rules()
    assert zonerules.version() == "2099a"
    after = client.get(new_york, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    text = after.get_data(as_text=True)
    assert "TZOFFSETTO:-0600" in text and "TZOFFSETTO:-0500" in text  # CST and CDT
    assert after.data != before.data
    assert client.get(new_york, headers={"If-None-Match": after.headers["ETag"]}
                      ).status_code == 304


def test_the_system_zone_files_never_change_a_feed(client, new_york, database_url, tmp_path):
    before = client.get(new_york)
    system = tmp_path / "system-zoneinfo"
    shutil.copytree(PACKAGE / "zoneinfo", system, ignore=shutil.ignore_patterns("__*"))
    shutil.copyfile(system / "America" / "Chicago", system / "America" / "New_York")
    zoneinfo.reset_tzpath([str(system)])  # as if the system's rules had been updated
    forget_zones()
    try:
        fresh = create_app(app_config(database_url))
        with fresh.app_context():
            again = fresh.test_client().get(new_york)
            db.session.remove()
            db.engine.dispose()  # its own connections, closed before the next test
    finally:
        zoneinfo.reset_tzpath([])
    assert zoneinfo.ZoneInfo("America/New_York").utcoffset(NOW.replace(tzinfo=None)) is not None
    assert again.data == before.data
    assert again.headers["ETag"] == before.headers["ETag"]
