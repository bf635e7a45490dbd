"""``stacker.assign`` on terms, against an exact brute force built on the independent term oracle.

The reference (:func:`exact_term_market`) uses none of stacker's model
code: every student's best term value for every set of the contested gigs
it may take (tests/term_oracle.py, the other gigs of that set forbidden),
then every combination of those sets within the openings (a set worth no
more than one of its subsets is left out: the subset does as well with
fewer openings). The best value of a set bounds every plan taking a subset
of it, and a combination within the openings is an assignment, so the best
combination is the market's optimum. Fairness is checked the same way.

Random markets: 3-5 students on one 2-3 week term, a pool of 4-8 gigs
(fixed, weekly flexible and projects, every time on the hour, grid 60, as
tests/term_strategies.py keeps them for the oracle), openings 1-3.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from fractions import Fraction

import pytest
from market_compare import check_assignment
from term_checker import assert_term_plan_is_feasible
from term_oracle import term_criteria_optimum

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, Status, Term, Weights
from stacker.termplan import TermPlan

UNITS = 6000
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FIRST_MONDAY = dt.date(2027, 3, 1)


# --------------------------------------------------------------------------- random term markets on the hour


def _span(rng: random.Random, most: int) -> str:
    days = ",".join(sorted(rng.sample(DAYS, rng.randint(1, 2)), key=DAYS.index))
    start = rng.randint(8, 18)
    return f"{days} {start:02d}:00-{start + rng.randint(1, most):02d}:00"


def _pool(rng: random.Random, count: int, days: list[dt.date]) -> list[Gig]:
    gigs = []
    for k in range(count):
        money = {"pay_rate": rng.choice([12, 15, 20, 25]), "mentor": rng.random() < 0.3}
        kind = ("fixed", "weekly", "project")[k % 3] if k < 3 else rng.choice(["fixed", "weekly", "project"])
        if kind == "fixed":
            gigs.append(Gig(f"g{k}", sessions=[_span(rng, 3)], weekly_pay=rng.choice([None, 10]), **money))
        elif kind == "weekly":
            lo = rng.randint(1, 3)
            hours = {"hours": lo} if rng.random() < 0.5 else {"min_hours": lo, "max_hours": lo + rng.randint(1, 2)}
            gigs.append(Gig(f"g{k}", windows=[_span(rng, 5)], min_block=60, grid=60, **hours, **money))
        else:
            at = rng.randrange(len(days) - 3)
            gigs.append(
                Gig(
                    f"g{k}",
                    windows=[_span(rng, 6)],
                    total_hours=rng.randint(2, 5),
                    fee=rng.choice([None, 50, 200]),
                    start=days[at],
                    due=days[min(len(days) - 1, at + rng.randint(3, 13))],
                    max_week_hours=rng.choice([None, 3]),
                    min_block=60,
                    grid=60,
                    **money,
                )
            )
    return gigs


def term_market(
    seed: int, *, students=(3, 5), gigs=(4, 8), eligible=(2, 3)
) -> tuple[dict[str, Problem], dict[str, int]]:
    """A random market of terms: one term, a pool, each student a few commitments, caps and some of the pool."""
    rng = random.Random(seed)
    weeks = rng.randint(2, 3)
    start = FIRST_MONDAY + dt.timedelta(days=rng.randint(0, 2))
    end = FIRST_MONDAY + dt.timedelta(days=7 * weeks - 1 - rng.randint(0, 2))
    term = Term(start, end)
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    pool = _pool(rng, rng.randint(*gigs), days)
    out = {}
    for s in range(rng.randint(*students)):
        commitments = [Commitment(f"c{j}", [_span(rng, 2)]) for j in range(rng.randint(0, 1))]
        chosen = sorted(rng.sample(pool, rng.randint(*eligible)), key=lambda g: int(g.id[1:]))
        own = [dataclasses.replace(g, relevance=rng.randint(0, 10) / 10) for g in chosen]
        limits = Limits(max_hours=40, max_work_hours=rng.choice([None, 6, 10]), max_day_hours=rng.choice([None, 4]))
        weights = Weights(relevance_value=rng.choice([0, 10]), mentor_value=rng.choice([0, 10]))
        out[f"st{s}"] = Problem(commitments, own, limits=limits, weights=weights, term=term)
    used = {g.id for p in out.values() for g in p.gigs}
    openings = {g.id: rng.randint(1, 3) for g in pool if g.id in used and rng.random() < 0.5}
    return out, openings


# --------------------------------------------------------------------------- the exact reference


def _contested(students: dict[str, Problem], openings: dict[str, int]) -> set[str]:
    users: dict[str, int] = {}
    for problem in students.values():
        for gig in problem.gigs:
            users[gig.id] = users.get(gig.id, 0) + 1
    return {g for g, n in users.items() if n > openings.get(g, 1)}


def best_per_set(problem: Problem, contested: set[str]) -> dict[frozenset, int]:
    """The best term value (units, the oracle) with each set of its contested gigs allowed, the rest forbidden;
    only the sets worth more than each of their subsets (the others do no better with more openings)."""
    mine = [g.id for g in problem.gigs if g.id in contested]
    out: dict[frozenset, int] = {}
    for size in range(len(mine) + 1):
        for allowed in itertools.combinations(mine, size):
            banned = tuple(g for g in mine if g not in allowed)
            units = term_criteria_optimum(problem.replace(forbid=banned), {"value": 1})
            assert units is not None, "every random student has a plan (the plan of no gig)"
            if all(units > v for kept, v in out.items() if kept < frozenset(allowed)):
                out[frozenset(allowed)] = units
    return out


def _combinations(students, openings):
    """Every combination of the students' sets within the openings, with the students' values."""
    names = list(students)
    contested = _contested(students, openings)
    sets = {name: best_per_set(students[name], contested) for name in names}
    for combo in itertools.product(*(sets[name].items() for name in names)):
        used: dict[str, int] = {}
        for chosen, _ in combo:
            for gig_id in chosen:
                used[gig_id] = used.get(gig_id, 0) + 1
        if all(count <= openings.get(gig_id, 1) for gig_id, count in used.items()):
            yield [v for _, v in combo]


def exact_term_market(students: dict[str, Problem], openings: dict[str, int]) -> int:
    """The most total term value (units) of the market."""
    return max(sum(values) for values in _combinations(students, openings))


def _brute_fair(students, openings) -> tuple[Fraction, int]:
    """The largest minimum share over students of value / alone, and the most total value at that share."""
    alone = [term_criteria_optimum(p, {"value": 1}) for p in students.values()]
    best: tuple[Fraction, int] | None = None
    for values in _combinations(students, openings):
        shares = [Fraction(v, a) if a else Fraction(1) for v, a in zip(values, alone)]
        point = (min(shares), sum(values))
        best = point if best is None or point > best else best
    assert best is not None
    return best


# --------------------------------------------------------------------------- the tests


def _check(students, openings, result) -> None:
    """Every plan a feasible term plan (the independent checker), the openings kept, the total their sum."""
    assert all(isinstance(plan, TermPlan) for plan in result.plans.values())
    check_assignment(students, openings, result, assert_term_plan_is_feasible)


@pytest.mark.parametrize("seed", range(8))
def test_total_equals_the_exact_term_market(seed):
    students, openings = term_market(seed)
    result = stacker.assign(students, openings)
    _check(students, openings, result)
    best = exact_term_market(students, openings)
    assert result.status == Status.OPTIMAL
    assert round(result.objective * UNITS) == best, f"assign {result.objective}, exact {best / UNITS}"
    assert result.bound == pytest.approx(result.objective) and result.gap == pytest.approx(0)
    for name, problem in students.items():
        assert round(result.alone[name] * UNITS) == term_criteria_optimum(problem, {"value": 1})


def test_an_integrality_gap_is_closed_on_terms():
    """A market whose linear master is above the best assignment: the exact finish (every plan within the gap,
    enumerated by the term search with a no-good on the shared gigs) proves the optimum."""
    students, openings = term_market(168, students=(5, 5), gigs=(4, 4), eligible=(3, 4))
    result = stacker.assign(students, openings)
    _check(students, openings, result)
    assert min(t[2] for t in result.stats["trace"]) > result.objective + 1  # the Lagrangian bound was above it
    assert result.status == Status.OPTIMAL
    assert round(result.objective * UNITS) == exact_term_market(students, openings)


@pytest.mark.parametrize("seed", range(2))
def test_fair_equals_brute_force_on_terms(seed):
    students, openings = term_market(200 + seed, students=(3, 3), gigs=(4, 5), eligible=(2, 3))
    share, total = _brute_fair(students, openings)
    result = stacker.assign(students, openings, objective="fair")
    _check(students, openings, result)
    assert result.status == Status.OPTIMAL
    assert result.min_share == pytest.approx(float(share), abs=1e-12)
    assert round(result.objective * UNITS) == total


def test_a_time_limit_keeps_a_valid_bound_on_terms():
    students, openings = term_market(3, students=(5, 5), gigs=(8, 8), eligible=(3, 3))
    best = exact_term_market(students, openings) / UNITS
    for time_limit in (0.0, 0.5):
        result = stacker.assign(students, openings, time_limit=time_limit)
        assert result.status.has_plan
        _check(students, openings, result)
        assert result.objective <= best + 1e-6 <= result.bound + 2e-6


def test_one_project_goes_to_who_values_it_most():
    term = Term("2027-03-01", "2027-03-14")

    def student(relevance):
        gig = Gig("essay", total_hours=4, fee=100, pay_rate=10, relevance=relevance, windows=["Mon-Fri 09:00-12:00"])
        return Problem(gigs=[gig], weights=Weights(relevance_value=10), term=term)

    students = {"ana": student(0.2), "ben": student(0.9), "cy": student(0.5)}
    result = stacker.assign(students, {"essay": 1}, executor=2)
    assert result.plans["ben"].gig_ids == ["essay"]
    assert not result.plans["ana"].gigs and not result.plans["cy"].gigs
    assert result.objective == pytest.approx(4 * (10 + 10 * 0.9) + 100)
    frame = result.to_frame()
    assert frame[["student", "gig", "relevance", "fixed"]].values.tolist() == [["ben", "essay", 0.9, False]]
    assert frame["hours"].tolist() == [4]
    data = result.to_dict()
    assert data["plans"]["ben"]["gigs"][0]["id"] == "essay" and data["plans"]["ben"]["term"]["start"] == "2027-03-01"
    assert data["openings_used"] == {"essay": 1} and data["alone"]["ana"] == pytest.approx(4 * 12 + 100)


# --------------------------------------------------------------------------- validation


def test_a_student_with_a_minimum_gets_gigs_on_terms():
    """ana must earn 30 a week (min_week_pay): taking no gig is no plan of hers, so the lab goes to her although
    ben values it more; without her minimum it goes to ben. Each plan through the independent term checker."""
    term = Term("2027-01-04", "2027-01-17")
    lab = Gig("lab", pay_rate=20, sessions=["Tue 14:00-16:00"])
    ana = Problem(gigs=[lab], term=term)
    ben = Problem(gigs=[dataclasses.replace(lab, relevance=0.5)], weights=Weights(relevance_value=10), term=term)
    for rent, taker in ((None, "ben"), (30, "ana")):
        students = {"ana": ana.with_limits(min_week_pay=rent), "ben": ben}
        result = stacker.assign(students, {"lab": 1})
        _check(students, {"lab": 1}, result)
        assert result.status == Status.OPTIMAL
        assert [name for name, plan in result.plans.items() if plan.gig_ids == ["lab"]] == [taker]


def _two(**other) -> dict[str, Problem]:
    term = Term("2027-03-01", "2027-03-14")
    base = {"pay_rate": 20, "windows": ["Mon-Fri 09:00-12:00"], "total_hours": 4, "fee": 50, "due": "2027-03-12"}
    return {
        "ana": Problem(gigs=[Gig("p", relevance=0.5, **base)], term=term),
        "ben": Problem(gigs=[Gig("p", relevance=0.1, **(base | other))], term=term),
    }


@pytest.mark.parametrize(
    ("other", "field"),
    [
        ({"fee": 60}, "fee"),
        ({"due": "2027-03-11"}, "due"),
        ({"total_hours": 5}, "total_hours"),
        ({"start": "2027-03-02"}, "start"),
        ({"max_week_hours": 3}, "max_week_hours"),
        ({"windows": ["Mon-Fri 09:00-11:00"]}, "windows"),
    ],
)
def test_a_shared_term_gig_must_be_the_same_for_everyone(other, field):
    with pytest.raises(ProblemError, match=rf"gig 'p': {field} differ between students 'ana' and 'ben'"):
        stacker.assign(_two(**other), {})


def test_term_relevance_may_differ():
    result = stacker.assign(_two(), {"p": 2})
    assert result.openings_used == {"p": 2} and result.status == Status.OPTIMAL


def test_weeks_and_terms_do_not_mix():
    """A market is all weeks or all terms: a clear error naming both kinds of students, before solving."""
    students = _two() | {"cy": Problem(gigs=[Gig("w", pay_rate=20, sessions=["Mon 10:00-12:00"])])}
    with pytest.raises(ProblemError, match=r"assign: students 'ana', 'ben' have a term and students 'cy' do not"):
        stacker.assign(students, {})


def test_infeasible_term_students_are_named():
    term = Term("2027-03-01", "2027-03-14")
    clash = [Commitment("A", ["Mon 09:00-10:00"]), Commitment("B", ["Mon 09:30-10:30"])]
    ok = Problem(gigs=[Gig("g", pay_rate=10, sessions=["Tue 10:00-11:00"])], term=term)
    result = stacker.assign({"ok": ok, "bad": Problem(clash, term=term)}, {})
    assert result.status == Status.INFEASIBLE and result.infeasible == ("bad",)
    assert isinstance(result.plans["bad"], TermPlan) and result.plans["bad"].reasons
