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
blocks in the plan's outputs; what is refused (a flexible gig at a place
near Sunday midnight).
"""

from __future__ import annotations

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
