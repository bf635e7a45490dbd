"""``stacker.explain``: why each gig left out of a plan is not in it."""

from __future__ import annotations

from .. import _parameters as checks
from ..errors import must_be, parameter_error
from ..plan import Plan
from ..problem.problem import Problem
from ..solve import solve
from ..termplan import TermPlan
from .leftout import Explanation, explain_plan


def explain(problem: Problem, plan: Plan | TermPlan | None = None, *, seed: int = 0, workers: int = 2) -> Explanation:
    """For every gig left out of ``plan``: why, and the cost of forcing it in.

    The cost is exact: the value of ``plan`` minus the value of the best
    plan that takes the gig (found by solving again with the gig required),
    so it is 0 for a gig that a plan of equal value could take and
    negative only if ``plan`` was not optimal. The reason names what stands
    in the way: a clash with a commitment or with a gig of the plan, a cap
    it would exceed, and the gigs a plan with it displaces, e.g.
    ``"clashes with 'tutor' (Tue 10:00-12:00); taking it lowers the value
    by 35.20 because it displaces 'tutor'"``.

    For an infeasible problem there is nothing to leave out: the
    explanation holds the minimal conflict (see :func:`stacker.diagnose`).

    On a term (``problem.term``, ``plan`` a :class:`~stacker.termplan.TermPlan`)
    the cost is over the term and the reasons name dates and weeks: a fixed
    gig's clashes on dates, the caps it would break in the weeks of given
    Mondays, and for a project whether the caps leave it room to be
    finished by its due date, e.g. ``"cannot be finished by 2027-02-26 under
    max_work_hours 20 in the weeks of 2027-02-15 and 2027-02-22 (...)"``.

    Parameters
    ----------
    problem
        The problem the plan is for.
    plan
        A plan of ``problem``; None solves it first.
    seed
        Random seed of the re-solves.
    workers
        Re-solves run at once, in threads (CP-SAT releases the GIL). The
        costs are exact whatever the number; which gigs a forced plan
        displaces may differ between numbers when several plans tie.
    """

    checks.problem("explain", problem)
    checks.seed("explain", seed)
    checks.workers("explain", workers)
    if plan is None:
        plan = solve(problem, seed=seed)
    if not isinstance(plan, Plan | TermPlan):
        raise must_be("explain", "plan", "a Plan, a TermPlan or None", type(plan).__name__)
    if plan.problem is not problem and plan.problem != problem:
        raise parameter_error("explain", "plan", "must be a plan of this problem (solve(problem)).")
    return explain_plan(plan, seed=seed, workers=workers)
