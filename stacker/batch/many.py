"""``stacker.solve_many``: many problems at once, on any executor, without one failure stopping the batch."""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from pathlib import Path
from typing import Any

from .. import _parameters as checks
from ..errors import ProblemError, must_be, parameter_error
from ..plan import Plan
from ..problem.problem import Problem
from .executors import Serial, concurrency, is_broken, local_pool, machine_workers, worker_died
from .failure import EXECUTOR_BROKEN, WORKER_DIED, Failure
from .results import ResultsWriter, read_results
from .task import Chunk, Key, attached, solve_chunk

NAME = "solve_many"
MAX_CHUNK = 16  #: problems per task at most when chunksize is chosen automatically
CHUNKS_PER_WORKER = 4  #: automatic chunksize: about this many tasks per worker, for an even load
ALONE_GIGS = 1_000  #: automatic chunksize: a Problem with this many gigs or more is a task of its own
WINDOW = 2  #: tasks in flight per worker: enough to keep each busy; a broken pool loses no more than these

Result = Plan | Failure | dict[str, Any]


def solve_many(
    problems: Sequence[Any] | Mapping[Key, Any],
    *,
    executor: Executor | str | int | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    chunksize: int | None = None,
    progress: bool | None = None,
    results: str | os.PathLike[str] | None = None,
) -> list[Result] | dict[Key, Result]:
    """Solve many problems, in parallel, keeping going whatever fails.

    Each problem is solved as :func:`stacker.solve` solves it with this
    ``time_limit`` and ``seed`` and one solver thread, so the plans are the
    ones solving one by one gives (deterministic, without a time limit
    cutting a search short), on every executor.

    Parameters
    ----------
    problems
        A list (the answer is a list in the same order; the keys are the
        positions) or a mapping of names to problems (the answer is a dict
        in the same order; names are texts or integers). Each problem is a
        :class:`~stacker.Problem`, the path of a problem file or folder, or
        a dict in the file format; paths and dicts are read by the worker,
        so a bad one becomes a :class:`~stacker.Failure`.
    executor
        None: a local process pool of ``os.cpu_count()`` processes (an int:
        that many), which is replaced if it breaks; ``"serial"``: in this
        process, one after the other; or any
        :class:`concurrent.futures.Executor`, e.g. a Dask cluster's
        ``client.get_executor()`` (never shut down here). If an executor
        given here breaks (a local pool whose worker died), it cannot be
        replaced: the problems it had not solved become failures
        ``ExecutorBroken``, which are not written to ``results``.
    time_limit
        Seconds per problem (see :func:`stacker.solve`); None for no limit.
    seed
        Random seed of each solve.
    chunksize
        Problems per task. None: ``ceil(n / (4 * workers))``, at least 1 and
        at most 16, so that each worker gets about four tasks (an even load)
        and a lost task loses little; a ``Problem`` of 1,000 gigs or more is
        a task of its own; ``"serial"``: 1. ``workers`` is the executor's ``_max_workers``
        when it has one, a Dask executor's threads when the batch starts,
        else ``os.cpu_count()``.
    progress
        True: a progress bar (tqdm) on stderr, with the throughput and the
        failures so far.
    results
        A file (JSON lines) to which every finished problem is appended at
        once, ``{"key": ..., "plan": plan.to_dict()}`` or ``{"key": ...,
        "failure": failure.to_dict()}``. Run again with the same file, only
        the problems whose keys are not in it are solved; those in it come
        back as read: a ``Failure``, or for a plan the dict it was written
        as (``plan.to_dict()``), not a ``Plan``. Keys of a list are
        positions: resume with the same list in the same order.

    Returns
    -------
    list or dict
        Per problem: its :class:`~stacker.Plan` (whatever its status,
        infeasible included), a :class:`~stacker.Failure` when it could not
        be solved (a bad file or dict, an error while solving, a worker that
        died twice), or the stored dict of a plan read back from
        ``results``.

    Raises
    ------
    ProblemError
        For bad parameters or items (every one at once) or a ``results``
        file that is not a results file, before solving anything.

    A worker that dies (a crash inside the solver, a killed process) loses
    the problems of its task and the others in flight on a broken pool: each
    is tried again alone, with nothing else in flight, on a fresh worker; if
    it dies again it is a failure ``WorkerDied``. Ctrl-C stops the batch
    (``KeyboardInterrupt``); what finished is in the ``results`` file.
    """
    keyed, as_list = _keyed(problems)
    _check_parameters(executor, time_limit, seed, chunksize, progress)
    path = _results_path(results)
    stored, whole = read_results(path) if path is not None else ({}, 0)
    known = {key for key, _ in keyed}
    answers: dict[Key, Result] = {key: value for key, value in stored.items() if key in known}
    todo = [(key, item) for key, item in keyed if key not in answers]
    writer = ResultsWriter(path, whole) if path is not None and todo else None
    failed = sum(isinstance(value, Failure) for value in answers.values())
    bar = _bar(len(keyed), len(answers), failed) if progress else None
    batch = _Batch(executor, time_limit, seed)

    def record(key: Key, result: Plan | Failure, keep: bool = True) -> None:
        nonlocal failed
        answers[key] = result
        if writer is not None and keep:
            writer.write(key, result)
        if bar is not None:
            failed += isinstance(result, Failure)
            bar.set_postfix(failed=failed, refresh=False)
            bar.update(1)

    try:
        serial = isinstance(batch.executor, Serial)  # one at a time: each result is written the moment it is done
        batch.run(_chunks(todo, chunksize or (1 if serial else None), batch.workers), record)
    finally:
        batch.close()
        if writer is not None:
            writer.close()
        if bar is not None:
            bar.close()
    if as_list:
        return [answers[key] for key, _ in keyed]
    return {key: answers[key] for key, _ in keyed}


class _Batch:
    """The tasks of one batch on one executor: a window of tasks in flight, lost problems tried again alone."""

    def __init__(self, executor: Executor | str | int | None, time_limit: float | None, seed: int):
        self.own = executor is None or isinstance(executor, int)
        self.processes = executor if isinstance(executor, int) else machine_workers()
        if executor == "serial":
            self.executor: Executor = Serial()
        elif self.own:
            self.executor = local_pool(self.processes)
        else:
            assert isinstance(executor, Executor)  # checked by _check_parameters
            self.executor = executor
        self.workers = concurrency(self.executor)
        self.arguments = (time_limit, seed, not isinstance(self.executor, Serial))  # detach plans from their problems
        self.broken: BaseException | None = None  # why a caller's executor can take no more tasks
        self.in_flight: dict[Future, list[tuple[Key, Any]]] = {}

    def run(self, chunks: list[list[tuple[Key, Any]]], record: Any) -> None:
        pending, lost = deque(chunks), deque[tuple[Key, Any]]()
        while pending or lost or self.in_flight:
            if self.broken is not None:
                self._give_up(pending, lost, record)
                return
            if lost and not self.in_flight:  # alone, so that a worker dying again says which problem killed it
                key, item = lost.popleft()
                self._submit([(key, item)])
                self._collect(record, lost, retry=False)
                continue
            while not lost and pending and len(self.in_flight) < WINDOW * self.workers:
                self._submit(pending.popleft())
            self._collect(record, lost, retry=True)

    def _submit(self, chunk: list[tuple[Key, Any]]) -> None:
        """Submit a task; an executor that is broken is replaced (own pool, once) or given up on (the caller's)."""
        for fresh in (False, True):
            try:
                future = self.executor.submit(solve_chunk, Chunk(chunk), *self.arguments)
                break
            except Exception as error:  # noqa: BLE001 - kept in the future: the task is lost, not the batch
                if is_broken(error) and self.own and not fresh:
                    self._replace(broken=True)
                    continue
                if is_broken(error) and not self.own:
                    self.broken = error
                future = Future()
                future.set_exception(error)
                break
        self.in_flight[future] = chunk

    def _collect(self, record: Any, lost: deque[tuple[Key, Any]], *, retry: bool) -> None:
        if not self.in_flight:
            return
        done, _ = wait(self.in_flight, return_when=FIRST_COMPLETED)
        for future in [future for future in self.in_flight if future in done]:  # in the order they were submitted
            chunk = self.in_flight.pop(future)
            error = future.exception()
            if error is None:
                items = dict(chunk)
                for key, result in future.result():
                    record(key, attached(result, items[key]))
                continue
            if self.own and worker_died(error):
                self._replace()
            if self.broken is not None or (not self.own and is_broken(error)):
                self.broken = self.broken or error
                lost.extend(chunk)  # given up on in run(), with the rest
            elif retry:
                lost.extend(chunk)
            else:
                for key, _ in chunk:
                    record(key, _lost_failure(key, error))

    def _replace(self, *, broken: bool = False) -> None:
        """A fresh local pool in place of a broken one (once per break, however many tasks it lost)."""
        if broken or getattr(self.executor, "_broken", False):
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = local_pool(self.processes)

    def _give_up(self, pending: deque, lost: deque, record: Any) -> None:
        """The caller's executor broke: every problem not solved is a failure, not written to the results file."""
        assert self.broken is not None
        message = f"not solved: the executor broke ({type(self.broken).__name__}: {self.broken})"
        unsolved = [key for key, _ in lost] + [key for chunk in pending for key, _ in chunk]
        unsolved += [key for chunk in self.in_flight.values() for key, _ in chunk]
        self.in_flight.clear()
        for key in unsolved:
            record(key, Failure(key, EXECUTOR_BROKEN, message), keep=False)

    def close(self) -> None:
        for future in self.in_flight:
            future.cancel()
        if self.own:
            self.executor.shutdown(wait=not self.in_flight, cancel_futures=True)


def _lost_failure(key: Key, error: BaseException) -> Failure:
    """The failure of a problem whose task was lost twice."""
    if worker_died(error):
        return Failure(key, WORKER_DIED, f"the worker solving it died, twice ({type(error).__name__}: {error})")
    return Failure.of(key, error)


def _keyed(problems: Any) -> tuple[list[tuple[Key, Any]], bool]:
    """``[(key, item)]`` with paths made absolute (a worker may have another working folder), and whether
    ``problems`` is a list; every bad key or item reported at once."""
    if isinstance(problems, Mapping):
        pairs, as_list = list(problems.items()), False
    elif isinstance(problems, Sequence) and not isinstance(problems, (str, bytes)):
        pairs, as_list = list(enumerate(problems)), True
    else:
        raise must_be(NAME, "problems", "a list or a mapping of problems", type(problems).__name__)
    errors, keyed = [], []
    for key, item in pairs:
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            errors.append(f"key {key!r} ({type(key).__name__}) must be a text or an integer (it is written as JSON)")
        if isinstance(item, (str, os.PathLike)) and os.fspath(item) not in ("", b""):
            item = os.path.abspath(os.fspath(item))
        elif not isinstance(item, (Problem, Mapping)):
            errors.append(f"problem {key!r}: must be a Problem, a path or a dict in the file format. Got {item!r:.60}")
        keyed.append((key, item))
    if errors:
        raise ProblemError([str(parameter_error(NAME, "problems", f": {error}")) for error in errors])
    return keyed, as_list


def _check_parameters(executor: Any, time_limit: Any, seed: Any, chunksize: Any, progress: Any) -> None:
    if not (executor is None or executor == "serial" or isinstance(executor, Executor)):
        if isinstance(executor, bool) or not isinstance(executor, int):
            raise must_be(NAME, "executor", "None, 'serial', a number of processes or an Executor", repr(executor))
        checks.integer(NAME, "executor", executor, most=1024)
    checks.time_limit(NAME, time_limit)
    checks.seed(NAME, seed)
    checks.integer(NAME, "chunksize", chunksize, optional=True)
    if progress is not None and not isinstance(progress, bool):
        raise must_be(NAME, "progress", "True, False or None", repr(progress))


def _results_path(results: Any) -> Path | None:
    if results is None:
        return None
    if not isinstance(results, (str, os.PathLike)) or not os.fspath(results):
        raise must_be(NAME, "results", "the path of a file or None", repr(results))
    path = Path(results)
    if path.is_dir():
        raise parameter_error(NAME, "results", f"is a folder: {str(path)!r}. Give a file name.")
    if not path.absolute().parent.is_dir():
        raise parameter_error(NAME, "results", f"is in a folder that does not exist: {str(path.parent)!r}.")
    return path


def _chunks(todo: list[tuple[Key, Any]], chunksize: int | None, workers: int) -> list[list[tuple[Key, Any]]]:
    """Consecutive problems, ``chunksize`` to a task (automatic: see solve_many)."""
    size = chunksize or max(1, min(MAX_CHUNK, math.ceil(len(todo) / (CHUNKS_PER_WORKER * workers))))

    def alone(item: Any) -> bool:
        return chunksize is None and isinstance(item, Problem) and len(item.gigs) >= ALONE_GIGS

    chunks: list[list[tuple[Key, Any]]] = []
    for key, item in todo:
        if not chunks or len(chunks[-1]) >= size or alone(item) or alone(chunks[-1][0][1]):
            chunks.append([])
        chunks[-1].append((key, item))
    return chunks


def _bar(total: int, initial: int, failed: int) -> Any:
    """A tqdm bar on stderr (tqdm is imported here: ``import stacker`` stays as quick as it was)."""
    from tqdm import tqdm

    bar = tqdm(total=total, initial=initial, unit="problem", desc=NAME, dynamic_ncols=True)
    bar.set_postfix(failed=failed, refresh=False)
    return bar
