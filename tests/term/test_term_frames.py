"""stacker.problem_from_frames with a term: the term as a Term or as a mapping, and the rows' term fields."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from term_checker import assert_term_plan_is_feasible

import stacker
from stacker import Break, Commitment, Gig, Limits, Problem, ProblemError, Term

TERM = Term("2027-03-01", "2027-03-21", timezone="America/New_York",
            breaks=[Break("Spring break", "2027-03-08", "2027-03-14", limits={"max_work_hours": 30})])  # fmt: skip
AS_FILE = {"start": "2027-03-01", "end": "2027-03-21", "timezone": "America/New_York",
           "breaks": [{"name": "Spring break", "start": "2027-03-08", "end": "2027-03-14",
                       "limits": {"max_work_hours": 30}}]}  # fmt: skip
EXPECTED = Problem(
    commitments=[Commitment("MATH 201", ["Mon,Wed 09:00-09:50"], skip=["2027-03-03"])],
    gigs=[
        Gig("tutor", pay_rate=22, sessions=["Tue 18:00-20:00"], start="2027-03-02", end="2027-03-16"),
        Gig("report", fee=300, total_hours=6, due="2027-03-12", windows=["Mon-Fri 12:00-18:00"], mentor=True),
        Gig("barista", pay_rate=15, hours=4, windows=["Sat 08:00-14:00"], skip=["2027-03-13", "2027-03-20"]),
    ],
    limits=Limits(max_work_hours=10, min_week_pay=40),
    term=TERM,
)


def _frames(**dates):
    commitments = pd.DataFrame([{"id": "MATH 201", "sessions": "Mon,Wed 09:00-09:50", "skip": "2027-03-03"}])
    gigs = pd.DataFrame([
        {"id": "tutor", "pay_rate": 22, "sessions": "Tue 18:00-20:00", "start": dates.get("start", "2027-03-02"),
         "end": "2027-03-16"},
        {"id": "report", "fee": "300", "total_hours": 6, "due": dates.get("due", "2027-03-12"),
         "windows": "Mon-Fri 12:00-18:00", "mentor": "yes"},
        {"id": "barista", "pay_rate": 15, "hours": 4, "windows": "Sat 08:00-14:00", "skip": "2027-03-13; 2027-03-20"},
    ])  # fmt: skip
    return commitments, gigs


@pytest.mark.parametrize("term", [TERM, AS_FILE], ids=["Term", "mapping"])
def test_a_term_from_frames_is_the_problem_written_by_hand(term):
    commitments, gigs = _frames()
    problem = stacker.problem_from_frames(
        commitments, gigs, limits={"max_work_hours": 10, "min_week_pay": 40}, term=term
    )
    assert problem == EXPECTED
    plan = stacker.solve(problem)
    assert plan.status.value == "optimal" and sorted(plan.gig_ids) == ["barista", "report", "tutor"]
    assert_term_plan_is_feasible(problem, plan)


def test_pandas_dates_are_dates():
    commitments, gigs = _frames(start=pd.Timestamp("2027-03-02"), due=dt.date(2027, 3, 12))
    assert stacker.problem_from_frames(commitments, gigs, limits=EXPECTED.limits, term=TERM) == EXPECTED


def test_bad_term_fields_and_bad_terms_are_named():
    commitments, gigs = _frames(start="2027-02-30", due="2027-03-40")
    with pytest.raises(ProblemError) as error:
        stacker.problem_from_frames(commitments, gigs, term=TERM)
    assert error.value.errors == [
        "gig 'tutor': start: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-02-30'",
        "gig 'report': due: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-03-40'",
    ]
    with pytest.raises(ProblemError, match=r"gig 'report': due: 2027-06-01 is outside the term 2027-03-01..2027-03-21"):
        stacker.problem_from_frames(commitments, _frames(due="2027-06-01")[1], term=TERM)
    with pytest.raises(ProblemError, match="term: end: missing; it is required"):
        stacker.problem_from_frames(gigs=_frames()[1], term={"start": "2027-03-01"})
    with pytest.raises(ProblemError, match="term: must be a table"):
        stacker.problem_from_frames(gigs=_frames()[1], term="2027-03-01")


def test_without_a_term_the_term_fields_still_need_one():
    with pytest.raises(ProblemError, match="unknown column"):
        stacker.problem_from_frames(gigs=_frames()[1])
