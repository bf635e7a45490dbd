"""The solver-free placement: long daytime blocks when it can, and the CP-SAT model when it cannot."""

import numpy as np
from checker import assert_plan_is_feasible

import stacker
from stacker import Gig, Problem
from stacker.cpsat import placement
from stacker.cpsat.greedy import _longest_runs, _runs_without_scraps, greedy_place
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


def test_block_sizes_that_leave_no_scraps():
    # two office-hours gigs sharing runs of 4, 5, 4, 5 and 10 half-hours (a generated week)
    runs = [(24, 4), (77, 5), (120, 4), (173, 5), (216, 10)]
    assert _longest_runs(runs, 12, 4) == [0, 4, 0, 0, 8]  # leaves scraps of 1 and 2 half-hours
    sizes = _runs_without_scraps(runs, 12, 4)
    assert sum(sizes) == 12 and all(s == 0 or s >= 4 for s in sizes)
    assert all(length - s == 0 or length - s >= 4 for (_, length), s in zip(runs, sizes) if s)
    assert _runs_without_scraps(runs, 3, 4) is None


def test_the_model_places_what_the_greedy_does_not(monkeypatch):
    problem = Problem(
        gigs=[
            Gig("a", pay_rate=20, hours=2, min_block=120, windows=["Mon 09:00-12:00"]),
            Gig("b", pay_rate=20, hours=1, windows=["Mon 10:00-11:00", "Tue 10:00-11:00"]),
        ]
    )
    monkeypatch.setattr(placement, "greedy_place", lambda *args: None)  # the CP-SAT placement decides
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
