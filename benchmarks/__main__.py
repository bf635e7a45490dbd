"""``python -m benchmarks``: stacker against the baselines on generated gig pools.

Examples::

    python -m benchmarks --size 1e3 1e4                  # fixed-session pools, scaling plot
    python -m benchmarks --size 1e3 --flexible 0.4       # 40 % flexible gigs
    python -m benchmarks --size 1e5 --methods stacker,highs_mip --repeats 1
    python -m benchmarks --size 1e3 1e4 1e5 1e6 --baselines-up-to 1e5   # 1e6: stacker only
    python -m benchmarks files --size 1e4 1e5 1e6        # end to end from JSON and CSV files
    python -m benchmarks batch --students 1000           # solve_many on 1 and 2 workers and on Dask
    python -m benchmarks market --students 100 --gigs 300   # stacker.assign on a shared pool
    python -m benchmarks term --weeks 16 --gigs 30 60    # whole terms from JSON files, beside a time-indexed model
    python -m benchmarks travel --students 40            # weeks with and without travel between places

Prints one table per instance, writes ``<out>/<kind>-<sizes>.json`` (every
run, the summaries, machine information) and, with several sizes,
``<out>/scaling-<kind>.png``. Exit status 1 when a check fails (a MISMATCH
between optima, an INVALID plan, a method that crashed), else 0.
``python -m benchmarks files ...`` is the end-to-end mode from files
(:mod:`benchmarks.files`, its own options: ``files --help``); ``python -m
benchmarks batch ...`` the throughput of ``stacker.solve_many``
(:mod:`benchmarks.batch`, ``batch --help``). See
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .baselines import METHODS
from .harness import (
    ROOT,
    bench_instance,
    format_table,
    kind_label,
    machine_info,
    make_instance,
    plot_scaling,
    size_label,
    write_results,
)
from .harness import parse_size as _size


def _methods(text: str) -> list[str]:
    names = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in names if m not in METHODS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown method(s) {unknown}; choose from {', '.join(METHODS)}")
    return names


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run stacker and the baselines side by side on generated gig pools.",
    )
    parser.add_argument("--size", type=_size, nargs="+", default=[1000], help="pool sizes, e.g. 1e3 1e4 (default 1e3)")
    parser.add_argument("--flexible", type=float, default=0.0, help="share of flexible gigs (default 0)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="generator seeds (default 0)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method and instance (default 3)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run (default 60)")
    parser.add_argument(
        "--methods", type=_methods, default=list(METHODS), help=f"comma-separated (default {','.join(METHODS)})"
    )
    parser.add_argument(
        "--baselines-up-to",
        type=_size,
        default=None,
        help="on larger pools run stacker only (e.g. 1e5, so that 1e6 is in the same plot; default: no limit)",
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks"), help="folder for JSON and plot")
    parser.add_argument(
        "--in-process", action="store_true", help="run methods in this process (faster; no memory figures)"
    )
    parser.add_argument("--repeat-unfinished", action="store_true", help="repeat runs stopped by the time limit too")
    args = parser.parse_args(argv)
    if not 0 <= args.flexible <= 1:
        parser.error("--flexible must be between 0 and 1")
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["market"]:
        from .market import main as market_main

        return market_main(arguments[1:])
    if arguments[:1] == ["files"]:
        from .files import main as files_main

        return files_main(arguments[1:])
    if arguments[:1] == ["term"]:
        from .term import main as term_main

        return term_main(arguments[1:])
    if arguments[:1] == ["travel"]:
        from .travel import main as travel_main

        return travel_main(arguments[1:])
    if arguments[:1] == ["batch"]:
        from .batch import main as batch_main

        return batch_main(arguments[1:])
    args = parse_args(argv)
    info = machine_info()
    print(
        f"stacker benchmarks, {info['date']}: {info['cpu_count']} CPUs ({info['cpu_model']}), python {info['python']}, "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v)
        + f"; load average {info['load_average']}",
        flush=True,
    )
    results = []
    for size in args.size:
        for seed in args.seeds:
            instance = make_instance(size, args.flexible, seed)
            print(f"generated {instance.label} in {instance.gen_s:.2f} s", flush=True)
            methods = args.methods
            if args.baselines_up_to is not None and size > args.baselines_up_to:
                methods = [m for m in methods if m == "stacker"]
            result = bench_instance(
                instance,
                methods,
                time_limit=args.time_limit,
                repeats=args.repeats,
                isolate=not args.in_process,
                repeat_unfinished=args.repeat_unfinished,
                log=lambda line: print(line, flush=True),
            )
            print()
            print(format_table(result), flush=True)
            print(flush=True)
            results.append(result)
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.mkdir(parents=True, exist_ok=True)
    kind = kind_label(args.flexible)
    name = f"{kind}-{'-'.join(size_label(s) for s in args.size)}"
    if hasattr(os, "getloadavg"):
        info["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    command = " ".join(sys.argv[1:] if argv is None else argv)
    json_path = write_results(out / f"{name}.json", command, info, args, instances=results)
    print(f"results: {_show(json_path)}")
    try:
        plot = plot_scaling(results, out / f"scaling-{kind}.png")
    except ImportError:
        plot = None
        print("no plot: matplotlib is not installed (pip install matplotlib, or .[bench])")
    if plot:
        print(f"scaling plot: {_show(plot)}")
    problems = [p for r in results for p in r["problems"]]
    if problems:
        print()
        for p in problems:
            print(f"!!!!! {p}")
        print(f"!!!!! {len(problems)} check(s) FAILED", flush=True)
        return 1
    return 0


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
