"""stacker.compare (stacker/analysis/compare.py): scenarios tabulated against the first, every plan checked."""

from __future__ import annotations

import pytest
from checker import assert_plan_is_feasible

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError


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
        "growth",
        "conversion",
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
