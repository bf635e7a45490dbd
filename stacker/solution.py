"""What a solver backend hands back: plain numbers, no solver types."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Solution:
    """The raw answer of a backend for a :class:`~stacker.presolve.Prepared` problem.

    Attributes
    ----------
    status
        ``"optimal"``, ``"feasible"``, ``"infeasible"`` or ``"unknown"``.
    literals
        0/1 value of every literal (empty when no plan was found).
    bound_units
        Upper bound on the plan value, in ``UNITS_PER_MONEY`` units, or None.
    wall_time
        Seconds the backend spent.
    """

    status: str
    literals: np.ndarray
    bound_units: float | None
    wall_time: float
