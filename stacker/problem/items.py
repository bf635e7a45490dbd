"""The problem: a student's fixed commitments, candidate gigs, limits and weights.

All objects are immutable and validated when they are made: bad input raises
:class:`~stacker.errors.ProblemError` naming the item, the field and what is
wrong. Make variants with :meth:`replace` (or :func:`dataclasses.replace`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ProblemError
from .dates import COMMITMENT_TERM_FIELDS, GIG_TERM_FIELDS, Dated, check_term_fields, is_dated
from .hints import unknown_keys
from .ranges import MAX_MONEY, WEEK_HOURS, YEAR_HOURS, shown
from .week import DAY, WEEK, Interval, clashes, interval_text, parse_intervals

KINDS = ("class", "volunteer", "other")
DEFAULT_MIN_BLOCK = 60
DEFAULT_GRID = 30
DEFAULT_RELEVANCE_VALUE = 10.0
DEFAULT_MENTOR_VALUE = 25.0
_MONEY = " (the most money stacker's integer model holds exactly)"
_WEEK = " (the hours in a week)"


#: What an id may not hold: control characters (a line break, a tab, an ANSI escape) and lone surrogates.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text_fault(value: Any) -> str | None:
    """What is wrong with text ``value`` as an id, a title or a tag, or None (non-text is for the caller).

    These texts are written into terminals, CSV, JSON and calendar files: one
    with a line break, an escape code or half a UTF-16 pair breaks or fools
    them (RFC 5545 allows no control character in a calendar's text).
    """
    if not isinstance(value, str):
        return None
    bad = UNPRINTABLE.search(value)
    if bad is None:
        return None
    return f"must not contain control characters or lone surrogates, got {bad.group()!r} at position {bad.start()}"


class _Checker:
    """Collects what is wrong with one item, each message prefixed by the item."""

    def __init__(self, label: str):
        self.label = label
        self.errors: list[str] = []

    def fail(self, field_name: str, message: str) -> None:
        self.errors.append(f"{self.label}: {field_name}: {message}")

    def number(self, name: str, value: Any, *, lo: float | None = 0.0, hi: float | None = None, why: str = "") -> None:
        """A number in [lo, hi] (``why`` says where ``hi`` comes from); ints beyond floats are not finite."""
        if value is None:
            return
        if isinstance(value, bool) or (not isinstance(value, (int, float)) and not _is_numpy_number(value)):
            self.fail(name, f"must be a number, got {shown(value)}")
        elif isinstance(value, int) and abs(value) > sys.float_info.max:
            self.fail(name, f"must be a finite number, got {shown(value)}")
        elif not isinstance(value, int) and (math.isnan(value) or math.isinf(value)):
            self.fail(name, f"must be a finite number, got {value!r}")
        elif lo is not None and value < lo:
            self.fail(name, f"must be >= {lo:g}, got {shown(value)}")
        elif hi is not None and value > hi:
            self.fail(name, f"must be <= {hi:g}{why}, got {shown(value)}")

    def ident(self, value: Any) -> None:
        self.text("id", value)

    def boolean(self, name: str, value: Any) -> None:
        if not isinstance(value, bool) and type(value).__name__ != "bool_":
            self.fail(name, f"must be true or false, got {value!r}")

    def text(self, name: str, value: Any, *, optional: bool = False) -> None:
        """Non-empty text without control characters or lone surrogates (see :func:`text_fault`)."""
        if value is None and optional:
            return
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"must be a non-empty string, got {value!r}")
        elif fault := text_fault(value):
            self.fail(name, fault)

    def intervals(self, name: str, texts: tuple[str, ...]) -> list[Interval]:
        out: list[Interval] = []
        for text in texts:
            if name == "sessions" and is_dated(text):
                continue  # a one-off on a date: checked with the term fields (stacker.problem.dates)
            try:
                out.extend(_parsed(text))
            except ValueError as error:
                self.fail(f"{name[:-1]} {text!r}", str(error))
        return out

    def no_overlap(self, name: str, intervals: list[Interval]) -> None:
        if len(intervals) < 2:
            return  # one interval (at most a day long) cannot overlap itself
        cut = sorted(intervals)
        if all(a[1] <= b[0] for a, b in itertools.pairwise(cut)) and cut[-1][1] - WEEK <= cut[0][0]:
            return  # each ends before the next starts, the last before the first a week later: no pair overlaps
        for a, b in clashes(intervals):  # a sweep: linear in the sessions after sorting them
            self.fail(name, f"{interval_text(*a)} overlaps {interval_text(*b)}")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ProblemError(self.errors)


@functools.lru_cache(maxsize=65536)
def _parsed_text(text: str) -> tuple[Interval, ...]:
    return tuple(parse_intervals(text))


def _parsed(text: Any) -> tuple[Interval, ...]:
    """:func:`parse_intervals`, each distinct text parsed once (pools repeat session texts a lot)."""
    if type(text) is not str:
        return tuple(parse_intervals(text))
    return _parsed_text(text)


def _replace(item: Any, label: str, changes: dict[str, Any]) -> Any:
    """``dataclasses.replace`` that names an unknown keyword as the readers do, in a :class:`ProblemError`."""
    known = [f.name for f in dataclasses.fields(item) if f.init]
    errors = unknown_keys(label, changes, known)
    if errors:
        raise ProblemError(errors)
    return dataclasses.replace(item, **changes)


def _is_numpy_number(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (str, Mapping)):
        return (value,)
    try:
        return tuple(value)
    except TypeError:  # a single non-text value: kept, so the checks name it
        return (value,)


def _plain(obj: Any, names: Iterable[str]) -> None:
    """Replace numpy scalars (``np.int64(60)``, ``np.True_``) by Python ones."""
    for name in names:
        value = getattr(obj, name)
        plain = _plain_value(value)
        if plain is not value:
            object.__setattr__(obj, name, plain)


def _plain_value(value: Any) -> Any:
    """A numpy scalar (``np.int64(60)``, ``np.True_``) as the Python one; anything else as it is."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return value.item()
    return value


def _label(kind: str, ident: Any) -> str:
    return f"{kind} {ident!r}"


#: The fields of a gig that are its own, not its shape (see :meth:`Gig.from_shape`).
ROW_FIELDS = ("id", "pay_rate", "weekly_pay", "relevance", "mentor", "title", "fields", "growth", "conversion",
              "location")  # fmt: skip
#: The place an item at ``location`` None or this (any case) is at: nowhere to travel to or from.
REMOTE = "remote"


def place_of(location: str | None) -> str | None:
    """The place an item is at, for travel: its ``location``, or None when it has none or is remote."""
    if location is None or location.strip().lower() == REMOTE:
        return None
    return location


#: The fields that say when a gig can be worked: its *shape* (see :func:`check_shape`).
SHAPE_FIELDS = ("sessions", "hours", "min_hours", "max_hours", "windows", "min_block", "grid")


def _check_row(check: _Checker, row: Mapping[str, Any]) -> None:
    """Gig's checks of its own fields (``ROW_FIELDS``), in Gig's order, with Gig's messages."""
    check.ident(row["id"])
    check.text("title", row["title"], optional=True)
    check.text("location", row["location"], optional=True)
    for tag in row["fields"]:
        check.text("fields", tag)
    if row["pay_rate"] is None and row["weekly_pay"] is None and row.get("fee") is None:
        check.fail("pay_rate", "give pay_rate (per hour) and/or weekly_pay (per week)")
    check.number("pay_rate", row["pay_rate"], hi=MAX_MONEY, why=_MONEY)
    check.number("weekly_pay", row["weekly_pay"], hi=MAX_MONEY, why=_MONEY)
    check.number("relevance", row["relevance"], lo=0.0, hi=1.0)
    if row["relevance"] is None:
        check.fail("relevance", "must be a number in [0, 1], got None")
    check.boolean("mentor", row["mentor"])
    for name in ("growth", "conversion"):
        check.number(name, row[name], lo=0.0, hi=1.0)
        if row[name] is None:
            check.fail(name, "must be a number in [0, 1], got None")


@dataclass(frozen=True)
class Commitment:
    """A fixed weekly commitment the plan keeps: a class, a volunteer shift, ...

    Parameters
    ----------
    id
        Unique among all commitments and gigs.
    sessions
        When it happens, e.g. ``["Mon,Wed,Fri 09:00-09:50"]``.
    kind
        ``"class"``, ``"volunteer"`` or ``"other"``.
    counts_toward_cap
        Whether its hours count toward ``max_hours`` and ``max_day_hours``.
    start, end, skip, in_breaks, counts_toward_work
        For a problem with a term (see ``docs/term.md``): dates bounding its
        weekly sessions, dates they do not happen, whether they go on in
        breaks (default: not for a class, yes otherwise), and whether its
        hours count as work (``max_work_hours``, ``max_fortnight_work_hours``).
        ``sessions`` may then also hold dated one-offs (``"2027-03-03 19:00-21:00"``).
    location
        Where it happens (free text, e.g. ``"campus"``), for the rules'
        travel time (``Rules.travel``); ``"remote"`` or None (the default):
        no travel to or from it.
    """

    id: str
    sessions: tuple[str, ...] = ()
    kind: str = "class"
    counts_toward_cap: bool = True
    start: dt.date | None = None
    end: dt.date | None = None
    skip: tuple[dt.date, ...] = ()
    in_breaks: bool | None = None
    counts_toward_work: bool = False
    location: str | None = None
    intervals: tuple[Interval, ...] = field(init=False, repr=False, compare=False)
    dated: tuple[Dated, ...] = field(init=False, repr=False, compare=False)

    if TYPE_CHECKING:  # the generated __init__, as type checkers should see it: any sequence, held as a tuple

        def __init__(
            self,
            id: str,
            sessions: Sequence[str] = (),
            kind: str = "class",
            counts_toward_cap: bool = True,
            start: dt.date | str | None = None,
            end: dt.date | str | None = None,
            skip: Sequence[dt.date | str] = (),
            in_breaks: bool | None = None,
            counts_toward_work: bool = False,
            location: str | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", _as_tuple(self.sessions))
        _plain(self, ("counts_toward_cap", "counts_toward_work", "in_breaks"))
        check = _Checker(_label("commitment", self.id))
        check.ident(self.id)
        object.__setattr__(self, "dated", tuple(check_term_fields(check, self, COMMITMENT_TERM_FIELDS)))
        if self.kind not in KINDS:
            check.fail("kind", f"must be one of {', '.join(KINDS)}, got {self.kind!r}")
        check.boolean("counts_toward_cap", self.counts_toward_cap)
        check.text("location", self.location, optional=True)
        if not self.sessions:
            check.fail("sessions", "must list at least one session")
        intervals = check.intervals("sessions", self.sessions)
        check.no_overlap("sessions", intervals)
        check.raise_if_any()
        object.__setattr__(self, "intervals", tuple(intervals))

    @property
    def minutes(self) -> int:
        """Minutes per week."""
        return sum(end - start for start, end in self.intervals)

    def replace(self, **changes: Any) -> Commitment:
        """A copy with some fields changed (validated again).

        Raises
        ------
        ProblemError
            For an unknown field (``commitment 'x': kin: unknown field; did
            you mean 'kind'?``) or a bad value.
        """
        return _replace(self, _label("commitment", self.id), changes)


_GIG_SCALARS = ("pay_rate", "weekly_pay", "relevance", "mentor", "growth", "conversion",
                "hours", "min_hours", "max_hours", "min_block", "grid")  # fmt: skip


@dataclass(frozen=True)
class Gig:
    """A candidate paid micro-internship.

    A gig is *fixed* when it has ``sessions`` (worked every week, all or
    nothing) and *flexible* otherwise: ``hours`` per week, or a range
    ``min_hours``..``max_hours``, placed by the solver inside ``windows``
    (default: any time) in blocks of at least ``min_block`` minutes that start
    and end on a ``grid`` of minutes from midnight.

    Its weekly value is ``hours * (pay_rate + relevance_value * relevance
    + growth_value * growth) + weekly_pay + mentor_value * mentor +
    conversion_value * conversion`` (weights from :class:`Weights`, see
    :meth:`Weights.hourly_value`).

    Parameters
    ----------
    id
        Unique among all commitments and gigs.
    pay_rate, weekly_pay
        Money per hour and flat money per week; give at least one (>= 0).
    relevance
        Fit with the student's field, in [0, 1].
    mentor
        Whether the gig comes with a mentor.
    title, fields
        Free text and tags, for people.
    sessions
        For a fixed gig: when it is worked, e.g. ``["Tue,Thu 18:00-20:00"]``.
    hours, min_hours, max_hours
        For a flexible gig: exact weekly hours, or a range.
    windows
        For a flexible gig: when it may be worked, e.g. ``["Mon-Fri 09:00-17:00"]``.
    min_block, grid
        For a flexible gig: shortest block and time grid, in minutes
        (defaults 60 and 30). ``grid`` must divide a day; ``min_block`` must
        be a multiple of ``grid``.
    start, end, skip, in_breaks
        For a problem with a term (see ``docs/term.md``): dates bounding its
        weekly sessions or weeks of work, dates with no work, and whether it
        goes on in breaks (default yes). ``sessions`` may then also hold dated
        one-offs (``"2027-03-03 19:00-21:00"``).
    total_hours, fee, due, max_week_hours
        A *project* (only with a term): ``total_hours`` of work placed like a
        flexible gig's between ``start`` and ``due`` (inclusive), at most
        ``max_week_hours`` in any week, paid ``fee`` on completion and/or
        ``pay_rate`` per hour; all or nothing.
    growth
        Opportunities to grow and network, in [0, 1] (default 0).
    conversion
        How likely it leads to a full-time internship or job, in [0, 1]
        (default 0).
    location
        Where it is worked (free text, e.g. ``"downtown"``), for the rules'
        travel time (``Rules.travel``); ``"remote"`` or None (the default):
        no travel to or from it.
    """

    id: str
    pay_rate: float | None = None
    weekly_pay: float | None = None
    relevance: float = 0.0
    mentor: bool = False
    title: str | None = None
    fields: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    hours: float | None = None
    min_hours: float | None = None
    max_hours: float | None = None
    windows: tuple[str, ...] = ()
    min_block: int | None = None
    grid: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    skip: tuple[dt.date, ...] = ()
    in_breaks: bool | None = None
    total_hours: float | None = None
    fee: float | None = None
    due: dt.date | None = None
    max_week_hours: float | None = None
    growth: float = 0.0
    conversion: float = 0.0
    location: str | None = None
    intervals: tuple[Interval, ...] = field(init=False, repr=False, compare=False)
    window_intervals: tuple[Interval, ...] = field(init=False, repr=False, compare=False)
    dated: tuple[Dated, ...] = field(init=False, repr=False, compare=False)

    if TYPE_CHECKING:  # the generated __init__, as type checkers should see it: any sequence, held as a tuple

        def __init__(
            self,
            id: str,
            pay_rate: float | None = None,
            weekly_pay: float | None = None,
            relevance: float = 0.0,
            mentor: bool = False,
            title: str | None = None,
            fields: Sequence[str] = (),
            sessions: Sequence[str] = (),
            hours: float | None = None,
            min_hours: float | None = None,
            max_hours: float | None = None,
            windows: Sequence[str] = (),
            min_block: int | None = None,
            grid: int | None = None,
            start: dt.date | str | None = None,
            end: dt.date | str | None = None,
            skip: Sequence[dt.date | str] = (),
            in_breaks: bool | None = None,
            total_hours: float | None = None,
            fee: float | None = None,
            due: dt.date | str | None = None,
            max_week_hours: float | None = None,
            growth: float = 0.0,
            conversion: float = 0.0,
            location: str | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        for name in ("sessions", "windows", "fields"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        _plain(self, (*_GIG_SCALARS, "in_breaks", "total_hours", "fee", "max_week_hours"))
        check = _Checker(_label("gig", self.id))
        _check_row(check, {name: getattr(self, name) for name in ROW_FIELDS} | {"fee": self.fee})
        object.__setattr__(self, "dated", tuple(check_term_fields(check, self, GIG_TERM_FIELDS)))
        if any(getattr(self, name) is not None for name in ("total_hours", "fee", "due", "max_week_hours")):
            shape = _check_project(check, self)
        else:
            shape = check_shape(check, *(getattr(self, name) for name in SHAPE_FIELDS))
        check.raise_if_any()
        for name in ("min_block", "grid", "intervals", "window_intervals"):  # defaults filled, sessions parsed
            object.__setattr__(self, name, getattr(shape, name))

    @classmethod
    def from_shape(
        cls,
        shape: Gig,
        id: str,
        *,
        pay_rate: float | None = None,
        weekly_pay: float | None = None,
        relevance: float = 0.0,
        mentor: bool = False,
        title: str | None = None,
        fields: Sequence[str] = (),
        growth: float = 0.0,
        conversion: float = 0.0,
        location: str | None = None,
    ) -> Gig:
        """A gig that is worked like ``shape``, with its own id, pay, relevance, mentor, title, fields, growth
        and conversion.

        This is how a row of a :class:`~stacker.GigTable` becomes a ``Gig``:
        the table validates each distinct *shape* (sessions, hours,
        min_hours, max_hours, windows, min_block, grid) once, by making a
        ``Gig`` with it, and this method checks the other fields of each row
        with the same rules and messages as ``Gig(...)``. The result equals
        ``shape.replace(id=id, pay_rate=pay_rate, ...)``, without parsing the
        sessions and windows again.

        Parameters
        ----------
        shape
            A ``Gig`` (already validated, as every ``Gig`` is) whose sessions,
            hours, min_hours, max_hours, windows, min_block and grid are taken.
        id, pay_rate, weekly_pay, relevance, mentor, title, fields, growth, conversion, location
            As for ``Gig``.

        Raises
        ------
        ProblemError
            Naming the gig, the field and what is wrong, as ``Gig(...)`` does.
        """
        if not isinstance(shape, Gig):
            raise ProblemError(f"{_label('gig', id)}: shape: must be a Gig, got {type(shape).__name__}")
        row: dict[str, Any] = {"id": id, "pay_rate": pay_rate, "weekly_pay": weekly_pay, "relevance": relevance}
        row |= {"mentor": mentor, "title": title, "fields": _as_tuple(fields), "growth": growth}
        row |= {"conversion": conversion, "location": location}
        row = {name: _plain_value(value) for name, value in row.items()}
        check = _Checker(_label("gig", id))
        _check_row(check, row)
        check.raise_if_any()
        gig = copy.copy(shape)  # a frozen dataclass: its fields are set as __post_init__ sets them
        for name, value in row.items():
            object.__setattr__(gig, name, value)
        return gig

    @property
    def is_fixed(self) -> bool:
        """True for a gig with sessions, False for a flexible one."""
        return bool(self.sessions)

    @property
    def is_project(self) -> bool:
        """True for a project (a gig with ``total_hours``, only in a term)."""
        return self.total_hours is not None

    @property
    def hour_range(self) -> tuple[float, float]:
        """(min, max) weekly hours; for a fixed gig both are its session hours."""
        return _hour_range(self)

    @property
    def step_range(self) -> tuple[int, int]:
        """(min, max) number of grid steps a flexible gig may take when chosen."""
        return _step_range(self)

    @property
    def hourly_pay(self) -> float:
        """``pay_rate``, 0 when not given."""
        return float(self.pay_rate or 0.0)

    @property
    def flat_pay(self) -> float:
        """``weekly_pay``, 0 when not given."""
        return float(self.weekly_pay or 0.0)

    def pay(self, hours: float) -> float:
        """Money per week for working ``hours`` hours."""
        return hours * self.hourly_pay + self.flat_pay

    def value(self, hours: float, weights: Weights) -> float:
        """The value of a week with ``hours`` of this gig (see :meth:`Weights.hourly_value`)."""
        hourly = weights.hourly_value(self.hourly_pay, self.relevance, self.growth)
        return (
            hours * hourly
            + weights.weekly_value(self.flat_pay, bool(self.mentor))
            + weights.taken_value(self.conversion)
        )

    def replace(self, **changes: Any) -> Gig:
        """A copy with some fields changed (validated again).

        Raises
        ------
        ProblemError
            For an unknown field (``gig 'x': pay_rat: unknown field; did you
            mean 'pay_rate'?``) or a bad value.
        """
        return _replace(self, _label("gig", self.id), changes)


class Shape(NamedTuple):
    """A gig's shape as :func:`check_shape` accepts it: when the gig can be worked.

    The fields are the ``Gig`` fields of the same names as a ``Gig`` holds
    them (texts as tuples, a flexible gig's ``min_block`` and ``grid``
    defaults filled in), with the sessions and windows parsed. Gigs with the
    same shape differ only in their own fields (``ROW_FIELDS``); a
    :class:`~stacker.GigTable` keeps one ``Shape`` per distinct shape (a
    named tuple: quick to make).
    """

    sessions: tuple[str, ...] = ()
    hours: float | None = None
    min_hours: float | None = None
    max_hours: float | None = None
    windows: tuple[str, ...] = ()
    min_block: int | None = None
    grid: int | None = None
    intervals: tuple[Interval, ...] = ()
    window_intervals: tuple[Interval, ...] = ()

    @property
    def is_fixed(self) -> bool:
        """True for a shape with sessions."""
        return bool(self.sessions)

    @property
    def hour_range(self) -> tuple[float, float]:
        """As :attr:`Gig.hour_range`."""
        return _hour_range(self)

    @property
    def step_range(self) -> tuple[int, int]:
        """As :attr:`Gig.step_range`."""
        return _step_range(self)


_NOT_GIVEN = (None, None, None, (), None, None)  # hours, min_hours, max_hours, windows, min_block, grid


def check_shape(
    check: _Checker,
    sessions: tuple[str, ...] = (),
    hours: Any = None,
    min_hours: Any = None,
    max_hours: Any = None,
    windows: tuple[str, ...] = (),
    min_block: Any = None,
    grid: Any = None,
) -> Shape:
    """Gig's checks of its shape (``SHAPE_FIELDS``, as tuples and plain Python values), in Gig's order.

    What is wrong goes to ``check``, with ``Gig``'s messages; the shape is
    valid when nothing was added. The rules of a gig's shape are written
    here only: ``Gig`` checks its own shape with this function, and
    :class:`~stacker.GigTable` checks each distinct shape of a pool with it
    once. As in ``Gig``, the hours of a flexible gig are checked against its
    grid only when nothing else is wrong (``check`` may hold the row's
    messages already).
    """
    if sessions:
        others = (hours, min_hours, max_hours, windows, min_block, grid)
        for name, value in zip(SHAPE_FIELDS[1:], others) if others != _NOT_GIVEN else ():
            if value not in (None, ()):
                check.fail(name, "only flexible gigs (without sessions) take it; this gig has sessions")
        intervals = check.intervals("sessions", sessions)
        check.no_overlap("sessions", intervals)
        return Shape(sessions, hours, min_hours, max_hours, windows, min_block, grid, tuple(intervals))
    min_block = DEFAULT_MIN_BLOCK if min_block is None else min_block
    grid = DEFAULT_GRID if grid is None else grid
    window_intervals = check.intervals("windows", windows)
    _check_grid(check, grid, min_block)
    if hours is not None:
        if min_hours is not None or max_hours is not None:
            check.fail("hours", "give hours or min_hours and max_hours, not both")
        check.number("hours", hours, lo=0.0, hi=WEEK_HOURS, why=_WEEK)
    elif min_hours is None and max_hours is None:
        check.fail("hours", "a gig needs sessions (fixed) or hours / min_hours and max_hours (flexible)")
    elif max_hours is None:
        check.fail("max_hours", "missing; min_hours needs max_hours (or give hours)")
    elif min_hours is None:
        check.fail("min_hours", "missing; max_hours needs min_hours (or give hours)")
    else:
        check.number("min_hours", min_hours, hi=WEEK_HOURS, why=_WEEK)
        check.number("max_hours", max_hours, hi=WEEK_HOURS, why=_WEEK)
    shape = Shape((), hours, min_hours, max_hours, windows, min_block, grid, (), tuple(window_intervals))
    if not check.errors:
        _check_hours(check, shape)
    return shape


def _check_project(check: _Checker, gig: Gig) -> Shape:
    """The checks of a project (a gig with ``total_hours``): its shape as a flexible gig of ``total_hours``."""
    if gig.total_hours is None:
        check.fail("total_hours", "missing; a project (with fee, due or max_week_hours) needs total_hours")
    for name in ("sessions", "hours", "min_hours", "max_hours", "weekly_pay", "end"):
        if getattr(gig, name) not in (None, ()):
            instead = "start and due" if name == "end" else "total_hours and fee"
            check.fail(name, f"a project (with total_hours) does not take {name}; it takes {instead}")
    check.number("fee", gig.fee, hi=MAX_MONEY, why=_MONEY)
    check.number("max_week_hours", gig.max_week_hours)
    if gig.max_week_hours == 0:
        check.fail("max_week_hours", "must be more than 0")
    check.number("total_hours", gig.total_hours, hi=YEAR_HOURS, why=" (the hours in a year)")
    fine = type(gig.total_hours) in (int, float) and 0 <= gig.total_hours <= YEAR_HOURS  # type: ignore[operator]
    hours = min(gig.total_hours, WEEK_HOURS) if fine else 1.0  # type: ignore[type-var]
    inner = _Checker(check.label)  # the windows, block and grid, checked as a flexible gig's
    shape = check_shape(inner, (), hours, None, None, gig.windows, gig.min_block, gig.grid)
    check.errors += [m.replace(": hours: ", ": total_hours: ", 1) for m in inner.errors]
    if fine and not inner.errors and (gig.total_hours * 60) % shape.grid:  # type: ignore[operator]
        check.fail("total_hours", f"{gig.total_hours:g} h is not a whole number of {shape.grid}-minute grid steps")
    return shape


def _check_grid(check: _Checker, grid: Any, block: Any) -> None:
    if isinstance(grid, bool) or not isinstance(grid, int) or grid <= 0 or DAY % grid:
        check.fail("grid", f"must be a whole number of minutes that divides a day (e.g. 15, 30, 60), got {shown(grid)}")
    elif isinstance(block, bool) or not isinstance(block, int) or block <= 0:
        check.fail("min_block", f"must be a positive whole number of minutes, got {shown(block)}")
    elif block % grid:
        check.fail("min_block", f"must be a multiple of grid ({grid} min), got {shown(block)}")


def _check_hours(check: _Checker, shape: Shape) -> None:
    lo, hi = shape.hour_range
    name = "hours" if shape.hours is not None else "min_hours"
    if lo > hi:
        check.fail("min_hours", f"{lo:g} is more than max_hours {hi:g}")
        return
    if hi == 0:
        check.fail(name, "must be more than 0")
        return
    steps = shape.step_range
    if steps[0] > steps[1]:
        what = f"{lo:g} h" if lo == hi else f"{lo:g}-{hi:g} h"
        check.fail(
            name,
            f"{what} cannot be met by whole {shape.grid}-minute grid steps "
            f"in blocks of at least {shape.min_block} minutes",
        )


def _hour_range(shape: Shape | Gig) -> tuple[float, float]:
    if shape.is_fixed:
        hours = sum(end - start for start, end in shape.intervals) / 60
        return hours, hours
    if shape.hours is not None:
        return float(shape.hours), float(shape.hours)
    if getattr(shape, "total_hours", None) is not None:  # a project: its total
        return float(shape.total_hours), float(shape.total_hours)  # type: ignore[union-attr,arg-type]
    return float(shape.min_hours), float(shape.max_hours)  # type: ignore[arg-type]


def _step_range(shape: Shape | Gig) -> tuple[int, int]:
    lo, hi = _hour_range(shape)
    grid = shape.grid or 1
    first = max(math.ceil(lo * 60 / grid - 1e-9), (shape.min_block or 0) // grid, 1)
    last = math.floor(hi * 60 / grid + 1e-9)
    return first, last


MINIMUMS = ("min_week_pay", "min_work_hours")  #: the limits that require from below: a plan needs gigs for them


@dataclass(frozen=True)
class Limits:
    """Caps on the week, in hours.

    Parameters
    ----------
    max_hours
        Everything that counts (commitments with ``counts_toward_cap`` and
        gigs), per week. Default 40.
    max_work_hours
        Gig hours only, per week (e.g. a 20 h visa limit). Default: none.
    max_day_hours
        Everything that counts, per calendar day; a block past midnight counts
        toward each day by its minutes in that day. Default: none.
    max_fortnight_work_hours
        Work hours in any two consecutive weeks of a term (e.g. 48 on an
        Australian student visa). Default: none; only with a term.
    min_week_pay
        Requirements, not caps: the plan's week earns at least this much
        (the student's rent). Default: none. A week problem only, for now.
    min_work_hours
        The plan's week has at least these gig hours. Default: none. A week
        problem only, for now.
    """

    max_hours: float = 40.0
    max_work_hours: float | None = None
    max_day_hours: float | None = None
    max_fortnight_work_hours: float | None = None
    min_week_pay: float | None = None
    min_work_hours: float | None = None

    @property
    def minimums(self) -> bool:
        """Whether a minimum is set (then taking no gig, or fewer, may not be a plan)."""
        return any(getattr(self, name) for name in MINIMUMS)

    def __post_init__(self) -> None:
        _plain(self, ("max_hours", "max_work_hours", "max_day_hours", "max_fortnight_work_hours",
                      "min_week_pay", "min_work_hours"))  # fmt: skip
        check = _Checker("limits")
        check.number("max_hours", self.max_hours)
        if self.max_hours is None:
            check.fail("max_hours", "must be a number of hours, got None")
        check.number("max_work_hours", self.max_work_hours)
        check.number("max_day_hours", self.max_day_hours, hi=24.0)
        check.number("max_fortnight_work_hours", self.max_fortnight_work_hours)
        check.number("min_week_pay", self.min_week_pay, hi=MAX_MONEY, why=_MONEY)
        check.number("min_work_hours", self.min_work_hours, hi=WEEK_HOURS, why=_WEEK)
        check.raise_if_any()

    def replace(self, **changes: Any) -> Limits:
        """A copy with some limits changed (a :class:`ProblemError` for an unknown or bad one)."""
        return _replace(self, "limits", changes)


@dataclass(frozen=True)
class Weights:
    """How non-money qualities of a gig are valued, in money-equivalents.

    A gig's value for a week with ``hours`` of it is ``hours *
    hourly_value + weekly_value + taken_value``: see :meth:`hourly_value`.

    Parameters
    ----------
    relevance_value
        Per hour of fully relevant work (relevance 1). Default 10.
    mentor_value
        Per week for a gig with a mentor. Default 25.
    growth_value
        Per hour of work with growth 1 (opportunities to grow and network).
        Default 0.
    conversion_value
        Once per gig taken with conversion 1 (a sure way to a full-time
        internship or job). Default 0.
    """

    relevance_value: float = DEFAULT_RELEVANCE_VALUE
    mentor_value: float = DEFAULT_MENTOR_VALUE
    growth_value: float = 0.0
    conversion_value: float = 0.0

    def __post_init__(self) -> None:
        names = ("relevance_value", "mentor_value", "growth_value", "conversion_value")
        _plain(self, names)
        check = _Checker("weights")
        for name in names:
            check.number(name, getattr(self, name), hi=MAX_MONEY, why=_MONEY)
            if getattr(self, name) is None:
                check.fail(name, "must be a number, got None")
        check.raise_if_any()

    def hourly_value(self, pay_rate: Any, relevance: Any, growth: Any) -> Any:
        """Value per hour of work: ``pay_rate + relevance_value * relevance + growth_value * growth``.

        With :meth:`weekly_value` and :meth:`taken_value`, the one place the
        value formula is written (numbers or numpy arrays).
        """
        return pay_rate + self.relevance_value * relevance + self.growth_value * growth

    def weekly_value(self, weekly_pay: Any, mentor: Any) -> Any:
        """Value per week a gig is taken: ``weekly_pay + mentor_value * mentor`` (numbers or numpy arrays)."""
        return weekly_pay + self.mentor_value * mentor

    def taken_value(self, conversion: Any) -> Any:
        """Value once per gig taken (in a week's plan, or a term's): ``conversion_value * conversion``."""
        return self.conversion_value * conversion

    def replace(self, **changes: Any) -> Weights:
        """A copy with some weights changed (a :class:`ProblemError` for an unknown or bad one)."""
        return _replace(self, "weights", changes)
