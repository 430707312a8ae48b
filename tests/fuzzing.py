"""The group a fuzzer works on, made through the HTTP interface, and the forms its pages show."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from holders import post, start_group
from rostering import add_role, add_volunteer, take

from meetings.core.database import db
from meetings.core.paths import ROOT
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage import capabilities, changes
from meetings.manage.models import GroupLink, Report, Revision, Suggestion
from meetings.rotation.models import Away, FeedToken, ServiceRole, Term, Volunteer

ARGS = re.compile(r"args\.get(?:list)?\(\s*\"([a-z_]+)\"")


def query_parameters() -> list[str]:
    """Every query parameter the code reads, found in its source."""
    names = {"day", "time", "type", "attendance", "region", "q", "near", "distance", "tz",
             "page", "lang"}
    for source in (ROOT / "meetings").rglob("*.py"):
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
             {"date": "2026-12-24", "status": "cancelled", "note": "Closed"},
             form_url=f"{base}/meetings/{meeting.id}/dates/2026-12-24")
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
        post(self.stranger, f"/meetings/{meeting.slug}/report", {"reason": "wrong"})
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
                  "token_id": FeedToken, "link_id": GroupLink, "report_id": Report}
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
        if name == "day":  # one coming date of the meeting, as its dates page links to
            return "2026-12-24"
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
            operator = changes.Actor(None, "operator")
            _link, self.link_token = capabilities.issue(group, "fuzz", operator)
            db.session.commit()
        self.holder.get(f"/g/{self.link_token}")
