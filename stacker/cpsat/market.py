"""The masters of a shared pool: which of each student's plans, under the openings.

A *column* is one plan of one student, reduced to what couples students: its
value (integer units) and the shared gigs it takes (indices of contested
gigs). :class:`Columns` holds them per student, each student choosing at
most one (choosing none stands for a plan worth ``empty[s]``: 0, the plan
of no shared gig, or a large negative number for a student who must take a
shared gig).

- :meth:`Columns.relaxation`: the linear relaxation (HiGHS), with its duals:
  a price per contested gig (opening rows) and per student (convexity rows);
- :meth:`Columns.best`: the integer master (CP-SAT), most total value, or
  with a floor on every student's value, or the largest minimum share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import highspy
import numpy as np
from ortools.sat.python import cp_model

from .run import run

#: HiGHS options of the linear master: quiet, one thread, the interior point method (see Columns.relaxation).
LP_OPTIONS: dict[str, bool | int | str] = {"output_flag": False, "threads": 1, "solver": "ipm"}


class _Highs(highspy.Highs):
    """HiGHS with ``output_flag`` off before its constructor's first call that logs (``enableCallbacks``): else the
    first HiGHS of a process prints its banner to stdout, whatever the options set after."""

    def enableCallbacks(self) -> None:
        self.setOptionValue("output_flag", False)
        super().enableCallbacks()


@dataclass
class Columns:
    """Every student's plans found so far, and the openings they share."""

    capacity: np.ndarray  # openings per contested gig
    empty: np.ndarray  # per student: the value of choosing no column
    values: list[list[int]] = field(default_factory=list)  # per student, per column
    gigs: list[list[tuple[int, ...]]] = field(default_factory=list)  # per student, per column: contested gigs taken
    _seen: list[dict[tuple[int, ...], int]] = field(default_factory=list)
    fractions: list[list[float]] = field(default_factory=list)  # per student, per column: in the last linear master

    def __post_init__(self) -> None:
        count = len(self.empty)
        self.values = [[] for _ in range(count)]
        self.gigs = [[] for _ in range(count)]
        self._seen = [{} for _ in range(count)]

    def add(self, student: int, value: int, gigs: tuple[int, ...]) -> tuple[int, bool]:
        """Add a plan (of two with the same shared gigs, the better is kept).

        Returns its column number, and whether it is new or better than the one before.
        """
        seen = self._seen[student]
        if gigs in seen:
            k = seen[gigs]
            better = value > self.values[student][k]
            if better:
                self.values[student][k] = value
            return k, better
        seen[gigs] = len(self.values[student])
        self.values[student].append(value)
        self.gigs[student].append(gigs)
        return seen[gigs], True

    def relaxation(self) -> tuple[float, np.ndarray, np.ndarray]:
        """The LP over the columns: its value, the price of each contested gig and of each student.

        Solved by HiGHS's interior point method with its crossover to a basic
        solution (whose duals are the prices), built afresh from the columns
        each round: the LP is very degenerate, and simplex methods (GLOP
        from its last basis, HiGHS's simplex) took 5 s and 57 s on one of
        1,000 students and 6,900 columns where this takes 0.7 s, with the
        same duals.
        """
        gigs, students = len(self.capacity), len(self.empty)
        starts, rows, costs = [0], [], []
        for s, (values, taken) in enumerate(zip(self.values, self.gigs)):
            for value, shared in zip(values, taken):
                rows += [*shared, gigs + s]
                starts.append(len(rows))
                costs.append(float(self.empty[s] - value))  # HiGHS minimises
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(costs), gigs + students
        lp.col_cost_ = np.array(costs)
        lp.col_lower_, lp.col_upper_ = np.zeros(len(costs)), np.full(len(costs), highspy.kHighsInf)
        lp.row_lower_ = np.full(gigs + students, -highspy.kHighsInf)
        lp.row_upper_ = np.concatenate([self.capacity.astype(float), np.ones(students)])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_ = np.array(starts), np.array(rows)
        lp.a_matrix_.value_ = np.ones(len(rows))
        solver = _Highs()
        for option, setting in LP_OPTIONS.items():
            solver.setOptionValue(option, setting)
        solver.passModel(lp)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("the linear master of a market was not solved to optimality")
        solution = solver.getSolution()
        fractions, duals = iter(solution.col_value), -np.array(solution.row_dual)
        self.fractions = [[next(fractions) for _ in values] for values in self.values]
        prices = np.maximum(duals[:gigs], 0.0)
        students_prices = np.maximum(duals[gigs:], 0.0) + self.empty
        return -solver.getInfo().objective_function_value + float(self.empty.sum()), prices, students_prices

    def best(
        self,
        *,
        time_limit: float | None,
        seed: int,
        at_least: np.ndarray | None = None,
        hint: list[int] | None = None,
        among: Among | None = None,
    ) -> Choice:
        """The choice of most total value (each student at least ``at_least[s]``, when given).

        ``among``: only these columns of each student (the others are fixed
        out), and one of them for the students it marks (choosing none is
        then not allowed): see :class:`Among`.

        Without ``at_least`` or ``among``, a choice is always found: when the
        solver finds none in time, :meth:`greedy`'s (which also starts the
        search when no ``hint`` is given).
        """
        model, picks, total = self._model(at_least, among)
        fallback = self.greedy() if at_least is None and among is None else None
        if hint is None and fallback is not None:
            hint = fallback.columns
        if hint is not None:
            for s, k in enumerate(hint):
                for j, var in enumerate(picks[s]):
                    model.add_hint(var, j == k)
        model.maximize(total)
        choice = self._solve(model, picks, time_limit, seed)
        return fallback if fallback is not None and not choice.found and not choice.proven else choice

    def greedy(self) -> Choice:
        """A choice by rounding the last linear master: columns by their fraction there, then by value.

        Each column is taken when its student has none yet and every opening
        it needs is still free (without a linear master yet: by value).
        """
        left = self.capacity.copy()
        order = sorted(
            ((s, k) for s, vals in enumerate(self.values) for k in range(len(vals))),
            key=lambda sk: (-self._fraction(*sk), -self.values[sk[0]][sk[1]], sk),
        )
        columns = [-1] * len(self.values)
        for s, k in order:
            if columns[s] < 0 and self.values[s][k] > self.empty[s] and all(left[g] > 0 for g in self.gigs[s][k]):
                columns[s] = k
                for g in self.gigs[s][k]:
                    left[g] -= 1
        values = [self.values[s][k] if k >= 0 else int(self.empty[s]) for s, k in enumerate(columns)]
        return Choice(columns, values, False)

    def _fraction(self, s: int, k: int) -> float:
        row = self.fractions[s] if s < len(self.fractions) else []
        return row[k] if k < len(row) else 0.0

    def fairest(self, alone: np.ndarray, *, time_limit: float | None, seed: int) -> tuple[Fraction, Choice]:
        """The largest minimum of ``value / alone`` over students with ``alone > 0``, exactly, and a choice at it.

        First the largest level on a grid of ``1 / GRID``, then the exact
        share of that choice raised while some choice beats it strictly.
        """
        model, picks, _ = self._model(None)
        level = model.new_int_var(0, GRID, "level")
        for s in np.flatnonzero(alone > 0).tolist():
            model.add(self._value(picks, s) * GRID >= level * int(alone[s]))
        model.maximize(level)
        choice = self._solve(model, picks, time_limit, seed)
        if not choice.found:
            return Fraction(0), choice
        while True:
            share = min((Fraction(int(v), int(a)) for v, a in zip(choice.values, alone) if a > 0), default=Fraction(1))
            model, picks, _ = self._model(None)
            for s in np.flatnonzero(alone > 0).tolist():  # strictly above the share reached
                model.add(self._value(picks, s) * share.denominator >= share.numerator * int(alone[s]) + 1)
            better = self._solve(model, picks, time_limit, seed)
            if not better.found:
                return share, Choice(choice.columns, choice.values, better.proven and choice.proven)
            # (a strictly fairer choice was found: go on from it)
            choice = better

    def _model(
        self, at_least: np.ndarray | None, among: Among | None = None
    ) -> tuple[cp_model.CpModel, list[list[_Var]], cp_model.LinearExpr]:
        model = cp_model.CpModel()
        picks = [[model.new_bool_var(f"c{s}_{k}") for k in range(len(v))] for s, v in enumerate(self.values)]
        users: list[list[cp_model.IntVar]] = [[] for _ in self.capacity]
        for s, vars_ in enumerate(picks):
            if among is None:
                model.add_at_most_one(vars_)
            else:
                kept = set(among.columns[s])
                for k, var in enumerate(vars_):
                    if k not in kept:
                        model.add(var == 0)
                (model.add_exactly_one if among.one[s] else model.add_at_most_one)(vars_)
            for var, taken in zip(vars_, self.gigs[s]):
                for g in taken:
                    users[g].append(var)
            if at_least is not None:
                model.add(self._value(picks, s) >= int(at_least[s]))
        for g, used in enumerate(users):
            if len(used) > self.capacity[g]:
                model.add(sum(used) <= int(self.capacity[g]))
        total = cp_model.LinearExpr.sum([self._value(picks, s) for s in range(len(picks))])
        return model, picks, total

    def _value(self, picks: list[list[cp_model.IntVar]], s: int) -> cp_model.LinearExpr:
        """Student ``s``'s value: its column's, or ``empty[s]`` when it has none."""
        empty = int(self.empty[s])
        gains = [v - empty for v in self.values[s]]
        return cp_model.LinearExpr.weighted_sum(picks[s], gains) + empty

    def _solve(
        self, model: cp_model.CpModel, picks: list[list[cp_model.IntVar]], time_limit: float | None, seed: int
    ) -> Choice:
        params = {"num_workers": 1, "random_seed": seed, "presolve_inclusion_work_limit": 0, "linearization_level": 2}
        code, solver, _ = run(model, params, time_limit=time_limit)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Choice([], [], code == cp_model.INFEASIBLE, found=False)
        columns, values = [], []
        for s, vars_ in enumerate(picks):
            chosen = [k for k, var in enumerate(vars_) if solver.boolean_value(var)]
            columns.append(chosen[0] if chosen else -1)
            values.append(self.values[s][chosen[0]] if chosen else int(self.empty[s]))
        return Choice(columns, values, code == cp_model.OPTIMAL)


_Var = cp_model.IntVar


@dataclass(frozen=True)
class Among:
    """The columns an integer master may choose from: per student, their numbers, and whether it must take one."""

    columns: list[list[int]]
    one: list[bool]


GRID = 1_000_000  #: first pass of the fairest choice: the minimum share to a millionth


@dataclass(frozen=True)
class Choice:
    """One column per student (-1: none), the students' values, and whether it is proven best.

    Without ``found``, ``proven`` says whether no choice at all is proven.
    """

    columns: list[int]
    values: list[int]
    proven: bool
    found: bool = True
