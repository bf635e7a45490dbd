"""Travel time between places (``rules.travel``, ``location``) on week problems.

- property tests: random small weeks whose items are at random places solve
  to the optimum of the independent :mod:`oracle` (extended to travel), and
  every plan passes the independent :mod:`checker`, which checks the travel
  gaps and the travel blocks from the problem's public fields;
- worked examples: the reason a fixed gig is excluded, two fixed gigs that
  cannot keep the gap, a flexible block placed clear of it, travel blocks;
- bad input, as a ``ProblemError`` naming the field.
"""

from __future__ import annotations

import json
import pickle
from unittest import mock

import pytest
from catalogue import TRAVEL_CATALOGUE
from checker import assert_plan_is_feasible, parse_all, place_of, travel_breaks
from hypothesis import given, settings
from oracle import as_plan
from strategies import PROPERTY, dense_mixed_problems, fixed_problems, flexible_problems, travel_problems, with_places
from term_compare import check_term_against_oracle
from week_compare import TOL, compare_with_oracle

import stacker
from stacker import Commitment, Gig, Problem, ProblemError, Rules, Status

TRAVEL = {"default": 20, "between": [{"from": "campus", "to": "downtown", "minutes": 35}]}


def check_against_oracle(problem: Problem) -> stacker.Plan:
    """Solve, compare with the oracle's optimum, run the checker; a travel exclusion really breaks the gap."""
    plan, best, where = compare_with_oracle(problem)
    if best is None:
        return plan
    assert_plan_is_feasible(problem, as_plan(problem, best))
    commitments = [
        (place_of(c), s, e, c.id) for c in problem.commitments if place_of(c) for s, e in parse_all(c.sessions)
    ]
    for item in plan.excluded:
        if " min from " in item.reason:
            gig = problem.gig(item.id)
            mine = [(place_of(gig), s, e, gig.id) for s, e in parse_all(gig.sessions)]
            assert travel_breaks(problem, commitments + mine), f"{item}{where}"
    return plan


@settings(PROPERTY, max_examples=60)
@given(with_places(fixed_problems()))
def test_fixed_gigs_at_places_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(with_places(flexible_problems()))
def test_flexible_gigs_at_places_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=30)
@given(with_places(dense_mixed_problems()))
def test_crowded_weeks_at_places_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=80)
@given(travel_problems())
def test_crowded_days_at_places_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=60)
@given(travel_problems(max_fixed=8, max_flexible=0))
def test_crowded_fixed_days_at_places_are_optimal(problem):
    # fixed gigs only: the twins and the dominance rules are on, over the travel bicliques
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(travel_problems(max_fixed=8, max_flexible=2))
def test_bicliques_added_lazily_give_the_same_optimum(problem):
    # on a large pool the travel bicliques join the master only when a solution breaks them
    with mock.patch("stacker.cpsat.master.EAGER_TRAVEL", 0), mock.patch("stacker.cpsat.master.PROMISING", 0):
        check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(travel_problems(max_fixed=8, max_flexible=2))
def test_bicliques_cut_down_to_the_promising_gigs_give_the_same_optimum(problem):
    # on a large pool the bicliques cut down to the gigs of most value per minute go in at once, the whole
    # bicliques only when a solution breaks them: 2 of at most 8 gigs leave most of them to the lazy path
    with mock.patch("stacker.cpsat.master.EAGER_TRAVEL", 0), mock.patch("stacker.cpsat.master.PROMISING", 2):
        check_against_oracle(problem)


def _week(*gigs: Gig) -> Problem:
    return Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50"], location="campus")],
        gigs=list(gigs),
        rules=Rules(travel=TRAVEL),
    )


def test_a_fixed_gig_too_close_to_a_class_elsewhere_is_excluded_with_the_gap():
    plan = stacker.solve(_week(Gig("tutor", pay_rate=30, sessions=["Mon 10:05-11:00"], location="downtown")))
    assert plan.gig_ids == []
    assert plan.excluded[0].reason == "35 min from campus to downtown needed, 15 min between MATH 201 and tutor"
    # before the class, the other way round; the default between places not listed
    plan = stacker.solve(_week(Gig("cafe", pay_rate=30, sessions=["Mon 08:00-08:50"], location="mall")))
    assert plan.excluded[0].reason == "20 min from mall to campus needed, 10 min between cafe and MATH 201"


def test_remote_and_same_place_need_no_travel():
    plan = stacker.solve(
        _week(
            Gig("online", pay_rate=30, sessions=["Mon 09:50-10:30"], location="Remote"),
            Gig("lab", pay_rate=30, sessions=["Mon 10:30-11:00"], location="campus"),
        )
    )
    assert sorted(plan.gig_ids) == ["lab", "online"]
    assert_plan_is_feasible(plan.problem, plan)
    assert not [b for b in plan.blocks if b.kind == "travel"]


def test_two_fixed_gigs_that_cannot_keep_the_gap_are_not_both_taken():
    problem = Problem(
        gigs=[
            Gig("a", pay_rate=20, sessions=["Tue 10:00-11:00"], location="campus"),
            Gig("b", pay_rate=25, sessions=["Tue 11:15-12:00"], location="downtown"),
        ],
        rules=Rules(travel=TRAVEL),
    )
    plan = check_against_oracle(problem)
    assert plan.gig_ids == ["a"]  # 20 > 18.75: one of the two
    far = problem.replace(gigs=[problem.gigs[0], problem.gigs[1].replace(sessions=["Tue 11:35-12:00"])])
    plan = check_against_oracle(far)
    assert plan.gig_ids == ["a", "b"]
    travel = [b for b in plan.blocks if b.kind == "travel"]
    assert [(b.id, b.day, b.start_time, b.end_time) for b in travel] == [
        ("campus to downtown", "Tue", "11:00", "11:35")
    ]


def test_a_flexible_gig_is_placed_clear_of_the_gap():
    flex = Gig("flex", pay_rate=22, hours=2, windows=["Mon 08:00-13:00"], location="downtown", grid=15, min_block=60)
    plan = check_against_oracle(_week(flex))
    assert [(b.id, b.start_time) for b in plan.blocks if b.id == "flex"] == [("flex", "10:30")]
    assert [(b.id, b.start_time, b.end_time) for b in plan.blocks if b.kind == "travel"] == [
        ("campus to downtown", "09:55", "10:30")
    ]


def test_travel_survives_a_file_round_trip(tmp_path):
    problem = _week(Gig("tutor", pay_rate=30, sessions=["Mon 11:05-12:00"], location="downtown"))
    path = tmp_path / "p.json"
    stacker.save(problem, path) if hasattr(stacker, "save") else path.write_text(
        json.dumps(stacker.problem_to_dict(problem))
    )
    again = stacker.load(path)
    assert again == problem and again.rules.travel_minutes("downtown", "campus") == 35


@pytest.mark.parametrize(
    ("travel", "message"),
    [
        ({"default": -5}, "rules: travel: default: must be >= 0, got -5"),
        ({"between": [{"from": "campus", "to": "downtown", "minutes": -1}]}, "rules: travel: between #1: minutes: must be >= 0, got -1"),
        ({"between": [{"from": "campus", "minutes": 3}]}, "rules: travel: between #1: to: missing; it is required"),
        ({"betwen": []}, "rules: travel: betwen: unknown field; did you mean 'between'?"),
        ([1, 2], "rules: travel: must be a table with default and between, got list"),
        ({"between": [{"from": "campus", "to": "campus", "minutes": 3}]}, "rules: travel: between #1: from and to are the same place ('campus')"),
    ],
)  # fmt: skip
def test_bad_travel_is_a_problem_error(travel, message):
    with pytest.raises(ProblemError) as error:
        stacker.problem_from_dict({"rules": {"travel": travel}})
    assert message in error.value.errors


def test_a_typo_of_a_used_place_gets_a_did_you_mean_and_an_unused_place_is_fine():
    travel = {
        "between": [{"from": "campuss", "to": "downtown", "minutes": 35}, {"from": "gym", "to": "pool", "minutes": 5}]
    }
    with pytest.raises(ProblemError) as error:
        _week(Gig("tutor", pay_rate=30, sessions=["Mon 11:05-12:00"], location="downtown")).with_rules(travel=travel)
    assert error.value.errors == [
        "rules: travel: 'campuss' is not the location of any commitment or gig; did you mean 'campus'?"
    ]
    fine = {
        "between": [{"from": "campus", "to": "downtown", "minutes": 35}, {"from": "gym", "to": "pool", "minutes": 5}]
    }
    assert _week().with_rules(travel=fine).rules.travel_minutes("gym", "pool") == 5


def test_counted_travel_on_a_term_is_modelled_not_refused():
    """``travel_counts`` on a term solves (tests/term/test_term_travel_counts.py has the cases): the Monday leg
    from campus downtown counts toward each week's hours, not its work hours."""
    gigs = [
        Gig("a", pay_rate=1, sessions=["Mon 10:00-11:00"], location="campus"),
        Gig("b", pay_rate=1, sessions=["Mon 11:35-12:00"], location="downtown"),
        Gig("f", pay_rate=1, hours=1, windows=["Tue 10:00-12:00"], location="campus"),
    ]
    term = stacker.Term(start="2027-01-04", end="2027-01-17")
    plan = check_term_against_oracle(Problem(gigs=gigs, rules=Rules(travel=TRAVEL, travel_counts=True), term=term))
    assert sorted(plan.gig_ids) == ["a", "b", "f"]
    assert [(w.hours, w.work_hours) for w in plan.weeks] == [(3.0, pytest.approx(2 + 25 / 60))] * 2
    # places no minutes apart: nothing to count
    free = Problem(gigs=gigs, rules=Rules(travel_counts=True), term=term)
    assert free.places == ("campus", "downtown")
    assert [w.hours for w in check_term_against_oracle(free).weeks] == [2 + 25 / 60] * 2


def test_bad_location_and_unsupported_cases_are_problem_errors():
    with pytest.raises(ProblemError, match="gig 'g': location: must be a non-empty string"):
        Gig("g", pay_rate=1, hours=1, location="")


def test_explain_says_how_close_and_how_much_travel_is_needed():
    problem = Problem(
        gigs=[
            Gig("lab", pay_rate=30, sessions=["Mon 09:00-09:50"], location="campus"),
            Gig("tutor", pay_rate=20, sessions=["Mon 10:00-11:00"], location="downtown"),
        ],
        rules=Rules(travel=TRAVEL),
    )
    plan = check_against_oracle(problem)
    assert plan.gig_ids == ["lab"]
    assert stacker.explain(problem).reason("tutor") == (
        "would start 10 min after lab ends on campus; 35 min needed to get to downtown; "
        "taking it lowers the value by 5.00 because it displaces 'lab'"
    )


def test_explain_names_the_travel_in_the_way_of_a_flexible_gig():
    """desk's only free time on campus is right after tutor downtown: the travel, not a clash, keeps it out."""
    problem = Problem(
        gigs=[
            Gig("tutor", pay_rate=60, sessions=["Tue 10:00-11:00"], location="downtown"),
            Gig("desk", pay_rate=20, hours=1, windows=["Tue 11:00-12:30"], grid=30, location="campus"),
            Gig("early", pay_rate=20, hours=1, windows=["Tue 08:00-10:30"], grid=30, location="campus"),
        ],
        rules=Rules(travel=TRAVEL),
    )
    plan = check_against_oracle(problem)
    assert sorted(plan.gig_ids) == ["early", "tutor"]
    explanation = stacker.explain(problem, plan)
    assert explanation.reason("desk") == (
        "would start 0 min after tutor ends on downtown; 35 min needed to get to campus; "
        "taking it lowers the value by 40.00 because it displaces 'tutor'"
    )
    # a remote gig in desk's free time takes the room the travel would: then it is a plain lack of room
    crowded = problem.replace(gigs=[*problem.gigs, Gig("home", pay_rate=50, hours=1, windows=["Tue 11:30-12:30"])])
    crowded_plan = check_against_oracle(crowded)
    assert "home" in crowded_plan.gig_ids
    assert stacker.explain(crowded, crowded_plan).reason("desk").startswith("fits, but taking it lowers the value by")


def test_travel_blocks_in_the_grid_and_the_calendar():
    flex = Gig("flex", pay_rate=22, hours=2, windows=["Mon 08:00-13:00"], location="downtown", grid=15, min_block=60)
    plan = stacker.solve(_week(flex))
    grid = stacker.output.text.week_grid(plan, step=30, width=10)
    assert grid.startswith("Week grid (# class, ~ volunteer, = other, * gig, > travel; 30 min a row)")
    assert "09:30 >campus to" in grid
    ics = plan.to_ics(None, term_start="2027-01-04", term_end="2027-01-31", commitments=False)
    assert "SUMMARY:campus to downtown" in ics and "CATEGORIES:travel" in ics
    assert "SUMMARY:MATH 201" not in ics
    assert [b["kind"] for b in plan.to_dict()["blocks"]] == ["class", "travel", "gig"]
    assert plan.day_minutes[0] == 50 + 120 and plan.totals.hours == pytest.approx((50 + 120) / 60)  # no travel


def test_required_gigs_and_commitments_that_cannot_keep_the_gap_are_the_conflict():
    lab = Gig("lab", pay_rate=30, sessions=["Mon 09:00-09:50"], location="campus")
    tutor = Gig("tutor", pay_rate=20, sessions=["Mon 10:00-11:00"], location="downtown")
    problem = Problem(gigs=[lab, tutor], rules=Rules(travel=TRAVEL), require=["lab", "tutor"])
    plan = stacker.solve(problem)
    assert plan.status == Status.INFEASIBLE
    assert plan.reasons == (
        "these cannot all hold: required gig 'lab' (Mon 09:00-09:50); required gig 'tutor' (Mon 10:00-11:00). "
        "To fix it: drop the requirement on 'lab', or drop the requirement on 'tutor'",
    )
    assert_plan_is_feasible(problem, plan)
    classes = Problem(
        commitments=[
            Commitment("MATH", sessions=["Mon 09:00-09:50"], location="campus"),
            Commitment("ART", sessions=["Mon 10:00-11:00"], location="downtown"),
        ],
        rules=Rules(travel=TRAVEL),
    )
    plan = stacker.solve(classes)
    assert plan.status == Status.INFEASIBLE
    assert plan.reasons == ("35 min from campus to downtown needed, 10 min between MATH and ART",)
    assert "commitment 'MATH' (Mon 09:00-09:50); commitment 'ART' (Mon 10:00-11:00)" in stacker.diagnose(classes).text()


def test_a_flexible_gig_the_travel_leaves_no_room_is_excluded_with_the_reason():
    flex = Gig("flex", pay_rate=22, hours=1, windows=["Mon 10:00-11:00"], location="downtown")
    plan = check_against_oracle(_week(flex))
    assert plan.excluded[0].reason == (
        "needs at least 1 h in blocks of 60 min, but only 0 h of free time in its windows, clear of the travel to "
        "and from the commitments at other places, can hold such blocks"
    )


@pytest.mark.parametrize("name", sorted(TRAVEL_CATALOGUE))
def test_the_travel_catalogue(name):
    problem, value = TRAVEL_CATALOGUE[name]
    plan = check_against_oracle(problem)  # the oracle reaches the optimum too
    assert plan.objective == pytest.approx(value, abs=TOL)
    assert stacker.solve(problem.with_rules(travel=None)).objective > value  # travel changes each case


def test_a_problem_with_travel_is_pickled_for_the_workers_and_solved_alike():
    problem = _week(Gig("tutor", pay_rate=30, sessions=["Mon 11:05-12:00"], location="downtown"))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and hash(again.rules) == hash(problem.rules)
    with pytest.raises(TypeError, match="cannot be changed"):
        again.rules.travel["default"] = 0
    plans = stacker.solve_many([problem, again], executor=2)
    assert [p.to_dict()["blocks"] for p in plans] == [stacker.solve(problem).to_dict()["blocks"]] * 2
