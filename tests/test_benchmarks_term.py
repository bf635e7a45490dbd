"""``python -m benchmarks term`` on a tiny term: both methods prove the same optimum; the plan check catches a bad plan."""

from __future__ import annotations

import json

from term_checker import assert_term_plan_is_feasible

import stacker
from benchmarks.__main__ import main
from benchmarks.term_baseline import check_plan
from benchmarks.term_generate import generate_term, write_term


def test_term_mode_runs_and_the_methods_agree(tmp_path):
    argv = ["term", "--weeks", "2", "--gigs", "6", "--repeats", "1", "--time-limit", "30", "--out", str(tmp_path)]
    assert main(argv) == 0
    (term,) = json.loads((tmp_path / "term-2w-6g.json").read_text())["terms"]
    mine, other = term["summary"]["stacker"], term["summary"]["time_indexed"]
    assert mine["status"] == other["status"] == "optimal"
    assert abs(mine["value"] - other["value"]) < 1e-6
    assert term["runs"]["stacker"][0]["errors"] == [] and mine["peak_mb"] > 0


def test_generated_terms_are_on_the_half_hour_and_plans_check(tmp_path):
    problem = stacker.load(write_term(generate_term(3, 8, seed=1), tmp_path / "term.json"))
    plan = stacker.solve(problem)
    assert plan.status.value == "optimal"
    assert_term_plan_is_feasible(problem, plan)
    assert check_plan(problem, plan.to_dict(), plan.objective) == []
    assert check_plan(problem, plan.to_dict(), plan.objective + 1)  # another value: reported
    data = plan.to_dict()
    gig_blocks = [
        b for b in data["blocks"] if b["kind"] == "gig" and b["id"] not in {g.id for g in problem.gigs if g.sessions}
    ]
    assert gig_blocks, "the plan works some flexible gig or project"
    gig_blocks[0]["start"] = "03:00"  # a block moved to the night: outside its windows
    assert check_plan(problem, data, plan.objective)
