"""A term prepared for the solver: occurrences and cells in term minutes, caps per week, exclusions with reasons.

Pure Python and numpy, no solver types. The term is expanded by
:class:`stacker.problem.calendar.Calendar`; this module turns the problem's
items into what the term model reads:

- commitments: their occurrences, minutes per week and per day (what counts
  toward ``max_hours`` and ``max_day_hours``, and what counts as work);
  commitments that clash, or alone exceed a cap, make the problem infeasible;
- candidates: each gig not excluded, as a :class:`Candidate` (a fixed gig's
  occurrences; a flexible gig's or project's grid cells clear of
  commitments, in runs of at least a block within a week, its weeks and
  the most steps each week can hold);
- exclusions: a fixed gig that clashes with a commitment or alone exceeds a
  cap; a flexible gig that cannot fit its hours in one of its weeks; a
  project that cannot be finished by its due date; a gig the student's
  rules forbid (:mod:`.rules`; their quiet hours and days off are no free
  time for flexible gigs and projects). Each with its reason.
- travel (:mod:`.travel`, on the term's timeline): a fixed gig too close to
  a commitment at another place on some date is excluded with the reason
  and the date, two commitments too close are infeasible, pairs of fixed
  gigs too close on some date are :attr:`TermPrepared.travel_pairs`, and a
  flexible gig's cells leave out the commitments' travel zones. With
  ``rules.travel_counts``, the commitments' day pieces at places
  (:attr:`TermPrepared.commitment_places`), whether a stop can shorten a
  day's travel (:attr:`TermPrepared.travel_monotone`), and the weeks and
  days whose caps the commitments' travel alone breaks (infeasible).

Value units are those of :mod:`.units`: ``UNITS_PER_MONEY`` per unit of
money, a minute at whole cents per hour a whole number of units.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from ..problem.calendar import Calendar, split_by, week_of
from ..problem.geometry import run_totals
from ..problem.items import Gig
from ..problem.problem import Problem
from ..problem.week import DAY, DAYS, WEEK, clock, hours_text
from .rules import field_reasons, term_blocked, term_session_reason
from .travel import REMOTE, Travel, day_travel, gap_reason, travel_of
from .units import UNITS_PER_MONEY, cap_minutes, money_units


@dataclass
class Candidate:
    """One gig the term model may take.

    ``kind`` is ``"fixed"``, ``"weekly"`` (flexible, hours each week) or
    ``"project"``. Minutes are term minutes (see :mod:`stacker.problem.calendar`).
    """

    row: int
    gig: Gig
    kind: str
    occurrences: list[tuple[int, int]] = field(default_factory=list)  # fixed
    week_minutes: dict[int, int] = field(default_factory=dict)  # fixed: minutes in each week
    day_minutes: dict[int, int] = field(default_factory=dict)  # fixed: minutes on each day
    cells: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # flexible: usable cell starts
    weeks: list[int] = field(default_factory=list)  # weekly: its weeks; project: weeks it may be worked
    room: dict[int, int] = field(default_factory=dict)  # flexible: the most steps each week can hold
    totals: dict[int, int] = field(default_factory=dict)  # flexible: the steps each week's blocks can make (bitset)
    lo: int = 0  # weekly: steps per week; project: total steps
    hi: int = 0
    week_max: int | None = None  # project: steps per week
    value_weeks: int = 0  # fixed and weekly: the weeks its weekly value counts in
    rate: float = 0.0  # value per hour: Weights.hourly_value
    flat: float = 0.0  # fixed, weekly: Weights.weekly_value (per week); project: fee + mentor_value * mentor (once)
    once: float = 0.0  # once taken: Weights.taken_value
    place: int = REMOTE  # its place code (stacker.presolve.travel; REMOTE when no two places are apart)

    @property
    def grid(self) -> int:
        return int(self.gig.grid or 1)

    @property
    def block(self) -> int:
        """Shortest block in grid steps."""
        return int(self.gig.min_block or self.grid) // self.grid

    @property
    def minute_units(self) -> int:
        """Value units per minute of work."""
        return round(100 * self.rate)

    @property
    def flat_units(self) -> int:
        """Value units per week taken (fixed, weekly) or once (project)."""
        return round(UNITS_PER_MONEY * self.flat)

    @property
    def pay_units(self) -> tuple[int, int]:
        """Pay in units per minute of work, and per week taken (``weekly_pay``; a project: its ``fee``, once)."""
        per_minute, flat = money_units(self.gig.hourly_pay, self.gig.flat_pay)
        if self.kind == "project":
            flat = round(UNITS_PER_MONEY * float(self.gig.fee or 0.0))
        return per_minute, flat

    def pay_weeks(self, weeks: int) -> list[int]:
        """The weeks its flat pay falls in: a fixed gig's with an occurrence starting, a weekly gig's weeks
        (a project's fee falls in the week of its last block, which the plan decides)."""
        if self.kind == "fixed":
            return sorted({week_of(s, weeks) for s, _ in self.occurrences})
        return list(self.weeks) if self.kind == "weekly" else []

    @property
    def taken_units(self) -> int:
        """Value units of taking it, whatever its hours: ``flat`` in each of its weeks (or once), and ``once``."""
        weeks = 1 if self.kind == "project" else self.value_weeks
        return weeks * self.flat_units + round(UNITS_PER_MONEY * self.once)


@dataclass
class TermPrepared:
    """What the term model reads: the calendar, candidates, caps per week, exclusions."""

    problem: Problem
    calendar: Calendar
    candidates: list[Candidate]
    excluded: list[tuple[str, str]]
    reasons: list[str]
    commitment_occurrences: list[tuple[int, int, int]]  # (start, end, commitment index)
    counted_week: np.ndarray  # per week: commitment minutes toward max_hours
    work_week: np.ndarray  # per week: commitment minutes that count as work
    counted_day: np.ndarray  # per day: commitment minutes toward max_day_hours
    travel: Travel = field(default_factory=lambda: Travel((), np.zeros((0, 0), np.int64)))  # places, minutes apart
    travel_pairs: list[tuple[int, int]] = field(default_factory=list)  # fixed candidates too close to both be taken
    zones: dict[int, np.ndarray] = field(default_factory=dict, repr=False)  # place -> _commitment_zone, once each
    # rules.travel_counts with places apart: travel minutes count toward max_hours and max_day_hours
    counts_travel: bool = False
    # False only when travel counts and more items may lower a day's hours with their travel (Travel.saving): cuts
    # may then forbid no supersets
    travel_monotone: bool = True
    commitment_places: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # day pieces at places

    def week_days(self, week: int) -> range:
        """The term days whose minutes count toward ``week`` (the last week also holds the day after the term's
        last Sunday, where a block past that midnight ends)."""
        last = week == self.calendar.weeks - 1
        return range(7 * week, 7 * week + 7 + last)

    def day_cap(self, day: int) -> int | None:
        """``max_day_hours`` in force on term day ``day``, in minutes (None: no cap)."""
        return self.cap(min(day // 7, self.calendar.weeks - 1), "max_day_hours")

    def cap(self, week: int, name: str) -> int | None:
        """A cap in force in a week, in minutes (None: no cap)."""
        return cap_minutes(self.calendar.week_limits[week][name])

    def least(self, week: int, name: str) -> int | None:
        """A minimum in force in a week in integer units (pay units, or minutes; None: no minimum)."""
        value = self.calendar.minimums[week][name]
        if value is None:
            return None
        scale = UNITS_PER_MONEY if name == "min_week_pay" else 60
        return math.ceil(value * scale - 1e-6)

    def fortnight_cap(self, first: int) -> int | None:
        """The cap on work minutes in weeks ``first`` and ``first + 1`` (None: no cap)."""
        return cap_minutes(self.calendar.fortnight_caps[first], weeks=2)


def prepare_term(problem: Problem, calendar: Calendar | None = None) -> TermPrepared:
    """The term problem prepared for the model (see the module docstring).

    ``calendar``: the term's calendar (default ``Calendar(problem.term,
    problem.limits)``); the diagnosis passes one with some caps lifted.
    """
    assert problem.term is not None
    calendar = calendar or Calendar(problem.term, problem.limits)
    occurrences = [(s, e, i) for i, c in enumerate(problem.commitments) for s, e in calendar.occurrences(c)]
    counted_week = np.zeros(calendar.weeks, np.int64)
    work_week = np.zeros(calendar.weeks, np.int64)
    counted_day = np.zeros(calendar.days + 1, np.int64)
    for s, e, i in occurrences:
        c = problem.commitments[i]
        for w, minutes in split_by(s, e, WEEK):
            w = min(w, calendar.weeks - 1)
            counted_week[w] += minutes if c.counts_toward_cap else 0
            work_week[w] += minutes if c.counts_toward_work else 0
        for d, minutes in split_by(s, e, DAY):
            counted_day[d] += minutes if c.counts_toward_cap else 0
    prepared = TermPrepared(problem, calendar, [], [], [], occurrences, counted_week, work_week, counted_day)
    prepared.travel = travel_of(problem)
    prepared.counts_travel = problem.rules.travel_counts and prepared.travel.active
    if prepared.counts_travel:
        spans = _placed(prepared, occurrences, [c.location for c in problem.commitments])
        prepared.commitment_places = day_pieces([(s, e, place) for s, e, place, _ in spans])
    prepared.reasons = _commitment_reasons(prepared) + _commitment_travel_reasons(prepared)
    if prepared.reasons:
        return prepared
    busy = _busy_mask(calendar, occurrences)
    before = np.concatenate(([0], np.cumsum(busy, dtype=np.int64)))  # busy minutes before each minute
    forbidden = set(problem.forbid)
    blocked = term_blocked(problem.rules, calendar, len(busy))  # the student's rules: no gig work then (presolve.rules)
    ruled = dict(field_reasons(problem.table, problem.rules))
    gig_busy = busy | blocked if problem.rules.blocks_time else busy  # a fixed gig in blocked time is out first
    gig_before = np.concatenate(([0], np.cumsum(gig_busy, dtype=np.int64))) if gig_busy is not busy else before
    for row, gig in enumerate(problem.gigs):
        if gig.id in forbidden:
            prepared.excluded.append((gig.id, "forbidden"))
            continue
        reason = ruled.get(row)
        if reason is None and gig.is_fixed:
            occurs = calendar.occurrences(gig)
            reason = term_session_reason(problem.rules, calendar, blocked, occurs, lambda s, e: when(calendar, s, e))
        candidate = None
        if reason is None:
            candidate, reason = _candidate(prepared, gig_busy, gig_before, row, gig)
            if reason is not None and gig_busy is not busy and _candidate(prepared, busy, before, row, gig)[1] is None:
                reason += f" outside {problem.rules.time_text()}"  # it fits but for the rules: say so
            elif reason is not None and _travel_keeps_out(prepared, gig_busy, gig_before, row, gig):
                reason += " clear of the travel to and from the commitments at other places"  # it fits but for that
        if reason is not None:
            prepared.excluded.append((gig.id, reason))
            if gig.id in problem.require:
                prepared.reasons.append(f"required gig {gig.id!r} cannot be taken: {reason}")
        else:
            prepared.candidates.append(candidate)  # type: ignore[arg-type]
    prepared.travel_pairs = _fixed_travel_pairs(prepared)
    prepared.reasons += _minimum_reasons(prepared)
    if prepared.counts_travel:
        prepared.travel_monotone = _shortest_at_places(prepared) >= prepared.travel.saving
        prepared.reasons += _commitment_travel_over(prepared)
    return prepared


def day_pieces(spans: list[tuple[int, int, int]]) -> np.ndarray:
    """Rows ``(start, end, place)`` of the spans ``(start, end, place)`` cut at each midnight (term minutes)."""
    rows = [
        (max(s, d * DAY), min(e, (d + 1) * DAY), p) for s, e, p in spans for d in range(s // DAY, (e - 1) // DAY + 1)
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def _shortest_at_places(prepared: TermPrepared) -> int:
    """The fewest minutes an item of a candidate at a place can take between two others on a day: a fixed gig's
    shortest occurrence, a weekly gig's or project's grid step (the cuts' relaxation places single cells)."""
    lengths = [
        e - s if c.kind == "fixed" else c.grid
        for c in prepared.candidates
        if c.place != REMOTE
        for s, e in (c.occurrences if c.kind == "fixed" else [(0, c.grid)])
    ]
    return min(lengths, default=WEEK)


def _commitment_travel_over(prepared: TermPrepared) -> list[str]:
    """The weeks and days whose caps the commitments break with the travel between them counted
    (``rules.travel_counts``), with the reason.

    Only when more items never lower a day's hours with their travel
    (``TermPrepared.travel_monotone``): then no gig in between can make
    room, so no plan keeps the caps.
    """
    if not prepared.travel_monotone:
        return []
    calendar = prepared.calendar
    travel = np.zeros(calendar.days + 1, np.int64)
    found = day_travel(prepared.commitment_places, prepared.travel)
    travel[: len(found)] += found[: len(travel)]
    reasons = []
    why = "of travel between them that counts (rules.travel_counts)"
    for w in range(calendar.weeks):
        cap, days = prepared.cap(w, "max_hours"), prepared.week_days(w)
        moved = int(travel[days.start : days.stop].sum())
        if cap is not None and prepared.counted_week[w] + moved > cap:
            reasons.append(
                f"commitments alone take {hours_text(int(prepared.counted_week[w]))} and {hours_text(moved)} {why} "
                f"in {week_name(calendar, w)}, over max_hours ({cap / 60:g} h)"
            )
        for d in days:
            cap = prepared.day_cap(d)
            if cap is not None and prepared.counted_day[d] + travel[d] > cap:
                reasons.append(
                    f"commitments alone take {hours_text(int(prepared.counted_day[d]))} on {calendar.date(d)} and "
                    f"{hours_text(int(travel[d]))} {why}, over max_day_hours ({cap / 60:g} h)"
                )
    return reasons


def _placed(prepared: TermPrepared, spans: list[tuple[int, int, int]], locations: list[str | None]) -> list[tuple]:
    """``(start, end, place, owner)`` of each span ``(start, end, owner)`` at a place, ``locations[owner]`` its
    location, sorted by start (none when no two places are apart: travel changes nothing)."""
    travel = prepared.travel
    if not travel.active:
        return []
    codes = [travel.code(location) for location in locations]
    return sorted((s, e, codes[k], k) for s, e, k in spans if codes[k] != REMOTE)


def _too_close(travel: Travel, spans: list[tuple]) -> list[tuple[tuple, tuple, int, int]]:
    """Pairs ``(a, b, need, gap)`` of ``spans`` (sorted by start) at different places, ``b`` starting ``gap``
    minutes after ``a`` ends, fewer than the ``need`` to travel from ``a``'s place to ``b``'s."""
    longest = int(travel.minutes.max()) if travel.minutes.size else 0
    starts = [span[0] for span in spans]
    out = []
    for a in spans:
        for b in spans[bisect.bisect_left(starts, a[1]) : bisect.bisect_left(starts, a[1] + longest)]:
            need = int(travel.minutes[a[2], b[2]])
            if a[2] != b[2] and b[0] - a[1] < need:
                out.append((a, b, need, b[0] - a[1]))
    return out


def _commitment_travel_reasons(prepared: TermPrepared) -> list[str]:
    """Two commitments at different places too close to travel between (on some date): infeasible, with the reason."""
    commitments = prepared.problem.commitments
    spans = _placed(prepared, prepared.commitment_occurrences, [c.location for c in commitments])
    travel, calendar = prepared.travel, prepared.calendar
    found: dict[tuple[int, int], list[str]] = {}  # per pair of commitments: the first, then a count
    for a, b, need, gap in _too_close(travel, spans):
        origin, destination = travel.places[a[2]], travel.places[b[2]]
        reason = gap_reason(need, origin, destination, gap, commitments[a[3]].id, commitments[b[3]].id)
        found.setdefault((a[3], b[3]), []).append(f"{reason} on {calendar.date(b[0] // DAY)}")
    return [first + (f" and on {len(more)} more dates" if more else "") for first, *more in found.values()]


def _commitment_too_close(prepared: TermPrepared, candidate: Candidate) -> str | None:
    """Why a fixed gig cannot be taken for the travel to or from a commitment at another place (on some date)."""
    commitments, travel = prepared.problem.commitments, prepared.travel
    if not travel.active or candidate.place == REMOTE:
        return None
    locations: list[str | None] = [c.location for c in commitments] + [_location(prepared, candidate.row)]
    mine = len(commitments)  # the gig's spans are owned by the index after the commitments'
    spans = prepared.commitment_occurrences + [(s, e, mine) for s, e in candidate.occurrences]
    for a, b, need, gap in _too_close(travel, _placed(prepared, spans, locations)):
        if (a[3] == mine) != (b[3] == mine):  # the gig and a commitment
            names = [candidate.gig.id if k == mine else commitments[k].id for k in (a[3], b[3])]
            origin, destination = travel.places[a[2]], travel.places[b[2]]
            return f"{gap_reason(need, origin, destination, gap, *names)} on {prepared.calendar.date(b[0] // DAY)}"
    return None


def _location(prepared: TermPrepared, row: int) -> str | None:
    """The ``location`` of the gig in table row ``row`` (the table's column, what the week model reads too)."""
    locations = prepared.problem.table.locations
    return None if locations is None else locations[row]


def _fixed_travel_pairs(prepared: TermPrepared) -> list[tuple[int, int]]:
    """The pairs of fixed candidates at different places that cannot keep the travel gap on some date.

    The master takes at most one of each pair, as of two fixed gigs that overlap.
    """
    candidates = prepared.candidates
    placed_fixed = [k for k, c in enumerate(candidates) if c.kind == "fixed" and c.place != REMOTE]
    spans = [(s, e, k) for k in placed_fixed for s, e in candidates[k].occurrences]
    placed = _placed(prepared, spans, [_location(prepared, c.row) for c in candidates])
    return sorted({(min(a[3], b[3]), max(a[3], b[3])) for a, b, _, _ in _too_close(prepared.travel, placed)})


def _minimum_reasons(prepared: TermPrepared) -> list[str]:
    """The weeks whose minimums the gigs cannot reach even each at its most that week (an upper bound)."""
    calendar, reasons = prepared.calendar, []
    for w in range(calendar.weeks):
        least_pay, least_minutes = prepared.least(w, "min_week_pay"), prepared.least(w, "min_work_hours")
        if least_pay is None and least_minutes is None:
            continue
        pay = minutes = 0
        for c in prepared.candidates:
            per_minute, flat = c.pay_units
            if c.kind == "fixed":
                most = c.week_minutes.get(w, 0)
                flat *= w in c.pay_weeks(calendar.weeks)
            elif w in c.room:
                most = c.grid * min(c.room[w], c.hi, c.week_max if c.week_max is not None else c.hi)
            else:
                continue
            pay, minutes = pay + per_minute * most + flat, minutes + most
        for cap, used in (("max_work_hours", prepared.work_week[w]), ("max_hours", prepared.counted_week[w])):
            limit = prepared.cap(w, cap)
            minutes = minutes if limit is None else min(minutes, int(limit - used))
        name = week_name(calendar, w)
        if least_pay is not None and pay < least_pay:
            most_pay = math.floor(pay / UNITS_PER_MONEY * 100) / 100
            reasons.append(
                f"min_week_pay ({calendar.minimums[w]['min_week_pay']:g}) cannot be met in {name}: "
                f"its gigs can pay at most {most_pay:g} in it"
            )
        if least_minutes is not None and minutes < least_minutes:
            reasons.append(
                f"min_work_hours ({calendar.minimums[w]['min_work_hours']:g} h) cannot be met in {name}: "
                f"at most {max(minutes, 0) / 60:g} h of gig work fit in it"
            )
    return reasons


def when(calendar: Calendar, start: int, end: int) -> str:
    """``"2027-03-03 (Wed) 19:00-21:00"`` for term minutes."""
    day, minute = divmod(start, DAY)
    finish = minute + end - start
    return f"{calendar.date(day)} ({DAYS[day % 7]}) {clock(minute)}-{clock(finish if finish <= DAY else finish - DAY)}"


def week_name(calendar: Calendar, week: int) -> str:
    """``"the week of 2027-02-15"``."""
    return f"the week of {calendar.date(7 * week)}"


def _commitment_reasons(prepared: TermPrepared) -> list[str]:
    calendar, commitments = prepared.calendar, prepared.problem.commitments
    clashes: dict[tuple[int, int], list[str]] = {}  # per pair of commitments: the first clash, then a count
    ordered = sorted(prepared.commitment_occurrences)
    for (s1, e1, i), (s2, e2, j) in itertools.pairwise(ordered):
        if s2 < e1:
            found = clashes.setdefault((i, j), [])
            found.append(
                f"{commitments[i].id!r} ({when(calendar, s1, e1)}) clashes with "
                f"{commitments[j].id!r} ({when(calendar, s2, e2)})"
            )
    more = {pair: f" and on {len(found) - 1} more dates" if len(found) > 1 else "" for pair, found in clashes.items()}
    reasons = [found[0] + more[pair] for pair, found in clashes.items()]
    for w in range(calendar.weeks):
        cap = prepared.cap(w, "max_hours")
        if cap is not None and prepared.counted_week[w] > cap:
            reasons.append(f"commitments alone are over max_hours in {week_name(calendar, w)}")
        work = prepared.cap(w, "max_work_hours")
        if work is not None and prepared.work_week[w] > work:
            reasons.append(f"commitments that count as work are alone over max_work_hours in {week_name(calendar, w)}")
        day_cap = prepared.cap(w, "max_day_hours")
        for d in range(7 * w, 7 * w + 7):
            if day_cap is not None and prepared.counted_day[d] > day_cap:
                reasons.append(f"commitments alone are over max_day_hours on {calendar.date(d)}")
    for w in range(calendar.weeks - 1):
        cap = prepared.fortnight_cap(w)
        if cap is not None and prepared.work_week[w] + prepared.work_week[w + 1] > cap:
            reasons.append(
                f"commitments that count as work are alone over max_fortnight_work_hours "
                f"in the fortnight of {calendar.date(7 * w)}"
            )
    return reasons


def _busy_mask(calendar: Calendar, occurrences: list[tuple[int, int, int]]) -> np.ndarray:
    busy = np.zeros(calendar.horizon + DAY, dtype=bool)
    for s, e, _ in occurrences:
        busy[s:e] = True
    return busy


def travel_reach(prepared: TermPrepared) -> int:
    """The most minutes of travel between any two places of the problem (0: travel changes nothing)."""
    return int(prepared.travel.minutes.max()) if prepared.travel.active else 0


def _commitment_zone(prepared: TermPrepared, place: int) -> np.ndarray:
    """Busy minutes before each term minute (a prefix count) of the travel zones of the commitment occurrences
    at places other than ``place``: ``[s - T(place, there), e + T(there, place))``."""
    if place in prepared.zones:
        return prepared.zones[place]
    travel, reach = prepared.travel, travel_reach(prepared)
    zone = np.zeros(prepared.calendar.horizon + DAY + 2 * reach + 1, dtype=np.int64)
    locations = [c.location for c in prepared.problem.commitments]
    for s, e, there, _ in _placed(prepared, prepared.commitment_occurrences, locations):
        if there != place:
            zone[max(s - int(travel.minutes[place, there]), 0) : e + int(travel.minutes[there, place])] = 1
    prepared.zones[place] = np.concatenate(([0], np.cumsum(zone)))
    return prepared.zones[place]


def _travel_keeps_out(prepared: TermPrepared, busy: np.ndarray, before: np.ndarray, row: int, gig: Gig) -> bool:
    """Whether a flexible gig at a place would fit but for the travel to and from the commitments elsewhere."""
    if gig.is_fixed or not prepared.travel.active or prepared.travel.code(_location(prepared, row)) == REMOTE:
        return False
    return _candidate(prepared, busy, before, row, gig, travel=False)[1] is None


def _candidate(
    prepared: TermPrepared, busy: np.ndarray, before: np.ndarray, row: int, gig: Gig, *, travel: bool = True
) -> tuple[Candidate | None, str | None]:
    """The gig as a candidate, or the reason it cannot be one (``travel`` False: as if it were remote)."""
    weights = prepared.problem.weights
    rate = float(weights.hourly_value(gig.hourly_pay, gig.relevance, gig.growth))
    once = float(weights.taken_value(gig.conversion))
    place = prepared.travel.code(_location(prepared, row)) if travel and prepared.travel.active else REMOTE
    if gig.is_project:
        flat = float(gig.fee or 0.0) + float(weights.mentor_value) * bool(gig.mentor)
        project = Candidate(row, gig, "project", rate=rate, flat=flat, once=once, place=place)
        return _flexible(prepared, before, project)
    weekly = float(weights.weekly_value(gig.flat_pay, bool(gig.mentor)))
    kind = "fixed" if gig.is_fixed else "weekly"
    candidate = Candidate(row, gig, kind, rate=rate, flat=weekly, once=once, place=place)
    return _fixed(prepared, busy, candidate) if gig.is_fixed else _flexible(prepared, before, candidate)


def _fixed(prepared: TermPrepared, busy: np.ndarray, candidate: Candidate) -> tuple[Candidate | None, str | None]:
    calendar = prepared.calendar
    candidate.occurrences = calendar.occurrences(candidate.gig)
    if not candidate.occurrences:
        return None, "none of its sessions falls in the term"
    ordered = candidate.occurrences
    for (s1, e1), (s2, e2) in itertools.pairwise(ordered):
        if s2 < e1:
            return None, f"its sessions overlap each other ({when(calendar, s1, e1)} and {when(calendar, s2, e2)})"
    for s, e in ordered:
        if busy[s:e].any():
            other = next(c for a, b, c in prepared.commitment_occurrences if a < e and s < b)
            name = prepared.problem.commitments[other].id
            return None, f"its session {when(calendar, s, e)} clashes with {name!r}"
        for w, minutes in split_by(s, e, WEEK):
            w = min(w, calendar.weeks - 1)
            candidate.week_minutes[w] = candidate.week_minutes.get(w, 0) + minutes
        for d, minutes in split_by(s, e, DAY):
            candidate.day_minutes[d] = candidate.day_minutes.get(d, 0) + minutes
    reason = _commitment_too_close(prepared, candidate)
    if reason is not None:
        return None, reason
    candidate.value_weeks = len({week_of(s, calendar.weeks) for s, _ in ordered})
    for w, minutes in candidate.week_minutes.items():
        reason = _over(prepared, w, minutes)
        if reason:
            return None, f"alone it is over {reason}"
    for w in range(calendar.weeks - 1):
        cap = prepared.fortnight_cap(w)
        both = candidate.week_minutes.get(w, 0) + candidate.week_minutes.get(w + 1, 0)
        if cap is not None and both + prepared.work_week[w] + prepared.work_week[w + 1] > cap:
            return None, f"alone it is over max_fortnight_work_hours in the fortnight of {calendar.date(7 * w)}"
    for d, minutes in candidate.day_minutes.items():
        cap = prepared.cap(min(d // 7, calendar.weeks - 1), "max_day_hours")
        if cap is not None and minutes + prepared.counted_day[d] > cap:
            return None, f"alone it is over max_day_hours on {calendar.date(d)}"
    return candidate, None


def _over(prepared: TermPrepared, week: int, minutes: int) -> str | None:
    """The cap ``minutes`` of gig work would break alone in ``week`` (with the commitments), or None."""
    name = week_name(prepared.calendar, week)
    cap = prepared.cap(week, "max_work_hours")
    if cap is not None and minutes + prepared.work_week[week] > cap:
        return f"max_work_hours in {name}"
    cap = prepared.cap(week, "max_hours")
    if cap is not None and minutes + prepared.counted_week[week] > cap:
        return f"max_hours in {name}"
    return None


def _flexible(prepared: TermPrepared, before: np.ndarray, candidate: Candidate) -> tuple[Candidate | None, str | None]:
    calendar, gig = prepared.calendar, candidate.gig
    grid, block = candidate.grid, candidate.block
    cells = calendar.cells(gig)
    weeks = sorted({int(w) for w in cells // WEEK})
    if not weeks:
        return None, "no time in its windows on its days in the term"
    free = before[cells + grid] == before[cells]  # no busy minute in the cell
    cells = cells[free]
    if candidate.place != REMOTE:  # clear of the travel to and from the commitments at other places
        zone = _commitment_zone(prepared, candidate.place)
        cells = cells[zone[cells + grid] == zone[cells]]
    cells = _in_blocks(cells, grid, block)
    candidate.cells = cells
    runs = _week_runs(cells, grid)
    for w in weeks:
        candidate.room[w], candidate.totals[w] = _room(prepared, runs.get(w, []), w, grid, block)
    if candidate.kind == "weekly":
        candidate.weeks = weeks
        candidate.value_weeks = len(weeks)
        candidate.lo, candidate.hi = gig.step_range
        for w in weeks:
            if candidate.room[w] < candidate.lo:
                return (
                    None,
                    f"cannot fit {candidate.lo * grid / 60:g} h in blocks of {block * grid} min "
                    f"in {week_name(calendar, w)}",
                )
            if not _between(candidate.totals[w], candidate.lo, min(candidate.hi, candidate.room[w])):
                return (
                    None,
                    f"its {_hours(candidate.lo, candidate.hi, grid)} cannot be made "
                    f"of blocks of {block * grid} min in the free time of {week_name(calendar, w)}",
                )
        return candidate, None
    total = round(float(gig.total_hours) * 60) // grid  # type: ignore[arg-type]
    candidate.lo = candidate.hi = total
    candidate.week_max = None if gig.max_week_hours is None else math.floor(gig.max_week_hours * 60 / grid + 1e-9)
    candidate.weeks = [w for w in weeks if candidate.room[w] > 0]
    most = sum(min(candidate.room[w], candidate.week_max or total) for w in candidate.weeks)
    if most < total:
        due = gig.due or calendar.term.end
        cap = "" if candidate.week_max is None else f" at most {gig.max_week_hours:g} h a week,"
        return (
            None,
            f"cannot be finished by {due}:{cap} its windows and the caps hold at most "
            f"{most * grid / 60:g} of its {total * grid / 60:g} h",
        )
    if not (_project_totals(candidate) >> total) & 1:
        due = gig.due or calendar.term.end
        return (
            None,
            f"cannot be finished by {due}: its {total * grid / 60:g} h cannot be made of blocks of "
            f"{block * grid} min in the free time of its weeks",
        )
    return candidate, None


def _hours(lo: int, hi: int, grid: int) -> str:
    """``"3 h"`` or ``"3 to 5 h"`` for a range of steps."""
    return f"{lo * grid / 60:g} h" if lo == hi else f"{lo * grid / 60:g} to {hi * grid / 60:g} h"


def _between(bits: int, lo: int, hi: int) -> bool:
    """Whether bitset ``bits`` has a bit set from ``lo`` to ``hi``."""
    return hi >= lo and (bits >> lo) & ((1 << (hi - lo + 1)) - 1) != 0


def _project_totals(candidate: Candidate) -> int:
    """The total steps a project's weeks can make together (bitset up to its total): each week within its most."""
    limit = (1 << (candidate.lo + 1)) - 1
    reach = 1
    for w in candidate.weeks:
        most = candidate.room[w] if candidate.week_max is None else min(candidate.room[w], candidate.week_max)
        week = candidate.totals[w] & ((1 << (most + 1)) - 1)
        grown = 0
        for t in range(most + 1):
            if (week >> t) & 1:
                grown |= reach << t
        reach = grown & limit
    return reach


def _in_blocks(cells: np.ndarray, grid: int, block: int) -> np.ndarray:
    """The cells in runs of at least ``block`` consecutive cells within a week: the only ones a block can use."""
    if block <= 1 or not len(cells):
        return cells
    cut = _run_breaks(cells, grid)
    starts = np.concatenate(([0], cut))
    lengths = np.diff(np.concatenate((starts, [len(cells)])))
    return cells[np.repeat(lengths >= block, lengths)]


def _run_breaks(cells: np.ndarray, grid: int) -> np.ndarray:
    """Where runs of consecutive cells begin (but the first): after a gap, or at a Sunday midnight."""
    return np.flatnonzero((np.diff(cells) != grid) | (np.diff(cells // WEEK) != 0)) + 1


def _week_runs(cells: np.ndarray, grid: int) -> dict[int, list[np.ndarray]]:
    """Each week's runs of consecutive cells (:func:`_run_breaks`)."""
    out: dict[int, list[np.ndarray]] = {}
    for run in np.split(cells, _run_breaks(cells, grid)) if len(cells) else []:
        out.setdefault(int(run[0]) // WEEK, []).append(run)
    return out


def _room(prepared: TermPrepared, runs: list[np.ndarray], week: int, grid: int, block: int) -> tuple[int, int]:
    """The most steps a gig can work in a week, and the step counts its blocks can make (a bitset).

    ``runs``: the week's runs of the gig's free cells (:func:`_week_runs`).
    The most: its free runs of at least a block, under the week's and days'
    caps. The counts: sums over its free runs of ``{0} ∪ [block, run]``
    (:func:`~stacker.problem.geometry.run_totals`); under a daily cap, the
    runs within one day together at most that day's room.
    """
    if not runs:
        return 0, 1
    runs = [run for run in runs if len(run) >= block]
    steps = sum(len(run) for run in runs)
    caps = [prepared.cap(week, "max_work_hours"), prepared.cap(week, "max_hours")]
    room = [caps[0] - prepared.work_week[week] if caps[0] is not None else None]
    room.append(caps[1] - prepared.counted_week[week] if caps[1] is not None else None)
    day_cap = prepared.cap(week, "max_day_hours")
    if day_cap is None:
        totals = run_totals([len(run) for run in runs], block)
    else:
        usable = np.concatenate(runs) if steps else np.zeros(0, np.int64)
        per_day = np.bincount(usable // DAY - 7 * week, minlength=7)[:7] * grid
        left = np.maximum(day_cap - prepared.counted_day[7 * week : 7 * week + 7], 0)
        room.append(int(np.minimum(per_day, left).sum()))
        totals = _day_totals(runs, grid, block, left)
    for r in room:
        if r is not None:
            steps = min(steps, max(int(r), 0) // grid)
    return int(steps), totals & ((1 << (steps + 1)) - 1)


def _day_totals(runs: list[np.ndarray], grid: int, block: int, left: np.ndarray) -> int:
    """Step counts of blocks in ``runs`` when the runs within one day together hold at most that day's room ``left``.

    A run that crosses midnight is not bounded by a day (a superset: exact
    enough for the master, which the placement checks).
    """
    by_day: dict[int, list[int]] = {}
    across: list[int] = []
    for run in runs:
        first, last = int(run[0]) // DAY, (int(run[-1]) + grid - 1) // DAY
        (by_day.setdefault(first % 7, []) if first == last else across).append(len(run))
    reach = run_totals(across, block)
    for day, lengths in by_day.items():
        day_bits = run_totals(lengths, block) & ((1 << (int(left[day]) // grid + 1)) - 1)
        grown = 0
        for t in range(day_bits.bit_length()):
            if (day_bits >> t) & 1:
                grown |= reach << t
        reach = grown
    return reach
