"""import-feed fails fast and clearly: depth, size, row, column and field limits; safe URLs."""

import http.server
import json
import socket
import threading
import time

import pytest

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.imports import fetch as feedfetch
from meetings.imports import formats as feedformats
from meetings.imports import importer
from meetings.imports.fetch import BadRedirect, RefusedAddress
from meetings.imports.formats import TooDeep, TooLarge

FEED = json.dumps([{"slug": "m", "name": "M", "day": 1, "time": "19:00",
                    "formatted_address": "1 Main St, Anytown, OK 12345, USA"}]).encode()


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def listed():
    return db.session.scalar(db.select(db.func.count()).select_from(Meeting))


# Depth, size, rows, columns, fields


@pytest.mark.parametrize("depth", [7, 100_000])
def test_deep_json_is_refused_by_name(app, tmp_path, depth):
    nested = "[" * depth + "]" * depth
    source = write(tmp_path, "deep.json", f'[{{"name": "M", "types": {nested}}}]')

    with pytest.raises(TooDeep, match="nested deeper than 6 levels"):
        importer.import_source(source)
    assert listed() == 0


def test_a_value_past_the_field_limit_is_refused(app, tmp_path):
    long_notes = "x" * (feedformats.MAX_FIELD + 1)
    as_json = write(tmp_path, "long.json", json.dumps([{"name": "M", "notes": long_notes}]))
    as_csv = write(tmp_path, "long.csv", f"Name,Day,Time,Notes\nM,Monday,19:00,{long_notes}\n")

    with pytest.raises(TooLarge, match="item 1: notes is longer than 20,000 characters"):
        importer.import_source(as_json)
    with pytest.raises(TooLarge, match="line 2: a value is longer than 20,000 characters"):
        importer.import_source(as_csv)


def test_rows_past_the_limit_are_refused(app, tmp_path, monkeypatch):
    monkeypatch.setattr(feedformats, "MAX_ROWS", 2)
    rows = "".join(f"M{i},Monday,19:00\n" for i in range(3))
    as_csv = write(tmp_path, "rows.csv", "Name,Day,Time\n" + rows)
    as_json = write(tmp_path, "rows.json", json.dumps([{"name": f"M{i}"} for i in range(3)]))

    with pytest.raises(TooLarge, match="more than 2 rows; split the source"):
        importer.import_source(as_csv)
    with pytest.raises(TooLarge, match="more than 2 meetings; split the source"):
        importer.import_source(as_json)


def test_columns_past_the_limit_are_refused(app, tmp_path):
    header = ",".join(["Name", "Day", "Time", *(f"Extra {i}" for i in range(200))])
    source = write(tmp_path, "wide.csv", header + "\nM,Monday,19:00\n")

    with pytest.raises(TooLarge, match="more than 200 columns"):
        importer.import_source(source)


def test_a_file_past_the_size_limit_is_refused(app, tmp_path, monkeypatch):
    monkeypatch.setattr(feedfetch, "MAX_BYTES", 100)
    source = write(tmp_path, "big.json", FEED + b" " * 100)

    with pytest.raises(TooLarge, match="larger than"):
        importer.import_source(source)


def test_long_texts_are_kept_as_long_as_a_form_takes(app, tmp_path):
    record = {"slug": "m", "name": "M", "day": 1, "time": "19:00", "notes": "n" * 5000,
              "formatted_address": "1 Main St, Anytown, OK 12345, USA",
              "location_notes": "l" * 3000, "group": "G", "group_notes": "g" * 2001}

    report = importer.import_records([record], "long-texts", "UTC")

    found = db.session.scalar(db.select(Meeting))
    assert len(found.notes) == len(found.location.notes) == len(found.group.description) == 2000
    assert report.warnings == [
        f"row 1 (m): {key} is longer than 2000 characters; shortened"
        for key in ("notes", "notes", "description")
    ]


# URLs: redirects, time, size, and addresses


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/feed.json":
            self.reply(FEED)
        elif self.path.startswith("/hops/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.redirect(f"/hops/{left - 1}" if left else "/feed.json")
        elif self.path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/feed.json")
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" " * 1024)

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_redirects_are_followed_up_to_the_limit(app, server):
    report = importer.import_source(f"{server}/hops/{feedfetch.MAX_REDIRECTS - 1}")

    assert report.added == 1


def test_too_many_redirects_are_refused(app, server):
    with pytest.raises(BadRedirect, match="redirects more than 5 times"):
        importer.import_source(f"{server}/hops/{feedfetch.MAX_REDIRECTS + 1}")


def test_a_redirect_away_from_http_is_refused_at_once(app, server):
    with pytest.raises(BadRedirect, match="redirects to ftp://127.0.0.1/feed.json; only http"):
        importer.import_source(f"{server}/to-ftp")


def test_a_slow_drip_is_cut_off(app, server, monkeypatch):
    monkeypatch.setattr(feedfetch, "TOTAL_SECONDS", 0.5)

    with pytest.raises(importer.ImportFailed, match="took longer than 0.5 seconds; gave up"):
        importer.import_source(f"{server}/drip")


def test_a_body_without_a_length_is_cut_off_at_the_size_limit(app, server, monkeypatch):
    monkeypatch.setattr(feedfetch, "MAX_BYTES", 10_000)

    with pytest.raises(TooLarge, match="larger than"):
        importer.import_source(f"{server}/endless")


def test_public_only_refuses_loopback(app, server):
    with pytest.raises(RefusedAddress, match="127.0.0.1, a loopback address"):
        importer.import_source(f"{server}/feed.json", public_only=True)
    port = server.rsplit(":", 1)[1]
    with pytest.raises(RefusedAddress, match="localhost is .*a loopback address"):
        importer.import_source(f"http://localhost:{port}/feed.json", public_only=True)
    assert listed() == 0


def test_public_only_checks_every_redirect(app, server, monkeypatch):
    checked = []
    original = feedfetch.public_connection

    def first_hop_public(address, *args, **kwargs):
        checked.append(address)
        if len(checked) == 1:
            return socket.create_connection(address, *args, **kwargs)
        return original(address, *args, **kwargs)

    monkeypatch.setattr(feedfetch, "public_connection", first_hop_public)

    with pytest.raises(RefusedAddress):
        importer.import_source(f"{server}/hops/1", public_only=True)
    assert len(checked) == 2


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "127.0.0.2", "0.0.0.0", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1", "224.0.0.1"])
def test_addresses_that_are_not_public_are_refused_after_resolution(monkeypatch, address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
        (family, socket.SOCK_STREAM, 6, "", (address, 80)),
    ])

    with pytest.raises(RefusedAddress, match=f"feeds.example.org is {address}"):
        feedfetch.public_connection(("feeds.example.org", 80), timeout=1)


def test_cli_public_only(runner, server):
    result = runner.invoke(args=["import-feed", f"{server}/feed.json", "--public-only"])

    assert result.exit_code == 1
    assert "Error: 127.0.0.1 is 127.0.0.1, a loopback address" in result.output
    assert runner.invoke(args=["import-feed", f"{server}/feed.json"]).exit_code == 0


@pytest.mark.parametrize(
    ("shared", "read"),
    [
        ("https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0",
         "https://docs.google.com/spreadsheets/d/1AbC-d_9/export?format=csv&gid=0"),
        ("https://docs.google.com/spreadsheets/d/1AbC-d_9/edit?usp=sharing",
         "https://docs.google.com/spreadsheets/d/1AbC-d_9/export?format=csv"),
        ("https://docs.google.com/spreadsheets/d/1AbC-d_9/export?format=csv&gid=7",
         "https://docs.google.com/spreadsheets/d/1AbC-d_9/export?format=csv&gid=7"),
        ("https://example.org/meetings.csv", "https://example.org/meetings.csv"),
    ],
)
def test_a_google_sheet_is_read_as_its_csv_export(shared, read):
    assert feedfetch.sheet_csv_url(shared) == read
