"""Requirements from below: min_week_pay (the student's rent) and min_work_hours, against brute force."""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from hypothesis import given
from hypothesis import strategies as st
from oracle import best_of, fixed_choices
from strategies import WHAT_IF, dense_fixed_problems, tradeoffs

import stacker
from stacker import Gig, Limits, Problem, Weights

NONE = Weights(relevance_value=0, mentor_value=0)
GIGS = [
    Gig("a", pay_rate=20, sessions=["Mon 09:00-11:00"]),  # 40 a week for 2 h
    Gig("b", pay_rate=10, hours=3),  # 30 for 3 h
    Gig("c", weekly_pay=50, relevance=1, min_hours=1, max_hours=5),  # 50 for 1-5 h
    Gig("d", pay_rate=1, relevance=1, hours=2),  # 2 for 2 h, worth 22 with relevance
]


def test_a_minimum_changes_the_plan_and_is_kept():
    weights = Weights(relevance_value=10, mentor_value=0)
    free = stacker.solve(Problem(gigs=GIGS, limits=Limits(max_work_hours=7), weights=weights))
    assert (free.objective, free.totals.pay) == (142, 92)  # the most value takes d, which pays little
    problem = Problem(gigs=GIGS, limits=Limits(max_work_hours=7, min_week_pay=95), weights=weights)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.status.value == "optimal" and plan.gig_ids == ["a", "b", "c"]
    assert (plan.objective, plan.totals.pay) == (140, 120)


def test_min_work_hours_takes_more_hours_than_the_value_wants():
    problem = Problem(gigs=GIGS, limits=Limits(min_work_hours=9), weights=NONE)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.totals.work_hours == 9  # the fewest hours that reach it: ties go to fewer hours


@pytest.mark.parametrize(
    ("limits", "text", "fix"),
    [
        (Limits(min_week_pay=150), "min_week_pay (150)", ("lower_limit", "min_week_pay", 122.0)),
        (Limits(min_work_hours=13), "min_work_hours (13 h)", ("lower_limit", "min_work_hours", 12.0)),
        (Limits(min_week_pay=100, max_work_hours=3), "max_work_hours (3 h)", ("raise_limit", "max_work_hours", 6.0)),
    ],
)
def test_an_unreachable_minimum_is_infeasible_with_a_reason_and_a_fix(limits, text, fix):
    problem = Problem(gigs=GIGS, limits=limits, weights=NONE)
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible" and text in plan.reasons[0]
    conflict = stacker.diagnose(problem)
    assert fix in [(f.kind, f.name, f.hours) for f in conflict.fixes]
    for found in conflict.fixes:
        fixed = found.apply(problem)
        again = stacker.solve(fixed)
        assert again.status.value == "optimal", found
        assert_plan_is_feasible(fixed, again)


MINIMUMS = st.fixed_dictionaries(
    {}, optional={"min_week_pay": st.sampled_from([20, 60, 120, 250]), "min_work_hours": st.sampled_from([1, 3, 6, 10])}
)


@WHAT_IF
@given(dense_fixed_problems() | tradeoffs(), MINIMUMS)
def test_minimums_against_brute_force(problem, minimums):
    problem = problem.with_limits(**minimums)
    plan = stacker.solve(problem)
    choices = [c for c in fixed_choices(problem) if _keeps(c[1], minimums)]
    if not choices:
        assert plan.status.value == "infeasible"
        return
    assert_plan_is_feasible(problem, plan)
    assert plan.status.value == "optimal" and plan.objective == pytest.approx(best_of(choices, "value"))


def _keeps(criteria: dict, minimums: dict) -> bool:
    return (
        criteria["pay"] >= minimums.get("min_week_pay", 0) - 1e-9
        and criteria["hours"] >= minimums.get("min_work_hours", 0) - 1e-9
    )


def test_bad_minimums_are_named():
    with pytest.raises(stacker.ProblemError) as error:
        Limits(min_week_pay=-1, min_work_hours=200)
    assert error.value.errors == [
        "limits: min_week_pay: must be >= 0, got -1",
        "limits: min_work_hours: must be <= 168 (the hours in a week), got 200",
    ]  # a term takes them too: tests/term/test_term_minimums.py
