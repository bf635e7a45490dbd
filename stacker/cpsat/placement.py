"""The placement check: put the master's flexible hours into actual blocks.

Given the fixed gigs taken and the grid steps of each flexible gig taken,
find cells for every flexible gig: inside its usable cells and clear of the
fixed gigs taken, no two at once, blocks at least ``min_block`` long, the
daily caps held. A small time-indexed model: one 0/1 variable per usable
cell.

Any placement is as good as any other for the plan's value. A plan's
placement is first tried without a solver (:mod:`.greedy`: long
daytime blocks, in milliseconds); when that fails, the model polishes: it
prefers few, long blocks and daytime (07:00-22:00), with a small
deterministic work limit (``POLISH_WORK``) so that the result stays the same
on every run. If the polish finds nothing within that limit, a plain
feasibility solve decides.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.prepare import Prepared
from ..presolve.travel import day_travel, dilate
from ..problem.geometry import cell_minutes, drop_short_runs, interval_cliques
from ..problem.week import DAY, WEEK
from .greedy import DAYTIME, greedy_place
from .run import boolean_array, run

# CP-SAT deterministic time for polishing a placement. Generated weeks of 50-200 gigs (24 solves): 0.25 gave
# 89 flexible blocks in 9.4 s in all, 0.05 gave 95 blocks in 6.1 s, 0.01 gave 121 blocks (19 at night).
POLISH_WORK = 0.05
BLOCK_COST = 4  # a block start costs as much as four night cells


@dataclass
class Placement:
    """``status`` is ``"placed"``, ``"impossible"`` or ``"unknown"`` (out of time or stopped)."""

    status: str
    cells: dict[int, np.ndarray]  # flexible gig position -> chosen cell numbers
    interrupted: bool = False  # Ctrl-C stopped the search


def place(
    prepared: Prepared,
    fixed: np.ndarray,
    steps: dict[int, int],
    *,
    params: dict,
    time_limit: float | None,
    polish: bool = True,
) -> Placement:
    """Place ``steps[f]`` grid steps of each flexible gig ``f`` around the fixed gigs taken.

    ``fixed`` says for each fixed candidate whether it is taken. Without
    ``polish`` any placement will do (used to test feasibility only).
    """
    quick = greedy_place(prepared, fixed, steps)
    if quick is not None and not prepared.travel_over_caps(fixed, quick):
        return Placement("placed", quick)
    blocked = prepared.taken_minutes(fixed)
    by_place = prepared.fixed_by_place(fixed)
    model = cp_model.CpModel()
    cells: dict[int, np.ndarray] = {}
    variables: dict[int, list[cp_model.IntVar]] = {}
    for f, h in steps.items():
        flex = prepared.flexible[f]
        mask = np.zeros(WEEK // flex.grid, dtype=bool)
        mask[flex.free_cells(blocked | prepared.travel.zones(by_place, flex.place))] = True
        cells[f] = np.flatnonzero(drop_short_runs(mask, flex.block))
        if len(cells[f]) < h:
            return Placement("impossible", {})
        variables[f] = [model.new_bool_var(f"y{f}_{c}") for c in cells[f]]
        model.add(sum(variables[f]) == h)
        add_min_blocks(model, flex.grid, flex.block, cells[f], variables[f])
    _add_no_overlap(model, prepared, cells, variables)
    _add_travel(model, prepared, cells, variables)
    travel = None
    if prepared.counts_travel:  # the week's travel within what max_hours leaves beside the gigs' hours
        travel = _counted_travel(model, prepared, fixed, cells, variables)
        used = int(prepared.fixed_minutes[fixed.astype(bool)].sum())
        used += sum(prepared.flexible[f].grid * h for f, h in steps.items())
        model.add(sum(travel) <= prepared.total_cap - used)
    _add_day_caps(model, prepared, fixed, cells, variables, travel)
    if polish:
        _add_preferences(model, prepared, cells, variables)
    code, solver, stopped = run(model, params, time_limit=time_limit, work=POLISH_WORK if polish else None)
    if code == cp_model.UNKNOWN and polish and not stopped:  # nothing within the polish limit: just find one
        model.clear_objective()
        code, solver, stopped = run(model, params, time_limit=time_limit)
    if code == cp_model.INFEASIBLE:
        return Placement("impossible", {}, stopped)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Placement("unknown", {}, stopped)
    chosen = {f: cells[f][boolean_array(solver, variables[f])] for f in steps}
    return Placement("placed", chosen, stopped)


def _add_preferences(model: cp_model.CpModel, prepared: Prepared, cells: dict, variables: dict) -> None:
    """Minimize ``BLOCK_COST`` per block plus one per grid step outside daytime."""
    terms, coefs = [], []
    for f, y in variables.items():
        grid = prepared.flexible[f].grid
        position = _positions(cells[f], grid)
        for i, c in enumerate(cells[f]):
            minute = int(c) * grid % DAY
            if not DAYTIME[0] <= minute < DAYTIME[1]:
                terms.append(y[i])
                coefs.append(1)
            before = position(c, -1)
            if before is None:
                start = y[i]
            else:
                start = model.new_bool_var("")
                model.add_bool_or([~y[i], y[before], start])  # used here, not just before: a start
            terms.append(start)
            coefs.append(BLOCK_COST)
    if terms:
        model.minimize(cp_model.LinearExpr.weighted_sum(terms, coefs))


def _positions(cells: np.ndarray, grid: int) -> Callable[[int, int], int | None]:
    """``position(c, k)``: the index in ``cells`` of cell ``c + k`` on the circular week, or None."""
    where = {int(c): i for i, c in enumerate(cells)}
    per_week = WEEK // grid
    return lambda c, k: where.get((int(c) + k) % per_week)


def add_min_blocks(model: cp_model.CpModel, grid: int, block: int, cells: np.ndarray, y: list) -> None:
    """A block starting at a cell covers the next ``block - 1`` cells too (on the circular week)."""
    if block <= 1:
        return
    position = _positions(cells, grid)
    for i, c in enumerate(cells):
        before = position(c, -1)
        starts_here = [~y[i]] if before is None else [~y[i], y[before]]
        for t in range(1, block):
            nxt = position(c, t)
            if nxt is None:  # the run ends too soon: no block starts here
                model.add_bool_or(starts_here)
                break
            model.add_bool_or([*starts_here, y[nxt]])


def _add_no_overlap(model: cp_model.CpModel, prepared: Prepared, cells: dict, variables: dict) -> None:
    if len(cells) < 2:
        return
    flat = [v for f in cells for v in variables[f]]
    starts = np.concatenate([cells[f] * prepared.flexible[f].grid for f in cells])
    ends = np.concatenate([(cells[f] + 1) * prepared.flexible[f].grid for f in cells])
    offsets, members = interval_cliques(starts, ends, np.arange(len(starts)))
    for k in range(len(offsets) - 1):
        model.add_at_most_one([flat[m] for m in members[offsets[k] : offsets[k + 1]]])


def _add_travel(model: cp_model.CpModel, prepared: Prepared, cells: dict, variables: dict) -> None:
    """Cells of two flexible gigs at different places keep the travel gap (end of one to start of the other).

    Two blocks keep it exactly when each two of their cells do (the gap
    between blocks is the gap between the nearest cells), so a clause per
    pair of cells that are too close: for each cell, the other gig's cells
    within the travel minutes after it.
    """
    travel = prepared.travel
    if not travel.active:
        return
    gigs = [f for f in cells if prepared.flexible[f].place >= 0]
    for a in gigs:
        for b in gigs:
            fa, fb = prepared.flexible[a], prepared.flexible[b]
            gap = int(travel.minutes[fa.place, fb.place])
            if a == b or not gap:
                continue
            ends = (cells[a] + 1) * fa.grid  # a's cell, then b's cell starting within the gap after its end
            starts = cells[b] * fb.grid
            order = np.argsort(starts)
            sorted_starts = starts[order]
            for i, end in enumerate(ends.tolist()):
                for shift in (0, WEEK):  # the week wraps
                    lo = np.searchsorted(sorted_starts, end - shift, "left")
                    hi = np.searchsorted(sorted_starts, end + gap - shift, "left")
                    for j in order[lo:hi].tolist():
                        model.add_bool_or([~variables[a][i], ~variables[b][j]])


def _add_day_caps(
    model: cp_model.CpModel,
    prepared: Prepared,
    fixed: np.ndarray,
    cells: dict,
    variables: dict,
    travel: list[cp_model.LinearExpr] | None = None,
) -> None:
    """The daily caps on the flexible cells; with ``travel`` (counted, per day), on the cells and the travel."""
    room = prepared.day_room(fixed)
    if room is None:
        return
    for day in range(7):
        terms: list[cp_model.IntVar] = []
        coefs: list[int] = []
        for f, gig_cells in cells.items():
            grid = prepared.flexible[f].grid
            on_day = np.flatnonzero(gig_cells * grid // DAY == day)
            terms.extend(variables[f][i] for i in on_day)
            coefs.extend([grid] * len(on_day))
        if travel is not None:
            model.add(cp_model.LinearExpr.weighted_sum(terms, coefs) + travel[day] <= int(room[day]))
        elif sum(coefs) > room[day]:
            model.add(cp_model.LinearExpr.weighted_sum(terms, coefs) <= int(room[day]))


def _counted_travel(
    model: cp_model.CpModel, prepared: Prepared, fixed: np.ndarray, cells: dict, variables: dict
) -> list[cp_model.LinearExpr]:
    """Each day's counted travel (``rules.travel_counts``) as a linear expression, exact for the cells chosen.

    The day's *slots*: the stretches between the starts and ends of the
    pieces at places that may be there (commitments and fixed gigs taken:
    there; flexible cells: when chosen), in time order. ``occ[k][p]`` says
    whether slot ``k`` holds something at place ``p`` (a constant, or the sum
    of the cells there: at most one is chosen), ``last[k][p]`` that the last
    thing so far today is at ``p``: at least ``occ``, kept while nothing at
    another place comes, at most one place. A *leg* ``p -> q`` at slot ``k``
    (``last[k-1][p]`` and ``occ[k][q]``, ``T[p, q]`` minutes) is then forced
    whenever the plan travels there, so the sum of the legs is at least the
    day's travel (:func:`stacker.presolve.travel.day_travel`), and exactly it
    at best: the caps hold for some choice of legs exactly when they hold
    for the travel. A day without flexible cells at places has its constant.
    """
    minutes = prepared.travel.minutes
    count = len(prepared.travel.places)
    constant = prepared.placed_pieces(fixed, {})
    constant = constant[constant[:, 2] >= 0]
    fixed_travel = day_travel(constant, prepared.travel)
    moving: dict[int, list[tuple[int, int, int, cp_model.IntVar]]] = {d: [] for d in range(7)}
    for f, gig_cells in cells.items():
        flex = prepared.flexible[f]
        if flex.place < 0:
            continue
        for c, var in zip(gig_cells.tolist(), variables[f]):
            start = c * flex.grid
            moving[start // DAY].append((start, start + flex.grid, flex.place, var))
    out: list[cp_model.LinearExpr] = []
    for day in range(7):
        if not moving[day]:
            out.append(cp_model.LinearExpr.constant(int(fixed_travel[day])))
            continue
        here = constant[constant[:, 0] // DAY == day]
        items = [(int(s), int(e), int(p), 1) for s, e, p in here.tolist()] + moving[day]
        out.append(day_legs(model, minutes, count, items))
    return out


def day_legs(model: cp_model.CpModel, minutes: np.ndarray, count: int, items: list[tuple]) -> cp_model.LinearExpr:
    """One day's counted travel between ``items`` ``(start, end, place, what)`` (``what``: 1 when the item is there,
    else the 0/1 variable of a cell), as in :func:`_counted_travel`: slots, ``last`` places and the legs forced.

    ``minutes``: the travel table, ``count`` places. The term's placement
    (:mod:`.term_placement`) counts a term day's travel with it too.
    """
    bounds = sorted({t for s, e, _, _ in items for t in (s, e)})
    terms, coefs = [], []
    before: list[cp_model.IntVar] | None = None
    for lo, hi in itertools.pairwise(bounds):
        occ: list[list] = [[] for _ in range(count)]
        for s, e, p, what in items:
            if s <= lo and hi <= e:
                occ[p].append(what)
        if not any(occ):
            continue  # nothing can be here: the last place stays
        last = [model.new_bool_var("") for _ in range(count)]
        model.add_at_most_one(last)
        for p in range(count):
            if occ[p]:
                model.add(last[p] >= sum(occ[p]))
            if before is not None:
                others = [v for q in range(count) if q != p for v in occ[q]]
                model.add(last[p] >= before[p] - sum(others))
                for q in range(count):
                    if q != p and occ[q] and minutes[p, q]:
                        leg = model.new_bool_var("")
                        model.add(leg >= before[p] + sum(occ[q]) - 1)
                        terms.append(leg)
                        coefs.append(int(minutes[p, q]))
        before = last
    return cp_model.LinearExpr.weighted_sum(terms, coefs)


def conflict(
    prepared: Prepared, fixed: np.ndarray, steps: dict[int, int], *, params: dict, deadline: float | None
) -> tuple[list[int], dict[int, int]] | None:
    """A minimal part of an unplaceable choice that still cannot be placed.

    Starts from the relevant fixed gigs taken and all flexible gigs, and drops
    each item in turn if the rest still cannot be placed (a deletion filter),
    so the cut the master gets forbids as much as it validly can. Returns None
    when the deadline (``time.perf_counter()`` seconds) passes first.
    """
    keep_fixed = relevant_fixed(prepared, fixed, steps)
    keep_steps = dict(steps)
    items = [("fixed", i) for i in keep_fixed] + [("flexible", f) for f in steps]
    for kind, item in items:
        trial_fixed = [i for i in keep_fixed if not (kind == "fixed" and i == item)]
        trial_steps = {f: h for f, h in keep_steps.items() if not (kind == "flexible" and f == item)}
        if not trial_steps:
            continue
        taken = np.zeros(len(fixed), dtype=bool)
        taken[trial_fixed] = True
        left = None if deadline is None else deadline - time.perf_counter()
        if left is not None and left <= 0:
            return None
        result = place(prepared, taken, trial_steps, params=params, time_limit=left, polish=False)
        if result.status == "unknown" or result.interrupted:
            return None
        if result.status == "impossible":
            keep_fixed, keep_steps = trial_fixed, trial_steps
    return keep_fixed, keep_steps


def relevant_fixed(prepared: Prepared, fixed: np.ndarray, steps: dict[int, int]) -> list[int]:
    """The fixed gigs taken that could affect placing these flexible gigs.

    A fixed gig matters if one of its sessions overlaps a usable cell of a
    flexible gig, or, under daily caps, it has minutes on a day where one of
    them has cells. Removing the others does not change whether placing fails.
    With counted travel, every one (its travel counts toward max_hours).
    """
    if prepared.counts_travel:  # every fixed gig's travel counts toward max_hours
        return [int(i) for i in np.flatnonzero(fixed)]
    usable = np.zeros(WEEK, dtype=bool)
    days = np.zeros(7, dtype=bool)
    for f in steps:
        flex = prepared.flexible[f]
        usable |= cell_minutes(flex.cells, flex.grid)
        days |= flex.day_cells > 0
    most = int(prepared.travel.minutes.max(initial=0))
    if most:  # a fixed gig at another place matters within the travel minutes of the cells too
        usable = dilate(usable, most, most)
    prefix = np.concatenate(([0], np.cumsum(usable)))
    pieces = prepared.fixed_pieces
    touches = np.zeros(len(fixed), dtype=bool)
    hit = prefix[pieces[:, 1]] - prefix[pieces[:, 0]] > 0
    touches[pieces[hit, 2]] = True
    if prepared.day_caps is not None:
        touches |= (prepared.fixed_day_minutes[:, days] > 0).any(axis=1)
    return [int(i) for i in np.flatnonzero(touches & fixed.astype(bool))]
