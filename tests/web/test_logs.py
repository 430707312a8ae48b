"""Request logs, as the real servers write them: no capability token, no client address."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from meetings.core.paths import ROOT

TOKEN = "Zq3Tk9" * 8
#: a token's path as clients may write it: plain, %-escaped in any part, escaped twice
PATHS = [f"/g/{TOKEN}", f"/g%2F{TOKEN}", f"/g%2f{TOKEN}", f"/%67/{TOKEN}", f"/g%252F{TOKEN}",
         f"/service/{TOKEN}.ics", f"/service%2F{TOKEN}.ics", f"/%73ervice/{TOKEN}.ics",
         f"/g/{TOKEN}?x=1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp_path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEETINGS_")}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.sqlite'}",
            "MEETINGS_SECRET_KEY": "logs-test", **extra}


def wait_and_fetch(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/meetings.json", timeout=5):
                break
        except OSError:  # not listening yet, or too busy starting to answer
            assert server.poll() is None, "the server did not start"
            assert time.monotonic() < deadline, "the server did not answer within 120 s"
            time.sleep(0.3)
    for path in PATHS:
        with socket.create_connection(("127.0.0.1", port)) as connection:  # the path as is
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n"
                               "X-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n".encode())
            while connection.recv(65536):
                pass
    with socket.create_connection(("127.0.0.1", port)) as connection:  # not HTTP at all
        connection.sendall(b"\x16\x03\x01 nonsense\r\n\r\n")
        while connection.recv(65536):
            pass


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def gunicorn_log(tmp_path, **extra) -> str:
    port, log = free_port(), tmp_path / "access.log"
    env = environment(tmp_path, MEETINGS_BIND=f"127.0.0.1:{port}", MEETINGS_WORKERS="1",
                      MEETINGS_ACCESS_LOG=str(log), MEETINGS_ERROR_LOG=str(tmp_path / "error.log"),
                      **extra)
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c",
                               str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env)
    try:
        wait_and_fetch(port, server)
    finally:
        stop(server)
    return log.read_text()


def test_gunicorn_access_log_shows_no_token_and_no_address(tmp_path):
    log = gunicorn_log(tmp_path)
    errors = (tmp_path / "error.log").read_text()
    assert "Invalid request from ip=-:" in errors and "ip=127.0.0.1" not in errors
    lines = [line for line in log.splitlines() if "HTTP/1.1" in line]
    assert len([line for line in lines if "meetings.json" not in line]) == len(PATHS), log
    assert TOKEN not in log and TOKEN[:12] not in log
    assert "127.0.0.1" not in log and "203.0.113.9" not in log
    assert sum("/g/…" in line for line in lines) == 6
    assert sum("/service/…" in line for line in lines) == 3
    assert all(line.startswith("- - - [") for line in lines), lines[:2]


def test_an_operator_may_choose_to_log_client_addresses(tmp_path):
    log = gunicorn_log(tmp_path, MEETINGS_LOG_CLIENT_ADDRESSES="true")
    assert TOKEN not in log
    assert all(line.startswith("127.0.0.1 ") for line in log.splitlines() if "HTTP/1.1" in line)


def test_the_development_server_log_shows_no_token_and_no_address(tmp_path):
    port = free_port()
    with open(tmp_path / "server.log", "w") as written:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("flask")), "--app", "meetings", "run", "--port",
             str(port), "--host", "127.0.0.1"], cwd=ROOT, env=environment(tmp_path),
            stderr=written, stdout=subprocess.DEVNULL)
        try:
            wait_and_fetch(port, server)
        finally:
            stop(server)
    log = (tmp_path / "server.log").read_text()
    lines = [line for line in log.splitlines() if "HTTP/1.1" in line]
    assert len([line for line in lines if "meetings.json" not in line]) == len(PATHS), log
    assert TOKEN not in log and "127.0.0.1 -" not in log
    assert sum("/g/…" in line for line in lines) == 6


@pytest.mark.parametrize("path", PATHS)
def test_the_redactor_hides_a_token_however_the_path_is_written(app, path):
    from meetings.web.security import redactor

    assert TOKEN not in redactor.clean(f'"GET {path} HTTP/1.1" 404 -')
