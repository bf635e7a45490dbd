"""A term of one week is the week model; k identical weeks are k times the week; times stay local across DST."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogue import CATALOGUE
from checker import WEEK, parse_session
from hypothesis import HealthCheck, given, settings
from strategies import problems
from term_checker import assert_term_plan_is_feasible

import stacker

MONDAY = dt.date(2027, 2, 1)


def _stays_in_the_week(problem) -> bool:
    """Nothing runs past Sunday midnight, and no window lets a block wrap from Sunday night into Monday."""
    for item in (*problem.commitments, *problem.gigs):
        if any(e > WEEK for t in item.sessions for _, e in parse_session(t)):
            return False
    for gig in problem.gigs:
        if gig.sessions:
            continue
        windows = [iv for t in gig.windows for iv in parse_session(t)]
        if not windows or any(e > WEEK for _, e in windows):
            return False
        if any(s == 0 for s, _ in windows) and any(e == WEEK for _, e in windows):
            return False
    return True


def _as_term(problem, weeks: int = 1):
    term = stacker.Term(MONDAY, MONDAY + dt.timedelta(days=7 * weeks - 1))
    return problem.replace(term=term)


def _term_value(problem, weeks: int = 1) -> float:
    term_problem = _as_term(problem, weeks)
    plan = stacker.solve(term_problem)
    if plan.status.value == "infeasible":
        return float("nan")
    assert plan.status.value == "optimal"
    return assert_term_plan_is_feasible(term_problem, plan)


@pytest.mark.parametrize("name", [n for n, (p, _) in CATALOGUE.items() if _stays_in_the_week(p)])
def test_catalogue_as_a_one_week_term(name):
    problem, value = CATALOGUE[name]
    assert _term_value(problem) == pytest.approx(value, abs=1e-6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(max_fixed=5, max_flexible=2, tiny=True).filter(_stays_in_the_week))
def test_one_week_term_equals_the_week(problem):
    week = stacker.solve(problem)
    if week.status.value == "infeasible":
        assert stacker.solve(_as_term(problem)).status.value == "infeasible"
        return
    assert _term_value(problem) == pytest.approx(week.objective, abs=1e-6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(max_fixed=4, max_flexible=2, tiny=True).filter(_stays_in_the_week))
def test_k_identical_weeks(problem):
    problem = problem.with_weights(conversion_value=0)  # conversion counts once per term, not once per week
    week = stacker.solve(problem)
    if week.status.value == "infeasible":
        return
    assert _term_value(problem, weeks=3) == pytest.approx(3 * week.objective, abs=1e-6)


def test_a_class_stays_at_nine_across_daylight_saving():
    # 2027-03-14: clocks in New York go forward; 2027-10-31: Europe/London goes back.
    for zone, start in (("America/New_York", "2027-03-08"), ("Europe/London", "2027-10-25")):
        first = dt.date.fromisoformat(start)
        term = stacker.Term(first, first + dt.timedelta(days=13), timezone=zone)
        problem = stacker.Problem(
            [stacker.Commitment("CS 101", ["Mon-Fri 09:00-09:50"])],
            [stacker.Gig("shift", pay_rate=20, sessions=["Sun 01:00-04:00"])],
            term=term,
        )
        plan = stacker.solve(problem)
        assert_term_plan_is_feasible(problem, plan)
        classes = [b for b in plan.blocks if b.id == "CS 101"]
        assert len(classes) == 10
        assert {(b.start, b.end, b.hours) for b in classes} == {("09:00", "09:50", 50 / 60)}
        assert plan.gigs[0].hours == 6.0  # 01:00-04:00 on both Sundays, wall clock
