"""Counted travel (``rules.travel_counts``) on term problems.

The travel minutes between items at different places count toward
``max_hours`` and ``max_day_hours`` of the week and day they lie in (not
toward the work caps). Random small terms of 2-3 weeks whose commitments and
gigs are at 2-3 places, under tight caps and random travel tables (metric or
not: a short stop may shorten a day's travel), solve to the optimum of the
independent :mod:`term_oracle`, which counts the travel itself, every plan
through the independent :mod:`term_checker` (which counts it too, and checks
each week's hours). Worked cases: a weekly gig that the travel pushes out of
the plan, a project done in the break week whose higher day cap leaves room
for the travel, a leg across Sunday midnight that counts in the next week,
and commitments whose travel alone breaks a cap.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from term_compare import check_term_against_oracle
from term_strategies import term_problems

import stacker
from stacker import Break, Commitment, Gig, Limits, Problem, Rules, Term
from stacker.cpsat.term import solve_term
from stacker.output.term_text import term_summary
from stacker.presolve.term import prepare_term
from stacker.termplan import make_term_plan

PLACES = ("campus", "downtown", "lab")
TRAVEL = {"default": 20, "between": [{"from": "campus", "to": "downtown", "minutes": 35}]}
TERM = Term(start="2027-03-01", end="2027-03-14")  # two weeks, Monday 2027-03-01 to Sunday 2027-03-14


@st.composite
def counted_terms(draw) -> Problem:
    """A term of 2-3 weeks with items at places, a chain of close fixed sessions on Mondays, counted travel and
    tight caps (a table that may not be metric: a stop at a third place may save travel)."""
    problem = draw(term_problems(max_gigs=2, weeks=(2, 3)))
    places = PLACES[: draw(st.integers(2, 3))]
    where = st.sampled_from((*places, *places, "remote"))
    commitments = [c.replace(location=draw(where)) for c in problem.commitments]
    gigs = [g.replace(location=draw(where)) for g in problem.gigs]
    at = st.sampled_from(places)  # the chain's items and the flexible gig among them are at places
    start = 9 * 60
    for i in range(draw(st.integers(2, 3))):
        end = start + draw(st.sampled_from((30, 60)))
        session = f"Mon {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
        if i == 0 and draw(st.booleans()):
            commitments.append(Commitment("class", [session], location=draw(at)))
        else:
            gigs.append(Gig(f"near{i}", pay_rate=draw(st.integers(5, 40)), sessions=[session], location=draw(at)))
        start = end + draw(st.sampled_from((30, 40, 60)))
    gigs.append(Gig("flex", pay_rate=draw(st.integers(5, 40)), hours=1, windows=["Mon 09:00-13:00"], grid=30,
                    min_block=draw(st.sampled_from((30, 60))), location=draw(at)))  # fmt: skip
    minutes = st.sampled_from((0, 10, 20, 30, 60))
    between = [{"from": a, "to": b, "minutes": draw(minutes)} for a in places for b in places if a != b]
    if len(places) == 3 and draw(st.booleans()):  # a stop at the lab saves 40 of the 60 min from campus downtown
        between = [{"from": a, "to": b, "minutes": 10 if "lab" in (a, b) else 60} for a in places for b in places
                   if a != b]  # fmt: skip
    limits = problem.limits.replace(
        max_day_hours=draw(st.sampled_from((2.5, 3, 3.5, 4))), max_hours=draw(st.sampled_from((6, 8, 40)))
    )
    rules = Rules(travel={"between": between, "default": 0}, travel_counts=True)
    return problem.replace(commitments=commitments, gigs=gigs, limits=limits, rules=rules)


@settings(max_examples=60, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(counted_terms())
def test_small_terms_with_counted_travel_are_optimal(problem):
    check_term_against_oracle(problem)


@settings(max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(counted_terms())
def test_cuts_alone_reach_the_optimum_with_counted_travel(problem):
    """A master without its regions: more placements fail for the travel, and the cuts do the work."""
    prepared = prepare_term(problem)
    check_term_against_oracle(problem, make_term_plan(prepared, solve_term(prepared, regions=False), 0.0))


@st.composite
def counted_nights(draw) -> Problem:
    """A term of 2-3 weeks whose gigs at places work late on Sundays and early on Mondays under a day cap: a leg
    after a block past Sunday midnight counts on the next week's Monday."""
    weeks = draw(st.integers(2, 3))
    term = Term(start="2027-03-01", end=dt.date(2027, 3, 1) + dt.timedelta(days=7 * weeks - 1))
    where = st.sampled_from(PLACES[:2])
    gigs = [Gig("night", pay_rate=draw(st.integers(5, 40)), location=draw(where),
                sessions=[draw(st.sampled_from(("Sun 23:00-01:00", "Sun 23:30-00:30", "Sun 22:00-23:00")))])]  # fmt: skip
    for i in range(draw(st.integers(1, 3))):
        window = draw(st.sampled_from(("Mon 00:00-03:00", "Mon 01:00-04:00", "Sun 20:00-23:00")))
        pay = {"pay_rate": draw(st.integers(5, 40)), "location": draw(where), "grid": 30, "windows": [window]}
        if draw(st.booleans()):
            gigs.append(Gig(f"w{i}", hours=draw(st.sampled_from((0.5, 1))), min_block=30, **pay))
        else:
            gigs.append(Gig(f"p{i}", total_hours=draw(st.sampled_from((1, 2))), min_block=30, **pay))
    commitments = []
    if draw(st.booleans()):
        session = draw(st.sampled_from(("Mon 02:00-03:00", "Mon 04:00-05:00", "Sun 21:00-22:00")))
        commitments.append(Commitment("shift", [session], kind="volunteer", location=draw(where)))
    limits = Limits(max_day_hours=draw(st.sampled_from((1.5, 2, 2.5, 3))), max_hours=draw(st.sampled_from((5, 40))))
    travel = {"default": draw(st.sampled_from((20, 35, 60)))}
    return Problem(commitments, gigs, limits, term=term, rules=Rules(travel=travel, travel_counts=True))


@settings(max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(counted_nights())
def test_counted_travel_across_sunday_midnight_is_optimal(problem):
    check_term_against_oracle(problem)


def _pushed(counts: bool) -> Problem:
    """A class on campus on Mondays, then either 'lab' on campus or 'essay' (weekly) downtown, 35 min away."""
    return Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-11:00"], location="campus")],
        gigs=[
            Gig("lab", pay_rate=20, sessions=["Mon 12:00-14:00"], location="campus"),
            Gig("essay", pay_rate=30, hours=2, windows=["Mon 12:00-14:00"], location="downtown"),
        ],
        limits=Limits(max_day_hours=4.5),
        rules=Rules(travel=TRAVEL, travel_counts=counts),
        term=TERM,
    )


def test_counted_travel_pushes_a_weekly_gig_out_of_a_term():
    """With 'essay' Monday holds 2 h of class, 2 h of work and 35 min of travel: over 4.5 h, so 'lab' instead."""
    assert check_term_against_oracle(_pushed(False)).gig_ids == ["essay"]
    plan = check_term_against_oracle(_pushed(True))
    assert plan.gig_ids == ["lab"]
    assert [w.hours for w in plan.weeks] == [4.0, 4.0]


def test_week_hours_and_totals_count_the_travel_not_the_work_hours():
    plan = check_term_against_oracle(_pushed(True).with_limits(max_day_hours=5))
    assert plan.gig_ids == ["essay"]
    hours = 4 + 35 / 60
    assert [w.hours for w in plan.weeks] == pytest.approx([hours, hours])
    assert [w.work_hours for w in plan.weeks] == [2.0, 2.0]
    data = plan.to_dict()
    assert [w["hours"] for w in data["weeks"]] == pytest.approx([hours, hours])
    assert data["totals"]["hours"] == pytest.approx(2 * hours) and data["totals"]["work_hours"] == 4.0
    assert [b["date"] for b in data["blocks"] if b["kind"] == "travel"] == ["2027-03-01", "2027-03-08"]
    text = term_summary(plan)
    assert "hours   4.58  work   2.00" in text and "totals: hours 9.17, work hours 4.00" in text, text


def test_a_project_waits_for_the_break_week_whose_day_cap_leaves_room_for_the_travel():
    """The food bank (campus, Mondays, going on in the break) and the report downtown after it: 4 h 35 min on a
    Monday, over the term's 4.5 h but within the break week's 5 h, so the report is done in the break week."""
    term = Term(start="2027-03-01", end="2027-03-21",
                breaks=[Break("Spring break", "2027-03-08", "2027-03-14", limits={"max_day_hours": 5})])  # fmt: skip
    problem = Problem(
        commitments=[Commitment("food bank", sessions=["Mon 09:00-11:00"], kind="volunteer", location="campus")],
        gigs=[Gig("report", pay_rate=10, total_hours=2, fee=100, windows=["Mon 12:00-14:00"], location="downtown")],
        limits=Limits(max_day_hours=4.5),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        term=term,
    )
    plan = check_term_against_oracle(problem)
    assert plan.gig_ids == ["report"]
    assert plan.gigs[0].weeks == {dt.date(2027, 3, 8): 2.0}
    assert [w.hours for w in plan.weeks] == pytest.approx([2.0, 4 + 35 / 60, 2.0])
    assert plan.weeks[1].is_break and plan.weeks[1].limits["max_day_hours"] == 5


def _midnight(day_cap: float) -> Problem:
    """'night' on campus Sundays 23:00-01:00, 'early' downtown Mondays 02:00-04:00 (1 h): after a Sunday night,
    Monday holds 1 h of 'night', 35 min of travel and 1 h of 'early'."""
    return Problem(
        gigs=[
            Gig("night", pay_rate=20, sessions=["Sun 23:00-01:00"], location="campus"),
            Gig("early", pay_rate=15, hours=1, windows=["Mon 02:00-04:00"], grid=60, location="downtown"),
        ],
        limits=Limits(max_day_hours=day_cap),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        term=Term(start="2027-03-01", end="2027-03-21"),
    )


def test_a_leg_after_a_block_past_sunday_midnight_counts_in_the_next_week():
    plan = check_term_against_oracle(_midnight(3))
    assert sorted(plan.gig_ids) == ["early", "night"]
    travel = [(b.date.isoformat(), b.start, b.end) for b in plan.blocks if b.kind == "travel"]
    assert ("2027-03-08", travel[0][1], travel[0][2]) == travel[0] and len(travel) == 2  # Mondays of weeks 2 and 3
    leg = 35 / 60
    # week 1: 'night' until Sunday midnight, 'early'; week 2: the Monday hour of 'night', the leg, 'early', and
    # its own Sunday hour; week 3 also holds the last hour past the term's last Sunday
    assert [w.hours for w in plan.weeks] == pytest.approx([2.0, 3 + leg, 4 + leg])


def test_a_leg_across_sunday_midnight_that_breaks_the_day_cap_keeps_the_two_gigs_apart():
    """Under 2.5 h a day, 'night' and 'early' together break Monday's cap after each Sunday night: one is left out."""
    plan = check_term_against_oracle(_midnight(2.5))
    assert plan.gig_ids == ["night"]


def test_commitments_whose_travel_alone_breaks_a_cap_make_the_term_infeasible_naming_the_date():
    problem = Problem(
        commitments=[
            Commitment("MATH 201 midterm", sessions=["2027-03-10 09:00-11:00"], location="campus"),
            Commitment("shift", sessions=["2027-03-10 11:40-13:40"], kind="volunteer", location="downtown"),
        ],
        gigs=[Gig("essay", pay_rate=30, hours=1, windows=["Tue 12:00-14:00"], location="downtown")],
        limits=Limits(max_day_hours=4.5, max_hours=4.5),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.status.value == "infeasible"
    assert (
        "commitments alone take 4 h on 2027-03-10 and 0.583333 h of travel between them that counts "
        "(rules.travel_counts), over max_day_hours (4.5 h)"
    ) in plan.reasons
    assert any("in the week of 2027-03-08, over max_hours (4.5 h)" in r for r in plan.reasons), plan.reasons
    # without counting the travel, the same term has a plan
    assert check_term_against_oracle(problem.with_rules(travel_counts=False)).status.value == "optimal"


def test_a_table_where_a_stop_saves_travel_is_not_monotone_and_still_exact():
    """campus -> downtown takes 60 min, through the lab 20: a 30-minute stop at the lab shortens the day."""
    between = [
        {"from": "campus", "to": "downtown", "minutes": 60},
        {"from": "campus", "to": "lab", "minutes": 10},
        {"from": "lab", "to": "downtown", "minutes": 10},
    ]
    problem = Problem(
        commitments=[
            Commitment("class", sessions=["Mon 09:00-10:00"], location="campus"),
            Commitment("shift", sessions=["Mon 11:30-12:30"], kind="volunteer", location="downtown"),
        ],
        gigs=[
            Gig("stop", pay_rate=5, hours=0.5, windows=["Mon 10:00-11:30"], grid=30, min_block=30, location="lab"),
            Gig("tutor", pay_rate=30, sessions=["Tue 09:00-10:00"], location="campus"),
        ],
        limits=Limits(max_hours=3.9),
        rules=Rules(travel={"between": between, "default": 0}, travel_counts=True),
        term=TERM,
    )
    assert not prepare_term(problem).travel_monotone
    plan = check_term_against_oracle(problem)
    assert sorted(plan.gig_ids) == ["stop", "tutor"]  # with the stop, 3 h 50 min a week; without it, 4 h


def test_explain_and_diagnose_count_the_travel_in_the_day_cap_they_would_raise():
    """'essay' required: the class, its 2 h and the 35 min of travel need 4 h 35 min on Mondays."""
    problem = _pushed(True).replace(require=["essay"])
    assert stacker.solve(problem).status.value == "infeasible"
    assert "raise max_day_hours from 4.5 h to 4.59 h" in str(stacker.diagnose(problem))
    assert "raise max_day_hours from 4.5 h to 4.59 h" in stacker.explain(_pushed(True)).reason("essay")
