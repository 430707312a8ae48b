"""Generated requests over every route, query parameter and form field: no 5xx, nothing raw.

Hypothesis draws each request: a route of `app.url_map` with real or hostile path values,
GET or POST (POSTs carry a valid CSRF token and the fields of that route's own forms, as
the app's pages show them), query parameters the code reads, from a device holding the
group's link or from a stranger. Every answer must be below 500, and no HTML, JSON or
iCalendar body may hold a payload as it was sent.
"""

import os
import re
from urllib.parse import quote

import pytest
from conftest import app_config, empty_database
from fuzzing import World, query_parameters
from holders import CSRF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import create_app
from meetings.core import clock
from meetings.core.database import db

#: how many requests CI sends; FUZZ_REQUESTS=… sends fewer (or more) while working on it
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "10500"))
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
sent = {"requests": 0, "status": {}, "endpoints": set()}


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
def world(database_url):
    # Limits raised, not switched off: the limiter is shared by every app the tests make.
    unlimited = {f"RATELIMIT_{name}": "1000000/hour" for name in (
        "GROUP_CREATION", "LINK_LOOKUPS", "RECOVERY", "REPORTS", "SUGGESTIONS", "WRITES")}
    app = create_app(app_config(database_url, **unlimited))
    found = World(app)
    try:  # a failure while building must not leave the clock frozen or the rows behind
        with app.app_context():
            found.build(clock.set_to)
        found.csrf = {True: csrf_token(found.holder), False: csrf_token(found.stranger)}
        yield found
    finally:
        clock.set_to(None)
        with app.app_context():
            db.session.remove()
            empty_database(database_url)
            db.engine.dispose()


def test_no_request_gets_a_5xx_or_a_raw_payload_back(world, capsys, record_property):
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
    record_property("requests", sent["requests"])
    with capsys.disabled():  # the figure belongs in every run's output, not only with -s
        print(f"\nfuzz: {sent['requests']} requests, status codes "
              f"{sorted(sent['status'].items())}, {len(sent['endpoints'])} endpoint/method/status "
              f"combinations, forms of {len(world.forms)} endpoints")
    assert sent["requests"] >= REQUESTS
    posted = {rule.endpoint for rule in rules if "POST" in rule.methods}
    assert posted - set(world.forms) == set()  # every form was found on a page, and filled in
