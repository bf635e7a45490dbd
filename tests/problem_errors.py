"""Valid items as plain data, and helpers to catch a ProblemError and find the message naming a field.

Shared by the validation tests (tests/problem/test_validation.py), the file-reading ones
(tests/readers/test_file_errors.py) and the solve-parameter ones (tests/test_solve_parameters.py).
"""

from __future__ import annotations

import pytest

from stacker import ProblemError

# A valid fixed gig, flexible gig and commitment as plain data; tests change one field.
FIXED = {"id": "g17", "pay_rate": 20, "relevance": 0.5, "sessions": ["Tue,Thu 18:00-20:00"]}


FLEX = {"id": "g17", "pay_rate": 20, "relevance": 0.5, "hours": 4, "windows": ["Mon-Fri 09:00-17:00"]}


CLASS = {"id": "MATH 201", "kind": "class", "sessions": ["Mon,Wed,Fri 09:00-09:50"]}


def error_of(make) -> ProblemError:
    with pytest.raises(ProblemError) as info:
        make()
    return info.value


def assert_names(error: ProblemError, *parts: str) -> str:
    """One of the error's messages contains every part; return that message."""
    for message in error.errors:
        if all(part in message for part in parts):
            return message
    raise AssertionError(f"no message names all of {parts!r}: {error.errors!r}")
