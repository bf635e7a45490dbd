"""``Failure``: what :func:`stacker.solve_many` returns for a problem it could not solve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: ``Failure.error`` of a problem whose worker died twice (a crash inside the solver, a killed process).
WORKER_DIED = "WorkerDied"
#: ``Failure.error`` of a problem left unsolved because the executor given to solve_many broke.
EXECUTOR_BROKEN = "ExecutorBroken"


@dataclass(frozen=True)
class Failure:
    """A problem of a batch that has no plan, and why.

    Attributes
    ----------
    key
        The problem's key in the batch: its position in a list, or its name
        in a mapping.
    error
        The type name of the exception, e.g. ``"ProblemError"`` for a bad
        problem file, ``"FileNotFoundError"``, ``"WorkerDied"`` when the
        worker solving it died twice, ``"ExecutorBroken"`` when the executor
        given to :func:`stacker.solve_many` broke before it was solved.
    message
        What went wrong, e.g. the :class:`~stacker.ProblemError`'s messages
        one per line.
    """

    key: str | int
    error: str
    message: str

    @classmethod
    def of(cls, key: str | int, exception: BaseException) -> Failure:
        """The failure of the problem ``key`` that raised ``exception``."""
        return cls(key, type(exception).__name__, str(exception))

    def to_dict(self) -> dict[str, Any]:
        """``{"key": ..., "error": ..., "message": ...}``, ready for JSON."""
        return {"key": self.key, "error": self.error, "message": self.message}
