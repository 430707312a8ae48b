"""Writes and reads through real servers, and a count of what was acknowledged and what is stored.

Shared by tests/manage/test_durability.py and bench/durability.py. A write counts as acknowledged
only when its answer (303) came back; a crash may keep a write nobody was told about, but
must never lose one that was acknowledged.
"""

import http.client
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field

from phones import Group, Person, add_meeting, changed, start_group
from sqlalchemy import create_engine, text

from meetings.core.database import normalise_database_url

EVENT = {"kind": "business", "date": "2027-01-07", "start_time": "18:00", "length": "60",
         "timezone": "Europe/London", "attendance": "online",
         "conference_url": "https://meet.example.org/business"}
#: what a connection that breaks or times out raises
BROKEN = (OSError, http.client.HTTPException)


@dataclass
class Tally:
    """What one writer or reader did: values acknowledged, answers refused, errors."""

    acknowledged: list[str] = field(default_factory=list)
    attempted: int = 0
    refused: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    #: how long each read or write took, start to answer
    seconds: list[float] = field(default_factory=list)


def send_while_refused(phone: Person, path: str, fields, pause=0.1, patience=60):
    """POST once the server takes connections: a refused one carried nothing, so try again."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return phone.post(path, fields)
        except ConnectionRefusedError:  # down, being started again
            if time.monotonic() > deadline:
                raise
            time.sleep(pause)


def add_events(phone: Person, group: Group, titles: list[str], tally: Tally):
    """Add one event per title, each in one POST (the form's token read once)."""
    new = f"/groups/{group.slug}/events/new"
    fields = None
    for title in titles:
        try:
            fields = fields or phone.form(new, having="title")
            answer = send_while_refused(phone, new, changed(fields, title=title, **EVENT))
        except BROKEN as error:  # the server was killed under it: not acknowledged
            tally.attempted += 1
            tally.errors.append(type(error).__name__)
            continue
        tally.attempted += 1
        if answer.status == 303:
            tally.acknowledged.append(title)
        else:
            tally.refused.append(answer.status)


def edit_notes(phone: Person, edit: str, name: str, stop: threading.Event, tally: Tally):
    """Change a meeting's notes again and again, each time from the form as it now is."""
    n = 0
    while not stop.is_set():
        n += 1
        value = f"{name} {n}"
        tally.attempted += 1
        started = time.perf_counter()
        try:
            answer = phone.post(edit, changed(phone.form(edit, having="revision"), notes=value))
            tally.requests += 2
            tally.seconds.append(time.perf_counter() - started)
        except BROKEN as error:
            tally.errors.append(f"{edit}: {type(error).__name__}")
            continue
        if answer.status == 303:
            tally.acknowledged.append(value)
        else:
            tally.refused.append(answer.status)


def read_pages(phone: Person, pages: list[str], stop: threading.Event, tally: Tally, seed=0):
    """Read public pages in a random order until told to stop; anything but 200 is an error."""
    rng = random.Random(seed)
    while not stop.is_set():
        page = rng.choice(pages)
        tally.requests += 1
        started = time.perf_counter()
        try:
            status = phone.get(page).status
            tally.seconds.append(time.perf_counter() - started)
        except BROKEN as error:
            tally.errors.append(f"{page}: {type(error).__name__}")
            continue
        if status != 200:
            tally.errors.append(f"{page}: {status}")


@dataclass
class Load:
    """What readers and writers did together, and what was stored when they stopped."""

    readers: list[Tally]
    writers: list[Tally]
    #: every value the meetings' notes took, from the history, and the notes they now have
    saved: set[str]
    final: set[str]

    @property
    def errors(self) -> list[str]:
        return [error for tally in self.readers + self.writers for error in tally.errors]

    @property
    def acknowledged(self) -> set[str]:
        return {value for tally in self.writers for value in tally.acknowledged}

    @property
    def lost(self) -> set[str]:
        """Acknowledged writes missing from the history, or latest ones not what is shown."""
        latest = {tally.acknowledged[-1] for tally in self.writers if tally.acknowledged}
        return (self.acknowledged - self.saved) | (latest - self.final)


def readers_and_writers(server, database_url: str, seconds: float, readers=50,
                        writers=5) -> Load:
    """Readers on the public pages while writers change their own meeting, for `seconds`."""
    group = start_group(server.url)
    phones = [group.holder(server.url) for _ in range(writers)]
    edits = [add_meeting(phone, group, f"Writer {w}") for w, phone in enumerate(phones)]
    pages = ["/", "/meetings", "/meetings.json", "/meetings.ics", "/print",
             f"/groups/{group.slug}", f"/groups/{group.slug}.ics",
             *(f"/meetings/{slug}" for slug in stored(database_url, "SELECT slug FROM meeting"))]
    stop = threading.Event()
    reading, writing = [Tally() for _ in range(readers)], [Tally() for _ in range(writers)]
    jobs = [lambda r=r: read_pages(Person(server.url), pages, stop, reading[r], seed=r)
            for r in range(readers)]
    jobs += [lambda w=w: edit_notes(phones[w], edits[w], f"writer {w}", stop, writing[w])
             for w in range(writers)]
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    in_threads(jobs)
    final = set(stored(database_url, "SELECT notes FROM meeting"))
    return Load(reading, writing, notes_saved(database_url), final)


def in_threads(jobs) -> None:
    threads = [threading.Thread(target=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def stored(database_url: str, query: str) -> list:
    """Rows read straight from the database, as a restarted server would find them."""
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(query)).scalars())
    finally:
        engine.dispose()


def event_titles(database_url: str) -> set[str]:
    return set(stored(database_url, "SELECT title FROM group_event"))


def notes_saved(database_url: str) -> set[str]:
    """Every value a meeting's notes took, from the history."""
    revisions = stored(database_url, "SELECT after FROM revision WHERE subject = 'meeting'")
    return {json.loads(after).get("notes") for after in revisions} - {None}


def integrity(database_url: str) -> str:
    """SQLite's own check of the file after a crash: "ok", or what is broken."""
    rows = stored(database_url, "PRAGMA integrity_check")
    return "; ".join(rows)


@dataclass
class Crashes:
    """The crashes a burst of writes went through."""

    workers: int = 0
    whole: int = 0


def burst(server, group: Group, writes=1000, writers=5, kills=20) -> tuple[list[Tally], Crashes]:
    """`writes` events added by `writers` phones while workers, then everything, are killed.

    A worker gets SIGKILL, in the middle of whatever it is doing, every `writes // kills`
    writes; once, a third of the way in, the master and all its workers at once, and the
    server is started again on the same port.
    """
    crashes, done = Crashes(), threading.Event()
    tallies = [Tally() for _ in range(writers)]
    titles = [[f"write {w}.{n}" for n in range(writes // writers)] for w in range(writers)]
    phones = [group.holder(server.url) for _ in range(writers)]
    rng, step = random.Random(writes), max(writes // kills, 1)

    def write(w):
        return lambda: add_events(phones[w], group, titles[w], tallies[w])

    def kill():
        due = step
        while not done.wait(0.02):
            attempted = sum(tally.attempted for tally in tallies)
            if attempted < due:
                continue
            due += step
            if crashes.whole == 0 and attempted >= writes // 3:
                server.kill()
                crashes.whole += 1
                server.start()
            elif victims := server.workers():
                _kill(rng.choice(victims))
                crashes.workers += 1

    killer = threading.Thread(target=kill, daemon=True)
    killer.start()
    in_threads(write(w) for w in range(writers))
    done.set()
    killer.join()
    return tallies, crashes


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had gone already
