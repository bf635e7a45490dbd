"""Term plans against the independent exact method (brute force over fixed gigs + a time-indexed MIP)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_optimum
from term_strategies import term_problems

import stacker


def _check_against_oracle(problem, *, weak: bool = False) -> None:
    plan = _solve_weak(problem) if weak else stacker.solve(problem)
    best = term_optimum(problem)
    if best is None:
        assert plan.status.value == "infeasible", plan.status
        return
    assert plan.status.value == "optimal", (plan.status, plan.reasons)
    value = assert_term_plan_is_feasible(problem, plan)
    assert value == pytest.approx(best, abs=1e-6), (value, best, plan.gig_ids)
    assert plan.bound == pytest.approx(best, abs=1e-6)


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
