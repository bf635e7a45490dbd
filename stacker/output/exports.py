"""Writing a plan to files: CSV and JSON (its blocks and data) and iCalendar (its week, repeated over a term).

The iCalendar helpers (:func:`ics_calendar`, :func:`ics_event`, :func:`ics_written`) serve a term plan too
(:mod:`.term_ics`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import must_be, parameter_error
from ..problem.week import DAY, WEEK, format_interval
from ..readers.ical import ID_PROPERTY, as_date

#: The kinds of block that are the plan's own (written to a calendar even without the commitments): the gigs,
#: and the travel to and from them.
PLAN_KINDS = ("gig", "travel")

if TYPE_CHECKING:
    import icalendar

    from ..plan import Plan


def plan_to_csv(plan: Plan, path: str | os.PathLike | None = None) -> str | None:
    """The plan's blocks as CSV (the columns of ``plan.to_frame()``: id, kind, day, start, end, hours).

    Returns the text when ``path`` is None; otherwise writes it (UTF-8) and
    returns None.
    """
    text = plan.to_frame().to_csv(index=False, lineterminator="\n")
    if path is None:
        return text
    Path(path).write_text(text, encoding="utf-8")
    return None


def json_text(data: Any) -> str:
    """``data`` as JSON text indented by two spaces, the layout of ``json.dumps(data, indent=2)``.

    Written by orjson, 20 times faster than the standard library with an
    indent (a plan of 10^5 gigs lists about 90,000 exclusions: 0.08 s instead
    of 1.8 s). Text other than ASCII is written as UTF-8 rather than
    ``\\u`` escapes, and NaN as ``null`` (valid JSON, which ``json.dumps``'s
    ``NaN`` is not). Text orjson refuses (a lone surrogate) falls back to the
    standard library's escapes.
    """
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2)


def plan_to_json(plan: Plan, path: str | os.PathLike | None = None) -> str | None:
    """The plan's ``to_dict()`` as indented JSON (:func:`json_text`); the text when ``path`` is None, else
    written to it."""
    text = json_text(plan.to_dict())
    if path is None:
        return text
    Path(path).write_text(text + "\n", encoding="utf-8")
    return None


def plan_to_ics(
    plan: Any,
    path: str | os.PathLike | None,
    term_start: Any,
    term_end: Any,
    *,
    commitments: bool = True,
    tz: dt.tzinfo | None = None,
) -> str | None:
    """Write a plan's week as weekly recurring events over a term (``Plan.to_ics``).

    Every block of the plan, gig blocks, travel blocks (``CATEGORIES:travel``,
    ``SUMMARY`` ``"campus to downtown"``) and commitment sessions alike,
    becomes one ``VEVENT``: ``DTSTART`` on the first day of the block's
    weekday on or after ``term_start``, ``RRULE:FREQ=WEEKLY;UNTIL=`` the end
    of ``term_end``, at floating local times (a calendar app shows them in
    its own zone). ``SUMMARY`` is the gig's title (its id when it has none)
    or the commitment's id, ``DESCRIPTION`` gives id, hours and pay per week,
    ``CATEGORIES`` the kind, ``X-STACKER-ID`` the id (which :func:`read_ics`
    reads back), and the ``UID`` is stable: writing the same plan for the
    same term again gives the same UIDs, so a calendar app updates the
    events instead of adding copies. A block whose weekday does not occur
    in the term is left out.

    Parameters
    ----------
    plan
        A :class:`~stacker.Plan`.
    path
        Where to write the file; ``None`` returns the text instead.
    term_start, term_end
        First and last day of the term (``date``, ``datetime`` or ``"YYYY-MM-DD"``).
    commitments
        Whether the commitments' sessions are written too (False: the gigs
        and the travel blocks only, e.g. to import into the calendar the
        classes came from).
    tz
        The zone of the times (a ``tzinfo``; the calendar then carries its
        ``VTIMEZONE``); None writes floating times.
    """
    first = as_date("term_start", term_start, "to_ics")
    last = as_date("term_end", term_end, "to_ics")
    if last < first:
        raise parameter_error("to_ics", "term_end", f"must not be before term_start {first}. Got {last} instead.")
    gigs = {gig.id: gig for gig in plan.gigs}
    if tz is not None and not isinstance(tz, dt.tzinfo):
        raise must_be("to_ics", "tz", "a tzinfo or None", repr(tz))
    calendar = ics_calendar()
    stamp = ics_stamp()
    until = dt.datetime.combine(last, dt.time(23, 59, 59))
    if tz is not None:  # with zoned times, UNTIL is in UTC (RFC 5545)
        until = until.replace(tzinfo=tz).astimezone(dt.UTC)
    for block in plan.blocks:
        if block.kind not in PLAN_KINDS and not commitments:
            continue
        day, minute = divmod(block.start % WEEK, DAY)
        date = first + dt.timedelta(days=(day - first.weekday()) % 7)
        if date > last:
            continue
        start = dt.datetime.combine(date, dt.time(), tzinfo=tz) + dt.timedelta(minutes=minute)
        gig = gigs.get(block.id) if block.kind == "gig" else None
        event = ics_event(
            f"{block.id}|{block.kind}|{block.start}|{block.end}|{first.isoformat()}",
            stamp,
            start,
            start + dt.timedelta(minutes=block.end - block.start),
            ident=block.id,
            kind=block.kind,
            summary=(gig.title or gig.id) if gig else block.id,
            description=_description(block, gig),
            rrule={"FREQ": "WEEKLY", "UNTIL": until},
        )
        calendar.add_component(event)
    return ics_written(calendar, path, zoned=tz is not None)


def ics_calendar() -> icalendar.Calendar:
    """An empty iCalendar calendar with stacker's PRODID, VERSION, CALSCALE and name."""
    import icalendar

    from .._version import __version__

    calendar = icalendar.Calendar()
    calendar.add("PRODID", f"-//stacker//stacker {__version__}//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("X-WR-CALNAME", "stacker plan")
    return calendar


def ics_stamp() -> dt.datetime:
    """The ``DTSTAMP`` of the events written now: the current time in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def ics_event(
    key: str,
    stamp: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    *,
    ident: str,
    kind: str,
    summary: str,
    description: str,
    rrule: dict[str, Any] | None = None,
    exdates: Sequence[dt.datetime] = (),
) -> icalendar.Event:
    """One ``VEVENT`` of a plan's block, with the properties every stacker event has.

    The ``UID`` is a hash of ``key`` (so the same block of the same plan gets
    the same UID each time it is written, and a calendar app updates it
    instead of adding a copy), ``CATEGORIES`` the kind, ``X-STACKER-ID`` the
    id (which :func:`stacker.read_ics` reads back), ``TRANSP:OPAQUE``; with
    ``rrule`` (and ``exdates``) it recurs.
    """
    import icalendar

    event = icalendar.Event()
    event.add("UID", f"stacker-{hashlib.sha256(key.encode()).hexdigest()[:24]}@stacker")
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", start)
    event.add("DTEND", end)
    if rrule is not None:
        event.add("RRULE", rrule)
    if exdates:
        event.add("EXDATE", list(exdates))
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", description)
    event.add("CATEGORIES", [kind])
    event.add(ID_PROPERTY, ident)
    event.add("TRANSP", "OPAQUE")
    return event


def ics_written(calendar: icalendar.Calendar, path: str | os.PathLike | None, *, zoned: bool) -> str | None:
    """The calendar's text (with the ``VTIMEZONE`` of its zones when ``zoned``); returned when ``path`` is None,
    else written there (UTF-8)."""
    if zoned:
        calendar.add_missing_timezones()
    text = calendar.to_ical().decode("utf-8")
    if path is None:
        return text
    Path(path).write_bytes(text.encode("utf-8"))
    return None


def _description(block: Any, gig: Any) -> str:
    day, begin, finish = format_interval(block.start, block.end)
    this = f"This block: {day} {begin}-{finish} ({block.hours:g} h)"
    if gig is None:
        return "\n".join([f"{block.kind.capitalize()}: {block.id}", this, "Planned with stacker"])
    lines = [f"Gig: {gig.title}" if gig.title else f"Gig: {gig.id}", f"Id: {gig.id}"]
    lines += [
        f"Hours per week: {gig.hours:g}",
        f"Pay per week: {gig.pay:.2f}",
        f"Value per week: {gig.value:.2f}",
        f"Mentor: {'yes' if gig.mentor else 'no'}",
        this,
        "Planned with stacker",
    ]
    return "\n".join(lines)
