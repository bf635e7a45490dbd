"""Fixed gigs that another fixed gig can always replace: dominance, vectorized.

A fixed gig ``A`` dominates a fixed gig ``B`` when

- ``A`` clashes with ``B``, and every gig that clashes with ``A`` clashes
  with ``B`` too: ``A`` is in some clique of overlapping sessions
  (:func:`stacker.presolve.interval_cliques`), and every clique that holds
  ``A`` also holds ``B``;
- ``A`` takes no more minutes than ``B`` on any day; and
- ``A`` is worth as much or more.

Then a plan that takes ``B`` (and so not ``A``) can take ``A`` instead:
nothing new overlaps (a gig in the plan that would clash with ``A`` clashes
with ``B``), every cap still holds, and the value does not drop, nor do the
hours rise. So no plan needs ``B`` and it is dropped. Of equivalent gigs (same cliques, same
day minutes, same value) the first in the problem dominates the others,
which makes dominance a strict order: every dropped gig has a kept gig that
dominates it.

This holds for fixed gigs among themselves. Flexible gigs are placed in the
minutes left free by the fixed gigs taken, which clique containment does not
compare, so :func:`stacker.presolve.prepare` applies it only when no
flexible gig is left.

Pairs are only tried where they can succeed: ``B`` must be in ``A``'s
smallest clique and ranked after ``A`` (more value first, then fewer
minutes, then fewer cliques, then the order of the problem: a gig that
dominates another always comes first). On a generated 100,000-gig pool with
7,691 fixed gigs left by then, that is 2.0 million pairs (4.7 million with
every member of the first clique), tried in about 0.1 s.
"""

from __future__ import annotations

import numpy as np


def dominators(
    offsets: np.ndarray,
    members: np.ndarray,
    units: np.ndarray,
    day_minutes: np.ndarray,
    group: np.ndarray | None = None,
    extra: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """For each gig, a gig that dominates it, or -1.

    Parameters
    ----------
    offsets, members
        The cliques: clique ``k`` is ``members[offsets[k]:offsets[k + 1]]``.
    units
        Value of each gig (any consistent integer units).
    day_minutes
        Minutes of each gig per day, shape ``(n, 7)``.
    group
        A gig only dominates gigs of its own group (its place, under travel); None: one group.
    extra
        More sets that a dominated gig must share with its dominator, as pairs ``(sets, members)``:
        gig ``members[j]`` is in set ``sets[j]`` (the travel sets, :func:`stacker.presolve.travel.travel_sets`);
        unlike the cliques, they need not make their members clash.

    Returns
    -------
    np.ndarray
        ``best[b]`` is the most valuable gig found to dominate ``b`` (ties:
        the first in the order given), or -1.
    """
    count = len(units)
    best = np.full(count, -1, dtype=np.int64)
    if count < 2:
        return best
    minutes = day_minutes.sum(axis=1)
    cliques = np.bincount(members, minlength=count)
    rank = np.empty(count, dtype=np.int64)
    rank[np.lexsort((np.arange(count), cliques, minutes, -units))] = np.arange(count)
    a, b = _candidate_pairs(*_split(offsets, members, group), rank)  # of one group each (_split's sets)
    keep = minutes[a] <= minutes[b]
    a, b = a[keep], b[keep]
    bits = _set_bits(np.repeat(np.arange(len(offsets) - 1), np.diff(offsets)), members, count)
    if extra is not None:
        bits = np.concatenate([bits, _set_bits(*extra, count)], axis=1)
    for word in range(bits.shape[1]):  # a word at a time, on the pairs still in: most fail in the first words
        inside = bits[a, word] & ~bits[b, word] == 0
        a, b = a[inside], b[inside]
    no_more = (day_minutes[a] <= day_minutes[b]).all(axis=1)
    a, b = a[no_more], b[no_more]
    order = np.lexsort((rank[a], b))  # per dominated gig, its best dominator first
    a, b = a[order], b[order]
    first = np.ones(len(b), dtype=bool)
    first[1:] = b[1:] != b[:-1]
    best[b[first]] = a[first]
    return best


def _split(offsets: np.ndarray, members: np.ndarray, group: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The cliques cut into one set per group (a dominator shares a group): fewer, shorter candidate lists."""
    if group is None:
        return offsets, members
    sizes = np.diff(offsets)
    clique_of = np.repeat(np.arange(len(sizes)), sizes)
    key = clique_of * (int(group.max()) + 2) + group[members] + 1
    order = np.argsort(key, kind="stable")
    key, members = key[order], members[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    return np.append(starts, len(members)).astype(np.int64), members


def _candidate_pairs(offsets: np.ndarray, members: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(a, b)``: ``b`` after ``a`` by ``rank`` in ``a``'s smallest clique.

    A gig can only dominate gigs ranked after it (more value first, then
    fewer minutes, then fewer cliques, then the order given), and only gigs
    in all its cliques.
    """
    count = len(rank)
    sizes = np.diff(offsets)
    clique_of = np.repeat(np.arange(len(sizes)), sizes)
    order = np.lexsort((rank[members], clique_of))  # members of each clique, best first
    members = members[order]
    key = sizes[clique_of] * len(sizes) + clique_of  # smallest clique first, ties by number
    first = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, members, key)
    leads = np.flatnonzero(first[members] == key)  # positions in members of each gig's smallest clique
    width = offsets[clique_of[leads] + 1] - leads - 1  # the members ranked after it
    small = members.astype(np.int32)  # millions of pairs: half the memory traffic of int64
    a = np.repeat(small[leads], width)
    starts = np.repeat((leads + 1 - np.cumsum(width) + width).astype(np.int32), width)
    starts += np.arange(int(width.sum()), dtype=np.int32)
    return a, small[starts]


def _set_bits(sets: np.ndarray, members: np.ndarray, count: int) -> np.ndarray:
    """Each gig's sets as a bitset, shape ``(count, words)``: gig ``members[j]`` is in set ``sets[j]``."""
    words = max((int(sets.max(initial=-1)) + 64) // 64, 1)
    bits = np.zeros((count, words), dtype=np.uint64)
    np.bitwise_or.at(bits, (members, sets // 64), np.left_shift(np.uint64(1), (sets % 64).astype(np.uint64)))
    return bits
