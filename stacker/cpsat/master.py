"""The master model: which gigs to take and for how many hours, not where.

The value of a plan depends only on which fixed gigs it takes and how many
hours each flexible gig gets, not on where the flexible blocks sit. The
master decides exactly that:

- ``x[i]``: take fixed gig ``i``;
- ``u[f]``: take flexible gig ``f``; ``t[f]``: its grid steps in the week,
  restricted to the totals its free runs can hold in blocks of at least
  ``min_block`` (``Flexible.totals``); under daily caps, ``n[f][d]``: its
  steps on day ``d``, summing to ``t[f]``.

Constraints, in the order :meth:`Master.build` adds them:

1. at most one fixed gig of each clique of overlapping sessions (sweep line),
   and no two fixed gigs at places too close in time for the travel between
   them (:mod:`stacker.presolve.travel`'s bicliques: all at once when they
   are few, else each cut down to the gigs of most value per minute at once
   and the whole of those a master solution breaks, added and solved again by
   :mod:`stacker.cpsat.search`: a master without some is still a relaxation);
2. a flexible gig takes one of its possible totals when taken, none otherwise;
3. capacity of each region (per day when daily caps apply): the blocks of
   the flexible gigs that must lie inside it, plus the minutes of the fixed
   gigs taken inside it, fit in its minutes;
4. the weekly and daily hour caps;
5. the minimums: the week's pay and gig hours at least ``min_week_pay`` and
   ``min_work_hours``;
6. the rules' ``max_gigs``: at most that many gigs taken.

Every plan gives a master solution of the same value, so the master is a
relaxation; :mod:`stacker.cpsat.search` checks its answers by placing the
blocks and adds a cut when a placement fails. The objective is
``T * value - minutes``: the most valuable plan and, among plans of equal
value, the one with the fewest gig minutes (``T`` is one more than the most
gig minutes a plan can hold). Other criteria (:mod:`stacker.presolve.units`)
replace ``value`` the same way; required gigs are fixed to be taken, and
callers may add bounds on criteria, no-good constraints and the like.
"""

from __future__ import annotations

import math

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.prepare import Prepared
from ..presolve.units import SCALE, Coefficients, coefficients
from ..problem.week import DAY

_INT64_SAFE = 2**60
#: Travel bicliques with at most this many members in all go into the master at once; more (a large pool's
#: tens of thousands) join it lazily, those a master solution breaks (:meth:`Master.travel_violations`).
EAGER_TRAVEL = 5_000
#: Above EAGER_TRAVEL, each biclique cut down to the fixed gigs among this many of most value per minute goes in
#: at once (a part of a biclique holds too); the answers of a 10^5 pool take their ~20 gigs among the 30 densest,
#: so the first answer mostly breaks none and the master is solved once instead of twice.
PROMISING = 64


class _Bicliques:
    """The prepared travel bicliques as flat arrays, and which of them the model has."""

    def __init__(self, bicliques: list[tuple[np.ndarray, np.ndarray]]):
        sides = np.array([(len(a), len(b)) for a, b in bicliques], dtype=np.int64).reshape(-1, 2)
        self.size = int(sides.sum())
        self.members = np.concatenate([side for pair in bicliques for side in pair]) if bicliques else np.zeros(0, int)
        self.left = np.repeat(np.tile([True, False], len(bicliques)), sides.reshape(-1))  # each one's left side
        self.owner = np.repeat(np.arange(len(bicliques)), sides.sum(axis=1))
        self.added = np.zeros(len(bicliques), dtype=bool)

    def broken(self, fixed: np.ndarray) -> np.ndarray:
        """Bicliques not added with a gig taken on both sides."""
        if not len(self.members):
            return np.zeros(0, dtype=np.int64)
        on = fixed.astype(bool)[self.members]
        count = len(self.added)
        left = np.bincount(self.owner[on & self.left], minlength=count) > 0
        right = np.bincount(self.owner[on & ~self.left], minlength=count) > 0
        return np.flatnonzero(left & right & ~self.added)

    def take(self, ks: np.ndarray) -> list[int]:
        """Those of ``ks`` not added yet, now marked added."""
        new = [int(k) for k in ks if not self.added[k]]
        self.added[new] = True
        return new


class Master:
    """Builds and re-solves the master model, accumulating placement cuts."""

    def __init__(self, prepared: Prepared, *, daily: bool | None = None):
        self.prepared = prepared
        self.model = cp_model.CpModel()
        # per-day steps of flexible gigs (under daily caps); without them, the daily caps hold for the
        # fixed gigs only and the placement checks them for the flexible ones
        self.daily = prepared.day_caps is not None if daily is None else daily and prepared.day_caps is not None
        self.x: list[cp_model.IntVar] = []
        self.u: list[cp_model.IntVar] = []
        self.t: list[cp_model.IntVar] = []  # per flexible gig, steps in the week
        self.n: list[list[cp_model.IntVar | int]] = []  # per flexible gig, steps per day (0: no cells) or [t]
        self.tie_factor = 1
        self._equal: dict[tuple[int, int], cp_model.IntVar] = {}
        self._upper: dict[int, int] = {}  # variable index -> upper bound
        self._coefficients: dict[str, Coefficients] = {}

    def _int_var(self, upper: int, name: str) -> cp_model.IntVar:
        var = self.model.new_int_var(0, upper, name)
        self._upper[var.index] = upper
        return var

    def build(self, *, objective: bool = True) -> Master:
        """Add the variables and constraints, and (unless ``objective`` is False: the caller sets one) the value."""
        p = self.prepared
        self.x = [self.model.new_bool_var(f"x{i}") for i in range(len(p.fixed))]
        for f, flex in enumerate(p.flexible):
            self.u.append(self.model.new_bool_var(f"u{f}"))
            total = self.model.new_int_var_from_domain(cp_model.Domain.from_values([0, *flex.totals.tolist()]), f"t{f}")
            self._upper[total.index] = int(flex.totals[-1])
            self.t.append(total)
            if self.daily:
                self.n.append([self._int_var(int(c), f"n{f}_{d}") if c else 0 for d, c in enumerate(flex.day_cells)])
                self.model.add(sum(self.n[f]) == total)
            else:
                self.n.append([total])
        self._add_cliques()
        self._travel = _Bicliques(self.prepared.travel_bicliques)
        if self._travel.size <= EAGER_TRAVEL:
            self.add_bicliques(np.arange(len(self.prepared.travel_bicliques)))
        else:
            self._add_promising_bicliques()
        self._add_hours()
        self._add_regions()
        self._add_caps()
        if self.prepared.counts_travel:
            self._add_travel_bound()
        self._add_minimums()
        self._add_max_gigs()
        for i in self.prepared.required_fixed:
            self.model.add(self.x[i] == 1)
        for f in self.prepared.required_flexible:
            self.model.add(self.u[f] == 1)
        if objective:
            self.set_objective({"value": 1})
        return self

    def _add_cliques(self) -> None:
        starts, members = self.prepared.clique_starts, self.prepared.clique_members
        for k in range(len(starts) - 1):
            self.model.add_at_most_one([self.x[m] for m in members[starts[k] : starts[k + 1]]])

    def travel_violations(self, fixed: np.ndarray) -> np.ndarray:
        """The travel bicliques not in the model yet that these fixed gigs taken break (positions)."""
        return self._travel.broken(fixed)

    def add_bicliques(self, ks: np.ndarray) -> None:
        """No fixed gig of a biclique's one side with one of its other (they cannot keep the travel gap).

        One Boolean per biclique says which side may be taken; a side of one
        gig needs none (an at-most-one with each gig of the other side).
        """
        for k in self._travel.take(ks):
            self._add_biclique(*self.prepared.travel_bicliques[k])

    def _add_promising_bicliques(self) -> None:
        """Each biclique cut down to the ``PROMISING`` fixed gigs of most value per minute (when both sides keep one).

        Not marked added: the whole biclique still joins when an answer breaks it.
        """
        p = self.prepared
        density = p.fixed_units / np.maximum(p.fixed_minutes, 1)
        top = np.zeros(len(p.fixed), dtype=bool)
        top[np.argsort(-density, kind="stable")[:PROMISING]] = True
        seen: set[tuple[bytes, bytes]] = set()
        for left, right in p.travel_bicliques:
            left, right = left[top[left]], right[top[right]]
            key = (left.tobytes(), right.tobytes())
            if len(left) and len(right) and key not in seen:
                seen.add(key)
                self._add_biclique(left, right)

    def _add_biclique(self, left: np.ndarray, right: np.ndarray) -> None:
        if len(left) == 1 or len(right) == 1:
            one, other = (left, right) if len(left) == 1 else (right, left)
            for j in other:
                self.model.add_at_most_one([self.x[int(one[0])], self.x[int(j)]])
            return
        side = self.model.new_bool_var("")
        for i in left:
            self.model.add_implication(self.x[int(i)], side)
        for j in right:
            self.model.add_implication(self.x[int(j)], ~side)

    def _add_hours(self) -> None:
        for f, flex in enumerate(self.prepared.flexible):
            self.model.add(self.t[f] >= int(flex.totals[0]) * self.u[f])
            self.model.add(self.t[f] <= int(flex.totals[-1]) * self.u[f])

    def _add_regions(self) -> None:
        p = self.prepared
        for region in p.regions:
            days = range(7) if self.daily else [None]
            for day in days:
                cap = int(region.day_minutes.sum() if day is None else region.day_minutes[day])
                terms, coefs = [], []
                for f in region.members:
                    var = self.n[f][0 if day is None else day]
                    if not isinstance(var, int):
                        terms.append(var)
                        coefs.append(p.flexible[f].grid)
                pick = slice(None) if day is None else region.fixed_day == day
                for i, minutes in zip(region.fixed[pick], region.fixed_minutes[pick]):
                    terms.append(self.x[i])
                    coefs.append(int(minutes))
                if terms:
                    self._add_at_most(terms, coefs, cap)

    def _add_at_most(self, terms: list[cp_model.IntVar], coefs: list[int], cap: int) -> None:
        """``sum(coefs * terms) <= cap``, unless no assignment could break it."""
        most = sum(c * self._upper.get(t.index, 1) for c, t in zip(coefs, terms))
        if most > cap:
            self.model.add(cp_model.LinearExpr.weighted_sum(terms, coefs) <= cap)

    def _add_caps(self) -> None:
        p = self.prepared
        terms = list(self.x) + [v for row in self.n for v in row if not isinstance(v, int)]
        coefs = p.fixed_minutes.tolist() + [
            flex.grid for flex, row in zip(p.flexible, self.n) for v in row if not isinstance(v, int)
        ]
        self._add_at_most(terms, coefs, p.work_cap)
        if p.day_caps is None:
            return
        for day in range(7):
            column = p.fixed_day_minutes[:, day]
            used = np.flatnonzero(column)
            terms, coefs = [self.x[i] for i in used], column[used].tolist()
            if self.daily:
                for flex, row in zip(p.flexible, self.n):
                    var = row[day]
                    if not isinstance(var, int):
                        terms.append(var)
                        coefs.append(flex.grid)
            self._add_at_most(terms, coefs, int(p.day_caps[day]))

    def _add_travel_bound(self) -> None:
        """Counted travel (``rules.travel_counts``): a lower bound on each day's travel in the caps.

        On a day, every place with something there but the first is arrived
        at from elsewhere at least once, each in a leg of its own: the day's
        travel is at least the sum, over those places, of the least travel
        into each (``used[p]``: something at ``p`` that day, from the
        commitments, the fixed gigs taken and, with per-day steps, the
        flexible gigs; ``first[p]``: the one place spared). A relaxation of
        any plan's travel, so the master stays one; the placement and the
        cuts of :mod:`stacker.cpsat.search` keep the travel exact.
        """
        p = self.prepared
        count = len(p.travel.places)
        into = least_into(p.travel.minutes)
        if not into.any():
            return
        places = p.fixed_place[p.fixed_pieces[:, 2]]
        at = p.commitment_places
        day_bounds = []
        for day in range(7):
            used = [self.model.new_bool_var("") for _ in range(count)]
            here = at[(at[:, 0] // DAY == day) & (at[:, 2] >= 0)]
            for q in set(here[:, 2].tolist()):
                self.model.add(used[q] == 1)
            rows = (p.fixed_pieces[:, 0] // DAY == day) & (places >= 0)
            for i, q in set(zip(p.fixed_pieces[rows, 2].tolist(), places[rows].tolist())):
                self.model.add_implication(self.x[i], used[q])
            if self.daily:
                for flex, row in zip(p.flexible, self.n):
                    var = row[day]
                    if flex.place >= 0 and not isinstance(var, int):
                        self.model.add(var <= int(flex.day_cells[day]) * used[flex.place])
            day_bounds.append(travel_floor(self.model, used, into))
        gig_minutes = cp_model.LinearExpr.weighted_sum(self.x, p.fixed_minutes.tolist()) + sum(
            flex.grid * total for flex, total in zip(p.flexible, self.t)
        )
        self.model.add(gig_minutes + sum(day_bounds) <= p.total_cap)
        if p.day_caps is None:
            return
        for day in range(7):
            column = p.fixed_day_minutes[:, day]
            used_rows = np.flatnonzero(column)
            terms = cp_model.LinearExpr.weighted_sum([self.x[i] for i in used_rows], column[used_rows].tolist())
            if self.daily:
                terms += sum(
                    flex.grid * row[day] for flex, row in zip(p.flexible, self.n) if not isinstance(row[day], int)
                )
            self.model.add(terms + day_bounds[day] <= int(p.day_caps[day]))

    def _add_minimums(self) -> None:
        limits = self.prepared.problem.limits
        if limits.min_week_pay:
            self.model.add(self.criterion("pay") >= math.ceil(limits.min_week_pay * SCALE["pay"] - 1e-6))
        if limits.min_work_hours:  # "hours" is minus the minutes
            self.model.add(self.criterion("hours") <= -math.ceil(limits.min_work_hours * 60 - 1e-9))

    def _add_max_gigs(self) -> None:
        """The rules' ``max_gigs``: at most that many gigs taken.

        The presolve's dominance stays exact under it: each of its rules
        replaces one gig by another, which keeps the number of gigs.
        """
        most = self.prepared.problem.rules.max_gigs
        if most is not None and len(self.x) + len(self.u) > most:
            self.model.add(sum(self.x) + sum(self.u) <= most)

    def coefficients(self, name: str) -> Coefficients:
        if name not in self._coefficients:
            self._coefficients[name] = coefficients(self.prepared, name)
        return self._coefficients[name]

    def forget_values(self) -> None:
        """The prepared values changed (:meth:`Search.reprice`): compute the criteria again when asked."""
        self._coefficients.clear()

    def criterion(self, name: str) -> cp_model.LinearExpr:
        """Criterion ``name`` as a linear expression of the master's variables (integer units)."""
        return self._linear(self.coefficients(name))

    def _linear(self, c: Coefficients) -> cp_model.LinearExpr:
        return (
            cp_model.LinearExpr.weighted_sum(self.x, c.fixed.tolist())
            + cp_model.LinearExpr.weighted_sum(self.t, c.step.tolist())
            + cp_model.LinearExpr.weighted_sum(self.u, c.flat.tolist())
        )

    def set_objective(self, weights: dict[str, int]) -> None:
        """Maximize ``T * sum(weight * criterion) - minutes`` (the tie-break toward fewer hours)."""
        p = self.prepared
        parts = [(w, self.coefficients(name)) for name, w in weights.items()]
        combined = Coefficients(*(sum(w * getattr(c, key) for w, c in parts) for key in ("fixed", "step", "flat")))
        totals = np.array([int(fl.totals[-1]) for fl in p.flexible], dtype=np.int64)
        most_minutes = int(p.fixed_minutes.sum()) + sum(len(fl.cells) * fl.grid for fl in p.flexible)
        most_units = int(np.abs(combined.fixed).sum() + (np.abs(combined.step) * totals).sum())
        most_units += int(np.abs(combined.flat).sum())
        self.tie_factor = min(p.work_cap, most_minutes) + 1
        if most_units * self.tie_factor >= _INT64_SAFE:
            self.tie_factor = 1  # too large to add the tie-break safely: the criteria only
        tie = self.tie_factor
        objective = Coefficients(combined.fixed * tie, combined.step * tie, combined.flat * tie)
        if tie > 1:
            minutes = self.coefficients("hours")  # minus the minutes
            objective = Coefficients(objective.fixed + minutes.fixed, objective.step + minutes.step, objective.flat)
        self.model.maximize(self._linear(objective))

    def cut(self, fixed: list[int], steps: dict[int, int], *, exact: bool = False) -> None:
        """Forbid taking all of ``fixed`` together with exactly ``steps`` of these flexible gigs.

        With ``exact``, forbid this one choice only: these fixed gigs and no
        other, exactly these steps of every flexible gig (none for those not
        in ``steps``). What counted travel needs when a short stop in between
        may shorten a day's travel (:attr:`stacker.presolve.travel.Travel.saving`).
        """
        clause = [~self.x[i] for i in fixed]
        if exact:
            taken = set(fixed)
            clause += [self.x[i] for i in range(len(self.x)) if i not in taken]
            steps = {f: steps.get(f, 0) for f in range(len(self.t))}
        for f, h in steps.items():
            key = (f, h)
            if key not in self._equal:
                equal = self.model.new_bool_var(f"eq{f}_{h}")
                self.model.add(self.t[f] == h).only_enforce_if(equal)
                self.model.add(self.t[f] != h).only_enforce_if(~equal)
                self._equal[key] = equal
            clause.append(~self._equal[key])
        self.model.add_bool_or(clause)


def least_into(minutes: np.ndarray) -> np.ndarray:
    """Per place, the fewest travel minutes into it from another place (``minutes``: the travel table)."""
    count = len(minutes)
    if count < 2:
        return np.zeros(count, dtype=np.int64)
    apart = minutes.copy()
    np.fill_diagonal(apart, np.iinfo(np.int64).max)
    return apart.min(axis=0)


def travel_floor(model: cp_model.CpModel, used: list[cp_model.IntVar], into: np.ndarray) -> cp_model.LinearExpr:
    """A lower bound on a day's counted travel: every place ``used`` that day but one (``first``, which the
    model picks) is arrived at from elsewhere, at least ``into`` minutes each (see :meth:`Master._add_travel_bound`).
    The term master (:mod:`.term`) bounds a term day's travel with it too."""
    first = [model.new_bool_var("") for _ in used]
    model.add_at_most_one(first)
    for q, flag in enumerate(first):
        model.add_implication(flag, used[q])
    weights = into.tolist()
    return cp_model.LinearExpr.weighted_sum(used, weights) - cp_model.LinearExpr.weighted_sum(first, weights)
