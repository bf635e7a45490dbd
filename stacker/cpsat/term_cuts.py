"""The cut of a term's week that cannot be placed, made small, and copied to every week where it holds too.

A week whose master choice cannot be placed (:func:`.term_placement.place_week`)
adds a cut to the master (:class:`.term.TermMaster`), see ``docs/model.md``:

- a deletion filter first drops each fixed gig and each working gig whose
  absence still leaves the week unplaceable;
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
The weeks of a term repeat, so one failed placement usually rules the same
choice out of many weeks at once, in one round of the master instead of one
per week; and a week of the same round whose choice a cut already removes
(:meth:`Cut.forbids`) needs no cut of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..problem.week import WEEK
from .term_placement import most_minutes, place_week

if TYPE_CHECKING:
    from .term import TermMaster


@dataclass(frozen=True)
class Cut:
    """A cut as added to the master: on its fixed gigs taken and its gigs' steps, in each of its weeks."""

    fixed: tuple[int, ...]
    steps: dict[int, int]
    weeks: frozenset[int]
    minutes: int | None = None  # a cut on the total minutes of the steps' gigs: at most these
    at_least: bool = False  # these steps or more

    def forbids(self, master: TermMaster, week: int, taken: set[int], working: dict[int, int]) -> bool:
        """Whether the cut removes this choice in ``week`` (fixed gigs ``taken``, steps ``working``)."""
        if week not in self.weeks or not taken.issuperset(self.fixed):
            return False
        candidates = master.prepared.candidates
        if self.minutes is not None:
            weekly = [i for i in self.steps if candidates[i].kind == "weekly"]
            worked = sum(candidates[i].grid * working.get(i, 0) for i in self.steps)
            return all(i in working for i in weekly) and worked > self.minutes
        if self.at_least:
            return all(working.get(i, 0) >= v for i, v in self.steps.items())
        return all(working.get(i, 0) == v for i, v in self.steps.items())


def cut_week(master: TermMaster, week: int, touching: list[int], working: dict[int, int], left: float | None) -> Cut:
    """Cut the master's choice in ``week`` (fixed gigs ``touching``, steps ``working``) in it and every like week."""
    prepared = master.prepared
    taken = [prepared.candidates[i] for i in touching]
    at_least = place_week(prepared, week, taken, working, left, blocks=False) is None
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
    taken = [prepared.candidates[i] for i in fixed]
    least = {i: prepared.candidates[i].lo for i in steps if prepared.candidates[i].kind == "weekly"}
    most = most_minutes(prepared, week, taken, {i: master.most[i, week] for i in steps}, least, left)
    if most is not None and most < sum(prepared.candidates[i].grid * v for i, v in steps.items()):
        weeks = like_weeks(master, week, fixed, list(steps), total=True)
        for other in weeks:
            master.cut_total(fixed, list(steps), other, most)  # every way of giving these gigs as many minutes
        return Cut(tuple(fixed), steps, frozenset(weeks), minutes=most)
    weeks = [w for w in like_weeks(master, week, fixed, list(steps), total=False) if _fits(master, steps, w)]
    for other in weeks:
        master.cut(fixed, steps, other, at_least=at_least)
    return Cut(tuple(fixed), steps, frozenset(weeks), at_least=at_least)


def _fits(master: TermMaster, steps: dict[int, int], week: int) -> bool:
    """Whether each gig may take its steps in ``week`` (else a cut on them there removes nothing)."""
    return all(v <= master.most[i, week] for i, v in steps.items())


def like_weeks(master: TermMaster, week: int, fixed: list[int], gigs: list[int], *, total: bool) -> list[int]:
    """``week`` and every week where a cut learned in it, on ``fixed`` and ``gigs``, holds (module docstring)."""
    prepared = master.prepared
    candidates = prepared.candidates
    cells = {i: _cells(candidates[i].cells, week) for i in gigs}
    occupied = _occupied(master, fixed, week)
    room = _day_room(master, fixed, week)
    out = [week]
    for other in range(prepared.calendar.weeks):
        if other == week or any(other not in master.n[i] for i in gigs):
            continue
        if total and any(master.most[i, other] > master.most[i, week] for i in gigs):
            continue
        if any(not np.isin(_cells(candidates[i].cells, other), cells[i]).all() for i in gigs):
            continue
        if fixed and (occupied & ~_occupied(master, fixed, other)).any():
            continue
        if room is not None:
            theirs = _day_room(master, fixed, other)
            if theirs is None or (theirs > room).any():
                continue
        out.append(other)
    return out


def _cells(cells: np.ndarray, week: int) -> np.ndarray:
    """A gig's cells in ``week``, in minutes from that week's Monday."""
    lo = week * WEEK
    return cells[(cells >= lo) & (cells < lo + WEEK)] - lo


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
