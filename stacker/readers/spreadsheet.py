"""Gig pools from CSV or Excel files.

:func:`read_gigs` reads a spreadsheet of candidate gigs, one row per gig,
with columns named like the fields of :class:`~stacker.Gig`. The cells are
read as :func:`stacker.problem_from_frames` reads them (empty cells mean "not
given"; sessions, windows and fields split on ``;``), column by column, and
validated as every other reader validates gigs (:mod:`._pool`); each message
gets the file name and the row in front: ``gigs.csv: row 7: gig 'g17':
pay_rate: must be >= 0, got -3``.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ProblemError, must_be, parameter_error
from ..problem.dates import GIG_TERM_FIELDS
from ..problem.hints import closest
from ..problem.items import Gig
from ..problem.table import GigTable
from ._cells import field_value, text, typed
from ._files import cannot_read, gc_paused, read_bytes
from ._pool import pool

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")  # blank lines before a table (whitespace, then a newline)


def _field_kinds() -> dict[str, str]:
    """Each init field of :class:`Gig` -> how its cells are read: text, number, bool or list."""
    kinds = {}
    for f in dataclasses.fields(Gig):
        if not f.init or f.name in GIG_TERM_FIELDS:  # a term's gigs are read from JSON or TOML
            continue
        kind = str(f.type)
        if kind.startswith("tuple"):
            kinds[f.name] = "list"
        elif kind.startswith("bool"):
            kinds[f.name] = "bool"
        elif kind.startswith(("float", "int")):
            kinds[f.name] = "number"
        else:
            kinds[f.name] = "text"
    return kinds


_KINDS = _field_kinds()
FIELDS = tuple(_KINDS)  #: the columns read_gigs knows, in Gig's order


@gc_paused
def read_gigs(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> GigTable:
    """Read a pool of candidate gigs from a CSV (``.csv``) or Excel (``.xlsx``) file.

    The first non-empty row is the header; every other non-empty row is one
    gig. Columns are named like the fields of :class:`~stacker.Gig` (``id``,
    ``title``, ``fields``, ``pay_rate``, ``weekly_pay``, ``relevance``,
    ``mentor``, ``sessions``, ``hours``, ``min_hours``, ``max_hours``,
    ``windows``, ``min_block``, ``grid``); only ``id`` is required, any other
    column may be left out. An empty cell means "not given". Sessions, windows
    and fields hold several values separated by ``;``. ``mentor`` reads
    ``true/false``, ``yes/no``, ``y/n``, ``1/0`` (any case). Every cell is read
    as text first, so ids stay exactly as written (``007`` stays ``'007'``).

    Parameters
    ----------
    path
        A ``.csv`` file (UTF-8, comma-separated, as spreadsheet programs save
        "CSV UTF-8") or a ``.xlsx`` / ``.xlsm`` workbook.
    columns
        Other column names: ``{"name in the file": "gig field"}``, e.g.
        ``{"Pay/hour": "pay_rate", "Mentor?": "mentor"}``.
    sheet
        For a workbook: the sheet's name or 0-based position; default the
        first sheet.

    Returns
    -------
    GigTable
        The gigs in the order of the rows: a read-only sequence of
        :class:`~stacker.Gig` (made on first use) held as columns, ready
        for ``Problem(gigs=...)``. Each distinct session text and shape is
        checked once, however many rows repeat it.

    Raises
    ------
    ProblemError
        Listing every problem at once, each message starting with the file
        name and, for a cell, the row (the header is row 1, as a spreadsheet
        program numbers rows): ``gigs.csv: row 7: gig 'g17': pay_rate: must
        be >= 0, got -3``. A column that is not a gig field is an error with
        a did-you-mean hint; a file that is not a readable table is an error
        naming the file.
    """
    path = Path(path)
    mapping = _check_columns(columns)
    cells = _read_cells(path, sheet)
    filled = np.zeros(len(cells[0]) if cells else 0, dtype=bool)
    for column in cells:
        filled |= np.fromiter(map(bool, column), dtype=bool, count=len(column))
    if not filled.any():
        raise ProblemError(f"{path}: no header row; the first row must name the columns (id, pay_rate, ...)")
    first = int(np.argmax(filled))
    rows = np.flatnonzero(filled[first + 1 :]) + first + 1  # the non-empty rows below the header
    names = _header(path, [column[first] for column in cells], [column[first + 1 :] for column in cells], mapping)
    found = {name: _typed_column(name, cells[col], rows) for col, name in names.items()}
    table, errors = _pool(found, rows + 1, f"{path}: row ")  # rows counted from 1, the header included
    if table is None:  # None exactly when there are errors (pool)
        raise ProblemError(errors)
    return table


def _typed_column(name: str, cells: list[str], rows: np.ndarray) -> list[Any]:
    """The field values of a column in these rows (stripped text cells), each distinct cell read once."""
    if len(rows) and rows[-1] - rows[0] == len(rows) - 1:
        picked = cells[rows[0] : rows[-1] + 1]  # no blank row in between
    else:
        picked = [cells[i] for i in rows.tolist()]
    if _KINDS[name] == "text" and all(picked):
        return picked  # a non-empty stripped text cell is its own value (ids: a cell per row)
    seen = dict.fromkeys(picked)
    for cell in seen:
        seen[cell] = field_value(name, typed(_KINDS[name], cell))
    return list(map(seen.__getitem__, picked))


def _pool(columns: dict[str, list[Any]], numbers: np.ndarray, prefix: str) -> tuple[GigTable | None, list[str]]:
    """The gigs in these columns, or every message, each starting with ``prefix`` and the row's number."""
    count = len(numbers)
    ids = columns.get("id", [None] * count)
    before: dict[int, list[str]] = {}
    skip = np.zeros(count, dtype=bool)
    first: dict[str, int] = {}
    for i, ident in enumerate(ids if None in ids or len(set(ids)) < count else ()):  # rows without an id, twice
        if ident is None:
            before[i] = [f"{prefix}{numbers[i]}: gig: id: missing; it is required"]
            skip[i] = True
        elif first.setdefault(ident, i) != i:
            line = numbers[first[ident]]
            before[i] = [f"{prefix}{numbers[i]}: gig {ident!r}: id: duplicate; row {line} has the same id"]
            skip[i] = True
    known = [name for name in columns if name != "id"]

    def make(i: int) -> Gig:
        values = {name: columns[name][i] for name in columns if columns[name][i] is not None}
        try:
            return Gig(**values)
        except ProblemError as error:
            raise ProblemError([f"{prefix}{numbers[i]}: {message}" for message in error.errors]) from None

    return pool(ids, {name: columns[name] for name in known}, make, before=before, skip=skip)


def _check_columns(columns: Any) -> dict[str, str]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise must_be("read_gigs", "columns", "a mapping {column in the file: gig field} of strings", repr(columns))
    errors = []
    for theirs, ours in columns.items():
        if ours not in _KINDS:
            errors.append(f"columns: {theirs!r}: {ours!r} is not a gig field; {_hint(ours)}")
    if errors:
        raise ProblemError(errors)
    return {theirs.strip(): ours for theirs, ours in columns.items()}


def _hint(name: str) -> str:
    close = closest(name, FIELDS) or closest(name.lower(), FIELDS)
    return f"did you mean {close!r}?" if close else f"known fields: {', '.join(FIELDS)}"


def _read_cells(path: Path, sheet: str | int | None) -> list[list[str]]:
    """The file as columns of text cells ('' when empty), blank rows kept so rows can be numbered."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ProblemError(f"{path}: is a folder; give a .csv or .xlsx file")
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise parameter_error("read_gigs", "sheet", f"is only for Excel files. Got {sheet!r} for {path}.")
        return _read_csv(path)
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    raise ProblemError(f"{path}: unknown file type {path.suffix!r}; use .csv or .xlsx")


def _read_csv(path: Path) -> list[list[str]]:
    import pandas as pd

    data = read_bytes(path)
    if b"\0" in data:
        raise ProblemError(f"{path}: not a readable CSV table: it is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProblemError(
            f"{path}: not a readable CSV table: not UTF-8 text (byte {data[error.start]:#04x} in line {line}); "
            "save it as 'CSV UTF-8'"
        ) from None
    match = _BLANK_LINES.match(text)
    leading = match.group() if match else ""  # it always matches, the empty text at least
    blank, rest = leading.count("\n"), text[len(leading) :]
    if not rest.strip():
        return []
    try:
        frame = pd.read_csv(
            io.StringIO(rest),
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        message = str(error).strip().replace("\n", " ")
        raise ProblemError(f"{path}: not a readable CSV table: {message}") from None
    return _columns(frame, blank, text_only=True)  # dtype=str and no NA filter: every cell is text


def _read_excel(path: Path, sheet: str | int | None) -> list[list[str]]:
    import pandas as pd

    if not path.exists():
        raise cannot_read(path, "no such file")
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise ProblemError(f"{path}: reading Excel files needs openpyxl: {error}") from None
    except Exception as error:  # noqa: BLE001 - any library error: the file is not a workbook
        raise ProblemError(f"{path}: not a readable Excel (.xlsx) file: {_reason(error)}") from None
    with book:
        names = book.sheet_names
        if sheet is None:
            sheet = 0
        if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
            raise parameter_error("read_gigs", "sheet", f"must be a sheet name or position. Got {sheet!r}.")
        if (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (isinstance(sheet, str) and sheet not in names):
            raise ProblemError(f"{path}: sheet {sheet!r} not found; the sheets are {', '.join(map(repr, names))}")
        try:
            frame = pd.read_excel(
                book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False, na_filter=False
            )
        except Exception as error:  # noqa: BLE001 - any library error: not a table
            raise ProblemError(f"{path}: sheet {sheet!r}: not a readable table: {_reason(error)}") from None
    return _columns(frame)


def _columns(frame: Any, blank: int = 0, *, text_only: bool = False) -> list[list[str]]:
    """Each column of a frame as stripped text cells ('' when empty), after ``blank`` empty rows."""
    out = []
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position].tolist()
        if text_only or set(map(type, values)) <= {str}:
            out.append([""] * blank + list(map(str.strip, values)))
        else:
            out.append([""] * blank + [text(value) for value in values])
    return out


def _reason(error: Exception) -> str:
    text = str(error).strip().replace("\n", " ")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _header(path: Path, header: list[str], body: list[list[str]], mapping: dict[str, str]) -> dict[int, str]:
    """Column position -> gig field; every problem with the header raised at once (``body``: the columns below it)."""
    errors = []
    present = {name for name in header if name}
    for theirs in mapping:
        if theirs not in present:
            errors.append(
                f"{path}: columns: {theirs!r} is not a column of the file; its columns are "
                f"{', '.join(repr(name) for name in header if name)}"
            )
    names: dict[int, str] = {}
    where: dict[str, int] = {}
    for col, raw in enumerate(header):
        if not raw:
            if any(body[col]):
                errors.append(f"{path}: column {col + 1}: has values but no name in the header row")
            continue
        name = mapping.get(raw, raw)
        if name not in _KINDS:
            errors.append(f"{path}: column {raw!r}: unknown field; {_hint(raw)} (or map it with columns=)")
            if len(header) == 1 and (";" in raw or "\t" in raw):
                errors.append(f"{path}: the columns must be separated by commas; this file seems to use ';' or tabs")
            continue
        if name in where:
            what = f"{name!r}" if raw == name else f"{raw!r} (mapped to {name!r})"
            errors.append(
                f"{path}: column {what}: a second column for {name!r} (columns {where[name] + 1} and {col + 1})"
            )
            continue
        where[name] = col
        names[col] = name
    if "id" not in where:
        errors.append(f"{path}: column 'id': missing; every gig needs an id")
    if errors:
        raise ProblemError(errors)
    return names
