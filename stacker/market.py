"""``stacker.assign``: many students, one pool of gigs with limited openings.

The method (see docs/model.md, "Markets") is column generation over
student plans:

1. every student is solved alone (stacker's own solve): the ``alone`` values,
   and the first column of each student;
2. a gig wanted by more students than it has openings is *contested*; a
   student with no contested gig keeps its plan alone;
3. the linear master over the columns found (:mod:`stacker.cpsat.market`)
   gives a price per contested gig; each student whose prices changed is
   solved again with those prices taken off its gigs' values (pricing); a
   plan worth more at those prices than the student's price is a new
   column. Repeat until no student has one;
4. the integer master picks one column per student under the openings,
   starting from the linear master rounded and repaired (students who lost
   most solved again around the openings left), among the columns whose
   priced value is within the gap of their student's bound (no other can be
   in an assignment at least as good: :meth:`_Market._within`);
5. while value and bound differ: every plan of each student whose priced
   value is within the gap of its best is added (reduced-cost enumeration),
   which makes the integer master exact when no student has too many.

The bound is Lagrangian: for any prices ``p >= 0``,
``sum(p * openings) + sum over students of their best priced value`` bounds
the total, and the per-student bounds of the solves keep it valid when a time
limit stops them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Executor
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _parameters as checks
from ._clock import Stopwatch
from .assignment import Assignment
from .cpsat.market import Among, Choice, Columns
from .errors import ProblemError, must_be
from .market_solves import MARKETS, Column, PlanJob, Priced, Task, Workers
from .presolve.units import UNITS_PER_MONEY
from .problem.dates import GIG_TERM_FIELDS
from .problem.items import SHAPE_FIELDS, place_of
from .problem.problem import Problem
from .solution import Status
from .solve import solve

if TYPE_CHECKING:
    from .plan import Plan
    from .termplan import TermPlan

OBJECTIVES = ("total", "fair")
ENUMERATE = 256  #: most plans per student in the exact finish (more: the bound stays the Lagrangian one)
ENUMERATE_FAIR = 16  #: most plans per student for the fair objective (more: the answer is only feasible)
SMOOTHING = 0.5  #: weight of the best prices so far in the prices of a round (Wentges smoothing)
GENERATE_SHARE = 0.85  #: share of the time limit column generation may use; the rest is the integer master's
REPAIR_SHARE = 0.9  #: ... and the repair of the rounded linear master, before the integer master
FIRST_SHARE = 0.15  #: ... of it for the first integer master when the exact finish follows (see _first)
MASTER_SHARE = 0.95  #: ... and the integer master (and the exact finish); the rest is for making the plans
CONVERGED_SHARE = 0.25  #: the generation stops when the LP is within this share of the relative gap of the bound
SKIP_SHARE = 0.25  #: share of the relative gap the students left unsolved in a round may add to its bound


def assign(
    students: Mapping[Hashable, Problem],
    openings: Mapping[str, int],
    *,
    objective: str = "total",
    executor: Executor | str | int | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    relative_gap: float = 0.0,
) -> Assignment:
    """Share a pool of gigs with limited openings among many students.

    Parameters
    ----------
    students
        Student id -> that student's problem: own commitments, limits,
        weights, and the gigs that student may take, with that student's own
        ``relevance``. A gig id in several problems is one gig of the pool:
        everything but ``relevance`` must be the same in each. All weeks, or
        all terms (then each plan is a ``TermPlan``, its value the term's).
    openings
        Gig id -> how many students may take it; a gig not named has one.
    objective
        ``"total"``: the most total value. ``"fair"``: first the largest
        minimum over students of ``value / alone`` (1 for a student whose
        ``alone`` is 0), then the most total value at that level.
    executor
        Where the students' solves run: None or ``"serial"`` in this process,
        one after another, each student's model kept from round to round; an
        int ``N``: ``N`` processes of stacker's own, student ``s`` always on
        process ``s % N``, which keeps its students' models the same way
        (shut down at the end); any ``concurrent.futures.Executor`` (a
        process pool, a Dask cluster's ``client.get_executor()``) to fan them
        out (each solve then builds its student's model again).
    time_limit
        Seconds for the whole assignment; None for no limit.
    seed
        Random seed of every solve.
    relative_gap
        Stop once ``bound - objective <= relative_gap * bound`` (0: prove the optimum).

    Returns
    -------
    Assignment

    Raises
    ------
    ProblemError
        For bad parameters, a gig that differs between students (naming the
        gig, the field and the students), bad openings, or students with a
        term beside students without one, before solving.
    """
    watch = Stopwatch(time_limit)
    keys, problems = _check_parameters(students, objective, executor, time_limit, seed, relative_gap)
    capacity = _check_openings(openings, _check_shared(keys, problems))
    market = _Market(keys, problems, capacity, executor, watch, seed)
    return market.run(objective, relative_gap)


# ----------------------------------------------------------------------------- checks


def _check_parameters(
    students: Any, objective: Any, executor: Any, time_limit: Any, seed: Any, relative_gap: Any
) -> tuple[list[Hashable], list[Problem]]:
    if not isinstance(students, Mapping):
        raise must_be("assign", "students", "a mapping of student ids to problems", type(students).__name__)
    wrong = [key for key, problem in students.items() if not isinstance(problem, Problem)]
    if wrong:
        got = ", ".join(f"{key!r}: {type(students[key]).__name__}" for key in wrong[:5])
        raise must_be("assign", "students", "a mapping of student ids to problems", got)
    terms = [key for key, problem in students.items() if problem.term is not None]
    if terms and len(terms) < len(students):  # a value per week and a value over a term do not add up
        weeks = [key for key, problem in students.items() if problem.term is None]
        raise ProblemError(
            [
                f"assign: students {_named(terms)} have a term and students {_named(weeks)} do not; "
                "a market is all weeks or all terms (a week's value and a term's value do not add up): "
                "give every student a term, or none"
            ]
        )
    if objective not in OBJECTIVES:
        raise must_be("assign", "objective", " or ".join(map(repr, OBJECTIVES)), repr(objective))
    own = isinstance(executor, int) and not isinstance(executor, bool) and executor >= 1
    if executor is not None and executor != "serial" and not own and not isinstance(executor, Executor):
        raise must_be(
            "assign", "executor", "None, 'serial', an int >= 1 or a concurrent.futures.Executor", repr(executor)
        )
    checks.time_limit("assign", time_limit)
    checks.seed("assign", seed)
    if isinstance(relative_gap, bool) or not isinstance(relative_gap, (int, float)) or not 0 <= relative_gap < 1:
        raise must_be("assign", "relative_gap", "a float in [0, 1)", repr(relative_gap))
    return list(students), list(students.values())


def _named(keys: list[Hashable]) -> str:
    """The first five student ids, and how many more."""
    return ", ".join(map(repr, keys[:5])) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")


def _check_shared(keys: list[Hashable], problems: list[Problem]) -> dict[str, list[int]]:
    """Students (positions) per gig id; a ProblemError naming every gig that differs between students.

    A shared gig's fields but its relevance, growth and conversion (the
    student's own) must be the same, its location too (none and ``"remote"``
    alike); on terms its dates, fee, total hours,
    due date and weekly maximum too (``GIG_TERM_FIELDS``).
    """
    first: dict[str, tuple[int, tuple]] = {}
    users: dict[str, list[int]] = {}
    errors = []
    for s, problem in enumerate(problems):
        table = problem.table
        shapes = [tuple(getattr(shape, name) for name in SHAPE_FIELDS) for shape in table.shapes]
        pay = [None if math.isnan(p) else p for p in table.pay_rate.tolist()]
        weekly = [None if math.isnan(p) else p for p in table.weekly_pay.tolist()]
        places = [place_of(p) for p in table.locations] if table.locations is not None else [None] * len(table)
        dated = _term_fields(problem)
        rows = zip(table.ids, table.shape.tolist(), pay, weekly, table.mentor.tolist(), places, dated)
        for gig_id, code, pay_rate, weekly_pay, mentor, place, term_fields in rows:
            users.setdefault(gig_id, []).append(s)
            key = (*shapes[code], pay_rate, weekly_pay, bool(mentor), place, *term_fields)
            seen = first.setdefault(gig_id, (s, key))
            if seen[1] != key:
                fields = [n for n, a, b in zip(_SHARED_FIELDS, seen[1], key) if a != b]
                errors.append(
                    f"gig {gig_id!r}: {', '.join(fields)} differ between students {keys[seen[0]]!r} and "
                    f"{keys[s]!r}; a shared gig must be the same for every student but its relevance"
                )
    if errors:
        raise ProblemError(errors)
    return users


_SHARED_FIELDS = (*SHAPE_FIELDS, "pay_rate", "weekly_pay", "mentor", "location", *GIG_TERM_FIELDS)


def _term_fields(problem: Problem) -> list[tuple]:
    """Per gig of a term problem, its ``GIG_TERM_FIELDS``; empty tuples for a week (whose gigs have none)."""
    if problem.term is None:
        return [()] * len(problem.table)
    return [tuple(getattr(gig, name) for name in GIG_TERM_FIELDS) for gig in problem.gigs]


def _check_openings(openings: Any, users: dict[str, list[int]]) -> dict[str, int]:
    """Openings of every gig of the pool (1 when not given); a ProblemError for each bad entry."""
    if not isinstance(openings, Mapping):
        raise must_be("assign", "openings", "a mapping of gig ids to counts", type(openings).__name__)
    errors = []
    for gig_id, count in openings.items():
        if gig_id not in users:
            errors.append(f"openings: gig {gig_id!r} is in no student's problem")
        elif isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 0:
            errors.append(f"openings: gig {gig_id!r}: openings must be a whole number >= 0. Got {count!r} instead.")
    if errors:
        raise ProblemError(errors)
    return {gig_id: int(openings.get(gig_id, 1)) for gig_id in users}


# ----------------------------------------------------------------------------- the market


class _Market:
    """The students, the contested gigs, and the columns found so far."""

    def __init__(
        self,
        keys: list[Hashable],
        problems: list[Problem],
        capacity: dict[str, int],
        executor: Executor | str | int | None,
        watch: Stopwatch,
        seed: int,
    ):
        self.keys, self.problems, self.executor, self.watch, self.seed = keys, problems, executor, watch, seed
        self.capacity = capacity
        self.stats: dict[str, Any] = {"rounds": 0, "solves": 0}
        self.trace: list[tuple[float, float, float, int]] = []  # per round: seconds, LP value, Lagrangian bound, solves

    def _solve(
        self, tasks: list[tuple[int, dict[str, int], int, float | None]], share: float = 1.0, values: bool = False
    ) -> list[Priced]:
        """Solve students ``(s, prices, limit, threshold)`` within ``share`` of the time limit (``values``: Task)."""
        time_limit = self.watch.time_limit
        deadline = None if time_limit is None else time.time() + share * time_limit - self.watch.elapsed()
        keeps = self.workers.keeps
        jobs = [
            Task(
                self.problems[s],
                prices,
                self.shared[s],
                limit,
                threshold,
                deadline,
                self.seed,
                self.workers.key(s) if keeps and limit == 1 else None,
                values,
            )
            for s, prices, limit, threshold in tasks
        ]
        out = self.workers.price(jobs)
        self.stats["solves"] += sum(r.solves for r in out)
        self.stats["solve_seconds"] = self.stats.get("solve_seconds", 0.0) + sum(r.seconds for r in out)
        return out

    def run(self, objective: str, relative_gap: float) -> Assignment:
        self.workers = Workers(self.executor, next(MARKETS))
        try:
            answer = self._run(objective, relative_gap)
        except BaseException:  # Ctrl-C or an error: do not wait for a solve still running
            self.workers.close(wait=False)
            raise
        self.workers.close()
        return answer

    def _run(self, objective: str, relative_gap: float) -> Assignment:
        count = len(self.problems)
        self.shared = [frozenset[str]() for _ in range(count)]
        alone = self._solve([(s, {}, 1, None) for s in range(count)], values=True)
        failed = [s for s, r in enumerate(alone) if r.status == "infeasible"]
        if failed:
            return self._infeasible(failed, alone)
        self._index(alone)
        self._generate(relative_gap)
        self.stats["generated_at"] = round(self.watch.elapsed(), 2)
        if objective == "fair":
            return self._fair()
        return self._total(relative_gap)

    def _index(self, alone: list[Priced]) -> None:
        """Contested gigs, and each student's: the first columns, the bounds at zero prices."""
        users: dict[str, int] = {}
        for problem in self.problems:
            for gig_id in problem.table.ids:
                users[gig_id] = users.get(gig_id, 0) + 1
        contested = sorted(g for g, n in users.items() if n > self.capacity[g])
        self.contested = {g: k for k, g in enumerate(contested)}
        self.shared = [frozenset(g for g in p.table.ids if g in self.contested) for p in self.problems]
        self.alone_units = np.array([r.columns[0].value if r.columns else 0 for r in alone], dtype=np.int64)
        self.alone_values = {
            self.keys[s]: (r.columns[0].value if r.columns else 0) / UNITS_PER_MONEY for s, r in enumerate(alone)
        }
        self.alone_status = [r.status for r in alone]
        most = sum(abs(r.bound or 0) for r in alone) + 1
        self.big = int(most)  # a price no plan can pay: more than every student's value together
        # no gig is not a plan of a student with a required gig or a minimum (of gig pay or gig hours, every week)
        self.needs_gigs = [bool(p.require) or p.limits.minimums for p in self.problems]
        empty = np.array([-int(most) if needs else 0 for needs in self.needs_gigs], dtype=np.int64)
        self.columns = Columns(np.array([self.capacity[g] for g in contested], dtype=np.int64), empty)
        self.choices: list[dict[int, dict[str, tuple[int, ...] | None]]] = [
            {} for _ in self.problems
        ]  # per student, per column: its gigs
        self.bounds = np.array([np.inf if r.bound is None else r.bound for r in alone], dtype=float)
        self.prices: list[dict[str, int]] = [{} for _ in self.problems]
        for s, r in enumerate(alone):
            self._add_columns(s, r.columns)
        self.best_bound = float(self.bounds.sum())
        self.best_prices: dict[str, int] = {}
        self.best_bounds = self.bounds.copy()
        self.most = self._most(alone)

    def _most(self, alone: list[Priced]) -> np.ndarray:
        """Per contested gig, a price above which nothing changes but the bound: the most it is worth to a student.

        A student whose plans without a gig are plans too (no minimums, the
        gig not required) and whose value adds up gig by gig never takes a gig
        priced above what it adds; at such prices the Lagrangian bound only
        grows with the price (by ``openings``). So prices are capped at the
        gig's most value to any student, and not capped when some student
        requires it or has minimums.
        """
        most = np.zeros(len(self.contested), dtype=float)
        for s, r in enumerate(alone):
            problem = self.problems[s]
            for g in self.shared[s]:
                k = self.contested[g]
                if problem.limits.minimums or g in problem.require or r.values is None:
                    most[k] = np.inf
                else:
                    most[k] = max(most[k], r.values.get(g, 0))
        return most

    def _add_columns(self, s: int, columns: list[Column]) -> int:
        """Add a student's plans; return how many were new or better than one with the same shared gigs."""
        added = 0
        for column in columns:
            gigs = tuple(sorted(self.contested[g] for g in column.choice if g in self.contested))
            k, changed = self.columns.add(s, column.value, gigs)
            if changed:
                self.choices[s][k] = column.choice
                added += 1
        return added

    def _generate(self, relative_gap: float) -> None:
        """Column generation: LP prices, students priced again, until no student has a better plan.

        Prices are smoothed (Wentges): each round prices the students at
        ``SMOOTHING * best + (1 - SMOOTHING) * LP``, where ``best`` are the
        prices of the best bound so far, capped at each gig's worth
        (:meth:`_most`); a round that finds no plan better at the LP's own
        prices is repeated without smoothing before stopping. Students whose
        solve could change nothing are skipped (:meth:`_skip`), and a round
        that the time limit would cut is not started.
        """
        coupled = [s for s in range(len(self.problems)) if self.shared[s]]
        names = sorted(self.contested, key=self.contested.__getitem__)
        smoothing, last = SMOOTHING, 0.0  # last: how long the last round took
        while coupled and not self._out_of_time(share=GENERATE_SHARE, ahead=last):
            began = self.watch.elapsed()
            started = time.perf_counter()
            value, prices, students = self.columns.relaxation()
            self.stats["lp_seconds"] = self.stats.get("lp_seconds", 0.0) + time.perf_counter() - started
            best = np.array([self.best_prices.get(g, 0) for g in names], dtype=float)
            mixed = smoothing * best + (1 - smoothing) * prices if self.best_prices else prices
            capped = np.minimum(mixed, self.most) + 1e-6  # (a dual of 869999.99999 is 870000: the LP's rounding)
            units = {g: math.floor(capped[k]) for g, k in self.contested.items() if capped[k] >= 1}
            todo, bounds = self._skip(coupled, units, relative_gap)
            self.stats["rounds"] += 1
            new = 0
            for (s, mine), priced in zip(todo, self._solve([(s, mine, 1, None) for s, mine in todo], GENERATE_SHARE)):
                self.prices[s] = mine
                self.bounds[s] = bounds[s] = np.inf if priced.bound is None else priced.bound
                for column in priced.columns:  # a plan better at the LP's prices than the student's price
                    taken = [self.contested[g] for g in column.choice if g in self.contested]
                    gain = column.value - self.columns.empty[s] - prices[taken].sum() - students[s]
                    new += gain > 0.5
                self._add_columns(s, priced.columns)
            lagrange = sum(units[g] * self.capacity[g] for g in units) + float(bounds.sum())
            self.trace.append(
                (round(self.watch.elapsed(), 2), value / UNITS_PER_MONEY, lagrange / UNITS_PER_MONEY, len(todo))
            )
            last = self.watch.elapsed() - began
            if lagrange < self.best_bound:
                self.best_bound, self.best_prices, self.best_bounds = lagrange, units, bounds
            if self.best_bound - value <= CONVERGED_SHARE * relative_gap * self.best_bound:
                break
            if not new:
                if smoothing == 0:
                    break
                smoothing = 0.0  # mispriced: once more at the LP's own prices
            else:
                smoothing = SMOOTHING

    def _skip(
        self, coupled: list[int], units: dict[str, int], relative_gap: float
    ) -> tuple[list[tuple[int, dict[str, int]]], np.ndarray]:
        """The students to solve at prices ``units``, and every coupled student's bound at those prices.

        A student need not be solved when its bound cannot be above its best
        column: its last solve bounds its priced value at the prices it was
        solved at, and at other prices a plan is worth at most that plus the
        sum of the price decreases on its gigs (:meth:`_upper`). Those it
        would not change (upper bound = best column's priced value) are
        skipped, and, with a ``relative_gap``, those whose upper bound is the
        least above their best column, while together at most ``SKIP_SHARE``
        of the gap allowed: their upper bounds count in the Lagrangian bound
        instead of their solves'.
        """
        array = np.zeros(len(self.contested), dtype=np.int64)
        for g, price in units.items():
            array[self.contested[g]] = price
        bounds = self.bounds.copy()
        candidates = []
        for s in coupled:
            mine = {g: units[g] for g in self.shared[s] if g in units}
            if mine == self.prices[s]:
                continue
            upper = self._upper(s, mine)
            best = max(
                [int(self.columns.empty[s])]
                + [v - int(array[list(gigs)].sum()) for v, gigs in zip(self.columns.values[s], self.columns.gigs[s])]
            )
            candidates.append((upper - best, s, mine, upper))
        candidates.sort(key=lambda c: (c[0], c[1]))
        budget = SKIP_SHARE * relative_gap * self.best_bound if math.isfinite(self.best_bound) else 0.0
        spent, todo = 0.0, []
        for slack, s, mine, upper in candidates:
            if slack < 1 or spent + slack <= budget:
                spent += max(slack, 0.0)
                bounds[s] = upper
            else:
                todo.append((s, mine))
        todo.sort()
        self.stats["skipped"] = self.stats.get("skipped", 0) + len(candidates) - len(todo)
        return todo, bounds

    def _upper(self, s: int, prices: dict[str, int]) -> float:
        """An upper bound on student ``s``'s best priced value at ``prices``, without solving it.

        For every plan ``x``: ``v(x) - p.x = v(x) - p'.x + (p' - p).x <= B(p') + sum of max(p'_g - p_g, 0)``,
        with ``p'`` the prices of its last solve and ``B(p')`` that solve's bound.
        """
        before = self.prices[s]
        return float(self.bounds[s]) + sum(max(price - prices.get(g, 0), 0) for g, price in before.items())

    def _out_of_time(self, share: float = 1.0, ahead: float = 0.0) -> bool:
        """Whether ``share`` of the time limit has passed, or will have in ``ahead`` seconds.

        (A round that would be cut by the time limit is not started: its
        solves, stopped early, would have poor bounds and few new plans.)
        """
        limit = self.watch.time_limit
        return limit is not None and self.watch.elapsed() + ahead >= share * limit

    def _total(self, relative_gap: float) -> Assignment:
        bound = math.floor(self.best_bound + 1e-6)
        enough = (1 - relative_gap) * bound if relative_gap else math.inf  # an assignment worth this is good enough
        start = self._repair(self.columns.greedy(), enough)
        self.stats["repaired_at"] = round(self.watch.elapsed(), 2)
        if sum(start.values) >= enough:
            choice = start
        else:
            among = self._within(self.best_bound - sum(start.values))
            self.stats["among"] = sum(map(len, among.columns))
            choice = self.columns.best(
                time_limit=self._first(relative_gap), seed=self.seed, hint=start.columns, among=among
            )
        if not choice.found or sum(choice.values) < sum(start.values):
            choice = start
        self.stats["first_integer"] = sum(choice.values) / UNITS_PER_MONEY
        self.stats["master_at"] = round(self.watch.elapsed(), 2)
        proven = False
        unproven = choice.found and sum(choice.values) < bound
        if unproven and bound - sum(choice.values) > relative_gap * bound and not self._out_of_time(MASTER_SHARE):
            gap = self.best_bound - sum(choice.values)  # a better choice has plans this close to the best
            complete = self._enumerate(lambda s: self.best_bounds[s] - gap - 0.5, MASTER_SHARE)
            self.stats["enumerated_at"] = round(self.watch.elapsed(), 2)
            among = self._within(gap)
            self.stats["among"] = sum(map(len, among.columns))
            better = self.columns.best(
                time_limit=self._left(MASTER_SHARE), seed=self.seed, hint=_hint(choice), among=among
            )
            if better.found and sum(better.values) >= sum(choice.values):
                choice = better
            proven = complete and better.proven
        if choice.found and (proven or sum(choice.values) >= bound):
            bound = sum(choice.values)
        return self._result(choice, bound, None)

    def _within(self, gap: float) -> Among:
        """The columns that may be in an assignment worth at least ``best_bound - gap``.

        With the best prices ``p`` and each student's bound ``B_s`` at them,
        every assignment is worth ``best_bound - sum_s (B_s - priced_s) -
        sum_g p_g (openings_g - taken_g)``, all terms non-negative: one worth
        at least ``best_bound - gap`` has no plan whose shortfall ``B_s -
        priced_s`` is above ``gap``. So only the columns within ``gap`` are
        kept, and a student whose plan of no shared gig (priced 0) is not
        within it must take one of them (within half a unit: the bound is a
        sum of floats).
        """
        prices = np.zeros(len(self.contested), dtype=np.int64)
        for g, price in self.best_prices.items():
            prices[self.contested[g]] = price
        columns, one, most = [], [], gap + 0.5
        for s, (values, gigs) in enumerate(zip(self.columns.values, self.columns.gigs)):
            bound = self.best_bounds[s]
            columns.append(
                [k for k, (v, g) in enumerate(zip(values, gigs)) if bound - v + prices[list(g)].sum() <= most]
            )
            one.append(bool(bound - self.columns.empty[s] > most))
        return Among(columns, one)

    def _first(self, relative_gap: float) -> float | None:
        """Seconds for the first integer master (None: no limit).

        Until ``MASTER_SHARE`` of the time limit or, when the exact finish
        follows (no ``relative_gap``), ``FIRST_SHARE`` of it: the exact
        finish solves the integer master again over more columns, so proving
        this one optimal is time lost; what it is for is a better assignment,
        which narrows the gap the exact finish enumerates.
        """
        left = self._left(MASTER_SHARE)
        if relative_gap or left is None or self.watch.time_limit is None:
            return left
        return min(left, FIRST_SHARE * self.watch.time_limit)

    def _left(self, share: float) -> float | None:
        """Seconds until ``share`` of the time limit (None: no limit)."""
        limit = self.watch.time_limit
        return None if limit is None else max(share * limit - self.watch.elapsed(), 0.0)

    def _repair(self, choice: Choice, enough: float = math.inf) -> Choice:
        """Students who lost the most against their best plan found, solved again around the openings left.

        One student at a time, the gigs whose openings the others fill are
        priced out of reach; a better plan that fits becomes that student's
        column. Until ``REPAIR_SHARE`` of the time limit, or until the assignment is worth ``enough``.
        """
        capacity, gigs = self.columns.capacity, self.columns.gigs
        names = sorted(self.contested, key=self.contested.__getitem__)
        used = np.zeros(len(capacity), dtype=np.int64)
        for s, k in enumerate(choice.columns):
            for g in gigs[s][k] if k >= 0 else ():
                used[g] += 1
        columns, values = list(choice.columns), list(choice.values)
        best = [max(vals, default=0) for vals in self.columns.values]
        order = sorted((s for s in range(len(columns)) if best[s] > values[s]), key=lambda s: (values[s] - best[s], s))
        for s in order:
            if self._out_of_time(share=REPAIR_SHARE) or sum(values) >= enough:
                break
            mine = gigs[s][columns[s]] if columns[s] >= 0 else ()
            others = used.copy()
            others[list(mine)] -= 1
            full = np.flatnonzero(others >= capacity).tolist()
            prices = {names[g]: self.big for g in full if names[g] in self.shared[s]}
            found = self._solve([(s, prices, 1, None)], REPAIR_SHARE)[0].columns
            if not found or found[0].value <= values[s]:
                continue
            taken = sorted(self.contested[g] for g in found[0].choice if g in self.contested)
            if any(others[g] >= capacity[g] for g in taken):
                continue  # (a required gig that is full)
            self._add_columns(s, found)
            columns[s] = self.columns.add(s, found[0].value, tuple(taken))[0]
            values[s] = self.columns.values[s][columns[s]]
            used = others
            used[taken] += 1
        return Choice(columns, values, False)

    def _enumerate(self, threshold: Callable[[int], float] | None, share: float = 1.0, limit: int = ENUMERATE) -> bool:
        """Add every plan of each coupled student above its threshold at the best prices; whether all were."""
        coupled = [s for s in range(len(self.problems)) if self.shared[s]]
        tasks = []
        for s in coupled:
            mine = {g: p for g, p in self.best_prices.items() if g in self.shared[s]}
            tasks.append((s, mine, limit, None if threshold is None else threshold(s)))
        complete = True
        for (s, *_), priced in zip(tasks, self._solve(tasks, share)):
            self._add_columns(s, priced.columns)
            complete &= priced.complete
        uncoupled_optimal = all(
            self.alone_status[s] == "optimal" for s in range(len(self.problems)) if not self.shared[s]
        )
        return complete and uncoupled_optimal and not self._out_of_time(share)

    def _fair(self) -> Assignment:
        complete = self._enumerate(None, limit=ENUMERATE_FAIR)
        coupled = np.array([bool(shared) for shared in self.shared])
        alone = np.where(coupled, self.alone_units, 0)  # students alone keep their plan: a share of 1
        share, choice = self.columns.fairest(alone, time_limit=self.watch.left(), seed=self.seed)
        if not choice.found:
            return self._result(choice, None, None)
        floor = [
            -(-share.numerator * int(a) // share.denominator) if a > 0 else int(self.columns.empty[s])
            for s, a in enumerate(alone)
        ]
        best = self.columns.best(
            time_limit=self.watch.left(), seed=self.seed, at_least=np.array(floor), hint=_hint(choice)
        )
        if best.found:
            choice = Choice(best.columns, best.values, best.proven and choice.proven)
        bound = sum(choice.values) if complete and choice.proven else math.floor(self.best_bound + 1e-6)
        return self._result(choice, bound, share)

    def _result(self, choice: Choice, bound: float | None, share: Fraction | None) -> Assignment:
        if not choice.found:
            status = Status.INFEASIBLE if choice.proven else Status.UNKNOWN
            return Assignment(status, None, None, {}, {}, self.alone_values, stats=dict(self.stats))
        lacking = [s for s, k in enumerate(choice.columns) if k < 0 and self.needs_gigs[s]]
        if lacking:
            return self._infeasible(lacking, None)
        total = sum(choice.values)
        status = Status.OPTIMAL if bound is not None and total >= bound else Status.FEASIBLE
        jobs = []
        for s, k in enumerate(choice.columns):
            picked = self.choices[s][k] if k >= 0 else {}
            jobs.append(PlanJob(self.problems[s], self.workers.key(s), picked, status))
        started = self.watch.elapsed()
        plans = self.workers.plans(jobs)
        self.stats["plans_seconds"] = round(self.watch.elapsed() - started, 2)
        seconds = self.watch.elapsed()
        used: dict[str, int] = {}
        for plan in plans:
            for gig in plan.gigs:
                used[gig.id] = used.get(gig.id, 0) + 1
        objective = sum(plan.objective or 0.0 for plan in plans)
        self.stats["seconds"] = seconds
        self.stats["trace"] = list(self.trace)
        self.stats["columns"] = sum(len(v) for v in self.columns.values)
        return Assignment(
            status,
            objective,
            None if bound is None else max(bound / UNITS_PER_MONEY, objective),
            dict(zip(self.keys, plans)),
            used,
            self.alone_values,
            min_share=None if share is None else float(share),
            stats=dict(self.stats),
        )

    def _infeasible(self, failed: list[int], alone: list[Priced] | None) -> Assignment:
        plans: dict[Hashable, Plan | TermPlan] = {self.keys[s]: solve(self.problems[s], seed=self.seed) for s in failed}
        values = (
            {}
            if alone is None
            else {self.keys[s]: (r.columns[0].value if r.columns else 0) / UNITS_PER_MONEY for s, r in enumerate(alone)}
        )
        return Assignment(
            Status.INFEASIBLE,
            None,
            None,
            plans,
            {},
            values or self.alone_values,
            infeasible=tuple(self.keys[s] for s in failed),
            stats=dict(self.stats),
        )


def _hint(choice: Choice) -> list[int] | None:
    return choice.columns if choice.found else None
