"""Pins (require/forbid, the variant helpers) and lexicographic priorities of ``stacker.solve``, against brute force.

Fixed-gig problems are small enough to enumerate every plan (:func:`oracle.fixed_choices`), which gives the
exact answer; every plan stacker returns also goes through the independent checker.
"""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from hypothesis import given
from hypothesis import strategies as st
from oracle import SIGN, best_of, fixed_choices
from strategies import WHAT_IF, dense_fixed_problems, pinned, tradeoffs

import stacker
from stacker import Commitment, Gig, Problem, ProblemError, Status

TOL = 1e-6


@WHAT_IF
@given(pinned())
def test_require_and_forbid_against_brute_force(problem):
    choices = fixed_choices(problem)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    if not choices:
        assert plan.status is Status.INFEASIBLE
        assert plan.reasons
        return
    assert plan.status is Status.OPTIMAL
    assert plan.objective == pytest.approx(best_of(choices, "value"), abs=TOL)
    assert {e.id for e in plan.excluded} >= set(problem.forbid)


def test_required_gig_that_clashes_with_a_class_gives_a_reason():
    problem = Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50"])],
        gigs=[
            Gig("night", pay_rate=20, sessions=["Mon 08:00-10:00"]),
            Gig("desk", pay_rate=15, sessions=["Tue 10:00-12:00"]),
        ],
        require=["night"],
    )
    plan = stacker.solve(problem)
    assert plan.status is Status.INFEASIBLE
    assert plan.reasons == ("required gig 'night' cannot fit: it clashes with MATH 201 (Mon 09:00-09:50)",)
    assert_plan_is_feasible(problem, plan)


def test_required_gigs_that_clash_with_each_other_are_named():
    problem = Problem(
        gigs=[
            Gig("a", pay_rate=20, sessions=["Mon 08:00-10:00"]),
            Gig("b", pay_rate=20, sessions=["Mon 09:00-11:00"]),
            Gig("c", pay_rate=20, sessions=["Tue 09:00-11:00"]),
        ],
        require=["a", "b", "c"],
    )
    plan = stacker.solve(problem)
    assert plan.status is Status.INFEASIBLE
    assert_plan_is_feasible(problem, plan)
    (reason,) = plan.reasons
    assert "required gig 'a'" in reason and "required gig 'b'" in reason and "'c'" not in reason
    assert "drop the requirement on 'a'" in reason and "drop the requirement on 'b'" in reason


def test_required_flexible_gig_is_taken_at_its_hours():
    problem = Problem(
        gigs=[
            Gig("rich", pay_rate=40, sessions=["Mon-Fri 09:00-17:00"]),
            Gig("flex", pay_rate=10, hours=3, windows=["Mon 09:00-12:00"]),
        ],
        require=["flex"],
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["flex"]  # 'rich' clashes with the only window of the required gig


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"require": ["nope"]}, "problem: require: 'nope' is not the id of any gig"),
        ({"forbid": ["MATH"]}, "problem: forbid: 'MATH' is a commitment, not a gig"),
        ({"require": ["a"], "forbid": ["a"]}, "problem: require: 'a' is also in forbid; a gig cannot be both"),
        ({"require": ["a", "a"]}, "problem: require: 'a' is listed twice"),
        ({"require": [3]}, "problem: require: gig ids must be text, got 3 (int)"),
        ({"forbid": ["b "]}, "did you mean 'b'?"),
    ],
)
def test_bad_pins_are_named(changes, message):
    base = Problem(
        commitments=[Commitment("MATH", sessions=["Mon 09:00-10:00"])],
        gigs=[Gig("a", pay_rate=10, hours=2), Gig("b", pay_rate=10, hours=2)],
    )
    with pytest.raises(ProblemError) as error:
        base.replace(**changes)
    assert any(message in e for e in error.value.errors), error.value.errors


def test_pins_round_trip_through_files(tmp_path):
    problem = Problem(
        gigs=[Gig("a", pay_rate=10, hours=2), Gig("b", pay_rate=10, hours=2)], require=["a"], forbid=["b"]
    )
    data = stacker.problem_to_dict(problem)
    assert data["require"] == ["a"] and data["forbid"] == ["b"]
    assert stacker.problem_from_dict(data) == problem
    path = tmp_path / "p.toml"
    path.write_text(
        'require = ["a"]\nforbid = ["b"]\n[[gigs]]\nid = "a"\npay_rate = 10\nhours = 2\n[[gigs]]\nid = "b"\npay_rate = 10\nhours = 2\n'
    )
    assert stacker.load(path) == problem
    with pytest.raises(ProblemError, match="problem: require: must be a list of gig ids, got str"):
        stacker.problem_from_dict({"require": "a", "gigs": data["gigs"]})


def test_variant_helpers_make_validated_copies():
    problem = Problem(
        commitments=[Commitment("MATH", sessions=["Mon 09:00-10:00"]), Commitment("gym", sessions=["Tue 09:00-10:00"])],
        gigs=[Gig("a", pay_rate=10, hours=2), Gig("b", pay_rate=10, hours=2)],
        require=["a"],
    )
    assert [c.id for c in problem.drop_commitment("gym").commitments] == ["MATH"]
    assert problem.drop_gig("a").require == () and [g.id for g in problem.drop_gig("a").gigs] == ["b"]
    assert problem.add_gig(Gig("c", pay_rate=1, hours=1)).gigs[-1].id == "c"
    assert problem.add_commitment(Commitment("lab", sessions=["Wed 09:00-10:00"])).commitments[-1].id == "lab"
    assert problem.with_limits(max_hours=45).limits.max_hours == 45
    assert problem.with_weights(relevance_value=30).weights.relevance_value == 30
    assert problem.forbidding("a").require == () and problem.forbidding("a").forbid == ("a",)
    assert problem.requiring("b").require == ("a", "b")
    assert problem.limits.max_hours == 40 and problem.require == ("a",)  # the original is unchanged
    with pytest.raises(
        ProblemError, match="commitment 'gymm': id: there is no such commitment to drop; did you mean 'gym'"
    ):
        problem.drop_commitment("gymm")
    with pytest.raises(ProblemError, match="gig 'a': id: duplicate"):
        problem.add_gig(Gig("a", pay_rate=1, hours=1))
    with pytest.raises(ProblemError, match="limits: max_hours"):
        problem.with_limits(max_hours=-1)


@WHAT_IF
@given(
    st.one_of(dense_fixed_problems(), tradeoffs()),
    st.permutations(["value", "pay", "relevance", "hours", "growth", "conversion"]),
)
def test_priorities_are_lexicographic(problem, order):
    priorities = order[:2]
    plan = stacker.solve(problem, priorities=priorities)
    assert_plan_is_feasible(problem, plan)
    choices = fixed_choices(problem)
    if not choices:
        assert plan.status is Status.INFEASIBLE
        return
    for name in priorities:
        best = best_of(choices, name)
        choices = [c for c in choices if c[1][name] * SIGN[name] >= best - TOL]
    first = priorities[0]
    assert plan.status is Status.OPTIMAL
    assert plan.priorities == tuple(priorities)
    assert plan.objective == pytest.approx(choices[0][1][first], abs=TOL)
    got = {
        "value": plan.totals.value,
        "pay": plan.totals.pay,
        "relevance": plan.totals.relevance,
        "hours": plan.totals.work_hours,
        "growth": plan.totals.growth,
        "conversion": plan.totals.conversion,
    }
    for name in priorities:
        assert got[name] == pytest.approx(choices[0][1][name], abs=TOL), name


def test_bad_priorities_are_named():
    problem = Problem(gigs=[Gig("a", pay_rate=10, hours=2)])
    with pytest.raises(ProblemError, match="'priorities' parameter of solve: 'money' is not a criterion"):
        stacker.solve(problem, priorities=["money"])
    with pytest.raises(ProblemError, match="must be a list of criteria"):
        stacker.solve(problem, priorities="pay")
    with pytest.raises(ProblemError, match="names a criterion twice"):
        stacker.solve(problem, priorities=["pay", "pay"])
