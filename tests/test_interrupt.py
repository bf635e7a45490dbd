"""Ctrl-C during a solve stops it cleanly with the best plan so far (a real SIGINT to a real solve)."""

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    sys.path.insert(0, {root!r} + "/tests")
    import stacker
    from checker import assert_plan_is_feasible
    from benchmarks.generate import generate

    problem = generate(100_000, 0.0, seed=0)
    seen = []

    def progress(value, bound):
        if not seen:
            print("found", flush=True)  # the parent sends Ctrl-C now
        seen.append((value, bound))

    plan = stacker.solve(problem, progress=progress)
    assert_plan_is_feasible(problem, plan)
    print(json.dumps({{"status": plan.status.value, "interrupted": plan.interrupted,
                       "objective": plan.objective, "bound": plan.bound}}), flush=True)
    """
)


def test_ctrl_c_returns_the_best_plan_so_far(tmp_path):
    import json

    script = tmp_path / "solve.py"
    script.write_text(SCRIPT.format(root=str(ROOT)))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "found"
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert "Traceback" not in err
    result = json.loads(out.strip().splitlines()[-1])
    if not result["interrupted"]:  # the proof finished before the signal arrived
        assert result["status"] == "optimal"
        return
    assert result["status"] == "feasible"
    assert result["objective"] is not None and result["bound"] >= result["objective"]
