"""``python -m benchmarks batch``: the throughput of ``stacker.solve_many`` on 1 and 2 workers and on Dask.

Examples::

    python -m benchmarks batch                           # 1,000 student weeks, every setup, 3 repeats
    python -m benchmarks batch --students 200 --repeats 1 --setups pool-1,pool-2

The batch is ``--students`` generated student weeks (:func:`benchmarks.generate.generate`: the realistic
timetable, and a seeded pool of 20-200 gigs each, ``--flexible`` of them flexible; student ``i`` has its own
seed), given to ``solve_many`` as ``Problem`` objects. Each setup solves the whole batch:

- ``pool-1``, ``pool-2``: a local process pool of 1 or 2 processes (stacker's own pool, started inside the timed
  call as ``solve_many(executor=N)`` starts it);
- ``dask-2``: a Dask ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``, started once before
  the runs (a cluster is there before the batch), through ``client.get_executor()``;
- ``serial`` (not by default): this process.

The repeats go round the setups in turn (pool-1, pool-2, dask-2, pool-1, ...), so that a change of load on the
machine falls on every setup alike. Figures: the median wall time of a batch and the throughput (weeks per
second) it gives; the peak resident memory of each worker process (``VmHWM``, asked of every worker after the
runs); and the checks: every problem has a plan and every setup finds the same plans (``to_dict()`` but
``solve_time``). Targets (issue 13): ``pool-2`` at least 1.7x the throughput of ``pool-1``, and ``dask-2`` within
20 % of ``pool-2``. Writes ``<out>/batch-<students>.json``; exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np

import stacker
from stacker.batch.executors import local_pool

from .generate import generate
from .harness import banner, machine_info, size_label, write_results

SETUPS = ("pool-1", "pool-2", "dask-2", "serial")
DEFAULT_SETUPS = ("pool-1", "pool-2", "dask-2")
TARGETS = (("pool-2 / pool-1 throughput", 1.7), ("dask-2 / pool-2 throughput", 0.8))


def students(count: int, flexible: float, seed: int) -> list[stacker.Problem]:
    """``count`` student weeks: student ``i`` has 20-200 gigs (drawn with ``seed``) and seed ``seed * 10**6 + i``."""
    sizes = np.random.default_rng(seed).integers(20, 201, count)
    return [generate(int(n), flexible, seed * 10**6 + i) for i, n in enumerate(sizes)]


def peak_rss_mb() -> tuple[int, float | None]:
    """This process's id and peak resident memory in MB (Linux ``VmHWM``; None elsewhere); run in each worker."""
    time.sleep(0.2)  # long enough for each idle worker of a pool to take one of these calls
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return os.getpid(), int(line.split()[1]) / 1024
    except OSError:
        pass
    return os.getpid(), None


def run_pool(problems: list[stacker.Problem], processes: int) -> tuple[float, list[Any], list[float | None]]:
    """Seconds for the batch on a fresh local pool (started in the timed call), the answers, each worker's peak MB."""
    started = time.perf_counter()
    pool = local_pool(processes)
    answers = stacker.solve_many(problems, executor=pool)
    seconds = time.perf_counter() - started
    peaks = dict(future.result() for future in [pool.submit(peak_rss_mb) for _ in range(2 * processes)])
    pool.shutdown()
    return seconds, answers, list(peaks.values())


def run_on(problems: list[stacker.Problem], executor: Executor | str) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    answers = stacker.solve_many(problems, executor=executor)
    return time.perf_counter() - started, answers


def comparable(answer: Any) -> Any:
    if not isinstance(answer, stacker.Plan):
        return repr(answer)
    data = answer.to_dict()
    data.pop("solve_time")
    return data


def bench(args: argparse.Namespace, log: Any = print) -> dict:
    started = time.perf_counter()
    problems = students(args.students, args.flexible, args.seed)
    gigs = [len(p.gigs) for p in problems]
    log(f"generated {len(problems)} student weeks ({sum(gigs)} gigs) in {time.perf_counter() - started:.1f} s")
    cluster = client = None
    if "dask-2" in args.setups:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    runs: dict[str, list[float]] = {setup: [] for setup in args.setups}
    memory: dict[str, list[float | None]] = {}
    reference: list[Any] | None = None
    problems_found: list[str] = []
    try:
        for repeat in range(args.repeats):
            for setup in args.setups:
                if setup.startswith("pool-"):
                    seconds, answers, memory[setup] = run_pool(problems, int(setup[5:]))
                elif setup == "dask-2":
                    assert client is not None
                    seconds, answers = run_on(problems, client.get_executor())
                else:
                    seconds, answers = run_on(problems, "serial")
                runs[setup].append(seconds)
                log(f"{setup:>7} run {repeat + 1}: {seconds:6.2f} s, {len(problems) / seconds:6.1f} weeks/s")
                found = [comparable(answer) for answer in answers]
                failures = [a for a in answers if not isinstance(a, stacker.Plan)]
                if failures:
                    problems_found.append(f"{setup}: {len(failures)} failures, e.g. {failures[0]!r}")
                if reference is None:
                    reference = found
                elif found != reference:
                    differ = sum(a != b for a, b in zip(found, reference))
                    problems_found.append(f"{setup} run {repeat + 1}: {differ} plans differ from the first run's")
        if client is not None:
            memory["dask-2"] = [mb for _, mb in client.run(peak_rss_mb).values()]
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    summary = {
        setup: {
            "median_s": statistics.median(times),
            "weeks_per_s": len(problems) / statistics.median(times),
            "runs_s": times,
            "worker_peak_mb": memory.get(setup),
        }
        for setup, times in runs.items()
    }
    return {
        "students": len(problems),
        "gigs": {"total": sum(gigs), "min": min(gigs), "max": max(gigs)},
        "summary": summary,
        "targets": evaluate(summary),
        "problems": problems_found,
    }


def evaluate(summary: dict) -> list[dict]:
    """Each target's figure and verdict (None when a setup it needs was not run)."""
    verdicts = []
    for name, least in TARGETS:
        top, bottom = name.split(" throughput")[0].split(" / ")
        figure = None
        if top in summary and bottom in summary:
            figure = summary[top]["weeks_per_s"] / summary[bottom]["weeks_per_s"]
        verdict = None if figure is None else ("PASS" if figure >= least else "MISS")
        verdicts.append({"target": f"{name} >= {least}", "figure": figure, "verdict": verdict})
    return verdicts


def format_table(result: dict) -> str:
    lines = [
        f"{result['students']} student weeks, {result['gigs']['min']}-{result['gigs']['max']} gigs each",
        f"{'setup':>7}  {'median s':>9}  {'weeks/s':>8}  {'worker peak MB':>15}  runs (s)",
    ]
    for setup, row in result["summary"].items():
        peaks = ", ".join("?" if mb is None else f"{mb:.0f}" for mb in row["worker_peak_mb"] or []) or "-"
        runs = ", ".join(f"{s:.2f}" for s in row["runs_s"])
        lines.append(f"{setup:>7}  {row['median_s']:9.2f}  {row['weeks_per_s']:8.1f}  {peaks:>15}  {runs}")
    for verdict in result["targets"]:
        figure = "not run" if verdict["figure"] is None else f"{verdict['figure']:.2f}"
        lines.append(f"target {verdict['target']}: {figure} {verdict['verdict'] or ''}".rstrip())
    return "\n".join(lines)


def _setups(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SETUPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown setup(s) {unknown}; choose from {', '.join(SETUPS)}")
    return names


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks batch", description="Throughput of stacker.solve_many on 1 and 2 workers and Dask."
    )
    parser.add_argument("--students", type=int, default=1000, help="student weeks in the batch (default 1000)")
    parser.add_argument("--flexible", type=float, default=0.3, help="share of flexible gigs (default 0.3)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--repeats", type=int, default=3, help="batches per setup (default 3; the median counts)")
    parser.add_argument(
        "--setups", type=_setups, default=list(DEFAULT_SETUPS), help=f"comma-separated from {', '.join(SETUPS)}"
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"), help="folder for the JSON results")
    args = parser.parse_args(argv)
    if args.students < 1 or args.repeats < 1 or not 0 <= args.flexible <= 1:
        parser.error("--students and --repeats must be >= 1 and --flexible between 0 and 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    info = machine_info()
    print(banner("stacker batch benchmark", info), flush=True)
    result = bench(args, lambda line: print(line, flush=True))
    if hasattr(os, "getloadavg"):
        info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print()
    print(format_table(result), flush=True)
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"batch-{size_label(args.students)}.json"
    write_results(path, "batch " + " ".join(argv), info, args, result=result)
    print(f"results: {path}")
    for problem in result["problems"]:
        print(f"!!!!! {problem}")
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
