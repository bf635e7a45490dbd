"""Shared by every test folder (tests/ mirrors the package: problem/, readers/, presolve/, cpsat/, analysis/, output/).

The helpers at the top of tests/ are plain modules imported by name from any folder (``from checker import ...``):

- :mod:`checker`: the independent feasibility checker of a plan (its own session parser, no stacker model code);
- :mod:`oracle`: an independent exact optimum (brute force + a HiGHS MIP, no stacker model code);
- :mod:`strategies`: hypothesis strategies of small problems;
- :mod:`catalogue`: the named problems with optima worked out by hand, read by stacker's and the baselines' tests;
- :mod:`folder_files`: the files of a week folder.

``pythonpath`` in pyproject.toml puts tests/ on ``sys.path``; the lines below do the same when pytest runs without
that configuration (e.g. from another rootdir).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for path in (str(TESTS), str(ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)


@pytest.fixture(scope="session")
def example_plan():
    """The plan of examples/week.json, solved once for the session and checked by the independent checker."""
    from checker import assert_plan_is_feasible

    import stacker

    problem = stacker.load(ROOT / "examples" / "week.json")
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    return plan
