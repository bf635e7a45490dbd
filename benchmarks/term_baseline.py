"""A straightforward time-indexed CP-SAT model of a whole term: the baseline of ``python -m benchmarks term``.

Written independently of stacker's term model: it reads only the problem's
public fields and the expanded calendar (:class:`stacker.problem.calendar.Calendar`:
which days each item is active, each commitment's and fixed gig's dated
occurrences, the limits in force each week). Time is cut into 30-minute
cells from 00:00 on the Monday of the first week:

- ``x[g]``: take fixed gig ``g`` (all its occurrences; left out when one
  overlaps a commitment or another of its own);
- ``u[f]``: take flexible gig or project ``f``; ``y[f][c]``: ``f`` works in
  cell ``c``, one literal per cell of its windows on its work days that no
  commitment touches;
- at most one of the ``y`` and ``x`` that cover a cell;
- blocks: a cell that starts a block (used, the cell before not used or in
  the week before) implies the next ``min_block / 30 - 1`` cells, all in the
  same week;
- a weekly gig: ``lo * u <= sum of its cells in week w <= hi * u`` in each
  week it may be worked (``lo``: its hours, its ``min_hours`` or one block);
  a project: its cells sum to its total steps times ``u``, at most
  ``max_week_hours`` in any week;
- every cap per week (``max_hours`` with the commitments that count,
  ``max_work_hours`` with those that count as work), per pair of weeks
  (``max_fortnight_work_hours``, the lower of the two weeks') and per day
  (``max_day_hours``);
- maximize the value over the term in whole units (1/6000 of money): a
  fixed gig's and a weekly gig's weekly value in each of its weeks, a
  project's fee and mentor once, every gig's ``conversion_value *
  conversion`` once, every minute at ``pay_rate + relevance_value *
  relevance + growth_value * growth``.

Gig times must lie on the 30-minute grid (:func:`time_indexed` raises
``ValueError`` otherwise), so that the cells describe exactly the problem
stacker solves on its minute grid; commitments may be off the grid (a cell
they touch is blocked, as in stacker). :func:`check_plan` fixes a plan's
choices and blocks in the same model and says whether it is feasible and
what it is worth: an independent check of stacker's plans.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from stacker import Problem
from stacker.problem.calendar import Calendar

CELL = 30
DAY = 1440
WEEK = 7 * DAY
UNITS = 6000  # value units per unit of money; a minute at whole cents per hour is a whole number of units


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[str, Any] = field(default_factory=dict)  # fixed gig id -> literal
    u: dict[str, Any] = field(default_factory=dict)  # flexible gig or project id -> literal
    y: dict[str, dict[int, Any]] = field(default_factory=dict)  # id -> cell -> literal
    fixed_cells: dict[str, list[int]] = field(default_factory=dict)
    value: Any = 0
    infeasible: str | None = None


def _cap(hours: float | None, weeks: int = 1) -> int | None:
    if hours is None or hours >= weeks * 168:
        return None
    return math.floor(hours * 60 + 1e-9)


def _split(start: int, end: int, length: int) -> list[tuple[int, int]]:
    out = []
    while start < end:
        cut = min(end, (start // length + 1) * length)
        out.append((start // length, cut - start))
        start = cut
    return out


def _on_grid(gig: Any, minutes: list[int]) -> None:
    if any(m % CELL for m in minutes):
        raise ValueError(f"gig {gig.id!r}: its times are not on the {CELL}-minute grid of the time-indexed model")


def _build(problem: Problem) -> _Model:
    assert problem.term is not None, "a problem with a term"
    cal = Calendar(problem.term, problem.limits)
    weeks = cal.weeks
    n_cells = cal.horizon // CELL
    weights = problem.weights
    m = _Model(cp_model.CpModel())
    model = m.model
    blocked = [False] * n_cells
    commitment_minutes: list[tuple[int, int]] = []
    counted_week, work_week, counted_day = [0] * weeks, [0] * weeks, [0] * (cal.days + 1)
    for c in problem.commitments:
        for s, e in cal.occurrences(c):
            commitment_minutes.append((s, e))
            for k in range(s // CELL, -(-e // CELL)):
                blocked[k] = True
            for w, minutes in _split(s, e, WEEK):
                counted_week[min(w, weeks - 1)] += minutes if c.counts_toward_cap else 0
                work_week[min(w, weeks - 1)] += minutes if c.counts_toward_work else 0
            for d, minutes in _split(s, e, DAY):
                counted_day[d] += minutes if c.counts_toward_cap else 0
    ordered = sorted(commitment_minutes)
    if any(b[0] < a[1] for a, b in itertools.pairwise(ordered)):
        m.infeasible = "commitments clash"
        return m
    by_cell: list[list[Any]] = [[] for _ in range(n_cells)]
    week_terms: list[list[Any]] = [[] for _ in range(weeks)]
    day_terms: list[list[Any]] = [[] for _ in range(cal.days + 1)]
    value: list[Any] = []

    for g in problem.gigs:
        if g.id in problem.forbid:
            continue
        rate = round(100 * (g.hourly_pay + weights.relevance_value * g.relevance + weights.growth_value * g.growth))
        once = round(UNITS * weights.conversion_value * g.conversion)  # conversion: once per gig taken
        if g.sessions:
            occurrences = cal.occurrences(g)
            _on_grid(g, [t for s, e in occurrences for t in (s, e)])
            spans = sorted(occurrences)
            clash = any(b[0] < a[1] for a, b in itertools.pairwise(spans)) or any(
                s < ce and cs < e for s, e in spans for cs, ce in commitment_minutes
            )
            if not spans or clash:
                if g.id in problem.require:
                    m.infeasible = f"required {g.id} cannot be taken"
                continue
            x = m.x[g.id] = model.new_bool_var(g.id)
            m.fixed_cells[g.id] = [k for s, e in spans for k in range(s // CELL, e // CELL)]
            for k in m.fixed_cells[g.id]:
                by_cell[k].append(x)
            minutes = sum(e - s for s, e in spans)
            value_weeks = len({min(s // WEEK, weeks - 1) for s, _ in spans})
            flat = round(UNITS * (g.flat_pay + weights.mentor_value * bool(g.mentor)))
            value.append((rate * minutes + flat * value_weeks + once) * x)
            for s, e in spans:
                for w, mins in _split(s, e, WEEK):
                    week_terms[min(w, weeks - 1)].append(mins * x)
                for d, mins in _split(s, e, DAY):
                    day_terms[d].append(mins * x)
            continue
        if (g.grid or CELL) != CELL:
            raise ValueError(f"gig {g.id!r}: grid {g.grid} is not the {CELL}-minute grid of the time-indexed model")
        windows = g.window_intervals or tuple((k * DAY, (k + 1) * DAY) for k in range(7))
        _on_grid(g, [t for s, e in windows for t in (s, e)])
        work_days = cal.work_days(g)
        window_cells: set[int] = set()
        for a, b in windows:
            for piece_start, piece_end in _pieces(a, b):  # within one day of the week
                weekday = piece_start // DAY
                for d in range(weekday, cal.days, 7):
                    if work_days[d]:
                        base = d * DAY - weekday * DAY
                        window_cells.update(range((base + piece_start) // CELL, (base + piece_end) // CELL))
        gig_weeks = sorted({k * CELL // WEEK for k in window_cells})
        cells = sorted(k for k in window_cells if not blocked[k])
        u = m.u[g.id] = model.new_bool_var(g.id)
        y = m.y[g.id] = {k: model.new_bool_var(f"{g.id}@{k}") for k in cells}
        block = (g.min_block or 60) // CELL
        per_week = WEEK // CELL
        for k, lit in y.items():
            before = y.get(k - 1) if k % per_week else None
            model.add_implication(lit, u)
            for j in range(1, block):
                after = y.get(k + j) if (k + j) // per_week == k // per_week else None
                if after is None:
                    model.add_bool_or([lit.Not()] + ([before] if before is not None else []))
                    break
                model.add_bool_or([lit.Not(), after] + ([before] if before is not None else []))
        in_week: dict[int, list[Any]] = {w: [] for w in gig_weeks}
        for k, lit in y.items():
            in_week[k * CELL // WEEK].append(lit)
            by_cell[k].append(lit)
            week_terms[k * CELL // WEEK].append(CELL * lit)
            day_terms[k * CELL // DAY].append(CELL * lit)
        if g.is_project:
            total = round(float(g.total_hours) * 60) // CELL  # type: ignore[arg-type]
            model.add(sum(y.values()) == total * u)
            if g.max_week_hours is not None:
                most = math.floor(g.max_week_hours * 60 / CELL + 1e-9)
                for lits in in_week.values():
                    if len(lits) > most:
                        model.add(sum(lits) <= most)
            flat = round(UNITS * ((g.fee or 0.0) + weights.mentor_value * bool(g.mentor)))
            value.append((flat + once) * u)
        else:
            low, high = (g.hours, g.hours) if g.hours is not None else (g.min_hours or 0.0, g.max_hours)
            lo = max(math.ceil(low * 60 / CELL - 1e-9), block, 1)
            hi = math.floor(high * 60 / CELL + 1e-9)
            for lits in in_week.values():
                model.add(sum(lits) >= lo * u)
                model.add(sum(lits) <= hi * u)
            flat = round(UNITS * (g.flat_pay + weights.mentor_value * bool(g.mentor)))
            value.append((flat * len(gig_weeks) + once) * u)
        value.append(rate * CELL * sum(y.values()))
        if g.id in problem.require:
            model.add(u == 1)
    for gig_id in problem.require:
        if gig_id in m.x:
            model.add(m.x[gig_id] == 1)
    for lits in by_cell:
        if len(lits) > 1:
            model.add_at_most_one(lits)
    for w in range(weeks):
        limits = cal.week_limits[w]
        if week_terms[w]:
            for name, base in (("max_hours", counted_week[w]), ("max_work_hours", work_week[w])):
                cap = _cap(limits[name])
                if cap is not None:
                    model.add(sum(week_terms[w]) + base <= cap)
        if w + 1 < weeks and (week_terms[w] or week_terms[w + 1]):
            cap = _cap(cal.fortnight_caps[w], weeks=2)
            if cap is not None:
                model.add(sum(week_terms[w]) + sum(week_terms[w + 1]) + work_week[w] + work_week[w + 1] <= cap)
    for d, terms in enumerate(day_terms):
        cap = _cap(cal.week_limits[min(d // 7, weeks - 1)]["max_day_hours"])
        if cap is not None and terms:
            model.add(sum(terms) + counted_day[d] <= cap)
    m.value = sum(value)
    return m


def _pieces(start: int, end: int) -> list[tuple[int, int]]:
    """A window in week minutes cut at midnights, each piece as minutes of the week (wrapping Sunday night)."""
    out = []
    while start < end:
        cut = min(end, (start // DAY + 1) * DAY)
        out.append((start % WEEK, (start % WEEK) + cut - start))
        start = cut
    return out


def time_indexed(problem: Problem, time_limit: float, workers: int = 1) -> dict[str, Any]:
    """Solve the term with the time-indexed model: status, value and bound (money), build and solve seconds."""
    started = time.perf_counter()
    built = _build(problem)
    build_s = time.perf_counter() - started
    if built.infeasible:
        return {"status": "infeasible", "value": None, "bound": None, "build_s": build_s, "solve_s": 0.0}
    built.model.maximize(built.value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - build_s, 1.0)
    solver.parameters.num_workers = workers
    solver.parameters.presolve_inclusion_work_limit = 0
    solver.parameters.linearization_level = 2  # the full LP relaxation: without it even 2 weeks of 6 gigs took > 60 s
    code = solver.solve(built.model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "status": solver.status_name(code).lower(),
        "value": solver.objective_value / UNITS if found else None,
        "bound": solver.best_objective_bound / UNITS if found else None,
        "build_s": build_s,
        "solve_s": time.perf_counter() - started - build_s,
        "variables": len(built.model.proto.variables),
        "constraints": len(built.model.proto.constraints),
    }


def check_plan(problem: Problem, plan: dict[str, Any], objective: float) -> list[str]:
    """What is wrong with a term plan (``TermPlan.to_dict()``) in the time-indexed model; empty when it is valid.

    Fixes the plan's gigs and cells in the model and solves: the plan must be
    feasible and its value must equal ``objective`` (the plan's, unrounded).
    """
    built = _build(problem)
    if built.infeasible:
        return [f"the time-indexed model says infeasible ({built.infeasible})"]
    errors: list[str] = []
    chosen = {g["id"] for g in plan["gigs"]}
    monday = dt.date.fromisoformat(plan["term"]["start"])
    monday -= dt.timedelta(days=monday.weekday())
    worked: dict[str, set[int]] = {}
    for b in plan["blocks"]:
        if b["kind"] != "gig" or b["id"] in built.x:
            continue
        day = (dt.date.fromisoformat(b["date"]) - monday).days
        start = day * DAY + _minutes(b["start"])
        end = day * DAY + _minutes(b["end"])
        end += DAY if end <= start else 0
        cells = set(range(start // CELL, end // CELL))
        if start % CELL or end % CELL:
            errors.append(f"block {b} is off the {CELL}-minute grid")
        unknown = cells - set(built.y.get(b["id"], {}))
        if unknown:
            errors.append(f"block {b['id']} {b['date']} {b['start']}-{b['end']} lies outside its usable cells")
        worked.setdefault(b["id"], set()).update(cells)
    unknown_gigs = chosen - set(built.x) - set(built.u)
    if unknown_gigs:
        errors.append(f"gigs the model cannot take: {sorted(unknown_gigs)}")
    if errors:
        return errors
    model = built.model
    for gig_id, x in built.x.items():
        model.add(x == (gig_id in chosen))
    for gig_id, u in built.u.items():
        model.add(u == (gig_id in chosen))
        for k, lit in built.y[gig_id].items():
            model.add(lit == (k in worked.get(gig_id, set())))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [f"the plan breaks a rule of the time-indexed model ({solver.status_name(code)})"]
    value = solver.value(built.value) / UNITS
    if abs(value - objective) > 1e-6 * max(1.0, abs(value)):
        errors.append(f"the plan is worth {value!r} in the time-indexed model, not its objective {objective!r}")
    return errors


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
