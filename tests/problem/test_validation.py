"""Bad input: every case raises ProblemError naming the item, the field and what is wrong."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from problem_errors import CLASS, FIXED, FLEX, assert_names, error_of

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, Weights, problem_from_dict


def gig_error(**changes) -> ProblemError:
    base = FLEX if "sessions" not in changes else FIXED
    data = {**base, **changes}
    return error_of(lambda: problem_from_dict({"gigs": [{k: v for k, v in data.items() if v is not ...}]}))


# ---------------------------------------------------------------- the exception type


def test_problem_error_is_one_documented_value_error():
    assert issubclass(ProblemError, ValueError)
    assert stacker.ProblemError is ProblemError
    assert ProblemError.__doc__
    error = ProblemError(["a: x: bad", "b: y: bad"])
    assert error.errors == ["a: x: bad", "b: y: bad"]
    assert str(error) == "a: x: bad\nb: y: bad"
    assert ProblemError("one").errors == ["one"]


def test_issue_example_message():
    error = gig_error(sessions=["Mon 25:00-26:00"])
    assert error.errors == ["gig 'g17': session 'Mon 25:00-26:00': hour must be 0-24"]


# ---------------------------------------------------------------- duplicate ids


def test_duplicate_gig_ids():
    data = {"gigs": [FIXED, {**FLEX, "relevance": 0.1}]}
    assert_names(error_of(lambda: problem_from_dict(data)), "gig 'g17'", "id", "duplicate")


def test_duplicate_gig_and_commitment_id():
    data = {"commitments": [{**CLASS, "id": "g17"}], "gigs": [FIXED]}
    message = assert_names(error_of(lambda: problem_from_dict(data)), "'g17'", "id", "duplicate")
    assert "commitment" in message


def test_duplicate_commitment_ids_in_python_objects():
    one = Commitment("MATH 201", ["Mon 09:00-09:50"])
    two = Commitment("MATH 201", ["Tue 09:00-09:50"])
    assert_names(error_of(lambda: Problem(commitments=[one, two])), "commitment 'MATH 201'", "id", "duplicate")


# ---------------------------------------------------------------- days and sessions


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Funday 09:00-10:00", "unknown day 'Funday'"),
        ("Mon,Tues 09:00-10:00", "unknown day 'Tues'"),
        ("Mon-Fryday 09:00-10:00", "unknown day 'Fryday'"),
        ("Mon 9-10", "must be HH:MM"),
        ("Mon 24:30-25:00", "24:"),
        ("Mon 25:00-26:00", "hour must be 0-24"),
        ("Mon 10:00-10:60", "minute must be 0-59"),
        ("Mon 24:00-01:00", "24:00 is only valid as an end"),
        ("Mon09:00-10:00", "must look like"),
        ("Mon 09:00", "must look like"),
        ("", "must look like"),
        ("Mon,Mon 09:00-10:00", "twice"),
    ],
)
def test_malformed_session_text(text, what):
    message = assert_names(gig_error(sessions=[text]), "gig 'g17'", f"session {text!r}", what)
    assert message.startswith("gig 'g17': session ")


@pytest.mark.parametrize("text", ["Funday 09:00-10:00", "Mon 9-10", "Mon 10:00-10:60"])
def test_malformed_window_text(text):
    assert_names(gig_error(windows=[text]), "gig 'g17'", f"window {text!r}")


def test_malformed_commitment_session():
    data = {"commitments": [{**CLASS, "sessions": ["Mon 24:30-25:00"]}]}
    assert_names(error_of(lambda: problem_from_dict(data)), "commitment 'MATH 201'", "session 'Mon 24:30-25:00'")


@pytest.mark.parametrize("session", [5, None, ["Mon 09:00-10:00"]])
def test_session_that_is_not_text(session):
    error = error_of(lambda: Gig("g17", pay_rate=20, sessions=[session, "Tue 09:00-10:00"]))
    assert_names(error, "gig 'g17'", "session", "must be text")


def test_sessions_not_a_list():
    assert_names(error_of(lambda: Gig("g17", pay_rate=20, sessions=5)), "gig 'g17'", "session 5", "must be text")
    assert_names(error_of(lambda: Problem(gigs=5)), "gigs", "must be a Gig")


# ---------------------------------------------------------------- numbers out of range


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("pay_rate", -1, ">= 0"),
        ("weekly_pay", -50, ">= 0"),
        ("hours", -2, ">= 0"),
        ("relevance", 1.5, "<= 1"),
        ("relevance", -0.1, ">= 0"),
    ],
)
def test_negative_or_out_of_range(field, value, what):
    assert_names(gig_error(**{field: value}), "gig 'g17'", f"{field}:", what, str(value))


def test_negative_min_and_max_hours():
    error = gig_error(hours=..., min_hours=-1, max_hours=-0.5)
    assert_names(error, "gig 'g17'", "min_hours", ">= 0")
    assert_names(error, "gig 'g17'", "max_hours", ">= 0")


def test_zero_hours():
    assert_names(gig_error(hours=0), "gig 'g17'", "hours", "more than 0")


def test_no_pay_at_all():
    assert_names(gig_error(pay_rate=...), "gig 'g17'", "pay_rate", "weekly_pay")


def test_relevance_none():
    assert_names(error_of(lambda: Gig("g17", pay_rate=20, hours=2, relevance=None)), "gig 'g17'", "relevance")


# ---------------------------------------------------------------- fixed or flexible


def test_fixed_gig_without_sessions_or_hours():
    for sessions in (..., [], None):
        data = {**FIXED, "sessions": sessions}
        if sessions is ...:
            del data["sessions"]
        error = error_of(lambda data=data: problem_from_dict({"gigs": [data]}))
        assert_names(error, "gig 'g17'", "hours", "sessions")


def test_flexible_gig_without_hours():
    assert_names(gig_error(hours=...), "gig 'g17'", "hours", "needs sessions")


def test_min_hours_without_max_hours():
    assert_names(gig_error(hours=..., min_hours=2), "gig 'g17'", "max_hours", "missing")
    assert_names(gig_error(hours=..., max_hours=2), "gig 'g17'", "min_hours", "missing")


def test_min_hours_above_max_hours():
    assert_names(gig_error(hours=..., min_hours=8, max_hours=4), "gig 'g17'", "min_hours", "8", "max_hours 4")


def test_hours_and_range_both_given():
    assert_names(gig_error(min_hours=2, max_hours=6), "gig 'g17'", "hours", "not both")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours", 4),
        ("min_hours", 2),
        ("max_hours", 6),
        ("windows", ["Mon 09:00-17:00"]),
        ("min_block", 60),
        ("grid", 30),
    ],
)
def test_sessions_and_flexible_fields_both_given(field, value):
    assert_names(gig_error(sessions=["Tue 18:00-20:00"], **{field: value}), "gig 'g17'", field, "sessions")


def test_fixed_gig_whose_sessions_overlap():
    error = gig_error(sessions=["Mon-Fri 09:00-12:00", "Wed 11:00-13:00"])
    assert_names(error, "gig 'g17'", "sessions", "Wed 09:00-12:00 overlaps Wed 11:00-13:00")


def test_fixed_gig_overlap_across_midnight_and_week_end():
    assert_names(gig_error(sessions=["Fri 22:00-02:00", "Sat 01:00-03:00"]), "gig 'g17'", "sessions", "overlaps")
    assert_names(gig_error(sessions=["Sun 23:00-02:00", "Mon 01:00-03:00"]), "gig 'g17'", "sessions", "overlaps")


def test_touching_sessions_are_fine():
    gig = Gig("g17", pay_rate=20, sessions=["Mon 09:00-10:00", "Mon 10:00-11:00", "Sun 22:00-24:00", "Mon 00:00-01:00"])
    assert len(gig.intervals) == 4


def test_commitment_whose_sessions_overlap():
    data = {"commitments": [{**CLASS, "sessions": ["Mon 09:00-10:00", "Mon 09:30-10:30"]}]}
    assert_names(error_of(lambda: problem_from_dict(data)), "commitment 'MATH 201'", "sessions", "overlaps")


# ---------------------------------------------------------------- grid and blocks


@pytest.mark.parametrize("grid", [7, 0, -30, 25, 1441, 30.5, "30", True])
def test_grid_must_divide_a_day(grid):
    assert_names(gig_error(grid=grid), "gig 'g17'", "grid", "divides a day", repr(grid))


@pytest.mark.parametrize(("min_block", "grid"), [(45, 30), (50, 15), (90, 60)])
def test_min_block_not_a_multiple_of_grid(min_block, grid):
    assert_names(gig_error(min_block=min_block, grid=grid), "gig 'g17'", "min_block", f"multiple of grid ({grid} min)")


@pytest.mark.parametrize("min_block", [0, -60, 60.5, "60"])
def test_min_block_not_a_positive_whole_number(min_block):
    assert_names(gig_error(min_block=min_block), "gig 'g17'", "min_block", "positive whole number")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": 10.1}, "hours"),  # 606 minutes: not a whole number of 30-minute steps
        ({"hours": 0.5, "min_block": 60}, "hours"),  # shorter than one block
        ({"hours": 1.25, "grid": 30}, "hours"),
        ({"hours": ..., "min_hours": 1.1, "max_hours": 1.4}, "min_hours"),  # no 30-min step in the range
        ({"hours": ..., "min_hours": 0.25, "max_hours": 0.75, "min_block": 60}, "min_hours"),
    ],
)
def test_hours_no_grid_steps_can_meet(changes, field):
    message = assert_names(gig_error(**changes), "gig 'g17'", f"{field}:", "cannot be met")
    assert "grid" in message


def test_hours_grid_steps_that_work():
    assert Gig("g", pay_rate=1, hours=1.25, grid=15).step_range == (5, 5)
    assert Gig("g", pay_rate=1, min_hours=1.1, max_hours=2.4).step_range == (3, 4)
    assert Gig("g", pay_rate=1, min_hours=0, max_hours=3, min_block=120).step_range == (4, 6)


# ---------------------------------------------------------------- NaN anywhere


NAN_FIELDS = ["pay_rate", "weekly_pay", "relevance", "hours"]


@pytest.mark.parametrize("nan", [float("nan"), np.nan, np.float32("nan"), np.float64("nan")])
@pytest.mark.parametrize("field", NAN_FIELDS)
def test_nan_in_gig_fields(field, nan):
    assert_names(gig_error(**{field: nan}), "gig 'g17'", f"{field}:", "finite", "nan")


@pytest.mark.parametrize("field", ["min_hours", "max_hours"])
def test_nan_in_hour_range(field):
    changes = {"hours": ..., "min_hours": 1, "max_hours": 3, field: float("nan")}
    assert_names(gig_error(**changes), "gig 'g17'", f"{field}:", "nan")


@pytest.mark.parametrize("field", ["min_block", "grid"])
def test_nan_in_block_fields(field):
    assert_names(gig_error(**{field: float("nan")}), "gig 'g17'", f"{field}:", "nan")


@pytest.mark.parametrize("field", ["mentor", "title"])
def test_nan_in_other_gig_fields(field):
    assert_names(gig_error(**{field: float("nan")}), "gig 'g17'", f"{field}:", "nan")


def test_nan_in_commitment_and_sessions():
    error = error_of(lambda: Commitment("c", sessions=[float("nan")], counts_toward_cap=float("nan")))
    assert_names(error, "commitment 'c'", "session nan")
    assert_names(error, "commitment 'c'", "counts_toward_cap", "nan")


@pytest.mark.parametrize("field", ["max_hours", "max_work_hours", "max_day_hours"])
def test_nan_in_limits(field):
    assert_names(error_of(lambda: Limits(**{field: float("nan")})), "limits", f"{field}:", "finite")


@pytest.mark.parametrize("field", ["relevance_value", "mentor_value"])
def test_nan_in_weights(field):
    assert_names(error_of(lambda: Weights(**{field: np.nan})), "weights", f"{field}:", "finite")


def test_nan_from_json_text():
    data = json.loads('{"gigs": [{"id": "g17", "pay_rate": NaN, "hours": 4}], "limits": {"max_hours": NaN}}')
    assert math.isnan(data["gigs"][0]["pay_rate"])
    error = error_of(lambda: problem_from_dict(data))
    assert_names(error, "gig 'g17'", "pay_rate", "finite")
    assert_names(error, "limits", "max_hours", "finite")


def test_infinity_is_rejected():
    assert_names(gig_error(pay_rate=float("inf")), "gig 'g17'", "pay_rate", "finite")
    assert_names(error_of(lambda: Limits(max_hours=float("inf"))), "limits", "max_hours", "finite")


# ---------------------------------------------------------------- unknown fields


def test_unknown_gig_field_with_hint():
    error = gig_error(pay_rat=20)
    assert error.errors == ["gig 'g17': pay_rat: unknown field; did you mean 'pay_rate'?"]


@pytest.mark.parametrize(
    ("data", "label", "typo", "hint"),
    [
        ({"gigs": [{**FLEX, "windw": ["Mon 09:00-10:00"]}]}, "gig 'g17'", "windw", "windows"),
        ({"gigs": [{**FLEX, "minblock": 60}]}, "gig 'g17'", "minblock", "min_block"),
        (
            {"commitments": [{**CLASS, "counts_towards_cap": False}]},
            "commitment 'MATH 201'",
            "counts_towards_cap",
            "counts_toward_cap",
        ),
        ({"commitments": [{**CLASS, "session": ["Mon 09:00-10:00"]}]}, "commitment 'MATH 201'", "session", "sessions"),
        ({"limits": {"max_hour": 30}}, "limits", "max_hour", "max_hours"),
        ({"weights": {"mentor": 30}}, "weights", "mentor", "mentor_value"),
        ({"gig": []}, "problem", "gig", "gigs"),
        ({"limit": {}}, "problem", "limit", "limits"),
    ],
)
def test_unknown_fields_are_not_ignored(data, label, typo, hint):
    message = assert_names(error_of(lambda: problem_from_dict(data)), label, typo, "unknown field")
    assert f"did you mean {hint!r}?" in message


def test_unknown_field_without_a_close_match_lists_the_known_fields():
    message = assert_names(gig_error(colour="red"), "gig 'g17'", "colour", "unknown field")
    assert "known fields:" in message and "pay_rate" in message


def test_missing_id_in_plain_data():
    data = {"commitments": [{"sessions": ["Mon 09:00-10:00"]}], "gigs": [FIXED, {"pay_rate": 20, "hours": 4}]}
    error = error_of(lambda: problem_from_dict(data))
    assert error.errors == ["commitment #1: id: missing; it is required", "gig #2: id: missing; it is required"]


def test_computed_fields_are_not_accepted_as_input():
    assert_names(gig_error(intervals=[(0, 60)]), "gig 'g17'", "intervals", "unknown field")


# ---------------------------------------------------------------- bad types


@pytest.mark.parametrize("value", ["20", [20], {"per": "hour"}, True])
def test_pay_rate_of_a_bad_type(value):
    assert_names(gig_error(pay_rate=value), "gig 'g17'", "pay_rate", "must be a number")


@pytest.mark.parametrize("value", ["yes", 1, 0, "true", None])
def test_mentor_not_a_bool(value):
    assert_names(gig_error(mentor=value), "gig 'g17'", "mentor", "true or false", repr(value))


@pytest.mark.parametrize("value", ["no", 0, None])
def test_counts_toward_cap_not_a_bool(value):
    data = {"commitments": [{**CLASS, "counts_toward_cap": value}]}
    error = error_of(lambda: problem_from_dict(data))
    assert_names(error, "commitment 'MATH 201'", "counts_toward_cap", "true or false")


@pytest.mark.parametrize("value", ["4", True, [4]])
def test_hours_of_a_bad_type(value):
    assert_names(gig_error(hours=value), "gig 'g17'", "hours", "must be a number")


@pytest.mark.parametrize("value", [17, "", "   ", None])
def test_bad_ids(value):
    assert_names(error_of(lambda: Gig(value, pay_rate=20, hours=4)), "gig", "id", "non-empty string")


@pytest.mark.parametrize(("field", "value"), [("title", 5), ("title", ""), ("fields", [""]), ("fields", ["ok", 3])])
def test_bad_title_and_fields(field, value):
    assert_names(gig_error(**{field: value}), "gig 'g17'", field, "non-empty string")


@pytest.mark.parametrize("kind", ["lecture", "Class", "", None, 3])
def test_bad_commitment_kind(kind):
    data = {"commitments": [{**CLASS, "kind": kind}]}
    message = assert_names(error_of(lambda: problem_from_dict(data)), "commitment 'MATH 201'", "kind")
    assert "class, volunteer, other" in message and repr(kind) in message


def test_commitment_without_sessions():
    assert_names(error_of(lambda: Commitment("Gym")), "commitment 'Gym'", "sessions", "at least one")


def test_numpy_scalars_are_accepted_as_plain_values():
    gig = Gig(
        "g",
        pay_rate=np.float32(20),
        relevance=np.float64(0.5),
        mentor=np.True_,
        hours=np.int64(4),
        min_block=np.int64(60),
        grid=np.int32(30),
    )
    assert gig == Gig("g", pay_rate=20, relevance=0.5, mentor=True, hours=4, min_block=60, grid=30)
    assert type(gig.mentor) is bool and type(gig.min_block) is int
    commitment = Commitment("c", ["Mon 09:00-10:00"], counts_toward_cap=np.False_)
    assert commitment.counts_toward_cap is False
    json.dumps(stacker.problem_to_dict(Problem([commitment], [gig], Limits(np.int64(30)), Weights(np.float32(5)))))


def test_items_of_the_wrong_type():
    error = error_of(lambda: Problem(commitments=[{"id": "c"}], gigs=["g17"], limits={"max_hours": 3}, weights=None))
    assert_names(error, "commitments", "item 0", "Commitment", "dict")
    assert_names(error, "gigs", "item 0", "Gig", "str")
    assert_names(error, "limits", "must be a Limits")
    assert_names(error, "weights", "must be a Weights")


@pytest.mark.parametrize(
    ("data", "parts"),
    [
        ([1, 2], ("problem", "must be a table")),
        ({"gigs": {"id": "g17"}}, ("problem", "gigs", "must be a list")),
        ({"commitments": None}, ("problem", "commitments", "must be a list")),
        ({"gigs": ["g17"]}, ("gig #1", "must be a table")),
        ({"limits": 40}, ("limits", "must be a table")),
    ],
)
def test_bad_shapes_of_plain_data(data, parts):
    assert_names(error_of(lambda: problem_from_dict(data)), *parts)


# ---------------------------------------------------------------- limits and weights


@pytest.mark.parametrize(
    ("kwargs", "field", "what"),
    [
        ({"max_hours": -1}, "max_hours", ">= 0"),
        ({"max_hours": None}, "max_hours", "None"),
        ({"max_hours": "40"}, "max_hours", "must be a number"),
        ({"max_work_hours": -5}, "max_work_hours", ">= 0"),
        ({"max_work_hours": True}, "max_work_hours", "must be a number"),
        ({"max_day_hours": 25}, "max_day_hours", "<= 24"),
        ({"max_day_hours": -1}, "max_day_hours", ">= 0"),
    ],
)
def test_bad_limits(kwargs, field, what):
    assert_names(error_of(lambda: Limits(**kwargs)), "limits", f"{field}:", what)
    data = {"limits": kwargs}
    assert_names(error_of(lambda: problem_from_dict(data)), "limits", f"{field}:", what)


@pytest.mark.parametrize(
    ("kwargs", "field", "what"),
    [
        ({"relevance_value": -1}, "relevance_value", ">= 0"),
        ({"relevance_value": None}, "relevance_value", "None"),
        ({"mentor_value": "25"}, "mentor_value", "must be a number"),
        ({"mentor_value": False}, "mentor_value", "must be a number"),
    ],
)
def test_bad_weights(kwargs, field, what):
    assert_names(error_of(lambda: Weights(**kwargs)), "weights", f"{field}:", what)
    assert_names(error_of(lambda: problem_from_dict({"weights": kwargs})), "weights", f"{field}:", what)


def test_replace_validates_again():
    gig = Gig("g17", pay_rate=20, hours=4)
    assert_names(error_of(lambda: gig.replace(relevance=2)), "gig 'g17'", "relevance")
    assert_names(error_of(lambda: Limits().replace(max_hours=-1)), "limits", "max_hours")
    problem = Problem(gigs=[gig])
    assert_names(error_of(lambda: problem.replace(gigs=[gig, gig])), "gig 'g17'", "duplicate")


# ---------------------------------------------------------------- several errors at once


def test_several_errors_in_one_item():
    error = error_of(lambda: Gig("g17", pay_rate=-1, relevance=2, mentor="yes", sessions=["Funday 09:00-10:00"]))
    assert len(error.errors) == 4
    assert str(error) == "\n".join(error.errors)
    assert all(message.startswith("gig 'g17': ") for message in error.errors)


def test_unknown_field_does_not_hide_the_other_problems_of_the_item():
    data = {
        "limits": {"max_hours": -1, "max_hourz": 3},
        "gigs": [{"id": "a", "pay_rate": -2, "sesions": ["Mon 09:00-10:00"], "hours": 2}],
    }
    with pytest.raises(stacker.ProblemError) as info:
        stacker.problem_from_dict(data)
    assert info.value.errors == [
        "limits: max_hourz: unknown field; did you mean 'max_hours'?",
        "limits: max_hours: must be >= 0, got -1",
        "gig 'a': sesions: unknown field; did you mean 'sessions'?",
        "gig 'a': pay_rate: must be >= 0, got -2",
    ]


def test_a_session_that_ends_when_it_starts_is_an_error_with_a_hint():
    message = assert_names(
        error_of(lambda: Gig(**{**FIXED, "sessions": ["Fri 10:00-10:00"]})), "gig 'g17'", "'Fri 10:00-10:00'"
    )
    assert "starts and ends at 10:00" in message and "00:00-24:00" in message
    assert_names(error_of(lambda: Commitment(**{**CLASS, "sessions": ["Mon 00:00-00:00"]})), "MATH 201", "00:00-24:00")


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        ({"forbid": [[]]}, "forbid: gig ids must be text, got [] (list)"),
        ({"require": [{"id": "g17"}]}, "require: gig ids must be text, got {'id': 'g17'} (dict)"),
        ({"require": [["g17"], "g17"], "forbid": [{"g17"}, "g17"]}, "'g17' is also in forbid"),
    ],
)
def test_pins_that_cannot_be_hashed_are_errors_not_type_errors(pins, message):
    assert_names(error_of(lambda: problem_from_dict({"gigs": [FLEX], **pins})), "problem", message)


BAD_IDS = ["a\r\nb", "\ud800", "x\x1b[31mred", "tab\there", "nul\x00", "c1\x85"]


@pytest.mark.parametrize("ident", BAD_IDS)
def test_ids_with_control_characters_or_lone_surrogates_are_errors_everywhere(ident, tmp_path):
    fault = "must not contain control characters or lone surrogates"
    makers = {
        "gig": lambda: Gig(**{**FIXED, "id": ident}),
        "commitment": lambda: Commitment(**{**CLASS, "id": ident}),
        "table": lambda: stacker.GigTable.from_columns(["fine", ident], pay_rate=[1, 1], hours=[1, 1]),
        "dict": lambda: problem_from_dict({"gigs": [FLEX, {**FLEX, "id": ident}]}),
    }
    for kind, make in makers.items():
        message = assert_names(error_of(make), repr(ident), "id", fault)
        assert all(ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF for c in message), (kind, message)


@pytest.mark.parametrize("field", ["title", "fields"])
@pytest.mark.parametrize("text", ["two\r\nlines", "x\x1b[31mred", "\ud800"])
def test_titles_and_tags_with_control_characters_are_errors_everywhere(field, text):
    value = text if field == "title" else ["fine", text]
    makers = {
        "gig": lambda: Gig(**{**FIXED, field: value}),
        "table": lambda: stacker.GigTable.from_columns(["g1", "g17"], pay_rate=[1, 1], hours=[1, 1], **{field: [None, value]}),
        "dict": lambda: problem_from_dict({"gigs": [FLEX, {**FIXED, field: value}]}),
    }  # fmt: skip
    for kind, make in makers.items():
        message = assert_names(error_of(make), "'g17'", field, "must not contain control characters")
        assert all(ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF for c in message), (kind, message)


def test_ids_from_a_csv_file_with_an_escape_code_are_errors(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text('id,pay_rate,hours\nok,1,1\n"a\x1b[31m",1,1\n')
    message = assert_names(error_of(lambda: stacker.read_gigs(path)), "row 3", "control characters")
    assert "\x1b" not in message


def test_unknown_keys_with_escape_codes_are_shown_escaped():
    message = assert_names(error_of(lambda: problem_from_dict({"gigs": [{**FLEX, "x\x1b[2J": 1}]})), "unknown field")
    assert "\x1b" not in message and "\\x1b" in message


@pytest.mark.parametrize(
    "text", ["a," * 16_000 + "a 10:00-11:00", "a," * 16_000, "a, " * 11_000, "Mon " + "-" * 30_000, " " * 30_000 + ","]
)
def test_session_texts_are_parsed_in_linear_time(text):
    import time

    start = time.perf_counter()
    assert_names(error_of(lambda: Gig(**{**FIXED, "sessions": [text]})), "gig 'g17'", "session")
    assert time.perf_counter() - start < 0.5


def test_thousands_of_clashing_sessions_are_checked_quickly():
    import time

    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    sessions = [
        f"{days[i % 7]} {i // 7 % 24:02d}:{i // 168:02d}-{(i // 7 + 1) % 24:02d}:{i // 168:02d}" for i in range(4000)
    ]
    start = time.perf_counter()
    error = error_of(lambda: Gig(**{**FIXED, "sessions": sessions}))
    assert time.perf_counter() - start < 1
    assert all("overlaps" in message for message in error.errors) and len(error.errors) <= 2 * len(sessions)
