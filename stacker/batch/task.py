"""What a worker of :func:`stacker.solve_many` runs: read each problem of a chunk and solve it.

This is the only code that crosses to the workers (by reference, as
``stacker.batch.task.solve_chunk``), with plain data: the problems (a
:class:`~stacker.Problem`, a path or a dict in the file format), the time
limit and the seed. No solver object ever leaves a worker; a plan comes back
as a :class:`~stacker.Plan`.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..problem.problem import Problem
from ..readers.folder import load_folder
from ..readers.mapping import load, problem_from_dict
from ..solve import solve
from .failure import Failure

Key = str | int


def read_item(item: Any) -> Problem:
    """The problem an item of a batch stands for: itself, the file or folder it names, or the dict it is."""
    if isinstance(item, Problem):
        return item
    if isinstance(item, Mapping):
        return problem_from_dict(item)
    path = Path(item)
    return load_folder(path, notes=[]) if path.is_dir() else load(path)


def solve_chunk(chunk: Sequence[tuple[Key, Any]], time_limit: float | None, seed: int) -> list[tuple[Key, Any]]:
    """``(key, Plan or Failure)`` for each ``(key, item)`` of ``chunk``, in order.

    Any exception while reading or solving a problem becomes its
    :class:`Failure`, so that the rest of the chunk is still solved; an
    exception out of this function therefore means the task itself was lost
    (its worker died, the executor broke). One CP-SAT thread per problem
    (``workers=1``): the batch's parallelism is over problems.
    """
    done: list[tuple[Key, Any]] = []
    for key, item in chunk:
        try:
            plan = solve(read_item(item), time_limit=time_limit, seed=seed, workers=1)
        except Exception as error:  # noqa: BLE001 - one failure never stops the batch: it is recorded
            done.append((key, Failure.of(key, error)))
            continue
        if plan.interrupted:  # Ctrl-C reached this solve (a serial batch): stop the batch, keep no half-searched plan
            raise KeyboardInterrupt
        done.append((key, plan))
    return done


def ignore_ctrl_c() -> None:
    """Initializer of solve_many's own worker processes: Ctrl-C is the parent's to handle.

    The parent stops the batch and cancels what is queued; a worker's solve
    runs to its end instead of returning a half-searched plan.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
