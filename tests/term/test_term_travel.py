"""Travel time between places (``rules.travel``, ``location``) on term problems.

Random small terms (:mod:`term_strategies`, with a chain of fixed gigs and
maybe a class on Monday or Tuesday mornings, 0 to 60 minutes apart) whose
commitments, fixed gigs, weekly gigs and projects are at random places solve
to the optimum of the independent :mod:`term_oracle` (which keeps the travel
gaps on every date, between fixed items and around every flexible cell),
every plan through the independent :mod:`term_checker` (which checks the
gaps and the travel blocks on every date); worked examples: a fixed gig too
close to a class on one date, two commitments too close, two fixed gigs too
close on a single date, a weekly gig placed clear of the travel, the travel
blocks in the plan's outputs. Across Sunday midnight: random terms of 2-3
weeks whose flexible gigs, projects, fixed gigs and commitments at places
work late on Sundays and early on Mondays (the weeks' placements must keep
the travel between them), and worked cases of two weekly gigs that fit
together only if the Monday one moves, and that never fit together.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from term_compare import check_term_against_oracle
from term_oracle import term_optimum
from term_strategies import term_problems

import stacker
from stacker import Commitment, Gig, Problem, Rules, Term

PLACES = ("campus", "downtown", "lab")
TRAVEL = {"default": 20, "between": [{"from": "campus", "to": "downtown", "minutes": 35}]}
TERM = Term(start="2027-03-01", end="2027-03-21")  # three weeks, Monday 2027-03-01 to Sunday 2027-03-21


def _text(day: str, start: int, end: int) -> str:
    return f"{day} {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def chain(draw, count: int) -> list[str]:
    """``count`` sessions one after another on Monday (or Monday and Tuesday) morning, 0 to 60 minutes apart."""
    day = draw(st.sampled_from(("Mon", "Mon,Tue")))
    start, out = 9 * 60, []
    for _ in range(count):
        end = start + draw(st.sampled_from((30, 50, 60)))
        out.append(_text(day, start, end))
        start = end + draw(st.sampled_from((0, 10, 20, 30, 40, 60)))
    return out


@st.composite
def terms_with_places(draw, *, tight: bool = False) -> Problem:
    """A small term whose commitments and fixed gigs are at places (or remote), with a chain of close sessions."""
    problem = draw(term_problems(max_gigs=4, tight=tight))
    where = st.sampled_from((*PLACES, *PLACES, "remote", None))
    commitments = [c.replace(location=draw(where)) for c in problem.commitments]
    gigs = [g.replace(location=draw(where)) for g in problem.gigs]
    sessions = draw(chain(draw(st.integers(2, 4))))
    if draw(st.booleans()):  # a class in the chain
        commitments.append(Commitment("class", [sessions.pop(draw(st.integers(0, len(sessions) - 1)))],
                                      location=draw(where)))  # fmt: skip
    for i, session in enumerate(sessions):
        gigs.append(Gig(f"near{i}", pay_rate=draw(st.integers(5, 40)), sessions=[session], location=draw(where)))
    if draw(st.booleans()):  # a weekly gig among the chain
        gigs.append(Gig("flex", pay_rate=draw(st.integers(5, 40)), hours=1, windows=["Mon,Tue 09:00-14:00"], grid=30,
                        min_block=60, location=draw(where)))  # fmt: skip
    minutes = st.sampled_from((0, 10, 20, 30, 35, 45, 60, 90))
    between = [
        {"from": a, "to": b, "minutes": draw(minutes)} for a in PLACES for b in PLACES if a != b and draw(st.booleans())
    ]
    travel = {"between": between, "default": draw(minutes)}
    return problem.replace(commitments=commitments, gigs=gigs, rules=problem.rules.replace(travel=travel))


@settings(max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_with_places())
def test_small_terms_with_places_are_optimal(problem):
    check_term_against_oracle(problem)


@settings(max_examples=20, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_with_places(tight=True))
def test_tight_terms_with_places_are_optimal(problem):
    """Gigs sharing narrow windows under a daily cap: placements fail and cuts are learned, with travel."""
    check_term_against_oracle(problem)


@settings(max_examples=15, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_with_places())
def test_explain_costs_with_places_are_the_oracle_differences(problem):
    """Each gig left out, forced in: its cost is the oracle's difference (forced solves keep the travel too)."""
    _check_explain_costs(problem)


def _check_explain_costs(problem) -> None:
    """Each gig left out, forced in: whether it fits, and its cost, are the oracle's."""
    plan = stacker.solve(problem)
    if not plan.status.has_plan:
        return
    best = term_optimum(problem)
    for row in stacker.explain(problem, plan).gigs.itertuples():
        forced = term_optimum(problem.requiring(row.gig))
        if forced is None:
            assert not row.fits, row.reason
        else:
            assert row.fits and row.cost == pytest.approx(best - forced, abs=1e-6), row.reason


NIGHT = (
    "Sun 21:00-24:00",
    "Sun 22:00-24:00",
    "Sun 23:00-24:00",
    "Mon 00:00-02:00",
    "Mon 00:00-03:00",
    "Mon 01:00-03:00",
)


@st.composite
def terms_near_midnight(draw) -> Problem:
    """A term of 2 or 3 weeks whose gigs (and maybe a commitment) at places work on Sunday nights and Monday
    mornings, 0 to 90 minutes apart: the weeks' flexible blocks must keep the travel across each Sunday midnight."""
    weeks = draw(st.integers(2, 3))
    start = dt.date(2027, 3, 1) + dt.timedelta(days=draw(st.sampled_from((0, 0, 6))))  # maybe from a Sunday
    term = Term(start=start, end=dt.date(2027, 3, 1) + dt.timedelta(days=7 * weeks - 1 - draw(st.integers(0, 1))))
    where = st.sampled_from((*PLACES, *PLACES, "remote"))
    grid = draw(st.sampled_from((30, 60)))
    gigs = []
    for i in range(draw(st.integers(2, 4))):
        windows = draw(st.lists(st.sampled_from(NIGHT), min_size=1, max_size=2, unique=True))
        pay = {"pay_rate": draw(st.integers(5, 40)), "location": draw(where), "grid": grid, "windows": windows}
        kind = draw(st.sampled_from(("weekly", "weekly", "project")))
        if kind == "weekly":
            hours = draw(st.sampled_from(({"hours": 1}, {"min_hours": 1, "max_hours": 2}, {"hours": 2})))
            gigs.append(Gig(f"w{i}", min_block=draw(st.sampled_from((grid, 60))), **hours, **pay))
        else:
            gigs.append(Gig(f"p{i}", total_hours=draw(st.integers(1, 3)), max_week_hours=draw(st.sampled_from(
                (None, 1, 2))), fee=draw(st.sampled_from((None, 30))), **pay))  # fmt: skip
    if draw(st.booleans()):
        session = draw(st.sampled_from(("Sun 23:00-24:00", "Mon 00:00-01:00", "Sun 22:00-23:00", "Mon 01:00-02:00")))
        gigs.append(Gig("fixed", pay_rate=draw(st.integers(5, 40)), sessions=[session], location=draw(where)))
    commitments = []
    if draw(st.booleans()):
        session = draw(st.sampled_from(("Sun 20:00-21:00", "Mon 03:00-04:00", "Sun 23:30-24:00", "Mon 00:00-00:30")))
        commitments.append(Commitment("shift", [session], kind="volunteer", location=draw(where)))
    minutes = st.sampled_from((0, 10, 20, 30, 35, 45, 60, 90))
    between = [
        {"from": a, "to": b, "minutes": draw(minutes)} for a in PLACES for b in PLACES if a != b and draw(st.booleans())
    ]
    limits = stacker.Limits(
        max_day_hours=draw(st.sampled_from((None, 2))), max_work_hours=draw(st.sampled_from((None, 3)))
    )
    return Problem(
        commitments, gigs, limits, term=term, rules=Rules(travel={"between": between, "default": draw(minutes)})
    )


@settings(
    max_examples=100, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(terms_near_midnight())
def test_terms_with_places_across_sunday_midnight_are_optimal(problem):
    """The last block of a Sunday and the first of the next Monday at different places keep the travel."""
    check_term_against_oracle(problem)


def _night(late_window: str) -> Problem:
    """A weekly gig on campus on Sunday nights, one downtown on Monday mornings, a project on campus on Mondays."""
    return Problem(
        gigs=[
            Gig("sunday", pay_rate=20, hours=1, windows=["Sun 23:00-24:00"], grid=60, location="campus"),
            Gig("monday", pay_rate=25, hours=1, windows=[late_window], grid=30, location="downtown"),
            Gig("report", pay_rate=10, total_hours=2, windows=["Mon 00:00-03:00"], grid=30, location="campus"),
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )


def test_a_monday_block_moves_to_keep_the_travel_from_sunday_night():
    """'sunday' ends at midnight on campus; downtown 'monday' starts at 01:00 (35 min needed), not at 00:00."""
    plan = check_term_against_oracle(_night("Mon 00:00-02:00"))
    assert sorted(plan.gig_ids) == ["monday", "sunday"]
    blocks = [(b.id, b.date.isoformat(), b.start, b.end) for b in plan.blocks if b.kind == "gig"]
    assert ("sunday", "2027-03-07", "23:00", "24:00") in blocks and ("sunday", "2027-03-14", "23:00", "24:00") in blocks
    for date in ("2027-03-08", "2027-03-15"):  # after a Sunday night on campus
        (start,) = [s for i, d, s, _ in blocks if i == "monday" and d == date]
        assert start >= "00:35", (date, start)


def test_two_weekly_gigs_that_cannot_keep_the_travel_across_midnight_are_not_both_taken():
    """'monday' must start by 00:30, 30 min after 'sunday' ends elsewhere: in weeks two and three they cannot both
    work, so the plan takes 'monday' and 'report' (95.00) rather than 'sunday' (the better pair would be 135)."""
    problem = _night("Mon 00:00-01:30")
    plan = check_term_against_oracle(problem)
    assert sorted(plan.gig_ids) == ["monday", "report"]
    assert plan.totals.value == pytest.approx(95.0)
    alone = check_term_against_oracle(problem.replace(rules=Rules()))  # without travel all three fit
    assert sorted(alone.gig_ids) == ["monday", "report", "sunday"]


@settings(max_examples=12, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(terms_near_midnight())
def test_explain_costs_across_sunday_midnight_are_the_oracle_differences(problem):
    """Each gig left out, forced in (the what-if search keeps the travel across each midnight): the oracle's cost."""
    _check_explain_costs(problem)


def test_explain_names_the_travel_in_the_way_of_a_weekly_gig_across_midnight():
    problem = _night("Mon 00:00-01:30")
    assert stacker.explain(problem).reason("sunday") == (
        "would end 0 min before monday starts on downtown; 35 min needed to get there on 2027-03-07; would end 30 "
        "min before monday starts on downtown; 35 min needed to get there on 2027-03-14; taking it lowers the value "
        "by 15.00 because it displaces 'monday'"
    )  # the plan has monday at 00:00 on 2027-03-08 and at 00:30 on 2027-03-15 (either is as good)


def test_explain_names_the_travel_in_the_way_of_a_weekly_gig_and_a_project():
    """The plan takes the tutor downtown; the desk and the report on campus would start too soon after it."""
    problem = Problem(
        gigs=[
            Gig("tutor", pay_rate=60, sessions=["Tue 10:00-11:00"], location="downtown"),
            Gig("desk", pay_rate=20, hours=1, windows=["Tue 11:00-12:30"], grid=30, location="campus"),
            Gig(
                "report",
                pay_rate=20,
                total_hours=2,
                windows=["Tue 11:00-12:30"],
                grid=30,
                location="campus",
                start="2027-03-09",
            ),
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.gig_ids == ["tutor"]
    explanation = stacker.explain(problem, plan)
    assert explanation.reason("desk").startswith(
        "would start 0 min after tutor ends on downtown; 35 min needed to get to campus on 2027-03-02 and on 2 more "
        "dates; taking it lowers the value by "
    )
    assert explanation.reason("report").startswith(
        "would start 0 min after tutor ends on downtown; 35 min needed to get to campus on 2027-03-09 and on 1 more "
        "dates; "
    )


def test_the_term_once_refused_for_travel_near_sunday_midnight_is_solved():
    """A weekly gig on campus until 23:50 on Sundays and a project at the gym from 00:10 on Mondays (20 min apart):
    once a ProblemError, now solved to the oracle's optimum with the travel kept across each Sunday midnight."""
    gigs = [
        Gig("a", pay_rate=1, sessions=["Mon 10:00-11:00"], location="campus"),
        Gig("b", pay_rate=1, sessions=["Mon 11:00-12:00"], location="downtown"),
        Gig("f", pay_rate=1, hours=1, windows=["Tue 10:00-12:00"], location="campus"),
        Gig("s", pay_rate=3, hours=1, windows=["Sun 21:00-23:50"], location="campus", grid=10),
        Gig("p", pay_rate=2, total_hours=2, windows=["Mon 00:10-03:00"], location="gym", grid=10, min_block=60),
    ]
    problem = Problem(gigs=gigs, rules=Rules(travel=TRAVEL), term=Term(start="2027-01-04", end="2027-01-24"))
    plan = check_term_against_oracle(problem)
    assert {"s", "p"} <= set(plan.gig_ids)


def _class(*sessions: str) -> Commitment:
    return Commitment("MATH 201", sessions=list(sessions), location="campus")


def test_a_fixed_gig_too_close_to_a_class_on_one_date_is_excluded_with_the_reason():
    # the class meets on Wednesdays until 10:00, and once on Thursday 2027-03-11 until 13:45
    problem = Problem(
        commitments=[_class("Wed 09:00-10:00", "2027-03-11 12:00-13:45")],
        gigs=[
            Gig("tutor", pay_rate=30, sessions=["Thu 14:00-15:00"], location="downtown"),
            Gig("desk", pay_rate=10, sessions=["Wed 10:40-11:40"], location="downtown"),  # 40 min: enough
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.excluded.to_dicts() == [
        {
            "id": "tutor",
            "reason": "35 min from campus to downtown needed, 15 min between MATH 201 and tutor on 2027-03-11",
        }
    ]
    assert plan.gig_ids == ["desk"]
    travel = [b.to_dict() for b in plan.blocks if b.kind == "travel"]
    assert [(b["date"], b["start"], b["end"], b["id"]) for b in travel] == [
        (d, "10:05", "10:40", "campus to downtown") for d in ("2027-03-03", "2027-03-10", "2027-03-17")
    ]
    assert plan.to_dict()["blocks"] == [b.to_dict() for b in plan.blocks]
    ics = plan.to_ics(None, commitments=False)
    assert ics.count("CATEGORIES:travel") == 1 and "Travel: campus to downtown" in ics  # one weekly series
    week = plan.weeks[0].as_plan()
    assert [(b.id, b.kind, b.start, b.end) for b in week.blocks if b.kind == "travel"] == [
        ("campus to downtown", "travel", 2 * 1440 + 605, 2 * 1440 + 640)
    ]


def test_two_commitments_too_close_make_the_term_infeasible_with_the_reason():
    problem = Problem(
        commitments=[
            _class("Mon 09:00-10:00"),
            Commitment("shift", sessions=["2027-03-08 10:20-11:00"], location="downtown"),
        ],
        gigs=[Gig("g", pay_rate=10, sessions=["Tue 10:00-11:00"], location="downtown")],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.status.value == "infeasible"
    assert plan.reasons == ("35 min from campus to downtown needed, 20 min between MATH 201 and shift on 2027-03-08",)


def test_two_fixed_gigs_too_close_on_a_single_date_are_never_both_taken():
    # 'late' is a weekly gig downtown; 'lab' meets at the lab once, 10 min before 'late' that week
    problem = Problem(
        gigs=[
            Gig("late", pay_rate=20, sessions=["Tue 12:00-13:00"], location="downtown"),
            Gig("lab", pay_rate=50, sessions=["2027-03-09 10:00-11:50"], location="lab"),
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.gig_ids == ["lab"]  # 50 * 110 / 60 = 91.67 beats 20 * 3 = 60
    assert not plan.excluded.to_dicts()
    assert (
        stacker.explain(problem, plan)
        .reason("late")
        .startswith("would start 10 min after lab ends on lab; 20 min needed to get to downtown on 2027-03-09; ")
    )
    alone = check_term_against_oracle(problem.replace(rules=Rules()))  # without travel both are taken
    assert sorted(alone.gig_ids) == ["lab", "late"]


def test_a_weekly_gig_is_placed_clear_of_the_travel_every_week():
    problem = Problem(
        commitments=[_class("Mon 09:00-10:00")],
        gigs=[
            Gig(
                "social", pay_rate=20, hours=1, windows=["Mon 09:00-13:00"], grid=15, min_block=60, location="downtown"
            ),
            Gig("desk", pay_rate=20, sessions=["Mon 12:30-13:30"], location="lab"),
            Gig("report", pay_rate=10, total_hours=1, windows=["Mon 09:00-13:00"], location="campus", grid=60),
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert sorted(plan.gig_ids) == ["desk", "social"]  # the report on campus: no hour clear of both downtown and lab
    for block in plan.blocks:
        if block.id == "social":  # 35 min from the class, 20 to the lab: 10:35 to 12:10
            assert block.start >= "10:35" and block.end <= "12:10", block
    kinds = {(b.id, b.kind) for b in plan.blocks if b.kind == "travel"}
    assert kinds == {("campus to downtown", "travel"), ("downtown to lab", "travel")}


def test_a_flexible_gig_with_no_room_clear_of_the_travel_says_so():
    problem = Problem(
        commitments=[_class("Mon 09:00-10:00")],
        gigs=[
            Gig("social", pay_rate=20, hours=1, windows=["Mon 10:00-11:15"], grid=15, min_block=60, location="downtown")
        ],
        rules=Rules(travel=TRAVEL),
        term=TERM,
    )
    plan = check_term_against_oracle(problem)
    assert plan.excluded.to_dicts() == [
        {"id": "social", "reason": "cannot fit 1 h in blocks of 60 min in the week of 2027-03-01 clear of the travel "
                                   "to and from the commitments at other places"}
    ]  # fmt: skip
    assert stacker.solve(problem.replace(rules=Rules())).gig_ids == ["social"]
