"""Crashes and load lose nothing that was acknowledged, and readers never see an error.

Through gunicorn with four workers on the suite's database (SQLite, or PostgreSQL in CI):
a burst of writes through group links while workers, and once the master with them, are
killed with SIGKILL; then readers and writers together. `bench/durability.py` runs the
same for the full minute and prints the figures.
"""

import sqlite3

import pytest
from load import burst, event_titles, integrity, readers_and_writers
from phones import start_group
from servers import gunicorn
from sqlalchemy import create_engine

WRITES = 1000
READERS, WRITERS = 50, 5
#: long enough for every reader and writer to go round many times; the bench runs 60 s
LOAD_SECONDS = 8


@pytest.fixture
def served(app, database_url, tmp_path):
    server = gunicorn(database_url, tmp_path / "gunicorn.log", workers=4).start()
    yield server
    server.stop()


def test_workers_and_master_killed_during_a_burst_lose_no_acknowledged_write(
        served, database_url):
    group = start_group(served.url)
    tallies, crashes = burst(served, group, WRITES, writers=WRITERS)
    served.kill()  # crashed once more at the end: a restart finds what is on disk
    if database_url.startswith("sqlite"):
        assert integrity(database_url) == "ok"
    served.start()
    acknowledged = {title for tally in tallies for title in tally.acknowledged}
    assert sum(tally.attempted for tally in tallies) == WRITES
    assert crashes.whole == 1 and crashes.workers >= 3
    assert [status for tally in tallies for status in tally.refused] == []
    assert len(acknowledged) > WRITES / 2
    assert acknowledged - event_titles(database_url) == set()
    assert group.holder(served.url).get(f"/groups/{group.slug}").status == 200


def test_readers_and_writers_together_get_no_error_and_lose_no_write(served, database_url):
    load = readers_and_writers(served, database_url, LOAD_SECONDS, READERS, WRITERS)
    assert load.errors == []
    assert [status for tally in load.writers for status in tally.refused] == []
    assert all(tally.acknowledged for tally in load.writers)
    assert all(tally.requests for tally in load.readers)
    assert load.lost == set()


def test_every_sqlite_connection_waits_for_the_disk_on_each_commit():
    """Whatever the SQLite build's defaults (some use synchronous=NORMAL with WAL)."""
    def built_with_lax_defaults():
        connection = sqlite3.connect(":memory:", timeout=0)
        connection.execute("PRAGMA synchronous=OFF")
        return connection

    engine = create_engine("sqlite://", creator=built_with_lax_defaults)
    with engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("synchronous", "busy_timeout", "foreign_keys")}
    engine.dispose()
    assert pragma == {"synchronous": 2, "busy_timeout": 10000, "foreign_keys": 1}
