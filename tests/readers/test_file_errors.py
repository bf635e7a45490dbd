"""Bad files given to ``stacker.load`` (stacker/readers/mapping.py): every error names the file, and the
item and field where there is one; files that cannot be read at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from problem_errors import FLEX, assert_names, error_of

import stacker
from stacker import load


def test_nan_and_infinity_from_files(tmp_path):
    path = tmp_path / "week.json"
    path.write_text('{"gigs": [{"id": "g17", "pay_rate": 20, "relevance": NaN, "hours": Infinity}]}')
    error = error_of(lambda: load(path))
    assert_names(error, str(path), "gig 'g17'", "relevance", "finite")
    assert_names(error, str(path), "gig 'g17'", "hours", "finite")
    path = tmp_path / "week.toml"
    path.write_text('[[gigs]]\nid = "g17"\npay_rate = nan\nhours = 4\n')
    assert_names(error_of(lambda: load(path)), str(path), "gig 'g17'", "pay_rate", "finite")


def test_unknown_field_in_json_and_toml_files(tmp_path):
    json_path = tmp_path / "week.json"
    json_path.write_text(json.dumps({"gigs": [{**FLEX, "mentr": True}]}))
    assert_names(error_of(lambda: load(json_path)), str(json_path), "gig 'g17'", "mentr", "'mentor'")
    toml_path = tmp_path / "week.toml"
    toml_path.write_text("[limits]\nmax_work_hour = 20\n")
    assert_names(error_of(lambda: load(toml_path)), str(toml_path), "limits", "max_work_hour", "'max_work_hours'")


def test_several_errors_from_a_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "limits": {"max_hours": -1},
                "weights": {"mentor_value": "lots"},
                "commitments": [{"id": "MATH 201", "kind": "lecture", "sessions": ["Mon 09:00-09:50"]}],
                "gigs": [
                    {"id": "g1", "pay_rate": -5, "hours": 4},
                    {"id": "g2", "pay_rate": 20, "relevance": 1.5, "sessions": ["Mon 25:00-26:00"]},
                    {"id": "g3", "pay_rate": 20, "hours": 4, "windw": ["Mon 09:00-17:00"]},
                    {"pay_rate": 20, "hours": 4},
                ],
            }
        )
    )
    error = error_of(lambda: load(path))
    assert all(message.startswith(f"{path}: ") for message in error.errors)
    assert len(error.errors) == 8
    assert_names(error, "limits", "max_hours")
    assert_names(error, "weights", "mentor_value")
    assert_names(error, "commitment 'MATH 201'", "kind")
    assert_names(error, "gig 'g1'", "pay_rate")
    assert_names(error, "gig 'g2'", "relevance")
    assert_names(error, "gig 'g2'", "session 'Mon 25:00-26:00'", "hour must be 0-24")
    assert_names(error, "gig 'g3'", "windw", "did you mean 'windows'?")
    assert_names(error, "gig #4", "id: missing")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.json"
    message = str(error_of(lambda: load(path)))
    assert message.startswith(f"{path}: ") and "cannot read" in message


def test_directory_is_not_a_file(tmp_path):
    path = tmp_path / "week.json"
    path.mkdir()
    assert str(error_of(lambda: load(path))).startswith(f"{path}: ")


@pytest.mark.parametrize("name", ["week.yaml", "week.csv", "week"])
def test_file_that_is_not_json_or_toml(tmp_path, name):
    path = tmp_path / name
    path.write_text("gigs: []\n")
    message = str(error_of(lambda: load(path)))
    assert message.startswith(f"{path}: ") and ".json or .toml" in message


def test_invalid_json_syntax(tmp_path):
    path = tmp_path / "week.json"
    path.write_text('{\n  "gigs": [\n    {"id": "g17",}\n  ]\n}\n')
    message = str(error_of(lambda: load(path)))
    assert message.startswith(f"{path}: ") and "line 3" in message and "JSON" in message


def test_invalid_toml_syntax(tmp_path):
    path = tmp_path / "week.toml"
    path.write_text("[[gigs]]\nid = g17\n")
    message = str(error_of(lambda: load(path)))
    assert message.startswith(f"{path}: ") and "TOML" in message


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "week.json"
    path.write_bytes(b'{"gigs": [{"id": "caf\xe9"}]}')
    assert str(error_of(lambda: load(path))).startswith(f"{path}: ")


def test_json_file_that_is_not_a_table(tmp_path):
    path = tmp_path / "week.json"
    path.write_text("[]")
    message = str(error_of(lambda: load(path)))
    assert message.startswith(f"{path}: problem: ") and "must be a table" in message


def test_load_accepts_str_paths(tmp_path):
    path = tmp_path / "week.json"
    path.write_text(json.dumps({"gigs": [FLEX]}))
    assert load(str(path)).gigs[0].id == "g17"


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ('{"gigs": [{"id": "a", "pay_rate": 10, "hours": 2}], "gigs": []}', "top level", "gigs"),
        ('{"gigs": [{"id": "a", "pay_rate": 10, "hours": 2, "hours": 3}]}', "gigs[0]", "hours"),
        ('{"limits": {"max_hours": 40, "max_hours": 4}}', "limits", "max_hours"),
    ],
)
def test_json_keys_given_twice_are_errors_naming_where(tmp_path, text, where, key):
    path = tmp_path / "week.json"
    path.write_text(text)
    assert_names(error_of(lambda: load(path)), str(path), f"{where}: key {key!r} is given twice")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_nesting_too_deep_and_numbers_too_long_are_problem_errors(tmp_path, suffix):
    path = tmp_path / f"week{suffix}"
    deep = "[" * 5000 + "]" * 5000
    path.write_text(f'{{"x": {deep}}}' if suffix == ".json" else f"x = {deep}\n")
    assert_names(error_of(lambda: load(path)), str(path), "nested too deeply")
    long = "1" * 5000
    path.write_text(
        f'{{"limits": {{"max_hours": {long}}}}}' if suffix == ".json" else f"[limits]\nmax_hours = {long}\n"
    )
    message = assert_names(error_of(lambda: load(path)), str(path), "4300 digits")
    assert "sys.set_int_max_str_digits" not in message  # Python's advice is not the user's


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_numbers_beyond_floats_in_files_are_errors(tmp_path, suffix):
    path = tmp_path / f"week{suffix}"
    big = "1" + "0" * 400
    if suffix == ".json":
        path.write_text(
            f'{{"weights": {{"mentor_value": {big}}}, "gigs": [{{"id": "a", "pay_rate": {big}, "hours": 1e308}}]}}'
        )
    else:
        path.write_text(f'[weights]\nmentor_value = {big}\n[[gigs]]\nid = "a"\npay_rate = {big}\nhours = 1e308\n')
    error = error_of(lambda: load(path))
    assert_names(error, str(path), "weights", "mentor_value", "finite", "401 digits")
    assert_names(error, str(path), "gig 'a'", "pay_rate", "finite", "401 digits")
    assert_names(error, str(path), "gig 'a'", "hours", "<= 168")


_KEYS = st.sampled_from(["id", "a", "b", 'q"uote', "x y"])
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(alphabet='ab":\\ {}', max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.lists(st.tuples(_KEYS, inner), max_size=3),
    max_leaves=12,
)


def _dumped(value, separator: str) -> str:
    """JSON text of ``value``, where a list of (key, value) pairs is an object that may give a key twice."""
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return "{" + ", ".join(f"{json.dumps(k)}{separator}{_dumped(v, separator)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumped(v, separator) for v in value) + "]"
    return json.dumps(value)


@settings(max_examples=200, deadline=None)
@given(_VALUES, st.sampled_from([": ", ":", " : ", "\n:"]))
def test_json_is_parsed_as_the_standard_library_does_and_a_key_given_twice_is_always_found(document, separator):
    from stacker.readers._files import parse_json

    text = _dumped(document, separator)
    twice = []
    expected = json.loads(
        text, object_pairs_hook=lambda pairs: twice.append(len(dict(pairs)) < len(pairs)) or dict(pairs)
    )
    for source in (text, text.encode()):
        if any(twice):
            with pytest.raises(stacker.ProblemError, match="is given twice"):
                parse_json(Path("x.json"), source)
        else:
            assert parse_json(Path("x.json"), source) == expected
