"""Calendars in and out: a timetable from an iCalendar file (RFC 5545), a plan written as one.

:func:`read_ics` turns a calendar export (a university portal, Google
Calendar, Outlook, Apple Calendar, Thunderbird) into :class:`~stacker.Commitment`
objects: one concrete week of the calendar is expanded, with its recurring
events, exceptions and time zones, and each event becomes a weekly session.
With ``term=``, every occurrence in a term is read instead, and
:mod:`.ical_term` makes them weekly sessions with ``start``, ``end`` and
``skip`` where a rule repeats every week, dated sessions elsewhere.
:func:`plan_to_ics` (``Plan.to_ics``) writes a plan's week as weekly recurring
events over a term.

Parsing and recurrence are done by the well-kept libraries ``icalendar``
(RFC 5545 parsing, time zones from ``VTIMEZONE`` components, Windows zone
names) and ``recurring-ical-events`` (``RRULE``, ``RDATE``, ``EXDATE``,
moved and cancelled occurrences, daylight-saving time). This module only
chooses the week, converts times to the student's zone and groups
occurrences into commitments. Every problem with a file is reported as a
:class:`~stacker.ProblemError` naming the file and the event; no exception
from the libraries gets through. See docs/calendars.md.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import warnings
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ProblemError, must_be
from ..problem.items import KINDS, UNPRINTABLE, Commitment
from ..problem.term import Term
from ..problem.week import DAY, WEEK, format_interval
from ._files import cannot_read
from .ical_term import TermOccurrence, term_commitments

#: Weeks looked at to choose the default week (see :func:`read_ics`).
SCAN_WEEKS = 6
#: Rules repeating this often are not timetable events; they are ignored with a note.
_TOO_FREQUENT = ("SECONDLY", "MINUTELY", "HOURLY")
#: Properties whose errors make an event unusable (the others are not read).
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID")
_MARGIN = dt.timedelta(days=2)  # expansion margin around the week: more than any UTC offset
#: The most events one calendar file may hold (a timetable has tens; each costs the parser about a millisecond).
MAX_EVENTS = 1000
#: The most occurrences a calendar may expand to per week looked at (a timetable has tens a week).
MAX_PER_WEEK = 100
#: The most occurrences a calendar may expand to in all (a term of a year at 100 a week; a timetable has 30).
MAX_OCCURRENCES = 5_000
ID_PROPERTY = "X-STACKER-ID"  # written by plan_to_ics; read back as the commitment id
_UNTITLED = "(no title)"


class CalendarWarning(UserWarning):
    """A note from :func:`read_ics` about something it left out (an all-day event, ...).

    Issued with :func:`warnings.warn` when ``read_ics`` is called without a
    ``notes`` list.
    """


# --- reading -------------------------------------------------------------------


def read_ics(
    path_or_bytes: str | os.PathLike | bytes,
    kind: str = "class",
    week_of: dt.date | str | None = None,
    tz: str | dt.tzinfo | None = None,
    *,
    term: Term | None = None,
    notes: list[str] | None = None,
) -> list[Commitment]:
    """Read the weekly commitments in an iCalendar (``.ics``) file, or its occurrences in a term.

    One concrete week of the calendar is expanded (recurring events with
    their ``RRULE``, ``RDATE``, ``EXDATE`` and moved or cancelled occurrences,
    and single events in that week); every event in it becomes a session of
    the commitment named by its ``SUMMARY``.

    Parameters
    ----------
    path_or_bytes
        A file name (``str`` or path) or the calendar's bytes.
    kind
        The kind of every commitment read: ``"class"``, ``"volunteer"`` or ``"other"``.
    week_of
        Any day (a ``date``, ``datetime`` or ``"YYYY-MM-DD"``) of the week to
        read, Monday to Sunday in the student's zone. Default: of the six
        weeks starting with the week of the earliest start of a recurring
        event, the first of those in which the most recurring events occur
        (so a term that starts on a Wednesday, or a holiday week, is not
        taken); the week of the earliest event when nothing recurs.
    tz
        The student's time zone (an IANA name like ``"America/New_York"`` or
        a ``tzinfo``); every event is converted to it. Default: the
        calendar's ``X-WR-TIMEZONE``, else the zone (``TZID``) of the first
        event that has one, else UTC if events are given in UTC; floating
        times (without a zone) are read as they are written.
    term
        A :class:`~stacker.Term`: read every occurrence in the term instead
        of one week (``week_of`` must then be left out). Rules that repeat
        every week become weekly sessions with ``start``, ``end`` and
        ``skip``; everything else dated sessions (``"2027-03-03
        19:00-21:00"``), in the term's ``timezone`` (which ``tz``, if given
        too, must equal); see docs/calendars.md, "A term".
    notes
        A list to which notes about what was left out are appended (all-day
        events, events without duration or longer than a day, rules that do
        not repeat every week, duplicates). Without it, each note is issued
        as a :class:`CalendarWarning`.

    Returns
    -------
    list of Commitment
        Ordered by their first session in the week. Events with the same
        ``SUMMARY`` are one commitment with several sessions; when their
        times overlap, the later ones become ``'SUMMARY (2)'``, ``(3)``, ...
        Sessions with the same times are grouped: ``"Mon,Wed 09:00-09:50"``;
        an event past midnight is ``"Fri 22:00-02:00"``.

    Raises
    ------
    ProblemError
        For a bad parameter, or a file that is not a usable calendar (empty,
        truncated, binary, broken lines, unknown time zone, an event without
        ``DTSTART``, a broken rule, ...): every message names the file, the
        event (``SUMMARY`` and ``UID``) and what is wrong.
    """
    if kind not in KINDS:
        raise must_be("read_ics", "kind", f"one of {', '.join(KINDS)}", repr(kind))
    chosen_day = None if week_of is None else as_date("week_of", week_of, "read_ics")
    if term is not None:
        tz = _term_zone(term, week_of, tz)
    label, data = _source(path_or_bytes)
    found = _Notes()
    with warnings.catch_warnings(record=True) as caught:  # the libraries' warnings become notes
        warnings.simplefilter("always")
        calendars, events, zones = _parse(label, data)
        student, calendar_zone = _zones(label, calendars, events, zones, tz)
        reader = _Reader(label, events, student, calendar_zone, found)
        commitments = reader.read(chosen_day, kind) if term is None else reader.read_term(term, kind)
    for warning in caught:
        found.add(f"{label}: {_library_message(warning.message)}")
    for message in dict.fromkeys(found.messages):
        if notes is not None:
            notes.append(message)
        else:
            warnings.warn(message, CalendarWarning, stacklevel=2)
    return commitments


def _term_zone(term: Any, week_of: Any, tz: Any) -> Any:
    """The zone to read a term in: the term's ``timezone``, else ``tz`` (checked against each other)."""
    if not isinstance(term, Term):
        raise must_be("read_ics", "term", "a stacker.Term", repr(term))
    if week_of is not None:
        raise must_be("read_ics", "week_of", "left out when a term is given (the term says which days)", repr(week_of))
    if tz is not None and term.timezone is not None and tz != term.timezone:
        raise must_be("read_ics", "tz", f"left out or the term's timezone {term.timezone!r}", repr(tz))
    return term.timezone or tz


def calendar_zone(path_or_bytes: str | os.PathLike | bytes) -> dt.tzinfo | None:
    """The time zone :func:`read_ics` reads a calendar's times in (its ``TZID`` or ``X-WR-TIMEZONE``), or None.

    None when its times are floating (no zone). The command line writes
    ``--ics`` in this zone, so that the plan lands where the timetable is.
    """
    label, data = _source(path_or_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendars, events, zones = _parse(label, data)
        student, _ = _zones(label, calendars, events, zones, None)
    return student


def as_date(name: str, value: Any, function: str) -> dt.date:
    """A date parameter of ``function`` (``date``, ``datetime`` or ``"YYYY-MM-DD"``) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise must_be(function, name, "a date (datetime.date or 'YYYY-MM-DD')", repr(value))


def _source(path_or_bytes: Any) -> tuple[str, bytes]:
    """A label for messages (the file name) and the bytes to parse."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return "<calendar bytes>", bytes(path_or_bytes)
    if not isinstance(path_or_bytes, (str, os.PathLike)):
        raise must_be("read_ics", "path_or_bytes", "a file name or bytes", repr(path_or_bytes))
    label = os.fspath(path_or_bytes)
    try:
        return label, Path(label).read_bytes()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        hint = ""
        if isinstance(path_or_bytes, str) and path_or_bytes.lstrip().upper().startswith("BEGIN:"):
            hint = " (to read calendar text, pass bytes: text.encode())"
            label = "<calendar text>"
        raise cannot_read(label, f"{reason}{hint}") from None


def _parse(label: str, data: bytes) -> tuple[list[Any], list[Any], dict[str, dt.tzinfo]]:
    """The calendars in the file, their events and their VTIMEZONEs (TZID -> tzinfo)."""
    import icalendar

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte order mark, as some Windows tools write
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ProblemError(f"{label}: not a calendar: it is neither UTF-8 nor valid UTF-16 text") from None
    text = data.removeprefix(b"\xef\xbb\xbf").strip()
    if not text:
        raise ProblemError(f"{label}: not a calendar: the file is empty")
    if b"\x00" in text:
        raise ProblemError(f"{label}: not a calendar: it is a binary file, not iCalendar text")
    first = text.split(b"\n", 1)[0].strip()
    if first.upper() != b"BEGIN:VCALENDAR":
        shown = first[:40].decode("utf-8", "replace")
        raise ProblemError(f"{label}: not a calendar: it must start with BEGIN:VCALENDAR, not {shown!r}")
    if not any(line.strip().upper() == b"END:VCALENDAR" for line in text.splitlines()):
        raise ProblemError(f"{label}: not a complete calendar: there is no END:VCALENDAR (truncated?)")
    count = text.upper().count(b"BEGIN:VEVENT")
    if count > MAX_EVENTS:
        raise ProblemError(
            f"{label}: too many events for a timetable: {count} (at most {MAX_EVENTS}); "
            "export only the term's classes, or the weeks you need"
        )
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
        for calendar in calendars:
            if calendar.name != "VCALENDAR":
                raise ValueError(f"{calendar.name} outside of a VCALENDAR")
        events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
        zones: dict[str, dt.tzinfo] = {}
        for calendar in calendars:
            for component in calendar.timezones:  # walk("VTIMEZONE"), typed as Timezone
                zones.setdefault(str(component.get("TZID", "")), component.to_tz())
    except Exception as error:  # noqa: BLE001 - any failure of the parser is a bad file
        raise ProblemError(f"{label}: not a valid iCalendar file: {_library_message(error)}") from None
    if not calendars:
        raise ProblemError(f"{label}: not a valid iCalendar file: no BEGIN:VCALENDAR ... END:VCALENDAR")
    for calendar in calendars:
        scale = str(calendar.get("CALSCALE", "GREGORIAN")).upper()
        if scale != "GREGORIAN":
            raise ProblemError(f"{label}: CALSCALE: only GREGORIAN calendars can be read, got {scale!r}")
    return calendars, events, zones


def _library_message(error: BaseException | str) -> str:
    """A short one-line message for an exception from a library."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _zone_named(name: str, zones: dict[str, dt.tzinfo]) -> dt.tzinfo | None:
    """A time zone by name: a VTIMEZONE of the file, an IANA name or a Windows name."""
    if name in zones:
        return zones[name]
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError, OSError):
        pass
    try:
        from icalendar.timezone import tzp

        return tzp.timezone(name)
    except Exception:  # noqa: BLE001 - an unknown or malformed name
        return None


def _zones(
    label: str, calendars: list[Any], events: list[Any], zones: dict[str, dt.tzinfo], tz: Any
) -> tuple[dt.tzinfo | None, dt.tzinfo | None]:
    """The student's zone and the calendar's own zone (X-WR-TIMEZONE, for floating times)."""
    calendar_zone = None
    for calendar in calendars:
        name = calendar.get("X-WR-TIMEZONE")
        if name is not None and str(name).strip():
            calendar_zone = _zone_named(str(name).strip(), zones)
            if calendar_zone is None:
                raise ProblemError(f"{label}: X-WR-TIMEZONE: unknown time zone {str(name).strip()!r}")
            break
    if tz is not None:
        if isinstance(tz, dt.tzinfo):
            return tz, calendar_zone
        zone = _zone_named(tz.strip(), zones) if isinstance(tz, str) and tz.strip() else None
        if zone is None:
            raise must_be("read_ics", "tz", "a time zone name like 'America/New_York' or a tzinfo", repr(tz))
        return zone, calendar_zone
    if calendar_zone is not None:
        return calendar_zone, calendar_zone
    utc = None
    for event in events:
        start = event.get("DTSTART")
        value = getattr(start, "dt", None) if start is not None and not _is_broken(start) else None
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            if "TZID" in start.params:
                return value.tzinfo, None
            utc = utc or value.tzinfo
    return utc, None


def _is_broken(value: Any) -> bool:
    return type(value).__name__ == "vBroken"


@dataclass
class _Occurrence:
    series: int  # index of the series (events sharing a UID)
    id: str
    start: int  # minutes from the Monday of its week
    end: int
    recurring: bool


@dataclass
class _Week:
    occurrences: list[_Occurrence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    all_day: list[str] = field(default_factory=list)


class _Notes:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)


class _Reader:
    """One calendar file read for one week."""

    def __init__(
        self, label: str, events: list[Any], student: dt.tzinfo | None, calendar_zone: dt.tzinfo | None, notes: _Notes
    ):
        self.label = label
        self.events = events
        self.student = student
        self.calendar_zone = calendar_zone
        self.notes = notes

    # -- naming ----------------------------------------------------------------

    def event_label(self, event: Any, position: int | None = None) -> str:
        summary = _text(event.get("SUMMARY"))
        uid = _text(event.get("UID"))
        if summary and uid:
            return f"event {summary!r} (UID {uid})"
        if summary:
            return f"event {summary!r}"
        if uid:
            return f"event with UID {uid}"
        return f"event number {position} (no SUMMARY or UID)" if position else "an event without SUMMARY or UID"

    # -- the steps ---------------------------------------------------------------

    def read(self, week_of: dt.date | None, kind: str) -> list[Commitment]:
        self.check_events()
        series = self.series()
        invalid = [s.invalid for s in series if s.invalid and not s.ignored]
        if invalid:
            raise ProblemError(invalid)
        timed = [s for s in series if s.timed]
        if not timed:
            what = "no events" if not self.events else "no events with a time of day (all-day events are not read)"
            raise ProblemError(f"{self.label}: nothing to read: the calendar has {what}")
        if week_of is not None:
            monday, weeks = _monday(week_of), 1
        else:
            recurring = [s for s in timed if s.recurring] or timed
            first = min(recurring, key=_first_start)
            monday, weeks = _monday(_first_start(first).date()), SCAN_WEEKS if first.recurring else 1
        expanded = self.expand(series, monday, weeks)
        best = max(range(weeks), key=lambda i: (_recurring_score(expanded[i]), -i))
        week = expanded[best]
        monday = monday + dt.timedelta(weeks=best)
        for message in week.notes:
            self.notes.add(message)
        for message in week.all_day:
            self.notes.add(message)
        if not week.occurrences:
            self.notes.add(f"{self.label}: no event with a time of day read in the week of {monday.isoformat()}")
        return self.commitments(week.occurrences, kind)

    def read_term(self, term: Term, kind: str) -> list[Commitment]:
        """Every occurrence in ``term``, as commitments (:func:`.ical_term.term_commitments`)."""
        self.check_events()
        series = self.series()
        invalid = [s.invalid for s in series if s.invalid and not s.ignored]
        if invalid:
            raise ProblemError(invalid)
        if not any(s.timed for s in series):
            what = "no events" if not self.events else "no events with a time of day (all-day events are not read)"
            raise ProblemError(f"{self.label}: nothing to read: the calendar has {what}")
        try:
            begin = dt.datetime.combine(term.start, dt.time())
            span = (begin - _MARGIN, dt.datetime.combine(term.end, dt.time()) + dt.timedelta(days=1) + _MARGIN)
        except OverflowError:
            raise ProblemError(
                f"{self.label}: the term {term.start}..{term.end} is too close to year 1 or 9999"
            ) from None
        found: list[TermOccurrence] = []
        all_day: dict[str, list[dt.date]] = {}
        self.each_occurrence(
            series, span, lambda one, occurrence: self.place_in_term(one, occurrence, term, found, all_day)
        )
        for where, days in all_day.items():
            shown = ", ".join(day.isoformat() for day in days[:3]) + (", ..." if len(days) > 3 else "")
            self.notes.add(f"{where}: all-day event on {shown}, not read")
        commitments = term_commitments(found, term, kind, self.notes.add, self.label)
        if not commitments:
            self.notes.add(f"{self.label}: no event with a time of day read in the term {term.start}..{term.end}")
        return commitments

    def place_in_term(
        self, series: _Series, occurrence: Any, term: Term, out: list[TermOccurrence], all_day: dict[str, list[dt.date]]
    ) -> None:
        """One occurrence on the term's day it starts on (none before the term's first day or after its last)."""
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            return
        where = f"{self.label}: {self.event_label(occurrence)}"
        start_value, end_value = occurrence.start, occurrence.end
        if not isinstance(start_value, dt.datetime):
            if start_value in term:
                all_day.setdefault(where, []).append(start_value)
            return
        start = self.local(start_value, where, "DTSTART")
        end = self.local(end_value, where, "DTEND")
        if start.date() not in term:
            return  # an occurrence belongs to the day it starts on: this one is not in the term
        length = math.ceil((end - start) / dt.timedelta(minutes=1))  # wall-clock minutes, as the term counts
        when = start.strftime("%a %Y-%m-%d %H:%M")
        if length <= 0:
            self.notes.add(f"{where}: on {when} it has no duration, not read")
            return
        if length > DAY:  # a trip or a conference: not a timetable's event, and it would fill the caps
            self.notes.add(f"{where}: on {when} it lasts more than a day ({length / 60:g} h), not read")
            return
        ident = _text(occurrence.get(ID_PROPERTY)) or _text(occurrence.get("SUMMARY")) or _UNTITLED
        minute = start.hour * 60 + start.minute
        out.append(
            TermOccurrence(
                series.index, ident, series.where, start.date(), minute, length, series.weekly, series.recurring
            )
        )

    def check_events(self) -> None:
        """Every event must have a readable start, end and rule; all problems reported at once."""
        problems: list[str] = []
        for position, event in enumerate(self.events, 1):
            where = f"{self.label}: {self.event_label(event, position)}"
            broken = {name for name, _ in getattr(event, "errors", ())}
            for name, message in getattr(event, "errors", ()):
                if name in _TIME_PROPERTIES:
                    problems.append(f"{where}: {name}: cannot read it: {_library_message(message)}")
            if "DTSTART" in broken:
                continue
            start = event.get("DTSTART")
            if start is None:
                problems.append(f"{where}: DTSTART: missing; an event needs a start")
                continue
            repeated = [
                name
                for name in ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
                if isinstance(event.get(name), list)
            ]
            for name in repeated:
                problems.append(f"{where}: {name}: given {len(event.get(name))} times; an event has at most one")
            if repeated:
                continue
            for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE"):
                if name in broken:
                    continue
                for value in _values(event.get(name)):
                    if _is_broken(value):
                        continue
                    tzid = getattr(value, "params", {}).get("TZID")
                    times = getattr(value, "dts", None) or [value]
                    for item in times:
                        moment = getattr(item, "dt", None)
                        if isinstance(moment, tuple):  # a PERIOD
                            moment = moment[0]
                        if tzid and isinstance(moment, dt.datetime) and moment.tzinfo is None:
                            problems.append(
                                f"{where}: {name}: unknown time zone {str(tzid)!r} "
                                "(no VTIMEZONE for it in the file and not a known zone name)"
                            )
                            break
                    else:
                        continue
                    break
        if problems:
            raise ProblemError(problems)

    def series(self) -> list[_Series]:
        """Events grouped by UID (an event without UID is its own series)."""
        groups: dict[str, list[tuple[int, Any]]] = {}
        lone: list[list[tuple[int, Any]]] = []
        for position, event in enumerate(self.events, 1):
            uid = _text(event.get("UID"))
            if uid:
                groups.setdefault(uid, []).append((position, event))
            else:
                lone.append([(position, event)])
        out: list[_Series] = []
        for members in [*groups.values(), *lone]:
            out.append(self.make_series(len(out), members))
        return out

    def make_series(self, index: int, members: list[tuple[int, Any]]) -> _Series:
        masters = [(p, e) for p, e in members if e.get("RECURRENCE-ID") is None] or members
        position, master = masters[0]
        where = f"{self.label}: {self.event_label(master, position)}"
        rules = _values(master.get("RRULE"))
        frequencies = [str(_first(rule.get("FREQ")) or "").upper() for rule in rules]
        intervals = [_first(rule.get("INTERVAL")) for rule in rules]
        intervals = [1 if i is None else i for i in intervals]
        recurring = bool(rules or master.get("RDATE") is not None)
        start = master.get("DTSTART").dt
        timed = any(isinstance(e.get("DTSTART").dt, dt.datetime) for _, e in members)
        first = None
        if timed:
            moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
            first = self.local(moment, where, "DTSTART")
        series = _Series(index, where, [e for _, e in members], recurring, timed, first)
        series.weekly = bool(rules) and all(f in ("WEEKLY", "DAILY") and i == 1 for f, i in zip(frequencies, intervals))
        bad = [i for i in intervals if isinstance(i, bool) or not isinstance(i, int) or i < 1]
        if bad:  # the recurrence library would loop forever on INTERVAL=0
            series.invalid = f"{where}: RRULE: INTERVAL must be a whole number of 1 or more, got {bad[0]!r}"
        series.per_week = sum(_per_week(rule, f) for rule, f in zip(rules, frequencies))
        if any(f in _TOO_FREQUENT for f in frequencies):
            series.ignored = (
                f"{where}: repeats {'/'.join(frequencies).lower()} (RRULE FREQ); not a weekly event, ignored"
            )
        elif any(f not in ("WEEKLY", "DAILY") or i != 1 for f, i in zip(frequencies, intervals)):
            rule = "; ".join(rule.to_ical().decode("ascii", "replace") for rule in rules)
            series.irregular = f"{where}: repeats but not every week (RRULE {rule}); read as it is in the week of "
        return series

    def local(self, moment: Any, where: str, name: str = "time") -> dt.datetime:
        """Wall-clock time in the student's zone (naive)."""
        try:
            if not isinstance(moment, dt.datetime):
                moment = dt.datetime.combine(moment, dt.time())
            if moment.tzinfo is None:
                if self.calendar_zone is None or self.student is None:
                    return moment
                moment = moment.replace(tzinfo=self.calendar_zone)
            if self.student is None:
                return moment.replace(tzinfo=None)
            return moment.astimezone(self.student).replace(tzinfo=None)
        except (OverflowError, ValueError) as error:
            raise ProblemError(f"{where}: {name}: cannot convert {moment!r} to the student's zone: {error}") from None

    def expand(self, series: list[_Series], monday: dt.date, weeks: int) -> list[_Week]:
        """Occurrences of every series in ``weeks`` weeks from ``monday``, by week."""
        try:
            begin = dt.datetime.combine(monday, dt.time())
            end = begin + dt.timedelta(weeks=weeks)
            span = (begin - _MARGIN, end + _MARGIN)
        except OverflowError:
            raise ProblemError(
                f"{self.label}: the week of {monday} is too close to year 1 or 9999 to be read"
            ) from None
        out = [_Week() for _ in range(weeks)]
        self.each_occurrence(series, span, lambda one, occurrence: self.place(one, occurrence, begin, weeks, out))
        return out

    def each_occurrence(self, series: list[_Series], span: tuple[dt.datetime, dt.datetime], visit: Any) -> None:
        """``visit(series, occurrence)`` for every occurrence in ``span``, once the sizes are checked."""
        import icalendar
        import recurring_ical_events

        problems: list[str] = []
        sizes = {one.index: self.size(one, span) for one in series if not one.ignored}
        limit = min(MAX_PER_WEEK * _weeks(span), MAX_OCCURRENCES)
        if sum(sizes.values()) > limit:
            most = max(series, key=lambda one: sizes.get(one.index, 0))
            what = f"the most from {most.where} ({sizes[most.index]})" if sizes[most.index] > 1 else "one each"
            raise ProblemError(
                f"{self.label}: too many occurrences for a timetable: up to {sum(sizes.values())} in the "
                f"{_weeks(span)} weeks looked at (at most {MAX_PER_WEEK} a week and {MAX_OCCURRENCES:,} in all) "
                f"from {len(series)} events, {what}"
            )
        for one in series:
            if one.ignored:
                self.notes.add(one.ignored)
                continue
            if not sizes[one.index]:
                continue  # nothing in the weeks read: not expanded
            calendar = icalendar.Calendar()
            for event in one.events:
                calendar.add_component(event)
            try:
                occurrences = recurring_ical_events.of(calendar).between(*span)
                for occurrence in occurrences:
                    visit(one, occurrence)
            except ProblemError as error:
                problems.extend(error.errors)
            except Exception as error:  # noqa: BLE001 - any failure of the libraries is a bad event
                problems.append(f"{one.where}: cannot expand its dates: {_library_message(error)}")
        if problems:
            raise ProblemError(problems)

    def size(self, series: _Series, span: tuple[dt.datetime, dt.datetime]) -> int:
        """The most occurrences ``series`` can have in ``span``, from its rules and dates (nothing expanded)."""
        count = 0
        for event in series.events:
            if series.recurring and event.get("RECURRENCE-ID") is None:
                continue  # the rule's own occurrences are counted from the rule
            start = event.get("DTSTART").dt
            moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
            if span[0] - dt.timedelta(days=1) <= self.local(moment, series.where, "DTSTART") <= span[1]:
                count += 1  # one occurrence: a single event, or a moved one
        if series.recurring:
            rdates = _values(series.events[0].get("RDATE"))
            count += series.per_week * _weeks(span) + sum(len(getattr(r, "dts", None) or [r]) for r in rdates)
        return count

    def place(self, series: _Series, occurrence: Any, begin: dt.datetime, weeks: int, out: list[_Week]) -> None:
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            return
        where = f"{self.label}: {self.event_label(occurrence)}"
        start_value, end_value = occurrence.start, occurrence.end
        if not isinstance(start_value, dt.datetime):  # all-day
            day = dt.datetime.combine(start_value, dt.time())
            index = (day - begin).days // 7
            if 0 <= index < weeks:
                out[index].all_day.append(f"{where}: all-day event on {start_value.isoformat()}, not read")
            return
        start = self.local(start_value, where, "DTSTART")
        end = self.local(end_value, where, "DTEND")
        index = math.floor((start - begin) / dt.timedelta(weeks=1))
        if not 0 <= index < weeks:
            return
        week = out[index]
        offset = (start - begin) - dt.timedelta(weeks=index)
        first = int(offset // dt.timedelta(minutes=1))
        length = math.ceil((end - start) / dt.timedelta(minutes=1))
        when = start.strftime("%a %Y-%m-%d %H:%M")
        if length <= 0:
            week.notes.append(f"{where}: on {when} it has no duration, not read")
            return
        if length > DAY:
            week.notes.append(f"{where}: on {when} it lasts more than a day ({length / 60:g} h), not read")
            return
        if series.irregular:
            week.notes.append(series.irregular + (begin + dt.timedelta(weeks=index)).date().isoformat())
        ident = _text(occurrence.get(ID_PROPERTY)) or _text(occurrence.get("SUMMARY")) or _UNTITLED
        week.occurrences.append(_Occurrence(series.index, ident, first, first + length, series.recurring))

    def commitments(self, occurrences: list[_Occurrence], kind: str) -> list[Commitment]:
        """Group the week's occurrences into commitments by id, splitting clashing ones."""
        seen: set[tuple[str, int, int]] = set()
        by_series: dict[int, list[_Occurrence]] = {}
        for occurrence in sorted(occurrences, key=lambda o: (o.start, o.end, o.id, o.series)):
            key = (occurrence.id, occurrence.start, occurrence.end)
            if key in seen:
                day, begin, finish = format_interval(occurrence.start, occurrence.end)
                self.notes.add(
                    f"{self.label}: {occurrence.id!r} on {day} {begin}-{finish} is in the calendar twice, read once"
                )
                continue
            seen.add(key)
            by_series.setdefault(occurrence.series, []).append(occurrence)
        buckets: dict[str, list[_Bucket]] = {}
        for items in by_series.values():  # series in the order of their first occurrence
            for ident in dict.fromkeys(o.id for o in items):
                intervals = [(o.start, o.end) for o in items if o.id == ident]
                _add_to_buckets(buckets.setdefault(ident, []), intervals)
        named: list[tuple[str, list[tuple[int, int]]]] = []
        taken = set(buckets)
        for ident, groups in buckets.items():
            named.append((ident, groups[0]))
            number = 2
            for group in groups[1:]:
                while f"{ident} ({number})" in taken:
                    number += 1
                taken.add(f"{ident} ({number})")
                named.append((f"{ident} ({number})", group))
        named.sort(key=lambda item: (min(item[1]), item[0]))
        return [Commitment(ident, _sessions(intervals), kind=kind) for ident, intervals in named]


@dataclass
class _Series:
    index: int
    where: str
    events: list[Any]
    recurring: bool
    timed: bool
    first: dt.datetime | None
    ignored: str | None = None
    irregular: str | None = None
    invalid: str | None = None  # a rule that cannot be expanded
    per_week: int = 0  # the most occurrences its rules give a week
    weekly: bool = False  # it has a rule, and every rule repeats every week (or day)


_DAY_COUNTS = {"DAILY": 7, "WEEKLY": 1}  # days a week a rule without BYDAY (or BYMONTHDAY, ...) takes


def _per_week(rule: Any, frequency: str) -> int:
    """The most occurrences ``rule`` gives in a week, from its parts alone (before expanding it)."""

    def count(name: str) -> int:
        return len(_values(rule.get(name))) or 0

    days = count("BYDAY") or count("BYMONTHDAY") or count("BYYEARDAY") or _DAY_COUNTS.get(frequency, 1)
    return min(days, 7) * max(count("BYHOUR"), 1) * max(count("BYMINUTE"), 1) * max(count("BYSECOND"), 1)


def _weeks(span: tuple[dt.datetime, dt.datetime]) -> int:
    """The weeks a span of time touches at most (the weeks read and the margins around them)."""
    return math.ceil((span[1] - span[0]) / dt.timedelta(weeks=1))


def _first_start(series: _Series) -> dt.datetime:
    """When a timed series starts: ``make_series`` sets ``first`` for every timed series."""
    assert series.first is not None, f"{series.where}: a timed series without a first start"
    return series.first


def _recurring_score(week: _Week) -> tuple[int, int]:
    recurring = [o for o in week.occurrences if o.recurring]
    return len({o.series for o in recurring}), len(recurring)


class _Bucket(list):
    """Intervals of one commitment, with the minutes of the week they take (for clash checks without pairs)."""

    def __init__(self) -> None:
        super().__init__()
        self.taken = np.zeros(WEEK, dtype=bool)

    def clashes(self, minutes: np.ndarray) -> bool:
        return bool(self.taken[minutes].any())

    def add(self, intervals: list[tuple[int, int]], minutes: np.ndarray) -> None:
        self.extend(intervals)
        self.taken[minutes] = True


def _minutes(intervals: list[tuple[int, int]]) -> np.ndarray:
    """The minutes of the week the intervals take, each once per interval that takes it."""
    if not intervals:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.arange(start, end) for start, end in intervals]) % WEEK


def _add_to_buckets(buckets: list[_Bucket], intervals: list[tuple[int, int]]) -> None:
    """Put a series' intervals in the first bucket they do not clash with (all together if they can).

    Clashes are found on the week's minutes (at most a day per interval), so
    the work grows with the intervals times the buckets, never with pairs.
    """
    minutes = _minutes(intervals)
    if not _self_overlap(minutes):
        for bucket in buckets:
            if not bucket.clashes(minutes):
                bucket.add(intervals, minutes)
                return
        buckets.append(_Bucket())
        buckets[-1].add(intervals, minutes)
        return
    for interval in intervals:  # a series clashing with itself: one by one
        own = _minutes([interval])
        for bucket in buckets:
            if not bucket.clashes(own):
                bucket.add([interval], own)
                break
        else:
            buckets.append(_Bucket())
            buckets[-1].add([interval], own)


def _self_overlap(minutes: np.ndarray) -> bool:
    """Whether some minute is taken twice."""
    return len(minutes) > 0 and int(np.bincount(minutes, minlength=WEEK).max()) > 1


def _sessions(intervals: list[tuple[int, int]]) -> list[str]:
    """``["Mon,Wed 09:00-09:50", "Fri 10:00-10:50"]``: days with the same times share a session."""
    times: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for start, end in sorted(_at_midnight(intervals)):
        day, begin, finish = format_interval(start, end)
        times.setdefault((begin, finish), []).append((start, day))
    ordered = sorted(times.items(), key=lambda item: item[1][0][0])
    return [f"{','.join(day for _, day in days)} {begin}-{finish}" for (begin, finish), days in ordered]


def _at_midnight(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The intervals, a whole day that starts after midnight cut there (``Fri 10:00-10:00`` is not a session)."""
    out = []
    for start, end in intervals:
        if end - start == DAY and start % DAY:
            midnight = start - start % DAY + DAY
            out += [(start, midnight), (midnight, end)]
        else:
            out.append((start, end))
    return out


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def _text(value: Any) -> str:
    """A property as one line of text ('' when missing)."""
    if value is None or _is_broken(value):
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(UNPRINTABLE.sub(" ", str(value)).split())  # control characters as spaces, as line breaks are


# --- writing -------------------------------------------------------------------


__all__ = ["CalendarWarning", "read_ics"]
