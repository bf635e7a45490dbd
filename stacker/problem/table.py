"""Gigs as columns: a pool of gigs without one validated object per gig.

:class:`GigTable` holds a pool as numpy columns, which is what the presolve
reads, and is a read-only sequence of :class:`~stacker.Gig` (``len``,
indexing, iteration, equality with a tuple of gigs). ``Problem.gigs`` is
always one. It is built in one of three ways:

- :meth:`GigTable.from_columns`: the columnar input path. Pass one column
  per field (lists or arrays, one value per gig) and get a validated table;
  ``Problem(gigs=table)`` then solves it without ever making 10^6 ``Gig``
  objects. Indexing the table makes the ``Gig`` of a row on first use,
  through :meth:`Gig.from_shape`.
- :meth:`GigTable.from_gigs`: from ``Gig`` objects (already validated);
  indexing gives those objects back.
- :func:`validated`: what the readers (JSON, TOML, CSV, XLSX, DataFrames)
  use: columns as the readers found them, and for each row the exact
  per-item constructor, so that a doubtful row's messages are ``Gig``'s own.

A gig's *shape* is everything about when it can be worked: ``sessions``,
``hours``, ``min_hours``, ``max_hours``, ``windows``, ``min_block`` and
``grid``. Pools repeat shapes a lot (a generated pool of 10^6 fixed gigs
has about 17,000), so each distinct shape is parsed and checked once, with
:func:`~stacker.problem.items.check_shape`, the function with which ``Gig``
checks its own shape; the table keeps one
:class:`~stacker.problem.items.Shape` per distinct shape, and makes a
``Gig`` of a shape only when a row of it is made. The other fields (id,
pay, relevance, mentor, title, tags) are checked by column. A row that
fails any quick check is made on its own, so that its messages are exactly
those ``Gig`` gives (naming the gig, the field and what is wrong).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, overload

import numpy as np

from ..errors import ProblemError
from .items import SHAPE_FIELDS, UNPRINTABLE, Gig, Shape, _as_tuple, _Checker, check_shape
from .ranges import MAX_MONEY

COLUMNS = ("id", "pay_rate", "weekly_pay", "relevance", "mentor", "title", "fields", "growth", "conversion",
           "location", *SHAPE_FIELDS)  # fmt: skip
TEXT_LISTS = ("sessions", "windows", "fields")
#: Columns a reader may give :func:`validated` as arrays (float, NaN where not given; bool), as the table holds them.
ARRAYS = ("pay_rate", "weekly_pay", "relevance", "mentor", "growth", "conversion")
_NUMBER = frozenset({int, float, type(None)})
_WHOLE = frozenset({int, type(None)})


@dataclass(frozen=True, eq=False, repr=False)
class GigTable(Sequence[Gig]):
    """A validated pool of gigs, one numpy column per field; a read-only sequence of ``Gig``.

    ``pay_rate`` and ``weekly_pay`` are NaN where not given; ``shape[i]``
    indexes ``shapes``, one :class:`~stacker.problem.items.Shape` per
    distinct shape (its sessions, windows, hours, block and grid, parsed:
    ``intervals``, ``window_intervals``, ``step_range``, ...). ``objects`` holds the
    ``Gig`` objects a table was made from (:meth:`from_gigs`), else None.

    A table equals another table or a tuple with equal gigs in the same
    order. Make tables with :meth:`from_columns` or :meth:`from_gigs`.
    """

    ids: list[str]
    pay_rate: np.ndarray
    weekly_pay: np.ndarray
    relevance: np.ndarray
    mentor: np.ndarray
    growth: np.ndarray
    conversion: np.ndarray
    shape: np.ndarray
    shapes: list[Shape]
    titles: list[Any] | None = None
    tags: list[tuple[str, ...]] | None = None
    locations: list[Any] | None = None  # each gig's location (None: not given), None when no gig has one
    objects: tuple[Gig, ...] | None = field(default=None)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Gig: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Gig, ...]: ...
    def __getitem__(self, index: int | slice) -> Gig | tuple[Gig, ...]:
        """The gig in a row, or a tuple of gigs for a slice."""
        if isinstance(index, slice):
            return tuple(self.gig(i) for i in range(len(self))[index])
        return self.gig(range(len(self))[index])

    def __iter__(self) -> Iterator[Gig]:
        return (self.gig(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, (GigTable, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))  # equal to the hash of an equal tuple of gigs

    def __repr__(self) -> str:
        shown = ", ".join(repr(i) for i in self.ids[:5]) + (", ..." if len(self) > 5 else "")
        return f"GigTable({len(self)} gigs: {shown})"

    @cached_property
    def _made(self) -> list[Gig | None]:
        """The ``Gig`` of each row made so far (rows of a table made from columns)."""
        return [None] * len(self)

    @cached_property
    def _shape_gigs(self) -> dict[int, Gig]:
        """A ``Gig`` of each shape a made row has, made on first use (see :meth:`shape_gig`)."""
        return {}

    def shape_gig(self, code: int) -> Gig:
        """A ``Gig`` with shape ``shapes[code]`` (and a placeholder id and pay), made once, on first use.

        ``Gig`` checks the shape again: a ``Shape`` is only a record of
        what :func:`~stacker.problem.items.check_shape` accepted.
        """
        gig = self._shape_gigs.get(code)
        if gig is None:
            shape = self.shapes[code]
            given = {name: getattr(shape, name) for name in SHAPE_FIELDS}
            gig = Gig("shape", pay_rate=0.0, **{name: v for name, v in given.items() if v not in (None, ())})
            self._shape_gigs[code] = gig
        return gig

    @property
    def made(self) -> int:
        """How many rows are ``Gig`` objects so far (every row of a table made from gigs)."""
        return len(self) if self.objects is not None else len(self) - self._made.count(None)

    def gig(self, index: int) -> Gig:
        """The gig in row ``index``, made through :meth:`Gig.from_shape` on first use."""
        if self.objects is not None:
            return self.objects[index]
        made = self._made[index]
        if made is None:
            made = self._made[index] = Gig.from_shape(
                self.shape_gig(int(self.shape[index])),
                self.ids[index],
                pay_rate=_optional(self.pay_rate[index]),
                weekly_pay=_optional(self.weekly_pay[index]),
                relevance=float(self.relevance[index]),
                mentor=bool(self.mentor[index]),
                title=None if self.titles is None else self.titles[index],
                fields=() if self.tags is None else self.tags[index],
                growth=float(self.growth[index]),
                conversion=float(self.conversion[index]),
                location=None if self.locations is None else self.locations[index],
            )
        return made

    @cached_property
    def is_fixed(self) -> np.ndarray:
        """True for the gigs with sessions."""
        return np.array([s.is_fixed for s in self.shapes], dtype=bool)[self.shape]

    @cached_property
    def hourly_pay(self) -> np.ndarray:
        """``pay_rate`` with 0 where not given."""
        return np.nan_to_num(self.pay_rate, nan=0.0)

    @cached_property
    def flat_pay(self) -> np.ndarray:
        """``weekly_pay`` with 0 where not given."""
        return np.nan_to_num(self.weekly_pay, nan=0.0)

    def session_rows(self) -> np.ndarray:
        """Rows ``(start, end, gig)``: every session of every fixed gig, as week minutes."""
        lengths = np.array([len(s.intervals) for s in self.shapes], dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        flat = np.array([iv for s in self.shapes for iv in s.intervals], dtype=np.int64).reshape(-1, 2)
        counts = lengths[self.shape]
        owner = np.repeat(np.arange(len(self)), counts)
        where = np.repeat(offsets[self.shape] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        return np.column_stack([flat[where], owner])

    def take(self, rows: Sequence[int] | np.ndarray) -> GigTable:
        """A table of these rows, in this order (gigs already made are kept)."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        picked = rows.tolist()
        return GigTable(
            ids=[self.ids[i] for i in picked],
            pay_rate=self.pay_rate[rows],
            weekly_pay=self.weekly_pay[rows],
            relevance=self.relevance[rows],
            mentor=self.mentor[rows],
            growth=self.growth[rows],
            conversion=self.conversion[rows],
            shape=self.shape[rows],
            shapes=self.shapes,
            titles=None if self.titles is None else [self.titles[i] for i in picked],
            tags=None if self.tags is None else [self.tags[i] for i in picked],
            locations=None if self.locations is None else [self.locations[i] for i in picked],
            objects=None if self.objects is None else tuple(self.objects[i] for i in picked),
        )

    @classmethod
    def from_gigs(cls, gigs: Sequence[Gig]) -> GigTable:
        """The columns of validated ``Gig`` objects (kept: indexing returns them)."""
        if isinstance(gigs, GigTable):
            return gigs
        codes: dict[tuple, int] = {}
        shapes: list[Shape] = []
        shape = np.empty(len(gigs), dtype=np.int64)
        for i, gig in enumerate(gigs):
            key = _shape_key(gig)
            code = codes.get(key)
            if code is None:
                code = codes[key] = len(shapes)
                shapes.append(_shape_of(gig))
            shape[i] = code
        return cls(
            ids=[g.id for g in gigs],
            pay_rate=np.array([np.nan if g.pay_rate is None else g.pay_rate for g in gigs], dtype=np.float64),
            weekly_pay=np.array([np.nan if g.weekly_pay is None else g.weekly_pay for g in gigs], dtype=np.float64),
            relevance=np.array([g.relevance for g in gigs], dtype=np.float64),
            mentor=np.array([bool(g.mentor) for g in gigs], dtype=bool),
            growth=np.array([g.growth for g in gigs], dtype=np.float64),
            conversion=np.array([g.conversion for g in gigs], dtype=np.float64),
            shape=shape,
            shapes=shapes,
            locations=[g.location for g in gigs] if any(g.location is not None for g in gigs) else None,
            objects=tuple(gigs),
        )

    @classmethod
    def from_columns(cls, id: Sequence[str], **columns: Any) -> GigTable:
        """A validated table from one column per :class:`~stacker.Gig` field.

        Parameters
        ----------
        id
            The gig ids.
        **columns
            Any of ``pay_rate``, ``weekly_pay``, ``relevance``, ``mentor``,
            ``title``, ``fields``, ``growth``, ``conversion``, ``location``, ``sessions``, ``hours``, ``min_hours``,
            ``max_hours``, ``windows``, ``min_block``, ``grid``: a sequence
            with one value per gig. ``None`` (and NaN in a number column)
            means not given for that gig, as an empty cell does in
            :func:`stacker.problem_from_frames`; whole numbers stored as
            floats (``120.0``) are accepted for ``min_block`` and ``grid``.
            ``sessions``, ``windows`` and ``fields`` take one text or a list
            of texts per gig.

        Raises
        ------
        ProblemError
            Listing every problem found, with the messages ``Gig`` gives.
        """
        ids = list(id)
        count = len(ids)
        errors = [
            f"gigs: {name}: unknown column; the columns are {', '.join(COLUMNS)}"
            for name in columns
            if name not in COLUMNS
        ]
        errors += [
            f"gigs: {name}: {len(values)} values for {count} gigs"
            for name, values in columns.items()
            if name in COLUMNS and values is not None and len(values) != count
        ]
        if errors:
            raise ProblemError(errors)
        numbers = ("hours", "min_hours", "max_hours", "min_block", "grid", "pay_rate", "weekly_pay", "relevance",
                   "growth", "conversion")  # fmt: skip
        raw = {
            name: _column(columns.get(name), count, number=name in numbers, whole=name in ("min_block", "grid"))
            for name in COLUMNS[1:]
        }

        def make(i: int) -> Gig:
            return Gig(ids[i], **{n: raw[n][i] for n in COLUMNS[1:] if raw[n][i] is not None})

        table, by_row = validated(ids, raw, make)
        if table is None:
            raise ProblemError([message for row in sorted(by_row) for message in by_row[row]])
        return table


def validated(
    ids: list[Any], raw: dict[str, Any], make: Callable[[int], Gig], doubt: np.ndarray | None = None
) -> tuple[GigTable | None, dict[int, list[str]]]:
    """A table from columns as a reader found them, or every row's messages.

    Parameters
    ----------
    ids
        The id of each row (any value: a bad one is reported).
    raw
        For each field but ``id`` (all of ``COLUMNS[1:]``), one plain Python
        value per row, ``None`` meaning not given. ``sessions``, ``windows``
        and ``fields`` may be a text or a list of texts. The columns of
        :data:`ARRAYS` may instead be arrays as the table holds them (NaN
        where not given; a reader's checked values).
    make
        ``make(i)``: row ``i`` made as the per-item path makes it (a ``Gig``
        or a :class:`ProblemError`); called only for the rows the quick
        checks doubt, so that their messages are ``Gig``'s own.
    doubt
        Rows to make with ``make`` whatever the quick checks say (e.g. an
        explicit ``null`` that ``make`` treats otherwise than "not given").

    Returns
    -------
    (table, errors)
        The table and ``{}``, or None and ``{row: [message, ...]}``.
    """
    count = len(ids)
    raw = {name: _plain_column(raw[name]) for name in COLUMNS[1:]}
    raw = {name: _text_lists(values) if name in TEXT_LISTS else values for name, values in raw.items()}
    good = _ids_fine(ids)
    if doubt is not None:
        good &= ~doubt
    pay_rate, ok = _numbers(raw["pay_rate"], hi=MAX_MONEY)
    good &= ok
    weekly_pay, ok = _numbers(raw["weekly_pay"], hi=MAX_MONEY)
    good &= ok & ~(np.isnan(pay_rate) & np.isnan(weekly_pay))
    relevance, ok = _numbers(raw["relevance"], hi=1.0)
    good &= ok
    mentor, ok = _booleans(raw["mentor"])
    good &= ok
    growth, ok = _numbers(raw["growth"], hi=1.0)
    good &= ok
    conversion, ok = _numbers(raw["conversion"], hi=1.0)
    good &= ok
    if raw["title"].count(None) != count:
        good &= _all_rows(raw["title"], lambda t: t is None or _good_text(t))
    if raw["fields"].count(()) != count:
        good &= _all_rows(raw["fields"], _good_tags)
    if raw["location"].count(None) != count:
        good &= _all_rows(raw["location"], lambda t: t is None or _good_text(t))
    shape, shapes, ok = _shapes(raw, count)
    good &= ok
    by_row: dict[int, list[str]] = {}
    accepted: dict[int, Gig] = {}
    for i in np.flatnonzero(~good).tolist():
        try:
            accepted[i] = make(i)
        except ProblemError as error:
            by_row[i] = error.errors
    if by_row:
        return None, by_row
    titles: list[Any] = raw["title"]
    tags: list[tuple[str, ...]] = raw["fields"]
    locations: list[Any] = raw["location"]
    columns = _Columns(pay_rate, weekly_pay, relevance, mentor, growth, conversion, shape, shapes, titles, tags,
                       locations)  # fmt: skip
    _splice(columns, accepted)
    codes, kept = _compact(shape, shapes)
    table = GigTable(
        ids=ids,
        pay_rate=pay_rate,
        weekly_pay=weekly_pay,
        relevance=np.nan_to_num(relevance, nan=0.0),
        mentor=mentor,
        growth=np.nan_to_num(growth, nan=0.0),
        conversion=np.nan_to_num(conversion, nan=0.0),
        shape=codes,
        shapes=kept,
        titles=None if titles.count(None) == count else titles,
        tags=None if tags.count(()) == count else tags,
        locations=None if locations.count(None) == count else locations,
    )
    for i, gig in accepted.items():
        table._made[i] = gig
    return table, {}


def _good_tags(tags: Any) -> bool:
    return type(tags) is tuple and all(map(_good_text, tags))


def _good_text(value: Any) -> bool:
    return type(value) is str and bool(value.strip()) and UNPRINTABLE.search(value) is None


class _Columns(NamedTuple):
    """The columns of a table being made, changed in place by :func:`_splice`; ``shapes`` may hold None (invalid)."""

    pay_rate: np.ndarray
    weekly_pay: np.ndarray
    relevance: np.ndarray
    mentor: np.ndarray
    growth: np.ndarray
    conversion: np.ndarray
    shape: np.ndarray
    shapes: list[Shape | None]
    titles: list[Any]
    tags: list[tuple[str, ...]]
    locations: list[Any]


def _splice(columns: _Columns, accepted: dict[int, Gig]) -> None:
    """These rows (doubted by the quick checks, accepted by ``Gig``) put in the columns as ``Gig`` has them."""
    if not accepted:
        return
    shapes = columns.shapes
    codes = {_shape_key(s): code for code, s in enumerate(shapes) if s is not None}
    for i, gig in accepted.items():
        code = codes.setdefault(_shape_key(gig), len(shapes))
        if code == len(shapes):
            shapes.append(_shape_of(gig))
        columns.shape[i] = code
        columns.pay_rate[i] = np.nan if gig.pay_rate is None else gig.pay_rate
        columns.weekly_pay[i] = np.nan if gig.weekly_pay is None else gig.weekly_pay
        columns.relevance[i] = gig.relevance
        columns.mentor[i] = bool(gig.mentor)
        columns.growth[i], columns.conversion[i] = gig.growth, gig.conversion
        columns.titles[i], columns.tags[i], columns.locations[i] = gig.title, gig.fields, gig.location


def _compact(shape: np.ndarray, shapes: list[Shape | None]) -> tuple[np.ndarray, list[Shape]]:
    """Shape codes and shapes without the invalid shapes (which no row uses once doubted rows are spliced)."""
    keep = [code for code, s in enumerate(shapes) if s is not None]
    if len(keep) == len(shapes):
        return shape, shapes  # type: ignore[return-value]
    remap = np.full(len(shapes), -1, dtype=np.int64)
    remap[keep] = np.arange(len(keep))
    return remap[shape], [shapes[code] for code in keep]  # type: ignore[misc]


def _shape_key(gig: Gig | Shape) -> tuple:
    return tuple(getattr(gig, name) for name in SHAPE_FIELDS)


def _shape_of(gig: Gig) -> Shape:
    """The shape of a (validated) gig."""
    values = {name: getattr(gig, name) for name in SHAPE_FIELDS}
    return Shape(**values, intervals=gig.intervals, window_intervals=gig.window_intervals)


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _column(values: Any, count: int, *, number: bool = False, whole: bool = False) -> list:
    """A column as a list of plain Python values; None for a column not given.

    In a number column NaN means not given (None), and for ``whole`` fields
    whole numbers stored as floats (``120.0``) become ints.
    """
    if values is None:
        return [None] * count
    if isinstance(values, np.ndarray) and values.dtype.kind == "f" and number:
        out = values.astype(object)
        missing = np.isnan(values)
        out[missing] = None
        if whole:
            integral = ~missing & (values == np.floor(values)) & (np.abs(values) < 2**53)  # exact as int64
            out[integral] = values[integral].astype(np.int64).astype(object)
        return out.tolist()
    if isinstance(values, np.ndarray):
        values = values.tolist()
    else:
        values = [value.item() if isinstance(value, np.generic) else value for value in values]
    return [_number_cell(value, whole=whole) for value in values] if number else values


def _number_cell(value: Any, *, whole: bool) -> Any:
    """NaN means not given (None); whole minutes stored as floats (``120.0``) become ints."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if whole and value.is_integer():
            return int(value)
    return value


def _ids_fine(values: list) -> np.ndarray:
    """Which ids are non-empty texts without control characters (one search over them all when all are)."""
    good = _texts_given(values)
    if good.all() and UNPRINTABLE.search("".join(values)) is None:
        return good  # the usual case: one C-speed search, no Python call per id
    return good & _all_rows(values, lambda x: type(x) is str and UNPRINTABLE.search(x) is None)


def _texts_given(values: list) -> np.ndarray:
    """Which values are non-empty texts (not only spaces)."""
    if set(map(type, values)) <= {str} and all(map(str.strip, values)):
        return np.ones(len(values), dtype=bool)  # the usual case, without a Python call per row
    return _all_rows(values, lambda x: type(x) is str and bool(x.strip()))


def _plain_column(values: list | np.ndarray) -> list | np.ndarray:
    """The column with numpy scalars (``np.float32(1.5)``, ``np.True_``) as Python ones, as ``Gig`` reads them.

    An array (of :data:`ARRAYS`) is kept as it is.
    """
    if isinstance(values, np.ndarray) or _all_none(values):
        return values
    if not any(issubclass(kind, np.generic) for kind in set(map(type, values))):
        return values
    return [value.item() if isinstance(value, np.generic) else value for value in values]


def _text_lists(values: list) -> list:
    """A sessions, windows or fields column: each cell as a tuple of texts (see :func:`_texts`)."""
    if _all_none(values):
        return [()] * len(values)
    kinds = set(map(type, values))
    if kinds == {tuple}:
        return values
    if kinds <= {list, tuple}:
        return list(map(tuple, values))  # the usual case, without a Python call per row
    return [(value,) if type(value) is str else _texts(value) for value in values]


def _texts(value: Any) -> Any:
    """A sessions, windows or fields cell as a tuple of texts (anything else kept, for Gig to report)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if type(value) in (list, tuple):
        return tuple(value)
    return value


def _all_rows(values: list, test: Callable[[Any], bool]) -> np.ndarray:
    return np.fromiter(map(test, values), dtype=bool, count=len(values))


def _numbers(values: list | np.ndarray, hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A number column as floats (NaN where not given) and which rows are fine (finite, >= 0, <= hi)."""
    if isinstance(values, np.ndarray):  # floats, NaN where not given
        array = values.astype(np.float64)
        fine = (array >= 0) & (array <= (math.inf if hi is None else hi)) & np.isfinite(array)
        return array, np.isnan(array) | fine
    if _all_none(values):
        return np.full(len(values), np.nan), np.ones(len(values), dtype=bool)
    kinds = set(map(type, values))
    numbers = None
    try:
        if kinds <= {int, float}:  # no None: read without a Python call per value
            numbers = np.fromiter(values, dtype=np.float64, count=len(values))
        elif kinds <= _NUMBER:  # ints, floats and None only: numpy reads None as NaN
            numbers = np.array(values, dtype=np.float64)
    except OverflowError:  # an int beyond floats: row by row below, as infinite (not fine)
        pass
    if numbers is not None:
        ok = np.ones(len(values), dtype=bool)
    else:
        ok = _all_rows(values, lambda v: type(v) in _NUMBER)
        numbers = np.array([_float(v) if good and v is not None else np.nan for v, good in zip(values, ok)])
        numbers = numbers.astype(np.float64).reshape(-1)
    given = ~np.isnan(numbers)
    ok[given] &= np.isfinite(numbers[given]) & (numbers[given] >= 0)
    if hi is not None:
        ok[given] &= numbers[given] <= hi
    if int((~given).sum()) != (values.count(None) if type(None) in kinds else 0):  # a NaN given is not "not given"
        ok &= given | _all_rows(values, lambda v: v is None)
    return numbers, ok


def _float(value: int | float) -> float:
    """The number as a float; an int beyond floats as infinity (which the row's check then names)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _booleans(values: list | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A true/false column (None: not given, False) and which rows are fine."""
    if isinstance(values, np.ndarray):
        return values.astype(bool), np.ones(len(values), dtype=bool)
    if set(map(type, values)) <= {bool, type(None)}:
        return np.array(values, dtype=bool), np.ones(len(values), dtype=bool)  # numpy reads None as False
    ok = _all_rows(values, lambda v: v is None or type(v) is bool)
    return np.array([v is True for v in values], dtype=bool), ok


def _shapes(raw: dict[str, list], count: int) -> tuple[np.ndarray, list[Shape | None], np.ndarray]:
    """Each row's shape code, one checked shape per distinct shape (None if not valid), and which rows are fine.

    Numbers that compare equal but that ``Gig`` treats otherwise (``True`` and
    ``1``, ``60`` and ``60.0`` for ``min_block``) share a key, so a row whose
    shape numbers are not plain ints (or floats, for hours) is doubted.
    """
    typed = np.ones(count, dtype=bool)
    for name in ("hours", "min_hours", "max_hours"):
        if _given(raw[name]) and not set(map(type, raw[name])) <= _NUMBER:
            typed &= _all_rows(raw[name], lambda v: type(v) in _NUMBER)
    for name in ("min_block", "grid"):
        if _given(raw[name]) and not set(map(type, raw[name])) <= _WHOLE:
            typed &= _all_rows(raw[name], lambda v: type(v) in _WHOLE)
    names = [name for name in SHAPE_FIELDS if _given(raw[name])]
    given = [raw[name] for name in names]
    keys = given[0] if len(given) == 1 else list(zip(*given)) if given else [()] * count
    try:
        codes: dict[Any, Any] = dict.fromkeys(keys)  # the distinct shapes, in the order rows first have them
    except TypeError:  # an unhashable value: Gig will say what is wrong with it
        return _shapes_by_row(raw, keys, count, typed)
    shapes: list[Shape | None] = []
    for code, key in enumerate(codes):
        codes[key] = code
        shapes.append(_checked(dict(zip(names, key if len(names) != 1 else (key,)))))
    shape = np.fromiter(map(codes.__getitem__, keys), dtype=np.int64, count=count)
    valid = np.array([s is not None for s in shapes], dtype=bool)
    return shape, shapes, (valid[shape] & typed) if count else np.zeros(0, dtype=bool)


def _shapes_by_row(
    raw: dict[str, list], keys: list, count: int, typed: np.ndarray
) -> tuple[np.ndarray, list[Shape | None], np.ndarray]:
    """:func:`_shapes` for columns with an unhashable value (left to ``Gig`` to report), row by row."""
    codes: dict[Any, int] = {}
    shapes: list[Shape | None] = []
    shape = np.empty(count, dtype=np.int64)
    for i, key in enumerate(keys):
        try:
            code = codes.get(key)
        except TypeError:
            code = len(shapes)
            shapes.append(None)
        if code is None:
            code = codes[key] = len(shapes)
            shapes.append(_checked({name: raw[name][i] for name in SHAPE_FIELDS}))
        shape[i] = code
    valid = np.array([s is not None for s in shapes], dtype=bool)
    return shape, shapes, valid[shape] & typed


def _given(values: list) -> bool:
    """Whether a column gives a value in some row (not all None or empty)."""
    if values and values[0] is not None and values[0] != ():
        return True
    if _all_none(values):  # before counting (): comparing each None with () is slow
        return False
    return values.count(None) + values.count(()) != len(values)


def _all_none(values: list) -> bool:
    """Whether every value is None (``values[0]`` first: comparing a column of numbers with None is slow)."""
    return not values or (values[0] is None and values.count(None) == len(values))


def _checked(values: dict[str, Any]) -> Shape | None:
    """The shape with these values (plain Python, as ``Gig`` takes them), or None when ``Gig`` finds it wrong."""
    for name in ("sessions", "windows"):
        if name in values and type(values[name]) is not tuple:
            values[name] = _as_tuple(values[name])
    check = _Checker("shape")
    shape = check_shape(check, **values)
    return None if check.errors else shape
