"""The columnar path: GigTable.from_columns validates like Gig, and solves like Gig objects."""

import numpy as np
import pytest
from checker import assert_plan_is_feasible

import stacker
from stacker import Gig, GigTable, Limits, Problem, ProblemError

GIGS = (
    Gig("tutor", pay_rate=22, relevance=0.9, mentor=True, sessions=("Tue,Thu 18:00-20:00",)),
    Gig("night", weekly_pay=150, relevance=0.1, sessions=("Fri 22:00-02:00",)),
    Gig("early", pay_rate=15, sessions=("Tue 17:00-18:30", "Sat 09:00-10:00"), title="Early", fields=("cs",)),
    Gig("social", pay_rate=18, relevance=0.6, hours=4, windows=("Mon-Fri 09:00-17:00",)),
    Gig("data", pay_rate=20, min_hours=2, max_hours=6, min_block=120),
)


def _columns(gigs) -> dict:
    names = ("pay_rate", "weekly_pay", "relevance", "mentor", "title", "fields", "sessions", "hours",
             "min_hours", "max_hours", "windows", "min_block", "grid")  # fmt: skip
    columns = {name: [getattr(g, name) for g in gigs] for name in names}
    for name in ("min_block", "grid"):  # Gig fills these in for flexible gigs; the input leaves them out
        columns[name] = [None if g.is_fixed else getattr(g, name) for g in gigs]
    return {"id": [g.id for g in gigs]} | columns


def test_columns_give_the_same_gigs():
    table = GigTable.from_columns(**_columns(GIGS))
    problem = Problem(gigs=table, limits=Limits(max_hours=30))
    assert problem.gigs.made == 0  # nothing made yet
    assert problem.gig("night") == GIGS[1]
    assert problem.gigs == GIGS
    assert [g.intervals for g in problem.gigs] == [g.intervals for g in GIGS]
    assert [g.step_range for g in problem.gigs[3:]] == [g.step_range for g in GIGS[3:]]


def test_columnar_problem_solves_like_gig_objects():
    limits = Limits(max_hours=30, max_day_hours=6)
    by_objects = stacker.solve(Problem(gigs=GIGS, limits=limits))
    columnar = Problem(gigs=GigTable.from_columns(**_columns(GIGS)), limits=limits)
    by_columns = stacker.solve(columnar)
    variant = columnar.replace(limits=Limits(max_hours=10))
    assert stacker.solve(variant).objective <= by_columns.objective
    assert variant.gigs is columnar.gigs and columnar.gigs.made < len(
        columnar.gigs
    )  # solving made only the chosen gigs
    assert by_columns.to_dict() | {"solve_time": 0} == by_objects.to_dict() | {"solve_time": 0}
    assert_plan_is_feasible(columnar, by_columns)


def test_numpy_columns_with_nan_for_not_given():
    table = GigTable.from_columns(
        np.array(["a", "b"], dtype=object),
        pay_rate=np.array([20.0, np.nan]),
        weekly_pay=np.array([np.nan, 100.0]),
        mentor=np.array([True, False]),
        sessions=["Mon 09:00-10:00", None],
        hours=np.array([np.nan, 3.0]),
        min_block=np.array([np.nan, 120.0]),
    )
    a, b = table
    assert a == Gig("a", pay_rate=20.0, mentor=True, sessions=("Mon 09:00-10:00",))
    assert b == Gig("b", weekly_pay=100.0, hours=3.0, min_block=120)


def test_errors_are_those_of_gig():
    columns = _columns(GIGS)
    columns["pay_rate"][0] = -3
    columns["sessions"][1] = ("Fri 25:00-26:00",)
    columns["relevance"][2] = 1.5
    columns["hours"][3] = 0.25
    with pytest.raises(ProblemError) as error:
        GigTable.from_columns(**columns)
    expected = []
    for position in range(4):
        values = {k: v[position] for k, v in columns.items() if k != "id" and v[position] not in (None, ())}
        with pytest.raises(ProblemError) as one:
            Gig(columns["id"][position], **values)
        expected += one.value.errors
    assert error.value.errors == expected
    assert "gig 'tutor': pay_rate: must be >= 0, got -3" in error.value.errors
    assert any(e.startswith("gig 'night': session 'Fri 25:00-26:00': ") for e in error.value.errors)


def test_bad_columns_and_duplicate_ids():
    with pytest.raises(ProblemError) as error:
        GigTable.from_columns(["a", "b"], pay_rate=[1.0], sesions=["Mon 09:00-10:00"] * 2)
    assert error.value.errors == [
        (
            "gigs: sesions: unknown column; the columns are id, pay_rate, weekly_pay, relevance, mentor, title, "
            "fields, growth, conversion, location, sessions, hours, min_hours, max_hours, windows, min_block, grid"
        ),
        "gigs: pay_rate: 1 values for 2 gigs",
    ]
    table = GigTable.from_columns(["x", "x"], pay_rate=[1.0, 2.0], sessions=["Mon 09:00-10:00"] * 2)
    with pytest.raises(ProblemError) as error:
        Problem(commitments=[stacker.Commitment("x", sessions=["Tue 09:00-10:00"])], gigs=table)
    assert error.value.errors == [
        "gig 'x': id: duplicate; a commitment has the same id",
        "gig 'x': id: duplicate; a commitment has the same id",
    ]


def test_a_row_the_quick_checks_doubt_but_gig_accepts():
    # a numpy bool in a list and a Python int relevance: Gig takes both
    table = GigTable.from_columns(["a"], pay_rate=[10], relevance=[1], mentor=[np.True_], sessions=["Mon 09:00-10:00"])
    assert table.gig(0) == Gig("a", pay_rate=10, relevance=1, mentor=True, sessions=("Mon 09:00-10:00",))
