"""A gig's shape is checked in one place, :func:`check_shape`, by ``Gig`` and by the columnar path alike.

``Gig(...)`` checks its own shape with ``check_shape``; a ``GigTable`` checks
each distinct shape of a pool once with it, without making a ``Gig``. Here
both are compared with ``Gig`` on random shapes, good and bad: the same
verdict, the same messages in the same order, the same parsed shape.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stacker import Gig, ProblemError, problem_from_dict
from stacker.problem.items import SHAPE_FIELDS, Shape, _Checker, check_shape
from stacker.problem.table import GigTable
from stacker.problem.week import DAY, WEEK, clashes, interval_text, overlaps

TEXTS = (
    "Mon 09:00-10:00",
    "Mon 09:30-11:00",
    "Mon 10:00-12:00",
    "Tue,Thu 18:00-20:00",
    "Sun 22:00-02:00",
    "Mon 01:00-03:00",
    "Mon-Fri 09:00-17:00",
    "Mon 09:00-09:00",
    "Sat 23:30-24:00",
    "Fri 25:00-26:00",
    "Mon 9-10",
    "Xyz 09:00-10:00",
    "Mon,Mon 09:00-10:00",
    "Wed 24:00-01:00",
)
texts = st.sampled_from(TEXTS)
numbers = st.one_of(
    st.sampled_from([0, 1, 2.5, -1, 0.25, 3, 8, 40, 200, True, 1.1, math.inf]),
    st.floats(min_value=0, max_value=50, allow_nan=False),
    st.just(math.nan),
)
minutes = st.sampled_from([0, 15, 30, 45, 60, 7, 90, 120, 1440, -30, True, 30.0, 60.5])
shapes = st.fixed_dictionaries(
    {},
    optional={
        "sessions": st.one_of(texts, st.lists(texts, max_size=3)),
        "hours": numbers,
        "min_hours": numbers,
        "max_hours": numbers,
        "windows": st.one_of(texts, st.lists(texts, max_size=2)),
        "min_block": minutes,
        "grid": minutes,
    },
)

good = st.sampled_from(TEXTS[:9])
likely = st.one_of(  # shapes most of which are good, so that many pools are accepted
    st.fixed_dictionaries({"sessions": st.lists(good, min_size=1, max_size=2)}),
    st.fixed_dictionaries(
        {"hours": st.sampled_from([1, 2.5, 3, 0.25])},
        optional={"windows": st.lists(good, max_size=2), "grid": st.sampled_from([15, 30, 60]), "min_block": minutes},
    ),
    st.fixed_dictionaries({"min_hours": st.sampled_from([0, 1, 2]), "max_hours": st.sampled_from([2, 4.5, 10])}),
)


def _gig_messages(item: dict) -> list[str]:
    try:
        Gig(**item)
    except ProblemError as error:
        return error.errors
    return []


def _shape_of(gig: Gig) -> Shape:
    return Shape(*(getattr(gig, name) for name in SHAPE_FIELDS), gig.intervals, gig.window_intervals)


@settings(max_examples=400, deadline=None)
@given(shapes)
def test_check_shape_says_what_gig_says(shape):
    item = {"id": "g", "pay_rate": 1.0, **shape}
    check = _Checker("gig 'g'")
    values = {name: tuple(v) if isinstance(v, list) else (v,) if isinstance(v, str) else v for name, v in shape.items()}
    checked = check_shape(check, **values)
    assert check.errors == _gig_messages(item)
    if not check.errors:
        assert checked == _shape_of(Gig(**item))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(shapes, likely, likely), min_size=1, max_size=6), st.lists(st.integers(0, 5), max_size=6))
def test_a_pool_checks_its_shapes_as_gig_does(distinct, repeats):
    """Rows (repeating some shapes) read as columns: Gig's messages in row order, or Gig's gigs."""
    rows = distinct + [distinct[i % len(distinct)] for i in repeats]
    items = [{"id": f"g{i}", "pay_rate": 1.0, **shape} for i, shape in enumerate(rows)]
    expected = [message for item in items for message in _gig_messages(item)]
    if expected:
        with pytest.raises(ProblemError) as caught:
            problem_from_dict({"gigs": items})
        assert caught.value.errors == expected
        return
    gigs = problem_from_dict({"gigs": items}).gigs
    assert isinstance(gigs, GigTable)
    for row, item in enumerate(items):
        made, gig = gigs[row], Gig(**item)
        assert made == gig and _shape_of(made) == _shape_of(gig)
        assert gigs.shapes[gigs.shape[row]] == _shape_of(gig)


def test_gig_uses_check_shape(monkeypatch):
    """Gig's shape rules are check_shape's: a Gig made while check_shape is replaced follows the replacement."""
    from stacker.problem import items

    calls = []

    def spy(check, *values):
        calls.append(values)
        return check_shape(check, *values)

    monkeypatch.setattr(items, "check_shape", spy)
    Gig("g", pay_rate=1, sessions=["Mon 09:00-10:00"])
    assert calls == [(("Mon 09:00-10:00",), None, None, None, (), None, None)]


def test_a_shape_gig_is_made_only_for_rows_made():
    gigs = problem_from_dict(
        {
            "gigs": [
                {"id": f"g{i}", "pay_rate": 1, "sessions": [f"Mon {9 + i % 3:02d}:00-{10 + i % 3:02d}:00"]}
                for i in range(9)
            ]
        }
    ).gigs
    assert len(gigs.shapes) == 3 and gigs._shape_gigs == {}
    assert gigs[4] == Gig("g4", pay_rate=1, sessions=["Mon 10:00-11:00"])
    assert list(gigs._shape_gigs) == [1]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(0, WEEK - 1), st.integers(WEEK - 2 * DAY, WEEK - 1)),
            st.integers(1, DAY),
        ).map(lambda pair: (pair[0], pair[0] + pair[1])),
        max_size=4,
    )
)
def test_no_overlap_finds_the_overlapping_intervals(intervals):
    """The sweep (the wrap past Sunday included) agrees with ``overlaps``: every pair it names overlaps, every
    interval that overlaps another is named, at most one pair per interval piece; none when none overlap."""
    check = _Checker("x")
    check.no_overlap("sessions", intervals)
    pairs = [(a, b) for i, a in enumerate(sorted(intervals)) for b in sorted(intervals)[i + 1 :] if overlaps(a, b)]
    named = [(a, b) for a, b in clashes(intervals)]
    assert check.errors == [f"x: sessions: {interval_text(*a)} overlaps {interval_text(*b)}" for a, b in named]
    assert set(named) <= set(pairs) and bool(named) == bool(pairs)
    assert {iv for pair in named for iv in pair} == {iv for pair in pairs for iv in pair}
    assert len(named) <= 2 * len(intervals)
