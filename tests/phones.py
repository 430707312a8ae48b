"""People using a real server over HTTP, as phones do: cookies, forms, saves at one instant.

A `Person` is one phone: its own cookies (so its own session and group links), forms read
from the pages as a browser shows them and sent back with some fields changed. `together()`
sends requests at the same instant: each is written but for its last byte, then every last
byte goes at once, so the server handles them side by side.
"""

import html
import html.parser
import http.client
import re
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from holders import FIRST_MEETING, LINK


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


@dataclass
class Group:
    """A group started on the server: its slug and its link's path, to open on other phones."""

    slug: str
    link: str

    def holder(self, url: str) -> Person:
        phone = Person(url)
        assert phone.get(self.link).status == 303
        return phone


def start_group(url: str, name="Lewes Thursday Group") -> Group:
    """Start a group from a phone, as anyone can, and keep its link."""
    phone = Person(url)
    page = phone.post("/groups/new", changed(phone.form("/groups/new"),
                                             **{**FIRST_MEETING, "group_name": name}))
    assert page.status == 200, page.body[-500:]
    link = html.unescape(LINK.search(page.body).group(1))
    slug = re.search(r'href="/groups/([^/"]+)/manage"', page.body).group(1)
    return Group(slug, link[link.index("/g/"):])


def add_meeting(phone: Person, group: Group, name: str) -> str:
    """Add a meeting to the group; the address of its edit form."""
    new = f"/groups/{group.slug}/meetings/new"
    values = {**FIRST_MEETING, "name": name, "place": "new"}
    done = phone.post(new, changed(phone.form(new, having="name"), **values))
    assert done.status == 303, done.body[-800:]
    manage = phone.get(f"/groups/{group.slug}/manage").body
    edits = re.findall(rf'href="(/groups/{group.slug}/meetings/\d+/edit)"', manage)
    return max(edits, key=lambda edit: int(edit.split("/")[-2]))
