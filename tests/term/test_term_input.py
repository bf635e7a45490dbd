"""The term's input: Python objects, JSON and TOML, written back, and every bad input named before solving."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import stacker
from stacker import Break, Commitment, Gig, Limits, Problem, ProblemError, Term

HERE = Path(__file__).parent
TERM = Term("2027-01-11", "2027-05-09", timezone="America/New_York",
            breaks=[Break("Spring break", "2027-03-13", "2027-03-21", {"max_work_hours": 40})])  # fmt: skip


def test_the_issue_example_reads_from_json_and_toml_alike():
    problem = stacker.load(HERE / "issue_term.json")
    assert problem.term == TERM
    assert problem.term.breaks[0].start == dt.date(2027, 3, 13)
    project = problem.gig("market-report")
    assert project.is_project and project.due == dt.date(2027, 2, 26) and project.fee == 600
    assert problem.commitments[0].skip == (dt.date(2027, 1, 18),)
    assert problem.commitments[1].dated == ((dt.date(2027, 3, 3), 19 * 60, 120),)
    assert stacker.load(HERE / "issue_term.toml") == problem


def test_written_back_and_read_again_is_the_same_problem():
    problem = stacker.load(HERE / "issue_term.json")
    data = json.loads(json.dumps(stacker.problem_to_dict(problem)))
    assert data["term"]["breaks"][0]["limits"] == {"max_work_hours": 40}
    assert stacker.problem_from_dict(data) == problem


def test_dates_as_text_or_dates():
    a = Gig("p", fee=100, total_hours=4, start="2027-02-01", due="2027-02-10")
    b = Gig("p", fee=100, total_hours=4, start=dt.date(2027, 2, 1), due=dt.date(2027, 2, 10))
    assert a == b


def _errors(make) -> list[str]:
    with pytest.raises(ProblemError) as info:
        make()
    return info.value.errors


def test_every_bad_item_of_a_term_file_is_named_at_once():
    data = {
        "term": {"start": "2027-01-11", "end": "2027-05-09"},
        "commitments": [
            {"id": "MATH", "sessions": ["Mon 09:00-10:00", "2027-06-01 10:00-11:00"], "skip": ["2027-13-01"]},
            {"id": "LAB", "sessions": ["Tue 09:00-10:00"], "start": "2027-03-01", "end": "2027-02-01"},
        ],
        "gigs": [
            {"id": "p", "fee": -5, "total_hours": 4, "start": "2027-02-10", "due": "2027-02-01"},
            {"id": "q", "pay_rate": 10, "total_hours": 4, "hours": 3, "sessions": ["Mon 10:00-11:00"]},
            {"id": "r", "pay_rate": 10, "hours": 2, "start": "2026-12-01", "in_breaks": "no"},
        ],
    }
    assert _errors(lambda: stacker.problem_from_dict(data)) == [
        "commitment 'MATH': skip: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-13-01'",
        "commitment 'LAB': end: 2027-02-01 is before start 2027-03-01",
        "gig 'p': due: 2027-02-01 is before start 2027-02-10",
        "gig 'p': fee: must be >= 0, got -5",
        "gig 'q': sessions: a project (with total_hours) does not take sessions; it takes total_hours and fee",
        "gig 'q': hours: a project (with total_hours) does not take hours; it takes total_hours and fee",
        "gig 'r': in_breaks: must be true or false, got 'no'",
    ]


def test_items_checked_together_then_dates_against_the_term():
    messages = _errors(lambda: Problem(
        [Commitment("MATH", ["Mon 09:00-10:00", "2027-06-01 10:00-11:00"], skip=["2027-01-01"])],
        [Gig("r", pay_rate=10, hours=2, start="2026-12-01"), Gig("p", fee=10, total_hours=2, due="2027-06-01")],
        term=TERM,
    ))  # fmt: skip
    assert messages == [
        "commitment 'MATH': skip: 2027-01-01 is outside the term 2027-01-11..2027-05-09",
        "commitment 'MATH': session '2027-06-01 ...': 2027-06-01 is outside the term 2027-01-11..2027-05-09",
        "gig 'r': start: 2026-12-01 is outside the term 2027-01-11..2027-05-09",
        "gig 'p': due: 2027-06-01 is outside the term 2027-01-11..2027-05-09",
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Term("2027-01-11", "2027-01-01"), "term: end: 2027-01-01 is before start 2027-01-11"),
        (lambda: Term("2027-01-32", "2027-02-01"), "term: start: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-01-32'"),
        (lambda: Term("2027-01-11", "2027-02-01", timezone="Mars/Olympus"), "term: timezone: 'Mars/Olympus' is not an IANA time zone name like 'America/New_York'"),
        (lambda: Term("2027-01-11", "2027-02-01", breaks=[Break("b", "2027-01-30", "2027-02-03")]), "break 'b': start: 2027-01-30..2027-02-03 is not inside the term 2027-01-11..2027-02-01"),
        (lambda: Term("2027-01-11", "2027-02-01", breaks=[Break("a", "2027-01-12", "2027-01-15"), Break("b", "2027-01-15", "2027-01-16")]), "break 'b': start: 2027-01-15 overlaps break 'a' (2027-01-12..2027-01-15)"),
        (lambda: Break("b", "2027-01-15", "2027-01-12"), "break 'b': end: 2027-01-12 is before start 2027-01-15"),
        (lambda: Break("b", "2027-01-12", "2027-01-15", {"max_work_hour": 3}), "break 'b': limits: max_work_hour: unknown field; did you mean 'max_work_hours'?"),
        (lambda: Problem([Commitment("exam", ["2027-03-03 19:00-21:00"])]), "commitment 'exam': sessions: needs a term (give the problem a term)"),
        (lambda: Problem(gigs=[Gig("p", fee=10, total_hours=3)]), "gig 'p': total_hours: needs a term (give the problem a term)"),
        (lambda: Problem(limits=Limits(max_fortnight_work_hours=48)), "limits: max_fortnight_work_hours: needs a term (give the problem a term)"),
        (lambda: stacker.problem_from_dict({"gigs": [{"id": "w", "pay_rate": 1, "sessions": "Mon 09:00-10:00"}, {"id": "x", "pay_rate": 1, "sessions": ["2027-03-03 19:00-21:00"]}]}), "gig 'x': sessions: needs a term (give the problem a term)"),
        (lambda: stacker.problem_from_dict({"gigs": [{"id": "p", "fee": 10, "total_hours": 3}]}), "gig 'p': total_hours: needs a term (give the problem a term)"),
        (lambda: Gig("p", fee=10, total_hours=3, sessions=["Mon 09:00-10:00"]), "gig 'p': sessions: a project (with total_hours) does not take sessions; it takes total_hours and fee"),
        (lambda: Gig("p", fee=10, total_hours=3, hours=3), "gig 'p': hours: a project (with total_hours) does not take hours; it takes total_hours and fee"),
        (lambda: Gig("p", fee=-1, total_hours=3), "gig 'p': fee: must be >= 0, got -1"),
        (lambda: Gig("p", fee=1e12, total_hours=3), "gig 'p': fee: must be <= 1e+09 (the most money stacker's integer model holds exactly), got 1000000000000.0"),
        (lambda: Gig("p", fee=1, total_hours=1e6), "gig 'p': total_hours: must be <= 8784 (the hours in a year), got 1000000.0"),
        (lambda: Gig("p", fee=1, total_hours="x"), "gig 'p': total_hours: must be a number, got 'x'"),
        (lambda: Gig("p", fee=10, due="2027-01-01"), "gig 'p': total_hours: missing; a project (with fee, due or max_week_hours) needs total_hours"),
        (lambda: Gig("p", fee=10, total_hours=2.2), "gig 'p': total_hours: 2.2 h cannot be met by whole 30-minute grid steps in blocks of at least 60 minutes"),
        (lambda: Commitment("c", ["2027-03-03 19:00-25:00"]), "commitment 'c': session '2027-03-03 19:00-25:00': hour must be 0-24"),
    ],
)  # fmt: skip
def test_bad_input(make, message):
    assert message in _errors(make)


def test_a_file_with_a_bad_term_names_the_file(tmp_path):
    data = json.loads((HERE / "issue_term.json").read_text())
    data["term"]["breaks"][0]["end"] = "2027-06-01"
    data["gigs"][2]["due"] = "2027-02-01"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProblemError) as info:
        stacker.load(path)
    assert info.value.errors == [
        f"{path}: break 'Spring break': start: 2027-03-13..2027-06-01 is not inside the term 2027-01-11..2027-05-09",
        f"{path}: gig 'market-report': due: 2027-02-01 is before start 2027-02-08",
    ]
