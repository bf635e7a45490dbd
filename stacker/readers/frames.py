"""Reading a problem from pandas DataFrames, one row per commitment or gig."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from ..problem.items import Limits, Weights
from ..problem.problem import Problem
from .mapping import problem_from_dict


def _cell(value: Any) -> Any:
    """A DataFrame cell as plain Python; an empty cell (NaN, None, NA, blank text) is ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType":
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


_LIST_FIELDS = ("sessions", "windows", "fields")


_WHOLE_FIELDS = ("min_block", "grid")


def _row(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in row.items():
        value = _cell(raw)
        if value is None:
            continue
        if key in _LIST_FIELDS and isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        if key in _WHOLE_FIELDS and isinstance(value, float) and value.is_integer():
            value = int(value)
        out[str(key)] = value
    return out


def problem_from_frames(
    commitments: Any = None,
    gigs: Any = None,
    limits: Limits | Mapping[str, Any] | None = None,
    weights: Weights | Mapping[str, Any] | None = None,
) -> Problem:
    """Build a problem from pandas DataFrames, one row per commitment or gig.

    Columns are the field names of :class:`Commitment` and :class:`Gig`.
    Sessions, windows and fields are text; several are separated by ``;``
    (``"Mon,Wed 09:00-09:50; Fri 10:00-11:00"``). An empty cell (NaN, None,
    ``pd.NA`` or blank text) means the field is not given for that row; whole
    numbers stored as floats (``120.0`` in a column with gaps) are accepted for
    ``min_block`` and ``grid``.

    Raises
    ------
    ProblemError
        Listing every problem found.
    """
    data: dict[str, Any] = {}
    for key, frame in (("commitments", commitments), ("gigs", gigs)):
        if frame is not None:
            data[key] = [_row(row) for row in frame.to_dict(orient="records")]
    for key, section in (("limits", limits), ("weights", weights)):
        if section is not None:
            data[key] = dataclasses.asdict(section) if dataclasses.is_dataclass(section) else dict(section)
    return problem_from_dict(data)
