"""``stacker.assign`` against an independent exact model of the whole market.

The reference (:func:`exact_market`) is written here from the public fields
of the problems only (session and window *strings* parsed by :mod:`checker`,
hours, block, grid, pay, caps, weights), with none of stacker's model code:
one CP-SAT model over all students and gigs, time-indexed over the
30-minute cells of the week. The random markets keep every time on that
grid (commitments, sessions and windows on the half hour, flexible gigs with
grid 30), so the cells are exact: a fixed gig takes its sessions' cells, a
flexible gig a set of cells in its windows made of blocks of at least
``min_block`` (on the circular week), at most one thing per cell, the caps
per week and per calendar day, and no gig taken by more students than its
openings. Values are in integer units (1/6000 of money: whole-cent rates
per hour), so optima compare exactly.

Fairness is checked by brute force on tiny markets: every student's best
value for every set of gigs (the same exact model, one student, the set
forced), then every combination of sets within the openings.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from checker import DAY, WEEK, assert_plan_is_feasible, parse_all
from market_compare import check_assignment
from ortools.sat.python import cp_model

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, Status, Weights

CELL = 30
CELLS = WEEK // CELL
UNITS = 6000
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WINDOWS = ("Mon-Fri 17:00-21:00", "Sat-Sun 10:00-14:00", "Tue,Thu 08:00-12:00", "Mon,Wed,Fri 12:00-16:00")


# --------------------------------------------------------------------------- random markets on the half hour


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _session(rng: random.Random, *, most: int = 3) -> str:
    days = ",".join(sorted(rng.sample(DAYS, rng.randint(1, 2)), key=DAYS.index))
    start = rng.randrange(8 * 60, 20 * 60, CELL)
    return f"{days} {_clock(start)}-{_clock(start + CELL * rng.randint(1, 2 * most))}"


def _pool(rng: random.Random, count: int) -> list[Gig]:
    gigs = []
    for k in range(count):
        money = {"pay_rate": rng.choice([12, 15, 18.5, 20, 25])}
        if rng.random() < 0.2:
            money = {"weekly_pay": rng.choice([40, 75, 120])}
        extra = {"mentor": rng.random() < 0.3, **money}
        if rng.random() < 0.6:
            gigs.append(Gig(f"g{k}", sessions=[_session(rng)], **extra))
        else:
            lo = rng.randint(1, 3)
            hours = {"hours": lo} if rng.random() < 0.5 else {"min_hours": lo, "max_hours": lo + rng.randint(1, 3)}
            block = rng.choice([b for b in (30, 60, 90) if b <= lo * 60])
            gigs.append(Gig(f"g{k}", windows=[rng.choice(WINDOWS)], min_block=block, grid=CELL, **hours, **extra))
    return gigs


def market(seed: int, *, students=(3, 8), gigs=(5, 15), eligible=(3, 7)) -> tuple[dict[str, Problem], dict[str, int]]:
    """A random market: a pool, each student a few commitments, caps and some of the pool with own relevance."""
    rng = random.Random(seed)
    pool = _pool(rng, rng.randint(*gigs))
    out = {}
    for s in range(rng.randint(*students)):
        commitments = [Commitment(f"c{j}", [_session(rng, most=2)]) for j in range(rng.randint(0, 2))]
        if len(parse_all([c.sessions[0] for c in commitments])) > 1 and _overlap(commitments):
            commitments = commitments[:1]
        chosen = rng.sample(pool, min(len(pool), rng.randint(*eligible)))
        own = [_with_relevance(g, rng.randint(0, 10) / 10) for g in sorted(chosen, key=lambda g: int(g.id[1:]))]
        limits = Limits(
            max_hours=rng.choice([30, 40]),
            max_work_hours=rng.choice([None, 6, 10]),
            max_day_hours=rng.choice([None, None, 6]),
        )
        out[f"st{s}"] = Problem(commitments, own, limits=limits, weights=Weights(relevance_value=rng.choice([0, 10])))
    openings = {
        g.id: rng.randint(1, 3) for g in pool if rng.random() < 0.5 and any(_has(p, g.id) for p in out.values())
    }
    return out, openings


def _with_relevance(gig: Gig, relevance: float) -> Gig:
    import dataclasses

    return dataclasses.replace(gig, relevance=relevance)


def _overlap(commitments) -> bool:
    minutes = [m for c in commitments for s, e in parse_all(c.sessions) for m in range(s, e)]
    return len(minutes) != len(set(minutes))


def _has(problem: Problem, gig_id: str) -> bool:
    return any(g.id == gig_id for g in problem.gigs)


# --------------------------------------------------------------------------- the exact model


def _cells(texts) -> list[int]:
    out = []
    for start, end in parse_all(texts):
        assert start % CELL == 0 and end % CELL == 0, "test markets keep every time on the half hour"
        out.extend((m // CELL) % CELLS for m in range(start, end, CELL))
    return out


def _units(gig: Gig, weights: Weights) -> tuple[int, int]:
    """Value units per cell and per week (exact: whole cents per hour, whole money per week)."""
    rate = (gig.pay_rate or 0) + weights.relevance_value * gig.relevance
    flat = (gig.weekly_pay or 0) + weights.mentor_value * bool(gig.mentor)
    per_cell, weekly = round(rate * 100) * CELL, round(flat * UNITS)
    assert abs(rate * 100 * CELL - per_cell) < 1e-6 and abs(flat * UNITS - weekly) < 1e-6
    return per_cell, weekly


def _student(model: cp_model.CpModel, name: str, problem: Problem) -> tuple[dict, object]:
    """Add one student's week; return its take-variables by gig id and its value in units."""
    busy = set(_cells([s for c in problem.commitments for s in c.sessions]))
    counted = [s for c in problem.commitments if c.counts_toward_cap for s in c.sessions]
    committed = len(_cells(counted)) * CELL
    committed_day = [0] * 7
    for cell in _cells(counted):
        committed_day[cell * CELL // DAY] += CELL
    occupants: dict[int, list] = {}
    day_terms: list[list] = [[] for _ in range(7)]
    take, value, work, pay = {}, [], [], []
    for gig in problem.gigs:
        per_cell, weekly = _units(gig, problem.weights)
        pay_cell, pay_weekly = _units(gig, Weights(relevance_value=0, mentor_value=0))  # the pay alone
        use = model.new_bool_var(f"{name}_{gig.id}")
        take[gig.id] = use
        if gig.sessions:
            cells = _cells(gig.sessions)
            if busy & set(cells):
                model.add(use == 0)
            used = [(cell, use) for cell in cells]
            value.append(use * (per_cell * len(cells) + weekly))
            pay.append(use * (pay_cell * len(cells) + pay_weekly))
        else:
            windows = set(_cells(gig.windows)) if gig.windows else set(range(CELLS))
            allowed = sorted(windows - busy)
            x = {c: model.new_bool_var(f"{name}_{gig.id}_{c}") for c in allowed}
            block = gig.min_block // CELL
            for c, var in x.items():
                model.add_implication(var, use)
                before = x.get((c - 1) % CELLS)
                starts = [var] if before is None else [var, ~before]
                for k in range(1, block):  # a block that starts at c runs at least min_block
                    after = x.get((c + k) % CELLS)
                    if after is None:
                        model.add_bool_or([~lit for lit in starts])
                        break
                    model.add_bool_or([~lit for lit in starts] + [after])
            lo = round((gig.hours if gig.hours is not None else gig.min_hours) * 60 / CELL)
            hi = round((gig.hours if gig.hours is not None else gig.max_hours) * 60 / CELL)
            steps = sum(x.values())
            model.add(steps >= lo * use)
            model.add(steps <= hi * use)
            used = list(x.items())
            value.append(per_cell * steps + weekly * use)
            pay.append(pay_cell * steps + pay_weekly * use)
        for cell, var in used:
            occupants.setdefault(cell, []).append(var)
            day_terms[cell * CELL // DAY].append(var)
            work.append(var)
    for cell, items in occupants.items():
        model.add(sum(items) + (cell in busy) <= 1)
    limits = problem.limits
    room = limits.max_hours * 60 - committed
    if limits.max_work_hours is not None:
        room = min(room, limits.max_work_hours * 60)
    model.add(CELL * sum(work) <= int(room))
    if limits.max_day_hours is not None:
        for day in range(7):
            model.add(CELL * sum(day_terms[day]) <= int(limits.max_day_hours * 60 - committed_day[day]))
    if limits.min_week_pay:  # the week's pay (no relevance, no mentor) at least the student's rent
        model.add(sum(pay) >= round(limits.min_week_pay * UNITS))
    if limits.min_work_hours:
        voluntary = [s for c in problem.commitments if c.counts_toward_work for s in c.sessions]
        model.add(CELL * (sum(work) + len(_cells(voluntary))) >= round(limits.min_work_hours * 60))
    return take, sum(value)


def exact_market(students: dict[str, Problem], openings: dict[str, int]) -> int:
    """The most total value (units) of the market, by one CP-SAT model over every student and gig."""
    model = cp_model.CpModel()
    takers: dict[str, list] = {}
    total = []
    for name, problem in students.items():
        take, value = _student(model, name, problem)
        total.append(value)
        for gig_id, var in take.items():
            takers.setdefault(gig_id, []).append(var)
    for gig_id, items in takers.items():
        model.add(sum(items) <= openings.get(gig_id, 1))
    model.maximize(sum(total))
    return _solve(model)


def _solve(model: cp_model.CpModel) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60
    status = solver.solve(model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), solver.status_name(status)
    return -1 if status == cp_model.INFEASIBLE else round(solver.objective_value)


def best_per_set(problem: Problem) -> dict[frozenset, int]:
    """The best value (units) of each set of gigs the student can take exactly (the exact model, one student)."""
    ids = [g.id for g in problem.gigs]
    out = {}
    for size in range(len(ids) + 1):
        for chosen in itertools.combinations(ids, size):
            model = cp_model.CpModel()
            take, value = _student(model, "s", problem)
            for gig_id, var in take.items():
                model.add(var == (gig_id in chosen))
            model.maximize(value)
            units = _solve(model)
            if units >= 0:
                out[frozenset(chosen)] = units
    return out


# --------------------------------------------------------------------------- the tests


def _check(students, openings, result) -> None:
    check_assignment(students, openings, result, assert_plan_is_feasible)


@pytest.mark.parametrize("seed", range(12))
def test_total_equals_the_exact_market(seed):
    students, openings = market(seed)
    result = stacker.assign(students, openings)
    _check(students, openings, result)
    best = exact_market(students, openings)
    assert result.status == Status.OPTIMAL
    assert round(result.objective * UNITS) == best, f"assign {result.objective}, exact {best / UNITS}"
    assert result.bound == pytest.approx(result.objective) and result.gap == pytest.approx(0)
    for name, problem in list(students.items())[:1]:  # alone: a student with the pool to itself (fair tests: all)
        assert round(result.alone[name] * UNITS) == exact_market({name: problem}, {})
    assert result.to_dict()["objective"] == pytest.approx(result.objective)


@pytest.mark.parametrize("seed", [1005])
def test_the_exact_finish_proves_what_the_linear_master_does_not(seed):
    """Markets whose linear master is above the best assignment: the plans within the gap prove it."""
    students, openings = market(seed, students=(5, 8), gigs=(4, 8), eligible=(3, 6))
    result = stacker.assign(students, openings)
    assert "enumerated_at" in result.stats, "the exact finish ran (the market still has an integrality gap)"
    _check(students, openings, result)
    assert result.status == Status.OPTIMAL
    assert round(result.objective * UNITS) == exact_market(students, openings)


def test_a_time_limit_keeps_a_valid_bound():
    students, openings = market(3, students=(8, 8), gigs=(15, 15), eligible=(6, 7))
    best = exact_market(students, openings) / UNITS
    for time_limit in (0.0, 0.3):  # 0: no solve finishes; every student's plan is then the plan of no gig
        result = stacker.assign(students, openings, time_limit=time_limit)
        assert result.status.has_plan
        _check(students, openings, result)
        assert result.objective <= best + 1e-6 <= result.bound + 2e-6


def _brute_fair(students: dict[str, Problem], openings: dict[str, int]) -> tuple[Fraction, int]:
    """The largest minimum share, and the most total value at that share, over every combination of gig sets."""
    names = list(students)
    sets = {name: best_per_set(students[name]) for name in names}
    alone = {name: max(sets[name].values()) for name in names}
    best: tuple[Fraction, int] | None = None
    for combo in itertools.product(*(sets[name].items() for name in names)):
        used: dict[str, int] = {}
        for chosen, _ in combo:
            for gig_id in chosen:
                used[gig_id] = used.get(gig_id, 0) + 1
        if any(count > openings.get(gig_id, 1) for gig_id, count in used.items()):
            continue
        shares = [Fraction(v, alone[n]) if alone[n] else Fraction(1) for n, (_, v) in zip(names, combo)]
        point = (min(shares), sum(v for _, v in combo))
        best = point if best is None or point > best else best
    assert best is not None
    return best


@pytest.mark.parametrize("seed", range(5))
def test_fair_equals_brute_force(seed):
    students, openings = market(100 + seed, students=(2, 3), gigs=(3, 5), eligible=(2, 4))
    share, total = _brute_fair(students, openings)
    result = stacker.assign(students, openings, objective="fair")
    _check(students, openings, result)
    assert result.status == Status.OPTIMAL
    assert result.min_share == pytest.approx(float(share), abs=1e-12)
    assert round(result.objective * UNITS) == total
    for name, plan in result.plans.items():  # min_share is what the plans give
        alone = result.alone[name]
        assert alone == 0 or plan.objective / alone >= result.min_share - 1e-9


def test_same_inputs_same_assignment():
    students, openings = market(7)
    first, second = (stacker.assign(students, openings, seed=3).to_dict() for _ in range(2))
    for d in (first, second):
        for plan in d["plans"].values():
            plan.pop("solve_time")
    assert first == second


def test_students_without_shared_gigs_are_solved_once():
    students = {
        "ana": Problem(gigs=[Gig("a", pay_rate=20, sessions=["Mon 10:00-12:00"])]),
        "ben": Problem(gigs=[Gig("b", pay_rate=20, sessions=["Mon 10:00-12:00"])]),
    }
    result = stacker.assign(students, {})
    assert result.status == Status.OPTIMAL and result.stats["solves"] == 2
    assert result.openings_used == {"a": 1, "b": 1} and result.objective == pytest.approx(80)


def test_one_opening_goes_to_who_values_it_most():
    def student(relevance):
        return Problem(gigs=[Gig("lab", pay_rate=20, relevance=relevance, sessions=["Tue 14:00-16:00"])])

    students = {"ana": student(0.2), "ben": student(0.9), "cy": student(0.5)}
    result = stacker.assign(students, {"lab": 1})
    assert [g.id for g in result.plans["ben"].gigs] == ["lab"]
    assert not result.plans["ana"].gigs and not result.plans["cy"].gigs
    assert result.objective == pytest.approx(2 * (20 + 10 * 0.9))
    frame = result.to_frame()
    assert frame[["student", "gig"]].values.tolist() == [["ben", "lab"]]
    assert set(result.to_dict()) >= {"status", "objective", "bound", "gap", "plans", "openings_used", "alone"}


@pytest.mark.parametrize("seed", range(6))
def test_a_student_whose_minimums_need_gigs_gets_a_plan_that_meets_them(seed):
    """Some students must earn a week's pay (min_week_pay): no gigs is not a plan of theirs, so the market gives them
    gigs even where another student values them as much; the total equals the exact market with the minimums."""
    students, openings = market(seed, students=(3, 5), gigs=(4, 8), eligible=(3, 5))
    rng = random.Random(seed)
    for name in list(students)[: max(1, len(students) // 2)]:
        problem = students[name]
        best = stacker.solve(problem.replace(weights=Weights(relevance_value=0, mentor_value=0)))
        if best.totals.pay > 0:
            students[name] = problem.with_limits(min_week_pay=round(best.totals.pay * rng.choice([0.3, 0.6]), 2))
    best = exact_market(students, openings)
    result = stacker.assign(students, openings)
    if best < 0:
        assert result.status == Status.INFEASIBLE and result.infeasible
        return
    _check(students, openings, result)  # the independent checker holds each plan to its minimums
    assert result.status == Status.OPTIMAL
    assert round(result.objective * UNITS) == best


def test_a_student_with_a_minimum_gets_gigs():
    """ana must earn 30 a week: taking no gig is no plan of hers, so the lab goes to her although ben values it
    more; with both needing it, the openings leave one of them without a plan, named."""
    lab = Gig("lab", pay_rate=20, sessions=["Tue 14:00-16:00"])
    ana = Problem(gigs=[lab], limits=Limits(min_week_pay=30))
    ben = Problem(gigs=[_with_relevance(lab, 0.5)], weights=Weights(relevance_value=10))
    result = stacker.assign({"ana": ana, "ben": ben}, {"lab": 1})
    _check({"ana": ana, "ben": ben}, {"lab": 1}, result)
    assert result.plans["ana"].gig_ids == ["lab"] and not result.plans["ben"].gigs
    both = stacker.assign({"ana": ana, "ben": ben.with_limits(min_week_pay=30)}, {"lab": 1})
    assert both.status == Status.INFEASIBLE and len(both.infeasible) == 1


def test_infeasible_students_are_named():
    clash = [Commitment("A", ["Mon 09:00-10:00"]), Commitment("B", ["Mon 09:30-10:30"])]
    students = {"ok": Problem(gigs=[Gig("g", pay_rate=10, sessions=["Tue 10:00-11:00"])]), "bad": Problem(clash)}
    result = stacker.assign(students, {})
    assert result.status == Status.INFEASIBLE and result.infeasible == ("bad",)
    assert result.plans["bad"].reasons


# --------------------------------------------------------------------------- validation


def _two(**other) -> dict[str, Problem]:
    base = {"pay_rate": 20, "sessions": ["Mon 10:00-12:00"]}
    return {
        "ana": Problem(gigs=[Gig("g", relevance=0.5, **base)]),
        "ben": Problem(gigs=[Gig("g", relevance=0.1, **(base | other))]),
    }


@pytest.mark.parametrize(
    ("other", "field"),
    [
        ({"pay_rate": 21}, "pay_rate"),
        ({"sessions": ["Mon 10:00-11:00"]}, "sessions"),
        ({"mentor": True}, "mentor"),
        ({"location": "downtown"}, "location"),
    ],
)
def test_a_shared_gig_must_be_the_same_for_everyone(other, field):
    with pytest.raises(ProblemError, match=rf"gig 'g': {field} differ between students 'ana' and 'ben'"):
        stacker.assign(_two(**other), {})


def test_relevance_may_differ():
    assert stacker.assign(_two(), {"g": 2}).openings_used == {"g": 2}


def test_no_location_and_remote_are_the_same_place():
    assert stacker.assign(_two(location="remote"), {"g": 2}).openings_used == {"g": 2}


@pytest.mark.parametrize(
    ("openings", "message"),
    [
        ({"nope": 1}, r"openings: gig 'nope' is in no student's problem"),
        ({"g": -1}, r"openings: gig 'g': openings must be a whole number >= 0. Got -1 instead."),
        ({"g": 1.5}, r"openings: gig 'g': openings must be a whole number >= 0. Got 1.5 instead."),
        ({"g": True}, r"openings: gig 'g': openings must be a whole number >= 0. Got True instead."),
        ([("g", 1)], r"The 'openings' parameter of assign must be a mapping"),
    ],
)
def test_bad_openings(openings, message):
    with pytest.raises(ProblemError, match=message):
        stacker.assign(_two(), openings)


def test_every_bad_opening_at_once():
    with pytest.raises(ProblemError) as error:
        stacker.assign(_two(), {"x": 1, "g": -2})
    assert len(error.value.errors) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"objective": "max"}, r"The 'objective' parameter of assign must be 'total' or 'fair'. Got 'max' instead."),
        ({"time_limit": -1}, r"The 'time_limit' parameter of assign must be a float >= 0 or None. Got -1 instead."),
        ({"seed": -1}, r"The 'seed' parameter of assign must be"),
        ({"executor": 0}, r"The 'executor' parameter of assign must be None, 'serial', an int >= 1 or a concurrent"),
        (
            {"executor": "pool"},
            r"The 'executor' parameter of assign must be None, 'serial', an int >= 1 or a concurrent",
        ),
        ({"relative_gap": 2}, r"The 'relative_gap' parameter of assign must be a float in \[0, 1\). Got 2 instead."),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(ProblemError, match=message):
        stacker.assign(_two(), {}, **kwargs)


def test_students_must_be_problems():
    with pytest.raises(ProblemError, match=r"The 'students' parameter of assign must be a mapping"):
        stacker.assign([Problem()], {})
    with pytest.raises(ProblemError, match=r"Got 'ana': dict instead"):
        stacker.assign({"ana": {}}, {})


def test_a_process_pool_gives_the_same_assignment():
    from concurrent.futures import ProcessPoolExecutor

    students, openings = market(5, students=(4, 4))
    serial = stacker.assign(students, openings)
    with ProcessPoolExecutor(2) as pool:
        pooled = stacker.assign(students, openings, executor=pool)
    _check(students, openings, pooled)  # the same optimum (ties between equal plans may go another way)
    assert pooled.status == serial.status == Status.OPTIMAL and pooled.objective == pytest.approx(serial.objective)


def test_processes_of_its_own_give_the_same_assignment():
    """``executor=2``: two processes that keep their students' models (student s on process s % 2)."""
    students, openings = market(7, students=(5, 5))
    serial = stacker.assign(students, openings)
    pooled = stacker.assign(students, openings, executor=2)
    _check(students, openings, pooled)
    assert pooled.status == serial.status == Status.OPTIMAL and pooled.objective == pytest.approx(serial.objective)
    assert pooled.stats["rounds"] >= 1  # the kept models were repriced at least once


def test_a_worker_that_dies_is_a_clear_error():
    """A student's problem that kills the process solving it (tests/dying.py): assign's own processes break, and
    the error says so, not a bare BrokenProcessPool."""
    from dying import KillsItsWorker

    lab = Gig("lab", pay_rate=20, sessions=["Tue 14:00-16:00"])
    students = {"ana": Problem(gigs=[lab]), "ben": KillsItsWorker((), (lab,))}
    with pytest.raises(RuntimeError, match=r"assign: one of its 2 worker processes died"):
        stacker.assign(students, {"lab": 1}, executor=2)


def test_assign_prints_nothing():
    """The market's linear master (HiGHS) is quiet: a fresh process's first HiGHS prints no banner on stdout."""
    import subprocess
    import sys

    script = (
        "import stacker\n"
        "from stacker import Gig, Problem\n"
        "desk = Gig('desk', pay_rate=20, sessions=['Mon 09:00-12:00'])\n"
        "other = Gig('other', pay_rate=5, sessions=['Tue 09:00-10:00'])\n"
        "result = stacker.assign({'a': Problem(gigs=[desk]), 'b': Problem(gigs=[desk, other])}, {'desk': 1})\n"
        "assert result.status.value == 'optimal' and result.stats['rounds'] >= 1, result\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
