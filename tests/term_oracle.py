"""An independent exact optimum for small terms: the reference of the term tests.

No stacker model code: the calendar is re-derived by :mod:`term_checker`
(the tests' own), values from :mod:`checker`'s formulas in integer units
(1/6000 of money, so test data keeps rates at whole cents).

How: brute force over every subset of the fixed gigs (each taken with all of
its occurrences or not at all); for each subset that does not overlap itself
or a commitment, a time-indexed MIP solved exactly by HiGHS over the flexible
gigs and projects: one 0/1 variable per grid cell of each in its windows on
its work days (clear of the commitments and the subset; a subset with two
items at different places closer than the travel between them, on any
date, is out, and so is every subset when two commitments are; a gig at a
place has no cell too close to the commitments and the subset's gigs at
other places, nor two gigs at different places two cells too close), at most one thing
per time slot, blocks of at least ``min_block`` that never run across a
week's end, each weekly gig's steps within range in each of its weeks (or
none when not taken), each project's total (or nothing) with its weekly
maximum, and every cap per week, per fortnight and per day (under
``rules.travel_counts``, the travel minutes toward ``max_hours`` and
``max_day_hours`` of the day they lie in: per day, a 0/1 column per two
things at different places that follow each other, :func:`_travel_pairs`).
The student's
rules: gigs with a forbidden field are left out, the quiet hours and days
off (:func:`term_checker.term_rule_minutes`) are blocked time for every gig,
and ``max_gigs`` bounds, in each week, the fixed gigs of the subset working
in it plus the weekly gigs taken and the projects with a cell in it. The
minimums hold in each week with a term day: its pay (hourly pay of its
minutes, weekly pay of the weekly gigs in their weeks and of the fixed gigs
with an occurrence starting in it, and each project's fee in the week of its
last cell: a 0/1 per project and week, no cell of it in a later week) at
least ``min_week_pay``, its gig minutes at least ``min_work_hours``. The best
value over the subsets is the optimum.

:func:`term_criteria_optimum` does the same for any weighted sum of the
criteria (``value``, ``pay``, ``relevance``, ``hours``, ``growth``, ``conversion``, in the integer units
of ``stacker.presolve.units.SCALE``, re-derived here), among the plans whose
criteria are at least given levels: the reference of the term what-if tests
(Pareto points, lexicographic priorities).
"""

from __future__ import annotations

import itertools
import math

import highspy
import numpy as np
from checker import DAY, WEEK, gig_flat, gig_once, gig_rate, place_of, travel_counts, travel_minutes
from term_checker import TermCalendar, occurrences, term_rule_minutes, work_minutes


def _units(rate_or_flat: float, *, per_minute: bool) -> int:
    return round(100 * rate_or_flat) if per_minute else round(6000 * rate_or_flat)


CRITERIA = ("value", "pay", "relevance", "hours", "growth", "conversion")


def _per_minute(gig, weights) -> dict[str, int]:
    """Each criterion's units per minute of the gig's work."""
    return {
        "value": _units(gig_rate(gig, weights), per_minute=True),
        "pay": _units(float(gig.pay_rate or 0), per_minute=True),
        "relevance": round(1000 * float(gig.relevance)),
        "hours": -1,
        "growth": round(1000 * float(gig.growth)),
        "conversion": 0,
    }


def _once(gig, weights, weeks: int) -> dict[str, int]:
    """Each criterion's units when the gig is taken: a weekly gig's in each of its ``weeks``, a project's once;
    conversion once for either."""
    once = _units(gig_once(gig, weights), per_minute=False)
    conversion = {"growth": 0, "conversion": round(1000 * float(gig.conversion))}
    if gig.total_hours is not None:
        mentor = float(weights.mentor_value) * (1 if gig.mentor else 0)
        value, pay = (
            _units(float(gig.fee or 0) + mentor, per_minute=False) + once,
            _units(float(gig.fee or 0), per_minute=False),
        )
        return {"value": value, "pay": pay, "relevance": 0, "hours": 0, **conversion}
    value = weeks * _units(gig_flat(gig, weights), per_minute=False) + once
    return {
        "value": value,
        "pay": weeks * _units(float(gig.weekly_pay or 0), per_minute=False),
        "relevance": 0,
        "hours": 0,
        **conversion,
    }


def term_optimum(problem) -> float | None:
    """The best value of any plan of the term (None: no plan)."""
    best = term_criteria_optimum(problem, {"value": 1})
    return None if best is None else best / 6000


def term_criteria_optimum(problem, objective: dict[str, int], at_least: dict[str, int] | None = None) -> int | None:
    """The best ``sum(weight * criterion)`` (integer units) of the plans with each criterion >= ``at_least``."""
    cal = TermCalendar(problem)
    weights = problem.weights
    at_least = at_least or {}
    required, forbidden = set(problem.require), set(problem.forbid)
    commitments = [iv for c in problem.commitments for iv in occurrences(cal, c)]
    rules = problem.rules
    forbidden |= {g.id for g in problem.gigs if set(g.fields) & set(rules.forbid_fields)}
    ruled = term_rule_minutes(cal, problem)  # the rules' quiet hours and days off: blocked time for gigs
    fixed = [g for g in problem.gigs if g.sessions and g.id not in forbidden]
    fixed = [g for g in fixed if not any(m in ruled for s, e in occurrences(cal, g) for m in range(s, e))]
    flexible = [g for g in problem.gigs if not g.sessions and g.id not in forbidden]
    placed = [(place_of(c), s, e) for c in problem.commitments if place_of(c) for s, e in occurrences(cal, c)]
    best: int | None = None
    for r in range(len(fixed) + 1):
        for subset in itertools.combinations(fixed, r):
            if not {g.id for g in fixed if g.id in required} <= {g.id for g in subset}:
                continue
            spans = {g.id: occurrences(cal, g) for g in subset}
            if any(not s for s in spans.values()):
                continue
            taken = sorted(commitments + [iv for s in spans.values() for iv in s])
            if any(b[0] < a[1] for a, b in itertools.pairwise(taken)):
                continue
            fixed_placed = placed + [(place_of(g), s, e) for g in subset if place_of(g) for s, e in spans[g.id]]
            if _travel_broken(problem, fixed_placed):
                continue
            fixed_working = [0] * cal.weeks  # per week: fixed gigs of the subset working in it
            for g in subset:
                for w in {min(m // WEEK, cal.weeks - 1) for s, e in spans[g.id] for m in range(s, e)}:
                    fixed_working[w] += 1
            if rules.max_gigs is not None and max(fixed_working, default=0) > rules.max_gigs:
                continue
            units = dict.fromkeys(CRITERIA, 0)
            for g in subset:
                weeks = {min(s // WEEK, cal.weeks - 1) for s, _ in spans[g.id]}
                minutes = sum(e - s for s, e in spans[g.id])
                per_minute, once = _per_minute(g, weights), _once(g, weights, len(weeks))
                for name in CRITERIA:
                    units[name] += minutes * per_minute[name] + once[name]
            gig_spans = [iv for s in spans.values() for iv in s]
            need = {name: level - units[name] for name, level in at_least.items()}
            found = _mip(
                problem, cal, flexible, taken, gig_spans, objective, need, required, ruled=ruled, working=fixed_working,
                fixed_pay=_week_pay(cal, subset, spans), placed=fixed_placed,
            )  # fmt: skip
            if found is not None:
                total = found + sum(w * units[name] for name, w in objective.items())
                best = total if best is None else max(best, total)
    return best


def _week_pay(cal: TermCalendar, subset, spans) -> list[int]:
    """Per week, the pay units of the fixed gigs of a subset: their minutes in it, their weekly pay when one of
    their occurrences starts in it."""
    out = [0] * cal.weeks
    for g in subset:
        for s, e in spans[g.id]:
            for m in range(s, e):
                out[min(m // WEEK, cal.weeks - 1)] += _units(float(g.pay_rate or 0), per_minute=True)
        for w in {min(s // WEEK, cal.weeks - 1) for s, _ in spans[g.id]}:
            out[w] += _units(float(g.weekly_pay or 0), per_minute=False)
    return out


def _travel_broken(problem, items) -> bool:
    """Whether two of ``items`` ``(place, start, end)`` at different places are closer than the travel between them
    (from the end of the earlier to the start of the later, on the term's timeline)."""
    return any(a[0] != b[0] and a[2] <= b[1] < a[2] + travel_minutes(problem, a[0], b[0]) for a in items for b in items)


def _mip(
    problem,
    cal: TermCalendar,
    gigs,
    blocked_spans,
    fixed_spans,
    objective=None,
    need=None,
    required=frozenset(),
    *,
    ruled=frozenset(),
    working=None,
    fixed_pay=None,
    placed=(),
) -> int | None:
    """Best weighted units of the flexible gigs and projects around the blocked spans, or None when the caps fail.

    ``ruled``: term minutes the rules keep free of gig work; ``working``: per week, fixed gigs taken working in
    it, which with the flexible gigs and projects working in it (a 0/1 per project and week) stay within the
    rules' ``max_gigs``; ``fixed_pay``: per week, the pay units of the fixed gigs taken (for ``min_week_pay``);
    ``placed``: ``(place, start, end)`` of the commitments and fixed gigs at places, whose travel gaps a flexible
    gig at another place keeps, as two cells of gigs at different places keep theirs.
    """
    weights = problem.weights
    objective = objective or {"value": 1}
    need = need or {}
    max_gigs = problem.rules.max_gigs
    active: list[list[int]] = [[] for _ in range(cal.weeks)]  # per week: 0/1 columns of gigs working in it
    blocked = set(ruled)
    for s, e in blocked_spans:
        blocked.update(range(s, e))
    units: dict[str, list[float]] = {name: [] for name in CRITERIA}
    rows: list[tuple[float, float, list[int], list[float]]] = []

    def col(by_name: dict[str, int]) -> int:
        for name in CRITERIA:
            units[name].append(by_name[name])
        return len(units["value"]) - 1

    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in occurrences(cal, c)]
    as_work = [iv for c in problem.commitments if c.counts_toward_work for iv in occurrences(cal, c)]
    base_week = _minutes_by(counted + fixed_spans, WEEK, cal.weeks)
    base_work = _minutes_by(as_work + fixed_spans, WEEK, cal.weeks)
    base_day = _minutes_by(counted + fixed_spans, DAY, 7 * cal.weeks + 1)
    week_terms: list[tuple[list[int], list[float]]] = [([], []) for _ in range(cal.weeks)]
    day_terms: list[tuple[list[int], list[float]]] = [([], []) for _ in range(7 * cal.weeks + 1)]
    pay_terms: list[tuple[list[int], list[float]]] = [([], []) for _ in range(cal.weeks)]
    slots: dict[int, list[int]] = {}
    at_places: list[tuple[str, int, dict[int, int]]] = []  # per gig at a place: place, grid, cell -> column
    for gig in gigs:
        grid, block = int(gig.grid), int(gig.min_block) // int(gig.grid)
        allowed = work_minutes(cal, gig)
        if not allowed:  # no time in the term: it cannot be taken (stacker excludes it)
            if gig.id in required:
                return None
            continue
        cells = sorted(
            c
            for c in {m - m % grid for m in allowed}
            if all(m in allowed and m not in blocked for m in range(c, c + grid))
        )
        here = place_of(gig)
        if here:  # clear of the travel to and from the fixed items elsewhere
            cells = [c for c in cells if not _travel_broken(problem, [*placed, (here, c, c + grid)])]
        per_minute = _per_minute(gig, weights)
        its_weeks = sorted({min(m // WEEK, cal.weeks - 1) for m in allowed})
        u = col(_once(gig, weights, len(its_weeks)))
        if gig.id in required:
            rows.append((1.0, 1.0, [u], [1.0]))
        y = {c: col({name: grid * per_minute[name] for name in CRITERIA}) for c in cells}
        if here:
            at_places.append((here, grid, y))
        for v in y.values():
            rows.append((-math.inf, 0.0, [v, u], [1.0, -1.0]))
        for c, v in y.items():  # a cell that starts a block is followed by block - 1 used cells in its week
            prev = y.get(c - grid) if (c - grid) // WEEK == c // WEEK else None
            for k in range(1, block):
                nxt = y.get(c + k * grid) if (c + k * grid) // WEEK == c // WEEK else None
                idx = [v] + ([prev] if prev is not None else []) + ([nxt] if nxt is not None else [])
                rows.append((-math.inf, 0.0, idx, [1.0] + [-1.0] * (len(idx) - 1)))
            for s in range(c, c + grid):
                slots.setdefault(s, []).append(v)
            week_terms[min(c // WEEK, cal.weeks - 1)][0].append(v)
            week_terms[min(c // WEEK, cal.weeks - 1)][1].append(float(grid))
            day_terms[c // DAY][0].append(v)
            day_terms[c // DAY][1].append(float(grid))
            pay_terms[min(c // WEEK, cal.weeks - 1)][0].append(v)
            pay_terms[min(c // WEEK, cal.weeks - 1)][1].append(float(grid * per_minute["pay"]))
        per_week: dict[int, list[int]] = {w: [] for w in its_weeks}
        for c, v in y.items():
            per_week.setdefault(min(c // WEEK, cal.weeks - 1), []).append(v)
        for w, vs in per_week.items():  # working in week w: a weekly gig when taken, a project when it has cells
            if gig.total_hours is None:
                active[w].append(u)
            elif vs:
                a = col(dict.fromkeys(CRITERIA, 0))
                rows.extend((-math.inf, 0.0, [v, a], [1.0, -1.0]) for v in vs)
                active[w].append(a)
        if gig.total_hours is None:  # weekly pay in each of its weeks
            for w in its_weeks:
                pay_terms[w][0].append(u)
                pay_terms[w][1].append(float(_units(float(gig.weekly_pay or 0), per_minute=False)))
        elif gig.fee:  # the fee in the week of its last cell
            last = {w: col(dict.fromkeys(CRITERIA, 0)) for w, vs in per_week.items() if vs}
            rows.append((0.0, 0.0, [*last.values(), u], [1.0] * len(last) + [-1.0]))
            for w, lw in last.items():
                rows.append((-math.inf, 0.0, [lw, *per_week[w]], [1.0] + [-1.0] * len(per_week[w])))
                rows += [(-math.inf, 1.0, [lw, v], [1.0, 1.0]) for w2, vs in per_week.items() if w2 > w for v in vs]
                pay_terms[w][0].append(lw)
                pay_terms[w][1].append(float(_units(float(gig.fee), per_minute=False)))
        if gig.total_hours is not None:
            total = round(gig.total_hours * 60) // grid
            ys = list(y.values())
            rows.append((0.0, 0.0, [*ys, u], [1.0] * len(ys) + [-float(total)]))
            if gig.max_week_hours is not None:
                most = math.floor(gig.max_week_hours * 60 / grid + 1e-9)
                rows += [(-math.inf, float(most), vs, [1.0] * len(vs)) for vs in per_week.values() if vs]
        else:
            lo_h, hi_h = (gig.hours, gig.hours) if gig.hours is not None else (gig.min_hours, gig.max_hours)
            lo = max(math.ceil(lo_h * 60 / grid - 1e-9), block, 1)
            hi = math.floor(hi_h * 60 / grid + 1e-9)
            for vs in per_week.values():
                rows.append((0.0, math.inf, [*vs, u], [1.0] * len(vs) + [-float(lo)]))
                rows.append((-math.inf, 0.0, [*vs, u], [1.0] * len(vs) + [-float(hi)]))
    rows += [(-math.inf, 1.0, vs, [1.0] * len(vs)) for vs in slots.values() if len(vs) > 1]
    for (p, g, ys), (q, h, zs) in itertools.combinations(at_places, 2):  # two cells too close: not both
        if p != q:
            rows += [(-math.inf, 1.0, [v, w], [1.0, 1.0]) for c, v in ys.items() for d, w in zs.items()
                     if _travel_broken(problem, [(p, c, c + g), (q, d, d + h)])]  # fmt: skip
    travel_week: list[tuple[list[int], list[float]]] = [([], []) for _ in range(cal.weeks)]
    if travel_counts(problem):  # travel minutes toward max_hours and max_day_hours of the day and week they lie in
        for d, (idx, val) in _travel_pairs(problem, placed, at_places, rows, col).items():
            day_terms[d][0].extend(idx)
            day_terms[d][1].extend(val)
            travel_week[min(d // 7, cal.weeks - 1)][0].extend(idx)
            travel_week[min(d // 7, cal.weeks - 1)][1].extend(val)
    for w in range(cal.weeks):
        idx, val = week_terms[w]
        for name, base in (("max_hours", base_week[w]), ("max_work_hours", base_work[w])):
            cap = cal.limit(w, name)
            extra = travel_week[w] if name == "max_hours" else ([], [])
            if cap is not None:
                rows.append((-math.inf, cap * 60 - base, idx + extra[0], val + extra[1]))
        cap = cal.limit(w, "max_day_hours")
        for d in range(7 * w, 7 * w + 7):
            if cap is not None:
                rows.append((-math.inf, cap * 60 - base_day[d], *day_terms[d]))
        if w + 1 < cal.weeks and cal.fortnight(w) is not None:
            idx2, val2 = week_terms[w + 1]
            rows.append((-math.inf, cal.fortnight(w) * 60 - base_work[w] - base_work[w + 1], idx + idx2, val + val2))
    for w in range(cal.weeks):
        least_pay, least_hours = cal.minimum(w, "min_week_pay"), cal.minimum(w, "min_work_hours")
        if least_pay is not None:
            floor = math.ceil(least_pay * 6000 - 1e-6) - (fixed_pay[w] if fixed_pay else 0)
            rows.append((float(floor), math.inf, *pay_terms[w]))
        if least_hours is not None:
            fixed_minutes = base_work[w] - _minutes_by(as_work, WEEK, cal.weeks)[w]
            rows.append((float(math.ceil(least_hours * 60 - 1e-9) - fixed_minutes), math.inf, *week_terms[w]))
    if max_gigs is not None:
        for w in range(cal.weeks):
            rows.append(
                (-math.inf, float(max_gigs - (working[w] if working else 0)), active[w], [1.0] * len(active[w]))
            )
    n = len(units["value"])
    for name, level in need.items():
        rows.append((float(level), math.inf, list(range(n)), [float(v) for v in units[name]]))
    if any((r[1] < -1e-9 or r[0] > 1e-9) and not r[2] for r in rows):
        return None
    rows = [r for r in rows if r[2]]
    cost = [sum(w * units[name][k] for name, w in objective.items()) for k in range(n)]
    return _solve(cost, rows)


def _travel_pairs(problem, placed, at_places, rows, col) -> dict[int, tuple[list[int], list[float]]]:
    """Per term day, 0/1 pair columns and their travel minutes whose sum is at least the day's counted travel.

    The *things* of a day: the pieces (cut at midnight) of ``placed`` ``(place, start, end)``, there for sure,
    and the cells of the gigs at places ``at_places`` (when used). For two things ``a`` before ``b`` at
    different places, ``w >= a + b - 1 - (things between)``: 1 when both are there and no thing in between,
    so that they follow each other on the day and the travel from ``a``'s place to ``b``'s counts.
    """
    things: dict[int, list[tuple[int, int, str, int | None]]] = {}  # day -> (start, end, place, column or None)
    for place, s, e in placed:
        for m in range(s, e):
            if m == s or m % DAY == 0:  # a piece starts
                end = min(e, (m // DAY + 1) * DAY)
                things.setdefault(m // DAY, []).append((m, end, place, None))
    for place, grid, cells in at_places:
        for c, v in cells.items():
            things.setdefault(c // DAY, []).append((c, c + grid, place, v))
    out: dict[int, tuple[list[int], list[float]]] = {}
    for d, day in things.items():
        for a in day:
            for b in day:
                need = travel_minutes(problem, a[2], b[2])
                if a[2] == b[2] or not need or a[1] > b[0]:
                    continue
                w = col(dict.fromkeys(CRITERIA, 0))
                idx, val, lower = [w], [1.0], -1.0
                for thing, sign in [(a, -1.0), (b, -1.0)] + [(t, 1.0) for t in day if a[1] <= t[0] and t[1] <= b[0]]:
                    if thing[3] is None:
                        lower -= sign
                    else:
                        idx.append(thing[3])
                        val.append(sign)
                rows.append((lower, math.inf, idx, val))
                out.setdefault(d, ([], []))[0].append(w)
                out[d][1].append(float(need))
    return out


def _minutes_by(spans, length: int, count: int) -> list[int]:
    out = [0] * count
    for s, e in spans:
        for m in range(s, e):
            out[min(m // length, count - 1)] += 1
    return out


def _solve(cost: list[float], rows) -> int | None:
    if not cost:
        return 0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # integral objective
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    n = len(cost)
    lp.num_col_, lp.num_row_ = n, len(rows)
    lp.col_cost_ = np.array(cost, dtype=np.float64)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.array([r[0] for r in rows], dtype=np.float64)
    lp.row_upper_ = np.array([r[1] for r in rows], dtype=np.float64)
    starts, index, value = [0], [], []
    for r in rows:
        index += r[2]
        value += r[3]
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, len(rows)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
    x = np.round(h.getSolution().col_value)
    return round(float(np.dot(cost, x)))
