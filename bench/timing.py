"""What the benchmarks share: a generated directory in a fresh SQLite file, and timings."""

import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings import create_app  # noqa: E402
from meetings.core.database import db  # noqa: E402
from meetings.imports import synthetic


@contextmanager
def directory(count):
    """An app holding `count` generated meetings; yields the app and generation seconds.

    No app context stays pushed while requests are timed, so each request gets its own
    context and database session, as under a real server.
    """
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            started = time.perf_counter()
            synthetic.generate(count)
            generated = time.perf_counter() - started
        yield app, generated
        with app.app_context():
            db.engine.dispose()


def first(app, query):
    """One value from the database, read in a context of its own."""
    with app.app_context():
        return db.session.scalar(query)


def measure(client, url, rounds, headers=None, status=200):
    """Median and 95th percentile milliseconds of a request, and its body's size."""
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


def table(title, heading, rows):
    print(f"\n{title}")
    print(f"{heading:<26}{'p50 ms':>9}{'p95 ms':>9}{'size KB':>10}")
    for label, p50, p95, size in rows:
        print(f"{label:<26}{p50:>9.1f}{p95:>9.1f}{size / 1024:>10.1f}")
