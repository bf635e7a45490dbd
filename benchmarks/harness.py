"""Run stacker and the baselines side by side, check they agree, report.

The pieces, used by ``python -m benchmarks`` (:mod:`benchmarks.__main__`) and
by the tests:

- :func:`make_instance`: a generated problem (:mod:`benchmarks.generate`),
  timed;
- :func:`bench_instance`: every method on one instance, ``repeats`` times
  (interleaved: all methods once, then all again), each run in a fresh
  process by default (:mod:`benchmarks._worker`) so that its peak memory is
  its own; every plan goes through :func:`benchmarks.verify.verify`;
- :func:`check`: all methods that proved an optimum agree on its value
  (within 1e-6 relative), no valid plan beats a proven optimum or a proven
  bound, every plan is valid; each violation is one ``MISMATCH``,
  ``INVALID`` or ``ERROR`` line;
- :func:`format_table`, :func:`machine_info`, :func:`plot_scaling`.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .baselines import METHODS
from .generate import generate
from .verify import verify

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ROOT = Path(__file__).resolve().parent.parent
REL_TOL = 1e-6
FINISHED = ("optimal", "infeasible", "heuristic")  # a run that ended by itself, not by the time limit
HAS_PLAN = ("optimal", "feasible", "heuristic")


@dataclass
class Instance:
    size: int
    flexible: float
    seed: int
    problem: object
    gen_s: float

    @property
    def kind(self) -> str:
        return kind_label(self.flexible)

    @property
    def label(self) -> str:
        return f"{self.kind}-{size_label(self.size)}-seed{self.seed}"


def kind_label(flexible: float) -> str:
    return "fixed" if flexible == 0 else f"mixed{round(flexible * 100)}"


def size_label(n: int) -> str:
    """``1000 -> '1e3'``, ``25000 -> '2.5e4'``, ``30 -> '30'``."""
    if n < 100:
        return str(n)
    exponent = math.floor(math.log10(n))
    mantissa = n / 10**exponent
    return f"{mantissa:g}e{exponent}"


def parse_size(text: str) -> int:
    """A pool size from the command line (``1e4`` is fine): a whole number >= 1."""
    import argparse

    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"a pool size must be a whole number >= 1, got {text!r}")
    return int(value)


def make_instance(size: int, flexible: float = 0.0, seed: int = 0) -> Instance:
    size = int(size)
    started = time.perf_counter()
    problem = generate(size, flexible, seed)
    return Instance(size, flexible, seed, problem, time.perf_counter() - started)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


def run_inprocess(method: str, problem, time_limit: float) -> dict:
    """One run in this process (no memory figures: the process is shared)."""
    from ._worker import input_form

    input_form(method, problem)
    started = time.perf_counter()
    result = METHODS[method](problem, time_limit)
    result["total_s"] = time.perf_counter() - started
    result["peak_mb"] = result["rss_before_mb"] = None
    return result


def child_env() -> dict[str, str]:
    """This process's environment with the repository first on ``PYTHONPATH`` (for the child processes)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run_isolated(method: str, problem_path: str, time_limit: float) -> dict:
    """One run in a fresh Python process (:mod:`benchmarks._worker`)."""
    args = [method, problem_path, repr(float(time_limit))]
    return {"value": None, "bound": None} | run_worker("benchmarks._worker", args, time_limit)


def run_worker(module: str, args: list[str], time_limit: float) -> dict:
    """What a worker module run as a fresh process prints after ``MARKER``, or why there is nothing."""
    from ._worker import MARKER

    timeout = 2 * time_limit + 120
    try:
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "killed", "error": f"no answer within {timeout:g} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
    return {"status": "error", "error": " | ".join(tail)}


def bench_instance(
    instance: Instance,
    methods: list[str],
    *,
    time_limit: float,
    repeats: int = 3,
    isolate: bool = True,
    repeat_unfinished: bool = False,
    log=None,
) -> dict:
    """Run every method on one instance ``repeats`` times; summarize and check.

    A method whose first run did not finish by itself (time limit, error) is
    not run again unless ``repeat_unfinished``: its time is the limit anyway.
    """
    runs: dict[str, list[dict]] = {m: [] for m in methods}
    with tempfile.TemporaryDirectory(prefix="stacker-bench-") as tmp:
        path = os.path.join(tmp, "problem.pickle")
        if isolate:
            with open(path, "wb") as f:
                pickle.dump(instance.problem, f, protocol=pickle.HIGHEST_PROTOCOL)
        for repeat in range(repeats):
            for method in methods:
                if repeat and not repeat_unfinished and runs[method][0]["status"] not in FINISHED:
                    continue
                if isolate:
                    result = run_isolated(method, path, time_limit)
                else:
                    result = run_inprocess(method, instance.problem, time_limit)
                result["method"] = method
                result["repeat"] = repeat
                result["errors"] = verify(instance.problem, result) if result["status"] in HAS_PLAN else []
                result["n_blocks"] = len(result.pop("blocks", []) or [])
                runs[method].append(result)
                if log:
                    log(
                        f"  {instance.label} run {repeat + 1}/{repeats} {method:<12} {result['status']:<10} "
                        f"{_num(result.get('total_s'), 3):>9} s  value {_num(result.get('value'), 2)}"
                    )
    out = {
        "label": instance.label,
        "size": instance.size,
        "flexible_share": instance.flexible,
        "seed": instance.seed,
        "n_gigs": len(instance.problem.gigs),
        "n_flexible": sum(not g.is_fixed for g in instance.problem.gigs),
        "generate_s": instance.gen_s,
        "time_limit": time_limit,
        "repeats": repeats,
        "isolated": isolate,
        "runs": runs,
    }
    out["summary"] = summarize(runs)
    out["problems"] = check(runs)
    return out


# ---------------------------------------------------------------------------
# Summaries and checks
# ---------------------------------------------------------------------------


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Per method: medians of the times and memory, status, value, bound, gap, ratio to stacker."""
    summary: dict[str, dict] = {}
    for method, results in runs.items():
        if not results:
            continue
        statuses = sorted({r["status"] for r in results})
        first = results[0]
        value, bound = first.get("value"), first.get("bound")
        gap = None
        if value is not None and bound is not None:
            gap = max(bound - value, 0.0) / max(abs(value), 1e-9)
        deltas = [
            r["peak_mb"] - r["rss_before_mb"]
            for r in results
            if r.get("peak_mb") is not None and r.get("rss_before_mb") is not None
        ]
        summary[method] = {
            "runs": len(results),
            "status": "/".join(statuses),
            "finished": all(r["status"] in FINISHED for r in results),
            "build_s": _median(r.get("build_s") for r in results),
            "solve_s": _median(r.get("solve_s") for r in results),
            "total_s": _median(r.get("total_s") for r in results),
            "peak_mb": _median(r.get("peak_mb") for r in results),
            "delta_mb": _median(deltas),
            "value": value,
            "bound": bound,
            "gap": gap,
        }
    reference = summary.get("stacker")
    for method, s in summary.items():
        s["ratio"] = None
        if reference and reference["total_s"] and s["total_s"] is not None:
            s["ratio"] = s["total_s"] / reference["total_s"]
            # a baseline stopped by the time limit would have taken longer: its ratio is a lower bound
            s["ratio_is_lower_bound"] = not s["finished"] and method != "stacker"
    return summary


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1.0)


def check(runs: dict[str, list[dict]]) -> list[str]:
    """``MISMATCH`` / ``INVALID`` / ``ERROR`` lines; empty when everything agrees."""
    problems: list[str] = []
    valid: list[dict] = []
    for method, results in runs.items():
        for r in results:
            tag = f"{method} (run {r['repeat'] + 1})"
            if r["status"] in ("error", "killed"):
                problems.append(f"ERROR {tag}: {r['status']}: {r.get('error')}")
            elif r.get("errors"):
                problems.append(f"INVALID {tag}: plan breaks the rules: {'; '.join(r['errors'][:5])}")
            else:
                valid.append(r)
    optimal = [r for r in valid if r["status"] == "optimal"]
    if optimal:
        reference = next((r for r in optimal if r["method"] == "stacker"), optimal[0])
        ref = reference["value"]
        for r in optimal:
            if not _close(r["value"], ref):
                values = ", ".join(f"{o['method']}={o['value']!r}" for o in optimal)
                problems.append(f"MISMATCH: optimal values disagree: {values}")
                break
    infeasible = [r for r in valid if r["status"] == "infeasible"]
    with_plan = [r for r in valid if r["status"] in HAS_PLAN and r.get("value") is not None]
    if infeasible and with_plan:
        problems.append(
            f"MISMATCH: {infeasible[0]['method']} says infeasible but {with_plan[0]['method']} has a valid plan"
        )
    if with_plan:
        best = max(with_plan, key=lambda r: r["value"])
        for r in optimal:
            if best["value"] > r["value"] and not _close(best["value"], r["value"]):
                problems.append(
                    f"MISMATCH: {best['method']} found a valid plan worth {best['value']!r}, more than the proven "
                    f"optimum {r['value']!r} of {r['method']}"
                )
                break
        for r in valid:
            if r.get("bound") is not None and best["value"] > r["bound"] and not _close(best["value"], r["bound"]):
                problems.append(
                    f"MISMATCH: {best['method']} found a valid plan worth {best['value']!r}, above the proven bound "
                    f"{r['bound']!r} of {r['method']}"
                )
                break
    return problems


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _num(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def format_table(result: dict) -> str:
    """The table of one instance, as printed by ``python -m benchmarks``."""
    head = (
        f"== {result['label']}: {result['n_gigs']} gigs ({result['n_flexible']} flexible), "
        f"generated in {result['generate_s']:.2f} s; time limit {result['time_limit']:g} s; "
        f"medians over up to {result['repeats']} runs"
    )
    columns = (
        "method",
        "build s",
        "solve s",
        "total s",
        "peak MB",
        "+MB",
        "value",
        "bound",
        "gap",
        "status",
        "runs",
        "x stacker",
    )
    rows = []
    for method, s in result["summary"].items():
        ratio = ratio_text(s, "")
        rows.append(
            (
                method,
                _num(s["build_s"], 3),
                _num(s["solve_s"], 3),
                _num(s["total_s"], 3),
                _num(s["peak_mb"], 0),
                _num(s["delta_mb"], 0),
                _num(s["value"], 2),
                _num(s["bound"], 2),
                "-" if s["gap"] is None else f"{100 * s['gap']:.2g}%",
                s["status"],
                str(s["runs"]),
                ratio,
            )
        )
    widths = [max(len(c), *(len(r[k]) for r in rows)) for k, c in enumerate(columns)]
    align = ["<"] + [">"] * 8 + ["<", ">", ">"]
    lines = [head, "  ".join(f"{c:{a}{w}}" for c, a, w in zip(columns, align, widths))]
    lines += ["  ".join(f"{v:{a}{w}}" for v, a, w in zip(r, align, widths)) for r in rows]
    lines += [f"!! {p}" for p in result["problems"]] or [
        "   all exact methods that finished agree; every plan verified"
    ]
    return "\n".join(lines)


def ratio_text(summary: dict, space: str) -> str:
    """A method's time over stacker's, ``>=`` before it when the method was stopped by the limit; ``-`` if none."""
    if summary.get("ratio") is None:
        return "-"
    return (f">={space}" if summary.get("ratio_is_lower_bound") else "") + f"{summary['ratio']:.3g}"


def markdown_table(results: list[dict]) -> str:
    """The results as one Markdown table (for docs/benchmarks.md)."""
    lines = [
        "| instance | method | build s | solve s | total s | peak MB | value | bound | status | runs "
        "| time / stacker |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for result in results:
        for method, s in result["summary"].items():
            ratio = ratio_text(s, " ")
            lines.append(
                f"| {result['label']} | {method} | {_num(s['build_s'], 3)} | {_num(s['solve_s'], 3)} | "
                f"{_num(s['total_s'], 3)} | {_num(s['peak_mb'], 0)} | {_num(s['value'], 2)} | "
                f"{_num(s['bound'], 2)} | {s['status']} | {s['runs']} | {ratio} |"
            )
    return "\n".join(lines)


def banner(what: str, info: dict) -> str:
    """The first line of a benchmark's output: what runs, when, on which machine, how loaded, at which commit."""
    return (
        f"{what}, {info['date']}: {info['cpu_count']} CPUs ({info['cpu_model']}), "
        f"load average {info['load_average']}, commit {(info['git'] or {}).get('commit')}"
    )


def machine_info() -> dict:
    from importlib import metadata

    info = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": None,
        "memory_gb": None,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {},
        "git": None,
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu_model"] = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), None
            )
        with open("/proc/meminfo") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            info["memory_gb"] = round(kib / 2**20, 1)
    except (OSError, StopIteration):
        pass
    for package in ("stacker", "ortools", "highspy", "numpy", "matplotlib"):
        try:
            info["versions"][package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info["versions"][package] = None
    try:
        import stacker

        info["versions"]["stacker"] = info["versions"]["stacker"] or stacker.__version__
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "stacker"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        info["git"] = {"commit": commit.stdout.strip(), "stacker_modified": bool(dirty.stdout.strip())}
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def write_results(path: Path, command: str, info: dict, args: object, **data: object) -> Path:
    """Write one run's JSON: the ``command`` that made it, the machine, the arguments (paths as text), ``data``."""
    arguments = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    payload = {"command": f"python -m benchmarks {command}".rstrip(), "machine": info, "arguments": arguments, **data}
    path.write_text(json.dumps(payload, indent=1) + "\n")
    return path


def plot_medians(ax: Axes, points: tuple[list, list], stopped: tuple[list, list], label: str) -> None:
    """One method's medians as a line, the points a time limit stopped ringed."""
    (line,) = ax.plot(*points, marker="o", label=label)
    if stopped[0]:
        ax.plot(*stopped, marker="o", linestyle="none", markersize=11, markerfacecolor="none", color=line.get_color())


def plot_scaling(results: list[dict], path: Path) -> Path | None:
    """Log-log total time (median) against pool size, one line per method."""
    sizes = sorted({r["size"] for r in results})
    if len(sizes) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    methods = list(dict.fromkeys(m for r in results for m in r["summary"]))
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for method in methods:
        xs, ys, open_x, open_y = [], [], [], []
        for size in sizes:
            found = [r["summary"][method] for r in results if r["size"] == size and method in r["summary"]]
            times = [s["total_s"] for s in found if s["total_s"] is not None]
            if not times:
                continue
            xs.append(size)
            ys.append(statistics.median(times))
            if not all(s["finished"] for s in found):
                open_x.append(size)
                open_y.append(ys[-1])
        if xs:
            plot_medians(ax, (xs, ys), (open_x, open_y), method)
    limit = max(r["time_limit"] for r in results)
    ax.axhline(limit, color="grey", linestyle=":", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("gigs in the pool")
    ax.set_ylabel("total seconds (build + solve), median")
    kind = kind_label(results[0]["flexible_share"])
    ax.set_title(f"stacker vs baselines, {kind} pools (ringed: stopped by the {limit:g} s limit)", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
