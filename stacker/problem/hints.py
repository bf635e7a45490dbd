"""The wording of "unknown name" messages and their did-you-mean, shared by the problem's items and the readers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any


def unknown_keys(label: str, keys: Iterable[Any], known: Sequence[str], what: str = "field") -> list[str]:
    """One message per key not in ``known``.

    Parameters
    ----------
    label
        What the keys belong to (``"gig 'g1'"``, ``"limits"``, a file name).
    keys
        The names given.
    known
        The names allowed.
    what
        The kind of name, for the message (``"field"``, ``"column"``, ``"table"``).

    Returns
    -------
    list of str
        ``label: key: unknown field; did you mean 'pay_rate'?`` (or, with no
        close name, ``...; known fields: a, b``), one per unknown key.
    """
    errors = []
    for key in keys:
        if key not in known:
            close = closest(key, known)
            hint = f"did you mean {close!r}?" if close else f"known {what}s: {', '.join(known)}"
            shown = key if isinstance(key, str) and key.isprintable() else repr(key)  # no escape codes raw
            errors.append(f"{label}: {shown}: unknown {what}; {hint}")
    return errors


def closest(name: Any, known: Iterable[str]) -> str | None:
    """The known name most like ``name`` (difflib's best close match), or None: every did-you-mean uses it."""
    close = difflib.get_close_matches(str(name), list(known), n=1)
    return close[0] if close else None
