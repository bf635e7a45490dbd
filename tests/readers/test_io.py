"""Reading problems: JSON and TOML files, plain dicts, pandas DataFrames; and writing them back."""

from __future__ import annotations

import dataclasses
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stacker
from stacker import (
    Commitment,
    Gig,
    Limits,
    Problem,
    ProblemError,
    Weights,
    load,
    problem_from_dict,
    problem_from_frames,
    problem_to_dict,
)
from stacker.problem.week import DAYS, clock

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

ISSUE_JSON = """
{
  "limits": {"max_hours": 40, "max_work_hours": 20, "max_day_hours": 10},
  "weights": {"relevance_value": 10, "mentor_value": 25},
  "commitments": [
    {"id": "MATH 201", "kind": "class", "sessions": ["Mon,Wed,Fri 09:00-09:50"]},
    {"id": "Food bank", "kind": "volunteer", "sessions": ["Sat 09:00-12:00"], "counts_toward_cap": true}
  ],
  "gigs": [
    {"id": "tutor", "pay_rate": 22, "relevance": 0.9, "mentor": true, "sessions": ["Tue,Thu 18:00-20:00"]},
    {"id": "social", "title": "Social media", "pay_rate": 18, "relevance": 0.6, "hours": 10,
     "windows": ["Mon-Fri 09:00-17:00"]},
    {"id": "data", "pay_rate": 20, "relevance": 0.3, "min_hours": 5, "max_hours": 15, "min_block": 120},
    {"id": "night", "weekly_pay": 150, "relevance": 0.1, "sessions": ["Fri 22:00-02:00"]}
  ]
}
"""

ISSUE_TOML = """
[limits]
max_hours = 40
max_work_hours = 20
max_day_hours = 10

[weights]
relevance_value = 10
mentor_value = 25

[[commitments]]
id = "MATH 201"
kind = "class"
sessions = ["Mon,Wed,Fri 09:00-09:50"]

[[commitments]]
id = "Food bank"
kind = "volunteer"
sessions = ["Sat 09:00-12:00"]
counts_toward_cap = true

[[gigs]]
id = "tutor"
pay_rate = 22
relevance = 0.9
mentor = true
sessions = ["Tue,Thu 18:00-20:00"]

[[gigs]]
id = "social"
title = "Social media"
pay_rate = 18
relevance = 0.6
hours = 10
windows = ["Mon-Fri 09:00-17:00"]

[[gigs]]
id = "data"
pay_rate = 20
relevance = 0.3
min_hours = 5
max_hours = 15
min_block = 120

[[gigs]]
id = "night"
weekly_pay = 150
relevance = 0.1
sessions = ["Fri 22:00-02:00"]
"""

ISSUE_PROBLEM = Problem(
    commitments=[
        Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"], kind="class"),
        Commitment("Food bank", ["Sat 09:00-12:00"], kind="volunteer", counts_toward_cap=True),
    ],
    gigs=[
        Gig("tutor", pay_rate=22, relevance=0.9, mentor=True, sessions=["Tue,Thu 18:00-20:00"]),
        Gig("social", title="Social media", pay_rate=18, relevance=0.6, hours=10, windows=["Mon-Fri 09:00-17:00"]),
        Gig("data", pay_rate=20, relevance=0.3, min_hours=5, max_hours=15, min_block=120),
        Gig("night", weekly_pay=150, relevance=0.1, sessions=["Fri 22:00-02:00"]),
    ],
    limits=Limits(max_hours=40, max_work_hours=20, max_day_hours=10),
    weights=Weights(relevance_value=10, mentor_value=25),
)


# ---------------------------------------------------------------- files


def test_load_json(tmp_path):
    path = tmp_path / "week.json"
    path.write_text(ISSUE_JSON)
    problem = load(path)
    assert problem == ISSUE_PROBLEM
    assert [g.is_fixed for g in problem.gigs] == [True, False, False, True]
    assert problem.gig("night").intervals == ((4 * 1440 + 22 * 60, 5 * 1440 + 2 * 60),)
    assert problem.gig("data").grid == 30 and problem.gig("data").min_block == 120
    assert problem.gig("social").min_block == 60


def test_load_toml(tmp_path):
    path = tmp_path / "week.toml"
    path.write_text(ISSUE_TOML)
    assert load(path) == ISSUE_PROBLEM


def test_json_and_toml_give_the_same_problem(tmp_path):
    (tmp_path / "a.json").write_text(ISSUE_JSON)
    (tmp_path / "a.toml").write_text(ISSUE_TOML)
    assert load(tmp_path / "a.json") == load(tmp_path / "a.toml")


def test_suffix_case_does_not_matter(tmp_path):
    path = tmp_path / "WEEK.JSON"
    path.write_text(ISSUE_JSON)
    assert load(path) == ISSUE_PROBLEM


def test_everything_is_optional(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("{}")
    problem = load(path)
    assert problem == Problem()
    assert problem.limits == Limits() and problem.weights == Weights()
    assert problem.commitments == () and problem.gigs == ()
    (tmp_path / "empty.toml").write_text("")
    assert load(tmp_path / "empty.toml") == Problem()


def test_a_single_session_may_be_given_as_text():
    problem = problem_from_dict({"gigs": [{"id": "g", "pay_rate": 1, "sessions": "Mon 09:00-10:00"}]})
    assert problem.gigs[0].sessions == ("Mon 09:00-10:00",)


def test_defaults():
    assert Limits() == Limits(max_hours=40, max_work_hours=None, max_day_hours=None)
    assert Weights() == Weights(relevance_value=10, mentor_value=25)
    commitment = Commitment("c", ["Mon 09:00-10:00"])
    assert commitment.kind == "class" and commitment.counts_toward_cap is True
    gig = Gig("g", pay_rate=1, hours=2)
    assert (gig.relevance, gig.mentor, gig.min_block, gig.grid, gig.windows) == (0.0, False, 60, 30, ())
    assert Gig("f", pay_rate=1, sessions=["Mon 09:00-10:00"]).min_block is None


@pytest.mark.parametrize("name", ["week.json", "week.toml"])
def test_examples_load(name):
    problem = load(EXAMPLES / name)
    kinds = {c.kind for c in problem.commitments}
    assert kinds == {"class", "volunteer", "other"}
    assert any(not c.counts_toward_cap for c in problem.commitments)
    assert any(g.is_fixed for g in problem.gigs) and any(not g.is_fixed for g in problem.gigs)
    assert problem.limits == Limits(max_hours=40, max_work_hours=20, max_day_hours=10)
    assert problem.weights == Weights(relevance_value=10, mentor_value=25)
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def test_main_example_is_a_realistic_week():
    problem = load(EXAMPLES / "week.json")
    classes = [c for c in problem.commitments if c.kind == "class"]
    assert 5 <= len(classes) <= 6
    assert [c.kind for c in problem.commitments].count("volunteer") == 1
    assert 20 <= len(problem.gigs) <= 40
    fixed = [g for g in problem.gigs if g.is_fixed]
    flexible = [g for g in problem.gigs if not g.is_fixed]
    assert len(fixed) >= 15 and len(flexible) >= 10
    assert any(g.mentor for g in problem.gigs) and any(g.weekly_pay for g in problem.gigs)
    assert any(end - start > 0 and start // 1440 != (end - 1) // 1440 for g in fixed for start, end in g.intervals)
    assert all(g.title and g.fields for g in problem.gigs)


# ---------------------------------------------------------------- DataFrames


def test_problem_from_frames():
    commitments = pd.DataFrame(
        [
            {"id": "MATH 201", "kind": "class", "sessions": "Mon,Wed,Fri 09:00-09:50", "counts_toward_cap": None},
            {"id": "Food bank", "kind": "volunteer", "sessions": "Sat 09:00-12:00", "counts_toward_cap": True},
        ]
    )
    gigs = pd.DataFrame(
        {
            "id": ["tutor", "social", "data", "night"],
            "title": [None, "Social media", None, None],
            "pay_rate": [22, 18, 20, np.nan],
            "weekly_pay": [np.nan, np.nan, np.nan, 150],
            "relevance": [0.9, 0.6, 0.3, 0.1],
            "mentor": [True, np.nan, None, None],
            "sessions": ["Tue,Thu 18:00-20:00", None, np.nan, "Fri 22:00-02:00"],
            "hours": [np.nan, 10, np.nan, np.nan],
            "min_hours": [np.nan, np.nan, 5, np.nan],
            "max_hours": [np.nan, np.nan, 15, np.nan],
            "windows": [None, "Mon-Fri 09:00-17:00", None, None],
            "min_block": [np.nan, np.nan, 120.0, np.nan],
        }
    )
    assert gigs["min_block"].dtype == float
    problem = problem_from_frames(
        commitments, gigs, limits={"max_hours": 40, "max_work_hours": 20, "max_day_hours": 10}, weights=Weights(10, 25)
    )
    assert problem == ISSUE_PROBLEM
    assert type(problem.gig("data").min_block) is int


def test_frames_split_sessions_windows_and_fields_on_semicolons():
    gigs = pd.DataFrame(
        [
            {"id": "lab", "pay_rate": 20, "sessions": "Tue 16:00-18:00; Fri 14:00-16:00", "fields": "teaching;python"},
            {
                "id": "web",
                "pay_rate": 25,
                "hours": 4,
                "windows": "Mon-Fri 18:00-22:00;Sat-Sun 10:00-18:00;",
                "fields": "web",
            },
        ]
    )
    problem = problem_from_frames(gigs=gigs)
    assert problem.gig("lab").sessions == ("Tue 16:00-18:00", "Fri 14:00-16:00")
    assert problem.gig("lab").fields == ("teaching", "python")
    assert problem.gig("web").windows == ("Mon-Fri 18:00-22:00", "Sat-Sun 10:00-18:00")
    assert problem.gig("web").fields == ("web",)


def test_frames_from_csv():
    commitments_csv = (
        'id,kind,sessions,counts_toward_cap\nCS 220,class,"Mon,Wed,Fri 10:00-10:50",\nGym,other,Mon 07:00-08:00,False\n'
    )
    gigs_csv = (
        "id,title,pay_rate,weekly_pay,relevance,mentor,sessions,hours,min_block,grid\n"
        "tutor,Tutor,22,,0.9,True,Tue 18:00-20:00; Thu 18:00-20:00,,,\n"
        "social,Social media,18,,0.6,,,6,90,30\n"
        "night,,,150,0.1,False,Fri 22:00-02:00,,,\n"
    )
    problem = problem_from_frames(pd.read_csv(io.StringIO(commitments_csv)), pd.read_csv(io.StringIO(gigs_csv)))
    assert problem.commitments == (
        Commitment("CS 220", ["Mon,Wed,Fri 10:00-10:50"]),
        Commitment("Gym", ["Mon 07:00-08:00"], kind="other", counts_toward_cap=False),
    )
    assert problem.gigs == (
        Gig(
            "tutor",
            title="Tutor",
            pay_rate=22,
            relevance=0.9,
            mentor=True,
            sessions=["Tue 18:00-20:00", "Thu 18:00-20:00"],
        ),
        Gig("social", title="Social media", pay_rate=18, relevance=0.6, hours=6, min_block=90, grid=30),
        Gig("night", weekly_pay=150, relevance=0.1, sessions=["Fri 22:00-02:00"]),
    )


def test_frames_with_nullable_dtypes_and_blank_cells():
    gigs = pd.DataFrame(
        {
            "id": pd.array(["a", "b"], dtype="string"),
            "title": ["", "  "],
            "pay_rate": pd.array([20, pd.NA], dtype="Float64"),
            "weekly_pay": pd.array([pd.NA, 100], dtype="Int64"),
            "hours": [4, 2],
            "min_block": pd.array([120, pd.NA], dtype="Int64"),
            "mentor": pd.array([pd.NA, True], dtype="boolean"),
        }
    )
    problem = problem_from_frames(gigs=gigs)
    assert problem.gigs == (
        Gig("a", pay_rate=20, hours=4, min_block=120),
        Gig("b", weekly_pay=100, hours=2, mentor=True),
    )
    assert problem.gig("a").title is None


def test_frames_object_column_with_pd_na():
    gigs = pd.DataFrame({"id": ["a"], "pay_rate": [20], "hours": [4], "grid": pd.Series([pd.NA], dtype=object)})
    assert problem_from_frames(gigs=gigs).gig("a").grid == 30


def test_frames_integral_floats_only_for_whole_fields():
    gigs = pd.DataFrame({"id": ["a"], "pay_rate": [20.0], "hours": [4.0], "min_block": [60.5]})
    with pytest.raises(ProblemError, match=r"gig 'a': min_block: must be a positive whole number"):
        problem_from_frames(gigs=gigs)


def test_frames_report_unknown_columns_and_bad_rows_at_once():
    gigs = pd.DataFrame({"id": ["a", "b"], "pay_rte": [20, 18], "hours": [4, -1]})
    commitments = pd.DataFrame({"id": ["c"], "kind": ["lecture"], "sessions": ["Mon 09:00-10:00"]})
    with pytest.raises(ProblemError) as info:
        problem_from_frames(commitments, gigs)
    messages = info.value.errors
    assert "gigs: pay_rte: unknown column; did you mean 'pay_rate'?" in messages  # once, not once per row
    assert not any("pay_rte" in m or "pay_rate" in m for m in messages if m.startswith("gig '"))
    assert "gig 'b': hours: must be >= 0, got -1" in messages  # the rows' own problems too
    assert any(m.startswith("commitment 'c': kind:") for m in messages)


def test_frames_read_text_cells_as_csv_cells():
    gigs = pd.read_csv(io.StringIO("id,pay_rate,mentor,hours\na,20,yes,2\nb,18,no,3\n"))
    assert [(g.mentor, g.pay_rate) for g in problem_from_frames(gigs=gigs).gigs] == [(True, 20), (False, 18)]
    text = pd.DataFrame({"id": [" a "], "pay_rate": [" 20 "], "mentor": ["Y"], "hours": ["2.5"]})
    (gig,) = problem_from_frames(gigs=text).gigs
    assert (gig.id, gig.pay_rate, gig.mentor, gig.hours) == (" a ", 20, True, 2.5)


def test_frames_row_without_id():
    gigs = pd.DataFrame({"id": ["a", None], "pay_rate": [20, 18], "hours": [4, 2]})
    with pytest.raises(ProblemError, match=r"gig #2: id: missing"):
        problem_from_frames(gigs=gigs)


def test_frames_empty_and_missing():
    assert problem_from_frames() == Problem()
    assert problem_from_frames(pd.DataFrame(), pd.DataFrame(columns=["id", "pay_rate", "hours"])) == Problem()
    assert problem_from_frames(limits=Limits(max_hours=30)).limits == Limits(max_hours=30)


# ---------------------------------------------------------------- writing back: nothing is dropped


def test_problem_to_dict_of_the_issue_example():
    data = problem_to_dict(ISSUE_PROBLEM)
    assert json.loads(json.dumps(data)) == data
    assert data["limits"] == {"max_work_hours": 20, "max_day_hours": 10}  # max_hours 40 is the default
    assert data["weights"] == {}  # both are the defaults
    assert data["commitments"][1] == {
        "id": "Food bank",
        "sessions": ["Sat 09:00-12:00"],
        "kind": "volunteer",
        "counts_toward_cap": True,
    }
    assert data["gigs"][0]["mentor"] is True and data["gigs"][3]["weekly_pay"] == 150
    assert problem_from_dict(data) == ISSUE_PROBLEM


def _init_names(cls):
    """The fields a week problem may give (the term's own round-trip: tests/term/test_term_input.py)."""
    term_only = {"start", "end", "skip", "in_breaks", "counts_toward_work", "total_hours", "fee", "due"}
    term_only |= {"max_week_hours", "max_fortnight_work_hours"}
    return {f.name for f in dataclasses.fields(cls) if f.init} - term_only


def test_every_field_survives_the_round_trip():
    fixed = Gig(
        "fixed", pay_rate=21.5, weekly_pay=10, relevance=0.75, mentor=True, title="Lab TA",
        fields=["teaching", "python"], sessions=["Tue 16:00-18:00", "Sun 23:00-01:00"], growth=0.5, conversion=0.25,
        location="campus",
    )  # fmt: skip
    flexible = Gig(
        "flex", pay_rate=18, weekly_pay=5, relevance=0.25, mentor=True, title="Data cleaning",
        fields=["data"], min_hours=2, max_hours=7.5, windows=["Mon-Fri 09:00-17:00", "Sat 10:00-12:00"],
        min_block=90, grid=15, growth=1, conversion=0.1, location="downtown",
    )  # fmt: skip
    exact = Gig("exact", pay_rate=0, relevance=0, hours=3)
    gym = Commitment("Gym", ["Mon,Wed 07:00-08:00"], kind="other", counts_toward_cap=False, location="gym")
    problem = Problem(
        [gym], [fixed, flexible, exact],
        Limits(max_hours=35.5, max_work_hours=20, max_day_hours=9, min_week_pay=50, min_work_hours=2),
        Weights(relevance_value=12.5, mentor_value=0, growth_value=3, conversion_value=40),
    )  # fmt: skip
    data = json.loads(json.dumps(problem_to_dict(problem)))
    assert set(data) == {"limits", "weights", "commitments", "gigs"}
    assert set(data["limits"]) == _init_names(Limits)
    assert set(data["weights"]) == _init_names(Weights)
    assert set(data["commitments"][0]) == _init_names(Commitment)
    flexible_only = {"hours", "min_hours", "max_hours", "windows", "min_block", "grid"}
    assert set(data["gigs"][0]) == _init_names(Gig) - flexible_only
    assert set(data["gigs"][1]) == _init_names(Gig) - {"sessions", "hours"}
    assert data["gigs"][2]["pay_rate"] == 0 and data["gigs"][2]["relevance"] == 0 and data["gigs"][2]["mentor"] is False
    again = problem_from_dict(data)
    assert again == problem
    for before, after in zip((*problem.commitments, *problem.gigs), (*again.commitments, *again.gigs)):
        for name in _init_names(type(before)):
            assert getattr(after, name) == getattr(before, name), name
        assert after.intervals == before.intervals


def test_round_trip_keeps_explicit_defaults_equal():
    # a field the user wrote with its default value reads back to an equal problem
    problem = problem_from_dict(
        {"limits": {"max_hours": 40}, "gigs": [{"id": "g", "pay_rate": 1, "hours": 2, "min_block": 60, "grid": 30}]}
    )
    assert problem_from_dict(problem_to_dict(problem)) == problem
    assert problem_to_dict(problem)["gigs"][0]["min_block"] == 60


def test_round_trip_through_frames():
    data = problem_to_dict(ISSUE_PROBLEM)
    again = problem_from_frames(
        pd.DataFrame(data["commitments"]),
        pd.DataFrame(data["gigs"]),
        limits=ISSUE_PROBLEM.limits,
        weights=data["weights"],
    )
    assert again == ISSUE_PROBLEM


# ---------------------------------------------------------------- round trip on random problems


def _day_list(draw) -> str:
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True))
    return ",".join(days)


@st.composite
def session_texts(draw, max_size=3):
    """Session texts of one item that never overlap each other: one time of day, distinct days."""
    start = draw(st.integers(0, 95)) * 15
    length = draw(st.integers(1, 96 if start == 0 else 95)) * 15  # 24 hours only from midnight (00:00-24:00)
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
    end = (start + length) % 1440
    end_text = "24:00" if start + length == 1440 else clock(end)
    groups = draw(st.integers(1, min(max_size, len(days))))
    return [f"{','.join(days[i::groups])} {clock(start)}-{end_text}" for i in range(groups)]


money = st.one_of(st.integers(0, 60), st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 2)))
hours = st.one_of(st.none(), st.integers(0, 60), st.floats(0, 60).map(lambda x: round(x, 1)))
ids = st.text("abcdefgh0123456789 -", min_size=1, max_size=8).filter(str.strip)
PRINTABLE = st.characters(blacklist_categories=["Cc", "Cs"])  # titles hold no control characters


@st.composite
def gigs(draw, gig_id):
    pay_rate, weekly_pay = draw(st.sampled_from([(True, False), (False, True), (True, True)]))
    common = {
        "id": gig_id,
        "pay_rate": draw(money) if pay_rate else None,
        "weekly_pay": draw(money) if weekly_pay else None,
        "relevance": draw(st.one_of(st.sampled_from([0, 1, 0.5]), st.floats(0, 1))),
        "mentor": draw(st.booleans()),
        "title": draw(st.one_of(st.none(), st.text(PRINTABLE, min_size=1, max_size=10).filter(str.strip))),
        "fields": draw(st.lists(st.sampled_from(["data", "web", "ml", "tutoring"]), max_size=3)),
    }
    if draw(st.booleans()):
        return Gig(**common, sessions=draw(session_texts()))
    grid = draw(st.sampled_from([5, 15, 30, 60, 120]))
    min_block = grid * draw(st.integers(1, 4))
    low = draw(st.integers(min_block // grid, 40))
    windows = draw(st.one_of(st.just([]), session_texts()))
    if draw(st.booleans()):
        return Gig(**common, hours=low * grid / 60, windows=windows, min_block=min_block, grid=grid)
    high = low + draw(st.integers(0, 20))
    lo, hi = low * grid / 60, high * grid / 60
    return Gig(**common, min_hours=lo, max_hours=hi, windows=windows, min_block=min_block, grid=grid)


@st.composite
def problems(draw):
    names = draw(st.lists(ids, max_size=8, unique=True))
    split = draw(st.integers(0, len(names)))
    commitments = [
        Commitment(
            name,
            draw(session_texts()),
            kind=draw(st.sampled_from(["class", "volunteer", "other"])),
            counts_toward_cap=draw(st.booleans()),
        )
        for name in names[:split]
    ]
    gig_list = [draw(gigs(name)) for name in names[split:]]
    limits = Limits(
        max_hours=draw(st.integers(0, 168) | st.floats(0, 168)),
        max_work_hours=draw(hours),
        max_day_hours=draw(st.none() | st.integers(0, 24)),
    )
    weights = Weights(relevance_value=draw(money), mentor_value=draw(money))
    return Problem(commitments, gig_list, limits, weights)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_round_trip_random_problems(problem):
    data = problem_to_dict(problem)
    assert problem_from_dict(data) == problem
    assert problem_from_dict(json.loads(json.dumps(data))) == problem


@settings(max_examples=30, deadline=None)
@given(problems())
def test_round_trip_random_problems_through_files(tmp_path_factory, problem):
    path = tmp_path_factory.mktemp("rt") / "week.json"
    path.write_text(json.dumps(problem_to_dict(problem), indent=2))
    assert load(path) == problem


@settings(max_examples=40, deadline=None)
@given(problems())
def test_round_trip_random_problems_through_frames(problem):
    data = problem_to_dict(problem)
    again = problem_from_frames(
        pd.DataFrame(data["commitments"]) if data["commitments"] else None,
        pd.DataFrame(data["gigs"]) if data["gigs"] else None,
        limits=data["limits"],
        weights=data["weights"],
    )
    assert again == problem


def test_public_names():
    for name in ("load", "problem_from_dict", "problem_from_frames", "problem_to_dict", "ProblemError"):
        assert name in stacker.__all__
    assert math.isclose(Gig("g", pay_rate=10, relevance=0.5, mentor=True, hours=2).value(2, Weights()), 2 * 15 + 25)
