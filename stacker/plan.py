"""The plan: which gigs to take, when, and what the week then looks like."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from .presolve.prepare import Prepared
from .presolve.units import SCALE
from .problem.items import place_of
from .problem.problem import Problem
from .problem.week import DAY, WEEK, format_interval, pieces
from .solution import Solution, Status, chosen_minutes, gap_of

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from .analysis.leftout import Explanation


@dataclass(frozen=True)
class Block:
    """A stretch of the week: a commitment session or a placed piece of a gig.

    ``start`` and ``end`` are minutes from Monday 00:00 (``end > 10080`` for a
    block that runs past Sunday midnight); ``day``, ``start_time`` and
    ``end_time`` give the same in the input notation.
    """

    id: str
    kind: str  # "class", "volunteer", "other", "gig" or "travel" (its id: "campus to downtown")
    start: int
    end: int

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60

    @property
    def day(self) -> str:
        return format_interval(self.start, self.end)[0]

    @property
    def start_time(self) -> str:
        return format_interval(self.start, self.end)[1]

    @property
    def end_time(self) -> str:
        return format_interval(self.start, self.end)[2]

    def to_dict(self) -> dict[str, Any]:
        day, start, end = format_interval(self.start, self.end)
        return {"id": self.id, "kind": self.kind, "day": day, "start": start, "end": end, "hours": self.hours}


@dataclass(frozen=True)
class ChosenGig:
    """A gig in the plan, with its weekly hours, pay and value (and its qualities: relevance, mentor, growth,
    conversion)."""

    id: str
    title: str | None
    hours: float
    pay: float
    value: float
    relevance: float
    mentor: bool
    fixed: bool
    growth: float = 0.0
    conversion: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {"pay": _cents(self.pay), "value": _cents(self.value)}


@dataclass(frozen=True, slots=True)  # slots: a pool of 10^6 gigs can exclude nearly all of them
class Excluded:
    """A gig dropped before solving because it can never fit, and why."""

    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason}


class ExcludedGigs(Sequence[Excluded]):
    """A plan's excluded gigs, kept as two lists (ids, reasons); an :class:`Excluded` is made when one is read.

    A pool of 10^6 gigs can exclude nearly all of them: making that many
    objects took 1.2 s of a 12 s run, and ``--json`` needs only the texts.
    It is a read-only sequence of :class:`Excluded`, equal to a tuple of the
    same items.
    """

    def __init__(self, ids: Sequence[str], reasons: Sequence[str]) -> None:
        self.ids, self.reasons = list(ids), list(reasons)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Excluded: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Excluded, ...]: ...
    def __getitem__(self, index: int | slice) -> Excluded | tuple[Excluded, ...]:
        if isinstance(index, slice):
            return tuple(map(Excluded, self.ids[index], self.reasons[index]))
        return Excluded(self.ids[index], self.reasons[index])

    def __iter__(self) -> Iterator[Excluded]:
        return map(Excluded, self.ids, self.reasons)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExcludedGigs):
            return self.ids == other.ids and self.reasons == other.reasons
        return isinstance(other, Sequence) and not isinstance(other, str) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((tuple(self.ids), tuple(self.reasons)))

    def __repr__(self) -> str:
        return f"ExcludedGigs({len(self)} gigs)"

    def to_dicts(self) -> list[dict[str, Any]]:
        """``[excluded.to_dict() for excluded in self]``, without making the objects."""
        return [{"id": ident, "reason": reason} for ident, reason in zip(self.ids, self.reasons)]


@dataclass(frozen=True)
class Totals:
    """Weekly totals: hours that count toward ``max_hours`` (counted commitments, gigs and, when
    ``rules.travel_counts``, travel), gig hours, pay, value,
    ``relevance`` and ``growth``: relevance- and growth-weighted gig hours (the sum of hours times relevance or
    growth), and ``conversion``: the sum of the chosen gigs' conversion."""

    hours: float
    work_hours: float
    pay: float
    value: float
    relevance: float = 0.0
    growth: float = 0.0
    conversion: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__) | {
            "pay": _cents(self.pay),
            "value": _cents(self.value),
            "relevance": _unnoisy(self.relevance),
            "growth": _unnoisy(self.growth),
            "conversion": _unnoisy(self.conversion),
        }


@dataclass(frozen=True)
class Plan:
    """The answer of :func:`stacker.solve`.

    Attributes
    ----------
    status
        See :class:`Status`.
    objective
        What the plan scores on what was optimized: its value (the sum of the
        chosen gigs' values) by default, or its total of the first of the
        ``priorities`` given to :func:`stacker.solve` (pay, relevance-weighted
        hours, or gig hours); None when there is no plan.
    bound
        Proven bound on that score over all plans: an upper bound (a lower
        one for ``hours``, where fewer is better); equal to ``objective``
        when optimal, or None.
    gigs
        The chosen gigs, in the order of the problem.
    blocks
        The week: every commitment session and every block of gig work, by
        start time.
    totals
        See :class:`Totals`.
    excluded
        Gigs dropped before solving because they can never fit, with reasons:
        a sequence of :class:`Excluded` (an :class:`ExcludedGigs`, which makes
        each one when it is read), in the order of the problem.
    reasons
        Why the problem is infeasible (empty otherwise).
    solve_time
        Seconds from input to plan.
    interrupted
        True when Ctrl-C stopped the search (the plan is the best found so far).
    stats
        Solver counters: master ``iterations`` and placement ``cuts``.
    priorities
        The criteria optimized, in order (``("value",)`` by default).
    """

    status: Status
    objective: float | None
    bound: float | None
    gigs: tuple[ChosenGig, ...]
    blocks: tuple[Block, ...]
    totals: Totals
    excluded: Sequence[Excluded]
    reasons: tuple[str, ...]
    solve_time: float
    problem: Problem = field(repr=False, compare=False)
    interrupted: bool = False
    stats: dict = field(default_factory=dict, repr=False, compare=False)
    priorities: tuple[str, ...] = ("value",)

    @property
    def gap(self) -> float | None:
        """``|bound - objective|``: how much better a plan could still be."""
        return gap_of(self.objective, self.bound)

    @property
    def day_minutes(self) -> list[int]:
        """Minutes per day (Monday first) that count toward the daily cap: gigs, counted commitments and, when
        ``rules.travel_counts``, travel."""
        return self._day_minutes(counted=True)

    @property
    def uncounted_day_minutes(self) -> list[int]:
        """Minutes per day (Monday first) of the commitments that do not count toward the caps."""
        return self._day_minutes(counted=False)

    def _day_minutes(self, *, counted: bool) -> list[int]:
        uncounted = {c.id for c in self.problem.commitments if not c.counts_toward_cap}
        minutes = [0] * 7
        travel_counts = self.problem.rules.travel_counts
        for block in self.blocks:
            if block.kind == "travel" and not travel_counts:
                continue  # travel counts toward nothing
            if (block.kind in ("gig", "travel") or block.id not in uncounted) == counted:
                for start, end in pieces(block.start, block.end):
                    minutes[start // DAY] += end - start
        return minutes

    @property
    def gig_ids(self) -> list[str]:
        """Ids of the chosen gigs."""
        return [g.id for g in self.gigs]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, ready for JSON (what ``stacker solve --json`` prints)."""
        score = _cents if self.priorities[0] in ("value", "pay") else _unnoisy
        return {
            "status": self.status.value,
            "objective": score(self.objective),
            "bound": score(self.bound),
            "gap": score(self.gap),
            "solve_time": self.solve_time,
            "gigs": [g.to_dict() for g in self.gigs],
            "blocks": [b.to_dict() for b in self.blocks],
            "totals": self.totals.to_dict(),
            "excluded": _excluded_dicts(self.excluded),
            "reasons": list(self.reasons),
            "interrupted": self.interrupted,
        }

    def to_frame(self) -> pd.DataFrame:
        """The blocks as a pandas DataFrame: id, kind, day, start, end, hours."""
        import pandas as pd

        columns = ["id", "kind", "day", "start", "end", "hours"]
        return pd.DataFrame([b.to_dict() for b in self.blocks], columns=columns)

    # Conveniences: one-line delegates to analysis/ and output/, imported when called (those modules
    # read plans, so plan.py never imports them at module level).

    def explain(self) -> Explanation:
        """Why each gig left out is not in this plan (see :func:`stacker.explain`)."""
        from .analysis.leftout import explain_plan

        return explain_plan(self)

    @overload
    def to_csv(self, path: None = None) -> str: ...
    @overload
    def to_csv(self, path: str | os.PathLike) -> None: ...
    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """The blocks as CSV (the columns of :meth:`to_frame`); the text when ``path`` is None, else written there."""
        from .output.exports import plan_to_csv

        return plan_to_csv(self, path)

    @overload
    def to_json(self, path: None = None) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike) -> None: ...
    def to_json(self, path: str | os.PathLike | None = None) -> str | None:
        """``json.dumps(self.to_dict(), indent=2)``; the text when ``path`` is None, else written there."""
        from .output.exports import plan_to_json

        return plan_to_json(self, path)

    @overload
    def to_ics(self, path: None, term_start: Any, term_end: Any, *, commitments: bool = ..., tz: Any = ...) -> str: ...
    @overload
    def to_ics(
        self, path: str | os.PathLike, term_start: Any, term_end: Any, *, commitments: bool = ..., tz: Any = ...
    ) -> None: ...
    def to_ics(
        self,
        path: str | os.PathLike | None,
        term_start: Any,
        term_end: Any,
        *,
        commitments: bool = True,
        tz: Any = None,
    ) -> str | None:
        """The week as weekly recurring iCalendar events from ``term_start`` to ``term_end``
        (see :func:`stacker.output.exports.plan_to_ics`: ``commitments=False`` writes the gigs only, ``tz`` a
        ``tzinfo`` for zoned times); the text when ``path`` is None, else written there."""
        from .output.exports import plan_to_ics

        return plan_to_ics(self, path, term_start, term_end, commitments=commitments, tz=tz)

    @overload
    def plot(self, ax: None = None) -> Figure: ...
    @overload
    def plot(self, ax: Axes) -> Figure | SubFigure: ...
    def plot(self, ax: Axes | None = None) -> Figure | SubFigure:
        """The week as a calendar grid; returns the matplotlib Figure (see :func:`stacker.output.picture.plot_plan`)."""
        from .output.picture import plot_plan

        return plot_plan(self, ax)


def plan_criteria(gigs: Sequence[ChosenGig]) -> dict[str, float]:
    """Each criterion (``stacker.presolve.CRITERIA``) of the chosen gigs, in the units people read: value,
    pay, relevance- and growth-weighted hours, gig hours and the sum of their conversion.

    Hours are summed as whole minutes, so that they are exactly what the grid gives.
    """
    minutes = [round(g.hours * 60) for g in gigs]
    return {
        "value": sum(g.value for g in gigs),
        "pay": sum(g.pay for g in gigs),
        "relevance": sum(m * g.relevance for m, g in zip(minutes, gigs)) / 60,
        "hours": sum(minutes) / 60,
        "growth": sum(m * g.growth for m, g in zip(minutes, gigs)) / 60,
        "conversion": sum(g.conversion for g in gigs),
    }


def _cents(money: float | None) -> float | None:
    """Money as written out (``to_dict``, ``--json``): to the cent, without float noise like 590.5999999999999."""
    return None if money is None else round(money, 2)


def _unnoisy(amount: float | None) -> float | None:
    """A sum of hours (or relevance-weighted hours) as written out, without float noise."""
    return None if amount is None else round(amount, 9)


def make_plan(prepared: Prepared, solution: Solution, seconds: float, priorities: Sequence[str] = ("value",)) -> Plan:
    """Turn a backend's literals into a plan with blocks, totals and values."""
    problem = prepared.problem
    status = Status(solution.status)
    blocks = [Block(c.id, c.kind, start, end) for c in problem.commitments for start, end in c.intervals]
    minutes = chosen_minutes(prepared, solution)
    blocks += _gig_blocks(prepared, solution)
    weights = problem.weights
    gigs = []
    for i in sorted(minutes):
        gig = prepared.table.gig(i)
        hours = minutes[i] / 60
        gigs.append(
            ChosenGig(
                id=gig.id,
                title=gig.title,
                hours=hours,
                pay=gig.pay(hours),
                value=gig.value(hours, weights),
                relevance=gig.relevance,
                mentor=bool(gig.mentor),
                fixed=gig.is_fixed,
                growth=gig.growth,
                conversion=gig.conversion,
            )
        )
    blocks.sort(key=lambda b: (b.start, b.end, b.id))
    if has_plan := status.has_plan:
        blocks = _with_travel(problem, blocks, sorted(minutes))
    committed = sum(c.minutes for c in problem.commitments if c.counts_toward_cap)
    if problem.rules.travel_counts:
        committed += sum(b.end - b.start for b in blocks if b.kind == "travel")
    criteria = plan_criteria(gigs)
    objective = bound = None
    if has_plan:
        objective = criteria[priorities[0]]
        if status is Status.OPTIMAL:
            bound = objective
        elif solution.bound_units is not None:
            bound = solution.bound_units / SCALE[priorities[0]]
            bound = min(objective, bound) if priorities[0] == "hours" else max(objective, bound)
    reasons = prepared.reasons
    if status is Status.INFEASIBLE and not reasons:
        from .analysis.diagnose import diagnose

        reasons = [diagnose(problem).why()]
    return Plan(
        status=status,
        objective=objective,
        bound=bound,
        gigs=tuple(gigs),
        blocks=tuple(blocks) if has_plan else tuple(b for b in blocks if b.kind != "gig"),
        totals=Totals(
            hours=(committed + round(criteria["hours"] * 60)) / 60,
            work_hours=criteria["hours"],
            pay=criteria["pay"],
            value=criteria["value"],
            relevance=criteria["relevance"],
            growth=criteria["growth"],
            conversion=criteria["conversion"],
        ),
        excluded=ExcludedGigs(prepared.excluded_ids, prepared.excluded_reasons),
        reasons=tuple(reasons),
        solve_time=seconds,
        problem=problem,
        interrupted=bool(solution.stats.get("interrupted")),
        stats=dict(solution.stats),
        priorities=tuple(priorities),
    )


def _excluded_dicts(excluded: Sequence[Excluded]) -> list[dict[str, Any]]:
    if isinstance(excluded, ExcludedGigs):
        return excluded.to_dicts()
    return [item.to_dict() for item in excluded]


def _gig_blocks(prepared: Prepared, solution: Solution) -> list[Block]:
    """The blocks of the chosen gigs: a fixed gig's sessions, a flexible gig's runs of cells."""
    table = prepared.table
    blocks: list[Block] = []
    for candidate in np.flatnonzero(solution.fixed):
        gig = table.gig(int(prepared.fixed[candidate]))
        blocks.extend(Block(gig.id, "gig", s, e) for s, e in gig.intervals)
    for f, cells in solution.cells.items():
        if len(cells):
            flex = prepared.flexible[f]
            blocks.extend(Block(table.ids[flex.gig], "gig", s, e) for s, e in _runs(np.sort(cells), flex.grid))
    return blocks


def _with_travel(problem: Problem, blocks: list[Block], rows: list[int]) -> list[Block]:
    """The blocks (in time order) with a ``travel`` block before each item at another place than the item before
    (:func:`travel_spans`)."""
    items = [(b.start, b.end, b.id) for b in blocks]
    # a block past Sunday midnight is also where Monday starts (the week repeats): the travel after it
    items = [(start - WEEK, end - WEEK, name) for start, end, name in items if end > WEEK] + items
    spans = travel_spans(problem, items, rows)
    if not spans:
        return blocks
    out = blocks + [Block(name, "travel", start, end) for start, end, name in spans]
    out.sort(key=lambda b: (b.start, b.end, b.id))
    return out


def travel_spans(problem: Problem, items: list[tuple[int, int, str]], rows: list[int]) -> list[tuple[int, int, str]]:
    """The travel ``(start, end, "campus to downtown")`` between the ``items`` ``(start, end, id)`` (in time order).

    Between two consecutive items of a day at different places (remote items
    and those without a location have none), a span of the travel minutes
    from the earlier place to the later, ending when the later item starts.
    The plan keeps those minutes free of other items at places (the model's
    travel gap); they count toward max_hours and max_day_hours when
    ``rules.travel_counts`` (else toward nothing). ``rows``: the gigs of the
    plan (table rows); the rest of the items are commitments. Minutes are
    the week's or the term's alike (both start on a Monday at 00:00).
    """
    rules = problem.rules
    if not rules.travel_pairs and not rules.travel_default:
        return []
    where = {c.id: place_of(c.location) for c in problem.commitments}
    table = problem.table
    if table.locations is not None:
        where |= {table.ids[i]: place_of(table.locations[i]) for i in rows}
    placed = [item for item in items if where.get(item[2]) is not None]
    out = []
    for (_, end, before), (start, _, after) in itertools.pairwise(placed):
        origin, destination = where[before], where[after]
        minutes = rules.travel_minutes(origin, destination)  # type: ignore[arg-type]
        if origin != destination and minutes and (end - 1) // DAY == start // DAY:
            out.append((start - minutes, start, f"{origin} to {destination}"))
    return out


def _runs(cells: np.ndarray, grid: int) -> list[tuple[int, int]]:
    """Merge sorted grid cells into blocks (wrapping Sunday to Monday), none over a day long."""
    per_week = WEEK // grid
    breaks = np.flatnonzero(np.diff(cells) != 1)
    starts = np.concatenate(([cells[0]], cells[breaks + 1]))
    ends = np.concatenate((cells[breaks] + 1, [cells[-1] + 1]))
    runs = [(int(s) * grid, int(e) * grid) for s, e in zip(starts, ends)]
    if len(runs) > 1 and cells[0] == 0 and cells[-1] == per_week - 1:
        first = runs.pop(0)
        last = runs.pop()
        runs.append((last[0], WEEK + first[1]))
    out = []
    for start, end in runs:
        while end - start > DAY:
            out.append((start, start + DAY))
            start += DAY
        out.append((start % WEEK, start % WEEK + end - start))
    return out
