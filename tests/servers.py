"""Real servers in their own processes (gunicorn, the threaded dev server) and people using them.

A `Person` is one phone: its own cookies (so its own session and group links), forms read
from the pages as a browser shows them and sent back with some fields changed. `together()`
sends requests at the same instant: each is written but for its last byte, then every last
byte goes at once, so the server handles them side by side.
"""

import html.parser
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
    """The environment of a server process: the database and settings, nothing from instance/."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.update({f"MEETINGS_{name}": value for name, value in SETTINGS.items()})
    return env


class Server:
    """One server process group on a local port; `kill()` is a crash, `stop()` a clean stop."""

    def __init__(self, command: list[str], database_url: str, port: int, log: Path):
        self.command, self.database_url, self.port, self.log = command, database_url, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self, timeout=60):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=environment(self.database_url), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
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


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str):
        self.status, self.headers, self.body = status, headers, body


class Sending:
    """A request written to the server but for its last byte."""

    def __init__(self, person, connection, last: bytes):
        self.person, self.connection, self.last = person, connection, last

    def finish(self) -> Response:
        try:
            self.connection.send(self.last)
            return self.person.read(self.connection)
        finally:
            self.connection.close()


class Person:
    """Someone on a phone: cookies of their own, pages and forms over real HTTP."""

    def __init__(self, base_url: str, timeout=60):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies = SimpleCookie()

    def _connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def _headers(self) -> dict:
        cookie = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        return {"Cookie": cookie} if cookie else {}

    def read(self, connection) -> Response:
        answer = connection.getresponse()
        body = answer.read().decode("utf-8", "replace")
        for header in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return Response(answer.status, answer.headers, body)

    def get(self, path: str) -> Response:
        connection = self._connection()
        try:
            connection.request("GET", path, headers=self._headers())
            return self.read(connection)
        finally:
            connection.close()

    def start_post(self, path: str, fields) -> Sending:
        """Send a form but for its last byte; `finish()` sends it and reads the answer."""
        body = urlencode(list(fields)).encode()
        connection = self._connection()
        connection.putrequest("POST", path)
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded",
                   "Content-Length": str(len(body))}
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(body[:-1])
        return Sending(self, connection, body[-1:])

    def post(self, path: str, fields) -> Response:
        return self.start_post(path, fields).finish()

    def form(self, path: str, having="csrf_token") -> list[tuple[str, str]]:
        """The fields of the page's form that holds `having`, as a browser would send them."""
        page = self.get(path)
        if page.status != 200:
            raise AssertionError(f"GET {path}: {page.status}")
        reader = FormReader()
        reader.feed(page.body)
        for fields in reader.forms:
            if any(name == having for name, _ in fields):
                return fields
        raise AssertionError(f"no form with {having} on {path}")


def changed(fields, **values) -> list[tuple[str, str]]:
    """A form's fields with some set to other values (a list for several: boxes ticked)."""
    kept = [(name, value) for name, value in fields if name not in values]
    for name, value in values.items():
        kept += [(name, one) for one in value] if isinstance(value, list) else [(name, value)]
    return kept


def value_of(fields, name: str) -> str:
    return next(value for field, value in fields if field == name)


def together(sendings: list[Sending]) -> list[Response]:
    """Finish requests at the same instant, each from its own thread."""
    start = threading.Barrier(len(sendings))
    answers: list = [None] * len(sendings)

    def finish(index):
        start.wait()
        answers[index] = sendings[index].finish()

    threads = [threading.Thread(target=finish, args=(i,)) for i in range(len(sendings))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


class FormReader(html.parser.HTMLParser):
    """Each form's successful controls: inputs, checked boxes, chosen options, text areas."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._fields = None
        self._select = self._textarea = None
        self._options: list = []
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = []
        elif self._fields is None or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            self._input(attrs)
        elif tag == "select":
            self._select, self._options = attrs.get("name"), []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def _input(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        if kind not in ("submit", "button", "image", "file", "reset"):
            self._fields.append((attrs["name"], attrs.get("value", "on" if kind in (
                "checkbox", "radio") else "")))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not self._multiple:
                chosen = [self._options[0][0]]  # a browser sends the first option then
            self._fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
