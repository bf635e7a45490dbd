"""stacker.alternatives (stacker/analysis/alternatives.py): the best plans that differ by at least k gigs,
against brute force, and its parameter checks.
"""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from hypothesis import event, given
from hypothesis import strategies as st
from oracle import fixed_choices
from strategies import WHAT_IF, dense_fixed_problems, tradeoffs

import stacker
from stacker import Gig, Problem, ProblemError, Status

TOL = 1e-6


@WHAT_IF
@given(st.one_of(dense_fixed_problems(), tradeoffs()), st.integers(1, 3))
def test_alternatives_are_the_best_diverse_plans(problem, difference):
    plans = stacker.alternatives(problem, k=4, min_difference=difference)
    choices = fixed_choices(problem)
    taken = []
    for plan in plans:
        assert_plan_is_feasible(problem, plan)
        assert plan.status is Status.OPTIMAL
        ids = frozenset(plan.gig_ids)
        allowed = [c for ids2, c in choices if all(len(ids2 ^ t) >= difference for t in taken)]
        event(f"{len(plans)} alternatives")
        assert plan.objective == pytest.approx(max(c["value"] for c in allowed), abs=TOL)
        assert all(len(ids ^ t) >= difference for t in taken)
        taken.append(ids)
    if len(plans) < 4:  # no further plan differs enough
        assert not [ids2 for ids2, _ in choices if all(len(ids2 ^ t) >= difference for t in taken)]


def test_alternatives_check_their_parameters():
    problem = Problem(gigs=[Gig("a", pay_rate=10, hours=2)])
    with pytest.raises(ProblemError, match="'k' parameter of alternatives must be an int >= 1"):
        stacker.alternatives(problem, k=0)
    with pytest.raises(ProblemError, match="'min_difference' parameter of alternatives must be an int >= 1"):
        stacker.alternatives(problem, min_difference=True)
    assert [p.gig_ids for p in stacker.alternatives(problem, k=5)] == [["a"], []]
