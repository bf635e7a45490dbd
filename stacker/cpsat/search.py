"""Solve a prepared problem: master model, placement check, cuts, repeat.

1. Solve the master (:mod:`.master`): which gigs, how many hours.
2. Place the flexible hours in blocks (:mod:`.placement`).
3. If they cannot be placed, shrink the choice to a minimal part that still
   cannot be placed (some fixed gigs taken together with exactly those hours
   of some flexible gigs), cut that off, and go back to 1.

The master is a relaxation and each cut removes only choices that cannot be
placed, so the first master optimum that can be placed is optimal.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .._clock import Stopwatch
from ..presolve.prepare import Prepared
from ..presolve.units import CRITERIA, UNITS_PER_MONEY, Coefficients, coefficients
from ..solution import Solution
from .master import Master
from .placement import conflict, place
from .run import boolean_array, run

_FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def parameters(*, seed: int, workers: int) -> dict:
    """The CP-SAT parameters stacker always uses.

    - ``presolve_inclusion_work_limit = 0``: works around google/or-tools
      issue 5293 (9.15), where an inclusion presolve step on at-most-one plus
      linear models, exactly this structure, can certify a wrong optimum.
    - ``linearization_level = 2``: the full LP relaxation with cuts. The
      master is a knapsack with semi-continuous hours; with the default
      level one worker took over 10 s to prove 20-gig weeks that level 2
      proves in 10 ms.
    - the master is solved in two stages (see :func:`_solve_master`).
    - one worker by default; with more, ``interleave_search`` keeps the
      search, and so the plan, independent of thread timing.
    """
    params = {
        "presolve_inclusion_work_limit": 0,
        "linearization_level": 2,
        "random_seed": seed,
        "num_workers": workers,
    }
    if workers > 1:
        params["interleave_search"] = True
    return params


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving master solution as ``progress(value, bound)``, in the objective's units."""

    def __init__(self, progress: Callable[[float, float], None], tie_factor: int, scale: float):
        super().__init__()
        self.progress, self.tie_factor, self.scale = progress, tie_factor, scale

    def on_solution_callback(self) -> None:
        value = _value_bound(self.objective_value, self.tie_factor) / self.scale
        bound = _value_bound(self.best_objective_bound, self.tie_factor) / self.scale
        self.progress(value, max(value, bound))


def solve_prepared(
    prepared: Prepared,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[float, float], None] | None = None,
) -> Solution:
    """Find the most valuable plan of ``prepared`` (see the module docstring)."""
    return Search(prepared, seed=seed, workers=workers).solve(time_limit=time_limit, progress=progress)


class Search:
    """One problem's master model and its placement cuts, solved as often as needed.

    The cuts only remove choices that cannot be placed, so they stay valid
    whatever is asked next: another objective (:meth:`solve`), a bound on a
    criterion (:meth:`add_at_least`), the no-goods of Pareto fronts and
    alternatives, a gig forced in for one solve (``assume``).
    """

    def __init__(self, prepared: Prepared, *, seed: int = 0, workers: int = 1):
        self.prepared = prepared
        self.params = parameters(seed=seed, workers=workers)
        # Under daily caps the master starts without per-day steps of flexible gigs (a weaker
        # relaxation, much faster to solve); when one solve meets DAILY_AFTER_CUTS placement
        # failures it is rebuilt with them, with everything added so far.
        self.master = Master(prepared, daily=False).build(objective=False)  # each solve sets its own
        self.stats = {"iterations": 0, "cuts": 0, "interrupted": 0}
        # no constraints beyond the problem's own, which a plan with fewer gigs keeps (not so with minimums)
        self.plain = not prepared.problem.limits.minimums
        self._added: list[_Constraint] = []  # cuts and added constraints, to add again to a rebuilt master
        self._objective: dict[str, int] = {"value": 1}
        self._assume: list[tuple[str, int]] = []  # gigs taken for the current solve only
        self._hint: tuple[np.ndarray, dict[int, int]] | None = None  # where the next solve starts
        self._unpriced: tuple[np.ndarray, np.ndarray] | None = None  # values before reprice (fixed, flat)

    def solve(
        self,
        objective: dict[str, int] | None = None,
        *,
        time_limit: float | None = None,
        progress: Callable[[float, float], None] | None = None,
        polish: bool = True,
        assume: Sequence[tuple[str, int]] = (),
    ) -> Solution:
        """The best plan for ``objective`` (weights of criteria; default: value).

        ``bound_units`` of the answer is in units of that weighted sum.
        ``assume`` takes gigs for this solve only: ``("fixed", i)`` or
        ``("flexible", f)`` positions. Ctrl-C (KeyboardInterrupt) stops the
        search and returns the best plan found so far (``stats["interrupted"]``
        is then 1).
        """
        watch = Stopwatch(time_limit)

        objective = objective or {"value": 1}
        self._objective = objective
        master = self.master
        master.set_objective(objective)
        self._assume = list(assume)
        self._set_assumptions()
        self._apply_hint()
        self.stats["interrupted"] = 0
        scale = UNITS_PER_MONEY if len(objective) == 1 and "value" in objective else 1
        callback = _Progress(progress, master.tie_factor, scale) if progress else None
        simple = self.plain and not len(self.prepared.required_flexible) and not any(k == "flexible" for k, _ in assume)
        found = _Found(self.stats, simple)
        nothing = np.zeros(len(self.prepared.fixed), dtype=bool)
        if (
            simple
            and not len(self.prepared.required_fixed)
            and not assume
            and not self.prepared.travel_over_caps(nothing, {})
        ):
            # no gig: a plan
            found.empty = functools.partial(_empty_plan, self.prepared, master.coefficients, objective)
        try:
            solution = self._search(watch, callback, found, polish)
            if solution.status == "optimal":  # the next question is usually close: start from this answer
                self._hint = (solution.fixed, solution.steps)
            return solution
        except KeyboardInterrupt:  # Ctrl-C outside a CP-SAT solve: keep what was found
            self.stats["interrupted"] = 1
            return found.best()
        finally:
            self._assume = []
            self.master.model.clear_assumptions()

    def criteria(self, solution: Solution) -> dict[str, int]:
        """Every criterion of a solution, in integer units."""
        fixed = solution.fixed.astype(np.int64)
        steps = np.zeros(len(self.prepared.flexible), dtype=np.int64)
        for f, count in solution.steps.items():
            steps[f] = count
        out = {}
        for name in CRITERIA:
            c = self.master.coefficients(name)
            out[name] = int(fixed @ c.fixed + steps @ c.step + (steps > 0) @ c.flat)
        return out

    def _add(self, constraint: _Constraint) -> None:
        """Apply an added constraint and remember it for a rebuilt master."""
        self.plain = False
        self._added.append(constraint)
        constraint.apply(self.master)

    def add_at_least(self, name: str, units: int) -> None:
        """From now on, only plans with criterion ``name`` at least ``units``."""
        self._add(_AtLeast(name, units))

    def add_not_dominated(self, point: dict[str, int]) -> None:
        """From now on, only plans better than ``point`` in at least one of its criteria."""
        self._add(_NotDominated(dict(point)))

    def add_differs(self, solution: Solution, count: int, among: frozenset[int] | None = None) -> None:
        """From now on, only plans that differ from ``solution`` in at least ``count`` gigs taken or left.

        ``among``: compare only these gigs (indices in the problem), e.g. the
        shared gigs of a market; None compares all.
        """
        self._add(_Differs(solution.fixed.copy(), frozenset(solution.steps), count, among))

    def reprice(self, prices: np.ndarray) -> None:
        """From now on, take ``prices`` (value units, per gig of the problem) off each gig's value once when taken.

        For a search prepared without dominance (``prepare(dominance=False)``):
        its candidates do not depend on the values, so the model and its cuts
        stay as they are and only the objective changes (the prices of a
        market, :mod:`stacker.market`, change from round to round).
        """
        p = self.prepared
        if self._unpriced is None:
            self._unpriced = (p.fixed_units.copy(), np.array([f.flat_units for f in p.flexible], dtype=np.int64))
        fixed, flat = self._unpriced
        p.fixed_units = fixed - prices[p.fixed]
        for flex, units in zip(p.flexible, (flat - prices[[f.gig for f in p.flexible]]).tolist()):
            flex.flat_units = units
        self.master.forget_values()

    def hint(self, fixed: np.ndarray, steps: dict[int, int]) -> None:
        """Start the next solve from this choice (e.g. a previous plan of a close problem)."""
        self._hint = (fixed, steps)

    def _apply_hint(self) -> None:
        if self._hint is None:
            return
        (fixed, steps), self._hint = self._hint, None
        master = self.master
        master.model.clear_hints()
        for var, on in zip(master.x, fixed):
            master.model.add_hint(var, bool(on))
        for f, var in enumerate(master.u):
            master.model.add_hint(var, f in steps)
            master.model.add_hint(master.t[f], steps.get(f, 0))

    def _search(self, watch: Stopwatch, callback: _Progress | None, found: _Found, polish: bool) -> Solution:
        prepared, params, stats = self.prepared, self.params, self.stats
        cuts = 0  # in this solve
        while True:
            master = self.master
            found.code, solver, stopped = _solve_master(master, params, watch, callback)
            found.last = (found.code, solver, master)  # at once: Ctrl-C may come before the fallback is made
            stats["iterations"] += 1
            stats["interrupted"] |= stopped
            if found.code == cp_model.MODEL_INVALID:
                raise RuntimeError(f"stacker built an invalid CP-SAT model: {master.model.validate()}")
            if found.code not in _FOUND:
                return found.best()
            fixed = boolean_array(solver, master.x)
            steps = {f: int(solver.value(master.t[f])) for f in range(len(prepared.flexible))}
            steps = {f: h for f, h in steps.items() if h}
            bound = _value_bound(solver.best_objective_bound, master.tie_factor)
            status = "optimal" if found.code == cp_model.OPTIMAL and not stopped else "feasible"
            violated = master.travel_violations(fixed)
            if len(violated):  # fixed gigs too close for travel: their bicliques join the master (lazily)
                self._added.append(_Bicliques(violated))
                master.add_bicliques(violated)
                stats["cuts"] += 1
                _hint(master, solver)
                continue
            over = prepared.travel_over_caps(fixed, {})  # the fixed gigs break a cap with their counted travel
            if over and (prepared.travel_monotone or not steps):  # more items only add, or this very choice
                self._cut(_Cut(_travel_core(prepared, fixed), {}) if prepared.travel_monotone else _exact(fixed, {}))
                _hint(master, solver)
                continue
            if found.may_drop_flexible and not over:
                found.fallback = Solution("feasible", fixed, {}, bound, dict(stats))
            if not steps:
                return Solution(status, fixed, {}, bound, dict(stats))
            placed = place(
                prepared, fixed, steps, params=params, time_limit=watch.left(), polish=polish and not stopped
            )
            stats["interrupted"] |= placed.interrupted
            if placed.status == "placed":
                return Solution(status, fixed, placed.cells, bound, dict(stats))
            if placed.status == "unknown" or stats["interrupted"]:
                return found.best()
            remaining = watch.left()
            deadline = None if remaining is None else time.perf_counter() + remaining
            if not prepared.travel_monotone:  # a short stop in between may shorten the travel (Travel.saving)
                self._cut(_exact(fixed, steps))
                _hint(master, solver)
                continue
            core = conflict(prepared, fixed, steps, params=params, deadline=deadline)
            if core is None:
                return found.best()
            self._added.append(_Cut(*core))
            stats["cuts"] += 1
            cuts += 1
            if prepared.day_caps is not None and not master.daily and cuts >= DAILY_AFTER_CUTS:
                self._rebuild(daily=True)
            else:
                master.cut(*core)
                _hint(master, solver)

    def _cut(self, cut: _Cut) -> None:
        """Add a cut found outside the placement (counted travel) to the master, and remember it."""
        self._added.append(cut)
        cut.apply(self.master)
        self.stats["cuts"] += 1

    def _set_assumptions(self) -> None:
        master = self.master
        master.model.clear_assumptions()
        master.model.add_assumptions([master.x[i] if kind == "fixed" else master.u[i] for kind, i in self._assume])

    def _rebuild(self, *, daily: bool) -> None:
        """A new master (with or without per-day steps) with every cut and constraint added so far."""
        self.master = Master(self.prepared, daily=daily).build(objective=False)
        for constraint in self._added:
            constraint.apply(self.master)
        self.master.set_objective(self._objective)
        self._set_assumptions()


@dataclass(frozen=True)
class _AtLeast:
    """Criterion ``name`` at least ``units``."""

    name: str
    units: int

    def apply(self, master: Master) -> None:
        master.model.add(master.criterion(self.name) >= self.units)


@dataclass(frozen=True)
class _NotDominated:
    """Better than ``point`` in at least one of its criteria."""

    point: dict[str, int]

    def apply(self, master: Master) -> None:
        better = []
        for name, units in self.point.items():
            flag = master.model.new_bool_var(f"better_{name}_{units}")
            master.model.add(master.criterion(name) >= units + 1).only_enforce_if(flag)
            better.append(flag)
        master.model.add_bool_or(better)


@dataclass(frozen=True)
class _Differs:
    """At least ``count`` gigs taken or left other than in a solution (its fixed choices and flexible gigs taken)."""

    fixed: np.ndarray
    flexible: frozenset[int]
    count: int
    among: frozenset[int] | None = None  # gig indices in the problem compared (None: all)

    def apply(self, master: Master) -> None:
        p = master.prepared
        flexible = [f in self.flexible for f in range(len(master.u))]
        rows = (p.fixed.tolist(), [flex.gig for flex in p.flexible])
        terms, coefs, taken = [], [], 0
        for variables, chosen, gigs in ((master.x, self.fixed, rows[0]), (master.u, flexible, rows[1])):
            for var, on, gig in zip(variables, chosen, gigs):
                if self.among is not None and gig not in self.among:
                    continue
                terms.append(var)
                coefs.append(-1 if on else 1)
                taken += bool(on)
        master.model.add(cp_model.LinearExpr.weighted_sum(terms, coefs) >= self.count - taken)


@dataclass(frozen=True)
class _Cut:
    """A placement cut: not these fixed gigs together with exactly these steps of these flexible gigs."""

    fixed: list[int]
    steps: dict[int, int]
    exact: bool = False  # this one choice only (Master.cut)

    def apply(self, master: Master) -> None:
        master.cut(self.fixed, self.steps, exact=self.exact)


def _exact(fixed: np.ndarray, steps: dict[int, int]) -> _Cut:
    """A cut of exactly this choice of fixed gigs and steps."""
    return _Cut(np.flatnonzero(fixed).tolist(), dict(steps), exact=True)


def _travel_core(prepared: Prepared, fixed: np.ndarray) -> list[int]:
    """A minimal set of the fixed gigs taken that break a cap with their counted travel (a deletion filter).

    When more items never lower a day's hours with its travel
    (``Prepared.travel_monotone``, :attr:`stacker.presolve.travel.Travel.saving`),
    every choice that takes all of them breaks the cap too.
    """
    keep = np.flatnonzero(fixed).tolist()
    for i in list(keep):
        trial = np.zeros(len(fixed), dtype=bool)
        trial[[k for k in keep if k != i]] = True
        if prepared.travel_over_caps(trial, {}):
            keep.remove(i)
    return keep


@dataclass(frozen=True)
class _Bicliques:
    """Travel bicliques of fixed gigs added to the master (``Prepared.travel_bicliques`` positions)."""

    ks: np.ndarray

    def apply(self, master: Master) -> None:
        master.add_bicliques(self.ks)


_Constraint = _AtLeast | _NotDominated | _Differs | _Cut | _Bicliques


class _Found:
    """What the search has found so far, for when it must stop early."""

    def __init__(self, stats: dict, may_drop_flexible: bool) -> None:
        self.stats = stats
        self.code = cp_model.UNKNOWN
        # without required flexible gigs or added constraints, the fixed gigs of a master answer
        # are a plan on their own
        self.may_drop_flexible = may_drop_flexible
        self.fallback: Solution | None = None
        self.last: tuple[cp_model.CpSolverStatus, cp_model.CpSolver, Master] | None = None  # of the last master solve
        self.empty: Callable[[], Solution] | None = None  # set when taking no gig is a plan

    def best(self) -> Solution:
        if self.fallback is None and self.may_drop_flexible and self.last is not None and self.last[0] in _FOUND:
            _, solver, master = self.last  # Ctrl-C came just after a master answer: its fixed gigs are a plan
            fixed = boolean_array(solver, master.x)
            bound = _value_bound(solver.best_objective_bound, master.tie_factor)
            if not master.prepared.travel_over_caps(fixed, {}):
                self.fallback = Solution("feasible", fixed, {}, bound, dict(self.stats))
        if self.fallback is not None:
            return dataclasses.replace(self.fallback, stats=dict(self.stats))
        if self.empty is not None and self.code != cp_model.INFEASIBLE:  # stopped before any plan: take no gig
            # (a master stopped before its first solution does not report a bound to trust: 0 was seen)
            return dataclasses.replace(self.empty(), stats=dict(self.stats))
        status = "infeasible" if self.code == cp_model.INFEASIBLE else "unknown"
        return Solution(status, stats=dict(self.stats))


def empty_plan(prepared: Prepared, objective: dict[str, int]) -> Solution:
    """The plan that takes no gig (a plan whenever the commitments can be kept), with a bound on ``objective``.

    What :func:`stacker.solve` answers when its time limit runs out before
    the search starts (a large pool's presolve can take that long).
    """
    return _empty_plan(prepared, functools.partial(coefficients, prepared), objective)


def _empty_plan(
    prepared: Prepared, coefficients_of: Callable[[str], Coefficients], objective: dict[str, int]
) -> Solution:
    """The plan that takes no gig, with an upper bound on the objective that ignores every cap and clash."""
    lo = np.array([flex.totals.min() for flex in prepared.flexible], dtype=np.int64)
    hi = np.array([flex.totals.max() for flex in prepared.flexible], dtype=np.int64)
    fixed = np.zeros(len(prepared.fixed), dtype=np.int64)
    at_lo, at_hi = np.zeros(len(lo), dtype=np.int64), np.zeros(len(hi), dtype=np.int64)
    for name, weight in objective.items():
        c = coefficients_of(name)
        fixed += weight * c.fixed
        at_lo += weight * (lo * c.step + c.flat)
        at_hi += weight * (hi * c.step + c.flat)  # linear in the steps: a gig is best at one end
    bound = np.maximum(fixed, 0).sum() + np.maximum(np.maximum(at_lo, at_hi), 0).sum()
    return Solution("feasible", np.zeros(len(prepared.fixed), dtype=bool), {}, float(bound))


QUICK_WORK = 0.5  #: CP-SAT deterministic time of the first, probing-free master stage
DAILY_AFTER_CUTS = 6  #: placement failures in one solve after which the master gets per-day steps (daily caps)
STAGED_FROM = 2000  #: fewest candidates (fixed and flexible) for which the master is solved in two stages
LP_SEARCH_BELOW = 400  #: models with fewer candidates branch on the LP relaxation


def _solve_master(
    master: Master, params: dict, watch: Stopwatch, callback: _Progress | None
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver, bool]:
    """Solve the master: for large models first without presolve probing, then, if unproven, with it.

    Probing costs more than it saves on most of these models (master solve:
    a 100,000-gig fixed pool 0.88 s -> 0.34 s, 10,000 gigs with 40 %
    flexible 4.6 s -> 1.5 s), but a few weeks need it (two generated
    200-gig weeks: over 10 s without, 0.08 s and 0.17 s with). So the first
    stage gets ``QUICK_WORK`` of deterministic time without probing and the
    second the default probing and no limit but the user's (a hint from
    the first stage made the second slower: 12.9 s instead of 1.4 s on one
    of those weeks). Deterministic limits keep the result the same on
    every run.

    Models with flexible gigs and fewer than ``STAGED_FROM`` candidates (a
    student's week) go straight to the second stage: probing is cheap there, and the first
    stage mostly cost its full ``QUICK_WORK`` (generated weeks, 40 %
    flexible, 10 seeds each, median solve: 20 gigs 49 -> 28 ms, 100 gigs
    126 -> 71 ms, 200 gigs 400 -> 338 ms).

    Models of fewer than ``LP_SEARCH_BELOW`` candidates branch on the LP
    (``search_branching = LP_SEARCH``): the default search found the last
    improving solution of some weeks late (one 200-gig week: first solution
    at 0.04 s within 0.2 % of the optimum, the optimum at 1.5 s, then proven
    at once). Master solves, generated weeks, 16 seeds each, median / max:
    50 gigs 11 / 913 -> 11 / 327 ms, 200 gigs 37 / >4000 -> 39 / 108 ms,
    200 gigs 80 % flexible 62 / >4000 -> 83 / 469 ms; but 1,000 gigs (655
    candidates) 335 / 2588 -> 436 / >4000 ms, hence the threshold.

    Without flexible gigs neither threshold applies: there are always two
    stages, the first skips CP-SAT's presolve altogether, and the search
    keeps its default branching. stacker's own presolve has already left
    only undominated gigs and maximal cliques, and CP-SAT's presolve then
    costs more than the search (a generated 100,000-gig pool, 1,500 gigs
    left: 0.20 s with it, 0.04 s without; 10,000 gigs: 0.06 s and 0.01 s;
    whole solves, fixed pools of 100 / 300 / 1,000 / 3,000 gigs, median of
    5: 8.4 / 15.6 / 75.5 / 43.5 ms with the thresholds, 6.8 / 8.6 / 20.7 /
    45.9 ms without).
    """
    candidates = len(master.x) + len(master.u)
    flexible = bool(master.prepared.flexible)
    if flexible and candidates < LP_SEARCH_BELOW:
        params = params | {"search_branching": cp_model.LP_SEARCH}
    if flexible and candidates < STAGED_FROM:
        return run(master.model, params, time_limit=watch.left(), callback=callback)
    quick = params | {"cp_model_probing_level": 0}
    if not flexible:
        quick["cp_model_presolve"] = False
        quick["merge_at_most_one_work_limit"] = 0
    code, solver, stopped = run(master.model, quick, time_limit=watch.left(), work=QUICK_WORK, callback=callback)
    if stopped or code in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return code, solver, stopped
    remaining = watch.left()
    if remaining is not None and remaining <= 0:
        return code, solver, stopped
    second = run(master.model, params, time_limit=remaining, callback=callback)
    if second[0] == cp_model.UNKNOWN and code == cp_model.FEASIBLE:  # stopped before it found anything
        return code, solver, second[2]  # keep the first stage's answer
    return second


def _hint(master: Master, solver: cp_model.CpSolver) -> None:
    """Start the next master solve from the last answer."""
    master.model.clear_hints()
    for var in master.x + master.u:
        master.model.add_hint(var, solver.boolean_value(var))
    for row in master.n:
        for day_steps in row:
            if not isinstance(day_steps, int):
                master.model.add_hint(day_steps, solver.value(day_steps))


def _value_bound(bound: float, tie_factor: int) -> float:
    """Bound on the value from a bound on ``tie_factor * value - minutes``."""
    if tie_factor == 1:
        return bound
    return float(math.floor((bound + tie_factor - 1) / tie_factor + 1e-9))
