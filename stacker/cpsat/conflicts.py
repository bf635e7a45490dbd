"""Which requirements of a problem conflict: CP-SAT assumptions and a minimized core.

A problem has a plan exactly when its *requirements* hold together: keep
every commitment, take every required gig, stay under each cap. (Optional
gigs never make a problem infeasible: a plan may leave them all out.) This
model has one literal per requirement and is feasible with all of them
fixed true exactly when the problem is. When it is not, a deletion filter
finds a minimal set that cannot all hold: dropping any of its requirements
makes the rest feasible.

The model is small (commitments and required gigs only): commitment
sessions and the sessions of required fixed gigs are literal-guarded
intervals, required flexible gigs one 0/1 variable per grid cell of their
windows (less the rules' quiet hours and days off), with blocks of at least
``min_block``; every elementary stretch of time holds at most one of them,
and two of them at different places keep the travel time between them (a
clause per pair too close).
The student's rules: a gig the rules exclude cannot be taken (a hard
constraint), and at most ``max_gigs`` gigs (a requirement, ``("rule",
"max_gigs")``, so that a fix may raise it). With a minimum (``min_week_pay``,
``min_work_hours``) every gig is in it, the optional ones each with a free
"taken" literal, since a minimum needs gigs: the minimum is then a
requirement like a cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.rules import blocked_sessions, field_reasons
from ..presolve.travel import REMOTE, travel_of
from ..presolve.units import SCALE, cap_minutes, money_units
from ..problem.geometry import day_pieces, drop_short_runs, window_minutes
from ..problem.items import MINIMUMS, Gig
from ..problem.problem import Problem
from ..problem.rules import rule_mask
from ..problem.week import DAY, WEEK
from .placement import add_min_blocks
from .run import run

CAPS = ("max_hours", "max_work_hours", "max_day_hours")
LEAST_WORK = 20.0  #: CP-SAT deterministic time for the smallest raise (or lowering) of one limit: a fix, or none


@dataclass(frozen=True)
class Requirement:
    """``kind`` is ``"commitment"``, ``"gig"`` (a required gig), ``"limit"`` or ``"rule"`` (``max_gigs``);
    ``name`` its id or field."""

    kind: str
    name: str


class Requirements:
    """The requirements model of a problem; see the module docstring."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.model = cp_model.CpModel()
        self.literal: dict[Requirement, cp_model.IntVar] = {}
        self.measure: dict[str, cp_model.LinearExprT] = {}  # cap -> minutes it limits
        self._occupants: list[tuple[int, int, cp_model.IntVar]] = []  # (start, end, literal)
        self._counted: list[tuple[int, int, object]] = []  # (start, end, 0/1 expression) of counted minutes
        self._work: list[tuple[int, object]] = []  # (minutes, expression) of gig work
        self._pay: list[tuple[int, object]] = []  # (pay units, expression) of gig pay
        self._taken: dict[str, cp_model.IntVar] = {}  # gig id -> taken (the required gigs': their requirement)
        self._travel = travel_of(problem)
        self._placed: list[tuple[int, int, int, cp_model.IntVar]] = []  # (place, start, end, literal): for travel
        self._build()

    def _new(self, kind: str, name: str) -> cp_model.IntVar:
        lit = self.model.new_bool_var(f"{kind}:{name}")
        self.literal[Requirement(kind, name)] = lit
        return lit

    def _build(self) -> None:
        problem = self.problem
        for c in problem.commitments:
            lit = self._new("commitment", c.id)
            self._place(c.location, c.intervals, lit)
            for s, e, _ in day_pieces([(s, e, 0) for s, e in c.intervals]):
                self._occupants.append((s, e, lit))
                if c.counts_toward_cap:
                    self._counted.append((s, e, lit))
        required = set(problem.require)
        table = problem.table
        everyone = problem.limits.minimums  # a minimum needs gigs: every gig, the optional ones free to take
        for index in (i for i, gig_id in enumerate(table.ids) if everyone or gig_id in required):
            gig = table.gig(index)  # no Gig made for the rest
            lit = self._new("gig", gig.id) if gig.id in required else self.model.new_bool_var(f"take:{gig.id}")
            self._taken[gig.id] = lit
            per_minute, flat = money_units(gig.hourly_pay, gig.flat_pay)
            self._pay.append((flat, lit))
            if gig.is_fixed:
                self._place(gig.location, gig.intervals, lit)
                for s, e, _ in day_pieces([(s, e, 0) for s, e in gig.intervals]):
                    self._occupants.append((s, e, lit))
                    self._counted.append((s, e, lit))
                    self._work.append((e - s, lit))
                    self._pay.append(((e - s) * per_minute, lit))
            else:
                self._add_flexible(gig, lit, per_minute)
        self._add_rules()
        self._add_no_overlap()
        self._add_travel()
        self._add_caps()
        self._add_minimums()

    def _add_flexible(self, gig: Gig, lit: cp_model.IntVar, per_minute: int) -> None:
        assert gig.grid is not None and gig.min_block is not None  # set for every flexible gig (Gig.__post_init__)
        grid, block = int(gig.grid), int(gig.min_block) // int(gig.grid)
        lo, hi = gig.step_range
        allowed = np.all((window_minutes(gig) & ~rule_mask(self.problem.rules)).reshape(-1, grid), axis=1)
        cells = np.flatnonzero(drop_short_runs(allowed, block))
        y = [self.model.new_bool_var(f"{gig.id}@{c}") for c in cells]
        steps = self.model.new_int_var(0, hi, f"{gig.id}:steps")  # the sums below count it, not its cells
        self.model.add(steps == cp_model.LinearExpr.sum(y))
        self.model.add(steps >= lo).only_enforce_if(lit)
        self.model.add(steps <= hi * lit)
        add_min_blocks(self.model, grid, block, cells, y)
        for c, var in zip(cells, y):
            start = int(c) * grid
            self._place(gig.location, [(start, start + grid)], var)
            self._occupants.append((start, start + grid, var))
            self._counted.append((start, start + grid, var))
        self._work.append((grid, steps))
        self._pay.append((grid * per_minute, steps))

    def _place(self, location: str | None, intervals: Any, literal: cp_model.IntVar) -> None:
        """Remember where an item is (``intervals`` week minutes) for the travel clauses; none when remote."""
        place = self._travel.code(location) if self._travel.active else REMOTE
        if place != REMOTE:
            self._placed.extend((place, int(s), int(e), literal) for s, e in intervals)

    def _add_travel(self) -> None:
        """Not both of two items at different places closer than the travel from the one to the other."""
        placed = sorted(self._placed, key=lambda item: item[1])
        if not placed:
            return
        starts = np.array([item[1] for item in placed], dtype=np.int64)
        most = int(self._travel.minutes.max())
        for here, _, end, first in placed:
            for shift in (0, WEEK):  # items starting within the travel after this one ends (the week wraps)
                lo = np.searchsorted(starts, end - shift, "left")
                hi = np.searchsorted(starts, end + most - shift, "left")
                for there, start, _, second in placed[lo:hi]:
                    gap = (start - end) % WEEK
                    if there != here and gap < self._travel.minutes[here, there] and first is not second:
                        self.model.add_bool_or([~first, ~second])

    def _add_rules(self) -> None:
        """The student's rules on the gigs in the model: one the rules exclude cannot be taken; at most ``max_gigs``.

        The first is a hard constraint (a conflict names the required gigs
        that break it), ``max_gigs`` a requirement (a fix may raise it).
        """
        rules, table = self.problem.rules, self.problem.table
        gigs = self._taken
        ruled, _ = blocked_sessions(table, rule_mask(rules), np.zeros(len(table), dtype=bool))
        for row in [row for row, _ in field_reasons(table, rules)] + ruled.tolist():
            if table.ids[row] in gigs:
                self.model.add(gigs[table.ids[row]] == 0)
        if rules.max_gigs is not None and len(gigs) > rules.max_gigs:
            self.measure["max_gigs"] = sum(gigs.values())
            self.model.add(sum(gigs.values()) <= rules.max_gigs).only_enforce_if(self._new("rule", "max_gigs"))

    def _add_no_overlap(self) -> None:
        bounds = np.unique([t for s, e, _ in self._occupants for t in (s, e)])
        covering: dict[int, list] = {}
        for s, e, var in self._occupants:
            for k in range(np.searchsorted(bounds, s), np.searchsorted(bounds, e)):
                covering.setdefault(k, []).append(var)
        seen = set()
        for members in covering.values():
            key = tuple(sorted(v.index for v in members))
            if len(members) > 1 and key not in seen:
                seen.add(key)
                self.model.add_at_most_one(members)

    def _add_caps(self) -> None:
        limits = self.problem.limits
        counted = cp_model.LinearExpr.weighted_sum(
            [v for _, _, v in self._counted], [e - s for s, e, _ in self._counted]
        )
        work = cp_model.LinearExpr.weighted_sum([v for _, v in self._work], [m for m, _ in self._work])
        self.measure["max_hours"] = counted
        self._cap("max_hours", counted, limits.max_hours)
        if limits.max_work_hours is not None:
            self.measure["max_work_hours"] = work
            self._cap("max_work_hours", work, limits.max_work_hours)
        if limits.max_day_hours is not None:
            busiest = self.model.new_int_var(0, DAY, "busiest_day")
            for day in range(7):
                items = [(min(e, (day + 1) * DAY) - max(s, day * DAY), v) for s, e, v in self._counted]
                items = [(m, v) for m, v in items if m > 0]
                self.model.add(
                    busiest >= cp_model.LinearExpr.weighted_sum([v for _, v in items], [m for m, _ in items])
                )
            self.measure["max_day_hours"] = busiest
            self._cap("max_day_hours", busiest, limits.max_day_hours)

    def _add_minimums(self) -> None:
        limits = self.problem.limits
        pay = cp_model.LinearExpr.weighted_sum([v for _, v in self._pay], [u for u, _ in self._pay])
        work = cp_model.LinearExpr.weighted_sum([v for _, v in self._work], [m for m, _ in self._work])
        for name, measure, least in (
            ("min_week_pay", pay, None if not limits.min_week_pay else limits.min_week_pay * SCALE["pay"]),
            ("min_work_hours", work, None if not limits.min_work_hours else limits.min_work_hours * 60),
        ):
            if least is not None:
                self.measure[name] = measure
                self.model.add(measure >= math.ceil(least - 1e-6)).only_enforce_if(self._new("limit", name))

    def _cap(self, name: str, minutes: cp_model.LinearExprT, hours: float) -> None:
        lit = self._new("limit", name)
        self.model.add(minutes <= cap_minutes(hours)).only_enforce_if(lit)

    def _holding(self, holding: list[Requirement]) -> cp_model.CpModel:
        """The model with these requirements' literals fixed true.

        Fixed, not assumed: CP-SAT's presolve and root LP use fixed literals,
        but not assumptions, so a plain counting conflict (three required gigs
        over a work cap) took about 7 s per check as assumptions and 5 ms
        fixed.
        """
        model = self.model.clone()
        model.add_bool_and([self.literal[r] for r in holding])
        return model

    def check(self, holding: list[Requirement]) -> bool:
        """Whether ``holding`` can all hold."""
        code, solver, _ = run(self._holding(holding), {"num_workers": 1})
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
        if code != cp_model.INFEASIBLE:
            raise RuntimeError(f"stacker's requirements model ended with status {solver.status_name(code)}")
        return False

    def minimal_conflict(self) -> list[Requirement]:
        """A minimal set of requirements that cannot all hold (empty when all can): a deletion filter."""
        core = list(self.literal)
        if self.check(core):
            return []
        position = 0
        while position < len(core):
            trial = core[:position] + core[position + 1 :]
            if self.check(trial):
                position += 1  # needed: keep it
            else:
                core = trial
        return core

    def least(self, cap: str, holding: list[Requirement]) -> int | None:
        """The fewest minutes ``cap`` must allow for ``holding`` (without the cap itself) to hold (``max_gigs``:
        the fewest gigs); for a minimum, the most (pay units, or minutes) it may ask."""
        model = self._holding(holding)
        if cap in MINIMUMS:
            model.maximize(self.measure[cap])
        else:
            model.minimize(self.measure[cap])
        code, solver, _ = run(model, {"num_workers": 1, "max_deterministic_time": LEAST_WORK})
        if code != cp_model.OPTIMAL:
            return None  # not proven in the time: no fix offered for this cap
        return round(solver.objective_value)
