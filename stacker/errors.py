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


def parameter_error(function: str, name: str, fault: str) -> ProblemError:
    """The error for a bad parameter of a public function, worded as scikit-learn words it.

    ``parameter_error("solve", "time_limit", "must be a float >= 0 or None. Got -1 instead.")``
    gives ``The 'time_limit' parameter of solve must be a float >= 0 or None. Got -1 instead.``
    Every parameter message of stacker is made here.
    """
    separator = "" if fault.startswith(":") else " "  # "...of solve: 'x' is not a criterion"
    return ProblemError(f"The {name!r} parameter of {function}{separator}{fault}")


def must_be(function: str, name: str, what: str, got: object) -> ProblemError:
    """``The 'name' parameter of function must be <what>. Got <got> instead.``"""
    return parameter_error(function, name, f"must be {what}. Got {got} instead.")
