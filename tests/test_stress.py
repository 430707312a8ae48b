"""The server stays up under the whole-directory pages, as `make run` and gunicorn start it.

On Python 3.11 this load corrupted the interpreter's heap (a threaded `flask run` died after
15-45 requests on 2,000 meetings; gunicorn workers died with SIGSEGV), so the test starts
real servers in their own processes and counts every response.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from meetings.core.database import db
from meetings.core.paths import ROOT
from meetings.imports import synthetic

BIN = Path(sys.executable).parent
PATHS = ["/", "/print", "/meetings.json"]
ROUNDS = 50
MEETINGS = 2000


@pytest.fixture
def directory(app, database_url):
    """A generated directory of 2,000 meetings in the test database, committed."""
    synthetic.generate(MEETINGS)
    db.session.remove()
    return database_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], database_url: str, sink) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEETINGS_SECRET_KEY": "stress",
        "PYTHONFAULTHANDLER": "1",
    }
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/meetings.json", timeout=30):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}")


def fetch(url: str) -> str:
    """'ok', or what went wrong with this one request."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
            expected = response.headers.get("Content-Length")
            if response.status != 200 or (expected and int(expected) != len(body)):
                return f"{response.status}, {len(body)} of {expected} bytes"
            return "ok"
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def hammer(port: int) -> dict[str, int]:
    """Send every page ROUNDS times from four clients at once; count the outcomes."""
    urls = [f"http://127.0.0.1:{port}{path}" for _ in range(ROUNDS) for path in PATHS]
    outcomes: dict[str, int] = {}
    with ThreadPoolExecutor(4) as clients:
        for outcome in clients.map(fetch, urls):
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def run_against(command: list[str], port: int, database_url: str, log: Path) -> str:
    """Hammer a server; return what it logged while serving (before it was stopped)."""
    with log.open("wb") as sink:
        server = start(command, database_url, sink)
        try:
            wait_until_serving(port, server, log)
            outcomes = hammer(port)
            alive = server.poll() is None
            output = log.read_text(errors="replace")
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert outcomes == {"ok": ROUNDS * len(PATHS)}, (outcomes, output[-3000:])
    assert alive, output[-3000:]
    for sign in ("Segmentation fault", "SIGSEGV", "Fatal Python error", "was sent"):
        assert sign not in output, output[-3000:]
    return output


def test_threaded_dev_server_answers_every_request(directory, tmp_path):
    """`make run` serves `flask run`: threaded, one process for every request."""
    port = free_port()
    command = [str(BIN / "flask"), "--app", "meetings", "run", "--host", "127.0.0.1",
               "--port", str(port)]
    run_against(command, port, directory, tmp_path / "flask.log")


def test_gunicorn_workers_answer_every_request(directory, tmp_path):
    """The README's production server: gunicorn, sync workers."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "--timeout", "120", "meetings:create_app()"]
    output = run_against(command, port, directory, tmp_path / "gunicorn.log")
    assert output.count("Booting worker") == 2, output[-3000:]  # none died and was replaced
