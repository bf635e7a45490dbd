"""The command line end to end (``python -m stacker`` as a subprocess), and the text rendering.

Every plan read from ``--json`` output is checked with the independent checker.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from checker import assert_plan_is_feasible, parse_session
from folder_files import GIGS_CSV, LIMITS_TOML, TIMETABLE, make_folder

import stacker
from stacker.cli import ProgressPrinter, coming_monday
from stacker.plan import Block, ChosenGig, Excluded, Plan, Status, Totals
from stacker.problem.week import DAYS

ROOT = Path(__file__).resolve().parents[1]

# Fixed gigs only, so it solves at once. Known optimum: tutor (4 h * (22 + 10 * 0.9)
# + 25 = 149) + night (150 + 4 h * 10 * 0.1 = 154) = 303; "clash" overlaps MATH 201
# and is excluded; "busy" (Wed 10:00-20:00, 10 h) is over max_day_hours on its own.
WEEK = {
    "limits": {"max_hours": 40, "max_work_hours": 20, "max_day_hours": 9},
    "commitments": [
        {"id": "MATH 201", "kind": "class", "sessions": ["Mon,Wed,Fri 09:00-09:50"]},
        {"id": "Food bank", "kind": "volunteer", "sessions": ["Sat 09:00-12:00"]},
    ],
    "gigs": [
        {
            "id": "tutor",
            "title": "Math tutor",
            "pay_rate": 22,
            "relevance": 0.9,
            "mentor": True,
            "sessions": ["Tue,Thu 18:00-20:00"],
        },
        {"id": "night", "weekly_pay": 150, "relevance": 0.1, "sessions": ["Fri 22:00-02:00"]},
        {"id": "clash", "pay_rate": 30, "sessions": ["Mon 09:00-11:00"]},
        {"id": "busy", "pay_rate": 12, "sessions": ["Wed 10:00-20:00"]},
    ],
}


def run(*args: str, cwd: Path | None = None, columns: int = 80) -> subprocess.CompletedProcess:
    """Run ``python -m stacker ARGS`` in a terminal ``columns`` wide; stacker importable from this checkout."""
    env = dict(os.environ, COLUMNS=str(columns))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "stacker", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture
def week_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.json"
    path.write_text(json.dumps(WEEK), encoding="utf-8")
    return path


def test_solve_prints_gigs_totals_exclusions_and_grid(week_file: Path) -> None:
    result = run("solve", str(week_file))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Status: optimal" in out
    chosen = out.split("Chosen gigs (2):")[1].split("Totals:")[0]
    assert "tutor" in chosen and "Math tutor" in chosen and "night" in chosen
    assert "clash" not in chosen and "busy" not in chosen
    assert "303.00" in out  # total value
    excluded = out.split("Excluded gigs")[1]
    assert "clash: clashes with MATH 201" in excluded and "busy:" in excluded
    assert "Week grid" in out
    header = next(line for line in out.splitlines() if line.split()[:7] == list(DAYS))
    assert header
    assert "#MATH 201" in out and "~Food ban" in out and "*tutor" in out and "*night" in out
    assert result.stderr == ""


def test_solve_json_is_plan_to_dict(week_file: Path, tmp_path: Path) -> None:
    result = run("solve", str(week_file), "--json", "--seed", "3", "--workers", "1", "--time-limit", "60")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("status", "objective", "bound", "gigs", "blocks", "totals", "excluded", "reasons"):
        assert key in data
    assert data["status"] == "optimal"
    assert data["objective"] == pytest.approx(303)
    assert [g["id"] for g in data["gigs"]] == ["tutor", "night"]
    assert {e["id"] for e in data["excluded"]} == {"clash", "busy"}
    night = [b for b in data["blocks"] if b["id"] == "night"]
    assert night == [{"id": "night", "kind": "gig", "day": "Fri", "start": "22:00", "end": "02:00", "hours": 4.0}]
    # the same plan as in-process, printed exactly as json.dumps(plan.to_dict(), indent=2)
    problem = stacker.load(week_file)
    plan = stacker.solve(problem, time_limit=60, seed=3, workers=1)
    assert_plan_is_feasible(problem, plan)
    expected = plan.to_dict() | {"solve_time": data["solve_time"]}
    assert result.stdout == json.dumps(expected, indent=2) + "\n"


def test_infeasible_problem_is_printed_with_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "clash.json"
    path.write_text(
        json.dumps(
            {
                "commitments": [
                    {"id": "A", "sessions": ["Mon 09:00-11:00"]},
                    {"id": "B", "kind": "volunteer", "sessions": ["Mon 10:00-12:00"]},
                ]
            }
        ),
        encoding="utf-8",
    )
    result = run("solve", str(path))
    assert result.returncode == 0, result.stderr
    assert "Status: infeasible" in result.stdout
    assert "'A' (Mon 09:00-11:00) clashes with 'B' (Mon 10:00-12:00)" in result.stdout
    out = run("solve", str(path), "--json").stdout
    data = json.loads(out)
    assert data["status"] == "infeasible" and data["reasons"] and data["objective"] is None
    assert_plan_is_feasible(stacker.load(path), plan_from_json(stacker.load(path), out))


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "week.toml"
    path.write_text('[[gigs]]\nid = "solo"\npay_rate = 10\nsessions = ["Sun 23:00-01:00"]\n', encoding="utf-8")
    result = run("solve", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["gigs"][0]["id"] == "solo"
    assert_plan_is_feasible(stacker.load(path), plan_from_json(stacker.load(path), result.stdout))


def test_bad_file_exits_1_with_every_message_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "limts": {},
                "gigs": [{"id": "g17", "pay_rate": -1, "sessions": ["Mon 25:00-26:00"]}],
            }
        ),
        encoding="utf-8",
    )
    result = run("solve", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("limts: unknown field" in line for line in lines)
    assert any("gig 'g17': pay_rate: must be >= 0" in line for line in lines)
    assert any("gig 'g17': session 'Mon 25:00-26:00': hour must be 0-24" in line for line in lines)
    assert all(line.startswith("stacker: error: ") and str(path) in line for line in lines)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("missing.json", None, "cannot read the file"),
        ("broken.json", '{"gigs": [', "not valid JSON"),
        ("week.yaml", "gigs: []", "unknown file type"),
    ],
)
def test_unreadable_files_exit_1(tmp_path: Path, name: str, text: str | None, message: str) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    result = run("solve", str(path))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["solve"],
        ["frobnicate", "x.json"],
        ["solve", "x.json", "--time-limit", "-1"],
        ["solve", "x.json", "--time-limit", "soon"],
        ["solve", "x.json", "--seed", "-2"],
        ["solve", "x.json", "--workers", "0"],
        ["solve", "x.json", "--no-such-option"],
        ["solve", "x.json", "--seed", "2147483648"],  # over CP-SAT's 32-bit seed
        ["solve", "x.json", "--workers", "100000"],
        ["solve", "x.json", "--csv", ""],
        ["solve", "x.json", "--png", "week.bmp"],  # a format matplotlib cannot write
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage: stacker" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_option_of_solve_shows_the_usage_of_solve(tmp_path: Path) -> None:
    result = run("solve", str(tmp_path), "--bogus")
    assert result.returncode == 2
    assert "usage: stacker solve" in result.stderr
    assert "unrecognized arguments: --bogus" in result.stderr


def test_help_shows_examples_and_exit_codes() -> None:
    for args in (["--help"], ["solve", "--help"], ["validate", "--help"]):
        result = run(*args)
        assert result.returncode == 0
        assert "examples:" in result.stdout
        assert f"stacker {args[0] if args[0] != '--help' else 'solve'} examples/week.json" in result.stdout
        assert "exit status:" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"stacker {stacker.__version__}"


# --- render ------------------------------------------------------------------


def test_cli_grid_uses_a_wide_terminal(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(
        json.dumps({"gigs": [{"id": "statistics-consulting", "pay_rate": 20, "sessions": ["Mon 10:00-11:00"]}]})
    )
    narrow, wide = run("solve", str(path)).stdout, run("solve", str(path), columns=200).stdout
    assert "10:00 *statisti\n" in narrow and "Ids cut to fit: statisti = statistics-consulting" in narrow
    assert "*statistics-consulting" in wide and "cut to fit" not in wide
    assert max(map(len, narrow.splitlines())) <= 92  # the gigs table may be wider than the grid


# --- folders, validate, files, progress, Ctrl-C -------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def env() -> dict[str, str]:
    variables = dict(os.environ, COLUMNS="80")
    variables["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), variables.get("PYTHONPATH")]))
    return variables


def plan_from_json(problem: stacker.Problem, text: str) -> Plan:
    """The plan ``stacker solve --json`` printed, as a Plan the checker reads (times parsed by the checker)."""
    data = json.loads(text)
    blocks = []
    for b in data["blocks"]:
        ((start, end),) = parse_session(f"{b['day']} {b['start']}-{b['end']}")
        blocks.append(Block(b["id"], b["kind"], start, end))
    return Plan(
        status=Status(data["status"]),
        objective=data["objective"],
        bound=data["bound"],
        gigs=tuple(ChosenGig(**g) for g in data["gigs"]),
        blocks=tuple(blocks),
        totals=Totals(**data["totals"]),
        excluded=tuple(Excluded(**e) for e in data["excluded"]),
        reasons=tuple(data["reasons"]),
        solve_time=data["solve_time"],
        problem=problem,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "week", timetable_ics=TIMETABLE, gigs_csv=GIGS_CSV, limits_toml=LIMITS_TOML)


def test_solve_a_folder(folder: Path) -> None:
    result = run("solve", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    problem = stacker.load_folder(folder)
    plan = plan_from_json(problem, result.stdout)
    assert_plan_is_feasible(problem, plan)
    assert plan.status is Status.OPTIMAL
    assert plan.objective == pytest.approx(stacker.solve(problem).objective)
    assert {"MATH 201", "STAT 210"} <= {b.id for b in plan.blocks if b.kind == "class"}
    text = run("solve", str(folder))
    assert text.returncode == 0 and "Status: optimal" in text.stdout and "#MATH 201" in text.stdout
    assert text.stderr == ""


def test_validate_good_file_and_folder(week_file: Path, folder: Path) -> None:
    result = run("validate", str(week_file))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok: 2 commitments, 4 gigs\n", "")
    result = run("validate", str(folder))
    assert (result.returncode, result.stdout) == (0, "ok: 2 commitments, 4 gigs\n"), result.stderr


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    bad = {
        "limts": {},
        "commitments": [{"id": "A", "kind": "klass", "sessions": ["Mon 09:00-10:00"]}],
        "gigs": [
            {"id": "g17", "pay_rate": -1, "sessions": ["Mon 25:00-26:00"]},
            {"id": "g18", "pay_rate": 10, "relevance": 2, "hours": 3},
            {"id": "A", "pay_rate": 10, "hours": 3},
        ],
    }
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert "Traceback" not in result.stderr
    *messages, count = result.stderr.splitlines()
    with pytest.raises(stacker.ProblemError) as info:
        stacker.load(path)
    assert messages == [f"stacker: error: {message}" for message in info.value.errors]
    assert len(messages) >= 5  # limts, klass, pay_rate, hour, relevance (the duplicate id comes after these)
    assert count == f"stacker: {path}: {len(messages)} problems found"


def test_validate_folder_lists_problems_of_every_file(tmp_path: Path) -> None:
    folder = make_folder(
        tmp_path,
        gigs_csv="id,pay_rate\ng1,-1\ng2,x\n",
        limits_toml="[limits]\nmax_hours = -1\n",
        commitments_csv="id,kind,sessions\nA,klass,Mon 09:00-10:00\n",
    )
    result = run("validate", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name in ("gigs.csv", "limits.toml", "commitments.csv"):
        assert any(line.startswith(f"stacker: error: {folder / name}") for line in lines), name
    assert lines[-1].endswith("problems found")


def test_csv_ics_and_png_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "solve", str(folder), "--json",
        "--csv", str(out / "week.csv"),
        "--ics", str(out / "week.ics"), "--term-start", "2026-09-07", "--term-end", "2026-12-18",
        "--png", str(out / "week.png"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    problem = stacker.load_folder(folder)
    plan = plan_from_json(problem, result.stdout)
    assert_plan_is_feasible(problem, plan)
    assert sorted(result.stderr.splitlines()) == sorted(
        f"stacker: wrote {out / name}" for name in ("week.csv", "week.ics", "week.png")
    )
    assert sorted(p.name for p in out.iterdir()) == ["week.csv", "week.ics", "week.png"]  # no temporary files left
    # PNG: a picture
    assert (out / "week.png").read_bytes().startswith(PNG_SIGNATURE)
    # CSV: the blocks of the plan printed
    frame = pd.read_csv(out / "week.csv")
    assert list(frame.columns) == ["id", "kind", "day", "start", "end", "hours"]
    assert frame.to_dict(orient="records") == json.loads(result.stdout)["blocks"]
    # ICS: reads back to the same week's gigs (the commitments only with --ics-commitments), each a weekly event
    week = {(b.id, b.start, b.end) for b in plan.blocks if b.kind == "gig"}
    back = stacker.read_ics(out / "week.ics", week_of=dt.date(2026, 10, 5))
    assert {(c.id, s, e) for c in back for session in c.sessions for s, e in parse_session(session)} == week


def test_quiet_writes_only_files(folder: Path, tmp_path: Path) -> None:
    result = run("solve", str(folder), "-q", "--png", str(tmp_path / "w.png"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "w.png").read_bytes().startswith(PNG_SIGNATURE)


def test_ics_default_term_is_the_coming_monday_and_15_weeks() -> None:
    assert coming_monday(dt.date(2026, 11, 25)) == dt.date(2026, 11, 30)  # a Wednesday
    assert coming_monday(dt.date(2026, 11, 30)) == dt.date(2026, 11, 30)  # a Monday: today
    assert coming_monday(dt.date(2026, 11, 29)) == dt.date(2026, 11, 30)  # a Sunday


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-q"], "nothing would be shown or written"),
        (["-q", "--json", "--csv", "x.csv"], "not allowed with argument"),
        (["--term-start", "2026-09-07"], "only used with --ics"),
        (["--ics", "x.ics", "--term-start", "2026-09-07", "--term-end", "2026-09-01"], "is before the term start"),
        (["--ics", "x.ics", "--term-start", "7/9/2026"], "must be a date YYYY-MM-DD"),
        (["--png", "no-such-folder/x.png"], "folder 'no-such-folder' does not exist"),
        (["--csv", "."], "is a folder"),
        (["--csv", "week/gigs.csv"], "writing it would overwrite the input"),
        (["--csv", "w.out", "--png", "w.out"], "is also the file of --csv"),
    ],
)
def test_bad_option_combinations_exit_2(folder: Path, args: list[str], message: str) -> None:
    result = run("solve", "week", *args, cwd=folder.parent)
    assert result.returncode == 2, result.stderr
    assert "usage: stacker solve" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder.parent / "w.out").exists()


def test_unwritable_output_exits_1_after_printing_the_plan(week_file: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere, but not into /proc
            locked = Path("/proc")
            if not locked.is_dir():
                pytest.skip("no folder this user cannot write into")
        result = run("solve", str(week_file), "--csv", str(locked / "w.csv"))
    finally:
        (tmp_path / "locked").chmod(0o700)
    assert result.returncode == 1
    assert "Status: optimal" in result.stdout
    assert f"stacker: error: --csv: cannot write {locked / 'w.csv'}: " in result.stderr
    assert "Traceback" not in result.stderr


def test_progress_lines_on_stderr(folder: Path) -> None:
    result = run("solve", str(folder), "--json", "--progress")
    assert result.returncode == 0, result.stderr
    problem = stacker.load_folder(folder)
    assert_plan_is_feasible(problem, plan_from_json(problem, result.stdout))
    lines = result.stderr.splitlines()
    assert lines[0] == "stacker: solving 4 gigs around 2 commitments; Ctrl-C stops with the best plan found so far"
    progress = [line for line in lines if line.startswith("stacker: progress: ")]
    assert progress and len(progress) == len(lines) - 1
    pattern = r"stacker: progress: value (\d+\.\d\d), bound (\d+\.\d\d), gap (\d+\.\d\d)( \(\d+\.\d%\))?, \d+\.\d s"
    for line in progress:
        match = re.fullmatch(pattern, line)
        assert match, line
        value, bound, gap = map(float, match.groups()[:3])
        assert bound >= value and gap == pytest.approx(bound - value, abs=0.01)
    assert run("solve", str(folder), "--json").stderr == ""  # stderr is not a terminal here: no progress


def test_progress_printer_is_throttled() -> None:
    class Stream:
        def __init__(self) -> None:
            self.lines: list[str] = []

        def write(self, text: str) -> None:
            self.lines.append(text)

        def flush(self) -> None:
            pass

    now = [0.0]
    stream = Stream()
    printer = ProgressPrinter(stream, every=0.5, clock=lambda: now[0])
    for t, value in [(0.1, 10), (0.2, 11), (0.5, 12), (0.7, 13), (5.0, 14)]:
        now[0] = t
        printer(value, 20)
    assert [line.split(",")[0] for line in stream.lines] == [
        "stacker: progress: value 10.00",
        "stacker: progress: value 13.00",
        "stacker: progress: value 14.00",
    ]

    class Broken(Stream):
        def write(self, text: str) -> None:
            raise BrokenPipeError

    ProgressPrinter(Broken())(1, 2)  # a broken stderr never breaks the solver


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[stacker.Problem, Path]:
    from benchmarks.generate import generate

    problem = generate(100_000)
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(json.dumps(stacker.problem_to_dict(problem)), encoding="utf-8")
    return problem, path


def test_ctrl_c_prints_the_best_plan_so_far(big: tuple[stacker.Problem, Path], tmp_path: Path) -> None:
    problem, path = big
    child = subprocess.Popen(
        [sys.executable, "-m", "stacker", "solve", str(path), "--json", "--progress", "--csv", str(tmp_path / "w.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        seen = []
        while not seen or not seen[-1].startswith("stacker: progress: "):
            line = child.stderr.readline()
            assert line, f"stacker ended before showing progress: {''.join(seen)}"
            seen.append(line)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    assert "Traceback" not in err
    assert child.returncode == 130, err
    plan = plan_from_json(problem, out)
    assert_plan_is_feasible(problem, plan)
    assert plan.status in (Status.FEASIBLE, Status.OPTIMAL) and plan.gigs
    if plan.status is Status.FEASIBLE:  # stopped in the search
        assert "stacker: interrupted (Ctrl-C): the plan is the best found so far" in err
    else:  # Ctrl-C came when the search had just ended: the plan is still printed whole
        assert "stacker: interrupted (Ctrl-C) after the search had ended" in err
    assert len(pd.read_csv(tmp_path / "w.csv")) == len(plan.blocks)


def test_timetable_notes_go_to_stderr(tmp_path: Path) -> None:
    from folder_files import ALL_DAY

    folder = make_folder(tmp_path, timetable_ics=TIMETABLE.replace("END:VCALENDAR", ALL_DAY + "END:VCALENDAR"))
    result = run("validate", str(folder))
    assert (result.returncode, result.stdout) == (0, "ok: 2 commitments, 0 gigs\n")
    (note,) = result.stderr.splitlines()
    assert note.startswith(f"stacker: note: {folder / 'timetable.ics'}: ") and "all-day event" in note
    result = run("solve", str(folder), "--json")
    assert result.returncode == 0 and result.stderr.startswith("stacker: note: ")
    problem = stacker.load_folder(folder, notes=[])
    assert_plan_is_feasible(problem, plan_from_json(problem, result.stdout))


def test_example_folder() -> None:
    """examples/ is itself a folder input: timetable.ics, commitments.toml, gigs.csv, limits.toml."""
    examples = ROOT / "examples"
    result = run("validate", str(examples))
    assert result.returncode == 0 and result.stdout.startswith("ok: "), result.stderr
    result = run("solve", str(examples), "--json")
    assert result.returncode == 0, result.stderr
    problem = stacker.load_folder(examples, notes=[])
    plan = plan_from_json(problem, result.stdout)
    assert_plan_is_feasible(problem, plan)
    assert plan.status is Status.OPTIMAL and plan.gigs


def test_explain_says_why_each_other_gig_is_left_out(tmp_path):
    problem = stacker.Problem(
        commitments=[stacker.Commitment("MATH 201", sessions=["Mon 09:00-09:50"])],
        gigs=[
            stacker.Gig("tutor", pay_rate=30, sessions=["Tue 10:00-12:00"]),
            stacker.Gig("desk", pay_rate=12.4, sessions=["Tue 11:00-13:00"]),
            stacker.Gig("library", pay_rate=15, sessions=["Mon 09:00-10:00"]),
        ],
    )
    path = tmp_path / "week.json"
    path.write_text(json.dumps(stacker.problem_to_dict(problem)))
    text = run("solve", str(path), "--explain")
    assert text.returncode == 0, text.stderr
    assert "Why not chosen (cost of forcing it in):" in text.stdout
    assert "  library: clashes with MATH 201 (Mon 09:00-09:50)" in text.stdout
    assert "  desk: clashes with 'tutor' (Tue 10:00-12:00); taking it lowers the value by 35.20" in text.stdout
    data = json.loads(run("solve", str(path), "--explain", "--json").stdout)
    assert data["explanations"] == [
        {
            "gig": "desk",
            "fits": True,
            "cost": 35.2,
            "reason": "clashes with 'tutor' (Tue 10:00-12:00); taking it lowers the value by 35.20 because it "
            "displaces 'tutor'",
            "displaces": ["tutor"],
        },
        {
            "gig": "library",
            "fits": False,
            "cost": None,
            "reason": "clashes with MATH 201 (Mon 09:00-09:50)",
            "displaces": [],
        },
    ]
    assert "explanations" not in json.loads(run("solve", str(path), "--json").stdout)
