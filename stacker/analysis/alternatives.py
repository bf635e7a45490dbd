"""The k best plans that differ from each other in at least a given number of gigs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import _parameters as checks
from .._clock import Stopwatch
from ..answers import plan_of
from ..plan import Plan
from ..problem.problem import Problem
from ..searches import kind_of

if TYPE_CHECKING:
    from ..termplan import TermPlan


def alternatives(
    problem: Problem, k: int = 5, min_difference: int = 1, *, time_limit: float | None = None, seed: int = 0
) -> list[Plan] | list[TermPlan]:
    """The ``k`` best plans that each differ from all the others in at least ``min_difference`` gigs.

    Best first: the first is an optimal plan; each next one is the most
    valuable plan that differs from every plan before it in at least
    ``min_difference`` gigs taken or left out (the size of the symmetric
    difference of the sets of chosen gig ids). Fewer than ``k`` plans come
    back when no more such plans exist.

    Parameters
    ----------
    time_limit
        Seconds for all of them; the plans found when it runs out are
        returned (the last one may be ``feasible`` rather than ``optimal``).
    """
    checks.problem("alternatives", problem)
    checks.integer("alternatives", "k", k)
    checks.integer("alternatives", "min_difference", min_difference)
    checks.seed("alternatives", seed)
    checks.time_limit("alternatives", time_limit)
    watch = Stopwatch(time_limit)
    kind = kind_of(problem)
    plans: list[Any] = []
    if not kind.feasible:
        return plans
    search = kind.search(seed=seed)
    while len(plans) < k:
        solution = search.solve(time_limit=watch.left())
        if not solution.has_plan:
            break
        plans.append(plan_of(kind, solution, watch.elapsed()))
        if solution.status != "optimal":
            break
        search.add_differs(solution, min_difference)
    return plans
