"""The processes of ``python -m benchmarks files`` other than the ``stacker`` command itself.

``python -m benchmarks._file_worker ROLE INPUT TIME_LIMIT``, where ROLE is

- ``floor``: import stacker and its solver (``import stacker,
  stacker.cpsat``, so OR-Tools is loaded), then only parse INPUT: a JSON
  file with ``json.load``; a folder with ``csv.reader`` over ``gigs.csv``
  (every row made into a list of strings) and ``tomllib`` over its two
  small TOML files. No reader that builds a problem can do less;
- ``columns``: import stacker and its solver, unpickle the columnar
  problem (INPUT: a pickle of the generated :class:`stacker.Problem`),
  ``stacker.solve`` it and print the plan exactly as ``stacker solve --json``
  does (``plan.to_json()``): the same process as the
  command but for reading a file;
- ``highs_mip``, ``naive_cpsat``: read INPUT with :func:`stacker.load` (a
  file) or :func:`stacker.load_folder` (a folder), since the baselines
  consume ``Problem``/``Gig`` objects, then run the baseline
  (:mod:`benchmarks.baselines`; its model building and solve).

Every import and read is part of the process and so of the time the parent
measures. The baselines and the floor print one line ``BENCHMARK-RESULT
{json}`` with what they did (``read_s``: seconds reading INPUT; the
baseline's own result); ``columns`` prints the plan JSON, like the command.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

from ._worker import MARKER, PRELOAD


def _floor(path: Path) -> dict:
    import csv
    import tomllib

    import stacker
    import stacker.cpsat

    started = time.perf_counter()
    if path.is_dir():
        with open(path / "gigs.csv", encoding="utf-8", newline="") as f:
            rows = len(list(csv.reader(f))) - 1
        for name in ("limits.toml", "commitments.toml"):
            if (path / name).exists():
                tomllib.loads((path / name).read_text(encoding="utf-8"))
    else:
        with open(path, encoding="utf-8") as f:
            rows = len(json.load(f)["gigs"])
    return {"status": "read", "read_s": time.perf_counter() - started, "rows": rows, "version": stacker.__version__}


def _columns(path: Path, time_limit: float) -> str:
    import pickle

    import stacker
    import stacker.cpsat

    with open(path, "rb") as f:
        problem = pickle.load(f)
    plan = stacker.solve(problem, time_limit=time_limit)
    return plan.to_json() + "\n"  # what the command prints


def _baseline(method: str, path: Path, time_limit: float) -> dict:
    import stacker

    from .baselines import METHODS

    for module in PRELOAD[method]:  # imported before the baseline's clock, as in the in-memory benchmarks
        importlib.import_module(module)
    started = time.perf_counter()
    problem = stacker.load_folder(path) if path.is_dir() else stacker.load(path)
    read_s = time.perf_counter() - started
    result = METHODS[method](problem, time_limit)
    result["read_s"] = read_s
    result["blocks"] = [list(b) for b in result.get("blocks", [])]
    return result


def main(argv: list[str]) -> int:
    role, path, time_limit = argv[0], Path(argv[1]), float(argv[2])
    if role == "columns":
        sys.stdout.write(_columns(path, time_limit))
        return 0
    result = _floor(path) if role == "floor" else _baseline(role, path, time_limit)
    sys.stdout.write("\n" + MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
