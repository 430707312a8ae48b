"""Generated requests over every route, query parameter and form field: no 5xx, nothing raw.

Hypothesis draws each request: a route of `app.url_map` with real or hostile path values,
GET or POST (POSTs carry a valid CSRF token and the fields of that route's own forms, as
the app's pages show them), query parameters the code reads, from a device holding the
group's link or from a stranger. Every answer must be below 500, and no HTML, JSON or
iCalendar body may hold a payload as it was sent.
"""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from conftest import app_config, empty_database
from holders import CSRF, post, start_group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rostering import add_role, add_volunteer, take

from meetings import ROOT, create_app, links
from meetings.models import (
    Away,
    DateChange,
    FeedToken,
    Group,
    GroupEvent,
    GroupLink,
    Meeting,
    Revision,
    ServiceRole,
    Suggestion,
    Term,
    Volunteer,
    db,
)

REQUESTS = int(__import__("os").environ.get("FUZZ_REQUESTS", "10500"))
MARK = "fz7"
#: what a browser, a feed reader or another server might be fooled by if it came back raw
PAYLOADS = [f"<script>{MARK}(1)</script>", f'"onerror={MARK}(1) x="',
            f"'><img src=x onerror={MARK}>", f"x\r\nX-Injected: {MARK}",
            f"a\nBEGIN:VEVENT\nSUMMARY:{MARK}", f"javascript:{MARK}()",
            f"https://x.org/\"><b>{MARK}", f"x\u2028X-INJECTED:{MARK}", f"x\x85X-INJECTED:{MARK}"]
HOSTILE = ["²", "①", "٣", "-1", "0", "1e9", "nan", "inf", str(2**31), str(2**63), "9" * 30,
           "9999-12-31", "0000-00-00", "24:61", "\x00", "\u202e", "%00", "../../etc/passwd",
           " ", "", "x" * 3000, "Europe/Nowhere", "a,b", "1,2,3,4"]
#: a raw payload in a body: a tag or attribute that was not escaped, or a calendar line
REFLECTED = re.compile(f"<script>{MARK}|\"onerror={MARK}|'><img|<b>{MARK}")
ARGS = re.compile(r"args\.get(?:list)?\(\s*\"([a-z_]+)\"")
sent = {"requests": 0, "status": {}, "endpoints": set()}


def query_parameters() -> list[str]:
    """Every query parameter the code reads, found in its source."""
    names = {"day", "time", "type", "attendance", "region", "q", "near", "distance", "tz",
             "page", "lang"}
    for source in (ROOT / "meetings").glob("*.py"):
        names.update(ARGS.findall(source.read_text(encoding="utf-8")))
    return sorted(names)


class Forms(HTMLParser):
    """The forms of a page: action, method and each field with the value the page gives it."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, dict[str, list[str]]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.found.append((attrs.get("action") or "", (attrs.get("method") or "get").upper(),
                               {}))
        elif tag in ("input", "select", "textarea", "button") and self.found and attrs.get("name"):
            if attrs["name"] != "csrf_token":
                self.found[-1][2].setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "option" and self.found and self.found[-1][2]:
            last = list(self.found[-1][2])[-1]
            self.found[-1][2][last].append(attrs.get("value") or "")


class World:
    """A group with everything a link holder can make, and what the fuzzer needs to know."""

    def __init__(self, app):
        self.app = app
        self.holder, self.stranger = app.test_client(), app.test_client()
        self.forms: dict[str, list[dict[str, list[str]]]] = {}
        self.known: dict[str, list[int]] | None = None

    def build(self, at):
        client = self.holder
        at(datetime(2026, 12, 1, 9, tzinfo=UTC))
        _page, url, _code = start_group(client)
        self.link_token = urlsplit(url).path.split("/g/", 1)[1]
        self.slug = db.session.scalar(db.select(Group.slug))
        meeting = db.session.scalar(db.select(Meeting))
        self.meeting_slug = meeting.slug
        chair = add_role(client, self.slug, "Chair", unit="meeting", starts_on="2026-12-01")
        add_role(client, self.slug, "Coffee", length=3, seats=2, starts_on="2026-10-01")
        sam, jo = add_volunteer(client, self.slug, "Sam K."), add_volunteer(client, self.slug, "Jo")
        take(client, self.slug, chair, "2026-12-03", sam)
        take(client, self.slug, chair, "2026-12-10", jo)
        base = f"/groups/{self.slug}"
        post(client, f"{base}/roster/volunteers/{sam.id}/away",
             {"first_day": "2027-02-01", "last_day": "2027-02-05"},
             form_url=f"{base}/roster/volunteers/{sam.id}")
        post(client, f"{base}/meetings/{meeting.id}/dates",
             {"date": "2026-12-24", "status": "cancelled", "note": "Closed"})
        post(client, f"{base}/events/new", {"title": "Business", "kind": "business",
             "date": "2026-12-06", "start_time": "11:00", "timezone": "Europe/London",
             "attendance": "in_person", "place": str(meeting.location_id)})
        post(client, f"{base}/links", {"name": "treasurer"})
        page = post(client, f"{base}/roster/calendars", {"whose": "0"}).get_data(as_text=True)
        self.feed_token = re.search(r"/service/([^\".]+)\.ics", page).group(1)
        post(self.stranger, f"/meetings/{meeting.slug}/suggest", {
            "name": "Thursday Hybrid", "weekdays": ["4"], "start_time": "19:30", "length": "60",
            "timezone": "Europe/London", "attendance": "online",
            "conference_url": "https://meet.example.org/x", "message": "Later now"})
        self.crawl()

    def ids(self) -> dict[str, list[int]]:
        if self.known is None:
            with self.app.app_context():
                self.known = self.read_ids()
        return self.known

    def read_ids(self) -> dict[str, list[int]]:
        models = {"meeting_id": Meeting, "change_id": DateChange, "event_id": GroupEvent,
                  "revision_id": Revision, "suggestion_id": Suggestion, "role_id": ServiceRole,
                  "volunteer_id": Volunteer, "away_id": Away, "term_id": Term,
                  "token_id": FeedToken, "link_id": GroupLink}
        group_id = db.session.scalar(db.select(Group.id).where(Group.slug == self.slug))
        found = {}
        for name, model in models.items():
            query = db.select(model.id)
            if hasattr(model, "group_id"):  # the group's own rows: others' answer 404 anyway
                query = query.where(model.group_id == group_id)
            found[name] = list(db.session.scalars(query)) or [1]
        return found

    def crawl(self):
        """Read the forms of every page the group's routes show, keyed by their endpoint."""
        adapter = self.app.url_map.bind("localhost")
        for rule in self.app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            values = {name: self.real(name, rule) for name in rule.arguments}
            page = self.holder.get(adapter.build(rule.endpoint, values))
            if "html" not in page.content_type:
                continue
            parser = Forms()
            parser.feed(page.get_data(as_text=True))
            for action, method, fields in parser.found:
                try:
                    endpoint, _args = adapter.match(urlsplit(action).path or "/", method=method)
                except Exception:  # a form sent to another host, or a GET form: no endpoint
                    continue
                self.forms.setdefault(endpoint, []).append(fields)

    def real(self, name, rule):
        if name == "slug":
            return self.meeting_slug if rule.rule.startswith("/meetings") else self.slug
        if name == "token":
            return self.feed_token if "service" in rule.rule else self.link_token
        if name == "due":
            return "2026-12-17"
        if name == "seat":
            return 1
        if name == "filename":
            return "site.css"
        converter = rule._converters[name]
        if hasattr(converter, "items"):  # any(...)
            return sorted(converter.items)[0]
        return self.ids()[name][0]

    def rejoin(self):
        """Hold a live link again, after a request retired or forgot it."""
        with self.app.app_context():
            group = db.session.scalar(db.select(Group).where(Group.slug == self.slug))
            operator = links.changes.Actor(None, "operator")
            _link, self.link_token = links.issue(group, "fuzz", operator)
            db.session.commit()
        self.holder.get(f"/g/{self.link_token}")


hostile_text = st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(HOSTILE),
                         st.text(max_size=40))


@st.composite
def path_value(draw, world, name, rule, hostile):
    """A real value for a path argument, or (when `hostile`) one no route should take."""
    converter = rule._converters[name]
    if hasattr(converter, "items"):  # any(...)
        return draw(st.sampled_from(["x" + MARK, "", "²"] if hostile else sorted(converter.items)))
    if type(converter).__name__ == "IdConverter":
        if hostile:
            return draw(st.sampled_from(["0", str(2**31), str(2**63), "9" * 25]))
        # an index, not the ids themselves: requests add rows, and a strategy must not change
        ids = world.ids().get(name, [1])
        return ids[draw(st.integers(0, 7)) % len(ids)]
    return draw(hostile_text) if hostile else world.real(name, rule)


@st.composite
def requests(draw, world, rules, names):
    rule = draw(st.sampled_from(rules))
    #: one request in five has one hostile path argument; the others reach the route's code
    hostile = draw(st.sampled_from(sorted(rule.arguments))) if rule.arguments and draw(
        st.integers(0, 4)) == 0 else None
    values = {name: draw(path_value(world, name, rule, name == hostile))
              for name in sorted(rule.arguments)}
    path = rule.rule
    for name, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + name + r">", quote(str(value), safe="") or "x", path)
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    method = draw(st.sampled_from(methods))
    query = draw(st.dictionaries(st.sampled_from(names), hostile_text, max_size=3))
    form = {}
    if method == "POST":
        choices = world.forms.get(rule.endpoint) or [{"reason": [""]}]
        fields = draw(st.sampled_from(choices))
        for field, offered in fields.items():
            form[field] = draw(st.one_of(st.sampled_from(offered), hostile_text))
    return rule, method, path, query, form, draw(st.booleans())


def csrf_token(client) -> str:
    return CSRF.search(client.get("/groups/new").get_data(as_text=True)).group(1)


def check(rule, method, path, response):
    where = f"{method} {path} -> {response.status_code}"
    assert response.status_code < 500, where
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value and name.lower() != "x-injected", where
    kind = response.content_type or ""
    if not any(part in kind for part in ("html", "json", "calendar")):
        return
    body = response.get_data(as_text=True)
    if "html" in kind:
        assert not REFLECTED.search(body), (where, REFLECTED.search(body)[0])
    if "calendar" in kind:
        assert body.splitlines() == body.split("\r\n")[:-1], where
        unfolded = re.sub(r"\r\n[ \t]", "", body)
        assert not re.search(f"^(X-INJECTED|SUMMARY:{MARK})", unfolded, re.M), where
    if "json" in kind:  # a quote is escaped by JSON itself; a tag would be read by HTML
        assert "<" not in body and ">" not in body, where


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory):
    app = create_app(app_config(database_url, RATELIMIT_ENABLED=False))
    found = World(app)
    clock = pytest.MonkeyPatch()
    import sys

    def at(moment):
        for name, module in list(sys.modules.items()):
            if name.startswith("meetings") and hasattr(module, "utcnow"):
                clock.setattr(module, "utcnow", lambda: moment)

    with app.app_context():
        found.build(at)
    found.csrf = {True: csrf_token(found.holder), False: csrf_token(found.stranger)}
    yield found
    clock.undo()
    with app.app_context():
        db.session.remove()
        empty_database(database_url)
        db.engine.dispose()
    print(f"\nfuzz: {sent['requests']} requests, status codes {sorted(sent['status'].items())},"
          f" endpoints {len(sent['endpoints'])}, forms {len(found.forms)}")


def test_no_request_gets_a_5xx_or_a_raw_payload_back(world):
    rules = [rule for rule in world.app.url_map.iter_rules() if rule.endpoint != "static"]
    names = query_parameters()
    relink = {"links.retire", "links.forget", "history.undo", "links.recover"}

    @settings(max_examples=REQUESTS, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(requests(world, rules, names))
    def fuzz(request):
        rule, method, path, query, form, linked = request
        client = world.holder if linked else world.stranger
        data = {**form, "csrf_token": world.csrf[linked]} if method == "POST" else None
        response = client.open(path, method=method, query_string=query, data=data)
        sent["requests"] += 1
        sent["endpoints"].add((rule.endpoint, method, response.status_code))
        sent["status"][response.status_code] = sent["status"].get(response.status_code, 0) + 1
        check(rule, method, path, response)
        if method == "POST" and response.status_code == 303:
            world.known = None  # rows were added: draw ids from them too
        if linked and method == "POST" and rule.endpoint in relink:
            world.rejoin()
            world.csrf[True] = csrf_token(world.holder)

    fuzz()
    assert sent["requests"] >= REQUESTS
    posted = {rule.endpoint for rule in rules if "POST" in rule.methods}
    assert posted - set(world.forms) == set()  # every form was found on a page, and filled in
