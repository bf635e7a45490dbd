"""A term as weeks of minutes: which items are active when, and the caps in force each week.

Time in a term is counted in wall-clock minutes from 00:00 on the Monday of
its first week (:attr:`Calendar.monday`): day ``d`` runs from ``d * DAY`` to
``(d + 1) * DAY`` and week ``w`` from ``w * WEEK`` to ``(w + 1) * WEEK``.
Times are local wall-clock times in the term's time zone, so every day has
1,440 minutes and a class at 09:00 stays at 09:00 across a daylight-saving
change. There is no wrap-around: Sunday night runs into the next Monday.
An occurrence belongs to the date it starts on.

The rules (``docs/term.md``):

- weekly sessions happen on the days of the term within the item's
  ``start``..``end``, except ``skip`` days and, for items that do not go on
  in breaks (classes by default, or ``in_breaks: false``), break days;
- dated sessions always happen;
- a flexible gig or a project may be worked in its windows on the days of
  the term within its ``start``..``end`` (a project: ``start``..``due``),
  except ``skip`` days and, with ``in_breaks: false``, break days;
- a week is a *break week* when each of its days in the term lies in a
  break; its breaks' limits replace the term's (two breaks that disagree:
  the lower number; ``None`` lifts a cap only when both lift it);
- the minimums (``min_week_pay``, ``min_work_hours``) hold in full in every
  week with a day in the term: partial first and last weeks and break weeks
  alike (a break's limits do not change them).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .items import MINIMUMS, Limits
from .term import LIMIT_NAMES, Term
from .week import DAY, WEEK, pieces


@dataclass(frozen=True)
class Calendar:
    """A term's weeks, days and limits in force."""

    term: Term
    limits: Limits

    @cached_property
    def monday(self) -> dt.date:
        """Monday of the first week: minute 0."""
        return self.term.monday

    @cached_property
    def weeks(self) -> int:
        """Number of calendar weeks touching the term."""
        return self.term.weeks

    @property
    def days(self) -> int:
        """Number of days in those weeks."""
        return 7 * self.weeks

    @property
    def horizon(self) -> int:
        """Minutes from minute 0 to the end of the last week plus one day (a Sunday night past midnight)."""
        return self.weeks * WEEK + DAY

    def date(self, day: int) -> dt.date:
        """The date of day index ``day``."""
        return self.monday + dt.timedelta(days=day)

    def day(self, date: dt.date) -> int:
        """The day index of ``date``."""
        return (date - self.monday).days

    @cached_property
    def in_term(self) -> np.ndarray:
        """Per day: whether it lies in the term."""
        first, last = self.day(self.term.start), self.day(self.term.end)
        return (np.arange(self.days) >= first) & (np.arange(self.days) <= last)

    @cached_property
    def in_break(self) -> np.ndarray:
        """Per day: whether it lies in a break."""
        out = np.zeros(self.days, dtype=bool)
        for b in self.term.breaks:
            out[self.day(b.start) : self.day(b.end) + 1] = True
        return out

    @cached_property
    def is_break_week(self) -> list[bool]:
        """Per week: whether each of its days in the term lies in a break."""
        term_days, breaks = self.in_term.reshape(-1, 7), self.in_break.reshape(-1, 7)
        return [bool(np.all(breaks[w][term_days[w]])) for w in range(self.weeks)]

    @cached_property
    def week_limits(self) -> list[dict[str, float | None]]:
        """Per week: the limits in force, hours (None: no cap), by name (``LIMIT_NAMES``)."""
        base = {name: getattr(self.limits, name) for name in LIMIT_NAMES}
        out = []
        for w in range(self.weeks):
            if not self.is_break_week[w]:
                out.append(dict(base))
                continue
            first, last = self.date(7 * w), self.date(7 * w + 6)
            covering = [b for b in self.term.breaks if b.start <= last and b.end >= first]
            out.append({name: _lowest([b.limits.get(name, base[name]) for b in covering]) for name in LIMIT_NAMES})
        return out

    @cached_property
    def fortnight_caps(self) -> list[float | None]:
        """Per pair of weeks ``(w, w + 1)``: the lower of their ``max_fortnight_work_hours`` (None: no cap)."""
        caps = [limits["max_fortnight_work_hours"] for limits in self.week_limits]
        return [_lowest([a, b]) for a, b in itertools.pairwise(caps)]

    @cached_property
    def minimums(self) -> list[dict[str, float | None]]:
        """Per week: the minimums in force (``MINIMUMS``; None: none), the term's in each week with a term day."""
        base = {name: getattr(self.limits, name) or None for name in MINIMUMS}
        has_days = [bool(days.any()) for days in self.in_term.reshape(-1, 7)]
        return [dict(base) if has_days[w] else dict.fromkeys(MINIMUMS) for w in range(self.weeks)]

    def active_days(self, item: Any, *, start: dt.date | None, end: dt.date | None, in_breaks: bool) -> np.ndarray:
        """Per day: whether an item's weekly sessions (or work) happen, by its dates, skips and breaks."""
        days = self.in_term.copy()
        if start is not None:
            days[: self.day(start)] = False
        if end is not None:
            days[self.day(end) + 1 :] = False
        for skipped in item.skip:
            days[self.day(skipped)] = False
        if not in_breaks:
            days &= ~self.in_break
        return days

    def occurrences(self, item: Any) -> list[tuple[int, int]]:
        """A commitment's or fixed gig's occurrences ``(start, end)`` in term minutes, sorted."""
        in_breaks = item.in_breaks if item.in_breaks is not None else getattr(item, "kind", "gig") != "class"
        days = self.active_days(item, start=item.start, end=item.end, in_breaks=in_breaks)
        out = []
        for start, end in item.intervals:
            weekday = start // DAY
            for d in np.flatnonzero(days[weekday::7]).tolist():
                at = (7 * d + weekday) * DAY + start % DAY
                out.append((at, at + end - start))
        for date, start, length in item.dated:
            at = self.day(date) * DAY + start
            out.append((at, at + length))
        return sorted(out)

    def work_days(self, gig: Any) -> np.ndarray:
        """Per day: whether a flexible gig or project may be worked that day."""
        in_breaks = gig.in_breaks if gig.in_breaks is not None else True
        end = gig.due if gig.is_project else gig.end
        return self.active_days(gig, start=gig.start, end=end, in_breaks=in_breaks)

    def cells(self, gig: Any) -> np.ndarray:
        """Start minutes (sorted) of a flexible gig's or project's grid cells: in its windows, on its work days."""
        grid = gig.grid
        windows = gig.window_intervals or [(k * DAY, (k + 1) * DAY) for k in range(7)]
        by_weekday: list[set[int]] = [set() for _ in range(7)]
        for start, end in windows:
            for a, b in pieces(start, end):
                weekday = a // DAY
                first = -(-(a % DAY) // grid) * grid
                by_weekday[weekday].update(range(first, b - weekday * DAY - grid + 1, grid))
        days = self.work_days(gig)
        out = [d * DAY + m for d in np.flatnonzero(days).tolist() for m in sorted(by_weekday[d % 7])]
        return np.array(out, dtype=np.int64)


def _lowest(values: list[float | None]) -> float | None:
    """The lowest cap; None (no cap) only when every one is None."""
    numbers = [v for v in values if v is not None]
    return min(numbers) if numbers else None


def week_of(minute: int, weeks: int) -> int:
    """The week a term minute lies in (minutes past the last Sunday count toward the last week)."""
    return min(minute // WEEK, weeks - 1)


def split_by(start: int, end: int, length: int) -> list[tuple[int, int]]:
    """``(index, minutes)`` of ``[start, end)`` in each stretch of ``length`` minutes (a ``DAY``, a ``WEEK``)."""
    out = []
    while start < end:
        cut = min(end, (start // length + 1) * length)
        out.append((start // length, cut - start))
        start = cut
    return out
