"""What a solver backend hands back (plain numbers, no solver types), its status, and the bridges to plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from .presolve.prepare import Prepared

if TYPE_CHECKING:
    from .plan import Plan


@dataclass(frozen=True)
class Solution:
    """The raw answer of a backend for a :class:`~stacker.presolve.Prepared` problem.

    Attributes
    ----------
    status
        ``"optimal"``, ``"feasible"``, ``"infeasible"`` or ``"unknown"``.
    fixed
        Whether each fixed candidate (``Prepared.fixed``) is taken.
    cells
        Chosen cells of each flexible gig taken, by position in ``Prepared.flexible``.
    bound_units
        Upper bound on the plan value, in ``UNITS_PER_MONEY`` units, or None.
    stats
        Backend counters (e.g. master iterations, placement cuts).
    """

    status: str
    fixed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    cells: dict[int, np.ndarray] = field(default_factory=dict)
    bound_units: float | None = None
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def has_plan(self) -> bool:
        """Whether the backend found a plan (status ``optimal`` or ``feasible``)."""
        return Status(self.status).has_plan

    @property
    def steps(self) -> dict[int, int]:
        """Grid steps of each flexible gig taken, by position in ``Prepared.flexible``."""
        return {f: len(cells) for f, cells in self.cells.items() if len(cells)}


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


def chosen_minutes(prepared: Prepared, solution: Solution) -> dict[int, int]:
    """Minutes of each chosen gig, by index in the problem."""
    chosen = {int(prepared.fixed[c]): int(prepared.fixed_minutes[c]) for c in np.flatnonzero(solution.fixed)}
    for f, steps in solution.steps.items():
        flex = prepared.flexible[f]
        chosen[flex.gig] = steps * flex.grid
    return chosen


class Status(StrEnum):
    """How good the plan is known to be."""

    OPTIMAL = "optimal"  #: proven best
    FEASIBLE = "feasible"  #: a time limit stopped the proof; best found so far
    INFEASIBLE = "infeasible"  #: the commitments cannot all be kept; see ``reasons``
    UNKNOWN = "unknown"  #: no plan found in time

    @property
    def has_plan(self) -> bool:
        """True for ``optimal`` and ``feasible``: there is a plan."""
        return self in (Status.OPTIMAL, Status.FEASIBLE)


def gap_of(objective: float | None, bound: float | None) -> float | None:
    """``|bound - objective|``: how much better a plan could still be (None without both)."""
    if objective is None or bound is None:
        return None
    return abs(bound - objective)
