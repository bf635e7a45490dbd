"""stacker.explain (stacker/analysis/explain.py, leftout.py): the exact cost of taking each gig left out
(against brute force), its wording, infeasible problems and a 200-gig week in seconds.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle import fixed_choices
from strategies import WHAT_IF, dense_fixed_problems, pinned, tradeoffs

import stacker
from stacker import Commitment, Gig, Limits, Problem, Status

TOL = 1e-6


@WHAT_IF
@given(st.one_of(pinned(dense_fixed_problems()), pinned(tradeoffs())))
def test_explain_costs_are_exact(problem):
    plan = stacker.solve(problem)
    explanation = stacker.explain(problem, plan)
    choices = fixed_choices(problem)
    if plan.status is Status.INFEASIBLE:
        assert explanation.gigs.empty and explanation.conflict.requirements
        return
    left_out = [g.id for g in problem.gigs if g.id not in plan.gig_ids]
    assert explanation.gigs["gig"].tolist() == left_out
    for row in explanation.gigs.itertuples():
        with_it = [c["value"] for ids, c in choices if row.gig in ids]
        if row.gig in problem.forbid:
            assert not row.fits and "forbidden" in row.reason
        elif not with_it:
            assert not row.fits and math.isnan(row.cost), row
        else:
            assert row.fits
            assert row.cost == pytest.approx(plan.objective - max(with_it), abs=TOL), row
            assert set(row.displaces) <= set(plan.gig_ids)
            assert ("lowers the value by" in row.reason) == (row.cost > TOL)


def test_explain_words():
    problem = Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50"])],
        gigs=[
            Gig("tutor", pay_rate=30, sessions=["Tue 10:00-12:00"]),
            Gig("desk", pay_rate=12.4, sessions=["Tue 11:00-13:00"]),
            Gig("library", pay_rate=15, sessions=["Mon 09:00-10:00"]),
            Gig("data", pay_rate=25, hours=4, windows=["Wed 09:00-17:00"]),
            Gig("extra", pay_rate=14, hours=4, windows=["Thu 09:00-17:00"]),
        ],
        limits=Limits(max_work_hours=6),
    )
    plan = stacker.solve(problem)
    assert plan.gig_ids == ["tutor", "data"]
    explanation = plan.explain()
    assert explanation.reason("library") == "clashes with MATH 201 (Mon 09:00-09:50)"
    assert explanation.reason("desk") == (
        "clashes with 'tutor' (Tue 10:00-12:00); would exceed max_work_hours (6 h) by 2 h; "
        "taking it lowers the value by 35.20 because it displaces 'tutor'"
    )
    assert explanation.reason("extra") == (
        "would exceed max_work_hours (6 h) by 4 h; taking it lowers the value by 44.00 because it displaces 'data'"
    )
    assert "desk" in str(explanation)


def test_explain_an_infeasible_problem_gives_the_conflict():
    problem = Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50"])],
        gigs=[Gig("a", pay_rate=20, sessions=["Tue 08:00-18:00"])],
        limits=Limits(max_hours=8),
        require=["a"],
    )
    explanation = stacker.explain(problem)
    assert explanation.gigs.empty
    assert explanation.conflict.items == (("gig", "a"), ("limit", "max_hours"))
    assert str(explanation).startswith("no plan: these cannot all hold")


def test_explain_two_hundred_gigs_in_seconds():
    from benchmarks.generate import generate

    problem = generate(200, 0.4, seed=3)
    plan = stacker.solve(problem)
    explanation = stacker.explain(problem, plan)
    assert len(explanation.gigs) == len(problem.gigs) - len(plan.gigs)
    assert explanation.gigs["reason"].str.len().min() > 0
