"""Reading files, with the standard messages: "cannot read the file", "not valid JSON", "not valid TOML".

Every reader (problem files, folders, spreadsheets, calendars) reads through
these helpers, so that a file that cannot be read or parsed is reported in
the same words everywhere, starting with the file's name.
"""

from __future__ import annotations

import functools
import gc
import json
import re
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
    data = _parsed_fast(text)
    if data is not _UNSURE:
        return data
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
        lost = "in an object a later key of the same name replaced"  # not in the document that was read
        twice_keys = [(where.get(id(d), lost), key) for d, keys in twice for key in keys]
        raise ProblemError([f"{path}: {at}: key {key!r} is given twice; keys must be unique" for at, key in twice_keys])
    return data


_UNSURE = object()
_SPACED_KEY = re.compile(r'"\s+:')  # a key with white space before its colon
_SPACED_KEY_BYTES = re.compile(rb'"\s+:')


def _parsed_fast(text: str | bytes) -> Any:
    """The document parsed by orjson when it is sure to hold no key twice, else ``_UNSURE``.

    The standard library's parser can report a key given twice only
    through a Python function called for every object (a second of a
    10^6-gig file's five); orjson keeps the last one silently. So orjson
    parses, and the keys are counted: with no white space between a key and
    its colon anywhere, every key ends in a ``":`` (and a few ``\\":``
    inside strings may add more), so the count of ``":`` is at least the
    keys the text gives, which are at least the keys parsed: all three are
    equal exactly when no key is given twice. (Objects inside a list's
    objects are not counted: a file with them is parsed the careful way.)
    Anything orjson refuses is parsed the careful way too, for the standard
    library's messages.
    """
    import orjson

    spaced, colon = (_SPACED_KEY, '":') if isinstance(text, str) else (_SPACED_KEY_BYTES, b'":')
    if spaced.search(text):  # type: ignore[arg-type]
        return _UNSURE
    colons = text.count(colon)  # type: ignore[arg-type]
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return _UNSURE
    return data if _keys(data) == colons else _UNSURE


def _keys(value: Any) -> int:
    """The keys of the objects in ``value``; of a list of objects only their own (counted in C, not one by one)."""
    if type(value) is dict:
        return len(value) + sum(_keys(v) for v in value.values() if type(v) in (dict, list))
    if type(value) is list:
        if value and set(map(type, value)) == {dict}:
            return sum(map(len, value))
        return sum(_keys(v) for v in value if type(v) in (dict, list))
    return 0


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
