"""The smallest failing part of a term week's choice (stacker/cpsat/term_core.py), against placements one by one.

Every week that fails on generated terms is given to
:meth:`SwitchedWeek.smallest`; its answer must fail to place (without the
min-block rule when it says so), removing any one of its items must let
the rest place (while a working gig is left), and it must agree with
:func:`place_week` on whether the min-block rule matters. Its
:meth:`SwitchedWeek.place` must agree with :func:`place_week` on every
choice tried, and its blocks must keep the choice's steps and min-block.
"""

from __future__ import annotations

import pytest

import stacker
from benchmarks.term_generate import generate_term
from stacker.cpsat import term as term_model
from stacker.cpsat.term import TermMaster, solve_term
from stacker.cpsat.term_core import SwitchedWeek
from stacker.cpsat.term_placement import Stopped, place_week
from stacker.presolve.term import prepare_term
from stacker.readers import problem_from_dict


def _failed_weeks(problem: stacker.Problem) -> list[tuple]:
    """Each (week, fixed gigs touching it, steps) whose placement failed while the term was solved."""
    failed = []
    cut_week = term_model.cut_week

    def record(master, week, touching, working, left, switched=None):
        failed.append((week, list(touching), dict(working)))
        return cut_week(master, week, touching, working, left, switched)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(term_model, "cut_week", record)
        plan = stacker.solve(problem)
    assert plan.status.value == "optimal"
    return failed


@pytest.mark.parametrize("weeks, gigs, seed", [(16, 60, 2), (16, 60, 0)])
def test_the_smallest_part_fails_and_each_item_of_it_is_needed(weeks, gigs, seed):
    problem = problem_from_dict(generate_term(weeks, gigs, seed))
    prepared = prepare_term(problem)
    failed = _failed_weeks(problem)
    assert failed, "the generated term should have weeks that fail to place"

    def places(week, fixed, steps, blocks):
        taken = [prepared.candidates[i] for i in fixed]
        placed = place_week(prepared, week, taken, steps, None, blocks=blocks) is not None
        if blocks:
            found = SwitchedWeek(prepared, week, fixed, steps).place(None)
            assert (found is not None) == placed, (week, fixed, steps)
            for i, spans in (found or {}).items():
                grid, block = prepared.candidates[i].grid, prepared.candidates[i].block
                assert sum(e - s for s, e in spans) == grid * steps[i]
                assert all(e - s >= grid * block for s, e in spans)
        return placed

    for week, touching, working in failed:
        assert not places(week, touching, working, True)
        found = SwitchedWeek(prepared, week, touching, working).smallest(None)
        assert found is not None
        fixed, steps, at_least = found
        assert set(fixed) <= set(touching) and steps.items() <= working.items() and steps
        assert at_least == (not places(week, touching, working, False))
        assert not places(week, fixed, steps, not at_least)
        for item in [*fixed, *steps]:
            fewer = {i: v for i, v in steps.items() if i != item}
            if fewer:
                assert places(week, [i for i in fixed if i != item], fewer, not at_least), (week, item)


def test_a_placement_stopped_by_the_time_limit_is_not_a_failure():
    """A week proven unplaceable answers None (and gets a cut); one stopped first raises Stopped, and the term's
    solve then answers unknown without a cut or a cached failure for that week."""
    problem = problem_from_dict(generate_term(16, 60, 2))
    prepared = prepare_term(problem)
    steps = {8: 9, 10: 21, 13: 4, 26: 6}  # week 2 of this term cannot hold these (the first round's failure)
    assert place_week(prepared, 2, [], steps, None) is None
    assert SwitchedWeek(prepared, 2, [], steps).place(None) is None
    with pytest.raises(Stopped):
        place_week(prepared, 2, [], steps, 0.0)
    with pytest.raises(Stopped):
        SwitchedWeek(prepared, 2, [], steps).place(0.0)

    master, placed = TermMaster(prepared), {}
    rows = len(master.model.proto.constraints)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(term_model, "greedy_week", lambda *args: None)  # every week to its model
        patch.setattr(SwitchedWeek, "place", lambda self, left: (_ for _ in ()).throw(Stopped()))
        result = solve_term(prepared, master=master, placed=placed)
    assert result.status == "unknown" and not placed and len(master.model.proto.constraints) == rows
    assert solve_term(prepared, master=master, placed=placed).status == "optimal"  # the same master, unharmed
