"""Plans as text for people: a summary with tables, and a week grid.

Both functions are pure: they read a :class:`~stacker.plan.Plan` and return a
string, so the command line, notebooks and tests can all use them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ProblemError, must_be, parameter_error
from ..problem.week import DAY, DAYS, clock, pieces
from ..solution import Status

if TYPE_CHECKING:
    from ..plan import Block, Excluded, Plan

#: The marker in front of a block in the week grid, by block kind.
MARKERS = {"class": "#", "volunteer": "~", "other": "=", "gig": "*", "travel": ">"}

_STATUS_TEXT = {
    Status.OPTIMAL: "optimal (proven best plan)",
    Status.FEASIBLE: "feasible (the time limit stopped the search; best plan found so far)",
    Status.INFEASIBLE: "infeasible (the commitments cannot all be kept)",
    Status.UNKNOWN: "unknown (no plan found in the time given)",
}


EXCLUDED_IN_FULL = 20  #: up to this many excluded gigs are listed one per line
EXCLUDED_KINDS = 8  #: beyond that, this many kinds of reason are shown ...
EXCLUDED_IDS = 5  #: ... each with this many ids
_REASON_DETAILS = re.compile(r"'[^']*'|\([^)]*\)|\d+(\.\d+)?")  # ids, times and numbers: what differs within a kind


def summary(plan: Plan) -> str:
    """The plan as readable text: status, chosen gigs, totals, exclusions, reasons.

    Parameters
    ----------
    plan
        A plan from :func:`stacker.solve`. A term plan gets
        :func:`~stacker.output.term_text.term_summary`; one of its weeks
        (``term_plan.weeks[i]``) the summary of that week.

    Returns
    -------
    str
        Several paragraphs, each line without trailing spaces, ending in a
        newline.
    """
    if _is_term(plan):
        from .term_text import term_summary

        return term_summary(plan)  # type: ignore[arg-type]
    plan = week_shaped(plan, "summary")
    parts = [_status(plan)]
    if plan.status.has_plan:
        parts.append(_gigs(plan))
        parts.append(_totals(plan))
    if plan.excluded:
        parts.append(_excluded(plan.excluded))
    if plan.reasons:
        lines = ["Why no plan exists:"] + [f"  - {reason}" for reason in plan.reasons]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


#: The status text of a plan whose search Ctrl-C stopped (``plan.interrupted``).
_INTERRUPTED_TEXT = {
    Status.FEASIBLE: "feasible (stopped by Ctrl-C; best plan found so far)",
    Status.UNKNOWN: "unknown (stopped by Ctrl-C before a plan was found)",
}


def week_shaped(plan: Any, function: str) -> Plan:
    """What the week grid and the week picture draw: a week :class:`~stacker.Plan` as it is, and a week of a
    term plan (a ``TermWeek``) as its week plan (``as_plan()``); a whole term plan is a :class:`ProblemError`.

    Told apart by their shape, so that output never imports the term plan (which imports output).
    """
    if callable(getattr(plan, "as_plan", None)):
        return plan.as_plan()
    if _is_term(plan):
        first = plan.weeks[0].start if plan.weeks else "2027-03-01"
        raise ProblemError(
            f"{function} shows one week, and this is the plan of a term of {len(plan.weeks)} weeks: "
            f"give it one of them, plan.weeks[i] or plan.week('{first}') (a date in the week)"
        )
    return plan


def _is_term(plan: Any) -> bool:
    """Whether ``plan`` is a term plan (it has weeks; a week plan has none)."""
    return isinstance(getattr(plan, "weeks", None), tuple) and not callable(getattr(plan, "as_plan", None))


def status_text(plan: Plan) -> str:
    """The plan's status in words, e.g. ``optimal (proven best plan)``."""
    text = _INTERRUPTED_TEXT.get(plan.status) if getattr(plan, "interrupted", False) else None
    return text or _STATUS_TEXT[plan.status]


def _status(plan: Plan) -> str:
    line = f"Status: {status_text(plan)}"
    if plan.status is Status.FEASIBLE:
        if plan.gap is None:
            line += "\nGap: unknown (no bound)"
        else:
            share = f" ({plan.gap / abs(plan.bound):.1%} of the bound)" if plan.bound else ""
            line += f"\nGap: {plan.gap:.2f}{share}: value {plan.objective:.2f}, bound {plan.bound:.2f}"
    return line + f"\nSolved in {plan.solve_time:.2f} s"


def _gigs(plan: Plan) -> str:
    if not plan.gigs:
        return "Chosen gigs: none"
    headers = ["id", "title", "hours", "pay/week", "relevance", "mentor", "value"]
    rows = [
        [
            g.id,
            _shorten(g.title or "-", 30),
            f"{g.hours:.2f}",
            f"{g.pay:.2f}",
            f"{g.relevance:.2f}",
            "yes" if g.mentor else "no",
            f"{g.value:.2f}",
        ]
        for g in plan.gigs
    ]
    title = f"Chosen gigs ({len(plan.gigs)}):"
    return title + "\n" + table(headers, rows, right=(2, 3, 4, 6), indent=2)


def _totals(plan: Plan) -> str:
    totals, limits = plan.totals, plan.problem.limits
    hours = f"{totals.hours:.2f} h (max {limits.max_hours:g})"
    work = f"{totals.work_hours:.2f} h"
    if limits.max_work_hours is not None:
        work += f" (max {limits.max_work_hours:g})"
    rows = [
        ["hours", hours],
        ["work hours", work],
        ["pay", f"{totals.pay:.2f} per week"],
        ["value", f"{totals.value:.2f} per week"],
    ]
    day, day_hours = _busiest_day(plan)
    if day is not None:
        cap = f" (max {limits.max_day_hours:g})" if limits.max_day_hours is not None else ""
        rows.insert(2, ["busiest day", f"{DAYS[day]}, {day_hours:.2f} h{cap}"])
    return "Totals:\n" + table(None, rows, indent=2)


def _excluded(excluded: Sequence[Excluded]) -> str:
    """Every excluded gig with its reason; for a long list, the kinds of reason with counts and a few ids."""
    if len(excluded) <= EXCLUDED_IN_FULL:
        lines = [f"Excluded gigs ({len(excluded)}), dropped before solving:"]
        return "\n".join(lines + [f"  {item.id}: {item.reason}" for item in excluded])
    groups: dict[str, list[Excluded]] = {}
    for item in excluded:
        groups.setdefault(_REASON_DETAILS.sub("#", item.reason), []).append(item)
    ranked = sorted(groups.values(), key=len, reverse=True)
    lines = [f"Excluded gigs ({len(excluded):,}), dropped before solving, by kind of reason:"]
    for items in ranked[:EXCLUDED_KINDS]:
        ids = ", ".join(item.id for item in items[:EXCLUDED_IDS]) + (", ..." if len(items) > EXCLUDED_IDS else "")
        lines.append(f"  {len(items):,} like {items[0].id}: {items[0].reason}")
        lines.append(f"      {ids}")
    if len(ranked) > EXCLUDED_KINDS:
        rest = sum(len(items) for items in ranked[EXCLUDED_KINDS:])
        kinds = len(ranked) - EXCLUDED_KINDS
        lines.append(f"  {rest:,} more, for {kinds:,} other kind{'s' if kinds > 1 else ''} of reason")
    lines.append("  (--json lists every excluded gig with its reason)")
    return "\n".join(lines)


def _busiest_day(plan: Plan) -> tuple[int | None, float]:
    """The day with the most hours that count toward the caps, and those hours."""
    minutes = plan.day_minutes
    if not any(minutes):
        return None, 0.0
    day = max(range(7), key=lambda d: minutes[d])
    return day, minutes[day] / 60


def table(
    headers: Sequence[str] | None, rows: Sequence[Sequence[str]], *, right: Collection[int] = (), indent: int = 0
) -> str:
    """Align text in columns (two spaces apart); columns in ``right`` align right."""
    lines = ([list(headers)] if headers else []) + [list(row) for row in rows]
    widths = [max(len(line[col]) for line in lines) for col in range(len(lines[0]))]
    out = []
    for line in lines:
        cells = [cell.rjust(w) if col in right else cell.ljust(w) for col, (cell, w) in enumerate(zip(line, widths))]
        out.append((" " * indent + "  ".join(cells)).rstrip())
    if headers:
        out.insert(1, " " * indent + "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` (titles hold no control characters: ``Gig`` rejects them)."""
    return text if len(text) <= width else text[: width - 3] + "..."


def week_grid(plan: Plan, *, step: int = 30, width: int = 9) -> str:
    """The plan's week as a text grid: a column per day, a row per ``step`` minutes.

    Only the hours of the day in which something happens get rows (runs of
    empty hours are shown as one ``...`` row). A cell shows the block that
    covers any part of its ``step`` minutes: the first cell of a block shows
    its marker (see :data:`MARKERS`) and id, cut to fit (ids cut short are
    listed under the grid), and the cells below only the marker. A block past
    midnight goes on in the next day's column (Sunday night in Monday's).
    When two blocks start in one cell, their ids are joined by ``/``; a cell
    where two blocks overlap in time (only in an infeasible plan's
    commitments) starts with ``!``.

    Parameters
    ----------
    plan
        A plan from :func:`stacker.solve`, or one week of a term plan
        (``term_plan.weeks[i]``, ``term_plan.week("2027-03-01")``; a block past
        Sunday midnight is in the week it starts in). A whole term plan is
        refused with a :class:`~stacker.ProblemError` that says so.
    step
        Minutes per row; must divide a day.
    width
        Characters per day column; a line is ``12 + 7 * width`` characters
        at most (75 by default, so it fits an 80-column terminal).

    Returns
    -------
    str
        A legend, a header line, the rows, and the ids cut short if any,
        ending in a newline.
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 2:
        raise must_be("week_grid", "width", "an int >= 2", repr(width))
    if isinstance(step, bool) or not isinstance(step, int) or step <= 0 or DAY % step:
        raise parameter_error("week_grid", "step", f"must divide {DAY}. Got {step!r} instead.")
    plan = week_shaped(plan, "week_grid")
    travel = any(block.kind == "travel" for block in plan.blocks)  # in the legend only when there is some
    shown = [(kind, m) for kind, m in MARKERS.items() if kind != "travel" or travel]
    legend = "Week grid (" + ", ".join(f"{m} {kind}" for kind, m in shown) + f"; {step} min a row)"
    labels = short_labels([block.id for block in plan.blocks], width - 1)  # a column holds a marker and a label
    cells = _cells(plan.blocks, step, labels)
    if not cells:
        return legend + "\n  (nothing scheduled)\n"
    if any(text.startswith("!") for text in cells.values()):
        legend = legend[:-1] + "; ! overlap)"
    hours = {(row * step) // 60 for _, row in cells}
    lines = [legend, "      " + " ".join(day.ljust(width) for day in DAYS).rstrip()]
    skipped = False
    for row in range(DAY // step):
        if (row * step) // 60 not in hours:
            skipped = True
            continue
        if skipped and len(lines) > 2:
            lines.append("  ...")
        skipped = False
        texts = [_fit(cells.get((day, row), ""), width) for day in range(7)]
        lines.append((clock(row * step) + " " + " ".join(texts)).rstrip())
    cut = [ident for ident, label in labels.items() if label != ident]
    if cut:
        items = [f"{labels[ident]} = {ident}" for ident in cut]
        lines += _pack("Ids cut to fit: ", items, max(80, 12 + 7 * width))
    return "\n".join(lines) + "\n"


def short_labels(ids: Sequence[str], size: int) -> dict[str, str]:
    """A label of at most ``size`` characters for each id, distinct for distinct ids.

    An id that fits is its own label; a longer one is cut. Ids that would be
    cut to the same label (``INF 101 Algorithmen`` and ``INF 101 Übung`` in
    seven characters) are numbered instead: ``INF 1~1`` and ``INF 1~2``.
    """
    distinct = list(dict.fromkeys(ids))
    labels = {ident: ident[:size] for ident in distinct}
    groups: dict[str, list[str]] = {}
    for ident in distinct:
        groups.setdefault(labels[ident], []).append(ident)
    for members in groups.values():
        if len(members) > 1:
            for number, ident in enumerate(members, 1):
                suffix = f"~{number}"
                labels[ident] = ident[: max(size - len(suffix), 0)].rstrip() + suffix
    if len(set(labels.values())) < len(labels):  # a numbered label met another id's: number every cut id
        cut = [ident for ident in distinct if len(ident) > size or len(groups[ident[:size]]) > 1]
        labels |= {ident: f"~{number}" for number, ident in enumerate(cut, 1)}
    return labels


def _cells(blocks: Sequence[Block], step: int, labels: dict[str, str]) -> dict[tuple[int, int], str]:
    """Text of each non-empty cell, by (day, row); ``!`` marks a cell where blocks overlap."""
    starts: dict[tuple[int, int], list[str]] = {}
    cover: dict[tuple[int, int], list[tuple[int, str, int, int]]] = {}
    for block in blocks:
        marker = MARKERS.get(block.kind, "?")
        for start, end in pieces(block.start, block.end):
            day, first = divmod(start, DAY)
            first //= step
            last = (end - day * DAY - 1) // step
            starts.setdefault((day, first), []).append(marker + labels[block.id])
            for row in range(first, last + 1):
                lo, hi = max(start, day * DAY + row * step), min(end, day * DAY + (row + 1) * step)
                cover.setdefault((day, row), []).append((hi - lo, marker, lo, hi))
    cells = {}
    for key, parts in cover.items():
        text = "/".join(starts[key]) if key in starts else max(parts, key=lambda part: part[0])[1]
        clash = any(a[2] < b[3] and b[2] < a[3] for i, a in enumerate(parts) for b in parts[i + 1 :])
        cells[key] = "!" + text if clash else text
    return cells


def _pack(head: str, items: list[str], width: int) -> list[str]:
    """``head`` and the items, comma-separated, in lines of at most ``width``; no item split."""
    lines = [head.rstrip()]
    for i, item in enumerate(items):
        item += "," if i < len(items) - 1 else ""
        if len(lines[-1]) + 1 + len(item) > width and lines[-1].strip():
            lines.append("  ")
        lines[-1] += ("" if lines[-1].endswith(" ") else " ") + item
    return lines


def _fit(text: str, width: int) -> str:
    return text[:width].ljust(width)
