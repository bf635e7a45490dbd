"""The term model: a master over the whole term and a placement per week, with cuts per week.

This extends the week's decomposition (``docs/model.md``) to a term:

- the **master** decides what the value depends on: ``x[i]`` take fixed gig
  ``i`` (all its occurrences in the term); ``u[f]`` take flexible gig or
  project ``f``; ``n[f][w]`` its grid steps in week ``w``, one of the
  counts its blocks can make in that week's free runs
  (:attr:`~stacker.presolve.term.Candidate.totals`). A weekly
  flexible gig has ``lo <= n[f][w] <= hi`` in each of its weeks when taken;
  a project has ``sum_w n[f][w] = total`` over the weeks up to its due date,
  each at most ``max_week_hours``. Fixed occurrences that overlap are
  at-most-one cliques (sweep line over the term), and so are two at
  different places too close to keep the travel gap on some date
  (:attr:`~stacker.presolve.term.TermPrepared.travel_pairs`); per week, each region
  (the usable minutes of a gig) holds the steps of the gigs inside it and
  the fixed minutes inside it (a region at least as large as the week's
  caps allow is left out: its row is implied); the caps hold per week (``max_hours``,
  ``max_work_hours``), per pair of weeks (``max_fortnight_work_hours``) and
  per day for the fixed gigs (``max_day_hours``; the flexible hours' days are
  checked by the placement), the rules' ``max_gigs`` per week, and the
  minimums per week (``min_week_pay``: hourly pay for the week's minutes,
  the weekly pay of the gigs paid that week, and each project's fee in the
  week of its last work, ``l[f][w]``; ``min_work_hours``: the week's gig
  minutes). Every plan maps to a master solution of the
  same value, so the master's optimum bounds the plan's value;
  Under ``max_day_hours`` the master also holds, per week and per set of
  days on which some gigs may work, their steps with the fixed and
  committed minutes of those days within the days' caps (again left out
  where the week's caps imply it);
- the **placement** of each week (:mod:`.term_placement`) is independent of
  the other weeks given the master (a block never runs past Sunday
  midnight), but for the travel between blocks at different places across a
  Sunday midnight: two weeks whose blocks come too close there are placed
  again together, and a run of weeks that cannot be gets a cut on its
  choice (:mod:`.term_boundary`); a week whose hours cannot be placed adds a cut to the master
  that forbids its choice: the fixed gigs taken that touch the week
  together with exactly those steps of the gigs working that week (more
  fixed gigs or more gigs working only leave less room, so the cut removes
  no plan). The cut is made small first: a deletion filter drops each gig
  whose absence still leaves the week unplaceable. When the week cannot be
  placed even without the min-block rule (a matter of room, where more
  steps never fit where fewer did not), the cut forbids those steps *or
  more* instead of exactly those. When the cut's gigs cannot work as many
  minutes together in any way (:func:`.term_placement.most_minutes`, weekly
  gigs at least their hours), the cut is on their total minutes instead.
  Each cut is added in every week where it holds too (:mod:`.term_cuts`).
  With travel, the fixed gigs that touch a week include those within the
  longest travel of it (their travel zones reach into it), so the cuts stay
  valid.
  The first master optimum whose weeks can all be placed is an optimal plan.
- **counted travel** (``rules.travel_counts``): the master bounds each
  day's travel from below in its day's and week's caps
  (:meth:`TermMaster._travel_bound`), every week's placement counts it
  exactly, and the cuts hold in their week only, exact ones when a stop in
  between may shorten a day's travel (``docs/model.md``, "Counted travel on
  a term").

The objective is ``T * value - minutes`` as in the week (fewest hours among
equal values), in the integer units of :mod:`stacker.presolve.units`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ..presolve.term import Candidate, TermPrepared, travel_reach
from ..presolve.travel import REMOTE
from ..problem.week import DAY, WEEK
from .master import least_into, travel_floor
from .run import run
from .term_boundary import place_across
from .term_core import SwitchedWeek
from .term_cuts import Cut, cut_week
from .term_placement import Stopped, greedy_week, place_week

#: The master's parameters: no inclusion presolve (OR-Tools issue 5293, see docs/model.md), the full LP
#: relaxation, and the LP-guided search (on generated 16-week terms of 30-60 gigs it proved the master
#: 1.3-3x sooner than the default search), without the MIR, Chvatal-Gomory and zero-half cuts (on the
#: terms of ``python -m benchmarks term``, 16 weeks of 30-60 gigs, they took 4.7x the deterministic time), and
#: without presolve probing (the 1,000-gig mixed pool of the benchmarks: 0.37-1.03 deterministic seconds over six
#: random seeds, 0.63-2.63 over three with it; neutral on 30 generated 60-gig terms).
PARAMS = {
    "presolve_inclusion_work_limit": 0,
    "cp_model_probing_level": 0,
    "linearization_level": 2,
    "num_workers": 1,
    "search_branching": cp_model.LP_SEARCH,
    "add_mir_cuts": False,
    "add_cg_cuts": False,
    "add_zero_half_cuts": False,
}

#: With counted travel, the master's travel bounds need the cuts PARAMS leaves out: on a generated 16-week term of
#: 60 gigs at 3 places, its first master was proven in 1.5 s with them, not in 20 s without (nor with the default
#: search or presolve probing).
TRAVEL_CUTS = {"add_mir_cuts": True, "add_cg_cuts": True, "add_zero_half_cuts": True}


@dataclass
class TermResult:
    """What the term model answers."""

    status: str  # "optimal", "feasible", "infeasible", "unknown"
    taken: list[int] = field(default_factory=list)  # candidate indices
    steps: dict[int, dict[int, int]] = field(default_factory=dict)  # candidate -> week -> steps
    blocks: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # candidate -> placed blocks
    bound_units: int | None = None  # upper bound on the value, in value units
    reasons: list[str] = field(default_factory=list)
    rounds: int = 0


class TermMaster:
    """The master model of a term (see the module docstring)."""

    def __init__(self, prepared: TermPrepared, *, regions: bool = True):
        self.prepared = prepared
        self.model = cp_model.CpModel()
        self.x: dict[int, cp_model.IntVar] = {}
        self.u: dict[int, cp_model.IntVar] = {}
        self.n: dict[int, dict[int, cp_model.IntVar]] = {}
        self.most: dict[tuple[int, int], int] = {}  # (candidate, week) -> the most steps n[f][w] may take
        self.week_cells: dict[tuple[int, int], frozenset[int]] = {}  # (candidate, week) -> its cells from Monday
        self._variables()
        self._fixed_days: dict[int, list[tuple[int, int]]] = {}  # day -> (fixed gig, its minutes that day)
        for j in self.x:
            for day, minutes in prepared.candidates[j].day_minutes.items():
                self._fixed_days.setdefault(day, []).append((j, minutes))
        self._cliques()
        if regions:
            self._regions()
        self._caps()
        if prepared.counts_travel:
            self._travel_bound()
        self._required()
        self._max_gigs()
        self._minimums()
        self._objective()

    def _variables(self) -> None:
        for i, c in enumerate(self.prepared.candidates):
            if c.kind == "fixed":
                self.x[i] = self.model.new_bool_var(f"x{i}")
                continue
            self.u[i] = u = self.model.new_bool_var(f"u{i}")
            self.n[i] = {}
            for w in c.weeks:
                most = c.room[w] if c.week_max is None else min(c.room[w], c.week_max)
                most = min(most, c.hi)
                self.n[i][w] = n = self.model.new_int_var_from_domain(_steps(c, w, most), f"n{i}_{w}")
                self.most[i, w] = most
                self.model.add(n <= most * u)
                if c.kind == "weekly":
                    self.model.add(n >= c.lo * u)
                elif c.block > 1:  # a project's week: no work, or at least one block
                    works = self.model.new_bool_var(f"y{i}_{w}")
                    self.model.add(n >= c.block * works)
                    self.model.add(n <= most * works)
            if c.kind == "project":
                self.model.add(sum(self.n[i].values()) == c.lo * u)

    def _cliques(self) -> None:
        """At most one of the fixed gigs whose occurrences share a minute (sweep line over the term), or that are
        too close to travel between."""
        events = sorted((s, e, i) for i in self.x for s, e in self.prepared.candidates[i].occurrences)
        active: list[tuple[int, int]] = []
        seen: set[frozenset[int]] = set()
        for s, e, i in events:
            active = [(end, j) for end, j in active if end > s] + [(e, i)]
            gigs = frozenset(j for _, j in active)
            if len(gigs) > 1 and gigs not in seen:
                seen.add(gigs)
                self.model.add_at_most_one(self.x[j] for j in gigs)
        for i, j in self.prepared.travel_pairs:  # too close to travel between, on some date
            self.model.add_bool_or([self.x[i].Not(), self.x[j].Not()])

    def _regions(self) -> None:
        """Per week, each region's minutes hold the steps of the gigs and the fixed minutes inside it.

        The regions of a week: each gig's usable minutes, the union of each
        two that overlap, and the union of each group that overlaps (a
        connected component).
        """
        candidates = self.prepared.candidates
        spans_in: dict[int, dict[int, list[tuple[int, int]]]] = {}  # week -> fixed gig -> its occurrences touching it
        for j in self.x:
            for s, e in candidates[j].occurrences:
                for w in range(s // WEEK, (e - 1) // WEEK + 1):
                    spans_in.setdefault(w, {}).setdefault(j, []).append((s, e))
        for w in range(self.prepared.calendar.weeks):
            lo = w * WEEK
            masks: dict[int, np.ndarray] = {}
            for i, steps in self.n.items():
                if w in steps:
                    c = candidates[i]
                    mask = np.zeros(WEEK, dtype=bool)
                    starts = c.cells[(c.cells >= lo) & (c.cells < lo + WEEK)] - lo
                    mask[(starts[:, None] + np.arange(c.grid)).ravel()] = True
                    masks[i] = mask
            if not masks:
                continue
            fixed: dict[int, np.ndarray] = {}
            for j, spans in spans_in.get(w, {}).items():
                fixed[j] = np.zeros(WEEK, dtype=bool)
                for s, e in spans:
                    fixed[j][max(s, lo) - lo : min(e, lo + WEEK) - lo] = True
            self._region_rows(w, masks, fixed)
            self._day_sets(w, masks, fixed)

    def _region_rows(self, w: int, masks: dict[int, np.ndarray], fixed: dict[int, np.ndarray]) -> None:
        """One row per distinct region of week ``w``: the steps of the gigs inside it and the fixed minutes in it fit.

        The week's minutes are cut into stretches on which no mask changes, so
        that the regions are worked out on a few hundred stretches, not 10,080
        minutes; gigs with the same usable minutes share their regions.
        """
        candidates = self.prepared.candidates
        gigs = list(masks)
        stack = np.array([masks[i] for i in gigs])
        spans = np.array(list(fixed.values())) if fixed else np.zeros((0, WEEK), dtype=bool)
        every = np.vstack([stack, spans])
        cuts = np.flatnonzero(np.diff(every, axis=1).any(axis=0)) + 1
        starts = np.concatenate(([0], cuts))
        lengths = np.diff(np.concatenate((starts, [WEEK])))
        gig_rows, kind = np.unique(stack[:, starts], axis=0, return_inverse=True)  # distinct masks, each gig's
        kind = np.asarray(kind).ravel()
        regions = np.unique(np.array(_regions_of(list(gig_rows))), axis=0)
        inside = (gig_rows.astype(np.int32) @ (~regions).T.astype(np.int32)) == 0  # distinct mask within region
        fixed_minutes = (regions * lengths) @ spans[:, starts].T.astype(np.int64) if fixed else None
        fixed_ids = list(fixed)
        room = self._week_room(w)
        for r, region in enumerate(regions):
            if room is not None and int((region * lengths).sum()) >= room:
                continue  # implied by the week's cap
            work = [candidates[i].grid * self.n[i][w] for i, k in zip(gigs, kind, strict=True) if inside[k, r]]
            taken = []
            if fixed_minutes is not None:
                taken = [int(m) * self.x[j] for j, m in zip(fixed_ids, fixed_minutes[r], strict=True) if m]
            self.model.add(sum(work) + sum(taken) <= int((region * lengths).sum()))

    def _day_sets(self, w: int, masks: dict[int, np.ndarray], fixed: dict[int, np.ndarray]) -> None:
        """Under a daily cap: the gigs that may work only on a set of days fit in those days.

        For each such set: their steps are at most ``sum_d z_d`` over its days,
        where ``z_d`` is at most the day's room under the cap (less the fixed
        gigs taken that day) and at most the free minutes of their windows
        that day (less the fixed gigs taken inside them).
        """
        p = self.prepared
        cap = p.cap(w, "max_day_hours")
        if cap is None:
            return
        days = {i: frozenset(np.flatnonzero(mask.reshape(7, -1).any(axis=1)).tolist()) for i, mask in masks.items()}
        ids = list(fixed)
        spans = np.array([fixed[j].reshape(7, -1) for j in ids]) if ids else np.zeros((0, 7, DAY), dtype=bool)
        most = self._week_room(w)
        for chosen in set(days.values()):
            inside = [j for j, d in days.items() if d <= chosen]
            window = np.any([masks[j] for j in inside], axis=0).reshape(7, -1)
            order = sorted(chosen)
            left = [max(cap - int(p.counted_day[7 * w + d]), 0) for d in order]
            if most is not None and sum(min(a, int(window[d].sum())) for a, d in zip(left, order, strict=True)) >= most:
                continue  # implied by the week's cap (less the fixed gigs taken on these days, at most all of theirs)
            room = []
            for d, free in zip(order, left, strict=True):
                z = self.model.new_int_var(0, DAY, f"z{w}_{d}")
                on_day = [m * self.x[j] for j, m in self._fixed_days.get(7 * w + d, [])]
                inward = np.count_nonzero(spans[:, d, :] & window[d], axis=1)
                in_window = [int(m) * self.x[j] for j, m in zip(ids, inward, strict=True) if m]
                self.model.add(z + sum(on_day) <= free)
                self.model.add(z + sum(in_window) <= int(window[d].sum()))
                room.append(z)
            self.model.add(sum(p.candidates[j].grid * self.n[j][w] for j in inside) <= sum(room))

    def _week_room(self, w: int) -> int | None:
        """The most gig minutes week ``w``'s caps leave (``max_hours``, ``max_work_hours``; None: no cap).

        A region at least this large holds whatever the caps let in: its row is implied and left out.
        """
        p = self.prepared
        work, total = p.cap(w, "max_work_hours"), p.cap(w, "max_hours")
        rooms = [] if work is None else [work - int(p.work_week[w])]
        rooms += [] if total is None else [total - int(p.counted_week[w])]
        return min(rooms, default=None)

    def week_minutes(self, w: int) -> list:
        """Gig minutes in week ``w`` as linear terms."""
        c = self.prepared.candidates
        terms = [c[i].week_minutes[w] * x for i, x in self.x.items() if w in c[i].week_minutes]
        return terms + [c[i].grid * steps[w] for i, steps in self.n.items() if w in steps]

    def _caps(self) -> None:
        p = self.prepared
        for w in range(p.calendar.weeks):
            terms = self.week_minutes(w)
            work, total = p.cap(w, "max_work_hours"), p.cap(w, "max_hours")
            if work is not None and terms:
                self.model.add(sum(terms) + int(p.work_week[w]) <= work)
            if total is not None and terms:
                self.model.add(sum(terms) + int(p.counted_week[w]) <= total)
        for w in range(p.calendar.weeks - 1):
            cap = p.fortnight_cap(w)
            terms = self.week_minutes(w) + self.week_minutes(w + 1)
            if cap is not None and terms:
                self.model.add(sum(terms) + int(p.work_week[w] + p.work_week[w + 1]) <= cap)
        by_day: dict[int, list] = {}
        for i, x in self.x.items():
            for d, minutes in p.candidates[i].day_minutes.items():
                by_day.setdefault(d, []).append(minutes * x)
        for d, terms in by_day.items():
            cap = p.cap(min(d // 7, p.calendar.weeks - 1), "max_day_hours")
            if cap is not None:
                self.model.add(sum(terms) + int(p.counted_day[d]) <= cap)

    def _travel_bound(self) -> None:
        """Counted travel (``rules.travel_counts``): a lower bound on each day's travel in its day's and week's caps.

        As in the week's master (:func:`.master.travel_floor`): every place
        with something there that day but one is arrived at from elsewhere,
        at least the least travel into it each. Something is at a place on a
        day when a commitment is, a fixed gig taken has minutes there that
        day, or a gig at that place works that day: ``on[f][d]``, and a gig's
        steps in a week are at most the cells of the days it works on. Days
        where at most one place can be used have no travel and no bound. A
        relaxation of any plan's travel, so the master stays one; the
        placement counts the travel exactly (:mod:`.term_placement`).
        """
        p, candidates = self.prepared, self.prepared.candidates
        into = least_into(p.travel.minutes)
        if not into.any():
            return
        places, fixed, cells = self._presence()
        bounded = {d for d, here in places.items() if len(here) > 1}
        used = {d: [self.model.new_bool_var("") for _ in into] for d in sorted(bounded)}
        for start, _, q in p.commitment_places.tolist():
            if start // DAY in bounded:
                self.model.add(used[start // DAY][q] == 1)
        for d, gigs in fixed.items():
            for j in gigs if d in bounded else ():
                self.model.add_implication(self.x[j], used[d][candidates[j].place])
        for i, weeks in cells.items():
            for w, by_day in weeks.items():
                room = sum(count for d, count in by_day.items() if d not in bounded)
                on = {d: self.model.new_bool_var("") for d in by_day if d in bounded}
                for d, flag in on.items():
                    self.model.add_implication(flag, used[d][candidates[i].place])
                self.model.add(self.n[i][w] <= room + sum(by_day[d] * flag for d, flag in on.items()))
        floor = {d: travel_floor(self.model, flags, into) for d, flags in used.items()}
        for w in range(p.calendar.weeks):
            total = p.cap(w, "max_hours")
            days = [floor[d] for d in p.week_days(w) if d in floor]
            if total is not None and days:
                self.model.add(sum(self.week_minutes(w)) + int(p.counted_week[w]) + sum(days) <= total)
        for d, bound in floor.items():
            cap = p.day_cap(d)
            if cap is not None:
                on_day = [minutes * self.x[j] for j, minutes in self._fixed_days.get(d, [])]
                self.model.add(sum(on_day) + int(p.counted_day[d]) + bound <= cap)

    def _presence(self) -> tuple[dict[int, set[int]], dict[int, list[int]], dict[int, dict[int, dict[int, int]]]]:
        """What may be at a place on each term day, for :meth:`_travel_bound`: the places, the fixed gigs at places
        with minutes that day, and each weekly gig's or project's cells at its place per week and day."""
        p, candidates = self.prepared, self.prepared.candidates
        places: dict[int, set[int]] = {}  # day -> the places something may be at
        fixed: dict[int, list[int]] = {}  # day -> fixed gigs at places with minutes that day
        cells: dict[int, dict[int, dict[int, int]]] = {}  # flexible gig at a place -> week -> day -> its cells
        for start, _, q in p.commitment_places.tolist():
            places.setdefault(start // DAY, set()).add(q)
        for j in self.x:
            if candidates[j].place != REMOTE:
                for d in candidates[j].day_minutes:
                    places.setdefault(d, set()).add(candidates[j].place)
                    fixed.setdefault(d, []).append(j)
        for i, steps in self.n.items():
            if candidates[i].place != REMOTE:
                days = np.bincount(candidates[i].cells // DAY).tolist()
                cells[i] = {w: {d: days[d] for d in range(7 * w, min(7 * w + 7, len(days))) if days[d]} for w in steps}
                for by_day in cells[i].values():
                    for d in by_day:
                        places.setdefault(d, set()).add(candidates[i].place)
        return places, fixed, cells

    def _required(self) -> None:
        required = set(self.prepared.problem.require)
        for i, c in enumerate(self.prepared.candidates):
            if c.gig.id in required:
                self.model.add((self.x if i in self.x else self.u)[i] == 1)

    def _max_gigs(self) -> None:
        """The rules' ``max_gigs``: in every week, at most that many gigs taken work in it.

        A fixed gig works in the weeks of its occurrences, a weekly gig in all
        its weeks, a project in the weeks it has steps (``a[f][w]``).
        """
        p = self.prepared
        most = p.problem.rules.max_gigs
        if most is None:
            return
        working: dict[int, list] = {}
        for i, x in self.x.items():
            for w in p.candidates[i].week_minutes:
                working.setdefault(w, []).append(x)
        for i, steps in self.n.items():
            for w, n in steps.items():
                if p.candidates[i].kind == "weekly":
                    working.setdefault(w, []).append(self.u[i])
                    continue
                works = self.model.new_bool_var(f"a{i}_{w}")
                self.model.add(n <= self.most[i, w] * works)
                working.setdefault(w, []).append(works)
        for terms in working.values():
            if len(terms) > most:
                self.model.add(sum(terms) <= most)

    def _minimums(self) -> None:
        """The minimums in force in each week: its pay and its gig minutes at least theirs."""
        p = self.prepared
        weeks = range(p.calendar.weeks)
        pays = [p.least(w, "min_week_pay") for w in weeks]
        if any(pays):
            pay = self._week_pay()
            for w, least in zip(weeks, pays, strict=True):
                if least:
                    self.model.add(sum(pay[w]) >= least)
        for w in weeks:
            least = p.least(w, "min_work_hours")
            if least:
                self.model.add(sum(self.week_minutes(w)) >= least)

    def _week_pay(self) -> list[list]:
        """Per week, its pay as linear terms (pay units): a project's fee in the week of its last work.

        ``l[f][w]``: project ``f``'s last work is in week ``w``; one of them
        when taken, with work that week and none after.
        """
        p = self.prepared
        c, weeks = p.candidates, p.calendar.weeks
        pay: list[list] = [[] for _ in range(weeks)]
        for i, x in self.x.items():
            per_minute, flat = c[i].pay_units
            for w, minutes in c[i].week_minutes.items():
                pay[w].append(per_minute * minutes * x)
            for w in c[i].pay_weeks(weeks):
                pay[w].append(flat * x)
        for i, steps in self.n.items():
            per_minute, flat = c[i].pay_units
            for w, n in steps.items():
                pay[w].append(per_minute * c[i].grid * n)
            for w in c[i].pay_weeks(weeks):
                pay[w].append(flat * self.u[i])
            if c[i].kind == "project" and flat:
                last = {w: self.model.new_bool_var(f"l{i}_{w}") for w in steps}
                self.model.add(sum(last.values()) == self.u[i])
                ended: Any = 0  # whether the last work came in an earlier week
                for w, n in steps.items():
                    self.model.add(n >= 1).only_enforce_if(last[w])
                    self.model.add(n <= self.most[i, w] * (1 - ended))
                    pay[w].append(flat * last[w])
                    ended = ended + last[w]
        return pay

    def _objective(self) -> None:
        c = self.prepared.candidates
        value = [
            (c[i].minute_units * sum(c[i].week_minutes.values()) + c[i].taken_units) * x for i, x in self.x.items()
        ]
        minutes = [sum(c[i].week_minutes.values()) * x for i, x in self.x.items()]
        most_minutes = sum(sum(c[i].week_minutes.values()) for i in self.x)
        most_value = sum(max(0, c[i].minute_units) * sum(c[i].week_minutes.values()) + c[i].taken_units for i in self.x)
        for i, steps in self.n.items():
            flat = c[i].taken_units
            value.append(flat * self.u[i])
            value += [c[i].minute_units * c[i].grid * n for n in steps.values()]
            minutes += [c[i].grid * n for n in steps.values()]
            top = sum(self.most[i, w] for w in steps) * c[i].grid
            most_minutes += top
            most_value += flat + c[i].minute_units * top
        self.value = sum(value)
        self.scale = most_minutes + 1
        if self.scale * (most_value + 1) < 2**62:
            self.model.maximize(self.scale * self.value - sum(minutes))
        else:  # too large for 64-bit integers with the tie-break
            self.scale = 1
            self.model.maximize(self.value)

    def cut(self, fixed: list[int], steps: dict[int, int], week: int, *, at_least: bool = False) -> None:
        """Forbid taking all of ``fixed`` with exactly these steps in ``week`` (or, ``at_least``, these or more)."""
        self.cut_weeks(fixed, {(i, week): v for i, v in steps.items()}, at_least=at_least)

    def cut_weeks(
        self, fixed: list[int], steps: dict[tuple[int, int], int], *, at_least: bool = False, absent: Sequence[int] = ()
    ) -> None:
        """Forbid taking all of ``fixed`` with exactly these steps ``{(gig, week): steps}`` (or these or more), and
        none of the fixed gigs ``absent``."""
        literals = [self.x[i].Not() for i in fixed] + [self.x[j] for j in absent]
        for (i, week), v in steps.items():
            n = self.n[i][week]
            if v > 0:
                below = self.model.new_bool_var("")
                self.model.add(n <= v - 1).only_enforce_if(below)
                literals.append(below)
            if v < self.most[i, week] and not at_least:
                above = self.model.new_bool_var("")
                self.model.add(n >= v + 1).only_enforce_if(above)
                literals.append(above)
        self.model.add_bool_or(literals)

    def cut_exact(self, weeks: range, taken: list[int], steps: dict[tuple[int, int], int]) -> None:
        """Forbid this one choice in ``weeks``: the fixed gigs ``taken`` and no other near those weeks, exactly
        ``steps`` ``{(gig, week): steps}`` of the gigs working in them and none of the others.

        What counted travel needs when a short stop in between may shorten a
        day's travel (:attr:`~stacker.presolve.term.TermPrepared.travel_monotone`
        false): more items may then make room, so no cut may forbid more
        than the choice placed.
        """
        reach, candidates = travel_reach(self.prepared), self.prepared.candidates
        near = {j for j in self.x for w in weeks if _touches(candidates[j], w, reach)}
        every = {(i, w): steps.get((i, w), 0) for i, s in self.n.items() for w in weeks if w in s}
        self.cut_weeks(taken, every, absent=sorted(near - set(taken)))

    def cut_total(self, fixed: list[int], gigs: list[int], week: int, minutes: int) -> None:
        """With all of ``fixed`` taken and the weekly gigs of ``gigs`` taken, ``gigs`` work at most ``minutes``."""
        c = self.prepared.candidates
        total = sum(c[i].grid * self.n[i][week] for i in gigs)
        weekly = [self.u[i] for i in gigs if c[i].kind == "weekly"]
        self.model.add(total <= minutes).only_enforce_if([self.x[i] for i in fixed] + weekly)


def solve_term(
    prepared: TermPrepared,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int | None = None,
    regions: bool = True,
    master: TermMaster | None = None,
    placed: dict[tuple, Any] | None = None,
) -> TermResult:
    """Solve a prepared term exactly: master, then a placement per week, with cuts, until every week places.

    ``regions=False`` leaves the master's region and day-set constraints out:
    a weaker relaxation that leans on the cuts (the tests use it to exercise them).
    ``master``: solve this master of ``prepared`` instead of a new one, with
    whatever objective, constraints and assumptions its owner set (the
    what-if searches, :mod:`.term_search`); its cuts stay in it. ``placed``:
    the placements found so far (by week and choice), kept by such an owner
    from one solve of the same master to the next.
    """
    if prepared.reasons:
        return TermResult("infeasible", reasons=list(prepared.reasons))
    started = time.monotonic()
    master = master or TermMaster(prepared, regions=regions)
    params = PARAMS | {"random_seed": seed, "num_workers": workers or 1}
    if prepared.counts_travel:
        params |= TRAVEL_CUTS
    if (workers or 1) > 1:
        params["interleave_search"] = True
    placed = {} if placed is None else placed
    rounds = 0

    def left() -> float | None:
        """Seconds left of ``time_limit`` (None: no limit), for each solve."""
        return None if time_limit is None else max(time_limit - (time.monotonic() - started), 0.0)

    while True:
        rounds += 1
        status, solver, interrupted = run(master.model, params, time_limit=left())
        if status == cp_model.INFEASIBLE:
            rule = " and the rules' max_gigs" if prepared.problem.rules.max_gigs is not None else ""
            limits = prepared.problem.limits
            if limits.minimums:
                wanted = [f"min_week_pay ({limits.min_week_pay:g})"] if limits.min_week_pay else []
                wanted += [f"min_work_hours ({limits.min_work_hours:g} h)"] if limits.min_work_hours else []
                why = (
                    f"no choice of gigs meets {' and '.join(wanted)} in every week "
                    f"with the required gigs under the caps{rule}"
                )
            else:
                why = f"the required gigs cannot all be taken together under the caps{rule}"
            return TermResult("infeasible", reasons=[why], rounds=rounds)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return TermResult("unknown", rounds=rounds)
        taken = [i for i, x in master.x.items() if solver.boolean_value(x)]
        steps = {
            i: {w: int(solver.value(n)) for w, n in s.items()}
            for i, s in master.n.items()
            if solver.boolean_value(master.u[i])
        }
        try:
            weeks, failed = _place_round(master, taken, steps, placed, left)
        except Stopped:  # a placement not proven either way in the time left: no cut on it
            return TermResult("unknown", rounds=rounds)
        if not failed:
            blocks: dict[int, list[tuple[int, int]]] = {i: [] for i in steps}
            for result in weeks.values():
                for i, found in result.items():
                    blocks[i] += found
            bound = int(solver.best_objective_bound)
            bound_units = (bound + master.scale - 1) // master.scale if master.scale > 1 else bound
            proven = status == cp_model.OPTIMAL and not interrupted
            return TermResult(
                "optimal" if proven else "feasible", taken + sorted(steps), steps, blocks, bound_units, rounds=rounds
            )
        if interrupted or (time_limit is not None and time.monotonic() - started > time_limit):
            return TermResult("unknown", rounds=rounds)


def _place_round(
    master: TermMaster,
    taken: list[int],
    steps: dict[int, dict[int, int]],
    placed: dict[tuple, Any],
    left: Callable[[], float | None],
) -> tuple[dict[int, dict[int, list[tuple[int, int]]]], bool]:
    """Place each week of the master's choice (fixed gigs ``taken``, ``steps`` per gig and week), cutting each
    week that fails: each week's blocks, and whether any week failed. ``placed``: the placements found so far
    (by week and choice); ``left()``: the seconds left for each solve. Raises
    :class:`~.term_placement.Stopped` when a placement was stopped before it was proven either way.
    """
    prepared = master.prepared
    failed, chosen = False, set(taken)
    cuts: list[Cut] = []
    reach = travel_reach(prepared)  # a fixed gig this near the week may leave less room for travel
    weeks: dict[int, dict[int, list[tuple[int, int]]]] = {}  # each week's blocks
    touched: dict[int, list[int]] = {}
    worked: dict[int, dict[int, int]] = {}
    for w in range(prepared.calendar.weeks):
        working = {i: s[w] for i, s in steps.items() if s.get(w, 0) > 0}
        if not working and not prepared.counts_travel:  # counted travel: the fixed items' travel is checked too
            continue
        touching = [i for i in taken if _touches(prepared.candidates[i], w, reach)]
        key = (w, tuple(touching), tuple(sorted(working.items())))
        switched = None
        if key not in placed:
            fixed = [prepared.candidates[i] for i in touching]
            if prepared.counts_travel:  # the switched model counts no travel: the placement with it
                found = place_week(prepared, w, fixed, working, left())
            elif (found := greedy_week(prepared, w, fixed, working)) is None:
                switched = SwitchedWeek(prepared, w, touching, working)
                found = switched.place(left())
            placed[key] = found
        result = placed[key]
        if result is None:
            if not any(c.forbids(master, w, chosen, working) for c in cuts):  # else this round's cuts remove it
                cuts.append(cut_week(master, w, touching, working, left(), switched))
            failed = True
        else:
            weeks[w], touched[w], worked[w] = result, touching, working
    if not failed and reach:  # travel across each Sunday midnight (term_boundary)
        across = place_across(master, weeks, touched, worked, placed, left())
        failed = across is None
        weeks = across or weeks
    return weeks, failed


def _steps(c: Candidate, week: int, most: int) -> cp_model.Domain:
    """The steps ``n[f][w]`` may take: the counts its blocks can make that week (``Candidate.totals``), up to ``most``.

    A domain with holes only when they leave a gap above the least a
    working week takes (a weekly gig's hours, a project's block); otherwise
    ``0..most``, as the other constraints already keep ``n`` out of
    ``1..least-1``. A gig whose free time that week comes in runs its blocks
    cannot fill to every count (runs of 4 and 5 steps, blocks of 4: 4, 5, 8,
    9, 10, ... but not 6 or 7) would otherwise be given counts no placement
    can make, each costing a round of cuts.
    """
    least = c.lo if c.kind == "weekly" else c.block
    bits = c.totals[week]
    full = ((1 << (most - least + 1)) - 1) << least if most >= least else 0
    if bits & full == full:
        return cp_model.Domain(0, most)
    intervals, t = [], 0
    while t <= most:
        if (bits >> t) & 1:
            end = t
            while end + 1 <= most and (bits >> (end + 1)) & 1:
                end += 1
            intervals.append([t, end])
            t = end + 1
        else:
            t += 1
    return cp_model.Domain.from_intervals(intervals)


def _regions_of(masks: list[np.ndarray]) -> list[np.ndarray]:
    """Each mask, the union of each two that overlap, and the union of each connected group of overlapping masks."""
    out = list(masks)
    groups = list(range(len(masks)))

    def root(k: int) -> int:
        while groups[k] != k:
            groups[k] = groups[groups[k]]
            k = groups[k]
        return k

    if len(masks) > 1:
        stack = np.array(masks, dtype=np.int32)
        overlap = stack @ stack.T > 0
        for a, b in zip(*np.nonzero(np.triu(overlap, 1)), strict=True):
            out.append(masks[a] | masks[b])
            groups[root(int(a))] = root(int(b))
    for r in set(map(root, range(len(masks)))):
        members = [masks[k] for k in range(len(masks)) if root(k) == r]
        if len(members) > 2:
            out.append(np.any(members, axis=0))
    return out


def _touches(candidate: Candidate, week: int, reach: int = 0) -> bool:
    """Whether a fixed gig has minutes in ``week`` (or within ``reach`` minutes of it, for the travel of a gig at a
    place), or counts toward one of its days."""
    lo, hi = week * WEEK, (week + 1) * WEEK
    if candidate.place == REMOTE:
        reach = 0
    return any(s < hi + reach and lo - reach < e for s, e in candidate.occurrences) or any(
        7 * week <= d < 7 * week + 7 for d in candidate.day_minutes
    )


__all__ = ["DAY", "TermMaster", "TermResult", "solve_term"]
