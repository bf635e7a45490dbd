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

from .errors import ProblemError
from .plan import Block, ChosenGig, ExcludedGigs, Plan, Totals, travel_spans
from .presolve.term import Candidate, TermPrepared
from .presolve.units import UNITS_PER_MONEY
from .problem.calendar import split_by, week_of
from .problem.dates import as_date
from .problem.problem import Problem
from .problem.term import LIMIT_NAMES, Term
from .problem.week import DAY, DAYS, WEEK, clock
from .solution import Status, gap_of

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from .cpsat.term import TermResult


@dataclass(frozen=True)
class TermBlock:
    """A dated stretch of the term: a commitment session or a piece of a gig.

    ``date`` is the day it starts on; ``start`` and ``end`` are ``HH:MM``
    (a block past midnight ends at or before its start); ``minutes`` is
    ``(start, end)`` in term minutes from 00:00 on the Monday of the first week.
    """

    id: str
    kind: str  # "class", "volunteer", "other", "gig" or "travel" (its id: "campus to downtown")
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
    """A gig in the plan: hours, pay and value over the term, and its hours in each week (by Monday date).

    ``week_pay`` and ``week_value`` split its pay and value by week (they add
    up to ``pay`` and ``value``): a weekly gig's flat pay in each of its
    weeks, a project's fee and mentor value in the week of its last block.
    """

    id: str
    kind: str  # "fixed", "weekly" or "project"
    hours: float
    pay: float
    value: float
    weeks: dict[dt.date, float]
    due: dt.date | None = None
    week_pay: dict[dt.date, float] = field(default_factory=dict, repr=False)
    week_value: dict[dt.date, float] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        weeks = {d.isoformat(): _round(h) for d, h in self.weeks.items()}
        out = {"id": self.id, "kind": self.kind, "hours": _round(self.hours), "pay": _cents(self.pay),
               "value": _cents(self.value), "weeks": weeks}  # fmt: skip
        return out | ({"due": self.due.isoformat()} if self.due else {})


@dataclass(frozen=True)
class TermWeek:
    """One calendar week of the plan: its Monday, whether a break week, the limits in force, its blocks, totals.

    ``blocks`` are those that start in the week (a block past Sunday midnight
    is in the week it starts in); ``gigs`` the gigs worked this week, each
    with its hours, pay and value this week (as in a week plan). The week
    renders and plots like a week :class:`~stacker.Plan`: :meth:`plot`,
    ``stacker.render.week_grid(week)``, and :meth:`as_plan` for the rest.
    """

    start: dt.date
    is_break: bool
    limits: dict[str, float | None]
    blocks: tuple[TermBlock, ...]
    hours: float
    work_hours: float
    pay: float
    gigs: tuple[ChosenGig, ...] = ()
    status: Status = field(default=Status.OPTIMAL, repr=False, compare=False)
    problem: Problem | None = field(default=None, repr=False, compare=False)
    solve_time: float = field(default=0.0, repr=False, compare=False)
    term_gigs: tuple[str, ...] = field(default=(), repr=False, compare=False)  # the term's gigs: their colours

    def as_plan(self) -> Plan:
        """This week as a week :class:`~stacker.Plan`, which the week grid and the week picture draw.

        Its blocks are the week's (those that start in it; a block past
        Sunday midnight keeps its end past 10,080 minutes, so the week picture
        draws its last part at the top of Monday's column), its gigs those
        worked this week with their hours, pay and value this week, its
        totals the week's, and its problem the term's with the limits in
        force this week. Its status is the term plan's.
        """
        assert self.problem is not None and self.problem.term is not None, "a TermWeek made by make_term_plan"
        offset = (self.start - self.problem.term.monday).days * DAY
        blocks = tuple(Block(b.id, b.kind, b.minutes[0] - offset, b.minutes[1] - offset) for b in self.blocks)
        value = sum(g.value for g in self.gigs)
        relevance = sum(g.hours * g.relevance for g in self.gigs)
        has_plan = self.status.has_plan
        return Plan(
            status=self.status,
            objective=value if has_plan else None,
            bound=value if self.status is Status.OPTIMAL else None,
            gigs=self.gigs,
            blocks=blocks,
            totals=Totals(self.hours, self.work_hours, self.pay, value, relevance),
            excluded=ExcludedGigs([], []),
            reasons=(),
            solve_time=self.solve_time,
            problem=self.problem.with_limits(**{k: v for k, v in self.limits.items() if k in LIMIT_NAMES}),
        )

    @overload
    def plot(self, ax: None = None) -> Figure: ...
    @overload
    def plot(self, ax: Axes) -> Figure | SubFigure: ...
    def plot(self, ax: Axes | None = None) -> Figure | SubFigure:
        """The week as a calendar grid, like ``Plan.plot()`` (:func:`stacker.output.picture.plot_plan` of
        :meth:`as_plan`), titled with the week's Monday, each gig in its colour in the term's picture; returns
        the matplotlib Figure."""
        from .output.picture import plot_plan

        figure = plot_plan(self, ax)  # type: ignore[call-overload]  # a week of a term: plot_plan takes it
        axes = ax if ax is not None else figure.axes[0]
        name = f"Week of {self.start}{' (break)' * self.is_break}:"
        title = axes.get_title(loc="left").replace("Week plan:", name, 1)
        axes.set_title(title, loc="left")
        return figure

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
    """The plan of a term (what :func:`stacker.solve` returns for a problem with a ``term``).

    Written out by :meth:`to_dict`, :meth:`to_frame`, :meth:`to_csv` and
    :meth:`to_ics` (dated events in the term's time zone); drawn by
    :meth:`plot` (the term at a glance); one week by :meth:`week` or
    ``weeks[i]`` (``docs/term.md``, "The plan").
    """

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
    priorities: tuple[str, ...] = ("value",)  # what ``objective`` and ``bound`` measure (solve's ``priorities``)

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

    def week(self, date: dt.date | str) -> TermWeek:
        """The week (Monday to Sunday) that holds ``date`` (a ``datetime.date`` or ``"YYYY-MM-DD"``).

        Raises :class:`~stacker.ProblemError` when the date lies in none of
        the term's weeks.
        """
        term = self.problem.term
        assert term is not None
        return self.weeks[week_index(term, date)]

    @overload
    def to_ics(self, path: None = None, *, commitments: bool = ...) -> str: ...
    @overload
    def to_ics(self, path: str | os.PathLike, *, commitments: bool = ...) -> None: ...
    def to_ics(self, path: str | os.PathLike | None = None, *, commitments: bool = True) -> str | None:
        """The term's blocks as dated iCalendar events in the term's time zone (floating times without one);
        the text when ``path`` is None, else written there. See :func:`stacker.output.term_ics.term_plan_to_ics`."""
        from .output.term_ics import term_plan_to_ics

        return term_plan_to_ics(self, path, commitments=commitments)

    @overload
    def plot(self, ax: None = None) -> Figure: ...
    @overload
    def plot(self, ax: Axes) -> Figure | SubFigure: ...
    def plot(self, ax: Axes | None = None) -> Figure | SubFigure:
        """The term at a glance: hours per week stacked by gig, the caps in force, break weeks, due dates;
        returns the matplotlib Figure (see :func:`stacker.output.term_picture.plot_term`)."""
        from .output.term_picture import plot_term

        return plot_term(self, ax)


def week_index(term: Term, date: dt.date | str, name: str = "week") -> int:
    """The index of the term's week (Monday to Sunday) that holds ``date``; a :class:`~stacker.ProblemError`
    (starting with ``name``) when it lies in none of them."""
    try:
        day = as_date(date)
    except ValueError as error:
        raise ProblemError(f"{name}: {error}") from None
    index = (day - term.monday).days // 7
    if not 0 <= index < term.weeks:
        last = term.monday + dt.timedelta(days=7 * term.weeks - 1)
        raise ProblemError(
            f"{name}: {day} is not in the term (from {term.start} to {term.end}; its weeks run from "
            f"Monday {term.monday} to Sunday {last})"
        )
    return index


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
    gigs: list[TermGig] = []
    items = {}  # id -> the input gig of each chosen one
    pay_week = [0.0] * calendar.weeks
    gig_week = [0] * calendar.weeks
    for index in result.taken if has_plan else ():
        candidate = prepared.candidates[index]
        spans = candidate.occurrences if candidate.kind == "fixed" else result.blocks[index]
        pieces += [(s, e, candidate.gig.id, "gig") for s, e in spans]
        gigs.append(_gig(prepared, candidate, sorted(spans), pay_week, gig_week))
        items[candidate.gig.id] = candidate.gig
    pieces.sort()
    rows = [prepared.candidates[index].row for index in result.taken] if has_plan else []
    travel = travel_spans(problem, [p[:3] for p in pieces], rows)
    pieces += [(s, e, name, "travel") for s, e, name in travel]
    travel_week = [0] * calendar.weeks  # travel minutes toward max_hours (rules.travel_counts), by the week they lie in
    for s, e, _ in travel if problem.rules.travel_counts else ():
        for w, minutes in split_by(s, e, WEEK):
            travel_week[min(w, calendar.weeks - 1)] += minutes
    blocks = tuple(_block(calendar, s, e, ident, kind) for s, e, ident, kind in sorted(pieces))
    weeks = []
    by_week: list[list[TermBlock]] = [[] for _ in range(calendar.weeks)]
    for b in blocks:
        by_week[week_of(b.minutes[0], calendar.weeks)].append(b)
    for w in range(calendar.weeks):
        start = calendar.date(7 * w)
        mine = tuple(by_week[w])
        hours = (int(prepared.counted_week[w]) + gig_week[w] + travel_week[w]) / 60
        work = (int(prepared.work_week[w]) + gig_week[w]) / 60
        chosen = tuple(_week_gig(items[g.id], g, start) for g in gigs if start in g.weeks)
        weeks.append(
            TermWeek(start, calendar.is_break_week[w], calendar.week_limits[w], mine, hours, work, pay_week[w],
                     chosen, status, problem, seconds, tuple(g.id for g in gigs))
        )  # fmt: skip
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
    pay = {w: m / 60 * gig.hourly_pay for w, m in weeks.items()}
    value = {w: m / 60 * c.rate for w, m in weeks.items()}
    if c.kind == "project":
        last = week_of(spans[-1][0], calendar.weeks)
        pay[last] = pay.get(last, 0.0) + float(gig.fee or 0.0)
        value[last] = value.get(last, 0.0) + c.flat + c.once  # the fee, mentor and conversion: once, at the end
    else:
        value_weeks = sorted({week_of(s, calendar.weeks) for s, _ in spans}) if c.kind == "fixed" else c.weeks
        for w in value_weeks:
            pay[w] = pay.get(w, 0.0) + gig.flat_pay
            value[w] = value.get(w, 0.0) + c.flat
        if value_weeks:  # conversion: once, in its last week
            value[value_weeks[-1]] = value.get(value_weeks[-1], 0.0) + c.once
    for w, minutes in weeks.items():
        gig_week[w] += minutes
    for w, money in pay.items():
        pay_week[w] += money
    minutes = sum(weeks.values())
    monday = calendar.date
    by_monday = {monday(7 * w): m / 60 for w, m in sorted(weeks.items())}
    due = (gig.due or calendar.term.end) if c.kind == "project" else None
    week_pay = {monday(7 * w): p for w, p in sorted(pay.items())}
    week_value = {monday(7 * w): v for w, v in sorted(value.items())}
    return TermGig(gig.id, c.kind, minutes / 60, sum(pay.values()), sum(value.values()), by_monday, due,
                   week_pay, week_value)  # fmt: skip


def _week_gig(item: Any, gig: TermGig, monday: dt.date) -> ChosenGig:
    """A gig of the term (``item`` its input) as a gig of one week's plan: its hours, pay and value that week."""
    return ChosenGig(
        gig.id,
        item.title,
        gig.weeks[monday],
        gig.week_pay.get(monday, 0.0),
        gig.week_value.get(monday, 0.0),
        item.relevance,
        bool(item.mentor),
        gig.kind == "fixed",
        item.growth,
        item.conversion,
    )


def _block(calendar: Any, start: int, end: int, ident: str, kind: str) -> TermBlock:
    day, minute = divmod(start, DAY)
    finish = minute + end - start
    end_text = clock(finish) if finish <= DAY else clock(finish - DAY)
    return TermBlock(ident, kind, calendar.date(day), DAYS[day % 7], clock(minute), end_text, (start, end))


def _cents(money: float | None) -> float | None:
    return None if money is None else round(money, 2)


def _round(hours: float) -> float:
    return round(hours, 9)
