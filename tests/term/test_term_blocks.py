"""Counts of steps a gig's blocks can make in a week: exclusions, and cuts that hold in every like week and gig."""

from __future__ import annotations

import pytest
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_optimum

import stacker
from stacker import Gig, Problem, Term
from stacker.cpsat.term import TermMaster, solve_term
from stacker.cpsat.term_cuts import like_choices
from stacker.presolve.term import prepare_term

TERM = Term("2027-03-01", "2027-03-21")  # three Monday-Sunday weeks


def test_hours_no_blocks_can_make_exclude_the_gig():
    # two free runs of 2 h, blocks of 2 h: 2 or 4 h a week, never 3
    gig = Gig("tutor", pay_rate=20, hours=3, windows=["Tue,Thu 10:00-12:00"], min_block=120)
    plan = stacker.solve(Problem(gigs=[gig], term=TERM))
    assert [(e.id, e.reason) for e in plan.excluded] == [
        ("tutor", "its 3 h cannot be made of blocks of 120 min in the free time of the week of 2027-03-01")
    ]
    ranged = Problem(gigs=[gig.replace(hours=None, min_hours=3, max_hours=4)], term=TERM)
    plan = stacker.solve(ranged)
    assert plan.status.value == "optimal"
    assert assert_term_plan_is_feasible(ranged, plan) == pytest.approx(term_optimum(ranged), abs=1e-6)
    assert [w.hours for w in plan.weeks] == [4, 4, 4]


def test_a_total_no_weeks_can_make_excludes_the_project():
    project = Gig("logo", fee=100, total_hours=3, windows=["Sat 10:00-12:00"], min_block=120)
    plan = stacker.solve(Problem(gigs=[project], term=TERM))
    assert [(e.id, e.reason) for e in plan.excluded] == [
        ("logo", "cannot be finished by 2027-03-21: its 3 h cannot be made of blocks of 120 min in the free time "
                 "of its weeks")
    ]  # fmt: skip


def test_a_cut_holds_in_every_like_week():
    # 4 h of A in blocks of 2 h fill both runs to 1 h each: B's 2-hour block never fits, in any week
    windows = ["Mon,Wed 09:00-12:00"]
    a = Gig("A", pay_rate=30, hours=4, windows=windows, min_block=120)
    b = Gig("B", pay_rate=25, hours=2, windows=windows, min_block=120)
    problem = Problem(gigs=[a, b], term=TERM)
    prepared = prepare_term(problem)
    master = TermMaster(prepared)
    choices = like_choices(master, 1, [], (0, 1), total=False)  # in each week, A and B may stand for each other
    assert choices == {1: [(0, 1), (1, 0)], 0: [(0, 1), (1, 0)], 2: [(0, 1), (1, 0)]}
    result = solve_term(prepared)
    assert (result.status, result.rounds) == ("optimal", 2)  # one round of cuts for the three weeks
    plan = stacker.solve(problem)
    assert assert_term_plan_is_feasible(problem, plan) == pytest.approx(term_optimum(problem), abs=1e-6)
    assert [g.id for g in plan.gigs] == ["A"]
