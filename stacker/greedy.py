"""A quick placement without a solver: long daytime blocks first.

The master decides how many grid steps each flexible gig gets; this tries
to place them the way a person would: one gig at a time (the one with the
least free time first), each in as few blocks as it can, in the longest free
runs of its usable cells, daytime (07:00-22:00) before night, every block at
least ``min_block`` long and every daily cap kept. It either returns a valid
placement or gives up (None), and then the CP-SAT placement model decides
(:mod:`stacker.cpsat.placement`), so giving up never costs exactness.
"""

from __future__ import annotations

import numpy as np

from .presolve import Prepared, cell_minutes, circular_runs, minute_mask
from .week import DAY, WEEK

DAYTIME = (7 * 60, 22 * 60)


def greedy_place(prepared: Prepared, fixed: np.ndarray, steps: dict[int, int]) -> dict[int, np.ndarray] | None:
    """Cells for ``steps[f]`` grid steps of each flexible gig ``f``, or None if this simple way fails."""
    taken = fixed.astype(bool)
    pieces = prepared.fixed_pieces
    blocked = minute_mask(pieces[taken[pieces[:, 2]], :2])
    room = None
    if prepared.day_caps is not None:
        room = prepared.day_caps - prepared.fixed_day_minutes[taken].sum(axis=0)
    out: dict[int, np.ndarray] = {}
    for f in sorted(steps, key=lambda f: (len(prepared.flexible[f].cells), f)):
        flex = prepared.flexible[f]
        free = flex.cells[~blocked.reshape(-1, flex.grid)[flex.cells].any(axis=1)]
        cells = _fill(free, steps[f], flex.block, flex.grid, room)
        if cells is None:
            return None
        out[f] = cells
        blocked |= cell_minutes(cells, flex.grid)
        if room is not None:
            room = room - np.bincount(cells * flex.grid // DAY, minlength=7) * flex.grid
    return out


def _fill(free: np.ndarray, need: int, block: int, grid: int, room: np.ndarray | None) -> np.ndarray | None:
    """``need`` of the ``free`` cells in blocks of at least ``block``: daytime runs if they suffice, else any."""
    per_week = WEEK // grid
    mask = np.zeros(per_week, dtype=bool)
    mask[free] = True
    minute = np.arange(per_week) * grid % DAY
    daytime = mask & (minute >= DAYTIME[0]) & (minute < DAYTIME[1])
    for allowed in (daytime, mask):
        cells = _fill_runs(allowed, need, block, grid, room)
        if cells is not None:
            return cells
    return None


def _fill_runs(allowed: np.ndarray, need: int, block: int, grid: int, room: np.ndarray | None) -> np.ndarray | None:
    per_week = len(allowed)
    left = None if room is None else room.copy()
    chosen = []
    for first, length in sorted(circular_runs(allowed), key=lambda run: (-run[1], run[0])):
        if need == 0:
            break
        size = need if length >= need else min(length, need - block)  # never leave less than a block
        if size < block:
            continue
        cells = (first + np.arange(size)) % per_week
        if left is not None:
            used = np.bincount(cells * grid // DAY, minlength=7) * grid
            if (used > left).any():
                continue
            left -= used
        chosen.append(cells)
        need -= size
    if need:
        return None
    return np.sort(np.concatenate(chosen))
