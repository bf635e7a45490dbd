"""The week as minutes, and the human notation for times in it.

A time in the week is a whole number of minutes from Monday 00:00; the week
is ``WEEK = 10080`` minutes long and wraps around (Sunday night runs into
Monday morning). An interval is a pair ``(start, end)`` of such minutes with
``0 <= start < WEEK`` and ``start < end <= start + DAY``; an interval that
runs past Sunday midnight has ``end > WEEK``.

People write intervals as ``"Mon 09:00-09:50"``, ``"Tue,Thu 13:00-14:15"``,
``"Mon-Fri 09:00-17:00"`` or ``"Fri 22:00-02:00"``: a list or a range of
days, then a start and an end time. An end before the start means the
interval runs past midnight into the next day; ``24:00`` is a valid end. An
end equal to the start is an error (``00:00-24:00`` is a whole day).
"""

from __future__ import annotations

import functools
import math
import re

DAY = 24 * 60
WEEK = 7 * DAY
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_INDEX = {name.lower(): i for i, name in enumerate(DAYS)} | {name: i for i, name in enumerate(_FULL_NAMES)}
# each part can match in one way only (no backtracking: linear in the text), on a text whose commas have no
# spaces around them (see parse_intervals): days are runs without spaces or commas joined by commas, the start
# has no '-'
_TEXT = re.compile(r"^(?P<days>[^\s,]*(?:,[^\s,]*)*)\s+(?P<start>[^\s-]+)\s*-\s*(?P<end>\S+)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

Interval = tuple[int, int]


def parse_intervals(text: str) -> list[Interval]:
    """Parse ``"Tue,Thu 13:00-14:15"`` into one interval per day.

    Parameters
    ----------
    text
        Days (names, comma-separated lists and ``Mon-Fri`` ranges, any case,
        three-letter or full names), a space, then ``HH:MM-HH:MM``.

    Returns
    -------
    list of (start, end)
        Week minutes, one interval per day named, in the order written.

    Raises
    ------
    ValueError
        With a short message saying what is wrong (the caller adds the item
        and the field).
    """
    if not isinstance(text, str):
        raise ValueError(f"must be text like 'Mon 09:00-10:00', got {text!r}")  # noqa: TRY004 (callers report ValueError as a ProblemError)
    match = _TEXT.match(",".join(part.strip() for part in text.split(",")).strip())  # "Mon, Wed" as "Mon,Wed"
    if match is None:
        raise ValueError("must look like 'Mon 09:00-10:00' (days, a space, start-end)")
    days = _parse_days(match["days"])
    start = _parse_clock(match["start"], is_end=False)
    end = _parse_clock(match["end"], is_end=True)
    if end == start:
        raise ValueError(
            f"starts and ends at {clock(start)}; for a whole day write '00:00-24:00', "
            f"for 24 hours from {clock(start)} two sessions (to 24:00, then from 00:00)"
        )
    length = end - start if end > start else end - start + DAY
    return [(day * DAY + start, day * DAY + start + length) for day in days]


@functools.lru_cache(maxsize=4096)  # texts repeat their days and times a lot
def _parse_days(text: str) -> tuple[int, ...]:
    days: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        first, dash, last = part.partition("-")
        lo = _day_index(first)
        if not dash:
            days.append(lo)
            continue
        hi = _day_index(last)
        days.extend((lo + k) % 7 for k in range((hi - lo) % 7 + 1))
    if len(set(days)) != len(days):
        raise ValueError(f"day list {text!r} names a day twice")
    return tuple(days)


def _day_index(name: str) -> int:
    try:
        return _DAY_INDEX[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown day {name.strip()!r}; use Mon, Tue, Wed, Thu, Fri, Sat, Sun") from None


@functools.lru_cache(maxsize=4096)
def _parse_clock(text: str, *, is_end: bool) -> int:
    match = _CLOCK.match(text)
    if match is None:
        raise ValueError(f"time {text!r} must be HH:MM")
    hour, minute = int(match[1]), int(match[2])
    if hour > 24:
        raise ValueError("hour must be 0-24")
    if hour == 24 and minute:
        raise ValueError(f"time {text!r} is past 24:00")
    if minute > 59:
        raise ValueError("minute must be 0-59")
    if hour == 24 and (minute or not is_end):
        raise ValueError("24:00 is only valid as an end time")
    return hour * 60 + minute


def clock(minute_of_day: int) -> str:
    """``HH:MM`` for a minute of the day (0..1440; 1440 is ``24:00``)."""
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def format_interval(start: int, end: int) -> tuple[str, str, str]:
    """Day, start and end of an interval in the input notation.

    An interval that ends exactly at midnight ends at ``24:00``; one that runs
    past midnight ends at or before its start, like an input session.
    """
    day, start_of_day = divmod(start % WEEK, DAY)
    finish = start_of_day + (end - start)
    end_text = clock(finish) if finish <= DAY else clock(finish - DAY)
    return DAYS[day], clock(start_of_day), end_text


def interval_text(start: int, end: int) -> str:
    """``"Mon 09:00-09:50"`` for an interval."""
    day, begin, finish = format_interval(start, end)
    return f"{day} {begin}-{finish}"


def pieces(start: int, end: int) -> list[Interval]:
    """Split an interval at midnights: pieces within one day, inside ``[0, WEEK)``."""
    if 0 <= start < end <= (start // DAY + 1) * DAY <= WEEK:
        return [(start, end)]  # within one day of the week already (the usual case)
    out: list[Interval] = []
    while start < end:
        cut = min(end, (start // DAY + 1) * DAY)
        out.append((start % WEEK, (cut - 1) % WEEK + 1))
        start = cut
    return out


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two intervals of the (circular) week share a minute."""
    return any(s1 < e2 and s2 < e1 for s1, e1 in pieces(*a) for s2, e2 in pieces(*b))


def clashes(intervals: list[Interval]) -> list[tuple[Interval, Interval]]:
    """Pairs of the intervals that overlap, in O(n log n): a sweep over their pieces in the week.

    Each interval that overlaps one starting before it is paired with the
    one of those that reaches furthest (so a pile of n overlapping intervals
    gives about n pairs, not n squared); every interval that overlaps
    another is in some pair. Each pair is (earlier, later) as tuples.
    """
    cut = sorted((s, e, i) for i, interval in enumerate(intervals) for s, e in pieces(*interval))
    out: list[tuple[Interval, Interval]] = []
    seen: set[tuple[int, int]] = set()
    reach, furthest = -1, -1
    for start, end, i in cut:
        if start < reach and (min(furthest, i), max(furthest, i)) not in seen:
            seen.add((min(furthest, i), max(furthest, i)))
            a, b = sorted((intervals[furthest], intervals[i]))
            out.append((a, b))
        if end > reach:
            reach, furthest = end, i
    return sorted(out)


def duration_text(minutes: int) -> str:
    """A length for labels: ``50 min``, ``2 h``, ``1.25 h``, ``2 h 50 min``."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes % 15 == 0:
        return f"{minutes / 60:g} h"
    return f"{minutes // 60} h {minutes % 60} min"


def hours_text(minutes: float, *, up: bool = False) -> str:
    """Minutes as hours for people: ``90`` -> ``"1.5 h"``; with ``up``, rounded up to the hundredth
    (what must change to make room: ``940`` -> ``"15.67 h"``)."""
    return f"{hours_up(minutes) if up else minutes / 60:g} h"


def hours_up(minutes: float) -> float:
    """Minutes as hours rounded up to the hundredth: the smallest such number that holds them."""
    return math.ceil(minutes / 60 * 100 - 1e-9) / 100
