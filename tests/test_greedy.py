"""The solver-free placement: long daytime blocks when it can, and the CP-SAT model when it cannot."""

import numpy as np
from checker import assert_plan_is_feasible

import stacker
from stacker import Gig, Problem
from stacker.greedy import greedy_place
from stacker.presolve import prepare


def _steps(prepared, hours):
    return {
        f: round(hours[prepared.problem.gigs[flex.gig].id] * 60 / flex.grid) for f, flex in enumerate(prepared.flexible)
    }


def test_one_long_daytime_block():
    problem = Problem(gigs=[Gig("data", pay_rate=20, hours=4, windows=["Mon 05:00-12:00"])])
    prepared = prepare(problem)
    cells = greedy_place(prepared, np.zeros(0, bool), _steps(prepared, {"data": 4}))
    (placed,) = cells.values()
    assert placed.tolist() == list(range(14, 22))  # Mon 07:00-11:00: daytime, one block
    plan = stacker.solve(problem)
    assert [(b.start_time, b.end_time) for b in plan.blocks] == [("07:00", "11:00")]
    assert_plan_is_feasible(problem, plan)


def test_gives_up_where_the_model_succeeds():
    problem = Problem(
        gigs=[
            Gig("a", pay_rate=20, hours=2, min_block=120, windows=["Mon 09:00-12:00"]),
            Gig("b", pay_rate=20, hours=1, windows=["Mon 10:00-11:00", "Tue 10:00-11:00"]),
        ]
    )
    prepared = prepare(problem)
    # b (fewer cells) goes first, into Monday 10:00-11:00, which leaves a no 2-hour block
    assert greedy_place(prepared, np.zeros(0, bool), _steps(prepared, {"a": 2, "b": 1})) is None
    plan = stacker.solve(problem)
    assert plan.gig_ids == ["a", "b"]
    assert_plan_is_feasible(problem, plan)
    assert [b.day for b in plan.blocks if b.id == "b"] == ["Tue"]


def test_keeps_daily_caps():
    problem = Problem(
        gigs=[Gig("x", pay_rate=20, hours=6, windows=["Mon-Tue 08:00-18:00"])],
        limits=stacker.Limits(max_day_hours=4),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert sorted(b.hours for b in plan.blocks) == [2.0, 4.0]
