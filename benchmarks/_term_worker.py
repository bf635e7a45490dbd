"""One run of ``python -m benchmarks term`` in a fresh process: load a term's JSON file and solve it.

``python -m benchmarks._term_worker METHOD PROBLEM.json TIME_LIMIT [--check]``
imports stacker, its solver and OR-Tools first (not timed), then times
``stacker.load`` of the file (``load_s``) and the solve (``solve_s``):
``stacker.solve`` for ``stacker``, :func:`benchmarks.term_baseline.time_indexed`
for ``time_indexed``. With ``--check``, stacker's plan then goes through
:func:`benchmarks.term_baseline.check_plan` (after the clock). Prints one line
``BENCHMARK-RESULT {json}`` with the status, value, bound, the times and
``peak_mb``, the process's peak resident memory (``ru_maxrss``: the
interpreter, the imports, the problem and the solve).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from ._worker import MARKER


def run(method: str, path: Path, time_limit: float, check: bool) -> dict:
    import stacker
    import stacker.cpsat.term
    import stacker.presolve.term
    import stacker.termplan

    from .term_baseline import check_plan, time_indexed

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    problem = stacker.load(path)
    load_s = time.perf_counter() - started
    out: dict = {"load_s": load_s, "rss_before_mb": before}
    if method == "stacker":
        plan = stacker.solve(problem, time_limit=time_limit)
        solve_s = time.perf_counter() - started - load_s
        out |= {
            "status": plan.status.value,
            "value": plan.objective,
            "bound": plan.bound,
            "rounds": plan.stats.get("rounds"),
            "gigs_taken": len(plan.gigs),
            "excluded": len(plan.excluded),
        }
    else:
        out |= time_indexed(problem, time_limit - load_s)
        solve_s = time.perf_counter() - started - load_s
    out |= {"solve_s": solve_s, "total_s": load_s + solve_s}
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if check and method == "stacker" and plan.objective is not None:
        out["errors"] = check_plan(problem, plan.to_dict(), plan.objective)
    return out


def main(argv: list[str]) -> int:
    method, path, time_limit = argv[0], Path(argv[1]), float(argv[2])
    result = run(method, path, time_limit, "--check" in argv[3:])
    sys.stdout.write("\n" + MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
