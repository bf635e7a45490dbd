"""Week geometry on arrays: intervals cut at midnights, minute masks, runs of free cells, interval cliques.

Shared by the presolve and the CP-SAT models; no solver types.
"""

from __future__ import annotations

import numpy as np

from .items import Gig, Shape
from .week import DAY, WEEK, pieces


def day_pieces(intervals: list[tuple[int, int, int]] | np.ndarray) -> np.ndarray:
    """Rows ``(start, end, owner)`` of intervals split at midnights (into ``[0, WEEK)``)."""
    arr = np.array(intervals, dtype=np.int64).reshape(-1, 3)
    start, end, owner = arr[:, 0], arr[:, 1], arr[:, 2]
    cut = (start // DAY + 1) * DAY
    first = np.column_stack([start, np.minimum(end, cut), owner])
    spill = end > cut
    second = np.column_stack([cut[spill] % WEEK, end[spill] - cut[spill] + cut[spill] % WEEK, owner[spill]])
    return np.concatenate([first, second])


def minute_mask(intervals: np.ndarray) -> np.ndarray:
    """A WEEK-long boolean array, True in every minute covered by a row ``(start, end)``."""
    marks = np.zeros(WEEK + 1, dtype=np.int64)
    np.add.at(marks, intervals[:, 0], 1)
    np.add.at(marks, intervals[:, 1], -1)
    return np.cumsum(marks[:-1]) > 0


def window_minutes(gig: Gig | Shape) -> np.ndarray:
    """A WEEK-long boolean array, True in the minutes of a flexible gig's windows (every minute without any)."""
    if not gig.window_intervals:
        return np.ones(WEEK, dtype=bool)
    return minute_mask(np.array([p for iv in gig.window_intervals for p in pieces(*iv)], dtype=np.int64))


def circular_runs(allowed: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True on the circular week as ``(first cell, length)``; a run may wrap."""
    firsts, lengths = run_bounds(allowed)
    return list(zip(firsts.tolist(), lengths.tolist()))


def run_bounds(allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`circular_runs` as two arrays, first cells and lengths (no Python loop)."""
    size = len(allowed)
    if allowed.all():
        return np.zeros(1, np.int64), np.full(1, size, np.int64)
    if not allowed.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    shift = int(np.argmin(allowed))  # the first False: rotate so that no run wraps
    rotated = np.concatenate((allowed[shift:], allowed[:shift]))
    edges = np.flatnonzero(np.diff(np.concatenate(([False], rotated, [False])).astype(np.int8)))
    starts, ends = edges[::2], edges[1::2]
    return ((starts + shift) % size).astype(np.int64), (ends - starts).astype(np.int64)


def drop_short_runs(allowed: np.ndarray, block: int) -> np.ndarray:
    """Clear runs of True (on the circular week) shorter than ``block`` cells."""
    firsts, lengths = run_bounds(allowed)
    long = lengths >= block
    if long.all():
        return allowed.copy()
    size = len(allowed)
    marks = np.zeros(2 * size + 1, dtype=np.int64)  # a run that wraps goes on past the end: folded back below
    np.add.at(marks, firsts[long], 1)
    np.add.at(marks, firsts[long] + lengths[long], -1)
    covered = np.cumsum(marks[:-1]) > 0
    return covered[:size] | covered[size:]


def reachable_totals(allowed: np.ndarray, block: int) -> str:
    """Which numbers of cells blocks of at least ``block`` cells can fill: character ``t`` is ``"1"`` if ``t`` can.

    A free run of ``L`` cells holds any total in ``{0} ∪ [block, L]`` (one
    block); the totals of the week are the sums over its runs, found with a
    bitset (bit ``t`` set when ``t`` cells are reachable).
    """
    return bin(run_totals([length for _, length in circular_runs(allowed)], block))[:1:-1]  # bit t is character t


def run_totals(lengths: list[int], block: int) -> int:
    """The totals of cells that blocks of at least ``block`` cells can fill in free runs of these lengths, as a bitset.

    Bit ``t`` is set when ``t`` cells are reachable: a run of ``L`` cells
    holds any total in ``{0} ∪ [block, L]`` (one block; several blocks in
    one run hold less than ``L`` and so no other total).
    """
    reach = 1
    for length in lengths:
        if length >= block:
            grown = reach
            for size in range(block, length + 1):
                grown |= reach << size
            reach = grown
    return reach


def cell_minutes(cells: np.ndarray, grid: int) -> np.ndarray:
    """A WEEK-long boolean array, True in the minutes of the given grid cells."""
    mask = np.zeros((WEEK // grid, grid), dtype=bool)
    mask[cells] = True
    return mask.reshape(-1)


def interval_cliques(starts: np.ndarray, ends: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximal sets of intervals that share a point, by a vectorized sweep line.

    Intervals are half-open ``[start, end)``. A maximal clique of an interval
    graph is the set of intervals covering some start point ``t`` such that an
    interval ends after ``t`` and no later than the next start point (else the
    next start point's set contains it: :func:`clique_points`). Each interval
    belongs to a contiguous run of the sorted clique points
    (:func:`point_cover`), so the members are produced without any
    per-interval Python loop.

    Returns
    -------
    (offsets, members)
        Clique ``k`` is ``members[offsets[k]:offsets[k + 1]]`` (owners, sorted),
        only cliques with at least two distinct owners.
    """
    if len(starts) == 0:
        return np.zeros(1, np.int64), np.zeros(0, np.int64)
    points = clique_points(starts, ends)
    member_point, member_owner = point_cover(points, starts, ends, owners)
    key = np.sort(member_point * (int(owners.max()) + 1) + member_owner)  # by point, then owner: one sort key
    keep = np.ones(len(key), dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    member_point, member_owner = np.divmod(key[keep], int(owners.max()) + 1)
    sizes = np.bincount(member_point, minlength=len(points))
    big = sizes >= 2
    take = big[member_point]
    offsets = np.concatenate(([0], np.cumsum(sizes[big])))
    return offsets.astype(np.int64), member_owner[take].astype(np.int64)


def clique_points(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The points of the maximal cliques of half-open intervals ``[start, end)``, sorted.

    A start point ``t`` such that some interval ends after ``t`` and no later
    than the next start point: the intervals covering it are a maximal set
    sharing a point, and every maximal set is that of one such point.
    """
    points = np.unique(starts)
    sorted_ends = np.sort(ends)
    next_points = np.append(points[1:], np.iinfo(np.int64).max)
    ending = np.searchsorted(sorted_ends, next_points, "right") - np.searchsorted(sorted_ends, points, "right")
    return points[ending > 0]


def point_cover(
    points: np.ndarray, starts: np.ndarray, ends: np.ndarray, owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(k, owner)``: interval ``[start, end)`` covers ``points[k]`` (sorted points), grouped by interval."""
    first = np.searchsorted(points, starts, "left")
    counts = np.searchsorted(points, ends, "left") - first  # the points in [start, end): a contiguous run
    member_owner = np.repeat(owners, counts)
    member_point = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    return member_point, member_owner
