"""Several app processes for one site: two gunicorn servers, one database, one Redis.

Each server runs as production does (gunicorn.conf.py, two workers), on its own port, over
the tests' database (PostgreSQL from DATABASE_URL, else a SQLite file both open), with rate
limits counted in a real Redis server started here. `make test` installs redis-server.
"""

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import gunicorn.config as gunicorn_settings
import pytest
import redis
from phones import Person, start_group
from servers import BIN, ROOT, Server, free_port, running

#: tiny limits, set through the environment as an operator would
GROUP_CREATION = 3
LINK_LOOKUPS = 4


def redis_binary() -> str:
    found = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
    if not found or not Path(found).exists():
        pytest.fail("tests/test_processes.py needs redis-server (Debian: apt-get install "
                    "redis-server; `make test` installs it when run as root), or "
                    "REDIS_SERVER=/path/to/redis-server", pytrace=False)
    return found


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throwaway Redis server on a free local port: nothing saved, nothing kept."""
    port, folder = free_port(), tmp_path_factory.mktemp("redis")
    with open(folder / "redis.log", "w") as log:
        server = subprocess.Popen(
            [redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)], stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=2)
    deadline = time.monotonic() + 30
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert server.poll() is None, (folder / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer within 30 s"
            time.sleep(0.05)
    try:
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


def production(database_url: str, redis_url: str, log: Path) -> Server:
    """gunicorn as `make serve` starts it, with its settings in the environment."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    if hasattr(gunicorn_settings, "ControlSocket"):  # one per server, not one per user
        command.append("--no-control-socket")
    env = {"MEETINGS_BIND": f"127.0.0.1:{port}", "MEETINGS_WORKERS": "2",
           "MEETINGS_ACCESS_LOG": str(log.with_suffix(".access.log")),
           "MEETINGS_ERROR_LOG": str(log), "MEETINGS_RATELIMIT_STORAGE_URI": redis_url,
           "MEETINGS_RATELIMIT_GROUP_CREATION": f"{GROUP_CREATION}/hour",
           "MEETINGS_RATELIMIT_LINK_LOOKUPS": f"{LINK_LOOKUPS}/minute"}
    return Server(command, database_url, port, log, env=env)


def answering(server: Server) -> Server:
    """Wait until the server's workers answer /healthz."""
    deadline = time.monotonic() + 120
    while Person(server.url).get("/healthz").status != 200:
        assert time.monotonic() < deadline, server.log.read_text()[-2000:]
        time.sleep(0.2)
    return server


@pytest.fixture(scope="module")
def servers(database_url, redis_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("servers")
    with running(production(database_url, redis_url, folder / "one.log")) as one, \
            running(production(database_url, redis_url, folder / "two.log")) as two:
        yield answering(one), answering(two)


@pytest.fixture
def counts(app, servers, redis_url):
    """Each test starts with no request counted (and, through `app`, an empty directory)."""
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    yield client
    client.close()


def test_a_group_started_through_one_process_is_served_by_the_other(servers, counts):
    one, two = servers
    group = start_group(one.url, name="Brighton Shared Group")
    page = Person(two.url).get(f"/groups/{group.slug}")
    assert page.status == 200 and "Brighton Shared Group" in page.body
    holder = group.holder(two.url)  # the link made by one opens on the other
    assert holder.get(f"/groups/{group.slug}").status == 200


def test_the_group_creation_limit_counts_posts_to_both_processes(servers, counts):
    one, two = servers
    phone = Person(one.url)
    form = phone.form("/groups/new")  # its CSRF token is good on both: one site, one secret
    answers = [phone.post("/groups/new", form).status for _ in range(GROUP_CREATION)]
    assert answers == [400] * GROUP_CREATION  # the form again, saying what is missing
    phone.host, phone.port = "127.0.0.1", two.port
    refused = phone.post("/groups/new", form)
    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert not any(b"127.0.0.1" in key for key in counts.keys("*"))  # a keyed hash, no address


def test_the_link_lookup_limit_counts_gets_to_both_processes(servers, counts):
    one, two = servers
    token = "N0tAReaLToken" * 3
    first = [Person(one.url).get(f"/g/{token}").status for _ in range(LINK_LOOKUPS - 1)]
    assert 429 not in first
    assert Person(two.url).get(f"/g/{token}").status != 429
    assert Person(two.url).get(f"/g/{token}").status == 429
    assert Person(one.url).get(f"/g/{token}").status == 429
    assert Person(one.url).get("/healthz").status == 200  # never limited


def test_health_checks_are_logged_without_the_client_address(servers, counts):
    one, _two = servers
    assert Person(one.url).get("/healthz").status == 200
    log = one.log.with_suffix(".access.log")
    deadline = time.monotonic() + 10
    while "GET /healthz" not in log.read_text():
        assert time.monotonic() < deadline, "gunicorn logged no health check"
        time.sleep(0.1)
    lines = [line for line in log.read_text().splitlines() if "/healthz" in line]
    assert lines and all(line.startswith("- - - [") for line in lines), lines[:2]
    assert "127.0.0.1" not in log.read_text()


def test_a_graceful_reload_replaces_the_workers_and_drops_no_request(servers, counts):
    """`kill -HUP` the master: new workers start, the old finish what they hold."""
    one, _two = servers
    before = set(one.workers())
    answers, done = [], threading.Event()

    def ask():
        while not done.is_set():
            answers.append(Person(one.url).get("/meetings.json").status)

    asking = threading.Thread(target=ask)
    asking.start()
    try:
        time.sleep(0.5)
        os.kill(one.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        while before & set(one.workers()) or len(one.workers()) < 2:
            assert time.monotonic() < deadline, one.log.read_text()[-2000:]
            time.sleep(0.1)
        answering(one)
        time.sleep(0.5)
    finally:
        done.set()
        asking.join()
    assert len(answers) > 10 and set(answers) == {200}, answers
