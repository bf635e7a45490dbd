"""The largest numbers stacker takes: what its integer model holds exactly.

The solver works in integers (see :mod:`stacker.presolve.units`): money is
counted in ``UNITS_PER_MONEY`` = 6,000 units (a minute at a whole cent per
hour is a whole unit), relevance in 1/1000 steps per minute, and a week has
10,080 minutes. A plan's objective adds these over every gig and may be
multiplied by the tie-break factor (at most the week's minutes + 1); CP-SAT
refuses a model whose sums could leave 64-bit integers. So that no input
that validates can overflow:

- every amount of money (``pay_rate``, ``weekly_pay``, ``relevance_value``,
  ``mentor_value``) is at most ``MAX_MONEY``;
- a gig's hours (``hours``, ``min_hours``, ``max_hours``) are at most a week
  (``WEEK_HOURS``), a project's ``total_hours`` at most a year
  (``YEAR_HOURS``), and its ``fee`` is money (at most ``MAX_MONEY``);
- the pool together, each gig at its most hours, is worth at most
  ``MAX_POOL_VALUE`` per week (value, which is at least pay): with both
  money criteria summed (a Pareto front) that is 1.2e17 units, under the
  2**60 the model keeps as its margin.

A cap of the week (``max_hours``, ``max_work_hours``) may be any number:
one of a week or more does not bind (see ``cap_minutes``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MAX_MONEY = 1e9  #: the most money per hour or per week one field may say
WEEK_HOURS = 168  #: the hours in a week: the most a gig's hours may say
YEAR_HOURS = 366 * 24  #: the hours in a (leap) year: the most a project's total_hours may say
MAX_POOL_VALUE = 1e13  #: the most all gigs together may be worth per week, each at its most hours


def shown(value: Any) -> str:
    """``repr(value)``, with a number of more than 20 digits cut to its first ones and its length."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[:6]}... ({len(digits)} digits)"
    return repr(value)


def pool_value(most_hours: np.ndarray | float, hourly_value: np.ndarray, weekly_value: np.ndarray) -> float:
    """The most the gigs could be worth per week together, each at its most hours (a float, never overflowing)."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(most_hours * hourly_value) + np.sum(weekly_value))
    return total if math.isfinite(total) else math.inf
