"""Counted travel (``rules.travel_counts: true``) on week problems: travel minutes count toward max_hours and
max_day_hours (not toward the work caps).

- property tests: random small weeks at places under tight caps solve to the
  optimum of the independent :mod:`oracle` (which models counted travel in its
  own way), and every plan passes the independent :mod:`checker`, which
  recounts each day's travel from the problem's public fields;
- worked examples: what the travel counts toward, a table where a stop in
  between shortens the travel, the day travel past midnight falls on, the
  plan's totals;
- the worked cases of ``TRAVEL_CATALOGUE`` with counted travel are lower than
  with travel counting toward nothing (tests/test_travel.py checks them
  against the oracle).
"""

from __future__ import annotations

import pytest
from catalogue import TRAVEL_CATALOGUE
from checker import assert_plan_is_feasible
from hypothesis import given, settings
from strategies import PROPERTY, counted_travel, dense_mixed_problems, travel_problems
from test_travel import TOL, TRAVEL, check_against_oracle

import stacker
from stacker import Commitment, Gig, Limits, Problem, Rules, Status, Weights

NO_WEIGHTS = Weights(relevance_value=0, mentor_value=0)
COUNTED = [name for name, (problem, _) in TRAVEL_CATALOGUE.items() if problem.rules.travel_counts]


@settings(PROPERTY, max_examples=120)
@given(counted_travel(travel_problems(max_commitments=3, max_fixed=6)))
def test_crowded_days_with_counted_travel_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=60)
@given(counted_travel(travel_problems(max_commitments=3, max_fixed=8, max_flexible=0)))
def test_crowded_fixed_days_with_counted_travel_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=60)
@given(counted_travel(travel_problems(max_commitments=3, max_fixed=2, max_flexible=2)))
def test_flexible_blocks_with_counted_travel_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(counted_travel(dense_mixed_problems()))
def test_weeks_with_counted_travel_past_midnight_are_optimal(problem):
    check_against_oracle(problem)


def test_the_catalogue_has_counted_travel_cases():
    assert len(COUNTED) >= 3


@pytest.mark.parametrize("name", COUNTED)
def test_counting_the_travel_changes_each_counted_case(name):
    problem, value = TRAVEL_CATALOGUE[name]
    plan = stacker.solve(problem)
    assert plan.objective == pytest.approx(value, abs=TOL)
    uncounted = stacker.solve(problem.with_rules(travel_counts=False))
    assert_plan_is_feasible(problem.with_rules(travel_counts=False), uncounted)
    assert uncounted.objective > value + TOL  # a cap binds only with the travel


#: campus to downtown 60 min, 10 to or from anywhere else: a stop at a third place shortens the travel
SHORT_STOP = Rules(
    travel={"default": 10, "between": [{"from": "campus", "to": "downtown", "minutes": 60}]}, travel_counts=True
)


def _counted(*gigs: Gig, commitments=None, **limits) -> Problem:
    return Problem(
        commitments=commitments or [Commitment("MATH 201", sessions=["Mon 09:00-11:00"], location="campus")],
        gigs=list(gigs),
        limits=Limits(**limits),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        weights=NO_WEIGHTS,
    )


def test_travel_counts_toward_max_hours_and_max_day_hours_not_the_work_caps():
    tutor = Gig("tutor", pay_rate=30, sessions=["Mon 12:00-14:00"], location="downtown")
    shop = Gig("shop", pay_rate=25, sessions=["Tue 10:00-12:00"], location="downtown")
    # 4 h of work, the most max_work_hours allows; the 35 min to downtown on Monday do not count toward it
    problem = _counted(tutor, shop, max_work_hours=4)
    plan = check_against_oracle(problem)
    assert plan.gig_ids == ["tutor", "shop"] and plan.objective == pytest.approx(110)
    assert plan.totals.work_hours == 4 and plan.totals.hours == pytest.approx(6 + 35 / 60)
    # but toward max_hours: 2 h of class, 4 h of work and 35 min of travel is over 6.5 h
    plan = check_against_oracle(problem.with_limits(max_hours=6.5))
    assert plan.gig_ids == ["tutor"] and plan.objective == pytest.approx(60)
    # and toward min_work_hours neither: 4 h of work are enough for 4 h
    plan = check_against_oracle(problem.with_limits(min_work_hours=4))
    assert plan.gig_ids == ["tutor", "shop"]


def test_the_plan_counts_its_travel_in_its_totals_and_days():
    tutor = Gig("tutor", pay_rate=30, sessions=["Mon 12:00-14:00"], location="downtown")
    plan = check_against_oracle(_counted(tutor))
    travel = [b for b in plan.blocks if b.kind == "travel"]
    assert [(b.id, b.day, b.start_time, b.end_time) for b in travel] == [
        ("campus to downtown", "Mon", "11:25", "12:00")
    ]
    assert plan.day_minutes[0] == 120 + 120 + 35
    assert plan.to_dict()["totals"]["hours"] == pytest.approx(4 + 35 / 60)
    uncounted = stacker.solve(_counted(tutor).with_rules(travel_counts=False))
    assert uncounted.day_minutes[0] == 240 and uncounted.totals.hours == 4


def test_a_stop_in_between_can_shorten_the_travel_when_the_table_allows_it():
    # campus to downtown 60 min, 10 to or from anywhere else: through home, 20 min. MATH on campus 09:00-10:00 and
    # office downtown 11:00-12:00 (50) are 1 + 1 + 1 h of travel: over 2.9 h; with errand at home 10:15-10:45 (1)
    # in between, 1 + 1 + 0.5 h and 20 min of travel = 2 h 50 min. So both, 51: a gig that makes room.
    problem = Problem(
        commitments=[Commitment("MATH", sessions=["Mon 09:00-10:00"], location="campus")],
        gigs=[
            Gig("office", pay_rate=50, sessions=["Mon 11:00-12:00"], location="downtown"),
            Gig("errand", pay_rate=2, sessions=["Mon 10:15-10:45"], location="home"),
        ],
        limits=Limits(max_day_hours=2.9),
        rules=SHORT_STOP,
        weights=NO_WEIGHTS,
    )
    plan = check_against_oracle(problem)
    assert plan.gig_ids == ["office", "errand"] and plan.objective == pytest.approx(51)
    alone = check_against_oracle(problem.replace(gigs=[problem.gigs[0]]))
    assert alone.gig_ids == []


def test_travel_after_a_block_past_midnight_counts_on_the_day_it_falls_on():
    # night at the mall Mon 22:00-01:00, then MATH on campus Tue 08:00-10:00: 20 min of travel on Tuesday, so
    # Tuesday holds 1 + 2 h and 20 min, over 3.25 h; Monday's 2 h are fine. draft (remote) takes its place.
    night = Gig("night", pay_rate=20, sessions=["Mon 22:00-01:00"], location="mall")
    draft = Gig("draft", pay_rate=5, hours=1, windows=["Wed 09:00-12:00"], location="remote")
    math = [Commitment("MATH", sessions=["Tue 08:00-10:00"], location="campus")]
    problem = _counted(night, draft, commitments=math, max_day_hours=3.25)
    assert check_against_oracle(problem).gig_ids == ["draft"]
    uncounted = check_against_oracle(problem.with_rules(travel_counts=False))
    assert uncounted.gig_ids == ["night", "draft"]
    travel = [b for b in uncounted.blocks if b.kind == "travel"]
    assert [(b.id, b.day, b.start_time) for b in travel] == [("mall to campus", "Tue", "07:40")]
    assert check_against_oracle(problem.with_limits(max_day_hours=3.34)).gig_ids == ["night", "draft"]


def test_travel_after_a_block_past_sunday_midnight_falls_on_monday():
    # the week repeats: late at the mall Sun 23:00-01:00 is where Monday starts, 20 min before MATH on campus
    late = Gig("late", pay_rate=20, sessions=["Sun 23:00-01:00"], location="mall")
    math = [Commitment("MATH", sessions=["Mon 08:00-10:00"], location="campus")]
    problem = _counted(late, commitments=math, max_day_hours=3.25)
    assert check_against_oracle(problem).gig_ids == []  # Monday: 1 + 2 h and 20 min
    uncounted = check_against_oracle(problem.with_rules(travel_counts=False))
    travel = [b for b in uncounted.blocks if b.kind == "travel"]
    assert [(b.id, b.day, b.start_time) for b in travel] == [("mall to campus", "Mon", "07:40")]


def test_commitments_whose_travel_alone_breaks_a_cap_are_infeasible_with_the_reason():
    commitments = [
        Commitment("MATH", sessions=["Mon 09:00-11:00"], location="campus"),
        Commitment("shift", sessions=["Mon 12:00-14:00"], location="downtown", counts_toward_cap=False),
    ]
    problem = _counted(Gig("g", pay_rate=1, hours=1, location="remote"), commitments=commitments, max_day_hours=2.5)
    plan = stacker.solve(problem)
    assert plan.status == Status.INFEASIBLE
    assert_plan_is_feasible(problem, plan)
    assert plan.reasons == (
        "commitments alone take 2 h on Mon and 0.583333 h of travel between them that counts (rules.travel_counts), "
        "over max_day_hours (2.5 h)",
    )


def test_a_gig_that_shortens_the_travel_is_not_dropped_for_a_better_one():
    # campus to downtown 60 min, 10 via home. Tuesday: class on campus 09:00-10:00, shift downtown 11:00-12:00:
    # 2 h and 1 h of travel, over 2.9 h, unless errands (at home, Mon 10:00-11:00 and Tue 10:15-10:45) stops in
    # between: 2.5 h and 20 min. chores (home, Mon 10:00-11:00, worth more, fewer minutes) would otherwise
    # dominate errands; here only errands makes a plan.
    problem = Problem(
        commitments=[
            Commitment("class", sessions=["Tue 09:00-10:00"], location="campus"),
            Commitment("shift", sessions=["Tue 11:00-12:00"], location="downtown"),
        ],
        gigs=[
            Gig("chores", pay_rate=30, sessions=["Mon 10:00-11:00"], location="home"),
            Gig("errands", pay_rate=10, sessions=["Mon 10:00-11:00", "Tue 10:15-10:45"], location="home"),
        ],
        limits=Limits(max_day_hours=2.9),
        rules=SHORT_STOP,
        weights=NO_WEIGHTS,
    )
    plan = check_against_oracle(problem)
    assert plan.gig_ids == ["errands"] and plan.objective == pytest.approx(15)


def test_explain_says_when_only_the_counted_travel_keeps_a_gig_out():
    problem, _ = TRAVEL_CATALOGUE["counted travel breaks the day cap"]
    assert stacker.explain(problem).reason("tutor") == (
        "cannot fit: the commitments, required gigs and caps can all hold without the travel between places; with "
        "it, which counts toward max_hours and max_day_hours (rules.travel_counts), they cannot"
    )


def test_diagnose_says_it_leaves_the_counted_travel_out():
    """The commitments and the required tutor fit a 7.5 h day, but not with the 35 min from campus and back."""
    problem = Problem(
        commitments=[
            Commitment("MATH", sessions=["Mon 09:00-12:00"], location="campus"),
            Commitment("shift", kind="volunteer", sessions=["Mon 12:40-15:00"], location="downtown"),
        ],
        gigs=[Gig("tutor", pay_rate=30, sessions=["Mon 16:00-18:00"], location="campus")],
        limits=Limits(max_day_hours=7.5),
        require=["tutor"],
        rules=Rules(travel={"default": 35}, travel_counts=True),
    )
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible"
    assert plan.reasons[0].endswith("(rules.travel_counts), they cannot")
    conflict = stacker.diagnose(problem)
    assert conflict.feasible and conflict.travel_left_out
    assert conflict.text().endswith("which the diagnosis leaves out)")
    assert not stacker.diagnose(problem.replace(rules=Rules(travel={"default": 35}))).travel_left_out
