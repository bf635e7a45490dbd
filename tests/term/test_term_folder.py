"""A folder with ``term.toml``: ``load_folder`` plans the term, the timetable read over it; the CLI; bad files."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from folder_files import COMMITMENTS_CSV, GIGS_CSV, LIMITS_TOML, TIMETABLE, make_folder
from term_checker import assert_term_plan_is_feasible

import stacker
from stacker import Break, Commitment, ProblemError, Term, load_folder
from stacker.cli import main

ROOT = Path(__file__).resolve().parents[2]

# Four weeks of the fall 2026 timetable (floating times), with a reading break on Monday and Tuesday of week 3.
TERM_TOML = textwrap.dedent(
    """\
    [term]
    start = 2026-09-07
    end = "2026-10-04"
    timezone = "America/New_York"

    [[term.breaks]]
    name = "Reading days"
    start = 2026-09-21
    end = 2026-09-22

    [term.breaks.limits]
    max_work_hours = 30
    """
)

GIGS_TOML = textwrap.dedent(
    """\
    [[gigs]]
    id = "tutor"
    pay_rate = 22
    relevance = 0.9
    sessions = ["Tue,Thu 18:00-20:00"]
    start = 2026-09-14

    [[gigs]]
    id = "report"
    fee = 300
    total_hours = 12
    due = 2026-09-25
    max_week_hours = 8
    windows = ["Mon-Fri 12:00-17:00"]
    min_block = 60

    [[gigs]]
    id = "rush"
    fee = 500
    total_hours = 30
    start = 2026-09-28
    due = 2026-10-02
    windows = ["Mon-Fri 18:00-20:00"]
    """
)

COMMITMENTS_TOML = textwrap.dedent(
    """\
    [[commitments]]
    id = "Food bank"
    kind = "volunteer"
    sessions = ["Sat 09:00-12:00", "2026-09-16 18:00-20:00"]
    skip = ["2026-09-26"]
    """
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "term",
        **{"timetable.ics": TIMETABLE, "term.toml": TERM_TOML, "gigs.toml": GIGS_TOML,
           "commitments.toml": COMMITMENTS_TOML, "limits.toml": LIMITS_TOML},
    )  # fmt: skip


def test_a_folder_with_term_toml_is_a_term(folder: Path) -> None:
    notes: list[str] = []
    problem = load_folder(folder, notes=notes)
    assert problem.term == Term(
        "2026-09-07",
        "2026-10-04",
        "America/New_York",
        [Break("Reading days", "2026-09-21", "2026-09-22", {"max_work_hours": 30})],
    )
    assert list(problem.commitments) == [
        Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"]),  # the timetable over the term (no break day in it)
        Commitment("STAT 210", ["Tue,Thu 10:00-11:15"]),
        Commitment("Food bank", ["Sat 09:00-12:00", "2026-09-16 18:00-20:00"], kind="volunteer", skip=["2026-09-26"]),
    ]
    assert notes == [
        f"{folder / 'timetable.ics'}: 2 occurrences in the break 'Reading days' (2026-09-21..2026-09-22) not read, "
        "as classes do not meet in breaks: 'MATH 201', 'STAT 210'"
    ]
    assert problem.gig("report").is_project and problem.gig("tutor").start == dt.date(2026, 9, 14)
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)  # classes absent on the reading days, the food bank on its skip
    assert plan.status.value == "optimal" and set(plan.gig_ids) == {"tutor", "report"}
    assert [e.id for e in plan.excluded] == ["rush"]
    assert plan.excluded[0].reason.startswith("cannot be finished by 2026-10-02")


def test_without_term_toml_the_folder_is_a_week_as_before(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "week", timetable_ics=TIMETABLE, gigs_csv=GIGS_CSV, commitments_csv=COMMITMENTS_CSV)
    problem = load_folder(folder)
    assert problem.term is None and problem.commitments[0] == Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"])


def test_gigs_csv_with_a_term_and_gigs_json_without(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "a", timetable_ics=TIMETABLE, gigs_csv=GIGS_CSV, **{"term.toml": TERM_TOML})
    problem = load_folder(folder, notes=[])
    assert problem.term is not None and len(problem.gigs) == 4
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    gigs = [{"id": "tutor", "pay_rate": 22, "sessions": ["Tue,Thu 18:00-20:00"]}]
    folder = make_folder(tmp_path / "b", **{"gigs.json": json.dumps(gigs)})
    assert load_folder(folder).gigs.ids == ["tutor"]


def test_the_example_term_folder() -> None:
    problem = load_folder(ROOT / "examples" / "term-folder", notes=[])
    assert problem.term is not None and problem.term.breaks[0].name == "Spring break"
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    assert plan.status.value == "optimal"
    assert [(e.id, e.reason.split(":")[0]) for e in plan.excluded] == [
        ("grant-proposal", "cannot be finished by 2027-04-30")
    ]


def test_the_command_line_plans_the_folders_term(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("status: optimal\n") and "\n  2026-09-21 " in captured.out  # a row a week
    assert "rush: cannot be finished by 2026-10-02" in captured.out
    assert "occurrences in the break 'Reading days'" in captured.err  # the timetable's note
    assert main(["solve", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["term"] == {"start": "2026-09-07", "end": "2026-10-04"}
    assert {b["date"] for b in data["blocks"] if b["id"] == "MATH 201"} >= {"2026-09-07", "2026-10-02"}
    assert not {b["date"] for b in data["blocks"] if b["id"] == "MATH 201"} & {"2026-09-21"}
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out == "ok: 3 commitments, 3 gigs\n"


# --- bad term.toml ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[terms]\nstart = 2026-09-07\n", [
            "term.toml: terms: unknown table; did you mean 'term'?",
            "term.toml: term: missing; the file needs a [term] table with start and end",
        ]),
        ("[term]\nstart = 2026-09-07\n", ["term.toml: term: end: missing; it is required"]),
        ("[term]\nstart = 2026-09-07\nend = 2026-02-30\n", None),  # a TOML syntax error: named by the TOML reader
        ("[term]\nstart = 2026-09-07\nend = '2026-09-31'\n",
         ["term.toml: term: end: must be a date like '2027-03-01' (YYYY-MM-DD), got '2026-09-31'"]),
        ("[term]\nstart = 2026-09-07\nend = 2026-10-04\ntimezone = 'Mars/Base'\n",
         ["term.toml: term: timezone: 'Mars/Base' is not an IANA time zone name like 'America/New_York'"]),
        ("[term]\nstart = 2026-09-07\nend = 2026-10-04\nweeks = 4\n",
         ["term.toml: term: weeks: unknown field; known fields: start, end, timezone, breaks"]),
        ("[term]\nstart = 2026-09-07\nend = 2026-10-04\n[[term.breaks]]\nname = 'Late'\nstart = 2026-10-01\n"
         "end = 2026-10-09\n",
         ["term.toml: break 'Late': start: 2026-10-01..2026-10-09 is not inside the term 2026-09-07..2026-10-04"]),
        ("[term]\nstart = 2026-09-07\nend = 2026-10-04\n[[term.breaks]]\nname = 'B'\nstart = 2026-09-08\n"
         "end = 2026-09-09\n[term.breaks.limits]\nmax_work = 40\n",
         ["term.toml: break 'B': limits: max_work: unknown field; did you mean 'max_work_hours'?"]),
    ],
)  # fmt: skip
def test_bad_term_toml_names_the_file_and_the_field(tmp_path: Path, text: str, expected: list[str] | None) -> None:
    folder = make_folder(tmp_path / "f", timetable_ics=TIMETABLE, **{"term.toml": text})
    with pytest.raises(ProblemError) as info:
        load_folder(folder)
    prefix = str(folder) + "/"
    errors = info.value.errors
    assert all(message.startswith(prefix + "term.toml: ") for message in errors), errors
    if expected is not None:
        assert [message.removeprefix(prefix) for message in errors] == expected


def test_term_fields_without_term_toml_and_misnamed_term_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "f", timetable_ics=TIMETABLE, **{"commitments.toml": COMMITMENTS_TOML})
    with pytest.raises(ProblemError) as info:
        load_folder(folder)
    assert info.value.errors[0].startswith(f"{folder / 'commitments.toml'}: commitment 'Food bank': ")
    assert "needs a term" in info.value.errors[0]
    make_folder(folder, **{"term.yaml": "start: 2026-09-07"})
    with pytest.raises(ProblemError) as info:
        load_folder(folder)
    assert f"{folder / 'term.yaml'}: not read: use the name term.toml" in info.value.errors
    folder = make_folder(
        tmp_path / "g", timetable_ics=TIMETABLE, **{"term.json": (ROOT / "examples/term.json").read_text()}
    )
    assert load_folder(folder, notes=[]).term is None  # term.json is a problem file of its own (as in examples/)


def test_a_bad_term_toml_on_the_command_line_has_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path / "f", timetable_ics=TIMETABLE, **{"term.toml": "[term]\nstart = 2026-09-07\n"})
    assert main(["solve", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{folder / 'term.toml'}: term: end: missing; it is required" in err
    assert main(["validate", str(folder)]) == 1
    assert "1 problem found" in capsys.readouterr().err
