"""The CP-SAT model of a prepared problem: variables, constraints, objective.

One 0/1 variable per literal of :class:`~stacker.presolve.Prepared` (a fixed
gig, or a grid cell a flexible gig may use), plus one "chosen" variable per
flexible gig. Constraints, in the order :meth:`StackModel.build` adds them:

1. at most one literal of each clique of overlapping times (sweep line);
2. a flexible gig takes ``min..max`` grid steps when chosen, none otherwise;
3. a flexible gig's blocks are at least ``min_block`` long;
4. weekly and daily hour caps.

The objective is ``T * value - minutes``: the most valuable plan, and among
plans of equal value the one with the fewest hours of gig work (``T`` is one
more than the most gig minutes a plan can hold, so the second term never
outweighs a unit of value).
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from ..presolve import Flexible, Prepared

_INT64_SAFE = 2**60


class StackModel:
    """Builds the CP-SAT model of a prepared problem."""

    def __init__(self, prepared: Prepared):
        self.prepared = prepared
        self.model = cp_model.CpModel()
        self.literals: list[cp_model.IntVar] = []
        self.chosen: list[cp_model.IntVar] = []
        self.tie_factor = 1

    def build(self) -> StackModel:
        p = self.prepared
        self.literals = [self.model.new_bool_var(f"x{i}") for i in range(p.num_literals)]
        self.chosen = [self.model.new_bool_var(f"u{flex.gig}") for flex in p.flexible]
        self._add_cliques()
        for flex, chosen in zip(p.flexible, self.chosen):
            self._add_hours(flex, chosen)
            self._add_min_blocks(flex)
        self._add_caps()
        self._set_objective()
        return self

    def _add_cliques(self) -> None:
        starts, members = self.prepared.clique_starts, self.prepared.clique_members
        x = self.literals
        for k in range(len(starts) - 1):
            self.model.add_at_most_one([x[m] for m in members[starts[k] : starts[k + 1]]])

    def _cells(self, flex: Flexible) -> list[cp_model.IntVar]:
        return self.literals[flex.first_literal : flex.first_literal + len(flex.cells)]

    def _add_hours(self, flex: Flexible, chosen: cp_model.IntVar) -> None:
        steps = sum(self._cells(flex))
        lo, hi = flex.steps
        self.model.add(steps >= lo * chosen)
        self.model.add(steps <= min(hi, len(flex.cells)) * chosen)

    def _add_min_blocks(self, flex: Flexible) -> None:
        """A block starting at a cell covers the next ``block - 1`` cells too."""
        if flex.block <= 1:
            return
        cells = self._cells(flex)
        where = {int(c): i for i, c in enumerate(flex.cells)}
        week_cells = 7 * 24 * 60 // flex.grid
        for i, c in enumerate(flex.cells):
            before = where.get((int(c) - 1) % week_cells)
            start = [~cells[i]] if before is None else [~cells[i], cells[before]]
            for t in range(1, flex.block):
                nxt = where.get((int(c) + t) % week_cells)
                # a block starting here needs the next cell; without it, no block starts here
                self.model.add_bool_or(start if nxt is None else [*start, cells[nxt]])
                if nxt is None:
                    break

    def _add_caps(self) -> None:
        p = self.prepared
        x = self.literals
        minutes = p.literal_minutes
        if minutes.sum() > p.work_cap:
            self.model.add(cp_model.LinearExpr.weighted_sum(x, minutes.tolist()) <= p.work_cap)
        if p.day_caps is None:
            return
        for day in range(7):
            column = p.literal_day_minutes[:, day]
            used = np.flatnonzero(column)
            if column.sum() > p.day_caps[day]:
                self.model.add(
                    cp_model.LinearExpr.weighted_sum([x[i] for i in used], column[used].tolist()) <= int(p.day_caps[day])
                )

    def _set_objective(self) -> None:
        p = self.prepared
        units = np.zeros(p.num_literals, dtype=np.int64)
        units[: len(p.fixed)] = p.fixed_units
        for flex in p.flexible:
            units[flex.first_literal : flex.first_literal + len(flex.cells)] = flex.step_units
        flats = [flex.flat_units for flex in p.flexible]
        most = int(units.clip(0).sum()) + sum(max(f, 0) for f in flats)
        self.tie_factor = int(min(p.work_cap, p.literal_minutes.sum())) + 1
        if most * self.tie_factor >= _INT64_SAFE:
            self.tie_factor = 1  # too large to add the tie-break safely: value only
        coefficients = units * self.tie_factor
        if self.tie_factor > 1:
            coefficients -= p.literal_minutes
        self.model.maximize(
            cp_model.LinearExpr.weighted_sum(
                self.literals + self.chosen,
                coefficients.tolist() + [f * self.tie_factor for f in flats],
            )
        )
