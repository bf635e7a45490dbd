"""Tables in and out: gig pools from CSV or Excel files, plans to CSV and JSON.

:func:`read_gigs` reads a spreadsheet of candidate gigs, one row per gig,
with columns named like the fields of :class:`~stacker.data.Gig`. Each row
goes through the same machinery as :func:`stacker.problem_from_frames` (empty
cells mean "not given"; sessions, windows and fields split on ``;``) and the
same validation as every other reader; each message gets the file name and
the row in front: ``gigs.csv: row 7: gig 'g17': pay_rate: must be >= 0, got -3``.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ProblemError
from ..problem.items import Gig
from .frames import _row
from .mapping import problem_from_dict

if TYPE_CHECKING:  # pragma: no cover
    pass

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

_TRUE = {"true", "yes", "y", "t", "1"}
_FALSE = {"false", "no", "n", "f", "0"}


def _field_kinds() -> dict[str, str]:
    """Each init field of :class:`Gig` -> how its cells are read: text, number, bool or list."""
    kinds = {}
    for f in dataclasses.fields(Gig):
        if not f.init:
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


def read_gigs(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> tuple[Gig, ...]:
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
    tuple of Gig
        In the order of the rows.

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
    first = next((i for i, row in enumerate(cells) if any(row)), None)
    if first is None:
        raise ProblemError(f"{path}: no header row; the first row must name the columns (id, pay_rate, ...)")
    header, body = cells[first], cells[first + 1 :]
    names = _header(path, header, body, mapping)
    gigs: list[Gig] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(body):
        if not any(row):
            continue
        number = first + offset + 2  # rows counted from 1, the header included
        record = {name: _typed(name, row[col]) for col, name in names.items()}
        ident = record.get("id")
        if ident is not None and ident in seen:
            errors.append(f"{path}: row {number}: gig {ident!r}: id: duplicate; row {seen[ident]} has the same id")
            continue
        if ident is not None:
            seen[ident] = number
        gig = _gig(record, f"{path}: row {number}: ", errors)
        if gig is not None:
            gigs.append(gig)
    if errors:
        raise ProblemError(errors)
    return tuple(gigs)


def _check_columns(columns: Any) -> dict[str, str]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise ProblemError(
            "The 'columns' parameter of read_gigs must be a mapping {column in the file: gig field} of strings. "
            f"Got {columns!r} instead."
        )
    errors = []
    for theirs, ours in columns.items():
        if ours not in _KINDS:
            errors.append(f"columns: {theirs!r}: {ours!r} is not a gig field; {_hint(ours)}")
    if errors:
        raise ProblemError(errors)
    return {theirs.strip(): ours for theirs, ours in columns.items()}


def _hint(name: str) -> str:
    close = difflib.get_close_matches(name, FIELDS, n=1) or difflib.get_close_matches(name.lower(), FIELDS, n=1)
    return f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(FIELDS)}"


def _read_cells(path: Path, sheet: str | int | None) -> list[list[str]]:
    """The file as rows of text cells ('' when empty), blank rows kept so rows can be numbered."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ProblemError(f"{path}: is a folder; give a .csv or .xlsx file")
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ProblemError(f"The 'sheet' parameter of read_gigs is only for Excel files. Got {sheet!r} for {path}.")
        return _read_csv(path)
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    raise ProblemError(f"{path}: unknown file type {path.suffix!r}; use .csv or .xlsx")


def _read_csv(path: Path) -> list[list[str]]:
    import pandas as pd

    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProblemError(f"{path}: cannot read the file: {error}") from None
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
    lines = text.splitlines(keepends=True)
    blank = 0
    while blank < len(lines) and not lines[blank].strip():
        blank += 1
    rest = "".join(lines[blank:])
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
    rows = [[""] * frame.shape[1] for _ in range(blank)]
    rows += [[_text(cell) for cell in row] for row in frame.to_numpy(dtype=object).tolist()]
    return rows


def _read_excel(path: Path, sheet: str | int | None) -> list[list[str]]:
    import pandas as pd

    if not path.exists():
        raise ProblemError(f"{path}: cannot read the file: no such file")
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
            raise ProblemError(f"The 'sheet' parameter of read_gigs must be a sheet name or position. Got {sheet!r}.")
        if (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (isinstance(sheet, str) and sheet not in names):
            raise ProblemError(f"{path}: sheet {sheet!r} not found; the sheets are {', '.join(map(repr, names))}")
        try:
            frame = pd.read_excel(
                book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False, na_filter=False
            )
        except Exception as error:  # noqa: BLE001 - any library error: not a table
            raise ProblemError(f"{path}: sheet {sheet!r}: not a readable table: {_reason(error)}") from None
    return [[_text(cell) for cell in row] for row in frame.to_numpy(dtype=object).tolist()]


def _reason(error: Exception) -> str:
    text = str(error).strip().replace("\n", " ")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell).strip()


def _header(path: Path, header: list[str], body: list[list[str]], mapping: dict[str, str]) -> dict[int, str]:
    """Column position -> gig field; every problem with the header raised at once."""
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
            if any(col < len(row) and row[col] for row in body):
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


def _typed(name: str, cell: str) -> Any:
    """A text cell as the value the field takes: numbers and booleans parsed, the rest text.

    A cell that does not parse is passed on as text, so the core's validation
    names it (``pay_rate: must be a number, got 'abc'``).
    """
    if not cell:
        return None
    kind = _KINDS[name]
    if kind == "number":
        for convert in (int, float):
            try:
                number = convert(cell)
            except ValueError:
                continue
            return cell if math.isnan(number) else number  # 'nan' stays text: an error, not an empty cell
        return cell
    if kind == "bool":
        key = cell.lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        return cell
    return cell


def _gig(record: dict[str, Any], prefix: str, errors: list[str]) -> Gig | None:
    """One row as a Gig through the core's reader; its messages get ``prefix``."""
    try:
        return problem_from_dict({"gigs": [_row(record)]}).gigs[0]
    except ProblemError as error:
        for message in error.errors:
            if message.startswith("gig #1: "):  # the core's label for an item without id
                message = "gig: " + message[len("gig #1: ") :]
            errors.append(prefix + message)
        return None
