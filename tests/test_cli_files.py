"""``stacker solve --csv/--ics/--png``: files are written to what the path names, in the format it names,
whatever happens to stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEEK = {
    "limits": {"max_hours": 40},
    "commitments": [{"id": "MATH 201", "sessions": ["Mon,Wed 09:00-10:30"]}],
    "gigs": [
        {"id": "tutor", "pay_rate": 22, "relevance": 0.9, "sessions": ["Tue,Thu 18:00-20:00"]},
        {"id": "social", "pay_rate": 18, "hours": 6, "windows": ["Mon-Fri 09:00-17:00"]},
    ],
}


def run(*args: str, cwd: Path, shell: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    command = f"{sys.executable} -m stacker {args[0]}" if shell else [sys.executable, "-m", "stacker", *args]
    return subprocess.run(command, shell=shell, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


@pytest.fixture
def week(tmp_path: Path) -> Path:
    path = tmp_path / "week.json"
    path.write_text(json.dumps(WEEK), encoding="utf-8")
    return path


def test_a_symlink_is_written_through_not_replaced(week: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = run("solve", str(week), "--csv", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text().startswith("id,kind,day,start,end,hours\n")


def test_a_fifo_is_written_into_not_replaced(week: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("solve", str(week), "--csv", str(fifo), cwd=tmp_path)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert fifo.is_fifo()  # still the FIFO, not a regular file put in its place
    assert received and received[0].startswith(b"id,kind,day,start,end,hours\n")


@pytest.mark.parametrize(("name", "signature"), [("w.svg", b"<?xml"), ("w.pdf", b"%PDF"), ("w.png", b"\x89PNG")])
def test_the_picture_format_follows_the_file_ending(week: Path, tmp_path: Path, name: str, signature: bytes) -> None:
    result = run("solve", str(week), "-q", "--png", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_bytes().startswith(signature)


def test_files_are_written_when_stdout_is_closed_early(week: Path, tmp_path: Path) -> None:
    for attempt in range(3):  # it lost the picture in 2 of 3 runs when stdout was written first
        picture = tmp_path / f"w{attempt}.png"
        result = run(f"solve {week} --png {picture} | head -1", cwd=tmp_path, shell=True)
        assert result.returncode == 0, result.stderr
        assert picture.read_bytes().startswith(b"\x89PNG"), result.stderr


def test_ics_writes_the_gigs_in_the_timetables_zone_and_commitments_on_request(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "week"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("week.*"))
    done = run("solve", str(folder), "--ics", "gigs.ics", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "gigs.ics").read_text()
    assert "DTSTART;TZID=America/New_York:" in text and "CATEGORIES:class" not in text and "CATEGORIES:gig" in text
    done = run("solve", str(folder), "--ics", "all.ics", "--ics-commitments", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "CATEGORIES:class" in (tmp_path / "all.ics").read_text()
    done = run("solve", str(folder), "--ics-commitments", cwd=tmp_path)
    assert done.returncode == 2 and "--ics-commitments: only used with --ics" in done.stderr
