"""The columnar readers give what the per-object path gives: the same gigs, plans and messages.

The per-object path is built here from ``Gig(**fields)`` itself, one item at
a time, so that each comparison is against Gig's own behaviour.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from checker import assert_plan_is_feasible
from hypothesis import HealthCheck, given, settings
from strategies import problems

import stacker
from stacker import (
    Commitment,
    Gig,
    GigTable,
    Limits,
    Problem,
    ProblemError,
    Weights,
    load,
    load_folder,
    problem_from_dict,
    problem_from_frames,
    problem_to_dict,
    read_gigs,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GIG_FIELDS = ("id", "title", "fields", "pay_rate", "weekly_pay", "relevance", "mentor", "growth", "conversion",
              "sessions", "hours", "min_hours", "max_hours", "windows", "min_block", "grid")  # fmt: skip


def _given(gig: Gig) -> dict:
    """The fields a user would write for this gig (what problem_to_dict writes)."""
    return problem_to_dict(Problem(gigs=[gig]))["gigs"][0]


def _one_by_one(items: list[dict]) -> tuple[tuple[Gig, ...], list[str]]:
    """The per-object path: Gig(**item) for each item, every message in item order."""
    gigs, errors = [], []
    for item in items:
        try:
            gigs.append(Gig(**item))
        except ProblemError as error:
            errors.extend(error.errors)
    return tuple(gigs), errors


def _messages(action) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        action()
    return caught.value.errors


def _csv(path: Path, items: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(GIG_FIELDS)
        for item in items:
            cells = []
            for name in GIG_FIELDS:
                value = item.get(name)
                cells.append("; ".join(value) if isinstance(value, list) else "" if value is None else str(value))
            writer.writerow(cells)
    return path


# ---------------------------------------------------------------- same gigs, same plans


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_fixed=6, max_flexible=3))
def test_json_csv_and_frames_round_trip_random_pools(tmp_path_factory, problem):
    items = [_given(gig) for gig in problem.gigs]
    expected, errors = _one_by_one(items)
    assert not errors and expected == tuple(problem.gigs)
    folder = tmp_path_factory.mktemp("pool")
    (folder / "p.json").write_text(json.dumps(problem_to_dict(problem)), encoding="utf-8")
    from_json = load(folder / "p.json")
    from_csv = read_gigs(_csv(folder / "gigs.csv", items))
    frame = pd.DataFrame([{k: "; ".join(v) if isinstance(v, list) else v for k, v in i.items()} for i in items])
    from_frames = problem_from_frames(gigs=frame if items else None)
    assert from_json == problem
    assert isinstance(from_json.gigs, GigTable) and from_json.gigs.objects is None  # built as columns
    assert from_csv == expected and from_frames.gigs == expected
    assert [g.intervals for g in from_csv] == [g.intervals for g in expected]
    assert [g.window_intervals for g in from_json.gigs] == [g.window_intervals for g in expected]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_fixed=6, max_flexible=2))
def test_columnar_problem_solves_like_the_objects(problem):
    columnar = problem_from_dict(problem_to_dict(problem))
    by_objects, by_columns = stacker.solve(problem), stacker.solve(columnar)
    assert by_columns.status == by_objects.status
    if by_objects.status.name in ("OPTIMAL", "FEASIBLE"):
        assert by_columns.objective == pytest.approx(by_objects.objective, abs=1e-6)
        assert_plan_is_feasible(columnar, by_columns)
        assert_plan_is_feasible(problem, by_objects)


def test_examples_read_as_columns_equal_the_objects():
    rows = pd.read_csv(EXAMPLES / "gigs.csv", dtype=str, keep_default_na=False).to_dict(orient="records")
    from stacker.readers._cells import row, typed
    from stacker.readers.spreadsheet import _KINDS

    items = [row({k: typed(_KINDS[k], v.strip()) for k, v in r.items()}) for r in rows]
    expected, errors = _one_by_one(items)
    assert not errors
    folder = load_folder(EXAMPLES, notes=[])
    assert folder.gigs == expected == read_gigs(EXAMPLES / "gigs.csv")
    week = load(EXAMPLES / "week.json")
    objects = Problem(week.commitments, tuple(Gig(**_given(g)) for g in week.gigs), week.limits, week.weights)
    assert week == objects
    for problem in (folder, week):
        plan = stacker.solve(problem)
        assert plan.status.name == "OPTIMAL"
        assert_plan_is_feasible(problem, plan)
    assert stacker.solve(objects).objective == pytest.approx(stacker.solve(week).objective)


# ---------------------------------------------------------------- same messages


BAD_ITEMS = [
    {"id": "ok", "pay_rate": 20, "sessions": ["Mon 09:00-10:00"]},
    {"id": "neg", "pay_rate": -3, "sessions": ["Mon 09:00-10:00"]},
    {"id": "nopay", "sessions": ["Tue 09:00-10:00"]},
    {"id": "badday", "pay_rate": 5, "sessions": ["Mo 09:00-10:00", "Tue 25:00-26:00"]},
    {"id": "both", "pay_rate": 5, "sessions": ["Wed 09:00-10:00"], "hours": 3},
    {"id": "flexbad", "pay_rate": 5, "hours": 3, "grid": 7, "windows": ["Mon 09:00-17:00"]},
    {"id": "block", "pay_rate": 5, "hours": 3, "min_block": 60.0},
    {"id": "boolhours", "pay_rate": 5, "hours": True},
    {"id": "rel", "pay_rate": 5, "relevance": 1.5, "sessions": ["Thu 09:00-10:00"]},
    {"id": "relnull", "pay_rate": 5, "relevance": None, "sessions": ["Thu 09:00-10:00"]},
    {"id": "mentornull", "pay_rate": 5, "mentor": None, "sessions": ["Thu 09:00-10:00"]},
    {"id": "mentor1", "pay_rate": 5, "mentor": 1, "sessions": ["Thu 09:00-10:00"]},
    {"id": " ", "pay_rate": 5, "sessions": ["Fri 09:00-10:00"]},
    {"id": "title", "pay_rate": 5, "title": "", "fields": ["x", ""], "sessions": ["Fri 09:00-10:00"]},
    {"id": "overlap", "pay_rate": 5, "sessions": ["Sat 09:00-11:00", "Sat 10:00-12:00"]},
    {"id": "nan", "pay_rate": float("nan"), "sessions": ["Sat 13:00-14:00"]},
    {"id": "range", "pay_rate": 5, "min_hours": 4, "max_hours": 2},
    {"id": "weird", "pay_rate": 5, "sessions": [{"day": "Mon"}]},
    {"id": "ok2", "pay_rate": 5, "hours": 2.0, "min_block": 60},
]


def test_every_bad_item_gets_gigs_own_messages_in_order():
    expected_gigs, expected = _one_by_one(BAD_ITEMS)
    assert len(expected) > len(BAD_ITEMS) - 3  # the items are bad, several more than once
    assert _messages(lambda: problem_from_dict({"gigs": BAD_ITEMS})) == expected
    good = [item for item in BAD_ITEMS if item["id"] in {g.id for g in expected_gigs}]
    assert problem_from_dict({"gigs": good}).gigs == expected_gigs


def test_structural_messages_come_before_gigs_own_item_by_item():
    items = [
        {"id": "a", "pay_rat": 3, "pay_rate": -1, "sessions": "Mon 09:00-10:00"},
        "not a table",
        {"pay_rate": 3},
        {"id": "b", "pay_rate": 3, "sessions": "Mon 09:00-10:00"},
        {"id": "c", "weekly_pay": "x", "hours": 2},
    ]
    assert _messages(lambda: problem_from_dict({"gigs": items})) == [
        "gig 'a': pay_rat: unknown field; did you mean 'pay_rate'?",
        "gig 'a': pay_rate: must be >= 0, got -1",
        "gig #2: must be a table of fields, got str",
        "gig #3: id: missing; it is required",
        "gig 'c': weekly_pay: must be a number, got 'x'",
    ]


def test_spreadsheet_and_frame_messages_are_gigs_own_with_the_row(tmp_path):
    left_out = ("relnull", "mentornull", "boolhours", "weird", "nan", " ", "mentor1", "title")  # no such cell text
    items = [item for item in BAD_ITEMS if item["id"] not in left_out]
    items = [{k: v for k, v in item.items()} for item in items]
    _, per_item = _one_by_one([{**item, "min_block": 60} if item["id"] == "block" else item for item in items])
    path = _csv(tmp_path / "gigs.csv", items)
    found = _messages(lambda: read_gigs(path))
    assert [message.split(": ", 2)[2] for message in found] == per_item
    assert all(message.startswith(f"{path}: row ") for message in found)
    rows = [f"{path}: row {i + 2}: " for i in range(len(items))]
    assert {message[: message.index(": gig") + 2] for message in found} <= set(rows)
    frame = pd.DataFrame([{k: "; ".join(v) if isinstance(v, list) else v for k, v in i.items()} for i in items])
    _, per_row = _one_by_one([{k: v for k, v in r.items() if v is not None} for r in _frame_rows(frame)])
    assert _messages(lambda: problem_from_frames(gigs=frame)) == per_row


def _frame_rows(frame: pd.DataFrame) -> list[dict]:
    from stacker.readers._cells import row

    return [row(record) for record in frame.to_dict(orient="records")]


def test_columns_doubted_but_accepted_rows_are_read_as_gig_reads_them():
    table = GigTable.from_columns(
        ["a", "b", "c"],
        pay_rate=[1, np.int64(2), 3.5],
        mentor=[np.True_, False, None],
        sessions=[("Mon 09:00-10:00",), "Tue 09:00-10:00", ["Wed 09:00-10:00"]],
        fields=[None, {"x"}, ("y",)],
    )
    assert table == (
        Gig("a", pay_rate=1, mentor=True, sessions="Mon 09:00-10:00"),
        Gig("b", pay_rate=2, sessions="Tue 09:00-10:00", fields=("x",)),
        Gig("c", pay_rate=3.5, sessions="Wed 09:00-10:00", fields=("y",)),
    )


# ---------------------------------------------------------------- the documented Gig-from-row path


def test_from_shape_equals_replace_and_checks_the_row():
    shape = Gig("shape", pay_rate=0, windows=["Mon-Fri 09:00-17:00"], min_hours=2, max_hours=6)
    made = Gig.from_shape(shape, "x", weekly_pay=50, relevance=0.5, mentor=True, title="T", fields=["a"])
    assert made == shape.replace(
        id="x", pay_rate=None, weekly_pay=50, relevance=0.5, mentor=True, title="T", fields=["a"]
    )
    assert made.window_intervals == shape.window_intervals and made.step_range == shape.step_range
    assert _messages(lambda: Gig.from_shape(shape, "y", pay_rate=-1, relevance=2, mentor="no")) == _messages(
        lambda: shape.replace(id="y", pay_rate=-1, relevance=2, mentor="no")
    )
    assert _messages(lambda: Gig.from_shape("shape", "z", pay_rate=1)) == ["gig 'z': shape: must be a Gig, got str"]


def test_a_table_row_is_made_once_and_on_demand():
    table = GigTable.from_columns(["a", "b"], pay_rate=[1, 2], sessions=["Mon 09:00-10:00", "Mon 09:00-10:00"])
    assert table.made == 0 and len(table.shapes) == 1
    assert table[1] is table[-1] and table.made == 1
    assert table[:] == tuple(table) and table.made == 2


# ---------------------------------------------------------------- one error type for replace()


@pytest.mark.parametrize(
    ("item", "changes", "message"),
    [
        (Gig("x", pay_rate=1, hours=2), {"pay_rat": 3}, "gig 'x': pay_rat: unknown field; did you mean 'pay_rate'?"),
        (Commitment("c", "Mon 09:00-10:00"), {"kindd": "x"}, "commitment 'c': kindd: unknown field; did you mean 'kind'?"),
        (Limits(), {"max_hour": 3}, "limits: max_hour: unknown field; did you mean 'max_hours'?"),
        (Weights(), {"mentor": 3}, "weights: mentor: unknown field; did you mean 'mentor_value'?"),
        (Problem(), {"gig": ()}, "problem: gig: unknown field; did you mean 'gigs'?"),
        (Gig("x", pay_rate=1, hours=2), {"intervals": ()}, ("gig 'x': intervals: unknown field; known fields: "
         "id, pay_rate, weekly_pay, relevance, mentor, title, fields, sessions, hours, min_hours, max_hours, windows, "
         "min_block, grid, start, end, skip, in_breaks, total_hours, fee, due, max_week_hours, growth, conversion, location")),
    ],
)  # fmt: skip
def test_replace_with_an_unknown_keyword_is_a_problem_error(item, changes, message):
    assert _messages(lambda: item.replace(**changes)) == [message]


def test_replace_with_a_bad_value_is_a_problem_error():
    assert _messages(lambda: Limits().replace(max_hours=-1)) == ["limits: max_hours: must be >= 0, got -1"]
    gigs = (Gig("x", pay_rate=1, hours=2), Gig("y", pay_rate=1, hours=2))
    problem = Problem(gigs=gigs).drop_gig("x")
    assert problem.gigs == gigs[1:] and problem.add_gig(gigs[0]).gigs == (gigs[1], gigs[0])
    assert _messages(lambda: problem.replace(gigs=[1])) == ["problem: gigs: item 0 must be a Gig, got int"]
