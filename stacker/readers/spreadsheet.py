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

import codecs
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..errors import ProblemError, must_be, parameter_error
from ..problem.hints import closest
from ..problem.items import Gig
from ..problem.table import ARRAYS, GigTable
from ._cells import GIG_KINDS, delimiter, field_value, text, typed
from ._files import cannot_read, gc_paused, read_bytes
from ._pool import pool, without_fields

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")  # blank lines before a table (whitespace, then a newline)


_KINDS = GIG_KINDS
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
    ``true/false``, ``yes/no``, ``y/n``, ``1/0`` (any case), and the
    TRUE/FALSE spreadsheet programs write in other languages (``WAHR/FALSCH``,
    ``VRAI/FAUX``, ...: :data:`stacker.readers._cells.TRUE` and ``FALSE``). Every cell is read
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
    table = _read_table(path, sheet)
    if table is None:
        raise ProblemError(f"{path}: no header row; the first row must name the columns (id, pay_rate, ...)")
    names, header_errors, meant = _header(path, table.header, table.valued, mapping)
    cells = {name: table.column(col) for col, name in names.items()}
    gigs, errors = _pool(cells, table.numbers, table.decimal, f"{path}: row ")
    if header_errors or gigs is None:  # the rows' problems too, but those a misnamed column makes
        raise ProblemError(header_errors + without_fields(errors, meant))
    return gigs


class _Table(NamedTuple):
    """A sheet's header and the non-empty rows below it, however the file holds its cells."""

    header: list[str]  # the header row's cells, by column position (0-based)
    valued: Callable[[int], bool]  # whether a column has a value below the header
    column: Callable[[int], list[str]]  # a column's cells in the non-empty rows below the header
    numbers: np.ndarray  # the row number of each of those rows, counted from 1 as spreadsheet programs do
    decimal: str = "."  # the decimal mark of number cells: ',' in a CSV table saved with ';' between cells


def _dense_table(cells: list[list[str]], above: int = 0) -> _Table | None:
    """A table from columns of text cells with every row (a CSV file), or None when every cell is empty.

    ``above``: the blank lines above the first of these rows, for the row numbers.
    """
    if any(map(all, cells)):  # a column with a value in every row: no row is empty (the usual case)
        filled = np.ones(len(cells[0]), dtype=bool)
    else:
        filled = np.zeros(len(cells[0]) if cells else 0, dtype=bool)
        for cell_column in cells:
            filled |= np.fromiter(map(bool, cell_column), dtype=bool, count=len(cell_column))
    if not filled.any():
        return None
    first = int(np.argmax(filled))
    rows = np.flatnonzero(filled[first + 1 :]) + first + 1  # the non-empty rows below the header

    def column(col: int) -> list[str]:
        if len(rows) and rows[-1] - rows[0] == len(rows) - 1:
            return cells[col][rows[0] : rows[-1] + 1]  # no blank row in between
        return [cells[col][i] for i in rows.tolist()]

    return _Table([c[first] for c in cells], lambda col: any(cells[col][first + 1 :]), column, rows + 1 + above)


def _sparse_table(cells: dict[tuple[int, int], str]) -> _Table | None:
    """A table from the non-empty cells ``{(row, column): text}`` (1-based) of a sheet, or None when there are none.

    Only the columns asked for are made, each over the non-empty rows: the
    work is in the cells the sheet holds, not in its grid.
    """
    if not cells:
        return None
    occupied = sorted({row for row, _ in cells})
    first, body = occupied[0], occupied[1:]
    header = [""] * max(column for _, column in cells)  # a column with values past the header's: no name
    valued: set[int] = set()
    by_column: dict[int, list[tuple[int, str]]] = {}
    for (row, col), value in cells.items():
        if row == first:
            header[col - 1] = value
        else:
            valued.add(col - 1)
            by_column.setdefault(col - 1, []).append((row, value))
    index = {row: i for i, row in enumerate(body)}

    def column(col: int) -> list[str]:
        out = [""] * len(body)
        for row, value in by_column.get(col, ()):
            out[index[row]] = value
        return out

    return _Table(header, valued.__contains__, column, np.array(body, dtype=np.int64))


def _typed_column(name: str, picked: list[str], decimal: str = ".") -> list[Any] | np.ndarray:
    """The field values of a column's cells (stripped text cells), each distinct cell read once.

    A column of :data:`~stacker.problem.table.ARRAYS` whose every cell reads
    as its kind (a number or empty; a true/false word or empty) comes as an
    array (NaN or false where empty), as :class:`GigTable` holds it; lists
    as tuples. Any other column comes as the cells' values, for the checks
    to name what is wrong.
    """
    kind = _KINDS[name]
    if kind == "text" and all(picked):
        return picked  # a non-empty stripped text cell is its own value (ids: a cell per row)
    seen = dict.fromkeys(picked)
    for cell in seen:
        value = _cell_value(name, cell, decimal)
        seen[cell] = tuple(value) if type(value) is list else value
    if name in ARRAYS:
        array = _array(kind, seen)
        if array is not None:
            return np.fromiter(map(array.__getitem__, picked), dtype=array[""].dtype.type, count=len(picked))
    return list(map(seen.__getitem__, picked))


def _array(kind: str, seen: dict[str, Any]) -> dict[str, Any] | None:
    """Each distinct cell as its array value (the empty one too), or None when some cell is not of the kind."""
    if kind == "number" and all(type(v) in (int, float) or v is None for v in seen.values()):
        try:
            out = {cell: np.float64(np.nan if v is None else v) for cell, v in seen.items()}
        except OverflowError:  # an int beyond floats: the check names it
            return None
        return out | {"": np.float64(np.nan)}
    if kind == "bool" and all(type(v) is bool or v is None for v in seen.values()):
        return {cell: np.bool_(v is True) for cell, v in seen.items()} | {"": np.bool_(False)}
    return None


def _cell_value(name: str, cell: str, decimal: str) -> Any:
    return field_value(name, typed(_KINDS[name], cell, decimal))


def _pool(
    cells: dict[str, list[str]], numbers: np.ndarray, decimal: str, prefix: str
) -> tuple[GigTable | None, list[str]]:
    """The gigs in these columns of text cells, or every message, each starting with ``prefix`` and the row's number."""
    columns = {name: _typed_column(name, picked, decimal) for name, picked in cells.items()}
    count = len(numbers)
    ids = columns.get("id", [None] * count)
    assert isinstance(ids, list)  # a text column
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
        values = {name: _cell_value(name, cells[name][i], decimal) for name in cells}
        try:
            return Gig(**{name: value for name, value in values.items() if value is not None})
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


def _read_table(path: Path, sheet: str | int | None) -> _Table | None:
    """The file's header and rows (None when it has no non-empty cell)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ProblemError(f"{path}: is a folder; give a .csv or .xlsx file")
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise parameter_error("read_gigs", "sheet", f"is only for Excel files. Got {sheet!r} for {path}.")
        cells, sep, above = _read_csv(path)
        table = _dense_table(cells, above)
        return table if table is None or sep == "," else table._replace(decimal=",")
    if suffix in EXCEL_SUFFIXES:
        return _sparse_table(_read_excel(path, sheet))
    raise ProblemError(f"{path}: unknown file type {path.suffix!r}; use .csv or .xlsx")


def _read_csv(path: Path) -> tuple[list[list[str]], str, int]:
    """The file as columns of text cells, its delimiter (see ``_cells.delimiter``), and the blank lines above them."""
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
    rest = text[len(leading) :]
    if not rest.strip():
        return [], ",", 0
    sep = delimiter(rest[: rest.find("\n")] if "\n" in rest else rest)
    start = len(leading.encode()) + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
    try:
        frame = pd.read_csv(
            io.BytesIO(data[start:]),
            encoding="utf-8",
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        message = str(error).strip().replace("\n", " ")
        raise ProblemError(f"{path}: not a readable CSV table: {message}") from None
    # dtype=str and no NA filter: every cell is text
    columns = [list(map(str.strip, frame.iloc[:, i].tolist())) for i in range(frame.shape[1])]
    return columns, sep, leading.count("\n")


def _read_excel(path: Path, sheet: str | int | None) -> dict[tuple[int, int], str]:
    """A sheet as columns of text cells, as :func:`_read_csv` gives them; error cells and unsaved formulas are errors.

    Only the cells the sheet holds are read (openpyxl's read-only parser, one
    row of cells at a time), never the grid up to its last cell: a sheet
    with one cell at ``XFD1048576`` costs that cell, and columns with no cell
    are not made. A cell holding an error value (``#N/A``, ``#DIV/0!``, ...)
    or a formula whose value the file does not hold is an error naming the
    sheet and the cell: neither is "not given".
    """
    if not path.exists():
        raise cannot_read(path, "no such file")
    formulas, name = _sheet_cells(path, sheet, data_only=False)
    cells, errors = formulas
    if any(kind == "f" for _, kind in cells.values()):  # formulas: their saved values, read again
        (saved, saved_errors), _ = _sheet_cells(path, name, data_only=True)
        errors += [(where, what) for where, what in saved_errors if cells[where][1] == "f"]  # a formula's error
        for where, (value, kind) in cells.items():
            if kind == "f":
                if where not in saved:
                    errors.append((where, f"formula {value} has no saved value; {_RESAVE}"))
                cells[where] = saved.get(where, ("", "s"))
    if errors:
        label = f"{path}: sheet {name!r}"
        raise ProblemError([f"{label}: cell {_coordinate(*where)}: {what}" for where, what in sorted(errors)])
    return {where: _cell_text(value) for where, (value, _) in cells.items()}


_RESAVE = "open and save the file in Excel or LibreOffice (which compute it), or enter the value"


def _sheet_cells(
    path: Path, sheet: str | int | None, *, data_only: bool
) -> tuple[tuple[dict[tuple[int, int], tuple[Any, str]], list[tuple[tuple[int, int], str]]], str]:
    """The sheet's non-empty cells ``{(row, column): (value, type)}`` (1-based), its error cells, and its name."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser  # the read-only sheet's own parser: only cells held

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except Exception as error:  # noqa: BLE001 - any library error: the file is not a workbook
        raise ProblemError(f"{path}: not a readable Excel (.xlsx) file: {_reason(error)}") from None
    try:
        names = book.sheetnames
        if sheet is None:
            sheet = 0
        if isinstance(sheet, bool) or not isinstance(sheet, (str, int)):
            raise parameter_error("read_gigs", "sheet", f"must be a sheet name or position. Got {sheet!r}.")
        if (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (isinstance(sheet, str) and sheet not in names):
            raise ProblemError(f"{path}: sheet {sheet!r} not found; the sheets are {', '.join(map(repr, names))}")
        name = names[sheet] if isinstance(sheet, int) else sheet
        ws = book[name]
        if not hasattr(ws, "_get_source"):
            raise ProblemError(f"{path}: sheet {name!r}: not a table of cells (a chart sheet?)")
        cells: dict[tuple[int, int], tuple[Any, str]] = {}
        errors: list[tuple[tuple[int, int], str]] = []
        try:
            with ws._get_source() as source:
                parser = WorkSheetParser(
                    source,
                    ws._shared_strings,
                    data_only=data_only,
                    epoch=book.epoch,
                    date_formats=book._date_formats,
                    timedelta_formats=book._timedelta_formats,
                )
                for _, row in parser.parse():
                    for cell in row:
                        value, kind = cell["value"], cell["data_type"]
                        if value is None or (kind == "s" and not str(value).strip()):
                            continue
                        where = (cell["row"], cell["column"])
                        if kind == "e":
                            errors.append((where, f"holds the error value {value}; fix it or enter the value"))
                        cells[where] = (value, kind)
        except Exception as error:  # noqa: BLE001 - any library error: not a table
            raise ProblemError(f"{path}: sheet {name!r}: not a readable table: {_reason(error)}") from None
    finally:
        book.close()
    return (cells, errors), name


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _cell_text(value: Any) -> str:
    """A workbook value as the text a CSV would hold: whole numbers without ``.0``, booleans as words."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return text(value)


def _reason(error: Exception) -> str:
    text = str(error).strip().replace("\n", " ")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _header(
    path: Path, header: list[str], valued: Callable[[int], bool], mapping: dict[str, str]
) -> tuple[dict[int, str], list[str], set[str]]:
    """Column position -> gig field, every problem with the header, and the fields unknown columns may mean.

    ``valued(col)``: whether a column has values below the header. Without an
    ``id`` column the problems are raised at once; otherwise the rows are
    read too (with the known columns), so that every problem is reported.
    """
    errors = []
    meant: set[str] = set()
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
            if valued(col):
                errors.append(f"{path}: column {col + 1}: has values but no name in the header row")
            continue
        name = mapping.get(raw, raw)
        if name not in _KINDS:
            errors.append(f"{path}: column {raw!r}: unknown field; {_hint(raw)} (or map it with columns=)")
            meant.add(closest(raw, FIELDS) or closest(raw.lower(), FIELDS) or "")
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
        raise ProblemError(errors)
    return names, errors, meant - {""}
