"""``stacker.solve``: problem -> prepared arrays -> CP-SAT -> plan."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import numpy as np

from .data import Problem
from .errors import ProblemError
from .plan import Block, ChosenGig, Excluded, Plan, Status, Totals
from .presolve import UNITS_PER_MONEY, Prepared, prepare
from .solution import Solution
from .week import DAY, WEEK


def solve(
    problem: Problem,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int | None = None,
    progress: Callable[[float, float], None] | None = None,
) -> Plan:
    """Find the most valuable stack of gigs around the student's commitments.

    The plan keeps every commitment, takes each chosen fixed gig at its
    sessions and places each chosen flexible gig in blocks inside its
    windows, with no two things at once and every cap held. It maximizes the
    total value, where a gig taken for ``hours`` a week is worth::

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
        better candidate (its value before its blocks are placed) and the
        best bound so far, e.g. to show progress of a long solve.

    Ctrl-C (KeyboardInterrupt) once the search has started stops it cleanly
    and returns the best plan found so far, with status ``feasible`` (or
    ``unknown`` if there is none; ``optimal`` if the proof had just
    finished) and ``plan.interrupted`` set. Before that (while the input is
    checked and the model built) it raises as usual: there is no plan yet.

    Returns
    -------
    Plan

    Raises
    ------
    ProblemError
        For a bad parameter or problem, before solving.
    """
    started = time.perf_counter()
    _check_parameters(problem, time_limit, seed, workers, progress)
    prepared = prepare(problem)
    if not prepared.feasible:
        solution = Solution("infeasible")
    else:
        from .cpsat import solve_prepared

        solution = solve_prepared(
            prepared, time_limit=time_limit, seed=seed, workers=workers or 1, progress=progress
        )
    try:
        return make_plan(prepared, solution, time.perf_counter() - started)
    except KeyboardInterrupt:  # Ctrl-C just after the search: the answer is complete, keep it
        solution = dataclasses.replace(solution, stats={**solution.stats, "interrupted": 1})
        return make_plan(prepared, solution, time.perf_counter() - started)


def _check_parameters(
    problem: Problem, time_limit: float | None, seed: int, workers: int | None, progress: object
) -> None:
    if not isinstance(problem, Problem):
        raise ProblemError(f"The 'problem' parameter of solve must be a Problem. Got {type(problem).__name__} instead.")
    if time_limit is not None and (
        isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not time_limit >= 0
    ):
        raise ProblemError(f"The 'time_limit' parameter of solve must be a float >= 0 or None. Got {time_limit!r} instead.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ProblemError(f"The 'seed' parameter of solve must be an int >= 0. Got {seed!r} instead.")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ProblemError(f"The 'workers' parameter of solve must be an int >= 1 or None. Got {workers!r} instead.")
    if progress is not None and not callable(progress):
        raise ProblemError(f"The 'progress' parameter of solve must be callable or None. Got {progress!r} instead.")


def make_plan(prepared: Prepared, solution: Solution, seconds: float) -> Plan:
    """Turn a backend's literals into a plan with blocks, totals and values."""
    problem = prepared.problem
    status = Status(solution.status)
    blocks = [
        Block(c.id, c.kind, start, end) for c in problem.commitments for start, end in c.intervals
    ]
    chosen_minutes = _chosen_minutes(prepared, solution, blocks)
    weights = problem.weights
    gigs = []
    for i, gig in enumerate(problem.gigs):
        if i in chosen_minutes:
            hours = chosen_minutes[i] / 60
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
    work = sum(g.hours for g in gigs)
    has_plan = status in (Status.OPTIMAL, Status.FEASIBLE)
    objective = sum(g.value for g in gigs) if has_plan else None
    bound = None
    if has_plan and solution.bound_units is not None:
        bound = objective if status is Status.OPTIMAL else max(objective, solution.bound_units / UNITS_PER_MONEY)
    return Plan(
        status=status,
        objective=objective,
        bound=bound,
        gigs=tuple(gigs),
        blocks=tuple(blocks) if has_plan else tuple(b for b in blocks if b.kind != "gig"),
        totals=Totals(
            hours=committed + work, work_hours=work, pay=sum(g.pay for g in gigs), value=objective or 0.0
        ),
        excluded=tuple(Excluded(gig_id, reason) for gig_id, reason in prepared.excluded),
        reasons=tuple(prepared.reasons),
        solve_time=seconds,
        problem=problem,
        interrupted=bool(solution.stats.get("interrupted")),
        stats=dict(solution.stats),
    )


def _chosen_minutes(prepared: Prepared, solution: Solution, blocks: list[Block]) -> dict[int, int]:
    """Minutes of each chosen gig (by index), adding the gig's blocks to ``blocks``."""
    problem = prepared.problem
    chosen: dict[int, int] = {}
    for candidate in np.flatnonzero(solution.fixed):
        index = int(prepared.fixed[candidate])
        gig = problem.gigs[index]
        chosen[index] = sum(e - s for s, e in gig.intervals)
        blocks.extend(Block(gig.id, "gig", s, e) for s, e in gig.intervals)
    for f, cells in solution.cells.items():
        if len(cells):
            flex = prepared.flexible[f]
            chosen[flex.gig] = len(cells) * flex.grid
            gig_id = problem.gigs[flex.gig].id
            blocks.extend(Block(gig_id, "gig", s, e) for s, e in _runs(np.sort(cells), flex.grid))
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
