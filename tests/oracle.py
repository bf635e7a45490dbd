"""An independent exact optimum for small stacker problems: the reference of the tests.

Written without any of stacker's model code (no ``stacker.week``,
``stacker.presolve``, ``stacker.cpsat``); time arithmetic and session parsing
come from :mod:`checker` (the tests' own parser).

How the optimum is found:

- **fixed gigs**: brute force over every subset of the fixed gigs (a DFS
  that keeps only subsets with no overlap, no clash with a commitment and
  every cap held);
- **the student's rules**: quiet hours and days off are blocked time for
  every gig (:func:`checker.rule_minutes`), gigs with a forbidden field are
  left out, and ``max_gigs`` bounds the fixed subsets and, less the fixed
  gigs taken, the flexible gigs the MIP takes;
- **travel time**: items at different places keep the travel gap
  (:func:`checker.travel_breaks`, the checker's own reading of
  ``rules.travel``): a fixed gig too close to a commitment is left out, the
  DFS keeps no two fixed gigs too close, a flexible gig's cells too close to
  a commitment or a fixed gig taken are not used, and the MIP forbids each
  pair of cells of two flexible gigs that are too close;
- **counted travel** (``rules.travel_counts``): the travel minutes
  (:func:`checker.day_travel`) count toward max_hours and max_day_hours;
  fixed-only choices are checked directly, and the MIP has one variable per
  pair of things of a day at different places (cells, commitments and fixed
  gigs taken), at least 1 when both are there and nothing in between: a
  different model from stacker's (a state per slot);
- **flexible gigs**: for each such subset, in decreasing order of an upper
  bound, a small time-indexed MIP solved exactly by HiGHS (``highspy``):
  one 0/1 variable per grid cell of each flexible gig, at most one thing per
  time slot, the blocks-of-at-least-``min_block`` rule on the circular week,
  hours within range, weekly and daily caps;
- **tiny instances**: :func:`exhaustive_optimum` enumerates every placement
  of every flexible gig cell by cell, with no solver at all, to check the MIP.

Values: the MIP works in integer units (1/6000 of money, so a minute at a
rate with whole cents is an integer); the value returned is recomputed in
floats from the hours of the optimal choice with the documented formula, so
it compares with ``plan.objective`` to ~1e-9. Test data must therefore keep
rates at whole cents (pay with at most 2 decimals, relevance a multiple of
0.1 and weights whole numbers); :func:`optimum` refuses other data.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from checker import (
    DAY,
    WEEK,
    commitments_infeasible,
    day_minutes,
    day_travel,
    gig_flat,
    gig_once,
    gig_rate,
    gig_value,
    minute_set,
    parse_all,
    place_of,
    rule_minutes,
    runs_of,
    split_at_midnight,
    travel_breaks,
    travel_counts,
    travel_minutes,
)

UNITS = 6000  # value units per money: a minute at r money/hour is worth 100 r units


@dataclass
class Result:
    """The optimum: its value, and one optimal choice (gig id -> list of (start, end))."""

    value: float
    units: int
    choice: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    mip_solves: int = 0


def _units_per_minute(gig, weights) -> int:
    rate = gig_rate(gig, weights)
    units = round(rate * 100)
    if abs(rate * 100 - units) > 1e-6:
        raise ValueError(f"oracle: gig {gig.id!r} has rate {rate!r}, not whole cents per hour")
    return units


def _flat_units(gig, weights) -> int:
    flat = gig_flat(gig, weights) + gig_once(gig, weights)  # a week's plan takes a gig once
    units = round(flat * UNITS)
    if abs(flat * UNITS - units) > 1e-6:
        raise ValueError(f"oracle: gig {gig.id!r} has flat value {flat!r}, not exact")
    return units


class _Week:
    """The problem re-read for the oracle: commitments, caps in minutes, fixed gig data."""

    def __init__(self, problem):
        self.problem = problem
        weights, limits = problem.weights, problem.limits
        commitment_intervals = [iv for c in problem.commitments for iv in parse_all(c.sessions)]
        self.busy = minute_set(commitment_intervals)
        # the student's rules: quiet hours and days off are blocked time for gigs, forbidden fields forbidden gigs
        rules = getattr(problem, "rules", None)
        self.gig_busy = self.busy | rule_minutes(problem)
        self.max_gigs = None if rules is None else rules.max_gigs
        banned = set() if rules is None else set(rules.forbid_fields)
        counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in parse_all(c.sessions)]
        committed = sum(e - s for s, e in counted)
        self.total_cap = math.floor(limits.max_hours * 60 + 1e-9) - committed
        self.work_cap = self.total_cap
        if limits.max_work_hours is not None:
            self.work_cap = min(self.work_cap, math.floor(limits.max_work_hours * 60 + 1e-9))
        if limits.max_day_hours is not None:
            day_cap = math.floor(limits.max_day_hours * 60 + 1e-9)
            self.day_caps = [day_cap - m for m in day_minutes(counted)]
        else:
            self.day_caps = None
        # fixed gigs that do not clash with a commitment
        self.fixed = []
        self.placed = [  # commitments at places, as travel items (place, start, end, name)
            (place_of(c), s, e, c.id) for c in problem.commitments if place_of(c) for s, e in parse_all(c.sessions)
        ]
        for gig in problem.gigs:
            if not gig.sessions or set(gig.fields) & banned:
                continue
            intervals = parse_all(gig.sessions)
            mins = minute_set(intervals)
            if mins & self.gig_busy:
                continue
            if travel_breaks(problem, self.placed + _items(gig, intervals)):
                continue
            minutes = sum(e - s for s, e in intervals)
            units = minutes * _units_per_minute(gig, weights) + _flat_units(gig, weights)
            self.fixed.append((gig, intervals, mins, minutes, day_minutes(intervals), units))
        self.flexible = [g for g in problem.gigs if not g.sessions and not set(g.fields) & banned]

    def fixed_subsets(self):
        """Every subset of fixed gigs that can be taken together: (indices, units, minutes, day minutes, busy)."""
        out = []
        n = len(self.fixed)

        def dfs(k, chosen, units, minutes, per_day, used):
            if k == n:
                out.append((tuple(chosen), units, minutes, per_day, used))
                return
            dfs(k + 1, chosen, units, minutes, per_day, used)
            gig, intervals, mins, m, dm, u = self.fixed[k]
            if mins & used or (self.max_gigs is not None and len(chosen) >= self.max_gigs):
                return
            items = [it for j in chosen for it in _items(self.fixed[j][0], self.fixed[j][1])]
            if items and travel_breaks(self.problem, items + _items(gig, intervals)):
                return
            if minutes + m > self.work_cap:
                return
            new_day = [a + b for a, b in zip(per_day, dm)]
            if self.day_caps is not None and any(x > c for x, c in zip(new_day, self.day_caps)):
                return
            dfs(k + 1, [*chosen, k], units + u, minutes + m, new_day, used | mins)

        dfs(0, [], 0, 0, [0] * 7, frozenset())
        return out

    def travel_fits(self, subset) -> bool:
        """Whether a choice of fixed gigs keeps max_hours and max_day_hours with its counted travel (else True)."""
        if not travel_counts(self.problem):
            return True
        indices, _units, minutes, per_day, _used = subset
        travel = day_travel(self.problem, self.placed + [it for k in indices for it in _items(*self.fixed[k][:2])])
        if minutes + sum(travel) > self.total_cap:
            return False
        return self.day_caps is None or all(m + t <= c for m, t, c in zip(per_day, travel, self.day_caps))


def _items(gig, intervals) -> list[tuple]:
    """A gig's work as travel items ``(place, start, end, name)`` (none when it has no place)."""
    place = place_of(gig)
    return [(place, s, e, gig.id) for s, e in intervals] if place else []


def _far_enough(problem, gig, cells: list[int], placed: list[tuple]) -> list[int]:
    """The cells of a flexible gig that keep the travel gap to every item ``placed`` (commitments, fixed gigs)."""
    place = place_of(gig)
    if not place or not placed:
        return cells
    grid = int(gig.grid)
    return [c for c in cells if not travel_breaks(problem, [*placed, (place, c * grid, (c + 1) * grid, gig.id)])]


def _hours_steps(gig) -> tuple[int, int]:
    """Min and max number of grid cells a flexible gig may take when chosen."""
    grid = int(gig.grid)
    if gig.hours is not None:
        lo = hi = float(gig.hours)
    else:
        lo, hi = float(gig.min_hours), float(gig.max_hours)
    first = max(math.ceil(lo * 60 / grid - 1e-9), 1, int(gig.min_block) // grid)
    last = math.floor(hi * 60 / grid + 1e-9)
    return first, last


def _allowed_cells(gig, blocked: set[int]) -> list[int]:
    """Cells ``c`` (covering ``[c*grid, (c+1)*grid)``) inside the windows and clear of ``blocked`` minutes."""
    grid = int(gig.grid)
    windows = parse_all(gig.windows) if gig.windows else [(0, WEEK)]
    inside = minute_set(windows)
    cells = []
    for c in range(WEEK // grid):
        minutes = range(c * grid, (c + 1) * grid)
        if all(m in inside for m in minutes) and not any(m in blocked for m in minutes):
            cells.append(c)
    return cells


def optimum(problem) -> Result | None:
    """The best value of any plan of ``problem`` (None when the commitments cannot be kept)."""
    if commitments_infeasible(problem):
        return None
    week = _Week(problem)
    weights = problem.weights
    subsets = week.fixed_subsets()
    if not week.flexible:
        subsets = [s for s in subsets if week.travel_fits(s)]
        if not subsets:
            return None  # counted travel: no choice of gigs keeps the caps
        best = max(subsets, key=lambda s: s[1])
        return _result(problem, best[1], {week.fixed[k][0].id: week.fixed[k][1] for k in best[0]})
    flex_units = [(_units_per_minute(g, weights), _flat_units(g, weights)) for g in week.flexible]
    base_cells = [_allowed_cells(g, week.gig_busy) for g in week.flexible]

    # cells of each flexible gig that each fixed gig would block
    blocks_cells = [
        [
            {c for c in cells if any(m in fx[2] for m in range(c * int(g.grid), (c + 1) * int(g.grid)))}
            for fx in week.fixed
        ]
        for g, cells in zip(week.flexible, base_cells)
    ]

    def upper(subset) -> int:
        indices, units, minutes, _per_day, _used = subset
        extra = 0
        for f, (gig, cells, (per_minute, flat)) in enumerate(zip(week.flexible, base_cells, flex_units)):
            grid = int(gig.grid)
            lo, hi = _hours_steps(gig)
            taken = set().union(*(blocks_cells[f][k] for k in indices)) if indices else set()
            steps = min(hi, len(cells) - len(taken), (week.work_cap - minutes) // grid)
            if steps >= lo:
                extra += max(0, steps * grid * per_minute + flat)
        return units + extra

    ranked = sorted(((upper(s), i, s) for i, s in enumerate(subsets)), key=lambda t: (-t[0], t[1]))
    best_units, best_choice, solves = -1, {}, 0
    for bound, _, subset in ranked:
        if bound <= best_units:
            break
        indices, units, minutes, per_day, used = subset
        day_room = None if week.day_caps is None else [c - d for c, d in zip(week.day_caps, per_day)]
        solves += 1
        most = None if week.max_gigs is None else week.max_gigs - len(indices)
        placed = week.placed + [it for k in indices for it in _items(week.fixed[k][0], week.fixed[k][1])]
        counted = (week.total_cap - minutes) if travel_counts(problem) else None
        flex_best, flex_choice = _flexible_mip(
            week.flexible, flex_units, week.gig_busy | used, week.work_cap - minutes, day_room, most, problem, placed,
            counted,
        )  # fmt: skip
        if flex_best is None:
            continue  # counted travel: this choice of fixed gigs cannot keep the caps
        if units + flex_best > best_units:
            best_units = units + flex_best
            best_choice = {week.fixed[k][0].id: week.fixed[k][1] for k in indices} | flex_choice
    if best_units < 0:
        return None  # counted travel: no choice of gigs keeps the caps
    result = _result(problem, best_units, best_choice)
    result.mip_solves = solves
    return result


def _result(problem, units: int, choice: dict) -> Result:
    by_id = {g.id: g for g in problem.gigs}
    value = sum(gig_value(by_id[gid], sum(e - s for s, e in ivs) / 60, problem.weights) for gid, ivs in choice.items())
    assert abs(value - units / UNITS) < 1e-6, f"oracle: value {value} != units {units / UNITS}"
    return Result(value=value, units=units, choice=choice)


def _flexible_mip(
    gigs, flex_units, blocked: set[int], work_room: int, day_room, most_taken: int | None = None, problem=None,
    placed=(), total_room: int | None = None,
):  # fmt: skip
    """Best placement of the flexible gigs around ``blocked`` minutes: (units, {gig id: intervals}).

    ``most_taken``: at most that many flexible gigs taken (the rules' max_gigs, less the fixed gigs taken).
    ``placed``: travel items (commitments and fixed gigs taken) the cells keep the travel gap to; two
    flexible gigs' cells keep it to each other too. ``total_room`` (counted travel): the minutes max_hours
    leaves for the cells and all the travel of the week (``day_room`` then holds each day's travel too);
    ``(None, {})`` when no placement keeps the caps.
    """
    import highspy
    import numpy as np

    cols_cost, cols_lb, cols_ub = [], [], []
    rows: list[tuple[float, float, list[int], list[float]]] = []

    def new_col(cost: float) -> int:
        cols_cost.append(cost)
        cols_lb.append(0.0)
        cols_ub.append(1.0)
        return len(cols_cost) - 1

    z, cell_var = [], []  # chosen var per gig; {cell: var} per gig
    slot = math.gcd(*[int(g.grid) for g in gigs])
    slot_vars: dict[int, list[int]] = {}
    day_terms: dict[int, tuple[list[int], list[float]]] = {d: ([], []) for d in range(7)}
    work_idx, work_val = [], []
    for gig, (per_minute, flat) in zip(gigs, flex_units):
        grid = int(gig.grid)
        block = int(gig.min_block) // grid
        lo, hi = _hours_steps(gig)
        cells = _allowed_cells(gig, blocked)
        if problem is not None:
            cells = _far_enough(problem, gig, cells, list(placed))
        zg = new_col(float(flat))
        z.append(zg)
        var = {c: new_col(float(grid * per_minute)) for c in cells}
        cell_var.append(var)
        n = WEEK // grid
        ys = list(var.values())
        # taken -> lo..hi cells; not taken -> none
        rows.append((0.0, math.inf, [*ys, zg], [1.0] * len(ys) + [-float(lo)]))
        rows.append((-math.inf, 0.0, [*ys, zg], [1.0] * len(ys) + [-float(hi)]))
        for y in ys:
            rows.append((-math.inf, 0.0, [y, zg], [1.0, -1.0]))
        # a run of cells that starts at c covers c .. c+block-1 (circular week)
        for c, y in var.items():
            prev = var.get((c - 1) % n)
            for k in range(1, block):
                nxt = var.get((c + k) % n)
                idx, val = [y], [1.0]
                if prev is not None:
                    idx.append(prev)
                    val.append(-1.0)
                if nxt is not None:
                    idx.append(nxt)
                    val.append(-1.0)
                rows.append((-math.inf, 0.0, idx, val))
        for c, y in var.items():
            for s in range(c * grid // slot, (c + 1) * grid // slot):
                slot_vars.setdefault(s, []).append(y)
            day_terms[c * grid // DAY][0].append(y)
            day_terms[c * grid // DAY][1].append(float(grid))
            work_idx.append(y)
            work_val.append(float(grid))
    for ys in slot_vars.values():
        if len(ys) > 1:
            rows.append((-math.inf, 1.0, ys, [1.0] * len(ys)))
    if problem is not None:  # two cells of gigs at different places too close for the travel: not both
        for (ga, va), (gb, vb) in itertools.combinations(zip(gigs, cell_var), 2):
            pa, pb = place_of(ga), place_of(gb)
            if not pa or not pb or pa == pb:
                continue
            for ca, ya in va.items():
                a = (pa, ca * int(ga.grid), (ca + 1) * int(ga.grid), ga.id)
                for cb, yb in vb.items():
                    b = (pb, cb * int(gb.grid), (cb + 1) * int(gb.grid), gb.id)
                    near = abs(a[1] - b[1]) % WEEK < DAY or abs(a[1] - b[1]) % WEEK > WEEK - DAY
                    if near and travel_breaks(problem, [a, b]):
                        rows.append((-math.inf, 1.0, [ya, yb], [1.0, 1.0]))
    if total_room is not None:  # counted travel: per day, a pair variable per two things at different places
        travel_idx, travel_val = _travel_pairs(problem, gigs, cell_var, placed, rows, new_col)
        for d in range(7):
            day_terms[d][0].extend(travel_idx[d])
            day_terms[d][1].extend(travel_val[d])
        week_idx = work_idx + [i for d in range(7) for i in travel_idx[d]]
        week_val = work_val + [v for d in range(7) for v in travel_val[d]]
        rows.append((-math.inf, float(total_room), week_idx, week_val))
    if work_idx:
        rows.append((-math.inf, float(work_room), work_idx, work_val))
    if most_taken is not None and z:
        rows.append((-math.inf, float(most_taken), z, [1.0] * len(z)))
    if day_room is not None:
        for d, (idx, val) in day_terms.items():
            if idx:
                rows.append((-math.inf, float(day_room[d]), idx, val))

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # the objective is integral: a gap under 1 proves the optimum
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    lp = highspy.HighsLp()
    ncol = len(cols_cost)
    lp.num_col_ = ncol
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.array(cols_cost, dtype=np.float64)
    lp.col_lower_ = np.array(cols_lb, dtype=np.float64)
    lp.col_upper_ = np.array(cols_ub, dtype=np.float64)
    lp.row_lower_ = np.array([r[0] for r in rows], dtype=np.float64)
    lp.row_upper_ = np.array([r[1] for r in rows], dtype=np.float64)
    starts, index, value = [0], [], []
    for r in rows:
        index.extend(r[2])
        value.extend(r[3])
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.a_matrix_.num_col_ = ncol
    lp.a_matrix_.num_row_ = len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * ncol
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if total_room is not None and status == highspy.HighsModelStatus.kInfeasible:
        return None, {}
    assert status == highspy.HighsModelStatus.kOptimal, f"oracle MIP: status {h.modelStatusToString(status)}"
    x = [round(v) for v in h.getSolution().col_value]
    units = 0
    choice: dict[str, list[tuple[int, int]]] = {}
    for gig, (per_minute, flat), zg, var in zip(gigs, flex_units, z, cell_var):
        grid = int(gig.grid)
        cells = [c for c, y in var.items() if x[y]]
        if x[zg]:
            units += flat + len(cells) * grid * per_minute
            choice[gig.id] = [(c * grid, (c + 1) * grid) for c in cells]
        else:
            assert not cells
    assert abs(units - h.getInfo().objective_function_value) < 1e-3 * max(1, abs(units)) + 1e-6, "oracle MIP value"
    return units, choice


# --------------------------------------------------------------------------- no-solver cross-check


def _travel_pairs(problem, gigs, cell_var, placed, rows, new_col) -> tuple[list[list[int]], list[list[float]]]:
    """Per day, pair variables and their travel minutes whose sum is at least the day's counted travel.

    The *things* of a day: the pieces of ``placed`` (there) and the cells of gigs at places (when chosen).
    For two things ``a`` before ``b`` at different places, ``w >= a + b - 1 - (things between)``: 1 when both
    are there and nothing at a place in between, so they follow each other (:func:`checker.day_travel`).
    """
    things: list[list[tuple[int, int, str, int | None]]] = [[] for _ in range(7)]  # (start, end, place, var)
    for place, s, e, _name in placed:
        for ps, pe in split_at_midnight(s, e):
            things[ps // DAY].append((ps, pe, place, None))
    for gig, var in zip(gigs, cell_var):
        place, grid = place_of(gig), int(gig.grid)
        if place:
            for c, y in var.items():
                things[c * grid // DAY].append((c * grid, (c + 1) * grid, place, y))
    idx: list[list[int]] = [[] for _ in range(7)]
    val: list[list[float]] = [[] for _ in range(7)]
    for d, day in enumerate(things):
        for a in day:
            for b in day:
                need = travel_minutes(problem, a[2], b[2])
                if a[2] == b[2] or not need or a[1] > b[0]:
                    continue
                w = new_col(0.0)
                row_idx, row_val, lower = [w], [1.0], -1.0
                for thing, sign in [(a, -1.0), (b, -1.0)] + [(c, 1.0) for c in day if a[1] <= c[0] and c[1] <= b[0]]:
                    if thing[3] is None:
                        lower -= sign  # a thing that is there for sure
                    else:
                        row_idx.append(thing[3])
                        row_val.append(sign)
                rows.append((lower, math.inf, row_idx, row_val))
                idx[d].append(w)
                val[d].append(float(need))
    return idx, val


def _placements(gig, cells: list[int]):
    """Every valid set of cells of a flexible gig (including none): runs >= min_block, hours in range."""
    grid = int(gig.grid)
    lo, hi = _hours_steps(gig)
    block = int(gig.min_block)
    yield ()
    for k in range(lo, min(hi, len(cells)) + 1):
        for combo in itertools.combinations(cells, k):
            intervals = [(c * grid, (c + 1) * grid) for c in combo]
            if all(e - s >= block for s, e in runs_of(intervals)):
                yield combo


def exhaustive_optimum(problem, *, limit: int = 2_000_000) -> Result | None:
    """Like :func:`optimum` but by plain enumeration of every placement (tiny problems only; no travel)."""
    assert not getattr(problem.rules, "travel", None), "exhaustive_optimum does not model travel; use optimum"
    if commitments_infeasible(problem):
        return None
    week = _Week(problem)
    weights = problem.weights
    options = []  # per flexible gig: list of (cells-as-intervals, minute set, minutes, day minutes, units)
    for gig in week.flexible:
        grid = int(gig.grid)
        per_minute, flat = _units_per_minute(gig, weights), _flat_units(gig, weights)
        opts = []
        for combo in _placements(gig, _allowed_cells(gig, week.gig_busy)):
            intervals = [(c * grid, (c + 1) * grid) for c in combo]
            minutes = len(combo) * grid
            units = minutes * per_minute + flat if combo else 0
            opts.append((intervals, minute_set(intervals), minutes, day_minutes(intervals), units))
        options.append(opts)
    count = len(week.fixed_subsets()) * math.prod(len(o) for o in options)
    if count > limit:
        raise ValueError(f"exhaustive_optimum: {count} combinations, too many")
    best_units, best_choice = -1, {}
    for subset in week.fixed_subsets():
        indices, units0, minutes0, per_day0, used0 = subset
        for combo in itertools.product(*options):
            used, minutes, per_day, units = set(used0), minutes0, list(per_day0), units0
            ok = True
            for _intervals, mins, m, dm, u in combo:
                if mins & used:
                    ok = False
                    break
                used |= mins
                minutes += m
                per_day = [a + b for a, b in zip(per_day, dm)]
                units += u
            taken = len(indices) + sum(1 for option in combo if option[2])
            if not ok or minutes > week.work_cap or (week.max_gigs is not None and taken > week.max_gigs):
                continue
            if week.day_caps is not None and any(x > c for x, c in zip(per_day, week.day_caps)):
                continue
            if units > best_units:
                best_units = units
                best_choice = {week.fixed[k][0].id: week.fixed[k][1] for k in indices}
                for gig, (intervals, *_rest) in zip(week.flexible, combo):
                    if intervals:
                        best_choice[gig.id] = intervals
    return _result(problem, best_units, best_choice)


# --------------------------------------------------------------------------- a plan object for the checker


def as_plan(problem, result: Result):
    """The oracle's optimal choice as a plan-like object, so that the checker can verify it too."""
    from types import SimpleNamespace

    blocks = [
        SimpleNamespace(id=c.id, kind=c.kind, start=s, end=e)
        for c in problem.commitments
        for s, e in parse_all(c.sessions)
    ]
    gigs = []
    for gig in problem.gigs:
        if gig.id not in result.choice:
            continue
        intervals = result.choice[gig.id]
        for s, e in intervals:
            blocks.append(SimpleNamespace(id=gig.id, kind="gig", start=s, end=e))
        hours = sum(e - s for s, e in intervals) / 60
        gigs.append(
            SimpleNamespace(
                id=gig.id,
                hours=hours,
                pay=hours * float(gig.pay_rate or 0) + float(gig.weekly_pay or 0),
                value=gig_value(gig, hours, problem.weights),
                relevance=float(gig.relevance),
                mentor=bool(gig.mentor),
                fixed=bool(gig.sessions),
            )
        )
    travel = _travel_blocks(problem, blocks)
    blocks += travel
    counted = sum(e - s for c in problem.commitments if c.counts_toward_cap for s, e in parse_all(c.sessions))
    if travel_counts(problem):
        counted += sum(b.end - b.start for b in travel)
    work = sum(g.hours for g in gigs)
    value = sum(g.value for g in gigs)
    return SimpleNamespace(
        status="optimal",
        objective=value,
        bound=value,
        gigs=gigs,
        blocks=blocks,
        totals=SimpleNamespace(hours=counted / 60 + work, work_hours=work, pay=sum(g.pay for g in gigs), value=value),
        excluded=[],
        reasons=[],
    )


def _travel_blocks(problem, blocks) -> list:
    """The travel of the oracle's plan as blocks: on each day, before each piece at another place than the piece
    before it, the travel minutes, ending as it starts (what :func:`checker.day_travel` counts)."""
    from types import SimpleNamespace

    where = {c.id: place_of(c) for c in problem.commitments} | {g.id: place_of(g) for g in problem.gigs}
    per_day: list[list[tuple[int, str]]] = [[] for _ in range(7)]
    for b in blocks:
        if where.get(b.id):
            for ps, _pe in split_at_midnight(b.start, b.end):
                per_day[ps // DAY].append((ps, where[b.id]))
    out = []
    for pieces in per_day:
        pieces.sort()
        for (_, a), (start, b) in itertools.pairwise(pieces):
            need = travel_minutes(problem, a, b)
            if a != b and need:
                out.append(SimpleNamespace(id=f"{a} to {b}", kind="travel", start=start - need, end=start))
    return out


def fixed_choices(problem) -> list[tuple[frozenset, dict[str, float]]]:
    """Every plan of a fixed-gigs-only problem, by brute force: (chosen ids, criteria).

    Honours ``problem.require`` and ``problem.forbid``. Criteria: ``value``,
    ``pay``, ``relevance`` and ``growth`` (weighted hours), ``hours`` (gig hours) and ``conversion``.
    """
    assert all(g.sessions for g in problem.gigs), "fixed_choices takes fixed gigs only"
    if commitments_infeasible(problem):
        return []
    week = _Week(problem)
    required, forbidden = set(problem.require), set(problem.forbid)
    out = []
    for indices, _, minutes, _, _ in week.fixed_subsets():
        gigs = [week.fixed[k][0] for k in indices]
        ids = frozenset(g.id for g in gigs)
        if not required <= ids or ids & forbidden:
            continue
        hours = [week.fixed[k][3] / 60 for k in indices]
        out.append(
            (
                ids,
                {
                    "value": sum(gig_value(g, h, problem.weights) for g, h in zip(gigs, hours)),
                    "pay": sum(h * float(g.pay_rate or 0) + float(g.weekly_pay or 0) for g, h in zip(gigs, hours)),
                    "relevance": sum(h * float(g.relevance) for g, h in zip(gigs, hours)),
                    "hours": minutes / 60,
                    "growth": sum(h * float(g.growth) for g, h in zip(gigs, hours)),
                    "conversion": sum(float(g.conversion) for g in gigs),
                },
            )
        )
    return out


SIGN = {"value": 1, "pay": 1, "relevance": 1, "hours": -1, "growth": 1, "conversion": 1}  # hours: fewer is better


def best_of(choices, name):
    """The best total of criterion ``name`` over :func:`fixed_choices` (times ``SIGN``: more is better), or None."""
    return max((c[name] * SIGN[name] for _, c in choices), default=None)


__all__ = [
    "SIGN",
    "UNITS",
    "Result",
    "as_plan",
    "best_of",
    "exhaustive_optimum",
    "fixed_choices",
    "optimum",
    "split_at_midnight",
]
