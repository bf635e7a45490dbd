"""A term's plan: the issue example against the independent method, the output contract, limits in force, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_optimum

import stacker
from stacker import Break, Gig, Limits, Problem, Term
from stacker.cli import main

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def issue():
    problem = stacker.load(HERE / "issue_term.json")
    return problem, stacker.solve(problem)


def test_the_issue_example_is_optimal(issue):
    problem, plan = issue
    assert plan.status.value == "optimal"
    assert assert_term_plan_is_feasible(problem, plan) == pytest.approx(term_optimum(problem))
    assert plan.bound == plan.objective and plan.gap == 0


def test_to_dict_has_the_keys_of_the_issue(issue):
    _, plan = issue
    data = json.loads(json.dumps(plan.to_dict()))
    assert {"status", "objective", "bound", "term", "gigs", "blocks", "weeks", "totals", "excluded", "reasons"} <= set(
        data
    )
    assert data["term"] == {"start": "2027-01-11", "end": "2027-05-09"}
    tutor = next(g for g in data["gigs"] if g["id"] == "tutor")
    assert {"id", "hours", "pay", "value", "weeks"} <= set(tutor)
    assert tutor["weeks"]["2027-02-01"] == 4.0 and "2027-01-25" not in tutor["weeks"]
    assert all(set(b) >= {"id", "kind", "date", "day", "start", "end"} for b in data["blocks"])
    assert data["blocks"][0] == {"id": "MATH 201", "kind": "class", "date": "2027-01-11", "day": "Mon",
                                 "start": "09:00", "end": "09:50"}  # fmt: skip
    assert [w["start"] for w in data["weeks"]][:2] == ["2027-01-11", "2027-01-18"]
    assert all(set(w) >= {"start", "hours", "work_hours", "pay"} for w in data["weeks"])
    assert set(data["totals"]) >= {"hours", "work_hours", "pay", "value"}
    assert data["totals"]["value"] == data["objective"]
    assert sum(w["pay"] for w in data["weeks"]) == pytest.approx(data["totals"]["pay"])


def test_the_spring_break(issue):
    _, plan = issue
    breaks = [w for w in plan.weeks if w.is_break]
    assert [w.start for w in breaks] == [dt.date(2027, 3, 15)]  # 03-13 and 03-14 alone do not make a break week
    assert breaks[0].limits["max_work_hours"] == 40 and plan.weeks[8].limits["max_work_hours"] == 20
    assert not [b for b in plan.blocks if b.id == "MATH 201" and dt.date(2027, 3, 13) <= b.date <= dt.date(2027, 3, 21)]
    assert [b.date for b in plan.blocks if b.id == "MATH 201 midterm"] == [dt.date(2027, 3, 3)]


def test_frame_and_csv(issue):
    _, plan = issue
    frame = plan.to_frame()
    assert list(frame.columns) == ["id", "kind", "date", "day", "start", "end", "hours"]
    assert len(frame) == len(plan.blocks) and frame["date"].iloc[0] == dt.date(2027, 1, 11)
    assert plan.to_csv().splitlines()[1] == "MATH 201,class,2027-01-11,Mon,09:00,09:50,0.8333333333333334"


def test_lower_of_disagreeing_breaks_and_null_lifts_only_when_both_do():
    limits = Limits(max_work_hours=20, max_day_hours=8, max_fortnight_work_hours=30)
    term = Term("2027-03-01", "2027-03-28", breaks=[
        Break("a", "2027-03-08", "2027-03-10", {"max_work_hours": 30, "max_day_hours": None}),
        Break("b", "2027-03-11", "2027-03-14", {"max_work_hours": None, "max_day_hours": None}),
        Break("c", "2027-03-15", "2027-03-28", {"max_work_hours": None, "max_fortnight_work_hours": None}),
    ])  # fmt: skip
    gig = Gig("night shift", pay_rate=20, sessions=["Mon-Sun 20:00-24:00"])
    problem = Problem([], [gig], limits, term=term)
    plan = stacker.solve(problem)
    assert [w.is_break for w in plan.weeks] == [False, True, True, True]
    assert [w.limits["max_work_hours"] for w in plan.weeks] == [20, 30, None, None]
    assert [w.limits["max_day_hours"] for w in plan.weeks] == [8, None, 8, 8]
    assert plan.gigs == () and "alone it is over max_work_hours in the week of 2027-03-01" in plan.excluded[0].reason
    shorter = problem.replace(term=term.__class__(term.start, term.end, breaks=term.breaks), gigs=[
        Gig("evenings", pay_rate=20, min_hours=10, max_hours=40, windows=["Mon-Sun 18:00-22:00"])])  # fmt: skip
    plan = stacker.solve(shorter)
    assert_term_plan_is_feasible(shorter, plan)
    # weeks 1-2 and 2-3 hold the lower cap of their weeks (30); weeks 3-4 both lift it: 28 h, all the windows hold
    assert [w.work_hours for w in plan.weeks] == [20, 10, 20, 28]


def test_a_required_project_that_cannot_be_finished_makes_the_plan_infeasible():
    project = Gig("thesis data", fee=500, total_hours=30, max_week_hours=5, due="2027-03-14", pay_rate=0)
    problem = Problem(gigs=[project], term=Term("2027-03-01", "2027-03-28"), require=["thesis data"])
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible"
    assert plan.reasons == (
        "required gig 'thesis data' cannot be taken: cannot be finished by 2027-03-14: at most 5 h a week, "
        "its windows and the caps hold at most 10 of its 30 h",
    )


def test_a_fee_is_paid_in_the_week_of_the_last_block():
    project = Gig("logo", fee=250, total_hours=4, max_week_hours=2, windows=["Sat 10:00-12:00"], min_block=120)
    problem = Problem(gigs=[project], term=Term("2027-03-01", "2027-03-21"))
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    last = max(b.date for b in plan.blocks)
    assert [w.pay for w in plan.weeks] == [
        250.0 if w.start <= last < w.start + dt.timedelta(7) else 0.0 for w in plan.weeks
    ]


def test_cli_json_and_text(capsys):
    assert main(["solve", str(HERE / "issue_term.json"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and data["term"]["start"] == "2027-01-11"
    assert main(["solve", str(HERE / "issue_term.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("status: optimal\nvalue: 3772.00\n") and "2027-03-15 break" in out


def test_cli_bad_term_file_has_no_traceback(tmp_path, capsys):
    data = json.loads((HERE / "issue_term.json").read_text())
    data["gigs"][2]["due"] = "2027-02-30"
    path = tmp_path / "term.json"
    path.write_text(json.dumps(data))
    code = main(["solve", str(path), "--json"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "gig 'market-report': due: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-02-30'" in err


def test_a_project_may_need_more_hours_than_a_week_holds():
    project = Gig("thesis-data", fee=900, total_hours=180, windows=["Mon-Fri 08:00-20:00"], min_block=120)
    problem = Problem(gigs=[project], limits=Limits(max_work_hours=40), term=Term("2027-03-01", "2027-04-04"))
    plan = stacker.solve(problem)
    assert plan.status.value == "optimal" and plan.gig_ids == ["thesis-data"]
    assert assert_term_plan_is_feasible(problem, plan) == pytest.approx(term_optimum(problem)) == 900
