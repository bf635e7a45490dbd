"""A term: dated weeks with breaks, and the checks that tie a problem's dates to it.

:class:`Term` and :class:`Break` are what a problem with a ``term`` holds;
:func:`check_problem` is what :class:`~stacker.Problem` calls to check every
date of its items against the term (or, without a term, that nothing needs
one). How a term becomes weeks of minutes is :mod:`.calendar`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ProblemError
from .dates import COMMITMENT_TERM_FIELDS, GIG_TERM_FIELDS, as_date, has_term_fields, is_dated
from .hints import unknown_keys

if TYPE_CHECKING:
    from .problem import Problem

#: The limits a break may replace (fields of :class:`~stacker.Limits`).
LIMIT_NAMES = ("max_hours", "max_work_hours", "max_day_hours", "max_fortnight_work_hours")


@dataclass(frozen=True)
class Break:
    """A break inside a term (spring break, exams, ...): classes do not meet.

    Parameters
    ----------
    name
        For people.
    start, end
        Its first and last day (inclusive), ``datetime.date`` or ISO text.
    limits
        Limits that replace the term's in its *break weeks* (weeks whose
        every day in the term lies in a break), e.g. ``{"max_work_hours": 40}``;
        ``None`` as a value lifts that cap.
    """

    name: str
    start: dt.date
    end: dt.date
    limits: Mapping[str, float | None] = field(default_factory=dict)

    if TYPE_CHECKING:

        def __init__(
            self,
            name: str,
            start: dt.date | str,
            end: dt.date | str,
            limits: Mapping[str, float | None] | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        label = f"break {self.name!r}"
        errors = (
            [] if isinstance(self.name, str) and self.name.strip() else [f"{label}: name: must be a non-empty string"]
        )
        for name in ("start", "end"):
            try:
                object.__setattr__(self, name, as_date(getattr(self, name)))
            except ValueError as error:
                errors.append(f"{label}: {name}: {error}")
        limits = {} if self.limits is None else self.limits
        if not isinstance(limits, Mapping):
            errors.append(f"{label}: limits: must be a table of limits, got {type(limits).__name__}")
            limits = {}
        errors += unknown_keys(f"{label}: limits", limits, LIMIT_NAMES)
        for name, value in limits.items():
            ok = value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0)
            if name in LIMIT_NAMES and not ok:
                errors.append(f"{label}: limits: {name}: must be a number >= 0 or null (no cap), got {value!r}")
        if name == "max_hours" and limits.get("max_hours", 0) is None:
            errors.append(f"{label}: limits: max_hours: must be a number of hours, got None")
        object.__setattr__(self, "limits", dict(limits))
        if not errors and self.end < self.start:
            errors.append(f"{label}: end: {self.end} is before start {self.start}")
        if errors:
            raise ProblemError(errors)

    def __hash__(self) -> int:
        return hash((self.name, self.start, self.end, tuple(sorted(self.limits.items()))))

    def days(self) -> Iterable[dt.date]:
        """Its days, first to last."""
        return (self.start + dt.timedelta(days=k) for k in range((self.end - self.start).days + 1))


@dataclass(frozen=True)
class Term:
    """The dates a problem plans: from ``start`` to ``end`` (inclusive), with breaks.

    Parameters
    ----------
    start, end
        First and last day, ``datetime.date`` or ISO text (``"2027-01-11"``).
    timezone
        IANA time zone name (``"America/New_York"``), for calendar files.
        Times in a term are local wall-clock times: a class at 09:00 stays
        at 09:00 across a daylight-saving change.
    breaks
        :class:`Break` objects (or mappings with ``name``, ``start``,
        ``end``, ``limits``), inside the term and not overlapping.

    The term's weeks are the calendar weeks (Monday to Sunday) that touch
    it; days outside the term hold nothing.
    """

    start: dt.date
    end: dt.date
    timezone: str | None = None
    breaks: tuple[Break, ...] = ()

    if TYPE_CHECKING:

        def __init__(
            self,
            start: dt.date | str,
            end: dt.date | str,
            timezone: str | None = None,
            breaks: Sequence[Break | Mapping[str, Any]] = (),
        ) -> None: ...

    def __post_init__(self) -> None:
        errors: list[str] = []
        for name in ("start", "end"):
            try:
                object.__setattr__(self, name, as_date(getattr(self, name)))
            except ValueError as error:
                errors.append(f"term: {name}: {error}")
        if self.timezone is not None:
            errors += _check_zone(self.timezone)
        object.__setattr__(self, "breaks", tuple(self._breaks(errors)))
        if not errors and self.end < self.start:
            errors.append(f"term: end: {self.end} is before start {self.start}")
        if not errors:
            errors += self._check_breaks()
        if errors:
            raise ProblemError(errors)

    def _breaks(self, errors: list[str]) -> list[Break]:
        out = []
        for i, item in enumerate(() if self.breaks is None else self.breaks):
            if isinstance(item, Break):
                out.append(item)
                continue
            if not isinstance(item, Mapping):
                errors.append(f"term: breaks: item {i} must be a Break or a table, got {type(item).__name__}")
                continue
            label = f"break {item.get('name', f'#{i + 1}')!r}"
            found = unknown_keys(label, item, ("name", "start", "end", "limits"))
            found += [f"{label}: {key}: missing; it is required" for key in ("name", "start", "end") if key not in item]
            if found:
                errors += found
                continue
            try:
                out.append(Break(**item))
            except ProblemError as error:
                errors += error.errors
        return out

    def _check_breaks(self) -> list[str]:
        errors = []
        for b in self.breaks:
            if b.start < self.start or b.end > self.end:
                errors.append(
                    f"break {b.name!r}: start: {b.start}..{b.end} is not inside the term {self.start}..{self.end}"
                )
        ordered = sorted(self.breaks, key=lambda b: b.start)
        for a, b in itertools.pairwise(ordered):
            if b.start <= a.end:
                errors.append(f"break {b.name!r}: start: {b.start} overlaps break {a.name!r} ({a.start}..{a.end})")
        return errors

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def is_break(self, day: dt.date) -> bool:
        """Whether ``day`` lies in a break."""
        return any(b.start <= day <= b.end for b in self.breaks)

    @property
    def monday(self) -> dt.date:
        """The Monday of the term's first week."""
        return self.start - dt.timedelta(days=self.start.weekday())

    @property
    def weeks(self) -> int:
        """How many calendar weeks touch the term."""
        return (self.end - self.monday).days // 7 + 1


def _check_zone(name: Any) -> list[str]:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return [f"term: timezone: {name!r} is not an IANA time zone name like 'America/New_York'"]
    return []


def check_problem(problem: Problem) -> list[str]:
    """What is wrong with the dates of a problem's items: against its term, or needing one without."""
    term = problem.term
    gigs = problem.gigs.objects
    items: list[tuple[str, Any, tuple[str, ...]]] = [
        ("commitment", c, COMMITMENT_TERM_FIELDS) for c in problem.commitments
    ]
    items += [("gig", g, GIG_TERM_FIELDS) for g in gigs or ()]
    if term is None:
        errors = [
            f"{kind} {item.id!r}: {_first_term_field(item, names)}: needs a term (give the problem a term)"
            for kind, item, names in items
            if has_term_fields(item, names)
        ]
        if gigs is None:  # a table: the gigs whose shape has a dated session
            table = problem.gigs
            dated = [code for code, shape in enumerate(table.shapes) if any(map(is_dated, shape.sessions))]
            errors += [
                f"gig {table.ids[i]!r}: sessions: needs a term (give the problem a term)"
                for i in np.flatnonzero(np.isin(table.shape, dated)).tolist()
            ]
        if problem.limits.max_fortnight_work_hours is not None:
            errors.append("limits: max_fortnight_work_hours: needs a term (give the problem a term)")
        return errors
    if not isinstance(term, Term):
        return [f"problem: term: must be a Term, got {type(term).__name__}"]
    errors = []
    for kind, item, _names in items:
        label = f"{kind} {item.id!r}"
        for name in ("start", "end", "due"):
            day = getattr(item, name, None)
            if day is not None and day not in term:
                errors.append(f"{label}: {name}: {day} is outside the term {term.start}..{term.end}")
        errors += [
            f"{label}: skip: {day} is outside the term {term.start}..{term.end}" for day in item.skip if day not in term
        ]
        for day, _start, _length in item.dated:
            if day not in term:
                errors.append(f"{label}: session '{day} ...': {day} is outside the term {term.start}..{term.end}")
    return errors


def _first_term_field(item: Any, names: tuple[str, ...]) -> str:
    for name in names:
        if getattr(item, name, None) not in (None, (), False):
            return name
    return "sessions"
