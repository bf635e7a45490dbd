"""The results file of :func:`stacker.solve_many`: one JSON line per finished problem.

Each line is ``{"key": ..., "plan": plan.to_dict()}`` or ``{"key": ...,
"failure": failure.to_dict()}``, appended, flushed and synced to disk the
moment the problem is done, so that a batch stopped by Ctrl-C, a crash or a
reboot keeps everything it finished. Read back, a plan line gives the dict
it was written as (a :class:`~stacker.Plan` is not rebuilt from JSON) and a
failure line gives a :class:`Failure` again.

A crash in the middle of a write can leave a last line without its newline:
that line is ignored (its problem is solved again) and cut off before the
next line is appended. Any other line that is not a results line is an error,
so that a file that is not a results file is never appended to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from ..errors import ProblemError
from ..plan import Plan
from .failure import Failure
from .task import Key


def read_results(path: Path) -> tuple[dict[Key, Any], int]:
    """The results in the file (key -> plan dict or Failure, the first line of a key wins) and the length of its
    complete lines in bytes (a torn last line starts there). ``({}, 0)`` when there is no file.

    Raises
    ------
    ProblemError
        Naming the file and every line that is not a results line.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, 0
    except OSError as error:
        raise ProblemError(f"results file {str(path)!r}: cannot be read: {error.strerror or error}") from None
    whole = data.rfind(b"\n") + 1  # what follows the last newline is a torn line (or nothing)
    found: dict[Key, Any] = {}
    errors: list[str] = []
    for number, line in enumerate(data[:whole].split(b"\n")[:-1], start=1):
        if not line.strip():
            continue
        try:
            key, result = _entry(json.loads(line))
        except (ValueError, TypeError, KeyError) as error:
            errors.append(f"results file {str(path)!r}: line {number}: not a results line ({error})")
            continue
        found.setdefault(key, result)
    if errors:
        raise ProblemError(errors)
    return found, whole


def _entry(line: Any) -> tuple[Key, Any]:
    if not isinstance(line, dict) or set(line) not in ({"key", "plan"}, {"key", "failure"}):
        raise ValueError('expected {"key": ..., "plan": {...}} or {"key": ..., "failure": {...}}')
    key = line["key"]
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        raise ValueError(f"the key must be a text or an integer, got {key!r}")  # noqa: TRY004 - reported as a bad line
    if "plan" in line:
        if not isinstance(line["plan"], dict):
            raise ValueError("the plan must be an object")
        return key, line["plan"]
    failure = line["failure"]
    return key, Failure(key, str(failure["error"]), str(failure["message"]))


class ResultsWriter:
    """Appends one line per finished problem to the results file, cutting off a torn last line first."""

    def __init__(self, path: Path, whole: int):
        self.path = path
        self._file: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()
        if self._file.tell() > whole:
            self._file.truncate(whole)

    def write(self, key: Key, result: Plan | Failure) -> None:
        entry = (
            {"key": key, "plan": result.to_dict()}
            if isinstance(result, Plan)
            else {"key": key, "failure": result.to_dict()}
        )
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
