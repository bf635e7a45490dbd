"""The term section of a problem file (``"term": {...}``) and a term's gigs, read item by item."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ProblemError
from ..problem.hints import unknown_keys
from ..problem.term import Break, Term

_TERM_KEYS = ("start", "end", "timezone", "breaks")


def read_term(values: Any, errors: list[str]) -> Term | None:
    """The ``term`` table: ``start``, ``end``, ``timezone``, ``breaks``; what is wrong added to ``errors``."""
    if not isinstance(values, Mapping):
        errors.append(f"term: must be a table with start, end, timezone, breaks; got {type(values).__name__}")
        return None
    found = unknown_keys("term", values, _TERM_KEYS)
    found += [f"term: {key}: missing; it is required" for key in ("start", "end") if key not in values]
    breaks = values.get("breaks", [])
    if not isinstance(breaks, list):
        found.append(f"term: breaks: must be a list, got {type(breaks).__name__}")
    errors += found
    if found:
        return None
    try:
        return Term(**values)
    except ProblemError as error:
        errors += error.errors
        return None


def gigs_by_item(items: list[Any], build: Callable[[str, Any], Any], label: Callable[[str, int, Any], str]) -> list:
    """Each gig made on its own (``build(label, item)``, None when wrong)."""
    return [build(label("gig", i, item), item) for i, item in enumerate(items)]


def term_to_dict(term: Term | None) -> dict[str, Any]:
    """``{"term": {...}}`` as a problem file has it (``{}`` without a term)."""
    if term is None:
        return {}
    out: dict[str, Any] = {"start": term.start.isoformat(), "end": term.end.isoformat()}
    if term.timezone is not None:
        out["timezone"] = term.timezone
    if term.breaks:
        out["breaks"] = [_break(b) for b in term.breaks]
    return {"term": out}


def _break(b: Break) -> dict[str, Any]:
    out: dict[str, Any] = {"name": b.name, "start": b.start.isoformat(), "end": b.end.isoformat()}
    return out | ({"limits": dict(b.limits)} if b.limits else {})
