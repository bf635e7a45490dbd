"""Helpers of the model-part tests (tests/cpsat/): solve the master alone, and turn a part's answer into a plan
the independent checker can verify (via :func:`oracle.as_plan`, so no stacker plan-building code is involved)."""

from __future__ import annotations

import numpy as np
from checker import parse_all
from oracle import Result, as_plan
from ortools.sat.python import cp_model

from stacker.cpsat.master import Master
from stacker.cpsat.run import run
from stacker.cpsat.search import parameters

PARAMS = parameters(seed=0, workers=1)


class MasterAnswer:
    """The master's optimal choice, read back from its variables."""

    def __init__(self, master: Master, solver: cp_model.CpSolver):
        p = master.prepared
        gigs = p.problem.gigs
        self.fixed = np.array([solver.value(x) for x in master.x], dtype=bool)  # per fixed candidate
        self.steps = {f: solver.value(t) for f, t in enumerate(master.t) if solver.value(master.u[f])}
        self.fixed_ids = [gigs[p.fixed[i]].id for i in np.flatnonzero(self.fixed)]
        self.hours = {gigs[p.flexible[f].gig].id: h * p.flexible[f].grid / 60 for f, h in self.steps.items()}
        self.day_steps = {  # flexible gig id -> grid steps per day (only when the master has them)
            gigs[p.flexible[f].gig].id: [v if isinstance(v, int) else solver.value(v) for v in master.n[f]]
            for f in self.steps
        }
        self.objective = solver.objective_value
        self.tie_factor = master.tie_factor


def solve_master(prepared, *, daily: bool | None = None, cuts=()) -> MasterAnswer:
    master = Master(prepared, daily=daily).build()
    for fixed, steps in cuts:
        master.cut(fixed, steps)
    code, solver, _ = run(master.model, PARAMS)
    assert code == cp_model.OPTIMAL, solver.status_name(code)
    return MasterAnswer(master, solver)


def placed_plan(problem, prepared, fixed: np.ndarray, cells: dict[int, np.ndarray]):
    """A plan-like object of the fixed gigs taken (at their sessions, parsed by the checker) and the placed cells
    (one block per cell: the checker joins touching blocks of a gig before it checks ``min_block``)."""
    gigs = problem.gigs
    choice = {gigs[prepared.fixed[i]].id: parse_all(gigs[prepared.fixed[i]].sessions) for i in np.flatnonzero(fixed)}
    for f, chosen in cells.items():
        grid = prepared.flexible[f].grid
        choice[gigs[prepared.flexible[f].gig].id] = [(int(c) * grid, int(c) * grid + grid) for c in chosen]
    return as_plan(problem, Result(value=0.0, units=0, choice=choice))


def candidate_positions(prepared, choice: dict) -> tuple[np.ndarray, dict[int, int]] | None:
    """The prepared positions of an oracle choice ``{gig id: intervals}``: (fixed mask, steps); None when a chosen
    gig is not a candidate of ``prepared``."""
    ids = [g.id for g in prepared.problem.gigs]
    fixed_ids = [ids[i] for i in prepared.fixed]
    flex_ids = [ids[fl.gig] for fl in prepared.flexible]
    fixed = np.zeros(len(prepared.fixed), dtype=bool)
    steps = {}
    for gig_id, intervals in choice.items():
        if gig_id in fixed_ids:
            fixed[fixed_ids.index(gig_id)] = True
        elif gig_id in flex_ids:
            f = flex_ids.index(gig_id)
            steps[f] = sum(e - s for s, e in intervals) // prepared.flexible[f].grid
        else:
            return None
    return fixed, steps
