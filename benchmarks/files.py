"""``python -m benchmarks files``: end to end from files, each run a fresh process, as users run it.

Each generated pool is written once (:mod:`benchmarks.problem_files`) as a
JSON problem file and as a folder (``gigs.csv``, ``commitments.toml``,
``limits.toml``) in a temporary folder, then these processes are timed
(wall clock from start to exit, and the child's peak resident memory from
``os.wait4``), interleaved, ``repeats`` times:

========================  ===========================================================
``stacker``               ``python -m stacker solve INPUT --json --time-limit T``
``columns``               the same solve from the columnar problem: a process that
                          imports stacker, unpickles the generated ``Problem``, solves
                          and prints the plan JSON as the command does (JSON input only)
``highs_mip``,            ``stacker.load`` (the baselines consume ``Problem``/``Gig``
``naive_cpsat``           objects), then the baseline (JSON input only)
``floor``                 ``import stacker, stacker.cpsat`` and ``json.load`` of the
                          file, or ``csv.reader`` over ``gigs.csv``: what no reader beats
========================  ===========================================================

Every plan is parsed from the process's output and checked with
:func:`benchmarks.verify.verify`; optimal values are compared with
:func:`benchmarks.harness.check`. :data:`TARGETS` are the issue's goals,
printed PASS or MISS with the figure. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from ._worker import MARKER
from .harness import (
    FINISHED,
    HAS_PLAN,
    ROOT,
    Instance,
    _median,
    _num,
    banner,
    check,
    child_env,
    kind_label,
    machine_info,
    make_instance,
    size_label,
    write_results,
)
from .problem_files import write_folder, write_json
from .verify import verify

FORMATS = ("json", "csv")
METHODS = ("stacker", "columns", "highs_mip", "naive_cpsat", "floor")
JSON_ONLY = ("columns", "highs_mip", "naive_cpsat")
WEEK, DAY = 7 * 24 * 60, 24 * 60
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# ---------------------------------------------------------------------------
# Inputs and processes
# ---------------------------------------------------------------------------


def write_inputs(instance: Instance, folder: Path, formats: list[str]) -> tuple[dict[str, Path], dict[str, float]]:
    """Write the instance as each format (plus the pickle ``columns`` reads); paths and seconds taken."""
    paths: dict[str, Path] = {}
    seconds: dict[str, float] = {}
    writers = {
        "json": lambda: write_json(instance.problem, folder / f"{instance.label}.json"),
        "csv": lambda: write_folder(instance.problem, folder / instance.label),
        "pickle": lambda: _write_pickle(instance.problem, folder / f"{instance.label}.pickle"),
    }
    for name in [*formats, "pickle"]:
        started = time.perf_counter()
        paths[name] = writers[name]()
        seconds[name] = time.perf_counter() - started
    return paths, seconds


def _write_pickle(problem: object, path: Path) -> Path:
    with open(path, "wb") as f:
        pickle.dump(problem, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def command(method: str, path: Path, time_limit: float) -> list[str]:
    """The command line of one run (``path``: the JSON file, the folder, or for ``columns`` the pickle)."""
    if method == "stacker":
        return [sys.executable, "-m", "stacker", "solve", str(path), "--json", "--time-limit", repr(time_limit)]
    return [sys.executable, "-m", "benchmarks._file_worker", method, str(path), repr(time_limit)]


def run_process(argv: list[str], timeout: float, out: Path) -> dict:
    """Run ``argv`` with stdout to ``out``; wall seconds, the child's peak RSS (MB), exit code, stderr tail.

    The peak is ``ru_maxrss`` of this one child, from ``os.wait4`` (not
    ``RUSAGE_CHILDREN``, which keeps the largest child so far).
    """
    with open(out, "wb") as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, env=child_env(), stdout=stdout, stderr=stderr)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read().decode(errors="replace").strip().splitlines()[-5:]
    killed = wall >= timeout
    return {
        "wall_s": wall,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": process.returncode,
        "killed": killed,
        "stderr": tail,
    }


# ---------------------------------------------------------------------------
# Reading what a process printed
# ---------------------------------------------------------------------------


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def block_minutes(block: dict) -> tuple[int, int]:
    """``(start, end)`` in week minutes of a block of ``Plan.to_dict()``.

    An end at or before its start is on the next day.
    """
    day = DAYS.index(block["day"]) * DAY
    start, end = _minute(block["start"]), _minute(block["end"])
    return day + start, day + end + (DAY if end <= start else 0)


def plan_result(text: str) -> dict:
    """A run's result from the plan JSON that ``stacker solve --json`` printed."""
    plan = json.loads(text)
    return {
        "status": plan["status"],
        "value": plan["objective"],
        "bound": plan["bound"],
        "solve_s": plan["solve_time"],
        "chosen": {g["id"]: g["hours"] for g in plan["gigs"]},
        "blocks": [(b["id"], *block_minutes(b)) for b in plan["blocks"] if b["kind"] == "gig"],
        "excluded": len(plan["excluded"]),
    }


def marker_result(text: str) -> dict:
    """A run's result from the ``BENCHMARK-RESULT`` line of :mod:`benchmarks._file_worker`."""
    for line in reversed(text.splitlines()):
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER) :])
            result["blocks"] = [tuple(b) for b in result.get("blocks", [])]
            return result
    raise ValueError("no BENCHMARK-RESULT line")


def plan_view(problem, rows: dict[str, int], chosen: dict) -> SimpleNamespace:
    """What :func:`verify` reads of the problem, with only the chosen gigs (not 10^6 ``Gig`` objects).

    ``rows`` maps each gig id to its row; an id not in it is left out, so
    that :func:`verify` reports it as unknown.
    """
    return SimpleNamespace(
        gigs=[problem.table.gig(rows[ident]) for ident in chosen if ident in rows],
        commitments=problem.commitments,
        limits=problem.limits,
        weights=problem.weights,
        rules=problem.rules,
    )


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------


def run_one(method: str, path: Path, time_limit: float, timeout: float, out: Path) -> dict:
    """One process: its figures and what it printed, parsed (``status`` ``error`` when it failed)."""
    result = run_process(command(method, path, time_limit), timeout, out)
    if result["killed"]:
        return result | {"status": "killed", "error": f"no answer within {timeout:g} s"}
    text = out.read_text(encoding="utf-8", errors="replace")
    try:
        parsed = plan_result(text) if method in ("stacker", "columns") else marker_result(text)
    except (ValueError, KeyError) as error:
        reason = " | ".join(result["stderr"]) or f"unreadable output: {error}"
        return result | {"status": "error", "error": f"exit {result['exit']}: {reason}"}
    return result | parsed


def bench_format(
    instance: Instance,
    inputs: dict[str, Path],
    fmt: str,
    methods: list[str],
    options: argparse.Namespace,
    log=None,
) -> dict:
    """Every method on one instance in one input format, interleaved ``options.repeats`` times; checked."""
    rows = {ident: i for i, ident in enumerate(instance.problem.table.ids)}
    runs: dict[str, list[dict]] = {m: [] for m in methods}
    for repeat in range(options.repeats):
        for method in methods:
            if repeat and runs[method][0]["status"] not in (*FINISHED, "read"):
                continue  # stopped by the time limit or failed: its time would be the same
            path = inputs["pickle" if method == "columns" else fmt]
            result = run_one(method, path, options.time_limit, options.timeout, options.workdir / "stdout")
            result["method"], result["repeat"] = method, repeat
            result["errors"] = []
            if result["status"] in HAS_PLAN:
                result["errors"] = verify(plan_view(instance.problem, rows, result["chosen"]), result)
            result["n_blocks"] = len(result.pop("blocks", []) or [])
            result.pop("chosen", None)
            runs[method].append(result)
            if log:
                log(
                    f"  {instance.label} {fmt} run {repeat + 1}/{options.repeats} {method:<12} {result['status']:<9}"
                    f" {_num(result['wall_s'], 3):>9} s  peak {_num(result['peak_mb'], 0):>5} MB"
                    f"  value {_num(result.get('value'), 2)}"
                )
    return {
        "label": f"{instance.label}-{fmt}",
        "kind": instance.kind,
        "size": instance.size,
        "format": fmt,
        "seed": instance.seed,
        "n_gigs": instance.size,
        "time_limit": options.time_limit,
        "repeats": options.repeats,
        "runs": runs,
        "summary": summarize(runs),
        "problems": check(runs),
    }


def methods_for(size: int, fmt: str, options: argparse.Namespace) -> list[str]:
    """The methods run on one instance and format (baselines and ``columns`` on JSON only, up to their sizes)."""
    limits = {"naive_cpsat": options.naive_up_to, "highs_mip": options.highs_up_to}
    return [
        m
        for m in options.methods
        if not (fmt != "json" and m in JSON_ONLY) and (limits.get(m) is None or size <= limits[m])
    ]


def summarize(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Per method: medians of wall time, inner times and peak memory; status, value; wall time over stacker's."""
    summary = {}
    for method, results in runs.items():
        if not results:
            continue
        inner = [_inner(r) for r in results]
        summary[method] = {
            "runs": len(results),
            "status": "/".join(sorted({r["status"] for r in results})),
            "finished": all(r["status"] in (*FINISHED, "read") for r in results),
            "wall_s": _median(r.get("wall_s") for r in results),
            "read_s": _median(r.get("read_s") for r in results),
            "inner_s": _median(inner),
            "peak_mb": _median(r.get("peak_mb") for r in results),
            "value": results[0].get("value"),
        }
    reference = summary.get("stacker")
    for s in summary.values():
        s["x_stacker"] = None
        if reference and reference["wall_s"] and s["wall_s"] is not None:
            s["x_stacker"] = s["wall_s"] / reference["wall_s"]
    return summary


def _inner(result: dict) -> float | None:
    """Seconds inside the process from input to plan: ``plan.solve_time``, or a baseline's read + build + solve."""
    if "read_s" in result and "build_s" in result:
        return result["read_s"] + (result["build_s"] or 0.0) + (result["solve_s"] or 0.0)
    return result.get("solve_s", result.get("read_s"))


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------

#: The issue's goals: (kind, size, format, figure, comparison, threshold). A figure ``a / b`` is the ratio of
#: the median wall times; ``peak MB`` is stacker's median peak. Every target also needs stacker proven optimal.
TARGETS = (
    ("fixed", 10_000, "json", "naive_cpsat / stacker", ">=", 100.0),
    ("fixed", 100_000, "json", "highs_mip / stacker", ">=", 10.0),
    ("fixed", 100_000, "json", "stacker / floor", "<=", 2.0),
    ("fixed", 1_000_000, "json", "stacker / floor", "<=", 2.0),
    ("fixed", 1_000_000, "json", "stacker peak MB", "<", 2000.0),
    ("fixed", 1_000_000, "csv", "stacker / floor", "<=", 2.0),
    ("fixed", 1_000_000, "csv", "stacker peak MB", "<", 2000.0),
    ("mixed40", 10_000, "json", "stacker / columns", "<=", 1.5),
    ("mixed40", 100_000, "json", "stacker / columns", "<=", 1.5),
)


def _figure(summary: dict, figure: str) -> tuple[float | None, bool]:
    """The figure's value, and whether it is only a lower bound (a baseline stopped by its time limit)."""
    if figure == "stacker peak MB":
        return summary["stacker"]["peak_mb"], False
    top, bottom = (summary.get(name.strip()) for name in figure.split("/"))
    if top is None or bottom is None or not bottom["wall_s"]:
        return None, False
    return top["wall_s"] / bottom["wall_s"], not top["finished"] or top["status"] != "optimal"


def evaluate(target: tuple, results: list[dict]) -> dict:
    """``PASS``, ``MISS`` or ``not run`` for one target, with the figure."""
    kind, size, fmt, figure, compare, threshold = target
    out = {"target": f"{kind} {size_label(size)} {fmt}: {figure} {compare} {threshold:g}", "verdict": "not run"}
    found = [r for r in results if (r["kind"], r["size"], r["format"]) == (kind, size, fmt)]
    if not found or "stacker" not in found[0]["summary"]:
        return out
    summary = found[0]["summary"]
    value, lower = _figure(summary, figure)
    if value is None:
        return out
    stacker_ok = summary["stacker"]["status"] == "optimal" and not found[0]["problems"]
    holds = {">=": value >= threshold, "<=": value <= threshold, "<": value < threshold}[compare]
    if lower and compare != ">=":
        holds = False  # a lower bound cannot show that a ratio is small
    out["figure"] = value
    out["lower_bound"] = lower
    out["verdict"] = "PASS" if holds and stacker_ok else "MISS"
    out["note"] = "" if stacker_ok else "stacker not proven optimal or a check failed"
    return out


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def format_table(result: dict) -> str:
    """The table of one instance and format."""
    head = (
        f"== {result['label']}: {result['n_gigs']} gigs from {result['format'].upper()}, whole processes, "
        f"time limit {result['time_limit']:g} s, medians over up to {result['repeats']} runs"
    )
    columns = ("method", "wall s", "read s", "inner s", "peak MB", "value", "status", "runs", "x stacker")
    rows = [
        (
            method,
            _num(s["wall_s"], 3),
            _num(s["read_s"], 3),
            _num(s["inner_s"], 3),
            _num(s["peak_mb"], 0),
            _num(s["value"], 2),
            s["status"],
            str(s["runs"]),
            _num(s["x_stacker"], 3),
        )
        for method, s in result["summary"].items()
    ]
    widths = [max(len(c), *(len(r[k]) for r in rows)) for k, c in enumerate(columns)]
    align = ["<"] + [">"] * 5 + ["<", ">", ">"]
    lines = [head, "  ".join(f"{c:{a}{w}}" for c, a, w in zip(columns, align, widths))]
    lines += ["  ".join(f"{v:{a}{w}}" for v, a, w in zip(r, align, widths)) for r in rows]
    lines += [f"!! {p}" for p in result["problems"]] or [
        "   every plan verified; the exact methods that finished agree"
    ]
    return "\n".join(lines)


def format_targets(verdicts: list[dict]) -> str:
    lines = ["== targets (medians of the wall times; every target also needs stacker proven optimal)"]
    for v in verdicts:
        figure = "" if "figure" not in v else ("  >= " if v["lower_bound"] else "  ") + f"{v['figure']:.3g}"
        lines.append(f"  {v['verdict']:<8} {v['target']}{figure}  {v.get('note', '')}".rstrip())
    return "\n".join(lines)


def _methods(text: str) -> list[str]:
    names = [m.strip() for m in text.split(",") if m.strip()]
    if not names or any(m not in METHODS for m in names):
        raise argparse.ArgumentTypeError(f"choose methods among {','.join(METHODS)}, got {text!r}")
    return names


def parse_args(argv: list[str]) -> argparse.Namespace:
    from .harness import parse_size

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks files",
        description="Time stacker end to end from JSON and CSV files, each run a fresh process, against the "
        "baselines, the same solve from columns, and the floor (import + parse the file).",
    )
    parser.add_argument("--size", type=parse_size, nargs="+", default=[10_000], help="pool sizes (default 1e4)")
    parser.add_argument("--flexible", type=float, default=0.0, help="share of flexible gigs (default 0)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="generator seeds (default 0)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS), help="default: json csv")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method (default 3, interleaved)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds given to every solver (default 60)")
    parser.add_argument("--timeout", type=float, default=None, help="kill a process after this (default 2 T + 600)")
    parser.add_argument("--methods", type=_methods, default=list(METHODS), help=f"default {','.join(METHODS)}")
    parser.add_argument("--naive-up-to", type=parse_size, default=10_000, help="largest pool for naive_cpsat (1e4)")
    parser.add_argument("--highs-up-to", type=parse_size, default=100_000, help="largest pool for highs_mip (1e5)")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"), help="folder for the JSON results")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for the input files (default: temporary)")
    args = parser.parse_args(argv)
    if not 0 <= args.flexible <= 1 or args.repeats < 1:
        parser.error("--flexible must be in [0, 1] and --repeats >= 1")
    args.timeout = args.timeout or 2 * args.time_limit + 600
    return args


def run_all(args: argparse.Namespace, log=print, save=None) -> list[dict]:
    """Every size, seed and format: write the inputs, run the processes; one result per instance and format.

    ``save(results)`` is called after each instance and format, so that a long run stopped midway keeps
    what it measured.
    """
    results: list[dict] = []
    for size in args.size:
        for seed in args.seeds:
            instance = make_instance(size, args.flexible, seed)
            inputs, seconds = write_inputs(instance, args.workdir, args.formats)
            wrote = ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items())
            log(f"generated {instance.label} in {instance.gen_s:.2f} s; wrote {wrote}")
            for fmt in args.formats:
                methods = methods_for(size, fmt, args)
                result = bench_format(instance, inputs, fmt, methods, args, log)
                result["write_s"] = seconds[fmt]
                result["bytes"] = _size_on_disk(inputs[fmt])
                log("\n" + format_table(result) + "\n")
                results.append(result)
                if save:
                    save(results)
    return results


def _size_on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size


def main(argv: list[str]) -> int:
    """``python -m benchmarks files ...``; exit status 1 when a check fails."""
    args = parse_args(argv)
    info = machine_info()

    def log(line):
        return print(line, flush=True)

    log(banner("stacker benchmarks from files", info))
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"files-{kind_label(args.flexible)}-{'-'.join(size_label(s) for s in args.size)}.json"

    def save(results):
        return _save(path, argv, args, info, results)

    with tempfile.TemporaryDirectory(prefix="stacker-bench-files-") as tmp:
        args.workdir = args.workdir or Path(tmp)
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run_all(args, log, save)
    verdicts = save(results)
    log(format_targets(verdicts))
    log(f"results: {path}")
    problems = [p for r in results for p in r["problems"]]
    for p in problems:
        log(f"!!!!! {p}")
    return 1 if problems else 0


def _save(path: Path, argv: list[str], args: argparse.Namespace, info: dict, results: list[dict]) -> list[dict]:
    """Write every result so far, the targets and the machine to ``path``; the targets' verdicts."""
    verdicts = [evaluate(target, results) for target in TARGETS]
    info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    kept = argparse.Namespace(**{k: v for k, v in vars(args).items() if k != "workdir"})  # a temporary folder
    write_results(path, "files " + " ".join(argv), info, kept, instances=results, targets=verdicts)
    return verdicts
