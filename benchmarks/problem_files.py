"""Write a generated problem as the files users give ``stacker solve``.

- :func:`write_json`: one problem file, ``{"limits", "weights",
  "commitments", "gigs"}``, what :func:`stacker.load` reads. The text is
  exactly ``json.dump(stacker.problem_to_dict(problem))`` (checked by
  ``tests/test_benchmarks_files.py``), but the gigs are written from the
  columns of the problem's :class:`stacker.GigTable`, one dict of shape
  fields per distinct shape, instead of making 10^6 ``Gig`` objects first
  (about 25 s at 10^6).
- :func:`write_folder`: a folder as :func:`stacker.load_folder` reads it:
  ``gigs.csv`` (the columns :func:`stacker.read_gigs` reads, several
  sessions or windows in one cell separated by ``;``), ``commitments.toml``
  and ``limits.toml``.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

import stacker
from stacker.problem.table import SHAPE_FIELDS

GIG_COLUMNS = ("id", "pay_rate", "weekly_pay", "relevance", "mentor", "title", "fields", *SHAPE_FIELDS)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection inside: making 10^6 dicts otherwise triggers it over and over (3x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def small_parts(problem: stacker.Problem) -> dict[str, Any]:
    """Limits, weights and commitments as plain data (stacker's own :func:`stacker.problem_to_dict`)."""
    rest = stacker.Problem(commitments=problem.commitments, limits=problem.limits, weights=problem.weights)
    return stacker.problem_to_dict(rest)


def _shape_fields(shape: stacker.Gig) -> dict[str, Any]:
    """The shape fields of a gig that are given, as ``problem_to_dict`` writes them."""
    out = {}
    for name in SHAPE_FIELDS:
        value = getattr(shape, name)
        if value not in (None, ()):
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _optional_list(array: np.ndarray) -> list[float | None]:
    """A float column with None where it is NaN (not given)."""
    values = array.tolist()
    return [None if math.isnan(v) else v for v in values]


def gig_rows(table: stacker.GigTable) -> list[dict[str, Any]]:
    """One dict per gig, equal to the ``"gigs"`` entries of :func:`stacker.problem_to_dict`."""
    shapes = [_shape_fields(s) for s in table.shapes]
    pay_rate, weekly_pay = _optional_list(table.pay_rate), _optional_list(table.weekly_pay)
    relevance, mentor = table.relevance.astype(float).tolist(), table.mentor.astype(bool).tolist()
    titles = table.titles or [None] * len(table)
    tags = table.tags or [()] * len(table)
    rows = []
    for i, (ident, shape) in enumerate(zip(table.ids, table.shape.tolist())):
        row: dict[str, Any] = {"id": ident}
        if pay_rate[i] is not None:
            row["pay_rate"] = pay_rate[i]
        if weekly_pay[i] is not None:
            row["weekly_pay"] = weekly_pay[i]
        row["relevance"], row["mentor"] = relevance[i], mentor[i]
        if titles[i] is not None:
            row["title"] = titles[i]
        if tags[i]:
            row["fields"] = list(tags[i])
        row.update(shapes[shape])
        rows.append(row)
    return rows


def write_json(problem: stacker.Problem, path: Path) -> Path:
    """Write ``problem`` as a JSON problem file (what :func:`stacker.load` reads)."""
    with gc_paused():
        data = small_parts(problem) | {"gigs": gig_rows(problem.table)}
        text = json.dumps(data)  # json.dump would use the pure-Python encoder: several times slower
    path.write_text(text, encoding="utf-8")
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def write_gigs_csv(problem: stacker.Problem, path: Path) -> Path:
    """The gigs as CSV, one row per gig, empty cells for fields not given."""
    with gc_paused():
        rows = gig_rows(problem.table)
        given = set().union(*(row.keys() for row in rows)) if rows else {"id"}
        used = [c for c in GIG_COLUMNS if c in given]
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(used)
            writer.writerows([_cell(row.get(c)) for c in used] for row in rows)
    return path


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value)  # a JSON string or number is a TOML one too


def _toml_table(header: str, values: dict[str, Any]) -> list[str]:
    return [header, *(f"{key} = {_toml_value(v)}" for key, v in values.items()), ""]


def write_folder(problem: stacker.Problem, folder: Path) -> Path:
    """Write ``folder/gigs.csv``, ``commitments.toml`` and ``limits.toml`` (what :func:`stacker.load_folder` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = small_parts(problem)
    write_gigs_csv(problem, folder / "gigs.csv")
    limits = _toml_table("[limits]", parts["limits"]) + _toml_table("[weights]", parts["weights"])
    (folder / "limits.toml").write_text("\n".join(limits), encoding="utf-8")
    commitments = [line for c in parts["commitments"] for line in _toml_table("[[commitments]]", c)]
    (folder / "commitments.toml").write_text("\n".join(commitments), encoding="utf-8")
    return folder
