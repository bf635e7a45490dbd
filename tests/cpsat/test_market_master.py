"""The masters of a market (``stacker.cpsat.market.Columns``) on random columns.

The integer master's optimum is checked against brute force over every
choice of one column (or none) per student, also when it may choose only
among some columns (``Among``); the linear master must bound it.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from stacker.cpsat.market import Among, Columns


def _random_columns(seed: int) -> Columns:
    rng = random.Random(seed)
    gigs = rng.randint(2, 5)
    columns = Columns(np.array([rng.randint(1, 2) for _ in range(gigs)], dtype=np.int64), np.zeros(rng.randint(2, 5)))
    for s in range(len(columns.empty)):
        for _ in range(rng.randint(1, 4)):
            taken = tuple(sorted(rng.sample(range(gigs), rng.randint(0, min(2, gigs)))))
            columns.add(s, rng.randint(1, 50), taken)
    return columns


def _brute_force(columns: Columns, among: Among | None = None) -> int | None:
    """The most total value over every choice within the openings (and ``among``); None: no choice."""
    best = None
    options = [
        ([-1] if among is None or not among.one[s] else []) + (among.columns[s] if among else list(range(len(v))))
        for s, v in enumerate(columns.values)
    ]
    for pick in itertools.product(*options):
        if _within_openings(columns, list(pick)):
            value = sum(columns.values[s][k] for s, k in enumerate(pick) if k >= 0)
            best = value if best is None else max(best, value)
    return best


def _within_openings(columns: Columns, chosen: list[int]) -> bool:
    used = np.zeros(len(columns.capacity), dtype=np.int64)
    for s, k in enumerate(chosen):
        for g in columns.gigs[s][k] if k >= 0 else ():
            used[g] += 1
    return bool((used <= columns.capacity).all())


@pytest.mark.parametrize("seed", range(15))
def test_the_integer_master_is_the_best_choice_and_the_linear_master_bounds_it(seed):
    columns = _random_columns(seed)
    optimum = _brute_force(columns)
    value, _, _ = columns.relaxation()
    assert optimum is not None and value >= optimum - 1e-6
    best = columns.best(time_limit=10, seed=0)
    assert best.proven and sum(best.values) == optimum
    assert _within_openings(columns, best.columns)


@pytest.mark.parametrize("seed", range(15))
def test_the_integer_master_among_some_columns_is_the_best_choice_among_them(seed):
    columns = _random_columns(seed)
    rng = random.Random(seed)
    among = Among(
        [sorted(rng.sample(range(len(v)), rng.randint(0, len(v)))) for v in columns.values],
        [rng.random() < 0.5 for _ in columns.values],
    )
    optimum = _brute_force(columns, among)
    best = columns.best(time_limit=10, seed=0, among=among)
    if optimum is None:
        assert not best.found and best.proven
        return
    assert best.found and best.proven and sum(best.values) == optimum
    assert all(k in among.columns[s] or (k < 0 and not among.one[s]) for s, k in enumerate(best.columns))
    assert _within_openings(columns, best.columns)
