"""The executors :func:`stacker.solve_many` runs on, and how it tells a lost task.

- ``"serial"``: :class:`Serial`, which runs each task when it is submitted,
  in this process;
- None or an int: a local process pool of its own (:func:`local_pool`),
  ``os.cpu_count()`` processes or that many, which solve_many replaces when
  it breaks;
- any other :class:`concurrent.futures.Executor` (a Dask cluster's
  ``client.get_executor()``, a pool of the caller's) is used as given and
  never shut down by stacker.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future
from typing import TYPE_CHECKING, Any

from .task import ignore_ctrl_c

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


class Serial(Executor):
    """Runs each task in this process, at once, when it is submitted (``executor="serial"``).

    An exception of the task is kept in its future, as in a pool, but Ctrl-C
    (a ``BaseException``) goes straight to the caller.
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - kept in the future, as a pool would
            future.set_exception(error)
        return future


def local_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of ``processes`` fresh processes that leave Ctrl-C to the parent.

    Started with ``forkserver`` where there is one (Linux, macOS): a worker is
    forked from a clean server process, never from this one, which may hold
    solver threads (forking a process with threads can deadlock); else
    ``spawn``. (multiprocessing is imported here: ``import stacker`` stays
    as quick as it was.)
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(method), initializer=ignore_ctrl_c)


def machine_workers() -> int:
    """The processes of the default local pool: one per CPU."""
    return os.cpu_count() or 1


def concurrency(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once, as far as it says, else one per CPU of this machine.

    A process or thread pool says it in ``_max_workers``; a Dask executor
    (``client.get_executor()``) through its client: the threads of the
    cluster's workers when the batch starts.
    """
    if isinstance(executor, Serial):
        return 1
    workers = getattr(executor, "_max_workers", None)
    client: Any = getattr(executor, "_client", None)
    if workers is None and callable(getattr(client, "nthreads", None)):
        with contextlib.suppress(Exception):  # a client that cannot answer: one per CPU, as for any executor
            workers = sum(client.nthreads().values())
    return workers if isinstance(workers, int) and workers > 0 else machine_workers()


def worker_died(error: BaseException) -> bool:
    """Whether a task's exception says its worker died: a broken local pool, or Dask's ``KilledWorker``."""
    names = {cls.__name__ for cls in type(error).__mro__}
    return isinstance(error, BrokenExecutor) or "KilledWorker" in names


def is_broken(error: BaseException) -> bool:
    """Whether an executor that raised ``error`` can take no more tasks (broken or shut down)."""
    if isinstance(error, BrokenExecutor):
        return True
    return isinstance(error, RuntimeError) and "shutdown" in str(error)
