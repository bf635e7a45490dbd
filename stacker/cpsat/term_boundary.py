"""Travel across Sunday midnight on a term: the weeks whose blocks come too close across a week's end, placed together.

Each week of a term is placed alone first (:func:`.term_placement.place_week`):
the fixed gigs and commitments of the next and the previous week are in its
travel zones already, but the flexible blocks of its neighbours are not, so
the last block of a Sunday night (at place ``P``, ending at ``e``) and the
first of the next Monday morning (at ``Q``, starting at ``s``) may be fewer
than ``T(P, Q)`` minutes apart. :func:`place_across` looks for such a pair
at each week's end; where it finds one, it places the two weeks again
together (:func:`.term_placement.place_weeks`, the travel kept between
their cells across the midnight), grows the run of weeks placed together
while its placement clashes with a neighbour's, and stops when no week's
end clashes. The plan is then exact: every week keeps its own rules, and
every two consecutive weeks the travel across their midnight (two weeks
apart, no travel reaches: a week is longer than any travel minutes).

When a run of weeks cannot be placed together, the master gets a cut on
the run's choice: its fixed gigs taken and the steps of each gig in each of
its weeks (:meth:`.term.TermMaster.cut_weeks`), made small by the same
deletion filter as a week's cut (:func:`.term_cuts.cut_week`); without the
min-block rule it forbids those steps or more. More fixed gigs or more
steps in those weeks only leave less room, and the other weeks only add
constraints, so the cut removes no plan; it holds in those weeks only.
With counted travel where more items may shorten a day's travel
(:attr:`~stacker.presolve.term.TermPrepared.travel_monotone` false), the
cut forbids the run's one choice exactly (:meth:`.term.TermMaster.cut_exact`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..presolve.travel import REMOTE
from .term_placement import RELAXED_WORK, Stopped, place_weeks

if TYPE_CHECKING:
    from ..presolve.term import TermPrepared
    from .term import TermMaster

Blocks = dict[int, list[tuple[int, int]]]  # candidate index -> its blocks in a week


def clashes(prepared: TermPrepared, first: Blocks, second: Blocks) -> bool:
    """Whether a block of a week (``first``) and one of the next week (``second``) at different places are closer
    than the travel from the one to the other (the last of each place of the week, the first of the next's)."""
    minutes, candidates = prepared.travel.minutes, prepared.candidates
    ends: dict[int, int] = {}
    for i, blocks in first.items():
        if blocks and candidates[i].place != REMOTE:
            ends[candidates[i].place] = max(ends.get(candidates[i].place, 0), max(e for _, e in blocks))
    for i, blocks in second.items():
        here = candidates[i].place
        if blocks and here != REMOTE:
            start = min(s for s, _ in blocks)
            if any(there != here and start - end < minutes[there, here] for there, end in ends.items()):
                return True
    return False


def place_across(
    master: TermMaster,
    found: dict[int, Blocks],
    touching: dict[int, list[int]],
    working: dict[int, dict[int, int]],
    placed: dict,
    left: float | None,
) -> dict[int, Blocks] | None:
    """Each week's blocks, ``found`` placed alone, with the runs of weeks that clash across a week's end placed again
    together; None (and a cut added to ``master``) when a run cannot be.

    ``touching[w]`` and ``working[w]``: the fixed gigs taken near week ``w``
    and the steps of its gigs, as the week was placed with; ``placed``: the
    placements found so far, kept from one round to the next.
    """
    prepared = master.prepared
    found = dict(found)
    run_of = {w: (w, w) for w in found}  # the first and last week of the run each week is placed in
    while True:
        clash = next(
            (
                w
                for w in sorted(found)
                if w + 1 in found and run_of[w] != run_of[w + 1] and clashes(prepared, found[w], found[w + 1])
            ),
            None,
        )
        if clash is None:
            return found
        weeks = range(run_of[clash][0], run_of[clash + 1][1] + 1)
        key = ("weeks", weeks.start, *((tuple(touching[w]), tuple(sorted(working[w].items()))) for w in weeks))
        if key not in placed:
            taken = {w: [prepared.candidates[i] for i in touching[w]] for w in weeks}
            placed[key] = place_weeks(prepared, weeks, taken, {w: working[w] for w in weeks}, left)
        result = placed[key]
        if result is None:
            cut_weeks(master, weeks, touching, working, left)
            return None
        found.update(result)
        for w in weeks:
            run_of[w] = (weeks.start, weeks.stop - 1)


def cut_weeks(
    master: TermMaster,
    weeks: range,
    touching: dict[int, list[int]],
    working: dict[int, dict[int, int]],
    left: float | None,
) -> None:
    """Cut the choice of a run of ``weeks`` that cannot be placed together (see the module docstring)."""
    prepared = master.prepared
    if not prepared.travel_monotone:  # counted travel that more items may shorten: this choice only
        taken = sorted({i for w in weeks for i in touching[w]})
        master.cut_exact(weeks, taken, {(i, w): v for w in weeks for i, v in working[w].items()})
        return

    def fails(fixed: set[int], steps: dict[tuple[int, int], int], blocks: bool, work: float | None = None) -> bool:
        taken = {w: [prepared.candidates[i] for i in touching[w] if i in fixed] for w in weeks}
        per_week = {w: {i: v for (i, u), v in steps.items() if u == w} for w in weeks}
        return place_weeks(prepared, weeks, taken, per_week, left, blocks=blocks, work=work) is None

    fixed = {i for w in weeks for i in touching[w]}
    steps = {(i, w): v for w in weeks for i, v in working[w].items()}
    try:  # "or more" only when proven within RELAXED_WORK, as for one week (term_placement.unplaceable)
        at_least = fails(fixed, steps, blocks=False, work=RELAXED_WORK)
    except Stopped:
        at_least = False
    for item in [*sorted(fixed), *list(steps)]:
        if isinstance(item, int) and len(fixed) + len(steps) > 1:
            if fails(fixed - {item}, steps, blocks=not at_least):
                fixed = fixed - {item}
        elif not isinstance(item, int) and len(steps) > 1:
            trial = {k: v for k, v in steps.items() if k != item}
            if fails(fixed, trial, blocks=not at_least):
                steps = trial
    master.cut_weeks(sorted(fixed), steps, at_least=at_least)
