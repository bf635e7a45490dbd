"""``Plan.to_ics`` (stacker/output/exports.py): the plan's blocks as a term of weekly events, read back with
``read_ics`` to the same blocks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from checker import assert_plan_is_feasible, parse_session

import stacker
from stacker import Commitment, Gig, Limits, Problem, ProblemError, read_ics


def intervals(commitments) -> set[tuple[str, int, int]]:
    """(id, start, end) of every session, parsed by the test checker's own parser."""
    return {(c.id, s, e) for c in commitments for text in c.sessions for s, e in parse_session(text)}


ROUND_TRIP = Problem(
    commitments=[
        Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"]),
        Commitment("Food bank", ["Sat 09:00-12:00"], kind="volunteer", counts_toward_cap=False),
    ],
    gigs=[
        Gig("tutor", title="Math tutor", pay_rate=22, relevance=0.9, mentor=True, sessions=["Tue,Thu 18:00-20:00"]),
        Gig("night", weekly_pay=150, relevance=0.1, sessions=["Sun 22:00-02:00"]),
        Gig("clash", pay_rate=30, sessions=["Mon 09:00-11:00"]),
        Gig(
            "social",
            title="Social media",
            pay_rate=18,
            relevance=0.6,
            hours=4,
            windows=["Mon-Fri 12:00-17:00"],
            min_block=120,
        ),
    ],
    limits=Limits(max_hours=40, max_work_hours=12),
)


@pytest.fixture(scope="module")
def plan() -> stacker.Plan:
    plan = stacker.solve(ROUND_TRIP)
    assert plan.status is stacker.Status.OPTIMAL
    assert_plan_is_feasible(ROUND_TRIP, plan)
    assert {"tutor", "night", "social"} <= set(plan.gig_ids) and "clash" not in plan.gig_ids
    return plan


def test_to_ics_round_trip_gives_the_plans_blocks(plan: stacker.Plan, tmp_path: Path) -> None:
    path = tmp_path / "week.ics"
    assert plan.to_ics(path, dt.date(2026, 9, 7), dt.date(2026, 12, 18)) is None
    blocks = {(b.id, b.start, b.end) for b in plan.blocks}
    assert {b.kind for b in plan.blocks} >= {"class", "volunteer", "gig"}
    for options in ({"week_of": dt.date(2026, 9, 7)}, {}, {"week_of": "2026-12-07"}):
        back = read_ics(path, notes=[], **options)
        assert intervals(back) == blocks, options
    last = intervals(read_ics(path, week_of="2026-12-14", notes=[]))  # the term ends on Friday 2026-12-18
    assert last == {(i, s, e) for i, s, e in blocks if s < 5 * 1440}
    assert read_ics(path, week_of="2026-12-21", notes=[]) == []  # after the term
    # a term starting on a Wednesday: Monday and Tuesday blocks begin the next week
    assert plan.to_ics(path, "2026-09-09", "2026-12-18") is None
    assert intervals(read_ics(path, week_of="2026-09-14", notes=[])) == blocks
    first = {(b.id, b.start) for b in plan.blocks if b.start // 1440 >= 2}
    assert {(c.id, s) for c in read_ics(path, week_of="2026-09-07", notes=[]) for _, s, _ in intervals([c])} == first


def test_to_ics_events(plan: stacker.Plan, tmp_path: Path) -> None:
    text = plan.to_ics(None, dt.date(2026, 9, 7), dt.datetime(2026, 12, 18, 12))
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.blocks)
    assert str(calendar["VERSION"]) == "2.0" and "stacker" in str(calendar["PRODID"])
    by_block = {(str(e["X-STACKER-ID"]), e.start.weekday(), e.start.strftime("%H:%M")): e for e in events}
    tutor = by_block[("tutor", 1, "18:00")]
    assert str(tutor["SUMMARY"]) == "Math tutor"  # the title, the id in X-STACKER-ID and the description
    assert tutor.start == dt.datetime(2026, 9, 8, 18, 0) and tutor.end == dt.datetime(2026, 9, 8, 20, 0)
    assert tutor["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20261218T235959"
    chosen = {g.id: g for g in plan.gigs}
    description = str(tutor["DESCRIPTION"])
    assert "Id: tutor" in description and f"Hours per week: {chosen['tutor'].hours:g}" in description
    assert f"Pay per week: {chosen['tutor'].pay:.2f}" in description and "Math tutor" in description
    night = by_block[("night", 6, "22:00")]
    assert str(night["SUMMARY"]) == "night"  # no title: the id
    assert night.start == dt.datetime(2026, 9, 13, 22) and night.end == dt.datetime(2026, 9, 14, 2)
    math = by_block[("MATH 201", 0, "09:00")]
    assert str(math["SUMMARY"]) == "MATH 201" and math["CATEGORIES"].cats == ["class"]
    assert math.start == dt.datetime(2026, 9, 7, 9)  # the first Monday on or after the term start
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    again = icalendar.Calendar.from_ical(plan.to_ics(None, "2026-09-07", "2026-12-18")).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == uids  # stable: re-importing updates instead of duplicating
    other_term = icalendar.Calendar.from_ical(plan.to_ics(None, "2027-01-11", "2027-05-07")).walk("VEVENT")
    assert not set(uids) & {str(e["UID"]) for e in other_term}


def test_to_ics_short_term_and_bad_terms(plan: stacker.Plan, tmp_path: Path) -> None:
    text = plan.to_ics(None, "2026-09-07", "2026-09-08")  # Monday and Tuesday only
    days = {e.start.date() for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    assert days == {dt.date(2026, 9, 7), dt.date(2026, 9, 8)}
    with pytest.raises(ProblemError, match="'term_end' parameter of to_ics must not be before term_start 2026-09-07"):
        plan.to_ics(tmp_path / "x.ics", "2026-09-07", "2026-09-01")
    with pytest.raises(ProblemError, match="'term_start' parameter of to_ics must be a date"):
        plan.to_ics(tmp_path / "x.ics", "7/9/2026", "2026-12-18")
    assert not (tmp_path / "x.ics").exists()


def test_to_ics_gigs_only_in_a_time_zone(plan: stacker.Plan, tmp_path: Path) -> None:
    import zoneinfo

    path = tmp_path / "week.ics"
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    plan.to_ics(path, dt.date(2026, 9, 7), dt.date(2026, 12, 18), commitments=False, tz=berlin)
    text = path.read_text()
    assert "BEGIN:VTIMEZONE" in text and "DTSTART;TZID=Europe/Berlin:" in text and "UNTIL=20261218T225959Z" in text
    gigs = {(b.id, b.start, b.end) for b in plan.blocks if b.kind == "gig"}
    for zone in ("Europe/Berlin", None):  # in its own zone, and as the file says (its TZID)
        back = read_ics(path, week_of="2026-11-02", tz=zone, notes=[])  # after the autumn clock change too
        assert intervals(back) == gigs
    moved = intervals(read_ics(path, week_of="2026-11-02", tz="America/New_York", notes=[]))
    assert {(i, s + 6 * 60, e + 6 * 60) for i, s, e in moved} == gigs  # the same instants, 6 hours apart
    with pytest.raises(ProblemError, match="'tz' parameter of to_ics must be a tzinfo or None"):
        plan.to_ics(None, dt.date(2026, 9, 7), dt.date(2026, 12, 18), tz="Europe/Berlin")
