"""Smoke test of ``python -m benchmarks batch`` (benchmarks/batch.py) on a tiny batch.

The 1,000-week run is a documented command (docs/benchmarks.md); this checks that the student weeks are seeded
and sized as documented, and that a run on a local pool and on Dask gives well-formed figures, the same plans on
both (the benchmark's own check) and the targets' verdicts.
"""

from __future__ import annotations

import json

import pytest

import stacker
from benchmarks.batch import main, students


def test_the_student_weeks_are_seeded_and_have_20_to_200_gigs() -> None:
    weeks = students(50, 0.3, seed=4)
    assert all(20 <= len(week.gigs) <= 200 for week in weeks)
    assert len({len(week.gigs) for week in weeks}) > 10  # sizes vary
    again = students(50, 0.3, seed=4)
    assert [stacker.problem_to_dict(w) for w in weeks[:3]] == [stacker.problem_to_dict(w) for w in again[:3]]
    assert stacker.problem_to_dict(students(2, 0.3, seed=5)[0]) != stacker.problem_to_dict(weeks[0])


def test_a_tiny_batch_on_a_pool_and_on_dask(tmp_path) -> None:
    pytest.importorskip("distributed")
    assert main(["--students", "6", "--repeats", "1", "--setups", "pool-1,dask-2", "--out", str(tmp_path)]) == 0
    (path,) = tmp_path.glob("batch-*.json")
    result = json.loads(path.read_text())["result"]
    assert result["students"] == 6 and result["problems"] == []
    assert set(result["summary"]) == {"pool-1", "dask-2"}
    for row in result["summary"].values():
        assert row["median_s"] > 0 and row["weeks_per_s"] == pytest.approx(6 / row["median_s"])
    assert len(result["summary"]["pool-1"]["worker_peak_mb"]) == 1
    assert len(result["summary"]["dask-2"]["worker_peak_mb"]) == 2
    assert [v["figure"] for v in result["targets"]] == [None, None]  # pool-2 was not run
