"""What-if studies: compare scenarios, trade objectives off, find alternative plans."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

from . import checks
from .data import Problem
from .errors import ProblemError
from .objectives import SCALE, check_criteria
from .plan import Plan, Status
from .presolve import prepare

FOUND = ("optimal", "feasible")
SIGN_UP = {"value": True, "pay": True, "relevance": True, "hours": False}  # whether more is better


def compare(scenarios: Mapping[str, Problem] | Sequence[Problem], **options) -> pandas.DataFrame:  # noqa: F821
    """Solve each scenario and tabulate the plans side by side.

    Parameters
    ----------
    scenarios
        Names mapped to problems (e.g. ``{"now": p, "no MATH 201":
        p.drop_commitment("MATH 201")}``), or a list of problems (named 0,
        1, ...). The first is the baseline the others are compared with.
    **options
        Passed to :func:`stacker.solve` (``time_limit``, ``seed``,
        ``priorities``, ...). Each scenario after the first starts from the
        plan of the one before (``hint``), which speeds up close variants.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, indexed by name: ``status``, ``value``,
        ``pay``, ``hours`` (hours that count toward ``max_hours``),
        ``work_hours``, ``relevance`` (mean relevance of the gig hours; NaN
        without gig hours), ``gigs`` (ids chosen), ``added`` and ``dropped``
        (gig ids against the first scenario) and ``plan`` (the
        :class:`~stacker.Plan`).
    """
    import pandas as pd

    from .solve import solve

    if isinstance(scenarios, Mapping):
        named = list(scenarios.items())
    elif isinstance(scenarios, Sequence) and not isinstance(scenarios, str):
        named = list(enumerate(scenarios))
    else:
        raise ProblemError(
            "The 'scenarios' parameter of compare must be a mapping of names to problems or a list of problems. "
            f"Got {type(scenarios).__name__} instead."
        )
    if not named:
        raise ProblemError("The 'scenarios' parameter of compare is empty; give at least one problem.")
    for name, problem in named:
        if not isinstance(problem, Problem):
            raise ProblemError(f"scenario {name!r}: must be a Problem, got {type(problem).__name__}")
    if "hint" in options:
        raise ProblemError("compare sets 'hint' itself (each scenario starts from the plan before); do not pass it.")
    rows, previous, first = [], None, None
    for name, problem in named:
        plan = solve(problem, hint=previous, **options)
        if plan.status in (Status.OPTIMAL, Status.FEASIBLE):
            previous = plan
        chosen = plan.gig_ids
        first = chosen if first is None else first
        work = plan.totals.work_hours
        rows.append(
            {
                "scenario": name,
                "status": plan.status.value,
                "value": plan.totals.value,
                "pay": plan.totals.pay,
                "hours": plan.totals.hours,
                "work_hours": work,
                "relevance": plan.totals.relevance / work if work else math.nan,
                "gigs": chosen,
                "added": [g for g in chosen if g not in first],
                "dropped": [g for g in first if g not in chosen],
                "plan": plan,
            }
        )
    return pd.DataFrame(rows).set_index("scenario")


def pareto(
    problem: Problem,
    objectives: Sequence[str] = ("pay", "relevance"),
    *,
    time_limit: float | None = None,
    max_points: int | None = None,
    seed: int = 0,
) -> pandas.DataFrame:  # noqa: F821
    """The exact Pareto front of ``problem`` for two or more objectives.

    Objectives: ``"pay"`` (money per week), ``"relevance"``
    (relevance-weighted hours per week: the sum of hours times relevance
    over the chosen gigs), ``"value"`` (the objective of
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
        The week.
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

    from .cpsat import Search
    from .solve import make_plan

    objectives = check_criteria("pareto", "objectives", objectives, at_least=2)
    checks.problem("pareto", problem)
    checks.integer("pareto", "max_points", max_points, optional=True)
    checks.time_limit("pareto", time_limit)
    started = time.perf_counter()
    prepared = prepare(problem, dominance=False)
    rows, complete = [], True  # an infeasible problem has an empty front
    if prepared.feasible:
        search = Search(prepared, seed=seed)
        while max_points is None or len(rows) < max_points:
            left = None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.0)
            solution = search.solve(dict.fromkeys(objectives, 1), time_limit=left)
            if solution.status != "optimal":
                complete = solution.status == "infeasible"
                break
            point = search.criteria(solution)
            plan = make_plan(prepared, solution, time.perf_counter() - started, objectives)
            rows.append({name: point[name] / SCALE[name] for name in objectives} | {"gigs": plan.gig_ids, "plan": plan})
            search.add_not_dominated({name: point[name] for name in objectives})
        else:
            complete = False
    front = pd.DataFrame(rows, columns=[*objectives, "gigs", "plan"])
    front = front.sort_values(list(objectives), ascending=[n == "hours" for n in objectives], ignore_index=True)
    front.attrs["objectives"] = objectives
    front.attrs["complete"] = complete
    return front


def plot_pareto(front, ax=None, *, label: bool | None = None):
    """Draw a Pareto front of two objectives (from :func:`pareto`); returns the matplotlib Figure.

    Each point is a plan, numbered as the rows of ``front``. With ``label``
    (default: when the front has at most 8 points) its gig ids are written
    beside it instead of its number.
    """
    objectives = front.attrs.get("objectives", tuple(front.columns[:2]))
    if len(objectives) != 2:
        raise ProblemError(
            f"plot_pareto draws fronts of two objectives; this one has {len(objectives)}: {objectives!r}"
        )
    x, y = objectives
    if ax is None:  # no pyplot, as in plan.plot(): no global state, one picture in a notebook
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(7, 4.5))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    fig = ax.figure
    ordered = front.sort_values(x)
    # the edge of what the front attains: with more x better, the best y for x in (x_i, x_i+1] is y_i+1
    ax.step(ordered[x], ordered[y], where="pre" if SIGN_UP[x] else "post", color="0.7", zorder=1)
    ax.scatter(front[x], front[y], zorder=2, color="tab:blue")
    if label is None:
        label = len(front) <= 8
    for number, row in front.iterrows():
        text = (", ".join(row["gigs"]) or "(none)") if label else str(number)
        ax.annotate(text, (row[x], row[y]), fontsize=7, xytext=(4, 4), textcoords="offset points")
    units = {
        "pay": "pay per week",
        "relevance": "relevance-weighted hours per week",
        "hours": "gig hours per week",
        "value": "value per week",
    }
    ax.set_xlabel(units[x])
    ax.set_ylabel(units[y])
    ax.set_title("Pareto front" + ("" if front.attrs.get("complete", True) else " (incomplete)"))
    ax.grid(True, alpha=0.3)
    return fig


def alternatives(
    problem: Problem, k: int = 5, min_difference: int = 1, *, time_limit: float | None = None, seed: int = 0
) -> list[Plan]:
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
    from .cpsat import Search
    from .solve import make_plan

    checks.problem("alternatives", problem)
    checks.integer("alternatives", "k", k)
    checks.integer("alternatives", "min_difference", min_difference)
    checks.time_limit("alternatives", time_limit)
    started = time.perf_counter()
    prepared = prepare(problem, dominance=False)
    plans: list[Plan] = []
    if not prepared.feasible:
        return plans
    search = Search(prepared, seed=seed)
    while len(plans) < k:
        left = None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.0)
        solution = search.solve(time_limit=left)
        if solution.status not in FOUND:
            break
        plans.append(make_plan(prepared, solution, time.perf_counter() - started))
        if solution.status != "optimal":
            break
        search.add_differs(solution, min_difference)
    return plans
