"""min_week_pay and min_work_hours on terms: in every week with a term day, against the independent oracle.

A week's pay: hourly pay for its minutes, the weekly pay of the weekly gigs in
their weeks (and of the fixed gigs in the weeks one of their occurrences
starts in), and a project's fee in the week its last block starts in.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from term_checker import assert_term_plan_is_feasible
from term_compare import check_term_against_oracle
from term_oracle import term_criteria_optimum, term_optimum
from term_strategies import term_problems

import stacker
from stacker import Gig, Limits, Problem, Term, Weights
from stacker.presolve.units import SCALE

TERM = Term("2027-03-01", "2027-03-21")  # three full weeks
NONE = Weights(relevance_value=0, mentor_value=0)
GIGS = [
    Gig("a", pay_rate=20, sessions=["Mon 09:00-11:00"]),  # 40 a week for 2 h
    Gig("b", pay_rate=10, hours=3),  # 30 a week for 3 h
    Gig("p", fee=200, total_hours=6, due="2027-03-14", windows=["Mon-Fri 12:00-18:00"]),  # 200 in one of two weeks
    Gig("c", weekly_pay=50, relevance=1, min_hours=1, max_hours=5, end="2027-03-14"),  # 50 a week, two weeks
]


@pytest.mark.parametrize(
    ("limits", "gigs", "objective", "pays"),
    [
        (Limits(max_work_hours=4), ["c", "p"], 300, [50, 250, 0]),  # nothing in the last week
        (Limits(max_work_hours=4, min_week_pay=30), ["a", "c"], 220, [90, 90, 40]),
        (Limits(max_work_hours=5), ["a", "p"], 320, [40, 240, 40]),
        (Limits(max_work_hours=5, min_week_pay=50), ["a", "b"], 210, [70, 70, 70]),
        (Limits(max_work_hours=3, min_week_pay=50), [], None, [0, 0, 0]),  # no plan
    ],
)
def test_min_week_pay_holds_in_every_week_and_changes_the_plan(limits, gigs, objective, pays):
    plan = check_term_against_oracle(Problem(gigs=GIGS, limits=limits, weights=NONE, term=TERM))
    assert (sorted(plan.gig_ids), plan.objective, [w.pay for w in plan.weeks]) == (gigs, objective, pays)


def test_the_fee_moves_to_the_week_that_needs_it():
    gigs = [Gig("b", pay_rate=10, hours=3), Gig("p", fee=200, total_hours=2, due="2027-03-14", max_week_hours=1)]
    problem = Problem(gigs=gigs, limits=Limits(min_week_pay=30), weights=NONE, term=TERM)
    plan = check_term_against_oracle(problem)
    assert [w.pay for w in plan.weeks] == [30.0, 230.0, 30.0]  # the project's last block in its second week
    two = Term("2027-03-01", "2027-03-14")
    needy = Problem(gigs=[gigs[1]], limits=Limits(min_week_pay=100), weights=NONE, term=two)
    assert stacker.solve(needy).status.value == "infeasible"  # one fee cannot pay two weeks
    assert term_optimum(needy) is None


def test_min_work_hours_in_every_week():
    problem = Problem(gigs=GIGS, limits=Limits(min_work_hours=4), weights=NONE, term=TERM)
    plan = check_term_against_oracle(problem)
    assert all(w.work_hours >= 4 for w in plan.weeks)


def test_a_partial_week_must_reach_the_minimum_too():
    term = Term("2027-03-01", "2027-03-09")  # its second week has two days, Monday and Tuesday
    gigs = [Gig("b", pay_rate=10, hours=3, windows=["Wed-Sun 09:00-17:00"])]
    problem = Problem(gigs=gigs, limits=Limits(min_week_pay=10), weights=NONE, term=term)
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible"
    assert plan.reasons == (
        "min_week_pay (10) cannot be met in the week of 2027-03-08: its gigs can pay at most 0 in it",
    )
    assert term_optimum(problem) is None


@pytest.mark.parametrize(
    ("limits", "words", "fix"),
    [
        (Limits(min_week_pay=95), ["min_week_pay (95) in the week of 2027-03-15"], ("lower_limit", "min_week_pay", 70)),
        (
            Limits(min_work_hours=6),
            ["min_work_hours (6 h) in the week of 2027-03-15"],
            ("lower_limit", "min_work_hours", 5),
        ),
        (
            Limits(min_week_pay=60, max_work_hours=2),
            ["max_work_hours (2 h) in the week of 2027-03-15", "min_week_pay (60) in the week of 2027-03-15"],
            ("raise_limit", "max_work_hours", 5),
        ),
    ],
)
def test_an_unreachable_minimum_is_diagnosed_with_a_fix(limits, words, fix):
    problem = Problem(gigs=GIGS, limits=limits, weights=NONE, term=TERM)
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible" and plan.reasons
    assert term_optimum(problem) is None
    conflict = stacker.diagnose(problem)
    assert list(conflict.requirements) == words
    assert fix in [(f.kind, f.name, f.hours) for f in conflict.fixes]
    for found in conflict.fixes:
        check_term_against_oracle(found.apply(problem))  # optimal and checked
        if found.kind == "lower_limit":  # the most that suffices: a cent (a minute) more has no plan
            step = 0.01 if found.name == "min_week_pay" else 1 / 60
            assert term_optimum(problem.with_limits(**{found.name: found.hours + step})) is None


MINIMUMS = st.fixed_dictionaries(
    {}, optional={"min_week_pay": st.sampled_from([10, 40, 120]), "min_work_hours": st.sampled_from([1, 3, 6])}
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems(max_gigs=5), MINIMUMS)
def test_small_terms_with_minimums_are_optimal(problem, minimums):
    check_term_against_oracle(problem.with_limits(**minimums))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems(max_gigs=5), MINIMUMS, st.sampled_from(["relevance", "hours", "pay"]))
def test_priorities_keep_the_minimums(problem, minimums, first):
    """The what-if searches (here a lexicographic priority) run on the same master: the minimums hold there too."""
    problem = problem.with_limits(**minimums)
    plan = stacker.solve(problem, priorities=[first, "value"])
    best = term_criteria_optimum(problem, {first: 1})
    if best is None:
        assert plan.status.value == "infeasible"
        return
    assert plan.status.value == "optimal", plan.reasons
    assert_term_plan_is_feasible(problem, dataclasses.replace(plan, objective=plan.totals.value))
    assert plan.objective == pytest.approx(best / SCALE[first])
