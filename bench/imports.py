"""Seconds and peak memory of `import-feed` for 10,000 and 100,000 CSV rows and JSON meetings.

Run `.venv/bin/python bench/imports.py [COUNTS...]`. Each feed is generated from the demo's
synthetic directory (meetings/samplefeed.py) into a temporary file, then imported by a
fresh process into a fresh SQLite file, so the peak resident memory is the import's own.
CPU seconds (the process's, start-up included) say more than wall time on a busy machine.
Goal: 100,000 rows in under a minute, memory growing no faster than the feed.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings import create_app  # noqa: E402
from meetings.core.database import db  # noqa: E402
from meetings.imports import importer
from meetings.imports import samples as samplefeed


def import_once(path: str) -> None:
    """Import one file into a fresh database and print seconds, peak RSS and the summary."""
    folder = Path(path).parent
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench"})
    with app.app_context():
        started = time.perf_counter()
        report = importer.import_source(path, default_zone="UTC")
        seconds = time.perf_counter() - started
        db.engine.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": usage.ru_maxrss / 1024, "summary": report.summary(),
                      "warnings": len(report.warnings)}))


def run(count: int) -> None:
    feed = samplefeed.records(count)
    with tempfile.TemporaryDirectory() as folder:
        files = {"CSV rows": Path(folder) / "feed.csv", "JSON meetings": Path(folder) / "feed.json"}
        files["CSV rows"].write_text(samplefeed.csv_text(feed, rows=count), encoding="utf-8")
        files["JSON meetings"].write_text(json.dumps(feed), encoding="utf-8")
        del feed
        for label, path in files.items():
            for stale in Path(folder).glob("bench.sqlite*"):
                stale.unlink()
            result = subprocess.run([sys.executable, __file__, "--import", str(path)],
                                    capture_output=True, text=True, check=True)
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{count:>9,} {label:<14}{figures['seconds']:>9.1f} s{figures['cpu']:>9.1f} s"
                  f"{figures['peak_mb']:>9.0f} MB   {figures['summary']}, "
                  f"{figures['warnings']} warnings")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--import"]:
        import_once(sys.argv[2])
    else:
        print(f"{'import-feed':<24}{'wall':>11}{'CPU':>11}{'peak RSS':>12}")
        for count in [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]:
            run(count)
