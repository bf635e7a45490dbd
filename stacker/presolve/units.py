"""What a plan can be judged by: value, pay, relevance and hours, as integers.

Each criterion is linear in the master's decisions (take fixed gig ``i``;
grid steps and whether to take flexible gig ``f``), so it is given by integer
coefficients per fixed candidate, per flexible step and per flexible gig
taken at all. Integers keep every comparison exact; ``SCALE`` turns them back
into the units people read:

- ``value``: the objective of :func:`stacker.solve` (money-equivalents per
  week), in ``UNITS_PER_MONEY``;
- ``pay``: money per week (hourly pay times hours plus weekly pay), in
  ``UNITS_PER_MONEY`` (rates to the cent per hour);
- ``relevance``: relevance-weighted hours per week (the sum of hours times
  relevance over the chosen gigs), with relevance taken to ``1/RELEVANCE_STEPS``;
- ``hours``: gig hours per week, where fewer is better: its coefficients are
  minus the minutes, so that every criterion is maximized.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepare import UNITS_PER_MONEY, Prepared

RELEVANCE_STEPS = 1000
CRITERIA = ("value", "pay", "relevance", "hours")
SCALE = {"value": UNITS_PER_MONEY, "pay": UNITS_PER_MONEY, "relevance": 60 * RELEVANCE_STEPS, "hours": -60}


@dataclass(frozen=True)
class Coefficients:
    """One criterion as integers: ``fixed @ x + step @ t + flat @ u``."""

    fixed: np.ndarray  # per fixed candidate
    step: np.ndarray  # per flexible candidate, per grid step
    flat: np.ndarray  # per flexible candidate, when taken at all


def coefficients(prepared: Prepared, name: str) -> Coefficients:
    """The integer coefficients of criterion ``name`` (one of ``CRITERIA``)."""
    table = prepared.table  # columns: no Gig objects needed
    flexible = prepared.flexible
    grids = np.array([flex.grid for flex in flexible], dtype=np.int64)
    rows = np.array([flex.gig for flex in flexible], dtype=np.int64)
    if name == "value":
        step = np.array([flex.step_units for flex in flexible], dtype=np.int64)
        flat = np.array([flex.flat_units for flex in flexible], dtype=np.int64)
        return Coefficients(prepared.fixed_units, step, flat)
    if name == "hours":
        return Coefficients(-prepared.fixed_minutes, -grids, np.zeros(len(flexible), np.int64))
    if name == "pay":
        per_minute = np.rint(table.hourly_pay * 100).astype(np.int64)
        flat = np.rint(table.flat_pay * UNITS_PER_MONEY).astype(np.int64)
        return Coefficients(
            prepared.fixed_minutes * per_minute[prepared.fixed] + flat[prepared.fixed],
            grids * per_minute[rows],
            flat[rows],
        )
    if name == "relevance":
        steps = np.rint(table.relevance * RELEVANCE_STEPS).astype(np.int64)
        return Coefficients(
            prepared.fixed_minutes * steps[prepared.fixed],
            grids * steps[rows],
            np.zeros(len(flexible), np.int64),
        )
    raise ValueError(name)


def more_is_better(name: str) -> bool:
    """Whether a higher total of criterion ``name`` is better (all but ``hours``)."""
    return SCALE[name] > 0
