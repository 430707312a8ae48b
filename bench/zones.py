"""What guessing the instance's zone costs, and the weight of the zone picker.

Run `.venv/bin/python bench/zones.py [COUNTS...]`. Without `DEFAULT_TIMEZONE` a reader who
sent no zone gets the one most meetings keep, read from the zone index on each request.
Goal: the guess under 5 ms at 10,000 meetings; the group form under 40 KB compressed.
"""

import gzip
import sys
import time

from timing import directory, measure, table

from meetings.web import zones


def guess_ms(app, rounds=50) -> float:
    with app.test_request_context("/"):
        zones.directory_zone()
        started = time.perf_counter()
        for _ in range(rounds):
            zones.directory_zone()
        return (time.perf_counter() - started) * 1000 / rounds


def run(count):
    with directory(count) as (app, _seconds):
        client = app.test_client()
        client.get("/")
        guess = guess_ms(app)
        rows = [("/ (zone guessed)", *measure(client, "/", 10))]
        client.set_cookie("tz", "America/New_York")
        rows.append(("/ (browser's zone)", *measure(client, "/", 10)))
        rows.append(("/groups/new", *measure(client, "/groups/new", 10)))
        form = client.get("/groups/new").data
        table(f"{count:,} meetings: the guess takes {guess:.2f} ms; /groups/new is "
              f"{len(gzip.compress(form)) / 1024:.1f} KB gzipped", "page", rows)


if __name__ == "__main__":
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 10000]:
        run(count)
