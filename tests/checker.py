"""An independent feasibility checker for stacker plans.

This module deliberately shares no code with stacker's model builder: it
does not import ``stacker.week``, ``stacker.presolve`` or ``stacker.cpsat``.
It reads only the public fields of the problem objects (session and window
*strings*, hours, grid, min_block, pay, caps, weights) and of the plan, and
re-derives all time arithmetic with its own small parser.

Time model (re-derived here): a time is a whole number of minutes from
Monday 00:00; the week is ``WEEK = 10080`` minutes and circular. An interval
``(start, end)`` has ``0 <= start < WEEK`` and ``start < end``; an interval
with ``end > WEEK`` runs past Sunday midnight into Monday.

Use :func:`assert_plan_is_feasible` on every plan a test produces, and
:func:`plan_value` to recompute what a plan is worth.
"""

from __future__ import annotations

import itertools
import math
import re

DAY = 1440
WEEK = 7 * DAY
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
COMMITMENT_KINDS = ("class", "volunteer", "other")
TOL = 1e-6

_SESSION = re.compile(r"^\s*(\S+(?:\s*,\s*\S+)*)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


# --------------------------------------------------------------------------- parsing


def _day(name: str) -> int:
    key = name.strip().lower()
    if key in DAY_NAMES:
        return DAY_NAMES.index(key)
    if key in FULL_DAY_NAMES:
        return FULL_DAY_NAMES.index(key)
    raise AssertionError(f"checker: unknown day name {name!r}")


def parse_session(text: str) -> list[tuple[int, int]]:
    """``"Tue,Thu 13:00-14:15"`` -> ``[(start, end), ...]`` in week minutes, one per day.

    Days: comma-separated names and ``Mon-Fri`` ranges (a range may wrap,
    ``Sat-Mon``). An end at or before the start means the next day; ``24:00``
    is a valid end. Sunday night runs past ``WEEK`` (wraps to Monday).
    """
    match = _SESSION.match(text)
    if match is None:
        raise AssertionError(f"checker: cannot parse session {text!r}")
    days_text, h1, m1, h2, m2 = match.groups()
    days: list[int] = []
    for part in days_text.split(","):
        part = part.strip()
        if "-" in part:
            first, last = part.split("-")
            a, b = _day(first), _day(last)
            k = a
            while True:
                days.append(k)
                if k == b:
                    break
                k = (k + 1) % 7
        else:
            days.append(_day(part))
    start = int(h1) * 60 + int(m1)
    end = int(h2) * 60 + int(m2)
    assert 0 <= start < DAY, f"checker: bad start in {text!r}"
    assert 0 <= end <= DAY, f"checker: bad end in {text!r}"
    length = end - start if end > start else end + DAY - start
    return [(d * DAY + start, d * DAY + start + length) for d in days]


def parse_all(texts) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for text in texts:
        out.extend(parse_session(text))
    return out


# --------------------------------------------------------------------------- time arithmetic


def split_at_midnight(start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of ``[start, end)`` that each lie inside one calendar day, mapped into ``[0, WEEK)``."""
    out = []
    t = start
    while t < end:
        cut = min(end, (t // DAY + 1) * DAY)
        base = (t // WEEK) * WEEK
        out.append((t - base, cut - base))
        t = cut
    return out


def day_minutes(intervals) -> list[int]:
    """Minutes per calendar day (Mon..Sun) covered by the intervals."""
    per_day = [0] * 7
    for s, e in intervals:
        for ps, pe in split_at_midnight(s, e):
            per_day[ps // DAY] += pe - ps
    return per_day


def minute_set(intervals) -> set[int]:
    """Every week minute (mod WEEK) covered by the intervals."""
    out: set[int] = set()
    for s, e in intervals:
        out.update(m % WEEK for m in range(s, e))
    return out


def _text(interval) -> str:
    s, e = interval
    day, start = divmod(s % WEEK, DAY)
    end = start + (e - s)
    end_day_minute = end if end <= DAY else end - DAY
    return f"{DAY_NAMES[day].title()} {start // 60:02d}:{start % 60:02d}-{end_day_minute // 60:02d}:{end_day_minute % 60:02d}"


def _overlapping_pairs(items):
    """``items``: list of (start, end, label). Yields overlapping pairs (by minutes mod WEEK)."""
    pieces = []
    for s, e, label in items:
        for ps, pe in split_at_midnight(s, e):
            pieces.append((ps, pe, label, (s, e)))
    pieces.sort(key=lambda p: (p[0], p[1]))
    for i, a in enumerate(pieces):
        for b in pieces[i + 1 :]:
            if b[0] >= a[1]:
                break
            yield a, b


def runs_of(intervals, *, circular: bool = True) -> list[tuple[int, int]]:
    """Merge touching or overlapping intervals (mod WEEK, across Sunday->Monday) into maximal runs."""
    minutes = sorted(minute_set(intervals))
    if not minutes:
        return []
    if len(minutes) == WEEK:
        return [(0, WEEK)]
    runs = []
    start = prev = minutes[0]
    for m in minutes[1:]:
        if m != prev + 1:
            runs.append((start, prev + 1))
            start = m
        prev = m
    runs.append((start, prev + 1))
    if circular and len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == WEEK:
        first = runs.pop(0)
        last = runs.pop()
        runs.append((last[0], WEEK + first[1]))
    return runs


# --------------------------------------------------------------------------- the problem, re-derived


def hour_range(gig) -> tuple[float, float]:
    if gig.sessions:
        minutes = sum(e - s for s, e in parse_all(gig.sessions))
        return minutes / 60, minutes / 60
    if gig.hours is not None:
        return float(gig.hours), float(gig.hours)
    return float(gig.min_hours), float(gig.max_hours)


def gig_rate(gig, weights) -> float:
    """Value per hour: ``pay_rate + relevance_value * relevance + growth_value * growth``."""
    return (
        float(gig.pay_rate or 0)
        + float(weights.relevance_value) * float(gig.relevance)
        + float(weights.growth_value) * float(gig.growth)
    )


def gig_flat(gig, weights) -> float:
    """Value per week when taken at all: ``weekly_pay + mentor_value * mentor``."""
    return float(gig.weekly_pay or 0) + float(weights.mentor_value) * (1 if gig.mentor else 0)


def gig_once(gig, weights) -> float:
    """Value once when taken (in a week's plan or a term's): ``conversion_value * conversion``."""
    return float(weights.conversion_value) * float(gig.conversion)


def gig_value(gig, hours: float, weights) -> float:
    """A week of ``hours``: ``hours * rate + weekly_pay + mentor_value * mentor + conversion_value * conversion``."""
    return hours * gig_rate(gig, weights) + gig_flat(gig, weights) + gig_once(gig, weights)


def gig_pay(gig, hours: float) -> float:
    return hours * float(gig.pay_rate or 0) + float(gig.weekly_pay or 0)


def commitments_infeasible(problem) -> list[str]:
    """Why the commitments alone cannot be kept (empty list when they can)."""
    why = []
    items = [(s, e, c.id) for c in problem.commitments for s, e in parse_all(c.sessions)]
    for a, b in _overlapping_pairs(items):
        why.append(f"commitments {a[2]!r} {_text(a[3])} and {b[2]!r} {_text(b[3])} overlap")
    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in parse_all(c.sessions)]
    total = sum(e - s for s, e in counted)
    if total > problem.limits.max_hours * 60 + 1e-9:
        why.append(f"commitments take {total} min > max_hours")
    if problem.limits.max_day_hours is not None:
        for d, m in enumerate(day_minutes(counted)):
            if m > problem.limits.max_day_hours * 60 + 1e-9:
                why.append(f"commitments take {m} min on {DAY_NAMES[d]} > max_day_hours")
    placed = [(place_of(c), s, e, c.id) for c in problem.commitments if place_of(c) for s, e in parse_all(c.sessions)]
    why += travel_breaks(problem, placed)
    return why


def commitments_travel_over(problem) -> list[str]:
    """The caps the commitments alone break with the travel between them, when it counts (``rules.travel_counts``).

    Then the empty choice of gigs is no plan (a gig in between could still shorten the travel when going
    through a third place is quicker; the oracle decides those).
    """
    if not travel_counts(problem):
        return []
    items = [(place_of(c), s, e, c.id) for c in problem.commitments if place_of(c) for s, e in parse_all(c.sessions)]
    travel = day_travel(problem, items)
    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in parse_all(c.sessions)]
    limits, why = problem.limits, []
    if sum(e - s for s, e in counted) + sum(travel) > limits.max_hours * 60 + 1e-9:
        why.append(f"commitments and their {sum(travel)} min of travel > max_hours")
    if limits.max_day_hours is not None:
        for d, (m, t) in enumerate(zip(day_minutes(counted), travel)):
            if m + t > limits.max_day_hours * 60 + 1e-9:
                why.append(f"commitments and their {t} min of travel on {DAY_NAMES[d]} > max_day_hours")
    return why


_CLOCK_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def rule_minutes(problem) -> set[int]:
    """Minutes of the week (0..WEEK-1) in which the problem's rules allow no gig work (quiet hours, days off).

    Re-derived from the public strings ``rules.quiet_hours`` (``"22:00-08:00"``: every day, past midnight
    when the end is not after the start) and the day names of ``rules.days_off`` (dates are a term's).
    """
    rules = getattr(problem, "rules", None)
    if rules is None:
        return set()
    out: set[int] = set()
    for text in rules.quiet_hours:
        match = _CLOCK_RANGE.match(text)
        assert match is not None, f"checker: cannot parse quiet hours {text!r}"
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            end += DAY
        for d in range(7):
            out.update(m % WEEK for m in range(d * DAY + start, d * DAY + end))
    for day in rules.days_off:
        if isinstance(day, str) and day.strip().lower() in DAY_NAMES + FULL_DAY_NAMES:
            d = _day(day)
            out.update(range(d * DAY, (d + 1) * DAY))
    return out


def rule_breaks(problem, gig, intervals) -> list[str]:
    """The problem's rules that taking ``gig`` with work in ``intervals`` (week minutes) breaks."""
    rules = getattr(problem, "rules", None)
    if rules is None:
        return []
    why = []
    banned = set(gig.fields) & set(rules.forbid_fields)
    if banned:
        why.append(f"gig {gig.id!r} has a forbidden field {sorted(banned)}")
    blocked = rule_minutes(problem)
    for s, e in intervals:
        hit = next((m for m in range(s, e) if m % WEEK in blocked), None)
        if hit is not None:
            why.append(f"gig {gig.id!r} works {_text((s, e))}, in the rules' quiet hours or days off (minute {hit})")
    return why


def place_of(item) -> str | None:
    """An item's place for travel: its ``location`` unless none or remote (any case)."""
    location = getattr(item, "location", None)
    if location is None or location.strip().lower() == "remote":
        return None
    return location


def travel_minutes(problem, origin: str, destination: str) -> int:
    """Minutes from one place to another, re-derived from the raw ``rules.travel`` mapping.

    A listed pair holds both ways unless the other direction is listed too; ``default`` (else 0) for the rest.
    """
    if origin == destination:
        return 0
    travel = getattr(getattr(problem, "rules", None), "travel", None) or {}
    listed = {(pair["from"], pair["to"]): pair["minutes"] for pair in travel.get("between", ())}
    if (origin, destination) in listed:
        return int(listed[(origin, destination)])
    if (destination, origin) in listed:
        return int(listed[(destination, origin)])
    return int(travel.get("default", 0))


def travel_breaks(problem, items) -> list[str]:
    """Pairs of ``items`` ``(place, start, end, name)`` at different places closer than the travel between them.

    The gap from the end of one to the start of the other is measured forward on the circular week.
    """
    why = []
    for a in items:
        for b in items:
            if a is b or a[0] == b[0]:
                continue
            need = travel_minutes(problem, a[0], b[0])
            gap = (b[1] - a[2]) % WEEK
            if gap < need and not (a[1] < b[2] and b[1] < a[2]):
                why.append(
                    f"{a[3]} ends {_text(a[1:3])} at {a[0]}, {b[3]} starts {gap} min later at {b[0]}: {need} needed"
                )
    return why


def day_travel(problem, items) -> list[int]:
    """Travel minutes per calendar day (Mon..Sun) between ``items`` ``(place, start, end, name)``, as counted
    under ``rules.travel_counts``: each item cut at midnight into its days; on each day, in time order, the
    travel from each piece's place to the next one's when they differ (the first piece of a day, a part of an
    item from the day before, is where the day starts)."""
    per_day: list[list[tuple[int, str]]] = [[] for _ in range(7)]
    for place, s, e, _name in items:
        for ps, _pe in split_at_midnight(s, e):
            per_day[ps // DAY].append((ps, place))
    out = [0] * 7
    for d, pieces in enumerate(per_day):
        pieces.sort()
        out[d] = sum(travel_minutes(problem, a, b) for (_, a), (_, b) in itertools.pairwise(pieces) if a != b)
    return out


def travel_items(problem, gigs_by_id, gig_blocks) -> list[tuple]:
    """The commitments and the gigs' blocks at places, as travel items ``(place, start, end, name)``."""
    items = [
        (place_of(c), s, e, repr(c.id)) for c in problem.commitments if place_of(c) for s, e in parse_all(c.sessions)
    ]
    items += [(place_of(gigs_by_id[g]), s, e, repr(g)) for g, blocks in gig_blocks.items() if place_of(gigs_by_id[g])
              for s, e in blocks]  # fmt: skip
    return items


def travel_counts(problem) -> bool:
    """Whether travel minutes count toward max_hours and max_day_hours (``rules.travel_counts``)."""
    return bool(getattr(getattr(problem, "rules", None), "travel_counts", False))


def _check_travel(problem, plan, gigs_by_id, gig_blocks) -> None:
    """Items at different places keep the travel gap; each travel block ends as an item at its destination starts;
    the travel blocks of each day are its travel (:func:`day_travel`)."""
    items = travel_items(problem, gigs_by_id, gig_blocks)
    breaks = travel_breaks(problem, items)
    assert not breaks, f"the plan breaks the travel time: {breaks[:3]}"
    for b in plan.blocks:
        if b.kind != "travel":
            continue
        origin, _, destination = b.id.partition(" to ")
        assert b.end - b.start == travel_minutes(problem, origin, destination), f"travel block {b} has the wrong length"
        assert any(p == destination and s % WEEK == b.end % WEEK for p, s, _, _ in items), (
            f"travel block {b} does not end as an item at {destination!r} starts"
        )
        assert any(p == origin and (b.start - e) % WEEK < DAY for p, _, e, _ in items), (
            f"travel block {b} does not follow an item at {origin!r}"
        )
    shown = day_minutes([(b.start, b.end) for b in plan.blocks if b.kind == "travel"])
    assert shown == day_travel(problem, items), f"travel blocks per day {shown} != travel {day_travel(problem, items)}"


def required_infeasible(problem, required) -> list[str]:
    """Why the commitments and these required fixed gigs cannot all be kept (empty when they can)."""
    why = commitments_infeasible(problem)
    for g in required:
        why += rule_breaks(problem, g, parse_all(g.sessions))
    rules = getattr(problem, "rules", None)
    if rules is not None and rules.max_gigs is not None and len(required) > rules.max_gigs:
        why.append(f"{len(required)} required gigs, over the rules' max_gigs ({rules.max_gigs})")
    items = [(s, e, c.id) for c in problem.commitments for s, e in parse_all(c.sessions)]
    items += [(s, e, g.id) for g in required for s, e in parse_all(g.sessions)]
    for a, b in _overlapping_pairs(items):
        why.append(f"{a[2]!r} {_text(a[3])} and {b[2]!r} {_text(b[3])} overlap")
    placed = [(place_of(x), s, e, x.id) for x in (*problem.commitments, *required) if place_of(x)
              for s, e in parse_all(x.sessions)]  # fmt: skip
    why += travel_breaks(problem, placed)
    work = [iv for g in required for iv in parse_all(g.sessions)]
    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in parse_all(c.sessions)] + work
    limits = problem.limits
    if sum(e - s for s, e in counted) > limits.max_hours * 60 + 1e-9:
        why.append("commitments and required gigs exceed max_hours")
    if limits.max_work_hours is not None and sum(e - s for s, e in work) > limits.max_work_hours * 60 + 1e-9:
        why.append("required gigs exceed max_work_hours")
    if limits.max_day_hours is not None and any(m > limits.max_day_hours * 60 + 1e-9 for m in day_minutes(counted)):
        why.append("commitments and required gigs exceed max_day_hours on some day")
    return why


def requirements_hold(problem, items) -> bool:
    """Whether these requirements ``(kind, name)`` can all hold together, by the checker's own reckoning.

    ``kind`` is ``"commitment"`` (keep it), ``"gig"`` (a required fixed gig: take it) or ``"limit"`` (the cap
    ``name`` of the problem's limits applies; caps not named are lifted). Used to check that a conflict
    (stacker.diagnose, stacker.cpsat.conflicts) really cannot hold and that it is minimal.
    """
    keep = {name for kind, name in items if kind == "commitment"}
    required = [name for kind, name in items if kind == "gig"]
    caps = {name for kind, name in items if kind == "limit"}
    limits = problem.limits
    reduced = problem.replace(
        commitments=[c for c in problem.commitments if c.id in keep],
        gigs=[g for g in problem.gigs if g.id in required],
        limits=limits.replace(
            max_hours=limits.max_hours if "max_hours" in caps else 168,
            max_work_hours=limits.max_work_hours if "max_work_hours" in caps else None,
            max_day_hours=limits.max_day_hours if "max_day_hours" in caps else None,
        ),
        require=required,
        forbid=[],
    )
    return not required_infeasible(reduced, list(reduced.gigs))


# --------------------------------------------------------------------------- the checker


def _close(a: float, b: float, tol: float = TOL) -> bool:
    return a is not None and b is not None and math.isfinite(a) and abs(a - b) <= tol


def assert_plan_is_feasible(problem, plan) -> None:
    """Raise AssertionError (with a precise message) unless ``plan`` is a valid plan of ``problem``.

    Checks: no two blocks overlap; commitments kept exactly; each chosen
    fixed gig has exactly its sessions; flexible gigs inside their windows, on
    their grid, blocks >= min_block (touching blocks of one gig are one
    block), hours within range; unchosen gigs have no blocks; excluded gigs
    not chosen; the student's rules kept (no gig with a forbidden field, no
    gig work in quiet hours or on days off, at most max_gigs gigs); every cap held; chosen gig hours/pay/value, totals and the
    objective recomputed from the formula.
    """
    status = getattr(plan.status, "value", plan.status)
    gigs_by_id = {g.id: g for g in problem.gigs}
    commitments_by_id = {c.id: c for c in problem.commitments}
    weights, limits = problem.weights, problem.limits

    if status == "infeasible":
        required = [gigs_by_id[g] for g in getattr(problem, "require", ())]
        if not required:
            why = commitments_infeasible(problem) + commitments_travel_over(problem)
            assert why, "plan says infeasible, but the commitments alone fit (the empty choice of gigs is a plan)"
        elif all(g.sessions for g in required):
            why = required_infeasible(problem, required)
            assert why, "plan says infeasible, but the commitments and the required gigs fit together"
        assert plan.objective is None, f"infeasible plan has objective {plan.objective!r}, expected None"
        assert not plan.gigs, f"infeasible plan chose gigs {[g.id for g in plan.gigs]}"
        assert not [b for b in plan.blocks if b.kind == "gig"], "infeasible plan has gig blocks"
        assert plan.reasons, "infeasible plan gives no reasons"
        return
    assert status in ("optimal", "feasible"), f"plan has status {status!r}: no plan to check"
    assert not commitments_infeasible(problem), (
        f"plan has status {status!r} but the commitments cannot be kept: {commitments_infeasible(problem)}"
    )

    # --- blocks are well formed
    for b in plan.blocks:
        assert isinstance(b.start, int) and isinstance(b.end, int), f"block {b} has non-integer times"
        assert 0 <= b.start < WEEK, f"block {b.id!r} starts at {b.start}, outside [0, {WEEK})"
        assert b.start < b.end <= b.start + DAY, f"block {b.id!r} ({b.start}, {b.end}) is empty or longer than a day"
        if b.kind == "travel":
            continue  # checked with the travel gaps below
        if b.kind == "gig":
            assert b.id in gigs_by_id, f"gig block {b.id!r} is not a gig of the problem"
        else:
            assert b.kind in COMMITMENT_KINDS, f"block {b.id!r} has unknown kind {b.kind!r}"
            assert b.id in commitments_by_id, f"block {b.id!r} of kind {b.kind!r} is not a commitment of the problem"
            assert commitments_by_id[b.id].kind == b.kind, (
                f"block {b.id!r} has kind {b.kind!r}, the commitment is a {commitments_by_id[b.id].kind!r}"
            )

    # --- no two blocks overlap (circular week; pieces split at midnight)
    for a, b in _overlapping_pairs([(blk.start, blk.end, blk.id) for blk in plan.blocks if blk.kind != "travel"]):
        raise AssertionError(f"blocks overlap: {a[2]!r} {_text(a[3])} and {b[2]!r} {_text(b[3])}")

    # --- commitments kept, exactly their sessions
    for c in problem.commitments:
        want = sorted(parse_all(c.sessions))
        got = sorted((b.start, b.end) for b in plan.blocks if b.id == c.id and b.kind != "gig")
        assert got == want, (
            f"commitment {c.id!r}: blocks {[_text(i) for i in got]} differ from its sessions {[_text(i) for i in want]}"
        )

    # --- chosen gigs
    chosen_ids = [g.id for g in plan.gigs]
    assert len(set(chosen_ids)) == len(chosen_ids), f"a gig is chosen twice: {chosen_ids}"
    for gid in chosen_ids:
        assert gid in gigs_by_id, f"chosen gig {gid!r} is not in the problem"
    for gid in getattr(problem, "require", ()):
        assert gid in chosen_ids, f"required gig {gid!r} is not in the plan"
    for gid in getattr(problem, "forbid", ()):
        assert gid not in chosen_ids, f"forbidden gig {gid!r} is in the plan"
    excluded_ids = {e.id for e in plan.excluded}
    for gid in excluded_ids:
        assert gid in gigs_by_id, f"excluded {gid!r} is not a gig of the problem"
        assert gid not in chosen_ids, f"gig {gid!r} is both excluded and chosen"
    order = [g.id for g in problem.gigs]
    assert chosen_ids == sorted(chosen_ids, key=order.index), f"chosen gigs {chosen_ids} not in problem order"

    gig_blocks: dict[str, list[tuple[int, int]]] = {}
    for b in plan.blocks:
        if b.kind == "gig":
            gig_blocks.setdefault(b.id, []).append((b.start, b.end))
    unchosen_with_blocks = sorted(set(gig_blocks) - set(chosen_ids))
    assert not unchosen_with_blocks, f"gigs {unchosen_with_blocks} have blocks but are not chosen"

    gig_minutes: dict[str, int] = {}
    for gid in chosen_ids:
        gig = gigs_by_id[gid]
        blocks = sorted(gig_blocks.get(gid, []))
        assert blocks, f"chosen gig {gid!r} has no blocks"
        minutes = sum(e - s for s, e in blocks)
        gig_minutes[gid] = minutes
        if gig.sessions:
            want = sorted(parse_all(gig.sessions))
            assert blocks == want, (
                f"fixed gig {gid!r}: blocks {[_text(i) for i in blocks]} differ from its sessions "
                f"{[_text(i) for i in want]}"
            )
        else:
            _check_flexible(gig, blocks, minutes)

    # --- the student's rules: no forbidden field, no work in quiet hours or on days off, at most max_gigs
    for gid in chosen_ids:
        breaks = rule_breaks(problem, gigs_by_id[gid], gig_blocks[gid])
        assert not breaks, f"the plan breaks the rules: {breaks}"
    _check_travel(problem, plan, gigs_by_id, gig_blocks)
    rules = getattr(problem, "rules", None)
    if rules is not None and rules.max_gigs is not None:
        assert len(chosen_ids) <= rules.max_gigs, f"{len(chosen_ids)} gigs chosen, over max_gigs ({rules.max_gigs})"

    # --- caps
    counted = [iv for c in problem.commitments if c.counts_toward_cap for iv in parse_all(c.sessions)]
    work_intervals = [iv for gid in chosen_ids for iv in gig_blocks[gid]]
    committed = sum(e - s for s, e in counted)
    work = sum(e - s for s, e in work_intervals)
    travel = day_travel(problem, travel_items(problem, gigs_by_id, gig_blocks)) if travel_counts(problem) else [0] * 7
    committed += sum(travel)  # travel counts toward max_hours and max_day_hours, not toward the work caps
    assert committed + work <= limits.max_hours * 60 + 1e-9, (
        f"max_hours broken: {committed} min of commitments (and counted travel) + {work} min of gigs > "
        f"{limits.max_hours} h"
    )
    if limits.max_work_hours is not None:
        assert work <= limits.max_work_hours * 60 + 1e-9, (
            f"max_work_hours broken: {work} min of gigs > {limits.max_work_hours} h"
        )
    if getattr(limits, "min_work_hours", None):
        assert work >= limits.min_work_hours * 60 - 1e-9, (
            f"min_work_hours broken: {work} min < {limits.min_work_hours} h"
        )
    if getattr(limits, "min_week_pay", None):
        pay = sum(gig_pay(gigs_by_id[g], gig_minutes[g] / 60) for g in chosen_ids)
        assert pay >= limits.min_week_pay - 1e-6, f"min_week_pay broken: the week pays {pay} < {limits.min_week_pay}"
    if limits.max_day_hours is not None:
        per_day = [m + t for m, t in zip(day_minutes(counted + work_intervals), travel)]
        for d, m in enumerate(per_day):
            assert m <= limits.max_day_hours * 60 + 1e-9, (
                f"max_day_hours broken on {DAY_NAMES[d].title()}: {m} min > {limits.max_day_hours} h"
            )

    # --- values and totals, recomputed from the formula
    values = []
    for cg in plan.gigs:
        gig = gigs_by_id[cg.id]
        hours = gig_minutes[cg.id] / 60
        value = gig_value(gig, hours, weights)
        values.append(value)
        assert _close(cg.hours, hours), f"gig {cg.id!r}: hours {cg.hours} but its blocks make {hours}"
        assert _close(cg.pay, gig_pay(gig, hours)), f"gig {cg.id!r}: pay {cg.pay} but should be {gig_pay(gig, hours)}"
        assert _close(cg.value, value), f"gig {cg.id!r}: value {cg.value} but the formula gives {value}"
        assert cg.fixed == bool(gig.sessions), f"gig {cg.id!r}: fixed={cg.fixed} is wrong"
        assert cg.mentor == bool(gig.mentor), f"gig {cg.id!r}: mentor={cg.mentor} is wrong"
        assert _close(cg.relevance, float(gig.relevance)), f"gig {cg.id!r}: relevance {cg.relevance} is wrong"
        for name in ("growth", "conversion"):
            if hasattr(cg, name):
                assert _close(getattr(cg, name), float(getattr(gig, name))), f"gig {cg.id!r}: {name} is wrong"
    total_value = sum(values)
    first = getattr(plan, "priorities", ("value",))[0]
    scores = {
        "value": total_value,
        "pay": sum(gig_pay(gigs_by_id[g], gig_minutes[g] / 60) for g in chosen_ids),
        "relevance": sum(gig_minutes[g] / 60 * float(gigs_by_id[g].relevance) for g in chosen_ids),
        "hours": work / 60,
        "growth": sum(gig_minutes[g] / 60 * float(gigs_by_id[g].growth) for g in chosen_ids),
        "conversion": sum(float(gigs_by_id[g].conversion) for g in chosen_ids),
    }
    assert _close(plan.objective, scores[first]), (
        f"objective {plan.objective} but the plan's {first} is {scores[first]}"
    )
    for name in ("relevance", "growth", "conversion"):
        if hasattr(plan.totals, name):
            assert _close(getattr(plan.totals, name), scores[name]), (
                f"totals.{name} {getattr(plan.totals, name)} but the chosen gigs make {scores[name]}"
            )
    totals = plan.totals
    assert _close(totals.work_hours, work / 60), f"totals.work_hours {totals.work_hours} but gigs take {work / 60} h"
    assert _close(totals.hours, (committed + work) / 60), (
        f"totals.hours {totals.hours} but counted hours are {(committed + work) / 60}"
    )
    pay = sum(gig_pay(gigs_by_id[g], gig_minutes[g] / 60) for g in chosen_ids)
    assert _close(totals.pay, pay), f"totals.pay {totals.pay} but the chosen gigs pay {pay}"
    if hasattr(totals, "value"):
        assert _close(totals.value, total_value), f"totals.value {totals.value} but the gigs are worth {total_value}"
    if plan.bound is not None and first == "hours":
        assert plan.bound <= plan.objective + TOL, f"lower bound {plan.bound} above hours {plan.objective}"
    elif plan.bound is not None:
        assert plan.bound >= plan.objective - TOL, f"bound {plan.bound} below objective {plan.objective}"
    if status == "optimal" and plan.bound is not None:
        assert _close(plan.bound, plan.objective), f"optimal plan with bound {plan.bound} != objective {plan.objective}"


def _check_flexible(gig, blocks, minutes: int) -> None:
    gid = gig.id
    grid, min_block = int(gig.grid), int(gig.min_block)
    windows = parse_all(gig.windows) if gig.windows else [(0, WEEK)]
    allowed = minute_set(windows)
    for s, e in blocks:
        assert s % grid == 0 and e % grid == 0, (
            f"flexible gig {gid!r}: block {_text((s, e))} is off its {grid}-min grid"
        )
        outside = [m for m in range(s, e) if m % WEEK not in allowed]
        assert not outside, f"flexible gig {gid!r}: block {_text((s, e))} leaves its windows {list(gig.windows)}"
    for run in runs_of(blocks):
        length = run[1] - run[0]
        assert length >= min_block, (
            f"flexible gig {gid!r}: block {_text(run)} is {length} min, shorter than min_block {min_block}"
        )
    lo, hi = hour_range(gig)
    assert minutes > 0, f"flexible gig {gid!r} chosen with no time"
    assert lo * 60 - 1e-6 <= minutes <= hi * 60 + 1e-6, (
        f"flexible gig {gid!r}: {minutes / 60:g} h outside its range {lo:g}-{hi:g} h"
    )


def plan_value(problem, plan) -> float:
    """The value of the plan's gigs, recomputed from their blocks and the formula."""
    gigs_by_id = {g.id: g for g in problem.gigs}
    minutes: dict[str, int] = {}
    for b in plan.blocks:
        if b.kind == "gig":
            minutes[b.id] = minutes.get(b.id, 0) + (b.end - b.start)
    return sum(gig_value(gigs_by_id[gid], m / 60, problem.weights) for gid, m in minutes.items())
