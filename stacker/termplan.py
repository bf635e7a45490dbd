"""The plan of a term: which gigs, when each is worked, and what every week then looks like.

:func:`make_term_plan` turns the term model's answer into a :class:`TermPlan`
with dated blocks, per-week totals and the value over the term
(``docs/model.md``, "A term").
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from .plan import ExcludedGigs
from .presolve.term import Candidate, TermPrepared
from .presolve.units import UNITS_PER_MONEY
from .problem.calendar import split_by, week_of
from .problem.problem import Problem
from .problem.week import DAY, DAYS, WEEK, clock
from .solution import Status, gap_of

if TYPE_CHECKING:
    import pandas as pd

    from .cpsat.term import TermResult


@dataclass(frozen=True)
class TermBlock:
    """A dated stretch of the term: a commitment session or a piece of a gig.

    ``date`` is the day it starts on; ``start`` and ``end`` are ``HH:MM``
    (a block past midnight ends at or before its start); ``minutes`` is
    ``(start, end)`` in term minutes from 00:00 on the Monday of the first week.
    """

    id: str
    kind: str  # "class", "volunteer", "other" or "gig"
    date: dt.date
    day: str
    start: str
    end: str
    minutes: tuple[int, int] = field(repr=False)

    @property
    def hours(self) -> float:
        return (self.minutes[1] - self.minutes[0]) / 60

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "date": self.date.isoformat(), "day": self.day,
                "start": self.start, "end": self.end}  # fmt: skip


@dataclass(frozen=True)
class TermGig:
    """A gig in the plan: hours, pay and value over the term, and its hours in each week (by Monday date)."""

    id: str
    kind: str  # "fixed", "weekly" or "project"
    hours: float
    pay: float
    value: float
    weeks: dict[dt.date, float]
    due: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        weeks = {d.isoformat(): _round(h) for d, h in self.weeks.items()}
        out = {"id": self.id, "kind": self.kind, "hours": _round(self.hours), "pay": _cents(self.pay),
               "value": _cents(self.value), "weeks": weeks}  # fmt: skip
        return out | ({"due": self.due.isoformat()} if self.due else {})


@dataclass(frozen=True)
class TermWeek:
    """One calendar week of the plan: its Monday, whether a break week, the limits in force, its blocks, totals."""

    start: dt.date
    is_break: bool
    limits: dict[str, float | None]
    blocks: tuple[TermBlock, ...]
    hours: float
    work_hours: float
    pay: float

    def to_dict(self) -> dict[str, Any]:
        out = {"start": self.start.isoformat(), "is_break": self.is_break, "limits": dict(self.limits)}
        return out | {"hours": _round(self.hours), "work_hours": _round(self.work_hours), "pay": _cents(self.pay)}


@dataclass(frozen=True)
class TermTotals:
    """Totals over the term: hours toward ``max_hours``, work hours, pay, value."""

    hours: float
    work_hours: float
    pay: float
    value: float

    def to_dict(self) -> dict[str, Any]:
        return {"hours": _round(self.hours), "work_hours": _round(self.work_hours), "pay": _cents(self.pay),
                "value": _cents(self.value)}  # fmt: skip


@dataclass(frozen=True)
class TermPlan:
    """The plan of a term (what :func:`stacker.solve` returns for a problem with a ``term``)."""

    status: Status
    objective: float | None
    bound: float | None
    solve_time: float
    excluded: ExcludedGigs
    reasons: tuple[str, ...]
    totals: TermTotals
    gigs: tuple[TermGig, ...]
    weeks: tuple[TermWeek, ...]
    blocks: tuple[TermBlock, ...]
    problem: Problem = field(repr=False, compare=False)
    stats: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def gap(self) -> float | None:
        """``|bound - objective|``: how much better a plan could still be."""
        return gap_of(self.objective, self.bound)

    @property
    def gig_ids(self) -> list[str]:
        """Ids of the chosen gigs."""
        return [g.id for g in self.gigs]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, ready for JSON (what ``stacker solve --json`` prints for a term)."""
        term = self.problem.term
        assert term is not None
        return {
            "status": self.status.value,
            "objective": _cents(self.objective),
            "bound": _cents(self.bound),
            "gap": _cents(self.gap),
            "solve_time": self.solve_time,
            "term": {"start": term.start.isoformat(), "end": term.end.isoformat()},
            "gigs": [g.to_dict() for g in self.gigs],
            "blocks": [b.to_dict() for b in self.blocks],
            "weeks": [w.to_dict() for w in self.weeks],
            "totals": self.totals.to_dict(),
            "excluded": self.excluded.to_dicts(),
            "reasons": list(self.reasons),
        }

    def to_frame(self) -> pd.DataFrame:
        """The blocks as a pandas DataFrame: id, kind, date, day, start, end, hours."""
        import pandas as pd

        rows = [b.to_dict() | {"date": b.date, "hours": b.hours} for b in self.blocks]
        return pd.DataFrame(rows, columns=["id", "kind", "date", "day", "start", "end", "hours"])

    @overload
    def to_csv(self, path: None = None) -> str: ...
    @overload
    def to_csv(self, path: str | os.PathLike) -> None: ...
    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """The blocks as CSV (the columns of :meth:`to_frame`); the text when ``path`` is None, else written there."""
        text = self.to_frame().to_csv(index=False)
        if path is None:
            return text
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return None


def make_term_plan(prepared: TermPrepared, result: TermResult, seconds: float) -> TermPlan:
    """The plan of a term from the model's answer."""
    problem, calendar = prepared.problem, prepared.calendar
    excluded = ExcludedGigs([i for i, _ in prepared.excluded], [r for _, r in prepared.excluded])
    status = Status(result.status)
    has_plan = status.has_plan
    pieces: list[tuple[int, int, str, str]] = []  # (start, end, id, kind)
    if has_plan:
        pieces += [
            (s, e, problem.commitments[i].id, problem.commitments[i].kind)
            for s, e, i in prepared.commitment_occurrences
        ]
    gigs, pay_week = [], [0.0] * calendar.weeks
    gig_week = [0] * calendar.weeks
    for index in result.taken if has_plan else ():
        candidate = prepared.candidates[index]
        spans = candidate.occurrences if candidate.kind == "fixed" else result.blocks[index]
        pieces += [(s, e, candidate.gig.id, "gig") for s, e in spans]
        gigs.append(_gig(prepared, candidate, sorted(spans), pay_week, gig_week))
    blocks = tuple(_block(calendar, s, e, ident, kind) for s, e, ident, kind in sorted(pieces))
    weeks = []
    by_week: list[list[TermBlock]] = [[] for _ in range(calendar.weeks)]
    for b in blocks:
        by_week[week_of(b.minutes[0], calendar.weeks)].append(b)
    for w in range(calendar.weeks):
        start = calendar.date(7 * w)
        mine = tuple(by_week[w])
        hours = (int(prepared.counted_week[w]) + gig_week[w]) / 60
        work = (int(prepared.work_week[w]) + gig_week[w]) / 60
        weeks.append(
            TermWeek(start, calendar.is_break_week[w], calendar.week_limits[w], mine, hours, work, pay_week[w])
        )
    value = sum(g.value for g in gigs) if has_plan else None
    bound = None if result.bound_units is None else max(result.bound_units / UNITS_PER_MONEY, value or 0.0)
    if status == Status.OPTIMAL:
        bound = value
    totals = TermTotals(sum(w.hours for w in weeks), sum(w.work_hours for w in weeks), sum(pay_week), value or 0.0)
    reasons = tuple(result.reasons)
    return TermPlan(status, value, bound, seconds, excluded, reasons, totals, tuple(gigs), tuple(weeks), blocks,
                    problem, {"rounds": result.rounds})  # fmt: skip


def _gig(
    prepared: TermPrepared, c: Candidate, spans: list[tuple[int, int]], pay_week: list[float], gig_week: list[int]
) -> TermGig:
    calendar, gig = prepared.calendar, c.gig
    weeks: dict[int, int] = {}
    for s, e in spans:
        for w, minutes in split_by(s, e, WEEK):
            w = min(w, calendar.weeks - 1)
            weeks[w] = weeks.get(w, 0) + minutes
    for w, minutes in weeks.items():
        gig_week[w] += minutes
        pay_week[w] += minutes / 60 * gig.hourly_pay
    minutes = sum(weeks.values())
    if c.kind == "project":
        last = week_of(spans[-1][0], calendar.weeks)
        pay_week[last] += float(gig.fee or 0.0)
        value = minutes / 60 * c.rate + c.flat
        pay = minutes / 60 * gig.hourly_pay + float(gig.fee or 0.0)
    else:
        value_weeks = sorted({week_of(s, calendar.weeks) for s, _ in spans}) if c.kind == "fixed" else c.weeks
        for w in value_weeks:
            pay_week[w] += gig.flat_pay
        value = minutes / 60 * c.rate + len(value_weeks) * c.flat
        pay = minutes / 60 * gig.hourly_pay + len(value_weeks) * gig.flat_pay
    by_monday = {calendar.date(7 * w): m / 60 for w, m in sorted(weeks.items())}
    due = (gig.due or calendar.term.end) if c.kind == "project" else None
    return TermGig(gig.id, c.kind, minutes / 60, pay, value, by_monday, due)


def _block(calendar: Any, start: int, end: int, ident: str, kind: str) -> TermBlock:
    day, minute = divmod(start, DAY)
    finish = minute + end - start
    end_text = clock(finish) if finish <= DAY else clock(finish - DAY)
    return TermBlock(ident, kind, calendar.date(day), DAYS[day % 7], clock(minute), end_text, (start, end))


def _cents(money: float | None) -> float | None:
    return None if money is None else round(money, 2)


def _round(hours: float) -> float:
    return round(hours, 9)
