"""The one colour scheme of stacker's pictures: the week picture and the term picture draw each kind of item alike.

- a commitment (and a travel block) is drawn in the colour of its kind (:data:`KIND_COLORS`);
- a chosen gig in :data:`GIG_COLORS`, by its place among the plan's chosen
  gigs (cycled when there are more); a week of a term plan keeps the term's
  order, so that a gig has the same colour in ``term_plan.plot()`` and in
  each ``term_plan.weeks[i].plot()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: Face colour of a commitment, by kind.
KIND_COLORS = {"class": "#4b5a72", "volunteer": "#5f8d4e", "other": "#a39e93", "travel": "#d9d4c7"}

#: Face colours of the chosen gigs, in the plan's order (cycled when there are more gigs).
GIG_COLORS = (
    "#1f77b4", "#ff7f0e", "#d62728", "#9467bd", "#17becf", "#e377c2", "#bcbd22", "#8c564b",
    "#aec7e8", "#ffbb78", "#ff9896", "#c5b0d5", "#9edae5", "#f7b6d2", "#dbdb8d",
    "#393b79", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#756bb1", "#fd8d3c", "#6baed6",
)  # fmt: skip


def gig_colors(gig_ids: Sequence[str]) -> dict[str, str]:
    """Each chosen gig's colour, by its place in ``gig_ids`` (the plan's chosen gigs, in order)."""
    return {gig_id: GIG_COLORS[i % len(GIG_COLORS)] for i, gig_id in enumerate(gig_ids)}


def kind_color(kind: str) -> str | None:
    """The colour of a commitment of this kind (None for a kind with no colour of its own)."""
    return KIND_COLORS.get(kind)


def item_colors(gig_ids: Sequence[str], items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each item's colour: the gigs' (:func:`gig_colors`), then each other ``(id, kind)`` by its kind (an
    unknown kind takes the next gig colour)."""
    colors = gig_colors(gig_ids)
    for ident, kind in items:
        if ident not in colors:
            colors[ident] = kind_color(kind) or GIG_COLORS[len(colors) % len(GIG_COLORS)]
    return colors
