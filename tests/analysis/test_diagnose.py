"""stacker.diagnose (stacker/analysis/diagnose.py): minimal conflicts of infeasible problems and their fixes, against
the checker's own reckoning of which requirements hold together.

Fixed-gig problems are small enough to check every requirement by hand (:func:`checker.required_infeasible`);
every fix offered is solved to see that it really makes the problem feasible.
"""

from __future__ import annotations

from checker import assert_plan_is_feasible, required_infeasible, requirements_hold
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import WHAT_IF, dense_fixed_problems

import stacker
from stacker import Commitment, Gig, Limits, Problem, Status

TOL = 1e-6


@WHAT_IF
@given(dense_fixed_problems(), st.data())
def test_diagnose_finds_a_minimal_conflict_and_true_fixes(problem, data):
    ids = [g.id for g in problem.gigs]
    assume(len(ids) >= 2)
    problem = problem.replace(require=data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True)))
    required = list(problem.gigs)
    required = [g for g in required if g.id in problem.require]
    infeasible = bool(required_infeasible(problem, required))
    conflict = stacker.diagnose(problem)
    assert conflict.feasible == (not infeasible)
    if not infeasible:
        return
    items = list(conflict.items)
    assert not requirements_hold(problem, items), "the conflict holds together"
    for drop in items:
        assert requirements_hold(problem, [i for i in items if i != drop]), f"not minimal: holds without {drop}"
    for fix in conflict.fixes:
        applied = stacker.solve(fix.apply(problem))  # the fix as data does what its text says
        assert applied.status is Status.OPTIMAL, fix
        assert_plan_is_feasible(fix.apply(problem), applied)
        if fix.startswith("raise"):
            name, new = fix.split()[1], float(fix.split()[-2])
            assert stacker.solve(problem.with_limits(**{name: new})).status is Status.OPTIMAL, fix
        else:
            gig = fix.split("'")[1]
            fixed = problem.drop_gig(gig) if gig in ids else problem.drop_commitment(gig)
            assert stacker.solve(fixed).status is Status.OPTIMAL, fix


def test_diagnose_gives_the_smallest_raise():
    problem = Problem(
        commitments=[Commitment("classes", sessions=["Mon-Fri 09:00-13:00"])],
        gigs=[Gig("night", pay_rate=15, sessions=["Mon-Fri 18:00-20:00"]), Gig("x", pay_rate=50, hours=5)],
        limits=Limits(max_hours=28.5),
        require=["night"],
    )
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("commitment", "classes"), ("gig", "night"), ("limit", "max_hours"))
    assert conflict.fixes == (
        "drop the commitment 'classes'",
        "drop the requirement on 'night'",
        "raise max_hours from 28.5 h to 30 h",
    )
    assert stacker.solve(problem.with_limits(max_hours=30)).status is Status.OPTIMAL
    assert stacker.solve(problem.with_limits(max_hours=29.9)).status is Status.INFEASIBLE
    assert stacker.diagnose(problem.drop_gig("night")).feasible


def test_diagnose_with_two_conflicts_offers_only_fixes_of_both():
    problem = Problem(
        commitments=[Commitment("classes", sessions=["Mon-Fri 09:00-13:00"])],
        gigs=[Gig("night", pay_rate=15, sessions=["Mon-Fri 18:00-20:00"])],
        limits=Limits(max_hours=28.5, max_day_hours=5.5),
        require=["night"],
    )
    conflict = stacker.diagnose(problem)
    assert len(conflict.items) == 3  # one of the two minimal conflicts
    assert conflict.fixes == ("drop the commitment 'classes'", "drop the requirement on 'night'")
    assert "raise max_day_hours from 5.5 h to 6 h" in stacker.diagnose(problem.with_limits(max_hours=40)).fixes


def test_each_fix_is_data_an_app_can_apply():
    problem = Problem(
        commitments=[Commitment("classes", sessions=["Mon-Fri 09:00-13:00"])],
        gigs=[Gig("night", pay_rate=15, sessions=["Mon-Fri 18:00-20:00"]), Gig("x", pay_rate=50, hours=5)],
        limits=Limits(max_hours=28.5),
        require=["night"],
    )
    conflict = stacker.diagnose(problem)
    assert [(f.kind, f.name, f.hours) for f in conflict.fixes] == [
        ("drop_commitment", "classes", None),
        ("drop_requirement", "night", None),
        ("raise_limit", "max_hours", 30.0),
    ]
    assert conflict.fixes[2].apply(problem).limits.max_hours == 30.0
    assert conflict.fixes[1].apply(problem).require == ()
    assert [c.id for c in conflict.fixes[0].apply(problem).commitments] == []
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        assert stacker.diagnose(fixed).feasible, fix
        plan = stacker.solve(fixed)
        assert plan.status is Status.OPTIMAL, fix
        assert_plan_is_feasible(fixed, plan)
