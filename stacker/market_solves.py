"""The students' solves of :func:`stacker.assign`, and where they run.

One student's solve at some prices (:func:`price`: stacker's own search
with the prices taken off its gigs' values; a week's
:class:`~stacker.cpsat.search.Search` or a term's
:class:`~stacker.cpsat.term_search.TermSearch`, whose term plan's value
is the term objective) and the plan of a chosen column (:func:`plan_of`:
a :class:`~stacker.plan.Plan` or a :class:`~stacker.termplan.TermPlan`)
run wherever :class:`Workers` sends them:

- ``"serial"`` (or None): in this process, one after another;
- an int ``N``: ``N`` processes of stacker's own (one-process pools from
  :func:`stacker.batch.executors.local_pool`), student ``s`` always on
  process ``s % N``;
- any other ``concurrent.futures.Executor``: as it schedules them.

In this process and in stacker's own processes a student's model is kept
from round to round (:data:`_CACHE`) and only repriced, which is most of a
round's time saved; a process that holds a student's model is sent only
its prices, not its problem again.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from ._clock import Stopwatch
from .batch.executors import local_pool
from .cpsat.search import Search
from .cpsat.term import TermResult
from .cpsat.term_search import TermSearch
from .plan import Plan, make_plan
from .presolve.prepare import prepare
from .presolve.term import TermPrepared, prepare_term
from .problem.problem import Problem
from .solution import Solution, Status
from .termplan import TermPlan, make_term_plan

Key = tuple[int, int]  #: (market, student)


@dataclass(frozen=True)
class Task:
    """One student's solve at some prices: the best plan, or every plan down to ``threshold``."""

    problem: Problem | None  # None: the process holds the model of ``key``
    prices: dict[str, int]  # value units taken off each gig when taken
    shared: frozenset[str]  # the contested gigs: plans differ in these
    limit: int = 1  # most plans
    threshold: float | None = None  # plans at least this priced value (None: all, up to limit)
    deadline: float | None = None  # time.time() to stop at (a wall clock, the same in every process of a machine)
    seed: int = 0
    key: Key | None = None  # keep the student's model for the next round (limit 1 only)
    values: bool = False  # also return the most each gig can be worth to this student


@dataclass(frozen=True)
class PlanJob:
    """The plan of a student that takes exactly the gigs of ``choice`` at these cells."""

    problem: Problem | None  # None: the process holds the model of ``key``
    key: Key | None
    choice: dict[str, tuple[int, ...] | None]
    status: Status


_CACHE: dict[Key, Search | TermSearch] = {}  #: (market, student) -> the student's model, repriced each round
MARKETS = itertools.count()  #: the first number of a key: one per market solved in this process


@dataclass(frozen=True)
class Column:
    choice: dict[str, tuple[int, ...] | None]  # gig id -> None (fixed) or cells (flexible; a term's: see _choice)
    value: int  # value units, before prices
    priced: int  # value units, after prices


@dataclass(frozen=True)
class Priced:
    status: str  # of the first solve
    columns: list[Column]
    bound: float | None  # on the priced value
    complete: bool  # every plan at or above the threshold is in columns (exactly solved)
    solves: int
    seconds: float = 0.0  # spent in this solve (model building included)
    values: dict[str, int] | None = None  # gig id -> the most it adds to a plan, before prices (when asked)


def _problem(problem: Problem | None, key: Key | None) -> Problem:
    if problem is not None:
        return problem
    assert key is not None and key in _CACHE, "a task without its problem goes to the process that holds its model"
    return _CACHE[key].prepared.problem


def price(task: Task) -> Priced:
    """Solve one student at ``task.prices`` (run wherever the executor runs it)."""
    started = time.perf_counter()
    watch = Stopwatch(None if task.deadline is None else max(task.deadline - time.time(), 0.0))
    problem = _problem(task.problem, task.key)
    table = problem.table
    index = {gig_id: i for i, gig_id in enumerate(table.ids)}
    prices = np.zeros(len(table), dtype=np.int64)
    for gig_id, amount in task.prices.items():
        prices[index[gig_id]] = amount
    search = _CACHE.get(task.key) if task.key is not None else None
    if search is None:
        search = _search(problem, task, prices)
        if search is None:
            return Priced("infeasible", [], None, True, 0, time.perf_counter() - started)
        if task.key is not None:
            _CACHE[task.key] = search
    if task.key is not None or isinstance(search, TermSearch):
        search.reprice(prices)
    among = frozenset(index[gig_id] for gig_id in task.shared)
    columns: list[Column] = []
    status, bound, complete, solves = "unknown", None, False, 0
    while len(columns) < task.limit:
        solution: Any = search.solve(time_limit=watch.left())  # a week's Solution or a term's TermAnswer
        solves += 1
        if not columns:
            status, bound = solution.status, solution.bound_units
        if not solution.has_plan:
            complete = solution.status == "infeasible" and bool(columns)  # no other plan left
            break
        priced = search.criteria(solution)["value"]
        if task.threshold is not None and priced < task.threshold:
            complete = solution.status == "optimal"
            break
        choice = _choice(search, solution)
        value = priced + int(sum(task.prices.get(gig_id, 0) for gig_id in choice))
        columns.append(Column(choice, value, priced))
        if solution.status != "optimal" or not among:
            complete = solution.status == "optimal"
            break
        if len(columns) < task.limit:  # (never on a kept model: its next round must see every plan)
            search.add_differs(solution, 1, among)
    if status == "optimal" and bound is None:
        bound = columns[0].priced
    if bound is None and isinstance(search, TermSearch):  # no answer in time: every gig at its most
        bound = sum(max(units - task.prices.get(gig_id, 0), 0) for gig_id, units in _term_values(search).items())
    values = _gig_values(search, prices) if task.values else None
    return Priced(status, columns, bound, complete, solves, time.perf_counter() - started, values)


def _search(problem: Problem, task: Task, prices: np.ndarray) -> Search | TermSearch | None:
    """A new search of a student's problem, week or term (None: its presolve proved it has no plan).

    A week is prepared with the prices in its values (and, for one plan
    that is not kept, with the dominance rules, exact at those values); a
    term's candidates do not depend on the values: its search is repriced.
    """
    if problem.term is not None:
        prepared_term = prepare_term(problem)
        return None if prepared_term.reasons else TermSearch(prepared_term, seed=task.seed)
    prepared = prepare(problem, dominance=task.limit == 1 and task.key is None, prices=prices)
    return Search(prepared, seed=task.seed) if prepared.feasible else None


def _choice(search: Search | TermSearch, solution: Any) -> dict[str, tuple[int, ...] | None]:
    """Gig id -> None for a fixed gig; a week's flexible gig: its cells; a term's: its blocks' (start, end) term
    minutes, one after another."""
    if isinstance(search, TermSearch):
        candidates = search.prepared.candidates
        return {
            candidates[i].gig.id: None
            if candidates[i].kind == "fixed"
            else tuple(m for block in solution.blocks[i] for m in block)
            for i in solution.taken
        }
    prepared = search.prepared
    ids = prepared.table.ids
    choice: dict[str, tuple[int, ...] | None] = {ids[prepared.fixed[i]]: None for i in np.flatnonzero(solution.fixed)}
    for f, cells in solution.cells.items():
        choice[ids[prepared.flexible[f].gig]] = tuple(int(c) for c in cells)
    return choice


def _gig_values(search: Search | TermSearch, prices: np.ndarray) -> dict[str, int]:
    """Gig id -> the most taking it adds to a plan's value (before prices): a fixed gig's value, a
    flexible gig's flat value and its most hours (a term's: its most or least hours, whichever is worth
    more); gigs that are no candidate are left out."""
    if isinstance(search, TermSearch):
        return _term_values(search)
    prepared = search.prepared
    ids = prepared.table.ids
    out = {ids[g]: int(units + prices[g]) for g, units in zip(prepared.fixed.tolist(), prepared.fixed_units.tolist())}
    for flex in prepared.flexible:
        most = flex.flat_units + prices[flex.gig] + flex.step_units * int(flex.totals[-1] if len(flex.totals) else 0)
        out[ids[flex.gig]] = max(int(most), out.get(ids[flex.gig], 0))
    return out


def _term_values(search: TermSearch) -> dict[str, int]:
    """Gig id -> the most taking it adds to a term plan's value (no plan takes more of any gig): a fixed gig's
    value; a weekly gig's at its most steps each week (its least when an hour is worth nothing); a project's."""
    out = {}
    for i, c in enumerate(search.prepared.candidates):
        if c.kind == "fixed":
            out[c.gig.id] = c.minute_units * sum(c.week_minutes.values()) + c.taken_units
            continue
        weeks = search.master.n[i]
        steps = c.lo  # a project's total
        if c.kind == "weekly":
            steps = sum(search.master.most[i, w] for w in weeks) if c.minute_units > 0 else c.lo * len(weeks)
        out[c.gig.id] = c.taken_units + c.minute_units * c.grid * steps
    return out


def plan_of(job: PlanJob) -> Plan | TermPlan:
    """The plan of a student that takes exactly these gigs at these cells (a term: these blocks).

    A kept model's prepared problem is used as it is (prepared the same way,
    without dominance; a plan's values come from the gigs, not the prices).
    """
    kept = _CACHE.get(job.key) if job.key is not None else None
    problem = _problem(job.problem, job.key)
    if problem.term is not None:
        return _term_plan(kept.prepared if isinstance(kept, TermSearch) else prepare_term(problem), job)
    prepared = kept.prepared if isinstance(kept, Search) else prepare(problem, dominance=False)
    ids = prepared.table.ids
    fixed = np.array([ids[i] in job.choice for i in prepared.fixed], dtype=bool)
    cells = {}
    for f, flex in enumerate(prepared.flexible):
        taken = job.choice.get(ids[flex.gig])
        if taken is not None:
            cells[f] = np.array(taken, dtype=np.int64)
    return make_plan(prepared, Solution(job.status.value, fixed, cells), 0.0)


def _term_plan(prepared: TermPrepared, job: PlanJob) -> TermPlan:
    """The term plan of a column: its fixed gigs, and its flexible gigs' and projects' blocks (see :func:`_choice`)."""
    index = {c.gig.id: i for i, c in enumerate(prepared.candidates)}
    taken = sorted(index[gig_id] for gig_id in job.choice)
    blocks = {}
    for gig_id, minutes in job.choice.items():
        if minutes is not None:
            blocks[index[gig_id]] = list(zip(minutes[::2], minutes[1::2]))
    return make_term_plan(prepared, TermResult(job.status.value, taken, blocks=blocks), 0.0)


def forget(market: int) -> None:
    """Drop the kept models of one market (in this process)."""
    for key in [key for key in _CACHE if key[0] == market]:
        del _CACHE[key]


_T = TypeVar("_T")
_R = TypeVar("_R")


def _each(function: Callable[[_T], _R], items: Sequence[_T]) -> list[_R]:
    """``function`` over ``items``, in order (one task of a process of stacker's own)."""
    return [function(item) for item in items]


class Workers:
    """Where one market's solves run (see the module docstring); :meth:`close` at the end."""

    def __init__(self, executor: Executor | str | int | None, market: int):
        self.market = market
        self.executor = executor
        self.pools = [local_pool(1) for _ in range(executor)] if isinstance(executor, int) else []
        self.keeps = executor is None or executor == "serial" or bool(self.pools)  # student models kept
        self._held: set[Key] = set()  # keys whose model one of our processes holds

    def key(self, student: int) -> Key:
        return (self.market, student)

    def price(self, tasks: list[Task]) -> list[Priced]:
        """The solves of ``tasks``, in order."""
        if self.pools:  # a process that holds a model needs no problem
            tasks = [dataclasses.replace(t, problem=None) if t.key in self._held else t for t in tasks]
        out = self._run(price, tasks, [t.key for t in tasks])
        if self.pools:
            self._held.update(t.key for t, r in zip(tasks, out) if t.key is not None and r.status != "infeasible")
        return out

    def plans(self, jobs: list[PlanJob]) -> list[Plan | TermPlan]:
        """The plans of ``jobs``, in order."""
        if self.pools:
            jobs = [dataclasses.replace(j, problem=None) if j.key in self._held else j for j in jobs]
        return self._run(plan_of, jobs, [j.key for j in jobs])

    def _run(self, function: Callable[[Any], _R], items: list[Any], keys: list[Key | None]) -> list[_R]:
        if self.pools:  # student s on process s % N (a task with no key too: it may need that process's model)
            count = len(self.pools)
            where = [(key[1] if key is not None else k) % count for k, key in enumerate(keys)]
            futures = [
                pool.submit(_each, function, [item for item, w in zip(items, where) if w == p])
                for p, pool in enumerate(self.pools)
            ]
            try:
                results = [iter(future.result()) for future in futures]
            except BrokenExecutor as error:  # a student's solve took its process down with it
                raise RuntimeError(
                    f"assign: one of its {count} worker processes died while solving the students' problems (killed, "
                    "or out of memory); run it again, with fewer processes or none (executor=None)"
                ) from error
            return [next(results[w]) for w in where]
        if self.executor is None or self.executor == "serial":
            return [function(item) for item in items]
        assert isinstance(self.executor, Executor)
        return list(self.executor.map(function, items))

    def close(self, wait: bool = True) -> None:
        """Forget the kept models: in this process, and by shutting down our processes.

        ``wait``: until they have exited. Without it, a process that forked
        to run the market (a benchmark's child) can hang at its exit, joining
        an idle worker that never got its pool's stop (seen at 100 x 300).
        """
        forget(self.market)
        for pool in self.pools:
            pool.shutdown(wait=wait, cancel_futures=True)
