"""From a problem to what the models read: candidates, exclusions with reasons, integer units.

- :mod:`.prepare`: :func:`prepare` drops gigs that can never fit or are outranked, with a reason
  each, and indexes the rest as arrays (:class:`Prepared`).
- :mod:`.dominance`: fixed gigs that another gig beats on every count.
- :mod:`.units`: the criteria (value, pay, relevance, hours) as integer coefficients.

Imports :mod:`stacker.problem` only; no solver types.
"""

from .prepare import Flexible, Prepared, Region, prepare
from .units import CRITERIA, SCALE, Coefficients, coefficients

__all__ = ["CRITERIA", "SCALE", "Coefficients", "Flexible", "Prepared", "Region", "coefficients", "prepare"]
