"""Real servers in their own processes: gunicorn with its workers, and the threaded dev server.

Each runs the app over the given database, with its settings in the environment, on a
free local port; `kill()` crashes it as `kill -9` does.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import gunicorn.config as gunicorn_settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: high enough that no limit gets in the way of a test's own writes from one address
SETTINGS = {"SECRET_KEY": "served", "RATELIMIT_WRITES": "100000/hour",
            "RATELIMIT_LINK_LOOKUPS": "100000/hour", "RATELIMIT_GROUP_CREATION": "1000/hour"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str) -> dict:
    """The environment of a server process: the database, and settings as MEETINGS_*."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.update({f"MEETINGS_{name}": value for name, value in SETTINGS.items()})
    return env


class Server:
    """One server process group on a local port; `kill()` is a crash, `stop()` a clean stop."""

    def __init__(self, command: list[str], database_url: str, port: int, log: Path,
                 env: dict | None = None):
        self.command, self.database_url, self.port, self.log = command, database_url, port, log
        #: more of the process's environment, over `environment()`'s
        self.env = env or {}
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self, timeout=60):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env={**environment(self.database_url), **self.env},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def workers(self) -> list[int]:
        """The worker processes of a gunicorn master."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:  # the master is gone
            return []
        return [int(child) for child in children]

    def kill(self):
        """Crash: SIGKILL to the master and every worker at once, nothing cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_until_port_is_free()

    def _wait_until_port_is_free(self, timeout=30):
        """Workers die a moment after their master: until then they hold its socket."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    time.sleep(0.05)
        raise RuntimeError(f"port {self.port} still held after the server was killed")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def gunicorn(database_url: str, log: Path, workers=4) -> Server:
    port = free_port()
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--graceful-timeout", "5", "meetings:create_app()"]
    if hasattr(gunicorn_settings, "ControlSocket"):  # one per server, not one per user
        command.insert(1, "--no-control-socket")
    return Server(command, database_url, port, log)


def dev_server(database_url: str, log: Path) -> Server:
    """What `make run` starts: `flask run`, a thread per request."""
    port = free_port()
    command = [str(BIN / "flask"), "--app", "meetings", "run", "--host", "127.0.0.1",
               "--port", str(port), "--with-threads"]
    return Server(command, database_url, port, log)


@contextmanager
def running(server: Server):
    server.start()
    try:
        yield server
    finally:
        server.stop()
