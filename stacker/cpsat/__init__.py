"""Everything that touches OR-Tools CP-SAT lives in this subpackage."""

from .solver import solve_prepared

__all__ = ["solve_prepared"]
