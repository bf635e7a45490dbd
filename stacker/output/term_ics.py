"""A term plan as an iCalendar file: its dated blocks as events in the term's time zone (``TermPlan.to_ics``).

A block that happens at the same time, for the same length, on the same
weekday of successive weeks (a class, a fixed gig, a flexible gig placed
alike every week) is written as one weekly recurring event: ``RRULE``
``FREQ=WEEKLY`` with ``UNTIL`` its last start, and an ``EXDATE`` for each week
in between that it skips (a break, a ``skip`` date, a week the gig is placed
otherwise). A series is cut where it skips more than :data:`MAX_SKIPPED`
weeks in a row, so that a calendar app does not show one event that spans a
long stretch it is absent from. Anything else is a single event. Expanded,
the events are exactly ``plan.blocks``.

Times are the wall-clock times of the plan in the term's ``timezone``
(``DTSTART;TZID=America/New_York:...``, with its ``VTIMEZONE``), so a block at
09:00 stays at 09:00 local across a daylight-saving change, as in the plan.
A term without a time zone gets floating times: a calendar app shows them at
the same clock time in whatever zone it is in. A block past midnight ends on
the next date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..problem.week import duration_text
from .exports import PLAN_KINDS, ics_calendar, ics_event, ics_stamp, ics_written

if TYPE_CHECKING:
    from ..termplan import TermBlock, TermGig, TermPlan

#: A weekly series is cut where it would skip more than this many weeks in a row.
MAX_SKIPPED = 2

_KIND_WORDS = {"class": "Class", "volunteer": "Volunteering", "other": "Commitment", "travel": "Travel"}


def term_plan_to_ics(plan: TermPlan, path: str | os.PathLike | None = None, *, commitments: bool = True) -> str | None:
    """Write a term plan's blocks as dated iCalendar events (``TermPlan.to_ics``).

    Parameters
    ----------
    plan
        A :class:`~stacker.TermPlan`.
    path
        Where to write the file; ``None`` returns the text instead.
    commitments
        Whether the commitments' sessions are written too (False: the gigs
        and the travel blocks only, e.g. to import into the calendar the
        classes came from).

    Every event has ``SUMMARY`` (the gig's title, else its id; a
    commitment's id), ``DESCRIPTION``, ``CATEGORIES`` (the kind),
    ``X-STACKER-ID`` (the id; a travel block's ``"campus to downtown"``) and a stable ``UID`` (the same plan written
    again gets the same UIDs, so a calendar app updates the events instead
    of adding copies); see :func:`stacker.output.exports.ics_event`.
    """
    term = plan.problem.term
    assert term is not None, "a TermPlan has a term"
    zone = _zone(term.timezone)
    titles = {gig.id: gig.title for gig in plan.problem.gigs if gig.title}
    gigs = {gig.id: gig for gig in plan.gigs}
    calendar = ics_calendar()
    stamp = ics_stamp()
    for series in _series(b for b in plan.blocks if commitments or b.kind in PLAN_KINDS):
        first = series[0]
        start = _at(first.date, first.start, zone)
        minutes = first.minutes[1] - first.minutes[0]
        rrule, exdates = None, []
        if len(series) > 1:
            last = _at(series[-1].date, first.start, zone)
            rrule = {"FREQ": "WEEKLY", "UNTIL": last.astimezone(dt.UTC) if zone is not None else last}
            dates = {b.date for b in series}
            weeks = (series[-1].date - first.date).days // 7
            every = (first.date + dt.timedelta(weeks=k) for k in range(weeks + 1))
            exdates = [_at(day, first.start, zone) for day in every if day not in dates]
        event = ics_event(
            f"{first.id}|{first.kind}|{first.date}|{first.start}|{minutes}|{len(series)}|{term.start}",
            stamp,
            start,
            _at(first.date, first.start, zone, minutes),
            ident=first.id,
            kind=first.kind,
            summary=titles.get(first.id, first.id) if first.kind == "gig" else first.id,
            description=_description(series, gigs.get(first.id) if first.kind == "gig" else None, titles),
            rrule=rrule,
            exdates=exdates,
        )
        calendar.add_component(event)
    return ics_written(calendar, path, zoned=zone is not None)


def _zone(name: str | None) -> dt.tzinfo | None:
    if name is None:
        return None
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


def _at(date: dt.date, clock: str, zone: dt.tzinfo | None, later: int = 0) -> dt.datetime:
    """Wall-clock ``clock`` (``HH:MM``) on ``date``, plus ``later`` minutes of wall clock, in ``zone``."""
    hour, minute = map(int, clock.split(":"))
    naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=60 * hour + minute + later)
    return naive.replace(tzinfo=zone)


def _series(blocks: Any) -> list[list[TermBlock]]:
    """The blocks grouped into weekly series: same id, kind, weekday, start and length, at most
    ``MAX_SKIPPED`` weeks skipped in a row; in the order of their first blocks."""
    alike: dict[tuple, list[TermBlock]] = defaultdict(list)
    for block in blocks:
        alike[(block.id, block.kind, block.day, block.start, block.minutes[1] - block.minutes[0])].append(block)
    out: list[list[TermBlock]] = []
    for members in alike.values():
        members.sort(key=lambda b: b.date)
        out.append([members[0]])
        for before, block in itertools.pairwise(members):
            if (block.date - before.date).days > 7 * (MAX_SKIPPED + 1):
                out.append([])
            out[-1].append(block)
    return sorted(out, key=lambda series: series[0].minutes)


def _description(series: list[TermBlock], gig: TermGig | None, titles: dict[str, str]) -> str:
    first, last = series[0], series[-1]
    length = duration_text(first.minutes[1] - first.minutes[0])
    when = f"{first.day} {first.date} {first.start}-{first.end} ({length})"
    if len(series) > 1:
        times = f"{len(series)} times, {first.date} to {last.date}"
        when = f"Every {first.day} {first.start}-{first.end} ({length}), {times}"
    if gig is None:
        lines = [f"{_KIND_WORDS.get(first.kind, first.kind.capitalize())}: {first.id}", when]
    else:
        title = titles.get(gig.id)
        lines = [f"Gig: {title}" if title else f"Gig: {gig.id}", f"Id: {gig.id}", f"Kind: {gig.kind}"]
        lines += [f"Hours over the term: {gig.hours:g}", f"Pay over the term: {gig.pay:.2f}"]
        lines += [f"Value over the term: {gig.value:.2f}"] + ([f"Due: {gig.due}"] if gig.due else []) + [when]
    return "\n".join([*lines, "Planned with stacker"])
