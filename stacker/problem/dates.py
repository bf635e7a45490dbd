"""Dates for a term: ISO dates, dated sessions (``"2027-03-03 19:00-21:00"``) and the term fields of items.

A *dated session* is a one-off: an ISO date, a space, then ``HH:MM-HH:MM``
as in a weekly session (an end at or before the start runs past midnight).
The term fields of commitments and gigs (``start``, ``end``, ``skip``,
``due``, ...) are checked here, so that :mod:`.items` only calls
:func:`check_term_fields`; whether the dates lie inside the term is checked
by :func:`stacker.problem.term.check_problem` once the term is known.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .week import DAY

#: Term fields of a commitment, and of a gig (a project has ``total_hours``).
COMMITMENT_TERM_FIELDS = ("start", "end", "skip", "in_breaks", "counts_toward_work")
GIG_TERM_FIELDS = ("start", "end", "skip", "in_breaks", "total_hours", "fee", "due", "max_week_hours")

_DATED = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(\S+)\s*-\s*(\S+)\s*$")
_DATE_START = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s")

Dated = tuple[dt.date, int, int]  # (date, start minute of the day, length in minutes)


def is_dated(text: Any) -> bool:
    """Whether a session text starts with a date (a one-off session)."""
    return isinstance(text, str) and _DATE_START.match(text) is not None


def as_date(value: Any) -> dt.date:
    """A ``datetime.date`` from a date or ISO text ``YYYY-MM-DD``; ``ValueError`` otherwise."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"must be a date, not a date and time, got {value!r}")  # noqa: TRY004 (reported as ProblemError)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date like '2027-03-01' (YYYY-MM-DD), got {value!r}")


def parse_dated(text: str) -> Dated:
    """``"2027-03-03 19:00-21:00"`` -> (date, 1140, 120); ``ValueError`` with a short message."""
    from .week import _parse_clock

    match = _DATED.match(text)
    if match is None:
        raise ValueError("a dated session must look like '2027-03-03 19:00-21:00' (a date, a space, start-end)")
    day = as_date(match[1])
    start = _parse_clock(match[2], is_end=False)
    end = _parse_clock(match[3], is_end=True)
    return day, start, end - start if end > start else end - start + DAY


def check_term_fields(check: Any, item: Any, names: tuple[str, ...]) -> list[Dated]:
    """Check and normalize an item's term fields (dates become ``datetime.date``); its dated sessions, parsed.

    ``check`` is the item's checker (``fail(field, message)``); the item is
    a frozen dataclass whose fields this sets in place.
    """
    for name in ("start", "end", "due"):
        if name in names and getattr(item, name) is not None:
            try:
                object.__setattr__(item, name, as_date(getattr(item, name)))
            except ValueError as error:
                check.fail(name, str(error))
                object.__setattr__(item, name, None)
    skip = item.skip
    skip = () if skip is None else (skip,) if isinstance(skip, (str, dt.date)) else tuple(skip)
    days = []
    for value in skip:
        try:
            days.append(as_date(value))
        except ValueError as error:
            check.fail("skip", str(error))
    object.__setattr__(item, "skip", tuple(days))
    if isinstance(item.start, dt.date) and isinstance(item.end, dt.date) and item.end < item.start:
        check.fail("end", f"{item.end} is before start {item.start}")
    if "due" in names and isinstance(item.due, dt.date) and isinstance(item.start, dt.date) and item.due < item.start:
        check.fail("due", f"{item.due} is before start {item.start}")
    for name in ("in_breaks", "counts_toward_work"):
        if name in names and getattr(item, name) is not None:
            check.boolean(name, getattr(item, name))
    dated: list[Dated] = []
    for text in item.sessions:
        if is_dated(text):
            try:
                dated.append(parse_dated(text))
            except ValueError as error:
                check.fail(f"session {text!r}", str(error))
    return dated


def has_term_fields(item: Any, names: tuple[str, ...]) -> bool:
    """Whether an item uses anything that needs a term: a term field or a dated session."""
    given = any(getattr(item, name) not in (None, (), False) for name in names if name != "in_breaks")
    return given or getattr(item, "in_breaks", None) is not None or any(map(is_dated, item.sessions))
