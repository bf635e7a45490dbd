"""Why each gig left out of a plan is not in it, and what forcing it in would cost (behind :func:`stacker.explain`)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..presolve.units import SCALE, cap_minutes
from ..problem.geometry import reachable_totals
from ..problem.items import Gig, place_of
from ..problem.problem import Problem
from ..problem.week import DAY, DAYS, WEEK, hours_text, interval_text, overlaps, pieces
from ..searches import kind_of
from ..solution import Status
from .conflict import Conflict
from .diagnose import diagnose
from .term_obstacles import term_obstacles

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


def explain_plan(plan: Any, *, seed: int = 0, workers: int = 2) -> Explanation:
    """:func:`stacker.explain` for a plan (of ``plan.problem``, a week or a term), its parameters checked."""
    import pandas as pd

    problem = plan.problem
    if not plan.status.has_plan:
        return Explanation(
            pd.DataFrame(columns=COLUMNS), diagnose(problem) if plan.status is Status.INFEASIBLE else None
        )

    kind = kind_of(problem)
    cannot = kind.excluded
    chosen = {g.id: g for g in plan.gigs}
    left_out = [gig.id for gig in problem.gigs if gig.id not in chosen]
    forced = [gig_id for gig_id in left_out if gig_id not in cannot]

    def force(share: list[str]) -> dict[str, tuple]:
        """Re-solve with each gig of ``share`` taken, in one search (its cuts reused)."""
        search = kind.search(seed=seed)
        kind.hint(search, plan)
        out = {}
        for gig_id in share:
            solution = search.solve(assume=[kind.take(gig_id)], polish=False)
            value = search.criteria(solution)["value"] / SCALE["value"] if solution.status == "optimal" else None
            out[gig_id] = (value, kind.hours(solution) if solution.has_plan else {})
        return out

    shares = [forced[k::workers] for k in range(workers)]
    with ThreadPoolExecutor(workers) as pool:  # CP-SAT releases the GIL: the shares run in parallel
        results = {i: r for share in pool.map(force, shares) for i, r in share.items()}
    obstacles = _obstacles if problem.term is None else term_obstacles
    rows: list[tuple[str, bool, float, str, list[str]]] = []
    for gig_id in left_out:
        gig = problem.gig(gig_id)
        if gig_id in cannot:
            rows.append((gig_id, False, np.nan, cannot[gig_id], []))
            continue
        value, taken = results[gig_id]
        if value is None:
            conflict = diagnose(problem.requiring(gig_id))
            rows.append((gig_id, False, np.nan, f"cannot fit: {conflict.why()}", []))
            continue
        cost = plan.totals.value - value
        displaced = [g for g in chosen if g not in taken]
        cut = {g: (chosen[g].hours, taken[g]) for g in chosen if g in taken and taken[g] < chosen[g].hours - 1e-9}
        reason = _reason(obstacles(kind, plan, gig), cost, displaced, cut)
        rows.append((gig_id, True, round(cost, 6), reason, displaced))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return Explanation(frame, None, dict(zip(frame["gig"], frame["reason"])))


def _obstacles(kind: Any, plan: Plan, gig: Gig) -> list[str]:
    """What stands in a gig's way in a week's plan: clashes, travel, caps and the rules' max_gigs."""
    problem = kind.problem
    spans = gig.intervals if gig.is_fixed else _lost_cells(kind, plan, gig)
    return (
        _clashes(problem, plan, gig)
        + _travel(problem, plan, gig, spans)
        + _caps(problem, plan, gig)
        + _max_gigs(problem, plan)
    )


def _max_gigs(problem: Problem, plan: Plan) -> list[str]:
    """That the plan already has as many gigs as the rules allow, if it does."""
    most = problem.rules.max_gigs
    if most is None or len(plan.gigs) < most:
        return []
    count = len(plan.gigs)
    return [f"the plan already has {count} gig{'s' * (count != 1)}, the most the rules allow (max_gigs {most})"]


def _reason(parts: list[str], cost: float, displaced: list[str], cut: dict) -> str:
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


def _travel(problem: Problem, plan: Plan, gig: Gig, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The plan's items at other places that a gig's ``spans`` come too close to for the travel between them: a
    fixed gig's sessions, or the free time a flexible gig needs (:func:`_lost_cells`); the nearest span on each
    side of each item.

    ``"would start 10 min after MATH 201 ends on campus; 35 min needed to get downtown"``.
    """
    here = place_of(gig.location)
    if here is None:
        return []
    where = {c.id: place_of(c.location) for c in problem.commitments}
    where |= {g.id: place_of(problem.gig(g.id).location) for g in plan.gigs}
    rules = problem.rules
    out = []
    for block in plan.blocks:
        there = where.get(block.id) if block.kind != "travel" else None
        if there is None or there == here:
            continue
        to_here, to_there = rules.travel_minutes(there, here), rules.travel_minutes(here, there)
        after = min((gap for start, _ in spans if (gap := (start - block.end) % WEEK) < to_here), default=None)
        before = min((gap for _, end in spans if (gap := (block.start - end) % WEEK) < to_there), default=None)
        texts = []
        if after is not None:
            texts.append(
                f"would start {after} min after {block.id} ends on {there}; {to_here} min needed to get to {here}"
            )
        if before is not None:
            texts.append(
                f"would end {before} min before {block.id} starts on {there}; {to_there} min needed to get there"
            )
        out += [text for text in texts if text not in out]
    return out


def _lost_cells(kind: Any, plan: Plan, gig: Gig) -> list[tuple[int, int]]:
    """The cells ``(start, end)`` of a flexible gig at a place, free of the plan's gig blocks, that the travel to and
    from the plan's gigs at other places takes, when that travel is what stands in its way: without it the gig's
    fewest hours fit in its free time (in blocks of at least ``min_block``), with it not. Only the free time is
    weighed, not the caps (the cost, from re-solving, is exact either way); the commitments' travel is out of its
    cells already."""
    problem, here = kind.problem, place_of(gig.location)
    if here is None:
        return []
    flexible = kind.prepared.flexible[kind.take(gig.id)[1]]
    busy, zone = np.zeros(WEEK, dtype=bool), np.zeros(WEEK, dtype=bool)
    for block in plan.blocks:
        if block.kind != "gig":
            continue
        busy[np.arange(block.start, block.end) % WEEK] = True
        there = place_of(problem.gig(block.id).location)
        if there not in (None, here):
            before, after = problem.rules.travel_minutes(here, there), problem.rules.travel_minutes(there, here)
            zone[np.arange(block.start - before, block.end + after) % WEEK] = True
    least, most = gig.step_range
    least = max(least, 1)  # a gig taken works at least one block

    def fits(cells: np.ndarray) -> bool:
        allowed = np.zeros(WEEK // flexible.grid, dtype=bool)
        allowed[cells] = True
        return "1" in reachable_totals(allowed, flexible.block)[least : most + 1]

    free, clear = flexible.free_cells(busy), flexible.free_cells(busy | zone)
    if not fits(free) or fits(clear):
        return []
    grid = flexible.grid
    return [(int(c) * grid, (int(c) + 1) * grid) for c in np.setdiff1d(free, clear)]


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
