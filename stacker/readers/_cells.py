"""Cells of table inputs (CSV, XLSX, DataFrames, a folder's CSV files) as the values fields take.

One home for the words read as true and false, for what an empty cell is,
and for how a text cell becomes a number, a boolean or a list of texts.
"""

from __future__ import annotations

import math
from typing import Any

TRUE = frozenset({"true", "yes", "y", "t", "1"})
FALSE = frozenset({"false", "no", "n", "f", "0"})
LIST_FIELDS = ("sessions", "windows", "fields")
WHOLE_FIELDS = ("min_block", "grid")


def truth(text: str) -> bool | None:
    """``True`` or ``False`` for a true/false word (any case), else None."""
    key = text.strip().lower()
    return True if key in TRUE else False if key in FALSE else None


def cell(value: Any) -> Any:
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


def split(text: str) -> list[str]:
    """The texts in a cell holding several, separated by ``;``."""
    return [part.strip() for part in text.split(";") if part.strip()]


def field_value(name: str, raw: Any) -> Any:
    """A cell as the value of field ``name`` (None when empty): lists split on ``;``, whole minutes as ints."""
    value = cell(raw)
    if value is None:
        return None
    if name in LIST_FIELDS and isinstance(value, str):
        return split(value)
    if name in WHOLE_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def row(record: dict[Any, Any]) -> dict[str, Any]:
    """A row's non-empty cells as field values (see :func:`field_value`), keyed by column name."""
    out: dict[str, Any] = {}
    for key, raw in record.items():
        value = field_value(str(key), raw)
        if value is not None:
            out[str(key)] = value
    return out


def text(value: Any) -> str:
    """A spreadsheet cell as stripped text ('' when empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def typed(kind: str, value: str) -> Any:
    """A text cell as the value a field of this kind (number, bool, text, list) takes.

    Empty is None. A cell that does not parse is passed on as text, so that
    the item's validation names it (``pay_rate: must be a number, got 'abc'``).
    """
    if not value:
        return None
    if kind == "number":
        for convert in (int, float):
            try:
                number = convert(value)
            except ValueError:  # not this kind of number (or an int of more than 4,300 digits: a float)
                continue
            if isinstance(number, float) and math.isnan(number):
                return value  # 'nan' stays text: an error, not an empty cell
            return number  # an int beyond floats too: the field's check names it
        return value
    if kind == "bool":
        flag = truth(value)
        return value if flag is None else flag
    return value
