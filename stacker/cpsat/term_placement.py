"""Placing one week of a term: given the fixed gigs taken and each flexible gig's steps that week, where the blocks go.

A feasibility model with no objective, for one calendar week (Monday 00:00
to the next Monday 00:00, term minutes): a 0/1 variable per usable grid cell
of each flexible gig or project working that week (its cells clear of
commitments and of the fixed gigs taken), exactly the master's number of
steps, the min-block rule as clauses (a cell that starts a block, i.e. used
with the cell before it unused, implies the next ``block - 1`` cells are
used; a block never runs into the next week, so the weeks are independent
given the master but for travel across a Sunday midnight, where
:func:`place_weeks` places consecutive weeks together), at most one cell at
any time, and the week's daily caps.
A gig at a place keeps clear of the travel to and from the fixed gigs taken
at other places (the commitments' travel is out of its cells already), and
two gigs at different places keep the travel gap between their cells.
With ``rules.travel_counts``, the week's travel counts exactly in its daily
caps and in ``max_hours`` (:func:`_counted_travel`).

Before the model, a greedy pass tries to place the week the way a person
would (:func:`_greedy`: the gig with the least free time first, each in the
longest free runs of its cells, every block at least ``min_block``, every
daily cap kept); it either places the week or gives up, and then the model
decides, so giving up never costs exactness (a week with a gig at a place,
or any week when travel counts, goes straight to the model: the greedy
knows no travel).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.term import Candidate, TermPrepared, day_pieces, travel_reach
from ..presolve.travel import REMOTE, day_travel
from ..problem.week import DAY, WEEK
from .placement import day_legs
from .run import run

#: Small models solved by the hundred on a hard term: without presolve and the LP the fixed cost of a solve
#: drops (on the placements of generated 16-week terms, 2.5-3x less time in all).
PARAMS = {"num_workers": 1, "presolve_inclusion_work_limit": 0, "cp_model_presolve": False, "linearization_level": 0}
#: :func:`most_minutes` maximizes: the LP proves its optimum in far fewer branches (its slowest on generated terms:
#: 60 ms without, 25 ms with).
MOST_PARAMS = PARAMS | {"linearization_level": 2}
#: With counted travel a week's legs make it a harder model, whose failures CP-SAT proves with its presolve and LP.
TRAVEL_PARAMS = {"num_workers": 1, "presolve_inclusion_work_limit": 0, "linearization_level": 2}


class Stopped(Exception):
    """A placement stopped by its time limit (or Ctrl-C) before it was proven either way.

    Raised, not answered as None: a week answered None gets a cut, and a cut
    on a week that was never proven unplaceable could remove the optimum
    (from this solve and from a what-if search that keeps its master).
    """


def _placed(status: cp_model.CpSolverStatus) -> bool:
    """Whether a placement's solve found blocks (False: proven to have none, which CP-SAT reports only when it is;
    :class:`Stopped`: neither)."""
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    raise Stopped


def place_week(
    prepared: TermPrepared,
    week: int,
    taken: list[Candidate],
    steps: dict[int, int],
    time_limit: float | None,
    *,
    blocks: bool = True,
) -> dict[int, list[tuple[int, int]]] | None:
    """Blocks ``{candidate index: [(start, end), ...]}`` for week ``week``, or None when they cannot be placed
    (:class:`Stopped` when the time limit came first).

    ``taken`` are the fixed gigs taken; ``steps`` maps the index (in
    ``prepared.candidates``) of each flexible gig or project working this
    week to its grid steps. Without ``blocks`` the min-block rule is left
    out: a relaxation in which more steps never fit where fewer did not.
    """
    if blocks and (placed := greedy_week(prepared, week, taken, steps)) is not None:
        return placed
    occupied, day_used = _occupied(prepared, week, taken)
    built = _week_model(prepared, week, (occupied, taken), day_used, steps, blocks=blocks, exact=True, counted=True)
    if built is None:
        return None
    model, cells = built
    status, solver, _ = run(model, _params(prepared), time_limit=time_limit)
    if not _placed(status):
        return None
    return {index: _blocks(solver, used, prepared.candidates[index].grid) for index, used in cells.items()}


def greedy_week(
    prepared: TermPrepared, week: int, taken: list[Candidate], steps: dict[int, int]
) -> dict[int, list[tuple[int, int]]] | None:
    """Blocks for the week as :func:`place_week`, found by the greedy (:func:`_greedy`), or None: it gave up
    (or a gig is at a place, or travel counts: the greedy knows no travel)."""
    if prepared.counts_travel or any(prepared.candidates[i].place != REMOTE for i in steps):
        return None
    occupied, day_used = _occupied(prepared, week, taken)
    return _greedy(prepared, week, occupied, day_used, prepared.cap(week, "max_day_hours"), steps)


#: CP-SAT's deterministic seconds to prove a week's choice unplaceable even without the min-block rule (the cut is
#: then on those steps *or more*, else on exactly them). On generated 16-week terms such proofs take at most 0.002;
#: a week with travel gaps took more than 50, which the weaker cut spares.
RELAXED_WORK = 0.1


def unplaceable(
    prepared: TermPrepared, week: int, taken: list[Candidate], steps: dict[int, int], time_limit: float | None
) -> bool:
    """Whether the week's choice (as in :func:`place_week`) is proven unplaceable even without the min-block rule
    within :data:`RELAXED_WORK` (False when not proven in it: deterministic, whatever the machine)."""
    occupied, day_used = _occupied(prepared, week, taken)
    built = _week_model(prepared, week, (occupied, taken), day_used, steps, blocks=False, exact=True, counted=True)
    if built is None:
        return True
    status, _, _ = run(built[0], _params(prepared), time_limit=time_limit, work=RELAXED_WORK)
    return status == cp_model.INFEASIBLE


def place_weeks(
    prepared: TermPrepared,
    weeks: range,
    taken: dict[int, list[Candidate]],
    steps: dict[int, dict[int, int]],
    time_limit: float | None,
    *,
    blocks: bool = True,
    work: float | None = None,
) -> dict[int, dict[int, list[tuple[int, int]]]] | None:
    """Blocks ``{week: {candidate index: [(start, end), ...]}}`` of consecutive ``weeks`` placed together, or None
    (:class:`Stopped` when the time limit, or ``work`` deterministic seconds, came first).

    Each week as in :func:`place_week` (its fixed gigs ``taken[w]``, its
    steps ``steps[w]``), in one model, and the travel kept across each
    Sunday midnight between the blocks of one week and those of the next
    (:mod:`.term_boundary`: the weeks whose blocks at different places come
    too close across a week's end).
    """
    model = cp_model.CpModel()
    cells: dict[int, dict[int, list[tuple[int, cp_model.IntVar]]]] = {}
    for w in weeks:
        occupied, day_used = _occupied(prepared, w, taken[w])
        fixed = (occupied, taken[w])
        built = _week_model(
            prepared, w, fixed, day_used, steps[w], blocks=blocks, exact=True, counted=True, model=model
        )
        if built is None:
            return None
        cells[w] = built[1]
    reach = travel_reach(prepared)
    for w in weeks[:-1]:
        midnight = (w + 1) * WEEK
        for a, mine in cells[w].items():
            late = [(c, v) for c, v in mine if c + prepared.candidates[a].grid + reach > midnight]
            for b, theirs in cells[w + 1].items():
                _apart(model, prepared, (a, late), (b, [(c, v) for c, v in theirs if c < midnight + reach]))
    status, solver, _ = run(model, _params(prepared), time_limit=time_limit, work=work)
    if not _placed(status):
        return None
    return {
        w: {index: _blocks(solver, used, prepared.candidates[index].grid) for index, used in cells[w].items()}
        for w in weeks
    }


def _params(prepared: TermPrepared) -> dict:
    """The placement's CP-SAT parameters (:data:`TRAVEL_PARAMS` when travel counts)."""
    return TRAVEL_PARAMS if prepared.counts_travel else PARAMS


def most_minutes(
    prepared: TermPrepared,
    week: int,
    taken: list[Candidate],
    most: dict[int, int],
    least: dict[int, int],
    time_limit: float | None,
) -> int | None:
    """The most minutes the gigs of ``most`` (index -> the most steps each may take) can work in ``week`` together.

    Each gig takes between its ``least`` (default 0) and its ``most`` steps,
    with the fixed gigs ``taken``, blocks of at least ``min_block``, one
    thing at a time and the daily caps (without counted travel: an upper
    bound, whatever other gigs do to the travel). -1 when no placement
    meets the ``least``; None when not proven in time.
    """
    occupied, day_used = _occupied(prepared, week, taken)
    built = _week_model(prepared, week, (occupied, taken), day_used, most, blocks=True, exact=False)
    assert built is not None
    model, cells = built
    for i, count in least.items():
        model.add(sum(v for _, v in cells[i]) >= count)
    model.maximize(sum(prepared.candidates[i].grid * v for i, used in cells.items() for _, v in used))
    status, solver, interrupted = run(model, MOST_PARAMS, time_limit=time_limit)
    if interrupted or status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
        return None
    return -1 if status == cp_model.INFEASIBLE else round(solver.objective_value)


def _occupied(prepared: TermPrepared, week: int, taken: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
    """The week's minutes the fixed gigs ``taken`` occupy, and each day's minutes toward ``max_day_hours``."""
    lo, hi = week * WEEK, (week + 1) * WEEK
    occupied = np.zeros(WEEK, dtype=bool)
    day_used = np.zeros(7, dtype=np.int64)
    day_used += prepared.counted_day[7 * week : 7 * week + 7]
    for fixed in taken:
        for s, e in fixed.occurrences:
            if s < hi and lo < e:
                occupied[max(s, lo) - lo : min(e, hi) - lo] = True
        for d, minutes in fixed.day_minutes.items():
            if 7 * week <= d < 7 * week + 7:
                day_used[d - 7 * week] += minutes
    return occupied, day_used


def _week_model(
    prepared: TermPrepared,
    week: int,
    fixed: tuple[np.ndarray, list[Candidate]],
    day_used: np.ndarray,
    steps: dict[int, int],
    *,
    blocks: bool,
    exact: bool,
    counted: bool = False,
    model: cp_model.CpModel | None = None,
) -> tuple[cp_model.CpModel, dict[int, list[tuple[int, cp_model.IntVar]]]] | None:
    """The week's cell model: exactly (``exact``) or at most ``steps`` cells of each gig; None when too few cells.

    ``fixed``: the minutes the fixed gigs taken occupy, and those gigs (a gig at a place keeps clear of the
    travel to and from those at other places). ``model``: add to this model (of several weeks) instead of a new one.
    ``counted`` (with ``exact``): the travel that counts (``rules.travel_counts``) in the daily caps and in
    ``max_hours``, exactly (:func:`_counted_travel`).
    """
    lo, hi = week * WEEK, (week + 1) * WEEK
    occupied, taken = fixed
    model = cp_model.CpModel() if model is None else model
    cells: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    zones: dict[int, np.ndarray] = {}
    for index, count in steps.items():
        candidate = prepared.candidates[index]
        grid = candidate.grid
        inside = candidate.cells[(candidate.cells >= lo) & (candidate.cells < hi)]
        mine = [c for c in inside.tolist() if not occupied[c - lo : c - lo + grid].any()]
        if candidate.place != REMOTE:
            if candidate.place not in zones:
                zones[candidate.place] = _fixed_zone(prepared, week, taken, candidate.place)
            zone = zones[candidate.place]
            mine = [c for c in mine if not zone[c - lo : c - lo + grid].any()]
        if exact and len(mine) < count:
            return None
        used = [(c, model.new_bool_var(f"c{index}_{c}")) for c in mine]
        cells[index] = used
        if exact:
            model.add(sum(v for _, v in used) == count)
        elif count < len(used):
            model.add(sum(v for _, v in used) <= count)
        if blocks:
            _min_block(model, used, grid, candidate.block)
    _at_most_one(model, cells, prepared)
    _travel_apart(model, cells, prepared)
    day_cap, total = prepared.cap(week, "max_day_hours"), prepared.cap(week, "max_hours")
    travel = None
    if counted and prepared.counts_travel and (day_cap is not None or total is not None):  # else it counts for nothing
        travel = _counted_travel(model, prepared, week, taken, cells)
    if day_cap is not None:
        for d in range(7):
            terms = [
                prepared.candidates[i].grid * v for i, used in cells.items() for c, v in used if (c - lo) // DAY == d
            ]
            if travel is not None:
                model.add(sum(terms) + travel[d] + int(day_used[d]) <= day_cap)
            elif terms:
                model.add(sum(terms) + int(day_used[d]) <= day_cap)
    if travel is not None and total is not None:  # the week's hours are the master's: its travel within what is left
        worked = sum(fixed.week_minutes.get(week, 0) for fixed in taken)
        worked += sum(prepared.candidates[i].grid * count for i, count in steps.items())
        model.add(sum(travel) <= total - worked - int(prepared.counted_week[week]))
    return model, cells


def _counted_travel(
    model: cp_model.CpModel,
    prepared: TermPrepared,
    week: int,
    taken: list[Candidate],
    cells: dict[int, list[tuple[int, cp_model.IntVar]]],
) -> list[cp_model.LinearExpr]:
    """Each day's counted travel in ``week`` (``rules.travel_counts``), exact for the cells chosen.

    The week's placement's legs (:func:`.placement.day_legs`) between the
    day's pieces at places: the commitments', the fixed gigs' taken (a piece
    past a midnight is where the next day starts, past Sunday midnight too:
    the next week's Monday) and the cells of gigs at places (a cell never
    runs past a midnight). A day without such cells has its constant travel.
    """
    lo, minutes = 7 * week, prepared.travel.minutes
    spans = [(s, e, fixed.place) for fixed in taken if fixed.place != REMOTE for s, e in fixed.occurrences]
    constant = np.concatenate([prepared.commitment_places, day_pieces(spans)])
    constant = constant[(constant[:, 0] >= lo * DAY) & (constant[:, 0] < (lo + 7) * DAY)]
    fixed_travel = day_travel(constant - np.array([lo * DAY, lo * DAY, 0]), prepared.travel)  # from the Monday
    moving: dict[int, list[tuple[int, int, int, cp_model.IntVar]]] = {d: [] for d in range(7)}
    for i, used in cells.items():
        c = prepared.candidates[i]
        if c.place != REMOTE:
            for start, var in used:
                moving[start // DAY - lo].append((start, start + c.grid, c.place, var))
    out: list[cp_model.LinearExpr] = []
    for d in range(7):
        if not moving[d]:
            out.append(cp_model.LinearExpr.constant(int(fixed_travel[d])))
            continue
        here = constant[constant[:, 0] // DAY == lo + d]
        items = [(int(s), int(e), int(p), 1) for s, e, p in here.tolist()] + moving[d]
        out.append(day_legs(model, minutes, len(prepared.travel.places), items))
    return out


def _fixed_zone(prepared: TermPrepared, week: int, taken: list[Candidate], place: int) -> np.ndarray:
    """The minutes of ``week`` (from its Monday) a gig at ``place`` may not use for the travel to and from the
    fixed gigs ``taken`` at other places: ``[s - T(place, there), e + T(there, place))`` around each occurrence."""
    lo, out = week * WEEK, np.zeros(WEEK, dtype=bool)
    minutes = prepared.travel.minutes
    for fixed in taken:
        if fixed.place in (REMOTE, place):
            continue
        before, after = int(minutes[place, fixed.place]), int(minutes[fixed.place, place])
        for s, e in fixed.occurrences:
            start, end = max(s - before, lo), min(e + after, lo + WEEK)
            if start < end:
                out[start - lo : end - lo] = True
    return out


def _travel_apart(
    model: cp_model.CpModel, cells: dict[int, list[tuple[int, cp_model.IntVar]]], prepared: TermPrepared
) -> None:
    """No two cells of gigs at different places closer than the travel between them (either way round).

    Cells ``[c, c + g)`` at ``P`` and ``[d, d + h)`` at ``Q`` clash exactly when
    ``d < c + g + T(P, Q)`` and ``c < d + h + T(Q, P)``; two blocks keep the
    gap exactly when each pair of their cells does.
    """
    placed = [i for i in cells if prepared.candidates[i].place != REMOTE]
    for a, b in itertools.combinations(placed, 2):
        _apart(model, prepared, (a, cells[a]), (b, cells[b]))


def _apart(
    model: cp_model.CpModel,
    prepared: TermPrepared,
    one: tuple[int, list[tuple[int, cp_model.IntVar]]],
    other: tuple[int, list[tuple[int, cp_model.IntVar]]],
) -> None:
    """No cell of gig ``one`` and cell of gig ``other`` (each: candidate index, its cells) closer than the travel
    between their places (either way round; nothing when at the same place or remote)."""
    (a, mine), (b, theirs) = one, other
    first, second = prepared.candidates[a], prepared.candidates[b]
    if REMOTE in (first.place, second.place) or first.place == second.place:
        return
    minutes = prepared.travel.minutes
    there, back = int(minutes[first.place, second.place]), int(minutes[second.place, first.place])
    if not (there or back):
        return
    starts = [d for d, _ in theirs]
    for c, v in mine:
        near = theirs[bisect.bisect_right(starts, c - second.grid - back) : bisect.bisect_left(
            starts, c + first.grid + there)]  # fmt: skip
        for _, w in near:
            model.add_bool_or([v.Not(), w.Not()])


def _greedy(
    prepared: TermPrepared,
    week: int,
    occupied: np.ndarray,
    day_used: np.ndarray,
    day_cap: int | None,
    steps: dict[int, int],
) -> dict[int, list[tuple[int, int]]] | None:
    """Blocks for the week found without a solver, or None (then the model decides).

    Tries two orders of the gigs: the least free time this week first, then
    the most needed share of it first.
    """
    lo = week * WEEK
    free: dict[int, np.ndarray] = {}
    for index in steps:
        c = prepared.candidates[index]
        mine = c.cells[(c.cells >= lo) & (c.cells < lo + WEEK)] - lo
        taken = np.concatenate(([0], np.cumsum(occupied, dtype=np.int64)))
        free[index] = mine[taken[np.minimum(mine + c.grid, WEEK)] == taken[mine]]
    orders = (
        sorted(steps, key=lambda i: (len(free[i]), i)),
        sorted(steps, key=lambda i: (-steps[i] / max(len(free[i]), 1), i)),
    )
    for order in orders:
        placed = _greedy_in_order(prepared, lo, occupied, day_used, day_cap, steps, order)
        if placed is not None:
            return placed
    return None


def _greedy_in_order(
    prepared: TermPrepared,
    lo: int,
    occupied: np.ndarray,
    day_used: np.ndarray,
    day_cap: int | None,
    steps: dict[int, int],
    order: list[int],
) -> dict[int, list[tuple[int, int]]] | None:
    """Each gig in turn in the longest free runs of its cells, blocks of at least ``min_block``, the daily caps kept."""
    busy = occupied.copy()
    room = np.full(7, np.iinfo(np.int64).max // 2) if day_cap is None else day_cap - day_used
    out: dict[int, list[tuple[int, int]]] = {}
    for index in order:
        c = prepared.candidates[index]
        grid, block, need = c.grid, c.block, steps[index]
        mine = c.cells[(c.cells >= lo) & (c.cells < lo + WEEK)] - lo
        free = np.array([m for m in mine.tolist() if not busy[m : m + grid].any()], dtype=np.int64)
        runs = sorted(np.split(free, np.flatnonzero(np.diff(free) != grid) + 1), key=len, reverse=True)
        out[index] = []
        for stretch in runs:
            if need == 0:
                break
            take = min(len(stretch), need)
            if len(stretch) and (stretch[0] // DAY == (stretch[-1] + grid - 1) // DAY):  # within one day
                take = min(take, max(int(room[stretch[0] // DAY]), 0) // grid)
            if 0 < need - take < block:
                take = need - block
            if take < block:
                continue
            chunk = stretch[:take]
            per_day = np.bincount(chunk // DAY, minlength=7)[:7] * grid
            if (per_day > room).any():
                continue
            room = room - per_day
            for m in chunk.tolist():
                busy[m : m + grid] = True
            out[index].append((lo + int(chunk[0]), lo + int(chunk[-1]) + grid))
            need -= take
        if need:
            return None
    return out


def _min_block(
    model: cp_model.CpModel,
    used: list[tuple[int, cp_model.IntVar]],
    grid: int,
    block: int,
    *,
    when: cp_model.BoolVarT | None = None,
) -> None:
    """Every block at least ``block`` cells: a cell that starts a block implies the next ``block - 1``.

    ``when``: only if this literal is true (a rule that can be switched off, :mod:`.term_core`).
    """
    at = {c: v for c, v in used}
    switch = [] if when is None else [when]
    for c, v in used:
        before = at.get(c - grid)
        starts = [v, *switch] + ([before.Not()] if before is not None else [])  # v starts a block
        after = [at[c + k * grid] for k in range(1, block) if c + k * grid in at]
        if len(after) < block - 1:  # no room for a block starting here: used only as a continuation
            model.add_bool_or([lit.Not() for lit in starts])
        elif after:
            model.add_bool_and(after).only_enforce_if(starts)


def _at_most_one(
    model: cp_model.CpModel, cells: dict[int, list[tuple[int, cp_model.IntVar]]], prepared: TermPrepared
) -> None:
    """At most one cell at any minute: one constraint per elementary stretch covered by two cells or more."""
    if len(cells) < 2:
        return
    by_start: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    bounds: set[int] = set()
    for index, used in cells.items():
        grid = prepared.candidates[index].grid
        for c, v in used:
            by_start[c].append((c + grid, v))
            bounds.update((c, c + grid))
    points = sorted(bounds)
    active: list[tuple[int, cp_model.IntVar]] = []
    seen: set[tuple[int, ...]] = set()
    for point in points:
        active = [(end, v) for end, v in active if end > point] + by_start.get(point, [])
        if len(active) > 1:
            key = tuple(sorted(v.index for _, v in active))
            if key not in seen:
                seen.add(key)
                model.add_at_most_one(v for _, v in active)


def _blocks(solver: cp_model.CpSolver, used: list[tuple[int, cp_model.IntVar]], grid: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c, v in used:
        if solver.boolean_value(v):
            if out and out[-1][1] == c:
                out[-1] = (out[-1][0], c + grid)
            else:
                out.append((c, c + grid))
    return out
