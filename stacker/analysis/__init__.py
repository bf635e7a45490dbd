"""Questions about plans: compare scenarios, Pareto fronts, alternatives, why a gig is left out,
and the minimal conflict of an infeasible problem.

Imports :mod:`stacker.solve` and :mod:`stacker.plan` (and the layers below); never
:mod:`stacker.output` or :mod:`stacker.cli`.
"""

from .alternatives import alternatives
from .compare import compare
from .conflict import Conflict, Fix
from .diagnose import diagnose
from .explain import explain
from .leftout import Explanation
from .pareto import pareto

__all__ = ["Conflict", "Explanation", "Fix", "alternatives", "compare", "diagnose", "explain", "pareto"]
