"""Why each gig left out of a plan is not in it, and what forcing it in would cost (behind :func:`stacker.explain`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..presolve.prepare import prepare
from ..presolve.units import SCALE, cap_minutes
from ..problem.items import Gig
from ..problem.problem import Problem
from ..problem.week import DAY, DAYS, hours_text, interval_text, overlaps, pieces
from ..solution import Status, chosen_minutes, hint_choice
from .diagnose import Conflict, diagnose

if TYPE_CHECKING:
    import pandas as pd

    from ..plan import Plan

COLUMNS = ["gig", "fits", "cost", "reason", "displaces"]


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain` finds.

    Attributes
    ----------
    gigs
        A pandas DataFrame, one row per gig left out of the plan, in the
        order of the problem: ``gig`` (id), ``fits`` (whether some plan takes
        it), ``cost`` (how much less a plan that must take it is worth than
        this plan, in value; NaN when it cannot fit), ``reason`` (plain
        words) and ``displaces`` (ids of the plan's gigs such a plan drops).
    conflict
        For an infeasible problem, its minimal conflict and fixes
        (:func:`stacker.diagnose`); None when the problem has a plan.
    """

    gigs: pd.DataFrame
    conflict: Conflict | None = None
    reasons: dict[str, str] = field(default_factory=dict, repr=False)

    def reason(self, gig_id: str) -> str:
        """The reason for one gig left out."""
        return self.reasons[gig_id]

    def text(self) -> str:
        if self.conflict is not None:
            return f"no plan: {self.conflict.text()}"
        if not self.reasons:
            return "every gig is in the plan"
        return "\n".join(f"{gig_id}: {reason}" for gig_id, reason in self.reasons.items())

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        if self.conflict is not None:
            return f"<p>{self.text()}</p>"
        return self.gigs.to_html(index=False)


def explain_plan(plan: Plan, *, seed: int = 0, workers: int = 2) -> Explanation:
    """:func:`stacker.explain` for a plan (of ``plan.problem``), its parameters checked."""
    import pandas as pd

    problem = plan.problem
    if not plan.status.has_plan:
        return Explanation(
            pd.DataFrame(columns=COLUMNS), diagnose(problem) if plan.status is Status.INFEASIBLE else None
        )

    from ..cpsat.search import Search

    prepared = prepare(problem, dominance=False)
    cannot = dict(prepared.excluded)
    position = {int(g): ("fixed", k) for k, g in enumerate(prepared.fixed)}
    position |= {flex.gig: ("flexible", f) for f, flex in enumerate(prepared.flexible)}
    chosen = {g.id: g for g in plan.gigs}
    left_out = [i for i, gig in enumerate(problem.gigs) if gig.id not in chosen]
    forced = [i for i in left_out if problem.gigs[i].id not in cannot]

    def force(share: list[int]) -> dict[int, tuple]:
        """Re-solve with each gig of ``share`` taken, in one search (its cuts reused)."""
        search = Search(prepared, seed=seed)
        search.hint(*hint_choice(prepared, plan))
        out = {}
        for index in share:
            solution = search.solve(assume=[position[index]], polish=False)
            value = search.criteria(solution)["value"] / SCALE["value"] if solution.status == "optimal" else None
            hours = {problem.gigs[i].id: m / 60 for i, m in chosen_minutes(prepared, solution).items()}
            out[index] = (value, hours)
        return out

    shares = [forced[k::workers] for k in range(workers)]
    with ThreadPoolExecutor(workers) as pool:  # CP-SAT releases the GIL: the shares run in parallel
        results = {i: r for share in pool.map(force, shares) for i, r in share.items()}
    rows: list[tuple[str, bool, float, str, list[str]]] = []
    for index in left_out:
        gig = problem.gigs[index]
        if gig.id in cannot:
            rows.append((gig.id, False, np.nan, cannot[gig.id], []))
            continue
        value, taken = results[index]
        if value is None:
            conflict = diagnose(problem.requiring(gig.id))
            rows.append((gig.id, False, np.nan, f"cannot fit: {conflict.text()}", []))
            continue
        cost = plan.totals.value - value
        displaced = [g for g in chosen if g not in taken]
        cut = {g: (chosen[g].hours, taken[g]) for g in chosen if g in taken and taken[g] < chosen[g].hours - 1e-9}
        reason = _reason(problem, plan, gig, cost, displaced, cut)
        rows.append((gig.id, True, round(cost, 6), reason, displaced))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return Explanation(frame, None, dict(zip(frame["gig"], frame["reason"])))


def _reason(problem: Problem, plan: Plan, gig: Gig, cost: float, displaced: list[str], cut: dict) -> str:
    parts = _clashes(problem, plan, gig) + _caps(problem, plan, gig)
    money = f"{abs(cost):.2f}"
    if cost > 1e-9:
        why = []
        if displaced:
            why.append("it displaces " + ", ".join(map(repr, displaced)))
        if cut:
            why.append(
                "it cuts "
                + ", ".join(
                    f"{g!r} from {hours_text(a * 60, up=True)} to {hours_text(b * 60, up=True)}"
                    for g, (a, b) in cut.items()
                )
            )
        effect = f"taking it lowers the value by {money}" + (f" because {' and '.join(why)}" if why else "")
    elif cost < -1e-9:
        effect = f"taking it would raise the value by {money}: this plan is not optimal"
    else:
        effect = "a plan with it is worth as much (of equal plans, the one with fewer gig hours is chosen)"
    if not parts:
        return f"fits, but {effect}" if cost > 1e-9 else f"fits; {effect}"
    return "; ".join([*parts, effect])


def _clashes(problem: Problem, plan: Plan, gig: Gig) -> list[str]:
    """The plan's gig blocks that a fixed gig's sessions overlap."""
    if not gig.is_fixed:
        return []
    out = []
    for block in plan.blocks:
        if block.kind == "gig" and any(overlaps((block.start, block.end), iv) for iv in gig.intervals):
            text = f"clashes with {block.id!r} ({interval_text(block.start, block.end)})"
            if text not in out:
                out.append(text)
    return out


def _caps(problem: Problem, plan: Plan, gig: Gig) -> list[str]:
    """The caps the plan would break if the gig (at its fewest hours) were added to it."""
    limits = problem.limits
    extra = gig.hour_range[0] * 60  # a fixed gig's session minutes; a flexible gig's fewest
    out = []
    for name, total in (("max_work_hours", plan.totals.work_hours), ("max_hours", plan.totals.hours)):
        cap = getattr(limits, name)
        minutes = round(total * 60 + extra)
        if cap is not None and minutes > cap_minutes(cap):
            out.append(f"would exceed {name} ({cap:g} h) by {hours_text(minutes - cap * 60, up=True)}")
    if limits.max_day_hours is not None and gig.is_fixed:
        for day, day_minutes in _day_minutes(plan, gig).items():
            if day_minutes > cap_minutes(limits.max_day_hours):
                over = day_minutes - limits.max_day_hours * 60
                out.append(
                    f"would exceed max_day_hours ({limits.max_day_hours:g} h) on {day} by {hours_text(over, up=True)}"
                )
    return out


def _day_minutes(plan: Plan, gig: Gig) -> dict[str, float]:
    """Counted minutes per day of the plan with the gig's sessions added, on the gig's days."""
    per_day = plan.day_minutes
    days = set()
    for iv in gig.intervals:
        for s, e in pieces(*iv):
            per_day[s // DAY] += e - s
            days.add(s // DAY)
    return {DAYS[d]: per_day[d] for d in sorted(days)}
