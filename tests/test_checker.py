"""The independent checker (tests/checker.py) catches broken plans: valid plans built by hand, then broken one way
at a time, must be rejected with a message naming what is wrong.
"""

from __future__ import annotations

import dataclasses

import pytest
from catalogue import CATALOGUE
from checker import assert_plan_is_feasible

import stacker
from stacker import Block, ChosenGig, Commitment, Gig, Limits, Plan, Problem, Status, Totals


def _valid_plan(problem: Problem, choice: dict[str, list[tuple[int, int]]]) -> Plan:
    """A real stacker Plan built from a choice by hand (not by the solver)."""
    from checker import gig_pay, gig_value, parse_all

    blocks = [Block(c.id, c.kind, s, e) for c in problem.commitments for s, e in parse_all(c.sessions)]
    gigs = []
    for gig in problem.gigs:
        if gig.id in choice:
            blocks += [Block(gig.id, "gig", s, e) for s, e in choice[gig.id]]
            hours = sum(e - s for s, e in choice[gig.id]) / 60
            gigs.append(
                ChosenGig(
                    gig.id,
                    gig.title,
                    hours,
                    gig_pay(gig, hours),
                    gig_value(gig, hours, problem.weights),
                    gig.relevance,
                    gig.mentor,
                    bool(gig.sessions),
                )
            )
    value = sum(g.value for g in gigs)
    counted = sum(e - s for c in problem.commitments if c.counts_toward_cap for s, e in parse_all(c.sessions)) / 60
    work = sum(g.hours for g in gigs)
    return Plan(
        status=Status.OPTIMAL,
        objective=value,
        bound=value,
        gigs=tuple(gigs),
        blocks=tuple(sorted(blocks, key=lambda b: (b.start, b.id))),
        totals=Totals(counted + work, work, sum(g.pay for g in gigs), value, sum(g.hours * g.relevance for g in gigs)),
        excluded=(),
        reasons=(),
        solve_time=0.0,
        problem=problem,
    )


BROKEN = Problem(
    commitments=[
        Commitment("MATH", sessions=["Mon 09:00-10:00"]),
        Commitment("VOL", kind="volunteer", sessions=["Sat 10:00-12:00"]),
    ],
    gigs=[
        Gig("fix", pay_rate=20, sessions=["Mon 22:00-02:00"]),
        Gig("flex", pay_rate=15, min_hours=2, max_hours=4, windows=["Wed 08:00-14:00"], min_block=120, grid=30),
        Gig("other", pay_rate=10, sessions=["Thu 10:00-11:00"]),
    ],
    limits=Limits(max_hours=12, max_day_hours=5),
)


# Wed 08:00-11:00 is 3 h of 'flex' (one block of >= 120 min), 'fix' runs Mon 22:00 -> Tue 02:00.
GOOD_CHOICE = {"fix": [(1320, 1560)], "flex": [(2 * 1440 + 480, 2 * 1440 + 660)]}


def _replace_block(plan: Plan, index_of, **changes) -> Plan:
    blocks = list(plan.blocks)
    i = next(k for k, b in enumerate(blocks) if index_of(b))
    blocks[i] = dataclasses.replace(blocks[i], **changes)
    return dataclasses.replace(plan, blocks=tuple(blocks))


def test_checker_accepts_the_valid_plan():
    assert_plan_is_feasible(BROKEN, _valid_plan(BROKEN, GOOD_CHOICE))


def _flex_block(b):
    return b.id == "flex"


@pytest.mark.parametrize(
    "breakage, message",
    [
        # a gig block moved onto the class
        (lambda p: _replace_block(p, _flex_block, start=540, end=660), "blocks overlap"),
        # the fixed gig at other times than its sessions
        (lambda p: _replace_block(p, lambda b: b.id == "fix", start=1380, end=1620), "differ from its sessions"),
        # a commitment dropped
        (lambda p: dataclasses.replace(p, blocks=tuple(b for b in p.blocks if b.id != "VOL")), "commitment 'VOL'"),
        # a flexible block outside its window
        (lambda p: _replace_block(p, _flex_block, start=2 * 1440 + 420, end=2 * 1440 + 600), "leaves its windows"),
        # off the grid
        (lambda p: _replace_block(p, _flex_block, start=2 * 1440 + 495, end=2 * 1440 + 675), "off its 30-min grid"),
        # a block shorter than min_block (and hours below the range)
        (lambda p: _replace_block(p, _flex_block, start=2 * 1440 + 480, end=2 * 1440 + 540), "shorter than min_block"),
        # a block for a gig that is not chosen
        (lambda p: dataclasses.replace(p, blocks=(*p.blocks, Block("other", "gig", 4800, 4860))), "not chosen"),
        # a wrong objective
        (lambda p: dataclasses.replace(p, objective=p.objective + 1), "objective"),
        # a wrong gig value
        (lambda p: dataclasses.replace(p, gigs=(dataclasses.replace(p.gigs[0], value=0.0), *p.gigs[1:])), "value"),
        # wrong totals
        (lambda p: dataclasses.replace(p, totals=dataclasses.replace(p.totals, hours=1.0)), "totals.hours"),
        # 'infeasible' although the commitments fit
        (
            lambda p: dataclasses.replace(
                p,
                status=Status.INFEASIBLE,
                objective=None,
                gigs=(),
                reasons=("x",),
                blocks=tuple(b for b in p.blocks if b.kind != "gig"),
            ),
            "commitments alone fit",
        ),
        # a chosen gig also reported as excluded
        (lambda p: dataclasses.replace(p, excluded=(stacker.Excluded("fix", "made up"),)), "both excluded and chosen"),
    ],
)
def test_checker_rejects_broken_plans(breakage, message):
    broken = breakage(_valid_plan(BROKEN, GOOD_CHOICE))
    with pytest.raises(AssertionError, match=message):
        assert_plan_is_feasible(BROKEN, broken)


def test_checker_rejects_broken_caps():
    plan = _valid_plan(BROKEN, GOOD_CHOICE)  # 1 h class + 2 h volunteer + 4 h fix + 3 h flex = 10 h
    with pytest.raises(AssertionError, match="max_hours broken"):
        assert_plan_is_feasible(BROKEN.replace(limits=Limits(max_hours=9.5)), plan)
    with pytest.raises(AssertionError, match="max_work_hours broken"):
        assert_plan_is_feasible(BROKEN.replace(limits=Limits(max_hours=12, max_work_hours=6.5)), plan)
    # Monday: class 1 h + fix 22:00-24:00 2 h = 3 h; Tuesday: fix 2 h; Wednesday: flex 3 h
    with pytest.raises(AssertionError, match="max_day_hours broken on Mon"):
        assert_plan_is_feasible(BROKEN.replace(limits=Limits(max_hours=12, max_day_hours=2.5)), plan)
    assert_plan_is_feasible(BROKEN.replace(limits=Limits(max_hours=10, max_work_hours=7, max_day_hours=3)), plan)


def test_checker_min_block_counts_touching_blocks_as_one():
    # 3 h of flex as 08:00-09:00 + 09:00-11:00: one run of 180 min, fine
    split = {"fix": GOOD_CHOICE["fix"], "flex": [(2 * 1440 + 480, 2 * 1440 + 540), (2 * 1440 + 540, 2 * 1440 + 660)]}
    assert_plan_is_feasible(BROKEN, _valid_plan(BROKEN, split))
    # 08:00-09:00 + 10:00-12:00: the first run is 60 min < 120
    gap = {"fix": GOOD_CHOICE["fix"], "flex": [(2 * 1440 + 480, 2 * 1440 + 540), (2 * 1440 + 600, 2 * 1440 + 720)]}
    with pytest.raises(AssertionError, match="shorter than min_block"):
        assert_plan_is_feasible(BROKEN, _valid_plan(BROKEN, gap))


def test_checker_run_across_the_week_end_is_one_block():
    problem, _ = CATALOGUE["flexible block across the week's end"]
    # Sun 23:00-24:00 and Mon 00:00-01:00: one 120 min run across the wrap
    ok = {"wrapflex": [(10020, 10080), (0, 60)]}
    assert_plan_is_feasible(problem, _valid_plan(problem, ok))
    also_ok = {"wrapflex": [(10020, 10140)]}
    assert_plan_is_feasible(problem, _valid_plan(problem, also_ok))


def test_checker_on_a_solved_plan_broken_by_hand():
    plan = stacker.solve(BROKEN)
    assert_plan_is_feasible(BROKEN, plan)
    gig_block = next(b for b in plan.blocks if b.kind == "gig")
    moved = _replace_block(plan, lambda b: b is gig_block, start=540, end=540 + (gig_block.end - gig_block.start))
    with pytest.raises(AssertionError):
        assert_plan_is_feasible(BROKEN, moved)
    with pytest.raises(AssertionError, match="max_hours broken"):
        assert_plan_is_feasible(BROKEN.replace(limits=Limits(max_hours=plan.totals.hours - 0.5)), plan)
