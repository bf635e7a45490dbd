"""Everything that touches OR-Tools CP-SAT lives in this subpackage."""

from .solver import Search, solve_prepared

__all__ = ["Search", "solve_prepared"]
