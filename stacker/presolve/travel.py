"""Travel time between places (the rules' ``travel``) as arrays: who is where, and the time each must keep free.

Two items at different places (their ``location``, not remote) keep at
least the travel minutes between the end of one and the start of the next
(:meth:`~stacker.problem.rules.Rules.travel_minutes`), across midnight and
the week's end alike (the week wraps). An item at place ``L`` keeps clear of
an item ``[s, e)`` at place ``M`` exactly when it lies outside
``[s - T[L, M], e + T[M, L])``: the item's *zone* for ``L``. So

- a fixed gig whose session meets a commitment's zone clashes with it
  (:func:`commitment_clashes`, excluded with the reason);
- two fixed gigs at ``L`` and ``M`` clash when ``[s, e + T[L, M])`` and
  ``[s', e' + T[M, L])`` overlap: every maximal set of such stretched
  sessions sharing a minute gives a *biclique* (no gig of its ``L`` side
  with one of its ``M`` side, :func:`fixed_bicliques`);
- flexible blocks stay out of the zones of what is at other places
  (:meth:`Travel.zones`; the placement adds the same between flexible gigs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..problem.geometry import clique_points, minute_mask, point_cover
from ..problem.items import place_of
from ..problem.problem import Problem
from ..problem.week import DAY, WEEK

REMOTE = -1  #: the place code of an item with no place (remote or no location)


@dataclass(frozen=True)
class Travel:
    """The places of a problem and the minutes between them: ``minutes[a, b]`` from ``places[a]`` to ``places[b]``."""

    places: tuple[str, ...]
    minutes: np.ndarray  # (P, P) integers, 0 on the diagonal

    @property
    def active(self) -> bool:
        """Whether any two places are apart (else travel changes nothing)."""
        return bool(self.minutes.any())

    @property
    def saving(self) -> int:
        """The most minutes going through a third place saves: ``max(T[a, c] - T[a, b] - T[b, c], 0)``.

        0 when the table is metric. An item at ``b`` of ``l`` minutes put
        between two items of a day at ``a`` and ``c`` changes the day's hours
        and counted travel (:func:`day_travel`) by ``l + T[a, b] + T[b, c] -
        T[a, c] >= l - saving``; an item first or last in its day only adds.
        So when no item is shorter than the saving, more items never lower a
        day's hours with their travel, and a choice that breaks a cap with
        its travel stays broken with more items.
        """
        m = self.minutes
        if not len(m):
            return 0
        return max(int((m[:, None, :] - m[:, :, None] - m[None, :, :]).max()), 0)

    def code(self, location: str | None) -> int:
        """The place code of a ``location`` (``REMOTE`` for none or remote)."""
        place = place_of(location)
        return REMOTE if place is None else self.places.index(place)

    def codes(self, locations: list | None, count: int) -> np.ndarray:
        """Place codes of ``count`` items with these locations (None: none has one)."""
        if locations is None or not self.places:
            return np.full(count, REMOTE, dtype=np.int64)
        index = {place: k for k, place in enumerate(self.places)}
        code = {loc: index.get(place_of(loc) or "", REMOTE) for loc in dict.fromkeys(locations)}  # each text once
        return np.fromiter(map(code.__getitem__, locations), dtype=np.int64, count=len(locations))

    def zones(self, busy: np.ndarray, place: int) -> np.ndarray:
        """The minutes an item at ``place`` may not use beside what is at each place (``busy``, (P, WEEK) masks).

        The items at another place ``M``, stretched by the travel to them
        before and from them after; none for a remote item.
        """
        out = np.zeros(WEEK, dtype=bool)
        if place == REMOTE:
            return out
        for other in range(len(self.places)):
            if other != place and busy[other].any():
                out |= dilate(busy[other], int(self.minutes[place, other]), int(self.minutes[other, place]))
        return out


def travel_of(problem: Problem) -> Travel:
    """The problem's places (those its items use) and the rules' minutes between them."""
    places = problem.places
    rules = problem.rules
    minutes = np.array([[rules.travel_minutes(a, b) for b in places] for a in places], dtype=np.int64)
    return Travel(places, minutes.reshape(len(places), len(places)))


def day_travel(rows: np.ndarray, travel: Travel) -> np.ndarray:
    """(7,) travel minutes per day that count (``rules.travel_counts``) between items ``(start, end, place)``.

    ``rows`` are day pieces (split at midnight, in ``[0, WEEK)``, none
    overlapping); on a term's timeline (:mod:`.term`), one entry per day up
    to the last day with a piece. On each day, between two consecutive pieces at different
    places (remote pieces skipped), the travel minutes from the earlier place
    to the later: the plan's travel blocks, on the day they fall on (a piece
    of an item from the day before counts as where the day starts, so the
    travel after a block past midnight counts on the day it ends).
    """
    rows = rows[rows[:, 2] != REMOTE]
    out = np.zeros(7, dtype=np.int64)
    if len(rows) < 2:
        return out
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    day = rows[:, 0] // DAY
    legs = travel.minutes[rows[:-1, 2], rows[1:, 2]] * (day[1:] == day[:-1])
    return np.bincount(day[1:], weights=legs, minlength=7).astype(np.int64)


def dilate(mask: np.ndarray, before: int, after: int) -> np.ndarray:
    """A WEEK-long mask grown ``before`` minutes earlier and ``after`` later around each run (the week wraps).

    Minute ``m`` is set when some set minute ``x`` has ``x - before <= m <= x + after``.
    """
    if not before and not after:
        return mask.copy()
    tripled = np.concatenate((mask, mask, mask)).astype(np.int64)
    prefix = np.concatenate(([0], np.cumsum(tripled)))
    m = np.arange(WEEK) + WEEK
    return prefix[m + before + 1] - prefix[m - after] > 0


def stretched(rows: np.ndarray, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Rows ``(start - before, end + after, owner)`` put back into ``[0, WEEK)`` (split at the week's end)."""
    start, end = rows[:, 0] - before, rows[:, 1] + after
    shift = np.floor_divide(start, WEEK) * WEEK
    start, end = start - shift, end - shift
    inside = np.column_stack([start, np.minimum(end, WEEK), rows[:, 2]])
    spill = end > WEEK
    wrapped = np.column_stack([np.zeros(spill.sum(), dtype=np.int64), end[spill] - WEEK, rows[spill, 2]])
    return np.concatenate([inside, wrapped]).astype(np.int64)


def commitment_clashes(
    problem: Problem, travel: Travel, sessions: np.ndarray, gig_place: np.ndarray, candidates: np.ndarray
) -> dict[int, str]:
    """The fixed gigs (rows of ``candidates``) too close to a commitment at another place, with the reason.

    ``sessions`` are rows ``(start, end, gig)`` of every fixed gig; a gig
    overlapping a commitment is not in ``candidates`` (it clashes anyway).
    """
    out: dict[int, str] = {}
    if not travel.active:
        return out
    keep = candidates[sessions[:, 2]] & (gig_place[sessions[:, 2]] != REMOTE)
    rows = sessions[keep]
    if not len(rows):
        return out
    ids = problem.table.ids
    spans = [
        (start, end, where, number)
        for number, commitment in enumerate(problem.commitments)
        if (where := travel.code(commitment.location)) != REMOTE
        for start, end in commitment.intervals
    ]
    if not spans:
        return out
    span, row = _near(rows, np.array(spans, dtype=np.int64), travel)  # in the order of the spans, then the rows
    start, end, where, number = np.array(spans, dtype=np.int64)[span].T
    where_of = {number: where for _, _, where, number in spans}  # each commitment's place code
    place = gig_place[rows[row, 2]]
    need_before = travel.minutes[place, where]  # the gig, then the commitment
    need_after = travel.minutes[where, place]  # the commitment, then the gig
    # the gig's session [s, e) against [start, end): the week wraps, so both ways round
    after = (rows[row, 0] - end) % WEEK  # from the commitment's end to the gig's start
    before = (start - rows[row, 1]) % WEEK  # from the gig's end to the commitment's start
    first = after < need_after
    close = np.flatnonzero((place != where) & (first | (before < need_before)))
    if not len(close):
        return out
    need = np.where(first, need_after, need_before)[close]
    gap = np.where(first, after, before)[close]
    found = np.column_stack([rows[row[close], 2], need, gap, first[close], number[close]])
    _, one = np.unique(found[:, 0], return_index=True)  # each gig's first hit, in the order found
    for gig, need, gap, first, number in found[np.sort(one)].tolist():
        commitment = problem.commitments[number]
        here, there = travel.places[gig_place[gig]], travel.places[where_of[number]]
        if first:
            out[gig] = gap_reason(need, there, here, gap, commitment.id, ids[gig])
        else:
            out[gig] = gap_reason(need, here, there, gap, ids[gig], commitment.id)
    return out


def _near(rows: np.ndarray, spans: np.ndarray, travel: Travel) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(span, row)``, sorted: the rows ``(start, end, gig)`` that may be too close to a commitment's span.

    ``spans`` are rows ``(start, end, place, commitment)``. A row may be when it
    starts within the longest travel from the span's place after the span's
    end, or ends within the longest travel to it before its start (the week
    wraps): all others are far enough whatever their place. Vectorized over
    the spans, so a large pool looks at the few rows near each class only.
    """
    after = travel.minutes[spans[:, 2]].max(axis=1)  # the longest travel from the span's place
    before = travel.minutes[:, spans[:, 2]].max(axis=0)  # the longest travel to it
    pairs = [
        _within(rows[:, 0], spans[:, 1], after),  # starting in [end, end + after)
        _within(rows[:, 1] % WEEK, spans[:, 0] - before + 1, before),  # ending in (start - before, start]
    ]
    key = np.unique(np.concatenate([k * len(rows) + r for k, r in pairs]))
    return np.divmod(key, len(rows))


def _within(minutes: np.ndarray, lo: np.ndarray, width: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(k, i)`` with ``minutes[i]`` (in ``[0, WEEK)``) in ``[lo[k], lo[k] + width[k])``, mod WEEK."""
    order = np.argsort(minutes.astype(np.int16), kind="stable")  # minutes of the week fit 16 bits: a radix sort
    values = minutes[order]
    lo = lo % WEEK
    hi = lo + width
    firsts = np.concatenate([np.searchsorted(values, lo), np.zeros(len(lo), dtype=np.int64)])
    lasts = np.concatenate([np.searchsorted(values, np.minimum(hi, WEEK)), np.searchsorted(values, hi - WEEK)])
    counts = np.maximum(lasts - firsts, 0)
    window = np.repeat(np.concatenate([np.arange(len(lo))] * 2), counts)
    position = np.repeat(firsts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    return window, order[position]


def commitment_travel_reasons(problem: Problem) -> list[str]:
    """Why two commitments at different places cannot both be kept: too little time to travel between them.

    Like two commitments that overlap, this makes the problem infeasible
    (every plan keeps every commitment).
    """
    travel = travel_of(problem)
    if not travel.active:
        return []
    sessions = [
        (travel.code(c.location), start, end, c.id)
        for c in problem.commitments
        if travel.code(c.location) != REMOTE
        for start, end in c.intervals
    ]
    reasons = []
    for here, _, end, first in sessions:
        for there, start, _, second in sessions:
            need, gap = int(travel.minutes[here, there]), (start - end) % WEEK
            if here != there and gap < need:
                reasons.append(gap_reason(need, travel.places[here], travel.places[there], gap, first, second))
    return reasons


def gap_reason(need: int, origin: str, destination: str, gap: int, first: str, second: str) -> str:
    """``"35 min from campus to downtown needed, 15 min between MATH 201 and tutor"``."""
    return f"{need} min from {origin} to {destination} needed, {gap} min between {first} and {second}"


def fixed_bicliques(pieces: np.ndarray, place: np.ndarray, travel: Travel) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sets ``(A, B)`` of fixed candidates at two places such that no gig of ``A`` can be taken with one of ``B``.

    ``pieces`` are rows ``(start, end, candidate)``, ``place`` each
    candidate's place code: the sets of :func:`travel_sets`, each cut into
    its two places' sides (``A`` at the lower place code), without repeats.
    Every pair of candidates too close for travel is in one of them.
    """
    sets, members, low = travel_sets(pieces, place, travel)
    if not len(members):
        return []
    width = len(place) + 1
    key = np.sort(sets * width + members)  # by set, then candidate (np.unique hashes: 50x slower on 10^5s)
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]  # each once
    sets, members = np.divmod(key, width)
    bounds = np.flatnonzero(np.diff(sets)) + 1
    out: list[tuple[np.ndarray, np.ndarray]] = []
    seen: set[tuple[bytes, bytes]] = set()
    for k, clique in zip(sets[np.concatenate(([0], bounds))].tolist(), np.split(members, bounds)):
        side = place[clique] == low[k]
        left, right = clique[side], clique[~side]
        pair = (left.tobytes(), right.tobytes())
        if pair not in seen:
            seen.add(pair)
            out.append((left, right))
    return out


def travel_sets(pieces: np.ndarray, place: np.ndarray, travel: Travel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sets of fixed candidates at two places, every one of one place too close for travel to every one of the other.

    ``pieces`` are rows ``(start, end, candidate)``, ``place`` each
    candidate's place code. For each two places ``L``, ``M`` apart, the
    sessions at ``L`` stretched by ``T[L, M]`` after their end and those at
    ``M`` by ``T[M, L]``: two of them overlap exactly when the gigs cannot
    keep the travel gap (or overlap), and each maximal set sharing a minute
    (a clique of the stretched interval graph, :func:`~stacker.problem.geometry.clique_points`)
    with gigs at both places has every ``L`` gig clash with every ``M`` gig.
    Every clashing pair is in some such set.

    Returns ``(sets, members, low)``: pairs ``(set, candidate)``, grouped by
    set (a candidate may come more than once), and each set's lower place
    code. As pairs, without sorting each set: :mod:`stacker.presolve.dominance`
    needs only which sets hold each gig.
    """
    sets, members = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    low: list[int] = []  # per set
    count = len(travel.places)
    where = place[pieces[:, 2]] if len(pieces) else np.zeros(0, dtype=np.int64)
    for a in range(count):
        for b in range(a + 1, count):
            if not travel.minutes[a, b] and not travel.minutes[b, a]:
                continue  # no gap between them: the overlap cliques are enough
            rows_a, rows_b = pieces[where == a], pieces[where == b]
            if not len(rows_a) or not len(rows_b):
                continue
            zero_a, zero_b = np.zeros(len(rows_a), np.int64), np.zeros(len(rows_b), np.int64)
            ours = stretched(rows_a, zero_a, zero_a + travel.minutes[a, b])
            theirs = stretched(rows_b, zero_b, zero_b + travel.minutes[b, a])
            both = np.concatenate([ours, theirs])
            points = clique_points(both[:, 0], both[:, 1])
            points = points[_covered(points, ours) & _covered(points, theirs)]  # with gigs of both places
            point, member = point_cover(points, both[:, 0], both[:, 1], both[:, 2])
            sets.append(point + len(low))
            members.append(member)
            low += [a] * len(points)
    return np.concatenate(sets), np.concatenate(members), np.array(low, dtype=np.int64)


def _covered(points: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether some row ``(start, end, ...)`` covers each point (``start <= point < end``)."""
    started = np.searchsorted(np.sort(rows[:, 0]), points, "right")
    ended = np.searchsorted(np.sort(rows[:, 1]), points, "right")
    return started > ended


def taken_by_place(pieces: np.ndarray, taken: np.ndarray, place: np.ndarray, count: int) -> np.ndarray:
    """(P, WEEK) masks: the minutes of the taken candidates (rows ``(start, end, candidate)``) at each place."""
    out = np.zeros((count, WEEK), dtype=bool)
    if not len(pieces):
        return out
    where = place[pieces[:, 2]]
    chosen = taken.astype(bool)[pieces[:, 2]]
    for p in range(count):
        rows = pieces[chosen & (where == p), :2]
        if len(rows):
            out[p] = minute_mask(rows)
    return out
