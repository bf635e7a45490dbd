"""Term plans against the independent exact method (brute force over fixed gigs + a time-indexed MIP)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from term_checker import assert_term_plan_is_feasible
from term_compare import check_term_against_oracle
from term_strategies import term_problems


def _check_against_oracle(problem, *, weak: bool = False) -> None:
    plan = check_term_against_oracle(problem, _solve_weak(problem) if weak else None)
    if plan.status.value == "optimal":  # the checker's value of the plan is the oracle's optimum
        assert plan.bound == pytest.approx(assert_term_plan_is_feasible(problem, plan), abs=1e-6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems())
def test_small_terms_are_optimal(problem):
    _check_against_oracle(problem)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems(max_gigs=8, tight=True))
def test_small_tight_terms_are_optimal(problem):
    _check_against_oracle(problem)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems(max_gigs=8, tight=True))
def test_cuts_alone_reach_the_optimum(problem):
    _check_against_oracle(problem, weak=True)  # a master without regions: placements fail, the cuts do the work


def _solve_weak(problem):
    from stacker.cpsat.term import solve_term
    from stacker.presolve.term import prepare_term
    from stacker.termplan import make_term_plan

    prepared = prepare_term(problem)
    return make_term_plan(prepared, solve_term(prepared, regions=False), 0.0)
