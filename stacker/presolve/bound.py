"""Fixed gigs worth too little for a plan of the most value: each against a plan found greedily.

Beside a fixed gig ``g`` (``u_g`` value units, ``m_g`` minutes), a plan
takes gigs of at most ``cap - m_g`` minutes (``cap``: the weekly minutes of
gig work), each worth at most ``d`` per minute (the most value per minute of
any fixed candidate, or 0). So a plan with ``g`` is worth at most
``u_g + d (cap - m_g)``, and when that is less than the value of a plan found
without ``g``, no plan of the most value takes ``g``: it is dropped. Strictly
less, so the tie-break toward fewer hours among plans of equal value is kept.

The plan is found greedily (:func:`greedy_units`): the fixed candidates in
order of value per minute, each taken when it keeps clear of those taken
(no overlap, the travel gaps, the weekly and daily caps, the rules'
``max_gigs``). Like the dominance (:mod:`stacker.presolve.dominance`), this
holds for the value objective with fixed gigs only, no required gigs and no
minimums: :func:`stacker.presolve.prepare` applies both under the same
conditions. On a large pool the gigs of most value per minute fill the
week almost as well as the best plan, and most gigs are worth too little:
on the generated 10^5 pool, 40,000 of 45,000 fixed candidates, before the
twins and the dominance (which then compare the 5,000 left).
"""

from __future__ import annotations

import numpy as np

from ..problem.week import WEEK
from .travel import REMOTE, Travel

TRIES = 4096  #: candidates the greedy plan looks at, at most (in order of value per minute)


def worth_too_little(units: np.ndarray, minutes: np.ndarray, cap: int, found: int) -> np.ndarray:
    """Which fixed candidates no plan worth ``found`` or more can take (see the module docstring).

    Floating point with a margin (a unit, and a billionth), so that rounding never drops a gig it should not.
    """
    if not len(units):
        return np.zeros(0, dtype=bool)
    density = max(float((units / np.maximum(minutes, 1)).max()), 0.0)
    most = units + density * (cap - minutes)
    return most + np.abs(most) * 1e-9 + 1 < found


def greedy_units(
    pieces: np.ndarray,
    units: np.ndarray,
    day_minutes: np.ndarray,
    place: np.ndarray,
    travel: Travel,
    cap: int,
    day_caps: np.ndarray | None,
    max_gigs: int | None,
) -> int:
    """The value of a plan of fixed candidates taken greedily, in order of value per minute (0: the empty plan).

    ``pieces`` are rows ``(start, end, candidate)`` in ``[0, WEEK)``, ``place``
    each candidate's place code. A candidate is taken when none of its
    minutes is blocked for its place: the minutes of those taken, grown by
    the travel between the two places (:meth:`~stacker.presolve.travel.Travel.zones`),
    and when the caps and ``max_gigs`` still hold. Looks at ``TRIES`` candidates at most.
    """
    minutes = day_minutes.sum(axis=1)
    worth = np.flatnonzero(units > 0)
    if not len(worth) or max_gigs == 0:
        return 0
    order = worth[np.lexsort((worth, -units[worth] / np.maximum(minutes[worth], 1)))][:TRIES]
    rank = np.full(len(units), len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    mine = pieces[rank[pieces[:, 2]] < len(order)]  # the pieces of the candidates looked at only
    mine = mine[np.argsort(rank[mine[:, 2]], kind="stable")]
    bounds = np.searchsorted(rank[mine[:, 2]], np.arange(len(order) + 1))
    spans = mine[:, :2].tolist()
    count = len(travel.places)
    gap = np.zeros((count + 1, count + 1), dtype=np.int64)  # the last row and column: remote, no travel
    gap[:count, :count] = travel.minutes
    row = np.where(place == REMOTE, count, place)
    blocked = np.zeros((count + 1, WEEK), dtype=bool)  # per place: the minutes an item there may not use
    used, used_day, value, taken = 0, np.zeros(7, dtype=np.int64), 0, 0
    shortest = int(minutes[order].min())
    for k, g in enumerate(order.tolist()):
        if cap - used < shortest or (max_gigs is not None and taken >= max_gigs):
            break
        if used + minutes[g] > cap or (day_caps is not None and (used_day + day_minutes[g] > day_caps).any()):
            continue
        own = spans[bounds[k] : bounds[k + 1]]
        here = row[g]
        if any(blocked[here, start:end].any() for start, end in own):
            continue
        for start, end in own:  # its zone for an item at each place (Travel.zones), the week wrapping
            for other in range(count + 1):
                blocked[other, np.arange(start - gap[other, here], end + gap[here, other]) % WEEK] = True
        used += int(minutes[g])
        used_day += day_minutes[g]
        value += int(units[g])
        taken += 1
    return value
