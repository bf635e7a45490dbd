"""A timetable's occurrences in a term, as commitments: weekly sessions where they repeat, dated ones elsewhere.

:func:`stacker.read_ics` with ``term=`` expands every event of a calendar
over the term (:mod:`.ical` does the reading, recurrence and time zones) and
hands the occurrences here, each on its local date with its wall-clock
start and length. :func:`term_commitments` groups them by id into
:class:`~stacker.Commitment` objects whose occurrences in the term are
exactly the calendar's:

- occurrences of a rule that repeats every week become weekly sessions
  (``"Mon,Wed 09:00-09:50"``) with ``start`` and ``end`` (the first and last
  date they happen on, left out when that is the term's) and ``skip`` (the
  dates in between on which they do not happen: ``EXDATE``, a cancelled or
  moved occurrence). A weekly time that happens on fewer than half of its
  weeks is not a weekly session;
- everything else (every other week, monthly, one-off exams, ``RDATE``, a
  moved occurrence, the weeks a class in another zone is an hour off around
  a daylight-saving change) becomes dated sessions (``"2027-03-03 19:00-21:00"``).

For classes, occurrences of recurring events on the term's break days are
left out with a note (classes do not meet in breaks); one-off events on
break days are kept. See docs/calendars.md, "A term".
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..problem.items import Commitment
from ..problem.term import Term
from ..problem.week import DAY, WEEK, clock, format_interval

#: A weekly time must happen on more than this share of its weeks to be a weekly session.
WEEKLY_SHARE = 0.5


@dataclass(frozen=True)
class TermOccurrence:
    """One occurrence of a calendar event in a term, in the term's wall-clock time."""

    series: int  # the event (UID) it comes from
    id: str  # the commitment id (SUMMARY or X-STACKER-ID)
    where: str  # the event, for notes
    date: dt.date  # the local date it starts on
    start: int  # minute of that day
    length: int  # minutes, at most a day
    weekly: bool  # of a rule that repeats every week
    recurring: bool  # of a recurring event (a rule or RDATE), not a one-off


Slot = tuple[int, int, int]  # (weekday, minute of the day, length)


def term_commitments(
    occurrences: Iterable[TermOccurrence], term: Term, kind: str, note: Callable[[str], None], label: str
) -> list[Commitment]:
    """The commitments whose occurrences in ``term`` are ``occurrences`` (see the module's docstring)."""
    kept = _without_duplicates(sorted(occurrences, key=_order), note, label)
    if kind == "class":
        kept = _without_break_days(kept, term, note, label)
    groups = _split_clashes(kept, term)
    on = _Days(term, kind)
    made = [(min(_order(o) for o in group), _commitment(ident, group, on, kind)) for ident, group in groups.items()]
    return [commitment for _, commitment in sorted(made, key=lambda item: (item[0], item[1].id))]


def _order(o: TermOccurrence) -> tuple[dt.date, int, int, str, int]:
    return o.date, o.start, o.length, o.id, o.series


def _without_duplicates(items: list[TermOccurrence], note: Callable[[str], None], label: str) -> list[TermOccurrence]:
    """The same id at the same time on the same date (an event exported twice) is read once, with a note."""
    seen: set[tuple[str, dt.date, int, int]] = set()
    out = []
    for o in items:
        key = (o.id, o.date, o.start, o.length)
        if key in seen:
            note(f"{label}: {o.id!r} on {dated_text(o.date, o.start, o.length)} is in the calendar twice, read once")
            continue
        seen.add(key)
        out.append(o)
    return out


def _without_break_days(
    items: list[TermOccurrence], term: Term, note: Callable[[str], None], label: str
) -> list[TermOccurrence]:
    """A class's recurring occurrences on break days are left out (one note per break); one-offs stay."""
    left: dict[int, list[TermOccurrence]] = {}
    out = []
    for o in items:
        where = next((i for i, b in enumerate(term.breaks) if b.start <= o.date <= b.end), None)
        if o.recurring and where is not None:
            left.setdefault(where, []).append(o)
        else:
            out.append(o)
    for index, dropped in sorted(left.items()):
        b = term.breaks[index]
        ids = ", ".join(repr(ident) for ident in dict.fromkeys(o.id for o in dropped))
        count = f"{len(dropped)} occurrence{'s' * (len(dropped) > 1)}"
        note(
            f"{label}: {count} in the break {b.name!r} ({b.start}..{b.end}) not read, "
            f"as classes do not meet in breaks: {ids}"
        )
    return out


def _split_clashes(items: list[TermOccurrence], term: Term) -> dict[str, list[TermOccurrence]]:
    """Occurrences by id; an event clashing in time with another of the same id goes to ``'id (2)'``, ..."""
    by_series: dict[int, list[TermOccurrence]] = {}
    for o in items:
        by_series.setdefault(o.series, []).append(o)
    buckets: dict[str, list[_Timeline]] = {}
    for series in by_series.values():  # in the order of their first occurrence
        for ident in dict.fromkeys(o.id for o in series):
            mine = [o for o in series if o.id == ident]
            _add(buckets.setdefault(ident, []), mine, term)
    out: dict[str, list[TermOccurrence]] = {}
    taken = set(buckets)
    for ident, timelines in buckets.items():
        out[ident] = timelines[0].items
        number = 2
        for timeline in timelines[1:]:
            while f"{ident} ({number})" in taken:
                number += 1
            taken.add(f"{ident} ({number})")
            out[f"{ident} ({number})"] = timeline.items
    return out


class _Timeline:
    """Occurrences that do not overlap in time, with their spans sorted for clash checks."""

    def __init__(self) -> None:
        self.items: list[TermOccurrence] = []
        self.spans: list[tuple[int, int]] = []

    def clashes(self, span: tuple[int, int]) -> bool:
        at = bisect.bisect_left(self.spans, span)
        before = at > 0 and self.spans[at - 1][1] > span[0]
        after = at < len(self.spans) and self.spans[at][0] < span[1]
        return before or after

    def add(self, o: TermOccurrence, span: tuple[int, int]) -> None:
        self.items.append(o)
        bisect.insort(self.spans, span)


def _span(o: TermOccurrence, term: Term) -> tuple[int, int]:
    start = (o.date - term.monday).days * DAY + o.start
    return start, start + o.length


def _add(timelines: list[_Timeline], series: list[TermOccurrence], term: Term) -> None:
    """A series' occurrences into the first timeline none of them clashes with, else one by one."""
    spans = [_span(o, term) for o in series]
    ordered = sorted(spans)
    if all(a[1] <= b[0] for a, b in itertools.pairwise(ordered)):
        for timeline in timelines:
            if not any(timeline.clashes(span) for span in spans):
                for o, span in zip(series, spans):
                    timeline.add(o, span)
                return
    for o, span in zip(series, spans):
        free = next((t for t in timelines if not t.clashes(span)), None)
        if free is None:
            free = _Timeline()
            timelines.append(free)
        free.add(o, span)


# --- one commitment ---------------------------------------------------------------


def _commitment(ident: str, items: list[TermOccurrence], on: _Days, kind: str) -> Commitment:
    """The weekly slots that repeat, with start, end and skip; the rest as dated sessions."""
    slots = _weekly_slots([o for o in items if o.weekly], on)
    present = {(o.date, (o.date.weekday(), o.start, o.length)) for o in items if o.weekly}
    covered: set[tuple[dt.date, Slot]] = set()
    skip: list[dt.date] = []
    first = last = None
    if slots:
        dates = [day for day, slot in present if slot in slots]
        first, last = min(dates), max(dates)
        for day in on.days(first, last, {wd for wd, _, _ in slots}):
            expected = {(day, slot) for slot in slots if slot[0] == day.weekday()}
            if expected <= present:
                covered |= expected
            else:
                skip.append(day)  # what happens that day, if anything, is dated
    dated = [o for o in items if (o.date, (o.date.weekday(), o.start, o.length)) not in covered or not o.weekly]
    sessions = weekly_texts(sorted(slots)) + [dated_text(o.date, o.start, o.length) for o in sorted(dated, key=_order)]
    start = first if first is not None and on.any_before(first, slots) else None
    end = last if last is not None and on.any_after(last, slots) else None
    return Commitment(ident, sessions, kind=kind, start=start, end=end, skip=skip)


class _Days:
    """The term's days on which a weekly session of this kind can happen (in the term; no break for a class).

    Kept by weekday, sorted, so that counting them between two dates is a bisection.
    """

    def __init__(self, term: Term, kind: str):
        self.term = term
        days = (term.start + dt.timedelta(days=k) for k in range((term.end - term.start).days + 1))
        self.by_weekday: list[list[dt.date]] = [[] for _ in range(7)]
        for day in days:
            if not (kind == "class" and term.is_break(day)):
                self.by_weekday[day.weekday()].append(day)

    def days(self, first: dt.date, last: dt.date, weekdays: set[int]) -> list[dt.date]:
        out = []
        for weekday in weekdays:
            days = self.by_weekday[weekday]
            out += days[bisect.bisect_left(days, first) : bisect.bisect_right(days, last)]
        return sorted(out)

    def count(self, first: dt.date, last: dt.date, weekday: int) -> int:
        days = self.by_weekday[weekday]
        return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)

    def share(self, slot: Slot, dates: list[dt.date], first: dt.date, last: dt.date) -> float:
        """The share of the slot's days from ``first`` to ``last`` on which it happens (``dates`` sorted)."""
        expected = self.count(first, last, slot[0])
        present = bisect.bisect_right(dates, last) - bisect.bisect_left(dates, first)
        return present / expected if expected else 0.0

    def any_before(self, first: dt.date, slots: list[Slot]) -> bool:
        return any(self.count(self.term.start, first - dt.timedelta(days=1), s[0]) for s in slots)

    def any_after(self, last: dt.date, slots: list[Slot]) -> bool:
        return any(self.count(last + dt.timedelta(days=1), self.term.end, s[0]) for s in slots)


def _weekly_slots(items: list[TermOccurrence], on: _Days) -> list[Slot]:
    """The weekly times kept as weekly sessions: most frequent first, each on more than half its weeks.

    A time is kept when it happens at least twice, does not overlap a time
    already kept, and every kept time still happens on more than
    :data:`WEEKLY_SHARE` of its weekdays between the first and last date of
    them all.
    """
    dates: dict[Slot, list[dt.date]] = {}
    for o in items:
        if o.length < DAY or o.start == 0:  # a 24-hour session from the middle of a day is dated
            dates.setdefault((o.date.weekday(), o.start, o.length), []).append(o.date)
    for days in dates.values():
        days.sort()
    counts = Counter({slot: len(days) for slot, days in dates.items()})
    kept: list[Slot] = []
    first = last = None
    for slot, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if count < 2:
            break
        if any(_overlap(slot, other) for other in kept):
            continue
        lo = min(dates[slot]) if first is None else min(first, *dates[slot])
        hi = max(dates[slot]) if last is None else max(last, *dates[slot])
        if all(on.share(s, dates[s], lo, hi) > WEEKLY_SHARE for s in [*kept, slot]):
            kept.append(slot)
            first, last = lo, hi
    return kept


def _overlap(a: Slot, b: Slot) -> bool:
    """Whether two weekly times overlap in the week (one past Sunday midnight wraps to Monday)."""
    sa, sb = a[0] * DAY + a[1], b[0] * DAY + b[1]
    return any(sa + k * WEEK < sb + b[2] and sb < sa + k * WEEK + a[2] for k in (-1, 0, 1))


def weekly_texts(slots: list[Slot]) -> list[str]:
    """``["Mon,Wed 09:00-09:50", "Fri 10:00-10:50"]``: days with the same times share a session."""
    times: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for weekday, start, length in slots:
        at = weekday * DAY + start
        day, begin, finish = format_interval(at, at + length)
        times.setdefault((begin, finish), []).append((at, day))
    ordered = sorted(times.items(), key=lambda item: item[1][0][0])
    return [f"{','.join(day for _, day in sorted(days))} {begin}-{finish}" for (begin, finish), days in ordered]


def dated_text(day: dt.date, start: int, length: int) -> str:
    """``"2027-03-03 19:00-21:00"``; one past midnight ends at or before its start, one to midnight at 24:00."""
    end = start + length
    return f"{day.isoformat()} {clock(start)}-{clock(end if end <= DAY else end - DAY)}"


__all__ = ["TermOccurrence", "dated_text", "term_commitments", "weekly_texts"]
