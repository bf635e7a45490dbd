"""What a worker of :func:`stacker.solve_many` runs: read each problem of a chunk and solve it.

This is the only code that crosses to the workers (by reference, as
``stacker.batch.task.solve_chunk``), with plain data: the problems (a
:class:`~stacker.Problem`, a path or a dict in the file format), the time
limit and the seed. No solver object ever leaves a worker; a plan comes back
as a :class:`~stacker.Plan` (or a ``TermPlan``), without its problem when the
caller gave a ``Problem`` (:func:`detached`: most of a pickled plan's bytes
are its problem, which the caller has; :func:`attached` puts it back).
"""

from __future__ import annotations

import dataclasses
import signal
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..plan import Plan
from ..problem.problem import Problem
from ..readers.folder import load_folder
from ..readers.mapping import load, problem_from_dict
from ..solve import solve
from ..termplan import TermPlan
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


class Chunk:
    """The ``(key, item)`` pairs of one task, as it crosses to a worker.

    Its Dask token (``__dask_tokenize__``) is a fresh one per task: a Dask
    executor's ``submit`` otherwise hashes every problem of the task in this
    process to name it (``pure=True``, the default of ``client.get_executor()``),
    which took a quarter of a worker's time per task of 16 student weeks, on
    the parent's core; and a task tried again after its worker died gets a new
    name, never the lost one's result.
    """

    __slots__ = ("pairs", "token")

    def __init__(self, pairs: Iterable[tuple[Key, Any]]):
        self.pairs = list(pairs)
        self.token = uuid.uuid4().hex

    def __iter__(self) -> Iterator[tuple[Key, Any]]:
        return iter(self.pairs)

    def __dask_tokenize__(self) -> str:
        return self.token


def solve_chunk(
    chunk: Iterable[tuple[Key, Any]], time_limit: float | None, seed: int, detach: bool = False
) -> list[tuple[Key, Any]]:
    """``(key, Plan or Failure)`` for each ``(key, item)`` of ``chunk``, in order.

    ``detach``: the plan of an item that is a ``Problem`` comes back without
    it (:func:`detached`), for the caller to put back (:func:`attached`).

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
        done.append((key, detached(plan) if detach and isinstance(item, Problem) else plan))
    return done


def detached(plan: Plan | TermPlan) -> Plan | TermPlan:
    """``plan`` without its problem (and a term plan's weeks without theirs, when it is the same)."""
    if isinstance(plan, TermPlan):
        weeks = tuple(dataclasses.replace(w, problem=None) if w.problem is plan.problem else w for w in plan.weeks)
        return dataclasses.replace(plan, problem=None, weeks=weeks)  # type: ignore[arg-type]  # put back by attached
    return dataclasses.replace(plan, problem=None)  # type: ignore[arg-type]  # put back by attached


def attached(result: Any, item: Any) -> Any:
    """A plan made by :func:`detached` with its problem ``item`` back; anything else as it is."""
    if not isinstance(result, (Plan, TermPlan)) or result.problem is not None:
        return result
    if isinstance(result, TermPlan):
        weeks = tuple(dataclasses.replace(w, problem=item) if w.problem is None else w for w in result.weeks)
        return dataclasses.replace(result, problem=item, weeks=weeks)
    return dataclasses.replace(result, problem=item)


def ignore_ctrl_c() -> None:
    """Initializer of solve_many's own worker processes: Ctrl-C is the parent's to handle.

    The parent stops the batch and cancels what is queued; a worker's solve
    runs to its end instead of returning a half-searched plan.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
