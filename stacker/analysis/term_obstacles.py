"""What stands in the way of a gig left out of a term's plan: clashes on dates, caps in named weeks.

The term's counterpart of the week's clash and cap phrases in
:mod:`.leftout`: a fixed gig's sessions that meet the plan's gig blocks on
some dates; the plan's gig blocks at other places its sessions come too
close to for the travel between them; the caps (in force in each week or fortnight) that its
fewest hours would break on top of the plan; and for a project, whether
the caps leave it room to be finished by its due date, naming the cap and
the weeks that bind, e.g. ``"cannot be finished by 2027-02-26 under
max_work_hours 20 in the weeks of 2027-02-15 and 2027-02-22 (this plan's
other work leaves it at most 18 of its 25 h)"``: an upper bound on its room,
each week under its caps, and each pair of its weeks (from its first) under
the fortnight's cap.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from ..problem.items import Gig
from ..problem.week import DAY, WEEK, hours_text

if TYPE_CHECKING:
    from ..presolve.term import Candidate, TermPrepared
    from ..termplan import TermPlan

CAPS = ("max_work_hours", "max_hours")


def weeks_text(mondays: list[dt.date], *, most: int = 4) -> str:
    """``"the week of A"``, ``"the weeks of A and B"``, ``"the weeks of A, B, C and 5 more"``."""
    dates = [d.isoformat() for d in mondays]
    if len(dates) == 1:
        return f"the week of {dates[0]}"
    if len(dates) > most:
        return f"the weeks of {', '.join(dates[: most - 1])} and {len(dates) - most + 1} more"
    return f"the weeks of {', '.join(dates[:-1])} and {dates[-1]}"


def term_obstacles(kind: Any, plan: TermPlan, gig: Gig) -> list[str]:
    """Clashes and caps in the way of ``gig`` (left out of ``plan``), in plain words."""
    prepared: TermPrepared = kind.prepared
    candidate = next((c for c in prepared.candidates if c.gig.id == gig.id), None)
    if candidate is None:
        return []
    if candidate.kind == "project":
        return _travel(prepared, plan, candidate) + _project(prepared, plan, candidate)
    return _clashes(prepared, plan, candidate) + _travel(prepared, plan, candidate) + _caps(prepared, plan, candidate)


def _used(plan: TermPlan, week: int, name: str) -> int:
    """Minutes of the plan in ``week`` that count toward cap ``name``."""
    w = plan.weeks[week]
    return round(60 * (w.work_hours if name == "max_work_hours" else w.hours))


def _clashes(prepared: TermPrepared, plan: TermPlan, candidate: Candidate) -> list[str]:
    """The plan's gig blocks that a fixed gig's sessions overlap, the first of each and how many more."""
    from ..presolve.term import when

    found: dict[str, list[tuple[int, int]]] = {}
    gig_blocks = [b for b in plan.blocks if b.kind == "gig"]
    for s, e in candidate.occurrences:
        for b in gig_blocks:
            if b.minutes[0] < e and s < b.minutes[1]:
                found.setdefault(b.id, []).append(b.minutes)
    out = []
    for gig_id, spans in found.items():
        more = f" and on {len(spans) - 1} more dates" if len(spans) > 1 else ""
        out.append(f"clashes with {gig_id!r} ({when(prepared.calendar, *spans[0])}){more}")
    return out


def _travel(prepared: TermPrepared, plan: TermPlan, candidate: Candidate) -> list[str]:
    """The plan's gig blocks at other places a gig's sessions (a fixed gig), or the free time it needs (a weekly gig or
    a project, :func:`_lost_cells`), come too close to, in the week's words, with the first date and how many more:
    ``"would start 10 min after lab ends on campus; 35 min needed to get to downtown on 2027-03-09"`` (a commitment
    too close excludes the gig before the plan, with its reason); the nearest of each side of each block."""
    from ..presolve.travel import REMOTE

    travel, here = prepared.travel, candidate.place
    if here == REMOTE:
        return []
    spans = candidate.occurrences if candidate.kind == "fixed" else _lost_cells(prepared, plan, candidate)
    where = {c.gig.id: c.place for c in prepared.candidates if c.place != REMOTE}
    found: dict[str, list[dt.date]] = {}
    for block in plan.blocks:
        there = where.get(block.id, REMOTE) if block.kind == "gig" else REMOTE
        if there in (REMOTE, here):
            continue
        (first, last), to_here = block.minutes, int(travel.minutes[there, here])
        to_there = int(travel.minutes[here, there])
        after = [(start - last, start) for start, _ in spans if 0 <= start - last < to_here]
        before = [(first - end, start) for start, end in spans if 0 <= first - end < to_there]
        if after:
            gap, start = min(after)
            text = (f"would start {gap} min after {block.id} ends on {travel.places[there]}; "
                    f"{to_here} min needed to get to {travel.places[here]}")  # fmt: skip
            found.setdefault(text, []).append(prepared.calendar.date(start // DAY))
        if before:
            gap, start = min(before)
            text = (f"would end {gap} min before {block.id} starts on {travel.places[there]}; "
                    f"{to_there} min needed to get there")  # fmt: skip
            found.setdefault(text, []).append(prepared.calendar.date(start // DAY))
    return [
        f"{text} on {dates[0]}" + (f" and on {len(dates) - 1} more dates" if len(dates) > 1 else "")
        for text, dates in found.items()
    ]


def _lost_cells(prepared: TermPrepared, plan: TermPlan, candidate: Candidate) -> list[tuple[int, int]]:
    """The cells ``(start, end)`` of a weekly gig or project, free of the plan's gig blocks, that the travel to and
    from those at other places takes, when that travel is what stands in its way: without it the gig's fewest
    hours would fit in each of its weeks (a project: its hours over its weeks, each within its most), with it not.

    Only the free time is weighed (blocks of at least ``min_block``), not the caps: the words name the travel
    where it takes the room; the cost, from re-solving, is exact either way. Commitments at other places are
    out of the gig's cells already (their travel excludes a gig before the plan, with the reason).
    """
    from ..presolve.travel import REMOTE

    here, grid, travel = candidate.place, candidate.grid, prepared.travel
    where = {c.gig.id: c.place for c in prepared.candidates}
    size = prepared.calendar.horizon + 2 * DAY
    busy, zone = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
    for block in plan.blocks:
        if block.kind != "gig":
            continue
        start, end = block.minutes
        busy[start:end] = True
        there = where.get(block.id, REMOTE)
        if there not in (REMOTE, here):
            zone[max(start - int(travel.minutes[here, there]), 0) : end + int(travel.minutes[there, here])] = True
    cells = candidate.cells
    inside = np.concatenate(([0], np.cumsum(busy)))
    free = cells[inside[cells + grid] == inside[cells]]
    inside = np.concatenate(([0], np.cumsum(zone)))
    clear = free[inside[free + grid] == inside[free]]
    room_free, room_clear = _week_room(candidate, free), _week_room(candidate, clear)
    if candidate.kind == "project":
        lost = sum(room_free.values()) >= candidate.lo > sum(room_clear.values())
        weeks = set(candidate.weeks) if lost else set()
    else:
        short = {w for w in candidate.weeks if not _fits(room_clear[w], candidate.lo)}
        weeks = short if all(_fits(room_free[w], candidate.lo) for w in candidate.weeks) else set()
    kept = set(clear.tolist())
    return [(c, c + grid) for c in free.tolist() if c not in kept and c // WEEK in weeks]


def _week_room(candidate: Candidate, cells: np.ndarray) -> dict[int, int]:
    """Per week of the gig: a project's most steps in ``cells`` (in runs of at least a block, at most its weekly
    most), or a weekly gig's step counts there (a bitset, :func:`~stacker.problem.geometry.run_totals`)."""
    from ..problem.geometry import run_totals

    grid, out = candidate.grid, {}
    for w in candidate.weeks:
        mine = cells[(cells >= w * WEEK) & (cells < (w + 1) * WEEK)]
        runs = [len(run) for run in np.split(mine, np.flatnonzero(np.diff(mine) != grid) + 1) if len(run)]
        if candidate.kind == "project":
            steps = sum(n for n in runs if n >= candidate.block)
            out[w] = steps if candidate.week_max is None else min(steps, candidate.week_max)
        else:
            out[w] = run_totals(runs, candidate.block)
    return out


def _fits(totals: int, least: int) -> bool:
    """Whether step counts ``totals`` (a bitset) hold at least ``least`` steps (a weekly gig's fewest, or more)."""
    return totals >> max(least, 1) != 0


def _fewest(candidate: Candidate) -> dict[int, int]:
    """A fixed or weekly gig's fewest minutes in each of its weeks when taken."""
    if candidate.kind == "fixed":
        return dict(candidate.week_minutes)
    return dict.fromkeys(candidate.weeks, max(candidate.lo, 1) * candidate.grid)


def _caps(prepared: TermPrepared, plan: TermPlan, candidate: Candidate) -> list[str]:
    """The caps the plan would break in some weeks (fortnights, days) with the gig's fewest hours added."""
    calendar, extra = prepared.calendar, _fewest(candidate)
    out = []
    for name in CAPS:
        over = {}
        for w, minutes in extra.items():
            cap = prepared.cap(w, name)
            if cap is not None and _used(plan, w, name) + minutes > cap:
                over[w] = _used(plan, w, name) + minutes - cap
        if over:
            hours = {calendar.week_limits[w][name] for w in over}
            cap_text = "/".join(f"{h:g} h" for h in sorted(hours))  # type: ignore[type-var]
            out.append(
                f"would exceed {name} ({cap_text}) in {weeks_text([calendar.date(7 * w) for w in sorted(over)])} "
                f"by up to {hours_text(max(over.values()), up=True)}"
            )
    fortnights = []
    for w in range(calendar.weeks - 1):
        cap = prepared.fortnight_cap(w)
        added = extra.get(w, 0) + extra.get(w + 1, 0)
        used = _used(plan, w, "max_work_hours") + _used(plan, w + 1, "max_work_hours")
        if cap is not None and added and used + added > cap:
            fortnights.append(w)
    if fortnights:
        first = calendar.date(7 * fortnights[0])
        more = f" and {len(fortnights) - 1} more" if len(fortnights) > 1 else ""
        out.append(
            f"would exceed max_fortnight_work_hours ({calendar.fortnight_caps[fortnights[0]]:g} h) "
            f"in the fortnight of {first}{more}"
        )
    return out


def _project(prepared: TermPrepared, plan: TermPlan, candidate: Candidate) -> list[str]:
    """Whether the week caps, with the plan's other work, leave a project room to be finished by its due date."""
    calendar, grid = prepared.calendar, candidate.grid
    total = candidate.lo * grid
    left, binding = {}, {}
    for w in candidate.weeks:
        alone = candidate.room[w] if candidate.week_max is None else min(candidate.room[w], candidate.week_max)
        left[w] = alone * grid
        for name in CAPS:
            cap = prepared.cap(w, name)
            if cap is not None:
                free = max(cap - _used(plan, w, name), 0) // grid * grid
                if free < left[w]:
                    left[w], binding[w] = free, name
    room, fortnights, weeks = 0, [], sorted(left)
    while weeks:  # consecutive weeks in pairs: each pair also under its fortnight's cap
        w = weeks.pop(0)
        cap = prepared.fortnight_cap(w) if w + 1 in left else None
        if cap is None:
            room += left[w]
            continue
        weeks.remove(w + 1)
        free = max(cap - _used(plan, w, "max_work_hours") - _used(plan, w + 1, "max_work_hours"), 0) // grid * grid
        room += min(left[w] + left[w + 1], free)
        if free < left[w] + left[w + 1]:
            fortnights.append(w)
    if room >= total:
        return []
    due = candidate.gig.due or calendar.term.end
    by_cap: dict[tuple[str, float | None], list[dt.date]] = {}
    for w, name in sorted(binding.items()):
        by_cap.setdefault((name, calendar.week_limits[w][name]), []).append(calendar.date(7 * w))
    parts = [f"{name} {hours:g} in {weeks_text(mondays)}" for (name, hours), mondays in by_cap.items()]
    for w in fortnights:
        parts.append(
            f"max_fortnight_work_hours {calendar.fortnight_caps[w]:g} in the fortnight of {calendar.date(7 * w)}"
        )
    under = ", and ".join(parts)
    return [
        f"cannot be finished by {due} under {under} (this plan's other work leaves it at most "
        f"{room / 60:g} of its {total / 60:g} h)"
    ]
