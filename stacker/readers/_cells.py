"""Cells of table inputs (CSV, XLSX, DataFrames, a folder's CSV files) as the values fields take.

One home for the words read as true and false, for what an empty cell is,
and for how a text cell becomes a number, a boolean or a list of texts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from typing import Any

from ..problem.dates import GIG_TERM_FIELDS
from ..problem.items import Gig

#: The words read as true and false (any case): English, and the TRUE/FALSE that spreadsheet programs
#: write in CSV files saved in German, French, Spanish, Italian, Portuguese and Dutch locales.
TRUE = frozenset({"true", "yes", "y", "t", "1", "wahr", "vrai", "verdadero", "vero", "verdadeiro", "waar"})
FALSE = frozenset({"false", "no", "n", "f", "0", "falsch", "faux", "falso", "onwaar"})
LIST_FIELDS = ("sessions", "windows", "fields", "skip")
WHOLE_FIELDS = ("min_block", "grid")
DATE_FIELDS = ("start", "end", "due")  #: a date and time at midnight in them (a pandas date column) is its date


def truth(text: str) -> bool | None:
    """``True`` or ``False`` for a true/false word (any case), else None."""
    key = text.strip().lower()
    return True if key in TRUE else False if key in FALSE else None


_MISSING = ("NAType", "NaTType")  # pandas' missing values: pd.NA, pd.NaT


def cell(value: Any) -> Any:
    """A DataFrame cell as plain Python; an empty cell (NaN, None, NA, NaT, blank text) is ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ in _MISSING:
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
    if name in DATE_FIELDS and isinstance(value, dt.datetime) and value.time() == dt.time() and value.tzinfo is None:
        return value.date()
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


DELIMITERS = (",", ";", "\t")  #: between the cells of a CSV row: comma, or semicolon / tab (European locales)
_QUOTED = re.compile(r'"[^"]*"')
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")  # 15,5
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")  # 1.000 with a decimal comma: a thousand, or one?


def delimiter(header: str) -> str:
    """The delimiter of a CSV table from its header line: the one of ``DELIMITERS`` it has most of, outside quotes.

    Spreadsheet programs in locales whose decimal mark is a comma (German,
    French, ...) save "CSV" with ``;`` between cells; a header has no
    commas of its own, so the count tells them apart.
    """
    bare = _QUOTED.sub("", header)
    counts = [bare.count(mark) for mark in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def typed(kind: str, value: str, decimal: str = ".") -> Any:
    """A text cell as the value a field of this kind (number, bool, text, list) takes.

    Empty is None. A cell that does not parse is passed on as text, so that
    the item's validation names it (``pay_rate: must be a number, got 'abc'``).
    With ``decimal=","`` (a table saved with ``;`` between cells) ``15,5`` is
    15.5; ``1.000`` is then ambiguous (a thousand, or one) and passed on as text.
    """
    if not value:
        return None
    if kind == "number" and decimal == ",":
        if _DECIMAL_COMMA.fullmatch(value):
            value = value.replace(",", ".")
        elif _GROUPED.fullmatch(value):
            return value
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


def _gig_kinds(*, term: bool = False) -> dict[str, str]:
    """Each field of a gig -> how a text cell of it is read: text, number, bool or list (Gig's type hints).

    ``term``: with the fields of a term's gigs (read from DataFrames with a
    term, :func:`stacker.problem_from_frames`; the other tables have no term).
    """
    kinds = {}
    for f in dataclasses.fields(Gig):
        if f.init and (term or f.name not in GIG_TERM_FIELDS):
            kind = str(f.type)
            kinds[f.name] = (
                "list"
                if kind.startswith("tuple")
                else "bool"
                if kind.startswith("bool")
                else "number"
                if kind.startswith(("float", "int"))
                else "text"
            )
    return kinds


GIG_KINDS = _gig_kinds()  #: how each gig field's text cells are read, for every table input
TERM_GIG_KINDS = _gig_kinds(term=True)  #: the same with a term's fields (dates, fee, total_hours, ...)


def table_cell(name: str, raw: Any, kinds: dict[str, str] = GIG_KINDS) -> Any:
    """A cell of any table input (a DataFrame's or a spreadsheet's) as the value of gig field ``name``.

    Text in a number or true/false field is read as :func:`typed` reads a
    CSV cell (``"20"`` is 20, ``"yes"`` is true); text fields stay as
    written; lists split on ``;`` and the rest as :func:`field_value` says.
    """
    if isinstance(raw, str) and kinds.get(name) in ("number", "bool"):
        return field_value(name, typed(kinds[name], raw.strip()))
    return field_value(name, raw)
