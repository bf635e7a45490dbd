"""stacker: plan a student's week of classes, volunteering and paid micro-internships.

The path the data takes: parse and validate (:mod:`stacker.io`,
:mod:`stacker.data`) -> problem -> presolve (:mod:`stacker.presolve`) ->
CP-SAT model (:mod:`stacker.cpsat`) -> plan (:mod:`stacker.plan`).
"""

from . import render
from .calendar import read_ics
from .data import Commitment, Gig, Limits, Problem, Weights
from .diagnose import Conflict, diagnose
from .errors import ProblemError
from .explain import Explanation, explain
from .folder import load_folder
from .io import load, problem_from_dict, problem_from_frames, problem_to_dict
from .plan import Block, ChosenGig, Excluded, Plan, Status, Totals
from .solve import solve
from .tables import read_gigs
from .whatif import alternatives, compare, pareto, plot_pareto

__version__ = "0.1.0"

__all__ = [
    "Block",
    "ChosenGig",
    "Commitment",
    "Conflict",
    "Excluded",
    "Explanation",
    "Gig",
    "Limits",
    "Plan",
    "Problem",
    "ProblemError",
    "Status",
    "Totals",
    "Weights",
    "alternatives",
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
