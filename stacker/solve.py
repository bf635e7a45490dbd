"""``stacker.solve``: problem -> prepared arrays -> CP-SAT -> plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import _parameters as checks
from ._clock import Stopwatch
from ._parameters import check_criteria
from .errors import must_be
from .plan import Plan, make_plan
from .presolve.prepare import prepare
from .problem.problem import Problem
from .solution import Solution, hint_choice

if TYPE_CHECKING:
    from .termplan import TermPlan

if TYPE_CHECKING:
    from .cpsat.search import Search


def solve(
    problem: Problem,
    *,
    priorities: Sequence[str] | None = None,
    hint: Plan | TermPlan | None = None,
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

        hours * (pay_rate + relevance_value * relevance + growth_value * growth)
            + weekly_pay + mentor_value * mentor + conversion_value * conversion

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
        per week), ``"relevance"`` and ``"growth"`` (relevance- or
        growth-weighted hours per week: the sum of hours times relevance),
        ``"conversion"`` (the sum of the chosen gigs' conversion) and
        ``"hours"`` (gig hours, fewer is better). Remaining ties go to fewer
        gig hours. On a term each criterion is its total over the term.
    hint
        A plan of this or a close problem (e.g. the previous scenario of a
        what-if study) to start the search from: a :class:`Plan` for a week,
        a :class:`~stacker.termplan.TermPlan` for a term (its gigs and their
        hours in each week). It only speeds the search up; gigs of the hint
        that this problem lacks are ignored.
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
    watch = Stopwatch(time_limit)
    _check_parameters(problem, time_limit, seed, workers, progress)
    if problem.term is not None:
        return _solve_term(problem, priorities, hint, watch, seed, workers)  # type: ignore[return-value]  # a TermPlan
    priorities = ("value",) if priorities is None else check_criteria("solve", "priorities", priorities)
    if hint is not None and not isinstance(hint, Plan):
        raise must_be("solve", "hint", "a Plan or None", type(hint).__name__)
    prepared = prepare(problem, dominance=priorities == ("value",), left=watch.left)
    if not prepared.feasible:
        return make_plan(prepared, Solution("infeasible"), watch.elapsed(), priorities)
    from .cpsat.search import Search, empty_plan

    if watch.left() == 0 and not problem.require and not problem.limits.minimums:
        # the presolve took the time: the plan with no gig, and a bound
        return make_plan(prepared, empty_plan(prepared, {priorities[0]: 1}), watch.elapsed(), priorities)

    search = Search(prepared, seed=seed, workers=workers or 1)
    if hint is not None:
        search.hint(*hint_choice(prepared, hint))
    solution = lexicographic(search, priorities, time_limit=watch.left(), progress=progress)  # presolve counts too
    try:
        return make_plan(prepared, solution, watch.elapsed(), priorities)
    except KeyboardInterrupt:  # Ctrl-C just after the search: the answer is complete, keep it
        solution = dataclasses.replace(solution, stats={**solution.stats, "interrupted": 1})
        return make_plan(prepared, solution, watch.elapsed(), priorities)


def _solve_term(
    problem: Problem,
    priorities: Sequence[str] | None,
    hint: Any,
    watch: Stopwatch,
    seed: int,
    workers: int | None,
) -> TermPlan:
    """A problem with a term: its weeks, one master and a placement per week (``stacker/cpsat/term.py``).

    With ``priorities`` or a ``hint`` the search is a
    :class:`~stacker.cpsat.term_search.TermSearch` (the same stages as a week's).
    """
    from .termplan import TermPlan

    priorities = ("value",) if priorities is None else check_criteria("solve", "priorities", priorities)
    if hint is not None and not isinstance(hint, TermPlan):
        raise must_be("solve", "hint", "a TermPlan or None for a problem with a term", type(hint).__name__)
    if priorities == ("value",) and hint is None:
        from .cpsat.term import solve_term
        from .presolve.term import prepare_term
        from .termplan import make_term_plan

        prepared = prepare_term(problem)
        result = solve_term(prepared, time_limit=watch.left(), seed=seed, workers=workers)
        return make_term_plan(prepared, result, watch.elapsed())
    from .answers import plan_of
    from .searches import TermKind

    kind = TermKind(problem)
    search = kind.search(seed=seed, workers=workers or 1)
    if hint is not None:
        kind.hint(search, hint)
    answer = lexicographic(search, priorities, time_limit=watch.left())
    return plan_of(kind, answer, watch.elapsed(), priorities)  # type: ignore[return-value]  # a TermPlan


def lexicographic(
    search: Search,
    priorities: Sequence[str],
    *,
    time_limit: float | None = None,
    progress: Callable[[float, float], None] | None = None,
    **options: Any,
) -> Solution:
    """Optimize each criterion in turn, keeping every earlier one at its optimum.

    The answer's status is ``optimal`` only when every stage was proven; its
    ``bound_units`` is the bound on the first criterion.
    """
    watch = Stopwatch(time_limit)
    first: Solution | None = None
    solution = Solution("unknown")
    proved = True
    for stage, name in enumerate(priorities):
        current = search.solve({name: 1}, time_limit=watch.left(), progress=progress if stage == 0 else None, **options)
        if not current.has_plan:
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
    assert first is not None  # priorities is never empty, and the first stage either returned or set it
    return dataclasses.replace(solution, status="optimal" if proved else "feasible", bound_units=first.bound_units)


def _check_parameters(
    problem: Problem, time_limit: float | None, seed: int, workers: int | None, progress: object
) -> None:
    checks.problem("solve", problem)
    checks.time_limit("solve", time_limit)
    checks.seed("solve", seed)
    checks.workers("solve", workers, optional=True)
    if progress is not None and not callable(progress):
        raise must_be("solve", "progress", "callable or None", repr(progress))
