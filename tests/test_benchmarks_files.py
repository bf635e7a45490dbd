"""Smoke test of ``python -m benchmarks files`` (benchmarks/files.py) on a tiny pool, and of its file writers.

The large runs are a documented command (docs/benchmarks.md); this checks
that the files written are the problem (``stacker.load`` and
``stacker.load_folder`` read back what was generated), and that one run of
every process gives well-formed figures and verified plans.
"""

from __future__ import annotations

import json
from pathlib import Path

import stacker
from benchmarks.files import TARGETS, block_minutes
from benchmarks.files import main as files_main
from benchmarks.generate import generate
from benchmarks.problem_files import write_folder, write_json


def test_the_files_hold_the_generated_problem(tmp_path):
    problem = generate(150, 0.4, 3)
    expected = json.loads(json.dumps(stacker.problem_to_dict(problem)))
    assert json.loads(write_json(problem, tmp_path / "p.json").read_text()) == expected
    assert stacker.problem_to_dict(stacker.load(tmp_path / "p.json")) == expected
    folder = write_folder(problem, tmp_path / "week")
    assert sorted(p.name for p in folder.iterdir()) == ["commitments.toml", "gigs.csv", "limits.toml"]
    assert stacker.problem_to_dict(stacker.load_folder(folder)) == expected


def test_block_minutes_reads_the_plan_notation():
    assert block_minutes({"day": "Tue", "start": "09:30", "end": "11:00"}) == (1440 + 570, 1440 + 660)
    assert block_minutes({"day": "Sun", "start": "22:00", "end": "01:00"}) == (6 * 1440 + 1320, 7 * 1440 + 60)
    assert block_minutes({"day": "Mon", "start": "20:00", "end": "24:00"}) == (1200, 1440)


def _run(tmp_path: Path, *argv: str) -> dict:
    out = tmp_path / "out"
    assert files_main([*argv, "--repeats", "1", "--out", str(out), "--workdir", str(tmp_path / "inputs")]) == 0
    (path,) = out.glob("files-*.json")
    path.rename(tmp_path / path.name)
    return json.loads((tmp_path / path.name).read_text())


def test_files_mode_on_a_tiny_pool(tmp_path, capsys):
    # 200 gigs, 5 % flexible (so that plans have flexible blocks to check); one run of six processes
    # (naive_cpsat goes through the same worker as highs_mip: left out, it takes seconds on mixed pools)
    methods = "stacker,columns,highs_mip,floor"
    payload = _run(tmp_path, "--size", "200", "--flexible", "0.05", "--methods", methods, "--time-limit", "20")
    by_format = {r["format"]: r for r in payload["instances"]}
    assert set(by_format) == {"json", "csv"}
    assert set(by_format["json"]["runs"]) == {"stacker", "columns", "highs_mip", "floor"}
    assert set(by_format["csv"]["runs"]) == {"stacker", "floor"}
    for result in payload["instances"]:
        assert result["problems"] == []
        for method, runs in result["runs"].items():
            (run,) = runs
            assert run["wall_s"] > 0 and run["peak_mb"] > 10, (method, run)
            if method == "floor":
                assert run["status"] == "read" and run["rows"] == 200
            else:
                assert run["status"] == "optimal" and run["errors"] == [] and run["n_blocks"] > 0, (method, run)
        assert result["summary"]["stacker"]["x_stacker"] == 1.0
    values = {r["summary"][m]["value"] for r in payload["instances"] for m in r["summary"] if m != "floor"}
    assert len(values) == 1
    assert len(payload["targets"]) == len(TARGETS)
    assert all(t["verdict"] == "not run" for t in payload["targets"])  # no target is about 200 gigs
    out = capsys.readouterr().out
    assert "mixed5-2e2-seed0-json" in out and "== targets" in out
