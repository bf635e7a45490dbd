"""stacker.pareto (stacker/analysis/pareto.py): exact and complete fronts against brute force (fixed gigs),
valid fronts reaching the oracle's optimum (mixed gigs), parameter checks and the plot.
"""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible
from hypothesis import event, given, settings
from hypothesis import strategies as st
from oracle import SIGN, fixed_choices, optimum
from strategies import WHAT_IF, flexible_problems, pinned, tradeoffs

import stacker
from stacker import Gig, Problem, ProblemError

TOL = 1e-6


def _front(choices, objectives):
    points = {tuple(round(c[n] * SIGN[n], 6) for n in objectives) for _, c in choices}
    return {p for p in points if not any(q != p and all(a >= b for a, b in zip(q, p)) for q in points)}


@WHAT_IF
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


@settings(WHAT_IF, max_examples=10)
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
