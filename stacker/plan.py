"""The plan: which gigs to take, when, and what the week then looks like."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .data import Problem
from .week import DAY, format_interval, pieces


class Status(str, Enum):
    """How good the plan is known to be."""

    OPTIMAL = "optimal"  #: proven best
    FEASIBLE = "feasible"  #: a time limit stopped the proof; best found so far
    INFEASIBLE = "infeasible"  #: the commitments cannot all be kept; see ``reasons``
    UNKNOWN = "unknown"  #: no plan found in time

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Block:
    """A stretch of the week: a commitment session or a placed piece of a gig.

    ``start`` and ``end`` are minutes from Monday 00:00 (``end > 10080`` for a
    block that runs past Sunday midnight); ``day``, ``start_time`` and
    ``end_time`` give the same in the input notation.
    """

    id: str
    kind: str  # "class", "volunteer", "other" or "gig"
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
    """A gig in the plan, with its weekly hours, pay and value."""

    id: str
    title: str | None
    hours: float
    pay: float
    value: float
    relevance: float
    mentor: bool
    fixed: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True, slots=True)  # slots: a pool of 10^6 gigs can exclude nearly all of them
class Excluded:
    """A gig dropped before solving because it can never fit, and why."""

    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class Totals:
    """Weekly totals: hours that count toward ``max_hours``, gig hours, pay, value, and
    ``relevance``: relevance-weighted gig hours (the sum of hours times relevance)."""

    hours: float
    work_hours: float
    pay: float
    value: float
    relevance: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


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
        Gigs dropped before solving because they can never fit, with reasons.
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
    excluded: tuple[Excluded, ...]
    reasons: tuple[str, ...]
    solve_time: float
    problem: Problem = field(repr=False, compare=False)
    interrupted: bool = False
    stats: dict = field(default_factory=dict, repr=False, compare=False)
    priorities: tuple[str, ...] = ("value",)

    @property
    def gap(self) -> float | None:
        """``|bound - objective|``: how much better a plan could still be."""
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective)

    def explain(self):
        """Why each gig left out is not in this plan (see :func:`stacker.explain`)."""
        from .explain import explain

        return explain(self.problem, self)

    @property
    def day_minutes(self) -> list[int]:
        """Minutes per day (Monday first) that count toward the daily cap: gigs and counted commitments."""
        uncounted = {c.id for c in self.problem.commitments if not c.counts_toward_cap}
        minutes = [0] * 7
        for block in self.blocks:
            if block.kind == "gig" or block.id not in uncounted:
                for start, end in pieces(block.start, block.end):
                    minutes[start // DAY] += end - start
        return minutes

    @property
    def gig_ids(self) -> list[str]:
        """Ids of the chosen gigs."""
        return [g.id for g in self.gigs]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, ready for JSON (what ``stacker solve --json`` prints)."""
        return {
            "status": self.status.value,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "solve_time": self.solve_time,
            "gigs": [g.to_dict() for g in self.gigs],
            "blocks": [b.to_dict() for b in self.blocks],
            "totals": self.totals.to_dict(),
            "excluded": [e.to_dict() for e in self.excluded],
            "reasons": list(self.reasons),
            "interrupted": self.interrupted,
        }

    def to_frame(self):
        """The blocks as a pandas DataFrame: id, kind, day, start, end, hours."""
        import pandas as pd

        columns = ["id", "kind", "day", "start", "end", "hours"]
        return pd.DataFrame([b.to_dict() for b in self.blocks], columns=columns)

    def to_csv(self, path=None):
        """The blocks as CSV (the columns of :meth:`to_frame`); the text when ``path`` is None, else written there."""
        from .tables import plan_to_csv

        return plan_to_csv(self, path)

    def to_ics(self, path, term_start, term_end):
        """The week as weekly recurring iCalendar events from ``term_start`` to ``term_end`` (see :func:`stacker.calendar.plan_to_ics`); the text when ``path`` is None, else written there."""
        from .calendar import plan_to_ics

        return plan_to_ics(self, path, term_start, term_end)

    def to_json(self, path=None):
        """``json.dumps(self.to_dict(), indent=2)``; the text when ``path`` is None, else written there."""
        from .tables import plan_to_json

        return plan_to_json(self, path)

    def plot(self, ax=None):
        """The week as a calendar grid; returns the matplotlib Figure (see :func:`stacker.plot.plot_plan`)."""
        from .plot import plot_plan

        return plot_plan(self, ax)
