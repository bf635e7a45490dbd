"""The placement alone (stacker/cpsat/placement.py): put a chosen number of hours of each flexible gig into blocks
around the fixed gigs taken, with real solves. Every placement goes through the independent checker; impossible
choices worked out by hand must be reported impossible, and ``conflict`` must shrink one to a minimal part.
"""

from __future__ import annotations

import numpy as np
import pytest
from checker import assert_plan_is_feasible
from hypothesis import HealthCheck, assume, given, settings
from oracle import optimum
from parts import PARAMS, candidate_positions, placed_plan
from strategies import contested_problems, flexible_problems

from stacker import Gig, Limits, Problem, Weights
from stacker.cpsat import placement
from stacker.presolve import prepare

PARTS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
NO_WEIGHTS = Weights(relevance_value=0, mentor_value=0)


def _place(prepared, fixed, steps, *, model_only: bool, polish: bool = True):
    """``placement.place``; with ``model_only`` the greedy first try is switched off, so the CP-SAT model decides."""
    if not model_only:
        return placement.place(prepared, fixed, steps, params=PARAMS, time_limit=None, polish=polish)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(placement, "greedy_place", lambda *args: None)
        return placement.place(prepared, fixed, steps, params=PARAMS, time_limit=None, polish=polish)


def _check_placed(problem, prepared, fixed, steps, result) -> None:
    assert result.status == "placed", result
    assert set(result.cells) == set(steps)
    for f, h in steps.items():
        assert len(result.cells[f]) == h, (f, len(result.cells[f]), h)  # exactly the hours asked for
    assert_plan_is_feasible(problem, placed_plan(problem, prepared, fixed, result.cells))


def _oracle_choice_is_placed(problem) -> None:
    best = optimum(problem)
    assume(best is not None)
    prepared = prepare(problem, dominance=False)
    positions = candidate_positions(prepared, best.choice)
    assume(positions is not None and positions[1])  # every chosen gig a candidate, some flexible hours to place
    fixed, steps = positions
    for model_only in (False, True):
        for polish in (True, False):
            result = _place(prepared, fixed, steps, model_only=model_only, polish=polish)
            _check_placed(problem, prepared, fixed, steps, result)


@settings(PARTS, max_examples=15)
@given(flexible_problems())
def test_places_the_oracles_optimal_choice(problem):
    _oracle_choice_is_placed(problem)


@settings(PARTS, max_examples=15)
@given(contested_problems())
def test_places_the_oracles_optimal_choice_in_contested_windows(problem):
    _oracle_choice_is_placed(problem)


# 'a' 2 h in one block of >= 120 min in Mon 09:00-13:00; 'b' 2 h in one block in Mon 10:00-12:00, so 10:00-12:00
# exactly, which leaves 09:00-10:00 and 12:00-13:00 (1 h each) for 'a': together impossible, each alone fine.
# 'c' (Wed) and the fixed 'w' (Tue) have nothing to do with it.
SPLIT = Problem(
    gigs=[
        Gig("a", pay_rate=20, hours=2, min_block=120, windows=["Mon 09:00-13:00"]),
        Gig("b", pay_rate=15, hours=2, min_block=120, windows=["Mon 10:00-12:00"]),
        Gig("c", pay_rate=10, hours=1, windows=["Wed 09:00-12:00"]),
        Gig("w", pay_rate=10, sessions=["Tue 09:00-10:00"]),
    ],
    weights=NO_WEIGHTS,
)
# 'f' 2 h in one block in Mon 09:00-12:00; the fixed 'g' Mon 10:00-11:00 leaves 1 h + 1 h: impossible with 'g'.
CUT_BY_FIXED = Problem(
    gigs=[
        Gig("f", pay_rate=20, hours=2, min_block=120, windows=["Mon 09:00-12:00"]),
        Gig("g", pay_rate=30, sessions=["Mon 10:00-11:00"]),
    ],
    weights=NO_WEIGHTS,
)
# 'x' 2-4 h in Mon 08:00-18:00 under max_day_hours 4; once the fixed 'm' Mon 06:00-08:00 (2 h) is taken, room 2 h.
DAY_CAP = Problem(
    gigs=[
        Gig("x", pay_rate=20, min_hours=2, max_hours=4, windows=["Mon 08:00-18:00"]),
        Gig("m", pay_rate=10, sessions=["Mon 06:00-08:00"]),
    ],
    limits=Limits(max_day_hours=4),
    weights=NO_WEIGHTS,
)


def _positions(problem, fixed_ids, hours):
    prepared = prepare(problem, dominance=False)
    ids = [g.id for g in problem.gigs]
    fixed = np.array([ids[i] in fixed_ids for i in prepared.fixed], dtype=bool)
    steps = {
        f: round(hours[ids[fl.gig]] * 60 / fl.grid) for f, fl in enumerate(prepared.flexible) if ids[fl.gig] in hours
    }
    return prepared, fixed, steps


@pytest.mark.parametrize("model_only", [False, True], ids=["greedy first", "model only"])
@pytest.mark.parametrize(
    ("problem", "fixed_ids", "hours", "possible"),
    [
        (SPLIT, [], {"a": 2, "b": 2}, False),
        (SPLIT, ["w"], {"a": 2, "b": 2, "c": 1}, False),
        (SPLIT, ["w"], {"a": 2, "c": 1}, True),
        (SPLIT, [], {"b": 2, "c": 1}, True),
        (CUT_BY_FIXED, ["g"], {"f": 2}, False),
        (CUT_BY_FIXED, [], {"f": 2}, True),
        (DAY_CAP, ["m"], {"x": 3}, False),  # Monday: 2 h of 'm' + 3 h > 4 h
        (DAY_CAP, ["m"], {"x": 2}, True),
        (DAY_CAP, [], {"x": 4}, True),
    ],
    ids=["a+b", "a+b+c+w", "a+c+w", "b+c", "f+g", "f", "x3+m", "x2+m", "x4"],
)
def test_hand_made_choices(problem, fixed_ids, hours, possible, model_only):
    prepared, fixed, steps = _positions(problem, fixed_ids, hours)
    assert len(steps) == len(hours)
    result = _place(prepared, fixed, steps, model_only=model_only)
    if possible:
        _check_placed(problem, prepared, fixed, steps, result)
    else:
        assert result.status == "impossible" and result.cells == {}, result


@pytest.mark.parametrize(
    ("problem", "fixed_ids", "hours", "minimal"),
    [
        (SPLIT, ["w"], {"a": 2, "b": 2, "c": 1}, ([], {"a", "b"})),
        (CUT_BY_FIXED, ["g"], {"f": 2}, (["g"], {"f"})),
        (DAY_CAP, ["m"], {"x": 3}, (["m"], {"x"})),
    ],
    ids=["split", "cut by a fixed gig", "day cap"],
)
def test_conflict_is_a_minimal_part_that_cannot_be_placed(problem, fixed_ids, hours, minimal):
    prepared, fixed, steps = _positions(problem, fixed_ids, hours)
    ids = [g.id for g in problem.gigs]
    found = placement.conflict(prepared, fixed, steps, params=PARAMS, deadline=None)
    assert found is not None
    keep_fixed, keep_steps = found
    assert (
        [ids[prepared.fixed[i]] for i in keep_fixed],
        {ids[prepared.flexible[f].gig] for f in keep_steps},
    ) == minimal
    assert all(keep_steps[f] == steps[f] for f in keep_steps)  # the hours of the choice, unchanged

    def placeable(fixed_positions, some_steps) -> bool:
        taken = np.zeros(len(fixed), dtype=bool)
        taken[list(fixed_positions)] = True
        result = _place(prepared, taken, some_steps, model_only=True, polish=False)
        if result.status == "placed":
            _check_placed(problem, prepared, taken, some_steps, result)
        return result.status == "placed"

    assert not placeable(keep_fixed, keep_steps)
    for i in keep_fixed:  # dropping any member makes the rest placeable
        assert placeable([j for j in keep_fixed if j != i], keep_steps)
    for f in keep_steps:
        rest = {g: h for g, h in keep_steps.items() if g != f}
        assert not rest or placeable(keep_fixed, rest)
