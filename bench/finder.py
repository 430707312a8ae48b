"""Server time and size of the finder's pages at 1,000 / 10,000 / 50,000 meetings.

Run `make bench` (or `.venv/bin/python bench/finder.py [COUNTS...]`). Each directory is
generated into a fresh SQLite file; requests go through the app in process, so the
figures are server time without the network. Goal at 10,000 meetings: filtered pages
p50 under 30 ms and under 40 KB of HTML.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings import (
    create_app,  # noqa: E402
    demo,  # noqa: E402
)
from meetings.models import Meeting, db  # noqa: E402

PAGES = {
    "/": "/",
    "filtered /meetings": "/meetings?day=3&time=evening&attendance=in_person&type=O",
    "search /meetings": "/meetings?q=big+book",
    "meeting page": None,
    "/meetings.json": "/meetings.json",
}


def measure(client, url, rounds):
    times, size = [], 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, size


def run(count):
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            started = time.perf_counter()
            demo.generate(count)
            generated = time.perf_counter() - started
            slug = db.session.scalar(db.select(Meeting.slug).order_by(Meeting.id).limit(1))
            client = app.test_client()
            rows = []
            for label, path in PAGES.items():
                path = path or f"/meetings/{slug}"
                rounds = 5 if path == "/meetings.json" else 30
                client.get(path)  # warm caches as a running server would have them
                rows.append((label, *measure(client, path, rounds)))
            db.engine.dispose()
    print(f"\n{count:,} meetings (generated in {generated:.1f} s)")
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'size KB':>10}")
    for label, p50, p95, size in rows:
        print(f"{label:<22}{p50:>9.1f}{p95:>9.1f}{size / 1024:>10.1f}")


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000, 50000]:
        run(count)
