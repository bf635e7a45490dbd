"""Checks of the parameters of stacker's public functions, with sklearn-style messages.

Each raises :class:`~stacker.errors.ProblemError` naming the function, the
parameter and what it must be, e.g. ``The 'time_limit' parameter of solve
must be a float >= 0 or None. Got -1 instead.``
"""

from __future__ import annotations

from typing import Any

from .errors import must_be, parameter_error
from .presolve.units import CRITERIA
from .problem.problem import Problem


def problem(function: str, value: Any) -> None:
    if not isinstance(value, Problem):
        raise must_be(function, "problem", "a Problem", type(value).__name__)


def time_limit(function: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0):
        raise must_be(function, "time_limit", "a float >= 0 or None", repr(value))


MAX_SEED = 2**31 - 1  #: CP-SAT's random_seed is a 32-bit int
MAX_WORKERS = 64  #: solver threads; each costs memory (2,000 took 1.2 GB and a minute on a 30-gig week)


def integer(
    function: str, name: str, value: Any, *, least: int = 1, most: int | None = None, optional: bool = False
) -> None:
    """``value`` is an int >= ``least`` and <= ``most`` (or None when ``optional``)."""
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < least or (most is not None and value > most):
        span = f">= {least}" if most is None else f"in [{least}, {most}]"
        extra = " or None" if optional else ""
        raise must_be(function, name, f"an int {span}{extra}", repr(value))


def seed(function: str, value: Any) -> None:
    """A solver seed: an int in [0, MAX_SEED]."""
    integer(function, "seed", value, least=0, most=MAX_SEED)


def workers(function: str, value: Any, *, optional: bool = False) -> None:
    """A number of threads: an int in [1, MAX_WORKERS]."""
    integer(function, "workers", value, most=MAX_WORKERS, optional=optional)


def check_criteria(function: str, parameter: str, names: object, *, at_least: int = 1) -> tuple[str, ...]:
    """``names`` as a tuple of distinct known criteria, or a ProblemError naming the parameter."""
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise must_be(function, parameter, f"a list of criteria from {', '.join(CRITERIA)}", repr(names))
    names = tuple(names)
    for name in names:
        if name not in CRITERIA:
            raise parameter_error(
                function, parameter, f": {name!r} is not a criterion; use {', '.join(map(repr, CRITERIA))}."
            )
    if len(set(names)) != len(names):
        raise parameter_error(function, parameter, f"names a criterion twice: {list(names)!r}.")
    if len(names) < at_least:
        raise parameter_error(function, parameter, f"needs at least {at_least} criteria. Got {list(names)!r}.")
    return names
