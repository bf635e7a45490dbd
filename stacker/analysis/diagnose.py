"""Why a problem has no plan: a minimal set of conflicting requirements, and fixes."""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from .. import _parameters as checks
from ..presolve.units import SCALE
from ..problem.items import MINIMUMS
from ..problem.problem import Problem
from ..problem.week import hours_up
from .conflict import Conflict, Fix, raise_max_gigs
from .term_diagnose import term_diagnose

if TYPE_CHECKING:
    from ..cpsat.conflicts import Requirement


def diagnose(problem: Problem) -> Conflict:
    """A minimal set of requirements of ``problem`` that conflict, and fixes.

    Requirements are: keep each commitment, take each gig in
    ``problem.require``, each cap of ``problem.limits``, and the rules'
    ``max_gigs`` (a fix may raise it). Computed with
    CP-SAT assumptions; the core CP-SAT returns is shrunk until no
    requirement can be removed from it with the rest still infeasible.

    On a term (``problem.term``) each cap is a requirement in each week
    (fortnight) it is in force, named by its Monday (``conflict.weeks``),
    and a fix may raise a break's own cap; see
    :mod:`stacker.analysis.term_diagnose`.

    On a week with ``rules.travel_counts`` the travel is left out (it
    depends on where the flexible gigs are placed): the conflict found holds
    with it too, and ``conflict.travel_left_out`` says so.
    """
    checks.problem("diagnose", problem)
    if problem.term is not None:  # the exact term solver decides, travel counted
        return term_diagnose(problem)
    return dataclasses.replace(_week_diagnose(problem), travel_left_out=problem.rules.travel_counts)


def _week_diagnose(problem: Problem) -> Conflict:
    """:func:`diagnose` for a week's problem."""
    from ..cpsat.conflicts import Requirements

    model = Requirements(problem)
    core = model.minimal_conflict()
    if not core:
        return Conflict((), ())
    everything = list(model.literal)
    fixes = []
    for requirement in core:
        others = [r for r in everything if r != requirement]
        if requirement.kind == "limit" and requirement.name in MINIMUMS:
            most = model.least(requirement.name, others)
            if most is not None:
                fixes.append(_lower(problem, requirement.name, most))
        elif requirement.kind == "rule":
            fewest = model.least(requirement.name, others)
            if fewest is not None:
                fixes.append(raise_max_gigs(problem, fewest))
        elif requirement.kind == "limit":
            minutes = model.least(requirement.name, others)
            if minutes is not None:
                current = getattr(problem.limits, requirement.name)
                hours = hours_up(minutes)
                text = f"raise {requirement.name} from {current:g} h to {hours:g} h"
                fixes.append(Fix(text, "raise_limit", requirement.name, hours))
        elif model.check(others):
            if requirement.kind == "commitment":
                fixes.append(Fix(f"drop the commitment {requirement.name!r}", "drop_commitment", requirement.name))
            else:
                fixes.append(Fix(f"drop the requirement on {requirement.name!r}", "drop_requirement", requirement.name))
    return Conflict(tuple(_words(problem, r) for r in core), tuple(fixes), tuple((r.kind, r.name) for r in core))


def _lower(problem: Problem, name: str, most: int) -> Fix:
    """The fix that lowers a minimum to the most the rest allows (``most``: pay units, or minutes)."""
    current = getattr(problem.limits, name)
    if name == "min_week_pay":
        value = math.floor(most / SCALE["pay"] * 100 + 1e-9) / 100  # to the cent, down
        return Fix(f"lower min_week_pay from {current:g} to {value:g}", "lower_limit", name, value)
    value = math.floor(most / 60 * 100 + 1e-9) / 100
    return Fix(f"lower min_work_hours from {current:g} h to {value:g} h", "lower_limit", name, value)


def _words(problem: Problem, requirement: Requirement) -> str:
    """A requirement in plain words, its times in the notation the user wrote them in."""
    if requirement.kind == "rule":
        return f"the rules' max_gigs ({problem.rules.max_gigs})"
    if requirement.kind == "limit" and requirement.name == "min_week_pay":
        return f"min_week_pay ({problem.limits.min_week_pay:g})"
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
