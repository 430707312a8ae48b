"""Large imports: new meetings inserted in bulk, in one transaction, exactly as one by one."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import event

from meetings.core.database import db
from meetings.directory.locations import Region
from meetings.directory.models import Group, Meeting
from meetings.imports import importer
from meetings.imports import run as importrun
from meetings.imports import samples as samplefeed

MEDIUM = 600


def directory():
    """Everything an import writes, by natural keys (ids and creation instants aside)."""
    meetings = {}
    for meeting in db.session.scalars(db.select(Meeting)):
        place = meeting.location
        meetings[meeting.slug] = (
            meeting.name, meeting.days, meeting.start_time, meeting.end_time, meeting.timezone,
            meeting.types, meeting.attendance, meeting.conference_url,
            meeting.conference_url_notes, meeting.conference_phone,
            meeting.conference_phone_notes, meeting.notes, meeting.updated, meeting.removed_at,
            meeting.sequence, meeting.series, meeting.source.location, meeting.group.slug,
            place and (place.name, place.address, place.latitude, place.longitude,
                       place.approximate, place.notes, place.timezone,
                       tuple(region.slug for region in place.region.path)),
            [(slot.weekday, slot.week_minute, slot.length) for slot in meeting.slots],
        )
    groups = {group.slug: (group.name, group.email, group.created, group.updated)
              for group in db.session.scalars(db.select(Group))}
    regions = {region.slug: region.name for region in db.session.scalars(db.select(Region))}
    return meetings, groups, regions


def empty():
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def imported(monkeypatch, at, bulk, path, *texts):
    """Import each text in turn from one path (one source), one by one or in bulk."""
    monkeypatch.setattr(importrun, "BULK_FROM", 1 if bulk else 10**9)
    monkeypatch.setattr(importrun, "CHUNK", 100)  # several bulk statements
    at(samplefeed.GENERATED + timedelta(days=1))
    reports = []
    for text in texts:
        path.write_text(text, encoding="utf-8")
        reports.append(importer.import_source(str(path), default_zone="UTC"))
    return [(r.summary(), r.warnings) for r in reports], directory()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_bulk_gives_what_one_by_one_gives(app, tmp_path, monkeypatch, at, kind):
    feed = samplefeed.records(MEDIUM, seed=3)
    changed = [*feed[:MEDIUM // 2], *(dict(r, time="07:15") for r in feed[MEDIUM // 2:-50]),
               *samplefeed.records(60, seed=4)]
    write = {"csv": samplefeed.csv_text, "json": json.dumps}[kind]
    texts = (write(feed), write(feed), write(changed))
    path = tmp_path / f"feed.{kind}"

    one_by_one = imported(monkeypatch, at, False, path, *texts)
    empty()
    bulk = imported(monkeypatch, at, True, path, *texts)

    assert bulk == one_by_one
    first, again, changed = (report for report, _ in bulk[0])
    added = int(first.split()[0])
    assert added >= MEDIUM and first == f"{added} added, 0 updated, 0 unchanged, 0 removed"
    assert again == f"0 added, 0 updated, {added} unchanged, 0 removed"
    counts = [int(part.split()[0]) for part in changed.split(", ")]
    assert all(counts), changed  # some added, updated, unchanged and removed


def test_a_large_import_is_one_transaction(app, tmp_path, monkeypatch):
    monkeypatch.setattr(importrun, "CHUNK", 100)
    feed = tmp_path / "feed.csv"
    feed.write_text(samplefeed.csv_text(samplefeed.records(1200), rows=1200), encoding="utf-8")
    transactions, writes = [0], set()

    def begin(connection):
        transactions[0] += 1

    def note(connection, cursor, statement, *args):
        # what the feed says; settling towns afterwards (places.py) updates locations apart
        if statement.lstrip().upper().startswith("INSERT"):
            writes.add(transactions[0])

    event.listen(db.engine, "begin", begin)
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        report = importer.import_source(str(feed), default_zone="UTC")
    finally:
        event.remove(db.engine, "begin", begin)
        event.remove(db.engine, "before_cursor_execute", note)

    assert report.added == 1200 == db.session.scalar(db.select(db.func.count(Meeting.id)))
    assert len(writes) == 1


def test_a_failure_in_a_later_bulk_statement_imports_nothing(app, tmp_path, monkeypatch):
    monkeypatch.setattr(importrun, "CHUNK", 100)
    feed = tmp_path / "feed.json"
    records = samplefeed.records(700)
    records[650]["updated"] = "2026-01-05 12:00:00"
    feed.write_text(json.dumps(records), encoding="utf-8")
    original = importrun.columns

    def failing(values, now):
        if values["slug"] == records[650]["slug"]:
            raise RuntimeError("disk full")
        return original(values, now)

    monkeypatch.setattr(importrun, "columns", failing)

    with pytest.raises(RuntimeError):
        importer.import_source(str(feed), default_zone="UTC")
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Group.id))) == 0


def test_samplefeed_is_reproducible():
    assert samplefeed.records(50, seed=2) == samplefeed.records(50, seed=2)
    assert samplefeed.records(5)[0]["updated"] <= str(samplefeed.GENERATED + timedelta(1))
