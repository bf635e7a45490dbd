"""A seeded generator of realistic student weeks and gig pools.

``generate(n_gigs, flexible_share=0.0, seed=0)`` builds a problem around a
fixed class timetable (five classes and an evening lab, Monday to Friday) and
a Saturday volunteer shift, with limits max_hours 40, max_work_hours 20 and
max_day_hours 10. Gigs:

- fixed-session gigs: 1-3 weekly sessions of 1-5 hours starting between
  07:00 and 22:00 on the hour or half hour (some therefore past midnight);
- flexible gigs (``flexible_share`` of the pool): exact hours (2-15) or a
  range, in one of the typical windows (weekday office hours, weekday
  evenings, weekends, any time), min block 60 or 120 minutes, grid 30;
- pay 14-40 per hour in steps of 0.5 (a tenth of the gigs a flat weekly pay
  instead), relevance in steps of 0.05, a mentor for 30 %.

The same arguments always give the same problem. The draws are vectorized
(numpy, one call per field for the whole pool) and the problem is columnar
(:class:`stacker.GigTable`): ``problem.gigs`` makes the ``Gig``
objects on first use. (Before 2026-11-26 the generator drew gig by gig and
made every ``Gig`` at once: the same distributions, other instances.)
"""

from __future__ import annotations

import numpy as np

from stacker import Commitment, GigTable, Limits, Problem, Weights
from stacker.problem.week import DAYS

WINDOWS = (
    ("Mon-Fri 09:00-17:00",),
    ("Mon-Fri 18:00-22:00",),
    ("Sat-Sun 10:00-18:00",),
    ("Mon-Fri 09:00-17:00", "Sat 10:00-14:00"),
    (),
)

TIMETABLE = (
    Commitment("CS 101", ("Mon,Wed,Fri 09:00-09:50",)),
    Commitment("MATH 201", ("Mon,Wed,Fri 11:00-11:50",)),
    Commitment("STAT 210", ("Tue,Thu 10:00-11:15",)),
    Commitment("ECON 110", ("Tue,Thu 13:00-14:15",)),
    Commitment("WRIT 150", ("Mon,Wed 14:00-15:15",)),
    Commitment("CS 101 lab", ("Wed 18:00-20:00",)),
    Commitment("Food bank", ("Sat 09:00-12:00",), kind="volunteer"),
)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _sessions(rng: np.random.Generator, count: int) -> list[str]:
    """One session text per fixed gig: 1-3 days, a start from 07:00 to 22:00, 1-5 hours."""
    ndays = rng.integers(1, 4, count)
    picked = np.argsort(rng.random((count, 7)), axis=1) < ndays[:, None]  # a random set of ndays days
    days = picked @ (1 << np.arange(7))
    start = rng.integers(14, 45, count) * 30
    length = rng.integers(2, 11, count) * 30
    key = (days * 2000 + start) * 2000 + length
    unique, inverse = np.unique(key, return_inverse=True)
    texts = []
    for k in unique.tolist():
        mask, rest = divmod(k, 2000 * 2000)
        begin, minutes = divmod(rest, 2000)
        names = ",".join(DAYS[d] for d in range(7) if mask >> d & 1)
        texts.append(f"{names} {_clock(begin)}-{_clock((begin + minutes) % (24 * 60))}")
    return [texts[i] for i in inverse.reshape(-1).tolist()]


def _pay(rng: np.random.Generator, count: int) -> dict:
    """Pay 14-40 per hour in steps of 0.5, or (a tenth) a flat 50-390 a week; relevance; mentors."""
    relevance = np.round(rng.integers(0, 21, count) * 0.05, 2)
    mentor = rng.random(count) < 0.3
    flat = rng.random(count) < 0.1
    return {
        "relevance": relevance,
        "mentor": mentor,
        "weekly_pay": np.where(flat, rng.integers(5, 40, count) * 10.0, np.nan),
        "pay_rate": np.where(flat, np.nan, rng.integers(28, 81, count) / 2),
    }


def _flexible(rng: np.random.Generator, count: int) -> dict:
    """Windows, block, and exact hours (2-15) or a range for each flexible gig."""
    exact = rng.random(count) < 0.5
    low = rng.integers(2, 9, count)
    return {
        "windows": [WINDOWS[w] for w in rng.integers(len(WINDOWS), size=count).tolist()],
        "min_block": rng.choice([60, 120], size=count).tolist(),
        "grid": [30] * count,
        "hours": np.where(exact, rng.integers(2, 16, count), np.nan),
        "min_hours": np.where(exact, np.nan, low),
        "max_hours": np.where(exact, np.nan, low + rng.integers(2, 9, count)),
    }


def generate(n_gigs: int, flexible_share: float = 0.0, seed: int = 0) -> Problem:
    """A problem with ``n_gigs`` candidate gigs, ``flexible_share`` of them flexible (columnar)."""
    rng = np.random.default_rng(seed)
    flexible = rng.random(n_gigs) < flexible_share
    fixed_rows, flexible_rows = np.flatnonzero(~flexible), np.flatnonzero(flexible)
    columns: dict = {name: np.full(n_gigs, np.nan) for name in ("hours", "min_hours", "max_hours")}
    columns |= {
        "sessions": [None] * n_gigs,
        "windows": [None] * n_gigs,
        "min_block": [None] * n_gigs,
        "grid": [None] * n_gigs,
    }
    for row, text in zip(fixed_rows.tolist(), _sessions(rng, len(fixed_rows))):
        columns["sessions"][row] = text
    for name, values in _flexible(rng, len(flexible_rows)).items():
        if isinstance(columns[name], np.ndarray):
            columns[name][flexible_rows] = values
        else:
            for row, value in zip(flexible_rows.tolist(), values):
                columns[name][row] = value
    columns |= _pay(rng, n_gigs)
    gigs = GigTable.from_columns([f"g{i}" for i in range(n_gigs)], **columns)
    return Problem(
        commitments=TIMETABLE,
        gigs=gigs,
        limits=Limits(max_hours=40, max_work_hours=20, max_day_hours=10),
        weights=Weights(),
    )
