"""The masters of a market (``stacker.cpsat.market.Columns``) on random columns.

The integer master's optimum is checked against brute force over every
choice of one column (or none) per student; the linear master must bound
it, and the dive must give a choice within the openings worth at most it.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from stacker.cpsat.market import Columns


def _random_columns(seed: int) -> Columns:
    rng = random.Random(seed)
    gigs = rng.randint(2, 5)
    columns = Columns(np.array([rng.randint(1, 2) for _ in range(gigs)], dtype=np.int64), np.zeros(rng.randint(2, 5)))
    for s in range(len(columns.empty)):
        for _ in range(rng.randint(1, 4)):
            taken = tuple(sorted(rng.sample(range(gigs), rng.randint(0, min(2, gigs)))))
            columns.add(s, rng.randint(1, 50), taken)
    return columns


def _brute_force(columns: Columns) -> int:
    best = 0
    for pick in itertools.product(*[range(-1, len(v)) for v in columns.values]):
        used = np.zeros(len(columns.capacity), dtype=np.int64)
        for s, k in enumerate(pick):
            for g in columns.gigs[s][k] if k >= 0 else ():
                used[g] += 1
        if (used <= columns.capacity).all():
            best = max(best, sum(columns.values[s][k] for s, k in enumerate(pick) if k >= 0))
    return best


def _within_openings(columns: Columns, chosen: list[int]) -> bool:
    used = np.zeros(len(columns.capacity), dtype=np.int64)
    for s, k in enumerate(chosen):
        for g in columns.gigs[s][k] if k >= 0 else ():
            used[g] += 1
    return bool((used <= columns.capacity).all())


@pytest.mark.parametrize("seed", range(15))
def test_the_dive_is_a_choice_within_the_openings_and_the_masters_bound_it(seed):
    columns = _random_columns(seed)
    optimum = _brute_force(columns)
    value, _, _ = columns.relaxation()
    assert value >= optimum - 1e-6
    best = columns.best(time_limit=10, seed=0)
    assert best.proven and sum(best.values) == optimum
    dive = columns.dive()
    assert _within_openings(columns, dive.columns)
    assert dive.values == [columns.values[s][k] if k >= 0 else 0 for s, k in enumerate(dive.columns)]
    assert sum(dive.values) <= optimum


def test_the_dive_takes_an_integral_linear_master_as_it_is():
    columns = Columns(np.array([1, 1]), np.zeros(3))
    for s, (value, taken) in enumerate([(10, (0,)), (9, (1,)), (3, ())]):
        columns.add(s, value, taken)
    columns.add(1, 8, (0,))  # student 1 would rather not take gig 0 from student 0
    columns.relaxation()
    assert columns.dive().columns == [0, 0, 0]
