"""The problem, as stacker holds it once read and validated.

- :mod:`.week`: the week notation (``DAY``, ``WEEK``, ``"Mon,Wed 09:00-10:30"``).
- :mod:`.items`: :class:`Commitment`, :class:`Gig`, :class:`Limits`, :class:`Weights` and their checks.
- :mod:`.table`: :class:`GigTable`, a pool of gigs as columns (what the presolve reads).
- :mod:`.rules`: :class:`Rules`, the student's own rules, and :func:`~.rules.rule_mask`.
- :mod:`.problem`: :class:`Problem`, everything about one student's week.
- :mod:`.dates`, :mod:`.term`, :mod:`.calendar`: a term (dated weeks, breaks) and its expansion into weeks of minutes.
- :mod:`.geometry`: week geometry on arrays (day pieces, minute masks, free runs, interval cliques).

Imports only :mod:`stacker.errors`; everything downstream imports from here.
"""

from .items import Commitment, Gig, Limits, Weights
from .problem import Problem
from .rules import Rules
from .table import GigTable
from .term import Break, Term

__all__ = ["Break", "Commitment", "Gig", "GigTable", "Limits", "Problem", "Rules", "Term", "Weights"]
