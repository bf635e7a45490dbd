"""The largest numbers stacker takes (stacker/problem/ranges.py): refused at validation, or exact when solved."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from problem_errors import FIXED, FLEX, assert_names, error_of

from stacker import Gig, GigTable, Limits, Problem, Weights, problem_from_dict, solve
from stacker.cpsat.master import _INT64_SAFE
from stacker.presolve.units import SCALE, UNITS_PER_MONEY, cap_minutes
from stacker.problem.ranges import MAX_MONEY, MAX_POOL_VALUE, WEEK_HOURS
from stacker.problem.week import WEEK


def test_the_limits_fit_the_integer_model():
    # value and pay summed (a Pareto front) over a pool at its limit, plus relevance and hours for 10^7 gigs
    most = 2 * MAX_POOL_VALUE * UNITS_PER_MONEY + 10**7 * WEEK * (SCALE["relevance"] // 60 + 1)
    assert most < _INT64_SAFE
    assert WEEK_HOURS * 60 == WEEK


@pytest.mark.parametrize("name", ["pay_rate", "weekly_pay"])
@pytest.mark.parametrize("value", [1e15, 1e17, 1e18, 2**63, 1e308])
def test_money_beyond_the_limit_is_an_error_naming_it(name, value):
    message = assert_names(error_of(lambda: Gig(**{**FIXED, name: value})), "gig 'g17'", name, "<= 1e+09")
    assert "integer model" in message


@pytest.mark.parametrize("name", ["relevance_value", "mentor_value"])
def test_weights_beyond_the_limit_are_errors(name):
    assert_names(error_of(lambda: Weights(**{name: 2**63})), "weights", name, "<= 1e+09", "9223372036854775808")


@pytest.mark.parametrize("name", ["pay_rate", "weekly_pay"])
def test_columns_refuse_money_beyond_the_limit(name):
    error = error_of(lambda: GigTable.from_columns(["a", "b"], sessions=["Mon 10:00-11:00"] * 2, **{name: [1, 1e16]}))
    assert_names(error, "gig 'b'", name, "<= 1e+09")


def test_an_int_too_big_for_a_float_is_an_error_not_an_overflow():
    for make in (
        lambda: Gig(**{**FIXED, "pay_rate": 10**400}),
        lambda: Gig(**{**FLEX, "hours": 10**400}),
        lambda: Limits(max_hours=10**400),
        lambda: GigTable.from_columns(["a"], pay_rate=[10**400], sessions=["Mon 10:00-11:00"]),
        lambda: problem_from_dict({"gigs": [{**FLEX, "min_hours": 1, "max_hours": 10**400, "hours": None}]}),
    ):
        assert_names(error_of(make), "must be a finite number", "(401 digits)")


@pytest.mark.parametrize("name", ["hours", "max_hours"])
def test_gig_hours_beyond_a_week_are_errors(name):
    flex = {**FLEX, "hours": None, "min_hours": 1, "max_hours": 2} if name == "max_hours" else FLEX
    assert_names(error_of(lambda: Gig(**{**flex, name: 1e308})), "gig 'g17'", name, "<= 168")


def test_the_pool_together_beyond_the_limit_is_an_error():
    gigs = [Gig(f"g{i}", pay_rate=MAX_MONEY, hours=100) for i in range(101)]  # 1.01e13 a week
    assert_names(error_of(lambda: Problem(gigs=gigs)), "problem: gigs", "1.01e+13", "1e+13")
    Problem(gigs=gigs[:99])  # 9.9e12: fine


def test_a_huge_cap_is_no_cap():
    problem = Problem(
        gigs=[Gig("a", pay_rate=10, sessions=["Mon 10:00-12:00"])], limits=Limits(max_hours=1e308, max_work_hours=1e308)
    )
    assert cap_minutes(1e308) == WEEK
    plan = solve(problem)
    assert plan.status == "optimal" and plan.totals.pay == 20


def test_money_at_the_limit_is_exact():
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    gigs = [
        Gig(f"f{d}", pay_rate=MAX_MONEY, weekly_pay=MAX_MONEY, relevance=1, mentor=True, sessions=[f"{d} 00:00-24:00"])
        for d in days
    ]
    gigs.append(Gig("flex", pay_rate=MAX_MONEY - 0.01, hours=2))  # under 40 h: one day and this, to the cent
    problem = Problem(gigs=gigs, weights=Weights(relevance_value=MAX_MONEY, mentor_value=MAX_MONEY))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "invalid value encountered in cast"
        plan = solve(problem)
    assert plan.status == "optimal"
    assert plan.totals.pay == 24 * MAX_MONEY + MAX_MONEY + 2 * (MAX_MONEY - 0.01)
    assert plan.totals.value == 24 * 2 * MAX_MONEY + 2 * MAX_MONEY + 2 * (MAX_MONEY - 0.01)
    assert np.isclose(plan.bound, plan.totals.value)
    plan = solve(problem.with_limits(max_hours=1e308))  # every day: the flexible gig has no room
    assert plan.totals.pay == 7 * (24 * MAX_MONEY + MAX_MONEY)
    assert plan.totals.value == 7 * (24 * 2 * MAX_MONEY + 2 * MAX_MONEY)
