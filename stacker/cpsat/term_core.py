"""One week's choice in a model with a switch per item: its placement and, when it fails, its smallest failing part.

A week whose choice cannot be placed gets a cut on the fixed gigs taken and
the steps of the gigs working (:func:`.term_cuts.cut_week`), made small by
a deletion filter: each item whose absence still leaves the week
unplaceable is dropped. Trying each item with a model of its own costs a
model per item; here the week is built once with every item behind a
switch (its literal: on, a fixed gig's minutes and travel zone are closed
to the cells and a working gig has exactly its steps; off, a fixed gig
blocks nothing and a gig works no cell), and the min-block rule behind one
more. Each trial is a solve under assumptions, and an infeasible one
answers with a core (CP-SAT's sufficient assumptions for infeasibility):
the items outside it are dropped at once, so the filter tries only the few
items of the core.

With every switch on, the model is the week's placement model
(:func:`.term_placement.place_week`: cells, steps, blocks, one thing at a
time, travel gaps, daily caps), so the term's loop places a week with it
when the greedy gives up (:meth:`SwitchedWeek.place`) and a week that fails
goes on to its cut with the model built and its core known. Where the
placement adds more than this model knows, the model is a relaxation of it:
whatever it proves infeasible cannot be placed, so a cut made from it stays
valid; when it proves nothing, :meth:`SwitchedWeek.smallest` answers None
and the caller filters item by item.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.term import TermPrepared
from ..presolve.travel import REMOTE
from ..problem.week import DAY, WEEK
from .run import run
from .term_placement import (
    PARAMS,
    RELAXED_WORK,
    _at_most_one,
    _blocks,
    _fixed_zone,
    _min_block,
    _occupied,
    _placed,
    _travel_apart,
)

#: CP-SAT's deterministic seconds for each trial of the deletion filter: one not settled in it keeps its item (a
#: larger cut, still valid); on generated 16-week terms a trial takes at most about 0.003.
TRIAL_WORK = 1.0


class SwitchedWeek:
    """A week's choice (fixed gigs ``touching`` taken, ``working`` gigs' steps) in one model with its switches.

    :meth:`place` places the whole choice (the week's placement model, the
    same answer as :func:`.term_placement.place_week`); :meth:`smallest`
    shrinks a choice that fails to a smallest failing part.
    """

    def __init__(self, prepared: TermPrepared, week: int, touching: list[int], working: dict[int, int]):
        self.prepared, self.touching, self.working = prepared, list(touching), dict(working)
        self.model, self.on, self.blocks, self.cells = _switched_model(prepared, week, touching, working)
        self._core: list[int] | None = None  # the whole choice's core with the min-block rule, once known

    def place(self, time_limit: float | None) -> dict[int, list[tuple[int, int]]] | None:
        """Blocks ``{candidate index: [(start, end), ...]}`` of the whole choice, or None when they cannot be placed
        (:class:`.term_placement.Stopped` when the time limit came first)."""
        status, solver, core = self._solve([*self.touching, *self.working], self.blocks, time_limit)
        if not _placed(status):
            self._core = core
            return None
        grid = {i: self.prepared.candidates[i].grid for i in self.cells}
        return {i: _blocks(solver, used, grid[i]) for i, used in self.cells.items()}

    def smallest(self, time_limit: float | None) -> tuple[list[int], dict[int, int], bool] | None:
        """The fixed gigs and steps of a smallest failing part of the choice, and whether it fails without the
        min-block rule (then more steps fail too); None when the model does not prove the whole choice infeasible.

        At least one working gig is kept (the fixed gigs taken always fit
        together: the master's cliques). The relaxation without the min-block
        rule counts only when proven within
        :data:`~.term_placement.RELAXED_WORK`, and a trial not settled within
        :data:`TRIAL_WORK` (or the time left) keeps its item: deterministic
        bounds, so the same problem always gets the same cuts.
        """
        touching, working = self.touching, self.working
        items = [*touching, *working]
        at_least = True
        found = self._solve(items, self.blocks.Not(), time_limit, RELAXED_WORK)[2]
        if found is None:
            at_least = False
            found = self._core or self._solve(items, self.blocks, time_limit)[2]
        if found is None:
            return None
        rule = self.blocks.Not() if at_least else self.blocks
        items = found if any(i in working for i in found) else items
        for item in list(items):
            if item not in items:  # dropped with a smaller core
                continue
            trial = [i for i in items if i != item]
            if not any(i in working for i in trial):
                continue
            shrunk = self._solve(trial, rule, time_limit, TRIAL_WORK)[2]
            if shrunk is not None:
                items = shrunk if any(i in working for i in shrunk) else trial
        return [i for i in touching if i in items], {i: v for i, v in working.items() if i in items}, at_least

    def _solve(
        self, items: list[int], rule: cp_model.BoolVarT, time_limit: float | None, work: float | None = None
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver, list[int] | None]:
        """Solve with ``items`` on (and the min-block ``rule`` on or off), within ``work`` deterministic seconds:
        the status, the solver, and the items of a core when infeasible (else None)."""
        self.model.clear_assumptions()
        self.model.add_assumptions([self.on[i] for i in items] + [rule])
        status, solver, _ = run(self.model, PARAMS, time_limit=time_limit, work=work)
        if status != cp_model.INFEASIBLE:
            return status, solver, None
        kept = set(solver.sufficient_assumptions_for_infeasibility())
        return status, solver, [i for i in items if self.on[i].index in kept]


def _switched_model(
    prepared: TermPrepared, week: int, touching: list[int], working: dict[int, int]
) -> tuple[cp_model.CpModel, dict[int, cp_model.IntVar], cp_model.IntVar, dict[int, list[tuple[int, cp_model.IntVar]]]]:
    """The week's cell model with a switch per item (fixed gig or working gig) and one for the min-block rule."""
    candidates = prepared.candidates
    lo = week * WEEK
    model = cp_model.CpModel()
    on = {i: model.new_bool_var(f"on{i}") for i in (*touching, *working)}
    blocks = model.new_bool_var("blocks")
    busy = {j: _occupied(prepared, week, [candidates[j]])[0] for j in touching}
    zones: dict[tuple[int, int], np.ndarray] = {}  # (fixed gig, place) -> its travel zone for a gig there
    cells: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for i, count in working.items():
        c = candidates[i]
        starts = c.cells[(c.cells >= lo) & (c.cells < lo + WEEK)] - lo
        used = [(lo + int(s), model.new_bool_var(f"c{i}_{s}")) for s in starts.tolist()]
        for j in touching:
            closed = busy[j]
            if c.place != REMOTE:
                if (j, c.place) not in zones:
                    zones[j, c.place] = _fixed_zone(prepared, week, [candidates[j]], c.place)
                closed = closed | zones[j, c.place]
            prefix = np.concatenate(([0], np.cumsum(closed, dtype=np.int64)))
            clash = prefix[np.minimum(starts + c.grid, WEEK)] > prefix[starts]
            for k in np.flatnonzero(clash).tolist():
                model.add_bool_or([used[k][1].Not(), on[j].Not()])
        total = sum(v for _, v in used)
        model.add(total == count).only_enforce_if(on[i])
        model.add(total == 0).only_enforce_if(on[i].Not())
        _min_block(model, used, c.grid, c.block, when=blocks)
        cells[i] = used
    _at_most_one(model, cells, prepared)
    _travel_apart(model, cells, prepared)
    cap = prepared.cap(week, "max_day_hours")
    if cap is not None:
        for d in range(7):
            work = [candidates[i].grid * v for i, used in cells.items() for s, v in used if (s - lo) // DAY == d]
            fixed = [m * on[j] for j in touching if (m := candidates[j].day_minutes.get(7 * week + d, 0))]
            if work:
                model.add(sum(work) + sum(fixed) + int(prepared.counted_day[7 * week + d]) <= cap)
    return model, on, blocks, cells


__all__ = ["SwitchedWeek"]
