"""Run CP-SAT on a prepared problem and hand back a plain :class:`Solution`."""

from __future__ import annotations

import math

import numpy as np
from ortools.sat.python import cp_model

from ..presolve import Prepared
from ..solution import Solution
from .model import StackModel

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


def parameters(solver: cp_model.CpSolver, *, time_limit: float | None, seed: int, workers: int) -> None:
    """Set the parameters stacker always uses.

    - ``presolve_inclusion_work_limit = 0``: works around google/or-tools
      issue 5293 (9.15), where an inclusion presolve step on at-most-one plus
      linear models, exactly this structure, can certify a wrong optimum.
    - one worker by default; with more, ``interleave_search`` keeps the
      search, and so the plan, independent of thread timing.
    """
    params = solver.parameters
    params.presolve_inclusion_work_limit = 0
    params.random_seed = seed
    params.num_workers = workers
    if workers > 1:
        params.interleave_search = True
    if time_limit is not None:
        params.max_time_in_seconds = time_limit


def solve_prepared(
    prepared: Prepared, *, time_limit: float | None = None, seed: int = 0, workers: int = 1
) -> Solution:
    """Build and solve the CP-SAT model of ``prepared``."""
    built = StackModel(prepared).build()
    solver = cp_model.CpSolver()
    parameters(solver, time_limit=time_limit, seed=seed, workers=workers)
    code = solver.solve(built.model)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"stacker built an invalid CP-SAT model: {built.model.validate()}")
    status = _STATUS[code]
    if status in ("optimal", "feasible"):
        values = np.array(solver.response_proto.solution[: prepared.num_literals], dtype=np.int8)
        bound = _value_bound(solver.best_objective_bound, built.tie_factor)
    else:
        values, bound = np.zeros(0, dtype=np.int8), None
    return Solution(status=status, literals=values, bound_units=bound, wall_time=solver.wall_time)


def _value_bound(bound: float, tie_factor: int) -> float:
    """Bound on the value from a bound on ``tie_factor * value - minutes``."""
    if tie_factor == 1:
        return bound
    return float(math.floor((bound + tie_factor - 1) / tie_factor + 1e-9))
