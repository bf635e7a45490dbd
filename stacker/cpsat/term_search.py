"""A term's master and its placement cuts, solved as often as the what-if questions need.

The term's counterpart of :class:`stacker.cpsat.search.Search`, with the same
methods (:meth:`TermSearch.solve` with an objective of weighted criteria and
gigs assumed taken, :meth:`~TermSearch.criteria`,
:meth:`~TermSearch.add_at_least`, :meth:`~TermSearch.add_not_dominated`,
:meth:`~TermSearch.add_differs`, :meth:`~TermSearch.hint`,
:meth:`~TermSearch.reprice`), so that lexicographic priorities, Pareto
fronts, alternatives, ``explain`` and the markets of :func:`stacker.assign`
run on terms unchanged. Each solve is :func:`.term.solve_term` on the one master this
search keeps: the placement cuts only remove choices whose weeks cannot be
placed, so they stay valid whatever is asked next.

Criteria over the term, in the integer units of
:mod:`stacker.presolve.units` (``SCALE``): ``value`` (the objective of
:func:`stacker.solve`), ``pay`` (hourly pay times hours, plus ``weekly_pay``
in each week a weekly gig counts in, plus a project's ``fee``),
``relevance`` (hours times relevance) and ``hours`` (minus the gig minutes).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.term import Candidate, TermPrepared
from ..presolve.units import CRITERIA, STEPS, money_units
from .term import TermMaster, TermResult, solve_term

_INT64_SAFE = 2**62


@dataclasses.dataclass
class TermAnswer(TermResult):
    """A :class:`~.term.TermResult` that says whether it holds a plan (as a week's ``Solution`` does)."""

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible")


def coefficients(c: Candidate, name: str) -> tuple[int, int]:
    """Criterion ``name`` of a candidate: ``(units per minute of work, units once when taken)``."""
    if name == "value":
        return c.minute_units, c.taken_units
    if name == "pay":
        per_minute, flat = money_units(c.gig.hourly_pay, c.gig.flat_pay)
        if c.kind == "project":
            return per_minute, money_units(0.0, float(c.gig.fee or 0.0))[1]
        return per_minute, flat * c.value_weeks
    if name in ("relevance", "growth"):
        return round(getattr(c.gig, name) * STEPS), 0
    if name == "hours":
        return -1, 0
    if name == "conversion":
        return 0, round(c.gig.conversion * STEPS)
    raise ValueError(name)


def minutes(prepared: TermPrepared, answer: TermResult, index: int) -> int:
    """Minutes of work over the term of candidate ``index`` in an answer that takes it."""
    c = prepared.candidates[index]
    return sum(c.week_minutes.values()) if c.kind == "fixed" else c.grid * sum(answer.steps[index].values())


def criteria(prepared: TermPrepared, answer: TermResult) -> dict[str, int]:
    """Every criterion of an answer, in integer units."""
    out = dict.fromkeys(CRITERIA, 0)
    for i in answer.taken:
        worked = minutes(prepared, answer, i)
        for name in CRITERIA:
            per_minute, once = coefficients(prepared.candidates[i], name)
            out[name] += per_minute * worked + once
    return out


class TermSearch:
    """One term's master model and its cuts, solved as often as needed (see the module docstring)."""

    def __init__(self, prepared: TermPrepared, *, seed: int = 0, workers: int = 1):
        self.prepared = prepared
        self.seed, self.workers = seed, workers
        self.master = TermMaster(prepared)
        self._placed: dict = {}  # placements by week and choice, reused from one solve to the next
        self._hint: tuple[list[int], dict[int, dict[int, int]]] | None = None
        self.prices: dict[int, int] = {}  # candidate -> value units taken off its value once when taken (reprice)

    def variable(self, index: int) -> cp_model.IntVar:
        """The master's take-it literal of candidate ``index``."""
        return self.master.x[index] if index in self.master.x else self.master.u[index]

    def criterion(self, name: str) -> Any:
        """Criterion ``name`` as a linear expression of the master's variables (``value`` net of the prices)."""
        candidates, master = self.prepared.candidates, self.master
        terms = [-price * self.variable(i) for i, price in self.prices.items()] if name == "value" else []
        for i, x in master.x.items():
            per_minute, once = coefficients(candidates[i], name)
            terms.append(int(per_minute * sum(candidates[i].week_minutes.values()) + once) * x)
        for i, steps in master.n.items():
            per_minute, once = coefficients(candidates[i], name)
            terms.append(once * master.u[i])
            terms += [per_minute * candidates[i].grid * n for n in steps.values()]
        return sum(terms)

    def criteria(self, answer: TermResult) -> dict[str, int]:
        """Every criterion of an answer, in integer units (``value`` net of the prices, as :meth:`criterion`)."""
        out = criteria(self.prepared, answer)
        out["value"] -= sum(self.prices.get(i, 0) for i in answer.taken)
        return out

    def reprice(self, prices: np.ndarray) -> None:
        """From now on, take ``prices`` (value units, per gig of the problem) off each gig's value once when taken.

        The term's counterpart of :meth:`stacker.cpsat.search.Search.reprice`
        (the prices of a market, :mod:`stacker.market`): the candidates do
        not depend on the values, so the master and its cuts stay as they are
        and only the objective (``value``) changes.
        """
        self.prices = {i: int(prices[c.row]) for i, c in enumerate(self.prepared.candidates) if prices[c.row]}

    def _set_objective(self, weights: dict[str, int]) -> None:
        """Maximize ``scale * sum(weight * criterion) - minutes`` (ties go to fewer hours)."""
        master, candidates = self.master, self.prepared.candidates
        most_minutes, most_units = 0, 0
        for i in master.x:
            minutes = sum(candidates[i].week_minutes.values())
            most_minutes += minutes
            for name, w in weights.items():
                per_minute, once = coefficients(candidates[i], name)
                most_units += abs(w * (per_minute * minutes + once))
        for i, steps in master.n.items():
            minutes = candidates[i].grid * sum(master.most[i, week] for week in steps)
            most_minutes += minutes
            for name, w in weights.items():
                per_minute, once = coefficients(candidates[i], name)
                most_units += abs(w * per_minute) * minutes + abs(w * once)
        most_units += abs(weights.get("value", 0)) * sum(map(abs, self.prices.values()))
        total = sum(w * self.criterion(name) for name, w in weights.items())
        minutes_used = -self.criterion("hours")
        master.scale = most_minutes + 1
        if master.scale * (most_units + 1) >= _INT64_SAFE:
            master.scale = 1
            master.model.maximize(total)
        else:
            master.model.maximize(master.scale * total - minutes_used)

    def solve(
        self,
        objective: dict[str, int] | None = None,
        *,
        time_limit: float | None = None,
        assume: Sequence[int] = (),
        progress: Callable[[float, float], None] | None = None,
        polish: bool = True,
    ) -> TermAnswer:
        """The best plan for ``objective`` (weights of criteria; default: value), with candidates ``assume`` taken.

        ``bound_units`` of the answer is an upper bound on that weighted sum.
        """
        self._set_objective(objective or {"value": 1})
        model = self.master.model
        model.clear_assumptions()
        model.add_assumptions([self.variable(i) for i in assume])
        self._apply_hint()
        try:
            result = solve_term(
                self.prepared,
                time_limit=time_limit,
                seed=self.seed,
                workers=self.workers,
                master=self.master,
                placed=self._placed,
            )
        finally:
            model.clear_assumptions()
        answer = TermAnswer(**{f.name: getattr(result, f.name) for f in dataclasses.fields(TermResult)})
        if answer.status == "optimal":  # the next question is usually close: start from this answer
            self._hint = (answer.taken, answer.steps)
        return answer

    def hint(self, taken: Sequence[int], steps: dict[int, dict[int, int]]) -> None:
        """Start the next solve from this choice (candidate indices taken; steps per flexible candidate and week)."""
        self._hint = (list(taken), steps)

    def _apply_hint(self) -> None:
        if self._hint is None:
            return
        (taken, steps), self._hint = self._hint, None
        master, chosen = self.master, set(taken)
        master.model.clear_hints()
        for i, x in master.x.items():
            master.model.add_hint(x, i in chosen)
        for i, weeks in master.n.items():
            master.model.add_hint(master.u[i], i in chosen)
            for week, n in weeks.items():
                master.model.add_hint(n, min(steps.get(i, {}).get(week, 0), master.most[i, week]))

    def add_at_least(self, name: str, units: int) -> None:
        """From now on, only plans with criterion ``name`` at least ``units``."""
        self.master.model.add(self.criterion(name) >= units)

    def add_not_dominated(self, point: dict[str, int]) -> None:
        """From now on, only plans better than ``point`` in at least one of its criteria."""
        model, better = self.master.model, []
        for name, units in point.items():
            flag = model.new_bool_var(f"better_{name}_{units}")
            model.add(self.criterion(name) >= units + 1).only_enforce_if(flag)
            better.append(flag)
        model.add_bool_or(better)

    def add_differs(self, answer: TermResult, count: int, among: frozenset[int] | None = None) -> None:
        """From now on, only plans that differ from ``answer`` in at least ``count`` gigs taken or left.

        ``among``: compare only these gigs (rows of the problem's gigs), e.g.
        the shared gigs of a market; None compares all.
        """
        chosen = set(answer.taken)
        variables = {**self.master.x, **self.master.u}
        if among is not None:
            rows = self.prepared.candidates
            variables = {i: v for i, v in variables.items() if rows[i].row in among}
        differ = [1 - v if i in chosen else v for i, v in variables.items()]
        self.master.model.add(sum(differ) >= count)


__all__ = ["TermAnswer", "TermSearch", "coefficients", "criteria", "minutes"]
