"""load_folder: a problem from a folder with timetable.ics, commitments.*, gigs.csv and limits.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checker import assert_plan_is_feasible
from folder_files import ALL_DAY, COMMITMENTS_CSV, GIGS_CSV, LIMITS_TOML, TIMETABLE, make_folder

import stacker
from stacker import Commitment, Limits, ProblemError, Weights, load_folder


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ProblemError) as info:
        load_folder(path)
    return info.value.errors


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "week",
        timetable_ics=TIMETABLE,
        gigs_csv=GIGS_CSV,
        limits_toml=LIMITS_TOML,
        commitments_csv=COMMITMENTS_CSV,
    )


def test_folder_with_every_file(folder: Path) -> None:
    problem = load_folder(folder)
    timetable = list(stacker.read_ics(folder / "timetable.ics", kind="class"))
    assert len(timetable) == 2 and all(c.kind == "class" for c in timetable)
    assert list(problem.commitments) == [
        *timetable,
        Commitment("Food bank", ["Sat 09:00-12:00"], kind="volunteer", counts_toward_cap=False),
        Commitment("Choir", ["Sun 18:00-19:30", "Wed 19:00-20:00"], kind="other"),
    ]
    assert [g.id for g in problem.gigs] == ["tutor", "clash", "social", "night"]
    assert problem.gigs == stacker.read_gigs(folder / "gigs.csv")
    assert problem.limits == Limits(max_hours=40, max_work_hours=12)
    assert problem.weights == Weights(mentor_value=30)
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    assert "clash" in {e.id for e in plan.excluded}  # Mon 09:00 is MATH 201, from the calendar


def test_every_file_is_optional_but_something_to_plan(tmp_path: Path) -> None:
    only_gigs = load_folder(make_folder(tmp_path / "a", gigs_csv=GIGS_CSV))
    assert not only_gigs.commitments and len(only_gigs.gigs) == 4 and only_gigs.limits == Limits()
    only_timetable = load_folder(make_folder(tmp_path / "b", timetable_ics=TIMETABLE))
    assert len(only_timetable.commitments) == 2 and not only_timetable.gigs
    (message,) = errors_of(make_folder(tmp_path / "c", limits_toml=LIMITS_TOML, **{"README.md": "notes"}))
    assert message.startswith(str(tmp_path / "c")) and "nothing to plan" in message and "gigs.csv" in message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("commitments.json", json.dumps([{"id": "Food bank", "kind": "volunteer", "sessions": ["Sat 09:00-12:00"]}])),
        (
            "commitments.json",
            json.dumps({"commitments": [{"id": "Food bank", "kind": "volunteer", "sessions": "Sat 09:00-12:00"}]}),
        ),
        ("commitments.toml", '[[commitments]]\nid = "Food bank"\nkind = "volunteer"\nsessions = ["Sat 09:00-12:00"]\n'),
        ("commitments.csv", "id,kind,sessions\nFood bank,volunteer,Sat 09:00-12:00\n"),
        ("Commitments.CSV", "\ufeffid,kind,sessions\r\nFood bank,volunteer,Sat 09:00-12:00\r\n"),  # Excel's CSV
    ],
)
def test_commitment_files(tmp_path: Path, name: str, text: str) -> None:
    problem = load_folder(make_folder(tmp_path, **{name: text}))
    assert problem.commitments == (Commitment("Food bank", ["Sat 09:00-12:00"], kind="volunteer"),)


def test_every_problem_in_every_file_at_once(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path / "bad",
        timetable_ics="BEGIN:VCALENDAR\r\nthis is not a calendar\r\n",
        gigs_csv="id,pay_rate,relevance,sessions\ng1,-5,0.5,Mon 09:00-10:00\ng2,10,7,Tue 25:00-26:00\n",
        limits_toml="[limits]\nmax_wrok_hours = 20\n[wieghts]\n",
        commitments_csv="id,kind,sessions,counts_toward_cap\nA,klass,Mon 10:00-11:00,maybe\n,class,Tue 10:00-11:00,\n",
    )
    messages = errors_of(folder)
    text = "\n".join(messages)
    for name in ("timetable.ics", "gigs.csv", "limits.toml", "commitments.csv"):
        assert any(message.startswith(str(folder / name)) for message in messages), (name, text)
    assert "pay_rate: must be >= 0" in text and "relevance" in text and "hour must be 0-24" in text
    assert "max_wrok_hours: unknown field; did you mean 'max_work_hours'?" in text
    assert "wieghts: unknown table; did you mean 'weights'?" in text
    assert "row 2: commitment 'A': kind: must be one of class, volunteer, other" in text
    assert "row 2: commitment 'A': counts_toward_cap: must be true or false, got 'maybe'" in text
    assert f"{folder / 'commitments.csv'}: row 3: id: missing" in text
    assert all(message.startswith(str(folder)) for message in messages)


def test_files_that_would_be_skipped_are_errors(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        gigs_csv=GIGS_CSV,
        **{"gigs.xlsx": "", "limits.json": "{}", "commitments.json": "[]", "commitments.toml": ""},
    )
    text = "\n".join(errors_of(folder))
    assert "gigs.csv, gigs.xlsx: more than one gigs file; keep one" in text
    assert "commitments.json, commitments.toml: more than one commitments file" in text
    assert f"{tmp_path / 'limits.json'}: not read: use the name limits.toml" in text


def test_ids_used_in_two_files(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        timetable_ics=TIMETABLE,
        commitments_csv="id,sessions\nMATH 201,Sat 10:00-11:00\n",
        gigs_csv="id,pay_rate,sessions\nFood bank,10,Sun 10:00-11:00\nMATH 201,10,Sun 12:00-13:00\n",
    )
    timetable = list(stacker.read_ics(folder / "timetable.ics", kind="class"))
    assert "MATH 201" in {c.id for c in timetable}
    messages = errors_of(folder)
    assert (
        f"{folder / 'commitments.csv'}: commitment 'MATH 201': id: duplicate; {folder / 'timetable.ics'} has a commitment with the same id"
        in messages
    )
    assert (
        f"{folder / 'gigs.csv'}: gig 'MATH 201': id: duplicate; {folder / 'timetable.ics'} has a commitment with the same id"
        in messages
    )
    assert len(messages) == 2


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"commitments.json": "[1, 2"}, "commitments.json: line 1: not valid JSON"),
        ({"commitments.json": '{"commitment": []}'}, "commitment: unknown key; did you mean 'commitments'?"),
        (
            {"commitments.toml": "[[commitments]]\nid = 'x'\nsesions = []\n"},
            "sesions: unknown field; did you mean 'sessions'?",
        ),
        ({"commitments.csv": ""}, "commitments.csv: no header row"),
        ({"commitments.csv": "name,sessions\nA,Mon 10:00-11:00\n"}, "commitments.csv: no 'id' column"),
        ({"commitments.csv": "id,sesions\nA,Mon 10:00-11:00\n"}, "sesions: unknown column; did you mean 'sessions'?"),
        ({"commitments.csv": b"\xff\xfe\x00binary"}, "commitments.csv: cannot read the file"),
        ({"limits.toml": "[limits\n"}, "limits.toml: not valid TOML"),
        ({"gigs.csv": "id,pay_rate\ng1,-1\n"}, "gigs.csv: row 2: gig 'g1': pay_rate: must be >= 0"),
    ],
)
def test_file_messages(tmp_path: Path, files: dict, expected: str) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    if "gigs.csv" not in files:
        (tmp_path / "gigs.csv").write_text(GIGS_CSV, encoding="utf-8")
    messages = errors_of(tmp_path)
    assert any(expected in message for message in messages), messages
    assert all(message.startswith(str(tmp_path)) for message in messages)


def test_not_a_folder(tmp_path: Path) -> None:
    assert errors_of(tmp_path / "missing") == [f"{tmp_path / 'missing'}: no such folder"]
    (tmp_path / "file.json").write_text("{}")
    assert errors_of(tmp_path / "file.json") == [f"{tmp_path / 'file.json'}: not a folder"]


def test_timetable_notes_are_collected_or_warned(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, timetable_ics=TIMETABLE.replace("END:VCALENDAR", ALL_DAY + "END:VCALENDAR"))
    notes: list[str] = []
    problem = load_folder(folder, notes=notes)
    assert [c.id for c in problem.commitments] == ["MATH 201", "STAT 210"]
    assert len(notes) == 1 and notes[0].startswith(str(folder / "timetable.ics")) and "all-day event" in notes[0]
    with pytest.warns(stacker.readers.CalendarWarning, match="all-day event"):
        assert load_folder(folder) == problem
