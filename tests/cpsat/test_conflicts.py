"""The requirements model alone (stacker/cpsat/conflicts.py): a minimal set of requirements that cannot hold
together, checked against the independent checker's own reckoning (:func:`checker.requirements_hold`): the
conflict cannot hold, and dropping any one of its members lets the rest hold. Real CP-SAT solves.
"""

from __future__ import annotations

from checker import requirements_hold
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import dense_fixed_problems

from stacker import Commitment, Gig, Limits, Problem
from stacker.cpsat.conflicts import Requirement, Requirements

PARTS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _items(conflict: list[Requirement]) -> list[tuple[str, str]]:
    return [(r.kind, r.name) for r in conflict]


def _assert_minimal(problem: Problem, conflict: list[Requirement]) -> None:
    items = _items(conflict)
    assert items, "no conflict"
    assert not requirements_hold(problem, items), f"the conflict {items} holds together"
    for drop in items:
        assert requirements_hold(problem, [i for i in items if i != drop]), f"not minimal: holds without {drop}"


def _all_requirements(problem: Problem) -> list[tuple[str, str]]:
    limits = problem.limits
    caps = ["max_hours"] + [n for n in ("max_work_hours", "max_day_hours") if getattr(limits, n) is not None]
    return (
        [("commitment", c.id) for c in problem.commitments]
        + [("gig", g) for g in problem.require]
        + [("limit", n) for n in caps]
    )


def test_two_clashing_commitments_out_of_three():
    problem = Problem(
        commitments=[
            Commitment("A", sessions=["Mon 09:00-11:00"]),
            Commitment("B", sessions=["Mon 10:00-12:00"]),
            Commitment("C", sessions=["Tue 09:00-10:00"]),
        ]
    )
    conflict = Requirements(problem).minimal_conflict()
    assert sorted(_items(conflict)) == [("commitment", "A"), ("commitment", "B")]
    _assert_minimal(problem, conflict)


def test_a_required_gig_over_the_weekly_cap_with_the_classes():
    # classes 20 h, required 'night' 10 h, max_hours 28.5: classes + night + max_hours; the volunteering does not count
    problem = Problem(
        commitments=[
            Commitment("classes", sessions=["Mon-Fri 09:00-13:00"]),
            Commitment("food", kind="volunteer", sessions=["Sat 09:00-17:00"], counts_toward_cap=False),
        ],
        gigs=[Gig("night", pay_rate=15, sessions=["Mon-Fri 18:00-20:00"]), Gig("x", pay_rate=50, hours=5)],
        limits=Limits(max_hours=28.5),
        require=["night"],
    )
    requirements = Requirements(problem)
    conflict = requirements.minimal_conflict()
    assert sorted(_items(conflict)) == [("commitment", "classes"), ("gig", "night"), ("limit", "max_hours")]
    _assert_minimal(problem, conflict)
    holding = [r for r in conflict if r.kind != "limit"]
    assert requirements.least("max_hours", holding) == 30 * 60  # 20 h of classes + 10 h of night, by hand


def test_a_required_flexible_gig_without_room():
    # 'f' must work 3 h in Mon 09:00-12:00, the class takes 10:00-11:00: 2 h of room. The other class is elsewhere.
    problem = Problem(
        commitments=[Commitment("CHEM", sessions=["Mon 10:00-11:00"]), Commitment("BIO", sessions=["Tue 10:00-11:00"])],
        gigs=[Gig("f", pay_rate=20, hours=3, windows=["Mon 09:00-12:00"])],
        require=["f"],
    )
    conflict = Requirements(problem).minimal_conflict()
    assert sorted(_items(conflict)) == [("commitment", "CHEM"), ("gig", "f")]
    assert Requirements(problem.replace(commitments=problem.commitments[1:])).minimal_conflict() == []


def test_a_feasible_problem_has_no_conflict():
    problem = Problem(
        commitments=[Commitment("A", sessions=["Mon 09:00-11:00"])],
        gigs=[Gig("g", pay_rate=10, sessions=["Mon 11:00-12:00"])],
        limits=Limits(max_hours=3, max_day_hours=3),
        require=["g"],
    )
    assert Requirements(problem).minimal_conflict() == []
    assert requirements_hold(problem, _all_requirements(problem))


@PARTS
@given(dense_fixed_problems(), st.data())
def test_minimal_conflict_of_random_required_gigs(problem, data):
    ids = [g.id for g in problem.gigs]
    assume(len(ids) >= 2)
    problem = problem.replace(require=data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True)))
    conflict = Requirements(problem).minimal_conflict()
    if requirements_hold(problem, _all_requirements(problem)):
        assert conflict == [], _items(conflict)
    else:
        _assert_minimal(problem, conflict)
