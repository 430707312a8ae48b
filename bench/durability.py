"""Durability and load through gunicorn: crashes lose no acknowledged write, load sees no error.

Run `.venv/bin/python bench/durability.py [SECONDS]` (default 60). On a fresh SQLite file,
or on PostgreSQL with `DATABASE_URL=postgresql://…/scratch` (a scratch database: the bench
writes to it). The demo directory is loaded first, then, through gunicorn with 4 workers:
1. a burst of 1,000 writes through group links by 5 phones while workers are killed with
   SIGKILL, and once the master with them; after a last SIGKILL, SQLite's integrity check
   and every acknowledged write looked for;
2. 50 readers of the public pages and 5 writers changing meetings, for SECONDS.
Goal: 0 acknowledged writes missing, integrity "ok", 0 errors, 0 lost writes.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from load import burst, event_titles, integrity, readers_and_writers  # noqa: E402
from phones import start_group  # noqa: E402
from servers import BIN, environment, gunicorn  # noqa: E402

WRITES, READERS, WRITERS = 1000, 50, 5


def crashes(server, url):
    group = start_group(server.url)
    started = time.perf_counter()
    tallies, crashed = burst(server, group, WRITES, writers=WRITERS)
    took = time.perf_counter() - started
    server.kill()
    check = integrity(url) if url.startswith("sqlite") else "(PostgreSQL)"
    server.start()
    acknowledged = {title for tally in tallies for title in tally.acknowledged}
    present = acknowledged & event_titles(url)
    print(f"burst: {sum(t.attempted for t in tallies):,} writes in {took:.0f} s through "
          f"{crashed.workers} worker kills and {crashed.whole} of master and workers")
    print(f"  acknowledged {len(acknowledged):,}, present after restart {len(present):,}, "
          f"missing {len(acknowledged - present)}; refused "
          f"{sum(len(t.refused) for t in tallies)}; integrity_check: {check}")


def load(server, url, seconds):
    result = readers_and_writers(server, url, seconds, READERS, WRITERS)
    reads = [s for tally in result.readers for s in tally.seconds]
    writes = [s for tally in result.writers for s in tally.seconds]
    print(f"load: {READERS} readers + {WRITERS} writers for {seconds:.0f} s")
    print(f"  reads {len(reads):,} ({len(reads) / seconds:.0f}/s), "
          f"median {_ms(reads, 50)}, p95 {_ms(reads, 95)}, max {_ms(reads, 100)}")
    print(f"  writes acknowledged {len(result.acknowledged):,} "
          f"(form + save: median {_ms(writes, 50)}, p95 {_ms(writes, 95)}), "
          f"lost {len(result.lost)}")
    print(f"  errors {len(result.errors)}", *result.errors[:5], sep="; ")


def _ms(values, percent) -> str:
    if not values:
        return "-"
    if percent == 100:
        return f"{max(values) * 1000:.0f} ms"
    return f"{statistics.quantiles(values, n=100)[percent - 1] * 1000:.0f} ms"


def main(seconds: float):
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        subprocess.run([str(BIN / "flask"), "--app", "meetings", "demo", "--if-empty"],
                       cwd=ROOT, env=environment(url), check=True, stdout=subprocess.DEVNULL)
        print(f"database: {url.split('://')[0]}; {os.cpu_count()} CPUs; Python "
              f"{sys.version.split()[0]}")
        server = gunicorn(url, Path(folder) / "gunicorn.log", workers=4).start()
        try:
            crashes(server, url)
            load(server, url, seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 60)
