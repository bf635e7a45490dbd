"""Presolve decisions that the plan reports: gigs dropped as duplicates of better twins."""

from checker import assert_plan_is_feasible

import stacker
from stacker import Gig, Limits, Problem


def _excluded(plan):
    return {e.id: e.reason for e in plan.excluded}


def test_gig_with_same_sessions_as_a_better_one_is_excluded_with_reason():
    problem = Problem(
        gigs=(
            Gig("cheap", pay_rate=15, sessions=("Mon,Wed 18:00-20:00",)),
            Gig("better", pay_rate=20, sessions=("Wed 18:00-20:00", "Mon 18:00-20:00")),
            Gig("other", pay_rate=10, sessions=("Tue 18:00-20:00",)),
        ),
        limits=Limits(max_hours=40),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert _excluded(plan) == {"cheap": "same sessions as 'better', which is worth as much or more"}
    assert plan.gig_ids == ["better", "other"]
    assert plan.objective == 4 * 20 + 2 * 10


def test_equal_twins_keep_the_first_in_the_problem():
    twins = tuple(Gig(f"t{i}", pay_rate=18, relevance=0.5, sessions=("Fri 09:00-12:00",)) for i in range(3))
    problem = Problem(gigs=twins)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["t0"]
    assert set(_excluded(plan)) == {"t1", "t2"}


def test_overlapping_but_different_sessions_are_not_twins():
    problem = Problem(
        gigs=(
            Gig("a", pay_rate=15, sessions=("Mon 18:00-20:00",)),
            Gig("b", pay_rate=20, sessions=("Mon 18:00-20:30",)),
        )
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.excluded == ()
    assert plan.gig_ids == ["b"]


def test_flexible_gigs_outranked_by_more_than_fit_are_excluded():
    # Six interchangeable gigs (same window, block, grid, 4 h each); max_work_hours 8 fits two.
    # The two best (pay 30 and 28) are the optimum: 4*30 + 4*28 = 232. Gigs outranked by two
    # others are excluded; the rest stay in the model.
    rates = [20, 30, 25, 28, 10, 26]
    gigs = tuple(
        Gig(f"f{i}", pay_rate=rate, hours=4, windows=("Mon-Fri 09:00-17:00",), min_block=120)
        for i, rate in enumerate(rates)
    )
    problem = Problem(gigs=gigs, limits=Limits(max_hours=40, max_work_hours=8), weights=stacker.Weights(0, 0))
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.status == stacker.Status.OPTIMAL
    assert sorted(plan.gig_ids) == ["f1", "f3"]
    assert plan.objective == 4 * 30 + 4 * 28
    assert set(_excluded(plan)) == {"f0", "f2", "f4", "f5"}
    assert all("at most 2 such gigs fit" in reason for reason in _excluded(plan).values())


def test_fixed_gig_dominated_by_a_shorter_better_one_is_excluded_with_reason():
    # "inner" (Mon 18:00-19:00, 25/h = 25) sits inside "outer" (Mon 17:00-20:00, 8/h = 24):
    # whatever clashes with inner clashes with outer, inner takes fewer hours and is worth more.
    # "late" (Mon 19:30-21:00) clashes with outer only, so the optimum is inner + late = 25 + 1.5 * 10.
    problem = Problem(
        gigs=(
            Gig("outer", pay_rate=8, sessions=("Mon 17:00-20:00",)),
            Gig("inner", pay_rate=25, sessions=("Mon 18:00-19:00",)),
            Gig("late", pay_rate=10, sessions=("Mon 19:30-21:00",)),
        ),
        weights=stacker.Weights(0, 0),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert _excluded(plan) == {
        "outer": "'inner' is worth as much or more, takes no more hours on any day, "
        "and every gig that clashes with it clashes with this one too"
    }
    assert plan.gig_ids == ["inner", "late"]
    assert plan.objective == 25 + 15


def test_dominance_needs_every_clash_covered():
    # "a" clashes with "b", is shorter and worth more (25 against 15), but "c" clashes with "a"
    # and not with "b": the optimum b + c (15 + 50 = 65) needs b, so nothing is excluded.
    problem = Problem(
        gigs=(
            Gig("a", pay_rate=25, sessions=("Tue 10:00-11:00",)),
            Gig("b", pay_rate=10, sessions=("Tue 09:00-10:30",)),
            Gig("c", pay_rate=40, sessions=("Tue 10:45-12:00",)),
        ),
        weights=stacker.Weights(0, 0),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.excluded == ()
    assert plan.gig_ids == ["b", "c"]
    assert plan.objective == 65


def test_dominance_is_not_used_with_flexible_gigs():
    # The same pair as above, plus a flexible gig: flexible blocks go where fixed gigs leave room,
    # which clique containment does not compare, so "outer" stays a candidate.
    problem = Problem(
        gigs=(
            Gig("outer", pay_rate=8, sessions=("Mon 17:00-20:00",)),
            Gig("inner", pay_rate=25, sessions=("Mon 18:00-19:00",)),
            Gig("flex", pay_rate=5, hours=1, windows=("Tue 09:00-10:00",)),
        ),
        weights=stacker.Weights(0, 0),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.excluded == ()
    assert plan.gig_ids == ["inner", "flex"]
