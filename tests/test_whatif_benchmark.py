"""The what-if timing benchmark runs end to end on one small week (the real runs are `python -m benchmarks.whatif`)."""

import json

from benchmarks.whatif import main


def test_whatif_benchmark_runs_and_writes_json(tmp_path, capsys):
    out = tmp_path / "whatif.json"
    assert main(["--sizes", "20", "--seeds", "1", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    (run,) = data["runs"]
    assert run["size"] == 20 and run["pareto_points"] >= 1 and run["solve_s"] > 0
    assert set(data["summary"]) == {"20/solve", "20/explain", "20/alternatives", "20/pareto"}
    assert "explain" in capsys.readouterr().out
