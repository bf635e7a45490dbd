"""The student's own rules: quiet hours, days off, forbidden gig fields, a most number of gigs.

:class:`Rules` is checked when made (a :class:`~stacker.errors.ProblemError`
naming the field); :func:`rule_mask` is the one place where quiet hours and
weekdays off become minutes of the week with no gig work, for fixed and
flexible gigs alike (see :mod:`stacker.presolve.prepare`). Dated days off
(``"2027-03-03"``) only mean something on a term; :meth:`Rules.dated_days_off`
gives them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .dates import as_date
from .geometry import day_pieces, minute_mask
from .hints import closest, unknown_keys
from .items import _as_tuple, _Checker, _replace, place_of
from .week import _DAY_INDEX, DAY, DAYS, Interval, _parse_clock, clock

#: The rule fields, in the order of the docs.
RULE_FIELDS = ("quiet_hours", "days_off", "forbid_fields", "max_gigs", "travel", "travel_counts")
#: The most minutes of travel between two places (a day): more could never be kept within a week's gaps.
MOST_TRAVEL = DAY


@dataclass(frozen=True)
class Rules:
    """Rules a student keeps whatever a gig is worth (see ``docs/rules.md``).

    Parameters
    ----------
    quiet_hours
        Times of day with no gig work, e.g. ``["22:00-08:00"]`` (an end
        before the start runs past midnight). Fixed gigs with a session in
        them are excluded; flexible gigs are placed outside them.
        Commitments are not affected.
    days_off
        Days with no gig work: day names (``["Sun"]``) and, on a term,
        ISO dates (``"2027-03-03"``); treated like quiet hours.
    forbid_fields
        Gig tags (``Gig.fields``) the student may not take, e.g.
        ``["contractor"]``: such gigs are excluded.
    max_gigs
        At most this many gigs taken (in the week; on a term, in any week).
        None: no limit.
    travel
        Minutes to get between places (the commitments' and gigs'
        ``location``): ``{"default": 20, "between": [{"from": "campus",
        "to": "downtown", "minutes": 35}]}``. A pair is symmetric unless
        both directions are given; ``default`` (0 when not given) is for
        two different places not listed. Two items at different places
        keep at least that gap between the end of one and the start of the
        next; remote items (and those without a location) need none.
    travel_counts
        Whether travel minutes count toward ``max_hours`` and
        ``max_day_hours`` (default False: they count toward nothing); never
        toward the work caps (``max_work_hours`` and the like). Week
        problems only (refused on a term).
    """

    quiet_hours: tuple[str, ...] = ()
    days_off: tuple[Any, ...] = ()
    forbid_fields: tuple[str, ...] = ()
    max_gigs: int | None = None
    travel: Any = None
    travel_counts: bool = False
    quiet: tuple[Interval, ...] = field(init=False, repr=False, compare=False)  # (start, end) minutes of a day
    weekdays_off: tuple[int, ...] = field(init=False, repr=False, compare=False)
    dates_off: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)
    travel_default: int = field(init=False, repr=False, compare=False)
    travel_pairs: tuple[tuple[str, str, int], ...] = field(init=False, repr=False, compare=False)  # directed

    if TYPE_CHECKING:  # the generated __init__, as type checkers should see it: any sequence, held as a tuple

        def __init__(
            self,
            quiet_hours: Any = (),
            days_off: Any = (),
            forbid_fields: Any = (),
            max_gigs: int | None = None,
            travel: Mapping[str, Any] | None = None,
            travel_counts: bool = False,
        ) -> None: ...

    def __post_init__(self) -> None:
        for name in ("quiet_hours", "days_off", "forbid_fields"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        check = _Checker("rules")
        quiet = [q for text in self.quiet_hours if (q := _quiet(check, text)) is not None]
        weekdays: list[int] = []
        dates: list[dt.date] = []
        for day in self.days_off:
            _day_off(check, day, weekdays, dates)
        for tag in self.forbid_fields:
            check.text("forbid_fields", tag)
        if self.max_gigs is not None and (isinstance(self.max_gigs, bool) or not isinstance(self.max_gigs, int)):
            check.fail("max_gigs", f"must be a whole number, got {self.max_gigs!r}")
        else:
            check.number("max_gigs", self.max_gigs, lo=0)
        check.boolean("travel_counts", self.travel_counts)
        default, pairs = _travel(check, self.travel)
        check.raise_if_any()
        if isinstance(self.travel, Mapping):  # held as plain data, frozen: the rules stay hashable
            object.__setattr__(self, "travel", _frozen(self.travel))
        object.__setattr__(self, "travel_default", default)
        object.__setattr__(self, "travel_pairs", pairs)
        # dates held as dates, so that a problem read back from its file (ISO text) equals the one written
        days = tuple(
            as_date(d) if not (isinstance(d, str) and d.strip().lower() in _DAY_INDEX) else d for d in self.days_off
        )
        object.__setattr__(self, "days_off", days)
        object.__setattr__(self, "quiet", tuple(quiet))
        object.__setattr__(self, "weekdays_off", tuple(sorted(set(weekdays))))
        object.__setattr__(self, "dates_off", tuple(sorted(set(dates))))

    @property
    def blocks_time(self) -> bool:
        """Whether any rule takes time away from gigs (quiet hours or days off)."""
        return bool(self.quiet or self.weekdays_off or self.dates_off)

    @property
    def travel_places(self) -> tuple[str, ...]:
        """The places ``travel.between`` names, in order of first mention."""
        return tuple(dict.fromkeys(place for a, b, _ in self.travel_pairs for place in (a, b)))

    def travel_minutes(self, origin: str, destination: str) -> int:
        """Minutes from place ``origin`` to ``destination`` (0 for the same place)."""
        if origin == destination:
            return 0
        return self._travel_table.get((origin, destination), self.travel_default)

    @functools.cached_property
    def _travel_table(self) -> dict[tuple[str, str], int]:
        return {(a, b): minutes for a, b, minutes in self.travel_pairs}

    def time_text(self) -> str:
        """The rules that take time away, for reasons: ``"the quiet hours (22:00-08:00) and days off (Sun)"``."""
        parts = []
        if self.quiet_hours:
            parts.append(f"quiet hours ({', '.join(map(str, self.quiet_hours))})")
        if self.days_off:
            parts.append(f"days off ({', '.join(map(str, self.days_off))})")
        return "the rules' " + " and ".join(parts)

    def replace(self, **changes: Any) -> Rules:
        """A copy with some rules changed (validated again)."""
        return _replace(self, "rules", changes)


_TRAVEL_KEYS = ("default", "between")
_PAIR_KEYS = ("from", "to", "minutes")


def _travel(check: _Checker, travel: Any) -> tuple[int, tuple[tuple[str, str, int], ...]]:
    """``travel``'s default minutes and its directed pairs ``(from, to, minutes)``, each way (symmetric unless both
    directions are given); what is wrong goes to ``check``."""
    if travel is None:
        return 0, ()
    if not isinstance(travel, Mapping):
        check.fail("travel", f"must be a table with default and between, got {type(travel).__name__}")
        return 0, ()
    check.errors += unknown_keys("rules: travel", travel, _TRAVEL_KEYS)
    default = travel.get("default", 0)
    _minutes(check, "travel: default", default)
    between = travel.get("between", [])
    if not isinstance(between, (list, tuple)):
        check.fail("travel: between", f"must be a list of {{from, to, minutes}}, got {type(between).__name__}")
        between = []
    given: dict[tuple[str, str], int] = {}
    for k, pair in enumerate(between):
        where = f"travel: between #{k + 1}"
        if not isinstance(pair, Mapping):
            check.fail(where, f"must be a table with from, to and minutes, got {type(pair).__name__}")
            continue
        check.errors += unknown_keys(f"rules: {where}", pair, _PAIR_KEYS)
        missing = [key for key in _PAIR_KEYS if key not in pair]
        for key in missing:
            check.fail(f"{where}: {key}", "missing; it is required")
        if missing:
            continue
        origin, destination, minutes = pair["from"], pair["to"], pair["minutes"]
        for key in ("from", "to"):
            check.text(f"{where}: {key}", pair[key])
            if isinstance(pair[key], str) and place_of(pair[key]) is None:
                check.fail(f"{where}: {key}", f"{pair[key]!r} is no place to travel to (remote work needs no travel)")
        _minutes(check, f"{where}: minutes", minutes)
        if isinstance(origin, str) and isinstance(destination, str):
            if origin == destination:
                check.fail(where, f"from and to are the same place ({origin!r})")
            elif (origin, destination) in given:
                check.fail(where, f"{origin!r} to {destination!r} is given twice")
            else:
                given[(origin, destination)] = minutes
    if check.errors:
        return 0, ()
    pairs = dict(given)
    for (origin, destination), minutes in given.items():
        pairs.setdefault((destination, origin), minutes)  # symmetric unless both directions are given
    return int(default), tuple((a, b, int(m)) for (a, b), m in pairs.items())


def _minutes(check: _Checker, name: str, minutes: Any) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        check.fail(name, f"must be a whole number of minutes, got {minutes!r}")
    else:
        check.number(name, minutes, lo=0, hi=MOST_TRAVEL, why=" (a day)")


def _frozen(value: Any) -> Any:
    """Plain data (mappings, lists) as a read-only, hashable copy: mappings as ``MappingProxy``-like dicts."""
    if isinstance(value, Mapping):
        return _FrozenDict((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    return value


class _FrozenDict(dict):
    """A dict that cannot change and can be hashed (the rules' ``travel``, in a frozen dataclass)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def __reduce__(self) -> tuple:  # pickled (solve_many's workers) and copied as made, not item by item
        return (_FrozenDict, (tuple(self.items()),))

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("the rules' travel cannot be changed; use Rules.replace(travel=...)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]


def _quiet(check: _Checker, text: Any) -> Interval | None:
    """``"22:00-08:00"`` as minutes of the day ``(start, end)``, ``end`` past ``DAY`` when past midnight."""
    if not isinstance(text, str) or text.count("-") != 1:
        check.fail("quiet_hours", f"{text!r} must be times of day like '22:00-08:00'")
        return None
    first, last = (part.strip() for part in text.split("-"))
    try:
        start, end = _parse_clock(first, is_end=False), _parse_clock(last, is_end=True)
    except ValueError as error:
        check.fail("quiet_hours", f"{text!r}: {error}")
        return None
    if start == end:
        check.fail("quiet_hours", f"{text!r} starts and ends at {clock(start)}; a whole day is a day off")
        return None
    return (start, end if end > start else end + DAY)


def _day_off(check: _Checker, day: Any, weekdays: list[int], dates: list[dt.date]) -> None:
    if isinstance(day, str) and day.strip().lower() in _DAY_INDEX:
        weekdays.append(_DAY_INDEX[day.strip().lower()])
        return
    if isinstance(day, dt.date) or (isinstance(day, str) and day.strip()[:1].isdigit()):
        try:
            dates.append(as_date(day))
        except ValueError as error:
            check.fail("days_off", str(error))
        return
    close = closest(day, DAYS) if isinstance(day, str) else None
    hint = f"; did you mean {close!r}?" if close else f"; use {', '.join(DAYS)} or a date like '2027-03-03'"
    check.fail("days_off", f"{day!r} is not a day{hint}")


def rule_mask(rules: Rules) -> np.ndarray:
    """A WEEK-long boolean array, True in the minutes the rules keep free of gig work (weekdays off, quiet hours).

    Dated days off are not in it (a week has no dates): a term adds them
    for the weeks they fall in.
    """
    return _rule_mask(rules.quiet, rules.weekdays_off).copy()


@functools.lru_cache(maxsize=64)
def _rule_mask(quiet: tuple[Interval, ...], weekdays: tuple[int, ...]) -> np.ndarray:
    rows = [(day * DAY + start, day * DAY + end, 0) for day in range(7) for start, end in quiet]
    rows += [(day * DAY, (day + 1) * DAY, 0) for day in weekdays]
    if not rows:
        return np.zeros(7 * DAY, dtype=bool)
    return minute_mask(day_pieces(rows)[:, :2])
