"""The gigs the student's own rules (:class:`~stacker.problem.rules.Rules`) exclude, and why.

- a gig with a tag in ``forbid_fields``;
- a fixed gig with a session in the rules' blocked time (quiet hours and
  days off, :func:`~stacker.problem.rules.rule_mask`; on a term
  :func:`term_blocked`, with the dated days off).

Flexible gigs are not excluded here: the presolve takes the blocked time out
of their free time (and excludes those that then cannot fit, with the
reason it gives for any gig that cannot fit).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..problem.calendar import Calendar
from ..problem.rules import Rules, rule_mask
from ..problem.table import GigTable
from ..problem.week import DAY, DAYS, WEEK, interval_text


def field_reasons(table: GigTable, rules: Rules) -> list[tuple[int, str]]:
    """``(row, reason)`` of each gig with a field the rules forbid (the first such field)."""
    # a table made of Gig objects keeps their fields on them; one made of columns, in ``tags``
    every = table.tags if table.objects is None else [gig.fields for gig in table.objects]
    if not rules.forbid_fields or every is None:
        return []
    banned = set(rules.forbid_fields)
    out = []
    for row, tags in enumerate(every):
        hit = next((tag for tag in tags if tag in banned), None)
        if hit is not None:
            out.append((row, f"has field {hit!r}, which the rules forbid"))
    return out


def blocked_sessions(table: GigTable, blocked: np.ndarray, skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fixed gigs (rows, not in ``skip``) with a session in ``blocked`` minutes, and the first such session.

    ``blocked`` is a WEEK-long boolean array (:func:`~stacker.problem.rules.rule_mask`).
    Returns ``(rows, sessions)``: ``sessions[k]`` is ``(start, end)`` of row ``rows[k]``'s
    first session in blocked time (vectorized over all sessions).
    """
    none = np.zeros(0, dtype=np.int64)
    if not blocked.any() or not table.is_fixed.any():
        return none, none.reshape(0, 2)
    rows = table.session_rows()
    prefix = np.concatenate(([0], np.cumsum(np.concatenate((blocked, blocked)))))  # the week twice: past Sunday
    hit = rows[(prefix[rows[:, 1]] - prefix[rows[:, 0]] > 0) & ~skip[rows[:, 2]]]
    owners, first = np.unique(hit[:, 2], return_index=True)
    return owners, hit[first, :2]


def blocked_reason(rules: Rules, start: int, end: int) -> str:
    """Why a fixed gig with the session ``[start, end)`` (week minutes) breaks the rules."""
    return f"works {interval_text(start, end)}, {_which(rules, start, end)}"


def _which(rules: Rules, start: int, end: int) -> str:
    """The rule a session ``[start, end)`` breaks, for its reason."""
    for day in range(start // DAY, (end - 1) // DAY + 1):
        if day % 7 in rules.weekdays_off:
            return f"on {DAYS[day % 7]}, a day off in the rules"
    if rules.quiet_hours:
        return f"in the rules' quiet hours ({', '.join(rules.quiet_hours)})"
    return "on a day off in the rules"  # a dated day off (a term week)


def term_blocked(rules: Rules, calendar: Calendar, length: int) -> np.ndarray:
    """Per term minute (the first ``length``): whether the rules keep it free of gig work.

    The week's :func:`~stacker.problem.rules.rule_mask` in every week, and the dated days off.
    """
    blocked = np.resize(rule_mask(rules), length)  # minute 0 of a term is a Monday 00:00
    for date in rules.dates_off:
        day = calendar.day(date)
        blocked[day * DAY : (day + 1) * DAY] = True
    return blocked


def term_session_reason(
    rules: Rules,
    calendar: Calendar,
    blocked: np.ndarray,
    occurrences: list[tuple[int, int]],
    when: Callable[[int, int], str],
) -> str | None:
    """Why a fixed gig with these term ``occurrences`` breaks the rules (``when`` words a session), or None."""
    for start, end in occurrences:
        if not blocked[start:end].any():
            continue
        dates = {calendar.date(d) for d in range(start // DAY, (end - 1) // DAY + 1)}
        off = sorted(dates & set(rules.dates_off))
        which = (
            f"on {off[0]}, a day off in the rules" if off else _which(rules, start % WEEK, start % WEEK + end - start)
        )
        return f"its session {when(start, end)} is {which}"
    return None


def required_reason(rules: Rules, required: tuple[str, ...]) -> str | None:
    """Why the required gigs break the rules' ``max_gigs`` (more of them than it allows), or None."""
    if rules.max_gigs is None or len(required) <= rules.max_gigs:
        return None
    return f"{len(required)} gigs are required, more than the rules' max_gigs ({rules.max_gigs})"
