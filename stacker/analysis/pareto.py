"""The Pareto front of two or more criteria: every plan no other plan beats on all of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import _parameters as checks
from .._clock import Stopwatch
from .._parameters import check_criteria
from ..answers import plan_of
from ..presolve.units import SCALE
from ..problem.problem import Problem
from ..searches import kind_of

if TYPE_CHECKING:
    import pandas as pd


def pareto(
    problem: Problem,
    objectives: Sequence[str] = ("pay", "relevance"),
    *,
    time_limit: float | None = None,
    max_points: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """The exact Pareto front of ``problem`` for two or more objectives.

    Objectives: ``"pay"`` (money per week), ``"relevance"`` and
    ``"growth"`` (relevance- or growth-weighted hours per week: the sum of
    hours times relevance over the chosen gigs), ``"conversion"`` (the sum
    of the chosen gigs' conversion), ``"value"`` (the objective of
    :func:`stacker.solve`), all to maximize, and ``"hours"`` (gig hours per
    week), to minimize.

    Method: maximize the sum of the objectives (in exact integer units)
    among the plans that no point found so far weakly dominates, until no
    plan is left. Each answer is non-dominated, so the front is exact and
    complete; it has one plan per point (of several plans with the same
    objectives, the one with the fewest gig hours).

    Parameters
    ----------
    problem
        The week, or a term (``problem.term``): then each criterion is its
        total over the term and each point's plan a
        :class:`~stacker.termplan.TermPlan`.
    objectives
        Two or more distinct criteria.
    time_limit
        Seconds for the whole front; when it runs out the front found so far
        is returned and ``front.attrs["complete"]`` is False.
    max_points
        Stop after this many points (``attrs["complete"]`` False if more may exist).
    seed
        Random seed of the solver's search.

    Returns
    -------
    pandas.DataFrame
        One row per point, best first in the first objective: a column per
        objective (in the units above; hours as positive hours), ``gigs``
        (ids chosen) and ``plan``. ``front.attrs`` holds ``objectives`` and
        ``complete``. :func:`plot_pareto` draws it.
    """
    import pandas as pd

    objectives = check_criteria("pareto", "objectives", objectives, at_least=2)
    checks.problem("pareto", problem)
    checks.integer("pareto", "max_points", max_points, optional=True)
    checks.seed("pareto", seed)
    checks.time_limit("pareto", time_limit)
    watch = Stopwatch(time_limit)
    kind = kind_of(problem)
    rows: list[dict[str, Any]] = []
    complete = True  # an infeasible problem has an empty front
    if kind.feasible:
        search = kind.search(seed=seed)
        while max_points is None or len(rows) < max_points:
            solution = search.solve(dict.fromkeys(objectives, 1), time_limit=watch.left())
            if solution.status != "optimal":
                complete = solution.status == "infeasible"
                break
            point = search.criteria(solution)
            plan = plan_of(kind, solution, watch.elapsed(), objectives)
            scores = {name: point[name] / SCALE[name] + 0.0 for name in objectives}  # + 0.0: no -0.0 hours
            rows.append(scores | {"gigs": plan.gig_ids, "plan": plan})
            search.add_not_dominated({name: point[name] for name in objectives})
        else:
            complete = False
    front = pd.DataFrame(rows, columns=[*objectives, "gigs", "plan"])
    front = front.sort_values(list(objectives), ascending=[n == "hours" for n in objectives], ignore_index=True)
    front.attrs["objectives"] = objectives
    front.attrs["complete"] = complete
    return front
