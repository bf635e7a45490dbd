"""A pool of gigs read as columns, whatever the input: JSON/TOML items, DataFrame columns, CSV/XLSX cells.

Each reader gives the values it found per field (one per row), the messages
it has for a row before the gig's own (unknown keys, a missing id, a
duplicate), which rows cannot be made at all, and how the per-item path
makes row ``i`` (``make(i)``). :func:`pool` checks the columns at once with
:func:`stacker.problem.table.validated` (each distinct shape and session
text once) and lets ``make`` give the exact messages of the rows it doubts.
Every message comes out in row order, as the per-item path gives them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from ..problem.dates import GIG_TERM_FIELDS
from ..problem.items import Gig
from ..problem.table import COLUMNS, GigTable, validated

#: The fields of a gig, in Gig's order (without those of a term, read item by item: ``readers/mapping.py``).
FIELDS = tuple(f.name for f in dataclasses.fields(Gig) if f.init and f.name not in GIG_TERM_FIELDS)


def pool(
    ids: list[Any],
    raw: dict[str, Any],
    make: Callable[[int], Gig],
    *,
    before: dict[int, list[str]] | None = None,
    skip: np.ndarray | None = None,
    doubt: np.ndarray | None = None,
) -> tuple[GigTable | None, list[str]]:
    """The validated table, or every message in row order.

    Parameters
    ----------
    ids, raw
        The id column and one column per other field (missing columns are
        not given), plain Python values, None meaning not given (or arrays,
        see :func:`stacker.problem.table.validated`).
    make
        Row ``i`` made as the per-item path makes it.
    before
        Messages for a row that come before the gig's own.
    skip
        Rows not to check (they cannot be made; their messages are in ``before``).
    doubt
        Rows to check with ``make`` whatever the quick checks say.

    Returns
    -------
    (table, messages)
        The table and ``[]``, or None and the messages.
    """
    before = before or {}
    count = len(ids)
    raw = {name: [None] * count if raw.get(name) is None else raw[name] for name in COLUMNS[1:]}
    rows = np.arange(count) if skip is None else np.flatnonzero(~skip)
    if len(rows) < count:
        picked = rows.tolist()
        ids = [ids[i] for i in picked]
        raw = {name: _rows(values, rows) for name, values in raw.items()}
        doubt = None if doubt is None else doubt[rows]
        inner = make

        def make(j: int) -> Gig:
            return inner(picked[j])

    table, by_row = validated(ids, raw, make, doubt)
    messages = {int(rows[j]): found for j, found in by_row.items()}
    order = sorted(set(before) | set(messages))
    errors = [message for i in order for message in before.get(i, []) + messages.get(i, [])]
    return (None if errors else table), errors


def _rows(values: list | np.ndarray, rows: np.ndarray) -> list | np.ndarray:
    return values[rows] if isinstance(values, np.ndarray) else [values[i] for i in rows.tolist()]


def without_fields(messages: list[str], fields: set[str]) -> list[str]:
    """The messages but those about these fields (``...: gig 'g1': pay_rate: ...``).

    A table whose column is misnamed (``pay_rte``) lacks that field in every
    row; the column's own message says so once, and the rows' problems with
    the other fields are still reported.
    """
    if not fields:
        return messages
    fields = fields.union(*(_REPORTED_UNDER.get(field, ()) for field in fields))
    return [m for m in messages if not any(f": {field}: " in m for field in fields)]


#: Fields whose absence is reported under another one ("hours: a gig needs sessions (fixed) or hours ...").
_REPORTED_UNDER = {
    "sessions": ("hours",),
    "weekly_pay": ("pay_rate",),
    "min_hours": ("max_hours",),
    "max_hours": ("min_hours",),
}
