"""Reading problems from dicts and from JSON and TOML files.

Every reader checks the shape (no unknown keys: a typo must not be silently
ignored), builds the validated objects of :mod:`stacker.problem`, and reports
every problem it finds at once in one :class:`~stacker.errors.ProblemError`.
The gigs are read as columns (:mod:`._pool`): no ``Gig`` object per gig, but
the same messages as ``Gig`` gives, item by item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ProblemError
from ..problem.dates import COMMITMENT_TERM_FIELDS, GIG_TERM_FIELDS
from ..problem.hints import unknown_keys
from ..problem.items import Commitment, Gig, Limits, Weights
from ..problem.problem import Problem
from ..problem.rules import Rules
from ..problem.table import GigTable
from ._files import gc_paused, parse_json, parse_toml, read_text
from ._pool import FIELDS, pool
from .term import gigs_by_item, read_term, term_to_dict

_SECTIONS = {"limits": Limits, "weights": Weights, "rules": Rules}
_ITEMS = {"commitments": ("commitment", Commitment), "gigs": ("gig", Gig)}
_PINS = ("require", "forbid")
#: Item fields problem_to_dict writes only when not their default (newer fields: older files stay the same).
_WHEN_GIVEN = (*COMMITMENT_TERM_FIELDS, *GIG_TERM_FIELDS, "growth", "conversion")


def _init_fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init]


def _required_fields(cls: type) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


def _build(cls: type, label: str, values: Any, errors: list[str]) -> Any:
    if not isinstance(values, Mapping):
        errors.append(f"{label}: must be a table of fields, got {type(values).__name__}")
        return None
    known = _init_fields(cls)
    unknown = unknown_keys(label, values, known)
    missing = [f"{label}: {name}: missing; it is required" for name in _required_fields(cls) if name not in values]
    errors.extend(unknown + missing)
    if missing:
        return None
    try:  # check the known fields too, so that every problem is reported at once
        item = cls(**{key: value for key, value in values.items() if key in known})
    except ProblemError as error:
        errors.extend(error.errors)
        return None
    return None if unknown else item


def _item_label(kind: str, position: int, item: Any) -> str:
    if isinstance(item, Mapping) and "id" in item:
        return f"{kind} {item['id']!r}"
    return f"{kind} #{position + 1}"


def _gig_pool(items: list[Any], errors: list[str]) -> GigTable | list[Gig | None] | None:
    """The gigs of a problem file as a table; their messages, item by item, added to ``errors``.

    Gigs with a term's fields (``due``, ``fee``, ...) are made item by item
    (a list), as a term's gigs are, so that their messages are ``Gig``'s own.
    """
    count = len(items)
    dicts = set(map(type, items)) <= {dict}
    keys = set().union(*(items if dicts else (item for item in items if isinstance(item, Mapping))))
    if not keys.isdisjoint(GIG_TERM_FIELDS):
        return _gigs_by_item(items, errors)
    if dicts and keys <= set(FIELDS):
        ids = [item.get("id") for item in items]
        before: dict[int, list[str]] = {}
        skip = None
        if None in ids and not all("id" in item for item in items):
            skip = np.array(["id" not in item for item in items])
        if skip is not None:
            before = {i: [f"gig #{i + 1}: id: missing; it is required"] for i in np.flatnonzero(skip).tolist()}
    else:
        ids, before, skip = _item_checks(items)
    rows = items if skip is None else [item if isinstance(item, Mapping) else {} for item in items]
    raw = {name: [row.get(name) for row in rows] for name in keys - {"id"}}
    doubt = np.zeros(count, dtype=bool)
    for name in ("relevance", "mentor", "growth", "conversion"):  # an explicit null is an error, not "not given"
        if name in raw and None in raw[name]:
            doubt |= np.array([row.get(name, 0) is None for row in rows], dtype=bool)

    def make(i: int) -> Gig:
        return Gig(**{key: value for key, value in items[i].items() if key in FIELDS})

    table, found = pool(ids, raw, make, before=before, skip=skip, doubt=doubt)
    errors.extend(found)
    return table


def _gigs_by_item(items: list[Any], errors: list[str]) -> list[Gig | None]:
    return gigs_by_item(items, lambda label, item: _build(Gig, label, item, errors), _item_label)


def _item_checks(items: list[Any]) -> tuple[list[Any], dict[int, list[str]], np.ndarray]:
    """Ids, the messages before each gig's own (not a table, unknown keys, no id), and the rows to skip."""
    ids: list[Any] = []
    before: dict[int, list[str]] = {}
    skip = np.zeros(len(items), dtype=bool)
    for i, item in enumerate(items):
        label = _item_label("gig", i, item)
        if not isinstance(item, Mapping):
            before[i] = [f"{label}: must be a table of fields, got {type(item).__name__}"]
            skip[i] = True
            ids.append(None)
            continue
        found = unknown_keys(label, item, FIELDS)
        if "id" not in item:
            found.append(f"{label}: id: missing; it is required")
            skip[i] = True
        if found:
            before[i] = found
        ids.append(item.get("id"))
    return ids, before, skip


@gc_paused
def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    """Build a :class:`Problem` from plain data shaped like a problem file.

    Parameters
    ----------
    data
        ``{"limits": {...}, "weights": {...}, "rules": {...}, "commitments": [...],
        "gigs": [...], "require": [ids], "forbid": [ids]}``; every key is optional.

    Raises
    ------
    ProblemError
        Listing every problem found.
    """
    if not isinstance(data, Mapping):
        raise ProblemError(
            f"problem: must be a table with commitments, gigs, limits, weights; got {type(data).__name__}"
        )
    return _problem(data, lambda errors: _gig_pool(data.get("gigs", []), errors))


def _problem(data: Mapping[str, Any], gigs: Callable[[list[str]], GigTable | list[Gig | None] | None]) -> Problem:
    """The problem in ``data``, its gigs read by ``gigs(errors)`` (columnar)."""
    errors = unknown_keys("problem", data, [*_SECTIONS, *_ITEMS, *_PINS, "term"])
    parts: dict[str, Any] = {}
    if "term" in data:
        parts["term"] = read_term(data["term"], errors)
    for key in _PINS:
        if key in data:
            ids = data[key]
            if isinstance(ids, list):
                parts[key] = ids
            else:
                errors.append(f"problem: {key}: must be a list of gig ids, got {type(ids).__name__}")
    for key, cls in _SECTIONS.items():
        if key in data:
            parts[key] = _build(cls, key, data[key], errors)
    for key, (kind, item_class) in _ITEMS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            errors.append(f"problem: {key}: must be a list, got {type(items).__name__}")
        elif key == "gigs" and "term" in data:  # a term's gigs, item by item (they have dates)
            parts[key] = _gigs_by_item(items, errors)
        elif key == "gigs":
            parts[key] = gigs(errors)
        else:
            parts[key] = [_build(item_class, _item_label(kind, i, item), item, errors) for i, item in enumerate(items)]
    if errors:
        raise ProblemError(errors)
    return Problem(**parts)


@gc_paused
def load(path: str | Path) -> Problem:
    """Read a problem from a ``.json`` or ``.toml`` file.

    Raises
    ------
    ProblemError
        If the file cannot be read or parsed, or the problem in it is bad; the
        message starts with the file name.
    """
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        data = parse_json(path, text)
    elif path.suffix.lower() == ".toml":
        data = parse_toml(path, text)
    else:
        raise ProblemError(f"{path}: unknown file type {path.suffix!r}; use .json or .toml")
    try:
        return problem_from_dict(data)
    except ProblemError as error:
        raise ProblemError([f"{path}: {message}" for message in error.errors]) from None


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """Plain data for a problem, the shape :func:`problem_from_dict` reads."""

    def fields(obj: Any, defaults: Any) -> dict[str, Any]:
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            new = f.name in _WHEN_GIVEN
            default = f.default if new else getattr(defaults, f.name, None)
            if f.init and value != default and value not in (None, ()):
                out[f.name] = list(map(_plain, value)) if isinstance(value, tuple) else _plain(value)
        return out

    return (
        {
            "limits": fields(problem.limits, Limits()),
            "weights": fields(problem.weights, Weights()),
            "commitments": [{"id": c.id} | fields(c, None) for c in problem.commitments],
            "gigs": [{"id": g.id} | fields(g, None) for g in problem.gigs],
        }
        | {key: list(getattr(problem, key)) for key in _PINS if getattr(problem, key)}
        | ({"rules": fields(problem.rules, Rules())} if problem.rules != Rules() else {})
        | term_to_dict(problem.term)
    )


def _plain(value: Any) -> Any:
    """A date as ISO text, a mapping as a dict and a tuple as a list (the rules' travel), of plain values; anything
    else as it is."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
