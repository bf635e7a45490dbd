"""Why a problem has no plan: a minimal set of conflicting requirements, and fixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import _parameters as checks
from ..problem.problem import Problem
from ..problem.week import hours_up


class Fix(str):
    """One change that gives a problem a plan: its text (it is a ``str``), and the change as data.

    ``fix.apply(problem)`` returns the changed problem. ``kind`` is
    ``"raise_limit"`` (``name`` is the field of :class:`~stacker.Limits`,
    ``hours`` its new value), ``"drop_commitment"`` (``name`` is the
    commitment's id) or ``"drop_requirement"`` (``name`` is a gig id in
    ``problem.require``).
    """

    kind: str
    name: str
    hours: float | None

    def __new__(cls, text: str, kind: str, name: str, hours: float | None = None) -> Fix:
        fix = super().__new__(cls, text)
        fix.kind, fix.name, fix.hours = kind, name, hours
        return fix

    def apply(self, problem: Problem) -> Problem:
        """``problem`` with this change made."""
        if self.kind == "raise_limit":
            return problem.with_limits(**{self.name: self.hours})
        if self.kind == "drop_commitment":
            return problem.drop_commitment(self.name)
        return problem.replace(require=tuple(gig_id for gig_id in problem.require if gig_id != self.name))

    def __repr__(self) -> str:
        return f"Fix({str(self)!r}, kind={self.kind!r}, name={self.name!r}, hours={self.hours!r})"


if TYPE_CHECKING:
    from ..cpsat.conflicts import Requirement


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
        id)``, ``("gig", id)`` for a required gig, ``("limit", field)``.
    fixes
        Single changes after which the whole problem has a plan, e.g.
        ``"raise max_hours from 30 h to 33.5 h"`` or ``"drop the requirement
        on 'night'"``; the smallest raise of each cap involved. Empty when no
        single change is enough (there is more than one conflict). Each is a
        :class:`Fix`: the text, and ``fix.apply(problem)`` for the changed problem.
    """

    requirements: tuple[str, ...]
    fixes: tuple[Fix, ...]
    items: tuple[tuple[str, str], ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.requirements

    def text(self) -> str:
        if self.feasible:
            return "the commitments, required gigs and caps can all hold"
        out = "these cannot all hold: " + "; ".join(self.requirements)
        if self.fixes:
            out += ". To fix it: " + ", or ".join(self.fixes)
        else:
            out += ". No single change fixes the problem: it has other conflicts too"
        return out

    def __str__(self) -> str:
        return self.text()


def diagnose(problem: Problem) -> Conflict:
    """A minimal set of requirements of ``problem`` that conflict, and fixes.

    Requirements are: keep each commitment, take each gig in
    ``problem.require``, and each cap of ``problem.limits``. Computed with
    CP-SAT assumptions; the core CP-SAT returns is shrunk until no
    requirement can be removed from it with the rest still infeasible.
    """
    checks.week_problem("diagnose", problem)
    from ..cpsat.conflicts import Requirements

    model = Requirements(problem)
    core = model.minimal_conflict()
    if not core:
        return Conflict((), ())
    everything = list(model.literal)
    fixes = []
    for requirement in core:
        others = [r for r in everything if r != requirement]
        if requirement.kind == "limit":
            minutes = model.least(requirement.name, others)
            if minutes is not None:
                current = getattr(problem.limits, requirement.name)
                hours = hours_up(minutes)
                text = f"raise {requirement.name} from {current:g} h to {hours:g} h"
                fixes.append(Fix(text, "raise_limit", requirement.name, hours))
        elif model.check(others)[0]:
            if requirement.kind == "commitment":
                fixes.append(Fix(f"drop the commitment {requirement.name!r}", "drop_commitment", requirement.name))
            else:
                fixes.append(Fix(f"drop the requirement on {requirement.name!r}", "drop_requirement", requirement.name))
    return Conflict(tuple(_words(problem, r) for r in core), tuple(fixes), tuple((r.kind, r.name) for r in core))


def _words(problem: Problem, requirement: Requirement) -> str:
    """A requirement in plain words, its times in the notation the user wrote them in."""
    if requirement.kind == "limit":
        return f"{requirement.name} ({getattr(problem.limits, requirement.name):g} h)"
    if requirement.kind == "commitment":
        commitment = next(c for c in problem.commitments if c.id == requirement.name)
        return f"commitment {commitment.id!r} ({'; '.join(commitment.sessions)})"
    item = problem.gig(requirement.name)
    if item.is_fixed:
        return f"required gig {item.id!r} ({'; '.join(item.sessions)})"
    lo, hi = item.hour_range
    hours = f"{lo:g} h" if lo == hi else f"{lo:g}-{hi:g} h"
    where = f" in {'; '.join(item.windows)}" if item.windows else ""
    return f"required gig {item.id!r} ({hours}{where})"
