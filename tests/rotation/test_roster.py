"""The roster: coming terms from real dates; take, release, stand-ins, swaps; names kept private."""

import re
from datetime import UTC, date, datetime

import pytest
from holders import LINK, join, post, text
from rostering import NAMES, add_role, add_volunteer, started, take, take_url, term

from meetings.core.database import db
from meetings.directory.models import Meeting
from meetings.directory.occurrences import DateChange
from meetings.manage.models import Revision
from meetings.rotation.models import Term, Volunteer

_d = date.fromisoformat
_dt = datetime.fromisoformat


def _aware(value):
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@pytest.fixture
def group(client, at):
    """A group meeting on Thursdays, with a chair for each meeting, coffee, a GSR, 4 members."""
    slug, meeting = started(client, at)
    roles = {
        "chair": add_role(client, slug, "Chair", unit="meeting", starts_on="2026-12-01"),
        "coffee": add_role(client, slug, "Coffee", length=3, seats=2, starts_on="2026-10-01"),
        "gsr": add_role(client, slug, "GSR", unit="year", length=2, combinable=False),
    }
    people = {name: add_volunteer(client, slug, name) for name in NAMES}
    return slug, meeting, roles, people


def test_terms_follow_the_meetings_real_dates_and_term_lengths(client, group):
    slug, meeting, roles, people = group
    db.session.add_all([
        DateChange(meeting_id=meeting.id, date=_d("2026-12-24"), status="cancelled"),
        DateChange(meeting_id=meeting.id, date=_d("2026-12-31"), status="moved",
                   moved_start=_dt("2026-12-30 18:30"), moved_end=_dt("2026-12-30 19:30"))])
    db.session.commit()
    page = text(client.get(f"/groups/{slug}/roster"))
    assert page.startswith("Service roster of Lewes Thursday Group")
    assert "Thursday, December 3, 2026, 7:00 PM open" in page
    assert "Thursday, December 24, 2026, 7:00 PM not held that day" in page
    assert "Wednesday, December 30, 2026, 6:30 PM open" in page  # moved a day earlier
    assert "Oct 1 – Dec 31, 2026 · seat 1 open" in page and "seat 2 open" in page
    assert "Jan 1 – Mar 31, 2027 · seat 1 open" in page  # always the next term too
    assert "GSR Term: 2 years · not combined with another role" in page
    # a cancelled date cannot be taken
    refused = take(client, slug, roles["chair"], "2026-12-24", people["Sam K."])
    assert refused.status_code == 409 and "The meeting is not held on that day." in text(refused)


def test_a_member_takes_a_term_from_the_suggestions_and_confirms(client, group):
    slug, _meeting, roles, people = group
    roster = client.get(f"/groups/{slug}/roster")
    assert roster.headers["Cache-Control"] == "no-store"
    suggested = re.search(r"December 3, 2026, 7:00 PM open Could take it: (.+?) Put a name",
                          text(roster)).group(1)
    names = re.split(r"\s*,\s*", suggested)
    assert sorted(names) == sorted(NAMES[:3]) or len(names) == 3  # three names, nothing else
    assert not re.search(r"\d", suggested)  # never a count, score or rank
    first = next(p for p in people.values() if p.name == names[0])
    page = client.get(take_url(slug, roles["chair"], "2026-12-03") + f"?volunteer={first.id}")
    assert f'<option selected value="{first.id}">' in page.get_data(as_text=True)
    assert "Who could take it, in the order to ask" in text(page)
    response = take(client, slug, roles["chair"], "2026-12-03", first)
    assert response.status_code == 303
    assert f"{first.name}: Chair, Thursday, December 3, 2026. Thank you for serving." in text(
        client.get(f"/groups/{slug}/roster"))
    assert term(roles["chair"], "2026-12-03").volunteer_id == first.id
    # next week the same person comes last: everyone else never held it
    week = text(client.get(f"/groups/{slug}/roster"))
    nxt = re.search(r"December 10, 2026, 7:00 PM open Could take it: (.+?) Put", week).group(1)
    assert first.name not in nxt
    arabic = client.get(f"/groups/{slug}/roster?lang=ar").get_data(as_text=True)
    assert f'<strong class="holder"><bdi>{first.name}</bdi></strong>' in arabic  # "K." stays "K."


def test_bad_input_is_refused_with_a_clear_message(app, client, group, at):
    slug, _meeting, roles, people = group
    sam, alex = people["Sam K."], people["Alex P."]
    running = take(client, slug, roles["coffee"], "2026-10-01", sam, seat=1)
    assert running.status_code == 303  # the term running now can still be taken
    twice = take(client, slug, roles["coffee"], "2026-10-01", sam, seat=2)
    assert twice.status_code == 409
    assert ("Sam K. already holds this role then: Coffee (seat 1), Oct 1 – Dec 31, 2026."
            in text(twice))
    assert take(client, slug, roles["gsr"], "2027-01-01", alex).status_code == 303
    assert take(client, slug, roles["coffee"], "2027-01-01", alex).status_code == 409
    blocked = text(take(client, slug, roles["coffee"], "2027-01-01", alex))
    assert "Alex P. holds GSR, Jan 1, 2027 – Dec 31, 2028 then, which is not combined" in blocked
    combined = text(take(client, slug, roles["gsr"], "2027-01-01", sam))
    assert "Alex P. has already taken this seat." in combined
    taken = take(client, slug, roles["coffee"], "2026-10-01", alex, seat=1)
    assert "Sam K. has already taken this seat." in text(taken)
    assert client.get(take_url(slug, roles["chair"], "2026-12-02")).status_code == 404  # Wed
    assert client.get(take_url(slug, roles["chair"], "not-a-date")).status_code == 404
    at(_aware("2026-12-04 09:00"))
    past = take(client, slug, roles["chair"], "2026-12-03", sam)
    assert past.status_code == 409
    assert "This term is over: it ended on Thursday, December 3, 2026." in text(past)
    assert term(roles["chair"], "2026-12-03") is None


def test_away_days_are_respected_and_can_be_overridden_knowingly(client, group):
    slug, _meeting, roles, people = group
    jo = people["Jo M."]
    post(client, f"/groups/{slug}/roster/volunteers/{jo.id}/away",
         {"first_day": "2026-12-09", "last_day": "2026-12-12"},
         form_url=f"/groups/{slug}/roster/volunteers/{jo.id}")
    roster = text(client.get(f"/groups/{slug}/roster"))
    week = re.search(r"December 10, 2026, 7:00 PM open Could take it: (.+?) Put", roster)
    assert "Jo M." not in week.group(1)
    warned = take(client, slug, roles["chair"], "2026-12-10", jo)
    assert warned.status_code == 409
    assert "Jo M. is away Dec 9 – 12, 2026, during this term." in text(warned)
    assert "Take it anyway" in text(warned) and term(roles["chair"], "2026-12-10") is None
    done = take(client, slug, roles["chair"], "2026-12-10", jo, anyway="y")
    assert done.status_code == 303 and term(roles["chair"], "2026-12-10").volunteer_id == jo.id


def test_releasing_someone_elses_term_is_allowed_said_and_undoable(client, group):
    slug, _meeting, roles, people = group
    take(client, slug, roles["chair"], "2026-12-03", people["Chris B."])
    held = term(roles["chair"], "2026-12-03")
    url = f"/groups/{slug}/roster/terms/{held.id}/release"
    confirm = text(client.get(url))
    assert "Chris B. holds this term. Releasing it opens the seat for someone else." in confirm
    assert "it is kept in the history, where any link holder can undo it" in confirm
    response = post(client, url, {"reason": "Chris is unwell"})
    assert response.status_code == 303
    assert ("Chair, Thursday, December 3, 2026 is open again: Chris B. no longer holds it."
            in text(client.get(f"/groups/{slug}/roster")))
    assert term(roles["chair"], "2026-12-03").volunteer_id is None
    history = text(client.get(f"/groups/{slug}/history"))
    assert ("Chair, Thursday, December 3, 2026: released volunteer changed from Chris B. to "
            "nothing status changed from taken to open") in history
    assert "reason: Chris is unwell" in history
    released = db.session.scalar(db.select(Revision).order_by(Revision.id.desc()))
    post(client, f"/groups/{slug}/history/{released.id}/revert",
         form_url=f"/groups/{slug}/history")
    assert term(roles["chair"], "2026-12-03").volunteer_id == people["Chris B."].id


def test_a_stand_in_steps_in_and_the_seat_keeps_its_calendar_identity(client, group):
    slug, _meeting, roles, people = group
    take(client, slug, roles["chair"], "2026-12-10", people["Sam K."])
    held = term(roles["chair"], "2026-12-10")
    roster = f"/groups/{slug}/roster"
    post(client, f"/groups/{slug}/roster/terms/{held.id}/standin", form_url=roster)
    page = text(client.get(roster))
    assert "Thursday, December 10, 2026, 7:00 PM Sam K. stand-in wanted" in page
    assert "Step in" in page
    own = take(client, slug, roles["chair"], "2026-12-10", people["Sam K."])
    assert "holds this term already and asked for a stand-in" in text(own)
    stepped = take(client, slug, roles["chair"], "2026-12-10", people["Jo M."])
    assert stepped.status_code == 303
    after = term(roles["chair"], "2026-12-10")
    assert (after.id, after.uid, after.volunteer_id, after.status) == (
        held.id, held.uid, people["Jo M."].id, "filled")
    assert "taken over by a stand-in" in text(client.get(f"/groups/{slug}/history"))
    post(client, f"/groups/{slug}/roster/terms/{held.id}/standin", form_url=roster)
    post(client, f"/groups/{slug}/roster/terms/{held.id}/keep", form_url=roster)
    assert term(roles["chair"], "2026-12-10").status == "filled"


def test_two_members_swap_terms_when_both_can(client, group):
    slug, _meeting, roles, people = group
    sam, jo, alex = people["Sam K."], people["Jo M."], people["Alex P."]
    take(client, slug, roles["chair"], "2026-12-03", sam)
    take(client, slug, roles["chair"], "2026-12-10", jo)
    first, second = term(roles["chair"], "2026-12-03"), term(roles["chair"], "2026-12-10")
    url = f"/groups/{slug}/roster/terms/{first.id}/swap"
    assert "Chair, Thursday, December 10, 2026 — Jo M." in text(client.get(url))
    assert post(client, url, {"other": str(second.id)}).status_code == 303
    assert (term(roles["chair"], "2026-12-03").volunteer_id,
            term(roles["chair"], "2026-12-10").volunteer_id) == (jo.id, sam.id)
    take(client, slug, roles["gsr"], "2027-01-01", alex)
    take(client, slug, roles["coffee"], "2027-01-01", jo)
    take(client, slug, roles["chair"], "2027-01-07", jo)
    coffee, gsr = term(roles["coffee"], "2027-01-01"), term(roles["gsr"], "2027-01-01")
    refused = post(client, f"/groups/{slug}/roster/terms/{coffee.id}/swap",
                   {"other": str(gsr.id)})
    assert refused.status_code == 409
    assert ("GSR is not combined with another role, and Jo M. holds Chair, Thursday, January 7, "
            "2027 then." in text(refused))
    assert term(roles["gsr"], "2027-01-01").volunteer_id == alex.id


def test_two_devices_taking_one_seat_at_once_never_both_win(app, client, group):
    slug, _meeting, roles, people = group
    other = app.test_client()
    fresh = app.test_cli_runner().invoke(args=["group-link", slug, "--name", "second phone"])
    join(other, fresh.stdout.splitlines()[0])
    url = take_url(slug, roles["chair"], "2026-12-17")
    assert take(other, slug, roles["chair"], "2026-12-17", people["Jo M."]).status_code == 303
    late = post(client, url, {"volunteer": str(people["Sam K."].id), "revision": "0"})
    assert late.status_code == 409 and "Jo M. has already taken this seat." in text(late)
    held = term(roles["chair"], "2026-12-17")
    post(other, f"/groups/{slug}/roster/terms/{held.id}/release")
    seen = re.search(r'name="revision" type="hidden" value="(\d+)"', client.get(url).text)[1]
    take(other, slug, roles["chair"], "2026-12-17", people["Alex P."])
    stale = post(client, url, {"volunteer": str(people["Sam K."].id), "revision": seen})
    assert stale.status_code == 409
    assert "Alex P. has already taken this seat." in text(stale)
    assert term(roles["chair"], "2026-12-17").volunteer_id == people["Alex P."].id


def test_only_link_holders_see_the_roster(app, client, group):
    slug, _meeting, roles, people = group
    stranger = app.test_client()
    sam = people["Sam K."]
    take(client, slug, roles["chair"], "2026-12-03", sam)
    held = term(roles["chair"], "2026-12-03")
    for url in (f"/groups/{slug}/roster", f"/groups/{slug}/roster/roles",
                f"/groups/{slug}/roster/volunteers", f"/groups/{slug}/roster/volunteers/{sam.id}",
                f"/groups/{slug}/roster/business", f"/groups/{slug}/roster/served",
                f"/groups/{slug}/roster/calendars", take_url(slug, roles["chair"], "2026-12-10"),
                f"/groups/{slug}/roster/terms/{held.id}/release",
                f"/groups/{slug}/roster/terms/{held.id}/swap"):
        page = stranger.get(url)
        assert page.status_code == 403, url
        assert "Sam K." not in page.get_data(as_text=True)
    sneaky = post(stranger, f"/groups/{slug}/roster/terms/{held.id}/release",
                  form_url="/groups/new")
    assert sneaky.status_code == 403 and term(roles["chair"], "2026-12-03").volunteer_id == sam.id


def test_names_never_leave_the_pages_for_link_holders(app, client, group):
    slug, meeting, roles, people = group
    add_volunteer(client, slug, "Zebedee Q.", private_note="ring 07700 900123")
    take(client, slug, roles["chair"], "2026-12-03", people["Sam K."])
    take(client, slug, roles["coffee"], "2026-10-01", people["Jo M."])
    anyone = app.test_client()
    page = text(anyone.get(f"/groups/{slug}"))
    assert "Service: open seats" in page
    assert "Chair — needs someone from Thursday, December 10, 2026" in page
    assert "Coffee — needs someone now" in page
    assert "GSR — needs someone from January 2027" in page
    assert "ask at the meeting for the group link" in page
    for url in (f"/groups/{slug}", "/meetings.json", "/meetings.ics", f"/groups/{slug}.ics",
                f"/meetings/{meeting.slug}", f"/meetings/{meeting.slug}.ics", "/meetings",
                "/", "/print", f"/my-meetings?meeting={meeting.slug}"):
        for device in (anyone, client):
            response = device.get(url)
            assert response.status_code == 200, url
            body = response.get_data(as_text=True)
            for name in (*NAMES, "Zebedee", "07700"):
                assert name not in body, (url, name)


def test_every_roster_change_is_recorded_and_can_be_undone(client, group):
    slug, _meeting, roles, people = group
    sam = people["Sam K."]
    take(client, slug, roles["chair"], "2026-12-03", sam)
    post(client, f"/groups/{slug}/roster/volunteers/{sam.id}/away",
         {"first_day": "2027-02-01", "last_day": "2027-02-07"},
         form_url=f"/groups/{slug}/roster/volunteers/{sam.id}")
    post(client, f"/groups/{slug}/roster/calendars", {"whose": str(sam.id)})
    kinds = {"role", "volunteer", "term", "away", "feed"}
    recorded = db.session.scalars(db.select(Revision).where(Revision.subject.in_(kinds))
                                  .order_by(Revision.id.desc()))
    recorded = list(recorded)
    assert {r.subject for r in recorded} == kinds
    for revision in recorded:
        response = post(client, f"/groups/{slug}/history/{revision.id}/revert",
                        form_url=f"/groups/{slug}/history")
        assert response.status_code == 303
    assert db.session.scalar(db.select(db.func.count(Volunteer.id)).where(
        Volunteer.removed_at.is_(None))) == 0
    assert db.session.scalar(db.select(Term.volunteer_id)) is None
    page = text(client.get(f"/groups/{slug}/roster"))
    assert "The group has no service roles yet." in page
    history = text(client.get(f"/groups/{slug}/history"))
    assert "Volunteer “Sam K.”: removed" in history and "Role “Chair”: removed" in history
    assert "Sam K. away Monday, February 1, 2027 to Sunday, February 7, 2027: removed" in history
    assert "Service calendar of Sam K.: revoked" in history


def test_undoing_cannot_bring_back_a_name_now_used_by_someone_else(client, group):
    slug, _meeting, _roles, people = group
    jo = people["Jo M."]
    post(client, f"/groups/{slug}/roster/volunteers/{jo.id}/remove",
         form_url=f"/groups/{slug}/roster/volunteers/{jo.id}")
    removal = db.session.scalar(db.select(Revision).order_by(Revision.id.desc()))
    add_volunteer(client, slug, "jo m.")
    post(client, f"/groups/{slug}/history/{removal.id}/revert", form_url=f"/groups/{slug}/history")
    assert "Nothing was undone" in text(client.get(f"/groups/{slug}/history"))
    db.session.refresh(jo)
    assert jo.removed_at is not None


def test_a_second_device_sees_a_link_is_needed(app, client, group):
    slug, *_rest = group
    made = post(client, f"/groups/{slug}/links", {"name": "treasurer"})
    device = app.test_client()
    join(device, LINK.search(made.text).group(1))
    assert device.get(f"/groups/{slug}/roster").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


def test_a_seat_changed_while_the_form_was_open_is_not_overwritten(app, client, group,
                                                                    monkeypatch):
    from meetings.rotation import roster as roster_module
    from meetings.rotation import terms as terms_module

    slug, _meeting, roles, people = group
    other = app.test_client()
    fresh = app.test_cli_runner().invoke(args=["group-link", slug, "--name", "second phone"])
    join(other, fresh.stdout.splitlines()[0])
    url = take_url(slug, roles["chair"], "2026-12-24")
    # Both see the seat open with no row yet; the other phone saves first.
    stale = terms_module.find(roles["chair"], 1, _d("2026-12-24"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text)[1]
    assert take(other, slug, roles["chair"], "2026-12-24", people["Jo M."]).status_code == 303
    real = roster_module.owned_slot
    calls = []

    def first_stale(*args):
        calls.append(args)
        return stale if len(calls) == 1 else real(*args)

    monkeypatch.setattr(roster_module, "owned_slot", first_stale)
    late = client.post(url, data={"volunteer": str(people["Sam K."].id), "revision": "0",
                                  "csrf_token": token})
    assert late.status_code == 409
    assert "Someone else has just changed this seat. Here it is as it is now." in text(late)
    assert term(roles["chair"], "2026-12-24").volunteer_id == people["Jo M."].id
    monkeypatch.setattr(roster_module, "owned_slot", real)
    # A released seat: both see it open; the other phone takes it and lets it go again.
    held = term(roles["chair"], "2026-12-24")
    post(other, f"/groups/{slug}/roster/terms/{held.id}/release")
    seen = re.search(r'name="revision" type="hidden" value="(\d+)"', client.get(url).text)[1]
    take(other, slug, roles["chair"], "2026-12-24", people["Alex P."])
    post(other, f"/groups/{slug}/roster/terms/{held.id}/release")
    again = post(client, url, {"volunteer": str(people["Sam K."].id), "revision": seen})
    assert again.status_code == 409 and "Someone else has just changed this seat" in text(again)
    assert term(roles["chair"], "2026-12-24").volunteer_id is None


def test_terms_ending_soon_and_open_seats_stand_out(client, group, at):
    slug, _meeting, roles, people = group
    take(client, slug, roles["coffee"], "2026-10-01", people["Sam K."], seat=1)
    at(_aware("2026-12-05 09:00"))
    page = client.get(f"/groups/{slug}/roster")
    assert "Oct 1 – Dec 31, 2026 · seat 1 Sam K. ends Thursday, December 31, 2026" in text(page)
    body = page.get_data(as_text=True)
    assert body.count('<li class="term filled soon">') == 1
    assert body.count('<span class="badge open">open</span>') >= 2
    at(_aware("2026-12-01 09:00"))
    assert '<li class="term filled soon">' not in client.get(f"/groups/{slug}/roster").text


def test_a_term_served_stays_served(client, group, at):
    slug, _meeting, roles, people = group
    take(client, slug, roles["chair"], "2026-12-03", people["Sam K."])
    held = term(roles["chair"], "2026-12-03")
    at(_aware("2026-12-05 09:00"))
    url = f"/groups/{slug}/roster/terms/{held.id}/release"
    assert client.get(url).status_code == 303
    assert "This term is over: it stays in the record of who served." in text(
        client.get(f"/groups/{slug}/roster"))
    post(client, url, form_url=f"/groups/{slug}/roster/volunteers")
    assert client.get(f"/groups/{slug}/roster/terms/{held.id}/swap").status_code == 404
    assert term(roles["chair"], "2026-12-03").volunteer_id == people["Sam K."].id


def test_a_term_over_by_today_still_counts_against_an_overlapping_seat(client, group, at):
    """The roster follows the suggestion rule: taking the GSR term running since January 1
    would make Alex chair of January 7 and GSR at once, though that chair term is over."""
    slug, _meeting, roles, people = group
    alex = people["Alex P."]
    assert take(client, slug, roles["chair"], "2027-01-07", alex).status_code == 303
    at(datetime(2027, 1, 20, 9, tzinfo=UTC))
    refused = take(client, slug, roles["gsr"], "2027-01-01", alex)
    assert refused.status_code == 409
    assert ("GSR is not combined with another role, and Alex P. holds Chair, Thursday, "
            "January 7, 2027") in text(refused)
    assert term(roles["gsr"], "2027-01-01") is None
