"""Growth and conversion: in the value with their weights, criteria of their own, counted once per term."""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from hypothesis import given, settings
from oracle import optimum
from strategies import problems
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_optimum

import stacker
from stacker import Gig, Limits, Problem, Term, Weights

# Two gigs at the same time: one pays more, the other helps the student grow and may lead to a job.
PAID = Gig("paid", pay_rate=25, sessions=["Tue 18:00-20:00"])
GROWS = Gig("grows", pay_rate=15, growth=1.0, conversion=0.5, sessions=["Tue 19:00-21:00"])
NONE = Weights(relevance_value=0, mentor_value=0)


def test_without_their_weights_the_plan_is_unchanged():
    plan = stacker.solve(Problem(gigs=[PAID, GROWS], weights=NONE))
    assert plan.gig_ids == ["paid"] and plan.objective == 50
    assert plan.totals.growth == 0 and plan.totals.conversion == 0


@pytest.mark.parametrize(
    ("weights", "chosen", "value"),
    [
        (NONE.replace(growth_value=4), ["paid"], 50.0),  # 2 h * (15 + 4) = 38 < 50
        (NONE.replace(growth_value=6), ["grows"], 2 * (15 + 6)),  # 42 < 50 still: no
        (NONE.replace(growth_value=6, conversion_value=20), ["grows"], 2 * (15 + 6) + 20 * 0.5),  # 52 > 50
    ],
)
def test_their_weights_enter_the_value(weights, chosen, value):
    problem = Problem(gigs=[PAID, GROWS], weights=weights)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    expected = max(50.0, 2 * (15 + weights.growth_value) + weights.conversion_value * 0.5)
    assert plan.objective == pytest.approx(expected)
    if expected > 50:
        assert plan.gig_ids == chosen and plan.objective == pytest.approx(value)
    data = plan.to_dict()
    assert {"growth", "conversion"} <= set(data["totals"]) and "growth" in data["gigs"][0]


@pytest.mark.parametrize(("criterion", "chosen"), [("growth", ["grows"]), ("conversion", ["grows"]), ("pay", ["paid"])])
def test_growth_and_conversion_are_criteria(criterion, chosen):
    problem = Problem(gigs=[PAID, GROWS])
    plan = stacker.solve(problem, priorities=[criterion])
    assert_plan_is_feasible(problem, plan)
    assert plan.gig_ids == chosen
    front = stacker.pareto(problem, objectives=("pay", criterion)) if criterion != "pay" else None
    if front is not None:
        assert len(front) == 2 and front.attrs["complete"]


@settings(max_examples=40, deadline=None)
@given(problems(max_fixed=4, max_flexible=2))
def test_random_weeks_with_growth_and_conversion_against_the_oracle(problem):
    problem = problem.with_weights(growth_value=4, conversion_value=20)
    plan = stacker.solve(problem)
    best = optimum(problem)
    if best is None:
        assert plan.status.value == "infeasible"
        return
    assert_plan_is_feasible(problem, plan)
    assert plan.status.value == "optimal" and plan.objective == pytest.approx(best.value)


def test_conversion_counts_once_over_a_term_and_growth_every_hour():
    weekly = Gig("weekly", pay_rate=10, growth=0.5, conversion=1.0, sessions=["Mon 18:00-20:00"])
    project = Gig("project", fee=100, total_hours=4, conversion=0.5, growth=1.0, windows=["Sat 10:00-14:00"])
    weights = NONE.replace(growth_value=2, conversion_value=30)
    problem = Problem(gigs=[weekly, project], weights=weights, limits=Limits(), term=Term("2027-03-01", "2027-03-21"))
    plan = stacker.solve(problem)
    value = assert_term_plan_is_feasible(problem, plan)
    assert value == pytest.approx(term_optimum(problem))
    weekly_value = 3 * 2 * (10 + 2 * 0.5) + 30 * 1.0  # three Mondays, conversion once
    project_value = 4 * (0 + 2 * 1.0) + 100 + 30 * 0.5
    assert {g.id: g.value for g in plan.gigs} == pytest.approx({"weekly": weekly_value, "project": project_value})


def test_bad_growth_and_conversion_are_named():
    with pytest.raises(stacker.ProblemError) as error:
        Gig("g", pay_rate=1, hours=1, growth=1.5, conversion=None)
    assert error.value.errors == [
        "gig 'g': growth: must be <= 1, got 1.5",
        "gig 'g': conversion: must be a number in [0, 1], got None",
    ]
    with pytest.raises(stacker.ProblemError, match="weights: growth_value: must be >= 0, got -1"):
        Weights(growth_value=-1)
