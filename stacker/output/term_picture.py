"""The term at a glance: a bar per week, drawn with matplotlib (``TermPlan.plot``).

Each week (its Monday under the bar) is a stack of its gigs' hours, one
segment per gig worked that week, with the hours of the commitments that
count toward ``max_hours`` on top, a segment per kind (class, volunteer,
...): the whole bar is the week's ``hours``. The colours are the week
picture's (:mod:`stacker.output.colors`): a gig's by its place among the
plan's gigs (the same in ``plan.weeks[i].plot()``), a commitment's by its
kind. The caps in force each week
are step lines: ``max_work_hours`` (solid red, against the gig hours and any
commitment with ``counts_toward_work``) and ``max_hours`` (dashed, against
the whole bar); a week where a cap is lifted has no line. Break weeks are
shaded, and each chosen project's due date is a dotted line at the end of
that day, in the project's colour.

For tests and tools, the artists carry ``gid``\\ s: ``"<gig id>|<Monday>"``
on each bar segment, ``"commitments:<kind>|<Monday>"`` on the commitment segments,
``"cap:max_work_hours"`` and ``"cap:max_hours"`` on the step lines,
``"break|<Monday>"`` on the shading of a break week and ``"due:<gig id>"`` on
each due-date line. Only the object-oriented API is used (no ``pyplot``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, overload

from ..problem.calendar import split_by
from ..problem.week import WEEK
from .colors import gig_colors, kind_color
from .text import status_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from ..termplan import TermPlan

#: How each cap is drawn: (limit name, label, colour, line style).
CAP_STYLES = (
    ("max_work_hours", "max_work_hours (cap on work)", "#d62728", "-"),
    ("max_hours", "max_hours (cap on all counted hours)", "#333333", "--"),
)
BREAK_COLOR = "#dde6f3"  #: the shading of a break week
BAR_WIDTH = 0.72


@overload
def plot_term(plan: TermPlan, ax: None = None) -> Figure: ...
@overload
def plot_term(plan: TermPlan, ax: Axes) -> Figure | SubFigure: ...
def plot_term(plan: TermPlan, ax: Axes | None = None) -> Figure | SubFigure:
    """Draw a term plan: hours per week stacked by gig, the caps, break weeks and due dates.

    Parameters
    ----------
    plan
        A term plan from :func:`stacker.solve`.
    ax
        A matplotlib ``Axes`` to draw into; default: a new figure, wider for
        longer terms.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.figure`` when ``ax`` is given. Save it with ``fig.savefig("term.png")``.
    """
    weeks = plan.weeks
    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        own = Figure(figsize=(min(max(8.0, 0.45 * len(weeks) + 4.5), 20.0), 5.2), dpi=100, layout="constrained")
        FigureCanvasAgg(own)
        ax = own.add_subplot()
    fig = ax.figure
    tops = _bars(ax, plan)
    caps = _caps(ax, plan)
    _breaks(ax, plan)
    _due_dates(ax, plan)
    highest = max([*tops, *caps, 1.0])
    ax.set_ylim(0, highest * 1.18)
    ax.set_xlim(-0.6, len(weeks) - 0.4)
    every = max(1, math.ceil(len(weeks) / 26))
    ax.set_xticks(range(0, len(weeks), every), [f"{w.start:%m-%d}" for w in weeks[::every]], rotation=60, fontsize=8)
    ax.set_xlabel("week (its Monday)")
    ax.set_ylabel("hours")
    ax.grid(axis="y", color="#e4e4e4", linewidth=0.7)
    ax.set_axisbelow(True)
    _title(ax, plan)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return fig


def _bars(ax: Axes, plan: TermPlan) -> list[float]:
    """One segment per gig-week, then the counted commitments by kind; returns each bar's height."""
    weeks = plan.weeks
    bottom = [0.0] * len(weeks)
    colors = gig_colors([gig.id for gig in plan.gigs])
    for gig in plan.gigs:
        shown = [i for i, week in enumerate(weeks) if gig.weeks.get(week.start, 0.0) > 0]
        heights = [gig.weeks[weeks[i].start] for i in shown]
        due = f", due {gig.due:%m-%d}" if gig.due else ""
        bars = ax.bar(
            shown,
            heights,
            BAR_WIDTH,
            [bottom[i] for i in shown],
            color=colors[gig.id],
            edgecolor="white",
            linewidth=0.6,
            label=f"{gig.id} ({gig.kind}{due}, {gig.hours:g} h)",
        )
        for patch, i in zip(bars.patches, shown):
            patch.set_gid(f"{gig.id}|{weeks[i].start}")
            bottom[i] += gig.weeks[weeks[i].start]
    for kind, hours in _committed(plan).items():
        shown = [i for i, h in enumerate(hours) if h > 1e-9]
        bars = ax.bar(
            shown,
            [hours[i] for i in shown],
            BAR_WIDTH,
            [bottom[i] for i in shown],
            color=kind_color(kind) or "#d9d9d9",
            edgecolor="white",
            linewidth=0.6,
            label=f"{kind} (commitments that count toward max_hours)",
        )
        for patch, i in zip(bars.patches, shown):
            patch.set_gid(f"commitments:{kind}|{weeks[i].start}")
            bottom[i] += hours[i]
    return bottom


def _caps(ax: Axes, plan: TermPlan) -> list[float]:
    """The caps in force as step lines over the weeks; returns the finite cap values."""
    n = len(plan.weeks)
    found: list[float] = []
    for name, label, color, style in CAP_STYLES:
        values = [w.limits.get(name) for w in plan.weeks]
        if all(v is None for v in values):
            continue
        numbers = [math.nan if v is None else float(v) for v in values]
        found += [v for v in numbers if not math.isnan(v)]
        line = ax.stairs(
            numbers,
            [i - 0.5 for i in range(n + 1)],
            baseline=None,
            color=color,
            linestyle=style,
            linewidth=1.6,
            label=label,
            zorder=3,
        )
        line.set_gid(f"cap:{name}")
    return found


def _breaks(ax: Axes, plan: TermPlan) -> None:
    labelled = False
    for i, week in enumerate(plan.weeks):
        if week.is_break:
            span = ax.axvspan(
                i - 0.5, i + 0.5, color=BREAK_COLOR, zorder=0, linewidth=0, label=None if labelled else "break week"
            )
            span.set_gid(f"break|{week.start}")
            labelled = True


def _committed(plan: TermPlan) -> dict[str, list[float]]:
    """Per kind of commitment, its hours toward ``max_hours`` in each week (past Sunday midnight by the minutes
    in each week; past the term's last Sunday toward its last week)."""
    counted = {c.id: c.kind for c in plan.problem.commitments if c.counts_toward_cap}
    weeks = len(plan.weeks)
    out: dict[str, list[float]] = {}
    for block in plan.blocks:
        kind = counted.get(block.id) if block.kind not in ("gig", "travel") else None  # travel counts toward nothing
        if kind is not None:
            for w, minutes in split_by(*block.minutes, WEEK):
                out.setdefault(kind, [0.0] * weeks)[min(w, weeks - 1)] += minutes / 60
    return out


def _due_dates(ax: Axes, plan: TermPlan) -> None:
    """A dotted line at the end of each chosen project's due date, in its colour, named at the top."""
    if not plan.weeks:
        return
    first = plan.weeks[0].start
    colors = gig_colors([gig.id for gig in plan.gigs])
    for gig in plan.gigs:
        if gig.due is None:
            continue
        x = (gig.due - first).days / 7 + 1 / 7 - 0.5  # the end of the due date, in week positions
        color = colors[gig.id]
        line = ax.axvline(x, color=color, linestyle=":", linewidth=1.8, zorder=4)
        line.set_gid(f"due:{gig.id}")
        ax.annotate(
            f"{gig.id} due {gig.due:%m-%d}",
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, -4),
            textcoords="offset points",
            rotation=90,
            ha="right",
            va="top",
            fontsize=7.5,
            color=color,
        )


def _title(ax: Axes, plan: TermPlan) -> None:
    term = plan.problem.term
    assert term is not None
    line = f"Term plan {term.start} to {term.end}: {status_text(plan)}"  # type: ignore[arg-type]
    if plan.status.has_plan:
        t = plan.totals
        count = len(plan.gigs)
        line += (
            f"\n{count} gig{'s' * (count != 1)}: pay {t.pay:.2f}, work {t.work_hours:.1f} h, "
            f"hours {t.hours:.1f} h, value {t.value:.2f} over {len(plan.weeks)} week{'s' * (len(plan.weeks) != 1)}"
        )
    elif plan.reasons:
        line += "\nWhy: " + plan.reasons[0][:150]
    ax.set_title(line, loc="left", fontsize=10)
