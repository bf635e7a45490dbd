"""The parameters of ``stacker.solve`` itself: a hint from another problem, and bad parameters."""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from problem_errors import error_of

import stacker
from stacker import Gig, Problem, ProblemError


def test_hint_from_another_problem_keeps_the_answer():
    problem = Problem(
        gigs=[Gig(f"g{i}", pay_rate=10 + i, sessions=[f"Mon {8 + i:02d}:00-{9 + i:02d}:30"]) for i in range(6)]
    )
    plan = stacker.solve(problem)
    other = problem.drop_gig("g5")
    hinted = stacker.solve(other, hint=plan)
    assert hinted.objective == pytest.approx(stacker.solve(other).objective)
    assert_plan_is_feasible(other, hinted)
    with pytest.raises(ProblemError, match="'hint' parameter of solve must be a Plan or None"):
        stacker.solve(problem, hint={"gigs": []})


TIME_LIMIT = "The 'time_limit' parameter of solve must be a float >= 0 or None. Got "
SEED = "The 'seed' parameter of solve must be an int in [0, 2147483647]. Got "
WORKERS = "The 'workers' parameter of solve must be an int in [1, 64] or None. Got "


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_limit": -1}, TIME_LIMIT + "-1 instead."),
        ({"time_limit": float("nan")}, TIME_LIMIT + "nan instead."),
        ({"time_limit": "10"}, TIME_LIMIT + "'10' instead."),
        ({"time_limit": True}, TIME_LIMIT + "True instead."),
        ({"seed": -1}, SEED + "-1 instead."),
        ({"seed": 1.5}, SEED + "1.5 instead."),
        ({"seed": None}, SEED + "None instead."),
        ({"seed": 2**31}, SEED + "2147483648 instead."),  # CP-SAT's seed is a 32-bit int
        ({"workers": 65}, WORKERS + "65 instead."),  # 2,000 threads took a minute and 1.2 GB
        ({"workers": 0}, WORKERS + "0 instead."),
        ({"workers": -2}, WORKERS + "-2 instead."),
        ({"workers": 2.0}, WORKERS + "2.0 instead."),
    ],
)
def test_solve_parameter_errors(kwargs, message):
    problem = Problem(gigs=[Gig("g17", pay_rate=20, sessions=["Mon 09:00-10:00"])])
    assert str(error_of(lambda: stacker.solve(problem, **kwargs))) == message


def test_solve_needs_a_problem():
    message = str(error_of(lambda: stacker.solve({"gigs": []})))
    assert message == "The 'problem' parameter of solve must be a Problem. Got dict instead."


def test_a_time_limit_spent_in_the_presolve_gives_the_plan_with_no_gig_and_a_bound():
    from benchmarks.generate import generate

    problem = generate(400, 0.4, seed=1)
    best = stacker.solve(problem)
    plan = stacker.solve(problem, time_limit=0)
    assert plan.status == "feasible" and plan.gigs == () and plan.objective == 0
    assert plan.bound >= best.objective > 0


def test_the_optional_presolve_stops_when_no_time_is_left():
    from benchmarks.generate import generate
    from stacker.presolve.prepare import prepare

    problem = generate(2000, 0.4, seed=1)  # enough interchangeable flexible gigs for some to be outnumbered
    full, stopped = prepare(problem), prepare(problem, left=lambda: 0.0)
    assert len(stopped.flexible) > len(full.flexible) and set(stopped.excluded) < set(full.excluded)
    assert all("at most" in reason for gig_id, reason in set(full.excluded) - set(stopped.excluded))
