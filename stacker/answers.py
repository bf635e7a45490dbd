"""The plan of a search's answer, for a week or a term (:mod:`stacker.searches`).

Apart from :mod:`stacker.searches` because the plans import the analysis
(``Plan.explain``) and the analysis imports the searches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from .plan import Plan, make_plan
from .presolve.units import SCALE
from .searches import TermKind, WeekKind
from .termplan import TermPlan, make_term_plan


def plan_of(
    kind: WeekKind | TermKind, answer: Any, seconds: float, priorities: Sequence[str] = ("value",)
) -> Plan | TermPlan:
    """The plan of an answer of ``kind``'s search; ``objective`` and ``bound`` measure ``priorities[0]``."""
    if isinstance(kind, WeekKind):
        return make_plan(kind.prepared, answer, seconds, priorities)
    return _term_plan(kind, answer, seconds, priorities)


def _term_plan(kind: TermKind, answer: Any, seconds: float, priorities: Sequence[str]) -> TermPlan:
    from .cpsat.term_search import criteria

    plan = make_term_plan(kind.prepared, answer, seconds)
    first = priorities[0]
    if first == "value" or not plan.status.has_plan:
        return dataclasses.replace(plan, priorities=tuple(priorities))
    objective = criteria(kind.prepared, answer)[first] / SCALE[first] + 0.0  # + 0.0: no -0.0 for no hours
    bound = objective
    if plan.status.value != "optimal" and answer.bound_units is not None:
        bound = answer.bound_units / SCALE[first]
        bound = min(objective, bound) if first == "hours" else max(objective, bound)
    return dataclasses.replace(plan, objective=objective, bound=bound, priorities=tuple(priorities))
