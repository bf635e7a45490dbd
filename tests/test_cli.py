"""The command line end to end (``python -m stacker`` as a subprocess), and the text rendering."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checker import assert_plan_is_feasible

import stacker
from stacker import render
from stacker.plan import Block, ChosenGig, Plan, Status, Totals
from stacker.week import DAYS, parse_intervals

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
    data = json.loads(run("solve", str(path), "--json").stdout)
    assert data["status"] == "infeasible" and data["reasons"] and data["objective"] is None


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "week.toml"
    path.write_text('[[gigs]]\nid = "solo"\npay_rate = 10\nsessions = ["Sun 23:00-01:00"]\n', encoding="utf-8")
    result = run("solve", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["gigs"][0]["id"] == "solo"


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
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage: stacker" in result.stderr and "Traceback" not in result.stderr


def test_help_shows_examples_and_exit_codes() -> None:
    for args in (["--help"], ["solve", "--help"]):
        result = run(*args)
        assert result.returncode == 0
        assert "examples:" in result.stdout
        assert "stacker solve examples/week.json" in result.stdout
        assert "exit status:" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"stacker {stacker.__version__}"


# --- render ------------------------------------------------------------------


def _blocks(ident: str, kind: str, *texts: str) -> list[Block]:
    return [Block(ident, kind, start, end) for text in texts for start, end in parse_intervals(text)]


def _plan(blocks: list[Block], gigs: tuple[ChosenGig, ...] = (), status: Status = Status.OPTIMAL) -> Plan:
    blocks = sorted(blocks, key=lambda b: (b.start, b.end, b.id))
    work = sum(g.hours for g in gigs)
    return Plan(
        status=status,
        objective=sum(g.value for g in gigs),
        bound=sum(g.value for g in gigs),
        gigs=gigs,
        blocks=tuple(blocks),
        totals=Totals(hours=sum(b.hours for b in blocks), work_hours=work, pay=0.0, value=0.0),
        excluded=(),
        reasons=(),
        solve_time=0.0,
        problem=stacker.Problem(),
    )


def grid_cells(text: str) -> dict[tuple[str, str], str]:
    """Parse a week grid into ``{(time, day): cell}`` for the non-empty cells."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == list(DAYS))
    columns = [lines[header].index(day) for day in DAYS]
    cells = {}
    for line in lines[header + 1 :]:
        if line.strip() == "...":
            continue
        if not re.match(r"\d\d:\d\d", line):
            break
        time = line[:5]
        for day, col, nxt in zip(DAYS, columns, columns[1:] + [None]):
            cell = line[col:nxt].strip()
            if cell:
                cells[(time, day)] = cell
    return cells


def test_week_grid_block_past_midnight_goes_on_next_day() -> None:
    plan = _plan(_blocks("MATH", "class", "Fri 09:00-09:50") + _blocks("night", "gig", "Fri 22:00-02:00"))
    text = render.week_grid(plan)
    cells = grid_cells(text)
    assert cells[("09:00", "Fri")] == "#MATH"
    assert cells[("09:30", "Fri")] == "#"
    assert cells[("22:00", "Fri")] == "*night"
    assert cells[("22:30", "Fri")] == cells[("23:30", "Fri")] == "*"
    assert cells[("00:00", "Sat")] == "*night"  # the part after midnight, labelled in its own column
    assert cells[("01:30", "Sat")] == "*"
    assert ("02:00", "Sat") not in cells and ("00:00", "Fri") not in cells
    # only hours with blocks get rows; the gaps are one "..." row each
    times = [line[:5] for line in text.splitlines()[2:] if line.strip() != "..."]
    assert times == ["00:00", "00:30", "01:00", "01:30", "09:00", "09:30", "22:00", "22:30", "23:00", "23:30"]
    assert text.count("  ...") == 2


def test_week_grid_sunday_night_wraps_to_monday() -> None:
    plan = _plan(_blocks("late", "gig", "Sun 23:00-01:30") + _blocks("Choir", "other", "Sun 20:00-21:00"))
    cells = grid_cells(render.week_grid(plan))
    assert cells[("23:00", "Sun")] == "*late" and cells[("23:30", "Sun")] == "*"
    assert cells[("00:00", "Mon")] == "*late"
    assert cells[("01:00", "Mon")] == "*"
    assert ("01:30", "Mon") not in cells
    assert cells[("20:00", "Sun")] == "=Choir" and cells[("20:30", "Sun")] == "="
    assert not any(day == "Sat" for _, day in cells)


def test_week_grid_partial_cells_overlaps_and_empty_week() -> None:
    # a block that ends inside a cell shares it with the next one, which is labelled there
    plan = _plan(_blocks("A", "class", "Tue 09:00-09:50") + _blocks("g", "gig", "Tue 09:50-11:00"))
    cells = grid_cells(render.week_grid(plan))
    assert cells[("09:30", "Tue")] == "*g" and cells[("10:30", "Tue")] == "*"
    # commitments that clash (an infeasible plan) are marked
    clash = _plan(
        _blocks("A", "class", "Mon 09:00-11:00") + _blocks("B", "volunteer", "Mon 10:00-12:00"),
        status=Status.INFEASIBLE,
    )
    text = render.week_grid(clash)
    assert "! overlap" in text and grid_cells(text)[("10:00", "Mon")] == "!~B"
    assert "nothing scheduled" in render.week_grid(_plan([]))


def test_week_grid_lines_fit_a_terminal() -> None:
    every_day = _blocks("a-very-long-commitment-name", "class", "Mon-Sun 08:00-20:00")
    text = render.week_grid(_plan(every_day))
    assert max(len(line) for line in text.splitlines()) <= 80


def test_summary_lists_gigs_totals_and_gap() -> None:
    gig = ChosenGig("tutor", "Math tutor", 4.0, 88.0, 149.0, 0.9, True, True)
    plan = _plan(_blocks("tutor", "gig", "Tue,Thu 18:00-20:00"), (gig,), status=Status.FEASIBLE)
    plan = Plan(**{**plan.__dict__, "bound": 160.0})
    text = render.summary(plan)
    assert "Status: feasible" in text
    assert "Gap: 11.00" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("tutor"))
    assert row.split() == ["tutor", "Math", "tutor", "4.00", "88.00", "0.90", "yes", "149.00"]
    assert "Tue, 2.00 h" in text or "Thu, 2.00 h" in text  # busiest day


def test_week_grid_lists_ids_cut_to_fit() -> None:
    plan = _plan(
        _blocks("stats-consult", "gig", "Mon 10:00-11:00") + _blocks("Food bank", "volunteer", "Sat 09:00-10:00")
    )
    text = render.week_grid(plan)
    assert grid_cells(text)[("10:00", "Mon")] == "*stats-co"
    assert text.splitlines()[-1] == "Ids cut to fit: stats-co = stats-consult, Food ban = Food bank"
    wide = render.week_grid(plan, width=14)
    assert grid_cells(wide)[("10:00", "Mon")] == "*stats-consult" and "cut to fit" not in wide


def test_cli_grid_uses_a_wide_terminal(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(
        json.dumps({"gigs": [{"id": "statistics-consulting", "pay_rate": 20, "sessions": ["Mon 10:00-11:00"]}]})
    )
    narrow, wide = run("solve", str(path)).stdout, run("solve", str(path), columns=200).stdout
    assert "10:00 *statisti\n" in narrow and "Ids cut to fit: statisti = statistics-consulting" in narrow
    assert "*statistics-consulting" in wide and "cut to fit" not in wide
    assert max(map(len, narrow.splitlines())) <= 92  # the gigs table may be wider than the grid
