"""Reading a problem from pandas DataFrames, one row per commitment or gig."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..problem.hints import closest, unknown_keys
from ..problem.items import Gig, Limits, Weights
from ..problem.problem import Problem
from ..problem.rules import Rules
from ..problem.table import GigTable
from ..problem.term import Term
from ._cells import TERM_GIG_KINDS, row, table_cell
from ._pool import FIELDS, pool, without_fields
from .mapping import _problem
from .term import term_to_dict


def problem_from_frames(
    commitments: Any = None,
    gigs: Any = None,
    limits: Limits | Mapping[str, Any] | None = None,
    weights: Weights | Mapping[str, Any] | None = None,
    rules: Rules | Mapping[str, Any] | None = None,
    term: Term | Mapping[str, Any] | None = None,
) -> Problem:
    """Build a problem from pandas DataFrames, one row per commitment or gig.

    Columns are the field names of :class:`Commitment` and :class:`Gig`.
    Sessions, windows and fields are text; several are separated by ``;``
    (``"Mon,Wed 09:00-09:50; Fri 10:00-11:00"``). An empty cell (NaN, None,
    ``pd.NA`` or blank text) means the field is not given for that row; whole
    numbers stored as floats (``120.0`` in a column with gaps) are accepted for
    ``min_block`` and ``grid``. A text cell is read as a CSV cell is
    (:func:`stacker.read_gigs`): ``"20"`` in ``pay_rate`` is 20, ``"yes"`` in
    ``mentor`` is true. The gigs are read by column (no ``Gig`` object per
    row), with the messages ``Gig`` gives; a column that is not a field is
    one message. ``limits``, ``weights`` and ``rules`` are the objects or
    their fields as a mapping, as in a problem file.

    ``term``: a :class:`~stacker.Term`, or its fields as a mapping as in a
    problem file (``{"start": "2027-01-11", "end": "2027-05-09", "breaks":
    [...]}``). With a term, the rows may have the term's fields too
    (``start``, ``end``, ``due`` as ISO text or dates, ``skip`` as dates
    separated by ``;``, ``fee``, ``total_hours``, ...), and the gigs are
    read row by row, as a problem file's gigs with a term are.

    Raises
    ------
    ProblemError
        Listing every problem found.
    """
    data: dict[str, Any] = {}
    if commitments is not None:
        data["commitments"] = [row(record) for record in commitments.to_dict(orient="records")]
    for key, section in (("limits", limits), ("weights", weights), ("rules", rules)):
        if section is not None:
            data[key] = _fields(section) if dataclasses.is_dataclass(section) else dict(section)
    if term is not None:
        data["term"] = term_to_dict(term)["term"] if isinstance(term, Term) else term
        if gigs is not None:  # a term's gigs have dates: row by row, as a problem file's
            data["gigs"] = [_term_row(record) for record in gigs.to_dict(orient="records")]
    return _problem(data, lambda errors: None if gigs is None else _frame_pool(gigs, errors))


def _term_row(record: dict[Any, Any]) -> dict[str, Any]:
    """A gig row of a term's frame: its non-empty cells as field values, term fields included."""
    cells = {str(key): table_cell(str(key), value, TERM_GIG_KINDS) for key, value in record.items()}
    return {key: value for key, value in cells.items() if value is not None}


def _fields(section: Any) -> dict[str, Any]:
    """A section's own fields (those it is made with)."""
    return {f.name: getattr(section, f.name) for f in dataclasses.fields(section) if f.init}


def _frame_pool(frame: Any, errors: list[str]) -> GigTable | None:
    """The gigs of a DataFrame as a table; every row's messages added to ``errors``."""
    count = len(frame)
    columns: dict[str, list[Any]] = {}
    for position, name in enumerate(frame.columns):
        key = str(name)
        columns[key] = [table_cell(key, value) for value in frame.iloc[:, position].tolist()]
    ids = columns.get("id", [None] * count)
    unknown = [name for name in columns if name not in FIELDS]
    errors.extend(unknown_keys("gigs", unknown, FIELDS, "column"))  # once per column, as read_gigs says it
    before: dict[int, list[str]] = {}
    for i in range(count) if None in ids else ():
        if ids[i] is None:
            before[i] = [f"gig #{i + 1}: id: missing; it is required"]
    skip = np.array([value is None for value in ids], dtype=bool)
    known = [name for name in columns if name in FIELDS]

    def make(i: int) -> Gig:
        return Gig(**{name: columns[name][i] for name in known if columns[name][i] is not None})

    table, found = pool(ids, {name: columns[name] for name in known if name != "id"}, make, before=before, skip=skip)
    meant = {closest(name, FIELDS) or "" for name in unknown} - {""}
    errors.extend(without_fields(found, meant))  # a misnamed column's field is missing in every row: said once
    return None if unknown else table
