"""A problem from a folder of the files students and advisers already have.

:func:`load_folder` reads a folder holding

========================================  ==========================================
``timetable.ics``                         the class timetable, an iCalendar export
                                          (:func:`stacker.read_ics`, kind ``class``)
``commitments.json|toml|csv``             more commitments (volunteering, a club, ...)
``gigs.csv`` (or ``gigs.xlsx``)           the pool of candidate gigs (:func:`stacker.read_gigs`)
``gigs.json`` (or ``gigs.toml``)          gigs as a problem file's ``gigs`` (projects, dates)
``limits.toml``                           tables ``[limits]`` and ``[weights]``, as in a problem file
``term.toml``                             ``[term]`` and ``[[term.breaks]]``: plan a whole term
``rules.toml``                            a ``[rules]`` table, as in a problem file (docs/rules.md)
========================================  ==========================================

With a ``term.toml`` the problem is a term's (docs/term.md): the timetable
is read over the term (``read_ics(..., term=term)``) and the other files may
use the term's fields (dates, dated sessions, projects).

Every file is optional, but the folder needs at least one of the timetable,
commitments and gigs. Other files (a README, notes) are left alone; a file
named like one of the above with another ending (``gigs.json``,
``timetable.ical``) is an error, so that a file meant to be read is never
silently skipped. Every problem in every file is reported at once, in one
:class:`~stacker.errors.ProblemError` whose messages start with the file's
path.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ProblemError
from ..problem.hints import unknown_keys
from ..problem.items import Commitment, Limits, Weights
from ..problem.problem import Problem
from ..problem.rules import Rules
from ..problem.table import GigTable
from ..problem.term import Term
from ._cells import delimiter, split, truth
from ._files import gc_paused, parse_json, parse_toml, read_text
from .mapping import problem_from_dict
from .term import read_term, term_to_dict

#: Accepted file names (lower case) for each part of the problem, in the order they are read.
FILES = {
    "term": ("term.toml",),
    "timetable": ("timetable.ics",),
    "commitments": ("commitments.json", "commitments.toml", "commitments.csv"),
    "gigs": ("gigs.csv", "gigs.xlsx", "gigs.xlsm", "gigs.json", "gigs.toml"),
    "limits": ("limits.toml",),
    "rules": ("rules.toml",),
}
#: Names that look like a part's file but are left alone: ``term.json`` is a whole problem file (examples/).
_NOT_MISNAMED = ("term.json",)

_COMMITMENT_COLUMNS = ("id", "kind", "sessions", "counts_toward_cap", "location")


@gc_paused
def load_folder(path: str | Path, *, notes: list[str] | None = None) -> Problem:
    """Read a problem from a folder with ``timetable.ics``, ``commitments.*``, ``gigs.csv`` and ``limits.toml``.

    Parameters
    ----------
    path
        The folder. File names are matched without regard to case.

        - ``timetable.ics``: weekly classes from a calendar export, read with
          :func:`stacker.read_ics` (``kind="class"``);
        - ``commitments.json``, ``.toml`` or ``.csv`` (at most one): more
          commitments. JSON: a list of commitments, or ``{"commitments":
          [...]}``; TOML: ``[[commitments]]`` tables; CSV: a header row with
          the columns ``id``, ``kind``, ``sessions`` (several separated by
          ``;``) and ``counts_toward_cap`` (``true``/``false``, ``yes``/``no``,
          ``1``/``0``), one commitment per row;
        - ``gigs.csv`` or ``gigs.xlsx`` (at most one): the candidate gigs, read
          with :func:`stacker.read_gigs`; or ``gigs.json`` (a list of gigs, or
          ``{"gigs": [...]}``) or ``gigs.toml`` (``[[gigs]]`` tables), read
          like a problem file's gigs, with a term's fields (projects, dates);
        - ``limits.toml``: optional tables ``[limits]`` and ``[weights]`` with
          the fields of a problem file's sections (defaults otherwise);
        - ``term.toml``: a ``[term]`` table (``start``, ``end``, ``timezone``)
          with optional ``[[term.breaks]]`` (``name``, ``start``, ``end``,
          optional ``[term.breaks.limits]``), as in a problem file. The
          problem is then a term's, and the timetable is read over it
          (``read_ics(path, kind="class", term=term)``).
    notes
        A list to which notes about what the timetable reader left out are
        appended (all-day events, rules that do not repeat every week, ...;
        see :func:`stacker.read_ics`). Without it, each note is issued as a
        :class:`stacker.readers.CalendarWarning`.

    Returns
    -------
    Problem
        The timetable's commitments first, then those of the commitments
        file; the gigs in file order.

    Raises
    ------
    ProblemError
        Listing every problem in every file at once, each message starting
        with the file's path (``week/gigs.csv: row 7: gig 'g17': pay_rate:
        must be >= 0, got -3``): a missing folder, a folder with nothing to
        plan, two files for one part, a misnamed file, unreadable files, bad
        items, and ids used twice across files.
    """
    folder = Path(path)
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "not a folder"
        raise ProblemError(f"{folder}: {what}")
    errors: list[str] = []
    found = _find_files(folder, errors)
    if not any(part in found for part in ("timetable", "commitments", "gigs")) and not errors:
        errors.append(
            f"{folder}: nothing to plan: the folder needs timetable.ics, commitments.json|toml|csv "
            "or gigs.csv|xlsx|json|toml (and optionally limits.toml, term.toml)"
        )
    sources: list[tuple[Path, list[Commitment] | GigTable]] = []
    found_notes: list[str] = []
    term = _collect(_read_term, found["term"], errors) if "term" in found else None
    readers = {
        "timetable": lambda path: _read_timetable(path, found_notes, term),
        "commitments": lambda path: _read_commitments(path, term),
        "gigs": lambda path: _read_gigs(path, term),
    }
    for part, reader in readers.items():
        if part in found:
            items = _collect(reader, found[part], errors)
            if items is not None:
                sources.append((found[part], items))
    limits, weights = Limits(), Weights()
    if "limits" in found:
        sections = _collect(_read_limits, found["limits"], errors)
        if sections is not None:
            limits, weights = sections
    rules = _collect(lambda path: _read_rules(path, term), found["rules"], errors) if "rules" in found else None
    _check_ids(sources, errors)
    if errors:
        raise ProblemError(errors)
    if notes is not None:
        notes.extend(found_notes)
    else:
        from .ical import CalendarWarning

        for message in found_notes:
            warnings.warn(message, CalendarWarning, stacklevel=2)
    commitments = [item for _, items in sources if isinstance(items, list) for item in items]
    gigs = next((items for _, items in sources if isinstance(items, GigTable)), ())
    try:
        problem = Problem(commitments=commitments, gigs=gigs, limits=limits, weights=weights, term=term)
        return problem if rules is None else problem.replace(rules=rules)
    except ProblemError as error:
        raise ProblemError([f"{folder}: {message}" for message in error.errors]) from None


def _find_files(folder: Path, errors: list[str]) -> dict[str, Path]:
    """The file for each part found in ``folder``; ambiguous and misnamed files go to ``errors``."""
    by_part: dict[str, list[Path]] = {}
    stems = {name.split(".")[0]: part for part, names in FILES.items() for name in names}
    for entry in sorted(folder.iterdir()):
        name = entry.name.lower()
        if not entry.is_file() or name.startswith((".", "~$")) or name in _NOT_MISNAMED:  # hidden, lock files
            continue
        part = next((part for part, names in FILES.items() if name in names), None)
        if part is not None:
            by_part.setdefault(part, []).append(entry)
        elif name.partition(".")[0] in stems:
            expected = " or ".join(FILES[stems[name.partition(".")[0]]])
            errors.append(f"{entry}: not read: use the name {expected}")
    found = {}
    for part, paths in by_part.items():
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            errors.append(f"{folder}: {names}: more than one {part} file; keep one")
        else:
            found[part] = paths[0]
    return found


def _collect(reader: Any, path: Path, errors: list[str]) -> Any:
    """``reader(path)``, or None with its messages added to ``errors``."""
    try:
        return reader(path)
    except ProblemError as error:
        errors.extend(error.errors)
        return None


def _read_term(path: Path) -> Term | None:
    """The ``[term]`` table of ``term.toml``."""
    data = _read_toml(path)
    errors = unknown_keys(str(path), data, ("term",), "table")
    if "term" not in data:
        errors.append(f"{path}: term: missing; the file needs a [term] table with start and end")
    found: list[str] = []
    term = read_term(data["term"], found) if "term" in data else None
    errors += [f"{path}: {message}" for message in found]
    if errors:
        raise ProblemError(errors)
    return term


def _read_timetable(path: Path, notes: list[str], term: Term | None) -> list[Commitment]:
    from .ical import read_ics

    return list(read_ics(path, kind="class", term=term, notes=notes))


def _read_gigs(path: Path, term: Term | None) -> GigTable:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        from .spreadsheet import read_gigs

        return read_gigs(path)
    data: Any = parse_json(path, _read_text(path)) if suffix == ".json" else _read_toml(path)
    if isinstance(data, list):
        data = {"gigs": data}
    if not isinstance(data, Mapping):
        raise ProblemError(f'{path}: must be a list of gigs or {{"gigs": [...]}}')
    errors = unknown_keys(str(path), data, ("gigs",), "key")
    try:
        problem = problem_from_dict({"gigs": data.get("gigs", [])} | term_to_dict(term))
    except ProblemError as error:
        errors += [f"{path}: {message}" for message in error.errors]
        problem = None
    if errors or problem is None:
        raise ProblemError(errors)
    return problem.gigs


def _read_text(path: Path) -> str:
    return read_text(path, encoding="utf-8-sig")


def _read_toml(path: Path) -> dict[str, Any]:
    return parse_toml(path, _read_text(path))


def _read_commitments(path: Path, term: Term | None) -> list[Commitment]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_commitments_csv(path)
    if suffix == ".json":
        data = parse_json(path, _read_text(path))
        if isinstance(data, list):
            data = {"commitments": data}
    else:
        data = _read_toml(path)
    if not isinstance(data, Mapping):
        raise ProblemError(f'{path}: must be a list of commitments or {{"commitments": [...]}}')
    errors = unknown_keys(str(path), data, ("commitments",), "key")
    try:
        problem = problem_from_dict({"commitments": data.get("commitments", [])} | term_to_dict(term))
    except ProblemError as error:
        errors += [f"{path}: {message}" for message in error.errors]
        problem = None
    if errors or problem is None:
        raise ProblemError(errors)
    return list(problem.commitments)


def _read_commitments_csv(path: Path) -> list[Commitment]:
    try:
        text = _read_text(path)
        first = next((line for line in text.splitlines() if line.strip()), "")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first)))
    except csv.Error as error:
        raise ProblemError(f"{path}: not a readable CSV file: {error}") from None
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ProblemError(f"{path}: no header row; the first row must name the columns (id, kind, sessions, ...)")
    (_, header), body = numbered[0], numbered[1:]
    names = [cell.strip() for cell in header]
    errors = unknown_keys(str(path), {name: None for name in names if name}, _COMMITMENT_COLUMNS, "column")
    if "id" not in names:
        errors.append(f"{path}: no 'id' column; the header must name the columns (id, kind, sessions, ...)")
    for name in {name for name in names if name and names.count(name) > 1}:
        errors.append(f"{path}: {name}: column given twice")
    if errors:
        raise ProblemError(errors)
    commitments = []
    for number, row in body:
        values: dict[str, Any] = {}
        for name, cell in zip(names, row):
            cell = cell.strip()
            if not name or not cell:
                continue
            if name == "sessions":
                values[name] = split(cell)
            elif name == "counts_toward_cap" and truth(cell) is not None:
                values[name] = truth(cell)
            else:
                values[name] = cell  # a bad counts_toward_cap is reported by Commitment
        if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
            errors.append(f"{path}: row {number}: more cells than the header has columns")
        if "id" not in values:
            errors.append(f"{path}: row {number}: id: missing; it is required")
            continue
        try:
            commitments.append(Commitment(**values))
        except ProblemError as error:
            errors += [f"{path}: row {number}: {message}" for message in error.errors]
    if errors:
        raise ProblemError(errors)
    return commitments


def _read_limits(path: Path) -> tuple[Limits, Weights]:
    data = _read_toml(path)
    errors = unknown_keys(str(path), data, ("limits", "weights"), "table")
    try:
        problem = problem_from_dict({key: data[key] for key in ("limits", "weights") if key in data})
    except ProblemError as error:
        errors += [f"{path}: {message}" for message in error.errors]
        problem = None
    if errors or problem is None:
        raise ProblemError(errors)
    return problem.limits, problem.weights


def _read_rules(path: Path, term: Term | None) -> Rules:
    """The ``[rules]`` table of ``rules.toml`` (dates in ``days_off`` need the folder's ``term.toml``)."""
    data = _read_toml(path)
    errors = unknown_keys(str(path), data, ("rules",), "table")
    try:
        problem = problem_from_dict({"rules": data.get("rules", {})} | term_to_dict(term))
    except ProblemError as error:
        errors += [f"{path}: {message}" for message in error.errors]
        problem = None
    if errors or problem is None:
        raise ProblemError(errors)
    return problem.rules


def _check_ids(sources: list[tuple[Path, Any]], errors: list[str]) -> None:
    """An id used in two files is an error naming both (ids repeated inside a file are its reader's concern)."""
    first: dict[str, tuple[Path, str]] = {}
    for position, (path, items) in enumerate(sources):
        kind, ids = ("gig", items.ids) if isinstance(items, GigTable) else ("commitment", [item.id for item in items])
        if not first.keys().isdisjoint(ids):  # the usual case without a dict of a pool's ids
            for ident in dict.fromkeys(ident for ident in ids if ident in first):
                other, other_kind = first[ident]
                errors.append(f"{path}: {kind} {ident!r}: id: duplicate; {other} has a {other_kind} with the same id")
        if position < len(sources) - 1:  # the last file's ids are not looked up
            for ident in ids:
                first.setdefault(ident, (path, kind))
