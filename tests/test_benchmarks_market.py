"""``python -m benchmarks market`` on a tiny market: both methods run, and each one's value respects the other's bound."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.__main__ import main


def test_market_mode_runs_and_the_methods_agree(tmp_path):
    assert main(["market", "--students", "4", "--gigs", "60", "--time-limit", "20", "--out", str(tmp_path)]) == 0
    runs = {r["method"]: r for r in json.loads((tmp_path / "market-4x60.json").read_text())["runs"]}
    assign, monolithic = runs["assign"], runs["monolithic"]
    assert assign["status"] == "optimal" and assign["peak_mb"] > 0
    assert monolithic["value"] <= assign["bound"] + 1e-6  # a feasible market is never above a proven bound
    if monolithic["status"] == "optimal":
        assert abs(monolithic["value"] - assign["value"]) < 1e-6


def test_a_forked_market_on_its_own_processes_exits(tmp_path):
    """The benchmark runs each method in a forked child: with ``--workers 2`` the child must exit once it has sent
    its result (it used to hang at exit, joining an idle worker of assign's processes)."""
    command = ["market", "--students", "6", "--gigs", "40", "--time-limit", "20", "--workers", "2"]
    code = f"from benchmarks.__main__ import main; main({[*command, '--methods', 'assign', '--out', str(tmp_path)]!r})"
    subprocess.run([sys.executable, "-c", code], timeout=60, check=True, capture_output=True)
    (run,) = json.loads((tmp_path / "market-6x40.json").read_text())["runs"]
    assert run["status"] == "optimal"
    # sampled every half second, so a worker may be caught before it has grown: more than a bare Python process
    assert len(run["worker_peak_mb"]) == 2 and min(run["worker_peak_mb"]) > 20
