"""A term plan's outputs: the .ics (parsed back and expanded), the term picture, one week's picture and grid, the CLI.

Two plans, each checked by the independent checker: the issue's example (a
spring break, DST on 2027-03-14) and a short term in America/New_York across
the same DST change with blocks past midnight (a Saturday night gig into
Sunday, a Sunday night shift into the next week's Monday) and a project.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from term_checker import assert_term_plan_is_feasible

import stacker
from stacker import Break, Commitment, Gig, Limits, Problem, ProblemError, Term
from stacker.cli import _grid_width, main
from stacker.output.term_text import term_summary

HERE = Path(__file__).parent
PNG = b"\x89PNG\r\n\x1a\n"
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def dst_problem(timezone: str | None = "America/New_York") -> Problem:
    """Three weeks around the spring-forward night (2027-03-14), a break week in the middle."""
    term = Term("2027-03-01", "2027-03-21", timezone=timezone,
                breaks=[Break("Spring break", "2027-03-08", "2027-03-14", limits={"max_work_hours": 40})])  # fmt: skip
    return Problem(
        commitments=[
            Commitment("MATH 201", ["Mon,Wed 09:00-09:50"]),
            Commitment("night shift", ["Sun 23:00-01:00"], kind="volunteer"),  # past Sunday midnight
            Commitment("exam", ["2027-03-14 10:00-12:00"]),  # a dated one, on the day the clocks change
        ],
        gigs=[
            Gig("bar", pay_rate=15, sessions=["Sat 22:00-02:00"]),  # past midnight, every week
            Gig("lab", pay_rate=18, hours=6, windows=["Mon-Fri 13:00-17:00"], min_block=120),
            Gig(
                "report",
                title="Market report",
                fee=200,
                total_hours=8,
                max_week_hours=5,
                due="2027-03-17",
                windows=["Mon-Fri 18:00-21:00"],
                relevance=0.5,
            ),
        ],
        limits=Limits(max_work_hours=20, max_hours=60),
        term=term,
    )


@pytest.fixture(scope="module")
def issue():
    problem = stacker.load(HERE / "issue_term.json")
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    return plan


@pytest.fixture(scope="module")
def dst():
    problem = dst_problem()
    plan = stacker.solve(problem)
    assert plan.status.value == "optimal"
    assert_term_plan_is_feasible(problem, plan)
    assert {g.id for g in plan.gigs} == {"bar", "lab", "report"}
    return plan


def expected_events(plan, *, zone=NEW_YORK, commitments=True):
    """``(id, kind, start, end)`` of each block, as local times in ``zone`` (None: floating)."""
    out = []
    for b in plan.blocks:
        if commitments or b.kind == "gig":
            start = dt.datetime.combine(b.date, dt.time.fromisoformat(b.start))
            end = start + dt.timedelta(minutes=b.minutes[1] - b.minutes[0])
            out.append((b.id, b.kind, start.replace(tzinfo=zone), end.replace(tzinfo=zone)))
    return sorted(out, key=lambda e: (e[2].replace(tzinfo=None), e[0]))


def expanded(text: str):
    """The events of an iCalendar text, recurrences expanded (by recurring_ical_events, not stacker)."""
    calendar = icalendar.Calendar.from_ical(text)
    events = recurring_ical_events.of(calendar).between(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1))
    out = [(str(e["X-STACKER-ID"]), e["CATEGORIES"].cats[0], e.start, e.end) for e in events]
    return calendar, sorted(out, key=lambda e: (e[2].replace(tzinfo=None), e[0]))


def _same(got, want):
    """Equal as wall-clock times and zones (an aware datetime compares as an instant, a zone name does not)."""
    assert [(i, k, s.replace(tzinfo=None), e.replace(tzinfo=None)) for i, k, s, e in got] == [
        (i, k, s.replace(tzinfo=None), e.replace(tzinfo=None)) for i, k, s, e in want
    ]
    assert {str(s.tzinfo) for _, _, s, _ in got} | {str(e.tzinfo) for _, _, _, e in got} == {
        str(s.tzinfo) for _, _, s, _ in want
    }


# --- to_ics ----------------------------------------------------------------------------------------------------


def test_the_ics_events_are_the_blocks_across_dst_and_midnight(dst, tmp_path):
    assert dst.to_ics(tmp_path / "term.ics") is None
    text = (tmp_path / "term.ics").read_bytes().decode("utf-8")
    assert _unstamped(text) == _unstamped(dst.to_ics())  # the same, written or returned
    calendar, events = expanded(text)
    _same(events, expected_events(dst))
    assert "BEGIN:VTIMEZONE" in text and "TZID:America/New_York" in text
    by_id = {}
    for ident, _, start, end in events:
        by_id.setdefault(ident, []).append((start, end))
    # a 09:00 class stays at 09:00 local across the clock change (2027-03-14), 50 minutes long
    assert [(s.date(), s.time(), e - s) for s, e in by_id["MATH 201"]] == [
        (dt.date(2027, 3, d), dt.time(9), dt.timedelta(minutes=50)) for d in (1, 3, 15, 17)
    ]  # not in the break week
    assert by_id["MATH 201"][0][0].utcoffset() == dt.timedelta(hours=-5)
    assert by_id["MATH 201"][-1][0].utcoffset() == dt.timedelta(hours=-4)
    # past midnight: ends on the next date (Saturday night into Sunday, Sunday night into the next Monday)
    assert [(s.date(), e.date(), e.time()) for s, e in by_id["bar"]] == [
        (dt.date(2027, 3, d), dt.date(2027, 3, d + 1), dt.time(2)) for d in (6, 13, 20)
    ]
    assert [(s.date(), e.date()) for s, e in by_id["night shift"]] == [
        (dt.date(2027, 3, d), dt.date(2027, 3, d + 1)) for d in (7, 14, 21)
    ]
    assert by_id["exam"] == [
        (dt.datetime(2027, 3, 14, 10, tzinfo=NEW_YORK), dt.datetime(2027, 3, 14, 12, tzinfo=NEW_YORK))
    ]
    raw = calendar.walk("VEVENT")
    math = [e for e in raw if str(e["X-STACKER-ID"]) == "MATH 201"]
    assert len(math) == 2 and all("RRULE" in e for e in math)  # Mondays and Wednesdays: two weekly series
    skipped = {d.dt.date() for e in math for d in e["EXDATE"].dts}
    assert skipped == {dt.date(2027, 3, 8), dt.date(2027, 3, 10)}  # the break week


def test_the_ics_summaries_uids_and_stamps(dst):
    text = dst.to_ics()
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    again = icalendar.Calendar.from_ical(dst.to_ics()).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == uids  # stable: importing again updates, does not duplicate
    summaries = {str(e["X-STACKER-ID"]): str(e["SUMMARY"]) for e in events}
    assert summaries["report"] == "Market report" and summaries["bar"] == "bar" and summaries["exam"] == "exam"
    report = next(e for e in events if str(e["X-STACKER-ID"]) == "report")
    assert "Due: 2027-03-17" in str(report["DESCRIPTION"]) and report["CATEGORIES"].cats == ["gig"]
    assert all(e["DTSTAMP"].dt.tzinfo is not None for e in events)
    gigs_only = dst.to_ics(commitments=False)
    _same(expanded(gigs_only)[1], expected_events(dst, commitments=False))


def test_a_term_without_a_time_zone_writes_floating_times():
    problem = dst_problem(timezone=None)
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    text = plan.to_ics()
    assert "TZID" not in text and "VTIMEZONE" not in text
    _, events = expanded(text)
    assert events == expected_events(plan, zone=None)


def test_the_issue_plan_as_ics(issue):
    _, events = expanded(issue.to_ics())
    _same(events, expected_events(issue))
    assert len(icalendar.Calendar.from_ical(issue.to_ics()).walk("VEVENT")) < len(issue.blocks) / 5  # weekly series


def _unstamped(text: str) -> str:
    """The text without its DTSTAMP lines (the time of writing)."""
    return re.sub(r"^DTSTAMP:.*$", "", text, flags=re.M)


def test_an_infeasible_term_writes_an_empty_calendar_and_says_why_in_its_pictures():
    problem = Problem(
        commitments=[Commitment("A", ["Mon 09:00-12:00"])],
        gigs=[Gig("big", fee=100, total_hours=50, max_week_hours=10, windows=["Mon-Fri 13:00-17:00"])],
        require=["big"],
        term=Term("2027-03-01", "2027-03-14"),
    )  # 50 h at most 10 a week cannot fit in two weeks: no plan to check
    plan = stacker.solve(problem)
    assert plan.status.value == "infeasible" and "cannot be finished by 2027-03-14" in plan.reasons[0]
    calendar = icalendar.Calendar.from_ical(plan.to_ics())
    assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"
    assert "Why: required gig 'big' cannot be taken" in plan.plot().axes[0].get_title(loc="left")
    assert not _gids(plan.plot().axes[0], "big|")
    assert "(nothing scheduled)" in stacker.render.week_grid(plan.weeks[0])
    assert plan.weeks[1].plot().axes[0].get_title(loc="left").startswith("Week of 2027-03-08: infeasible")


# --- the term picture ------------------------------------------------------------------------------------------


def _gids(ax, prefix):
    return [a for a in [*ax.patches, *ax.lines, *ax.collections] if (a.get_gid() or "").startswith(prefix)]


def test_the_term_picture(dst, tmp_path):
    fig = dst.plot()
    ax = fig.axes[0]
    segments = {
        p.get_gid(): p
        for p in ax.patches
        if "|" in (p.get_gid() or "") and not p.get_gid().startswith(("commitments", "break"))
    }
    assert set(segments) == {f"{g.id}|{monday}" for g in dst.gigs for monday in g.weeks}  # one per gig-week
    for g in dst.gigs:
        for monday, hours in g.weeks.items():
            assert segments[f"{g.id}|{monday}"].get_height() == pytest.approx(hours)
    for i, week in enumerate(dst.weeks):  # each bar: the week's hours, commitments on top
        mine = [
            p
            for p in ax.patches
            if (p.get_gid() or "").endswith(f"|{week.start}") and not p.get_gid().startswith("break")
        ]
        assert sum(p.get_height() for p in mine) == pytest.approx(week.hours)
        assert all(p.get_x() + p.get_width() / 2 == pytest.approx(i) for p in mine)
    (work,) = _gids(ax, "cap:max_work_hours")
    assert list(work.get_data().values) == [20, 40, 20]  # the break week's cap
    (total,) = _gids(ax, "cap:max_hours")
    assert list(total.get_data().values) == [60, 60, 60]
    shaded = _gids(ax, "break|")
    assert [p.get_gid() for p in shaded] == ["break|2027-03-08"]
    (due,) = _gids(ax, "due:")
    assert due.get_gid() == "due:report" and due.get_xdata()[0] == pytest.approx(2 + 3 / 7 - 0.5)  # end of Wed 03-17
    fig.savefig(tmp_path / "term.png")
    assert (tmp_path / "term.png").read_bytes().startswith(PNG)


def test_a_lifted_cap_has_no_line_in_its_week():
    problem = dst_problem().replace(term=Term("2027-03-01", "2027-03-21", breaks=[
        Break("Spring break", "2027-03-08", "2027-03-14", limits={"max_work_hours": None})]))  # fmt: skip
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    (work,) = _gids(plan.plot().axes[0], "cap:max_work_hours")
    values = list(work.get_data().values)
    assert values[0] == values[2] == 20 and values[1] != values[1]  # NaN: no cap that week


# --- one week ---------------------------------------------------------------------------------------------------


def test_a_week_plots_as_the_week_picture(dst):
    week = dst.weeks[0]
    fig = week.plot()
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Week of 2027-03-01: optimal")
    rects = [p.get_gid() for p in ax.patches if p.get_gid()]
    # one rectangle per block, two for a block past midnight (the night shift goes on into Monday's column)
    assert sorted(rects) == sorted([b.id for b in week.blocks] + ["bar", "night shift"])
    plan = week.as_plan()
    assert [(b.id, b.start, b.end) for b in plan.blocks] == [
        (b.id, b.minutes[0], b.minutes[1]) for b in week.blocks
    ]  # the first week starts at minute 0
    night = next(b for b in plan.blocks if b.id == "night shift")
    assert (night.start, night.end) == (6 * 1440 + 23 * 60, 7 * 1440 + 60)  # past Sunday midnight, in its start week
    assert plan.totals.hours == pytest.approx(week.hours) and plan.totals.pay == pytest.approx(week.pay)
    assert plan.problem.limits.max_work_hours == 20 and dst.weeks[1].as_plan().problem.limits.max_work_hours == 40
    assert sum(w.as_plan().totals.value for w in dst.weeks) == pytest.approx(dst.objective)
    assert stacker.output.plot_plan(week).axes[0].patches  # the week picture takes a term's week too


def test_the_week_grid_of_a_term_week(dst):
    later = dst.week("2027-03-17")
    assert later is dst.weeks[2]
    grid = stacker.render.week_grid(later)
    assert grid == stacker.render.week_grid(later.as_plan())
    assert grid.startswith("Week grid") and "#MATH 201" in grid and "~night sh" in grid
    with pytest.raises(ProblemError, match=r"week_grid shows one week.*plan.weeks\[i\] or plan.week\('2027-03-01'\)"):
        stacker.render.week_grid(dst)
    with pytest.raises(ProblemError, match="plot_plan shows one week"):
        stacker.output.plot_plan(dst)
    assert stacker.render.summary(dst) == term_summary(dst)
    assert "Chosen gigs (3)" in stacker.render.summary(later)
    with pytest.raises(ProblemError, match=r"week: 2027-03-22 is not in the term .*Sunday 2027-03-21"):
        dst.week("2027-03-22")
    with pytest.raises(ProblemError, match="week: must be a date"):
        dst.week("March 3")


# --- the command line -------------------------------------------------------------------------------------------


def test_cli_week(issue, capsys):
    assert main(["solve", str(HERE / "issue_term.json"), "--week", "2027-03-03"]) == 0
    out = capsys.readouterr().out
    week = issue.week("2027-03-01")
    assert out.startswith(
        "Week of 2027-03-01 to 2027-03-07: hours 21.50, work hours 14.00, pay 268.00; caps: max_hours 40, "
        "max_work_hours 20, max_day_hours 10\ngigs: tutor 4 h, social 10 h\n\n"
    )
    assert out.endswith("\n\n" + stacker.render.week_grid(week, width=_grid_width(week.as_plan())))
    assert "*tutor" in out and "status:" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--week", "2027-06-01"],
            "stacker: error: --week: 2027-06-01 is not in the term (from 2027-01-11 to 2027-05-09",
        ),
        (["--week", "2027-13-01"], "argument --week"),
        (["--week", "2027-03-01", "--json"], "argument --week: not allowed with argument --json"),
        (["--ics", "x.ics", "--term-start", "2027-01-11"], "--term-start/--term-end: a problem with a term"),
    ],
)
def test_cli_week_errors(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["solve", str(HERE / "issue_term.json"), *argv])
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code
    err = capsys.readouterr().err
    assert code in (1, 2) and message in err and "Traceback" not in err
    assert not (tmp_path / "x.ics").exists()


def test_cli_week_on_a_week_problem(capsys):
    root = Path(__file__).resolve().parents[2]
    assert main(["solve", str(root / "examples" / "week.json"), "--week", "2027-03-01"]) == 1
    assert "--week: only for a problem with a term" in capsys.readouterr().err


def test_cli_ics_and_png(issue, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    argv = ["solve", str(HERE / "issue_term.json"), "--ics", str(out / "t.ics"), "--png", str(out / "t.png")]
    assert main([*argv, "--ics-commitments"]) == 0
    assert capsys.readouterr().out.startswith("status: optimal")
    _same(expanded((out / "t.ics").read_text())[1], expected_events(issue))  # the checked plan, in the file
    assert (out / "t.png").read_bytes().startswith(PNG)
    assert main(["solve", str(HERE / "issue_term.json"), "-q", "--ics", str(out / "g.ics")]) == 0
    _same(expanded((out / "g.ics").read_text())[1], expected_events(issue, commitments=False))  # gigs by default
    argv = ["solve", str(HERE / "issue_term.json"), "-q", "--week", "2027-03-01", "--png", str(out / "w.svg")]
    assert main(argv) == 0
    assert capsys.readouterr().out == ""
    assert "Week of 2027-03-01" in (out / "w.svg").read_text()  # the week's picture (its title)
    assert sorted(p.name for p in out.iterdir()) == ["g.ics", "t.ics", "t.png", "w.svg"]
