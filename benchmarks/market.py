"""``python -m benchmarks market``: :func:`stacker.assign` on generated markets, beside one monolithic CP-SAT model.

The generator (:func:`generate_market`, seeded):

- a shared pool of ``gigs`` gigs from :func:`benchmarks.generate.generate`
  (fixed sessions; ``flexible`` of them flexible);
- each student a timetable of 4-6 courses, each at one of its 2-3 sections
  (Mon/Wed/Fri 50 min or Tue/Thu 75 min, 08:00-17:00, none clashing), half
  of them an evening lab, a third a Saturday volunteer shift; ``max_hours``
  40, ``max_work_hours`` 10, 15 or 20, ``max_day_hours`` 10 for two thirds;
- each student eligible for 50-200 gigs of the pool (uniform), with its own
  relevance (0-1 in steps of 0.05): the same gig is worth different
  amounts to different students;
- openings 1-5 per gig (uniform).

The monolithic model (:func:`monolithic`, fixed-session gigs only): one
CP-SAT model over every student and gig: a 0/1 variable per student and
eligible gig (gigs that clash with the student's commitments left out),
at most one gig of each maximal clique of overlapping sessions per student,
weekly and daily caps per student, and the openings; the same integer value
units as stacker. It gets the same time limit as ``assign``.

Each method runs in a fresh child process (fork), which reports its peak
resident memory. Results go to ``<out>/market-<sizes>.json``; see
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

import stacker
from stacker import Commitment, Limits, Problem, Weights
from stacker.problem.week import DAYS

from .generate import generate
from .harness import machine_info

DAY, WEEK, UNITS = 1440, 10080, 6000
TARGETS = {  # (students, gigs): what the issue asks of assign
    (1000, 2000): "proven within 0.5 % (bound vs value) in under 120 s",
    (100, 300): "proven optimal",
}


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _catalogue(rng: np.random.Generator, courses: int = 40) -> list[list[tuple[str, set[int]]]]:
    """Per course, its sections: (session text, the minutes of the week it takes)."""
    out = []
    for _ in range(courses):
        sections = []
        for _ in range(int(rng.integers(2, 4))):
            mwf = rng.random() < 0.5
            days, length = ((0, 2, 4), 50) if mwf else ((1, 3), 75)
            start = int(rng.integers(16, 35)) * 30
            text = f"{','.join(DAYS[d] for d in days)} {_clock(start)}-{_clock(start + length)}"
            sections.append((text, {d * DAY + m for d in days for m in range(start, start + length)}))
        out.append(sections)
    return out


def _timetable(rng: np.random.Generator, catalogue: list) -> list[Commitment]:
    busy: set[int] = set()
    out = []
    for course in rng.permutation(len(catalogue))[: int(rng.integers(4, 7))].tolist():
        for k in rng.permutation(len(catalogue[course])).tolist():
            text, minutes = catalogue[course][k]
            if not busy & minutes:
                busy |= minutes
                out.append(Commitment(f"C{course:02d}", (text,)))
                break
    if rng.random() < 0.5:
        day = int(rng.integers(0, 5))
        minutes = set(range(day * DAY + 18 * 60, day * DAY + 20 * 60))
        if not busy & minutes:
            out.append(Commitment("lab", (f"{DAYS[day]} 18:00-20:00",)))
    if rng.random() < 1 / 3:
        out.append(Commitment("volunteer", ("Sat 09:00-12:00",), kind="volunteer"))
    return out


def generate_market(
    students: int, gigs: int, *, flexible: float = 0.0, seed: int = 0
) -> tuple[dict[str, Problem], dict[str, int]]:
    """A market: student id -> problem, and gig id -> openings (see the module docstring)."""
    rng = np.random.default_rng(seed)
    pool = generate(gigs, flexible, seed).table
    catalogue = _catalogue(rng)
    out = {}
    for s in range(students):
        rows = np.sort(rng.choice(gigs, size=min(gigs, int(rng.integers(50, 201))), replace=False))
        table = pool.take(rows)
        relevance = np.round(rng.integers(0, 21, len(rows)) * 0.05, 2)
        table = dataclasses.replace(table, relevance=relevance)  # a table of the generator's columns, no Gig made
        limits = Limits(
            max_hours=40,
            max_work_hours=float(rng.choice([10, 15, 20])),
            max_day_hours=10 if rng.random() < 2 / 3 else None,
        )
        out[f"s{s:04d}"] = Problem(_timetable(rng, catalogue), table, limits=limits, weights=Weights())
    openings = {gig_id: int(n) for gig_id, n in zip(pool.ids, rng.integers(1, 6, gigs))}
    return out, openings


# ----------------------------------------------------------------------------- the monolithic model


def _student_rows(model, problem: Problem, take: dict, name: str) -> Any:
    """Add one student's gigs (fixed only) to ``model``; return its value expression."""
    from ortools.sat.python import cp_model

    from .baselines import interval_clique_rows, split_pieces

    table = problem.table
    busy = np.zeros(WEEK, dtype=bool)
    committed_day = np.zeros(7, dtype=np.int64)
    for c in problem.commitments:
        for interval in c.intervals:
            for s, e in split_pieces(*interval):
                busy[s:e] = True
                committed_day[s // DAY] += e - s if c.counts_toward_cap else 0
    pieces = np.array([p for s, e, g in table.session_rows().tolist() for p in _cut(s, e, g)], dtype=np.int64)
    clash = np.zeros(len(table), dtype=bool)
    for s, e, g in pieces.tolist():
        clash[g] |= busy[s:e].any()
    keep = pieces[~clash[pieces[:, 2]]]
    minutes = np.bincount(keep[:, 2], weights=keep[:, 1] - keep[:, 0], minlength=len(table)).astype(np.int64)
    rate = np.rint((table.hourly_pay + 10 * table.relevance) * 100).astype(np.int64)  # Weights() defaults
    flat = np.rint((table.flat_pay + 25 * table.mentor) * UNITS).astype(np.int64)
    gigs = sorted(set(keep[:, 2].tolist()))
    x = {g: model.new_bool_var(f"{name}_{g}") for g in gigs}
    for g in gigs:
        take.setdefault(table.ids[g], []).append(x[g])
    rows, cols = interval_clique_rows(keep[:, 0], keep[:, 1], keep[:, 2])
    for r in range(int(rows.max()) + 1 if len(rows) else 0):
        model.add_at_most_one([x[g] for g in set(cols[rows == r].tolist())])
    limits = problem.limits
    cap = min(int(limits.max_hours * 60) - int(committed_day.sum()), int((limits.max_work_hours or 1e9) * 60))
    model.add(cp_model.LinearExpr.weighted_sum([x[g] for g in gigs], [int(minutes[g]) for g in gigs]) <= cap)
    if limits.max_day_hours is not None:
        day = np.zeros((len(table), 7), dtype=np.int64)
        np.add.at(day, (keep[:, 2], keep[:, 0] // DAY), keep[:, 1] - keep[:, 0])
        for d in range(7):
            used = [g for g in gigs if day[g, d]]
            room = int(limits.max_day_hours * 60) - int(committed_day[d])
            model.add(cp_model.LinearExpr.weighted_sum([x[g] for g in used], [int(day[g, d]) for g in used]) <= room)
    units = [int(minutes[g] * rate[g] + flat[g]) for g in gigs]
    return cp_model.LinearExpr.weighted_sum([x[g] for g in gigs], units)


def _cut(start: int, end: int, gig: int) -> list[tuple[int, int, int]]:
    from .baselines import split_pieces

    return [(s, e, gig) for s, e in split_pieces(start, end)]


def monolithic(students: dict[str, Problem], openings: dict[str, int], time_limit: float) -> dict:
    """One CP-SAT model of the whole market (fixed-session gigs), solved for ``time_limit`` seconds."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    model = cp_model.CpModel()
    take: dict[str, list] = {}
    values = [_student_rows(model, problem, take, name) for name, problem in students.items()]
    for gig_id, users in take.items():
        if len(users) > openings.get(gig_id, 1):
            model.add(sum(users) <= openings.get(gig_id, 1))
    model.maximize(cp_model.LinearExpr.sum(values))
    build = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - build, 1.0)
    solver.parameters.num_workers = 1
    code = solver.solve(model)
    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "status": solver.status_name(code).lower(),
        "value": solver.objective_value / UNITS if found else None,
        "bound": solver.best_objective_bound / UNITS if found else None,
        "build_s": build,
        "total_s": time.perf_counter() - started,
    }


def run_assign(
    students: dict[str, Problem], openings: dict[str, int], time_limit: float, gap: float, workers: int
) -> dict:
    """``stacker.assign``, serial (``workers`` 1) or on ``workers`` processes of its own (``executor=workers``)."""
    started = time.perf_counter()
    executor = workers if workers > 1 else None
    result = stacker.assign(students, openings, executor=executor, time_limit=time_limit, relative_gap=gap)
    return {
        "status": result.status.value,
        "value": result.objective,
        "bound": result.bound,
        "total_s": time.perf_counter() - started,
        "stats": result.stats,
    }


# ----------------------------------------------------------------------------- running


class _Descendants(threading.Thread):
    """Samples, every half second, the peak resident memory (Linux ``VmHWM``) of each process descended from this
    one: ``assign``'s own processes are children of a ``forkserver``, so ``RUSAGE_CHILDREN`` never sees them."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self._sample()

    def stop(self) -> list[float]:
        """The peak MB of each descendant seen, largest first (the workers; then the forkserver)."""
        self.done.set()
        self.join()
        return sorted(self.peaks.values(), reverse=True)

    def _sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
            try:
                with open(f"/proc/{entry}/stat") as stat:  # "pid (name) state ppid ...": the name may hold spaces
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
        me = os.getpid()
        for pid in parents:
            ancestor = parents.get(pid)
            while ancestor is not None and ancestor != me:
                ancestor = parents.get(ancestor)
            if ancestor == me:
                mb = _peak_mb(pid)
                if mb is not None:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), mb)


def _peak_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _child(method: str, size: tuple, time_limit: float, gap: float, workers: int, pipe) -> None:
    students, openings = generate_market(size[0], size[1], flexible=size[2], seed=size[3])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sampler = _Descendants()
    sampler.start()
    try:
        out = run_assign(students, openings, time_limit, gap, workers) if method == "assign" else None
        if method == "monolithic":
            out = monolithic(students, openings, time_limit)
    except Exception as error:  # noqa: BLE001 - recorded, the benchmark goes on
        out = {"status": "crashed", "error": repr(error)}
    assert out is not None
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["worker_peak_mb"] = [round(mb, 1) for mb in sampler.stop()[:workers]] if workers > 1 else []
    out["market_mb"] = before  # peak after generating the market, before the method ran
    pipe.send(out)


def run_method(method: str, size: tuple, time_limit: float, gap: float, workers: int = 1) -> dict:
    """Run one method on one market in a fresh (forked) process: its result and peak memory."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(method, size, time_limit, gap, workers, send))
    process.start()
    send.close()  # the child's end: a child that dies without sending makes recv() raise, not wait forever
    try:
        out = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"market benchmark: the {method} process died (exit code {process.exitcode})") from None
    process.join()
    return out


def _gap(result: dict) -> float | None:
    if result.get("value") is None or result.get("bound") is None or not result["bound"]:
        return None
    return (result["bound"] - result["value"]) / result["bound"]


def verdict(students: int, gigs: int, result: dict, time_limit: float) -> str | None:
    """PASS or MISS against the issue's target for this size (None: no target)."""
    target = TARGETS.get((students, gigs))
    gap = _gap(result)
    if target is None or gap is None:
        return None
    ok = result["status"] == "optimal" if (students, gigs) == (100, 300) else gap <= 0.005 and result["total_s"] < 120
    return f"{'PASS' if ok else 'MISS'}: {target}; got gap {gap:.4%} in {result['total_s']:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks market", description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[100], help="students per market (default 100)")
    parser.add_argument("--gigs", type=int, nargs="+", default=[300], help="pool size, one per --students entry")
    parser.add_argument("--flexible", type=float, default=0.0, help="share of flexible gigs (default 0)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds for each method (default 120)")
    parser.add_argument("--relative-gap", type=float, default=0.0, help="assign stops at this gap (default 0)")
    parser.add_argument("--workers", type=int, default=1, help="assign's own processes (default 1: serial)")
    parser.add_argument("--methods", default="assign,monolithic", help="comma-separated: assign, monolithic")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"))
    args = parser.parse_args(argv)
    if len(args.gigs) != len(args.students):
        parser.error("give one --gigs value per --students value")
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if args.flexible > 0 and "monolithic" in methods:
        print("monolithic: fixed-session gigs only; left out with --flexible", flush=True)
        methods.remove("monolithic")
    info = machine_info()
    print(f"market benchmark, {info['date']}: {info['cpu_count']} CPUs, load {info['load_average']}", flush=True)
    runs = []
    for students, gigs in zip(args.students, args.gigs):
        size = (students, gigs, args.flexible, args.seed)
        for method in methods:
            result = run_method(method, size, args.time_limit, args.relative_gap, args.workers)
            result |= {"method": method, "students": students, "gigs": gigs, "gap": _gap(result)}
            if method == "assign":
                result["verdict"] = verdict(students, gigs, result, args.time_limit)
            runs.append(result)
            print(json.dumps({k: v for k, v in result.items() if k != "stats"}), flush=True)
            if result.get("verdict"):
                print(result["verdict"], flush=True)
    out = args.out / f"market-{'-'.join(f'{s}x{g}' for s, g in zip(args.students, args.gigs))}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks market " + " ".join(sys.argv[2:] if argv is None else argv)
    out.write_text(json.dumps({"command": command, "machine": info, "runs": runs}, indent=1) + "\n")
    print(f"results: {out}")
    return 0
