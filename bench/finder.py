"""Server time and size of the finder's pages at 1,000 / 10,000 / 50,000 meetings.

Run `make bench` (or `.venv/bin/python bench/finder.py [COUNTS...]`). Each directory is
generated into a fresh SQLite file; requests go through the app in process, so the
figures are server time without the network. Goal at 10,000 meetings: filtered pages
p50 under 30 ms and under 40 KB of HTML.
"""

import sys

from timing import directory, first, measure, table

from meetings.core.database import db
from meetings.directory.models import Meeting

PAGES = {
    "/": "/",
    "filtered /meetings": "/meetings?day=3&time=evening&attendance=in_person&type=O",
    "search /meetings": "/meetings?q=big+book",
    "near me /meetings": "/meetings?near=50.8230,-0.1360&distance=25",
    "typed town /meetings": "/meetings?q=Brighton",
    "typed town (near)": "/meetings?near=Lewes",
    "meeting page": None,
    "/meetings.json": "/meetings.json",
}


def run(count):
    with directory(count) as (app, generated):
        slug = first(app, db.select(Meeting.slug).order_by(Meeting.id).limit(1))
        client = app.test_client()
        rows = []
        for label, path in PAGES.items():
            path = path or f"/meetings/{slug}"
            rounds = 5 if path == "/meetings.json" else 30
            client.get(path)  # warm caches as a running server would have them
            rows.append((label, *measure(client, path, rounds)))
    table(f"{count:,} meetings (generated in {generated:.1f} s)", "page", rows)


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 50000]:
        run(count)
