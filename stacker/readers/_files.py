"""Reading files, with the standard messages: "cannot read the file", "not valid JSON", "not valid TOML".

Every reader (problem files, folders, spreadsheets, calendars) reads through
these helpers, so that a file that cannot be read or parsed is reported in
the same words everywhere, starting with the file's name.
"""

from __future__ import annotations

import functools
import gc
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ProblemError

_F = TypeVar("_F", bound=Callable[..., Any])


def cannot_read(label: Any, reason: Any) -> ProblemError:
    """``label: cannot read the file: reason``."""
    return ProblemError(f"{label}: cannot read the file: {reason}")


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a :class:`ProblemError` naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise cannot_read(path, error) from None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text; a :class:`ProblemError` naming it when it cannot be read or decoded."""
    try:
        return path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as error:
        raise cannot_read(path, error) from None


def parse_json(path: Path, text: str | bytes) -> Any:
    """The JSON document in ``text`` (read from ``path``); a :class:`ProblemError` with the line if it is bad.

    A key given twice in one object is an error naming where (JSON itself
    keeps the last one silently). So are a document nested too deeply for
    Python and a number too long for it.
    """
    twice: list[tuple[dict, list[str]]] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) < len(pairs):
            seen: set[str] = set()
            twice.append((out, [key for key, _ in pairs if key in seen or seen.add(key)]))  # type: ignore[func-returns-value]
        return out

    try:
        data = json.loads(text, object_pairs_hook=unique)
    except json.JSONDecodeError as error:
        raise ProblemError(f"{path}: line {error.lineno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise ProblemError(f"{path}: not valid JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise ProblemError(f"{path}: not valid JSON: {str(error).split(';')[0]}") from None
    if twice:
        where = _places(data, {id(d) for d, _ in twice})
        twice_keys = [(where[id(d)], key) for d, keys in twice for key in keys]
        raise ProblemError([f"{path}: {at}: key {key!r} is given twice; keys must be unique" for at, key in twice_keys])
    return data


def _places(data: Any, wanted: set[int]) -> dict[int, str]:
    """Where each object in ``wanted`` (by ``id``) is in the document, as ``gigs[2].limits`` (no recursion)."""
    found: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and len(found) < len(wanted):
        node, place = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                found[id(node)] = place or "top level"
            stack.extend((value, f"{place}.{key}" if place else str(key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, f"{place}[{i}]") for i, value in enumerate(node))
    return found


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """The TOML document in ``text`` (read from ``path``); a :class:`ProblemError` if bad, too deep or too long."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProblemError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise ProblemError(f"{path}: not valid TOML: nested too deeply") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise ProblemError(f"{path}: not valid TOML: {str(error).split(';')[0]}") from None


def gc_paused(function: _F) -> _F:
    """``function`` run with Python's cyclic garbage collector paused (as it was again after).

    Reading a pool makes millions of objects (the parsed JSON, the columns)
    that hold no reference cycles; every so many new objects the collector
    would walk all of them: on 10^6 gigs that is about half the time
    ``json.loads`` takes and a third of building the table.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]
