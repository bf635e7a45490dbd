"""The only subpackage that imports OR-Tools: the CP-SAT models and their search.

- :mod:`.master`: which gigs and how many hours, under every cap.
- :mod:`.placement`: blocks of the flexible hours in free time (with :mod:`.greedy` first).
- :mod:`.conflicts`: minimal conflicts of infeasible problems (for :func:`stacker.diagnose`).
- :mod:`.search`: :class:`Search`, master and placement cuts in a loop, solved as often as needed.
- :mod:`.run`: one CP-SAT solve that Ctrl-C stops cleanly.

Reads :class:`~stacker.presolve.Prepared` and answers with :class:`~stacker.solution.Solution`.
"""

from .search import Search, solve_prepared

__all__ = ["Search", "solve_prepared"]
