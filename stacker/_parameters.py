"""Checks of the parameters of stacker's public functions, with sklearn-style messages.

Each raises :class:`~stacker.errors.ProblemError` naming the function, the
parameter and what it must be, e.g. ``The 'time_limit' parameter of solve
must be a float >= 0 or None. Got -1 instead.``
"""

from __future__ import annotations

from typing import Any

from .errors import ProblemError
from .presolve.units import CRITERIA
from .problem.problem import Problem


def problem(function: str, value: Any) -> None:
    if not isinstance(value, Problem):
        raise ProblemError(
            f"The 'problem' parameter of {function} must be a Problem. Got {type(value).__name__} instead."
        )


def time_limit(function: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0):
        raise ProblemError(
            f"The 'time_limit' parameter of {function} must be a float >= 0 or None. Got {value!r} instead."
        )


def integer(function: str, name: str, value: Any, *, least: int = 1, optional: bool = False) -> None:
    """``value`` is an int >= ``least`` (or None when ``optional``)."""
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        extra = " or None" if optional else ""
        raise ProblemError(
            f"The {name!r} parameter of {function} must be an int >= {least}{extra}. Got {value!r} instead."
        )


def check_criteria(function: str, parameter: str, names: object, *, at_least: int = 1) -> tuple[str, ...]:
    """``names`` as a tuple of distinct known criteria, or a ProblemError naming the parameter."""
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise ProblemError(
            f"The {parameter!r} parameter of {function} must be a list of criteria from {', '.join(CRITERIA)}. "
            f"Got {names!r} instead."
        )
    names = tuple(names)
    for name in names:
        if name not in CRITERIA:
            raise ProblemError(
                f"The {parameter!r} parameter of {function}: {name!r} is not a criterion; "
                f"use {', '.join(map(repr, CRITERIA))}."
            )
    if len(set(names)) != len(names):
        raise ProblemError(f"The {parameter!r} parameter of {function} names a criterion twice: {list(names)!r}.")
    if len(names) < at_least:
        raise ProblemError(
            f"The {parameter!r} parameter of {function} needs at least {at_least} criteria. Got {list(names)!r}."
        )
    return names
