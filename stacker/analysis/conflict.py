"""What :func:`stacker.diagnose` answers: the conflicting requirements of a problem, and fixes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ..problem.problem import Problem


class Fix(str):
    """One change that gives a problem a plan: its text (it is a ``str``), and the change as data.

    ``fix.apply(problem)`` returns the changed problem. ``kind`` is
    ``"raise_limit"`` (``name`` is the field of :class:`~stacker.Limits`,
    ``hours`` its new value), ``"lower_limit"`` (``name`` is ``min_week_pay``
    or ``min_work_hours``, ``hours`` its new value: money for
    ``min_week_pay``), ``"drop_commitment"`` (``name`` is the
    commitment's id), ``"drop_requirement"`` (``name`` is a gig id in
    ``problem.require``) or ``"raise_rule"`` (``name`` is ``max_gigs``,
    ``hours`` its new value: a number of gigs). On a term also ``"raise_break_limit"``: ``name``
    is the field, ``hours`` its new value in the limits of the break
    ``break_name`` (a cap that binds in break weeks with their own cap).
    """

    kind: str
    name: str
    hours: float | None
    break_name: str | None

    def __new__(
        cls, text: str, kind: str, name: str, hours: float | None = None, *, break_name: str | None = None
    ) -> Fix:
        fix = super().__new__(cls, text)
        fix.kind, fix.name, fix.hours, fix.break_name = kind, name, hours, break_name
        return fix

    def apply(self, problem: Problem) -> Problem:
        """``problem`` with this change made."""
        if self.kind in ("raise_limit", "lower_limit"):
            return problem.with_limits(**{self.name: self.hours})
        if self.kind == "raise_rule":
            return problem.with_rules(**{self.name: self.hours})
        if self.kind == "raise_break_limit":
            term = problem.term
            assert term is not None
            breaks = tuple(
                dataclasses.replace(b, limits={**b.limits, self.name: self.hours}) if b.name == self.break_name else b
                for b in term.breaks
            )
            return problem.replace(term=dataclasses.replace(term, breaks=breaks))
        if self.kind == "drop_commitment":
            return problem.drop_commitment(self.name)
        return problem.replace(require=tuple(gig_id for gig_id in problem.require if gig_id != self.name))

    def __repr__(self) -> str:
        where = f", break_name={self.break_name!r}" if self.break_name is not None else ""
        return f"Fix({str(self)!r}, kind={self.kind!r}, name={self.name!r}, hours={self.hours!r}{where})"


def raise_max_gigs(problem: Problem, gigs: int) -> Fix:
    """The fix that raises the rules' ``max_gigs`` to ``gigs``."""
    return Fix(f"raise max_gigs from {problem.rules.max_gigs} to {gigs}", "raise_rule", "max_gigs", gigs)


_HOLD = "the commitments, required gigs and caps can all hold"
_WITHOUT_TRAVEL = f"{_HOLD} without the travel between places"


@dataclass(frozen=True)
class Conflict:
    """Requirements that cannot all hold, and single changes that give the problem a plan.

    Attributes
    ----------
    requirements
        A minimal set, in plain words (e.g. ``"commitment 'MATH 201' (Mon
        09:00-09:50)"``, ``"max_hours (30 h)"``): dropping any one of them
        lets the others hold. Empty when the problem has a plan.
    items
        The same set as ``(kind, name)`` pairs for programs: ``("commitment",
        id)``, ``("gig", id)`` for a required gig, ``("limit", field)``,
        ``("rule", "max_gigs")``.
    fixes
        Single changes after which the whole problem has a plan, e.g.
        ``"raise max_hours from 30 h to 33.5 h"`` or ``"drop the requirement
        on 'night'"``; the smallest raise of each cap involved. Empty when no
        single change is enough (there is more than one conflict). Each is a
        :class:`Fix`: the text, and ``fix.apply(problem)`` for the changed problem.
    weeks
        On a term: for each of ``items``, the Monday of the week its cap
        holds in (a fortnight: its first Monday), None for a commitment or a
        required gig; e.g. ``"max_work_hours (20 h) in the week of
        2027-02-15"`` has ``("limit", "max_work_hours")`` and
        ``date(2027, 2, 15)``. Empty for a week's problem.
    travel_left_out
        Whether the week's problem counts travel toward its caps
        (``rules.travel_counts``), which the diagnosis of a week leaves out
        (a term's counts it): a conflict found holds with the travel too,
        but "can all hold" then means only without it (:meth:`text` says so).
    """

    requirements: tuple[str, ...]
    fixes: tuple[Fix, ...]
    items: tuple[tuple[str, str], ...] = ()
    weeks: tuple[dt.date | None, ...] = ()
    travel_left_out: bool = False

    @property
    def feasible(self) -> bool:
        return not self.requirements

    def text(self) -> str:
        if self.feasible and self.travel_left_out:
            return (
                f"{_WITHOUT_TRAVEL} (which counts toward max_hours and max_day_hours, rules.travel_counts, and which "
                "the diagnosis leaves out)"
            )
        if self.feasible:
            return _HOLD
        out = "these cannot all hold: " + "; ".join(self.requirements)
        if self.fixes:
            out += ". To fix it: " + ", or ".join(self.fixes)
        else:
            out += ". No single change fixes the problem: it has other conflicts too"
        return out

    def why(self) -> str:
        """:meth:`text` for a problem known to have no plan: when the diagnosis finds no conflict, the travel it
        leaves out is what stands in the way."""
        if self.feasible and self.travel_left_out:
            return (
                f"{_WITHOUT_TRAVEL}; with it, which counts toward max_hours and max_day_hours (rules.travel_counts), "
                "they cannot"
            )
        return self.text()

    def __str__(self) -> str:
        return self.text()
