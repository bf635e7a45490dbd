"""Run one CP-SAT solve so that Ctrl-C stops it cleanly.

The solve runs in a worker thread (CP-SAT releases the GIL while it
searches); the calling thread waits for it, and a KeyboardInterrupt there
asks CP-SAT to stop and keeps the best solution found so far instead of
losing it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from ortools.sat.python import cp_model


def run(
    model: cp_model.CpModel,
    params: dict,
    *,
    time_limit: float | None = None,
    work: float | None = None,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver, bool]:
    """Solve ``model``; return the status code, the solver, and whether Ctrl-C stopped it.

    ``time_limit`` is in seconds; ``work`` is CP-SAT's deterministic time
    limit, which stops at the same point on every run.
    """
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False  # Python handles Ctrl-C (CP-SAT's handler aborts off the main thread)
    for name, value in params.items():
        setattr(solver.parameters, name, value)
    if time_limit is not None:
        solver.parameters.max_time_in_seconds = max(time_limit, 0.0)
    if work is not None:
        solver.parameters.max_deterministic_time = work
    result: list[cp_model.CpSolverStatus] = []
    done = threading.Event()

    def solve_in_thread() -> None:
        try:
            result.append(solver.solve(model, callback))
        finally:
            done.set()

    thread = threading.Thread(target=solve_in_thread, daemon=True)
    thread.start()
    interrupted = False
    while not done.is_set():  # an Event, not Thread.join: an interrupted join can lose track of the thread
        try:
            done.wait(0.05)  # wake up now and then: the OS may deliver Ctrl-C to the solver's thread
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    thread.join()
    return result[0], solver, interrupted


def boolean_array(solver: cp_model.CpSolver, literals: Sequence[cp_model.IntVar]) -> np.ndarray:
    """The solved values of ``literals`` as a boolean array."""
    return np.array([solver.boolean_value(lit) for lit in literals], dtype=bool)
