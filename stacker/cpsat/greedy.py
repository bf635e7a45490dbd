"""A quick placement without a solver: long daytime blocks first.

The master decides how many grid steps each flexible gig gets; this tries
to place them the way a person would: one gig at a time (the one with the
least free time first), each in as few blocks as it can, in the longest free
runs of its usable cells, daytime (07:00-22:00) before night, every block at
least ``min_block`` long and every daily cap kept, clear of the travel zones
of what is placed at other places. It either returns a valid
placement or gives up (None), and then the CP-SAT placement model decides
(:mod:`stacker.cpsat.placement`), so giving up never costs exactness.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..presolve.prepare import Prepared
from ..problem.geometry import cell_minutes, circular_runs
from ..problem.week import DAY, WEEK

DAYTIME = (7 * 60, 22 * 60)  #: minutes of the day both placements prefer for gig work (07:00-22:00)

# Block sizes per run (0: unused) for free runs ``(first cell, length)``, ``need`` and ``block``; None: no way.
Pick = Callable[[list[tuple[int, int]], int, int], list[int] | None]


def greedy_place(prepared: Prepared, fixed: np.ndarray, steps: dict[int, int]) -> dict[int, np.ndarray] | None:
    """Cells for ``steps[f]`` grid steps of each flexible gig ``f``, or None if this simple way fails.

    First each gig takes the longest runs; if that fails, each gig picks
    block sizes that leave no unusable scraps (:func:`_runs_without_scraps`).
    """
    for pick in (_longest_runs, _runs_without_scraps):
        placed = _place(prepared, fixed, steps, pick)
        if placed is not None:
            return placed
    return None


def _place(prepared: Prepared, fixed: np.ndarray, steps: dict[int, int], pick: Pick) -> dict[int, np.ndarray] | None:
    blocked = prepared.taken_minutes(fixed)
    travel = prepared.travel
    by_place = prepared.fixed_by_place(fixed)  # what is at each place, for the travel zones
    room = prepared.day_room(fixed)
    out: dict[int, np.ndarray] = {}
    for f in sorted(steps, key=lambda f: (len(prepared.flexible[f].cells), f)):
        flex = prepared.flexible[f]
        cells = _fill(flex.free_cells(blocked | travel.zones(by_place, flex.place)), steps[f], flex.block,
                      flex.grid, room, pick)  # fmt: skip
        if cells is None:
            return None
        out[f] = cells
        minutes = cell_minutes(cells, flex.grid)
        blocked |= minutes
        if flex.place >= 0:
            by_place[flex.place] |= minutes
        if room is not None:
            room = room - np.bincount(cells * flex.grid // DAY, minlength=7) * flex.grid
    return out


def _fill(free: np.ndarray, need: int, block: int, grid: int, room: np.ndarray | None, pick: Pick) -> np.ndarray | None:
    """``need`` of the ``free`` cells in blocks of at least ``block``: daytime runs if they suffice, else any."""
    per_week = WEEK // grid
    mask = np.zeros(per_week, dtype=bool)
    mask[free] = True
    minute = np.arange(per_week) * grid % DAY
    daytime = mask & (minute >= DAYTIME[0]) & (minute < DAYTIME[1])
    for allowed in (daytime, mask):
        runs = circular_runs(allowed) if room is None else _by_day(circular_runs(allowed), grid, room)
        runs = [run for run in runs if run[1] >= block]
        sizes = pick(runs, need, block)
        if sizes is None:
            continue
        blocks = [(first + np.arange(size)) % per_week for (first, _), size in zip(runs, sizes) if size]
        cells = np.sort(np.concatenate(blocks))
        if room is None or (np.bincount(cells * grid // DAY, minlength=7) * grid <= room).all():
            return cells
    return None


def _by_day(runs: list[tuple[int, int]], grid: int, room: np.ndarray) -> list[tuple[int, int]]:
    """Runs cut at midnights, each piece no longer than its day's room under the daily cap."""
    per_day = DAY // grid
    out = []
    for first, length in runs:
        while length:
            piece = min(length, per_day - first % per_day)
            day = first // per_day % 7
            out.append((first, min(piece, max(int(room[day]) // grid, 0))))
            first, length = (first + piece) % (7 * per_day), length - piece
    return out


def _longest_runs(runs: list[tuple[int, int]], need: int, block: int) -> list[int] | None:
    """Block sizes per run (0: unused), filling the longest runs first."""
    sizes = [0] * len(runs)
    for k in sorted(range(len(runs)), key=lambda k: (-runs[k][1], runs[k][0])):
        if need == 0:
            break
        length = runs[k][1]
        size = need if length >= need else min(length, need - block)  # never leave less than a block
        if size >= block:
            sizes[k] = size
            need -= size
    return None if need else sizes


def _runs_without_scraps(runs: list[tuple[int, int]], need: int, block: int) -> list[int] | None:
    """Block sizes per run (0: unused) summing to ``need`` that leave the fewest minutes in scraps.

    A scrap is what a block leaves of its run when that is shorter than a
    block (no other gig with this block could use it); then fewest blocks.
    A small knapsack over the runs: ``best[t]`` = (scraps, blocks, sizes).
    """
    best: dict[int, tuple[int, int, list[int]]] = {0: (0, 0, [])}
    for _, length in runs:
        step: dict[int, tuple[int, int, list[int]]] = {}
        for total, (scraps, count, sizes) in best.items():
            options = [0, *range(block, min(length, need - total) + 1)]
            for size in options:
                rest = length - size
                entry = (scraps + (rest if size and rest < block else 0), count + bool(size), [*sizes, size])
                key = total + size
                if key not in step or entry[:2] < step[key][:2]:
                    step[key] = entry
        best = step
    return best[need][2] if need in best else None
