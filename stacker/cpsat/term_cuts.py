"""The cut of a term's week that cannot be placed, made small, and copied to every week where it holds too.

A week whose master choice cannot be placed (:func:`.term_placement.place_week`)
adds a cut to the master (:class:`.term.TermMaster`), see ``docs/model.md``:

- a deletion filter first drops each fixed gig and each working gig whose
  absence still leaves the week unplaceable (from the cores of one model,
  :mod:`.term_core`; item by item with a placement each where that model
  proves nothing);
- when the week cannot be placed even without the min-block rule (a matter of
  room, where more steps never fit where fewer did not), the cut forbids
  those steps *or more*, otherwise exactly those steps;
- when the cut's gigs cannot work as many minutes together in any way
  (:func:`.term_placement.most_minutes`, weekly gigs at least their hours),
  the cut is on their total minutes instead.

A cut learned in one week holds in every week ``v`` where each of its gigs
has no cell (relative to its week's Monday) that it lacks in the week it was
learned in, its fixed gigs occupy at least the same minutes, and each day
leaves no more room under ``max_day_hours``: any placement in ``v`` would be
one in the learned week, which has none. (For a cut on the total minutes,
also each gig's most steps in ``v`` are no more than in the learned week.)
By the same argument another gig may stand for one of the cut's gigs: one
on the same grid, with blocks no shorter and no cell outside the cut gig's
cells (for a cut on the total: no more steps at most, and a weekly gig, with
no fewer hours, for a weekly gig); gigs with the same windows and blocks
often fail the same way with a tight neighbour.
With counted travel (``rules.travel_counts``), a week's placement counts
its travel exactly in its caps; its cut holds in that week only, and when a
short stop in between may shorten a day's travel
(:attr:`~stacker.presolve.term.TermPrepared.travel_monotone` false, where
more items may make room) it forbids the week's one choice exactly
(:meth:`.term.TermMaster.cut_exact`), without the deletion filter.
The weeks of a term repeat, so one failed placement usually rules the same
choice out of many weeks at once, in one round of the master instead of one
per week; and a week of the same round whose choice a cut already removes
(:meth:`Cut.forbids`) needs no cut of its own.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..presolve.travel import REMOTE
from ..problem.week import WEEK
from .term_core import SwitchedWeek
from .term_placement import most_minutes, place_week, unplaceable

if TYPE_CHECKING:
    from ..presolve.term import TermPrepared
    from .term import TermMaster


#: The most copies of one cut in one week (one per way of standing gigs in for the cut's gigs).
MOST_COPIES = 32


@dataclass(frozen=True)
class Cut:
    """A cut as added to the master: on its fixed gigs taken and its gigs' steps, in each week for each stand-in.

    ``copies[v]`` lists, for week ``v``, the gigs that stand for ``gigs``
    there (in the same order), one tuple per copy of the cut.
    """

    fixed: tuple[int, ...]
    steps: tuple[int, ...]  # the steps of each gig of the cut, in order
    copies: dict[int, list[tuple[int, ...]]]
    minutes: int | None = None  # a cut on the total minutes of the gigs: at most these
    at_least: bool = False  # these steps or more

    def forbids(self, master: TermMaster, week: int, taken: set[int], working: dict[int, int]) -> bool:
        """Whether the cut removes this choice in ``week`` (fixed gigs ``taken``, steps ``working``)."""
        if not taken.issuperset(self.fixed):
            return False
        return any(self._forbids(master, gigs, working) for gigs in self.copies.get(week, []))

    def _forbids(self, master: TermMaster, gigs: tuple[int, ...], working: dict[int, int]) -> bool:
        candidates = master.prepared.candidates
        if self.minutes is not None:
            weekly = [i for i in gigs if candidates[i].kind == "weekly"]
            worked = sum(candidates[i].grid * working.get(i, 0) for i in gigs)
            return all(i in working for i in weekly) and worked > self.minutes
        if self.at_least:
            return all(working.get(i, 0) >= v for i, v in zip(gigs, self.steps, strict=True))
        return all(working.get(i, 0) == v for i, v in zip(gigs, self.steps, strict=True))


def cut_week(
    master: TermMaster,
    week: int,
    touching: list[int],
    working: dict[int, int],
    left: float | None,
    switched: SwitchedWeek | None = None,
) -> Cut:
    """Cut the master's choice in ``week`` (fixed gigs ``touching``, steps ``working``) in it and every like week.

    ``switched``: the choice's model, when its placement built it already.
    """
    prepared = master.prepared
    if not prepared.travel_monotone:  # counted travel that more items may shorten: this choice only
        master.cut_exact(range(week, week + 1), touching, {(i, week): v for i, v in working.items()})
        return Cut(tuple(touching), tuple(working.values()), {})
    if prepared.counts_travel:  # the switched model counts no travel: a placement per trial
        fixed, steps, at_least = _filtered(prepared, week, touching, working, left)
    else:
        switched = switched or SwitchedWeek(prepared, week, touching, working)
        fixed, steps, at_least = switched.smallest(left) or _filtered(prepared, week, touching, working, left)
    taken = [prepared.candidates[i] for i in fixed]
    least = {i: prepared.candidates[i].lo for i in steps if prepared.candidates[i].kind == "weekly"}
    most = None
    if not prepared.counts_travel:  # else the travel, which most_minutes leaves out, is what usually fails
        most = most_minutes(prepared, week, taken, {i: master.most[i, week] for i in steps}, least, left)
    gigs, values = tuple(steps), tuple(steps.values())
    if most is not None and most < sum(prepared.candidates[i].grid * v for i, v in steps.items()):
        copies = like_choices(master, week, fixed, gigs, total=True)
        for other, stand in copies.items():
            for those in stand:
                master.cut_total(fixed, list(those), other, most)  # every way of giving these gigs as many minutes
        return Cut(tuple(fixed), values, copies, minutes=most)
    copies = like_choices(master, week, fixed, gigs, total=False, values=values)
    for other, stand in copies.items():
        for those in stand:
            master.cut(fixed, dict(zip(those, values, strict=True)), other, at_least=at_least)
    return Cut(tuple(fixed), values, copies, at_least=at_least)


def _filtered(
    prepared: TermPrepared, week: int, touching: list[int], working: dict[int, int], left: float | None
) -> tuple[list[int], dict[int, int], bool]:
    """The deletion filter with a placement per trial: where :meth:`.term_core.SwitchedWeek.smallest` proves
    nothing, and with counted travel (which that model leaves out)."""
    taken = [prepared.candidates[i] for i in touching]
    at_least = unplaceable(prepared, week, taken, working, left)
    fixed, steps = list(touching), dict(working)
    for item in [*touching, *working]:
        if item in fixed and len(fixed) + len(steps) > 1:
            trial_fixed, trial_steps = [i for i in fixed if i != item], steps
        elif item in steps and len(steps) > 1:
            trial_fixed, trial_steps = fixed, {i: v for i, v in steps.items() if i != item}
        else:
            continue
        taken = [prepared.candidates[i] for i in trial_fixed]
        if place_week(prepared, week, taken, trial_steps, left, blocks=not at_least) is None:
            fixed, steps = trial_fixed, trial_steps
    return fixed, steps, at_least


def like_choices(
    master: TermMaster,
    week: int,
    fixed: list[int],
    gigs: tuple[int, ...],
    *,
    total: bool,
    values: tuple[int, ...] | None = None,
) -> dict[int, list[tuple[int, ...]]]:
    """Per week where a cut learned in ``week`` on ``fixed`` and ``gigs`` holds: the gigs that may stand for ``gigs``.

    A gig ``h`` stands for gig ``g`` of the cut in week ``v`` when its cells
    there (from ``v``'s Monday) are among ``g``'s in ``week``, on the same
    grid, with blocks no shorter (a placement of ``h`` is then one of
    ``g``); for a cut on the total, also with no more steps at most, and a
    weekly ``h`` for a weekly ``g``, with no fewer hours. ``g`` itself is
    the first stand-in. With ``values`` (a cut on those steps), only gigs
    that may take them. The fixed gigs must occupy at least the same
    minutes of ``v`` and no day of ``v`` leave more room under
    ``max_day_hours`` (see the module docstring). At most
    :data:`MOST_COPIES` tuples per week, ``gigs`` itself first in ``week``.
    A cut with a gig at a place (its travel zones are not compared), or
    any cut when travel counts (the weeks' travel is not compared), holds in
    ``week`` only, with ``gigs`` themselves.
    """
    prepared = master.prepared
    if prepared.counts_travel or any(prepared.candidates[i].place != REMOTE for i in (*fixed, *gigs)):
        return {week: [gigs]}  # travel: the weeks' zones and counted travel differ; the cut holds where learned only
    cells = {g: _cells(master, g, week) for g in gigs}
    occupied = _occupied(master, fixed, week)
    room = _day_room(master, fixed, week)
    out: dict[int, list[tuple[int, ...]]] = {}
    for other in [week, *(v for v in range(prepared.calendar.weeks) if v != week)]:
        if fixed and (occupied & ~_occupied(master, fixed, other)).any():
            continue
        if room is not None:
            theirs = _day_room(master, fixed, other)
            if theirs is None or (theirs > room).any():
                continue
        stand = [
            _stand_ins(master, g, week, cells[g], other, total, None if values is None else values[k])
            for k, g in enumerate(gigs)
        ]
        choices = []
        for those in itertools.product(*stand):
            if len(set(those)) == len(those):
                choices.append(those)
                if len(choices) == MOST_COPIES:
                    break
        if choices:
            out[other] = choices
    return out


def _stand_ins(
    master: TermMaster, g: int, week: int, cells: frozenset[int], other: int, total: bool, value: int | None
) -> list[int]:
    """The gigs that may stand for gig ``g`` of a cut learned in ``week``, in week ``other`` (``g`` first)."""
    candidates = master.prepared.candidates
    c = candidates[g]
    out = []
    for h in [g, *(h for h in master.n if h != g)]:
        d = candidates[h]
        if other not in master.n[h] or d.grid != c.grid or d.block < c.block:
            continue
        if value is not None and value > master.most[h, other]:
            continue
        if total and (
            master.most[h, other] > master.most[g, week] or (c.kind == "weekly" and (d.kind != "weekly" or d.lo < c.lo))
        ):
            continue
        if _cells(master, h, other) <= cells:
            out.append(h)
    return out


def _cells(master: TermMaster, gig: int, week: int) -> frozenset[int]:
    """A gig's cells in ``week``, in minutes from that week's Monday (kept in ``master.week_cells``)."""
    key = (gig, week)
    if key not in master.week_cells:
        cells, lo = master.prepared.candidates[gig].cells, week * WEEK
        master.week_cells[key] = frozenset((cells[(cells >= lo) & (cells < lo + WEEK)] - lo).tolist())
    return master.week_cells[key]


def _occupied(master: TermMaster, fixed: list[int], week: int) -> np.ndarray:
    """The minutes of ``week`` (from its Monday) that the fixed gigs ``fixed`` occupy."""
    lo, hi = week * WEEK, (week + 1) * WEEK
    out = np.zeros(WEEK, dtype=bool)
    for j in fixed:
        for s, e in master.prepared.candidates[j].occurrences:
            if s < hi and lo < e:
                out[max(s, lo) - lo : min(e, hi) - lo] = True
    return out


def _day_room(master: TermMaster, fixed: list[int], week: int) -> np.ndarray | None:
    """Each day's minutes left under ``max_day_hours`` in ``week`` with the fixed gigs ``fixed`` (None: no cap)."""
    prepared = master.prepared
    cap = prepared.cap(week, "max_day_hours")
    if cap is None:
        return None
    used = prepared.counted_day[7 * week : 7 * week + 7].astype(np.int64)
    for j in fixed:
        for d, minutes in prepared.candidates[j].day_minutes.items():
            if 7 * week <= d < 7 * week + 7:
                used[d - 7 * week] += minutes
    return cap - used
