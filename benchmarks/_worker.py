"""One benchmark run in a fresh process, so that peak memory belongs to one method.

``python -m benchmarks._worker METHOD PROBLEM.pickle TIME_LIMIT`` loads the
problem, imports what the method needs (imports are not timed), resets the
process's peak-memory mark (Linux ``/proc/self/clear_refs``), runs the
method once and prints one line ``BENCHMARK-RESULT {json}``: the method's
result plus ``total_s`` (wall time of the call), ``rss_before_mb`` and
``peak_mb`` (the process's peak resident memory during the call, which
includes the interpreter and the problem objects).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import pickle
import resource
import sys
import time

MARKER = "BENCHMARK-RESULT "
PRELOAD = {
    "stacker": ("stacker.cpsat",),
    "naive_cpsat": ("ortools.sat.python.cp_model",),
    "highs_mip": ("highspy",),
    "greedy": (),
}


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def input_form(method: str, problem) -> None:
    """Give each method the problem in the form it reads, before the clock starts.

    The generated problem is columnar (:class:`stacker.GigTable`).
    stacker reads the columns; the baselines read ``Gig`` objects
    (``problem.gigs``), which a columnar problem makes on first use: they
    are made here, untimed, as if the baselines had been given them.
    """
    if method != "stacker":
        problem.gigs  # noqa: B018 (made on first use)


def measure(method: str, problem, time_limit: float) -> dict:
    """Run ``method`` once in this process and add time and memory figures."""
    from .baselines import METHODS

    for module in PRELOAD.get(method, ()):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    input_form(method, problem)
    rss_before = _status_mb("VmRSS")
    reset = _reset_peak()
    started = time.perf_counter()
    result = METHODS[method](problem, time_limit)
    result["total_s"] = time.perf_counter() - started
    peak = _status_mb("VmHWM") if reset else None
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result["rss_before_mb"] = rss_before
    result["peak_mb"] = peak
    result["peak_reset"] = reset
    return result


def main(argv: list[str]) -> int:
    method, path, time_limit = argv[0], argv[1], float(argv[2])
    with open(path, "rb") as f:
        problem = pickle.load(f)
    result = measure(method, problem, time_limit)
    result["blocks"] = [list(b) for b in result.get("blocks", [])]
    sys.stdout.write("\n" + MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
