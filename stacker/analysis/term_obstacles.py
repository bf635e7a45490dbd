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

from ..problem.items import Gig
from ..problem.week import DAY, hours_text

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
        return _project(prepared, plan, candidate)
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
    """The plan's gig blocks at other places a fixed gig's sessions come too close to, in the week's words, with
    the first date and how many more: ``"would start 10 min after lab ends on campus; 35 min needed to get to
    downtown on 2027-03-09"`` (a commitment too close excludes the gig before the plan, with its reason)."""
    from ..presolve.travel import REMOTE

    travel, here = prepared.travel, candidate.place
    if candidate.kind != "fixed" or here == REMOTE:
        return []
    where = {c.gig.id: c.place for c in prepared.candidates if c.place != REMOTE}
    found: dict[str, list[dt.date]] = {}
    for block in plan.blocks:
        there = where.get(block.id, REMOTE) if block.kind == "gig" else REMOTE
        if there in (REMOTE, here):
            continue
        for start, end in candidate.occurrences:
            after, before = start - block.minutes[1], block.minutes[0] - end
            if 0 <= after < (need := int(travel.minutes[there, here])):
                text = (f"would start {after} min after {block.id} ends on {travel.places[there]}; "
                        f"{need} min needed to get to {travel.places[here]}")  # fmt: skip
            elif 0 <= before < (need := int(travel.minutes[here, there])):
                text = (f"would end {before} min before {block.id} starts on {travel.places[there]}; "
                        f"{need} min needed to get there")  # fmt: skip
            else:
                continue
            found.setdefault(text, []).append(prepared.calendar.date(start // DAY))
    return [
        f"{text} on {dates[0]}" + (f" and on {len(dates) - 1} more dates" if len(dates) > 1 else "")
        for text, dates in found.items()
    ]


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
