"""Abuse without moderators: readers report listings, holders see it, the operator hides spam."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from holders import FIRST_MEETING, post, start_group, text

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.manage.models import Report, Revision

#: a Thursday evening: both groups meet at 19:00, so the front page lists them
MORNING = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)


@pytest.fixture
def listed(app, at):
    """A real group and a spam one, each started from its founder's phone; and a reader."""
    at(MORNING)
    real, spammer = app.test_client(), app.test_client()
    start_group(real)
    start_group(spammer, group_name="Cheap Pills Online", meeting_name="Buy Now",
                address="99 Spam Street, Lewes")
    spam = db.session.scalar(db.select(Group).where(Group.name == "Cheap Pills Online"))
    return real, spammer, app.test_client(), spam


def meeting_of(group) -> Meeting:
    return db.session.scalar(db.select(Meeting).where(Meeting.group_id == group.id))


def report(reader, url, reason="not_real", note=None, **extra):
    return post(reader, url, {"reason": reason, **({"note": note} if note else {}), **extra})


def test_a_reader_reports_a_meeting_and_the_group_sees_it_on_its_manage_page(listed):
    _real, spammer, reader, spam = listed
    meeting = meeting_of(spam)
    page = reader.get(f"/meetings/{meeting.slug}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.slug}/report"' in page
    form = text(reader.get(f"/meetings/{meeting.slug}/report"))
    assert "It is not a real meeting" in form and "nothing about you is kept" in form
    sent = report(reader, f"/meetings/{meeting.slug}/report", note="An advert for pills")
    assert sent.status_code == 200
    assert "Your report was passed on to the group's members" in text(sent)
    manage = text(spammer.get(f"/groups/{spam.slug}/manage"))
    assert "1 report from readers" in manage
    assert "Buy Now: not a real meeting" in manage and "An advert for pills" in manage
    found = db.session.scalar(db.select(Report))
    assert set(Report.__table__.columns.keys()) == {
        "id", "group_id", "meeting_id", "reason", "note", "created", "seen_at"}
    assert (found.meeting_id, found.reason) == (meeting.id, "not_real")


def test_a_group_page_can_be_reported_too_and_holders_mark_reports_read(listed):
    real, _spammer, reader, _spam = listed
    group = db.session.scalar(db.select(Group).where(Group.name == "Lewes Thursday Group"))
    page = reader.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert f'href="/groups/{group.slug}/report"' in page
    assert report(reader, f"/groups/{group.slug}/report", "wrong",
                  "The hall moved to Station Road").status_code == 200
    manage = text(real.get(f"/groups/{group.slug}/manage"))
    assert "Lewes Thursday Group: wrong information" in manage
    found = db.session.scalar(db.select(Report))
    assert found.meeting_id is None
    done = post(real, f"/groups/{group.slug}/reports/{found.id}/seen",
                form_url=f"/groups/{group.slug}/manage")
    assert done.status_code == 303
    assert "report from readers" not in text(real.get(f"/groups/{group.slug}/manage"))
    assert db.session.get(Report, found.id).seen_at is not None


def test_only_the_groups_own_holders_mark_its_reports_read(listed):
    real, spammer, reader, spam = listed
    report(reader, f"/groups/{spam.slug}/report")
    found = db.session.scalar(db.select(Report))
    other = db.session.scalar(db.select(Group).where(Group.name == "Lewes Thursday Group"))
    wrong = post(real, f"/groups/{other.slug}/reports/{found.id}/seen",
                 form_url=f"/groups/{other.slug}/manage")
    assert wrong.status_code == 404
    stranger = post(reader, f"/groups/{spam.slug}/reports/{found.id}/seen",
                    form_url=f"/groups/{spam.slug}/report")
    assert stranger.status_code == 403
    assert db.session.get(Report, found.id).seen_at is None


def test_a_report_needs_a_reason_and_its_token_and_a_robot_is_thanked_for_nothing(listed):
    _real, _spammer, reader, spam = listed
    url = f"/groups/{spam.slug}/report"
    missing = post(reader, url, {"note": "?"})
    assert missing.status_code == 400 and "Choose what is wrong." in text(missing)
    foreign = report(reader, url, "made_up")
    assert foreign.status_code == 400
    long = report(reader, url, note="x" * 301)
    assert long.status_code == 400
    forged = reader.post(url, data={"reason": "not_real"})
    assert forged.status_code == 400
    robot = report(reader, url, homepage="http://spam.example")
    assert robot.status_code == 200 and "Thank you" in text(robot)
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 0


def test_reports_are_rate_limited_per_address(app, listed):
    _real, _spammer, reader, spam = listed
    app.config["RATELIMIT_REPORTS"] = "3/hour"
    for _n in range(3):
        assert report(reader, f"/groups/{spam.slug}/report").status_code == 200
    refused = report(reader, f"/groups/{spam.slug}/report")
    assert refused.status_code == 429 and "Nothing was saved" in text(refused)
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 3


def test_the_operator_sees_groups_past_the_threshold_even_if_holders_marked_them_read(
        app, runner, listed):
    real, spammer, reader, spam = listed
    app.config["RATELIMIT_REPORTS"] = "100/hour"
    meeting = meeting_of(spam)
    for note in ("Advert", None, "Selling pills"):
        report(reader, f"/meetings/{meeting.slug}/report", note=note)
    other = db.session.scalar(db.select(Group).where(Group.name == "Lewes Thursday Group"))
    report(reader, f"/groups/{other.slug}/report", "wrong")
    for found in db.session.scalars(db.select(Report).where(Report.group_id == spam.id)):
        post(spammer, f"/groups/{spam.slug}/reports/{found.id}/seen",
             form_url=f"/groups/{spam.slug}/manage")
    listing = runner.invoke(args=["reports"])
    assert listing.exit_code == 0
    assert f"{spam.slug} (listed): 3 reports in 30 days (not a real meeting: 3)" in listing.output
    assert "Selling pills" in listing.output and other.slug not in listing.output
    everyone = runner.invoke(args=["reports", "--all"]).output
    assert f"{other.slug} (listed): 1 report in 30 days (wrong information: 1)" in everyone
    app.config["REPORTS_THRESHOLD"] = 10
    assert "No group has 10 or more reports" in runner.invoke(args=["reports"]).output


def public(reader, slug, meeting_slug) -> dict[str, str]:
    """What every public page and feed says, as text."""
    paths = ["/", "/meetings", "/meetings.json", "/meetings.ics", "/print",
             f"/meetings?q={meeting_slug.split('-')[0]}", f"/meetings/{meeting_slug}",
             f"/meetings/{meeting_slug}.ics", f"/groups/{slug}", f"/groups/{slug}.ics",
             f"/my-meetings?meeting={meeting_slug}", f"/my-meetings.ics?meeting={meeting_slug}",
             f"/meetings/{meeting_slug}/suggest", f"/groups/{slug}/report",
             "/embed", f"/embed?group={slug}", f"/groups/{slug}.json"]
    return {path: reader.get(path) for path in paths}


def test_a_hidden_group_is_on_no_public_page_or_feed_until_unhidden(app, runner, listed):
    _real, spammer, reader, spam = listed
    meeting = meeting_of(spam)
    before = public(reader, spam.slug, meeting.slug)
    assert all(b"Buy Now" in response.get_data() for path, response in before.items()
               if "report" not in path)
    hidden = runner.invoke(args=["hide-group", spam.slug, "--reason", "spam, 5 reports"])
    assert hidden.exit_code == 0 and "on no public page or feed" in hidden.output
    after = public(reader, spam.slug, meeting.slug)
    leaks = [path for path, response in after.items()
             if b"Buy Now" in response.get_data() or b"Cheap Pills" in response.get_data()]
    assert leaks == []
    for path in (f"/meetings/{meeting.slug}", f"/meetings/{meeting.slug}.ics",
                 f"/groups/{spam.slug}", f"/groups/{spam.slug}.ics",
                 f"/meetings/{meeting.slug}/suggest", f"/groups/{spam.slug}/report",
                 f"/embed?group={spam.slug}", f"/groups/{spam.slug}.json"):
        assert after[path].status_code == 404, path
    assert b"Thursday Hybrid" in after["/meetings"].get_data()  # the real group stays
    exported = json.loads(runner.invoke(args=["export-feed"]).output)
    assert [entry["name"] for entry in exported] == ["Thursday Hybrid"]
    manage = text(spammer.get(f"/groups/{spam.slug}/manage"))
    assert "The site's operator has hidden this group" in manage
    again = runner.invoke(args=["unhide-group", spam.slug])
    assert again.exit_code == 0 and "listed again" in again.output
    shown = public(reader, spam.slug, meeting.slug)
    assert {path: r.status_code for path, r in shown.items()} == {
        path: r.status_code for path, r in before.items()}
    assert all(b"Buy Now" in shown[path].get_data() for path in shown if "report" not in path)


def test_hiding_is_in_the_groups_history_and_its_link_holders_cannot_undo_it(runner, listed):
    _real, spammer, _reader, spam = listed
    runner.invoke(args=["hide-group", spam.slug, "--reason", "advertising"])
    history = spammer.get(f"/groups/{spam.slug}/history")
    words = text(history)
    assert "Group details: hidden from every public page and feed" in words
    assert "by the site's operator" in words and "advertising" in words
    hiding = db.session.scalar(db.select(Revision).where(Revision.action == "hidden"))
    assert f"/history/{hiding.id}/revert" not in history.get_data(as_text=True)
    undo = post(spammer, f"/groups/{spam.slug}/history/{hiding.id}/revert",
                form_url=f"/groups/{spam.slug}/history", follow_redirects=True)
    assert "Nothing was undone" in text(undo)
    db.session.expire_all()
    assert db.session.get(Group, spam.id).hidden_at is not None
    link = db.session.scalar(db.select(Revision.link_id).where(Revision.group_id == spam.id))
    assert link is not None
    undo_all = post(spammer, f"/groups/{spam.slug}/undo",
                    {"link": str(link), "since": "2026-11-01T00:00"},
                    form_url=f"/groups/{spam.slug}/undo?link={link}")
    assert undo_all.status_code == 200
    db.session.expire_all()
    assert db.session.get(Group, spam.id).hidden_at is not None
    runner.invoke(args=["unhide-group", spam.slug])
    # undoing everything retired the link it was started with: the operator gives a new one
    fresh = runner.invoke(args=["group-link", spam.slug]).output.splitlines()[0]
    assert spammer.get(fresh).status_code == 303
    assert "shown on public pages again" in text(spammer.get(f"/groups/{spam.slug}/history"))


def test_hiding_twice_or_an_unknown_group_says_so(runner, listed):
    spam = listed[3]
    assert runner.invoke(args=["unhide-group", spam.slug]).output == f"{spam.slug} is not hidden.\n"
    runner.invoke(args=["hide-group", spam.slug])
    assert "already hidden" in runner.invoke(args=["hide-group", spam.slug]).output
    unknown = runner.invoke(args=["hide-group", "no-such-group"])
    assert unknown.exit_code == 1 and "There is no group with the slug" in unknown.output
    assert db.session.scalar(db.select(db.func.count(Revision.id)).where(
        Revision.action == "hidden")) == 1


def test_new_groups_are_capped_per_day_for_the_whole_site(app, at, make_group):
    app.config["GROUPS_PER_DAY"] = 2
    at(MORNING)
    make_group(name="Imported from a feed")  # imports do not count
    for n in range(2):
        start_group(app.test_client(), group_name=f"Group {n}")
    stranger = app.test_client()
    full = stranger.get("/groups/new")
    assert full.status_code == 429 and "at most 2 new groups a day" in text(full)
    slug = db.session.scalar(db.select(Group.slug).where(Group.name == "Group 0"))
    refused = post(app.test_client(), "/groups/new", {**FIRST_MEETING, "group_name": "Third"},
                   form_url=f"/groups/{slug}/report")
    assert refused.status_code == 429 and "Nothing was saved" in text(refused)
    assert db.session.scalar(db.select(db.func.count(Group.id))) == 3
    at(MORNING + timedelta(days=1, minutes=1))
    start_group(stranger, group_name="Tomorrow's group")
    assert db.session.scalar(db.select(Group.id).where(Group.name == "Tomorrow's group"))
