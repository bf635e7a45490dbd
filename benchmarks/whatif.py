"""Time what a notebook user waits for, on generated student weeks.

``python -m benchmarks.whatif [--sizes 20 50 100 200] [--seeds 10] [--flexible 0.4]``
generates one week per size and seed (:func:`benchmarks.generate.generate`)
and times, in this process:

- ``solve``: ``stacker.solve`` (input to plan);
- ``explain``: ``stacker.explain`` of that plan (one exact re-solve per gig
  left out that could fit);
- ``pareto``: ``stacker.pareto`` for pay and relevance (sizes up to
  ``--pareto-max``, default 50: the front can have dozens of points);
- ``alternatives``: ``stacker.alternatives(k=5, min_difference=2)``.

Every plan is checked with :func:`benchmarks.verify.verify`. It prints the
median and the largest time per size and writes every run to
``docs/benchmarks/whatif.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import stacker

from .generate import generate
from .harness import ROOT, machine_info
from .verify import verify


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def _check(problem: stacker.Problem, plan: stacker.Plan, where: tuple) -> None:
    """Fail unless ``plan`` passes :func:`benchmarks.verify.verify`."""
    result = {
        "status": plan.status.value,
        "value": plan.totals.value,
        "chosen": {g.id: g.hours for g in plan.gigs},
        "blocks": [(b.id, b.start, b.end) for b in plan.blocks if b.kind == "gig"],
    }
    problems = verify(problem, result)
    assert not problems, (where, problems)


def run_week(size: int, flexible: float, seed: int, pareto_max: int) -> dict:
    problem = generate(size, flexible, seed=seed)
    plan, solve_s = _timed(stacker.solve, problem)
    assert plan.status is stacker.Status.OPTIMAL, (size, seed, plan.status)
    _check(problem, plan, (size, seed))
    explanation, explain_s = _timed(stacker.explain, problem, plan)
    alternatives, alternatives_s = _timed(stacker.alternatives, problem, k=5, min_difference=2)
    for alternative in alternatives:
        _check(problem, alternative, (size, seed, "alternative"))
    row = {
        "size": size,
        "seed": seed,
        "solve_s": solve_s,
        "explain_s": explain_s,
        "explained": int(explanation.gigs["fits"].sum()),
        "alternatives_s": alternatives_s,
        "value": plan.objective,
    }
    if size <= pareto_max:
        front, row["pareto_s"] = _timed(stacker.pareto, problem)
        row["pareto_points"] = len(front)
        for candidate in front["plan"]:
            _check(problem, candidate, (size, seed, "pareto"))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whatif", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 50, 100, 200])
    parser.add_argument("--seeds", type=int, default=10, help="weeks per size (seeds 0..N-1)")
    parser.add_argument("--flexible", type=float, default=0.4)
    parser.add_argument("--pareto-max", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "whatif.json")
    args = parser.parse_args(argv)
    stacker.solve(generate(20, args.flexible, seed=999))  # warm-up: imports and first-call costs are not timed
    rows = []
    for size in args.sizes:
        for seed in range(args.seeds):
            rows.append(run_week(size, args.flexible, seed, args.pareto_max))
    print(f"{'size':>5} {'what':<13} {'median s':>9} {'max s':>8}")
    summary = {}
    for size in args.sizes:
        mine = [r for r in rows if r["size"] == size]
        for what in ("solve", "explain", "alternatives", "pareto"):
            times = [r[f"{what}_s"] for r in mine if f"{what}_s" in r]
            if times:
                summary[f"{size}/{what}"] = {"median_s": statistics.median(times), "max_s": max(times)}
                print(f"{size:>5} {what:<13} {statistics.median(times):>9.3f} {max(times):>8.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine_info(), "summary": summary, "runs": rows}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
