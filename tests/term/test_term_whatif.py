"""What-if on terms: priorities, hint, compare, explain, diagnose, alternatives and pareto.

Every answer is checked against the independent references: plans with
:mod:`term_checker`, optima with :mod:`term_oracle` (brute force over the
fixed gigs plus a time-indexed MIP; ``term_criteria_optimum`` optimizes any
weighted sum of the criteria among plans with each criterion at least a level).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_criteria_optimum, term_optimum
from term_strategies import term_problems

import stacker
from stacker.cli import main
from stacker.presolve.units import SCALE

HERE = Path(__file__).parent
ISSUE = HERE / "issue_term.json"
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _units(problem, plan) -> dict[str, int]:
    """A term plan's criteria in integer units, recomputed from its gigs (pay, value) and the problem (relevance)."""
    minutes = {g.id: round(g.hours * 60) for g in plan.gigs}
    return {
        "value": round(plan.totals.value * SCALE["value"]),
        "pay": round(sum(g.pay for g in plan.gigs) * SCALE["pay"]),
        "relevance": sum(m * round(1000 * problem.gig(i).relevance) for i, m in minutes.items()),
        "hours": -sum(minutes.values()),
    }


def _check(problem, plan) -> float:
    """The checker on a plan whose objective may measure another criterion than value."""
    return assert_term_plan_is_feasible(problem, dataclasses.replace(plan, objective=plan.totals.value))


# --- priorities and hint -----------------------------------------------------------------


@SETTINGS
@given(term_problems(max_gigs=5), st.sampled_from([("relevance", "pay"), ("pay", "hours"), ("hours", "value")]))
def test_priorities_are_lexicographic_optima(problem, priorities):
    plan = stacker.solve(problem, priorities=list(priorities))
    first, second = priorities
    best_first = term_criteria_optimum(problem, {first: 1})
    if best_first is None:
        assert plan.status.value == "infeasible"
        return
    assert plan.status.value == "optimal", plan.reasons
    _check(problem, plan)
    got = _units(problem, plan)
    assert got[first] == best_first
    assert plan.objective == pytest.approx(best_first / SCALE[first]) and plan.priorities == priorities
    assert got[second] == term_criteria_optimum(problem, {second: 1}, {first: best_first})


@SETTINGS
@given(term_problems(max_gigs=5))
def test_a_hint_changes_nothing_but_the_start(problem):
    plan = stacker.solve(problem)
    if not plan.status.has_plan:
        return
    again = stacker.solve(problem, hint=plan)
    assert again.status.value == "optimal" and again.objective == pytest.approx(plan.objective)
    _check(problem, again)


def test_priorities_and_hint_on_the_issue_term():
    problem = stacker.load(ISSUE)
    plan = stacker.solve(problem, priorities=["relevance", "pay"])
    assert plan.status.value == "optimal" and plan.priorities == ("relevance", "pay")
    _check(problem, plan)
    assert stacker.solve(problem, hint=plan).objective == pytest.approx(stacker.solve(problem).objective)
    with pytest.raises(stacker.ProblemError, match="'hint' parameter of solve must be a TermPlan or None"):
        stacker.solve(problem, hint=["tutor"])
    with pytest.raises(stacker.ProblemError, match="'wage' is not a criterion"):
        stacker.solve(problem, priorities=["wage"])


# --- pareto and alternatives --------------------------------------------------------------


@SETTINGS
@given(st.one_of(term_problems(max_gigs=5), term_problems(max_gigs=6, tight=True)))
def test_pareto_front_is_exact_and_complete(problem):
    front = stacker.pareto(problem, ("pay", "relevance"))
    assert front.attrs["complete"]
    if term_optimum(problem) is None:
        assert front.empty
        return
    above = None  # the relevance the next point must beat
    for row in front.itertuples():
        _check(problem, row.plan)
        pay, relevance = round(row.pay * SCALE["pay"]), round(row.relevance * SCALE["relevance"])
        assert (pay, relevance) == (_units(problem, row.plan)["pay"], _units(problem, row.plan)["relevance"])
        floor = {} if above is None else {"relevance": above + 1}
        assert pay == term_criteria_optimum(problem, {"pay": 1}, floor)  # the best pay above the last point
        assert relevance == term_criteria_optimum(problem, {"relevance": 1}, {"pay": pay})  # and not dominated
        above = relevance
    assert term_criteria_optimum(problem, {"pay": 1}, {"relevance": above + 1}) is None  # nothing beyond the last


@SETTINGS
@given(term_problems(max_gigs=5))
def test_alternatives_are_the_best_that_differ(problem):
    plans = stacker.alternatives(problem, k=2, min_difference=1)
    best = term_optimum(problem)
    if best is None:
        assert plans == []
        return
    assert plans[0].objective == pytest.approx(best)
    for plan in plans:
        assert plan.objective == pytest.approx(_check(problem, plan))
    chosen = set(plans[0].gig_ids)
    # a plan that differs in one gig at least lacks one chosen gig or takes one left out
    values = [term_optimum(problem.forbidding(g)) for g in chosen]
    values += [term_optimum(problem.requiring(g.id)) for g in problem.gigs if g.id not in chosen]
    second = max((v for v in values if v is not None), default=None)
    if second is None:
        assert len(plans) == 1
    else:
        assert len(plans) == 2 and plans[1].objective == pytest.approx(second)
        assert set(plans[1].gig_ids) != chosen


# --- explain ------------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(term_problems(max_gigs=5), term_problems(max_gigs=6, tight=True)))
def test_explain_costs_are_the_oracle_differences(problem):
    """Tight terms (narrow shared windows under daily caps) make the forced solves lean on placement cuts."""
    plan = stacker.solve(problem)
    if not plan.status.has_plan:
        return
    explanation = stacker.explain(problem, plan)
    best = term_optimum(problem)
    assert set(explanation.gigs["gig"]) == {g.id for g in problem.gigs} - set(plan.gig_ids)
    for row in explanation.gigs.itertuples():
        forced = term_optimum(problem.requiring(row.gig))
        if forced is None:
            assert not row.fits, row.reason
        else:
            assert row.fits and row.cost == pytest.approx(best - forced, abs=1e-6), row.reason


def test_explain_names_the_due_date_the_cap_and_the_weeks():
    problem = stacker.load(ISSUE)
    plan = stacker.solve(problem)
    reason = stacker.explain(problem, plan).reason("market-report")
    assert reason.startswith("cannot be finished by 2027-02-26 under max_work_hours 20 in the weeks of ")
    assert "2027-02-15" in reason and "2027-02-22" in reason
    assert "(this plan's other work leaves it at most 18 of its 25 h)" in reason
    assert "taking it lowers the value by 787.00 because it displaces 'tutor'" in reason
    forced = stacker.solve(problem.requiring("market-report"))
    assert plan.objective - _check(problem, forced) == pytest.approx(787.0)


def test_explain_names_a_fortnight_that_binds():
    problem = stacker.load(ISSUE).with_limits(max_fortnight_work_hours=30)
    plan = stacker.solve(problem)
    reason = stacker.explain(problem, plan).reason("market-report")
    assert "and max_fortnight_work_hours 30 in the fortnight of 2027-02-08 (this plan's other work" in reason
    forced = stacker.solve(problem.requiring("market-report"))
    cost = _check(problem, plan) - _check(problem, forced)
    assert reason.endswith(f"taking it lowers the value by {cost:.2f} because it displaces 'social'")


def test_explain_names_clashes_on_dates_and_caps_in_weeks():
    term = stacker.Term("2027-03-01", "2027-03-14")
    problem = stacker.Problem(
        [],
        [
            stacker.Gig("a", pay_rate=30, sessions=["Mon 10:00-14:00"]),
            stacker.Gig("b", pay_rate=10, sessions=["Mon 12:00-13:00"]),
            stacker.Gig("c", pay_rate=10, hours=3, windows=["Tue 09:00-17:00"], grid=60, min_block=60),
        ],
        stacker.Limits(max_hours=40, max_work_hours=6),
        term=term,
    )
    plan = stacker.solve(problem)
    assert plan.gig_ids == ["a"]
    why = stacker.explain(problem, plan)
    assert why.reason("b").startswith("clashes with 'a' (2027-03-01 (Mon) 10:00-14:00) and on 1 more dates;")
    assert "would exceed max_work_hours (6 h) in the weeks of 2027-03-01 and 2027-03-08 by up to 1 h" in why.reason("c")


# --- diagnose -----------------------------------------------------------------------------


def _small(gigs, limits, breaks=(), commitments=()):
    term = stacker.Term("2027-03-01", "2027-03-21", breaks=list(breaks))
    return stacker.Problem(list(commitments), gigs, limits, term=term, require=[g.id for g in gigs])


def _fixes_work(problem, conflict):
    assert conflict.fixes, conflict.text()
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        plan = stacker.solve(fixed)
        assert plan.status.value == "optimal", (fix, plan.reasons)
        assert_term_plan_is_feasible(fixed, plan)
        assert term_optimum(fixed) is not None


def test_diagnose_a_project_that_cannot_be_finished():
    project = stacker.Gig("report", total_hours=12, start="2027-03-01", due="2027-03-14", max_week_hours=8,
                          windows=["Mon-Fri 09:00-17:00"], grid=60, min_block=60, fee=100)  # fmt: skip
    problem = _small([project], stacker.Limits(max_hours=40, max_work_hours=5))
    assert term_optimum(problem) is None
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("limit", "max_work_hours"), ("limit", "max_work_hours"), ("gig", "report"))
    assert conflict.weeks == (dt.date(2027, 3, 1), dt.date(2027, 3, 8), None)
    assert conflict.requirements[:2] == (
        "max_work_hours (5 h) in the week of 2027-03-01",
        "max_work_hours (5 h) in the week of 2027-03-08",
    )
    assert "required project 'report' (12 h from 2027-03-01 by 2027-03-14, at most 8 h a week" in conflict.text()
    assert "raise max_work_hours from 5 h to 6 h" in conflict.fixes
    _fixes_work(problem, conflict)


def test_diagnose_a_fortnight_over_its_cap():
    gigs = [stacker.Gig("shop", pay_rate=15, sessions=["Mon,Tue,Wed 09:00-15:00"], start="2027-03-08")]
    problem = _small(gigs, stacker.Limits(max_hours=40, max_work_hours=20, max_fortnight_work_hours=30))
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("limit", "max_fortnight_work_hours"), ("gig", "shop"))
    assert conflict.weeks[0] == dt.date(2027, 3, 8)
    assert conflict.requirements[0] == "max_fortnight_work_hours (30 h) in the fortnight of 2027-03-08"
    assert "raise max_fortnight_work_hours from 30 h to 36 h" in conflict.fixes
    _fixes_work(problem, conflict)


def test_diagnose_a_break_week_with_its_own_cap():
    gigs = [stacker.Gig("cafe", pay_rate=15, sessions=["Sat 10:00-14:00"])]
    spring = stacker.Break("Spring break", "2027-03-08", "2027-03-14", {"max_work_hours": 2})
    problem = _small(gigs, stacker.Limits(max_hours=40, max_work_hours=20), breaks=[spring])
    conflict = stacker.diagnose(problem)
    assert conflict.requirements[0] == "max_work_hours (2 h) in the week of 2027-03-08 (Spring break)"
    assert conflict.weeks == (dt.date(2027, 3, 8), None)
    fix = next(f for f in conflict.fixes if f.kind == "raise_break_limit")
    assert fix == "raise max_work_hours in 'Spring break' from 2 h to 4 h" and fix.break_name == "Spring break"
    assert fix.apply(problem).term.breaks[0].limits == {"max_work_hours": 4}
    _fixes_work(problem, conflict)


def test_diagnose_a_clash_with_a_commitment_and_a_feasible_term():
    gigs = [stacker.Gig("lab", pay_rate=15, sessions=["Thu 14:00-16:00"])]
    lecture = stacker.Commitment("BIO 110", ["2027-03-11 15:00-17:00"])
    problem = _small(gigs, stacker.Limits(max_hours=40), commitments=[lecture])
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("commitment", "BIO 110"), ("gig", "lab"))
    assert set(conflict.fixes) == {"drop the commitment 'BIO 110'", "drop the requirement on 'lab'"}
    _fixes_work(problem, conflict)
    assert stacker.diagnose(problem.replace(require=())).feasible


@SETTINGS
@given(term_problems(max_gigs=4), st.data())
def test_diagnose_fixes_make_random_terms_feasible(problem, data):
    ids = [g.id for g in problem.gigs]
    problem = problem.replace(require=data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1)))
    conflict = stacker.diagnose(problem)
    if term_optimum(problem) is not None:
        assert conflict.feasible
        return
    assert not conflict.feasible and len(conflict.weeks) == len(conflict.items)
    for fix in conflict.fixes:
        assert term_optimum(fix.apply(problem)) is not None, fix


# --- compare and the command line ---------------------------------------------------------


def test_compare_terms():
    problem = stacker.load(ISSUE)
    table = stacker.compare({"now": problem, "25 h": problem.with_limits(max_work_hours=25)})
    assert list(table["gigs"]) == [["tutor", "social"], ["tutor", "social", "market-report"]]
    assert list(table["added"]) == [[], ["market-report"]]
    for plan, scenario in zip(table["plan"], (problem, problem.with_limits(max_work_hours=25))):
        assert plan.totals.value == pytest.approx(_check(scenario, plan))
    assert {g.id: g.hours for g in table.loc["now", "plan"].gigs} == {"tutor": 52.0, "social": 90.0}
    assert table.loc["now", "relevance"] == pytest.approx((52 * 0.9 + 90 * 0.6) / 142)
    week = stacker.Problem([], [stacker.Gig("x", pay_rate=1, sessions=["Mon 09:00-10:00"])])
    with pytest.raises(stacker.ProblemError, match="mixes a week and a term"):
        stacker.compare([problem, week])


def test_issue_term_end_to_end():
    problem = stacker.load(ISSUE)
    front = stacker.pareto(problem, ("pay", "relevance"))
    assert front.attrs["complete"] and list(front["gigs"]) == [["tutor", "social"]]
    assert front["pay"][0] == pytest.approx(stacker.solve(problem, priorities=["pay"]).objective)
    plans = stacker.alternatives(problem, k=3)
    assert [p.gig_ids for p in plans] == [["tutor", "social"], ["social", "market-report"], ["tutor", "market-report"]]
    for plan in plans:
        _check(problem, plan)
    bad = problem.requiring("tutor", "social", "market-report")
    conflict = stacker.diagnose(bad)
    assert "required project 'market-report'" in conflict.text() and "in the week of 2027-02-" in conflict.text()
    assert "raise max_work_hours from 20 h to 22.5 h" in conflict.fixes
    _fixes_work(bad, conflict)
    assert stacker.solve(bad).status.value == "infeasible"


def test_cli_explains_a_term(tmp_path, capsys):
    assert main(["solve", str(ISSUE), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "Why not chosen (cost of forcing it in):\n  market-report: cannot be finished by 2027-02-26" in out
    assert main(["solve", str(ISSUE), "--explain", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["explanations"][0]["gig"] == "market-report" and data["explanations"][0]["cost"] == 787.0
    bad = json.loads(ISSUE.read_text()) | {"require": ["tutor", "social", "market-report"]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    assert "infeasible" in out and "Why (stacker.diagnose): these cannot all hold: max_work_hours (20 h)" in out
    assert "To fix it: raise max_work_hours from 20 h to 22.5 h" in out
