"""Server time and size of the calendar feeds at 1,000 / 10,000 meetings.

Run `.venv/bin/python bench/feeds.py [COUNTS...]`. Each directory is generated into a
fresh SQLite file; requests go through the app in process, so the figures are server
time without the network. Goal: /meetings.ics for 1,000 meetings under 150 ms, and a
304 revalidation under 5 ms.
"""

import sys

from timing import directory, first, measure, table

from meetings.core.database import db
from meetings.directory.models import Group, Meeting


def run(count):
    with directory(count) as (app, _seconds):
        slug = first(app, db.select(Meeting.slug).order_by(Meeting.id).limit(1))
        group = first(app, db.select(Group.slug).order_by(Group.id).limit(1))
        client = app.test_client()
        client.get("/meetings.ics")  # warm caches (time zones) as a running server has them
        etag = client.get("/meetings.ics").headers["ETag"]
        rounds = 20 if count <= 1000 else 5
        rows = [
            ("/meetings.ics", *measure(client, "/meetings.ics", rounds)),
            ("/meetings.ics 304", *measure(client, "/meetings.ics", 50,
                                           {"If-None-Match": etag}, 304)),
            ("filtered ?day=3&type=O", *measure(client, "/meetings.ics?day=3&type=O&tz=UTC",
                                                rounds)),
            ("one meeting", *measure(client, f"/meetings/{slug}.ics", 30)),
            ("one group", *measure(client, f"/groups/{group}.ics", 30)),
        ]
    table(f"{count:,} meetings", "feed", rows)


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000]:
        run(count)
