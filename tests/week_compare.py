"""One comparison of stacker's week plan with the independent oracle, for the week tests.

:func:`compare_with_oracle` solves a week problem and asserts that stacker
says infeasible exactly when the oracle (tests/oracle.py) finds no plan, and
otherwise that the plan is proven optimal and worth the oracle's optimum;
either way the plan passes the independent checker (tests/checker.py). Each
test module then checks what is its own (exclusions, bounds, the oracle's
plan) with the oracle's answer and the description it returns.
"""

from __future__ import annotations

import json
from typing import Any

from checker import assert_plan_is_feasible
from oracle import optimum

import stacker
from stacker import Problem, Status

TOL = 1e-6


def describe(problem: Problem) -> str:
    return json.dumps(stacker.problem_to_dict(problem), default=str)


def compare_with_oracle(problem: Problem) -> tuple[stacker.Plan, Any, str]:
    """``(plan, the oracle's best or None, a description of both for messages)``, checked as above."""
    best = optimum(problem)
    plan = stacker.solve(problem)
    where = f"\nproblem: {describe(problem)}\nplan: {json.dumps(plan.to_dict(), default=str)}"
    assert_plan_is_feasible(problem, plan)
    if best is None:
        assert plan.status == Status.INFEASIBLE, f"oracle: infeasible, stacker: {plan.status}{where}"
        return plan, None, where
    assert plan.status == Status.OPTIMAL, f"stacker status {plan.status}, oracle optimum {best.value}{where}"
    assert abs(plan.objective - best.value) <= TOL, (
        f"stacker objective {plan.objective} != oracle optimum {best.value} (oracle takes {best.choice}){where}"
    )
    return plan, best, where
