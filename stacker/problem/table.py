"""Gigs as columns: a pool of gigs without one validated object per gig.

:class:`GigTable` holds a pool as numpy columns, which is what the presolve
reads. It is built in one of two ways:

- :meth:`GigTable.from_columns`: the columnar input path. Pass one column
  per field (lists or arrays, one value per gig) and get a validated table;
  ``Problem(gigs=table)`` then solves it without ever making 10^6 ``Gig``
  objects. ``problem.gigs`` still gives the ``Gig`` objects, made on first
  use.
- :meth:`GigTable.from_gigs`: from ``Gig`` objects (already validated),
  which is what :attr:`stacker.Problem.table` does for a problem built from
  them.

A gig's *shape* is everything about when it can be worked: ``sessions``,
``hours``, ``min_hours``, ``max_hours``, ``windows``, ``min_block`` and
``grid``. Pools repeat shapes a lot (a generated pool of 10^6 fixed gigs
has about 17,000), so each distinct shape is parsed and checked once, by
making a ``Gig`` with it: the rules are :class:`~stacker.data.Gig`'s own.
The other fields (id, pay, relevance, mentor, title, tags) are checked with
numpy. A row that fails any check is made into a ``Gig`` on its own, so
that its messages are exactly those ``Gig`` gives (naming the gig, the
field and what is wrong).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import ProblemError
from .items import Gig

SHAPE_FIELDS = ("sessions", "hours", "min_hours", "max_hours", "windows", "min_block", "grid")
COLUMNS = ("id", "pay_rate", "weekly_pay", "relevance", "mentor", "title", "fields", *SHAPE_FIELDS)


@dataclass(frozen=True, eq=False)
class GigTable:
    """A validated pool of gigs, one numpy column per field.

    ``pay_rate`` and ``weekly_pay`` are NaN where not given; ``shape[i]``
    indexes ``shapes``, one ``Gig`` per distinct shape (its sessions,
    windows, hours, block and grid, parsed: ``intervals``,
    ``window_intervals``, ``step_range``, ...).
    """

    ids: list[str]
    pay_rate: np.ndarray
    weekly_pay: np.ndarray
    relevance: np.ndarray
    mentor: np.ndarray
    shape: np.ndarray
    shapes: list[Gig]
    titles: list[Any] | None = None
    tags: list[tuple[str, ...]] | None = None
    _gigs: tuple[Gig, ...] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

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

    def gig(self, index: int) -> Gig:
        """The gig in row ``index`` (made from the columns when the table was built from them)."""
        if self._gigs is not None:
            return self._gigs[index]
        values = dict(self.shapes[self.shape[index]].__dict__)
        values.update(
            id=self.ids[index],
            pay_rate=_optional(self.pay_rate[index]),
            weekly_pay=_optional(self.weekly_pay[index]),
            relevance=float(self.relevance[index]),
            mentor=bool(self.mentor[index]),
            title=None if self.titles is None else self.titles[index],
            fields=() if self.tags is None else self.tags[index],
        )
        gig = object.__new__(Gig)
        gig.__dict__.update(values)  # already validated: the shape by Gig itself, the rest by from_columns
        return gig

    def gigs(self) -> tuple[Gig, ...]:
        """Every gig, in order."""
        if self._gigs is not None:
            return self._gigs
        return tuple(self.gig(i) for i in range(len(self)))

    @classmethod
    def from_gigs(cls, gigs: Sequence[Gig]) -> GigTable:
        """The columns of validated ``Gig`` objects (kept: :meth:`gig` returns them)."""
        codes: dict[tuple, int] = {}
        shapes: list[Gig] = []
        shape = np.empty(len(gigs), dtype=np.int64)
        for i, gig in enumerate(gigs):
            key = tuple(getattr(gig, name) for name in SHAPE_FIELDS)
            code = codes.get(key)
            if code is None:
                code = codes[key] = len(shapes)
                shapes.append(gig)
            shape[i] = code
        return cls(
            ids=[g.id for g in gigs],
            pay_rate=np.array([np.nan if g.pay_rate is None else g.pay_rate for g in gigs], dtype=np.float64),
            weekly_pay=np.array([np.nan if g.weekly_pay is None else g.weekly_pay for g in gigs], dtype=np.float64),
            relevance=np.array([g.relevance for g in gigs], dtype=np.float64),
            mentor=np.array([bool(g.mentor) for g in gigs], dtype=bool),
            shape=shape,
            shapes=shapes,
            _gigs=tuple(gigs),
        )

    @classmethod
    def from_columns(cls, id: Sequence[str], **columns: Any) -> GigTable:
        """A validated table from one column per :class:`~stacker.data.Gig` field.

        Parameters
        ----------
        id
            The gig ids.
        **columns
            Any of ``pay_rate``, ``weekly_pay``, ``relevance``, ``mentor``,
            ``title``, ``fields``, ``sessions``, ``hours``, ``min_hours``,
            ``max_hours``, ``windows``, ``min_block``, ``grid``: a sequence
            with one value per gig. ``None`` (and NaN in a number column)
            means not given for that gig, as an empty cell does in
            :func:`stacker.problem_from_frames`. ``sessions``, ``windows``
            and ``fields`` take one text or a list of texts per gig.

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
        raw = {name: _column(columns.get(name), count) for name in COLUMNS[1:]}
        for name in ("sessions", "windows", "fields"):
            raw[name] = [_texts(value) for value in raw[name]]
        for name in ("hours", "min_hours", "max_hours", "min_block", "grid"):
            raw[name] = [_number_cell(value, whole=name in ("min_block", "grid")) for value in raw[name]]
        good = np.array([isinstance(x, str) and bool(x.strip()) for x in ids], dtype=bool)
        pay_rate, ok = _numbers(raw["pay_rate"])
        good &= ok
        weekly_pay, ok = _numbers(raw["weekly_pay"])
        good &= ok & ~(np.isnan(pay_rate) & np.isnan(weekly_pay))
        relevance, ok = _numbers(raw["relevance"], hi=1.0)
        good &= ok
        relevance = np.nan_to_num(relevance, nan=0.0)
        mentor = np.array([m is None or isinstance(m, (bool, np.bool_)) for m in raw["mentor"]], dtype=bool)
        good &= mentor
        mentor = np.array(
            [bool(m) if m is not None and good_row else False for m, good_row in zip(raw["mentor"], mentor)]
        )
        good &= np.array([t is None or (isinstance(t, str) and bool(t.strip())) for t in raw["title"]], dtype=bool)
        good &= np.array([all(isinstance(t, str) and t.strip() for t in tags) for tags in raw["fields"]], dtype=bool)
        shape, shapes, ok = _shapes(raw, count)
        good &= ok
        bad = np.flatnonzero(~good)
        for i in bad:
            values = {name: raw[name][i] for name in COLUMNS[1:] if raw[name][i] not in (None, ())}
            try:
                Gig(ids[i], **values)
            except ProblemError as error:
                errors.extend(error.errors)
        if errors:
            raise ProblemError(errors)
        if len(bad):  # rows the quick checks doubted but Gig accepts: take them as Gig reads them
            return cls.from_gigs(
                [
                    Gig(ids[i], **{n: raw[n][i] for n in COLUMNS[1:] if raw[n][i] not in (None, ())})
                    for i in range(count)
                ]
            )
        any_title = any(t is not None for t in raw["title"])
        any_tags = any(raw["fields"])
        return cls(
            ids=ids,
            pay_rate=pay_rate,
            weekly_pay=weekly_pay,
            relevance=relevance,
            mentor=mentor.astype(bool),
            shape=shape,
            shapes=shapes,
            titles=list(raw["title"]) if any_title else None,
            tags=list(raw["fields"]) if any_tags else None,
        )


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _column(values: Any, count: int) -> list:
    """A column as a list of plain Python values; None for a column not given."""
    if values is None:
        return [None] * count
    if isinstance(values, np.ndarray):
        return values.tolist()
    return list(values)


def _number_cell(value: Any, *, whole: bool) -> Any:
    """NaN means not given (None); whole minutes stored as floats (``120.0``) become ints."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if whole and value.is_integer():
            return int(value)
    return value


def _texts(value: Any) -> Any:
    """A sessions, windows or fields cell as a tuple of texts (anything else kept, for Gig to report)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _numbers(values: list, hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A number column as floats (NaN where not given) and which rows are fine (finite, >= 0, <= hi)."""
    plain = [
        v is None or (type(v) in (int, float)) or (isinstance(v, np.number) and v.dtype.kind in "iuf") for v in values
    ]
    ok = np.array(plain, dtype=bool)
    numbers = np.array([np.nan if v is None or not p else float(v) for v, p in zip(values, plain)], dtype=np.float64)
    given = ~np.isnan(numbers)
    ok[given] &= np.isfinite(numbers[given]) & (numbers[given] >= 0)
    if hi is not None:
        ok[given] &= numbers[given] <= hi
    return numbers, ok


def _shapes(raw: dict[str, list], count: int) -> tuple[np.ndarray, list[Gig], np.ndarray]:
    """Each row's shape code, one validated Gig per distinct shape, and which rows have a valid shape."""
    codes: dict[tuple, int] = {}
    shapes: list[Gig | None] = []
    shape = np.empty(count, dtype=np.int64)
    keys = zip(*(raw[name] for name in SHAPE_FIELDS))
    for i, key in enumerate(keys):
        try:
            code = codes.get(key)
        except TypeError:  # an unhashable value: Gig will say what is wrong with it
            code = len(shapes)
            shapes.append(None)
        if code is None:
            code = codes[key] = len(shapes)
            shapes.append(_probe(key))
        shape[i] = code
    valid = np.array([s is not None for s in shapes], dtype=bool)
    return shape, shapes, valid[shape] if count else np.zeros(0, dtype=bool)  # type: ignore[return-value]


def _probe(key: tuple) -> Gig | None:
    """A Gig with this shape (and a placeholder id and pay), or None when the shape is not valid."""
    values = {name: value for name, value in zip(SHAPE_FIELDS, key) if value not in (None, ())}
    try:
        return Gig("shape", pay_rate=0.0, **values)
    except ProblemError:
        return None
