"""What a solver backend hands back: plain numbers, no solver types."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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
    def steps(self) -> dict[int, int]:
        """Grid steps of each flexible gig taken, by position in ``Prepared.flexible``."""
        return {f: len(cells) for f, cells in self.cells.items() if len(cells)}
