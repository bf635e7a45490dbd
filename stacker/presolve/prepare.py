"""From a validated problem to solver-agnostic arrays, dropping what can never fit.

This step decides, before any model is built:

- whether the commitments alone are infeasible (two clash, or they exceed a
  cap on their own) and why;
- which gigs can never be part of a plan (a session clashes with a
  commitment, the gig alone is over a cap, too little free time in its
  windows, the student's rules forbid it: :mod:`.rules`) and why: they are
  reported in the plan as excluded; the rules' quiet hours and days off are
  no free time for flexible gigs;
- for the fixed gigs left, their minutes, values and the maximal sets of
  them that overlap in time (cliques of the interval graph, found by a
  vectorized sweep line), which become at-most-one constraints;
- for the flexible gigs left, the grid cells each may use, and *regions*:
  the distinct sets of minutes flexible gigs may use, with the minutes of
  each fixed gig inside each region per day. They give the master model its
  capacity constraints (see :mod:`stacker.cpsat`).

Values are integers in ``UNITS_PER_MONEY`` units: rates are taken to the cent
per hour, so a minute at rate ``r`` is worth ``round(100 r)`` units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..problem.geometry import (
    cell_minutes,
    day_pieces,
    drop_short_runs,
    interval_cliques,
    minute_mask,
    reachable_totals,
    window_minutes,
)
from ..problem.items import Commitment, Shape
from ..problem.problem import Problem
from ..problem.rules import rule_mask
from ..problem.table import GigTable
from ..problem.week import DAY, DAYS, WEEK, hours_text, interval_text, pieces
from .bound import greedy_units, worth_too_little
from .dominance import dominators
from .rules import blocked_reason, blocked_sessions, field_reasons, required_reason
from .travel import (
    REMOTE,
    Travel,
    commitment_clashes,
    commitment_travel_reasons,
    day_travel,
    fixed_bicliques,
    taken_by_place,
    travel_of,
    travel_sets,
)
from .units import UNITS_PER_MONEY, cap_minutes, value_units


@dataclass
class Flexible:
    """A flexible gig that may be chosen, as the model sees it."""

    gig: int  # index in problem.gigs
    grid: int
    block: int  # shortest block, in grid steps
    totals: np.ndarray  # every number of steps in that range its free runs can hold in blocks
    cells: np.ndarray  # usable cell numbers (cell c covers [c*grid, (c+1)*grid))
    step_units: int  # value units per grid step
    flat_units: int  # value units when chosen at all
    region: int = -1  # index of the region of exactly its usable minutes (its outer cells)
    place: int = REMOTE  # its place code (stacker.presolve.travel)
    outer: np.ndarray | None = None  # its usable cells but for travel zones (None: its cells), for the regions

    def free_cells(self, blocked: np.ndarray) -> np.ndarray:
        """Its usable cells clear of the ``blocked`` minutes (a WEEK-long boolean array)."""
        return self.cells[~blocked.reshape(-1, self.grid)[self.cells].any(axis=1)]

    @property
    def day_cells(self) -> np.ndarray:
        """Usable cells per day, shape (7,)."""
        return np.bincount(self.cells * self.grid // DAY, minlength=7)


@dataclass
class Region:
    """A set of minutes some flexible gig may use, and what competes for it.

    Every placed block of a member gig lies inside the region, and so does
    every minute of a chosen fixed gig counted in ``fixed_minutes``; since
    nothing overlaps in a plan, per day they add up to at most ``day_minutes``.
    """

    day_minutes: np.ndarray  # (7,) minutes of the region per day
    members: list[int]  # flexible gigs (positions in Prepared.flexible) whose minutes lie inside
    fixed: np.ndarray  # fixed gig positions with minutes inside the region
    fixed_day: np.ndarray  # ... on that day
    fixed_minutes: np.ndarray  # ... that many minutes


@dataclass
class Prepared:
    """What the model builder needs, in plain numbers."""

    problem: Problem
    table: GigTable
    reasons: list[str] = field(default_factory=list)
    excluded_ids: list[str] = field(default_factory=list)  # in the order of the problem
    excluded_reasons: list[str] = field(default_factory=list)
    fixed: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # gig index per fixed candidate
    fixed_units: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fixed_minutes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fixed_day_minutes: np.ndarray = field(default_factory=lambda: np.zeros((0, 7), np.int64))
    fixed_pieces: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # (start, end, candidate)
    clique_starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    clique_members: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    flexible: list[Flexible] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    required_fixed: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # fixed candidate positions
    required_flexible: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # flexible positions
    work_cap: int = 0  # minutes of gig work allowed per week
    day_caps: np.ndarray | None = None  # minutes of gig work allowed per day
    travel: Travel = field(default_factory=lambda: Travel((), np.zeros((0, 0), np.int64)))
    fixed_place: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # place code per fixed candidate
    travel_bicliques: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # (A, B): none of A with B
    # rules.travel_counts with places apart: travel minutes count toward max_hours and max_day_hours
    counts_travel: bool = False
    # ... and more items never lower a day's hours with its travel (Travel.saving): cuts may forbid supersets
    travel_monotone: bool = True
    total_cap: int = 0  # minutes of gig work and counted travel allowed per week (max_hours less the commitments)
    commitment_places: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # (start, end, place)

    @property
    def feasible(self) -> bool:
        return not self.reasons

    def taken_minutes(self, fixed: np.ndarray) -> np.ndarray:
        """A WEEK-long boolean array of the minutes the fixed gigs taken (``fixed[i]``) use."""
        pieces = self.fixed_pieces
        return minute_mask(pieces[fixed.astype(bool)[pieces[:, 2]], :2])

    def fixed_by_place(self, fixed: np.ndarray) -> np.ndarray:
        """(P, WEEK) masks: the minutes of the fixed gigs taken at each place (for travel zones)."""
        return taken_by_place(self.fixed_pieces, fixed, self.fixed_place, len(self.travel.places))

    def day_room(self, fixed: np.ndarray) -> np.ndarray | None:
        """Minutes per day the daily caps leave for flexible gigs beside the fixed gigs taken (None: no caps)."""
        if self.day_caps is None:
            return None
        return self.day_caps - self.fixed_day_minutes[fixed.astype(bool)].sum(axis=0)

    def placed_pieces(self, fixed: np.ndarray, cells: dict[int, np.ndarray]) -> np.ndarray:
        """Rows ``(start, end, place)``: the day pieces of the commitments, the fixed gigs taken and these cells."""
        pieces = self.fixed_pieces[fixed.astype(bool)[self.fixed_pieces[:, 2]]]
        rows = [self.commitment_places, np.column_stack([pieces[:, :2], self.fixed_place[pieces[:, 2]]])]
        for f, chosen in cells.items():
            flex = self.flexible[f]
            starts = np.asarray(chosen, dtype=np.int64) * flex.grid
            rows.append(np.column_stack([starts, starts + flex.grid, np.full(len(starts), flex.place)]))
        return np.concatenate(rows).astype(np.int64)

    def travel_over_caps(self, fixed: np.ndarray, cells: dict[int, np.ndarray]) -> bool:
        """Whether these gigs (fixed taken, flexible cells) break max_hours or max_day_hours with their counted travel.

        False when travel does not count.
        """
        if not self.counts_travel:
            return False
        travel = day_travel(self.placed_pieces(fixed, cells), self.travel)
        taken = fixed.astype(bool)
        day = self.fixed_day_minutes[taken].sum(axis=0) + travel
        for f, chosen in cells.items():
            grid = self.flexible[f].grid
            day += grid * np.bincount(np.asarray(chosen, dtype=np.int64) * grid // DAY, minlength=7)
        if int(day.sum()) > self.total_cap:
            return True
        return self.day_caps is not None and bool((day > self.day_caps).any())

    @property
    def excluded(self) -> list[tuple[str, str]]:
        """``(gig id, reason)`` of each gig dropped, in the order of the problem."""
        return list(zip(self.excluded_ids, self.excluded_reasons))


class _Dropped:
    """The gigs dropped so far and why, gathered as arrays: reasons are worded once per group."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.texts: list[str] = []
        self.single: list[tuple[int, str]] = []  # added one at a time: made into arrays once, in ordered()

    def add(self, row: int, reason: str) -> None:
        self.single.append((row, reason))

    def grouped(self, rows: np.ndarray, keys: np.ndarray, word: Callable[[int], str]) -> None:
        """Drop ``rows``; rows with the same key share a reason, ``word(k)`` for some ``k`` of the group.

        ``k`` is a position in ``rows`` (and ``keys``).
        """
        if not len(rows):
            return
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        self.rows.append(np.asarray(rows, dtype=np.int64))
        self.codes.append(inverse.reshape(-1) + len(self.texts))
        self.texts.extend(word(int(k)) for k in first)

    def ordered(self, ids: list[str]) -> tuple[list[str], list[str]]:
        """Ids and reasons, in the order of the problem."""
        if self.single:
            single_rows, reasons = zip(*self.single)
            self.rows.append(np.array(single_rows, dtype=np.int64))
            self.codes.append(np.arange(len(self.texts), len(self.texts) + len(reasons)))
            self.texts.extend(reasons)
            self.single = []
        if not self.rows:
            return [], []
        rows, codes = np.concatenate(self.rows), np.concatenate(self.codes)
        order = np.argsort(rows, kind="stable")
        texts = self.texts
        return [ids[r] for r in rows[order].tolist()], [texts[c] for c in codes[order].tolist()]


def prepare(
    problem: Problem,
    *,
    dominance: bool = True,
    left: Callable[[], float | None] | None = None,
    prices: np.ndarray | None = None,
) -> Prepared:
    """Check the commitments, drop gigs that cannot fit, and index the rest.

    With ``dominance`` (and no required gigs), gigs that a plan of the most
    value never needs are dropped too (same sessions as a better gig,
    dominated by a better fixed gig when no flexible gig is left, see
    :mod:`stacker.presolve.dominance`, or outranked by enough interchangeable flexible
    gigs). That is exact for the value objective only: other objectives,
    alternatives and explanations prepare without it. ``left()``, the
    seconds left of a time limit (None: no limit), stops that optional work
    when it reaches 0.

    ``prices`` (integer value units per gig, in the order of ``problem.table``)
    are taken off each gig's value once when it is taken: the prices on the
    openings of a shared pool (:mod:`stacker.market`). The values, and so the
    dominance rules, are those of the priced gigs.
    """
    out = Prepared(problem, problem.table)
    dominance = dominance and not problem.require and not problem.limits.minimums  # minimums: not the value alone
    out.travel = travel = travel_of(problem)
    # without travel between any two places, every gig is as if remote: nothing changes
    gig_place = travel.codes(problem.table.locations if travel.active else None, len(problem.table))
    limits = problem.limits
    busy = _commitment_pieces(problem)
    counted = busy[busy[:, 3] == 1]
    committed_day = np.bincount(counted[:, 0] // DAY, weights=counted[:, 1] - counted[:, 0], minlength=7)
    committed = int(committed_day.sum())
    out.reasons = _commitment_reasons(problem, busy, committed, committed_day)
    if out.reasons:
        return out
    total_cap = cap_minutes(limits.max_hours) - committed
    out.total_cap = out.work_cap = total_cap
    if limits.max_work_hours is not None:
        out.work_cap = min(out.work_cap, cap_minutes(limits.max_work_hours))
    if limits.max_day_hours is not None:
        out.day_caps = cap_minutes(limits.max_day_hours) - committed_day.astype(np.int64)
    caps = _Caps(problem, out.work_cap, total_cap, committed, out.day_caps, committed_day)
    table = out.table
    dropped = _Dropped()
    forbidden = np.zeros(len(table), dtype=bool)
    if problem.forbid:
        forbid = set(problem.forbid)
        forbidden = np.array([gig_id in forbid for gig_id in table.ids], dtype=bool)
        rows = np.flatnonzero(forbidden)
        dropped.grouped(rows, np.zeros(len(rows), dtype=np.int64), lambda _: "forbidden (in the problem's forbid list)")
    rules = problem.rules
    for row, reason in field_reasons(table, rules):
        if not forbidden[row]:
            forbidden[row] = True
            dropped.add(row, reason)
    blocked = rule_mask(rules)
    rows, sessions = blocked_sessions(table, blocked, forbidden)
    forbidden[rows] = True
    dropped.grouped(
        rows,
        sessions[:, 0] * 2 * WEEK + sessions[:, 1],
        lambda k: blocked_reason(rules, int(sessions[k, 0]), int(sessions[k, 1])),
    )
    fixed_ids, fixed_pieces = _fixed_candidates(problem, table, busy, caps, dropped, forbidden, travel, gig_place)
    minute_busy = minute_mask(busy[:, :2]) | blocked  # no flexible work in the rules' quiet hours and days off
    commitment_busy = _commitments_by_place(problem, busy, travel)
    if problem.rules.travel_counts and travel.active:
        out.counts_travel = True
        out.travel_monotone = _shortest_at_places(problem.table, gig_place) >= travel.saving
        where = np.array([travel.code(c.location) for c in problem.commitments], dtype=np.int64)
        if len(busy):
            out.commitment_places = np.column_stack([busy[:, :2], where[busy[:, 2]]])
        out.reasons = _commitment_travel_over(out, committed, committed_day)
        if out.reasons:
            return out
    if prices is None:
        prices = np.zeros(len(table), dtype=np.int64)
    flexible = _flexible_candidates(
        table, np.flatnonzero(~table.is_fixed & ~forbidden), minute_busy, caps, dropped, prices, gig_place,
        lambda place: travel.zones(commitment_busy, place),
    )  # fmt: skip
    out.flexible = _drop_outnumbered(flexible, out.work_cap, dropped, left) if dominance else flexible
    _index_fixed(
        out,
        table,
        fixed_ids,
        fixed_pieces,
        dropped,
        prices,
        gig_place,
        twins=dominance,
        # counted travel where a short stop in between shortens a day's travel (Travel.saving): a gig dropped for
        # another may have been that stop, so the dominance does not hold
        dominance=dominance and not out.flexible and out.travel_monotone,
    )
    out.regions = _regions(out.flexible, out.fixed_pieces)
    out.excluded_ids, out.excluded_reasons = dropped.ordered(table.ids)
    _pin_required(out)
    return out


def _pin_required(out: Prepared) -> None:
    """Positions of the required gigs among the candidates; a reason for each that cannot fit."""
    required = out.problem.require
    if not required:
        return
    excluded = dict(out.excluded)
    over = required_reason(out.problem.rules, required)
    if over is not None:
        out.reasons.append(over)
    for gig_id in required:
        if gig_id in excluded:
            out.reasons.append(f"required gig {gig_id!r} cannot fit: it {excluded[gig_id]}")
    index = {gig_id: i for i, gig_id in enumerate(out.table.ids)}
    wanted = {index[gig_id] for gig_id in required}
    out.required_fixed = np.flatnonzero(np.isin(out.fixed, list(wanted)))
    out.required_flexible = np.array([f for f, flex in enumerate(out.flexible) if flex.gig in wanted], dtype=np.int64)


def _commitments_by_place(problem: Problem, busy: np.ndarray, travel: Travel) -> np.ndarray:
    """(P, WEEK) masks: the minutes of the commitments at each place."""
    out = np.zeros((len(travel.places), WEEK), dtype=bool)
    if not travel.active:
        return out
    where = np.array([travel.code(c.location) for c in problem.commitments], dtype=np.int64)
    for p in range(len(travel.places)):
        rows = busy[where[busy[:, 2]] == p, :2] if len(busy) else busy[:, :2]
        if len(rows):
            out[p] = minute_mask(rows)
    return out


def _commitment_pieces(problem: Problem) -> np.ndarray:
    """Rows ``(start, end, commitment index, counts)`` of commitment day-pieces."""
    rows = day_pieces([(s, e, i) for i, c in enumerate(problem.commitments) for s, e in c.intervals])
    counts = np.array([c.counts_toward_cap for c in problem.commitments], dtype=np.int64)
    return np.column_stack([rows, counts[rows[:, 2]]])


def _commitment_reasons(problem: Problem, busy: np.ndarray, committed: int, committed_day: np.ndarray) -> list[str]:
    reasons: list[str] = []
    commitments = problem.commitments
    seen: set[tuple[int, int, int, int]] = set()
    order = np.argsort(busy[:, 0], kind="stable")
    for a_pos, a in enumerate(order):
        for b in order[a_pos + 1 :]:
            if busy[b, 0] >= busy[a, 1]:
                break
            ca, cb = int(busy[a, 2]), int(busy[b, 2])
            if ca == cb:
                continue
            sa, sb = _session_of(commitments[ca], busy[a, 0]), _session_of(commitments[cb], busy[b, 0])
            key = (ca, cb, *sa) if ca < cb else (cb, ca, *sb)
            if key not in seen:
                seen.add(key)
                reasons.append(
                    f"{commitments[ca].id!r} ({interval_text(*sa)}) clashes with "
                    f"{commitments[cb].id!r} ({interval_text(*sb)})"
                )
    reasons += commitment_travel_reasons(problem)
    limits = problem.limits
    if committed > cap_minutes(limits.max_hours):
        reasons.append(
            f"commitments alone take {hours_text(committed)} a week, over max_hours ({limits.max_hours:g} h)"
        )
    if limits.max_day_hours is not None:
        for day in np.flatnonzero(committed_day > cap_minutes(limits.max_day_hours)):
            reasons.append(
                f"commitments alone take {hours_text(committed_day[day])} on {DAYS[day]}, "
                f"over max_day_hours ({limits.max_day_hours:g} h)"
            )
    return reasons


def _commitment_travel_over(out: Prepared, committed: int, committed_day: np.ndarray) -> list[str]:
    """The caps the commitments break with the travel between them counted (``rules.travel_counts``).

    Only when more items never lower a day's hours with its travel
    (``Prepared.travel_monotone``): then no gig in between can make room, so
    no plan keeps the caps.
    """
    if not out.travel_monotone:
        return []
    travel = day_travel(out.commitment_places, out.travel)
    limits = out.problem.limits
    reasons = []
    if int(travel.sum()) > out.total_cap:
        reasons.append(
            f"commitments alone take {hours_text(committed)} a week and {hours_text(int(travel.sum()))} of travel "
            f"between them that counts (rules.travel_counts), over max_hours ({limits.max_hours:g} h)"
        )
    if out.day_caps is not None:
        for day in np.flatnonzero(travel > out.day_caps):
            reasons.append(
                f"commitments alone take {hours_text(committed_day[day])} on {DAYS[day]} and "
                f"{hours_text(int(travel[day]))} of travel between them that counts (rules.travel_counts), "
                f"over max_day_hours ({limits.max_day_hours:g} h)"
            )
    return reasons


def _shortest_at_places(table: GigTable, gig_place: np.ndarray) -> int:
    """The fewest minutes an item of a gig at a place can take between two others on a day: its shortest session
    (fixed) or ``min_block`` (flexible); a session or block past midnight is last in one day, first in the next."""
    shortest = WEEK
    for code in np.unique(table.shape[gig_place != REMOTE]).tolist():
        shape = table.shapes[code]
        if shape is None:
            continue
        if shape.is_fixed:
            shortest = min([shortest, *(end - start for start, end in shape.intervals)])
        else:
            shortest = min(shortest, int(shape.min_block or 0))
    return shortest


def _session_of(commitment: Commitment, minute: int) -> tuple[int, int]:
    """The commitment's session that contains a piece starting at ``minute``."""
    for s, e in commitment.intervals:
        if any(ps <= minute < pe for ps, pe in pieces(s, e)):
            return s, e
    raise AssertionError("piece without a session")


@dataclass
class _Caps:
    """The caps as minutes, with the wording of the reasons a gig cannot fit."""

    problem: Problem
    work_cap: int
    total_cap: int
    committed: int
    day_caps: np.ndarray | None
    committed_day: np.ndarray

    def over(self, minutes: int) -> str | None:
        limits = self.problem.limits
        if limits.max_work_hours is not None and minutes > cap_minutes(limits.max_work_hours):
            return f"needs {hours_text(minutes)}, over max_work_hours ({limits.max_work_hours:g} h)"
        if minutes > self.total_cap:
            return (
                f"needs {hours_text(minutes)}; with {hours_text(self.committed)} of commitments that is over "
                f"max_hours ({limits.max_hours:g} h)"
            )
        return None

    def over_day(self, day_minutes: np.ndarray) -> str | None:
        if self.day_caps is None:
            return None
        days = np.flatnonzero(day_minutes > self.day_caps)
        if not len(days):
            return None
        day = days[0]
        return (
            f"needs {hours_text(day_minutes[day])} on {DAYS[day]}; with {hours_text(self.committed_day[day])} of "
            f"commitments that day that is over max_day_hours ({self.problem.limits.max_day_hours:g} h)"
        )


def _fixed_candidates(
    problem: Problem,
    table: GigTable,
    busy: np.ndarray,
    caps: _Caps,
    dropped: _Dropped,
    forbidden: np.ndarray,
    travel: Travel,
    gig_place: np.ndarray,
) -> tuple[list[int], np.ndarray]:
    """Fixed gigs that may be chosen, and rows ``(start, end, candidate)`` of their day-pieces.

    Vectorized over all sessions; Python only words the reasons, once per
    distinct reason.
    """
    sessions = table.session_rows()
    rows = day_pieces(sessions)
    count = len(table)
    first_clash = np.full(count, len(busy), dtype=np.int64)
    for b in range(len(busy)):
        hit = (rows[:, 0] < busy[b, 1]) & (busy[b, 0] < rows[:, 1])
        np.minimum.at(first_clash, rows[hit, 2], b)
    day_minutes = np.zeros((count, 7), dtype=np.int64)
    np.add.at(day_minutes, (rows[:, 2], rows[:, 0] // DAY), rows[:, 1] - rows[:, 0])
    minutes = day_minutes.sum(axis=1)
    is_fixed = table.is_fixed & ~forbidden  # forbidden gigs are already dropped, with their own reason
    clash = is_fixed & (first_clash < len(busy))
    over_week = minutes > caps.work_cap  # the lower of max_hours (less the commitments) and max_work_hours
    over_day = np.zeros(count, dtype=bool)
    if caps.day_caps is not None:
        over_day = np.any(day_minutes > caps.day_caps, axis=1)
    too_close = commitment_clashes(problem, travel, sessions, gig_place, is_fixed & ~clash)
    for row, reason in too_close.items():
        dropped.add(row, reason)
    clash[list(too_close)] = True
    clashing = np.flatnonzero(clash & (first_clash < len(busy)))
    capped = np.flatnonzero(is_fixed & ~clash & (over_week | over_day))

    def clash_reason(k: int) -> str:
        b = first_clash[clashing[k]]
        commitment = problem.commitments[busy[b, 2]]
        return f"clashes with {commitment.id} ({interval_text(*_session_of(commitment, busy[b, 0]))})"

    def cap_reason(k: int) -> str:
        i = capped[k]
        reason = caps.over(int(minutes[i])) or caps.over_day(day_minutes[i])
        assert reason is not None  # capped gigs are over the week's or a day's cap
        return reason

    dropped.grouped(clashing, first_clash[clashing], clash_reason)
    first_day = np.argmax(day_minutes[capped] > (caps.day_caps if caps.day_caps is not None else 0), axis=1)
    key = np.where(over_week[capped], minutes[capped], -1 - (first_day * 2 * DAY + day_minutes[capped, first_day]))
    dropped.grouped(capped, key, cap_reason)
    keep = np.flatnonzero(is_fixed & ~clash & ~over_week & ~over_day)
    position = np.full(count, -1, dtype=np.int64)
    position[keep] = np.arange(len(keep))
    rows = rows[position[rows[:, 2]] >= 0]
    rows[:, 2] = position[rows[:, 2]]
    return keep.tolist(), rows


def _free_time(
    shape: Shape, grid: int, block: int, minute_busy: np.ndarray, caps: _Caps, free: dict[tuple, tuple], zone: _Zone
) -> tuple[np.ndarray, int, str]:
    """Usable cells, their room under the caps (minutes) and reachable totals (a bit string) of a gig's windows.

    They depend only on the windows, grid, block and place, so they are
    worked out once per such shape (``free``): a pool of 40,000 flexible
    gigs has a few hundred shapes. A place whose travel zone (beside the
    commitments at other places) misses the windows' free cells shares the
    result of no place.
    """
    plain = (shape.window_intervals, grid, block, REMOTE)
    if plain not in free:
        free[plain] = _free_cells((window_minutes(shape) & ~minute_busy).reshape(-1, grid).all(axis=1), block, caps)
    key = (*plain[:3], zone.place)
    if key not in free:
        window_cells = free[plain][3]
        cut = zone.cells(grid) & window_cells
        free[key] = _free_cells(window_cells & ~cut, block, caps) if cut.any() else free[plain]
    return free[key][:3]


class _Zone:
    """The minutes a flexible gig at ``place`` may not use for travel to and from the commitments elsewhere."""

    def __init__(self, place: int, zones: Callable[[int], np.ndarray]):
        self.place = place
        self._zones = zones  # the zone of a place, worked out when first needed
        self._minutes: np.ndarray | None = None
        self._cells: dict[int, np.ndarray] = {}

    def cells(self, grid: int) -> np.ndarray:
        """Per grid cell of the week: whether it has a minute in the zone."""
        if grid not in self._cells:
            if self._minutes is None:
                self._minutes = self._zones(self.place)
            self._cells[grid] = np.asarray(self._minutes.reshape(-1, grid).any(axis=1))
        return self._cells[grid]


def _free_cells(window_cells: np.ndarray, block: int, caps: _Caps) -> tuple[np.ndarray, int, str, np.ndarray]:
    """``(cells, room, totals, window cells)`` of the free cells of a gig's windows (per cell of the week)."""
    grid = WEEK // len(window_cells)
    allowed = drop_short_runs(window_cells, block)
    cells = np.flatnonzero(allowed)
    room = len(cells) * grid
    if caps.day_caps is not None:
        per_day = np.bincount(cells * grid // DAY, minlength=7) * grid
        room = int(np.minimum(per_day, np.maximum(caps.day_caps, 0)).sum())
    return cells, room, reachable_totals(allowed, block), window_cells


def _flexible_candidates(
    table: GigTable,
    rows: np.ndarray,
    minute_busy: np.ndarray,
    caps: _Caps,
    dropped: _Dropped,
    prices: np.ndarray,
    gig_place: np.ndarray,
    zones: Callable[[int], np.ndarray],
) -> list[Flexible]:
    """The flexible gigs in ``rows`` that can fit, each with its usable cells, totals and value units.

    Everything but the value depends only on a gig's shape, so it is worked out
    once per shape (a pool of 40,000 flexible gigs has a few hundred); the
    value comes from the table's columns.
    """
    weights = caps.problem.weights
    per_minute, flat = value_units(weights, table, rows)
    flat = flat - prices[rows]
    free: dict[tuple, tuple] = {}  # the free time of each distinct (windows, grid, block, place)
    by_shape: dict[tuple[int, int], tuple | str] = {}
    zone_of: dict[int, _Zone] = {}  # the travel zone of a gig at each place, beside the commitments elsewhere
    flexible = []
    places = gig_place[rows].tolist()
    for k, (row, code) in enumerate(zip(rows.tolist(), table.shape[rows].tolist())):
        place = places[k]
        if (code, place) not in by_shape:
            if place not in zone_of:
                zone_of[place] = _Zone(place, zones)
            by_shape[code, place] = _flexible_shape(table.shapes[code], minute_busy, caps, free, zone_of[place])
        found = by_shape[code, place]
        if isinstance(found, str):
            dropped.add(row, found)
            continue
        grid, block, totals, cells, outer = found
        flexible.append(
            Flexible(
                row,
                grid,
                block,
                totals,
                cells,
                step_units=grid * int(per_minute[k]),
                flat_units=int(flat[k]),
                place=place,
                outer=outer,
            )
        )
    return flexible


def _flexible_shape(
    shape: Shape, minute_busy: np.ndarray, caps: _Caps, free: dict[tuple, tuple], zone: _Zone
) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray | None] | str:
    """``(grid, block, totals, cells, outer)`` of a flexible shape that can fit, or the reason it cannot.

    ``outer``: its cells but for the travel zones, when they differ (None: the same).
    """
    assert shape.grid is not None and shape.min_block is not None  # filled for every flexible shape (check_shape)
    grid, block = int(shape.grid), int(shape.min_block) // int(shape.grid)
    lo, hi = shape.step_range
    reason = caps.over(lo * grid)
    if reason is not None:
        return reason
    cells, room, bits = _free_time(shape, grid, block, minute_busy, caps, free, zone)
    where = "in its windows" if shape.window_intervals else "in the week"
    if caps.problem.rules.blocks_time:
        where += f" outside {caps.problem.rules.time_text()}"
    outer = free[(shape.window_intervals, grid, block, REMOTE)][0]
    if outer is not cells:
        where += ", clear of the travel to and from the commitments at other places,"
    top = min(hi, room // grid)
    totals = np.array([t for t in range(max(lo, 1), top + 1) if t < len(bits) and bits[t] == "1"], dtype=np.int64)
    if room < lo * grid:
        under = " under max_day_hours" if caps.day_caps is not None else ""
        return (
            f"needs at least {hours_text(lo * grid)} in blocks of {shape.min_block} min, but only "
            f"{hours_text(room)} of free time {where} can hold such blocks{under}"
        )
    if not len(totals):
        return (
            f"its hours ({hours_text(lo * grid)} to {hours_text(hi * grid)}) cannot be made of blocks of at least "
            f"{shape.min_block} min in the free time {where.rstrip(',')}"
        )
    return grid, block, totals, cells, None if outer is cells else outer


def _index_fixed(
    out: Prepared,
    table: GigTable,
    fixed_ids: list[int],
    fixed_pieces: np.ndarray,
    dropped: _Dropped,
    prices: np.ndarray,
    gig_place: np.ndarray,
    *,
    twins: bool,
    dominance: bool,
) -> None:
    weights = out.problem.weights
    rows = np.asarray(fixed_ids, dtype=np.int64)
    ids = table.ids
    lengths = fixed_pieces[:, 1] - fixed_pieces[:, 0]
    minutes = np.bincount(fixed_pieces[:, 2], weights=lengths, minlength=len(rows)).astype(np.int64)
    per_minute, flat = value_units(weights, table, rows)
    units = minutes * per_minute + flat - prices[rows]
    place = gig_place[rows]
    # most of a large pool is worth less than a plan found greedily: dropped before the rest (the greedy plan
    # keeps the travel gaps, not counted travel: with it, that plan may break a cap)
    if dominance and not out.counts_travel:
        alive = _worth_enough(out, fixed_pieces, units, place, dropped, rows)
        if len(alive) < len(rows):
            fixed_pieces = _renumber(fixed_pieces, alive, len(rows))
            rows, units, minutes, place = rows[alive], units[alive], minutes[alive], place[alive]
    best = _best_of_same_sessions(fixed_pieces, units, table.shape[rows], place) if twins else np.arange(len(rows))
    twin = np.flatnonzero(best != np.arange(len(rows)))
    dropped.grouped(
        rows[twin],
        best[twin],
        lambda k: f"same sessions as {ids[rows[best[twin[k]]]]!r}, which is worth as much or more",
    )
    keep = np.flatnonzero(best == np.arange(len(rows)))
    fixed_pieces = _renumber(fixed_pieces, keep, len(rows))
    day_minutes = np.zeros((len(keep), 7), dtype=np.int64)
    np.add.at(day_minutes, (fixed_pieces[:, 2], fixed_pieces[:, 0] // DAY), fixed_pieces[:, 1] - fixed_pieces[:, 0])
    cliques = interval_cliques(fixed_pieces[:, 0], fixed_pieces[:, 1], fixed_pieces[:, 2])
    travel = out.travel
    if dominance:
        # under travel, A dominates B only when B is in every travel set that holds A: then every gig too
        # close to A is too close to B, when both are at one place (a gig elsewhere has other travel)
        extra = travel_sets(fixed_pieces, place[keep], travel)[:2] if travel.active else None
        group = place[keep] if extra is not None and len(extra[0]) else None
        better = dominators(*cliques, units[keep], day_minutes, group, extra if group is not None else None)
        beaten = np.flatnonzero(better >= 0)
        dropped.grouped(
            rows[keep[beaten]], better[beaten], lambda k: _dominated_reason(ids[rows[keep[better[beaten[k]]]]])
        )
        kept = np.flatnonzero(better < 0)
        if len(kept) < len(keep):
            fixed_pieces = _renumber(fixed_pieces, kept, len(keep))
            day_minutes, keep = day_minutes[kept], keep[kept]
            cliques = interval_cliques(fixed_pieces[:, 0], fixed_pieces[:, 1], fixed_pieces[:, 2])
    out.fixed = rows[keep]
    out.fixed_place = place[keep]
    # the bicliques of the gigs kept only: the dominated ones need none
    out.travel_bicliques = fixed_bicliques(fixed_pieces, place[keep], travel) if travel.active else []
    out.fixed_pieces = fixed_pieces
    out.fixed_minutes = minutes[keep]
    out.fixed_units = units[keep]
    out.fixed_day_minutes = day_minutes
    out.clique_starts, out.clique_members = cliques


def _worth_enough(
    out: Prepared, pieces: np.ndarray, units: np.ndarray, place: np.ndarray, dropped: _Dropped, rows: np.ndarray
) -> np.ndarray:
    """The fixed candidates (positions) that a plan of the most value may take, by :mod:`stacker.presolve.bound`.

    The others are dropped, with the value of the plan found without them.
    """
    day_minutes = np.zeros((len(rows), 7), dtype=np.int64)
    np.add.at(day_minutes, (pieces[:, 2], pieces[:, 0] // DAY), pieces[:, 1] - pieces[:, 0])
    rules = out.problem.rules
    found = greedy_units(pieces, units, day_minutes, place, out.travel, out.work_cap, out.day_caps, rules.max_gigs)
    little = worth_too_little(units, day_minutes.sum(axis=1), out.work_cap, found)
    money = found / UNITS_PER_MONEY
    dropped.grouped(
        rows[little],
        np.zeros(int(little.sum()), dtype=np.int64),
        lambda _: f"worth too little: a plan with it is worth less than {money:.2f}, the value of a plan without it",
    )
    return np.flatnonzero(~little)


def _dominated_reason(better: str) -> str:
    return (
        f"{better!r} is worth as much or more, takes no more hours on any day, "
        f"and every gig that clashes with it clashes with this one too"
    )


def _renumber(pieces: np.ndarray, keep: np.ndarray, count: int) -> np.ndarray:
    """The rows of ``pieces`` whose owner (column 2, of ``count``) is in ``keep``, owners renumbered 0.."""
    position = np.full(count, -1, dtype=np.int64)
    position[keep] = np.arange(len(keep))
    pieces = pieces[position[pieces[:, 2]] >= 0]
    pieces[:, 2] = position[pieces[:, 2]]
    return pieces


def _best_of_same_sessions(pieces: np.ndarray, units: np.ndarray, shape: np.ndarray, place: np.ndarray) -> np.ndarray:
    """For each fixed candidate, the candidate kept for its exact set of sessions.

    Gigs with identical sessions use the same time, so a plan never needs
    any but the most valuable of them (ties: the first in the problem; the
    same minutes keep the tie-break on hours unchanged). Gigs of the same
    shape (:mod:`stacker.problem.table`) have the same sessions; the footprints
    of one gig per shape are compared as rows of a padded matrix of sorted
    piece bounds (sessions written differently can be the same).
    """
    count = len(units)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    _, one, shape_of = np.unique(shape, return_index=True, return_inverse=True)
    group = _footprint_groups(_renumber(pieces, one, count), len(one))[shape_of.reshape(-1)]
    if len(place) and (place != place[0]).any():  # twins at different places are not: their travel differs
        _, group = np.unique(group * (int(place.max()) + 2) + place + 1, return_inverse=True)  # one key per pair
        group = group.reshape(-1)
    ranked = np.lexsort((np.arange(count), -units, group))  # best of each group first
    leader = np.zeros(group.max() + 1, dtype=np.int64)
    is_first = np.ones(count, dtype=bool)
    is_first[1:] = group[ranked[1:]] != group[ranked[:-1]]
    leader[group[ranked[is_first]]] = ranked[is_first]
    return leader[group]


def _footprint_groups(pieces: np.ndarray, count: int) -> np.ndarray:
    """For each owner of rows ``(start, end, owner)``, a number shared by the owners of the same pieces."""
    order = np.lexsort((pieces[:, 0], pieces[:, 2]))
    owner, starts, ends = pieces[order, 2], pieces[order, 0], pieces[order, 1]
    first = np.searchsorted(owner, np.arange(count))
    rank = np.arange(len(owner)) - first[owner]
    width = int(rank.max()) + 1
    footprint = np.full((count, 2 * width), -1, dtype=np.int64)
    footprint[owner, 2 * rank] = starts
    footprint[owner, 2 * rank + 1] = ends
    sort = np.lexsort(footprint.T[::-1])  # rows in order, to find equal neighbours
    starts_group = np.ones(count, dtype=bool)
    starts_group[1:] = (footprint[sort[1:]] != footprint[sort[:-1]]).any(axis=1)
    group = np.empty(count, dtype=np.int64)
    group[sort] = np.cumsum(starts_group) - 1
    return group


_COLUMNS = 2048  #: gigs of a group compared with all the others at once in _drop_outnumbered


def _drop_outnumbered(
    flexible: list[Flexible], work_cap: int, dropped: _Dropped, left: Callable[[], float | None] | None = None
) -> list[Flexible]:
    """Drop flexible gigs that at least K interchangeable, better gigs outrank.

    Gigs with the same usable cells, grid and block can take each other's
    blocks. A plan holds at most ``K`` of them (the weekly cap, or their
    cells, over the smallest total any of them takes). A gig B is outranked
    by a gig D of its group that can take every total B can, and is worth as
    much or more per step and per week (ties: the earlier in the problem).
    A gig outranked by ``K`` others is never needed: a plan that takes it
    leaves one of them unused, which could take its hours and blocks for as
    much value or more. When the time ``left()`` is 0, the gigs not yet
    compared are kept (dropping them is only a saving).
    """
    groups: dict[tuple, list[int]] = {}
    for k, flex in enumerate(flexible):
        key = (flex.cells.tobytes(), flex.grid, flex.block, flex.place)  # the same usable cells, the same place
        groups.setdefault(key, []).append(k)
    outranked: set[int] = set()
    for members in groups.values():
        flexes = [flexible[k] for k in members]
        smallest = min(int(f.totals[0]) for f in flexes)
        fit = max(min(work_cap // (smallest * flexes[0].grid), len(flexes[0].cells) // smallest), 1)
        if len(members) <= fit:
            continue
        rate = np.array([f.step_units for f in flexes])
        flat = np.array([f.flat_units for f in flexes])
        totals = np.zeros((len(flexes), max(int(f.totals[-1]) for f in flexes) + 1), dtype=np.int64)
        for row, f in enumerate(flexes):
            totals[row, f.totals] = 1
        # covers[d, b]: d can take every total b can; worked out once per distinct set of totals
        patterns, pattern = np.unique(totals, axis=0, return_inverse=True)
        pattern = pattern.reshape(-1)
        pattern_covers = (patterns @ (1 - patterns).T).T == 0
        order = np.arange(len(flexes))
        count = np.full(len(flexes), -1, dtype=np.int64)  # -1: not worked out (the time ran out)
        for lo in range(0, len(flexes), _COLUMNS):  # a block of columns at a time: memory and time bounded
            if left is not None and left() == 0:
                break  # dropping is optional: what is not dropped is still right
            cols = slice(lo, lo + _COLUMNS)
            more_rate, more_flat = rate[:, None] > rate[None, cols], flat[:, None] > flat[None, cols]
            better = (
                pattern_covers[pattern[:, None], pattern[None, cols]]
                & (rate[:, None] >= rate[None, cols])
                & (flat[:, None] >= flat[None, cols])
                & (more_rate | more_flat | (order[:, None] < order[None, cols]))
            )
            count[cols] = better.sum(axis=0)
        for b in np.flatnonzero(count >= fit):
            outranked.add(members[b])
            reason = (
                f"{count[b]} gigs with the same free time and block, and room for its hours, are worth as "
                f"much or more, and at most {fit} such gigs fit in a plan"
            )
            dropped.add(flexes[b].gig, reason)
    return [flex for k, flex in enumerate(flexible) if k not in outranked]


def _regions(flexible: list[Flexible], fixed_pieces: np.ndarray) -> list[Region]:
    """One region per distinct set of usable minutes, with the gigs inside it."""
    masks: list[np.ndarray] = []
    keys: dict[bytes, int] = {}
    for flex in flexible:
        # the cells but for the travel zones: blocks lie inside them, and far fewer distinct regions
        mask = cell_minutes(flex.cells if flex.outer is None else flex.outer, flex.grid)
        key = np.packbits(mask).tobytes()
        if key not in keys:
            keys[key] = len(masks)
            masks.append(mask)
        flex.region = keys[key]
    region_of = np.array([flex.region for flex in flexible], dtype=np.int64)
    regions = []
    for mask in masks:
        inside = np.array([not (masks[r] & ~mask).any() for r in range(len(masks))], dtype=bool)
        members = [int(f) for f in np.flatnonzero(inside[region_of])] if len(flexible) else []
        prefix = np.concatenate(([0], np.cumsum(mask)))
        overlap = prefix[fixed_pieces[:, 1]] - prefix[fixed_pieces[:, 0]]
        hit = overlap > 0
        key = fixed_pieces[hit, 2] * 7 + fixed_pieces[hit, 0] // DAY
        pairs, where = np.unique(key, return_inverse=True)
        minutes = np.bincount(where, weights=overlap[hit], minlength=len(pairs)).astype(np.int64)
        regions.append(
            Region(
                day_minutes=mask.reshape(7, DAY).sum(axis=1),
                members=members,
                fixed=pairs // 7,
                fixed_day=pairs % 7,
                fixed_minutes=minutes,
            )
        )
    return regions
