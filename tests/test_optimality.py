"""stacker's optimum against an independent one, and every plan through the independent checker.

- property tests on random small problems (:mod:`strategies`): the value of
  ``stacker.solve`` equals the optimum of :mod:`oracle` (brute force over
  fixed-gig subsets + an exact HiGHS MIP for flexible gigs), the plan passes
  :mod:`checker`, the bound is not below the objective, and excluded gigs
  really cannot fit;
- the oracle itself against a plain enumeration (no solver) on tiny problems;
- the named catalogue of hand-made problems with the optimum worked out by hand (:mod:`catalogue`).

The checker's own tests are in tests/test_checker.py.
"""

from __future__ import annotations

import pytest
from catalogue import CATALOGUE
from checker import assert_plan_is_feasible, gig_value, parse_all, plan_value
from hypothesis import given, settings
from oracle import as_plan, best_of, exhaustive_optimum, fixed_choices, optimum
from strategies import (
    PROPERTY,
    contested_problems,
    dense_fixed_problems,
    dense_mixed_problems,
    fixed_problems,
    flexible_problems,
    tiny_flexible_problems,
)
from week_compare import TOL, compare_with_oracle, describe

import stacker
from stacker import Commitment, Gig, Problem, Status


def check_against_oracle(problem: Problem, *, check_excluded: bool = True) -> stacker.Plan:
    """Solve with stacker, compare with the oracle, run the checker. Returns the plan."""
    plan, best, where = compare_with_oracle(problem)
    if best is None:
        return plan
    assert abs(plan_value(problem, plan) - best.value) <= TOL
    assert plan.bound is not None and plan.bound >= plan.objective - TOL, f"bound {plan.bound}{where}"
    if check_excluded:
        _check_excluded(problem, plan, best.value)
    return plan


def _session_minutes(gig) -> list[tuple[int, int]]:
    """The gig's sessions as week minutes, parsed by the independent checker."""
    return parse_all(gig.sessions)


def _check_excluded(problem: Problem, plan: stacker.Plan, best_value: float) -> None:
    """An excluded gig must not fit even alone (given a positive value so the oracle would take it),
    or be never needed: dropped as a twin, as dominated by a fixed gig, as outranked by
    interchangeable gigs, or as worth too little, the oracle's optimum without it is the same."""
    for item in plan.excluded:
        gig = problem.gig(item.id)
        never_needed = ("such gigs fit in a plan", "clashes with this one too", "the value of a plan without it")
        if item.reason.endswith(never_needed):
            without = problem.replace(gigs=tuple(g for g in problem.gigs if g.id != item.id))
            assert abs(optimum(without).value - best_value) <= TOL, f"{item}\nproblem: {describe(problem)}"
            continue
        if item.reason.startswith("same sessions as "):
            twin = problem.gig(item.reason.split("'")[1])
            assert sorted(_session_minutes(twin)) == sorted(_session_minutes(gig)), item
            hours = sum(e - s for s, e in _session_minutes(gig)) / 60
            assert gig_value(twin, hours, problem.weights) >= gig_value(gig, hours, problem.weights) - TOL, item
            dropped = {e.id: e.reason for e in plan.excluded}
            assert twin.id not in dropped or dropped[twin.id].endswith("clashes with this one too"), item
            continue
        alone = problem.replace(gigs=(gig.replace(pay_rate=1.0, weekly_pay=1.0),))
        best = optimum(alone)
        assert best is not None and item.id not in best.choice, (
            f"gig {item.id!r} excluded ({item.reason}) but it fits on its own: {best.choice if best else None}"
            f"\nproblem: {describe(problem)}"
        )


# --------------------------------------------------------------------------- property tests


@settings(PROPERTY, max_examples=150)
@given(fixed_problems())
def test_fixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=100)
@given(dense_fixed_problems())
def test_crowded_fixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(flexible_problems())
def test_flexible_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(dense_mixed_problems())
def test_crowded_mixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(contested_problems())
def test_contested_windows_match_the_oracle(problem):
    """Fixed gigs cut flexible windows: hours that fit in total often cannot be placed in blocks."""
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=60)
@given(tiny_flexible_problems())
def test_tiny_flexible_problems_match_plain_enumeration(problem):
    plan = check_against_oracle(problem, check_excluded=False)
    by_hand = exhaustive_optimum(problem)
    if by_hand is None:
        assert plan.status == Status.INFEASIBLE
    else:
        assert abs(plan.objective - by_hand.value) <= TOL


@settings(PROPERTY, max_examples=150)
@given(tiny_flexible_problems())
def test_oracle_mip_matches_plain_enumeration(problem):
    """The reference checks itself: MIP-based optimum == enumeration, and both optimal choices pass the checker."""
    mip, by_hand = optimum(problem), exhaustive_optimum(problem)
    assert (mip is None) == (by_hand is None)
    if mip is not None:
        assert abs(mip.value - by_hand.value) <= TOL, (mip, by_hand)
        assert_plan_is_feasible(problem, as_plan(problem, mip))
        assert_plan_is_feasible(problem, as_plan(problem, by_hand))


@settings(PROPERTY, max_examples=100)
@given(flexible_problems())
def test_oracle_choice_passes_the_checker(problem):
    best = optimum(problem)
    if best is not None:
        assert_plan_is_feasible(problem, as_plan(problem, best))


# --------------------------------------------------------------------------- the catalogue (tests/catalogue.py)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue(name):
    problem, value = CATALOGUE[name]
    if problem.limits.minimums:  # the oracle's MIP has no minimums: brute force over the fixed gigs instead
        least = {"pay": problem.limits.min_week_pay or 0, "hours": problem.limits.min_work_hours or 0}
        choices = [c for c in fixed_choices(problem) if all(c[1][k] >= v - TOL for k, v in least.items())]
        assert best_of(choices, "value") == pytest.approx(value, abs=TOL)
        plan = stacker.solve(problem)
        assert plan.status == Status.OPTIMAL and abs(plan.objective - value) <= TOL
        assert_plan_is_feasible(problem, plan)
        return
    best = optimum(problem)
    assert best is not None and abs(best.value - value) <= TOL, f"oracle says {best}, worked out {value}"
    assert_plan_is_feasible(problem, as_plan(problem, best))
    plan = check_against_oracle(problem)
    assert abs(plan.objective - value) <= TOL


def test_catalogue_details():
    problem, _ = CATALOGUE["all gigs excluded"]
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.gigs == () and {e.id for e in plan.excluded} == {"clash", "long", "flex"}
    problem, _ = CATALOGUE["sunday night wraps to monday"]
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["wrap"] and [e.id for e in plan.excluded] == ["sun"]
    problem, _ = CATALOGUE["empty gig pool"]
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.status == Status.OPTIMAL and plan.objective == 0 and len(plan.blocks) == 3
    problem, _ = CATALOGUE["flexible block across the week's end"]
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    gig_blocks = sorted((b.start, b.end) for b in plan.blocks if b.kind == "gig")
    assert sum(e - s for s, e in gig_blocks) == 120
    rows = [b for b in plan.to_dict()["blocks"] if b["id"] == "wrapflex"]
    assert [(b["day"], b["start"], b["end"]) for b in rows] == [("Sun", "23:00", "01:00")]


def test_infeasible_commitments():
    problem = Problem(
        commitments=[Commitment("A", sessions=["Mon 09:00-11:00"]), Commitment("B", sessions=["Sun 23:00-10:00"])],
        gigs=[Gig("g", pay_rate=10, sessions=["Tue 09:00-10:00"])],
    )
    assert optimum(problem) is None
    plan = stacker.solve(problem)
    assert plan.status == Status.INFEASIBLE and plan.objective is None
    assert any("A" in r and "B" in r for r in plan.reasons)
    assert_plan_is_feasible(problem, plan)
