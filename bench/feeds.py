"""Server time and size of the calendar feeds at 1,000 / 10,000 meetings.

Run `.venv/bin/python bench/feeds.py [COUNTS...]`. Each directory is generated into a
fresh SQLite file; requests go through the app in process, so the figures are server
time without the network. Goal: /meetings.ics for 1,000 meetings under 150 ms, and a
304 revalidation under 5 ms.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings import create_app, demo  # noqa: E402
from meetings.models import Group, Meeting, db  # noqa: E402


def measure(client, url, rounds, headers=None, status=200):
    times, size = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url, headers=headers or {})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == status, (url, response.status_code)
        size = len(response.data)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, size


def run(count):
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            demo.generate(count)
            slug = db.session.scalar(db.select(Meeting.slug).order_by(Meeting.id).limit(1))
            group = db.session.scalar(db.select(Group.slug).order_by(Group.id).limit(1))
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
            db.engine.dispose()
    print(f"\n{count:,} meetings")
    print(f"{'feed':<26}{'p50 ms':>9}{'p95 ms':>9}{'size KB':>10}")
    for label, p50, p95, size in rows:
        print(f"{label:<26}{p50:>9.1f}{p95:>9.1f}{size / 1024:>10.1f}")


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000]:
        run(count)
