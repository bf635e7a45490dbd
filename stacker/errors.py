"""The one exception type stacker raises for bad input."""

from __future__ import annotations


class ProblemError(ValueError):
    """Bad input: a problem, a file or a parameter that stacker cannot use.

    Raised before any solving. Each message names the item, the field and
    what is wrong, for example ``gig 'g17': session 'Mon 25:00-26:00': hour
    must be 0-24``. When several things are wrong at once, ``errors`` holds
    every message and ``str(error)`` joins them one per line.

    Parameters
    ----------
    errors
        One message, or several.
    """

    def __init__(self, errors: str | list[str]):
        self.errors: list[str] = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))
