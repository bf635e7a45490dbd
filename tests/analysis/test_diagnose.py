"""Pins, priorities, Pareto fronts, alternatives, explanations and diagnoses against brute force.

Fixed-gig problems are small enough to enumerate every plan
(:func:`oracle.fixed_choices`), which gives the exact answer to each
question; every plan stacker returns also goes through the independent
checker. Mixed problems (with flexible gigs) are checked for validity and
against the oracle's optimum where the question reduces to it.
"""

from __future__ import annotations

import math

import pytest
from checker import assert_plan_is_feasible, required_infeasible
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from oracle import fixed_choices, optimum
from strategies import dense_fixed_problems, flexible_problems

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, Status

TOL = 1e-6
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SIGN = {"value": 1, "pay": 1, "relevance": 1, "hours": -1}  # hours: fewer is better


def _best(choices, name):
    return max((c[name] * SIGN[name] for _, c in choices), default=None)


@st.composite
def pinned(draw, base=None):
    """A fixed-gig problem with some gigs required and some forbidden."""
    problem = draw(dense_fixed_problems() if base is None else base)
    ids = [g.id for g in problem.gigs]
    require = draw(st.lists(st.sampled_from(ids), max_size=1)) if ids else []
    rest = [i for i in ids if i not in require]
    forbid = draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if rest else []
    return problem.replace(require=require, forbid=forbid)


@st.composite
def tradeoffs(draw):
    """5-8 fixed gigs competing for a few slots and a work cap, pay and relevance pulling apart."""
    slots = ["Mon 09:00-11:00", "Tue 14:00-17:00", "Wed 09:00-10:30", "Thu 18:00-21:00", "Sat 10:00-14:00"]
    others = ["Mon 10:00-12:00", "Tue 16:00-18:00", "Fri 08:00-12:00"]
    gigs = []
    for i in range(draw(st.integers(5, 8))):
        sessions = [draw(st.sampled_from(slots))]
        if draw(st.booleans()):
            sessions.append(draw(st.sampled_from(others)))
        money = {
            "pay_rate": draw(st.sampled_from([12, 15, 18.5, 22, 30, 40])),
            "relevance": draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0])),
            "mentor": draw(st.booleans()),
        }
        try:
            gigs.append(Gig(f"g{i}", sessions=sessions, **money))
        except ProblemError:  # its two sessions overlap
            gigs.append(Gig(f"g{i}", sessions=sessions[:1], **money))
    limits = Limits(max_hours=40, max_work_hours=draw(st.sampled_from([4, 6, 8, 12, None])))
    return Problem(gigs=gigs, limits=limits, commitments=[Commitment("MATH", sessions=["Wed 10:00-11:00"])])


# --------------------------------------------------------------------------- require / forbid


@PROPERTY
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
    assert plan.objective == pytest.approx(_best(choices, "value"), abs=TOL)
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


# --------------------------------------------------------------------------- priorities


@PROPERTY
@given(st.one_of(dense_fixed_problems(), tradeoffs()), st.permutations(["value", "pay", "relevance", "hours"]))
def test_priorities_are_lexicographic(problem, order):
    priorities = order[:2]
    plan = stacker.solve(problem, priorities=priorities)
    assert_plan_is_feasible(problem, plan)
    choices = fixed_choices(problem)
    if not choices:
        assert plan.status is Status.INFEASIBLE
        return
    for name in priorities:
        best = _best(choices, name)
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


# --------------------------------------------------------------------------- Pareto fronts


def _front(choices, objectives):
    points = {tuple(round(c[n] * SIGN[n], 6) for n in objectives) for _, c in choices}
    return {p for p in points if not any(q != p and all(a >= b for a, b in zip(q, p)) for q in points)}


@PROPERTY
@given(pinned(tradeoffs()), st.sampled_from([("pay", "relevance"), ("value", "hours"), ("pay", "relevance", "hours")]))
def test_pareto_front_is_exact_and_complete(problem, objectives):
    front = stacker.pareto(problem, objectives=objectives)
    assert front.attrs["complete"] is True
    assert list(front.columns) == [*objectives, "gigs", "plan"]
    got = set()
    for _, row in front.iterrows():
        assert_plan_is_feasible(problem, row["plan"])
        assert row["gigs"] == row["plan"].gig_ids
        got.add(tuple(round(row[n] * SIGN[n], 6) for n in objectives))
    assert got == _front(fixed_choices(problem), objectives)
    assert len(got) == len(front)
    event(f"front of {min(len(front), 4)}+ points" if len(front) >= 4 else f"front of {len(front)} points")


@settings(PROPERTY, max_examples=10)
@given(flexible_problems(max_fixed=3, max_flexible=2))
def test_pareto_front_with_flexible_gigs_is_valid_and_reaches_the_optimum(problem):
    front = stacker.pareto(problem, objectives=("value", "hours"), time_limit=30)
    best = optimum(problem)
    if best is None:
        assert front.empty
        return
    assert front.attrs["complete"]
    points = []
    for _, row in front.iterrows():
        assert_plan_is_feasible(problem, row["plan"])
        points.append((row["value"], -row["hours"]))
    for p in points:
        assert not any(q != p and q[0] >= p[0] - TOL and q[1] >= p[1] - TOL for q in points), "dominated point"
    assert max(p[0] for p in points) == pytest.approx(best.value, abs=TOL)
    assert min(-p[1] for p in points) == 0  # the empty plan takes no hours


def test_pareto_checks_its_parameters_and_plots():
    problem = Problem(
        gigs=[
            Gig("a", pay_rate=30, sessions=["Mon 09:00-12:00"]),
            Gig("b", pay_rate=10, relevance=1, sessions=["Mon 10:00-13:00"]),
        ]
    )
    with pytest.raises(ProblemError, match="needs at least 2 criteria"):
        stacker.pareto(problem, objectives=("pay",))
    with pytest.raises(ProblemError, match="'max_points' parameter of pareto must be an int >= 1 or None"):
        stacker.pareto(problem, max_points=0)
    front = stacker.pareto(problem)
    assert [sorted(g) for g in front["gigs"]] == [["a"], ["b"]]
    assert front["pay"].tolist() == [90.0, 30.0] and front["relevance"].tolist() == [0.0, 3.0]
    fig = stacker.plot_pareto(front)
    (points,) = fig.axes[0].collections
    assert len(points.get_offsets()) == 2
    assert fig.axes[0].get_xlabel() == "pay per week"
    limited = stacker.pareto(problem, max_points=1)
    assert len(limited) == 1 and limited.attrs["complete"] is False


# --------------------------------------------------------------------------- alternatives


@PROPERTY
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


# --------------------------------------------------------------------------- explain


@PROPERTY
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


# --------------------------------------------------------------------------- diagnose


def _holds(problem, items) -> bool:
    """Whether these requirements (kind, name) can all hold, by the checker's own reckoning."""
    keep = {name for kind, name in items if kind == "commitment"}
    required = [name for kind, name in items if kind == "gig"]
    caps = {name for kind, name in items if kind == "limit"}
    limits = problem.limits
    reduced = Problem(
        commitments=[c for c in problem.commitments if c.id in keep],
        gigs=[g for g in problem.gigs if g.id in required],
        limits=Limits(
            max_hours=limits.max_hours if "max_hours" in caps else 168,
            max_work_hours=limits.max_work_hours if "max_work_hours" in caps else None,
            max_day_hours=limits.max_day_hours if "max_day_hours" in caps else None,
        ),
        require=required,
    )
    return not required_infeasible(reduced, list(reduced.gigs))


@PROPERTY
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
    assert not _holds(problem, items), "the conflict holds together"
    for drop in items:
        assert _holds(problem, [i for i in items if i != drop]), f"not minimal: holds without {drop}"
    for fix in conflict.fixes:
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


# --------------------------------------------------------------------------- compare


def test_compare_tabulates_scenarios_against_the_first():
    problem = Problem(
        commitments=[Commitment("MATH", sessions=["Mon 09:00-12:00"])],
        gigs=[
            Gig("morning", pay_rate=30, relevance=0.5, sessions=["Mon 10:00-12:00"]),
            Gig("desk", pay_rate=15, sessions=["Tue 10:00-12:00"]),
            Gig("flex", pay_rate=20, relevance=1, hours=3),
        ],
        limits=Limits(max_work_hours=5),
    )
    table = stacker.compare(
        {"now": problem, "no MATH": problem.drop_commitment("MATH"), "no desk": problem.forbidding("desk")}
    )
    assert list(table.index) == ["now", "no MATH", "no desk"]
    assert list(table.columns) == [
        "status",
        "value",
        "pay",
        "hours",
        "work_hours",
        "relevance",
        "gigs",
        "added",
        "dropped",
        "plan",
    ]
    for name, row in table.iterrows():
        scenario = {"now": problem, "no MATH": problem.drop_commitment("MATH"), "no desk": problem.forbidding("desk")}[
            name
        ]
        assert_plan_is_feasible(scenario, row["plan"])
        assert row["value"] == pytest.approx(stacker.solve(scenario).objective)
        assert row["relevance"] == pytest.approx(row["plan"].totals.relevance / row["work_hours"])
    assert table.loc["now", "gigs"] == ["desk", "flex"]
    assert table.loc["no MATH", "added"] == ["morning"] and table.loc["no MATH", "dropped"] == ["desk"]
    assert table.loc["no desk", "dropped"] == ["desk"]
    assert list(stacker.compare([problem]).index) == [0]
    with pytest.raises(ProblemError, match="scenario 'x': must be a Problem, got int"):
        stacker.compare({"x": 3})
    with pytest.raises(ProblemError, match="compare sets 'hint' itself"):
        stacker.compare([problem], hint=None)


def test_hint_from_another_problem_keeps_the_answer():
    problem = Problem(
        gigs=[Gig(f"g{i}", pay_rate=10 + i, sessions=[f"Mon {8 + i:02d}:00-{9 + i:02d}:30"]) for i in range(6)]
    )
    plan = stacker.solve(problem)
    other = problem.drop_gig("g5")
    hinted = stacker.solve(other, hint=plan)
    assert hinted.objective == pytest.approx(stacker.solve(other).objective)
    assert_plan_is_feasible(other, hinted)
    with pytest.raises(ProblemError, match="'hint' parameter of solve must be a Plan or None"):
        stacker.solve(problem, hint={"gigs": []})


@pytest.mark.parametrize("function", [stacker.pareto, stacker.alternatives, stacker.explain, stacker.diagnose])
def test_what_if_functions_name_a_bad_problem(function):
    with pytest.raises(
        ProblemError, match=f"The 'problem' parameter of {function.__name__} must be a Problem. Got dict"
    ):
        function({"gigs": []})
