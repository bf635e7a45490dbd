"""An independent feasibility checker for term plans (``stacker.solve`` on a problem with a ``term``).

Like :mod:`checker`, it shares no code with stacker's model builder: it does
not import ``stacker.problem.calendar``, ``stacker.presolve`` or
``stacker.cpsat``. It reads the public fields of the problem (session and
window *strings*, dates, hours, caps, the term and its breaks) and of the
plan (dated blocks with ``HH:MM`` times), and re-derives the calendar with
:mod:`datetime` and :func:`checker.parse_session` (the tests' own parser).

Time here: minutes from 00:00 on the Monday of the term's first week, wall
clock (every day 1,440 minutes, whatever the time zone does).

What it checks (:func:`assert_term_plan_is_feasible`): every commitment
occurrence is in the plan and nothing else of it (classes absent on break
days, ``skip``, ``start``/``end``, dated sessions); each fixed gig taken has
exactly its occurrences; each flexible gig and project works only inside its
windows on its work days, in blocks of at least ``min_block`` on its grid,
never across a week's end; weekly hours within range in every one of its
weeks; a project's total exactly, by its due date, within ``max_week_hours``;
nothing overlaps on any date; every cap in force in every week, fortnight
and day; the student's rules (no forbidden field, no gig work in quiet
hours or on days off, at most ``max_gigs`` gigs working in any week); the
travel gaps between items at different places on every date, and the travel
blocks (:func:`travel_legs`), whose minutes count toward ``max_hours`` and
``max_day_hours`` of the week and day they lie in under
``rules.travel_counts``; and the plan's numbers (hours per week and in all,
value, pay per week) agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from checker import (
    DAY,
    WEEK,
    gig_flat,
    gig_once,
    gig_rate,
    parse_session,
    place_of,
    rule_minutes,
    travel_counts,
    travel_minutes,
)

TOL = 1e-6
_DATED = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
LIMIT_NAMES = ("max_hours", "max_work_hours", "max_day_hours", "max_fortnight_work_hours")


class TermCalendar:
    """The term re-derived: days, breaks, weeks, limits in force."""

    def __init__(self, problem):
        term = problem.term
        self.start, self.end = term.start, term.end
        self.monday = self.start - dt.timedelta(days=self.start.weekday())
        self.weeks = (self.end - self.monday).days // 7 + 1
        self.breaks = list(term.breaks)
        self.limits = problem.limits

    def minute(self, date: dt.date, clock: int) -> int:
        return (date - self.monday).days * DAY + clock

    def date(self, minute: int) -> dt.date:
        return self.monday + dt.timedelta(days=minute // DAY)

    def in_term(self, date: dt.date) -> bool:
        return self.start <= date <= self.end

    def in_break(self, date: dt.date) -> bool:
        return any(b.start <= date <= b.end for b in self.breaks)

    def days_of_week(self, week: int) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=7 * week + k) for k in range(7)]

    def is_break_week(self, week: int) -> bool:
        return all(self.in_break(d) for d in self.days_of_week(week) if self.in_term(d))

    def limit(self, week: int, name: str) -> float | None:
        base = getattr(self.limits, name)
        if not self.is_break_week(week):
            return base
        days = self.days_of_week(week)
        values = [b.limits.get(name, base) for b in self.breaks if b.start <= days[-1] and b.end >= days[0]]
        numbers = [v for v in values if v is not None]
        return min(numbers) if numbers else None

    def minimum(self, week: int, name: str) -> float | None:
        """``min_week_pay`` or ``min_work_hours`` in a week: the term's, in full, in every week with a term day."""
        if not any(self.in_term(d) for d in self.days_of_week(week)):
            return None
        return getattr(self.limits, name, None) or None

    def fortnight(self, week: int) -> float | None:
        pair = [self.limit(w, "max_fortnight_work_hours") for w in (week, week + 1)]
        numbers = [v for v in pair if v is not None]
        return min(numbers) if numbers else None


def _goes_on_in_breaks(item) -> bool:
    if item.in_breaks is not None:
        return item.in_breaks
    return getattr(item, "kind", "gig") != "class"


def occurrences(cal: TermCalendar, item) -> list[tuple[int, int]]:
    """An item's occurrences as (start, end) term minutes, re-derived from its texts and dates."""
    out = []
    first = max(cal.start, item.start or cal.start)
    last = min(cal.end, item.end or cal.end)
    for text in item.sessions:
        match = _DATED.match(text)
        if match:
            date = dt.date.fromisoformat(match[1])
            s, e = int(match[2]) * 60 + int(match[3]), int(match[4]) * 60 + int(match[5])
            out.append((cal.minute(date, s), cal.minute(date, s) + (e - s if e > s else e - s + DAY)))
            continue
        for s, e in parse_session(text):
            date = first
            while date <= last:
                ok = date.weekday() == s // DAY and date not in item.skip
                if ok and not (cal.in_break(date) and not _goes_on_in_breaks(item)):
                    at = cal.minute(date, s % DAY)
                    out.append((at, at + e - s))
                date += dt.timedelta(days=1)
    return sorted(out)


def work_minutes(cal: TermCalendar, gig) -> set[int]:
    """Every term minute a flexible gig or project may be worked."""
    windows = [iv for text in gig.windows for iv in parse_session(text)] or [(k * DAY, (k + 1) * DAY) for k in range(7)]
    first = max(cal.start, gig.start or cal.start)
    last = min(cal.end, (gig.due if gig.total_hours is not None else gig.end) or cal.end)
    allowed = set()
    date = first
    while date <= last:
        ok = date not in gig.skip and not (cal.in_break(date) and gig.in_breaks is False)
        if ok:
            for s, e in windows:
                for m in range(s, e):
                    if (m // DAY) % 7 == date.weekday():
                        allowed.add(cal.minute(date, m % DAY))
        date += dt.timedelta(days=1)
    return allowed


def block_minutes(cal: TermCalendar, block) -> tuple[int, int]:
    """A plan block as term minutes, from its date and ``HH:MM`` texts."""
    date = block.date if isinstance(block.date, dt.date) else dt.date.fromisoformat(block.date)
    h1, m1 = map(int, block.start.split(":"))
    h2, m2 = map(int, block.end.split(":"))
    s, e = h1 * 60 + m1, h2 * 60 + m2
    assert date.strftime("%a") == block.day, f"block {block}: day {block.day} is not the weekday of {date}"
    return cal.minute(date, s), cal.minute(date, s) + (e - s if e > s else e - s + DAY)


def _by_week(cal: TermCalendar, spans) -> list[int]:
    out = [0] * cal.weeks
    for s, e in spans:
        for m in range(s, e):
            out[min(m // WEEK, cal.weeks - 1)] += 1
    return out


def _by_day(spans) -> dict[int, int]:
    out: dict[int, int] = {}
    for s, e in spans:
        for m in range(s, e):
            out[m // DAY] = out.get(m // DAY, 0) + 1
    return out


def term_rule_minutes(cal: TermCalendar, problem) -> set[int]:
    """Term minutes in which the problem's rules allow no gig work: the week's (:func:`checker.rule_minutes`,
    quiet hours and day names) in every week, and the whole of each dated day off."""
    weekly = rule_minutes(problem)
    out = {m for m in range(cal.weeks * WEEK + DAY) if m % WEEK in weekly}
    rules = getattr(problem, "rules", None)
    for day in () if rules is None else rules.days_off:
        if isinstance(day, dt.date) or (isinstance(day, str) and day[:1].isdigit()):
            date = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
            out.update(range(cal.minute(date, 0), cal.minute(date, DAY)))
    return out


def _check_rules(cal: TermCalendar, problem, plan, spans) -> None:
    """No gig with a forbidden field, no gig work in the rules' blocked time, at most max_gigs working in any week."""
    rules = getattr(problem, "rules", None)
    if rules is None:
        return
    gigs = {g.id: g for g in problem.gigs}
    blocked = term_rule_minutes(cal, problem)
    working: dict[int, set[str]] = {}
    for entry in plan.gigs:
        gig = gigs[entry.id]
        banned = set(gig.fields) & set(rules.forbid_fields)
        assert not banned, f"gig {gig.id!r} has the forbidden field(s) {sorted(banned)}"
        for s, e in spans.get(gig.id, []):
            hit = next((m for m in range(s, e) if m in blocked), None)
            assert hit is None, f"gig {gig.id!r} works on {cal.date(s)} in the rules' quiet hours or days off"
            for m in range(s, e):
                working.setdefault(min(m // WEEK, cal.weeks - 1), set()).add(gig.id)
    if rules.max_gigs is not None:
        for w, ids in working.items():
            assert len(ids) <= rules.max_gigs, (
                f"{len(ids)} gigs work in the week of {cal.days_of_week(w)[0]}, over max_gigs ({rules.max_gigs})"
            )


def assert_term_plan_is_feasible(problem, plan) -> float:
    """Assert that a term plan keeps every rule; return its value recomputed."""
    cal = TermCalendar(problem)
    assert plan.status.value in ("optimal", "feasible"), plan.status
    spans: dict[str, list[tuple[int, int]]] = {}
    for block in plan.blocks:
        if block.kind != "travel":
            spans.setdefault(block.id, []).append(block_minutes(cal, block))
    # commitments: exactly their occurrences (classes absent on break days, skips, dated sessions)
    for c in problem.commitments:
        expected = occurrences(cal, c)
        assert sorted(spans.get(c.id, [])) == expected, f"commitment {c.id!r}: blocks differ from its occurrences"
        if c.kind == "class" and c.in_breaks is not True:  # classes absent on break days (but dated one-offs)
            one_offs = {m[1] for m in map(_DATED.match, c.sessions) if m}
            for s, _ in spans.get(c.id, []):
                day = cal.date(s)
                assert not cal.in_break(day) or day.isoformat() in one_offs, f"class {c.id!r} meets on {day}"

    gigs = {g.id: g for g in problem.gigs}
    chosen = {g.id for g in plan.gigs}
    assert not set(problem.require) - chosen, "a required gig is missing"
    assert not set(problem.forbid) & chosen, "a forbidden gig is taken"
    assert set(spans) <= chosen | {c.id for c in problem.commitments}, "blocks of a gig not chosen"
    weights = problem.weights
    total_value = 0.0
    gig_spans = []
    for entry in plan.gigs:
        gig = gigs[entry.id]
        mine = sorted(spans.get(gig.id, []))
        assert mine, f"gig {gig.id!r}: chosen but has no block"
        gig_spans += mine
        minutes = sum(e - s for s, e in mine)
        if gig.sessions:
            assert mine == occurrences(cal, gig), f"gig {gig.id!r}: blocks differ from its sessions"
            weeks = {min(s // WEEK, cal.weeks - 1) for s, _ in mine}
            value = minutes / 60 * gig_rate(gig, weights) + len(weeks) * gig_flat(gig, weights) + gig_once(gig, weights)
        else:
            value = _check_flexible(cal, gig, mine, weights)
        assert abs(entry.hours - minutes / 60) < TOL, f"gig {gig.id!r}: hours {entry.hours} != {minutes / 60}"
        assert abs(entry.value - value) < 1e-6 * max(1, abs(value)), f"gig {gig.id!r}: value {entry.value} != {value}"
        total_value += value
    everything = sorted(s for c in problem.commitments for s in spans.get(c.id, [])) + gig_spans
    everything.sort()
    for (s1, e1), (s2, e2) in itertools.pairwise(everything):
        assert s2 >= e1, f"overlap on {cal.date(s2)}: {s1}-{e1} and {s2}-{e2}"
    _check_caps(cal, problem, plan, spans, gig_spans)
    _check_travel(cal, problem, plan, spans)
    _check_rules(cal, problem, plan, spans)
    _check_week_pay(cal, problem, plan, spans, gig_spans)
    assert plan.objective is not None and abs(plan.objective - total_value) < 1e-6 * max(1, total_value)
    return total_value


def _check_travel(cal: TermCalendar, problem, plan, spans) -> None:
    """On every date, items at different places keep the travel gap (the end of one to the start of the next);
    the travel blocks are exactly one before each item of a day at another place than the day's item before it,
    the travel minutes long, ending as it starts."""
    where = {c.id: place_of(c) for c in problem.commitments} | {g.id: place_of(g) for g in problem.gigs}
    items = sorted((s, e, where[i], i) for i, mine in spans.items() if where.get(i) for s, e in mine)
    for a in items:
        for b in items:
            need = travel_minutes(problem, a[2], b[2])
            if a[2] != b[2] and a[1] <= b[0] < a[1] + need:
                raise AssertionError(
                    f"the plan breaks the travel time on {cal.date(b[0])}: {a[3]!r} ends at {a[2]}, {b[3]!r} starts "
                    f"{b[0] - a[1]} min later at {b[2]}: {need} needed"
                )
    expected = travel_legs(problem, spans)
    travel = sorted((*block_minutes(cal, b), b.id) for b in plan.blocks if b.kind == "travel")
    assert travel == expected, f"travel blocks {travel[:3]} differ from the expected {expected[:3]}"


def travel_legs(problem, spans) -> list[tuple[int, int, str]]:
    """The travel ``(start, end, "origin to destination")`` between the items ``spans`` (id -> term minutes): one
    before each item at a place that starts on the day the item at a place before it ends, when the places differ
    (the minutes from the one to the other, ending as it starts). Under ``rules.travel_counts`` these minutes count
    toward max_hours and max_day_hours of the week and day they lie in."""
    where = {c.id: place_of(c) for c in problem.commitments} | {g.id: place_of(g) for g in problem.gigs}
    items = sorted((s, e, where[i]) for i, mine in spans.items() if where.get(i) for s, e in mine)
    out = []
    for (_, end, origin), (start, _, destination) in itertools.pairwise(items):
        need = travel_minutes(problem, origin, destination)
        if origin != destination and need and (end - 1) // DAY == start // DAY:
            out.append((start - need, start, f"{origin} to {destination}"))
    return out


def _check_flexible(cal: TermCalendar, gig, mine, weights) -> float:
    allowed = work_minutes(cal, gig)
    grid, block = gig.grid, gig.min_block
    for s, e in mine:
        assert all(m in allowed for m in range(s, e)), (
            f"gig {gig.id!r}: block on {cal.date(s)} outside its windows/days"
        )
        assert s % grid == 0 and e % grid == 0, f"gig {gig.id!r}: block off its grid"
        assert e - s >= block, f"gig {gig.id!r}: block of {e - s} min shorter than min_block {block}"
        assert s // WEEK == (e - 1) // WEEK, f"gig {gig.id!r}: block runs across a week's end"
    for (_, e1), (s2, _) in itertools.pairwise(mine):  # two blocks touch only at a week's end (never across it)
        assert s2 > e1 or s2 % WEEK == 0, f"gig {gig.id!r}: touching blocks should be one block"
    per_week = _by_week(cal, mine)
    rate, minutes = gig_rate(gig, weights), sum(e - s for s, e in mine)
    if gig.total_hours is not None:
        assert minutes == round(gig.total_hours * 60), f"project {gig.id!r}: {minutes} min, not its total"
        if gig.max_week_hours is not None:
            assert max(per_week) <= gig.max_week_hours * 60 + TOL, f"project {gig.id!r}: over max_week_hours"
        mentor = float(weights.mentor_value) * (1 if gig.mentor else 0)
        return minutes / 60 * rate + float(gig.fee or 0) + mentor + gig_once(gig, weights)
    lo, hi = (gig.hours, gig.hours) if gig.hours is not None else (gig.min_hours, gig.max_hours)
    its_weeks = sorted({min(m // WEEK, cal.weeks - 1) for m in allowed})
    for w in its_weeks:
        assert per_week[w] > 0, f"gig {gig.id!r}: no block in the week of {cal.days_of_week(w)[0]}"
        assert max(lo * 60, block) - TOL <= per_week[w] <= hi * 60 + TOL, (
            f"gig {gig.id!r}: {per_week[w]} min in the week of {cal.days_of_week(w)[0]}, not in {lo}-{hi} h"
        )
    return minutes / 60 * rate + len(its_weeks) * gig_flat(gig, weights) + gig_once(gig, weights)


def _check_caps(cal: TermCalendar, problem, plan, spans, gig_spans) -> None:
    """Every cap in every week, fortnight and day; the plan's hours per week and in all (travel counted toward
    max_hours and max_day_hours, not the work caps, under ``rules.travel_counts``)."""
    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in spans.get(c.id, [])]
    if travel_counts(problem):
        counted += [(s, e) for s, e, _ in travel_legs(problem, spans)]
    as_work = [iv for c in problem.commitments if c.counts_toward_work for iv in spans.get(c.id, [])]
    hours = [a + b for a, b in zip(_by_week(cal, counted), _by_week(cal, gig_spans))]
    for w, week in enumerate(plan.weeks):
        assert abs(week.hours - hours[w] / 60) < TOL, f"week of {week.start}: hours {week.hours} != {hours[w] / 60}"
    assert abs(plan.totals.hours - sum(hours) / 60) < TOL, f"total hours {plan.totals.hours} != {sum(hours) / 60}"
    work = [a + b for a, b in zip(_by_week(cal, as_work), _by_week(cal, gig_spans))]
    per_day = _by_day(counted + gig_spans)
    for w in range(cal.weeks):
        monday = cal.days_of_week(w)[0]
        for name, used in (("max_hours", hours[w]), ("max_work_hours", work[w])):
            cap = cal.limit(w, name)
            assert cap is None or used <= cap * 60 + TOL, f"{name} broken in the week of {monday}: {used} min"
        cap = cal.limit(w, "max_day_hours")
        for d in range(7 * w, 7 * w + 7):
            assert cap is None or per_day.get(d, 0) <= cap * 60 + TOL, f"max_day_hours broken on {cal.date(d * DAY)}"
        if w + 1 < cal.weeks:
            cap = cal.fortnight(w)
            used = work[w] + work[w + 1]
            assert cap is None or used <= cap * 60 + TOL, f"max_fortnight_work_hours broken from {monday}: {used} min"


def week_pay(cal: TermCalendar, problem, plan, spans) -> list[float]:
    """Each week's pay, re-derived from the plan's blocks (see the module docstring)."""
    gigs = {g.id: g for g in problem.gigs}
    out = [0.0] * cal.weeks
    for entry in plan.gigs:
        gig, mine = gigs[entry.id], sorted(spans[entry.id])
        for w, minutes in enumerate(_by_week(cal, mine)):
            out[w] += minutes / 60 * float(gig.pay_rate or 0)
        if gig.total_hours is not None:
            out[min(mine[-1][0] // WEEK, cal.weeks - 1)] += float(gig.fee or 0)
            continue
        if gig.sessions:
            weeks = {min(s // WEEK, cal.weeks - 1) for s, _ in mine}
        else:
            weeks = {min(m // WEEK, cal.weeks - 1) for m in work_minutes(cal, gig)}
        for w in weeks:
            out[w] += float(gig.weekly_pay or 0)
    return out


def _check_week_pay(cal: TermCalendar, problem, plan, spans, gig_spans) -> None:
    """The plan's pay per week is the re-derived one, and each week meets the minimums in force."""
    pay = week_pay(cal, problem, plan, spans)
    minutes = _by_week(cal, gig_spans)
    for w in range(cal.weeks):
        monday = cal.days_of_week(w)[0]
        assert abs(plan.weeks[w].pay - pay[w]) < 1e-6 * max(1.0, pay[w]), (
            f"the week of {monday} pays {pay[w]}, the plan says otherwise"
        )
        least = cal.minimum(w, "min_week_pay")
        assert least is None or pay[w] >= least - TOL, f"min_week_pay broken in the week of {monday}: {pay[w]}"
        least = cal.minimum(w, "min_work_hours")
        assert least is None or minutes[w] >= least * 60 - TOL, (
            f"min_work_hours broken in the week of {monday}: {minutes[w]} min of gig work"
        )
