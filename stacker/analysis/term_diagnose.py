"""Why a term has no plan: a minimal set of conflicting requirements, each cap named by its week, and fixes.

A term's requirements are: keep each commitment, take each required gig,
and each cap *in each week* (``max_hours``, ``max_work_hours``,
``max_day_hours``) and *each fortnight* (``max_fortnight_work_hours``, the
pair of weeks starting on a Monday) where it is in force, and each minimum
(``min_week_pay``, ``min_work_hours``) in each week it is in force, and
the rules' ``max_gigs`` (in every week; lifted, there is no ``max_gigs``). A set
of them holds when the term with only those commitments and required gigs
(the optional gigs never make a term infeasible, so they are left out,
unless there is a minimum: a minimum needs gigs), and the other caps and
minimums lifted in their weeks (a :class:`LiftedCalendar`), has a plan: the
exact term solver (:func:`stacker.cpsat.term.solve_term`, its master with
no objective: any plan answers) decides.

The minimal conflict comes from a deletion filter that first tries to drop
requirements in large chunks, then in halves, down to one at a time, so
that the many caps of weeks that play no part go quickly: dropping any one
requirement of the answer lets the others hold.

Fixes are single changes to the problem after which it has a plan: drop a
commitment or a requirement of the conflict, or raise one cap of it (the
term's, or a break's when the weeks it binds in are break weeks with their
own cap) to the fewest whole minutes that suffice, found by galloping up
from the cap an hour, two, four, ... at a time, then bisection.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

from ..presolve.units import cap_minutes
from ..problem.calendar import Calendar
from ..problem.items import MINIMUMS
from ..problem.problem import Problem
from ..problem.week import DAY, hours_up
from .conflict import Conflict, Fix, raise_max_gigs

WEEK_CAPS = ("max_hours", "max_work_hours", "max_day_hours")
FORTNIGHT = "max_fortnight_work_hours"


@dataclass(frozen=True)
class LiftedCalendar(Calendar):
    """A term's calendar with some caps lifted: ``(name, week)`` pairs (a fortnight's by its first week)."""

    lifted: frozenset[tuple[str, int]] = frozenset()

    @cached_property
    def week_limits(self) -> list[dict[str, float | None]]:
        out = [dict(limits) for limits in Calendar.week_limits.func(self)]  # type: ignore[attr-defined]
        for name, week in self.lifted:
            if name != FORTNIGHT:
                out[week][name] = None
        return out

    @cached_property
    def minimums(self) -> list[dict[str, float | None]]:
        out = [dict(least) for least in Calendar.minimums.func(self)]  # type: ignore[attr-defined]
        for name, week in self.lifted:
            if name in MINIMUMS:
                out[week][name] = None
        return out

    @cached_property
    def fortnight_caps(self) -> list[float | None]:
        caps = Calendar.fortnight_caps.func(self)  # type: ignore[attr-defined]
        return [None if (FORTNIGHT, w) in self.lifted else cap for w, cap in enumerate(caps)]


@dataclass(frozen=True)
class Requirement:
    """One requirement: ``kind`` (``"commitment"``, ``"gig"``, ``"limit"``, ``"rule"``), its id or field, a cap's
    week."""

    kind: str
    name: str
    week: int | None = None


MAX_GIGS = Requirement("rule", "max_gigs")


def feasible(problem: Problem, holding: frozenset[Requirement] | None = None) -> bool:
    """Whether the term has a plan when only ``holding`` must hold (None: all of its requirements)."""
    from ..cpsat.term import TermMaster, solve_term
    from ..presolve.term import prepare_term

    assert problem.term is not None
    required = set(problem.require)
    commitments = list(problem.commitments)
    gigs = [g for g in problem.gigs if g.id in required]
    lifted: frozenset[tuple[str, int]] = frozenset()
    if holding is not None:
        commitments = [c for c in commitments if Requirement("commitment", c.id) in holding]
        gigs = [g for g in gigs if Requirement("gig", g.id) in holding]
        lifted = frozenset((r.name, r.week) for r in requirements(problem) if r.week is not None and r not in holding)
    require = [g.id for g in gigs]
    if problem.limits.minimums:  # a minimum needs gigs: every gig, the optional ones free to leave out
        gigs, forbid = list(problem.gigs), problem.forbid
    else:
        forbid = ()
    sub = problem.replace(commitments=commitments, gigs=gigs, require=require, forbid=forbid)
    if holding is not None and MAX_GIGS not in holding and problem.rules.max_gigs is not None:
        sub = sub.with_rules(max_gigs=None)
    prepared = prepare_term(sub, LiftedCalendar(problem.term, problem.limits, lifted))
    if prepared.reasons:
        return False
    master = TermMaster(prepared)
    master.model.clear_objective()  # any plan answers: the first master solution whose weeks all place
    return solve_term(prepared, master=master).status in ("optimal", "feasible")


def requirements(problem: Problem) -> list[Requirement]:
    """Every requirement of a term: commitments, then the caps in force week by week, then the required gigs."""
    assert problem.term is not None
    calendar = Calendar(problem.term, problem.limits)
    out = [Requirement("commitment", c.id) for c in problem.commitments]
    for w, limits in enumerate(calendar.week_limits):
        out += [Requirement("limit", name, w) for name in WEEK_CAPS if limits[name] is not None]
    out += [Requirement("limit", FORTNIGHT, w) for w, cap in enumerate(calendar.fortnight_caps) if cap is not None]
    for w, least in enumerate(calendar.minimums):
        out += [Requirement("limit", name, w) for name in MINIMUMS if least[name] is not None]
    out += [MAX_GIGS] if problem.rules.max_gigs is not None else []
    required = set(problem.require)
    return out + [Requirement("gig", g.id) for g in problem.gigs if g.id in required]


def minimal_conflict(problem: Problem, everything: list[Requirement]) -> list[Requirement]:
    """A minimal subset of ``everything`` (which cannot all hold) that cannot all hold."""
    core = list(everything)
    chunk = max(len(core) // 2, 1)
    while True:
        i = 0
        while i < len(core):
            trial = core[:i] + core[i + chunk :]
            if trial and not feasible(problem, frozenset(trial)):
                core = trial
            else:
                i += chunk
        if chunk == 1:
            return core
        chunk = max(chunk // 2, 1)


def term_diagnose(problem: Problem) -> Conflict:
    """:func:`stacker.diagnose` for a problem with a term (see the module docstring)."""
    if feasible(problem):
        return Conflict((), ())
    everything = requirements(problem)
    core = minimal_conflict(problem, everything)
    calendar = Calendar(problem.term, problem.limits)  # type: ignore[arg-type]
    fixes: list[Fix] = []
    raised: set[tuple[str, str | None]] = set()
    for requirement in core:
        if requirement == MAX_GIGS:
            fix = _raise_max_gigs(problem)
            fixes += [fix] if fix is not None else []
        elif requirement.kind == "limit" and requirement.name in MINIMUMS:
            if (requirement.name, None) not in raised:
                raised.add((requirement.name, None))
                fix = _lower(problem, requirement.name)
                if fix is not None:
                    fixes.append(fix)
        elif requirement.kind == "limit":
            source = _source(problem, calendar, requirement)
            if (requirement.name, source) not in raised:
                raised.add((requirement.name, source))
                fix = _raise(problem, requirement.name, source)
                if fix is not None:
                    fixes.append(fix)
        elif feasible(problem, frozenset(r for r in everything if r != requirement)):
            if requirement.kind == "commitment":
                fixes.append(Fix(f"drop the commitment {requirement.name!r}", "drop_commitment", requirement.name))
            else:
                fixes.append(Fix(f"drop the requirement on {requirement.name!r}", "drop_requirement", requirement.name))
    return Conflict(
        tuple(_words(problem, calendar, r) for r in core),
        tuple(fixes),
        tuple((r.kind, r.name) for r in core),
        tuple(None if r.week is None else calendar.date(7 * r.week) for r in core),
    )


def _source(problem: Problem, calendar: Calendar, requirement: Requirement) -> str | None:
    """The break whose own cap is in force for this requirement, or None for the term's cap."""
    name, weeks = requirement.name, [requirement.week]
    if name == FORTNIGHT:
        assert requirement.week is not None
        cap = calendar.fortnight_caps[requirement.week]
        weeks = [w for w in (requirement.week, requirement.week + 1) if calendar.week_limits[w][name] == cap]
    for w in weeks:
        assert w is not None
        if not calendar.is_break_week[w] or calendar.week_limits[w][name] == getattr(problem.limits, name):
            return None
    w = weeks[0]
    assert w is not None
    first, last = calendar.date(7 * w), calendar.date(7 * w + 6)
    for b in problem.term.breaks:  # type: ignore[union-attr]
        if b.start <= last and b.end >= first and b.limits.get(name, "absent") == calendar.week_limits[w][name]:
            return b.name
    return None


def _with(problem: Problem, name: str, source: str | None, hours: float) -> Fix:
    """The fix that sets cap ``name`` (the term's, or break ``source``'s) to ``hours``."""
    if source is None:
        current = getattr(problem.limits, name)
        return Fix(f"raise {name} from {current:g} h to {hours:g} h", "raise_limit", name, hours)
    found = next(b for b in problem.term.breaks if b.name == source)  # type: ignore[union-attr]
    text = f"raise {name} in {source!r} from {found.limits[name]:g} h to {hours:g} h"
    return Fix(text, "raise_break_limit", name, hours, break_name=source)


def _raise(problem: Problem, name: str, source: str | None) -> Fix | None:
    """The smallest raise of a cap (whole minutes) that gives the whole problem a plan, or None."""
    if source is None:
        current = getattr(problem.limits, name)
    else:
        current = next(b for b in problem.term.breaks if b.name == source).limits[name]  # type: ignore[union-attr]
    lo = cap_minutes(current)  # infeasible
    most = DAY if name == "max_day_hours" else cap_minutes(1e308, weeks=2 if name == FORTNIGHT else 1)
    if lo >= most:
        return None
    step, hi = 60, None
    while hi is None:  # gallop up (an hour, two, four, ...): most fixes are small raises
        trial = min(lo + step, most)
        if feasible(_with(problem, name, source, trial / 60).apply(problem)):
            hi = trial
        elif trial == most:
            return None
        else:
            lo, step = trial, 2 * step
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if feasible(_with(problem, name, source, mid / 60).apply(problem)):
            hi = mid
        else:
            lo = mid
    return _with(problem, name, source, hours_up(hi))


def _raise_max_gigs(problem: Problem) -> Fix | None:
    """The smallest raise of the rules' ``max_gigs`` that gives the whole problem a plan, or None."""
    current = problem.rules.max_gigs
    assert current is not None
    for gigs in range(current + 1, len(problem.gigs) + 1):
        if feasible(problem.with_rules(max_gigs=gigs)):
            return raise_max_gigs(problem, gigs)
    return None


def _lower(problem: Problem, name: str) -> Fix | None:
    """The smallest lowering of a minimum (to the cent, or the minute) that gives the whole problem a plan, or None."""
    current = getattr(problem.limits, name)
    scale = 100 if name == "min_week_pay" else 60  # cents, or minutes
    if not feasible(problem.with_limits(**{name: None})):
        return None  # something else stands in the way too
    lo, hi = 0, math.ceil(current * scale - 1e-6)  # feasible at lo (none), not at hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if feasible(problem.with_limits(**{name: mid / scale})):
            lo = mid
        else:
            hi = mid
    value = lo / scale
    if name == "min_week_pay":
        return Fix(f"lower min_week_pay from {current:g} to {value:g}", "lower_limit", name, value)
    return Fix(f"lower min_work_hours from {current:g} h to {value:g} h", "lower_limit", name, value)


def _words(problem: Problem, calendar: Calendar, requirement: Requirement) -> str:
    """A requirement in plain words: caps with their week (or fortnight), items as the user wrote them."""
    if requirement == MAX_GIGS:
        return f"the rules' max_gigs ({problem.rules.max_gigs}) in every week"
    if requirement.kind == "limit":
        assert requirement.week is not None
        w, name = requirement.week, requirement.name
        monday = calendar.date(7 * w)
        if name == FORTNIGHT:
            return f"{name} ({calendar.fortnight_caps[w]:g} h) in the fortnight of {monday}"
        if name == "min_week_pay":
            return f"{name} ({calendar.minimums[w][name]:g}) in the week of {monday}"
        if name == "min_work_hours":
            return f"{name} ({calendar.minimums[w][name]:g} h) in the week of {monday}"
        source = _source(problem, calendar, requirement)
        where = f" ({source})" if source else ""
        return f"{name} ({calendar.week_limits[w][name]:g} h) in the week of {monday}{where}"
    if requirement.kind == "commitment":
        commitment = next(c for c in problem.commitments if c.id == requirement.name)
        return f"commitment {commitment.id!r} ({'; '.join(commitment.sessions)})"
    gig = problem.gig(requirement.name)
    if gig.is_project:
        start = gig.start or problem.term.start  # type: ignore[union-attr]
        due = gig.due or problem.term.end  # type: ignore[union-attr]
        parts = [f"{gig.total_hours:g} h from {start} by {due}"]
        parts += [f"at most {gig.max_week_hours:g} h a week"] if gig.max_week_hours is not None else []
        parts += [f"in {'; '.join(gig.windows)}"] if gig.windows else []
        return f"required project {gig.id!r} ({', '.join(parts)})"
    dates = _dates(gig.start, gig.end)
    if gig.is_fixed:
        return f"required gig {gig.id!r} ({'; '.join(gig.sessions)}{dates})"
    lo, hi = gig.hour_range
    hours = f"{lo:g} h" if lo == hi else f"{lo:g}-{hi:g} h"
    where = f" in {'; '.join(gig.windows)}" if gig.windows else ""
    return f"required gig {gig.id!r} ({hours} a week{where}{dates})"


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f", {start} to {end}"
    if start:
        return f", from {start}"
    return f", until {end}" if end else ""
