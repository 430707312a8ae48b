"""The rotation rule: term arithmetic and suggestions, by example, by property, and a year."""

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.core.database import db
from meetings.directory.occurrences import DateChange
from meetings.manage import changes
from meetings.rotation import rules as rotation
from meetings.rotation import seating, terms
from meetings.rotation.models import Away, ServiceRole, Volunteer
from meetings.rotation.rules import Candidate, Held, Opening, Period

D = date.fromisoformat


def test_months_keep_their_day_or_the_last_one_without_drifting():
    assert rotation.add_months(D("2027-01-31"), 1) == D("2027-02-28")
    assert rotation.add_months(D("2027-01-31"), 2) == D("2027-03-31")
    assert rotation.add_months(D("2028-01-31"), 1) == D("2028-02-29")
    found = rotation.periods(D("2027-01-31"), "month", 1, D("2027-02-15"), D("2027-04-01"))
    assert found == [Period(D("2027-01-31"), D("2027-02-27")),
                     Period(D("2027-02-28"), D("2027-03-30")),
                     Period(D("2027-03-31"), D("2027-04-29"))]


def test_terms_begin_at_the_anchor_and_follow_back_to_back():
    assert rotation.periods(D("2027-01-01"), "year", 2, D("2026-06-01"), D("2029-01-01")) == [
        Period(D("2027-01-01"), D("2028-12-31")), Period(D("2029-01-01"), D("2030-12-31"))]
    weeks = rotation.periods(D("2027-01-01"), "week", 4, D("2027-01-20"), D("2027-02-26"))
    assert weeks == [Period(D("2027-01-01"), D("2027-01-28")),
                     Period(D("2027-01-29"), D("2027-02-25")),
                     Period(D("2027-02-26"), D("2027-03-25"))]


anchors = st.dates(date(2020, 1, 1), date(2030, 12, 31))
units = st.sampled_from(["week", "month", "year"])


@settings(deadline=None)
@given(anchors, units, st.integers(1, 24), st.integers(0, 2000), st.integers(0, 400))
def test_terms_cover_every_day_from_the_anchor_once(anchor, unit, length, offset, span):
    first = anchor + timedelta(days=offset - 200)
    last = first + timedelta(days=span)
    found = rotation.periods(anchor, unit, length, first, last)
    covered_from = max(first, anchor)
    if covered_from > last:
        assert found == []
        return
    assert found[0].contains(covered_from) and found[-1].contains(last)
    for before, after in zip(found, found[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    for period in found:
        index = rotation.term_index(anchor, unit, length, period.start)
        assert rotation.term_start(anchor, unit, length, index) == period.start


def test_short_terms_allow_no_day_away_and_long_ones_a_quarter_not_the_start():
    chair = Period(D("2027-03-04"), D("2027-03-04"))
    assert not rotation.available([Period(D("2027-03-01"), D("2027-03-04"))], chair)
    assert rotation.available([Period(D("2027-03-05"), D("2027-03-09"))], chair)
    month = Period(D("2027-03-01"), D("2027-03-31"))
    assert not rotation.available([Period(D("2027-03-20"), D("2027-03-21"))], month)
    year = Period(D("2027-01-01"), D("2027-12-31"))
    assert rotation.available([Period(D("2027-08-01"), D("2027-08-21"))], year)
    assert not rotation.available([Period(D("2026-12-20"), D("2027-01-02"))], year)
    assert not rotation.available([Period(D("2027-02-01"), D("2027-06-30"))], year)


def test_never_held_first_then_longest_since_then_lightest_load():
    spring = Period(D("2027-04-01"), D("2027-06-30"))
    opening = Opening(1, spring, key="coffee:1:2027-04-01")
    people = [
        Candidate(1, held=(Held(1, Period(D("2027-01-01"), D("2027-03-31"))),)),  # just now
        Candidate(2, held=(Held(1, Period(D("2026-01-01"), D("2026-03-31"))),)),  # long ago
        Candidate(3, held=(Held(2, spring), Held(3, spring))),  # never, two other roles
        Candidate(4, held=(Held(2, spring),)),  # never, one other role
        Candidate(5, away=(Period(D("2027-04-01"), D("2027-04-02")),)),  # away as it starts
        Candidate(6, declined=frozenset({1})),
        Candidate(7, held=(Held(9, spring, combinable=False),)),  # holds a GSR-like role
    ]
    assert [c.id for c in rotation.suggest(opening, people)] == [4, 3, 2, 1]
    assert rotation.blocked(people[4], opening) == "away"
    assert rotation.blocked(people[5], opening) == "declined"
    assert rotation.blocked(people[6], opening) == "combined"
    gsr = Opening(9, spring, combinable=False)
    assert sorted(c.id for c in rotation.suggest(gsr, people)) == [1, 2, 6]  # none held it


def test_ties_are_broken_at_random_but_the_same_way_for_the_same_term():
    people = [Candidate(i) for i in range(1, 9)]
    first = Opening(1, Period(D("2027-01-07"), D("2027-01-07")), key="1:1:2027-01-07")
    second = Opening(1, Period(D("2027-01-14"), D("2027-01-14")), key="1:1:2027-01-14")
    order = [c.id for c in rotation.suggest(first, people)]
    assert order == [c.id for c in rotation.suggest(first, list(reversed(people)))]
    assert order != [c.id for c in rotation.suggest(second, people)]


# Properties of the rule, over random groups.
DAY0 = date(2027, 1, 1)
days = st.integers(0, 500).map(lambda n: DAY0 + timedelta(days=n))
spans = st.builds(lambda start, n: Period(start, start + timedelta(days=n)), days,
                  st.sampled_from([0, 0, 6, 27, 30, 90, 180, 364]))
helds = st.builds(Held, st.integers(1, 4), spans, st.booleans())
profiles = st.tuples(st.lists(spans, max_size=3), st.lists(helds, max_size=5),
                     st.frozensets(st.integers(1, 4), max_size=2))
groups = st.lists(profiles, max_size=12).map(lambda found: [
    Candidate(i + 1, tuple(away), tuple(held), declined)
    for i, (away, held, declined) in enumerate(found)])
openings = st.builds(Opening, st.integers(1, 4), spans, st.booleans(), st.text(max_size=6))


@settings(max_examples=300, deadline=None)
@given(openings, groups, st.randoms(use_true_random=False))
def test_the_rule_suggests_exactly_who_can_serve_in_its_order(opening, people, shuffler):
    found = rotation.suggest(opening, people)
    able = [c for c in people if rotation.blocked(c, opening) is None]
    assert sorted(c.id for c in found) == sorted(c.id for c in able)  # all who can, only them
    for person in found:
        assert rotation.available(person.away, opening.period)
        assert opening.role not in person.declined
        during = [h for h in person.held if h.period.overlaps(opening.period)]
        assert all(h.role != opening.role for h in during)
        if not opening.combinable:
            assert during == []
        assert all(h.combinable for h in during)
    keys = [rotation.order_key(c, opening) for c in found]
    assert keys == sorted(keys)
    never = [rotation.since_held(c, opening) == rotation.NEVER for c in found]
    assert never == sorted(never, reverse=True)  # who never held it comes first
    since = [rotation.since_held(c, opening) for c in found if not never[found.index(c)]]
    assert since == sorted(since, reverse=True)  # then longest since
    shuffled = list(people)
    shuffler.shuffle(shuffled)
    assert [c.id for c in rotation.suggest(opening, shuffled)] == [c.id for c in found]


@settings(deadline=None)
@given(openings, groups, profiles)
def test_nobody_else_changes_the_order_between_two_people(opening, people, newcomer):
    """Adding someone never swaps two others: the order is a fixed rule, not a contest."""
    before = [c.id for c in rotation.suggest(opening, people)]
    extra = Candidate(len(people) + 1, tuple(newcomer[0]), tuple(newcomer[1]), newcomer[2])
    after = [c.id for c in rotation.suggest(opening, [*people, extra]) if c.id != extra.id]
    assert after == before


@settings(deadline=None)
@given(openings, groups)
def test_the_last_holder_goes_last_while_someone_never_held_it(opening, people):
    previous = Period(opening.period.start - timedelta(days=30),
                      opening.period.start - timedelta(days=1))
    last = Candidate(99, held=(Held(opening.role, previous),))
    found = rotation.suggest(opening, [*people, last])
    if any(rotation.since_held(c, opening) == rotation.NEVER for c in found):
        assert found[0].id != 99
    assert found[-1].id == 99 or rotation.since_held(found[-1], opening) == 0


# A simulated year: 12 members (one joins in June), 6 roles of different terms.
MEMBERS = ["Sam K.", "Alex P.", "Jo M.", "Chris B.", "Pat D.", "Robin F.", "Lee G.",
           "Morgan H.", "Dana J.", "Kim L.", "Ash N."]
NEWCOMER, JOINS = "Toni R.", D("2027-06-01")
AWAY = {"Jo M.": [("2027-08-01", "2027-08-21")], "Chris B.": [("2027-03-10", "2027-03-20")],
        "Pat D.": [("2027-12-20", "2028-01-05")], "Robin F.": [("2027-05-01", "2027-05-07")],
        "Dana J.": [("2027-07-15", "2027-07-31")], "Lee G.": [("2027-10-01", "2027-10-10")],
        "Kim L.": [("2027-01-01", "2027-01-10")], "Morgan H.": [("2027-04-02", "2027-04-02")],
        "Sam K.": [("2027-02-11", "2027-02-11"), ("2027-09-01", "2027-09-14")]}
DECLINED = {"Ash N.": ("Treasurer", "General service representative"), "Alex P.": ("Chair",)}
ROLES = [  # title, unit, length, seats, combinable
    ("General service representative", "year", 2, 1, False),
    ("Treasurer", "year", 1, 1, True),
    ("Secretary", "month", 6, 1, True),
    ("Coffee", "month", 3, 2, True),
    ("Greeter", "week", 4, 1, True),
    ("Chair", "meeting", 1, 1, True),
]
YEAR = (D("2027-01-01"), D("2027-12-31"))


@pytest.fixture
def year_group(app, at, make_meeting):
    at(datetime(2026, 12, 1, 12, tzinfo=UTC))
    meeting = make_meeting(weekdays=(4,), start_time=time(19), end_time=time(20))
    group = meeting.group
    # Thursday 1 April meets on Friday 2 April instead; Thursday 23 December is cancelled.
    db.session.add_all([
        DateChange(meeting=meeting, date=D("2027-04-01"), status="moved",
                   moved_start=datetime(2027, 4, 2, 19), moved_end=datetime(2027, 4, 2, 20)),
        DateChange(meeting=meeting, date=D("2027-12-23"), status="cancelled")])
    actor = changes.Actor(None, "operator")
    roles = {}
    for title, unit, length, seats, combinable in ROLES:
        roles[title] = ServiceRole(group_id=group.id, title=title, term_unit=unit,
                                   term_length=length, seats=seats, combinable=combinable,
                                   meeting_id=meeting.id if unit == "meeting" else None,
                                   starts_on=YEAR[0])
        changes.create(roles[title], actor)
    for name in MEMBERS:
        join(group, name, roles, actor)
    db.session.commit()
    return group, roles, actor


def join(group, name, roles, actor):
    declined = sorted(roles[title].id for title in DECLINED.get(name, ()))
    person = Volunteer(group_id=group.id, name=name, declined_roles=declined)
    changes.create(person, actor)
    for first, last in AWAY.get(name, ()):
        changes.create(Away(group_id=group.id, volunteer=person, first_day=D(first),
                            last_day=D(last)), actor)


def year_slots(group, roles) -> list[terms.Slot]:
    found = []
    for role in roles.values():
        found += terms.slots(role, *YEAR, terms.stored(group.id, *YEAR, role.id))
    length = {"meeting": 0, "week": 1, "month": 2, "year": 3}
    return sorted(found, key=lambda s: (s.start, -length[s.role.term_unit], s.role.title, s.seat))


def test_a_simulated_year_rotates_every_role_fairly(app, at, year_group):
    check = seating.check

    group, roles, actor = year_group
    never_held_then, taken, cancelled = {}, [], []
    with app.test_request_context():
        for slot in year_slots(group, roles):
            if slot.status == "cancelled":
                cancelled.append(slot)
                continue
            if slot.due >= JOINS and NEWCOMER not in {v.name for v in group_volunteers(group)}:
                join(group, NEWCOMER, roles, actor)
                db.session.commit()
            at(datetime.combine(slot.start - timedelta(days=7), time(12), tzinfo=UTC))
            people = seating.pool(group)
            suggested = seating.suggestions(slot, people)
            assert suggested, f"nobody suggested for {terms.term_words(slot)}"
            chosen = suggested[0]
            candidate = people[chosen.id][1]
            assert rotation.available(candidate.away, slot.period)
            assert check(slot, chosen, candidate, slot.start - timedelta(days=7)) == ([], [])
            opening = slot.opening()
            never_held_then[slot.key] = {
                c.id for _v, c in people.values() if rotation.blocked(c, opening) is None
                and rotation.since_held(c, opening) == rotation.NEVER}
            terms.take(slot, chosen, actor)
            db.session.commit()
            taken.append((slot, chosen))
    assert [s.due for s in cancelled] == [D("2027-12-23")]
    moved = next(s for s, _v in taken if s.due == D("2027-04-01") and s.role.per_meeting)
    assert moved.start == D("2027-04-02")
    assert next(v for s, v in taken if s is moved).name != "Morgan H."  # away that Friday
    assert_year_is_fair(taken, never_held_then)
    print("\n" + roster_table(taken))


def group_volunteers(group):
    return db.session.scalars(db.select(Volunteer).where(Volunteer.group_id == group.id))


def assert_year_is_fair(taken, never_held_then):
    away = {name: [Period(D(a), D(b)) for a, b in spans] for name, spans in AWAY.items()}
    by_role: dict[str, list] = {}
    for slot, person in taken:
        assert rotation.available(away.get(person.name, []), slot.period), (slot, person.name)
        assert slot.role.id not in person.declined_roles
        by_role.setdefault(slot.role.title, []).append((slot, person))
    for role_terms in by_role.values():
        starts = sorted({slot.due for slot, _p in role_terms})
        holders = {due: {p.id for s, p in role_terms if s.due == due} for due in starts}
        for before, after in zip(starts, starts[1:], strict=False):
            for slot, person in role_terms:
                if slot.due == after and person.id in holders[before]:
                    assert not never_held_then[slot.key], (slot.key, person.name)
    gsr = {p.id for s, p in taken if not s.role.combinable}
    for slot, person in taken:
        if person.id in gsr and slot.role.combinable:
            gsr_terms = [s for s, p in taken if p.id == person.id and not s.role.combinable]
            assert not any(s.period.overlaps(slot.period) for s in gsr_terms)
    chairs = [p.name for s, p in taken if s.role.per_meeting]
    assert len(set(chairs)) >= 9 and "Alex P." not in chairs


def roster_table(taken) -> str:
    """The year's roster, role by role: each term and who took it."""
    lines = []
    for title, *_rest in ROLES:
        rows = [(s, p) for s, p in taken if s.role.title == title]
        cells = [(f"{s.start:%a %d %b}" if s.role.per_meeting else
                  f"{s.start:%d %b %Y}–{s.end:%d %b %Y}")
                 + (f" seat {s.seat}" if s.role.seats > 1 else "") + f": {p.name}"
                 for s, p in rows]
        lines.append(f"{title}: " + "; ".join(cells))
    return "\n".join(lines)


def test_the_simulated_year_is_the_same_every_time(app, at, year_group):
    """Suggestions depend on the data only: not on when, or in which order, they are asked."""
    group, roles, _actor = year_group
    with app.test_request_context():
        at(datetime(2026, 12, 1, 12, tzinfo=UTC))
        slots = year_slots(group, roles)[:20]
        first = {s.key: [v.id for v in seating.suggestions(s, seating.pool(group))] for s in slots}
        random.Random(7).shuffle(slots)
        at(datetime(2026, 12, 2, 18, tzinfo=UTC))
        again = {s.key: [v.id for v in seating.suggestions(s, seating.pool(group))] for s in slots}
    assert first == again


def test_obstacles_name_the_terms_in_the_way_for_suggestions_and_the_roster_alike():
    year = Period(D("2027-01-01"), D("2027-12-31"))
    before = Held(2, Period(D("2027-01-07"), D("2027-01-07")), term=11)  # over by spring
    same = Held(1, Period(D("2026-07-01"), D("2027-06-30")), term=12)
    gsr = Opening(1, year, combinable=False)
    found = rotation.obstacles(Candidate(1, held=(before, same)), gsr)
    assert (found.holds, found.uncombined, found.away, found.declined) == (
        (same,), (before,), False, False)
    assert rotation.blocked(Candidate(1, held=(before,)), gsr) == "combined"
    coffee = Opening(3, year)
    assert rotation.obstacles(Candidate(1, held=(before,)), coffee).uncombined == ()
    solo = Held(4, year, combinable=False, term=13)
    assert rotation.obstacles(Candidate(1, held=(before, solo)), coffee).uncombined == (solo,)
