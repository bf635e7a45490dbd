"""One comparison of stacker's term plan with the independent oracle, for the term tests.

:func:`check_term_against_oracle` solves a term problem (or takes a plan
made otherwise), and asserts that stacker says infeasible exactly when the
oracle (tests/term_oracle.py) finds no plan, and otherwise that the plan is
proven optimal, passes the independent checker (tests/term_checker.py) and
is worth the oracle's optimum.
"""

from __future__ import annotations

import pytest
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_optimum

import stacker


def check_term_against_oracle(problem: stacker.Problem, plan: stacker.TermPlan | None = None) -> stacker.TermPlan:
    """The plan (``stacker.solve(problem)`` unless given), checked against the oracle and the checker."""
    plan = stacker.solve(problem) if plan is None else plan
    best = term_optimum(problem)
    where = stacker.problem_to_dict(problem)
    if best is None:
        assert plan.status.value == "infeasible", (plan.status, plan.gig_ids, where)
        return plan
    assert plan.status.value == "optimal", (plan.status, plan.reasons, where)
    value = assert_term_plan_is_feasible(problem, plan)
    assert value == pytest.approx(best, abs=1e-6), (value, best, plan.gig_ids, where)
    return plan
