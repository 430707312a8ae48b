"""VTIMEZONE components every calendar parser reads the same way, derived from zoneinfo.

Each run of yearly transitions that follows one rule ("last Sunday of March at 01:00
UTC") becomes an observance with a yearly RRULE, the form Outlook prefers; a transition
that follows no rule gets an observance with one RDATE per line, because Mozilla's
ical.js reads only the first date of an RDATE list (and, where RDATEs are given, not
DTSTART: so the first onset is an RDATE too). The result is checked against
zoneinfo over every covered year, and a zone whose rules cannot be reproduced that way
falls back to one RDATE per line for every transition. A zone without transitions gets
a single STANDARD observance.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule

from meetings.calendars.zone_transitions import (
    HORIZON_YEAR,
    State,
    Transition,
    daylight,
    state_at,
    to_epoch,
    zone_transitions,
)

#: transitions are read from zoneinfo from this year on
FIRST_YEAR = 1970
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LOCAL_FORMAT = "%Y%m%dT%H%M%S"


@lru_cache(maxsize=512)
def vtimezone(name: str, since_year: int) -> str:
    """The VTIMEZONE of an IANA zone covering since_year on, as CRLF-ended content lines."""
    # Every wall-clock time of since_year, whatever the offset, is after `start`; the
    # year before is read too, so that a yearly rule already runs then. Only when no
    # onset comes before `start` (no DST, or none yet) is the state then written down.
    start = datetime(max(since_year, FIRST_YEAR), 1, 1) - timedelta(days=1)
    year_before = datetime(start.year, 1, 1)
    found = [t for t in zone_transitions(name, start.year // 10 * 10) if t.utc >= year_before]
    observances = []
    if not found or found[0].utc > start:
        observances.append(_initial(state_at(ZoneInfo(name), to_epoch(start)), start))
    if found:
        ruled = _ruled(found)
        observances += ruled if _reproduces(ruled, found) else _listed(found)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    for _start, block in sorted(observances):
        lines += block
    lines.append("END:VTIMEZONE")
    return "".join(line + "\r\n" for line in lines)


def _initial(state: State, start: datetime) -> tuple:
    """The observance in force when coverage starts, as a no-change onset at that moment."""
    local = start + state.offset
    kind = "DAYLIGHT" if state.dst > timedelta(0) else "STANDARD"
    return (local, _observance(kind, local, state.offset, state))


def _observance(kind: str, local: datetime, before: timedelta, after: State, extra=()) -> list:
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{local.strftime(LOCAL_FORMAT)}",
        f"TZOFFSETFROM:{offset_text(before)}",
        f"TZOFFSETTO:{offset_text(after.offset)}",
        f"TZNAME:{_escape(after.name)}",
        *extra,
        f"END:{kind}",
    ]


def offset_text(offset: timedelta) -> str:
    """A UTC offset as ±HHMM, or ±HHMMSS when it has seconds."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def _observance_of(transition: Transition, extra=()) -> tuple:
    kind = "DAYLIGHT" if daylight(transition) else "STANDARD"
    block = _observance(kind, transition.local, transition.before.offset, transition.after, extra)
    return (transition.local, block)


def _listed(found: list[Transition]) -> list[tuple]:
    """One observance per kind of change: the first onset, then one RDATE line per other."""
    by_kind: dict[tuple, list[Transition]] = {}
    for transition in found:
        by_kind.setdefault(transition.kind, []).append(transition)
    return [_with_rdates(group) for group in by_kind.values()]


def _with_rdates(group: list[Transition]) -> tuple:
    # The first onset is DTSTART and an RDATE too: ical.js ignores the DTSTART of an
    # observance that has RDATEs, and RFC 5545 counts an instance given twice once.
    rdates = [f"RDATE:{t.local.strftime(LOCAL_FORMAT)}" for t in group]
    return _observance_of(group[0], rdates)


# A yearly rule is (month, weekday, first day): the weekday on or after that day of the
# month (1, 8, 15, 22 are the 1st to 4th), first day -1 for the last such weekday, or
# weekday None for a fixed day of the month.


def _rules(local: datetime) -> set[tuple]:
    """Every yearly rule that puts an onset on this local date."""
    month, day, weekday = local.month, local.day, local.weekday()
    length = calendar.monthrange(local.year, month)[1]
    found = {(month, None, day)}
    found |= {(month, weekday, first) for first in range(max(1, day - 6), day + 1)
              if first + 6 <= length}
    if day + 7 > length:
        found.add((month, weekday, -1))
    return found


def _preferred(rules: set[tuple]) -> tuple:
    """The plainest of equivalent rules: nth weekday, then last, then on-or-after, then date."""
    def rank(rule):
        _month, weekday, first = rule
        if weekday is None:
            return (3, first)
        return (0, first) if first in (1, 8, 15, 22) else (1, 0) if first == -1 else (2, first)

    return min(rules, key=rank)


def _runs(found: list[Transition]) -> list[tuple[list[Transition], set[tuple]]]:
    """Split each kind's transitions into runs of consecutive years sharing a rule."""
    runs, open_runs = [], {}
    for transition in found:
        kind, rules = transition.kind, _rules(transition.local)
        current = open_runs.get(kind)
        if current is not None:
            last = current[0][-1]
            shared = current[1] & rules
            if (transition.local.year == last.local.year + 1 and shared
                    and transition.local.time() == last.local.time()):
                current[0].append(transition)
                open_runs[kind] = (current[0], shared)
                continue
            runs.append(current)
        open_runs[kind] = ([transition], rules)
    runs.extend(open_runs.values())
    return runs


def _ruled(found: list[Transition]) -> list[tuple]:
    """Observances with yearly rules for runs, RDATE lines for transitions that fit none."""
    observances, lone = [], []
    for run, rules in _runs(found):
        if len(run) < 3:
            lone += run
            continue
        open_ended = run[-1].local.year >= HORIZON_YEAR - 1
        rule = _rrule_text(_preferred(rules), run, open_ended)
        observances.append(_observance_of(run[0], [rule]))
    return observances + (_listed(sorted(lone)) if lone else [])


def _rrule_text(rule: tuple, run: list[Transition], open_ended: bool) -> str:
    month, weekday, first = rule
    parts = [f"FREQ=YEARLY;BYMONTH={month}"]
    if weekday is None:
        parts.append(f"BYMONTHDAY={first}")
    elif first == -1:
        parts.append(f"BYDAY=-1{WEEKDAYS[weekday]}")
    elif first in (1, 8, 15, 22):
        parts.append(f"BYDAY={(first + 6) // 7}{WEEKDAYS[weekday]}")
    else:
        days = ",".join(str(day) for day in range(first, first + 7))
        parts.append(f"BYDAY={WEEKDAYS[weekday]};BYMONTHDAY={days}")
    if not open_ended:
        parts.append(f"UNTIL={run[-1].utc.strftime(LOCAL_FORMAT)}Z")
    return "RRULE:" + ";".join(parts)


def _reproduces(observances: list[tuple], found: list[Transition]) -> bool:
    """Whether expanding the observances (by dateutil) gives exactly zoneinfo's transitions."""
    end = datetime(HORIZON_YEAR, 1, 1)
    expected = {(t.utc, t.after.offset, t.after.name) for t in found}
    produced = set()
    for _start, block in observances:
        produced |= _expand(block, end)
    return produced == expected


def _expand(block: list[str], end: datetime) -> set[tuple]:
    fields = dict(line.split(":", 1) for line in block if not line.startswith("RDATE"))
    before, after = _offset(fields["TZOFFSETFROM"]), _offset(fields["TZOFFSETTO"])
    onsets = [datetime.strptime(fields["DTSTART"], LOCAL_FORMAT)]
    onsets += [datetime.strptime(line[6:], LOCAL_FORMAT) for line in block
               if line.startswith("RDATE:")]
    if "RRULE" in fields:
        text = fields["RRULE"]
        if "UNTIL=" in text:  # dateutil wants UNTIL in DTSTART's (local) terms
            rule, until = text.split(";UNTIL=")
            until = datetime.strptime(until[:15], LOCAL_FORMAT) + before
            text = f"{rule};UNTIL={until.strftime(LOCAL_FORMAT)}"
        rule = rrule.rrulestr(text, dtstart=onsets[0])
        onsets = list(rule.between(onsets[0], end + timedelta(days=1), inc=True))
    return {(onset - before, after, fields["TZNAME"]) for onset in onsets if onset - before < end}


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    hours, minutes, seconds = int(text[1:3]), int(text[3:5]), int(text[5:7] or 0)
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)
