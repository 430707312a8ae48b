"""The whole story through HTTP: a group starts, a link leaks, vandalism is undone in one action."""

import logging
import re
from datetime import UTC, datetime, timedelta

from holders import LINK, join, path, post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.manage.models import GroupLink, Revision

# Tuesday 1 December 2026, 09:00 in London (GMT, so UTC too).
MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def device(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def public_view(client, slug, meeting_slugs):
    """Everything a visitor, a calendar or another instance reads about the directory."""
    urls = ["/meetings.json", f"/groups/{slug}", "/meetings?day=4", "/meetings?attendance=online",
            "/meetings?q=lewes", "/print"]
    urls += [f"/meetings/{each}" for each in meeting_slugs]
    if "feeds.group" in client.application.view_functions:
        urls += [f"/groups/{slug}.ics", "/meetings.ics"]
    view = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        view[url] = (response.get_data(), response.headers.get("ETag"))
    return view


def meeting_form(meeting: Meeting, **changes):
    """A meeting's edit form as its page fills it in, with some answers changed."""
    data = {
        "name": meeting.name, "weekdays": [str(d) for d in meeting.weekdays],
        "start_time": meeting.start_time.strftime("%H:%M"), "length": "60",
        "timezone": meeting.timezone,
        "attendance": meeting.attendance if meeting.attendance != "inactive" else "hybrid",
        "place": str(meeting.location_id) if meeting.location_id else "new",
        "conference_url": meeting.conference_url or "", "types": meeting.type_codes,
        "notes": meeting.notes or "",
    }
    return {**data, **changes}


def edit(client, slug, meeting_id, **changes):
    url = f"/groups/{slug}/meetings/{meeting_id}/edit"
    page = client.get(url)
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"', page.text).group(1)
    meeting = db.session.get(Meeting, meeting_id)
    db.session.refresh(meeting)
    response = post(client, url, {**meeting_form(meeting, **changes), "revision": revision})
    assert response.status_code == 303, text(response)


def test_a_leaked_link_is_cleaned_up_in_one_action(app, at, caplog):
    caplog.set_level(logging.DEBUG)
    at(MORNING)
    founder = device(app, "10.0.0.1")
    _page, group_url, _code = start_group(founder)
    group_link = db.session.scalar(db.select(GroupLink))
    slug = group_link.group.slug
    thursday = db.session.scalar(db.select(Meeting))

    # The founder lists a second meeting, online on Sundays, and cancels one Thursday.
    response = post(founder, f"/groups/{slug}/meetings/new", {
        "name": "Sunday Online", "weekdays": ["0"], "start_time": "10:00", "length": "90",
        "timezone": "Europe/London", "attendance": "online",
        "conference_url": "https://meet.example.org/sunday", "types": ["C"],
    })
    assert response.status_code == 303, text(response)
    response = post(founder, f"/groups/{slug}/meetings/{thursday.id}/dates/2026-12-24",
                    {"status": "cancelled", "note": "Christmas Eve"})
    assert response.status_code == 303, text(response)

    # A second device joins with the group link, and names a link for the treasurer.
    member = device(app, "10.0.0.2")
    joined = join(member, group_url)
    assert joined.status_code == 303 and "/g/" not in joined.headers["Location"]
    assert member.get(joined.headers["Location"]).status_code == 200
    made = post(member, f"/groups/{slug}/links", {"name": "treasurer"})
    treasurer_url = LINK.search(made.text).group(1)

    meetings = list(db.session.scalars(db.select(Meeting).order_by(Meeting.id)))
    visitor = device(app, "10.0.0.3")
    before = public_view(visitor, slug, [m.slug for m in meetings])

    # The treasurer's link leaks. Someone makes twenty bad edits and removes the meetings.
    at(MORNING + timedelta(hours=2))
    vandal = device(app, "10.6.6.6")
    assert join(vandal, treasurer_url).status_code == 303
    sunday = meetings[1]
    bad = 0
    for n in range(4):
        response = post(vandal, f"/groups/{slug}/edit", {
            "name": f"Spam {n}", "description": "Send money", "venmo": "@vandal-0", "square": "",
            "paypal": "", "contribution_url": "https://spam.example/pay",
        })
        assert response.status_code == 303, text(response)
        bad += 1
    for n in range(4):
        edit(vandal, slug, thursday.id, name=f"Bogus {n}", start_time=f"2{n}:15",
             place="new", location_name="Nowhere", address=f"{n} Fake Street")
        bad += 1
    for n in range(3):
        edit(vandal, slug, sunday.id, conference_url=f"https://spam.example/{n}",
             weekdays=["1", "3"])
        bad += 1
    for day in ("2026-12-03", "2026-12-10", "2026-12-24"):
        response = post(vandal, f"/groups/{slug}/meetings/{thursday.id}/dates/{day}",
                        {"status": "moved", "new_start": "23:00", "note": "ha"})
        assert response.status_code == 303, text(response)
        bad += 1
    response = post(vandal, f"/groups/{slug}/meetings/new", {
        "name": "Fake Meeting", "weekdays": ["2"], "start_time": "12:00", "length": "60",
        "timezone": "Europe/London", "attendance": "in_person", "address": "Nowhere",
    })
    assert response.status_code == 303
    response = post(vandal, f"/groups/{slug}/events/new", {
        "title": "Fake party", "kind": "other", "date": "2026-12-05", "start_time": "20:00",
        "length": "60", "timezone": "Europe/London", "attendance": "in_person",
        "address": "Nowhere",
    }, form_url=f"/groups/{slug}/events/new")
    assert response.status_code == 303, text(response)
    backup = post(vandal, f"/groups/{slug}/links", {"name": "backup"})
    backup_url = LINK.search(backup.text).group(1)
    accomplice = device(app, "10.6.6.7")
    join(accomplice, backup_url)
    post(accomplice, f"/groups/{slug}/meetings/{sunday.id}/close",
         form_url=f"/groups/{slug}/manage")
    for meeting in (thursday, sunday):
        response = post(vandal, f"/groups/{slug}/meetings/{meeting.id}/remove",
                        form_url=f"/groups/{slug}/manage")
        assert response.status_code == 303
    bad += 6
    assert bad >= 20
    vandalised = visitor.get(f"/groups/{slug}")
    assert "Spam 3" in vandalised.text and "Thursday Hybrid" not in vandalised.text

    # Another holder undoes all of it in one action, and retires the leaked link.
    at(MORNING + timedelta(hours=5))
    treasurer = db.session.scalar(db.select(GroupLink).where(GroupLink.name == "treasurer"))
    preview = founder.get(f"/groups/{slug}/undo?link={treasurer.id}&since=2026-12-01T10:00")
    assert preview.status_code == 200 and "Spam 3" in text(preview)
    response = post(founder, f"/groups/{slug}/undo",
                    {"link": treasurer.id, "since": "2026-12-01T10:00", "retire": "y",
                     "reason": "leaked link"},
                    form_url=f"/groups/{slug}/undo?link={treasurer.id}&since=2026-12-01T10:00")
    assert response.status_code == 200, text(response)
    assert "changes undone" in text(response)
    assert "Not undone" not in text(response)

    # The directory and the public feeds are exactly as before.
    assert public_view(visitor, slug, [m.slug for m in meetings]) == before

    # The leaked link, and the one made through it, no longer work anywhere.
    assert vandal.get(f"/groups/{slug}/manage").status_code == 403
    assert join(vandal, treasurer_url).status_code == 410
    assert accomplice.get(f"/groups/{slug}/manage").status_code == 403
    assert founder.get(f"/groups/{slug}/manage").status_code == 200
    assert member.get(f"/groups/{slug}/manage").status_code == 200

    # The history shows it all, in plain words.
    history = ""
    for page in range(1, 6):
        history += text(founder.get(f"/groups/{slug}/history?page={page}"))
    vandalism = history.count("through the link “treasurer”")
    assert vandalism + history.count("through the link “backup”") >= 20
    assert "name changed from Lewes Thursday Group to Spam 0" in history
    assert "Link “treasurer”: retired" in history
    assert "reason: leaked link" in history
    assert len(re.findall(r": [a-z ]+ \(#\d+\)", history)) >= 20  # each undo names the change
    undone = db.session.scalar(db.select(db.func.count(Revision.id)).where(
        Revision.reverts_id.is_not(None)))
    assert undone >= 20

    # No token ever reached a log.
    for url in (group_url, treasurer_url, backup_url):
        assert path(url).split("/g/")[1] not in caplog.text
