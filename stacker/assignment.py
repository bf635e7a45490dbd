"""``Assignment``: the answer of :func:`stacker.assign`, one plan per student of a shared pool."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .plan import ChosenGig, Plan
from .solution import Status

if TYPE_CHECKING:
    import pandas as pd

    from .termplan import TermGig, TermPlan


@dataclass(frozen=True)
class Assignment:
    """Who takes which gigs of a shared pool, with every opening respected.

    Attributes
    ----------
    status
        ``optimal`` (proven best), ``feasible`` (a time limit or the
        ``relative_gap`` stopped the proof: ``bound`` says how far it can be
        from the best), ``infeasible`` (some students' own commitments or
        required gigs cannot be kept, or their required gigs or minimums need
        more than the openings: ``infeasible`` names them) or ``unknown``.
    objective
        The total value over all students (money-equivalents per week; on
        terms, over each student's term), or None.
    bound
        A proven upper bound on the total value (with ``objective="fair"``:
        on the total value at the fairness level reached), or None.
    plans
        Student id -> that student's :class:`Plan` (a
        :class:`~stacker.termplan.TermPlan` on terms), feasible on its own. Its
        ``status`` is the assignment's; its ``bound`` is its ``objective`` when
        the assignment is optimal and None otherwise (the bound that matters
        is the assignment's). For an infeasible assignment, only the plans of
        the students named, with their reasons.
    openings_used
        Gig id -> how many students take it (never more than its openings).
    alone
        Student id -> the value that student's best plan would have alone (with
        the whole pool to itself; the best found if a time limit stopped that solve).
    min_share
        With ``objective="fair"``: the smallest share ``value / alone`` over
        students (1 for a student whose ``alone`` is 0); None otherwise.
    infeasible
        The students whose own problem, or whose required gigs or minimums
        (``min_week_pay``, ``min_work_hours``: taking no gig is then no plan)
        under the openings, have no plan.
    stats
        Counters: pricing ``rounds``, student ``solves`` (and ``skipped``:
        students a round did not need to solve), ``solve_seconds`` (their
        time added up, in whichever process each ran), ``columns``,
        ``seconds``, and ``trace``: per round (seconds, LP value, Lagrangian
        bound, in money; students solved).
    """

    status: Status
    objective: float | None
    bound: float | None
    plans: dict[Hashable, Plan | TermPlan]
    openings_used: dict[str, int]
    alone: dict[Hashable, float]
    min_share: float | None = None
    infeasible: tuple[Hashable, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def gap(self) -> float | None:
        """``bound - objective``: how much more total value an assignment could still have."""
        if self.objective is None or self.bound is None:
            return None
        return max(self.bound - self.objective, 0.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, ready for JSON (student ids as given)."""
        return {
            "status": self.status.value,
            "objective": _cents(self.objective),
            "bound": _cents(self.bound),
            "gap": _cents(self.gap),
            "min_share": self.min_share,
            "plans": {student: plan.to_dict() for student, plan in self.plans.items()},
            "openings_used": dict(self.openings_used),
            "alone": {student: _cents(value) for student, value in self.alone.items()},
            "infeasible": list(self.infeasible),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per student and chosen gig: student, gig, hours, pay, value, relevance, fixed, shared by.

        Hours, pay and value per week, or over the term for a term plan.
        """
        import pandas as pd

        rows = [
            {
                "student": student,
                "gig": gig.id,
                "hours": gig.hours,
                "pay": gig.pay,
                "value": gig.value,
                **_own(plan, gig),
                "taken_by": self.openings_used.get(gig.id, 0),
            }
            for student, plan in self.plans.items()
            for gig in plan.gigs
        ]
        columns = ["student", "gig", "hours", "pay", "value", "relevance", "fixed", "taken_by"]
        return pd.DataFrame(rows, columns=columns)


def _own(plan: Plan | TermPlan, gig: ChosenGig | TermGig) -> dict[str, Any]:
    """The student's relevance of a chosen gig, and whether it is fixed (a term's gig: from its problem)."""
    if isinstance(gig, ChosenGig):
        return {"relevance": gig.relevance, "fixed": gig.fixed}
    return {"relevance": plan.problem.gig(gig.id).relevance, "fixed": gig.kind == "fixed"}


def _cents(money: float | None) -> float | None:
    return None if money is None else round(money, 2)
