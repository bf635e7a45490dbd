"""A problem that really kills the worker process solving it, for tests/test_batch.py.

:class:`KillsItsWorker` is a :class:`stacker.Problem` that remembers the
process it was made in. Read by the presolve (its ``table``) in any other
process, it sends that process SIGKILL: the worker dies for real, in the
middle of its task, as a crash inside the solver would kill it. Made and
solved in the same process (``executor="serial"``) it is an ordinary problem.
It travels to the workers by pickle like any problem (this module is on the
workers' ``sys.path``, which they inherit from the test process).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

from stacker import Problem
from stacker.problem.table import GigTable


@dataclass(frozen=True)
class KillsItsWorker(Problem):
    home: int = field(default_factory=os.getpid)

    @property
    def table(self) -> GigTable:
        if os.getpid() != self.home:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.gigs
