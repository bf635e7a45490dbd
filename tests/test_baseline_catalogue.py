"""The catalogue of worked optima (tests/catalogue.py) run through every benchmark method (benchmarks/baselines.py).

As one catalogue of solver tests runs against every backend: each exact method (``stacker``, ``naive_cpsat``,
``highs_mip``) must prove the optimum worked out by hand, and ``greedy`` must give a valid plan worth at most
that. Every plan is checked twice: by benchmarks/verify.py and by the tests' own independent checker. A
baseline that drifts (a wrong model of midnight, of the week's wrap, of a cap, of ``min_block``, of a rule or of
a minimum) fails here on a case a person can check, before it skews a benchmark. Greedy may give no plan
(``"unknown"``) where the catalogue asks a minimum: it does not aim at them, and says so rather than give a plan
that misses one.
"""

from __future__ import annotations

import pytest
from catalogue import CATALOGUE
from checker import assert_plan_is_feasible
from oracle import Result, as_plan

from benchmarks import baselines
from benchmarks.verify import verify

TOL = 1e-6
TIME_LIMIT = 20.0  # seconds; each catalogue problem takes milliseconds


def _check_plan(problem, result: dict) -> float:
    """The result's blocks pass both checkers and hold the hours it reports; returns the plan's value."""
    assert verify(problem, result) == [], verify(problem, result)
    choice: dict[str, list[tuple[int, int]]] = {gig_id: [] for gig_id in result["chosen"]}
    for gig_id, start, end in result["blocks"]:
        choice[gig_id].append((int(start), int(end)))
    for gig_id, hours in result["chosen"].items():
        assert sum(e - s for s, e in choice[gig_id]) == pytest.approx(hours * 60, abs=1e-6), gig_id
    plan = as_plan(problem, Result(value=result["value"], units=0, choice=choice))
    assert plan.objective == pytest.approx(result["value"], abs=TOL)  # the reported value is the formula's
    assert_plan_is_feasible(problem, plan)
    return plan.objective


@pytest.mark.parametrize("method", baselines.EXACT)
@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_exact_method_proves_the_worked_optimum(name, method):
    problem, optimum = CATALOGUE[name]
    result = baselines.METHODS[method](problem, TIME_LIMIT)
    assert result["status"] == "optimal", (method, result)
    assert result["value"] == pytest.approx(optimum, abs=TOL), f"{method} says {result['value']}, worked out {optimum}"
    assert result["bound"] >= optimum - TOL, (method, result["bound"])
    _check_plan(problem, result)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_greedy_is_a_valid_plan_worth_at_most_the_worked_optimum(name):
    problem, optimum = CATALOGUE[name]
    result = baselines.greedy(problem, TIME_LIMIT)
    if problem.limits.minimums and result["status"] == "unknown":  # greedy does not aim at the minimums
        assert result["value"] is None and result["chosen"] == {}, result
        return
    assert result["status"] == "heuristic", result
    assert result["value"] <= optimum + TOL, f"greedy claims {result['value']}, more than the optimum {optimum}"
    _check_plan(problem, result)
