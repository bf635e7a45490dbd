"""The student's own rules (``stacker.Rules``) on term problems.

Random small terms (:mod:`term_strategies`) with random rules solve to the
optimum of the independent :mod:`term_oracle` (extended to the rules), every
plan through the independent :mod:`term_checker` (which checks every rule);
worked examples of each rule on a term (dated days off, ``max_gigs`` in any
week, with a project); the dates' bad-input cases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from term_checker import assert_term_plan_is_feasible
from term_compare import check_term_against_oracle
from term_oracle import term_optimum
from term_strategies import term_problems

import stacker
from stacker import Gig, Limits, Problem, ProblemError, Rules, Term

TAGS = ("contractor", "lab")


@st.composite
def terms_with_rules(draw, **kw) -> Problem:
    problem = draw(term_problems(**kw))
    term = problem.term
    days = [term.start + dt.timedelta(days=k) for k in range((term.end - term.start).days + 1)]
    quiet = draw(st.lists(st.sampled_from(("20:00-09:00", "12:00-13:00", "10:00-11:00")), max_size=1))
    off = draw(st.lists(st.sampled_from(("Mon", "Wed", "Sun")), max_size=1))
    off += [d.isoformat() for d in draw(st.lists(st.sampled_from(days), max_size=2, unique=True))]
    rules = Rules(
        quiet_hours=quiet,
        days_off=off,
        forbid_fields=draw(st.lists(st.sampled_from(TAGS), max_size=1)),
        max_gigs=draw(st.none() | st.integers(0, 2)),
    )
    gigs = [g.replace(fields=draw(st.lists(st.sampled_from(TAGS), max_size=1))) for g in problem.gigs]
    return problem.replace(gigs=gigs, rules=rules)


@settings(max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_with_rules())
def test_small_terms_with_rules_are_optimal(problem):
    check_term_against_oracle(problem)


@settings(max_examples=20, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_with_rules(max_gigs=8, tight=True))
def test_small_tight_terms_with_rules_are_optimal(problem):
    check_term_against_oracle(problem)


@settings(max_examples=25, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(term_problems(max_gigs=8), st.integers(1, 2))
def test_small_terms_with_a_binding_max_gigs_are_optimal(problem, most):
    check_term_against_oracle(problem.replace(rules=Rules(max_gigs=most)))


TERM = Term("2027-03-01", "2027-03-21")  # three weeks, Monday to Sunday


def _excluded(plan) -> dict[str, str]:
    return dict(plan.excluded) if not hasattr(plan.excluded[0], "id") else {e.id: e.reason for e in plan.excluded}


def test_a_dated_day_off_excludes_a_fixed_gig_working_that_day_and_keeps_flexible_work_out():
    gigs = [
        Gig("wed", pay_rate=30, sessions=["Wed 10:00-12:00"]),
        Gig("tue", pay_rate=20, sessions=["Tue 10:00-12:00"]),
        Gig("flex", pay_rate=10, hours=2, windows=["Wed 14:00-16:00"], grid=60, min_block=60),
    ]
    problem = Problem(gigs=gigs, term=TERM, rules=Rules(days_off=["2027-03-10"]))
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    assert sorted(plan.gig_ids) == ["tue"]
    reasons = _excluded(plan)
    assert reasons["wed"] == "its session 2027-03-10 (Wed) 10:00-12:00 is on 2027-03-10, a day off in the rules"
    assert reasons["flex"] == (
        "cannot fit 2 h in blocks of 60 min in the week of 2027-03-08 outside the rules' days off (2027-03-10)"
    )


def test_quiet_hours_and_forbidden_fields_on_a_term():
    gigs = [
        Gig("late", pay_rate=30, sessions=["Fri 21:00-23:00"]),
        Gig("freelance", pay_rate=30, sessions=["Mon 10:00-12:00"], fields=["contractor"]),
        Gig("day", pay_rate=20, sessions=["Tue 10:00-12:00"]),
    ]
    rules = Rules(quiet_hours=["22:00-08:00"], forbid_fields=["contractor"])
    problem = Problem(gigs=gigs, term=TERM, rules=rules)
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["day"]
    reasons = _excluded(plan)
    assert reasons["late"] == "its session 2027-03-05 (Fri) 21:00-23:00 is in the rules' quiet hours (22:00-08:00)"
    assert reasons["freelance"] == "has field 'contractor', which the rules forbid"


def test_max_gigs_holds_in_every_week_and_a_project_counts_only_in_the_weeks_it_works():
    gigs = [
        Gig("a", pay_rate=20, sessions=["Mon 10:00-12:00"]),
        Gig("b", pay_rate=15, sessions=["Tue 10:00-12:00"], start="2027-03-01", end="2027-03-07"),  # week 1 only
        Gig(
            "report",
            pay_rate=0,
            fee=300,
            total_hours=4,
            windows=["Thu 09:00-17:00"],
            start="2027-03-08",
            due="2027-03-21",
            grid=60,
            min_block=60,
            max_week_hours=4,
        ),
    ]
    problem = Problem(gigs=gigs, term=TERM, rules=Rules(max_gigs=2))
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    assert sorted(plan.gig_ids) == ["a", "b", "report"]  # at most two work in any one week
    one = problem.replace(rules=Rules(max_gigs=1))
    plan = stacker.solve(one)
    assert_term_plan_is_feasible(one, plan)
    # b works in week 1 only and the report (300) in weeks 2-3 only: one gig a week, worth more than a's 3 x 40
    assert sorted(plan.gig_ids) == ["b", "report"]


def test_dated_days_off_outside_the_term_are_an_error():
    with pytest.raises(ProblemError) as error:
        Problem(term=TERM, rules=Rules(days_off=["2027-04-01", "Sun"]))
    assert error.value.errors == ["rules: days_off: '2027-04-01' is outside the term (2027-03-01 to 2027-03-21)"]


def test_rules_with_dates_round_trip_through_a_term_file():
    problem = Problem(gigs=[Gig("a", pay_rate=20, sessions=["Mon 10:00-12:00"])], term=TERM,
                      rules=Rules(days_off=["Sun", "2027-03-10"], max_gigs=1))  # fmt: skip
    data = stacker.problem_to_dict(problem)
    assert data["rules"] == {"days_off": ["Sun", "2027-03-10"], "max_gigs": 1}
    assert stacker.problem_from_dict(data) == problem
    assert problem.rules == Rules(days_off=["Sun", dt.date(2027, 3, 10)], max_gigs=1)  # dates held as dates


def test_more_required_gigs_in_a_week_than_max_gigs_is_infeasible_and_diagnosed():
    gigs = [Gig(f"g{k}", pay_rate=10, sessions=[f"{day} 10:00-11:00"]) for k, day in enumerate(["Mon", "Tue", "Wed"])]
    problem = Problem(gigs=gigs, require=["g0", "g1", "g2"], rules=Rules(max_gigs=2), term=TERM)
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible"
    assert list(plan.reasons) == [
        "the required gigs cannot all be taken together under the caps and the rules' max_gigs"
    ]
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("rule", "max_gigs"), ("gig", "g0"), ("gig", "g1"), ("gig", "g2"))
    assert conflict.requirements[0] == "the rules' max_gigs (2) in every week"
    assert conflict.fixes[0] == "raise max_gigs from 2 to 3" and conflict.fixes[0].kind == "raise_rule"
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        assert_term_plan_is_feasible(fixed, stacker.solve(fixed))
    # in different weeks they may all be taken
    apart = problem.replace(
        gigs=[g.replace(start="2027-03-08") if g.id == "g2" else g.replace(end="2027-03-07") for g in gigs]
    )
    plan = stacker.solve(apart)
    assert sorted(plan.gig_ids) == ["g0", "g1", "g2"]
    assert_term_plan_is_feasible(apart, plan)


def test_max_gigs_against_a_term_minimum_is_diagnosed_with_a_raise():
    gigs = [Gig(f"g{k}", pay_rate=10, sessions=[f"{day} 10:00-12:00"]) for k, day in enumerate(["Mon", "Tue", "Wed"])]
    problem = Problem(gigs=gigs, limits=Limits(min_week_pay=55), rules=Rules(max_gigs=2), term=TERM)
    assert stacker.solve(problem).status.value == "infeasible"
    assert term_optimum(problem) is None
    conflict = stacker.diagnose(problem)
    assert set(conflict.items) == {("rule", "max_gigs"), ("limit", "min_week_pay")}  # one week's minimum
    assert "raise max_gigs from 2 to 3" in conflict.fixes and "lower min_week_pay from 55 to 40" in conflict.fixes
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        assert_term_plan_is_feasible(fixed, stacker.solve(fixed))
