"""What a plan can be judged by: value, pay, relevance, hours, growth and conversion, as integers.

Each criterion is linear in the master's decisions (take fixed gig ``i``;
grid steps and whether to take flexible gig ``f``), so it is given by integer
coefficients per fixed candidate, per flexible step and per flexible gig
taken at all. Integers keep every comparison exact; ``SCALE`` turns them back
into the units people read:

- ``value``: the objective of :func:`stacker.solve` (money-equivalents per
  week), in ``UNITS_PER_MONEY``;
- ``pay``: money per week (hourly pay times hours plus weekly pay), in
  ``UNITS_PER_MONEY`` (rates to the cent per hour);
- ``relevance`` and ``growth``: relevance- or growth-weighted hours per week
  (the sum of hours times relevance over the chosen gigs), each quality taken
  to ``1/STEPS``;
- ``hours``: gig hours per week, where fewer is better: its coefficients are
  minus the minutes, so that every criterion is maximized;
- ``conversion``: the sum of the chosen gigs' conversion (each to ``1/STEPS``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from ..problem.ranges import WEEK_HOURS

if TYPE_CHECKING:
    from ..problem.items import Weights
    from ..problem.table import GigTable
    from .prepare import Prepared

UNITS_PER_MONEY = 6000  #: value units per unit of money: a minute at whole cents per hour is whole units

STEPS = 1000  #: integer steps of a quality in [0, 1] (relevance, growth, conversion)
CRITERIA = ("value", "pay", "relevance", "hours", "growth", "conversion")
#: Units of each criterion per unit people read (per hour for the hour-weighted ones; hours: fewer is better).
SCALE = {"value": UNITS_PER_MONEY, "pay": UNITS_PER_MONEY, "relevance": 60 * STEPS, "hours": -60,
         "growth": 60 * STEPS, "conversion": STEPS}  # fmt: skip


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
        per_minute, flat = money_units(table.hourly_pay, table.flat_pay)
        return Coefficients(
            prepared.fixed_minutes * per_minute[prepared.fixed] + flat[prepared.fixed],
            grids * per_minute[rows],
            flat[rows],
        )
    if name in ("relevance", "growth"):  # per minute of work
        steps = np.rint(getattr(table, name) * STEPS).astype(np.int64)
        return Coefficients(
            prepared.fixed_minutes * steps[prepared.fixed],
            grids * steps[rows],
            np.zeros(len(flexible), np.int64),
        )
    if name == "conversion":  # once per gig taken
        steps = np.rint(table.conversion * STEPS).astype(np.int64)
        return Coefficients(steps[prepared.fixed], np.zeros(len(flexible), np.int64), steps[rows])
    raise ValueError(name)


def money_units(per_hour: Any, per_week: Any) -> tuple[Any, Any]:
    """Money per hour and per week as integer units per minute and per week (numbers or numpy arrays)."""
    if not isinstance(per_hour, np.ndarray):  # one gig: Python's round, which rounds half to even as np.rint does
        return round(per_hour * (UNITS_PER_MONEY // 60)), round(per_week * UNITS_PER_MONEY)
    per_minute = np.rint(np.multiply(per_hour, UNITS_PER_MONEY // 60)).astype(np.int64)
    return per_minute, np.rint(np.multiply(per_week, UNITS_PER_MONEY)).astype(np.int64)


def value_units(weights: Weights, table: GigTable, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The value of these gigs of a table (see :meth:`Weights.hourly_value`) as integer units per minute and
    per week's plan (a week's plan takes a gig once: its weekly and its once-taken value)."""
    hourly = weights.hourly_value(table.hourly_pay[rows], table.relevance[rows], table.growth[rows])
    weekly = weights.weekly_value(table.flat_pay[rows], table.mentor[rows])
    weekly = weekly + weights.taken_value(table.conversion[rows])
    return money_units(hourly, weekly)


@overload
def cap_minutes(hours: float, weeks: int = 1) -> int: ...
@overload
def cap_minutes(hours: None, weeks: int = 1) -> None: ...
@overload
def cap_minutes(hours: float | None, weeks: int = 1) -> int | None: ...
def cap_minutes(hours: float | None, weeks: int = 1) -> int | None:
    """A cap in hours as whole minutes (None for no cap): the most minutes that keep it.

    ``floor(hours * 60)``, with a little slack so that ``17.35`` h (1040.9999... in
    floating point) is 1041 minutes. Every cap of the models and the reasons is
    turned into minutes here. A cap of a week or more cannot bind (nothing
    overlaps, so a week holds at most its 10,080 minutes): it is a week, so
    that ``max_hours = 1e308`` means no cap. A cap over ``weeks`` weeks (a
    fortnight's) is cut at that many weeks.
    """
    return None if hours is None else math.floor(min(hours, weeks * WEEK_HOURS) * 60 + 1e-9)


def more_is_better(name: str) -> bool:
    """Whether a higher total of criterion ``name`` is better (all but ``hours``)."""
    return SCALE[name] > 0
