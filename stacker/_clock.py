"""A stopwatch with an optional time limit: the seconds used and the seconds left."""

from __future__ import annotations

import time


class Stopwatch:
    """Started when made; ``time_limit`` None means no limit.

    >>> watch = Stopwatch(10.0)
    >>> watch.left() <= 10.0
    True
    """

    def __init__(self, time_limit: float | None = None):
        self.time_limit = time_limit
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the stopwatch was made."""
        return time.perf_counter() - self.started

    def left(self) -> float | None:
        """Seconds left of the time limit (0 once it has passed), or None without a limit."""
        return None if self.time_limit is None else max(self.time_limit - self.elapsed(), 0.0)
