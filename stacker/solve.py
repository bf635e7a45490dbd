"""``stacker.solve``: problem -> prepared arrays -> CP-SAT -> plan."""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Callable, Sequence

import numpy as np

from . import checks
from .data import Problem
from .errors import ProblemError
from .objectives import SCALE, check_criteria, plan_criteria
from .plan import Block, ChosenGig, Excluded, Plan, Status, Totals
from .presolve import Prepared, prepare
from .solution import Solution
from .week import DAY, WEEK


def solve(
    problem: Problem,
    *,
    priorities: Sequence[str] | None = None,
    hint: Plan | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: Callable[[float, float], None] | None = None,
) -> Plan:
    """Find the most valuable stack of gigs around the student's commitments.

    The plan keeps every commitment, takes each chosen fixed gig at its
    sessions and places each chosen flexible gig in blocks inside its
    windows, with no two things at once and every cap held; it takes every
    gig in ``problem.require`` and none in ``problem.forbid``. It maximizes
    the total value, where a gig taken for ``hours`` a week is worth::

        hours * (pay_rate + relevance_value * relevance)
            + weekly_pay + mentor_value * mentor

    Among plans of equal value it takes the one with the fewest hours of gig
    work; plans still tied are decided by the solver's search, which is
    deterministic: the same problem, ``seed`` and ``workers`` give the same
    plan on every run (without a ``time_limit`` cutting the search short).

    Parameters
    ----------
    problem
        The week to plan.
    priorities
        Optimize these criteria one after the other instead of the value:
        each as well as possible without losing any of the ones before, e.g.
        ``["relevance", "pay"]``. Criteria: ``"value"``, ``"pay"`` (money
        per week), ``"relevance"`` (relevance-weighted hours per week: the
        sum of hours times relevance) and ``"hours"`` (gig hours, fewer is
        better). Remaining ties go to fewer gig hours.
    hint
        A plan of this or a close problem (e.g. the previous scenario of a
        what-if study) to start the search from. It only speeds the search
        up; gigs of the hint that this problem lacks are ignored.
    time_limit
        Seconds before the solver stops with the best plan so far (status
        ``feasible``); None for no limit.
    seed
        Random seed of the solver's search.
    workers
        Solver threads; None means 1 (fastest on small problems and
        deterministic). Several workers use CP-SAT's interleaved search,
        which is deterministic too.
    progress
        Called as ``progress(value, bound)`` each time the search finds a
        better candidate (its score before its blocks are placed) and the
        best bound so far, e.g. to show progress of a long solve.

    Ctrl-C (KeyboardInterrupt) once the search has started stops it cleanly
    and returns the best plan found so far, with status ``feasible`` (or
    ``unknown`` if there is none; ``optimal`` if the proof had just
    finished) and ``plan.interrupted`` set. Before that (while the input is
    checked and the model built) it raises as usual: there is no plan yet.

    Returns
    -------
    Plan
        An infeasible plan's ``reasons`` say why in plain words: which
        commitments or required gigs conflict (see :func:`stacker.diagnose`
        for a minimal conflict and the changes that fix it).

    Raises
    ------
    ProblemError
        For a bad parameter or problem, before solving.
    """
    started = time.perf_counter()
    _check_parameters(problem, time_limit, seed, workers, progress)
    priorities = ("value",) if priorities is None else check_criteria("solve", "priorities", priorities)
    if hint is not None and not isinstance(hint, Plan):
        raise ProblemError(f"The 'hint' parameter of solve must be a Plan or None. Got {type(hint).__name__} instead.")
    prepared = prepare(problem, dominance=priorities == ("value",))
    if not prepared.feasible:
        return make_plan(prepared, Solution("infeasible"), time.perf_counter() - started, priorities)
    from .cpsat import Search

    search = Search(prepared, seed=seed, workers=workers or 1)
    if hint is not None:
        search.hint(*hint_choice(prepared, hint))
    solution = lexicographic(search, priorities, time_limit=time_limit, progress=progress)
    try:
        return make_plan(prepared, solution, time.perf_counter() - started, priorities)
    except KeyboardInterrupt:  # Ctrl-C just after the search: the answer is complete, keep it
        solution = dataclasses.replace(solution, stats={**solution.stats, "interrupted": 1})
        return make_plan(prepared, solution, time.perf_counter() - started, priorities)


def lexicographic(
    search, priorities: Sequence[str], *, time_limit: float | None = None, progress=None, **options
) -> Solution:
    """Optimize each criterion in turn, keeping every earlier one at its optimum.

    The answer's status is ``optimal`` only when every stage was proven; its
    ``bound_units`` is the bound on the first criterion.
    """
    started = time.perf_counter()
    first: Solution | None = None
    solution = Solution("unknown")
    proved = True
    for stage, name in enumerate(priorities):
        left = None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.0)
        current = search.solve({name: 1}, time_limit=left, progress=progress if stage == 0 else None, **options)
        if current.status not in ("optimal", "feasible"):
            if first is None:
                return current
            proved = False  # keep the plan of the stage before, which is still a plan
            break
        solution, first = current, first or current
        if current.status != "optimal":
            proved = False
            break
        if stage < len(priorities) - 1:
            search.add_at_least(name, search.criteria(current)[name])
    return dataclasses.replace(solution, status="optimal" if proved else "feasible", bound_units=first.bound_units)


def hint_choice(prepared: Prepared, plan: Plan) -> tuple[np.ndarray, dict[int, int]]:
    """The master decisions of ``plan``'s gigs in ``prepared`` (gigs it does not have are left out)."""
    hours = {g.id: g.hours for g in plan.gigs}
    ids = prepared.table.ids
    fixed = np.array([ids[i] in hours for i in prepared.fixed], dtype=bool)
    steps = {}
    for f, flex in enumerate(prepared.flexible):
        gig_id = ids[flex.gig]
        if gig_id in hours:
            steps[f] = round(hours[gig_id] * 60 / flex.grid)
    return fixed, steps


def _check_parameters(
    problem: Problem, time_limit: float | None, seed: int, workers: int | None, progress: object
) -> None:
    checks.problem("solve", problem)
    checks.time_limit("solve", time_limit)
    checks.integer("solve", "seed", seed, least=0)
    checks.integer("solve", "workers", workers, optional=True)
    if progress is not None and not callable(progress):
        raise ProblemError(f"The 'progress' parameter of solve must be callable or None. Got {progress!r} instead.")


def make_plan(
    prepared: Prepared, solution: Solution, seconds: float, priorities: Sequence[str] = ("value",)
) -> Plan:
    """Turn a backend's literals into a plan with blocks, totals and values."""
    problem = prepared.problem
    status = Status(solution.status)
    blocks = [
        Block(c.id, c.kind, start, end) for c in problem.commitments for start, end in c.intervals
    ]
    minutes = chosen_minutes(prepared, solution, blocks)
    weights = problem.weights
    gigs = []
    for i in sorted(minutes):
        gig = prepared.table.gig(i)
        hours = minutes[i] / 60
        gigs.append(
            ChosenGig(
                id=gig.id,
                title=gig.title,
                hours=hours,
                pay=gig.pay(hours),
                value=gig.value(hours, weights),
                relevance=gig.relevance,
                mentor=bool(gig.mentor),
                fixed=gig.is_fixed,
            )
        )
    blocks.sort(key=lambda b: (b.start, b.end, b.id))
    committed = sum(c.minutes for c in problem.commitments if c.counts_toward_cap) / 60
    has_plan = status in (Status.OPTIMAL, Status.FEASIBLE)
    criteria = plan_criteria(gigs)
    objective = bound = None
    if has_plan:
        objective = criteria[priorities[0]]
        if status is Status.OPTIMAL:
            bound = objective
        elif solution.bound_units is not None:
            bound = solution.bound_units / SCALE[priorities[0]]
            bound = min(objective, bound) if priorities[0] == "hours" else max(objective, bound)
    reasons = prepared.reasons
    if status is Status.INFEASIBLE and not reasons:
        from .diagnose import diagnose

        reasons = [diagnose(problem).text()]
    return Plan(
        status=status,
        objective=objective,
        bound=bound,
        gigs=tuple(gigs),
        blocks=tuple(blocks) if has_plan else tuple(b for b in blocks if b.kind != "gig"),
        totals=Totals(
            hours=committed + criteria["hours"],
            work_hours=criteria["hours"],
            pay=criteria["pay"],
            value=criteria["value"],
            relevance=criteria["relevance"],
        ),
        excluded=_excluded(prepared),
        reasons=tuple(reasons),
        solve_time=seconds,
        problem=problem,
        interrupted=bool(solution.stats.get("interrupted")),
        stats=dict(solution.stats),
        priorities=tuple(priorities),
    )


def _excluded(prepared: Prepared) -> tuple[Excluded, ...]:
    """The excluded gigs as objects, with the garbage collector paused.

    A pool of 10^6 gigs can exclude nearly all of them; making that many
    objects sets off full collections that find nothing to free (1.0 s of
    1.3 s at 10^6 gigs), so they wait until the tuple is made.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return tuple(map(Excluded, prepared.excluded_ids, prepared.excluded_reasons))
    finally:
        if enabled:
            gc.enable()


def chosen_minutes(prepared: Prepared, solution: Solution, blocks: list[Block] | None = None) -> dict[int, int]:
    """Minutes of each chosen gig (by index in the problem), adding the gig's blocks to ``blocks`` if given."""
    table = prepared.table
    chosen: dict[int, int] = {}
    for candidate in np.flatnonzero(solution.fixed):
        index = int(prepared.fixed[candidate])
        chosen[index] = int(prepared.fixed_minutes[candidate])
        if blocks is not None:
            gig = table.gig(index)
            blocks.extend(Block(gig.id, "gig", s, e) for s, e in gig.intervals)
    for f, steps in solution.steps.items():
        flex = prepared.flexible[f]
        chosen[flex.gig] = steps * flex.grid
        if blocks is not None:
            cells = np.sort(solution.cells[f])
            blocks.extend(Block(table.ids[flex.gig], "gig", s, e) for s, e in _runs(cells, flex.grid))
    return chosen


def _runs(cells: np.ndarray, grid: int) -> list[tuple[int, int]]:
    """Merge sorted grid cells into blocks (wrapping Sunday to Monday), none over a day long."""
    per_week = WEEK // grid
    breaks = np.flatnonzero(np.diff(cells) != 1)
    starts = np.concatenate(([cells[0]], cells[breaks + 1]))
    ends = np.concatenate((cells[breaks] + 1, [cells[-1] + 1]))
    runs = [(int(s) * grid, int(e) * grid) for s, e in zip(starts, ends)]
    if len(runs) > 1 and cells[0] == 0 and cells[-1] == per_week - 1:
        first = runs.pop(0)
        last = runs.pop()
        runs.append((last[0], WEEK + first[1]))
    out = []
    for start, end in runs:
        while end - start > DAY:
            out.append((start, start + DAY))
            start += DAY
        out.append((start % WEEK, start % WEEK + end - start))
    return out
