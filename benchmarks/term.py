"""``python -m benchmarks term``: whole terms end to end from their JSON files, stacker beside a time-indexed model.

Examples::

    python -m benchmarks term                                  # 16 weeks x 30 and 60 gigs, 3 repeats
    python -m benchmarks term --weeks 16 --gigs 1000 --methods stacker            # a platform-sized pool
    python -m benchmarks term --weeks 1 2 4 8 16 26 52 --gigs 30 --baselines-up-to 16   # the scaling plot

Each term is generated (:mod:`benchmarks.term_generate`, seeded: a
timetable of 5-6 classes, a spring break, an exam week, about 40 % projects,
30 % weekly flexible and 30 % fixed gigs) and written as the JSON problem
file a user gives ``stacker solve``. Every run is a fresh process
(:mod:`benchmarks._term_worker`) that imports stacker and OR-Tools, then
times ``stacker.load`` of the file plus the solve, and reports its peak
resident memory. Methods:

- ``stacker``: ``stacker.solve`` (the term master and a placement per week);
- ``time_indexed``: :func:`benchmarks.term_baseline.time_indexed`, one
  literal per flexible gig or project per 30-minute cell, written
  independently of stacker's model.

Repeats go round the methods in turn; a method whose first run stopped at
the time limit is not run again (its time is the limit). Checks, printed
with ``!!!!!`` and exit status 1: optima that disagree (``MISMATCH``), a
value above the other method's proven bound, a stacker plan that the
time-indexed model finds invalid or worth another value (first run:
:func:`benchmarks.term_baseline.check_plan`), a run that crashed. Targets
(issue 11), printed PASS or MISS: a student's term (16 weeks, 30-60 gigs)
proven optimal with a median under 0.5 s and at least 20x faster than the
time-indexed model (or that model not proving it within the limit); a
platform pool (16 weeks, 1,000 gigs) proven optimal under 10 s and 1 GB.
Writes ``<out>/term-<weeks>w-<gigs>g.json`` and, with several week counts,
``<out>/scaling-term.png``. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from .harness import _median, _num, banner, machine_info, plot_medians, ratio_text, run_worker, write_results
from .term_generate import generate_term, write_term

METHODS = ("stacker", "time_indexed")
REL_TOL = 1e-6


def run_once(method: str, path: Path, time_limit: float, check: bool) -> dict[str, Any]:
    """One run in a fresh process (:mod:`benchmarks._term_worker`)."""
    args = [method, str(path), repr(float(time_limit)), *(["--check"] if check else [])]
    return run_worker("benchmarks._term_worker", args, time_limit)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1.0)


def bench_term(
    weeks: int, gigs: int, seed: int, args: argparse.Namespace, folder: Path, log: Any = print
) -> dict[str, Any]:
    """Every method on one generated term, ``args.repeats`` times; summaries, checks and the target's verdict."""
    data = generate_term(weeks, gigs, seed, projects=args.projects, weekly=args.weekly)
    path = write_term(data, folder / f"term-{weeks}w-{gigs}g-seed{seed}.json")
    label = f"{weeks}w x {gigs} gigs, seed {seed}"
    methods = [
        m for m in args.methods if m == "stacker" or args.baselines_up_to is None or weeks <= args.baselines_up_to
    ]
    runs: dict[str, list[dict]] = {m: [] for m in methods}
    for repeat in range(args.repeats):
        for method in methods:
            if repeat and runs[method][0].get("status") not in ("optimal", "infeasible"):
                continue  # stopped by the time limit (or failed): its time is the limit anyway
            result = run_once(method, path, args.time_limit, check=repeat == 0)
            result["repeat"] = repeat
            runs[method].append(result)
            log(
                f"  {label} run {repeat + 1}/{args.repeats} {method:<12} {result.get('status', '?'):<10} "
                f"{_num(result.get('total_s'), 3):>8} s  value {_num(result.get('value'), 2)}  "
                f"peak {_num(result.get('peak_mb'), 0)} MB"
                + (f"  rounds {result['rounds']}" if result.get("rounds") else "")
            )
    summary = {}
    for method, results in runs.items():
        first = results[0]
        summary[method] = {
            "runs": len(results),
            "status": "/".join(sorted({r.get("status", "?") for r in results})),
            "proven": all(r.get("status") in ("optimal", "infeasible") for r in results),
            "load_s": _median(r.get("load_s") for r in results),
            "solve_s": _median(r.get("solve_s") for r in results),
            "total_s": _median(r.get("total_s") for r in results),
            "max_total_s": max((r["total_s"] for r in results if r.get("total_s") is not None), default=None),
            "peak_mb": _median(r.get("peak_mb") for r in results),
            "value": first.get("value"),
            "bound": first.get("bound"),
            "rounds": first.get("rounds"),
        }
    result = {
        "label": label,
        "weeks": weeks,
        "gigs": gigs,
        "seed": seed,
        "file": path.name,
        "commitments": len(data["commitments"]),
        "time_limit": args.time_limit,
        "runs": runs,
        "summary": summary,
    }
    if "stacker" in summary and "time_indexed" in summary:
        mine, other = summary["stacker"], summary["time_indexed"]
        if mine["total_s"] and other["total_s"] is not None:
            other["ratio"] = other["total_s"] / mine["total_s"]
            other["ratio_is_lower_bound"] = not other["proven"]
    result["problems"] = check_runs(runs)
    result["verdict"] = verdict(result)
    return result


def check_runs(runs: dict[str, list[dict]]) -> list[str]:
    """``MISMATCH`` / ``INVALID`` / ``ERROR`` lines; empty when the methods agree and every checked plan is valid."""
    problems = []
    done = []
    for method, results in runs.items():
        for r in results:
            tag = f"{method} (run {r['repeat'] + 1})"
            if r.get("status") in ("error", "killed", "model_invalid") or "status" not in r:
                problems.append(f"ERROR {tag}: {r.get('status')}: {r.get('error')}")
                continue
            if r.get("errors"):
                problems.append(f"INVALID {tag}: {'; '.join(r['errors'][:5])}")
            done.append((method, r))
    optimal = [(m, r) for m, r in done if r["status"] == "optimal"]
    for (m1, r1), (m2, r2) in itertools.pairwise(optimal):
        if not _close(r1["value"], r2["value"]):
            problems.append(f"MISMATCH: proven optima disagree: {m1} {r1['value']!r}, {m2} {r2['value']!r}")
            break
    for m1, r1 in done:
        for m2, r2 in done:
            above = r1.get("value") is not None and r2.get("bound") is not None and r1["value"] > r2["bound"]
            if above and not _close(r1["value"], r2["bound"]):
                problems.append(f"MISMATCH: {m1} found {r1['value']!r}, above {m2}'s proven bound {r2['bound']!r}")
    statuses = {r["status"] for _, r in done}
    if "infeasible" in statuses and statuses & {"optimal", "feasible"}:
        problems.append(f"MISMATCH: one method says infeasible, another has a plan ({sorted(statuses)})")
    return sorted(set(problems), key=problems.index)


def verdict(result: dict[str, Any]) -> str | None:
    """PASS or MISS against the issue's target for this size (None: no target)."""
    mine = result["summary"].get("stacker")
    if mine is None or result["weeks"] != 16:
        return None
    if 30 <= result["gigs"] <= 60:
        other = result["summary"].get("time_indexed")
        fast = mine["total_s"] is not None and mine["total_s"] < 0.5
        if other is None:
            versus, beaten = "time-indexed model not run (the 20x part not checked)", True
        elif not other["proven"]:
            versus, beaten = f"time-indexed model not proven in {result['time_limit']:g} s", True
        else:
            ratio = other.get("ratio") or 0.0
            versus, beaten = f"time-indexed model {ratio:.1f}x slower", ratio >= 20
        ok = mine["proven"] and fast and beaten
        return (
            f"{'PASS' if ok else 'MISS'}: a student's term proven optimal, median < 0.5 s and >= 20x the "
            f"time-indexed model; got {mine['status']}, median {_num(mine['total_s'], 3)} s, {versus}"
        )
    if result["gigs"] >= 1000:
        ok = mine["proven"] and (mine["total_s"] or 1e9) < 10 and (mine["peak_mb"] or 1e9) < 1024
        return (
            f"{'PASS' if ok else 'MISS'}: a platform pool proven optimal in < 10 s under 1 GB; got {mine['status']}, "
            f"median {_num(mine['total_s'], 2)} s, peak {_num(mine['peak_mb'], 0)} MB"
        )
    return None


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"== {result['label']} ({result['file']}, {result['commitments']} commitments); time limit "
        f"{result['time_limit']:g} s; medians of up to {max(s['runs'] for s in result['summary'].values())} runs",
        f"{'method':<13}{'load s':>8}{'solve s':>9}{'total s':>9}{'max s':>8}{'peak MB':>9}"
        f"{'value':>12}{'bound':>12}  {'status':<10}{'runs':>5}{'rounds':>7}  x stacker",
    ]
    for method, s in result["summary"].items():
        ratio = ratio_text(s, "")
        lines.append(
            f"{method:<13}{_num(s['load_s'], 3):>8}{_num(s['solve_s'], 3):>9}{_num(s['total_s'], 3):>9}"
            f"{_num(s['max_total_s'], 3):>8}{_num(s['peak_mb'], 0):>9}{_num(s['value'], 2):>12}"
            f"{_num(s['bound'], 2):>12}  {s['status']:<10}{s['runs']:>5}{s['rounds'] or '-':>7}  {ratio}"
        )
    lines += [f"!!!!! {p}" for p in result["problems"]] or ["   the methods agree; stacker's plan checked"]
    if result["verdict"]:
        lines.append(result["verdict"])
    return "\n".join(lines)


def markdown_table(results: list[dict[str, Any]]) -> str:
    """The results as one Markdown table (for docs/benchmarks.md)."""
    lines = [
        "| term | method | load s | solve s | total s (median) | max s | peak MB | value | bound | status | rounds "
        "| time / stacker |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for result in results:
        for method, s in result["summary"].items():
            ratio = ratio_text(s, " ")
            lines.append(
                f"| {result['label']} | {method} | {_num(s['load_s'], 3)} | {_num(s['solve_s'], 3)} | "
                f"{_num(s['total_s'], 3)} | {_num(s['max_total_s'], 3)} | {_num(s['peak_mb'], 0)} | "
                f"{_num(s['value'], 2)} | {_num(s['bound'], 2)} | {s['status']} | {s['rounds'] or '-'} | {ratio} |"
            )
    return "\n".join(lines)


def plot_scaling(results: list[dict[str, Any]], path: Path) -> Path | None:
    """Median total seconds against the term's weeks, one line per method and pool size."""
    weeks = sorted({r["weeks"] for r in results})
    if len(weeks) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for method in METHODS:
        for gigs in sorted({r["gigs"] for r in results}):
            xs, ys, open_x, open_y = [], [], [], []
            for w in weeks:
                found = [
                    r["summary"][method]
                    for r in results
                    if r["weeks"] == w
                    and r["gigs"] == gigs
                    and method in r["summary"]
                    and r["summary"][method]["total_s"] is not None
                ]
                if not found:
                    continue
                xs.append(w)
                ys.append(statistics.median(s["total_s"] for s in found))
                if not all(s["proven"] for s in found):
                    open_x.append(w)
                    open_y.append(ys[-1])
            if xs:
                plot_medians(ax, (xs, ys), (open_x, open_y), f"{method}, {gigs} gigs")
    limit = max(r["time_limit"] for r in results)
    ax.axhline(limit, color="grey", linestyle=":", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(weeks)
    ax.set_xticklabels([str(w) for w in weeks])
    ax.set_xlabel("weeks in the term")
    ax.set_ylabel("seconds to load and solve, median")
    ax.set_title(
        f"generated terms, stacker vs a time-indexed CP-SAT model (ringed: not proven in {limit:g} s)", fontsize=8
    )
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _methods(text: str) -> list[str]:
    names = [m.strip() for m in text.split(",") if m.strip()]
    if not names or any(m not in METHODS for m in names):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(METHODS)}, got {text!r}")
    return names


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks term", description="Whole terms from JSON files: stacker and a time-indexed model."
    )
    parser.add_argument("--weeks", type=int, nargs="+", default=[16], help="weeks per term (default 16)")
    parser.add_argument("--gigs", type=int, nargs="+", default=[30, 60], help="candidate gigs (default 30 60)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="generator seeds (default 0)")
    parser.add_argument("--projects", type=float, default=0.4, help="share of projects (default 0.4)")
    parser.add_argument("--weekly", type=float, default=0.3, help="share of weekly flexible gigs (default 0.3)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method and term (default 3)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run (default 60)")
    parser.add_argument("--methods", type=_methods, default=list(METHODS), help="comma-separated (default both)")
    parser.add_argument(
        "--baselines-up-to", type=int, default=None, help="run the time-indexed model up to these weeks"
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"), help="folder for the JSON and the plot")
    parser.add_argument("--keep-files", type=Path, default=None, help="write the term files here (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or min(args.weeks) < 1 or min(args.gigs) < 0:
        parser.error("--repeats and --weeks must be >= 1, --gigs >= 0")
    if not (args.projects >= 0 and args.weekly >= 0 and args.projects + args.weekly <= 1):
        parser.error("--projects and --weekly must be shares that add up to at most 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    info = machine_info()
    print(banner("stacker term benchmark", info), flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="stacker-term-") as tmp:
        folder = args.keep_files or Path(tmp)
        for weeks in args.weeks:
            for gigs in args.gigs:
                for seed in args.seeds:
                    result = bench_term(weeks, gigs, seed, args, folder, lambda line: print(line, flush=True))
                    print()
                    print(format_table(result), flush=True)
                    print(flush=True)
                    results.append(result)
    if hasattr(os, "getloadavg"):
        info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.mkdir(parents=True, exist_ok=True)
    name = f"term-{'-'.join(map(str, args.weeks))}w-{'-'.join(map(str, args.gigs))}g"
    if (args.projects, args.weekly) != (0.4, 0.3):
        name += f"-projects{args.projects:g}-weekly{args.weekly:g}"
    path = write_results(out / f"{name}.json", "term " + " ".join(argv), info, args, terms=results)
    print(f"results: {path}")
    print(markdown_table(results))
    try:
        plot = plot_scaling(results, out / "scaling-term.png")
    except ImportError:
        plot = None
        print("no plot: matplotlib is not installed (pip install matplotlib, or .[bench])")
    if plot:
        print(f"scaling plot: {plot}")
    problems = [p for r in results for p in r["problems"]]
    for p in problems:
        print(f"!!!!! {p}")
    if problems:
        print(f"!!!!! {len(problems)} check(s) FAILED", flush=True)
    return 1 if problems else 0
