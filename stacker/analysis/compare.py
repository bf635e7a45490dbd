"""What-if studies: compare scenarios, trade objectives off, find alternative plans."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ProblemError, must_be, parameter_error
from ..problem.problem import Problem

if TYPE_CHECKING:
    import pandas as pd


def compare(scenarios: Mapping[str, Problem] | Sequence[Problem], **options: Any) -> pd.DataFrame:
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
        ``work_hours``, ``relevance`` and ``growth`` (mean relevance and
        growth of the gig hours; NaN without gig hours), ``conversion``
        (the sum of the chosen gigs' conversion), ``gigs`` (ids chosen),
        ``added`` and ``dropped`` (gig ids against the first scenario) and ``plan`` (the
        :class:`~stacker.Plan`).

        Terms (problems with a ``term``) compare the same way, with the
        totals over the term and each ``plan`` a
        :class:`~stacker.termplan.TermPlan`; all scenarios must then be terms.
    """
    import pandas as pd

    from ..solve import solve

    named: list[tuple[str | int, Problem]]
    if isinstance(scenarios, Mapping):
        named = list(scenarios.items())
    elif isinstance(scenarios, Sequence) and not isinstance(scenarios, str):
        named = list(enumerate(scenarios))
    else:
        raise must_be(
            "compare", "scenarios", "a mapping of names to problems or a list of problems", type(scenarios).__name__
        )
    if not named:
        raise parameter_error("compare", "scenarios", "is empty; give at least one problem.")
    for name, problem in named:
        if not isinstance(problem, Problem):
            raise ProblemError(f"scenario {name!r}: must be a Problem, got {type(problem).__name__}")
        if (problem.term is None) != (named[0][1].term is None):
            raise ProblemError(
                f"scenario {name!r}: mixes a week and a term; compare weeks with weeks, terms with terms."
            )
    if "hint" in options:
        raise ProblemError("compare sets 'hint' itself (each scenario starts from the plan before); do not pass it.")
    rows, previous, first = [], None, None
    for name, problem in named:
        plan = solve(problem, hint=previous, **options)
        if plan.status.has_plan:
            previous = plan
        chosen = plan.gig_ids
        first = chosen if first is None else first
        rows.append(
            {
                "scenario": name,
                "status": plan.status.value,
                "value": plan.totals.value,
                "pay": plan.totals.pay,
                "hours": plan.totals.hours,
                "work_hours": plan.totals.work_hours,
                "relevance": _mean(problem, plan, "relevance"),
                "growth": _mean(problem, plan, "growth"),
                "conversion": sum(problem.gig(g.id).conversion for g in plan.gigs),
                "gigs": chosen,
                "added": [g for g in chosen if g not in first],
                "dropped": [g for g in first if g not in chosen],
                "plan": plan,
            }
        )
    return pd.DataFrame(rows).set_index("scenario")


def _mean(problem: Problem, plan: Any, quality: str) -> float:
    """The mean ``relevance`` or ``growth`` of the plan's gig hours (NaN without gig hours)."""
    hours = sum(g.hours for g in plan.gigs)
    return sum(g.hours * getattr(problem.gig(g.id), quality) for g in plan.gigs) / hours if hours else math.nan
