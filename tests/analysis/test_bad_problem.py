"""The what-if functions (pareto, alternatives, explain, diagnose) name a problem that is not a Problem."""

from __future__ import annotations

import pytest

import stacker
from stacker import ProblemError


@pytest.mark.parametrize("function", [stacker.pareto, stacker.alternatives, stacker.explain, stacker.diagnose])
def test_what_if_functions_name_a_bad_problem(function):
    with pytest.raises(
        ProblemError, match=f"The 'problem' parameter of {function.__name__} must be a Problem. Got dict"
    ):
        function({"gigs": []})
