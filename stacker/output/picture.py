"""The week as a picture: a calendar grid drawn with matplotlib.

:func:`plot_plan` (also ``plan.plot()``) draws a column per day and a row
band per hour, one rectangle per block (a block past midnight is drawn in two
pieces: the part after midnight goes at the top of the next day's column,
Sunday night's in Monday's), coloured by kind, with a label inside each
rectangle that is made to fit: the longest of "id / start-end and hours",
"id / hours", "id hours", "id" or a short code (``G1``, ``C1``, explained in
the legend) that fits at a readable size, or none at all for a sliver. Labels
therefore never overlap. Hours of the day with no block are left out; a run
of two or more empty hours is drawn as a thin band.

Only the object-oriented matplotlib API is used (no ``pyplot``), so plotting
never opens a window and works on a server without a display.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from ..errors import ProblemError
from ..presolve.units import more_is_better
from ..problem.week import DAY, DAYS, duration_text, pieces
from ..solution import Status
from .text import status_text, week_shaped

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.legend import Legend

    from ..plan import Block, Plan

#: Face colour of a commitment, by kind.
KIND_COLORS = {"class": "#4b5a72", "volunteer": "#5f8d4e", "other": "#a39e93", "travel": "#d9d4c7"}

#: Face colours of the chosen gigs, in the plan's order (cycled when there are more gigs).
GIG_COLORS = (
    "#1f77b4", "#ff7f0e", "#d62728", "#9467bd", "#17becf", "#e377c2", "#bcbd22", "#8c564b",
    "#aec7e8", "#ffbb78", "#ff9896", "#c5b0d5", "#9edae5", "#f7b6d2", "#dbdb8d",
    "#393b79", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#756bb1", "#fd8d3c", "#6baed6",
)  # fmt: skip


HOUR_INCHES = 0.6  #: height of one hour in a figure plot_plan makes
GAP_HOURS = 0.6  #: height of a band of hidden empty hours, in hours
_WIDTH, _LEFT, _RIGHT, _TOP = 13.0, 0.75, 0.25, 1.05  # inches
_PAD_X, _PAD_Y = 3.0, 1.5  # pixels between a label and its rectangle's edges, at 100 dpi
_STYLES = ((8.5, "title"), (8.5, "wrapped"), (8.5, "full"), (8.5, "two"), (8.5, "one"),
           (7.5, "full"), (7.5, "two"), (7.5, "one"),
           (8.5, "id"), (7.5, "id"), (6.5, "id"), (7.5, "code"), (6.5, "code"))  # fmt: skip


@dataclass
class _Piece:
    """The part of a block within one calendar day (minutes of that day)."""

    block: Block
    day: int
    lo: int
    hi: int
    first: bool  # the block's first piece (False: it goes on from the day before)
    lane: int = 0
    lanes: int = 1
    clash: bool = False


@overload
def plot_plan(plan: Plan, ax: None = None) -> Figure: ...
@overload
def plot_plan(plan: Plan, ax: Axes) -> Figure | SubFigure: ...
def plot_plan(plan: Plan, ax: Axes | None = None) -> Figure | SubFigure:
    """Draw a plan's week as a calendar grid.

    Parameters
    ----------
    plan
        A plan from :func:`stacker.solve`, or one week of a term plan
        (``term_plan.weeks[i]``; see :meth:`stacker.TermWeek.plot`).
    ax
        A matplotlib ``Axes`` to draw into; labels are fitted to its current
        size, and the legend goes under it. Default: a new figure sized for
        the week (about 13 inches wide, 0.52 inch per hour shown).

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.figure`` when ``ax`` is given (a ``SubFigure`` for the axes of a
        subfigure). Save it with ``fig.savefig("week.png")``. In ``ax.patches`` there is
        one rectangle per block, or per piece of a block past midnight, its
        ``get_gid()`` the block's id.
    """
    from matplotlib.figure import Figure

    plan = week_shaped(plan, "plot_plan")
    parts = _pieces(plan.blocks)
    runs = _runs(parts)
    ys = _y_map(runs)
    total = ys[-1][2] + (runs[-1][1] - runs[-1][0]) if runs else 10.0
    own = None  # the figure made here, sized to the week
    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        height = max(total * HOUR_INCHES, 3.0)
        own = Figure(figsize=(_WIDTH, _TOP + height + 1.0), dpi=100)
        FigureCanvasAgg(own)
        ax = own.add_axes((0, 0, 1, 1))
        _place(own, ax, height, 1.0)
    fig = ax.figure
    colors = _colors(plan)
    _background(ax, runs, ys, total)
    _title(ax, plan)
    codes: dict[str, str] = {}
    renderer = _renderer(fig)
    titles = {gig.id: gig.title for gig in plan.gigs if gig.title}
    for part in parts:
        _draw(ax, part, ys, colors, titles, codes, renderer)
    if not parts:
        ax.text(3.5, total / 2, "nothing scheduled", ha="center", va="center", fontsize=11, color="#777777")
    legend = _legend(ax, plan, parts, colors, codes, renderer)
    if own is not None:
        below = legend.get_window_extent(renderer).height / own.dpi + 0.3 if legend else 0.3
        _place(own, ax, max(total * HOUR_INCHES, 3.0), below)
    return fig


def _renderer(fig: Figure | SubFigure) -> Any:
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()  # type: ignore[union-attr]  # private, not in the stubs


def _place(fig: Figure, ax: Axes, height: float, below: float) -> None:
    """Size the figure so the axes are exactly ``height`` inches tall, whatever the margins."""
    full = _TOP + height + below
    fig.set_size_inches(_WIDTH, full)
    ax.set_position((_LEFT / _WIDTH, below / full, (_WIDTH - _LEFT - _RIGHT) / _WIDTH, height / full))


def _pieces(blocks: tuple[Block, ...]) -> list[_Piece]:
    """Every block split at midnights, with side-by-side lanes where blocks overlap (infeasible plans)."""
    parts = []
    for block in blocks:
        for k, (start, end) in enumerate(pieces(block.start, block.end)):
            day = start // DAY
            parts.append(_Piece(block, day, start - day * DAY, end - day * DAY, k == 0))
    for day in range(7):
        todays = sorted((p for p in parts if p.day == day), key=lambda p: (p.lo, -p.hi))
        cluster: list[_Piece] = []
        ends: list[int] = []
        for part in [*todays, None]:
            if part is None or (cluster and part.lo >= max(p.hi for p in cluster)):
                for p in cluster:
                    p.lanes = len(ends)
                    p.clash = len(ends) > 1
                cluster, ends = [], []
            if part is None:
                break
            lane = next((i for i, end in enumerate(ends) if end <= part.lo), len(ends))
            if lane == len(ends):
                ends.append(part.hi)
            ends[lane] = part.hi
            part.lane = lane
            cluster.append(part)
    return parts


def _runs(parts: list[_Piece]) -> list[tuple[int, int]]:
    """The hours of the day shown, as runs ``(first, last + 1)``; runs of 2+ empty hours are cut out."""
    used = sorted({h for p in parts for h in range(p.lo // 60, (p.hi - 1) // 60 + 1)})
    if not used:
        return [(8, 18)]
    runs = [[used[0], used[0] + 1]]
    for hour in used[1:]:
        if hour - runs[-1][1] >= 2:
            runs.append([hour, hour + 1])
        else:
            runs[-1][1] = hour + 1
    return [(a, b) for a, b in runs]


def _y_map(runs: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """``(first hour, end hour, y of first hour)`` per run; y grows downward, 1 per hour."""
    out, y = [], 0.0
    for first, end in runs:
        out.append((first, end, y))
        y += end - first + GAP_HOURS
    return out


def _y(ys: list[tuple[int, int, float]], minute: int) -> float:
    """y of a minute of the day; the minute is in a run (or at its end)."""
    for first, end, y0 in ys:
        if first * 60 <= minute <= end * 60:
            return y0 + minute / 60 - first
    raise ValueError(f"minute {minute} is not shown")  # pragma: no cover - every piece is inside a run


def _colors(plan: Plan) -> dict[str, str]:
    colors = {gig.id: GIG_COLORS[i % len(GIG_COLORS)] for i, gig in enumerate(plan.gigs)}
    for block in plan.blocks:
        if block.id not in colors:
            colors[block.id] = KIND_COLORS.get(block.kind, GIG_COLORS[len(colors) % len(GIG_COLORS)])
    return colors


def _background(ax: Axes, runs: list[tuple[int, int]], ys: list[tuple[int, int, float]], total: float) -> None:
    ax.set_xlim(0, 7)
    ax.set_ylim(total, 0)
    ax.fill_between([5, 7], 0, total, color="#f6f6f3", zorder=0, linewidth=0)  # the weekend
    ticks, labels, hours, halves = [], [], [], []
    for first, end, y0 in ys:
        for hour in range(first, end + 1):
            ticks.append(y0 + hour - first)
            labels.append(f"{hour:02d}:00")
            hours.append(y0 + hour - first)
            if hour < end:
                halves.append(y0 + hour - first + 0.5)
    ax.hlines(hours, 0, 7, color="#d9d9d9", linewidth=0.7, zorder=0.5)
    ax.hlines(halves, 0, 7, color="#ececec", linewidth=0.5, linestyles=(0, (2, 3)), zorder=0.5)
    for (_, end, _), (first, _, next_y) in itertools.pairwise(ys):
        top = next_y - GAP_HOURS
        ax.fill_between([0, 7], top, next_y, color="#e9e9e9", hatch="///", edgecolor="#d0d0d0", linewidth=0, zorder=0.6)
        ax.text(3.5, top + GAP_HOURS / 2, f"no blocks {end:02d}:00-{first:02d}:00", ha="center", va="center",
                fontsize=7, color="#777777", zorder=0.7)  # fmt: skip
    ax.vlines(range(8), 0, total, color="#b8b8b8", linewidth=0.8, zorder=0.5)
    ax.set_yticks(ticks, _thin(ax, ticks, labels, 8), fontsize=8)
    ax.tick_params(axis="y", length=0, pad=4, colors="#444444")
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, pad=4)
    for spine in ax.spines.values():
        spine.set_color("#b8b8b8")


def _thin(ax: Axes, ticks: list[float], labels: list[str], size: float) -> list[str]:
    """Blank the tick labels that would touch the one above them (in a small axes)."""
    room = size * 1.25 * ax.figure.dpi / 72
    out, last = [], None
    for tick, label in zip(ticks, labels):
        y = ax.transData.transform((0, tick))[1]
        if last is not None and abs(last - y) < room:
            out.append("")
            continue
        out.append(label)
        last = y
    return out


def _title(ax: Axes, plan: Plan) -> None:
    """Day labels with the hours that count toward the caps (gigs and counted commitments)."""
    day_minutes, uncounted = plan.day_minutes, plan.uncounted_day_minutes
    ax.set_xticks(
        [d + 0.5 for d in range(7)],
        [_day_label(d, day_minutes[d], uncounted[d]) for d in range(7)],
        fontsize=9,
    )
    line = f"Week plan: {status_text(plan)}"
    if plan.status is Status.FEASIBLE and plan.gap is not None:
        line += f", gap {plan.gap:.2f}"
    if plan.status.has_plan:
        totals, limits = plan.totals, plan.problem.limits
        work = f"{totals.work_hours:.1f} h" + (
            f" (max {limits.max_work_hours:g})" if limits.max_work_hours is not None else ""
        )
        summary = (
            f"{len(plan.gigs)} gig{'s' * (len(plan.gigs) != 1)}: pay {totals.pay:.2f} per week, "
            f"work {work}, hours {totals.hours:.1f} h (max {limits.max_hours:g}), value {totals.value:.2f}"
        )
    elif plan.reasons:
        summary = (
            "Why: "
            + _shorten(plan.reasons[0], 150)
            + (f" (+{len(plan.reasons) - 1} more)" if len(plan.reasons) > 1 else "")
        )
    else:
        summary = "No plan."
    ax.set_title(line + "\n" + summary, loc="left", fontsize=10.5, pad=10)


def _day_label(day: int, counted: int, uncounted: int) -> str:
    """``Sat``, its hours that count toward the caps, and those of commitments that do not (said so)."""
    label = DAYS[day] + (f"\n{counted / 60:.1f} h" if counted or uncounted else "")
    return label + (f"\n+{uncounted / 60:.1f} h not counted" if uncounted else "")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _draw(
    ax: Axes,
    part: _Piece,
    ys: list,
    colors: dict[str, str],
    titles: dict[str, str],
    codes: dict[str, str],
    renderer: Any,
) -> None:
    from matplotlib.patches import Rectangle

    block = part.block
    width = 1 / part.lanes
    x0 = part.day + part.lane * width + 0.025 / part.lanes
    x1 = part.day + (part.lane + 1) * width - 0.025 / part.lanes
    y0, y1 = _y(ys, part.lo), _y(ys, part.hi)
    face = colors.get(block.id, "#999999")
    rect = Rectangle(
        (x0, y0), x1 - x0, y1 - y0, facecolor=face, edgecolor="#d62728" if part.clash else "white",
        linewidth=1.6 if part.clash else 1.0, zorder=2, gid=block.id,
    )  # fmt: skip
    if block.kind != "gig":  # commitments: faint stripes, so they never look like a gig
        rect.set_hatch("//")
        rect.set_hatchcolor(_blend(face, 0.14))
    ax.add_patch(rect)
    (px0, py0), (px1, py1) = ax.transData.transform([(x0, y0), (x1, y1)])
    room_w = abs(px1 - px0) - 2 * _PAD_X * ax.figure.dpi / 100
    room_h = abs(py1 - py0) - 2 * _PAD_Y * ax.figure.dpi / 100
    if room_w <= 0 or room_h <= 0:
        return
    name = block.id if part.first else "\u2026 " + block.id  # a piece that goes on from the day before
    span = f"{block.start_time}-{block.end_time}"
    length = duration_text(block.end - block.start)
    title = titles.get(block.id)
    lines = textwrap.wrap(title, width=max(12, len(title) // 2 + 4)) if title else []
    wrapped = "\n".join(lines) if len(lines) == 2 else None
    prefix = "G" if block.kind == "gig" else "C"
    code = codes.get(block.id) or f"{prefix}{1 + sum(c.startswith(prefix) for c in codes.values())}"
    texts = {
        "title": f"{name}\n{title}\n{span} \u00b7 {length}" if title else None,
        "wrapped": f"{name}\n{wrapped}\n{span} \u00b7 {length}" if wrapped else None,
        "full": f"{name}\n{span} \u00b7 {length}",
        "two": f"{name}\n{length}",
        "one": f"{name} \u00b7 {length}",
        "id": name,
        "code": code if part.first else "\u2026" + code,
    }
    label = ax.text(
        (x0 + x1) / 2, (y0 + y1) / 2, "", ha="center", va="center", color=_ink(face), zorder=3,
        linespacing=1.15, gid=f"label:{block.id}",
    )  # fmt: skip
    for size, style in _STYLES:
        if texts[style] is None:
            continue
        label.set_text(texts[style])
        label.set_fontsize(size)
        box = label.get_window_extent(renderer)
        if box.width <= room_w and box.height <= room_h:
            if style == "code":
                codes[block.id] = code
            return
    label.remove()


def _blend(face: str, share: float) -> tuple[float, float, float]:
    """``face`` moved ``share`` of the way to white (dark colours) or black (light ones)."""
    from matplotlib.colors import to_rgb

    target = 0.0 if _ink(face) == "black" else 1.0
    return tuple(c + (target - c) * share for c in to_rgb(face))  # type: ignore[return-value]


def _ink(face: str) -> str:
    """Black or white text, whichever reads better on ``face``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(face)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _legend(
    ax: Axes, plan: Plan, parts: list[_Piece], colors: dict[str, str], codes: dict[str, str], renderer: Any
) -> Legend | None:
    from matplotlib.patches import Patch

    handles, labels = [], []
    kinds = [k for k in KIND_COLORS if any(p.block.kind == k for p in parts)]
    for kind in kinds:
        handles.append(Patch(facecolor=KIND_COLORS[kind], edgecolor="white"))
        labels.append(kind)
    for ident, code in codes.items():
        block = next(p.block for p in parts if p.block.id == ident)
        if block.kind != "gig":
            handles.append(Patch(facecolor=colors[ident], edgecolor="white"))
            labels.append(f"{code} = {ident}")
    for gig in plan.gigs:
        handles.append(Patch(facecolor=colors[gig.id], edgecolor="white"))
        head = f"{codes[gig.id]} = {gig.id}" if gig.id in codes else gig.id
        title = f": {_shorten(gig.title, 32)}" if gig.title else ""
        labels.append(f"{head}{title} ({duration_text(round(gig.hours * 60))}, pay {gig.pay:.2f})")
    if any(p.clash for p in parts):
        handles.append(Patch(facecolor="white", edgecolor="#d62728", linewidth=1.6))
        labels.append("overlap (clash)")
    if not handles:
        return None
    width = ax.get_window_extent(renderer).width
    legend = None
    for ncols in (4, 3, 2, 1):
        if legend is not None:
            legend.remove()
        legend = ax.legend(
            handles, labels, loc="upper left", bbox_to_anchor=(0, -0.01), ncols=ncols, frameon=False,
            fontsize=8, handlelength=1.4, columnspacing=1.6, borderaxespad=0.2,
        )  # fmt: skip
        if legend.get_window_extent(renderer).width <= width:
            break
    return legend


@overload
def plot_pareto(front: pd.DataFrame, ax: None = None, *, label: bool | None = None) -> Figure: ...
@overload
def plot_pareto(front: pd.DataFrame, ax: Axes, *, label: bool | None = None) -> Figure | SubFigure: ...
def plot_pareto(front: pd.DataFrame, ax: Axes | None = None, *, label: bool | None = None) -> Figure | SubFigure:
    """Draw a Pareto front of two objectives (from :func:`pareto`); returns the matplotlib Figure.

    Each point is a plan, numbered as the rows of ``front``. With ``label``
    (default: when the front has at most 8 points) its gig ids are written
    beside it instead of its number.
    """
    objectives = front.attrs.get("objectives", tuple(front.columns[:2]))
    if len(objectives) != 2:
        raise ProblemError(
            f"plot_pareto draws fronts of two objectives; this one has {len(objectives)}: {objectives!r}"
        )
    x, y = objectives
    if ax is None:  # no pyplot, as in plan.plot(): no global state, one picture in a notebook
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        own = Figure(figsize=(7, 4.5))
        FigureCanvasAgg(own)
        ax = own.add_subplot()
    fig = ax.figure
    ordered = front.sort_values(x)
    # the edge of what the front attains: with more x better, the best y for x in (x_i, x_i+1] is y_i+1
    ax.step(ordered[x], ordered[y], where="pre" if more_is_better(x) else "post", color="0.7", zorder=1)
    ax.scatter(front[x], front[y], zorder=2, color="tab:blue")
    if label is None:
        label = len(front) <= 8
    for number, row in front.iterrows():
        text = (", ".join(row["gigs"]) or "(none)") if label else str(number)
        ax.annotate(text, (row[x], row[y]), fontsize=7, xytext=(4, 4), textcoords="offset points")
    units = {
        "pay": "pay per week",
        "relevance": "relevance-weighted hours per week",
        "hours": "gig hours per week",
        "value": "value per week",
        "growth": "growth-weighted hours per week",
        "conversion": "conversion (sum over the gigs)",
    }
    ax.set_xlabel(units[x])
    ax.set_ylabel(units[y])
    ax.set_title("Pareto front" + ("" if front.attrs.get("complete", True) else " (incomplete)"))
    ax.grid(True, alpha=0.3)
    return fig
