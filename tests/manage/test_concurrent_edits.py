"""Two people saving one thing at the same instant: one is saved, the other sees the conflict.

Each pair is two phones that loaded the same form (the same revision) and send it back at
the same moment, through gunicorn with several workers and through the threaded dev server
that `make run` starts. Exactly one is acknowledged (303) and the other gets the conflict
page (409); what is stored is what the acknowledged one sent; never both.
"""

import re
from collections import Counter

import pytest
from phones import changed, start_group, together, value_of
from servers import dev_server, gunicorn, running

from meetings.core.database import db
from meetings.directory.models import Group, Meeting
from meetings.directory.occurrences import DateChange, GroupEvent
from meetings.manage.models import Revision
from meetings.rotation.models import ServiceRole, Term, Volunteer

#: pairs of simultaneous saves of a meeting's notes, on each server
PAIRS = 30
#: pairs for each of the other forms that carry a revision
FEWER = 8
FIELD_SAVED = {"meeting": (Meeting, "notes"), "event": (GroupEvent, "notes"),
               "role": (ServiceRole, "duties"), "volunteer": (Volunteer, "private_note")}


@pytest.fixture(scope="module", params=["gunicorn", "dev server"])
def server(request, database_url, tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "server.log"
    if request.param == "gunicorn":
        made = gunicorn(database_url, log, workers=4)
    else:
        made = dev_server(database_url, log)
    with running(made):
        yield made


@pytest.fixture
def phones(app, server):
    """A group started on the server from one phone, its link opened on a second; its slug."""
    group = start_group(server.url)
    return group.holder(server.url), group.holder(server.url), group.slug


def race(phones, url: str, field: str, values: tuple[str, str]):
    """Both phones load the form, then save it at once; their answers and what they sent."""
    first, second, _slug = phones
    forms = [first.form(url, having="revision"), second.form(url, having="revision")]
    assert value_of(forms[0], "revision") == value_of(forms[1], "revision")
    sendings = [phone.start_post(url, changed(form, **{field: value}))
                for phone, form, value in zip((first, second), forms, values, strict=True)]
    return together(sendings)


def stored(model, row_id, field):
    db.session.expire_all()
    return getattr(db.session.get(model, row_id), field)


def outcome(answers) -> tuple[int, ...]:
    return tuple(sorted(answer.status for answer in answers))


def run_pairs(phones, url, field, pairs, read, value_for=None, after=None,
              says=("Someone changed this meanwhile",)):
    """Race `pairs` pairs: one saved and what is stored, one refused; the revisions added.

    The refused one's page says why, and shows their own text, ready to apply again.
    """
    outcomes, lost = Counter(), []
    revisions = db.session.scalar(db.select(db.func.count(Revision.id)))
    for n in range(pairs):
        values = value_for(n) if value_for else (f"pair {n}: first", f"pair {n}: second")
        answers = race(phones, url, field, values)
        outcomes[outcome(answers)] += 1
        saved = [value for value, answer in zip(values, answers, strict=True)
                 if answer.status == 303]
        if len(saved) == 1 and read() != saved[0]:
            lost.append((n, saved[0], read()))
        for value, answer in zip(values, answers, strict=True):
            if answer.status == 409:
                assert any(words in answer.body for words in says)
                assert value_for or value in answer.body
        if after:
            after()
    assert outcomes == {(303, 409): pairs}, outcomes
    assert lost == []
    added = db.session.scalar(db.select(db.func.count(Revision.id))) - revisions
    return added


def test_one_of_two_simultaneous_saves_of_a_meeting_wins(phones):
    meeting = db.session.scalar(db.select(Meeting))
    url = f"/groups/{phones[2]}/meetings/{meeting.id}/edit"
    added = run_pairs(phones, url, "notes", PAIRS, lambda: stored(Meeting, meeting.id, "notes"))
    assert added == PAIRS


def test_one_of_two_simultaneous_saves_of_the_group_wins(phones):
    group = db.session.scalar(db.select(Group))
    url = f"/groups/{group.slug}/edit"
    added = run_pairs(phones, url, "description", FEWER,
                      lambda: stored(Group, group.id, "description"))
    assert added == FEWER


@pytest.mark.parametrize("kind", ["event", "role", "volunteer"])
def test_one_of_two_simultaneous_saves_of_an_event_or_the_roster_wins(phones, kind):
    first, _second, slug = phones
    url = make(first, slug, kind)
    model, field = FIELD_SAVED[kind]
    row = db.session.scalar(db.select(model))
    added = run_pairs(phones, url, field, FEWER, lambda: stored(model, row.id, field))
    assert added == FEWER


def test_one_of_two_people_taking_one_seat_at_once_wins(phones):
    first, _second, slug = phones
    make(first, slug, "role")
    people = [make(first, slug, "volunteer", name) for name in ("Sam K.", "Alex P.")]
    role = db.session.scalar(db.select(ServiceRole))
    roster = first.get(f"/groups/{slug}/roster").body
    url = re.search(rf'href="(/groups/{slug}/roster/{role.id}/[\d-]+/1)', roster).group(1)
    ids = [str(db.session.scalar(db.select(Volunteer.id).where(Volunteer.name == name)))
           for name in ("Sam K.", "Alex P.")]
    assert first.post(url, changed(first.form(url), volunteer=ids[0])).status == 303
    term_id = db.session.scalar(db.select(Term.id))
    release = f"/groups/{slug}/roster/terms/{term_id}/release"

    def open_again():
        assert first.post(release, first.form(release)).status == 303

    open_again()
    added = run_pairs(phones, url, "volunteer", FEWER,
                      lambda: str(stored(Term, term_id, "volunteer_id")),
                      value_for=lambda n: tuple(ids), after=open_again,
                      says=("has already taken this seat", "Someone else has just changed"))
    assert added == 2 * FEWER and len(people) == 2


def make(phone, slug, kind, name="Sam K."):
    """Add an event, a role or a volunteer through its form; the address of its edit form."""
    new = {"event": f"/groups/{slug}/events/new", "role": f"/groups/{slug}/roster/roles/new",
           "volunteer": f"/groups/{slug}/roster/volunteers"}[kind]
    values = {"event": {"title": "Business meeting", "date": "2027-01-07", "start_time": "18:00",
                        "length": "60", "timezone": "Europe/London", "attendance": "online",
                        "conference_url": "https://meet.example.org/business"},
              "role": {"title": "Secretary", "term_unit": "month", "term_length": "6",
                       "seats": "1", "starts_on": "2027-01-01"},
              "volunteer": {"name": name}}[kind]
    done = phone.post(new, changed(phone.form(new, having=next(iter(values))), **values))
    assert done.status == 303, done.body[-800:]
    model = FIELD_SAVED[kind][0]
    row_id = db.session.scalar(db.select(db.func.max(model.id)))
    return {"event": f"/groups/{slug}/events/{row_id}/edit",
            "role": f"/groups/{slug}/roster/roles/{row_id}/edit",
            "volunteer": f"/groups/{slug}/roster/volunteers/{row_id}"}[kind]


def test_two_people_changing_one_date_at_once_are_both_answered_and_recorded(phones):
    """A date's form shows no revision: as one after the other, the later one is kept."""
    first, second, slug = phones
    both = (first, second)
    meeting = db.session.scalar(db.select(Meeting))
    dates = f"/groups/{slug}/meetings/{meeting.id}/dates"
    day = re.search(r'href="[^"]*/dates/(\d{4}-\d\d-\d\d)"', first.get(dates).body).group(1)
    url = f"{dates}/{day}"  # the coming date both tapped
    made, taken_back = Counter(), Counter()
    for n in range(FEWER):
        forms = [phone.form(url, having="note") for phone in both]
        notes = [f"{n}: first", f"{n}: second"]
        sendings = [phone.start_post(url, changed(form, note=note, status="cancelled"))
                    for phone, form, note in zip(both, forms, notes, strict=True)]
        made[outcome(together(sendings))] += 1
        assert stored_dates(meeting) in ([notes[0]], [notes[1]])
        back = re.search(r'action="(/groups/[^"]+/take-back)"', first.get(dates).body).group(1)
        forms = [phone.form(dates) for phone in both]  # any of its forms carries the token
        taken_back[outcome(together([phone.start_post(back, form)
                                     for phone, form in zip(both, forms, strict=True)]))] += 1
        assert stored_dates(meeting) == []
    assert made == {(303, 303): FEWER}
    # The later one finds the date held as usual already: done, or no longer there to take back.
    assert set(taken_back) <= {(303, 303), (303, 404)}
    actions = db.session.scalars(db.select(Revision.action).where(Revision.subject == "date"))
    assert Counter(actions) == {"created": FEWER, "updated": FEWER, "removed": FEWER}


def stored_dates(meeting) -> list[str]:
    db.session.expire_all()
    return [change.note for change in db.session.scalars(
        db.select(DateChange).where(DateChange.meeting_id == meeting.id))]
