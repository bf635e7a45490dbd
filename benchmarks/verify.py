"""An independent check of every method's plan, so that no method wins by cheating.

:func:`verify` takes a problem and a method's result (``chosen`` hours and
``blocks``) and returns what is wrong with it, if anything: overlaps (with a
commitment or between gigs), fixed gigs not exactly at their sessions,
flexible gigs outside their windows, off their grid, in blocks shorter than
``min_block`` or with hours outside their range, caps broken, two items at
different places closer than the rules' travel minutes between them, or a
reported value that is not the documented formula of the chosen hours. It reads only
the public data objects and uses none of the baselines' or stacker's code.
"""

from __future__ import annotations

import numpy as np

import stacker

DAY = 24 * 60
WEEK = 7 * DAY
TOL = 1e-6
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _mask(intervals) -> np.ndarray:
    """Minute mask of intervals ``(start, end)``, ``end`` may pass Sunday midnight."""
    out = np.zeros(WEEK, dtype=bool)
    for start, end in intervals:
        out[np.arange(start, end) % WEEK] = True
    return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Maximal runs of True on the circular week, as ``(start, length)``."""
    if not mask.any():
        return []
    if mask.all():
        return [(0, WEEK)]
    shift = int(np.flatnonzero(~mask)[0])
    rolled = np.roll(mask, -shift)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rolled.astype(np.int8), [0]))))
    return [(int((s + shift) % WEEK), int(e - s)) for s, e in zip(edges[::2], edges[1::2])]


def _travel_faults(problem: stacker.Problem, by_gig: dict, gigs: dict) -> list[str]:
    """Items at different places (``location``, not remote) closer than ``rules.travel`` says, read as written."""
    travel = problem.rules.travel
    if not travel:
        return []
    listed = {(pair["from"], pair["to"]): int(pair["minutes"]) for pair in travel.get("between", ())}

    def minutes(a: str, b: str) -> int:
        if a == b:
            return 0
        return listed.get((a, b), listed.get((b, a), int(travel.get("default", 0))))

    def place(location: str | None) -> str | None:
        return None if location is None or location.strip().lower() == "remote" else location

    items = [(place(c.location), s, e) for c in problem.commitments if place(c.location) for s, e in c.intervals]
    items += [(place(gigs[g].location), s, e) for g, blocks in by_gig.items() if g in gigs and place(gigs[g].location)
              for s, e in blocks]  # fmt: skip
    items.sort(key=lambda item: item[1])
    starts = np.array([item[1] for item in items], dtype=np.int64)
    most = max([int(travel.get("default", 0)), *listed.values()])
    errors = []
    for here, _, end in items:
        for shift in (0, WEEK):
            lo, hi = np.searchsorted(starts, end - shift), np.searchsorted(starts, end + most - shift)
            for there, start, _ in items[lo:hi]:
                gap = (start - end) % WEEK
                if there != here and gap < minutes(here, there):
                    errors.append(
                        f"{gap} min from {here} to {there} at minute {start % WEEK}: {minutes(here, there)} needed"
                    )
    return errors


def verify(problem: stacker.Problem, result: dict) -> list[str]:
    """Everything wrong with ``result`` as a plan of ``problem`` (empty when it is valid)."""
    errors: list[str] = []
    if result.get("status") not in ("optimal", "feasible", "heuristic"):
        return errors
    gigs = {g.id: g for g in problem.gigs}
    chosen: dict[str, float] = result.get("chosen", {})
    by_gig: dict[str, list[tuple[int, int]]] = {}
    for gig_id, start, end in result.get("blocks", []):
        by_gig.setdefault(gig_id, []).append((int(start), int(end)))
    for gig_id in by_gig:
        if gig_id not in chosen:
            errors.append(f"blocks for {gig_id!r}, which is not chosen")
    use = np.zeros(WEEK, dtype=np.int32)
    counted = np.zeros(WEEK, dtype=bool)
    for c in problem.commitments:
        m = _mask(c.intervals)
        use += m
        if c.counts_toward_cap:
            counted |= m
    work = np.zeros(WEEK, dtype=bool)
    value = 0.0
    for gig_id, hours in chosen.items():
        gig = gigs.get(gig_id)
        if gig is None:
            errors.append(f"unknown gig {gig_id!r}")
            continue
        m = _mask(by_gig.get(gig_id, []))
        minutes = int(m.sum())
        if sum(e - s for s, e in by_gig.get(gig_id, [])) != minutes:
            errors.append(f"{gig_id}: its own blocks overlap")
        if abs(minutes - hours * 60) > TOL:
            errors.append(f"{gig_id}: {hours} h chosen but blocks hold {minutes} min")
        if gig.is_fixed:
            if not np.array_equal(m, _mask(gig.intervals)):
                errors.append(f"{gig_id}: fixed gig not exactly at its sessions")
        else:
            lo, hi = gig.hour_range
            if not lo - TOL <= minutes / 60 <= hi + TOL:
                errors.append(f"{gig_id}: {minutes / 60} h outside {lo}-{hi}")
            if gig.window_intervals and (m & ~_mask(gig.window_intervals)).any():
                errors.append(f"{gig_id}: outside its windows")
            for start, length in _runs(m):
                if start % gig.grid or length % gig.grid:
                    errors.append(f"{gig_id}: block at minute {start} ({length} min) off the {gig.grid}-min grid")
                if length < gig.min_block:
                    errors.append(f"{gig_id}: block at minute {start} is {length} min < min_block {gig.min_block}")
        use += m
        work |= m
        value += gig.value(minutes / 60, problem.weights)
    if (use > 1).any():
        minute = int(np.flatnonzero(use > 1)[0])
        errors.append(f"overlap at {DAYS[minute // DAY]} minute {minute % DAY}")
    limits = problem.limits
    everything = counted | work
    if everything.sum() > limits.max_hours * 60 + TOL:
        errors.append(f"{everything.sum() / 60} h over max_hours {limits.max_hours}")
    if limits.max_work_hours is not None and work.sum() > limits.max_work_hours * 60 + TOL:
        errors.append(f"{work.sum() / 60} gig h over max_work_hours {limits.max_work_hours}")
    if limits.max_day_hours is not None:
        per_day = everything.reshape(7, DAY).sum(axis=1)
        for d in np.flatnonzero(per_day > limits.max_day_hours * 60 + TOL):
            errors.append(f"{per_day[d] / 60} h on day {d} over max_day_hours {limits.max_day_hours}")
    errors += _travel_faults(problem, by_gig, gigs)
    reported = result.get("value")
    if reported is None or abs(reported - value) > TOL * max(1.0, abs(value)):
        errors.append(f"reported value {reported} but the chosen hours are worth {value}")
    return errors
