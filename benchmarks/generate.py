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

The same arguments always give the same problem.
"""

from __future__ import annotations

import numpy as np

from stacker import Commitment, Gig, Limits, Problem, Weights
from stacker.week import DAYS

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


def _fixed_gig(rng: np.random.Generator, gig_id: str) -> Gig:
    days = sorted(rng.choice(7, size=int(rng.integers(1, 4)), replace=False))
    start = int(rng.integers(14, 45)) * 30  # 07:00 .. 22:00
    length = int(rng.integers(2, 11)) * 30  # 1 .. 5 hours
    end = (start + length) % (24 * 60)
    session = f"{','.join(DAYS[d] for d in days)} {_clock(start)}-{_clock(end)}"
    return Gig(gig_id, sessions=(session,), **_pay(rng))


def _flexible_gig(rng: np.random.Generator, gig_id: str) -> Gig:
    windows = WINDOWS[int(rng.integers(len(WINDOWS)))]
    block = int(rng.choice([60, 120]))
    if rng.random() < 0.5:
        hours = {"hours": float(rng.integers(2, 16))}
    else:
        low = int(rng.integers(2, 9))
        hours = {"min_hours": float(low), "max_hours": float(low + rng.integers(2, 9))}
    return Gig(gig_id, windows=windows, min_block=block, grid=30, **hours, **_pay(rng))


def _pay(rng: np.random.Generator) -> dict:
    pay = {"relevance": round(float(rng.integers(0, 21)) * 0.05, 2), "mentor": bool(rng.random() < 0.3)}
    if rng.random() < 0.1:
        pay["weekly_pay"] = float(rng.integers(5, 40) * 10)
    else:
        pay["pay_rate"] = float(rng.integers(28, 81)) / 2
    return pay


def generate(n_gigs: int, flexible_share: float = 0.0, seed: int = 0) -> Problem:
    """A problem with ``n_gigs`` candidate gigs, ``flexible_share`` of them flexible."""
    rng = np.random.default_rng(seed)
    flexible = rng.random(n_gigs) < flexible_share
    gigs = tuple(
        _flexible_gig(rng, f"g{i}") if flex else _fixed_gig(rng, f"g{i}") for i, flex in enumerate(flexible)
    )
    return Problem(
        commitments=TIMETABLE,
        gigs=gigs,
        limits=Limits(max_hours=40, max_work_hours=20, max_day_hours=10),
        weights=Weights(),
    )
