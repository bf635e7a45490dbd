"""Smoke tests of the benchmark harness (benchmarks/), on tiny instances only.

The large runs are a documented command (docs/benchmarks.md); these check
that the harness works and that the exact baselines agree with stacker on
the optimum, that greedy never claims more than it, and that the checks
catch a disagreement or a broken plan.
"""

from __future__ import annotations

import json
import pickle

import pytest

from benchmarks import baselines
from benchmarks.__main__ import main
from benchmarks.harness import bench_instance, check, make_instance, run_isolated
from benchmarks.verify import verify

TOL = 1e-6

# (size, flexible share, seed): fixed-only, and a mixed week the time-indexed
# naive CP-SAT model proves in well under a second (most 20-gig mixed weeks it
# cannot prove within 3 s: of seeds 0-11 of generate(20, 0.4, seed), only 4
# and 10 are proven, in 0.05 s and 0.2 s).
INSTANCES = [(30, 0.0, 0), (20, 0.4, 10)]


@pytest.fixture(scope="module", params=INSTANCES, ids=lambda p: f"n{p[0]}-flex{p[1]}-seed{p[2]}")
def measured(request):
    size, flexible, seed = request.param
    instance = make_instance(size, flexible, seed)
    return bench_instance(instance, list(baselines.METHODS), time_limit=20, repeats=1, isolate=False)


def test_exact_methods_agree_with_stacker(measured):
    assert measured["problems"] == [], measured["problems"]
    summary = measured["summary"]
    optimum = summary["stacker"]["value"]
    assert summary["stacker"]["status"] == "optimal"
    for method in baselines.EXACT:
        assert summary[method]["status"] == "optimal", (method, summary[method])
        assert abs(summary[method]["value"] - optimum) <= TOL * max(1.0, abs(optimum)), (method, summary)
        assert summary[method]["bound"] >= optimum - TOL * max(1.0, abs(optimum))


def test_greedy_is_a_valid_plan_worth_at_most_the_optimum(measured):
    greedy = measured["runs"]["greedy"][0]
    assert greedy["status"] == "heuristic" and greedy["errors"] == []
    assert greedy["value"] <= measured["summary"]["stacker"]["value"] + TOL


def _run(method, status, value, bound=None):
    return {"method": method, "repeat": 0, "status": status, "value": value, "bound": bound, "errors": []}


def test_check_reports_a_mismatch_between_optima():
    runs = {
        "stacker": [_run("stacker", "optimal", 100.0, 100.0)],
        "highs_mip": [_run("highs_mip", "optimal", 100.5, 100.5)],
    }
    problems = check(runs)
    assert any(p.startswith("MISMATCH") for p in problems), problems
    runs["highs_mip"] = [_run("highs_mip", "optimal", 100.0 + 1e-9, 100.0)]
    assert check(runs) == []


def test_check_reports_a_plan_better_than_a_proven_optimum_or_bound():
    runs = {
        "stacker": [_run("stacker", "optimal", 100.0, 100.0)],
        "greedy": [_run("greedy", "heuristic", 120.0)],
    }
    assert any("more than the proven optimum" in p for p in check(runs))
    runs = {"naive_cpsat": [_run("naive_cpsat", "feasible", 90.0, 95.0)], "greedy": [_run("greedy", "heuristic", 99.0)]}
    assert any("above the proven bound" in p for p in check(runs))


def test_verify_rejects_broken_plans():
    problem = make_instance(30, 0.4, 1).problem
    result = baselines.greedy(problem, 1)
    assert verify(problem, result) == []
    fixed = next(g for g in problem.gigs if g.is_fixed and g.id not in result["chosen"])
    broken = dict(result, chosen={**result["chosen"], fixed.id: fixed.hour_range[0]})
    broken["blocks"] = result["blocks"] + [(fixed.id, s, e) for s, e in fixed.intervals]
    broken["value"] = result["value"] + fixed.value(fixed.hour_range[0], problem.weights)
    assert verify(problem, broken)  # an overlap or a cap broken
    assert verify(problem, dict(result, value=result["value"] + 1))  # value not the formula


def test_verify_names_the_rule_broken():
    import stacker

    problem = stacker.Problem(
        commitments=[stacker.Commitment("class", ["Mon 09:00-10:00"])],
        gigs=[
            stacker.Gig("clash", pay_rate=20, sessions=["Mon 09:30-10:30"]),
            stacker.Gig("flex", pay_rate=20, hours=2, windows=["Tue 09:00-17:00"], min_block=120),
        ],
        limits=stacker.Limits(max_hours=40, max_work_hours=1.5),
    )

    def plan(chosen, blocks):
        value = sum(problem.gig(g).value(h, problem.weights) for g, h in chosen.items())
        return {"status": "feasible", "value": value, "chosen": chosen, "blocks": blocks}

    day = 24 * 60
    assert any("overlap" in e for e in verify(problem, plan({"clash": 1.0}, [("clash", 570, 630)])))
    split = [("flex", day + 600, day + 660), ("flex", day + 720, day + 780)]
    errors = verify(problem, plan({"flex": 2.0}, split))
    assert any("min_block" in e for e in errors) and any("max_work_hours" in e for e in errors)
    outside = [("flex", day + 1020, day + 1140)]
    assert any("outside its windows" in e for e in verify(problem, plan({"flex": 2.0}, outside)))
    assert verify(problem, plan({"clash": 1.0}, [("clash", 600, 660)]))  # not at its session


def test_isolated_run_reports_time_and_memory(tmp_path):
    path = tmp_path / "problem.pickle"
    path.write_bytes(pickle.dumps(make_instance(30, 0.0, 0).problem))
    result = run_isolated("stacker", str(path), 10)
    assert result["status"] == "optimal", result
    assert result["total_s"] > 0 and result["peak_mb"] > 0


def test_command_line_writes_json(tmp_path, capsys):
    code = main(
        [
            "--size",
            "10",
            "20",
            "--repeats",
            "1",
            "--time-limit",
            "5",
            "--in-process",
            "--methods",
            "stacker,highs_mip,greedy",
            "--out",
            str(tmp_path),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "== fixed-10-seed0" in printed and "x stacker" in printed
    data = json.loads((tmp_path / "fixed-10-20.json").read_text())
    assert data["machine"]["cpu_count"] >= 1 and data["machine"]["versions"]["ortools"]
    assert [i["size"] for i in data["instances"]] == [10, 20]


def test_travel_mode_runs_the_pool_alone_with_no_student_weeks(tmp_path, capsys):
    code = main(["travel", "--students", "0", "--pool", "2000", "--repeats", "1", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    results = json.loads((tmp_path / "travel-0.json").read_text())["results"]
    assert list(results) == ["pool"] and results["pool"]["weeks"][0]["gigs"] == 2000
    assert "pool: with / without travel" in printed and "student weeks" not in printed


def test_travel_mode_runs_the_weeks_both_ways_and_verify_checks_the_gaps(tmp_path, capsys):
    code = main(["travel", "--students", "2", "--pool", "0", "--repeats", "1", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    data = json.loads((tmp_path / "travel-2.json").read_text())
    weeks = data["results"]["students"]["weeks"]
    assert len(weeks) == 2 and all(w["plain_s"] > 0 and w["travel_s"] > 0 for w in weeks)
    assert "student weeks: median with / without travel" in printed
    import stacker
    from benchmarks.travel import with_places

    problem = with_places(stacker.Problem(gigs=[stacker.Gig("g", pay_rate=10, sessions=["Mon 10:05-11:00"])]), 0)
    problem = problem.replace(
        commitments=[stacker.Commitment("MATH", sessions=["Mon 09:00-10:00"], location="campus")],
        gigs=[problem.gigs[0].replace(location="downtown")],
    )
    near = {"status": "optimal", "value": 55 / 6, "chosen": {"g": 55 / 60}, "blocks": [("g", 605, 660)]}
    assert any("from campus to downtown" in fault for fault in verify(problem, near))
