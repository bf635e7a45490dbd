"""What a plan writes: to_dict() and --json (money to the cent, hours exactly as the grid gives them), and the text summary."""

from __future__ import annotations

import json
import re

from checker import assert_plan_is_feasible

import stacker
from stacker import Commitment, Gig, Limits, Problem, Weights

NOISE = re.compile(r"\d\.\d*(0000000|9999999)\d")  # 0.30000000000000004, 590.5999999999999


def test_money_and_hours_are_written_without_float_noise() -> None:
    problem = Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50", "Wed 09:00-09:50"])],
        gigs=[
            Gig("a", pay_rate=0.1, sessions=["Tue 09:00-10:00"]),  # 0.1 + 0.2 is 0.30000000000000004 in floats
            Gig("b", pay_rate=0.2, sessions=["Thu 09:00-10:00"]),
            Gig("c", pay_rate=21.3, relevance=0.7, hours=7.5, windows=["Fri 08:00-18:00"]),
        ],
        limits=Limits(max_hours=40),
        weights=Weights(relevance_value=10.1, mentor_value=0),
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["a", "b", "c"]
    data = plan.to_dict()
    text = json.dumps(data)
    assert not NOISE.search(text), NOISE.search(text)
    assert data["totals"]["pay"] == 0.3 + 159.75  # 0.1 + 0.2 + 7.5 * 21.3, to the cent
    assert data["objective"] == data["totals"]["value"] == round(0.3 + 7.5 * (21.3 + 10.1 * 0.7), 2)
    assert data["totals"]["hours"] == (100 + 120 + 450) / 60  # two 50-minute classes, 2 h fixed, 7.5 h flexible
    assert data["totals"]["work_hours"] == 9.5


def test_a_long_list_of_exclusions_is_summed_up_by_kind_of_reason() -> None:
    classes = [Commitment("MATH 201", sessions=["Mon 09:00-10:00"]), Commitment("CS 101", sessions=["Tue 09:00-10:00"])]
    clash_math = [Gig(f"m{i}", pay_rate=10 + i, sessions=["Mon 09:30-10:30"]) for i in range(30)]
    clash_cs = [Gig(f"c{i}", pay_rate=10 + i, sessions=["Tue 09:30-10:30"]) for i in range(7)]
    fits = Gig("fits", pay_rate=20, sessions=["Wed 09:00-10:00"])
    problem = Problem(commitments=classes, gigs=[*clash_math, *clash_cs, fits])
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert len(plan.excluded) == 37 and len(plan.to_dict()["excluded"]) == 37  # all of them in the data
    text = stacker.render.summary(plan)
    assert "Excluded gigs (37), dropped before solving, by kind of reason:" in text
    assert "  30 like m0: clashes with MATH 201 (Mon 09:00-10:00)\n      m0, m1, m2, m3, m4, ...\n" in text
    assert "  7 like c0: clashes with CS 101 (Tue 09:00-10:00)\n      c0, c1, c2, c3, c4, ...\n" in text
    assert "(--json lists every excluded gig with its reason)" in text
    assert "m29" not in text  # not one line per gig


def test_a_short_list_of_exclusions_is_given_in_full() -> None:
    problem = Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-10:00"])],
        gigs=[
            Gig("m0", pay_rate=10, sessions=["Mon 09:30-10:30"]),
            Gig("fits", pay_rate=20, sessions=["Wed 09:00-10:00"]),
        ],
    )
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert (
        "Excluded gigs (1), dropped before solving:\n  m0: clashes with MATH 201 (Mon 09:00-10:00)"
        in stacker.render.summary(plan)
    )


def test_a_time_limit_that_stops_the_search_early_still_gives_a_plan_and_a_bound() -> None:
    from benchmarks.generate import generate

    problem = generate(3000, flexible_share=0.4, seed=1)
    best = stacker.solve(problem)
    assert best.status is stacker.Status.OPTIMAL
    stopped = stacker.solve(problem, time_limit=0)  # no time at all for the search: never 'unknown'
    assert stopped.status in (stacker.Status.FEASIBLE, stacker.Status.OPTIMAL)
    assert_plan_is_feasible(problem, stopped)
    assert stopped.bound is not None and stopped.bound >= best.objective - 1e-6
    assert stopped.objective <= best.objective + 1e-6


def test_excluded_gigs_read_as_a_tuple_of_excluded() -> None:
    classes = [Commitment("MATH 201", sessions=["Mon 09:00-10:00"])]
    gigs = [Gig(f"m{i}", pay_rate=10 + i, sessions=["Mon 09:30-10:30"]) for i in range(3)]
    problem = Problem(commitments=classes, gigs=[*gigs, Gig("fits", pay_rate=20, sessions=["Wed 09:00-10:00"])])
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    excluded = plan.excluded
    assert isinstance(excluded, stacker.ExcludedGigs) and len(excluded) == 3
    reason = "clashes with MATH 201 (Mon 09:00-10:00)"
    expected = tuple(stacker.Excluded(f"m{i}", reason) for i in range(3))
    assert excluded == expected and tuple(excluded) == expected and excluded[1:] == expected[1:]
    assert excluded[-1] == expected[-1] and list(reversed(excluded)) == list(reversed(expected))
    assert excluded != expected[:2] and excluded != "m0"
    assert plan.to_dict()["excluded"] == [item.to_dict() for item in expected]
    assert hash(excluded) == hash(stacker.ExcludedGigs([e.id for e in expected], [e.reason for e in expected]))
