"""The student's own rules (``stacker.Rules``) on week problems.

- property tests: random small problems (:mod:`strategies`) with random rules
  solve to the optimum of the independent :mod:`oracle` (extended to the
  rules), and every plan passes the independent :mod:`checker`, which checks
  every rule from the problem's public fields;
- worked examples of each rule, with the reasons in ``plan.excluded`` and
  ``stacker.explain``;
- reading and writing the ``rules`` table (JSON, TOML, a folder's ``rules.toml``);
- every kind of bad input, as a ``ProblemError`` naming the field.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from checker import assert_plan_is_feasible, parse_all, rule_breaks
from folder_files import make_folder
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import as_plan, exhaustive_optimum, optimum
from strategies import (
    PROPERTY,
    dense_fixed_problems,
    dense_mixed_problems,
    fixed_problems,
    flexible_problems,
    tiny_flexible_problems,
)
from week_compare import compare_with_oracle, describe

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, Rules, Status

TAGS = ("contractor", "remote", "lab")


@st.composite
def random_rules(draw) -> Rules:
    """Rules that bite on the strategies' problems (their sessions sit around 08-11 and 20-01)."""
    quiet = draw(st.lists(st.sampled_from(("22:00-08:00", "23:30-00:30", "09:00-10:00", "20:15-21:45")), max_size=2))
    days = draw(st.lists(st.sampled_from(("Mon", "Tue", "Sat", "Sun", "friday")), max_size=2, unique=True))
    banned = draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))
    most = draw(st.none() | st.integers(0, 3))
    return Rules(quiet_hours=quiet, days_off=days, forbid_fields=banned, max_gigs=most)


@st.composite
def with_rules(draw, base: st.SearchStrategy[Problem]) -> Problem:
    """A problem of ``base`` whose gigs get random tags, with random rules."""
    problem = draw(base)
    gigs = [g.replace(fields=draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))) for g in problem.gigs]
    return problem.replace(gigs=gigs, rules=draw(random_rules()))


def check_against_oracle(problem: Problem) -> stacker.Plan:
    """Solve, compare with the oracle's optimum, run the checker; check the rules' exclusions."""
    plan, best, where = compare_with_oracle(problem)
    if best is None:
        return plan
    assert_plan_is_feasible(problem, as_plan(problem, best))
    for item in plan.excluded:  # a gig the rules exclude really breaks one (by the checker's own reckoning)
        gig = problem.gig(item.id)
        if "the rules forbid" in item.reason or ("works " in item.reason and "rules" in item.reason):
            assert rule_breaks(problem, gig, parse_all(gig.sessions)), f"{item}{where}"
    return plan


@PROPERTY
@given(with_rules(fixed_problems()))
def test_fixed_gigs_with_rules_are_optimal(problem):
    check_against_oracle(problem)


@PROPERTY
@given(with_rules(flexible_problems()))
def test_flexible_gigs_with_rules_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(with_rules(dense_mixed_problems()))
def test_crowded_weeks_with_rules_are_optimal(problem):
    check_against_oracle(problem)


@settings(PROPERTY, max_examples=40)
@given(dense_mixed_problems() | dense_fixed_problems(), st.integers(1, 3))
def test_a_binding_max_gigs_is_optimal(problem, most):
    check_against_oracle(problem.replace(rules=Rules(max_gigs=most)))


@settings(PROPERTY, max_examples=30)
@given(with_rules(tiny_flexible_problems()))
def test_the_oracle_with_rules_agrees_with_plain_enumeration(problem):
    best, plain = optimum(problem), exhaustive_optimum(problem)
    assert (best is None) == (plain is None)
    if best is not None:
        assert best.units == plain.units, describe(problem)


# --------------------------------------------------------------------------- worked examples


def _solve(problem: Problem) -> stacker.Plan:
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    return plan


def _reasons(plan: stacker.Plan) -> dict[str, str]:
    return {item.id: item.reason for item in plan.excluded}


def test_quiet_hours_exclude_a_fixed_gig_and_keep_flexible_work_out():
    gigs = [
        Gig("late", pay_rate=40, sessions=["Fri 21:00-23:00"]),
        Gig("early", pay_rate=20, sessions=["Tue 08:00-10:00"]),
        Gig("evening", pay_rate=30, hours=3, windows=["Mon 19:00-24:00"], grid=60, min_block=60),
    ]
    problem = Problem(commitments=[Commitment("MATH", sessions=["Wed 22:30-23:30"])], gigs=gigs)
    before = _solve(problem)
    assert {g.id for g in before.gigs} == {"late", "early", "evening"}
    ruled = problem.replace(rules=Rules(quiet_hours=["22:00-08:00"]))
    plan = _solve(ruled)
    assert {g.id for g in plan.gigs} == {"early", "evening"}
    assert _reasons(plan) == {"late": "works Fri 21:00-23:00, in the rules' quiet hours (22:00-08:00)"}
    evening = [(b.start, b.end) for b in plan.blocks if b.id == "evening"]
    assert evening == [(19 * 60, 22 * 60)]  # Mon 19:00-22:00: the three hours before the quiet hours
    assert any(b.id == "MATH" for b in plan.blocks)  # commitments are not affected
    assert plan.objective == pytest.approx(20 * 2 + 30 * 3)


def test_quiet_hours_that_leave_a_flexible_gig_no_room_exclude_it_with_the_reason():
    gig = Gig("night", pay_rate=30, hours=2, windows=["Sat 21:00-24:00"], grid=60, min_block=120)
    plan = _solve(Problem(gigs=[gig], rules=Rules(quiet_hours=["22:00-06:00"])))
    assert not plan.gigs
    assert _reasons(plan)["night"] == (
        "needs at least 2 h in blocks of 120 min, but only 0 h of free time in its windows outside "
        "the rules' quiet hours (22:00-06:00) can hold such blocks"
    )


def test_days_off_exclude_fixed_gigs_and_flexible_work():
    gigs = [
        Gig("sunday", pay_rate=50, sessions=["Sun 10:00-12:00"]),
        Gig("night", pay_rate=50, sessions=["Sat 23:00-01:00"]),  # runs into Sunday
        Gig("weekend", pay_rate=10, hours=4, windows=["Sat-Sun 10:00-14:00"], grid=60, min_block=60),
    ]
    plan = _solve(Problem(gigs=gigs, rules=Rules(days_off=["Sun"])))
    assert {g.id for g in plan.gigs} == {"weekend"}
    assert _reasons(plan) == {
        "sunday": "works Sun 10:00-12:00, on Sun, a day off in the rules",
        "night": "works Sat 23:00-01:00, on Sun, a day off in the rules",
    }
    assert all(b.start // (24 * 60) == 5 for b in plan.blocks if b.id == "weekend")  # all on Saturday


def test_forbid_fields_excludes_gigs_with_the_field():
    gigs = [
        Gig("freelance", pay_rate=60, sessions=["Mon 10:00-12:00"], fields=["design", "contractor"]),
        Gig("employee", pay_rate=20, sessions=["Mon 10:00-12:00"], fields=["design"]),
    ]
    plan = _solve(Problem(gigs=gigs, rules=Rules(forbid_fields=["contractor"])))
    assert [g.id for g in plan.gigs] == ["employee"]
    assert _reasons(plan) == {"freelance": "has field 'contractor', which the rules forbid"}


def test_max_gigs_keeps_the_best_so_many():
    gigs = [
        Gig(f"g{k}", pay_rate=10 + k, sessions=[f"{day} 10:00-12:00"]) for k, day in enumerate(["Mon", "Tue", "Wed"])
    ]
    gigs.append(Gig("flex", pay_rate=11.5, hours=2, windows=["Thu 10:00-12:00"]))
    assert len(_solve(Problem(gigs=gigs)).gigs) == 4
    plan = _solve(Problem(gigs=gigs, rules=Rules(max_gigs=2)))
    assert [g.id for g in plan.gigs] == ["g2", "flex"]  # the two best: 12 and 11.5 an hour
    assert plan.objective == pytest.approx(2 * 12 + 2 * 11.5)
    assert not _solve(Problem(gigs=gigs, rules=Rules(max_gigs=0))).gigs


def test_a_required_gig_the_rules_exclude_makes_the_problem_infeasible_with_the_reason():
    gig = Gig("late", pay_rate=40, sessions=["Fri 21:00-23:00"])
    problem = Problem(gigs=[gig], require=["late"], rules=Rules(quiet_hours=["22:00-08:00"]))
    plan = _solve(problem)
    assert plan.status == Status.INFEASIBLE
    assert list(plan.reasons) == [
        "required gig 'late' cannot fit: it works Fri 21:00-23:00, in the rules' quiet hours (22:00-08:00)"
    ]


def test_explain_says_which_rule_excludes_a_gig():
    gigs = [
        Gig("late", pay_rate=40, sessions=["Fri 21:00-23:00"]),
        Gig("sunday", pay_rate=40, sessions=["Sun 10:00-11:00"]),
        Gig("freelance", pay_rate=40, sessions=["Mon 10:00-11:00"], fields=["contractor"]),
    ]
    rules = Rules(quiet_hours=["22:00-08:00"], days_off=["Sun"], forbid_fields=["contractor"])
    problem = Problem(gigs=gigs, rules=rules)
    text = str(stacker.explain(problem, _solve(problem)))
    assert "late: works Fri 21:00-23:00, in the rules' quiet hours (22:00-08:00)" in text
    assert "sunday: works Sun 10:00-11:00, on Sun, a day off in the rules" in text
    assert "freelance: has field 'contractor', which the rules forbid" in text


def test_explain_says_when_max_gigs_stands_in_the_way():
    gigs = [
        Gig("a", pay_rate=30, sessions=["Mon 10:00-12:00"]),
        Gig("b", pay_rate=20, sessions=["Tue 10:00-12:00"]),
    ]
    problem = Problem(gigs=gigs, rules=Rules(max_gigs=1))
    explanation = stacker.explain(problem, _solve(problem))
    assert explanation.reason("b") == (
        "the plan already has 1 gig, the most the rules allow (max_gigs 1); "
        "taking it lowers the value by 20.00 because it displaces 'a'"
    )


# --------------------------------------------------------------------------- files

RULES = Rules(quiet_hours=["22:00-08:00"], days_off=["Sun"], forbid_fields=["contractor"], max_gigs=2)


def test_rules_round_trip_through_dicts_json_and_toml(tmp_path: Path):
    problem = Problem(gigs=[Gig("g", pay_rate=10, sessions=["Mon 10:00-11:00"])], rules=RULES)
    data = stacker.problem_to_dict(problem)
    assert data["rules"] == {
        "quiet_hours": ["22:00-08:00"],
        "days_off": ["Sun"],
        "forbid_fields": ["contractor"],
        "max_gigs": 2,
    }
    assert stacker.problem_from_dict(data) == problem
    assert "rules" not in stacker.problem_to_dict(problem.replace(rules=Rules()))
    (tmp_path / "p.json").write_text(json.dumps(data), encoding="utf-8")
    assert stacker.load(tmp_path / "p.json") == problem
    toml = textwrap.dedent(
        """\
        [rules]
        quiet_hours = ["22:00-08:00"]
        days_off = ["Sun"]
        forbid_fields = ["contractor"]
        max_gigs = 2

        [[gigs]]
        id = "g"
        pay_rate = 10
        sessions = ["Mon 10:00-11:00"]
        """
    )
    (tmp_path / "p.toml").write_text(toml, encoding="utf-8")
    assert stacker.load(tmp_path / "p.toml") == problem


def test_a_folder_reads_rules_toml(tmp_path: Path):
    folder = make_folder(
        tmp_path / "week",
        gigs_csv="id,pay_rate,sessions\nlate,40,Fri 21:00-23:00\nday,20,Fri 10:00-12:00\n",
        rules_toml='[rules]\nquiet_hours = ["22:00-08:00"]\n',
    )
    problem = stacker.load_folder(folder)
    assert problem.rules == Rules(quiet_hours=["22:00-08:00"])
    plan = _solve(problem)
    assert [g.id for g in plan.gigs] == ["day"]


def test_a_folder_reports_bad_rules_with_the_file(tmp_path: Path):
    folder = make_folder(
        tmp_path / "week",
        gigs_csv="id,pay_rate,sessions\nday,20,Fri 10:00-12:00\n",
        rules_toml='[rules]\ndays_off = ["Sundy"]\n',
    )
    with pytest.raises(ProblemError) as error:
        stacker.load_folder(folder)
    assert error.value.errors == [
        f"{folder / 'rules.toml'}: rules: days_off: 'Sundy' is not a day; did you mean 'Sun'?"
    ]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"days_off": ["Sundy"]}, "rules: days_off: 'Sundy' is not a day; did you mean 'Sun'?"),
        (
            {"days_off": ["Holiday"]},
            "rules: days_off: 'Holiday' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun "
            "or a date like '2027-03-03'",
        ),
        (
            {"days_off": [3]},
            "rules: days_off: 3 is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a date like '2027-03-03'",
        ),
        (
            {"days_off": ["2027-02-30"]},
            "rules: days_off: must be a date like '2027-03-01' (YYYY-MM-DD), got '2027-02-30'",
        ),
        (
            {"days_off": ["2027-03-03"]},
            "rules: days_off: '2027-03-03' is a date; needs a term (give the problem a term, or name a day like 'Sun')",
        ),
        ({"quiet_hours": ["25:00-08:00"]}, "rules: quiet_hours: '25:00-08:00': hour must be 0-24"),
        ({"quiet_hours": ["22:00-08:60"]}, "rules: quiet_hours: '22:00-08:60': minute must be 0-59"),
        ({"quiet_hours": ["10pm-8am"]}, "rules: quiet_hours: '10pm-8am': time '10pm' must be HH:MM"),
        ({"quiet_hours": ["Mon 22:00-08:00"]}, "rules: quiet_hours: 'Mon 22:00-08:00': time 'Mon 22:00' must be HH:MM"),
        ({"quiet_hours": ["22:00"]}, "rules: quiet_hours: '22:00' must be times of day like '22:00-08:00'"),
        (
            {"quiet_hours": ["22:00-22:00"]},
            "rules: quiet_hours: '22:00-22:00' starts and ends at 22:00; a whole day is a day off",
        ),
        ({"quiet_hours": [2200]}, "rules: quiet_hours: 2200 must be times of day like '22:00-08:00'"),
        ({"forbid_fields": [""]}, "rules: forbid_fields: must be a non-empty string, got ''"),
        ({"max_gigs": -1}, "rules: max_gigs: must be >= 0, got -1"),
        ({"max_gigs": 1.5}, "rules: max_gigs: must be a whole number, got 1.5"),
        ({"max_gigs": True}, "rules: max_gigs: must be a whole number, got True"),
        ({"max_gig": 2}, "rules: max_gig: unknown field; did you mean 'max_gigs'?"),
        ({"quiet_hour": ["22:00-08:00"]}, "rules: quiet_hour: unknown field; did you mean 'quiet_hours'?"),
    ],
)
def test_bad_rules_name_the_field(rules, message):
    with pytest.raises(ProblemError) as error:
        stacker.problem_from_dict({"rules": rules})
    assert error.value.errors == [message]


def test_every_bad_rule_is_reported_at_once():
    with pytest.raises(ProblemError) as error:
        Rules(quiet_hours=["x"], days_off=["Sundy"], forbid_fields=[""], max_gigs=-2)
    assert error.value.errors == [
        "rules: quiet_hours: 'x' must be times of day like '22:00-08:00'",
        "rules: days_off: 'Sundy' is not a day; did you mean 'Sun'?",
        "rules: forbid_fields: must be a non-empty string, got ''",
        "rules: max_gigs: must be >= 0, got -2",
    ]


def test_rules_must_be_a_table_or_a_rules():
    with pytest.raises(ProblemError) as error:
        stacker.problem_from_dict({"rules": ["22:00-08:00"]})
    assert error.value.errors == ["rules: must be a table of fields, got list"]
    with pytest.raises(ProblemError) as error:
        Problem(rules={"max_gigs": 2})  # type: ignore[arg-type]
    assert error.value.errors == ["problem: rules: must be a Rules, got dict"]
    with pytest.raises(ProblemError) as error:
        RULES.replace(max_gig=2)
    assert error.value.errors == ["rules: max_gig: unknown field; did you mean 'max_gigs'?"]
    with pytest.raises(ProblemError) as error:
        Problem().with_rules(days_off="Sundy")
    assert error.value.errors == ["rules: days_off: 'Sundy' is not a day; did you mean 'Sun'?"]


def test_with_rules_changes_some_rules():
    problem = Problem(rules=RULES).with_rules(max_gigs=3)
    assert problem.rules == Rules(
        quiet_hours=["22:00-08:00"], days_off=["Sun"], forbid_fields=["contractor"], max_gigs=3
    )


def test_more_required_gigs_than_max_gigs_is_infeasible_with_the_reason_and_a_diagnosis():
    gigs = [Gig(f"g{k}", pay_rate=10, sessions=[f"{day} 10:00-11:00"]) for k, day in enumerate(["Mon", "Tue", "Wed"])]
    problem = Problem(gigs=gigs, require=["g0", "g1", "g2"], rules=Rules(max_gigs=2))
    plan = _solve(problem)
    assert plan.status == Status.INFEASIBLE
    assert list(plan.reasons) == ["3 gigs are required, more than the rules' max_gigs (2)"]
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("gig", "g0"), ("gig", "g1"), ("gig", "g2"), ("rule", "max_gigs"))
    assert conflict.requirements[-1] == "the rules' max_gigs (2)"
    assert [fix.kind for fix in conflict.fixes] == ["drop_requirement"] * 3 + ["raise_rule"]
    assert conflict.fixes[-1] == "raise max_gigs from 2 to 3"
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        assert_plan_is_feasible(fixed, _solve(fixed))
    assert conflict.fixes[-1].apply(problem).rules.max_gigs == 3


def test_max_gigs_against_a_minimum_is_diagnosed_with_a_raise():
    gigs = [Gig(f"g{k}", pay_rate=10, sessions=[f"{day} 10:00-12:00"]) for k, day in enumerate(["Mon", "Tue", "Wed"])]
    problem = Problem(gigs=gigs, limits=Limits(min_week_pay=55), rules=Rules(max_gigs=2))  # 20 a gig
    assert stacker.solve(problem).status == Status.INFEASIBLE
    conflict = stacker.diagnose(problem)
    assert conflict.items == (("rule", "max_gigs"), ("limit", "min_week_pay"))
    assert list(conflict.fixes) == ["raise max_gigs from 2 to 3", "lower min_week_pay from 55 to 40"]
    for fix in conflict.fixes:
        fixed = fix.apply(problem)
        assert_plan_is_feasible(fixed, _solve(fixed))


def test_diagnose_names_a_required_gig_the_rules_exclude():
    gigs = [
        Gig("late", pay_rate=40, sessions=["Fri 21:00-23:00"]),
        Gig("freelance", pay_rate=40, sessions=["Mon 10:00-11:00"], fields=["contractor"]),
        Gig("night", pay_rate=30, hours=2, windows=["Sat 22:00-24:00"]),
        Gig("day", pay_rate=20, sessions=["Tue 10:00-12:00"]),
    ]
    rules = Rules(quiet_hours=["22:00-08:00"], forbid_fields=["contractor"])
    for gig_id in ("late", "freelance", "night"):
        problem = Problem(gigs=gigs, require=[gig_id, "day"], rules=rules)
        assert _solve(problem).status == Status.INFEASIBLE
        conflict = stacker.diagnose(problem)
        assert conflict.items == (("gig", gig_id),), gig_id


def test_a_shared_pool_keeps_each_students_rules():
    gigs = [
        Gig(f"g{k}", pay_rate=10 + k, sessions=[f"{day} 10:00-11:00"])
        for k, day in enumerate(["Mon", "Tue", "Wed", "Thu"])
    ]
    students = {
        "a": Problem(gigs=gigs, rules=Rules(max_gigs=1)),
        "b": Problem(gigs=gigs, rules=Rules(days_off=["Thu"], max_gigs=2)),
    }
    assignment = stacker.assign(students, {})
    for key, plan in assignment.plans.items():
        assert_plan_is_feasible(students[key], plan)
    assert assignment.plans["a"].gig_ids == ["g3"]
    assert assignment.plans["b"].gig_ids == ["g1", "g2"]
    assert assignment.objective == pytest.approx(13 + 11 + 12)


def test_alternatives_and_pareto_plans_keep_the_rules():
    gigs = [
        Gig("late", pay_rate=40, relevance=0.9, sessions=["Fri 21:00-23:00"]),
        Gig("freelance", pay_rate=60, relevance=0.2, sessions=["Mon 10:00-12:00"], fields=["contractor"]),
        Gig("a", pay_rate=30, relevance=0.1, sessions=["Tue 10:00-12:00"]),
        Gig("b", pay_rate=20, relevance=0.8, sessions=["Wed 10:00-12:00"]),
        Gig("c", pay_rate=15, relevance=0.5, hours=2, windows=["Thu 20:00-24:00"]),
    ]
    problem = Problem(gigs=gigs, rules=Rules(quiet_hours=["22:00-08:00"], forbid_fields=["contractor"], max_gigs=2))
    plans = stacker.alternatives(problem, k=3)
    assert len(plans) == 3
    front = stacker.pareto(problem, ("pay", "relevance"))
    for plan in [*plans, *front["plan"]]:
        assert_plan_is_feasible(problem, plan)
        assert not {"late", "freelance"} & set(plan.gig_ids)
        assert len(plan.gigs) <= 2


def test_frames_take_rules_as_the_object_or_a_mapping():
    import pandas as pd

    gigs = pd.DataFrame(
        [
            {"id": "sunday", "pay_rate": 10, "sessions": "Sun 10:00-12:00"},
            {"id": "agency", "pay_rate": 5, "sessions": "Mon 10:00-12:00", "fields": "contractor"},
            {"id": "desk", "pay_rate": 8, "sessions": "Tue 10:00-12:00"},
        ]
    )
    rules = Rules(days_off=["Sun"], forbid_fields=["contractor"])
    for written in (rules, {"days_off": ["Sun"], "forbid_fields": ["contractor"]}):
        problem = stacker.problem_from_frames(gigs=gigs, rules=written)
        assert problem.rules == rules
        plan = stacker.solve(problem)
        assert_plan_is_feasible(problem, plan)
        assert plan.gig_ids == ["desk"] and [e.id for e in plan.excluded] == ["sunday", "agency"]
    with pytest.raises(ProblemError, match="rules: days_of: unknown field; did you mean 'days_off'"):
        stacker.problem_from_frames(gigs=gigs, rules={"days_of": ["Sun"]})
