"""Hypothesis strategies of small terms (2-4 weeks, up to 8 gigs), every time on the hour.

Every time is a whole hour and every gig's grid is 60 minutes, so that the
time-indexed oracle (:mod:`term_oracle`, 60-minute cells) is exact. Rates
are whole cents (pay in whole units, relevance a multiple of 0.1).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from strategies import growth_and_conversion, weights

import stacker

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FIRST_MONDAY = dt.date(2027, 3, 1)
TIGHT_WINDOWS = (
    "Mon,Tue 09:00-13:00",
    "Tue,Wed 10:00-14:00",
    "Mon 09:00-12:00",
    "Wed 11:00-15:00",
)  # the US daylight-saving change (2027-03-14) falls inside most terms


@st.composite
def hour_span(draw, lo: int = 7, hi: int = 21, most: int = 4) -> tuple[int, int]:
    start = draw(st.integers(lo, hi - 1))
    return start, min(hi, start + draw(st.integers(1, most)))


def _text(days, span) -> str:
    return f"{','.join(days)} {span[0]:02d}:00-{span[1]:02d}:00"


@st.composite
def day_set(draw, most: int = 2) -> list[str]:
    return sorted(draw(st.sets(st.sampled_from(DAYS), min_size=1, max_size=most)), key=DAYS.index)


@st.composite
def term_problems(draw, *, max_gigs: int = 6, weeks: tuple[int, int] = (2, 4), tight: bool = False):
    """A small term; ``tight``: gigs share a few narrow windows under a daily cap, so placements often fail."""
    n_weeks = draw(st.integers(*weeks))
    start = FIRST_MONDAY + dt.timedelta(days=draw(st.integers(0, 3)))
    end = FIRST_MONDAY + dt.timedelta(days=7 * n_weeks - 1 - draw(st.integers(0, 3)))
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    breaks = []
    if draw(st.booleans()):
        first = draw(st.integers(0, len(days) - 1))
        last = min(len(days) - 1, first + draw(st.integers(0, 8)))
        limits = draw(st.sampled_from([{}, {"max_work_hours": None}, {"max_work_hours": 30}, {"max_day_hours": 3}]))
        breaks.append(stacker.Break("break", days[first], days[last], limits))
    term = stacker.Term(start, end, timezone="America/New_York", breaks=breaks)

    def some_dates(k: int) -> list[dt.date]:
        return draw(st.lists(st.sampled_from(days), max_size=k, unique=True))

    commitments = []
    for i in range(draw(st.integers(0, 2))):
        sessions = [_text(draw(day_set()), draw(hour_span(most=2)))]
        if draw(st.booleans()):
            span = draw(hour_span(most=2))
            sessions.append(f"{draw(st.sampled_from(days))} {span[0]:02d}:00-{span[1]:02d}:00")
        kind = draw(st.sampled_from(["class", "volunteer"]))
        commitments.append(stacker.Commitment(
            f"c{i}", sessions, kind=kind, skip=some_dates(1),
            counts_toward_work=kind == "volunteer" and draw(st.booleans()),
        ))  # fmt: skip
    gigs = []
    for i in range(draw(st.integers(1, max_gigs))):
        pay = {"pay_rate": draw(st.integers(0, 30)), "relevance": draw(st.integers(0, 10)) / 10,
               "mentor": draw(st.booleans()), **draw(growth_and_conversion())}  # fmt: skip
        kind = draw(st.sampled_from(["fixed", "weekly", "project"]))
        windows = [_text(draw(day_set()), draw(hour_span(most=5)))]
        if tight:
            windows = [draw(st.sampled_from(TIGHT_WINDOWS))]
        if kind == "fixed":
            sessions = [_text(draw(day_set()), draw(hour_span(most=3)))]
            if draw(st.booleans()):
                span = draw(hour_span(most=3))
                sessions.append(f"{draw(st.sampled_from(days))} {span[0]:02d}:00-{span[1]:02d}:00")
            bounds = sorted(some_dates(2))
            when = {"start": bounds[0], "end": bounds[-1]} if len(bounds) == 2 else {}
            gigs.append(
                stacker.Gig(f"g{i}", sessions=sessions, weekly_pay=draw(st.sampled_from([None, 10])), **pay, **when)
            )
        elif kind == "weekly":
            block = draw(st.sampled_from([60, 120]))
            lo = draw(st.integers(block // 60, 3))
            hours = (
                {"hours": lo} if draw(st.booleans()) else {"min_hours": lo, "max_hours": lo + draw(st.integers(0, 3))}
            )
            gigs.append(stacker.Gig(
                f"g{i}", windows=windows, min_block=block, grid=60, skip=some_dates(1),
                in_breaks=draw(st.sampled_from([None, False])), **hours, **pay,
            ))  # fmt: skip
        else:
            at = draw(st.integers(0, len(days) - 1))
            release, due = days[at], days[min(len(days) - 1, at + draw(st.integers(0, 13)))]
            windows = [_text(draw(day_set(most=3)), draw(hour_span(most=6)))] if not tight else windows
            gigs.append(stacker.Gig(
                f"g{i}", windows=windows, total_hours=draw(st.integers(2, 6)), fee=draw(st.sampled_from([None, 50, 200])),
                start=release, due=due, max_week_hours=draw(st.sampled_from([None, 3, 5])),
                min_block=draw(st.sampled_from([60, 120])), grid=60, **pay,
            ))  # fmt: skip
    limits = stacker.Limits(
        max_hours=draw(st.sampled_from([40, 15])),
        max_work_hours=draw(st.sampled_from([None, 6, 10])),
        max_day_hours=draw(st.sampled_from([3, 4] if tight else [None, 4])),
        max_fortnight_work_hours=draw(st.sampled_from([None, 12])),
    )
    return stacker.Problem(commitments, gigs, limits, draw(weights()), term=term)
