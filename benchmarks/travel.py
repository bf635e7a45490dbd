"""``python -m benchmarks travel``: what travel time between places costs the single-week solve.

Examples::

    python -m benchmarks travel                               # 40 student weeks and a 10^5 pool, 3 repeats
    python -m benchmarks travel --students 20 --pool 0 --repeats 1
    python -m benchmarks travel --students 0                  # the pool only

The same weeks are solved with and without travel, side by side (the order
alternates, so that a change of load falls on both alike):

- the student weeks of the batch benchmark (:func:`benchmarks.batch.students`:
  the realistic timetable and 20-200 gigs each, ``--flexible`` of them
  flexible), each week with its gigs at one of 3 or 4 places (drawn per
  week), the classes on campus, the volunteer shift downtown, and a travel
  table of 10-45 minutes between every two places (:func:`with_places`);
  the week without travel is the same problem without ``rules.travel``;
- a fixed pool of ``--pool`` gigs (:func:`benchmarks.generate.generate`,
  fixed sessions), at places the same way.

Figures: per week the median of the repeats' solve times (``stacker.solve``
wall time) with and without travel; the median over the weeks of each and
their ratio (and the median of the per-week ratios); every solve must be
proven optimal and every plan pass :func:`benchmarks.verify.verify` (which
checks the travel gaps too). Targets (issue 12): the median within 1.5x on the student
weeks, the pool within 2x. Writes ``<out>/travel-<students>.json``; exit
status 1 when a check fails (a solve not optimal).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

import stacker

from .batch import students
from .generate import generate
from .harness import banner, machine_info, parse_size, size_label, write_results
from .verify import verify

PLACES = ("campus", "downtown", "riverside", "airport")
TARGETS = (("student weeks: median with / without travel", 1.5), ("pool: with / without travel", 2.0))


def with_places(problem: stacker.Problem, seed: int) -> stacker.Problem:
    """The problem with its items at places and a travel table (3 or 4 places, 10-45 min apart, seeded)."""
    rng = np.random.default_rng(seed)
    places = PLACES[: int(rng.integers(3, 5))]
    commitments = [c.replace(location="campus" if c.kind == "class" else "downtown") for c in problem.commitments]
    table = problem.table
    where = [places[k] for k in rng.integers(len(places), size=len(table))]
    gigs = dataclasses.replace(table, locations=where, objects=None)  # objects: the Gigs without their places
    between = [
        {"from": a, "to": b, "minutes": int(rng.integers(2, 10)) * 5}
        for i, a in enumerate(places)
        for b in places[i + 1 :]
    ]
    return problem.replace(commitments=commitments, gigs=gigs, rules=problem.rules.replace(travel={"between": between}))


def _timed(problem: stacker.Problem) -> tuple[float, str, list[str]]:
    """Seconds to solve, the status, and what :func:`benchmarks.verify.verify` finds wrong with the plan."""
    started = time.perf_counter()
    plan = stacker.solve(problem)
    seconds = time.perf_counter() - started
    result = {
        "status": plan.status.value,
        "value": plan.totals.value,
        "chosen": {g.id: g.hours for g in plan.gigs},
        "blocks": [(b.id, b.start, b.end) for b in plan.blocks if b.kind == "gig"],
    }
    return seconds, plan.status.value, verify(problem, result)


def compare(pairs: list[tuple[stacker.Problem, stacker.Problem]], repeats: int, log) -> dict:
    """Median solve seconds of each week with and without travel (alternating), and the failed checks."""
    rows, problems = [], []
    for k, (plain, travel) in enumerate(pairs):
        times: dict[str, list[float]] = {"plain": [], "travel": []}
        for r in range(repeats):
            order = (
                (("plain", plain), ("travel", travel)) if (k + r) % 2 == 0 else (("travel", travel), ("plain", plain))
            )
            for name, problem in order:
                seconds, status, faults = _timed(problem)
                times[name].append(seconds)
                if status != "optimal":
                    problems.append(f"week {k} ({name}, {len(problem.gigs)} gigs): {status}, not optimal")
                problems += [f"week {k} ({name}): INVALID plan: {fault}" for fault in faults[:3]]
        row = {"gigs": len(plain.gigs), "plain_s": statistics.median(times["plain"])}
        row["travel_s"] = statistics.median(times["travel"])
        rows.append(row)
        log(f"  week {k:3d}: {row['gigs']:6d} gigs, {row['plain_s'] * 1000:8.1f} ms plain, "
            f"{row['travel_s'] * 1000:8.1f} ms with travel")  # fmt: skip
    plain = statistics.median(r["plain_s"] for r in rows)
    travel = statistics.median(r["travel_s"] for r in rows)
    return {
        "weeks": rows,
        "median_plain_s": plain,
        "median_travel_s": travel,
        "ratio_of_medians": travel / plain,
        "median_ratio": statistics.median(r["travel_s"] / r["plain_s"] for r in rows),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks travel", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=40, help="student weeks (default 40; 0: none)")
    parser.add_argument("--flexible", type=float, default=0.4, help="share of flexible gigs in a week (default 0.4)")
    parser.add_argument("--pool", type=lambda text: 0 if text == "0" else parse_size(text), default=100_000,
                        help="gigs of the fixed pool (default 1e5; 0: none)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3, help="solves of each week each way (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"), help="folder for the JSON")
    args = parser.parse_args(argv)
    info = machine_info()
    print(banner("stacker travel benchmark", info), flush=True)
    result = {}
    if args.students:
        weeks = students(args.students, args.flexible, args.seed)
        pairs = [(week, with_places(week, args.seed * 10**6 + i)) for i, week in enumerate(weeks)]
        print(f"{len(pairs)} student weeks, {args.flexible:.0%} flexible, {args.repeats} repeats each way", flush=True)
        result["students"] = compare(pairs, args.repeats, lambda line: print(line, flush=True))
    if args.pool:
        pool = generate(args.pool, 0.0, args.seed)
        print(f"a fixed pool of {size_label(args.pool)} gigs", flush=True)
        result["pool"] = compare(
            [(pool, with_places(pool, args.seed))], args.repeats, lambda line: print(line, flush=True)
        )
    print()
    figures = []
    if "students" in result:
        figures.append(("student weeks: median with / without travel", result["students"]["ratio_of_medians"]))
        print(f"student weeks: median {result['students']['median_plain_s'] * 1000:.1f} ms without travel, "
              f"{result['students']['median_travel_s'] * 1000:.1f} ms with: {figures[-1][1]:.2f}x "
              f"(median of the per-week ratios {result['students']['median_ratio']:.2f}x)")  # fmt: skip
    if "pool" in result:
        figures.append(("pool: with / without travel", result["pool"]["ratio_of_medians"]))
        print(f"pool of {size_label(args.pool)}: {result['pool']['median_plain_s']:.2f} s without travel, "
              f"{result['pool']['median_travel_s']:.2f} s with: {figures[-1][1]:.2f}x")  # fmt: skip
    targets = dict(TARGETS)
    for name, ratio in figures:
        print(f"  {name}: {ratio:.2f}x (target <= {targets[name]}x): {'met' if ratio <= targets[name] else 'NOT met'}")
    problems = [p for part in result.values() for p in part["problems"]]
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.mkdir(parents=True, exist_ok=True)
    command = "travel " + " ".join(sys.argv[2:] if argv is None else argv)
    path = write_results(out / f"travel-{args.students}.json", command, info, args, results=result)
    print(f"results: {path}")
    for p in problems:
        print(f"!!!!! {p}")
    return 1 if problems else 0
