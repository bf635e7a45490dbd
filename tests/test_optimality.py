"""stacker's optimum against an independent one, and every plan through the independent checker.

- property tests on random small problems (:mod:`strategies`): the value of
  ``stacker.solve`` equals the optimum of :mod:`oracle` (brute force over
  fixed-gig subsets + an exact HiGHS MIP for flexible gigs), the plan passes
  :mod:`checker`, the bound is not below the objective, and excluded gigs
  really cannot fit;
- the oracle itself against a plain enumeration (no solver) on tiny problems;
- a named catalogue of hand-made problems with the optimum worked out by hand;
- tests of the checker: valid plans broken by hand must be rejected.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from checker import assert_plan_is_feasible, gig_value, parse_all, plan_value
from hypothesis import HealthCheck, given, settings
from oracle import as_plan, exhaustive_optimum, optimum
from strategies import (
    contested_problems,
    dense_fixed_problems,
    dense_mixed_problems,
    fixed_problems,
    flexible_problems,
    tiny_flexible_problems,
)

import stacker
from stacker import Block, ChosenGig, Commitment, Gig, Limits, Plan, Problem, Status, Totals, Weights

TOL = 1e-6
PROPERTY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NO_WEIGHTS = Weights(relevance_value=0, mentor_value=0)


def _describe(problem: Problem) -> str:
    return json.dumps(stacker.problem_to_dict(problem), default=str)


def check_against_oracle(problem: Problem, *, check_excluded: bool = True) -> stacker.Plan:
    """Solve with stacker, compare with the oracle, run the checker. Returns the plan."""
    best = optimum(problem)
    plan = stacker.solve(problem)
    where = f"\nproblem: {_describe(problem)}\nplan: {json.dumps(plan.to_dict(), default=str)}"
    if best is None:
        assert plan.status == Status.INFEASIBLE, f"oracle: infeasible, stacker: {plan.status}{where}"
        assert_plan_is_feasible(problem, plan)
        return plan
    assert plan.status == Status.OPTIMAL, f"stacker status {plan.status}, oracle optimum {best.value}{where}"
    assert_plan_is_feasible(problem, plan)
    assert abs(plan.objective - best.value) <= TOL, (
        f"stacker objective {plan.objective} != oracle optimum {best.value} (oracle takes {best.choice}){where}"
    )
    assert abs(plan_value(problem, plan) - best.value) <= TOL
    assert plan.bound is not None and plan.bound >= plan.objective - TOL, f"bound {plan.bound}{where}"
    if check_excluded:
        _check_excluded(problem, plan, best.value)
    return plan


def _session_minutes(gig) -> list[tuple[int, int]]:
    """The gig's sessions as week minutes, parsed by the independent checker."""
    return parse_all(gig.sessions)


def _check_excluded(problem: Problem, plan: stacker.Plan, best_value: float) -> None:
    """An excluded gig must not fit even alone (given a positive value so the oracle would take it),
    or be never needed: dropped as a twin, as dominated by a fixed gig, or as outranked by
    interchangeable gigs, the oracle's optimum without it is the same."""
    for item in plan.excluded:
        gig = problem.gig(item.id)
        if item.reason.endswith("such gigs fit in a plan") or item.reason.endswith("clashes with this one too"):
            without = problem.replace(gigs=tuple(g for g in problem.gigs if g.id != item.id))
            assert abs(optimum(without).value - best_value) <= TOL, f"{item}\nproblem: {_describe(problem)}"
            continue
        if item.reason.startswith("same sessions as "):
            twin = problem.gig(item.reason.split("'")[1])
            assert sorted(_session_minutes(twin)) == sorted(_session_minutes(gig)), item
            hours = sum(e - s for s, e in _session_minutes(gig)) / 60
            assert gig_value(twin, hours, problem.weights) >= gig_value(gig, hours, problem.weights) - TOL, item
            dropped = {e.id: e.reason for e in plan.excluded}
            assert twin.id not in dropped or dropped[twin.id].endswith("clashes with this one too"), item
            continue
        alone = problem.replace(gigs=(gig.replace(pay_rate=1.0, weekly_pay=1.0),))
        best = optimum(alone)
        assert best is not None and item.id not in best.choice, (
            f"gig {item.id!r} excluded ({item.reason}) but it fits on its own: {best.choice if best else None}"
            f"\nproblem: {_describe(problem)}"
        )


# --------------------------------------------------------------------------- property tests


@settings(PROPERTY, max_examples=150)
@given(fixed_problems())
def test_fixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=100)
@given(dense_fixed_problems())
def test_crowded_fixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(flexible_problems())
def test_flexible_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(dense_mixed_problems())
def test_crowded_mixed_gigs_match_the_oracle(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=150)
@given(contested_problems())
def test_contested_windows_match_the_oracle(problem):
    """Fixed gigs cut flexible windows: hours that fit in total often cannot be placed in blocks."""
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=60)
@given(tiny_flexible_problems())
def test_tiny_flexible_problems_match_plain_enumeration(problem):
    plan = check_against_oracle(problem, check_excluded=False)
    by_hand = exhaustive_optimum(problem)
    if by_hand is None:
        assert plan.status == Status.INFEASIBLE
    else:
        assert abs(plan.objective - by_hand.value) <= TOL


@settings(PROPERTY, max_examples=150)
@given(tiny_flexible_problems())
def test_oracle_mip_matches_plain_enumeration(problem):
    """The reference checks itself: MIP-based optimum == enumeration, and both optimal choices pass the checker."""
    mip, by_hand = optimum(problem), exhaustive_optimum(problem)
    assert (mip is None) == (by_hand is None)
    if mip is not None:
        assert abs(mip.value - by_hand.value) <= TOL, (mip, by_hand)
        assert_plan_is_feasible(problem, as_plan(problem, mip))
        assert_plan_is_feasible(problem, as_plan(problem, by_hand))


@settings(PROPERTY, max_examples=100)
@given(flexible_problems())
def test_oracle_choice_passes_the_checker(problem):
    best = optimum(problem)
    if best is not None:
        assert_plan_is_feasible(problem, as_plan(problem, best))


# --------------------------------------------------------------------------- the catalogue

CATALOGUE: dict[str, tuple[Problem, float]] = {}


def _entry(name: str, problem: Problem, value: float) -> None:
    CATALOGUE[name] = (problem, value)


# Fri 22:00-02:00 runs into Saturday and clashes with Sat 01:00-03:00.
# night 4 h x 20 = 80, early 2 h x 30 = 60, late 2 h x 10 = 20 (touches night, no clash).
# Best: night + late = 100 (early + late = 80; night + early clash). Ignoring midnight would give 160.
_entry(
    "midnight crossing",
    Problem(
        commitments=[Commitment("MATH", sessions=["Tue 09:00-10:00"])],
        gigs=[
            Gig("night", pay_rate=20, sessions=["Fri 22:00-02:00"]),
            Gig("early", pay_rate=30, sessions=["Sat 01:00-03:00"]),
            Gig("late", pay_rate=10, sessions=["Fri 20:00-22:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    100.0,
)

# The class Mon 00:30-02:00 excludes 'sun' (Sun 23:00-01:00 wraps onto it).
# sun2 Sun 22:00-00:00 = 2 h x 20 = 40; mon Mon 00:00-00:30 flat 15; both fit together (55).
# wrap Sun 23:30-00:15 = 0.75 h x 100 = 75 clashes with sun2 and, across the wrap, with mon.
# Best: wrap alone = 75. Without the wrap wrap+mon would look like 90.
_entry(
    "sunday night wraps to monday",
    Problem(
        commitments=[Commitment("LAB", sessions=["Mon 00:30-02:00"])],
        gigs=[
            Gig("sun", pay_rate=50, sessions=["Sun 23:00-01:00"]),
            Gig("sun2", pay_rate=20, sessions=["Sun 22:00-00:00"]),
            Gig("mon", weekly_pay=15, sessions=["Mon 00:00-00:30"]),
            Gig("wrap", pay_rate=100, sessions=["Sun 23:30-00:15"]),
        ],
        weights=NO_WEIGHTS,
    ),
    75.0,
)

# 'a' Wed 20:00-24:00 (4 h x 10 = 40) touches 'b' Thu 00:00-02:00 (2 h x 10 = 20): both, 60.
# 'c' Wed 23:00-00:00 (= 23:00-24:00, 1 h x 30 = 30) clashes with 'a': c + b = 50. Best 60.
_entry(
    "24:00 ends",
    Problem(
        commitments=[Commitment("GYM", kind="other", sessions=["Thu 02:00-03:00"])],
        gigs=[
            Gig("a", pay_rate=10, sessions=["Wed 20:00-24:00"]),
            Gig("b", pay_rate=10, sessions=["Thu 00:00-02:00"]),
            Gig("c", pay_rate=30, sessions=["Wed 23:00-00:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

# x and y clash and are worth the same (2 h x 15 = 30); z (30) fits with either. Best 60, two optimal plans.
_entry(
    "tie between equal-value gigs",
    Problem(
        gigs=[
            Gig("x", pay_rate=15, sessions=["Mon 10:00-12:00"]),
            Gig("y", pay_rate=15, sessions=["Mon 11:00-13:00"]),
            Gig("z", pay_rate=15, sessions=["Tue 11:00-13:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

_entry(
    "empty gig pool",
    Problem(commitments=[Commitment("MATH", sessions=["Mon,Wed,Fri 09:00-09:50"])]),
    0.0,
)

# Every gig clashes with a commitment or is over a cap on its own: nothing to take, value 0.
_entry(
    "all gigs excluded",
    Problem(
        commitments=[Commitment("MATH", sessions=["Mon,Wed 09:00-11:00"])],
        gigs=[
            Gig("clash", pay_rate=20, sessions=["Mon 10:00-12:00"]),
            Gig("long", pay_rate=20, sessions=["Tue 08:00-16:00"]),  # 8 h > 2 h left under max_hours
            Gig("flex", pay_rate=20, hours=2, windows=["Wed 09:00-11:00"]),  # window entirely in class
        ],
        limits=Limits(max_hours=6),
    ),
    0.0,
)

# max_day_hours 3. n Mon 22:00-02:00 = 2 h on Mon + 2 h on Tue, x 20 = 80; t Tue 08:00-10:00 = 2 h x 25 = 50;
# m Mon 08:00-09:00 = 1 h x 10 = 10. Tue: n + t = 4 h > 3, so not both; Mon: n + m = 3 h ok.
# Best: n + m = 90 (t + m = 60). Counting n all on Monday would forbid n + m.
_entry(
    "max_day_hours binding across midnight",
    Problem(
        gigs=[
            Gig("n", pay_rate=20, sessions=["Mon 22:00-02:00"]),
            Gig("t", pay_rate=25, sessions=["Tue 08:00-10:00"]),
            Gig("m", pay_rate=10, sessions=["Mon 08:00-09:00"]),
        ],
        limits=Limits(max_day_hours=3),
        weights=NO_WEIGHTS,
    ),
    90.0,
)

# Window Wed 09:00-13:00 split by a class 10:00-11:00: room 1 h + 2 h. 1-3 h in blocks of >= 60 min:
# 09:00-10:00 and 11:00-13:00, 3 h x 20 = 60.
_entry(
    "flexible gig split by a class",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, min_hours=1, max_hours=3, windows=["Wed 09:00-13:00"], min_block=60)],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

# Same, but 2 h in blocks of >= 120 min: only 11:00-13:00 holds it. 2 h x 20 = 40.
_entry(
    "flexible gig: only one piece holds a min block",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, hours=2, windows=["Wed 09:00-13:00"], min_block=120)],
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# 3 h in blocks of >= 120 min: the room is 1 h + 2 h, so the gig cannot be taken (excluded): 0.
_entry(
    "flexible gig: split room too small",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, hours=3, windows=["Wed 09:00-13:00"], min_block=120)],
        weights=NO_WEIGHTS,
    ),
    0.0,
)

# Window Sun 23:00-01:00 wraps to Monday; 2 h in one block of >= 120 min must run Sun 23:00 -> Mon 01:00.
# 2 h x 20 = 40 (relevance 0.5 x 10 = +5/h -> 50) + mentor 25 = 75.
_entry(
    "flexible block across the week's end",
    Problem(
        gigs=[
            Gig(
                "wrapflex", pay_rate=20, relevance=0.5, mentor=True, hours=2, windows=["Sun 23:00-01:00"], min_block=120
            ),
        ],
    ),
    75.0,
)

# Flexible gig f (25/h, 1-4 h, min block 60, window Tue 20:00-02:00) under max_day_hours 2:
# at most 2 h on Tue and 2 h on Wed, e.g. Tue 22:00-24:00 + Wed 00:00-02:00, 4 h x 25 = 100. The fixed 'w' Wed 08:00-09:00 (30) would take 1 h of
# Wednesday: f 3 h + w = 75 + 30 = 105 > 100. Best 105.
_entry(
    "flexible gig under a day cap across midnight",
    Problem(
        gigs=[
            Gig("f", pay_rate=25, min_hours=1, max_hours=4, windows=["Tue 20:00-02:00"]),
            Gig("w", pay_rate=30, sessions=["Wed 08:00-09:00"]),
        ],
        limits=Limits(max_day_hours=2),
        weights=NO_WEIGHTS,
    ),
    105.0,
)

# The volunteer shift does not count toward the caps: max_hours 4 leaves all 4 h for gigs.
# a 3 h x 20 = 60, b 2 h x 25 = 50, c 1 h x 15 = 15: best under 4 h: a + c = 75 (b + c = 65, a + b = 5 h).
_entry(
    "commitment not counting toward the cap",
    Problem(
        commitments=[Commitment("FOOD", kind="volunteer", sessions=["Sat 09:00-17:00"], counts_toward_cap=False)],
        gigs=[
            Gig("a", pay_rate=20, sessions=["Mon 09:00-12:00"]),
            Gig("b", pay_rate=25, sessions=["Tue 09:00-11:00"]),
            Gig("c", pay_rate=15, sessions=["Wed 09:00-10:00"]),
        ],
        limits=Limits(max_hours=4),
        weights=NO_WEIGHTS,
    ),
    75.0,
)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue(name):
    problem, value = CATALOGUE[name]
    best = optimum(problem)
    assert best is not None and abs(best.value - value) <= TOL, f"oracle says {best}, worked out {value}"
    assert_plan_is_feasible(problem, as_plan(problem, best))
    plan = check_against_oracle(problem)
    assert abs(plan.objective - value) <= TOL


def test_catalogue_details():
    problem, _ = CATALOGUE["all gigs excluded"]
    plan = stacker.solve(problem)
    assert plan.gigs == () and {e.id for e in plan.excluded} == {"clash", "long", "flex"}
    problem, _ = CATALOGUE["sunday night wraps to monday"]
    plan = stacker.solve(problem)
    assert plan.gig_ids == ["wrap"] and [e.id for e in plan.excluded] == ["sun"]
    problem, _ = CATALOGUE["empty gig pool"]
    plan = stacker.solve(problem)
    assert plan.status == Status.OPTIMAL and plan.objective == 0 and len(plan.blocks) == 3
    problem, _ = CATALOGUE["flexible block across the week's end"]
    plan = stacker.solve(problem)
    gig_blocks = sorted((b.start, b.end) for b in plan.blocks if b.kind == "gig")
    assert sum(e - s for s, e in gig_blocks) == 120
    rows = [b for b in plan.to_dict()["blocks"] if b["id"] == "wrapflex"]
    assert [(b["day"], b["start"], b["end"]) for b in rows] == [("Sun", "23:00", "01:00")]


def test_infeasible_commitments():
    problem = Problem(
        commitments=[Commitment("A", sessions=["Mon 09:00-11:00"]), Commitment("B", sessions=["Sun 23:00-10:00"])],
        gigs=[Gig("g", pay_rate=10, sessions=["Tue 09:00-10:00"])],
    )
    assert optimum(problem) is None
    plan = stacker.solve(problem)
    assert plan.status == Status.INFEASIBLE and plan.objective is None
    assert any("A" in r and "B" in r for r in plan.reasons)
    assert_plan_is_feasible(problem, plan)


# --------------------------------------------------------------------------- the checker catches broken plans


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
        (lambda p: dataclasses.replace(p, blocks=p.blocks + (Block("other", "gig", 4800, 4860),)), "not chosen"),
        # a wrong objective
        (lambda p: dataclasses.replace(p, objective=p.objective + 1), "objective"),
        # a wrong gig value
        (lambda p: dataclasses.replace(p, gigs=(dataclasses.replace(p.gigs[0], value=0.0),) + p.gigs[1:]), "value"),
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
