"""Fixed gigs worth too little, against a plan found greedily (:mod:`stacker.presolve.bound`).

Worked weeks where the rule fires, where it must not (a tie, two gigs too
close for travel that the greedy plan must not take together), and property
tests of small weeks at places with tight caps, where it fires often: the
optimum is the independent oracle's, every plan passes the independent
checker, and the optimum without each gig dropped as worth too little is
the same.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import optimum
from strategies import PROPERTY, dense_fixed_problems, travel_problems
from week_compare import TOL, compare_with_oracle

import stacker
from stacker import Gig, Limits, Problem, Rules

LITTLE = "worth too little"


def _excluded(plan: stacker.Plan) -> dict[str, str]:
    return {e.id: e.reason for e in plan.excluded}


def _check(problem: Problem) -> stacker.Plan:
    """The oracle's optimum, the checker, and each gig worth too little not needed by the oracle either."""
    plan, best, where = compare_with_oracle(problem)
    if best is None:
        return plan
    for item in plan.excluded:
        if item.reason.startswith(LITTLE):
            without = optimum(problem.replace(gigs=tuple(g for g in problem.gigs if g.id != item.id)))
            assert without is not None and abs(without.value - best.value) <= TOL, f"{item}{where}"
    return plan


def test_a_gig_that_cannot_catch_up_with_a_plan_found_is_excluded_with_the_reason():
    # 4 h of work a week: "best" fills them at 40/h (160); "cheap" with 2 h at the best rate beside it is worth 110
    problem = Problem(
        gigs=(
            Gig("best", pay_rate=40, sessions=("Mon 09:00-13:00",)),
            Gig("cheap", pay_rate=15, sessions=("Tue 09:00-11:00",)),
        ),
        limits=Limits(max_hours=40, max_work_hours=4),
    )
    plan = _check(problem)
    assert plan.gig_ids == ["best"]
    assert _excluded(plan) == {
        "cheap": "worth too little: a plan with it is worth less than 160.00, the value of a plan without it"
    }


def test_a_gig_that_could_tie_with_the_plan_found_is_kept():
    # "half" and 2 h more at 40/h would be worth 160, as much as "best": not less, so kept (fewer hours may win)
    problem = Problem(
        gigs=(
            Gig("best", pay_rate=40, sessions=("Mon 09:00-13:00",)),
            Gig("half", pay_rate=40, sessions=("Tue 09:00-11:00",)),
        ),
        limits=Limits(max_hours=40, max_work_hours=4),
    )
    plan = _check(problem)
    assert not any(reason.startswith(LITTLE) for reason in _excluded(plan).values())


def test_the_plan_found_keeps_the_travel_gaps():
    # "a" and "b" back to back at two places 35 min apart cannot both be taken: the plan found takes one of them
    # and "c" (90), not both (100), else "c" (2 h at 20/h, 40 + 50 at most beside it) would be dropped
    problem = Problem(
        gigs=(
            Gig("a", pay_rate=50, sessions=("Mon 10:00-11:00",), location="campus"),
            Gig("b", pay_rate=50, sessions=("Mon 11:00-12:00",), location="downtown"),
            Gig("c", pay_rate=20, sessions=("Tue 13:00-15:00",)),
        ),
        limits=Limits(max_hours=40, max_work_hours=3),
        rules=Rules(travel={"between": [{"from": "campus", "to": "downtown", "minutes": 35}]}),
    )
    plan = _check(problem)
    assert plan.objective == 90
    assert "c" in plan.gig_ids and len(plan.gig_ids) == 2


@st.composite
def _capped(draw, base: st.SearchStrategy[Problem]) -> Problem:
    """A problem of ``base`` with tight caps (work, day, number of gigs): a few gigs fill the week."""
    problem = draw(base)
    limits = Limits(
        max_hours=40,
        max_work_hours=draw(st.sampled_from((1, 1.5, 2, 3, 4))),
        max_day_hours=draw(st.sampled_from((None, 1, 2))),
    )
    return problem.replace(limits=limits, rules=problem.rules.replace(max_gigs=draw(st.sampled_from((None, 1, 2)))))


@settings(PROPERTY, max_examples=60)
@given(_capped(travel_problems(max_fixed=8, max_flexible=0)))
def test_fixed_gigs_at_places_under_tight_caps_match_the_oracle(problem):
    _check(problem)


@settings(PROPERTY, max_examples=60)
@given(_capped(dense_fixed_problems()))
def test_crowded_fixed_gigs_under_tight_caps_match_the_oracle(problem):
    _check(problem)
