"""Seeded realistic terms for ``python -m benchmarks term``: a timetable, a spring break, an exam week, a mix of gigs.

:func:`generate_term` returns the problem as the JSON mapping a user writes
(``stacker.load`` reads it; :func:`write_term` writes the file):

- the term: ``weeks`` calendar weeks from Monday 2027-01-11 (Monday to
  Sunday); from 6 weeks on a one-week spring break in the middle (a break
  week: ``max_work_hours`` 40, full time as on an F-1 visa) and from 3 weeks
  on an exam week at the end (a break for the classes: ``max_work_hours``
  10); limits ``max_hours`` 40, ``max_work_hours`` 20, ``max_day_hours`` 10;
- the timetable: 5-6 classes (Mon/Wed/Fri 50 min or Tue/Thu 75 min,
  starting on the half hour between 08:00 and 16:00, none clashing), a
  holiday in week 2 that the classes skip, an evening midterm for half of
  them and a final exam of each in the exam week (dated sessions, on the
  half hour), a weekly lab for some and a Saturday volunteer shift for half
  the students;
- ``gigs`` candidates, about ``projects`` of them projects (5-40 h due 1-4
  weeks after release, half with a ``max_week_hours``, a fee and/or a pay
  rate), ``weekly`` of them weekly flexible gigs (2-10 h a week, or a range,
  over 4 weeks to the whole term) and the rest fixed gigs (weekly sessions
  between a start and an end date, a third with a dated one-off too).

Every gig time (sessions, windows, dated sessions) is on the half hour and
no gig runs past midnight, so that the time-indexed baseline's 30-minute
cells (:mod:`benchmarks.term_baseline`) describe exactly the problem stacker
solves; class times start on the half hour but keep their real lengths (a
cell a class touches is blocked for gigs in both models).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np

FIRST_MONDAY = dt.date(2027, 1, 11)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WINDOWS = (
    "Mon-Fri 09:00-17:00",
    "Mon-Fri 08:00-20:00",
    "Mon-Thu 18:00-22:00",
    "Sat,Sun 10:00-18:00",
    "Mon-Sat 08:00-20:00",
    "Tue,Thu 12:00-18:00",
)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span(start: int, length: int) -> str:
    return f"{_clock(start)}-{_clock(start + length)}"


def _money(rng: np.random.Generator, lo: float, hi: float) -> float:
    return round(float(rng.uniform(lo, hi)), 2)


def _relevance(rng: np.random.Generator) -> float:
    return round(int(rng.integers(0, 21)) * 0.05, 2)


def _timetable(rng: np.random.Generator, weeks: int, exam_week: int | None) -> list[dict[str, Any]]:
    """5-6 classes that do not clash, exams, maybe a lab and a volunteer shift."""
    busy = np.zeros(7 * 24 * 60, dtype=bool)
    out: list[dict[str, Any]] = []
    holiday = [(FIRST_MONDAY + dt.timedelta(days=7)).isoformat()] if weeks >= 2 else []
    courses = int(rng.integers(5, 7))
    while len(out) < courses:
        mwf = rng.random() < 0.5
        days, length = ((0, 2, 4), 50) if mwf else ((1, 3), 75)
        start = int(rng.integers(16, 33)) * 30
        minutes = [d * 1440 + m for d in days for m in range(start, start + length)]
        if busy[minutes].any():
            continue
        busy[minutes] = True
        name = f"COURSE {100 + 10 * len(out) + int(rng.integers(0, 10))}"
        out.append(
            {"id": name, "kind": "class", "sessions": [f"{','.join(DAYS[d] for d in days)} {_span(start, length)}"]}
            | ({"skip": holiday} if holiday else {})
        )
    classes = [c["id"] for c in out]
    lab = None
    if rng.random() < 0.5:
        day = int(rng.integers(0, 4))
        if not busy[day * 1440 + 18 * 60 : day * 1440 + 20 * 60].any():
            lab = day
            out.append({"id": "lab", "kind": "class", "sessions": [f"{DAYS[day]} 18:00-20:00"]})
    if weeks >= 4:  # midterms: evenings of the week before the middle, not on the lab's day
        middle = max(weeks // 2 - 1, 0)
        evenings = [d for d in range(5) if d != lab]
        for k, name in enumerate(classes[::2]):
            day = FIRST_MONDAY + dt.timedelta(days=7 * middle + evenings[k % len(evenings)])
            out.append({"id": f"{name} midterm", "kind": "class", "sessions": [f"{day.isoformat()} 19:00-21:00"]})
    if exam_week is not None:  # finals: one each, mornings and afternoons of the exam week
        for k, name in enumerate(classes):
            day = FIRST_MONDAY + dt.timedelta(days=7 * exam_week + k % 5)
            start = 9 * 60 if k < 5 else 14 * 60
            out.append({"id": f"{name} final", "kind": "class", "sessions": [f"{day.isoformat()} {_span(start, 180)}"]})
    if rng.random() < 0.5:
        out.append({"id": "food bank", "kind": "volunteer", "sessions": ["Sat 09:00-12:00"]})
    return out


def _dates(rng: np.random.Generator, weeks: int, least: int) -> tuple[dt.date, dt.date]:
    """A start and an end date: at least ``least`` weeks (or the term), starting on any weekday."""
    length = int(rng.integers(min(least, weeks), weeks + 1))
    first = int(rng.integers(0, weeks - length + 1))
    start = FIRST_MONDAY + dt.timedelta(days=7 * first + int(rng.integers(0, 3)))
    end = FIRST_MONDAY + dt.timedelta(days=7 * (first + length) - 1 - int(rng.integers(0, 3)))
    return start, max(end, start)


def _fixed(rng: np.random.Generator, k: int, weeks: int) -> dict[str, Any]:
    count = int(rng.integers(1, 4))
    days = sorted(rng.choice(7, size=count, replace=False).tolist())
    length = int(rng.integers(2, 9)) * 30
    start = int(rng.integers(14, 44 - length // 30 + 1)) * 30  # 07:00 .. so that it ends by 22:00
    start_date, end_date = _dates(rng, weeks, 3)
    sessions = [f"{','.join(DAYS[d] for d in days)} {_span(start, length)}"]
    if rng.random() < 1 / 3:
        day = FIRST_MONDAY + dt.timedelta(days=int(rng.integers(0, 7 * weeks)))
        sessions.append(f"{day.isoformat()} {_span(int(rng.integers(16, 36)) * 30, 120)}")
    gig: dict[str, Any] = {"id": f"shift-{k:04d}", "pay_rate": _money(rng, 12, 30), "relevance": _relevance(rng)}
    if rng.random() < 0.2:
        gig["mentor"] = True
    return gig | {"sessions": sessions, "start": start_date.isoformat(), "end": end_date.isoformat()}


def _weekly(rng: np.random.Generator, k: int, weeks: int) -> dict[str, Any]:
    gig: dict[str, Any] = {"id": f"weekly-{k:04d}", "pay_rate": _money(rng, 12, 28), "relevance": _relevance(rng)}
    if rng.random() < 0.2:
        gig["weekly_pay"] = float(int(rng.integers(2, 11)) * 10)
    if rng.random() < 0.2:
        gig["mentor"] = True
    block = int(rng.choice([60, 90, 120]))
    if rng.random() < 0.6:
        gig["hours"] = float(int(rng.integers(4, 21)) / 2)
    else:
        low = int(rng.integers(2, 9))
        gig["min_hours"], gig["max_hours"] = float(low), float(low + int(rng.integers(2, 7)))
    start_date, end_date = _dates(rng, weeks, 4)
    window = WINDOWS[int(rng.integers(0, len(WINDOWS)))]
    return gig | {"windows": [window], "min_block": block, "start": start_date.isoformat(), "end": end_date.isoformat()}


def _project(rng: np.random.Generator, k: int, weeks: int) -> dict[str, Any]:
    gig: dict[str, Any] = {"id": f"project-{k:04d}", "relevance": _relevance(rng)}
    paid = rng.random()
    if paid < 0.5:
        gig["fee"] = float(int(rng.integers(10, 101)) * 10)
    elif paid < 0.8:
        gig["pay_rate"] = _money(rng, 15, 35)
    else:
        gig["fee"] = float(int(rng.integers(5, 41)) * 10)
        gig["pay_rate"] = _money(rng, 12, 25)
    if rng.random() < 0.25:
        gig["mentor"] = True
    span = int(rng.integers(1, 5)) * 7  # due 1-4 weeks after release
    release = int(rng.integers(0, max(7 * weeks - span, 0) + 1))
    start = FIRST_MONDAY + dt.timedelta(days=release)
    due = min(start + dt.timedelta(days=span - 1), FIRST_MONDAY + dt.timedelta(days=7 * weeks - 1))
    gig["total_hours"] = float(int(rng.integers(5, 41)))
    if rng.random() < 0.5:
        gig["max_week_hours"] = float(int(rng.integers(8, 16)))
    window = WINDOWS[int(rng.integers(0, len(WINDOWS)))]
    block = int(rng.choice([60, 90, 120]))
    return gig | {"windows": [window], "min_block": block, "start": start.isoformat(), "due": due.isoformat()}


def generate_term(
    weeks: int, gigs: int, seed: int = 0, *, projects: float = 0.4, weekly: float = 0.3
) -> dict[str, Any]:
    """A realistic term of ``weeks`` weeks with ``gigs`` candidate gigs (see the module docstring), as JSON data."""
    if weeks < 1 or gigs < 0 or not 0 <= projects <= 1 or not 0 <= weekly <= 1 - projects:
        raise ValueError("need weeks >= 1, gigs >= 0 and shares with projects + weekly <= 1")
    rng = np.random.default_rng([seed, weeks, gigs])
    last = FIRST_MONDAY + dt.timedelta(days=7 * weeks - 1)
    breaks = []
    exam_week = weeks - 1 if weeks >= 3 else None
    if weeks >= 6:
        spring = weeks // 2
        monday = FIRST_MONDAY + dt.timedelta(days=7 * spring)
        breaks.append(
            {
                "name": "Spring break",
                "start": monday.isoformat(),
                "end": (monday + dt.timedelta(days=6)).isoformat(),
                "limits": {"max_work_hours": 40},
            }
        )
    if exam_week is not None:
        monday = FIRST_MONDAY + dt.timedelta(days=7 * exam_week)
        breaks.append(
            {
                "name": "Exam week",
                "start": monday.isoformat(),
                "end": last.isoformat(),
                "limits": {"max_work_hours": 10},
            }
        )
    n_projects = round(projects * gigs)
    n_weekly = round(weekly * gigs)
    kinds = ["project"] * n_projects + ["weekly"] * n_weekly + ["fixed"] * (gigs - n_projects - n_weekly)
    kinds = [kinds[k] for k in rng.permutation(len(kinds)).tolist()]
    makers = {"project": _project, "weekly": _weekly, "fixed": _fixed}
    return {
        "term": {
            "start": FIRST_MONDAY.isoformat(),
            "end": last.isoformat(),
            "timezone": "America/New_York",
            "breaks": breaks,
        },
        "limits": {"max_hours": 40, "max_work_hours": 20, "max_day_hours": 10},
        "commitments": _timetable(rng, weeks, exam_week),
        "gigs": [makers[kind](rng, k, weeks) for k, kind in enumerate(kinds)],
    }


def write_term(data: dict[str, Any], path: Path) -> Path:
    """Write a generated term as the JSON problem file users give ``stacker solve``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path
