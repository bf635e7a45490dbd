"""stacker: plan a student's week of classes, volunteering and paid micro-internships.

The path the data takes, one subpackage per step:
:mod:`stacker.readers` (read and validate) -> :mod:`stacker.problem` ->
:mod:`stacker.presolve` -> :mod:`stacker.cpsat` (model and solve, behind
:func:`solve`) -> :mod:`stacker.plan` -> :mod:`stacker.analysis` and
:mod:`stacker.output` -> :mod:`stacker.cli`.

What is exported here (``__all__``) is the public API.
"""

from . import render
from ._version import __version__
from .analysis import Conflict, Explanation, Fix, alternatives, compare, diagnose, explain, pareto
from .assignment import Assignment
from .errors import ProblemError
from .market import assign
from .output.picture import plot_pareto
from .plan import Block, ChosenGig, Excluded, ExcludedGigs, Plan, Totals
from .problem import Commitment, Gig, GigTable, Limits, Problem, Weights
from .readers import load, load_folder, problem_from_dict, problem_from_frames, problem_to_dict, read_gigs, read_ics
from .solution import Status
from .solve import solve

__all__ = [
    "Assignment",
    "Block",
    "ChosenGig",
    "Commitment",
    "Conflict",
    "Excluded",
    "ExcludedGigs",
    "Explanation",
    "Fix",
    "Gig",
    "GigTable",
    "Limits",
    "Plan",
    "Problem",
    "ProblemError",
    "Status",
    "Totals",
    "Weights",
    "__version__",
    "alternatives",
    "assign",
    "compare",
    "diagnose",
    "explain",
    "load",
    "load_folder",
    "pareto",
    "plot_pareto",
    "problem_from_dict",
    "problem_from_frames",
    "problem_to_dict",
    "read_gigs",
    "read_ics",
    "render",
    "solve",
]
