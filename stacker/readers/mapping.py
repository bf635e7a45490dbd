"""Reading problems from dicts, JSON and TOML files, and pandas DataFrames.

Every reader checks the shape (no unknown keys: a typo must not be silently
ignored), builds the validated objects of :mod:`stacker.data`, and reports
every problem it finds at once in one :class:`~stacker.errors.ProblemError`.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ProblemError
from ..problem.items import Commitment, Gig, Limits, Weights
from ..problem.problem import Problem

_SECTIONS = {"limits": Limits, "weights": Weights}
_ITEMS = {"commitments": ("commitment", Commitment), "gigs": ("gig", Gig)}
_PINS = ("require", "forbid")


def _init_fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.init]


def _required_fields(cls: type) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


def unknown_keys(label: str, keys: Any, known: Sequence[str], what: str = "field") -> list[str]:
    """One message per key not in ``known``: ``label: key: unknown field; did you mean ...?``."""
    errors = []
    for key in keys:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known {what}s: {', '.join(known)}"
            errors.append(f"{label}: {key}: unknown {what}; {hint}")
    return errors


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


def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    """Build a :class:`Problem` from plain data shaped like a problem file.

    Parameters
    ----------
    data
        ``{"limits": {...}, "weights": {...}, "commitments": [...], "gigs": [...],
        "require": [ids], "forbid": [ids]}``; every key is optional.

    Raises
    ------
    ProblemError
        Listing every problem found.
    """
    if not isinstance(data, Mapping):
        raise ProblemError(
            f"problem: must be a table with commitments, gigs, limits, weights; got {type(data).__name__}"
        )
    errors = unknown_keys("problem", data, [*_SECTIONS, *_ITEMS, *_PINS])
    parts: dict[str, Any] = {}
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
    for key, (kind, cls) in _ITEMS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            errors.append(f"problem: {key}: must be a list, got {type(items).__name__}")
            continue
        parts[key] = [_build(cls, _item_label(kind, i, item), item, errors) for i, item in enumerate(items)]
    if errors:
        raise ProblemError(errors)
    return Problem(**parts)


def load(path: str | Path) -> Problem:
    """Read a problem from a ``.json`` or ``.toml`` file.

    Raises
    ------
    ProblemError
        If the file cannot be read or parsed, or the problem in it is bad; the
        message starts with the file name.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemError(f"{path}: cannot read the file: {error}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        elif path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            raise ProblemError(f"{path}: unknown file type {path.suffix!r}; use .json or .toml")
    except json.JSONDecodeError as error:
        raise ProblemError(f"{path}: line {error.lineno}: not valid JSON: {error.msg}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProblemError(f"{path}: not valid TOML: {error}") from None
    try:
        return problem_from_dict(data)
    except ProblemError as error:
        raise ProblemError([f"{path}: {message}" for message in error.errors]) from None


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """Plain data for a problem, the shape :func:`problem_from_dict` reads."""

    def fields(obj: Any, defaults: Any) -> dict[str, Any]:
        out = {}
        for name in _init_fields(type(obj)):
            value = getattr(obj, name)
            if value != getattr(defaults, name, None) and value not in (None, ()):
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    return {
        "limits": fields(problem.limits, Limits()),
        "weights": fields(problem.weights, Weights()),
        "commitments": [{"id": c.id} | fields(c, None) for c in problem.commitments],
        "gigs": [{"id": g.id} | fields(g, None) for g in problem.gigs],
    } | {key: list(getattr(problem, key)) for key in _PINS if getattr(problem, key)}
