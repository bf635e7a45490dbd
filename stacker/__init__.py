"""stacker: plan a student's week of classes, volunteering and paid micro-internships.

The path the data takes, one subpackage per step:
:mod:`stacker.readers` (read and validate) -> :mod:`stacker.problem` ->
:mod:`stacker.presolve` -> :mod:`stacker.cpsat` (model and solve, behind
:func:`solve`) -> :mod:`stacker.plan` -> :mod:`stacker.analysis` and
:mod:`stacker.output` -> :mod:`stacker.cli`. :mod:`stacker.batch`
(:func:`solve_many`) solves many problems at once over any executor.

What is exported here (``__all__``) is the public API.
"""

from . import render
from ._version import __version__
from .analysis import Conflict, Explanation, Fix, alternatives, compare, diagnose, explain, pareto
from .assignment import Assignment
from .batch import Failure, solve_many
from .errors import ProblemError
from .market import assign
from .output.picture import plot_pareto
from .plan import Block, ChosenGig, Excluded, ExcludedGigs, Plan, Totals
from .problem import Break, Commitment, Gig, GigTable, Limits, Problem, Rules, Term, Weights
from .readers import load, load_folder, problem_from_dict, problem_from_frames, problem_to_dict, read_gigs, read_ics
from .solution import Status
from .solve import solve

__all__ = [
    "Assignment",
    "Block",
    "Break",
    "ChosenGig",
    "Commitment",
    "Conflict",
    "Excluded",
    "ExcludedGigs",
    "Explanation",
    "Failure",
    "Fix",
    "Gig",
    "GigTable",
    "Limits",
    "Plan",
    "Problem",
    "ProblemError",
    "Rules",
    "Status",
    "Term",
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
    "solve_many",
]
