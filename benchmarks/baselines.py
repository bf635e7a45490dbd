"""The methods the benchmarks compare: stacker and three baselines.

Every method is a function ``(problem, time_limit) -> dict`` with the keys

- ``status``: ``"optimal"`` (proven), ``"feasible"`` (a plan, not proven),
  ``"infeasible"``, ``"unknown"`` (no plan in time) or ``"heuristic"``;
- ``value``: the plan's value, recomputed in floating point from the chosen
  hours with :meth:`stacker.Gig.value` (the documented formula), or None;
- ``bound``: a proven upper bound on any plan's value, or None;
- ``build_s``, ``solve_s``: wall seconds to build the model and to solve it;
- ``chosen``: ``{gig_id: hours per week}``;
- ``blocks``: ``[(gig_id, start, end), ...]`` in week minutes (Monday 00:00
  = 0; an end past 10080 wraps to Monday), what :mod:`benchmarks.verify`
  checks.

The baselines are written independently of stacker's model code: they read
only the public data objects (``Gig.intervals``, ``window_intervals``,
``step_range``, ``min_block``, ``grid``, ``hourly_pay``, ``flat_pay``,
``value()``, the limits, weights and rules) and never import
``stacker.presolve`` or ``stacker.cpsat``. The student's rules are a mask,
as a presolve would make them (:class:`Week`): gigs with a forbidden field
and fixed gigs with a session in the quiet hours or on a day off are left
out, and flexible gigs get no cell there; ``max_gigs`` and the minimums
(``min_week_pay``, ``min_work_hours``) are rows of the exact models, and
greedy keeps ``max_gigs`` and gives no plan when it misses a minimum.
Each one is meant as a fair, honest competitor; what each does is described
in its docstring and in ``docs/benchmarks.md``.

Exact methods work in integer value units, as stacker does: a minute at a
rate of ``r`` money per hour is worth ``round(100 r)`` units, 6,000 units are
one unit of money (exact for rates in whole cents per hour, which the
generator always produces; ``value`` is recomputed in floats anyway).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable

import numpy as np

import stacker

DAY = 24 * 60
WEEK = 7 * DAY
UNITS_PER_MONEY = 6000

# ---------------------------------------------------------------------------
# The week, re-read for the baselines (shared by the three of them).
# ---------------------------------------------------------------------------


def split_pieces(start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` at every midnight; pieces inside ``[0, WEEK)``."""
    out = []
    while start < end:
        cut = min(end, (start // DAY + 1) * DAY)
        s = start % WEEK
        out.append((s, s + cut - start))
        start = cut
    return out


class Week:
    """Commitments, caps and gig data as plain numbers.

    ``work_cap`` is the gig minutes allowed per week (``max_hours`` minus the
    commitments that count, and ``max_work_hours``); ``day_room[d]`` the gig
    minutes allowed on day ``d`` under ``max_day_hours`` (None without it).
    ``reasons`` is non-empty when the commitments alone are infeasible.
    ``ruled`` marks the minutes the student's rules keep free of gig work
    (quiet hours and days off); ``fixed`` and ``flexible`` hold only the
    gigs the rules allow (no forbidden field, no fixed session in ruled time).
    """

    def __init__(self, problem: stacker.Problem):
        self.problem = problem
        limits, weights = problem.limits, problem.weights
        self.busy = np.zeros(WEEK, dtype=np.int32)  # commitments per minute
        counted_day = np.zeros(7, dtype=np.int64)
        self.commitment_pieces: list[tuple[int, int]] = []
        for c in problem.commitments:
            for interval in c.intervals:
                for s, e in split_pieces(*interval):
                    self.commitment_pieces.append((s, e))
                    self.busy[s:e] += 1
                    if c.counts_toward_cap:
                        counted_day[s // DAY] += e - s
        self.reasons: list[str] = []
        if (self.busy > 1).any():
            self.reasons.append("commitments overlap")
        committed = int(counted_day.sum())
        self.work_cap = math.floor(limits.max_hours * 60 + 1e-9) - committed
        if limits.max_work_hours is not None:
            self.work_cap = min(self.work_cap, math.floor(limits.max_work_hours * 60 + 1e-9))
        self.day_room = None
        if limits.max_day_hours is not None:
            self.day_room = math.floor(limits.max_day_hours * 60 + 1e-9) - counted_day
            if (self.day_room < 0).any():
                self.reasons.append("commitments alone are over max_day_hours")
        if self.work_cap < 0:
            self.reasons.append("commitments alone are over max_hours")
        self.free = self.busy == 0
        rules = problem.rules
        self.ruled = np.zeros(WEEK, dtype=bool)
        for d in range(7):
            for start, end in rules.quiet:
                for s, e in split_pieces(d * DAY + start, d * DAY + end):
                    self.ruled[s:e] = True
        for d in rules.weekdays_off:
            self.ruled[d * DAY : (d + 1) * DAY] = True
        banned = set(rules.forbid_fields)
        self.allowed = [
            not set(g.fields) & banned
            and not (g.is_fixed and any(self.ruled[s:e].any() for s, e in self.gig_pieces(g)))
            for g in problem.gigs
        ]
        self.max_gigs = rules.max_gigs
        self.fixed = [i for i, g in enumerate(problem.gigs) if g.is_fixed and self.allowed[i]]
        self.flexible = [i for i, g in enumerate(problem.gigs) if not g.is_fixed and self.allowed[i]]
        self.weights = weights
        self.exact = True  # all rates in whole cents: integer units are exact

    def rate_units(self, gig: stacker.Gig) -> int:
        """Value units per minute worked."""
        w = self.weights
        rate = (gig.hourly_pay + w.relevance_value * gig.relevance + w.growth_value * gig.growth) * 100
        if abs(rate - round(rate)) > 1e-6:
            self.exact = False
        return round(rate)

    def flat_units(self, gig: stacker.Gig) -> int:
        """Value units for taking the gig at all (weekly pay, mentor and conversion)."""
        w = self.weights
        flat = (
            gig.flat_pay + w.mentor_value * bool(gig.mentor) + w.conversion_value * gig.conversion
        ) * UNITS_PER_MONEY
        if abs(flat - round(flat)) > 1e-6:
            self.exact = False
        return round(flat)

    def _in_ruled_time(self, gig: stacker.Gig) -> bool:
        """Whether a fixed gig has a session minute in the rules' quiet hours or days off."""
        return gig.is_fixed and any(self.ruled[s:e].any() for s, e in self.gig_pieces(gig))

    def pay_units(self, gig: stacker.Gig) -> tuple[int, int]:
        """Pay units per minute worked and for taking the gig at all (weekly pay)."""
        return round(gig.hourly_pay * 100), round(gig.flat_pay * UNITS_PER_MONEY)

    def minimums(self) -> tuple[int | None, int | None]:
        """The least pay (units) and gig minutes a plan must have (None: no minimum)."""
        limits = self.problem.limits
        pay = math.ceil(limits.min_week_pay * UNITS_PER_MONEY - 1e-6) if limits.min_week_pay else None
        minutes = math.ceil(limits.min_work_hours * 60 - 1e-9) if limits.min_work_hours else None
        return pay, minutes

    def gig_pieces(self, gig: stacker.Gig) -> list[tuple[int, int]]:
        return [p for interval in gig.intervals for p in split_pieces(*interval)]

    def window_cells(self, gig: stacker.Gig) -> np.ndarray:
        """Grid cells of a flexible gig inside its windows and clear of commitments (sorted)."""
        grid = int(gig.grid)
        if gig.window_intervals:
            allowed = np.zeros(WEEK, dtype=bool)
            for interval in gig.window_intervals:
                for s, e in split_pieces(*interval):
                    allowed[s:e] = True
            allowed &= self.free
        else:
            allowed = self.free.copy()
        allowed &= ~self.ruled
        return np.flatnonzero(allowed.reshape(-1, grid).all(axis=1))

    def result(self, status: str, chosen_minutes: dict[int, int], blocks: list, bound, build_s, solve_s) -> dict:
        gigs = self.problem.gigs
        chosen = {gigs[i].id: m / 60 for i, m in sorted(chosen_minutes.items())}
        value = None
        if status in ("optimal", "feasible", "heuristic"):
            value = sum(gigs[i].value(m / 60, self.weights) for i, m in chosen_minutes.items())
        return {
            "status": status,
            "value": value,
            "bound": bound,
            "build_s": build_s,
            "solve_s": solve_s,
            "chosen": chosen,
            "blocks": blocks,
            "exact_units": self.exact,
        }


def long_runs(cells: np.ndarray, per_week: int, block: int) -> np.ndarray:
    """Keep the cells lying in runs (on the circular week) of at least ``block`` cells."""
    mask = np.zeros(per_week, dtype=bool)
    mask[cells] = True
    if mask.all():
        return cells if per_week >= block else cells[:0]
    if not mask.any():
        return cells
    shift = int(np.flatnonzero(~mask)[0])
    rolled = np.roll(mask, -shift)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rolled.astype(np.int8), [0]))))
    for s, e in zip(edges[::2], edges[1::2]):
        if e - s < block:
            rolled[s:e] = False
    return np.flatnonzero(np.roll(rolled, shift))


def cell_blocks(gig_id: str, cells: np.ndarray, grid: int) -> list[tuple[str, int, int]]:
    """Runs of consecutive cells as blocks (not merged across Sunday midnight)."""
    if len(cells) == 0:
        return []
    cells = np.sort(cells)
    breaks = np.flatnonzero(np.diff(cells) != 1)
    starts = np.concatenate(([cells[0]], cells[breaks + 1]))
    ends = np.concatenate((cells[breaks], [cells[-1]])) + 1
    return [(gig_id, int(s) * grid, int(e) * grid) for s, e in zip(starts, ends)]


def _status_infeasible(week: Week, started: float) -> dict:
    return week.result("infeasible", {}, [], None, time.perf_counter() - started, 0.0)


# ---------------------------------------------------------------------------
# (a) The straightforward CP-SAT model.
# ---------------------------------------------------------------------------


def naive_cpsat(problem: stacker.Problem, time_limit: float) -> dict:
    """The straightforward CP-SAT model, as one would first write it.

    - every commitment piece is a fixed interval;
    - a fixed gig is a bool ``x``; each of its sessions (cut at midnight, so
      a Sunday-night session wraps to Monday) is an optional interval
      present when ``x`` is;
    - a flexible gig has a bool ``u`` and a bool ``y[c]`` per grid cell of
      its windows clear of commitments, each an optional interval of one
      cell; ``lo * u <= sum(y) <= hi * u`` (``Gig.step_range``); min blocks
      as clauses: if ``c`` starts a block (``y[c]`` and not ``y[c-1]``) then
      ``y[c+1] .. y[c+k-1]`` (circular week);
    - ONE ``AddNoOverlap`` over all the intervals above;
    - weekly and daily caps as linear constraints; the rules' ``max_gigs``
      on ``sum(x) + sum(u)``; the minimums on the pay and the gig minutes;
    - maximize the value (integer units).

    No reductions of our own: dropping gigs that clash with a commitment is
    left to CP-SAT's presolve. Parameters: one worker,
    ``presolve_inclusion_work_limit = 0`` (OR-Tools 9.15 bug 5293), otherwise
    CP-SAT's defaults.
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    week = Week(problem)
    gigs = problem.gigs
    model = cp_model.CpModel()
    intervals = [
        model.new_fixed_size_interval_var(s, e - s, f"busy{k}") for k, (s, e) in enumerate(week.commitment_pieces)
    ]
    work_vars: list = []
    work_coefs: list[int] = []
    day_vars: list[list] = [[] for _ in range(7)]
    day_coefs: list[list[int]] = [[] for _ in range(7)]
    obj_vars: list = []
    obj_coefs: list[int] = []
    pay_vars: list = []
    pay_coefs: list[int] = []
    taken: list = []
    x: dict[int, cp_model.IntVar] = {}
    for i in week.fixed:
        gig = gigs[i]
        var = model.new_bool_var(f"x{i}")
        x[i] = var
        taken.append(var)
        minutes = 0
        for s, e in week.gig_pieces(gig):
            intervals.append(model.new_optional_fixed_size_interval_var(s, e - s, var, f"s{i}_{s}"))
            day_vars[s // DAY].append(var)
            day_coefs[s // DAY].append(e - s)
            minutes += e - s
        work_vars.append(var)
        work_coefs.append(minutes)
        obj_vars.append(var)
        obj_coefs.append(minutes * week.rate_units(gig) + week.flat_units(gig))
        per_minute, flat = week.pay_units(gig)
        pay_vars.append(var)
        pay_coefs.append(minutes * per_minute + flat)
    y: dict[int, tuple[np.ndarray, list]] = {}
    for i in week.flexible:
        gig = gigs[i]
        grid, block = int(gig.grid), int(gig.min_block) // int(gig.grid)
        per_week = WEEK // grid
        cells = week.window_cells(gig)
        lo, hi = gig.step_range
        u = model.new_bool_var(f"u{i}")
        taken.append(u)
        ys = [model.new_bool_var(f"y{i}_{c}") for c in cells]
        y[i] = (cells, ys)
        for c, var in zip(cells, ys):
            intervals.append(model.new_optional_fixed_size_interval_var(int(c) * grid, grid, var, f"c{i}_{c}"))
            day = int(c) * grid // DAY
            day_vars[day].append(var)
            day_coefs[day].append(grid)
        model.add(sum(ys) >= lo * u)
        model.add(sum(ys) <= hi * u)
        index = {int(c): k for k, c in enumerate(cells)}
        if block > 1:
            for k, c in enumerate(cells):
                prev = index.get((int(c) - 1) % per_week)
                start = [~ys[k]] if prev is None else [~ys[k], ys[prev]]
                for t in range(1, block):
                    nxt = index.get((int(c) + t) % per_week)
                    if nxt is None:
                        model.add_bool_or(start)
                        break
                    model.add_bool_or([*start, ys[nxt]])
        work_vars.extend(ys)
        work_coefs.extend([grid] * len(ys))
        obj_vars.extend(ys)
        obj_coefs.extend([grid * week.rate_units(gig)] * len(ys))
        obj_vars.append(u)
        obj_coefs.append(week.flat_units(gig))
        per_minute, flat = week.pay_units(gig)
        pay_vars.extend([*ys, u])
        pay_coefs.extend([grid * per_minute] * len(ys) + [flat])
    model.add_no_overlap(intervals)
    model.add(cp_model.LinearExpr.weighted_sum(work_vars, work_coefs) <= week.work_cap)
    if week.max_gigs is not None:
        model.add(sum(taken) <= week.max_gigs)
    least_pay, least_minutes = week.minimums()
    if least_pay is not None:
        model.add(cp_model.LinearExpr.weighted_sum(pay_vars, pay_coefs) >= least_pay)
    if least_minutes is not None:
        model.add(cp_model.LinearExpr.weighted_sum(work_vars, work_coefs) >= least_minutes)
    if week.day_room is not None:
        for d in range(7):
            if day_vars[d]:
                model.add(cp_model.LinearExpr.weighted_sum(day_vars[d], day_coefs[d]) <= int(week.day_room[d]))
            elif week.day_room[d] < 0:
                model.add_bool_or([])  # infeasible
    model.maximize(cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.presolve_inclusion_work_limit = 0
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = float(time_limit)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    code = solver.solve(model)
    solve_s = time.perf_counter() - started
    status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}.get(
        code, "unknown"
    )
    chosen: dict[int, int] = {}
    blocks: list = []
    bound = None
    if status in ("optimal", "feasible"):
        for i, var in x.items():
            if solver.boolean_value(var):
                gig = gigs[i]
                chosen[i] = sum(e - s for s, e in gig.intervals)
                blocks.extend((gig.id, s, e) for s, e in gig.intervals)
        for i, (cells, ys) in y.items():
            if ys:
                taken = cells[np.array(solver.boolean_values(ys), dtype=bool)]
                if len(taken):
                    chosen[i] = len(taken) * int(gigs[i].grid)
                    blocks.extend(cell_blocks(gigs[i].id, taken, int(gigs[i].grid)))
        bound = solver.best_objective_bound / UNITS_PER_MONEY
    return week.result(status, chosen, blocks, bound, build_s, solve_s)


# ---------------------------------------------------------------------------
# (b) A MIP with HiGHS.
# ---------------------------------------------------------------------------


def interval_clique_rows(starts: np.ndarray, ends: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximal cliques of half-open intervals ``[start, end)`` by a sweep line.

    The maximal cliques of an interval graph are the sets of intervals
    covering a start point ``p`` after which some interval covering ``p``
    ends before (or at) the next start point. Each interval covers a
    contiguous range of those points. Returns ``(row, col)`` entries, one
    row per clique with at least two distinct columns.
    """
    if len(starts) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    points = np.unique(starts)
    nxt = np.append(points[1:], np.iinfo(np.int64).max)
    ends_sorted = np.sort(ends)
    closing = np.searchsorted(ends_sorted, nxt, "right") - np.searchsorted(ends_sorted, points, "right")
    points = points[closing > 0]
    first = np.searchsorted(points, starts, "left")
    stop = np.searchsorted(points, ends, "left")
    count = stop - first
    rows = np.repeat(first, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    members = np.repeat(cols, count)
    pairs = np.unique(rows * (int(cols.max()) + 1) + members)
    rows, members = pairs // (int(cols.max()) + 1), pairs % (int(cols.max()) + 1)
    size = np.bincount(rows, minlength=len(points))
    keep = size[rows] >= 2
    rows, members = rows[keep], members[keep]
    _, rows = np.unique(rows, return_inverse=True)
    return rows.astype(np.int64), members.astype(np.int64)


def highs_mip(problem: stacker.Problem, time_limit: float) -> dict:
    """A MIP solved by HiGHS, with the strongest formulation we could give it.

    Reductions first (what any MIP modeler would do): fixed gigs whose
    sessions clash with a commitment, or that alone are over the weekly or a
    daily cap, are left out; a flexible gig's cells are those inside its
    windows, clear of commitments, in runs of at least ``min_block``
    (circular week); a flexible gig with fewer such cells than its minimum
    is left out.

    Variables: ``x[i]`` (fixed gig taken), ``u[f]`` (flexible gig taken),
    ``y[f,c]`` (cell ``c`` worked by ``f``), all binary. Rows:

    - clique rows: one ``sum <= 1`` per maximal set of fixed-gig pieces and
      flexible cells sharing a minute (a sweep line over all of them), which
      replaces both pairwise conflicts and one row per minute;
    - ``lo * u <= sum_c y[f,c] <= hi * u`` and ``y[f,c] <= u[f]``;
    - min blocks: ``y[c] - y[c-1] - y[c+t] <= 0`` for ``t = 1 .. k-1``
      (circular; ``y[c] - y[c-1] <= 0`` where ``c+t`` is not a cell);
    - the weekly and daily caps; the rules' ``max_gigs`` on ``sum(x) +
      sum(u)``; the minimums on the pay and the gig minutes.

    The objective is in integer units divided by the greatest common divisor
    of its coefficients (still integral; undivided, the coefficients reach
    4e6, HiGHS warns that the model is badly scaled, and on a 1,000-gig
    mixed pool it had a 14 % gap after 20 s where the divided model was
    proven optimal in 21 s). HiGHS stops at an absolute gap below
    one such unit, so ``optimal`` means proven exactly (``mip_rel_gap = 0``;
    HiGHS's default relative gap of 1e-4 would accept plans worth less than
    the optimum). The ``y <= u`` rows are redundant for the integer model
    but tighten the LP: without them HiGHS took 44 s instead of 21 s on that
    pool. One thread, as stacker uses one worker: with HiGHS's default (two
    threads on a 2-core machine) the times were the same within noise, and
    HiGHS's thread pool is global to the process, so a second thread count
    in the same process (the tests' oracle uses one) makes ``run`` fail.
    Default HiGHS options otherwise.
    """
    import highspy

    started = time.perf_counter()
    week = Week(problem)
    if week.reasons:
        return _status_infeasible(week, started)
    gigs = problem.gigs
    cost: list[np.ndarray] = []
    col_owner: list[np.ndarray] = []  # gig index per column
    col_cell: list[np.ndarray] = []  # cell number (-1 for x and u)
    n_col = 0
    # interval entries for the clique sweep
    iv_start: list[np.ndarray] = []
    iv_end: list[np.ndarray] = []
    iv_col: list[np.ndarray] = []
    day_cols: list[np.ndarray] = []
    day_day: list[np.ndarray] = []
    day_val: list[np.ndarray] = []
    work_cols: list[np.ndarray] = []
    work_val: list[np.ndarray] = []
    pay_cols: list[np.ndarray] = []
    pay_val: list[np.ndarray] = []
    taken_cols: list[int] = []  # x and u
    rows_r: list[np.ndarray] = []  # other rows, as triplets
    rows_c: list[np.ndarray] = []
    rows_v: list[np.ndarray] = []
    row_lo: list[float] = []
    row_hi: list[float] = []

    def add_rows(entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]], lo: np.ndarray, hi: np.ndarray) -> None:
        base = len(row_lo)
        for r, c, v in entries:
            rows_r.append(r + base)
            rows_c.append(c)
            rows_v.append(v)
        row_lo.extend(lo.tolist())
        row_hi.extend(hi.tolist())

    # fixed gigs
    fixed_cols = []
    for i in week.fixed:
        gig = gigs[i]
        pieces = week.gig_pieces(gig)
        day_minutes = np.zeros(7, dtype=np.int64)
        for s, e in pieces:
            day_minutes[s // DAY] += e - s
        minutes = int(day_minutes.sum())
        if any((~week.free[s:e]).any() for s, e in pieces) or minutes > week.work_cap:
            continue
        if week.day_room is not None and (day_minutes > week.day_room).any():
            continue
        col = n_col
        n_col += 1
        fixed_cols.append((i, col, minutes))
        cost.append(np.array([minutes * week.rate_units(gig) + week.flat_units(gig)], dtype=float))
        col_owner.append(np.array([i]))
        col_cell.append(np.array([-1]))
        p = np.array(pieces, dtype=np.int64)
        iv_start.append(p[:, 0])
        iv_end.append(p[:, 1])
        iv_col.append(np.full(len(p), col))
        used = np.flatnonzero(day_minutes)
        day_cols.append(np.full(len(used), col))
        day_day.append(used)
        day_val.append(day_minutes[used])
        work_cols.append(np.array([col]))
        work_val.append(np.array([minutes]))
        per_minute, flat = week.pay_units(gig)
        pay_cols.append(np.array([col]))
        pay_val.append(np.array([minutes * per_minute + flat]))
        taken_cols.append(col)
    # flexible gigs
    flex_cols = []
    for i in week.flexible:
        gig = gigs[i]
        grid, block = int(gig.grid), int(gig.min_block) // int(gig.grid)
        per_week = WEEK // grid
        lo, hi = gig.step_range
        cells = long_runs(week.window_cells(gig), per_week, block)
        room = len(cells) * grid
        if week.day_room is not None:
            per_day = np.bincount(cells * grid // DAY, minlength=7) * grid
            room = int(np.minimum(per_day, np.maximum(week.day_room, 0)).sum())
        if room < lo * grid or lo * grid > week.work_cap:
            continue
        u = n_col
        ycols = np.arange(n_col + 1, n_col + 1 + len(cells))
        n_col += 1 + len(cells)
        flex_cols.append((i, u, ycols, cells, grid))
        cost.append(
            np.concatenate(([week.flat_units(gig)], np.full(len(cells), grid * week.rate_units(gig)))).astype(float)
        )
        col_owner.append(np.full(1 + len(cells), i))
        col_cell.append(np.concatenate(([-1], cells)))
        iv_start.append(cells * grid)
        iv_end.append((cells + 1) * grid)
        iv_col.append(ycols)
        days = cells * grid // DAY
        day_cols.append(ycols)
        day_day.append(days)
        day_val.append(np.full(len(cells), grid))
        work_cols.append(ycols)
        work_val.append(np.full(len(cells), grid))
        per_minute, flat = week.pay_units(gig)
        pay_cols.append(np.concatenate(([u], ycols)))
        pay_val.append(np.concatenate(([flat], np.full(len(cells), grid * per_minute))))
        taken_cols.append(u)
        k = len(cells)
        # lo*u <= sum y <= hi*u   as  sum y - lo*u >= 0  and  sum y - hi*u <= 0
        add_rows(
            [
                (np.zeros(k + 1, np.int64), np.concatenate(([u], ycols)), np.concatenate(([-lo], np.ones(k)))),
                (np.ones(k + 1, np.int64), np.concatenate(([u], ycols)), np.concatenate(([-hi], np.ones(k)))),
            ],
            np.array([0.0, -np.inf]),
            np.array([np.inf, 0.0]),
        )
        # y <= u
        r = np.arange(k)
        add_rows([(r, ycols, np.ones(k)), (r, np.full(k, u), -np.ones(k))], np.full(k, -np.inf), np.zeros(k))
        # min blocks
        if block > 1 and k:
            position = np.full(per_week, -1, dtype=np.int64)
            position[cells] = ycols
            prev = position[(cells - 1) % per_week]
            entries_r, entries_c, entries_v = [], [], []
            nrow = 0
            for t in range(1, block):
                nxt = position[(cells + t) % per_week]
                # rows y[c] - y[c-1] - y[c+t] <= 0 (terms that are not cells are left out)
                rr = np.arange(nrow, nrow + k)
                entries_r += [rr, rr[prev >= 0], rr[nxt >= 0]]
                entries_c += [ycols, prev[prev >= 0], nxt[nxt >= 0]]
                entries_v += [np.ones(k), -np.ones((prev >= 0).sum()), -np.ones((nxt >= 0).sum())]
                nrow += k
            add_rows(
                [(np.concatenate(entries_r), np.concatenate(entries_c), np.concatenate(entries_v))],
                np.full(nrow, -np.inf),
                np.zeros(nrow),
            )
    build = {}
    # clique rows over fixed pieces and flexible cells
    if iv_start:
        cr, cc = interval_clique_rows(np.concatenate(iv_start), np.concatenate(iv_end), np.concatenate(iv_col))
        n_cliques = int(cr.max()) + 1 if len(cr) else 0
        add_rows([(cr, cc, np.ones(len(cr)))], np.full(n_cliques, -np.inf), np.ones(n_cliques))
        build["cliques"] = n_cliques
    # caps
    if work_cols:
        wc, wv = np.concatenate(work_cols), np.concatenate(work_val)
        if wv.sum() > week.work_cap:
            add_rows(
                [(np.zeros(len(wc), np.int64), wc, wv.astype(float))],
                np.array([-np.inf]),
                np.array([float(week.work_cap)]),
            )
        if week.day_room is not None:
            dc, dd, dv = np.concatenate(day_cols), np.concatenate(day_day), np.concatenate(day_val)
            for d in range(7):
                on = dd == d
                if dv[on].sum() > week.day_room[d]:
                    add_rows(
                        [(np.zeros(on.sum(), np.int64), dc[on], dv[on].astype(float))],
                        np.array([-np.inf]),
                        np.array([float(week.day_room[d])]),
                    )
    # the rules' max_gigs and the minimums
    if week.max_gigs is not None and len(taken_cols) > week.max_gigs:
        k = len(taken_cols)
        add_rows([(np.zeros(k, np.int64), np.array(taken_cols), np.ones(k))], np.array([-np.inf]),
                 np.array([float(week.max_gigs)]))  # fmt: skip
    for least, cols, vals in zip(week.minimums(), (pay_cols, work_cols), (pay_val, work_val)):
        if least is None:
            continue
        if not cols:
            return _status_infeasible(week, started)
        cc, cv = np.concatenate(cols), np.concatenate(vals)
        add_rows([(np.zeros(len(cc), np.int64), cc, cv.astype(float))], np.array([float(least)]), np.array([np.inf]))
    n_row = len(row_lo)
    build["columns"], build["rows"] = n_col, n_row
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # objective values are whole units
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)  # like stacker; see the docstring
    chosen: dict[int, int] = {}
    blocks: list = []
    if n_col == 0:
        return week.result("optimal", chosen, blocks, 0.0, time.perf_counter() - started, 0.0)
    costs = np.concatenate(cost)
    scale = math.gcd(*np.abs(costs).astype(np.int64).tolist()) or 1  # whole units: exact, better conditioned
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.col_cost_ = costs / scale
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.ones(n_col)
    lp.row_lower_ = np.array(row_lo, dtype=float)
    lp.row_upper_ = np.array(row_hi, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    r = np.concatenate(rows_r) if rows_r else np.zeros(0, np.int64)
    c = np.concatenate(rows_c) if rows_c else np.zeros(0, np.int64)
    v = np.concatenate(rows_v) if rows_v else np.zeros(0)
    order = np.lexsort((r, c))  # column-wise
    r, c, v = r[order], c[order], v[order]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n_col
    lp.a_matrix_.num_row_ = n_row
    lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum(np.bincount(c, minlength=n_col)))).astype(np.int32)
    lp.a_matrix_.index_ = r.astype(np.int32)
    lp.a_matrix_.value_ = v.astype(float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_col
    h.passModel(lp)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    h.run()
    solve_s = time.perf_counter() - started
    model_status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        status = "infeasible"
    elif has_solution:
        status = "feasible"
    else:
        status = "unknown"
    bound = None
    if status in ("optimal", "feasible"):
        values = np.round(np.asarray(h.getSolution().col_value)).astype(bool)
        for i, col, minutes in fixed_cols:
            if values[col]:
                chosen[i] = minutes
                blocks.extend((gigs[i].id, s, e) for s, e in gigs[i].intervals)
        for i, _u, ycols, cells, grid in flex_cols:
            taken = cells[values[ycols]]
            if len(taken):
                chosen[i] = len(taken) * grid
                blocks.extend(cell_blocks(gigs[i].id, taken, grid))
        bound = info.mip_dual_bound * scale / UNITS_PER_MONEY
    out = week.result(status, chosen, blocks, bound, build_s, solve_s)
    out["model_size"] = build
    return out


# ---------------------------------------------------------------------------
# (c) Greedy by value density.
# ---------------------------------------------------------------------------


def greedy(problem: stacker.Problem, time_limit: float) -> dict:
    """Take gigs in order of value per hour while they fit: a quality reference.

    Density: a fixed gig's value divided by its hours; a flexible gig's value
    at its maximum hours divided by those hours (ties: input order). In that
    order, a fixed gig is taken if none of its sessions overlaps a commitment
    or a gig already taken and the weekly and daily caps still hold; a
    flexible gig is placed in the earliest free cells of its windows, block
    by block (each block at least ``min_block``, as long as the caps allow),
    up to its maximum hours, and taken if it reaches its minimum. Gigs worth
    nothing, and those the rules leave out, are skipped; at most ``max_gigs``
    are taken. No proof: ``status`` is ``"heuristic"``, ``bound`` None; a
    plan that misses ``min_week_pay`` or ``min_work_hours`` is no plan
    (``"unknown"``: greedy does not aim at them). ``time_limit`` is ignored.
    """
    started = time.perf_counter()
    week = Week(problem)
    if week.reasons:
        return _status_infeasible(week, started)
    gigs = problem.gigs
    density = np.zeros(len(gigs))
    for i, gig in enumerate(gigs):
        hours = gig.hour_range[1]
        density[i] = gig.value(hours, week.weights) / hours if hours > 0 else -np.inf
    order = sorted(range(len(gigs)), key=lambda i: (-density[i], i))
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    taken = ~week.free.copy()  # minutes already used
    work_left = week.work_cap
    day_left = None if week.day_room is None else week.day_room.astype(np.int64).copy()
    chosen: dict[int, int] = {}
    blocks: list = []
    for i in order:
        gig = gigs[i]
        if density[i] <= 0 or work_left <= 0 or not week.allowed[i]:
            continue
        if week.max_gigs is not None and len(chosen) >= week.max_gigs:
            break
        if gig.is_fixed:
            pieces = week.gig_pieces(gig)
            minutes = sum(e - s for s, e in pieces)
            if minutes > work_left or any(taken[s:e].any() for s, e in pieces):
                continue
            need = np.zeros(7, dtype=np.int64)
            for s, e in pieces:
                need[s // DAY] += e - s
            if day_left is not None and (need > day_left).any():
                continue
            for s, e in pieces:
                taken[s:e] = True
            if day_left is not None:
                day_left -= need
            work_left -= minutes
            chosen[i] = minutes
            blocks.extend((gig.id, s, e) for s, e in gig.intervals)
            continue
        grid, block = int(gig.grid), int(gig.min_block) // int(gig.grid)
        lo, hi = gig.step_range
        cells = week.window_cells(gig)
        free = cells[~taken.reshape(-1, grid)[cells].any(axis=1)]
        want = min(hi, work_left // grid)
        picked, day_use = _earliest_blocks(free.tolist(), grid, block, want, day_left)
        if len(picked) >= lo and len(picked) > 0:
            cells_taken = np.array(picked, dtype=np.int64)
            mask = np.zeros(WEEK // grid, dtype=bool)
            mask[cells_taken] = True
            taken |= np.repeat(mask, grid)
            if day_left is not None:
                day_left -= day_use
            work_left -= len(picked) * grid
            chosen[i] = len(picked) * grid
            blocks.extend(cell_blocks(gig.id, cells_taken, grid))
    solve_s = time.perf_counter() - started
    least_pay, least_minutes = week.minimums()
    pay = sum(week.pay_units(gigs[i])[0] * m + week.pay_units(gigs[i])[1] for i, m in chosen.items())
    if (least_pay is not None and pay < least_pay) or (
        least_minutes is not None and sum(chosen.values()) < least_minutes
    ):
        return week.result("unknown", {}, [], None, build_s, solve_s)
    return week.result("heuristic", chosen, blocks, None, build_s, solve_s)


def _earliest_blocks(free: list[int], grid: int, block: int, want: int, day_left) -> tuple[list[int], np.ndarray]:
    """Up to ``want`` of the ``free`` cells (sorted), earliest first, in runs of at least ``block``.

    A run ends at a gap or where a daily cap (``day_left``, minutes per day,
    or None) is reached; runs shorter than ``block`` are given back. Returns
    the cells picked and the minutes they use per day.
    """
    picked: list[int] = []
    day_use = np.zeros(7, dtype=np.int64)
    run: list[int] = []
    for c in [*free, None]:  # None closes the last run
        day = None if c is None else c * grid // DAY
        fits = c is not None and (day_left is None or day_use[day] + grid <= day_left[day])
        if run and (c is None or c != run[-1] + 1 or not fits or len(picked) + len(run) >= want):
            if len(run) >= block:
                picked.extend(run)
            else:
                for r in run:
                    day_use[r * grid // DAY] -= grid
            run = []
        if c is None or want - len(picked) < block:
            break
        if fits:
            run.append(c)
            day_use[day] += grid
    return picked, day_use


# ---------------------------------------------------------------------------
# stacker itself.
# ---------------------------------------------------------------------------


def stacker_run(problem: stacker.Problem, time_limit: float) -> dict:
    """``stacker.solve(problem, time_limit=...)`` end to end (seed 0, one worker).

    ``build_s`` is the time of stacker's presolve (``prepare``, numpy), read
    by wrapping that function for the call when it exists (else None);
    ``solve_s`` is everything else: building the CP-SAT models, solving,
    placing, making the plan.
    """
    module = sys.modules.get("stacker.solve")
    spent: dict[str, float] = {}
    original = getattr(module, "prepare", None)
    if original is not None:

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent["prepare"] = spent.get("prepare", 0.0) + time.perf_counter() - t

        module.prepare = timed
    try:
        started = time.perf_counter()
        plan = stacker.solve(problem, time_limit=time_limit)
        total = time.perf_counter() - started
    finally:
        if original is not None:
            module.prepare = original
    build_s = spent.get("prepare")
    status = plan.status.value
    chosen = {g.id: g.hours for g in plan.gigs}
    blocks = [(b.id, b.start, b.end) for b in plan.blocks if b.kind == "gig"]
    return {
        "status": status,
        "value": plan.objective,
        "bound": plan.bound,
        "build_s": build_s,
        "solve_s": total - (build_s or 0.0),
        "chosen": chosen,
        "blocks": blocks,
        "excluded": len(plan.excluded),
    }


METHODS: dict[str, Callable[[stacker.Problem, float], dict]] = {
    "stacker": stacker_run,
    "naive_cpsat": naive_cpsat,
    "highs_mip": highs_mip,
    "greedy": greedy,
}
EXACT = ("stacker", "naive_cpsat", "highs_mip")
